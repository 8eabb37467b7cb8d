/*
 * test_spunname.c - the spun-name check kind (check_spunname.c) on the test
 * thesaurus (unit/data/thesaurus/th_test) and a gazetteer written for it
 * (unit/data/spunname): what it flags and leaves alone (case, kept words,
 * exact names, headlines, multiword synonyms, the senses key, line breaks,
 * words that names use in the same place, mined swaps),
 * its suggestion and span, and the loader's errors with their locations.
 */
#include "testutil.h"
#include "mtlint.h"

#include <stdio.h>

#define SDATA MTL_TEST_DATA "/spunname/"

static mtl_engine *engine_from(const char *rules) {
  mtl_options *o;
  mtl_engine *eng = NULL;
  mtl_error e;
  memset(&e, 0, sizeof e);
  assert_int_equal(mtl_options_new(&o), 0);
  mtl_options_use_builtin_rules(o, 0);
  assert_int_equal(mtl_options_add_rules(o, rules), 0);
  if (mtl_engine_new(&eng, o, &e))
    fail_msg("engine_new: %s:%zu:%zu: %s", e.file, e.line, e.column, e.message);
  mtl_options_free(o);
  return eng;
}

static int engine_err(const char *rules, mtl_error *e) {
  mtl_options *o;
  mtl_engine *eng = NULL;
  int rc;
  assert_int_equal(mtl_options_new(&o), 0);
  mtl_options_use_builtin_rules(o, 0);
  assert_int_equal(mtl_options_add_rules(o, rules), 0);
  memset(e, 0, sizeof *e);
  rc = mtl_engine_new(&eng, o, e);
  assert_null(eng);
  mtl_options_free(o);
  return rc;
}

/* The findings of rule id in text as "match=>suggestion;" into out. */
static void flagged(const mtl_engine *eng, const char *id, const char *text, char *out,
                    size_t cap) {
  mtl_result *res = NULL;
  mtl_error e;
  size_t i, n = 0;
  out[0] = '\0';
  assert_int_equal(mtl_lint(&res, eng, text, strlen(text), &e), 0);
  for (i = 0; i < mtl_result_count(res); i++) {
    const mtl_finding *f = mtl_result_finding(res, i);
    size_t s = f->start.offset, len = f->end.offset - f->start.offset;
    if (strcmp(f->rule, id))
      continue;
    assert_int_equal(f->n_suggestions, 1);
    n += (size_t)snprintf(out + n, cap - n, "%.*s=>%s;", (int)len, text + s,
                          f->suggestions[0]);
    assert_true(n < cap);
  }
  mtl_result_free(res);
}

#define EXPECT(eng, id, text, want)                                            \
  do {                                                                         \
    char got_[512];                                                            \
    flagged(eng, id, text, got_, sizeof got_);                                 \
    assert_string_equal(got_, want);                                           \
  } while (0)

static void flags_swaps(void **state) {
  mtl_engine *eng = engine_from(SDATA "rules.yaml");
  (void)state;
  /* a broader term (security -> safety), a synonym both ways */
  EXPECT(eng, "unit.spun", "The Safety Council met.", "Safety Council=>Security Council;");
  EXPECT(eng, "unit.spun", "The White Home said so.", "White Home=>White House;");
  /* firm is in the second sense of house: only with senses: 2 */
  EXPECT(eng, "unit.spun", "The White Firm said so.", "");
  EXPECT(eng, "unit.spun2", "The White Firm said so.", "White Firm=>White House;");
  /* a multiword synonym of one word */
  EXPECT(eng, "unit.spun", "The Central Financial Institution cut rates.",
         "Central Financial Institution=>Central Bank;");
  EXPECT(eng, "unit.spun", "The Central Depository Financial Institution cut rates.",
         "Central Depository Financial Institution=>Central Bank;");
  /* a similar term, at the start of a sentence, in all capitals */
  EXPECT(eng, "unit.spun", "Ultimate Court judges ruled.", "Ultimate Court=>Supreme Court;");
  EXPECT(eng, "unit.spun", "THE SAFETY COUNCIL MET, said one.", "SAFETY COUNCIL=>Security Council;");
  /* two in one sentence, and after a possessive */
  EXPECT(eng, "unit.spun", "China's Safety Council and the White Home agreed.",
         "Safety Council=>Security Council;White Home=>White House;");
  mtl_engine_free(eng);
}

/* mtl_engine_preload builds the term lists (and loads the thesaurus) ahead
 * of the first lint, twice is harmless, and the findings are the same. */
