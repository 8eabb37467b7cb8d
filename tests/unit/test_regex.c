/*
 * test_regex.c - the PCRE2 wrapper (regex.c): compile errors, matching,
 * \K, limits against catastrophic patterns, replacement templates, and
 * matching from many threads at once (own slots, then the shared cache);
 * the first bytes and byte pairs of patterns (regex_bytes.c) that start
 * bitmaps and the prefilter rely on.
 */
#include "testutil.h"
#include "mtlint.h"
#include "doc.h"
#include "regex.h"
#include "util.h"
#include "wordindex.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static mtl_regex *compile(const char *pat, unsigned flags) {
  mtl_regex *re = NULL;
  size_t off;
  mtl_error e;
  if (mtl_regex_compile(&re, pat, strlen(pat), flags, &off, &e))
    fail_msg("compile '%s': %s", pat, e.message);
  return re;
}

static void compile_errors(void **state) {
  mtl_regex *re = (mtl_regex *)1;
  size_t off = 99;
  mtl_error e;
  (void)state;
  assert_int_equal(mtl_regex_compile(&re, "ab(c", 4, 0, &off, &e), MTL_EREGEX);
  assert_null(re);
  assert_int_equal(off, 4);
  assert_int_equal(e.code, MTL_EREGEX);
  assert_non_null(strstr(e.message, "offset 4"));
  assert_int_equal(mtl_regex_compile(&re, "", 0, 0, &off, &e), MTL_EREGEX);
  assert_int_equal(mtl_regex_compile(&re, "a{2,1}", 6, 0, &off, &e), MTL_EREGEX);
  assert_int_equal(mtl_regex_compile(&re, "\\p{Bogus}", 9, 0, &off, &e), MTL_EREGEX);
  mtl_regex_free(NULL);
}

static void match_basics(void **state) {
  mtl_regex *re = compile("(\\w+) (through) (?<who>\\p{Lu}\\w+)", 0);
  const char *s = "Written through Ana; reported through \xC3\x89mile";
  mtl_match m;
  (void)state;
  assert_int_equal(mtl_regex_match(re, s, strlen(s), 0, &m), 1);
  assert_int_equal(m.start, 0);
  assert_int_equal(m.end, 19);
  assert_int_equal(m.ovec[2], 0);
  assert_int_equal(m.ovec[3], 7);
  assert_int_equal(m.ovec[6], 16);
  assert_true(m.ovec[8] == SIZE_MAX); /* group 4 does not exist */
  assert_int_equal(mtl_regex_match(re, s, strlen(s), m.end, &m), 1);
  assert_int_equal(m.start, 21);
  assert_int_equal(m.ovec[6], 38); /* \p{Lu} matched É (UCP) */
  assert_int_equal(mtl_regex_match(re, s, strlen(s), m.end, &m), 0);
  assert_int_equal(mtl_regex_match(re, s, strlen(s), strlen(s) + 1, &m), 0);
  mtl_regex_free(re);
}

static void flags_icase_multiline(void **state) {
  mtl_regex *re = compile("^kyiv$", MTL_RE_ICASE | MTL_RE_MULTILINE);
  mtl_regex *plain = compile("^kyiv$", 0);
  const char *s = "x\nKYIV\ny";
  mtl_match m;
  (void)state;
  assert_int_equal(mtl_regex_match(re, s, strlen(s), 0, &m), 1);
  assert_int_equal(m.start, 2);
  assert_int_equal(mtl_regex_match(plain, s, strlen(s), 0, &m), 0);
  mtl_regex_free(re);
  mtl_regex_free(plain);
}

static void backslash_k(void **state) {
  mtl_regex *re = compile("Written \\Kthrough", 0);
  const char *s = "(Written through Jo)";
  mtl_match m;
  (void)state;
  assert_int_equal(mtl_regex_match(re, s, strlen(s), 0, &m), 1);
  assert_int_equal(m.start, 9);
  assert_int_equal(m.end, 16);
  mtl_regex_free(re);
  /* \K in a look-around is refused at compile time */
  {
    mtl_regex *bad = NULL;
    size_t off;
    mtl_error e;
    assert_int_equal(mtl_regex_compile(&bad, "(?=ab\\K)", 8, 0, &off, &e), MTL_EREGEX);
    assert_null(bad);
  }
}

