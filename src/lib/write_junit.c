/*
 * write_junit.c - JUnit XML for CI test reports: one <testsuite
 * name="mtlint">, one <testcase> per input (name = path, or path#item),
 * which holds a <failure> listing its findings at or above the fail-on
 * severity (mtl_writer_set_fail_on) as "path:line:col: severity: message
 * [rule]" lines, a <system-out> listing the others, or an <error> when the
 * input could not be read.  The counts go in the suite's
 * attributes, so test cases are held until mtl_writer_finish.
 */
#include "mtlint.h"
#include "util.h"
#include "write_ci.h"
#include "write_json_common.h"
#include "writer.h"

#include <string.h>

typedef struct state {
  mtl_ci_head head;
  mtl_buf cases;
  size_t tests, failures, errors;
} state;

/* The held test cases are freed as soon as writing fails, as no
 * mtl_writer_finish may follow (mtl_writer_free cannot see them). */
static int held_ok(state *st) {
  if (!st->cases.oom)
    return 0;
  mtl_buf_free(&st->cases);
  return MTL_ENOMEM;
}

static void attr(mtl_buf *b, const char *name, const char *v) {
  mtl_buf_printf(b, " %s=\"", name);
  mtl_ci_xml(b, v, strlen(v));
  mtl_buf_putc(b, '"');
}

static void case_open(mtl_buf *b, const char *path, const char *item) {
  mtl_buf_puts(b, "<testcase classname=\"mtlint\"");
  if (item) {
    mtl_buf s = {0};
    mtl_buf_printf(&s, "%s#%s", path, item);
    attr(b, "name", s.data ? s.data : path);
    mtl_buf_free(&s);
  } else {
    attr(b, "name", path);
  }
  attr(b, "file", path);
  mtl_buf_putc(b, '>');
}

/* One finding as a line of the text format. */
static void finding_line(mtl_buf *b, const mtl_input_info *in, const mtl_finding *f) {
  mtl_buf_printf(b, "%s", in->path);
  if (in->item)
    mtl_buf_printf(b, "#%s", in->item);
  mtl_buf_printf(b, ":%zu:%zu: %s: %s [%s]\n", f->start.line, f->start.column,
                 mtl_severity_name(f->severity), f->message, f->rule);
}

/* A test case fails for its findings at or above fail_on (the exit status
 * follows the same level), listed in <failure>; the findings below it, and
 * all of a passing case's, are listed in <system-out>. */
static int ju_file(mtl_writer *w, const mtl_input_info *in, const char *text, size_t len,
                   const mtl_result *res) {
  state *st = w->state;
  mtl_buf *b = &st->cases, failing = {0}, other = {0};
  size_t i, n = mtl_result_count(res), by[4] = {0}, nfail = 0;
  (void)text;
  (void)len;
  st->tests++;
  case_open(b, in->path, in->item);
  for (i = 0; i < n; i++) {
    const mtl_finding *f = mtl_result_finding(res, i);
    int fails = (int)f->severity >= w->fail_on;
    if (fails) {
      nfail++;
      if ((int)f->severity >= 1 && (int)f->severity <= 3)
        by[f->severity]++;
    }
    finding_line(fails ? &failing : &other, in, f);
  }
  if (nfail) {
    const char *worst = by[MTL_SEV_ERROR] ? "error" : by[MTL_SEV_WARNING] ? "warning" : "info";
    st->failures++;
    mtl_buf_printf(b, "<failure type=\"%s\" message=\"%zu findings (%zu errors, %zu warnings, "
                      "%zu info)\">",
                   worst, nfail, by[MTL_SEV_ERROR], by[MTL_SEV_WARNING], by[MTL_SEV_INFO]);
    mtl_ci_xml_text(b, failing.data ? failing.data : "", failing.len);
    mtl_buf_puts(b, "</failure>");
  }
  if (other.len) {
    mtl_buf_puts(b, "<system-out>");
    mtl_ci_xml_text(b, other.data, other.len);
    mtl_buf_puts(b, "</system-out>");
  }
  if (failing.oom || other.oom)
    b->oom = 1;
  mtl_buf_free(&failing);
  mtl_buf_free(&other);
  mtl_buf_puts(b, "</testcase>\n");
  return held_ok(st);
}

static int ju_error(mtl_writer *w, const mtl_error *err) {
  state *st = w->state;
  mtl_buf *b = &st->cases;
  st->tests++;
  st->errors++;
  case_open(b, err->file[0] ? err->file : "mtlint", NULL);
  mtl_buf_printf(b, "<error type=\"%s\"", mtl_error_code_name(err->code));
  attr(b, "message", err->message);
  mtl_buf_puts(b, "/></testcase>\n");
  return held_ok(st);
}

static int ju_finish(mtl_writer *w) {
  state *st = w->state;
  mtl_buf *b = &w->out;
  mtl_buf_printf(b,
                 "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                 "<testsuites name=\"mtlint\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\">\n"
                 "<testsuite name=\"mtlint\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" "
                 "skipped=\"0\">\n",
                 st->tests, st->failures, st->errors, st->tests, st->failures, st->errors);
  if (st->cases.len)
    mtl_buf_put(b, st->cases.data, st->cases.len);
  mtl_buf_puts(b, "</testsuite>\n</testsuites>\n");
  mtl_buf_free(&st->cases);
  return 0;
}

const mtl_writer_ops mtl_write_junit = {
    .name = "junit",
    .state_size = sizeof(state),
    .file = ju_file,
    .error = ju_error,
    .finish = ju_finish,
};
