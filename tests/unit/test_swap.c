/*
 * test_swap.c - check_swap.c through the public API: the schema (pairs,
 * min_gain, context), the gate (flagged only where the language model
 * prefers the original by min_gain), unknown context, names, case shape,
 * the scores on the finding, a pattern rule saying the same thing, and a
 * missing model (one notice per input, no crash).
 */
#include "testutil.h"
#include "mtlint.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char *write_rules(const char *yaml) {
  static char path[64];
  int fd;
  FILE *f;
  strcpy(path, "/tmp/mtl-swap-XXXXXX");
  fd = mkstemp(path);
  assert_true(fd >= 0);
  f = fdopen(fd, "w");
  assert_non_null(f);
  fputs(yaml, f);
  fclose(f);
  return path;
}

static int engine_with(mtl_engine **eng, const char *yaml, const char *lm, mtl_error *err) {
  mtl_options *o;
  char *path = write_rules(yaml);
  int rc;
  assert_int_equal(mtl_options_new(&o), 0);
  mtl_options_use_builtin_rules(o, 0);
  assert_int_equal(mtl_options_add_rules(o, path), 0);
  if (lm)
    assert_int_equal(mtl_options_set_language_model(o, lm), 0);
  memset(err, 0, sizeof *err);
  *eng = NULL;
  rc = mtl_engine_new(eng, o, err);
  mtl_options_free(o);
  unlink(path);
  return rc;
}

#define RULE_HEAD                                                                    \
  "pack: u\nrules:\n  - id: u.s\n    kind: swap\n    severity: warning\n"            \
  "    message: \"'{match}' -> '{suggestion}'\"\n    description: d\n"               \
  "    examples: {bad: [x], good: [y]}\n"

static const char *const good_rules =
    RULE_HEAD "    min_gain: 1.0\n    pairs:\n      rose through: rose by\n"
              "      maximum: most\n"
              "  - id: u.ctx\n    kind: swap\n    severity: warning\n"
              "    message: m\n    description: d\n    examples: {bad: [x], good: [y]}\n"
              "    context: [loan, Deposit]\n    pairs: {financial institution: bank}\n"
              "  - id: u.pat\n    kind: pattern\n    severity: error\n    message: m\n"
              "    description: d\n    examples: {bad: [x], good: [y]}\n"
              "    pattern: 'rose through(?= two)'\n    replace: 'rose by'\n";

static void schema_errors(void **state) {
  static const struct {
    const char *yaml, *want;
  } cases[] = {
      {RULE_HEAD "    min_gain: 1\n", "missing required key 'pairs'"},
      {RULE_HEAD "    pairs: [a, b]\n", "'pairs' must be a non-empty mapping"},
      {RULE_HEAD "    pairs: {a: b}\n    min_gain: lots\n", "min_gain must be a number"},
      {RULE_HEAD "    pairs: {a: b}\n    min_gain: -1\n", "min_gain must be a number"},
      {RULE_HEAD "    pairs: {a: b}\n    min_gain: 51\n", "min_gain must be a number"},
      {RULE_HEAD "    pairs: {a: [b, c]}\n", "original"},
      {RULE_HEAD "    pairs: {a b c d e f g h i: b}\n", "1 to 8 words"},
      {RULE_HEAD "    pairs: {a: b}\n    window: 3\n", "window"},
      {RULE_HEAD "    pairs: {a: b}\n    context: {a: b}\n", "context"},
  };
  size_t i;
  (void)state;
  for (i = 0; i < sizeof cases / sizeof *cases; i++) {
    mtl_engine *eng;
    mtl_error err;
    int rc = engine_with(&eng, cases[i].yaml, NULL, &err);
    if (rc != MTL_ESCHEMA || !strstr(err.message, cases[i].want))
      fail_msg("case %zu: rc %d, message '%s'", i, rc, err.message);
    assert_true(err.line > 0);
    assert_null(eng);
  }
}

static const mtl_finding *nth_of(const mtl_result *res, const char *rule, size_t n) {
  size_t i;
  for (i = 0; i < mtl_result_count(res); i++) {
    const mtl_finding *f = mtl_result_finding(res, i);
    if (!strcmp(f->rule, rule) && n-- == 0)
      return f;
  }
  return NULL;
}

static mtl_result *lint(const mtl_engine *eng, const char *text) {
  mtl_result *res = NULL;
  mtl_error err;
  assert_int_equal(mtl_lint(&res, eng, text, strlen(text), &err), 0);
  return res;
}