static void invalid_utf8_subject(void **state) {
  mtl_regex *re = compile("w\\w+", 0);
  const char s[] = "\xFF\xC3 word \xE2\x82";
  mtl_match m;
  (void)state;
  assert_int_equal(mtl_regex_match(re, s, sizeof s - 1, 0, &m), 1);
  assert_int_equal(m.start, 3);
  assert_int_equal(m.end, 7);
  mtl_regex_free(re);
}

static void catastrophic_pattern_hits_limit(void **state) {
  mtl_regex *re = compile("(a+)+$", 0);
  char s[64];
  mtl_match m;
  clock_t t0;
  double secs;
  (void)state;
  memset(s, 'a', 30);
  s[30] = 'b';
  s[31] = '\0';
  t0 = clock();
  assert_int_equal(mtl_regex_match(re, s, 31, 0, &m), MTL_ELIMIT);
  secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
  if (secs > 2.0)
    fail_msg("limit took %.2f s", secs);
  mtl_regex_free(re);
  /* nested quantifiers with alternation */
  re = compile("^(\\w+\\s?)*$", 0);
  memset(s, 'x', 40);
  s[40] = '!';
  t0 = clock();
  assert_int_equal(mtl_regex_match(re, s, 41, 0, &m), MTL_ELIMIT);
  assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 2.0);
  mtl_regex_free(re);
}

/* The JIT compile waits for the first match; matches and limits are
 * those of JIT code from the first match on. */
static void jit_at_first_match(void **state) {
  mtl_regex *re = compile("(\\w+) through \\p{Lu}", 0);
  const char *s = "Edited through Bo";
  mtl_match m;
  int jit;
  (void)state;
  assert_int_equal(mtl_regex_jitted(re), -1);
  assert_int_equal(mtl_regex_match(re, s, strlen(s), 0, &m), 1);
  jit = mtl_regex_jitted(re);
  assert_true(jit == 0 || jit == 1);
  assert_int_equal(m.start, 0);
  assert_int_equal(m.end, 16);
  assert_int_equal(mtl_regex_match(re, s, strlen(s), 1, &m), 1);
  assert_int_equal(m.start, 1);
  assert_int_equal(mtl_regex_jitted(re), jit);
  mtl_regex_free(re);
  /* a pattern freed before any match */
  re = compile("never (matched)", 0);
  assert_int_equal(mtl_regex_jitted(re), -1);
  mtl_regex_free(re);
}

static void expand_check(const char *pat, const char *subj, const char *tmpl,
                         const char *want) {
  mtl_regex *re = compile(pat, 0);
  mtl_match m;
  mtl_buf b = {0};
  assert_int_equal(mtl_regex_match(re, subj, strlen(subj), 0, &m), 1);
  assert_int_equal(mtl_regex_expand(re, subj, strlen(subj), &m, tmpl, &b), 0);
  if (strcmp(b.data ? b.data : "", want))
    fail_msg("expand '%s' on '%s': got [%s], want [%s]", tmpl, subj, b.data ? b.data : "",
             want);
  mtl_buf_free(&b);
  mtl_regex_free(re);
}

static void templates(void **state) {
  (void)state;
  expand_check("(\\w+) through", "reported through", "$1 by", "reported by");
  expand_check("(\\w+) through", "reported through", "\\u$1 by", "Reported by");
  expand_check("(\\w+) through", "REPORTED through", "\\l$1", "rEPORTED");
  expand_check("(\\w+) (\\w+)", "ab cd", "${2}-${1}", "cd-ab");
  expand_check("(\\w+) (\\w+)", "ab cd", "\\U$1\\E $2", "AB cd");
  expand_check("(\\w+) (\\w+)", "AB CD", "\\L$1 $2\\E!", "ab cd!");
  expand_check("(\\w+)", "x", "$$1 \\\\ \\$", "$1 \\ $");
  expand_check("(\\w+)", "\xC3\xA9t\xC3\xA9", "\\u$1", "\xC3\x89t\xC3\xA9");
  expand_check("(\\w+)(z)?", "ab", "[$2]", "[]"); /* unset group is empty */
  expand_check("(\\w+)", "ab", "\\u", "");
  expand_check("a(b)", "ab", "$0", "ab");
}

