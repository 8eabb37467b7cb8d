/*
 * test_wordindex.c - the phrase trie (wordindex.c): case-insensitive,
 * word-bounded, overlapping, many rules in one pass.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>

typedef struct fixture {
  mtl_wordindex *wi;
  mtl_doc doc;
  mtl_phrase_hit *hits;
  size_t n;
} fixture;

static void add(mtl_wordindex *wi, const char *p, uint32_t rule, uint32_t payload) {
  assert_int_equal(mtl_wordindex_add(wi, p, strlen(p), rule, payload), 0);
}

static void run(fixture *f, const char *text) {
  assert_int_equal(mtl_doc_init(&f->doc, text, strlen(text)), 0);
  assert_int_equal(mtl_wordindex_run(f->wi, &f->doc, &f->hits, &f->n), 0);
}

static void done(fixture *f) {
  mtl_free(f->hits);
  mtl_doc_free(&f->doc);
  mtl_wordindex_free(f->wi);
}

static void span_is(const fixture *f, size_t i, uint32_t rule, uint32_t payload,
                    const char *text) {
  const mtl_phrase_hit *h = &f->hits[i];
  size_t s = f->doc.toks[h->tok_start].start, e = f->doc.toks[h->tok_end - 1].end;
  assert_true(i < f->n);
  if (h->rule != rule || h->payload != payload || e - s != strlen(text) ||
      memcmp(f->doc.text + s, text, e - s))
    fail_msg("hit %zu: rule %u payload %u [%.*s], want %u %u [%s]", i, h->rule, h->payload,
             (int)(e - s), f->doc.text + s, rule, payload, text);
}

static void basic_case_insensitive(void **state) {
  fixture f = {0};
  (void)state;
  assert_int_equal(mtl_wordindex_new(&f.wi), 0);
  add(f.wi, "push meeting", 0, 7);
  run(&f, "A PUSH MEETING and a Push meeting, but not a push meetings or pushmeeting.");
  assert_int_equal(f.n, 2);
  span_is(&f, 0, 0, 7, "PUSH MEETING");
  span_is(&f, 1, 0, 7, "Push meeting");
  done(&f);
}

static void overlapping_and_lengths(void **state) {
  fixture f = {0};
  (void)state;
  assert_int_equal(mtl_wordindex_new(&f.wi), 0);
  add(f.wi, "state", 1, 0);
  add(f.wi, "united state", 1, 1);
  add(f.wi, "state of", 1, 2);
  add(f.wi, "of", 0, 3);
  run(&f, "The united state of affairs.");
  /* sorted by rule, then start, then longest first */
  assert_int_equal(f.n, 4);
  span_is(&f, 0, 0, 3, "of");
  span_is(&f, 1, 1, 1, "united state");
  span_is(&f, 2, 1, 2, "state of");
  span_is(&f, 3, 1, 0, "state");
  done(&f);
}

static void punctuation_and_apostrophes(void **state) {
  fixture f = {0};
  (void)state;
  assert_int_equal(mtl_wordindex_new(&f.wi), 0);
  add(f.wi, "Putin's", 2, 0);
  add(f.wi, "U.S.-led", 2, 1);
  add(f.wi, "co-operation", 2, 2);
  run(&f, "PUTIN\xE2\x80\x99S plan, a U.S.-led co-operation deal.");
  assert_int_equal(f.n, 3);
  span_is(&f, 0, 2, 0, "PUTIN\xE2\x80\x99S");
  span_is(&f, 1, 2, 1, "U.S.-led");
  span_is(&f, 2, 2, 2, "co-operation");
  done(&f);
}

static void no_tokens_is_einval(void **state) {
  mtl_wordindex *wi;
  (void)state;
  assert_int_equal(mtl_wordindex_new(&wi), 0);
  assert_int_equal(mtl_wordindex_add(wi, "", 0, 0, 0), MTL_EINVAL);
  assert_int_equal(mtl_wordindex_add(wi, "   ", 3, 0, 0), MTL_EINVAL);
  mtl_wordindex_free(wi);
  mtl_wordindex_free(NULL);
}

static void empty_index_and_empty_doc(void **state) {
  fixture f = {0};
  (void)state;
  assert_int_equal(mtl_wordindex_new(&f.wi), 0);
  run(&f, "nothing to see");
  assert_int_equal(f.n, 0);
  mtl_free(f.hits);
  mtl_doc_free(&f.doc);
  f.hits = NULL;
  add(f.wi, "see", 0, 0);
  run(&f, "");
  assert_int_equal(f.n, 0);
  done(&f);
}

static void many_phrases(void **state) {
  fixture f = {0};
  char p[64];
  uint32_t i;
  (void)state;
  assert_int_equal(mtl_wordindex_new(&f.wi), 0);
  for (i = 0; i < 5000; i++) {
    snprintf(p, sizeof p, "word%u next%u", i, i % 13);
    add(f.wi, p, i % 5, i);
  }
  run(&f, "x word4321 next5 y word12 next12 word12 next11");
  assert_int_equal(f.n, 2);
  span_is(&f, 0, 1, 4321, "word4321 next5");
  span_is(&f, 1, 2, 12, "word12 next12");
  done(&f);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(basic_case_insensitive),
      cmocka_unit_test(overlapping_and_lengths),
      cmocka_unit_test(punctuation_and_apostrophes),
      cmocka_unit_test(no_tokens_is_einval),
      cmocka_unit_test(empty_index_and_empty_doc),
      cmocka_unit_test(many_phrases),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
