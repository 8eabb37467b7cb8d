/*
 * test_spelling.c - the spelling check kind: what it flags and skips, its
 * suggestions, its errors, the options' lists, and one engine linted from
 * several threads at once.  Rule files are written to a temporary folder.
 */
#include "testutil.h"
#include "dict.h"
#include "lint.h"
#include "mtlint.h"
#include "util.h"

#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static char tmpdir[] = "/tmp/mtl-spell-XXXXXX";

static void write_file(const char *name, const char *text) {
  char path[512];
  FILE *f;
  snprintf(path, sizeof path, "%s/%s", tmpdir, name);
  f = fopen(path, "wb");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
}

static const char rule_head[] =
    "pack: t\n"
    "description: test\n"
    "rules:\n"
    "  - id: t.spell\n"
    "    kind: spelling\n"
    "    severity: warning\n"
    "    message: \"unknown {detail} '{match}'\"\n"
    "    description: test\n"
    "    examples: {bad: [\"recieve\"], good: [\"receive\"]}\n";

/* Writes rules.yaml = rule_head + extra and builds an engine from it. */
static int engine_with(mtl_engine **eng, const char *extra, const char *base, mtl_error *e) {
  char path[512], *text;
  mtl_options *o;
  int rc;
  size_t n = strlen(rule_head) + strlen(extra) + 1;
  text = malloc(n);
  assert_non_null(text);
  snprintf(text, n, "%s%s", rule_head, extra);
  write_file("rules.yaml", text);
  free(text);
  snprintf(path, sizeof path, "%s/rules.yaml", tmpdir);
  assert_int_equal(mtl_options_new(&o), 0);
  mtl_options_use_builtin_rules(o, 0);
  assert_int_equal(mtl_options_add_rules(o, path), 0);
  if (base)
    assert_int_equal(mtl_options_set_base_dictionary(o, base), 0);
  memset(e, 0, sizeof *e);
  rc = mtl_engine_new(eng, o, e);
  mtl_options_free(o);
  return rc;
}

static const char news_lists[] =
    "    dictionaries: [" MTL_TEST_SRCDIR "/dictionaries/news.dic]\n"
    "    wordlists: [" MTL_TEST_SRCDIR "/dictionaries/news-words.txt]\n";

/* Lints text; returns the findings as "sev match>sugg|sugg;" lines in b. */
static void lint_to(mtl_buf *b, const mtl_engine *eng, const char *text) {
  mtl_result *res;
  mtl_error e;
  size_t i, j;
  assert_int_equal(mtl_lint(&res, eng, text, strlen(text), &e), 0);
  for (i = 0; i < mtl_result_count(res); i++) {
    const mtl_finding *f = mtl_result_finding(res, i);
    mtl_buf_printf(b, "%s %.*s", mtl_severity_name(f->severity),
                   (int)(f->end.offset - f->start.offset), text + f->start.offset);
    for (j = 0; j < f->n_suggestions; j++)
      mtl_buf_printf(b, "%c%s", j ? '|' : '>', f->suggestions[j]);
    mtl_buf_puts(b, ";");
  }
  mtl_result_free(res);
}

static void expect(const mtl_engine *eng, const char *text, const char *want) {
  mtl_buf b = {0};
  lint_to(&b, eng, text);
  if (!want[0]) {
    if (b.len)
      fail_msg("'%s' gave '%s', want nothing", text, b.data);
  } else if (!b.data || strcmp(b.data, want) != 0) {
    fail_msg("'%s' gave '%s', want '%s'", text, b.data ? b.data : "", want);
  }
  mtl_buf_free(&b);
}

static void flags_and_skips(void **state) {
  mtl_engine *eng;
  mtl_error e;
  (void)state;
  assert_int_equal(engine_with(&eng, news_lists, NULL, &e), 0);
  expect(eng, "They would recieve it.", "warning recieve>receive|relieve;");
  expect(eng, "Putin’s aide and Xi Jinping's envoy met the Houthis' leaders.", "");
  expect(eng, "The Uzbeks and Uyghurs, the CCP’s SCO summit, NATO.", "");
  expect(eng, "On Sept. 14, 2022 at 10:30, 300 troops and COVID-19 tests.", "");
  expect(eng, "See https://example.com/a or mail desk@example.org, @newsdesk, #Kyiv.", "");
  expect(eng, "Visit news.example.net and snake_case_words and a/b/pathword.", "");
  expect(eng, "Mixed iPhone and TikTok, ALLCAPS WORDSX, Кремль and 北京.", "");
  expect(eng, "A pro-Russian, anti-Western, state-backed view vis-à-vis Europe.", "");
  expect(eng, "Lockdowns and a livestream of a cyberattack.", "");
  /* hyphenated: only the unknown part */
  expect(eng, "The state-contoled media.", "warning contoled>consoled|condoled;");
  /* a known name in lower case: the right case is the one suggestion */
  expect(eng, "Then putin spoke.", "warning putin>Putin;");
  expect(eng, "Then nato spoke.", "warning nato>NATO;");
  /* a capitalised unknown word is a name: info, no suggestions */
  expect(eng, "Analyst Faulconbridgee said so.", "info Faulconbridgee;");
  /* the possessive is left out of the span */
  expect(eng, "The goverment’s plan.", "warning goverment>government;");
  /* a wrong variant stays unknown */
  expect(eng, "Troops left Izum.", "info Izum;");
  /* a one-letter word is under min_length */
  expect(eng, "Plan B and x.", "");
  mtl_engine_free(eng);
}

static void keys(void **state) {
  mtl_engine *eng;
  mtl_error e;
  (void)state;
  assert_int_equal(engine_with(&eng,
                               "    max_suggestions: 1\n"
                               "    min_length: 5\n"
                               "    capitalized_severity: error\n",
                               NULL, &e),
                   0);
  /* capitalized_severity never goes above the rule's severity */
  expect(eng, "They recieve whic teh Faulconbridgee.",
         "warning recieve>receive;warning Faulconbridgee;");
  mtl_engine_free(eng);
  assert_int_equal(engine_with(&eng, "    max_suggestions: 0\n", NULL, &e), 0);
  expect(eng, "They recieve it.", "warning recieve;");
  mtl_engine_free(eng);
}

