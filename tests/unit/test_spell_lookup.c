/*
 * test_spell_lookup.c - the spelling verdict cache (spell_lookup.c) from
 * several threads: one engine's shared table filled and grown by four
 * threads at once gives the findings a fresh engine gives on one thread,
 * and words the word lists decide never wait for the Hunspell lock.
 * Needs Debian's wamerican-huge and wbritish-huge, as the built-in rules.
 */
#include "testutil.h"
#include "engine.h"
#include "mtlint.h"
#include "spell.h"
#include "util.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static char tmpdir[] = "/tmp/mtl-spell-lookup-XXXXXX";
static char rules_path[512];

#define US_WORDS "/usr/share/dict/american-english-huge"

static const char rules[] =
    "pack: t\n"
    "description: test\n"
    "rules:\n"
    "  - id: t.spell\n"
    "    kind: spelling\n"
    "    severity: warning\n"
    "    message: \"unknown {detail} '{match}'\"\n"
    "    description: test\n"
    "    examples: {bad: [\"recieve\"], good: [\"receive\"]}\n"
    "    dictionaries: [" MTL_TEST_SRCDIR "/dictionaries/news.dic]\n"
    "    wordlists: [" MTL_TEST_SRCDIR "/dictionaries/news-words.txt]\n"
    "    us_words: " US_WORDS "\n"
    "    gb_words: /usr/share/dict/british-english-huge\n"
    "    gb_dictionary: /usr/share/hunspell/en_GB\n"
    "  - id: t.variety\n"
    "    kind: spelling\n"
    "    report: variety\n"
    "    severity: warning\n"
    "    message: \"{detail}: '{match}'\"\n"
    "    description: test\n"
    "    examples: {bad: [\"colour and color\"], good: [\"colour\"]}\n"
    "    us_words: " US_WORDS "\n"
    "    gb_words: /usr/share/dict/british-english-huge\n";

static mtl_engine *new_engine(void) {
  mtl_options *o;
  mtl_engine *eng = NULL;
  mtl_error e;
  assert_int_equal(mtl_options_new(&o), 0);
  mtl_options_use_builtin_rules(o, 0);
  assert_int_equal(mtl_options_add_rules(o, rules_path), 0);
  if (mtl_engine_new(&eng, o, &e) != 0)
    fail_msg("engine: %s", e.message);
  mtl_options_free(o);
  return eng;
}

/* Lints text; appends its findings to b as "rule sev match>sugg|sugg;". */
static void lint_to(mtl_buf *b, const mtl_engine *eng, const char *text) {
  mtl_result *res;
  mtl_error e;
  size_t i, j;
  assert_int_equal(mtl_lint(&res, eng, text, strlen(text), &e), 0);
  for (i = 0; i < mtl_result_count(res); i++) {
    const mtl_finding *f = mtl_result_finding(res, i);
    mtl_buf_printf(b, "%s %s %.*s", f->rule, mtl_severity_name(f->severity),
                   (int)(f->end.offset - f->start.offset), text + f->start.offset);
    for (j = 0; j < f->n_suggestions; j++)
      mtl_buf_printf(b, "%c%s", j ? '|' : '>', f->suggestions[j]);
    mtl_buf_puts(b, ";");
  }
  mtl_buf_puts(b, "\n");
  mtl_result_free(res);
}

/* ------------------------------------------------------------------ */
/* Four threads fill one engine's table.                               */

enum { NWORDS = 1200, NTHREADS = 4, PER_ARTICLE = 48 };
static char words[NWORDS][16];

/* Every 53rd plain lower-case word of 4 to 12 letters of the big list. */
static int read_words(void) {
  FILE *f = fopen(US_WORDS, "r");
  char line[128];
  size_t n = 0, k = 0;
  if (!f)
    return 0;
  while (n < NWORDS && fgets(line, sizeof line, f)) {
    size_t len = strcspn(line, "\n"), i;
    for (i = 0; i < len && line[i] >= 'a' && line[i] <= 'z'; i++) {
    }
    if (i != len || len < 4 || len > 12 || k++ % 53)
      continue;
    memcpy(words[n], line, len);
    words[n++][len] = '\0';
  }
  fclose(f);
  return n == NWORDS;
}

