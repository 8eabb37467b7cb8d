/*
 * mtlbench.c - stage timings for bench/run (benchmark only, not installed).
 *
 *   mtlbench [--datadir DIR] [--rules PATH]... [--no-builtin-rules]
 *            [--top N] [--repeat N] [--no-rule-times] [--threads N] CORPUS
 *
 * Loads the engine (start-up time), reads CORPUS (any input format the
 * readers know; JSON Lines from bench/gen_corpus.py) into memory, then lints
 * every article on one thread, timing each stage through mtl_lint_timed:
 * read (into memory; and streamed, each article freed as it comes, as the
 * batch reader does), tokenize, the phrase word index, each check kind,
 * finishing (sort, positions), and writing JSON Lines to a counting sink.
 * Prints one line per stage: seconds, MB/s, articles/s, words/s; the peak
 * RSS; then the N slowest rules.
 * The engine's reference path (MTL_REFERENCE=1) is timed the same way.
 * With --threads N it then lints the corpus in memory again on 1, 2, 4, ...
 * N threads sharing the engine (articles dealt round-robin, no reading or
 * writing, so what scales or not is the engine alone) and prints the time,
 * MB/s and speed-up of each.
 * Links the library's objects: it sees the private headers (lint.h).
 */
#include "check.h"
#include "engine.h"
#include "lint.h"
#include "mtlint.h"
#include "util.h"

#include <pthread.h>
#include <sys/resource.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

typedef struct corpus {
  char **text;
  size_t *len;
  size_t n, cap, bytes;
} corpus;

static int read_fn(void *ctx, char *buf, size_t cap, size_t *got) {
  *got = fread(buf, 1, cap, (FILE *)ctx);
  return ferror((FILE *)ctx) ? 1 : 0;
}

/* Reads the corpus at path into c; with c NULL, frees each article as it
 * comes instead (what batch mode's reader thread does: keeping every
 * article also pays for faulting in the memory that holds the corpus). */
static int load(corpus *c, const char *path, double *secs) {
  FILE *f = fopen(path, "rb");
  mtl_reader *r = NULL;
  mtl_article *a;
  mtl_error err;
  int rc;
  double t0 = now_s();
  if (!f) {
    fprintf(stderr, "mtlbench: cannot open %s\n", path);
    return 1;
  }
  if (mtl_reader_open(&r, "auto", path, read_fn, f, &err)) {
    fprintf(stderr, "mtlbench: %s\n", err.message);
    fclose(f);
    return 1;
  }
  while ((rc = mtl_reader_next(r, &a, &err)) != 0) {
    if (rc < 0)
      continue;
    if (!c) {
      mtl_article_free(a);
      continue;
    }
    if (c->n == c->cap) {
      c->cap = c->cap ? 2 * c->cap : 1024;
      c->text = realloc(c->text, c->cap * sizeof *c->text);
      c->len = realloc(c->len, c->cap * sizeof *c->len);
      if (!c->text || !c->len)
        return 1;
    }
    c->text[c->n] = a->text;
    c->len[c->n++] = a->len;
    c->bytes += a->len;
    a->text = NULL;
    mtl_article_free(a);
  }
  mtl_reader_free(r);
  fclose(f);
  *secs = now_s() - t0;
  return 0;
}

static int count_sink(void *ctx, const char *data, size_t len) {
  (void)data;
  *(size_t *)ctx += len;
  return 0;
}

typedef struct row {
  const char *name;
  double secs;
} row;

static int row_cmp(const void *a, const void *b) {
  double x = ((const row *)a)->secs, y = ((const row *)b)->secs;
  return x < y ? 1 : x > y ? -1 : 0;
}

static void line(const char *name, double secs, size_t bytes, size_t arts, size_t words) {
  if (secs <= 0)
    secs = 1e-9;
  printf("%-22s %9.3f s %10.1f MB/s %12.0f articles/s %14.0f words/s\n", name, secs,
         (double)bytes / secs / 1e6, (double)arts / secs, (double)words / secs);
}

/* --threads: one worker's share of the corpus. */
typedef struct worker {
  const mtl_engine *eng;
  const corpus *c;
  size_t first, step;
  int failed;
} worker;

static void *work(void *arg) {
  worker *w = arg;
  mtl_error err;
  size_t i;
  for (i = w->first; i < w->c->n; i += w->step) {
    mtl_result *res;
    if (mtl_lint(&res, w->eng, w->c->text[i], w->c->len[i], &err)) {
      w->failed = 1;
      return NULL;
    }
    mtl_result_free(res);
  }
  return NULL;
}