static void local_lists(void **state) {
  mtl_engine *eng;
  mtl_error e;
  mtl_options *o;
  char path[512];
  (void)state;
  write_file("names.dic", "2\nBrakovsky/M\nMarvish/SM\n");
  write_file("words.txt", "# comment\n  spinbot  \nspinbots # trailing comment\n\nZorvania\r\n");
  assert_int_equal(engine_with(&eng, "    dictionaries: names.dic\n    wordlists: [words.txt]\n",
                               NULL, &e),
                   0);
  expect(eng, "Brakovsky’s spinbots met the Marvishes in Zorvania; a spinbot.", "");
  /* z and s are neighbouring keys: spinbots before spinbot */
  expect(eng, "Brakovskyi met spinbotz.", "info Brakovskyi;warning spinbotz>spinbots|spinbot;");
  mtl_engine_free(eng);

  /* the same lists through the options */
  snprintf(path, sizeof path, "%s/rules.yaml", tmpdir);
  assert_int_equal(mtl_options_new(&o), 0);
  mtl_options_use_builtin_rules(o, 0);
  assert_int_equal(mtl_options_add_rules(o, path), 0);
  snprintf(path, sizeof path, "%s/names.dic", tmpdir);
  assert_int_equal(mtl_options_add_dictionary(o, path), 0);
  snprintf(path, sizeof path, "%s/words.txt", tmpdir);
  assert_int_equal(mtl_options_add_wordlist(o, path), 0);
  write_file("rules.yaml", rule_head);
  assert_int_equal(mtl_engine_new(&eng, o, &e), 0);
  mtl_options_free(o);
  expect(eng, "Brakovsky’s spinbots met the Marvishes in Zorvania.", "");
  mtl_engine_free(eng);
}

static void errors(void **state) {
  mtl_engine *eng = NULL;
  mtl_error e;
  (void)state;
  assert_int_equal(engine_with(&eng, "    dictionaries: [no-such.dic]\n", NULL, &e), MTL_EDICT);
  assert_null(eng);
  assert_non_null(strstr(e.message, "no-such.dic"));
  assert_int_equal(e.line, 10);
  assert_true(strstr(e.file, "rules.yaml") != NULL);

  write_file("nocount.dic", "Brakovsky/M\n");
  assert_int_equal(engine_with(&eng, "    dictionaries: [nocount.dic]\n", NULL, &e), MTL_EDICT);
  assert_non_null(strstr(e.message, "word count"));

  assert_int_equal(engine_with(&eng, "    wordlists: [no-such.txt]\n", NULL, &e), MTL_EDICT);
  assert_non_null(strstr(e.message, "no-such.txt"));

  write_file("bad-utf8.txt", "caf\xe9\n");
  assert_int_equal(engine_with(&eng, "    wordlists: [bad-utf8.txt]\n", NULL, &e), MTL_EDICT);
  assert_non_null(strstr(e.message, "UTF-8"));

  assert_int_equal(engine_with(&eng, "", "/no/such/en_XX", &e), MTL_EDICT);
  assert_non_null(strstr(e.message, "/no/such/en_XX"));

  assert_int_equal(engine_with(&eng, "    capitalized_severity: loud\n", NULL, &e), MTL_ESCHEMA);
  assert_int_equal(engine_with(&eng, "    max_suggestions: 11\n", NULL, &e), MTL_ESCHEMA);
  assert_int_equal(engine_with(&eng, "    min_length: 0\n", NULL, &e), MTL_ESCHEMA);
  assert_int_equal(engine_with(&eng, "    dictionaries: {a: b}\n", NULL, &e), MTL_ESCHEMA);
  assert_int_equal(engine_with(&eng, "    spellings: [x]\n", NULL, &e), MTL_ESCHEMA);
}

/* Output does not depend on what the engine linted before (the cache). */
static void deterministic(void **state) {
  mtl_engine *a, *b;
  mtl_error e;
  mtl_buf x = {0}, y = {0};
  const char *text = "The goverment and putin, recieve, Faulconbridgee, xyzzyqwv.";
  (void)state;
  assert_int_equal(engine_with(&a, news_lists, NULL, &e), 0);
  assert_int_equal(engine_with(&b, news_lists, NULL, &e), 0);
  lint_to(&x, a, "The goverment recieve xyzzyqwv Faulconbridgee putin.");
  mtl_buf_free(&x);
  memset(&x, 0, sizeof x);
  lint_to(&x, a, text);
  lint_to(&y, b, text);
  assert_non_null(x.data);
  assert_string_equal(x.data, y.data);
  mtl_buf_free(&x);
  mtl_buf_free(&y);
  mtl_engine_free(a);
  mtl_engine_free(b);
}

/* Plain ASCII words take a fast path (8-byte chunks, the thread cache);
 * the findings must not depend on a word's length, on where it stands (the
 * last bytes of a text are not read a chunk at a time) or on whether the
 * thread cache has it. */