static void template_errors(void **state) {
  mtl_regex *re = compile("(a)(b)", 0);
  mtl_error e;
  (void)state;
  assert_int_equal(mtl_regex_check_template(re, "$1$2", &e), 0);
  assert_int_equal(mtl_regex_check_template(re, "$3", &e), MTL_EREGEX);
  assert_non_null(strstr(e.message, "group 3"));
  assert_int_equal(mtl_regex_check_template(re, "$x", &e), MTL_EREGEX);
  assert_int_equal(mtl_regex_check_template(re, "\\q", &e), MTL_EREGEX);
  assert_int_equal(mtl_regex_check_template(re, "trailing $", &e), MTL_EREGEX);
  mtl_regex_free(re);
}

/* Threads past RE_OWN (64) share the slot cache; every one must see the
 * same matches as the first 64, which keep a slot of their own each. */
typedef struct matcher {
  const mtl_regex *re;
  int ok;
} matcher;

static void *match_many(void *arg) {
  matcher *mt = arg;
  const char *s = "Written through Ana; reported through Bo; edited through Cy";
  int i;
  mt->ok = 1;
  for (i = 0; i < 300 && mt->ok; i++) {
    mtl_match m;
    size_t at = 0;
    int n = 0;
    while (mtl_regex_match(mt->re, s, strlen(s), at, &m) == 1) {
      if (m.ovec[2] != at + (n ? 1 : 0) || m.end <= m.start)
        mt->ok = 0;
      at = m.end;
      n++;
    }
    if (n != 3)
      mt->ok = 0;
  }
  return NULL;
}

static void threads_match_alike(void **state) {
  enum { N = 80 };
  mtl_regex *re = compile("(\\w+) through \\p{Lu}\\w+;?", 0);
  pthread_t t[N];
  matcher mt[N];
  int i, started = 0;
  (void)state;
  for (i = 0; i < N; i++) {
    mt[i].re = re;
    mt[i].ok = 0;
    if (pthread_create(&t[i], NULL, match_many, &mt[i]) == 0)
      started++;
    else
      break;
  }
  for (i = 0; i < started; i++)
    pthread_join(t[i], NULL);
  assert_int_equal(started, N);
  for (i = 0; i < N; i++)
    assert_true(mt[i].ok);
  mtl_regex_free(re);
}

static int has(const unsigned char *mask, int c) { return mask[c >> 3] >> (c & 7) & 1; }

static int first(const char *pattern, unsigned flags, unsigned char *m) {
  return mtl_regex_first_bytes(pattern, strlen(pattern), flags, m);
}