static void preloaded(void **state) {
  mtl_engine *eng = engine_from(SDATA "rules.yaml");
  mtl_error e;
  (void)state;
  assert_int_equal(mtl_engine_preload(eng, &e), 0);
  assert_int_equal(mtl_engine_preload(eng, &e), 0);
  EXPECT(eng, "unit.spun", "The Safety Council met.", "Safety Council=>Security Council;");
  EXPECT(eng, "unit.spun2", "The White Firm said so.", "White Firm=>White House;");
  EXPECT(eng, "unit.spun", "The Security Council met.", "");
  mtl_engine_free(eng);
}

static void leaves_alone(void **state) {
  mtl_engine *eng = engine_from(SDATA "rules.yaml");
  (void)state;
  /* as written, lower case, split by punctuation or a line */
  EXPECT(eng, "unit.spun", "The Security Council met.", "");
  EXPECT(eng, "unit.spun", "The safety council met.", "");
  EXPECT(eng, "unit.spun", "The Safety council met.", "");
  EXPECT(eng, "unit.spun", "It was safe, Safety. Council members met.", "");
  EXPECT(eng, "unit.spun", "They met Safety\nCouncil members.", "");
  EXPECT(eng, "unit.spun", "They met Safety, Council members.", "");
  /* no word kept: two words that only mean the same */
  EXPECT(eng, "unit.spun", "The Safety Assembly met.", "");
  /* an antonym is no swap */
  EXPECT(eng, "unit.spun", "The Insecurity Council met.", "");
  /* a real name listed in the gazetteer is never a swap of another */
  EXPECT(eng, "unit.spun", "The High Court ruled.", "");
  /* a title-case headline: a small word capitalised, or no full stop */
  EXPECT(eng, "unit.spun", "Safety Council Votes On The Plan", "");
  EXPECT(eng, "unit.spun", "Ultimate Court Blocks Texas Law", "");
  /* but a quotation may start with "The" */
  EXPECT(eng, "unit.spun", "\xe2\x80\x9cThe Safety Council met,\xe2\x80\x9d he said.",
         "Safety Council=>Security Council;");
  /* the second sense of bank only with senses: 2 */
  EXPECT(eng, "unit.spun", "The Central Slope rose.", "");
  EXPECT(eng, "unit.spun2", "The Central Slope rose.", "Central Slope=>Central Bank;");
  /* a word that names use in that place (Safety Board): another real name */
  EXPECT(eng, "unit.spun3", "The Safety Council met.", "");
  EXPECT(eng, "unit.spun3", "The White Home said so.", "White Home=>White House;");
  /* a mined swap the thesaurus does not list; multiword and short rows skipped */
  EXPECT(eng, "unit.spun", "The Top Court ruled.", "");
  EXPECT(eng, "unit.spun4", "The Top Court ruled.", "Top Court=>Supreme Court;");
  mtl_engine_free(eng);
}

static void load_errors(void **state) {
  mtl_error e;
  (void)state;
  assert_int_equal(engine_err(SDATA "missing-gazetteer.yaml", &e), MTL_EIO);
  assert_true(strstr(e.file, "missing-gazetteer.yaml") != NULL);
  assert_int_equal(e.line, 10);
  assert_non_null(strstr(e.message, "nosuch.txt"));
  assert_int_equal(engine_err(SDATA "missing-thesaurus.yaml", &e), MTL_EDICT);
  assert_int_equal(e.line, 11);
  assert_non_null(strstr(e.message, "th_nosuch"));
  assert_non_null(strstr(e.message, "mythes-en-us"));
  assert_int_equal(engine_err(SDATA "no-gazetteer.yaml", &e), MTL_ESCHEMA);
  assert_non_null(strstr(e.message, "'gazetteer' is required"));
  assert_int_equal(engine_err(SDATA "bad-gazetteer.yaml", &e), MTL_ESCHEMA);
  assert_true(strstr(e.file, "one-word.txt") != NULL);
  assert_int_equal(e.line, 4);
  assert_int_equal(engine_err(SDATA "bad-swaps.yaml", &e), MTL_ESCHEMA);
  assert_true(strstr(e.file, "swaps-bad.tsv") != NULL);
  assert_non_null(strstr(e.message, "'original'"));
  assert_int_equal(engine_err(SDATA "missing-swaps.yaml", &e), MTL_EIO);
  assert_int_equal(e.line, 12);
  assert_non_null(strstr(e.message, "nosuch.tsv"));
  assert_int_equal(engine_err(SDATA "bad-senses.yaml", &e), MTL_ESCHEMA);
  assert_int_equal(e.line, 11);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(flags_swaps),
      cmocka_unit_test(leaves_alone),
      cmocka_unit_test(preloaded),
      cmocka_unit_test(load_errors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