static void word_lengths(void **state) {
  static const char *const words[] = {
      "xq",        "xyzzyqw",    "xyzzyqwv",     "xyzzyqwvb",         "qwrtzpqwrtzpqwrt",
      "qwrtzpqwrtzpqwrtz",     "Xyzzyqwvb",    "xyZzyqwv",          "receive",
      "information",           "responsibilities", "Government", "goverment",
      "qwrtzpqwrtzpqwrtzpqwrtzpqwrtzpqwrtzpqwrtzpqwrtzpqwrtzpqwrtzpqwrtzpqwrtzpqwrtzpqwrtzpqwrtzpqwrtzpqwrtzp",
      "abcdefgh\xC3\xA9", "na\xC3\xAFve", "recieve's"};
  mtl_engine *eng;
  mtl_error e;
  size_t i;
  (void)state;
  assert_int_equal(engine_with(&eng, news_lists, NULL, &e), 0);
  for (i = 0; i < sizeof words / sizeof *words; i++) {
    mtl_buf one = {0}, two = {0}, want = {0};
    char text[400];
    lint_to(&one, eng, words[i]); /* at the very end: no whole chunk */
    snprintf(text, sizeof text, "%s %s and then some more words here.", words[i], words[i]);
    lint_to(&two, eng, text);
    mtl_buf_printf(&want, "%s%s", one.data ? one.data : "", one.data ? one.data : "");
    if (strcmp(two.data ? two.data : "", want.data ? want.data : ""))
      fail_msg("'%s' gave '%s', alone '%s'", text, two.data ? two.data : "",
               one.data ? one.data : "");
    mtl_buf_free(&one);
    mtl_buf_free(&two);
    mtl_buf_free(&want);
  }
  expect(eng, "xyzzyqwvb Xyzzyqwvb xyzzyqwvb", "warning xyzzyqwvb;info Xyzzyqwvb;warning xyzzyqwvb;");
  expect(eng, "receive information goverment goverment.",
         "warning goverment>government;warning goverment>government;");
  mtl_engine_free(eng);
}

/* The plain-word fast path (8-byte chunks, thread cache) gives what the
 * reference path (MTL_REFERENCE: shape_of, no thread cache) gives, on
 * random texts of words, near-words, names, addresses and odd bytes. */
static void fast_path_matches_reference(void **state) {
  static const char *const pieces[] = {
      "the", "The", "goverment", "government", "recieve", "Faulconbridgee", "putin", "Putin",
      "NATO", "iPhone", "xyzzyqwvb", "Xyzzyqwvb", "XYZZY", "abcdefgh", "Abcdefgh", "abcdefghi",
      "qwrtzpqwrtzpqwrtz", "state-contoled", "goverment\xE2\x80\x99s", "recieve's",
      "na\xC3\xAFve", "caf\xC3\xA9", "COVID-19", "x", "I", "a", "Q3", "e-mail", "don't",
      "vis-\xC3\xA0-vis", "Kyiv", "Izum", "zzz", "hellooo", "Mcdonald"};
  static const char *const seps[] = {" ", " ", " ", ", ", ". ", "\n", "@", "#", "/", "_",
                                     ".", "-", "\xE2\x80\x94", "'", " (", ") "};
  /* no suggestions: random words would make them the slow part */
  static const char lists[] = "    max_suggestions: 0\n"
                              "    dictionaries: [" MTL_TEST_SRCDIR "/dictionaries/news.dic]\n"
                              "    wordlists: [" MTL_TEST_SRCDIR "/dictionaries/news-words.txt]\n";
  mtl_engine *fast, *ref;
  mtl_error e;
  unsigned long seed = 12345;
  int round;
  (void)state;
  assert_int_equal(engine_with(&fast, lists, NULL, &e), 0);
  setenv("MTL_REFERENCE", "1", 1);
  assert_int_equal(engine_with(&ref, lists, NULL, &e), 0);
  unsetenv("MTL_REFERENCE");
  for (round = 0; round < 40; round++) {
    mtl_buf text = {0}, a = {0}, b = {0};
    int i;
    for (i = 0; i < 300; i++) {
      seed = seed * 6364136223846793005UL + 1442695040888963407UL;
      mtl_buf_puts(&text, pieces[(seed >> 33) % (sizeof pieces / sizeof *pieces)]);
      if (((seed >> 20) & 15) == 0) { /* a random ASCII word */
        int k, len = (int)((seed >> 40) % 19) + 1;
        for (k = 0; k < len; k++) {
          seed = seed * 6364136223846793005UL + 1442695040888963407UL;
          mtl_buf_putc(&text, (char)((seed >> 60) < 2 ? 'A' + (seed >> 35) % 26
                                                       : 'a' + (seed >> 35) % 26));
        }
      }
      mtl_buf_puts(&text, seps[(seed >> 50) % (sizeof seps / sizeof *seps)]);
    }
    mtl_buf_putc(&text, '\0');
    /* the last word ends the text (no whole chunk after it) */
    text.data[text.len - 2] = text.data[text.len - 2] == ' ' ? 'z' : text.data[text.len - 2];
    lint_to(&a, fast, text.data);
    lint_to(&a, fast, text.data); /* again, from the thread cache */
    lint_to(&b, ref, text.data);
    lint_to(&b, ref, text.data);
    if (strcmp(a.data ? a.data : "", b.data ? b.data : ""))
      fail_msg("round %d: fast '%s', reference '%s'", round, a.data, b.data);
    mtl_buf_free(&text);
    mtl_buf_free(&a);
    mtl_buf_free(&b);
  }
  mtl_engine_free(fast);
  mtl_engine_free(ref);
}

typedef struct job {
  const mtl_engine *eng;
  const char *text;
  const char *want;
  int bad;
} job;

static void *worker(void *arg) {
  job *j = arg;
  int k;
  for (k = 0; k < 20; k++) {
    mtl_buf b = {0};
    lint_to(&b, j->eng, j->text);
    if (!b.data || strcmp(b.data, j->want) != 0)
      j->bad = 1;
    mtl_buf_free(&b);
  }
  return NULL;
}