/* What every match opens with (the start-bitmap lookahead of regex.c). */
static void first_bytes(void **state) {
  unsigned char m[32];
  /* empty matches, whole-pattern bail-outs, sets of nearly every byte */
  const char *none[] = {"(?:\\d|)", "\\d*", "(*UTF)\\d", "(?=\\d)", "(?x) \\d", ".\\d",
                        "[^a]x", "\\D", "\\1?(a)", "(?:a|\\s)"};
  size_t i;
  const char *dot = "(?<![\\d,.])(\\d{1,3})\\.(\\d{3})(?= people)";
  mtl_regex *re = compile(dot, 0);
  mtl_match mm;
  (void)state;
  assert_int_equal(mtl_regex_first_bytes(dot, strlen(dot), 0, m), 1);
  assert_true(has(m, '0') && has(m, '9') && has(m, 0xD9) && !has(m, 'a') && !has(m, '.'));
  assert_int_equal(first("\\b(?:\\p{Lu}x|\\d)", 0, m), 1);
  assert_true(has(m, 'A') && has(m, '5') && !has(m, 'a'));
  /* caseless: both cases, and what folds to ASCII (the Kelvin sign, E2) */
  assert_int_equal(first("\\p{Lu}", MTL_RE_ICASE, m), 1);
  assert_true(has(m, 'a') && has(m, 'Z') && has(m, 0xC3) && !has(m, '1'));
  assert_int_equal(first("(?i)k\\d", 0, m), 1);
  assert_true(has(m, 'k') && has(m, 'K') && has(m, 0xE2) && !has(m, '1'));
  /* an optional atom lets the next one open the match */
  assert_int_equal(first("x?\\d", 0, m), 1);
  assert_true(has(m, 'x') && has(m, '7') && has(m, 0xD9) && !has(m, 'y'));
  assert_int_equal(first("\\d|x", 0, m), 1);
  assert_true(has(m, 'x') && has(m, '0') && !has(m, 'y'));
  /* lookbehinds and \b take no byte; classes, ranges, \x{..}, scripts */
  assert_int_equal(first("(?<=\\w)\\b[a-c\\x{e9}-]", 0, m), 1);
  assert_true(has(m, 'a') && has(m, 'c') && has(m, '-') && has(m, 0xC3) && !has(m, 'd'));
  assert_int_equal(first("[\\p{Cyrillic}\\p{Greek}]x", 0, m), 1);
  assert_true(has(m, 0xD0) && has(m, 0xCE) && has(m, 0xE1) && has(m, 0xF0) && !has(m, 'x') &&
              !has(m, 'A'));
  assert_int_equal(first("[$\xE2\x82\xAC\xC2\xA3] +", 0, m), 1);
  assert_true(has(m, '$') && has(m, 0xE2) && has(m, 0xC2) && !has(m, ' '));
  for (i = 0; i < sizeof none / sizeof *none; i++)
    if (mtl_regex_first_bytes(none[i], strlen(none[i]), 0, m))
      fail_msg("first bytes for %s", none[i]);
  /* compiled behind the lookahead, it matches as before, non-ASCII digits too */
  assert_int_equal(mtl_regex_match(re, "It drew 22.012 people.", 22, 0, &mm), 1);
  assert_int_equal(mm.start, 8);
  assert_int_equal(mm.ovec[3], 10);
  assert_int_equal(mtl_regex_match(re, "1.22.012 people", 15, 0, &mm), 0);
  assert_int_equal(mtl_regex_match(re, "\xD9\xA2.\xD9\xA0\xD9\xA1\xD9\xA2 people", 16, 0, &mm), 1);
  assert_int_equal(mm.start, 0);
  mtl_regex_free(re);
}

/* The matches of pattern in subject, "start-end ...", as the reference
 * path (no start bitmap, no reordering) or the optimised one finds them. */
static void matches_of(const char *pattern, unsigned flags, const char *subject, int reference,
                       char *out, size_t cap) {
  mtl_regex *re;
  mtl_match m;
  size_t off = 0, len = strlen(subject);
  setenv("MTL_REFERENCE", reference ? "1" : "0", 1);
  re = compile(pattern, flags);
  unsetenv("MTL_REFERENCE");
  *out = '\0';
  while (off <= len && mtl_regex_match(re, subject, len, off, &m) == 1) {
    snprintf(out + strlen(out), cap - strlen(out), "%zu-%zu ", m.start, m.end);
    off = m.end > m.start ? m.end : m.start + 1;
  }
  mtl_regex_free(re);
}

/* Patterns that get a start bitmap from their first bytes match what
 * they matched without it, at starts of every kind the set must hold. */