/* Wall time of one lint of the corpus on n threads, or a negative number. */
static double lint_on(const mtl_engine *eng, const corpus *c, size_t n) {
  pthread_t tid[256];
  worker w[256];
  size_t k, started = 0;
  int failed = 0;
  double t0 = now_s();
  for (k = 0; k < n; k++) {
    w[k] = (worker){eng, c, k, n, 0};
    if (pthread_create(&tid[k], NULL, work, &w[k]))
      break;
    started++;
  }
  for (k = 0; k < started; k++) {
    pthread_join(tid[k], NULL);
    failed |= w[k].failed;
  }
  return started == n && !failed ? now_s() - t0 : -1;
}

static void scaling(const mtl_engine *eng, const corpus *c, size_t maxn, size_t words) {
  double t1 = 0;
  size_t n;
  printf("engine on N threads (corpus in memory, no reading or writing, best of 3):\n");
  for (n = 1; n <= maxn; n = n < maxn && 2 * n > maxn ? maxn : 2 * n) {
    double best = -1;
    int r;
    for (r = 0; r < 3; r++) {
      double t = lint_on(eng, c, n);
      if (t < 0) {
        fprintf(stderr, "mtlbench: lint on %zu threads failed\n", n);
        return;
      }
      if (best < 0 || t < best)
        best = t;
    }
    if (n == 1)
      t1 = best;
    printf("  %3zu thread%s %8.3f s %8.1f MB/s %12.0f words/s  speed-up %.2fx\n", n,
           n == 1 ? " " : "s", best, c->bytes / best / 1e6, words / best, t1 / best);
    if (n == maxn)
      break;
  }
}