static void threads(void **state) {
  enum { N = 8 };
  mtl_engine *eng;
  mtl_error e;
  pthread_t t[N];
  job jobs[N];
  mtl_buf want[2] = {{0}, {0}};
  const char *texts[2] = {
      "The goverment recieve the pipline, said Faulconbridgee in Samarkand.",
      "Officals said the contoled media and putin’s aide would acomodate them."};
  int i;
  (void)state;
  assert_int_equal(engine_with(&eng, news_lists, NULL, &e), 0);
  {
    /* references from a second engine, so the threads start on a cold cache */
    mtl_engine *ref;
    assert_int_equal(engine_with(&ref, news_lists, NULL, &e), 0);
    lint_to(&want[0], ref, texts[0]);
    lint_to(&want[1], ref, texts[1]);
    mtl_engine_free(ref);
  }
  for (i = 0; i < N; i++) {
    jobs[i].eng = eng;
    jobs[i].text = texts[i % 2];
    jobs[i].want = want[i % 2].data;
    jobs[i].bad = 0;
    assert_int_equal(pthread_create(&t[i], NULL, worker, &jobs[i]), 0);
  }
  for (i = 0; i < N; i++) {
    pthread_join(t[i], NULL);
    assert_false(jobs[i].bad);
  }
  mtl_buf_free(&want[0]);
  mtl_buf_free(&want[1]);
  mtl_engine_free(eng);
}

/* Engines of their own on several threads: each loads its Hunspell handle
 * on its first word and destroys it when freed, all at once.  Hunspell
 * counts a process-wide table without a lock as handles (and added
 * dictionaries) come and go, so check_spelling.c serialises that; each
 * thread must still get the findings one engine gives alone. */
typedef struct own_job {
  mtl_engine *eng;
  const char *text, *want;
  int bad;
} own_job;

static void *own_engine(void *arg) {
  own_job *j = arg;
  mtl_buf b = {0};
  lint_to(&b, j->eng, j->text);
  j->bad = !b.data || strcmp(b.data, j->want) != 0;
  mtl_buf_free(&b);
  mtl_engine_free(j->eng);
  j->eng = NULL;
  return NULL;
}

static void engines_in_parallel(void **state) {
  enum { N = 4, ROUNDS = 3 };
  const char *text = "The goverment recieve the pipline, said Faulconbridgee in Samarkand.";
  mtl_engine *ref;
  mtl_error e;
  mtl_buf want = {0};
  pthread_t t[N];
  own_job jobs[N];
  int i, round;
  (void)state;
  assert_int_equal(engine_with(&ref, news_lists, NULL, &e), 0);
  lint_to(&want, ref, text);
  mtl_engine_free(ref);
  assert_non_null(want.data);
  for (round = 0; round < ROUNDS; round++) {
    for (i = 0; i < N; i++) { /* built here: engine_with writes the rule file */
      assert_int_equal(engine_with(&jobs[i].eng, news_lists, NULL, &e), 0);
      jobs[i].text = text;
      jobs[i].want = want.data;
      jobs[i].bad = 0;
    }
    for (i = 0; i < N; i++)
      assert_int_equal(pthread_create(&t[i], NULL, own_engine, &jobs[i]), 0);
    for (i = 0; i < N; i++) {
      pthread_join(t[i], NULL);
      assert_false(jobs[i].bad);
    }
  }
  mtl_buf_free(&want);
}

/* mtl_engine_preload: loading Hunspell before the first lint (on several
 * threads at once, twice) gives the findings of an engine that loads it at
 * its first word, news.dic and the word list included (queued until the
 * load, so a preload that skipped them would flag Faulconbridge); no engine
 * is an error. */
typedef struct preload_job {
  const mtl_engine *eng;
  const char *text, *want;
  int rc, bad;
} preload_job;

static void *preload_and_lint(void *arg) {
  preload_job *j = arg;
  mtl_buf b = {0};
  mtl_error e;
  j->rc = mtl_engine_preload(j->eng, &e);
  lint_to(&b, j->eng, j->text);
  j->bad = !b.data || strcmp(b.data, j->want) != 0;
  mtl_buf_free(&b);
  return NULL;
}

/* The findings of an engine that loads its dictionaries at the first word
 * (news.dic and the word list included: Faulconbridge is not flagged,
 * Faulconbridgee is), into want. */
static void lazy_findings(mtl_buf *want, const char *text) {
  mtl_engine *lazy;
  mtl_error e;
  assert_int_equal(engine_with(&lazy, news_lists, NULL, &e), 0);
  lint_to(want, lazy, text);
  mtl_engine_free(lazy);
  assert_non_null(want->data);
  assert_non_null(strstr(want->data, "Faulconbridgee"));
  assert_null(strstr(want->data, "Faulconbridge;"));
  assert_null(strstr(want->data, "Faulconbridge>"));
}

static void preload(void **state) {
  enum { N = 4 };
  const char *text = "The goverment recieve it, said Faulconbridge and Faulconbridgee.";
  mtl_engine *eng;
  mtl_error e;
  mtl_buf want = {0};
  pthread_t t[N];
  preload_job jobs[N];
  int i;
  (void)state;
  lazy_findings(&want, text);
  assert_int_equal(engine_with(&eng, news_lists, NULL, &e), 0);
  for (i = 0; i < N; i++) {
    jobs[i].eng = eng;
    jobs[i].text = text;
    jobs[i].want = want.data;
    jobs[i].rc = -100;
    jobs[i].bad = 0;
    assert_int_equal(pthread_create(&t[i], NULL, preload_and_lint, &jobs[i]), 0);
  }
  for (i = 0; i < N; i++) {
    pthread_join(t[i], NULL);
    assert_int_equal(jobs[i].rc, 0);
    assert_false(jobs[i].bad);
  }
  assert_int_equal(mtl_engine_preload(eng, &e), 0); /* again: nothing to do */
  mtl_engine_free(eng);
  mtl_buf_free(&want);
  memset(&e, 0, sizeof e);
  assert_int_equal(mtl_engine_preload(NULL, &e), MTL_EINVAL);
  assert_int_equal(e.code, MTL_EINVAL);
}

/* mtl_dictionary_prefetch: the base dictionary loaded on one thread while
 * the engine is built on another, then taken over at the first word: the
 * findings of an engine that loads its own (news.dic and the word list are
 * added to the taken handle, or Faulconbridge would be flagged); taken once,
 * after which a prefetch does nothing until mtl_dictionary_prefetch_free; a
 * missing stem is MTL_EDICT and leaves nothing; one for another stem (here
 * the same files by another path) is not taken, and is freed. */