static void start_bitmap_same_matches(void **state) {
  static const struct {
    const char *pat, *subject;
    unsigned flags;
  } t[] = {
      {"[\\p{Cyrillic}\\p{Greek}](?<![\xCE\xBC\xCE\xA9])(?:(?<=[A-Za-z].)|(?=[A-Za-z]))",
       "P\xD0\xB0ris, \xCE\x91thens, \xCE\xBCm, x\xCE\xA9x", 0},
      {"(?<![\\p{L}\\p{N}])([$\xE2\x82\xAC\xC2\xA3\xC2\xA5]) +(?=\\d)",
       "$ 5, \xE2\x82\xAC 10, \xC2\xA3 3, \xC2\xA5  7, x$ 5", 0},
      {"(?<=\\s)\\p{N}+", "x \xD9\xA3\xD9\xA4 12 \xC2\xBD", 0},
      {"\\b\\p{Lu}{2,}", "\xC3\x89" "COLE and NATO, \xCE\x91\xCE\x92", 0},
      {"[a-c\\x{e9}]\\d", "\xC3\xA9" "5 b6 d7", 0},
      {"\\p{Lu}\\d", "k1 K2 \xE2\x84\xAA" "3 \xC3\xA9" "4", MTL_RE_ICASE},
      {"(?:x?|y)\\d", "x1 y2 3", 0},
      /* caseless, the set behind (?-i:...) holds both cases itself */
      {"\\bthe inter-?union\\b|^(?:the|a|an) point on\\b",
       "THE INTERUNION\nA Point on x\nthe inter-union, \xC3\x89 the Point on",
       MTL_RE_ICASE | MTL_RE_MULTILINE},
  };
  size_t i;
  (void)state;
  for (i = 0; i < sizeof t / sizeof *t; i++) {
    char a[512], b[512];
    matches_of(t[i].pat, t[i].flags, t[i].subject, 1, a, sizeof a);
    matches_of(t[i].pat, t[i].flags, t[i].subject, 0, b, sizeof b);
    if (strcmp(a, b) || !*a)
      fail_msg("%s: reference [%s], optimised [%s]", t[i].pat, a, b);
  }
}

/* Every match of re (pattern pat) in each subject holds a hit of wi where
 * the pattern kind's prefilter searches for it: at or after its start, at
 * most reach bytes on (SIZE_MAX: no bound; then on its line if
 * same_line); and each subject has a match. */
static void hits_cover(const char *pat, const mtl_regex *re, const mtl_wordindex *wi,
                       size_t reach, int same_line, const char *const *subjects) {
  size_t k;
  for (; *subjects; subjects++) {
    const char *s = *subjects;
    size_t len = strlen(s), off = 0, nhits = 0, found = 0;
    mtl_doc doc;
    mtl_phrase_hit *hits = NULL;
    mtl_match m;
    assert_int_equal(mtl_doc_init(&doc, s, len), 0);
    assert_int_equal(mtl_wordindex_run(wi, &doc, &hits, &nhits), 0);
    while (off <= len && mtl_regex_match(re, s, len, off, &m) == 1) {
      int covered = 0;
      for (k = 0; k < nhits && !covered; k++) {
        size_t h = hits[k].tok_start;
        covered = h >= m.start &&
                  (reach != SIZE_MAX ? h - m.start <= reach
                                     : !same_line || !memchr(s + m.start, '\n', h - m.start));
      }
      if (!covered)
        fail_msg("%s: match %zu-%zu of [%s] has no hit", pat, m.start, m.end, s);
      found++;
      off = m.end > m.start ? m.end : m.start + 1;
    }
    if (!found)
      fail_msg("%s: no match in [%s]", pat, s);
    mtl_free(hits);
    mtl_doc_free(&doc);
  }
}

/* Every match of pattern in each subject holds a pair hit of the word
 * index where the pattern kind's prefilter searches for it: at or after
 * its start, at most reach bytes on (or on its line). */
static void pairs_cover(const char *pat, unsigned flags, const char *const *subjects) {
  mtl_pairs pr;
  mtl_wordindex *wi;
  mtl_regex *re = compile(pat, flags);
  size_t i;
  assert_int_equal(mtl_regex_pairs(pat, strlen(pat), flags, &pr), 0);
  if (!pr.n)
    fail_msg("no pairs for %s", pat);
  assert_int_equal(mtl_wordindex_new(&wi), 0);
  for (i = 0; i < pr.n; i++)
    assert_int_equal(mtl_wordindex_add_pair(wi, pr.x[i], pr.y[i], pr.xw[i], pr.yw[i], 0), 0);
  hits_cover(pat, re, wi, pr.reach, pr.same_line, subjects);
  mtl_wordindex_free(wi);
  mtl_regex_free(re);
}

