/*
 * test_wordindex.c - the phrase trie (wordindex.c): case-insensitive,
 * word-bounded, overlapping, many rules in one pass; the literals of the
 * pattern prefilter (three bytes and more, two-byte ones, at the text's
 * ends, ASCII case folded).
 */
#include "testutil.h"
#include "doc.h"
#include "mtlint.h"
#include "util.h"
#include "wordindex.h"

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

/* Literal hits: byte offsets, sorted per rule, found at both ends of the text. */
static void literal_is(const fixture *f, size_t i, uint32_t rule, size_t start, size_t end) {
  const mtl_phrase_hit *h = &f->hits[i];
  assert_true(i < f->n);
  if (h->rule != rule || h->payload != MTL_HIT_LITERAL || h->tok_start != start ||
      h->tok_end != end)
    fail_msg("hit %zu: rule %u [%zu, %zu), want %u [%zu, %zu)", i, h->rule, h->tok_start,
             h->tok_end, rule, start, end);
}

static void literals_short_and_long(void **state) {
  fixture f = {0};
  (void)state;
  assert_int_equal(mtl_wordindex_new(&f.wi), 0);
  assert_int_equal(mtl_wordindex_add_literal(f.wi, "x", 1, 0, NULL, NULL), MTL_EINVAL);
  assert_int_equal(mtl_wordindex_add_literal(f.wi, "\xC2\xA9", 2, 0, NULL, NULL), 0);  /* copyright sign */
  assert_int_equal(mtl_wordindex_add_literal(f.wi, "copyright", 9, 0, NULL, NULL), 0);
  assert_int_equal(mtl_wordindex_add_literal(f.wi, " ,", 2, 1, NULL, NULL), 0);
  assert_int_equal(mtl_wordindex_add_literal(f.wi, "..", 2, 1, NULL, NULL), 0);
  assert_int_equal(mtl_wordindex_add_literal(f.wi, "the", 3, 2, NULL, NULL), 0);
  /* "\xC2\xA9" opens the text, " ," and ".." close it; "COPYRIGHT" folds */
  run(&f, "\xC2\xA9 COPYRIGHT, The end ... ,");
  assert_int_equal(f.n, 6);
  literal_is(&f, 0, 0, 0, 2);
  literal_is(&f, 1, 0, 3, 12);
  literal_is(&f, 2, 1, 22, 24);
  literal_is(&f, 3, 1, 23, 25);
  literal_is(&f, 4, 1, 25, 27);
  literal_is(&f, 5, 2, 14, 17);
  done(&f);
}

/* Keys sit behind a gate of the text's raw bytes, which must open for
 * every case of a key: random texts over a few letters of both cases,
 * spaces and punctuation give the same hits as a plain search with A-Z
 * folded, for literals of three bytes and more (keys anywhere in them)
 * beside two-byte ones. */
static int fold_eq(const char *t, const char *lit, size_t n) {
  size_t k;
  for (k = 0; k < n; k++) {
    unsigned char a = (unsigned char)t[k];
    if (a >= 'A' && a <= 'Z')
      a = (unsigned char)(a + 32);
    if (a != (unsigned char)lit[k])
      return 0;
  }
  return 1;
}

static void literal_gate_every_case(void **state) {
  static const char alpha[] = "aAbBzZqQ .,-1";
  static const char *const lits[] = {"abz", "zq.", "q-1", "b a", ",qa", "azbq", "b.z,a",
                                     "1 z", "qq", ".,", "zzzq", "a,b-z"};
  enum { NLIT = sizeof lits / sizeof *lits };
  unsigned seed = 7;
  int round;
  (void)state;
  for (round = 0; round < 300; round++) {
    fixture f = {0};
    char text[200];
    size_t len = (size_t)(round % 190) + 2, i, want = 0;
    uint32_t r;
    for (i = 0; i < len; i++) {
      seed = seed * 1103515245u + 12345u;
      text[i] = alpha[(seed >> 16) % (sizeof alpha - 1)];
    }
    text[len] = '\0';
    assert_int_equal(mtl_wordindex_new(&f.wi), 0);
    for (r = 0; r < NLIT; r++)
      assert_int_equal(mtl_wordindex_add_literal(f.wi, lits[r], strlen(lits[r]), r, NULL, NULL),
                       0);
    run(&f, text);
    for (r = 0; r < NLIT; r++) {
      size_t n = strlen(lits[r]), at, k;
      for (at = 0; at + n <= len; at++) {
        if (!fold_eq(text + at, lits[r], n))
          continue;
        want++;
        for (k = 0; k < f.n; k++)
          if (f.hits[k].rule == r && f.hits[k].tok_start == at && f.hits[k].tok_end == at + n)
            break;
        if (k == f.n)
          fail_msg("[%s]: no hit of \"%s\" at %zu", text, lits[r], at);
      }
    }
    assert_int_equal(f.n, want);
    done(&f);
  }
}