/* Word i of the stream, as one of four forms: the word, a typo (two
 * letters swapped: suggestions), a made-up name, or two words hyphenated
 * (Hunspell decides those). */
static void form(mtl_buf *b, size_t i) {
  const char *w = words[i % NWORDS];
  size_t n = strlen(w);
  switch ((i / NWORDS + i) % 4) {
  case 0:
    mtl_buf_puts(b, w);
    break;
  case 1:
    mtl_buf_put(b, w, 1);
    mtl_buf_putc(b, w[2]);
    mtl_buf_putc(b, w[1]);
    mtl_buf_puts(b, w + 3);
    break;
  case 2:
    mtl_buf_putc(b, (char)(w[0] - 'a' + 'A'));
    mtl_buf_put(b, w + 1, n - 1);
    mtl_buf_puts(b, "vorq");
    break;
  default:
    mtl_buf_puts(b, w);
    mtl_buf_putc(b, '-');
    mtl_buf_puts(b, words[(i * 7 + 3) % NWORDS]);
  }
}

/* Article a of thread t: PER_ARTICLE words of the stream, starting where
 * thread t starts (the threads meet the same words in other orders). */
static void article(mtl_buf *b, int t, size_t a) {
  size_t i, first = (size_t)t * (NWORDS / NTHREADS) + a * PER_ARTICLE;
  b->len = 0;
  mtl_buf_puts(b, "The ");
  for (i = 0; i < PER_ARTICLE; i++) {
    form(b, first + i);
    mtl_buf_puts(b, i % 12 == 11 ? ". The " : " ");
  }
  mtl_buf_puts(b, "end.");
}

#define NARTICLES (2 * NWORDS / PER_ARTICLE)

typedef struct job {
  const mtl_engine *eng;
  int t;
  mtl_buf out;
} job;

static void *fill(void *arg) {
  job *j = arg;
  mtl_buf text = {0};
  size_t a;
  for (a = 0; a < NARTICLES; a++) {
    article(&text, j->t, a);
    lint_to(&j->out, j->eng, text.data);
  }
  mtl_buf_free(&text);
  return NULL;
}

static void shared_table(void **state) {
  mtl_engine *eng, *ref;
  pthread_t th[NTHREADS];
  job jobs[NTHREADS];
  spell_state *st;
  int t;
  (void)state;
  if (!read_words())
    skip();
  eng = new_engine();
  for (t = 0; t < NTHREADS; t++) {
    memset(&jobs[t], 0, sizeof jobs[t]);
    jobs[t].eng = eng;
    jobs[t].t = t;
    assert_int_equal(pthread_create(&th[t], NULL, fill, &jobs[t]), 0);
  }
  for (t = 0; t < NTHREADS; t++)
    assert_int_equal(pthread_join(th[t], NULL), 0);
  /* the table grew while the threads read it */
  st = eng->spell;
  assert_true(st->count > 3 * 1024);
  /* a fresh engine on this thread, thread by thread */
  ref = new_engine();
  for (t = 0; t < NTHREADS; t++) {
    job one;
    memset(&one, 0, sizeof one);
    one.eng = ref;
    one.t = t;
    fill(&one);
    assert_non_null(jobs[t].out.data);
    assert_non_null(strstr(jobs[t].out.data, "t.spell warning"));
    assert_non_null(strchr(jobs[t].out.data, '>')); /* suggestions */
    if (strcmp(one.out.data, jobs[t].out.data) != 0)
      fail_msg("thread %d: findings differ from one engine on one thread", t);
    mtl_buf_free(&one.out);
    mtl_buf_free(&jobs[t].out);
  }
  mtl_engine_free(ref);
  mtl_engine_free(eng);
}