static void *prefetch_default(void *arg) {
  *(int *)arg = mtl_dictionary_prefetch(NULL, NULL);
  return NULL;
}

static void prefetch(void **state) {
  const char *text = "The goverment recieve it, said Faulconbridge and Faulconbridgee.";
  mtl_engine *eng;
  mtl_error e;
  mtl_buf want = {0}, got = {0};
  pthread_t t;
  int rc = -100;
  (void)state;
  lazy_findings(&want, text);
  assert_non_null(strstr(want.data, "goverment"));

  memset(&e, 0, sizeof e);
  assert_int_equal(mtl_dictionary_prefetch("/nonexistent/xx_YY", &e), MTL_EDICT);
  assert_int_equal(e.code, MTL_EDICT);
  assert_non_null(strstr(e.message, "/nonexistent/xx_YY"));
  assert_int_equal(mtl_spell_prefetch_state(), 0);

  assert_int_equal(pthread_create(&t, NULL, prefetch_default, &rc), 0);
  assert_int_equal(engine_with(&eng, news_lists, NULL, &e), 0);
  while (mtl_spell_prefetch_state() == 0) /* an engine first to load loads its own */
    sched_yield();
  lint_to(&got, eng, text); /* takes it over, waiting if it is still loading */
  assert_int_equal(pthread_join(t, NULL), 0);
  assert_int_equal(rc, 0);
  assert_int_equal(mtl_spell_prefetch_state(), 3);
  assert_non_null(got.data);
  assert_string_equal(got.data, want.data);
  mtl_engine_free(eng);
  assert_int_equal(mtl_dictionary_prefetch(NULL, &e), 0); /* spent: nothing */
  assert_int_equal(mtl_spell_prefetch_state(), 3);
  mtl_dictionary_prefetch_free();
  assert_int_equal(mtl_spell_prefetch_state(), 0);

  assert_int_equal(mtl_dictionary_prefetch("/usr/share/hunspell/../hunspell/en_US", &e), 0);
  assert_int_equal(mtl_spell_prefetch_state(), 2);
  assert_int_equal(engine_with(&eng, news_lists, NULL, &e), 0);
  got.len = 0;
  lint_to(&got, eng, text);
  assert_string_equal(got.data, want.data);
  assert_int_equal(mtl_spell_prefetch_state(), 2); /* not taken */
  mtl_engine_free(eng);
  mtl_dictionary_prefetch_free();
  assert_int_equal(mtl_spell_prefetch_state(), 0);
  mtl_buf_free(&want);
  mtl_buf_free(&got);
}

static int setup(void **state) {
  (void)state;
  return mkdtemp(tmpdir) ? 0 : -1;
}

/* MTL_LINT_NO_SUGGEST (the language server's typing lints): the same
 * findings and messages, no suggestions, the skipped ones marked deferred;
 * a rule whose message shows {suggestion} keeps them. */
static void no_suggest(void **state) {
  static const char text[] = "They would recieve Faulconbridgee and recieve it.";
  mtl_engine *eng;
  mtl_result *a, *b;
  mtl_error e;
  char path[512];
  mtl_options *o;
  size_t i;
  (void)state;
  assert_int_equal(engine_with(&eng, news_lists, NULL, &e), 0);
  assert_int_equal(mtl_lint(&a, eng, text, strlen(text), &e), 0);
  assert_int_equal(mtl_lint_flags(&b, eng, text, strlen(text), MTL_LINT_NO_SUGGEST, &e), 0);
  assert_int_equal(mtl_result_count(a), 3);
  assert_int_equal(mtl_result_count(b), 3);
  for (i = 0; i < 3; i++) {
    const mtl_finding *fa = mtl_result_finding(a, i), *fb = mtl_result_finding(b, i);
    int name = i == 1;
    assert_int_equal(fa->start.offset, fb->start.offset);
    assert_int_equal(fa->end.offset, fb->end.offset);
    assert_string_equal(fa->message, fb->message);
    assert_int_equal(fb->n_suggestions, 0);
    assert_int_equal(fa->n_suggestions, name ? 0 : 2);
    assert_int_equal(mtl_result_sugg_deferred(b, i), !name);
    assert_int_equal(mtl_result_sugg_deferred(a, i), 0);
  }
  mtl_result_free(a);
  mtl_result_free(b);
  /* cached suggestions (from the lint above) are not used either */
  assert_int_equal(mtl_lint_flags(&b, eng, text, strlen(text), MTL_LINT_NO_SUGGEST, &e), 0);
  assert_int_equal(mtl_result_finding(b, 0)->n_suggestions, 0);
  mtl_result_free(b);
  mtl_engine_free(eng);

  write_file("rules.yaml", "pack: t\n"
                           "description: test\n"
                           "rules:\n"
                           "  - id: t.spell\n"
                           "    kind: spelling\n"
                           "    severity: warning\n"
                           "    message: \"'{match}': did you mean '{suggestion}'?\"\n"
                           "    description: test\n"
                           "    examples: {bad: [\"recieve\"], good: [\"receive\"]}\n");
  snprintf(path, sizeof path, "%s/rules.yaml", tmpdir);
  assert_int_equal(mtl_options_new(&o), 0);
  mtl_options_use_builtin_rules(o, 0);
  assert_int_equal(mtl_options_add_rules(o, path), 0);
  assert_int_equal(mtl_engine_new(&eng, o, &e), 0);
  mtl_options_free(o);
  assert_int_equal(mtl_lint_flags(&b, eng, "We recieve.", 11, MTL_LINT_NO_SUGGEST, &e), 0);
  assert_int_equal(mtl_result_count(b), 1);
  assert_string_equal(mtl_result_finding(b, 0)->message, "'recieve': did you mean 'receive'?");
  assert_int_equal(mtl_result_finding(b, 0)->n_suggestions, 2);
  assert_int_equal(mtl_result_sugg_deferred(b, 0), 0);
  mtl_result_free(b);
  mtl_engine_free(eng);
}

