/*
 * test_alloc.c - allocation failure: fail the n-th allocation for
 * n = 1, 2, ... over engine_new + lint + write until a run needs no more
 * allocations than n.  Every run must end in success or a clean
 * MTL_ENOMEM (never another error, never a crash); ASan reports leaks.
 */
#include "testutil.h"
#include "mtlint.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>

static const char article[] =
    "\xEF\xBB\xBF(Written through Ana Lopes) The the minister held a push meeting in Kiev.\r\n"
    "\r\n"
    "Officials in latvia said the goverment would act (soon. \xFF\r\n";

static int sink(void *ctx, const char *data, size_t len) {
  (void)data;
  *(size_t *)ctx += len;
  return 0;
}

typedef struct outcome {
  int engine_rc, lint_rc, write_rc;
  size_t findings;
} outcome;

/* One run with the n-th allocation failing (0: none). */
static outcome one_run(const mtl_options *o, long n) {
  outcome out = {0, 0, 0, 0};
  mtl_engine *eng = NULL;
  mtl_result *res = NULL;
  mtl_writer *w = NULL;
  mtl_error e;
  const char *const *fmt;
  memset(&e, 0, sizeof e);
  mtl_test_fail_alloc_after(n);
  out.engine_rc = mtl_engine_new(&eng, o, &e);
  if (out.engine_rc) {
    if (out.engine_rc != MTL_ENOMEM || e.code != MTL_ENOMEM || eng)
      fail_msg("fail_alloc_after(%ld): engine_new returned %d (%s), err.code %d: %s:%zu:%zu: "
               "%s",
               n, out.engine_rc, mtl_strerror(out.engine_rc), e.code, e.file, e.line,
               e.column, e.message);
    goto done;
  }
  out.lint_rc = mtl_lint(&res, eng, article, sizeof article - 1, &e);
  if (out.lint_rc) {
    if (out.lint_rc != MTL_ENOMEM || res)
      fail_msg("fail_alloc_after(%ld): lint returned %d", n, out.lint_rc);
    goto done;
  }
  out.findings = mtl_result_count(res);
  for (fmt = mtl_writer_formats(); *fmt && !out.write_rc; fmt++) {
    size_t total = 0;
    out.write_rc = mtl_writer_new(&w, *fmt, sink, &total, 0);
    if (!out.write_rc)
      out.write_rc = mtl_writer_file(w, "a.md", article, sizeof article - 1, res);
    if (!out.write_rc)
      out.write_rc = mtl_writer_finish(w);
    mtl_writer_free(w);
    w = NULL;
  }
  if (out.write_rc && out.write_rc != MTL_ENOMEM)
    fail_msg("fail_alloc_after(%ld): writer returned %d", n, out.write_rc);
done:
  mtl_test_fail_alloc_after(0);
  mtl_result_free(res);
  mtl_engine_free(eng);
  return out;
}

static void sweep(const char *rules, int builtin, long dense, long stride) {
  mtl_options *o;
  outcome clean, r;
  long n, failures = 0, ok_in_row, at_engine = 0, at_lint = 0, at_write = 0;
  assert_int_equal(mtl_options_new(&o), 0);
  mtl_options_use_builtin_rules(o, builtin);
  assert_int_equal(mtl_options_set_datadir(o, MTL_TEST_SRCDIR), 0);
  if (rules)
    assert_int_equal(mtl_options_add_rules(o, rules), 0);
  clean = one_run(o, 0);
  assert_int_equal(clean.engine_rc, 0);
  assert_int_equal(clean.lint_rc, 0);
  assert_int_equal(clean.write_rc, 0);
  assert_true(clean.findings > 0);
  /* Past the last allocation every run succeeds: stop after 25 successes in
     a row.  A success before that means a failed allocation was absorbed,
     which is fine as long as the answer does not change. */
  for (n = 1, ok_in_row = 0; ok_in_row < (stride > 1 ? 8 : 25); n += (n < dense ? 1 : stride)) {
    r = one_run(o, n);
    if (!r.engine_rc && !r.lint_rc && !r.write_rc) {
      if (r.findings != clean.findings)
        fail_msg("fail_alloc_after(%ld): %zu findings, %zu without failure", n, r.findings,
                 clean.findings);
      ok_in_row++;
      continue;
    }
    ok_in_row = 0;
    failures++;
    at_engine += r.engine_rc != 0;
    at_lint += !r.engine_rc && r.lint_rc != 0;
    at_write += !r.engine_rc && !r.lint_rc;
    if (n > 5000000)
      fail_msg("no end to allocations");
  }
  print_message("%s: %ld failing runs (engine %ld, lint %ld, write %ld), all clean\n",
                rules ? rules : "built-in", failures, at_engine, at_lint, at_write);
  /* the sweep must reach every stage (a strided one may step over some) */
  assert_true(at_engine > 0);
  if (stride == 1) {
    assert_true(at_lint > 0);
    assert_true(at_write > 0);
  }
  mtl_options_free(o);
}

/* Every allocation of a run without spelling (Hunspell's dictionary load
   makes each run slow, so the sweeps with spelling take strides). */
static void alloc_fail_every_allocation(void **state) {
  (void)state;
  sweep(MTL_TEST_DATA "/nospell.yaml", 0, 1000000, 1);
}

static void alloc_fail_each_kind(void **state) {
  (void)state;
  sweep(MTL_TEST_DATA "/kinds.yaml", 0, 60, 13);
}

static void alloc_fail_builtin(void **state) {
  const char *stride = getenv("MTL_ALLOC_STRIDE");
  (void)state;
  sweep(NULL, 1, 60, stride ? atol(stride) : 211);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(alloc_fail_every_allocation),
      cmocka_unit_test(alloc_fail_each_kind),
      cmocka_unit_test(alloc_fail_builtin),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