int main(int argc, char **argv) {
  mtl_options *o = NULL;
  mtl_engine *eng = NULL;
  mtl_error err;
  mtl_writer *w = NULL;
  corpus c = {0};
  mtl_lint_times tm;
  const char *path = NULL;
  size_t i, k, words = 0, findings = 0, sink = 0, top = 12, nkinds = 0;
  int repeat = 1, builtin = 1, rule_times = 1, it;
  size_t threads = 0;
  double t0, startup, dictload, readt, write_s = 0, total = 0;
  row kinds[16], *rules;
  if (mtl_options_new(&o))
    return 70;
  mtl_options_set_datadir(o, MTL_BENCH_DATADIR);
  for (i = 1; i < (size_t)argc; i++) {
    if (!strcmp(argv[i], "--datadir") && i + 1 < (size_t)argc)
      mtl_options_set_datadir(o, argv[++i]);
    else if (!strcmp(argv[i], "--rules") && i + 1 < (size_t)argc)
      mtl_options_add_rules(o, argv[++i]);
    else if (!strcmp(argv[i], "--no-rule-times"))
      rule_times = 0;
    else if (!strcmp(argv[i], "--no-builtin-rules"))
      builtin = 0;
    else if (!strcmp(argv[i], "--top") && i + 1 < (size_t)argc)
      top = (size_t)atoi(argv[++i]);
    else if (!strcmp(argv[i], "--repeat") && i + 1 < (size_t)argc)
      repeat = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--threads") && i + 1 < (size_t)argc)
      threads = (size_t)atoi(argv[++i]);
    else if (argv[i][0] != '-' && !path)
      path = argv[i];
    else {
      fprintf(stderr, "usage: mtlbench [--datadir DIR] [--rules PATH]... "
                      "[--no-builtin-rules] [--top N] [--repeat N] [--no-rule-times] "
                      "[--threads N] CORPUS\n");
      return 2;
    }
  }
  if (!path) {
    fprintf(stderr, "mtlbench: no corpus\n");
    return 2;
  }
  if (threads > 256) {
    fprintf(stderr, "mtlbench: --threads takes 1 to 256\n");
    return 2;
  }
  mtl_options_use_builtin_rules(o, builtin);
  t0 = now_s();
  if (mtl_engine_new(&eng, o, &err)) {
    fprintf(stderr, "mtlbench: %s:%zu: %s\n", err.file, err.line, err.message);
    return 3;
  }
  startup = now_s() - t0;
  /* Hunspell loads at the first word unless preloaded: here, so that
   * check:spelling does not carry it */
  t0 = now_s();
  if (mtl_engine_preload(eng, &err)) {
    fprintf(stderr, "mtlbench: %s\n", err.message);
    return 3;
  }
  dictload = now_s() - t0;
  mtl_options_free(o);
  if (load(&c, path, &readt))
    return 4;
  memset(&tm, 0, sizeof tm);
  tm.rule = calloc(eng->nrules, sizeof *tm.rule);
  rules = calloc(eng->nrules, sizeof *rules);
  if (!tm.rule || !rules)
    return 70;
  if (!rule_times) { /* per-rule clocks cost more than 5,000 idle rules */
    free(tm.rule);
    tm.rule = NULL;
  }
  if ( mtl_writer_new(&w, "jsonl", count_sink, &sink, 0))
    return 70;
  for (it = 0; it < repeat; it++) {
    for (i = 0; i < c.n; i++) {
      mtl_result *res;
      double a = now_s(), b;
      if (mtl_lint_timed(&res, eng, c.text[i], c.len[i], &err, &tm)) {
        fprintf(stderr, "mtlbench: %s\n", err.message);
        return 70;
      }
      b = now_s();
      total += b - a;
      words += mtl_result_words(res);
      findings += mtl_result_count(res);
      mtl_writer_file(w, "corpus", c.text[i], c.len[i], res);
      mtl_result_free(res);
      write_s += now_s() - b;
    }
  }
  mtl_writer_finish(w);
  /* per kind */
  for (i = 0; i < eng->nrules; i++) {
    const char *kn = eng->rules[i]->info.kind;
    rules[i].name = eng->rules[i]->info.id;
    rules[i].secs = tm.rule ? tm.rule[i] : 0;
    for (k = 0; k < nkinds && strcmp(kinds[k].name, kn); k++)
      ;
    if (k == nkinds && nkinds < 16)
      kinds[nkinds++] = (row){kn, 0};
    if (k < nkinds && tm.rule)
      kinds[k].secs += tm.rule[i];
  }
  {
    size_t bytes = c.bytes * (size_t)repeat, arts = c.n * (size_t)repeat;
    printf("corpus: %s: %zu articles, %zu bytes of text, %zu words, %zu findings "
           "(x%d), %zu bytes of JSON Lines\n",
           path, c.n, c.bytes, words / (size_t)repeat, findings / (size_t)repeat, repeat, sink);
    printf("startup: load and compile %zu rules %.1f ms, then the Hunspell dictionaries "
           "%.1f ms (mtl_engine_preload; without it, the first word loads them)\n",
           eng->nrules, startup * 1e3, dictload * 1e3);
    line("read (into memory)", readt, c.bytes, c.n, words / (size_t)repeat);
    {
      double st, st2; /* the better of two */
      if (!load(NULL, path, &st) && !load(NULL, path, &st2))
        line("read (streamed)", st < st2 ? st : st2, c.bytes, c.n, words / (size_t)repeat);
    }
    line("tokenize", tm.tokenize, bytes, arts, words);
    line("phrase-index", tm.phrase_index, bytes, arts, words);
    qsort(kinds, nkinds, sizeof *kinds, row_cmp);
    for (k = 0; tm.rule && k < nkinds; k++) {
      char name[40];
      snprintf(name, sizeof name, "check:%s", kinds[k].name);
      line(name, kinds[k].secs, bytes, arts, words);
    }
    if (!tm.rule) /* no clock per rule: the checks together, what is left */
      line("checks (all kinds)", total - tm.tokenize - tm.phrase_index - tm.finish, bytes,
           arts, words);
    line("finish", tm.finish, bytes, arts, words);
    line("lint (one thread)", total, bytes, arts, words);
    line("write jsonl", write_s, bytes, arts, words);
    line("lint+write", total + write_s, bytes, arts, words);
    {
      struct rusage ru;
      if (!getrusage(RUSAGE_SELF, &ru))
        printf("peak RSS %.1f MB (the corpus is held in memory here; the CLI streams it)\n",
               (double)ru.ru_maxrss / 1024);
    }
    qsort(rules, eng->nrules, sizeof *rules, row_cmp);
    if (tm.rule)
      printf("slowest rules:\n");
    for (i = 0; tm.rule && i < top && i < eng->nrules; i++)
      printf("  %-44s %8.3f s %5.1f%%\n", rules[i].name, rules[i].secs,
             total > 0 ? 100 * rules[i].secs / total : 0);
    if (threads)
      scaling(eng, &c, threads, words / (size_t)repeat);
  }
  mtl_writer_free(w);
  for (i = 0; i < c.n; i++)
    mtl_free(c.text[i]);
  free(c.text);
  free(c.len);
  free(tm.rule);
  free(rules);
  mtl_engine_free(eng);
  return 0;
}