/* Literals of eight bytes or more are checked eight bytes at a time with
 * letters folded: upper case matches, a byte that differs from the
 * literal's only in the case bit (not a letter) does not, and a literal in
 * the last eight bytes of the text (checked byte by byte) still matches. */
static void literal_head_folds_letters_only(void **state) {
  fixture f = {0};
  (void)state;
  assert_int_equal(mtl_wordindex_new(&f.wi), 0);
  assert_int_equal(mtl_wordindex_add_literal(f.wi, "hold on the strength", 20, 0, NULL, NULL), 0);
  assert_int_equal(mtl_wordindex_add_literal(f.wi, "[x]@u.s.", 8, 1, NULL, NULL), 0);
  assert_int_equal(mtl_wordindex_add_literal(f.wi, "hold on the force", 17, 2, NULL, NULL), 0);
  /*   0         1         2         3         4         5         6         7  */
  /*   0123456789012345678901234567890123456789012345678901234567890123456789012 */
  run(&f, "HOLD on THE Strength; hold on the strengtx {x}`U.S. [X]@U.S. hold on the force");
  assert_int_equal(f.n, 3);
  literal_is(&f, 0, 0, 0, 20);
  literal_is(&f, 1, 1, 52, 60);
  literal_is(&f, 2, 2, 61, 78);
  done(&f);
}

static void literal_pair_only_text(void **state) {
  fixture f = {0};
  (void)state;
  assert_int_equal(mtl_wordindex_new(&f.wi), 0);
  assert_int_equal(mtl_wordindex_add_literal(f.wi, "\xC2\xA9", 2, 3, NULL, NULL), 0);
  run(&f, "\xC2\xA9");
  assert_int_equal(f.n, 1);
  literal_is(&f, 0, 3, 0, 2);
  mtl_free(f.hits);
  f.hits = NULL;
  f.n = 0;
  mtl_doc_free(&f.doc);
  run(&f, "\xC2\xAA\xC3\xA9 x"); /* other two-byte characters: no hit */
  assert_int_equal(f.n, 0);
  done(&f);
}

/* A literal with a follow byte: a hit (the literal's bytes) only where the
 * byte after is one of them; none when the text ends first. */
static void literal_follow_byte(void **state) {
  fixture f = {0};
  unsigned char lower[32] = {0};
  int c;
  (void)state;
  for (c = 'a'; c <= 'z'; c++)
    lower[c >> 3] |= (unsigned char)(1u << (c & 7));
  assert_int_equal(mtl_wordindex_new(&f.wi), 0);
  assert_int_equal(mtl_wordindex_add_literal(f.wi, ". ", 2, 0, lower, NULL), 0);
  assert_int_equal(mtl_wordindex_add_literal(f.wi, "ab ", 3, 1, lower, NULL), 0);
  run(&f, "Go. Then. then ab x AB Y. ab z. ");
  assert_int_equal(f.n, 4);
  literal_is(&f, 0, 0, 8, 10);   /* ". t" */
  literal_is(&f, 1, 0, 24, 26);  /* ". a" */
  literal_is(&f, 2, 1, 15, 18);  /* "ab x" */
  literal_is(&f, 3, 1, 26, 29);  /* "ab z": "AB Y" is upper case after */
  done(&f);
  memset(&f, 0, sizeof f);
  assert_int_equal(mtl_wordindex_new(&f.wi), 0);
  assert_int_equal(mtl_wordindex_add_literal(f.wi, ". ", 2, 0, lower, NULL), 0);
  run(&f, "End. x");
  assert_int_equal(f.n, 1);
  literal_is(&f, 0, 0, 3, 5);    /* the follow byte is the text's last */
  done(&f);
}

/* A literal with a byte before it: none at the text's start or after
 * another byte. */
static void literal_one_byte(void **state) {
  fixture f = {0};
  unsigned char lower[32] = {0}, upper[32] = {0};
  int c;
  (void)state;
  for (c = 'a'; c <= 'z'; c++)
    lower[c >> 3] |= (unsigned char)(1u << (c & 7));
  for (c = 'A'; c <= 'Z'; c++)
    upper[c >> 3] |= (unsigned char)(1u << (c & 7));
  assert_int_equal(mtl_wordindex_new(&f.wi), 0);
  assert_int_equal(mtl_wordindex_add_literal(f.wi, ".", 1, 0, upper, NULL), MTL_EINVAL);
  assert_int_equal(mtl_wordindex_add_literal(f.wi, ".", 1, 0, upper, lower), 0);
  assert_int_equal(mtl_wordindex_add_literal(f.wi, ";", 1, 0, upper, lower), 0);
  /* ".Y" at the start and "x." at the end have no byte on one side */
  run(&f, ".Yes, it ended.Then x. Y x.y x;Z U.S. x.");
  assert_int_equal(f.n, 2);
  literal_is(&f, 0, 0, 14, 15);
  literal_is(&f, 1, 0, 30, 31);
  done(&f);
}