static int teardown(void **state) {
  const char *names[] = {"rules.yaml", "names.dic", "words.txt", "nocount.dic", "bad-utf8.txt"};
  char path[512];
  size_t i;
  (void)state;
  for (i = 0; i < sizeof names / sizeof *names; i++) {
    snprintf(path, sizeof path, "%s/%s", tmpdir, names[i]);
    unlink(path);
  }
  rmdir(tmpdir);
  return 0;
}

/* The built-in rule file's lists: the big word lists, the news lists,
 * the phrases and the names. */
static const char big_lists[] =
    "    dictionaries: [" MTL_TEST_SRCDIR "/dictionaries/news.dic]\n"
    "    wordlists: [" MTL_TEST_SRCDIR "/dictionaries/news-words.txt]\n"
    "    us_words: /usr/share/dict/american-english-huge\n"
    "    gb_words: /usr/share/dict/british-english-huge\n"
    "    gb_dictionary: /usr/share/hunspell/en_GB\n"
    "    phrases: [" MTL_TEST_SRCDIR "/dictionaries/phrases.txt]\n"
    "    names: [" MTL_TEST_SRCDIR "/rules/proper-nouns.txt, " MTL_TEST_SRCDIR
    "/dictionaries/news.dic]\n";

/* Real typos keep Hunspell's top suggestion (hunspell -a on en_US), from
 * the lexicon's one-edit neighbours alone. */
static void typo_suggestions(void **state) {
  static const char *const typos[][2] = {
      {"adminstration", "administration"}, {"accomodations", "accommodations"},
      {"severly", "severely"},             {"preceeded", "preceded"},
      {"goverment", "government"},         {"sutomatic", "automatic"},
      {"recieve", "receive"},              {"becuase", "because"}};
  mtl_engine *eng;
  mtl_error e;
  size_t i;
  (void)state;
  assert_int_equal(engine_with(&eng, big_lists, NULL, &e), 0);
  for (i = 0; i < sizeof typos / sizeof *typos; i++) {
    mtl_result *res;
    char text[128];
    snprintf(text, sizeof text, "They saw the %s there.", typos[i][0]);
    assert_int_equal(mtl_lint(&res, eng, text, strlen(text), &e), 0);
    if (mtl_result_count(res) != 1 || mtl_result_finding(res, 0)->n_suggestions == 0 ||
        strcmp(mtl_result_finding(res, 0)->suggestions[0], typos[i][1]) != 0)
      fail_msg("%s: want %s first, got %s", typos[i][0], typos[i][1],
               mtl_result_count(res) && mtl_result_finding(res, 0)->n_suggestions
                   ? mtl_result_finding(res, 0)->suggestions[0]
                   : "nothing");
    mtl_result_free(res);
  }
  /* a word with no near neighbour gets no suggestion */
  expect(eng, "The qzxvbnmqpl was there.", "warning qzxvbnmqpl;");
  mtl_engine_free(eng);
}

/* Words the big lists know, names, hyphenated names, phrases, invisible
 * characters, compounds and repeated terms. */
static void news_vocabulary(void **state) {
  mtl_engine *eng;
  mtl_error e;
  (void)state;
  assert_int_equal(engine_with(&eng, big_lists, NULL, &e), 0);
  /* both varieties and news words from the big lists */
  expect(eng, "The weeklong offseason saw premarket and intraday trading.", "");
  expect(eng, "The colour of the centre and the defence organisations.", "");
  expect(eng, "Sentence-initial Weeklong talks ended.", "");
  /* a hyphenated name is one name, not "un" */
  expect(eng, "Kim Jong-un met Lai Ching-te.", "");
  expect(eng, "Kim Jarv-un met Lai Chorv-te.", "info Jarv-un;info Chorv-te;");
  /* fixed foreign phrases, and their words alone */
  expect(eng, "It is a de facto ban; they left en masse, per se, inter alia pro bono.", "");
  expect(eng, "Pro bono work, in loco parentis.", "");
  /* alone, or split by punctuation, the words are checked */
  expect(eng, "The alia was bono.", "warning alia>alias|aliya|ala;warning bono>Bono;");
  expect(eng, "Work done pro, bono.", "warning bono>Bono;");
  /* soft hyphens and zero-width spaces inside words */
  expect(eng, "The gov\xC2\xAD" "ern\xC2\xAD" "ment met in Wash\xE2\x80\x8Bington.", "");
  expect(eng, "The gov\xC2\xAD" "er\xC2\xAD" "ment met.", "warning gov\xC2\xAD" "er\xC2\xAD" "ment>government;");
  /* two known words run together: a compound, info */
  expect(eng, "The team played a homestand.", "info homestand;");
  /* an unknown word used three times in the article: a term, info */
  expect(eng, "The zorblats came. Zorblats are rare; zorblats and zorblats.",
         "info zorblats;info Zorblats;info zorblats;info zorblats;");
  expect(eng, "The zorblats came; zorblats.", "warning zorblats;warning zorblats;");
  /* censored words */
  expect(eng, "He said f---ing loudly and f--k too.", "");
  mtl_engine_free(eng);
}

/* What an unknown lower-case word most likely is when it is no typo:
 * speech written as spoken, a coinage, a foreign or mentioned word; and
 * the typos that must stay warnings beside them. */