/* ------------------------------------------------------------------ */
/* The Hunspell lock.                                                   */

typedef struct lock_job {
  const mtl_engine *eng;
  const char *text;
  mtl_buf out;
  int done; /* __atomic */
} lock_job;

static void *lint_one(void *arg) {
  lock_job *j = arg;
  lint_to(&j->out, j->eng, j->text);
  __atomic_store_n(&j->done, 1, __ATOMIC_RELEASE);
  return NULL;
}

/* Whether the job ends within 20 s. */
static int ends(lock_job *j) {
  int k;
  for (k = 0; k < 2000 && !__atomic_load_n(&j->done, __ATOMIC_ACQUIRE); k++) {
    struct timespec ts = {0, 10 * 1000 * 1000};
    nanosleep(&ts, NULL);
  }
  return __atomic_load_n(&j->done, __ATOMIC_ACQUIRE);
}

/* New words the word lists know, and new names, are decided while another
 * thread holds the Hunspell lock; a lower-case word the lists lack is
 * asked once. */
static void lists_skip_hunspell(void **state) {
  mtl_engine *eng;
  mtl_error e;
  spell_state *st;
  pthread_t th;
  lock_job j;
  unsigned long asks;
  (void)state;
  if (access(US_WORDS, R_OK) != 0)
    skip();
  eng = new_engine();
  assert_int_equal(mtl_engine_preload(eng, &e), 0);
  st = eng->spell;
  asks = st->hasks;
  memset(&j, 0, sizeof j);
  j.eng = eng;
  j.text = "Quennivar and Zorblatt saw the colour of the centre in the weeklong "
           "offseason, and the color of the center.";
  pthread_mutex_lock(&st->hlock);
  assert_int_equal(pthread_create(&th, NULL, lint_one, &j), 0);
  if (!ends(&j)) {
    pthread_mutex_unlock(&st->hlock);
    pthread_join(th, NULL);
    mtl_buf_free(&j.out);
    mtl_engine_free(eng);
    fail_msg("words the lists know waited for the Hunspell lock");
  }
  pthread_mutex_unlock(&st->hlock);
  assert_int_equal(pthread_join(th, NULL), 0);
  assert_non_null(j.out.data);
  assert_string_equal(j.out.data, "t.spell info Quennivar;t.spell info Zorblatt;"
                                  "t.variety info color;\n");
  assert_int_equal(st->hasks, asks);
  mtl_buf_free(&j.out);
  /* a lower-case word no list has: Hunspell is asked once, whatever
   * threads and articles meet it again */
  memset(&j, 0, sizeof j);
  j.eng = eng;
  j.text = "They saw the qzxvbnmqpl there.";
  lint_one(&j);
  assert_string_equal(j.out.data, "t.spell warning qzxvbnmqpl;\n");
  assert_int_equal(st->hasks, asks + 1);
  j.out.len = 0;
  assert_int_equal(pthread_create(&th, NULL, lint_one, &j), 0);
  assert_int_equal(pthread_join(th, NULL), 0);
  assert_string_equal(j.out.data, "t.spell warning qzxvbnmqpl;\n");
  assert_int_equal(st->hasks, asks + 1);
  mtl_buf_free(&j.out);
  mtl_engine_free(eng);
}

static int setup(void **state) {
  FILE *f;
  (void)state;
  if (!mkdtemp(tmpdir))
    return -1;
  snprintf(rules_path, sizeof rules_path, "%s/rules.yaml", tmpdir);
  f = fopen(rules_path, "wb");
  if (!f)
    return -1;
  fputs(rules, f);
  fclose(f);
  return 0;
}

static int teardown(void **state) {
  (void)state;
  unlink(rules_path);
  rmdir(tmpdir);
  return 0;
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(shared_table),
      cmocka_unit_test(lists_skip_hunspell),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