static void literal_precede_byte(void **state) {
  fixture f = {0};
  unsigned char upper[32] = {0};
  int c;
  (void)state;
  for (c = 'A'; c <= 'Z'; c++)
    upper[c >> 3] |= (unsigned char)(1u << (c & 7));
  assert_int_equal(mtl_wordindex_new(&f.wi), 0);
  assert_int_equal(mtl_wordindex_add_literal(f.wi, ". ", 2, 0, NULL, upper), 0);
  assert_int_equal(mtl_wordindex_add_literal(f.wi, "abc", 3, 1, NULL, upper), 0);
  run(&f, ". x. NATO. Xabc abc");
  assert_int_equal(f.n, 2);
  literal_is(&f, 0, 0, 9, 11);   /* "O. " */
  literal_is(&f, 1, 1, 12, 15);  /* "Xabc" */
  done(&f);
}

/* Pairs of byte classes: a lower-case byte then an upper-case or lead
 * byte; with yw an E2 80 (a curly quote) is no upper-case letter. */
static void literal_class_pair(void **state) {
  fixture f = {0};
  unsigned char lower[32] = {0}, upper[32] = {0};
  int c;
  (void)state;
  for (c = 'a'; c <= 'z'; c++)
    lower[c >> 3] |= (unsigned char)(1u << (c & 7));
  for (c = 'A'; c <= 'Z'; c++)
    upper[c >> 3] |= (unsigned char)(1u << (c & 7));
  for (c = 0xC2; c <= 0xF4; c++)
    upper[c >> 3] |= (unsigned char)(1u << (c & 7));
  assert_int_equal(mtl_wordindex_new(&f.wi), 0);
  assert_int_equal(mtl_wordindex_add_pair(f.wi, lower, upper, 1, 1, 3), 0);
  run(&f, "iPhone don\xE2\x80\x99t x\xC3\x89 Ab aB");
  assert_int_equal(f.n, 3);
  literal_is(&f, 0, 3, 0, 2);
  literal_is(&f, 1, 3, 15, 17);
  literal_is(&f, 2, 3, 22, 24);
  done(&f);
  memset(&f, 0, sizeof f);
  assert_int_equal(mtl_wordindex_new(&f.wi), 0);
  assert_int_equal(mtl_wordindex_add_pair(f.wi, lower, upper, 0, 0, 3), 0);
  run(&f, "don\xE2\x80\x99t");
  assert_int_equal(f.n, 1);
  literal_is(&f, 0, 3, 2, 4);
  done(&f);
}

/* Tokens whose ends are not ASCII always go through the trie (the quick
 * test of a token's first and last bytes only speaks for ASCII ends). */
static void non_ascii_token_ends(void **state) {
  fixture f = {0};
  (void)state;
  assert_int_equal(mtl_wordindex_new(&f.wi), 0);
  add(f.wi, "kremlin talks", 0, 1);
  add(f.wi, "\xC3\xA9lan vital", 1, 2);
  add(f.wi, "caf\xC3\xA9 noir", 2, 3);
  /* the Kelvin sign lowers to 'k'; upper-case letters beyond ASCII fold */
  run(&f, "\xE2\x84\xAAREMLIN TALKS, \xC3\x89LAN VITAL, CAF\xC3\x89 NOIR");
  assert_int_equal(f.n, 3);
  span_is(&f, 0, 0, 1, "\xE2\x84\xAAREMLIN TALKS");
  span_is(&f, 1, 1, 2, "\xC3\x89LAN VITAL");
  span_is(&f, 2, 2, 3, "CAF\xC3\x89 NOIR");
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
      cmocka_unit_test(literals_short_and_long),
      cmocka_unit_test(literal_gate_every_case),
      cmocka_unit_test(literal_head_folds_letters_only),
      cmocka_unit_test(literal_pair_only_text),
      cmocka_unit_test(literal_follow_byte),
      cmocka_unit_test(non_ascii_token_ends),
      cmocka_unit_test(literal_precede_byte),
      cmocka_unit_test(literal_one_byte),
      cmocka_unit_test(literal_class_pair),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
