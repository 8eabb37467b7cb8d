/*
 * test_regex.c - the PCRE2 wrapper (regex.c): compile errors, matching,
 * \K, limits against catastrophic patterns, replacement templates, and
 * matching from many threads at once (own slots, then the shared cache).
 */
#include "testutil.h"
#include "mtlint.h"
#include "regex.h"
#include "util.h"

#include <pthread.h>
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

/* What every match opens with (the start-bitmap lookahead of regex.c). */
static void first_bytes(void **state) {
  unsigned char m[32];
  const char *none[] = {"x?\\d", "(?:\\d|)", "\\d*", "(*UTF)\\d", "a\\d", "(?i)\\p{Lu}x",
                        "(?=\\d)", "\\d|x", "(?x) \\d", ".\\d"};
  size_t i;
  const char *dot = "(?<![\\d,.])(\\d{1,3})\\.(\\d{3})(?= people)";
  mtl_regex *re = compile(dot, 0);
  mtl_match mm;
  (void)state;
  assert_int_equal(mtl_regex_first_bytes(dot, strlen(dot), 0, m), 1);
  assert_true(has(m, '0') && has(m, '9') && has(m, 0xD9) && !has(m, 'a') && !has(m, '.'));
  assert_int_equal(mtl_regex_first_bytes("\\b(?:\\p{Lu}x|\\d)", 16, 0, m), 1);
  assert_true(has(m, 'A') && has(m, '5') && !has(m, 'a'));
  assert_int_equal(mtl_regex_first_bytes("\\p{Lu}", 6, MTL_RE_ICASE, m), 0);
  for (i = 0; i < sizeof none / sizeof *none; i++)
    assert_int_equal(mtl_regex_first_bytes(none[i], strlen(none[i]), 0, m), 0);
  /* compiled behind the lookahead, it matches as before, non-ASCII digits too */
  assert_int_equal(mtl_regex_match(re, "It drew 22.012 people.", 22, 0, &mm), 1);
  assert_int_equal(mm.start, 8);
  assert_int_equal(mm.ovec[3], 10);
  assert_int_equal(mtl_regex_match(re, "1.22.012 people", 15, 0, &mm), 0);
  assert_int_equal(mtl_regex_match(re, "\xD9\xA2.\xD9\xA0\xD9\xA1\xD9\xA2 people", 16, 0, &mm), 1);
  assert_int_equal(mm.start, 0);
  mtl_regex_free(re);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(first_bytes),
      cmocka_unit_test(compile_errors),
      cmocka_unit_test(match_basics),
      cmocka_unit_test(flags_icase_multiline),
      cmocka_unit_test(backslash_k),
      cmocka_unit_test(invalid_utf8_subject),
      cmocka_unit_test(catastrophic_pattern_hits_limit),
      cmocka_unit_test(templates),
      cmocka_unit_test(template_errors),
      cmocka_unit_test(threads_match_alike),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