/* A pattern of many top-level branches, more literals in all than one set
 * holds: every match holds one of the literals where the prefilter looks
 * (at or after its start, within reach or on its line). */
static void branch_literals(void **state) {
  static const char pat[] =
      "\\bthe inter-?union\\b(?=\\s*[,.]|\\s+(?:has|have|is|was|said|met)\\b)|"
      "\\b(?:fear|fears|feared|avoid|avoids|prevent|prevents|risks? of|without|new|violent|"
      "sporadic|numerous|several) overflows\\b|"
      "\\b(?:is|was|are|were|be|been|seems?|seemed|sounds?|quite|rather|really) "
      "lunar\\b(?! (?:module|eclipse|surface)\\b)|"
      "\\bgargl(?:e|es|ed|ing) (?:about|over|on|of)\\b|"
      "\\b(?:alpha|bravo|charlie|delta|echo|foxtrot|golf|hotel|india|juliet|kilo|lima|"
      "mike|oscar|papa|romeo|sierra|tango|uniform|victor) beacons?\\b|"
      "\\b\\d{1,4} (?:x )?votes? for the minister\\b|"
      "^(?:the|a|an) point on\\b(?=[^.!?\\n]*$)|"
      "\\b(?:energy|food|fuel) (?:checks?|cheques?)\\b(?=[^.\\n]*(?:euros?\\b|\xE2\x82\xAC))";
  const char *subjects[] = {"The Inter-Union said no. the interunion, then.",
                            "Police feared OVERFLOWS and several overflows.",
                            "It was lunar, quite Lunar indeed; a lunar module.",
                            "They gargled about it and gargle on.",
                            "Alpha beacon and tango BEACONS.",
                            "Some 1234 x votes for the minister, 5 vote for the minister.",
                            "x\nThe point on pensions\nA point on y",
                            "An energy cheque of 100 euros, food checks at 5 \xE2\x82\xAC.", NULL};
  char **lits;
  size_t nl, reach, i;
  int same_line;
  mtl_wordindex *wi;
  mtl_regex *re = compile(pat, MTL_RE_ICASE | MTL_RE_MULTILINE);
  (void)state;
  assert_int_equal(mtl_regex_literals(pat, strlen(pat), MTL_RE_ICASE | MTL_RE_MULTILINE, 3,
                                      &lits, &nl, &reach, &same_line, NULL, NULL),
                   0);
  assert_true(nl > 32); /* more than one set holds */
  assert_int_equal(mtl_wordindex_new(&wi), 0);
  for (i = 0; i < nl; i++)
    assert_int_equal(mtl_wordindex_add_literal(wi, lits[i], strlen(lits[i]), 0, NULL, NULL), 0);
  mtl_regex_literals_free(lits, nl);
  hits_cover(pat, re, wi, reach, same_line, subjects);
  mtl_wordindex_free(wi);
  mtl_regex_free(re);
}

static size_t pair_hits(const char *pat, unsigned flags, const char *s) {
  mtl_pairs pr;
  mtl_wordindex *wi;
  mtl_doc doc;
  mtl_phrase_hit *hits = NULL;
  size_t i, n = 0;
  assert_int_equal(mtl_regex_pairs(pat, strlen(pat), flags, &pr), 0);
  assert_int_equal(mtl_wordindex_new(&wi), 0);
  for (i = 0; i < pr.n; i++)
    assert_int_equal(mtl_wordindex_add_pair(wi, pr.x[i], pr.y[i], pr.xw[i], pr.yw[i], 0), 0);
  assert_int_equal(mtl_doc_init(&doc, s, strlen(s)), 0);
  assert_int_equal(mtl_wordindex_run(wi, &doc, &hits, &n), 0);
  mtl_free(hits);
  mtl_doc_free(&doc);
  mtl_wordindex_free(wi);
  return n;
}

/* The byte pairs of patterns without a literal (the prefilter of the
 * pattern kind): alternations, optional atoms, caseless letters, \b and
 * lookarounds, classes, characters beyond ASCII on both sides. */