static void gate_and_scores(void **state) {
  mtl_engine *eng;
  mtl_error err;
  mtl_result *res;
  const mtl_finding *f;
  (void)state;
  assert_int_equal(engine_with(&eng, good_rules, NULL, &err), 0);
  res = lint(eng, "Unemployment rose through four points.\n"
                  "She rose through the ranks.\n"
                  "It is the MAXIMUM serious crisis.\n");
  f = nth_of(res, "u.s", 0);
  assert_non_null(f);
  assert_int_equal(f->start.offset, 13);
  assert_int_equal(f->end.offset, 25);
  assert_int_equal(f->n_suggestions, 1);
  assert_string_equal(f->suggestions[0], "rose by");
  assert_true(f->has_lm);
  assert_true(f->lm_original - f->lm_written >= 1.0);
  assert_true(f->lm_original < 0 && f->lm_written < 0);
  f = nth_of(res, "u.s", 1); /* not "rose through the ranks" */
  assert_non_null(f);
  assert_string_equal(f->suggestions[0], "MOST"); /* case shape kept */
  assert_null(nth_of(res, "u.s", 2));
  mtl_result_free(res);
  mtl_engine_free(eng);
}

static void unknown_context_names_and_context_words(void **state) {
  mtl_engine *eng;
  mtl_error err;
  mtl_result *res;
  (void)state;
  assert_int_equal(engine_with(&eng, good_rules, NULL, &err), 0);
  /* nothing known on either side: no evidence */
  res = lint(eng, "Zorblax rose through Xyzzyq Plc.\n");
  assert_null(nth_of(res, "u.s", 0));
  mtl_result_free(res);
  /* Capitalised after a word: a name */
  res = lint(eng, "The Maximum Security wing of the jail closed.\n");
  assert_null(nth_of(res, "u.s", 0));
  mtl_result_free(res);
  /* a context word is needed in the sentence, any case */
  res = lint(eng, "The financial institution opened a museum. It took a DEPOSIT.\n"
                  "The financial institution raised the rate on the deposit.\n");
  assert_non_null(nth_of(res, "u.ctx", 0));
  assert_int_equal(nth_of(res, "u.ctx", 0)->start.line, 2);
  assert_null(nth_of(res, "u.ctx", 1));
  assert_false(nth_of(res, "u.ctx", 0)->n_suggestions != 1);
  mtl_result_free(res);
  mtl_engine_free(eng);
}

static void pattern_saying_the_same_wins(void **state) {
  mtl_engine *eng;
  mtl_error err;
  mtl_result *res;
  (void)state;
  assert_int_equal(engine_with(&eng, good_rules, NULL, &err), 0);
  res = lint(eng, "Unemployment rose through two points.\n");
  assert_non_null(nth_of(res, "u.pat", 0));
  assert_null(nth_of(res, "u.s", 0));
  assert_false(nth_of(res, "u.pat", 0)->has_lm);
  mtl_result_free(res);
  mtl_engine_free(eng);
}

static void missing_model_is_one_notice(void **state) {
  mtl_engine *eng;
  mtl_error err;
  mtl_result *res;
  const mtl_finding *f;
  (void)state;
  assert_int_equal(engine_with(&eng, good_rules, "/nonexistent/en-us.lm.bin", &err), 0);
  res = lint(eng, "Prices rose through four points. Costs rose through two points.\n"
                  "The financial institution took the deposit.\n");
  assert_null(nth_of(res, "u.s", 0));
  assert_null(nth_of(res, "u.ctx", 0));
  f = nth_of(res, "mtlint.language-model", 0);
  assert_non_null(f);
  assert_int_equal(f->severity, MTL_SEV_INFO);
  assert_non_null(strstr(f->message, "/nonexistent/en-us.lm.bin"));
  assert_null(nth_of(res, "mtlint.language-model", 1));
  assert_non_null(nth_of(res, "u.pat", 0)); /* the other rules still run */
  mtl_result_free(res);
  /* an input without a candidate does not even try */
  res = lint(eng, "Nothing to see here.\n");
  assert_int_equal(mtl_result_count(res), 0);
  mtl_result_free(res);
  mtl_engine_free(eng);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(schema_errors),
      cmocka_unit_test(gate_and_scores),
      cmocka_unit_test(unknown_context_names_and_context_words),
      cmocka_unit_test(pattern_saying_the_same_wins),
      cmocka_unit_test(missing_model_is_one_notice),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