static void unknown_word_kinds(void **state) {
  mtl_engine *eng;
  mtl_error e;
  (void)state;
  assert_int_equal(engine_with(&eng, big_lists, NULL, &e), 0);
  /* elided: a dropped g, a short word's last letter, a noun's 'd */
  expect(eng, "He was talkin' and fixin' the ol' gate; they OK'd it.", "");
  expect(eng, "He was fixin\xE2\x80\x99 th\xE2\x80\x99 gate.", "");
  expect(eng, "He was recievin' it.", "warning recievin;");
  /* a known word with a prefix or suffix English adds freely */
  expect(eng, "The strollist, the voterette and the unfizzy plan.",
         "info strollist;info voterette;info unfizzy;");
  /* a compound with a short head; a hyphenated word the lists write solid */
  expect(eng, "A homerun, a bossman and the kinder-garten.", "info homerun;info bossman;");
  expect(eng, "A goverman.", "warning goverman>overman;");
  /* written open: one unknown half beside a known one; and -st */
  expect(eng, "The kinder garten met, as thou makest.", "info garten;info makest;");
  expect(eng, "The gover nment met.", "warning gover>giver|gofer|hover;warning nment>ment|ament;");
  /* beside a function word of another language */
  expect(eng, "The sign read le magasin ferm\xC3\xA9 today.", "info magasin;info ferm\xC3\xA9;");
  expect(eng, "The maitre d'zorbel came.", "info maitre;info d'zorbel;");
  expect(eng, "Smith et al. recieved it.", "warning recieved>received|relieved;");
  /* mentioned: the one word of a quotation, or with its meaning */
  expect(eng, "Locals call them \"grobbles,\" she said; \xE2\x80\x9Czorps\xE2\x80\x9D too.",
         "info grobbles;info zorps;");
  expect(eng, "They held a mihimihi (greeting) and the Latin zorbus, meaning wheel.",
         "info mihimihi;info zorbus;");
  expect(eng, "They held a mihimihi (Greeting) and the \"recieved letter\".",
         "warning mihimihi;warning recieved>received|relieved;");
  /* a hyphenated name after a name; a known word in the wrong case is not one */
  expect(eng, "They met Sun Ma-lurg on Monday.", "info Ma-lurg;");
  expect(eng, "The Anti-goverment rally and the Inter-asian talks.",
         "warning goverment>government;warning asian>Asian;");
  mtl_engine_free(eng);
}

/* A name one typo away from a name used more often in the article, or
 * from a listed name, is a warning suggesting it; other names are info. */
static void name_near_misses(void **state) {
  mtl_engine *eng;
  mtl_error e;
  (void)state;
  assert_int_equal(engine_with(&eng, big_lists, NULL, &e), 0);
  expect(eng, "Aid reached Rukban. The Rukban camp is near Jordan. Rubkan is far.",
         "info Rukban;info Rukban;warning Rubkan>Rukban;");
  /* the last two letters swapped, a consonant dropped or added: the name
   * used more often wins, in whatever order they come */
  expect(eng, "Rukbna is far. Aid reached Rukban. The Rukban camp is near Jordan.",
         "warning Rukbna>Rukban;info Rukban;info Rukban;");
  expect(eng, "Aid reached Rukban and Rukban. Rukan and Rukbran are far.",
         "info Rukban;info Rukban;warning Rukan>Rukban;warning Rukbran>Rukban;");
  /* used as often: no way to tell which is right */
  expect(eng, "Aid reached Rukban. Rubkan is far.", "info Rukban;info Rubkan;");
  /* a listed name with a letter left out or swapped */
  expect(eng, "Officials in Kazahkstan and Afhganistan agreed.",
         "warning Kazahkstan>Kazakhstan;warning Afhganistan>Afghanistan;");
  /* the last two letters swapped, a consonant added or dropped */
  expect(eng, "Officials in Kazakhstna, Kazakhstran and Kazakhsan agreed.",
         "warning Kazakhstna>Kazakhstan;warning Kazakhstran>Kazakhstan;"
         "warning Kazakhsan>Kazakhstan;");
  /* two letters swapped that are not typo consonants (the filter's key
   * of the swap, spell.h) */
  expect(eng, "Officials in Afgahnistan and Azerbiajan agreed.",
         "warning Afgahnistan>Afghanistan;warning Azerbiajan>Azerbaijan;");
  /* transliterations and other names: a vowel, h, w, y, a doubled letter
   * or a changed letter are not typos */
  expect(eng, "Bashir met Bashar and Bashar; Cristian met Christian and Christian.",
         "info Bashir;info Cristian;");
  mtl_engine_free(eng);
}

/* spelling.mixed-variety: one info per article with both varieties
 * (language auto); with en-US or en-GB each word of the other variety. */
static void varieties(void **state) {
  static const char rule[] =
      "pack: t\n"
      "description: test\n"
      "rules:\n"
      "  - id: t.var\n"
      "    kind: spelling\n"
      "    report: variety\n"
      "    severity: warning\n"
      "    message: \"{detail}: '{match}'\"\n"
      "    description: test\n"
      "    examples: {bad: [\"colour and color\"], good: [\"colour\"]}\n"
      "    us_words: /usr/share/dict/american-english-huge\n"
      "    gb_words: /usr/share/dict/british-english-huge\n";
  const char *langs[] = {NULL, "en-US", "en-GB"};
  const char *want[][3] = {
      /* mixed, British only, Oxford -ize with British -our */
      {"info colour;", "", ""},
      {"warning colour;warning centre;", "warning colour;warning centre;", "warning organize;"},
      {"warning color;", "", ""}};
  static const char *const texts[] = {
      "The color of the center and the colour of the flag, the color again.",
      "The colour of the centre.",
      "We organize the colour, and they organize it."};
  size_t l, t;
  char path[512];
  (void)state;
  write_file("var.yaml", rule);
  snprintf(path, sizeof path, "%s/var.yaml", tmpdir);
  for (l = 0; l < 3; l++) {
    mtl_options *o;
    mtl_engine *eng;
    mtl_error e;
    assert_int_equal(mtl_options_new(&o), 0);
    mtl_options_use_builtin_rules(o, 0);
    assert_int_equal(mtl_options_add_rules(o, path), 0);
    if (langs[l])
      assert_int_equal(mtl_options_set_language(o, langs[l]), 0);
    assert_int_equal(mtl_engine_new(&eng, o, &e), 0);
    mtl_options_free(o);
    for (t = 0; t < 3; t++) {
      const char *w = l == 0 ? (t == 0 ? "info colour;" : "")
                             : l == 1 ? (t == 0 ? "warning colour;" : t == 1 ? "warning colour;warning centre;" : "warning colour;")
                                      : (t == 0 ? "warning color;warning center;warning color;" : "");
      expect(eng, texts[t], w);
    }
    mtl_engine_free(eng);
  }
  (void)want;
  {
    mtl_options *o;
    assert_int_equal(mtl_options_new(&o), 0);
    assert_int_equal(mtl_options_set_language(o, "en-AU"), MTL_EINVAL);
    assert_int_equal(mtl_options_set_language(o, "auto"), 0);
    mtl_options_free(o);
  }
}