static void byte_pairs(void **state) {
  static const char glued[] =
      "(?<![\\p{L}\\p{N}@#/._\\\\-])(?|(to|of|the|and|in|on|for|at|by|with|from|as|an|or|is|"
      "was|are|were|into|about|after|than|that|this|their|his|her|its)(\\p{Lu}\\p{Ll}{2,})|"
      "(\\p{Ll}{2,})(The|An?|In|On|It|He|She|They|We|This|That|From|But|And|However|"
      "According))\\b(?![(.\\x{27}\xE2\x80\x99]?\\p{L}|\\()";
  const char *gs[] = {"Welcome toChinese news.", "The fee paymentThe rest.",
                      "caf\xC3\xA9The rest", "a trip to\xC3\x89vora.", "\xCE\xBC\xCE\xBB" "An x",
                      "line one\nand its\xC3\x89tat\nx",
                      /* letters of U+2100-U+214F (E2 84 ..), not punctuation */
                      "to\xE2\x84\x95" "ew", "ab\xE2\x84\x93The", NULL};
  const char *dots[] = {"It drew 22.012 people.", "x \xD9\xA2.\xD9\xA0\xD9\xA1\xD9\xA2 people",
                        NULL};
  const char *icase[] = {"Q1 q2 qx \xE2\x84\xAA" "5", NULL};
  const char *ahead[] = {"5Ax 7\xC3\x89x 123456789Ax", NULL};
  const char *optional[] = {"5aB", "6C", "7\xC3\xA9\xC3\x89", NULL};
  const char *quote[] = {"don\xE2\x80\x99T stop, it\xE2\x80\x9DS", NULL};
  const char *bmarks[] = {"\xC2\xAB" "Hello\xC2\xBB, \xC2\xBB" "\xC3\x89t\xC3\xA9", NULL};
  mtl_pairs pr;
  (void)state;
  pairs_cover(glued, 0, gs);
  pairs_cover("(?<![\\d,.])(\\d{1,3})\\.(\\d{3})(?= people)", 0, dots);
  pairs_cover("q\\d|\\d(?:Q|x)\\b", MTL_RE_ICASE, icase);
  pairs_cover("\\d{1,9}(?=\\p{Lu}x)", 0, ahead);
  pairs_cover("\\d[a-z\\x{e9}]?\\p{Lu}", 0, optional);
  pairs_cover("\\p{Ll}[\xE2\x80\x99\xE2\x80\x9D]\\p{Lu}", 0, quote);
  pairs_cover("[\xC2\xAB\xC2\xBB]\\p{Lu}", 0, bmarks);
  /* news text without a glued word: no hit, curly quotes and all */
  assert_int_equal(pair_hits(glued, 0, "The minister\xE2\x80\x99s plan didn\xE2\x80\x99t "
                                        "pass, \xE2\x80\x9CNo,\xE2\x80\x9D she said."),
                   0);
  /* too common to help, or not read: no pairs (the rule scans) */
  assert_int_equal(mtl_regex_pairs("\\p{L}\\p{L}", 10, 0, &pr), 0);
  assert_int_equal(pr.n, 0);
  assert_int_equal(mtl_regex_pairs("(?x) a b", 8, 0, &pr), 0);
  assert_int_equal(pr.n, 0);
  assert_int_equal(mtl_regex_pairs("a?b?", 4, 0, &pr), 0);
  assert_int_equal(pr.n, 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(first_bytes),
      cmocka_unit_test(start_bitmap_same_matches),
      cmocka_unit_test(byte_pairs),
      cmocka_unit_test(branch_literals),
      cmocka_unit_test(compile_errors),
      cmocka_unit_test(match_basics),
      cmocka_unit_test(flags_icase_multiline),
      cmocka_unit_test(backslash_k),
      cmocka_unit_test(invalid_utf8_subject),
      cmocka_unit_test(catastrophic_pattern_hits_limit),
      cmocka_unit_test(templates),
      cmocka_unit_test(template_errors),
      cmocka_unit_test(threads_match_alike),
      cmocka_unit_test(jit_at_first_match),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