/* Suggestions cost a bounded number of look-ups per letter: random words
 * (no near neighbour) take time linear in the input.  A ratio, not a
 * timed limit: 10x the words may take at most ~25x the time (before the
 * lexicon each such word asked Hunspell's suggest, tens of milliseconds
 * for 12 letters and far more for 40: issue "linear time").  CPU time of
 * the process, not wall time, so that a loaded machine (ctest -j) does
 * not read as superlinear work. */
static double lint_random_words(const mtl_engine *eng, size_t count, size_t len,
                                unsigned long seed) {
  mtl_buf text = {0};
  mtl_result *res;
  mtl_error e;
  struct timespec a, b;
  size_t i, k;
  for (i = 0; i < count; i++) {
    for (k = 0; k < len; k++) {
      seed = seed * 6364136223846793005UL + 1442695040888963407UL;
      mtl_buf_putc(&text, (char)('a' + (seed >> 33) % 26));
    }
    mtl_buf_puts(&text, i % 12 == 11 ? ".\n\n" : " ");
  }
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
  assert_int_equal(mtl_lint(&res, eng, text.data, text.len, &e), 0);
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
  assert_true(mtl_result_count(res) >= count / 2);
  mtl_result_free(res);
  mtl_buf_free(&text);
  return (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) * 1e-9;
}

static void random_words_linear(void **state) {
  static const size_t lens[] = {12, 40};
  mtl_engine *eng;
  mtl_error e;
  size_t i;
  (void)state;
  assert_int_equal(engine_with(&eng, big_lists, NULL, &e), 0);
  (void)lint_random_words(eng, 20, 12, 1); /* loads the lists */
  for (i = 0; i < 2; i++) {
    size_t n = lens[i] == 12 ? 500 : 30;
    /* fresh words each time (different seeds): nothing cached; the best
     * of three runs of each size, so a busy machine (ctest -j) that
     * preempts one run does not read as superlinear work */
    double small = 1e9, big = 1e9;
    unsigned long r;
    for (r = 0; r < 3; r++) {
      double t = lint_random_words(eng, n, lens[i], 7 + i + 10 * r);
      small = t < small ? t : small;
      t = lint_random_words(eng, 10 * n, lens[i], 1000 + i + 10 * r);
      big = t < big ? t : big;
    }
    if (small < 0.002)
      small = 0.002; /* too short to time: compare with 2 ms */
    if (big > 25 * small)
      fail_msg("%zu random %zu-letter words: %.3f s, ten times as many: %.3f s", n, lens[i],
               small, big);
  }
  mtl_engine_free(eng);
}

/* Another language: one input.other-language finding, no rule runs;
 * English with a foreign quotation stays English. */
static void other_language(void **state) {
  static const char de[] =
      "Der Minister sagte am Montag, dass die Regierung die Pl\xC3\xA4ne f\xC3\xBCr das neue "
      "Gesetz nicht \xC3\xA4ndern werde. Die Opposition kritisierte den Entwurf und forderte "
      "eine Debatte. Es ist noch nicht klar, wann das Parlament abstimmen wird.";
  static const char fr[] =
      "Le ministre a dit lundi que le gouvernement ne changerait pas ses plans pour la "
      "nouvelle loi. L'opposition a critiqu\xC3\xA9 le projet et les d\xC3\xA9put\xC3\xA9s ne "
      "sont pas d'accord sur la date du vote, qui est pour le moment inconnue.";
  static const char en[] =
      "The minister said on Monday that the government would not change its plans. A "
      "banner read \"Wir sind das Volk und wir sind nicht allein\" as the crowd, which was "
      "large, sang. The opposition said it was not clear when the vote would be held.";
  mtl_engine *eng;
  mtl_error e;
  mtl_result *res;
  const char *texts[] = {de, fr, en};
  size_t i;
  (void)state;
  assert_int_equal(engine_with(&eng, news_lists, NULL, &e), 0);
  for (i = 0; i < 3; i++) {
    assert_int_equal(mtl_lint(&res, eng, texts[i], strlen(texts[i]), &e), 0);
    if (i < 2) {
      assert_int_equal(mtl_result_count(res), 1);
      assert_string_equal(mtl_result_finding(res, 0)->rule, "input.other-language");
      assert_int_equal(mtl_result_finding(res, 0)->severity, MTL_SEV_INFO);
      assert_non_null(strstr(mtl_result_finding(res, 0)->message, i ? "French" : "German"));
    } else {
      size_t k;
      for (k = 0; k < mtl_result_count(res); k++)
        assert_string_not_equal(mtl_result_finding(res, k)->rule, "input.other-language");
    }
    mtl_result_free(res);
  }
  mtl_engine_free(eng);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(flags_and_skips), cmocka_unit_test(keys),
      cmocka_unit_test(local_lists),     cmocka_unit_test(errors),
      cmocka_unit_test(deterministic),   cmocka_unit_test(threads),
      cmocka_unit_test(engines_in_parallel), cmocka_unit_test(preload),
      cmocka_unit_test(prefetch),
      cmocka_unit_test(no_suggest),      cmocka_unit_test(word_lengths),
      cmocka_unit_test(fast_path_matches_reference),
      cmocka_unit_test(typo_suggestions), cmocka_unit_test(news_vocabulary),
      cmocka_unit_test(name_near_misses), cmocka_unit_test(varieties),
      cmocka_unit_test(unknown_word_kinds),
      cmocka_unit_test(random_words_linear), cmocka_unit_test(other_language),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
