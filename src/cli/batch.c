/*
 * batch.c - batch mode: one reader thread turns the inputs into articles,
 * N worker threads lint them (and format them, for a per-input output format
 * and no report), the main thread writes results in input order
 * (a sequence number per article or bad item), so the output is the same
 * for any -j.  Articles in flight are bounded, so memory stays flat however
 * many articles the inputs hold.  `mtlint merge` and the report files:
 * merge.c.
 */
#include "batch.h"
#include "exitcode.h"
#include "options.h"
#include "warmup.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { JOB_ARTICLE = 1, JOB_ERROR = 2, JOB_END_FILE = 3 };

/* PERF: the fields every hand-off reads come first, in one cache line (the
 * reader writes them, a worker on another core reads them); an error is
 * rare and kept apart (an mtl_error is 1.6 KB, once cleared per article). */
typedef struct job {
  struct job *next;
  int kind;
  int lint_failed;
  size_t seq;
  mtl_article *art;
  mtl_engine *eng;
  mtl_result *res;
  size_t file;              /* index into the file list */
  size_t text_len;          /* art->len, kept when art is freed early */
  /* formatted by the worker (when it has a fork of the writer): the bytes
   * for the output, the highest severity, and whether formatting failed */
  char *out;
  size_t out_len, out_cap;
  int worst, write_failed;
  size_t nwarn;             /* its warnings (--max-warnings) */
  mtl_error *err;           /* JOB_ERROR, or lint_failed; NULL when out of memory */
  mtl_pending *pending;     /* linted but for the spelling rules (held by a worker) */
} job;

/* PERF: articles travel in batches (BATCH_JOBS articles or BATCH_BYTES of
 * text, sooner when a worker is idle) and a thread is woken only when it
 * waits for what just arrived, so a hand-off costs no futex call per
 * article. */
#define BATCH_JOBS 64
#define BATCH_BYTES (256u << 10)
/* PERF: while the main thread loads the dictionaries, the workers lint
 * without the spelling rules and hold what they linted (worker.held): up
 * to START_FACTOR times the articles, and START_BYTES of text per worker
 * (~30 ms of that work), may be in flight then. */
#define START_FACTOR 4
#define START_BYTES (2u << 20)
#define START_BYTES_MAX ((size_t)64 << 20) /* however many workers */
#define SPARE_TEXT_MAX (64u << 10) /* bigger articles are freed once written */
#define SPARE_OUT_MAX (8u << 10)   /* bigger output buffers are not reused */

typedef struct pipeline {
  pthread_mutex_t mu;
  pthread_cond_t work, done, space;
  job *head, *tail;         /* waiting for a worker, in seq order */
  job **ring;               /* finished, by seq % cap */
  size_t cap, inflight, next_seq, total;
  size_t inflight_bytes;    /* article text in flight */
  size_t byte_cap, min_cap; /* past byte_cap, at most min_cap articles in flight */
  size_t limit;             /* articles in flight, at most (cap: while preloading) */
  size_t start_bytes;       /* byte_cap while preloading */
  int preloading;           /* the main thread loads the dictionaries (p->mu) */
  int reader_done;
  int idle_workers;         /* waiting on work (read without the lock: __atomic) */
  int writer_waits;         /* waiting on done for ring[next_seq] */
  int reader_waits;         /* waiting on space for room for a batch */
  size_t bytes;             /* read so far */
  /* read-only while running */
  const strvec *files;
  const unsigned char *walked; /* batch_env's */
  char **shown;
  mtl_engine **engines;
  const char *format;
  const mtl_report_config *cfg;
  int min_sev;              /* --min-severity: findings below it are dropped */
  /* PERF: written jobs go back to the reader, which frees their articles
   * and reuses them (and their output buffers): each thread frees what it
   * allocated, so no thread waits on another's malloc arena */
  job *spare;
} pipeline;

/* A worker thread: its fork of the output writer writes into cur->out.
 * PERF: with a per-input output format and no report, each worker formats
 * its articles and frees their results, so the main thread only writes
 * bytes in order (one formatting thread was the limit past a few cores). */
typedef struct worker {
  pipeline *p;
  mtl_writer *fork;
  job *cur;
  /* PERF: while the main thread loads the dictionaries, a worker lints
   * without the spelling rules (mtl_lint_begin) and holds the batches here,
   * in order, until they are in (or nothing else is left to do), instead
   * of waiting for them with a core idle. */
  job *held, **held_tail;
} worker;

/* MTLINT_TEST_DEFER (tests): every article is held as if the dictionaries
 * were loading, until a worker has nothing else to do. */
static int defer_all;

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---------------- options ---------------- */


static int bad(const char *msg, const char *v) {
  fprintf(stderr, "mtlint: %s '%s'\nTry 'mtlint --help' for more information.\n", msg, v);
  return EXIT_USAGE;
}

static int parse_num(const char *v, double *out) {
  char *end;
  errno = 0;
  *out = strtod(v, &end);
  return !*v || *end || errno || *out < 0 || *out > 1e9;
}

static int known(const char *v, const char *const *list) {
  for (; *list; list++)
    if (!strcmp(*list, v))
      return 1;
  return 0;
}

int batch_option(batch_opts *b, int id, const char *name, const char *v) {
  char msg[64], *end;
  long n;
  switch (id) {
  case OPT_JOBS:
    n = strtol(v, &end, 10);
    snprintf(msg, sizeof msg, "%s takes a number of threads from 1 to 1024, not", name);
    if (!*v || *end || n < 1 || n > 1024)
      return bad(msg, v);
    b->jobs = (int)n;
    break;
  case OPT_INPUT_FORMAT:
    if (!known(v, mtl_reader_formats()))
      return bad("--input-format takes auto, text, rss, atom, jsonl, jsonfeed or html, not", v);
    b->input_format = v;
    break;
  case OPT_REPORT_FORMAT:
    if (!known(v, mtl_report_formats()))
      return bad("--report-format takes html, json or csv, not", v);
    b->report_format = v;
    break;
  case OPT_REPORT:
    if (!*v)
      return bad("--report needs a file", v);
    b->report = v;
    break;
  case OPT_PARTIAL:
    if (!*v)
      return bad("--partial needs a file", v);
    b->partial = v;
    break;
  case OPT_SUSPECT_AT:
    if (parse_num(v, &b->suspect_at))
      return bad("--suspect-at takes a score (a number >= 0), not", v);
    b->have_suspect = 1;
    break;
  case OPT_GARBLED_AT:
    if (parse_num(v, &b->garbled_at))
      return bad("--garbled-at takes a score (a number >= 0), not", v);
    b->have_garbled = 1;
    break;
  }
  return 0;
}

static int requested(const batch_opts *b) {
  return b->jobs || b->input_format || b->report || b->partial || b->have_suspect ||
         b->have_garbled;
}

int batch_default_includes(const batch_opts *b, strvec *includes) {
  static const char *const globs[] = {"*.rss", "*.atom", "*.xml", "*.jsonl", "*.ndjson",
                                      "*.html", "*.htm", NULL};
  size_t i;
  (void)b; /* folder walks take feeds and pages whatever the options */
  for (i = 0; globs[i]; i++)
    if (strvec_push(includes, globs[i]))
      return -1;
  return 0;
}

int batch_wanted(const batch_opts *b, const strvec *files, const char *stdin_name) {
  size_t i;
  if (requested(b))
    return 1;
  for (i = 0; i < files->n; i++) {
    /* standard input goes by --stdin-filename (an editor's x.html) */
    const char *name = strcmp(files->v[i], "-") ? files->v[i] : stdin_name;
    if (name && strcmp(mtl_reader_detect(name, NULL, 0), "text"))
      return 1;
  }
  return 0;
}

static void config_of(const batch_opts *b, mtl_report_config *cfg) {
  mtl_report_config_init(cfg);
  if (b->have_suspect)
    cfg->suspect_at = b->suspect_at;
  if (b->have_garbled)
    cfg->garbled_at = b->garbled_at;
  if (cfg->garbled_at < cfg->suspect_at) {
    if (b->have_garbled && !b->have_suspect)
      cfg->suspect_at = cfg->garbled_at;
    else
      cfg->garbled_at = cfg->suspect_at;
  }
}

/* ---------------- the pipeline ---------------- */

static int read_file_fn(void *ctx, char *buf, size_t cap, size_t *got) {
  FILE *f = ctx;
  *got = fread(buf, 1, cap, f);
  return *got == 0 && ferror(f);
}

/* The reader's batch, not yet handed over. */
typedef struct batch {
  job *head, *tail;
  size_t n, text_bytes, read_bytes;
  job *spare;               /* the reader's own, from pipeline.spare */
} batch;

/* Whether n more articles must wait (p->mu held): past the cap, or past
 * the byte cap with min_cap articles in flight (so big articles keep memory
 * as low as they did one at a time); never when nothing is in flight. */
static int full(const pipeline *p, size_t n) {
  size_t cap = p->preloading ? p->cap : p->limit;
  size_t bytes = p->preloading ? p->start_bytes : p->byte_cap;
  return p->inflight && (p->inflight + n > cap ||
                         (p->inflight_bytes > bytes && p->inflight >= p->min_cap));
}

/* Hands the batch over: sequence numbers, then the queue.  Waits while the
 * articles in flight are too many or too big. */
static void flush(pipeline *p, batch *bt) {
  job *j, *spare;
  if (!bt->n && !bt->read_bytes)
    return;
  pthread_mutex_lock(&p->mu);
  p->bytes += bt->read_bytes;
  if (bt->n) {
    while (full(p, bt->n)) {
      p->reader_waits = 1;
      pthread_cond_wait(&p->space, &p->mu);
    }
    p->reader_waits = 0;
    for (j = bt->head; j; j = j->next)
      j->seq = p->total++;
    p->inflight += bt->n;
    p->inflight_bytes += bt->text_bytes;
    if (p->tail)
      p->tail->next = bt->head;
    else
      p->head = bt->head;
    p->tail = bt->tail;
    if (__atomic_load_n(&p->idle_workers, __ATOMIC_RELAXED))
      pthread_cond_signal(&p->work);
  }
  spare = p->spare;
  p->spare = NULL;
  pthread_mutex_unlock(&p->mu);
  bt->head = bt->tail = NULL;
  bt->n = bt->text_bytes = bt->read_bytes = 0;
  /* the articles of written jobs are freed here, on the thread that made them */
  for (j = spare; j; j = j->next) {
    mtl_article_free(j->art);
    j->art = NULL;
    if (j->out_cap > SPARE_OUT_MAX) { /* memory stays flat */
      free(j->out);
      j->out = NULL;
      j->out_cap = 0;
    }
    if (!j->next) { /* the last: the reader's own spares go after it */
      j->next = bt->spare;
      bt->spare = spare;
      break;
    }
  }
}

/* Adds j to the batch; hands the batch over when it is full or a worker
 * has nothing to do. */
static void push(pipeline *p, batch *bt, job *j, size_t text_bytes) {
  j->next = NULL;
  if (bt->tail)
    bt->tail->next = j;
  else
    bt->head = j;
  bt->tail = j;
  bt->n++;
  bt->text_bytes += text_bytes;
  if (bt->n >= BATCH_JOBS || bt->text_bytes >= BATCH_BYTES ||
      __atomic_load_n(&p->idle_workers, __ATOMIC_RELAXED))
    flush(p, bt);
}

/* A job: a written one back from the main thread (keeping its output
 * buffer), or a new one. */
static job *new_job(batch *bt, int kind, size_t file) {
  job *j = bt->spare;
  if (j) {
    char *out = j->out;
    size_t cap = j->out_cap;
    bt->spare = j->next;
    free(j->err);
    memset(j, 0, sizeof *j);
    j->out = out;
    j->out_cap = cap;
  } else if (!(j = calloc(1, sizeof *j))) {
    return NULL;
  }
  j->kind = kind;
  j->file = file;
  return j;
}

/* Frees a list of jobs and what they hold. */
static void free_jobs(job *j) {
  while (j) {
    job *next = j->next;
    mtl_result_free(j->res);
    mtl_article_free(j->art);
    free(j->out);
    free(j->err);
    mtl_pending_free(j->pending);
    free(j);
    j = next;
  }
}

static void push_error(pipeline *p, batch *bt, size_t file, int code, size_t line, size_t col,
                       const char *msg) {
  job *j = new_job(bt, JOB_ERROR, file);
  if (!j)
    return;
  if ((j->err = calloc(1, sizeof *j->err)) != NULL) {
    j->err->code = code;
    j->err->line = line;
    j->err->column = col;
    snprintf(j->err->file, sizeof j->err->file, "%s", p->shown[file]);
    snprintf(j->err->message, sizeof j->err->message, "%s", msg);
  }
  push(p, bt, j, 0);
}

static void *reader_main(void *arg) {
  pipeline *p = arg;
  batch bt;
  size_t i;
  cli_heap_thread();
  memset(&bt, 0, sizeof bt);
  for (i = 0; i < p->files->n; i++) {
    const char *path = p->files->v[i];
    int is_stdin = !strcmp(path, "-");
    FILE *f;
    mtl_reader *rd = NULL;
    mtl_error err;
    size_t counted = 0;
    if (!p->engines[i])
      continue;
    f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) {
      push_error(p, &bt, i, MTL_EIO, 0, 0, strerror(errno));
      continue;
    }
    memset(&err, 0, sizeof err);
    if (mtl_reader_open(&rd, p->format, p->shown[i], read_file_fn, f, &err)) {
      push_error(p, &bt, i, err.code, err.line, err.column, err.message);
    } else {
      for (;;) {
        mtl_article *a = NULL;
        int rc;
        memset(&err, 0, sizeof err);
        rc = mtl_reader_next(rd, &a, &err);
        {
          size_t now = mtl_reader_bytes(rd);
          bt.read_bytes += now - counted;
          counted = now;
        }
        if (rc == 0)
          break;
        if (rc < 0 && p->walked && p->walked[i] && mtl_reader_foreign(rd)) {
          /* found by a walk, and no feed at all: not ours to lint */
          fprintf(stderr, "mtlint: note: %s: %s; skipped (found in a folder: name it to "
                          "see it as an error)\n", p->shown[i], err.message);
          break;
        }
        if (rc < 0) {
          snprintf(err.file, sizeof err.file, "%s", p->shown[i]);
          push_error(p, &bt, i, err.code, err.line, err.column, err.message);
          if (rc == MTL_EIO || rc == MTL_ENOMEM)
            break;
          continue;
        }
        {
          job *j = new_job(&bt, JOB_ARTICLE, i);
          if (!j) {
            mtl_article_free(a);
            break;
          }
          j->art = a;
          j->text_len = a->len;
          j->eng = p->engines[i];
          push(p, &bt, j, a->len);
        }
      }
    }
    mtl_reader_free(rd);
    if (!is_stdin)
      fclose(f);
    flush(p, &bt); /* a file's last articles do not wait for the next file */
  }
  free_jobs(bt.spare);
  pthread_mutex_lock(&p->mu);
  p->reader_done = 1;
  pthread_cond_broadcast(&p->work);
  pthread_cond_broadcast(&p->done);
  pthread_mutex_unlock(&p->mu);
  return NULL;
}

/* Takes up to BATCH_JOBS queued jobs (p->mu held); NULL if none. */
static job *take(pipeline *p) {
  job *first = p->head, *last = first;
  size_t n = 1;
  if (!first)
    return NULL;
  while (n < BATCH_JOBS && last->next) {
    last = last->next;
    n++;
  }
  p->head = last->next;
  if (!p->head)
    p->tail = NULL;
  last->next = NULL;
  return first;
}

/* The input info of article job j. */
static void input_of(const pipeline *p, const job *j, mtl_input_info *in) {
  const mtl_article *a = j->art;
  memset(in, 0, sizeof *in);
  in->path = p->shown[j->file];
  in->item = a->id;
  if (a->id) {
    in->item_line = a->line;
    in->item_column = a->column;
  }
  in->title = a->title;
  in->url = a->url;
  in->source = a->source;
  in->published = a->published;
}

static int at_least(void *ctx, const mtl_finding *f) {
  return (int)f->severity >= *(const int *)ctx;
}

/* Drops the findings below --min-severity, as if their rules were off. */
static void drop_below(const pipeline *p, job *j) {
  if (p->min_sev > MTL_SEV_INFO && j->res)
    mtl_result_filter(j->res, at_least, (void *)&p->min_sev);
}

static size_t warnings_of(const mtl_result *res) {
  size_t k, n = 0;
  for (k = 0; k < mtl_result_count(res); k++)
    n += mtl_result_finding(res, k)->severity == MTL_SEV_WARNING;
  return n;
}

/* The highest severity among res's findings. */
static int worst_of(const mtl_result *res) {
  size_t k;
  int worst = 0;
  for (k = 0; k < mtl_result_count(res); k++) {
    int s = (int)mtl_result_finding(res, k)->severity;
    if (s > worst)
      worst = s;
  }
  return worst;
}

/* Writes an article's findings and verdict with writer w. */
static int write_article(const pipeline *p, mtl_writer *w, const job *j) {
  mtl_input_info in;
  double score = mtl_garble_score(j->res);
  input_of(p, j, &in);
  return mtl_writer_input(w, &in, j->art->text, j->art->len, j->res) ||
         mtl_writer_article(w, &in, j->res, score, mtl_verdict_of(p->cfg, score));
}

/* A fork's write callback: appends to the job being formatted. */
static int fork_write(void *ctx, const char *data, size_t len) {
  worker *wk = ctx;
  job *j = wk->cur;
  if (len > j->out_cap - j->out_len) {
    size_t cap = j->out_cap ? j->out_cap : 1024;
    char *n;
    while (cap - j->out_len < len) {
      if (cap > ((size_t)-1) / 2)
        return 1;
      cap *= 2;
    }
    if (!(n = realloc(j->out, cap)))
      return 1;
    j->out = n;
    j->out_cap = cap;
  }
  memcpy(j->out + j->out_len, data, len);
  j->out_len += len;
  return 0;
}

/* Records a failed lint of j. */
static void lint_failed(job *j, const mtl_error *err) {
  j->lint_failed = 1;
  if ((j->err = malloc(sizeof *j->err)) != NULL)
    *j->err = *err;
}

/* Formats j's result and frees it, when wk has a fork of the writer. */
static void format_job(const pipeline *p, worker *wk, job *j) {
  if (!wk || !wk->fork)
    return;
  wk->cur = j;
  j->worst = worst_of(j->res);
  j->nwarn = warnings_of(j->res);
  j->write_failed = write_article(p, wk->fork, j) != 0;
  wk->cur = NULL;
  mtl_result_free(j->res);
  j->res = NULL;
}

/* Files the jobs in the ring at once (p->mu not held); wakes the writer
 * only if it waits for one of them. */
static void file_jobs(pipeline *p, job *first) {
  job *j, *next;
  int wake = 0;
  pthread_mutex_lock(&p->mu);
  for (j = first; j; j = next) {
    next = j->next;
    j->next = NULL;
    p->ring[j->seq % p->cap] = j;
    if (j->seq == p->next_seq)
      wake = 1;
  }
  if (wake && p->writer_waits)
    pthread_cond_signal(&p->done);
  pthread_mutex_unlock(&p->mu);
}

/* Lints the taken jobs (formats them and frees their results when wk has a
 * fork) and files them; or, where an article's dictionaries are loading,
 * lints it without the spelling rules and holds the batch (wk only). */
static void lint_batch(pipeline *p, worker *wk, job *first) {
  job *j, *last = NULL;
  mtl_error err;
  int held = 0;
  for (j = first; j; last = j, j = j->next) {
    if (j->kind != JOB_ARTICLE)
      continue;
    if (wk && (defer_all || mtl_engine_loading(j->eng))) {
      if (mtl_lint_article_begin(&j->pending, j->eng, j->art, &err))
        lint_failed(j, &err);
      else
        held = 1;
      continue;
    }
    if (mtl_lint_article(&j->res, j->eng, j->art, &err)) {
      lint_failed(j, &err);
      continue;
    }
    drop_below(p, j);
    format_job(p, wk, j);
  }
  if (!held) {
    file_jobs(p, first);
    return;
  }
  *wk->held_tail = first;
  wk->held_tail = &last->next;
}

/* Lints the held articles' spelling (waiting for the dictionaries), then
 * formats and files them. */
static void finish_held(pipeline *p, worker *wk) {
  job *j, *first = wk->held;
  mtl_error err;
  wk->held = NULL;
  wk->held_tail = &wk->held;
  for (j = first; j; j = j->next) {
    mtl_pending *pending = j->pending;
    if (!pending)
      continue;
    j->pending = NULL;
    if (mtl_lint_finish(&j->res, pending, &err)) {
      lint_failed(j, &err);
      continue;
    }
    drop_below(p, j);
    format_job(p, wk, j);
  }
  file_jobs(p, first);
}

/* Whether the dictionaries of wk's first held article are still loading. */
static int held_loading(const worker *wk) {
  const job *j;
  for (j = wk->held; j; j = j->next)
    if (j->pending)
      return mtl_engine_loading(j->eng);
  return 0;
}

static void *worker_main(void *arg) {
  worker *wk = arg;
  pipeline *p = wk->p;
  cli_heap_thread(); /* PERF: huge pages for this thread's arena too (heap.c) */
  wk->held_tail = &wk->held;
  for (;;) {
    job *j;
    pthread_mutex_lock(&p->mu);
    while (!p->head && !p->reader_done && !wk->held) {
      __atomic_add_fetch(&p->idle_workers, 1, __ATOMIC_RELAXED);
      pthread_cond_wait(&p->work, &p->mu);
      __atomic_sub_fetch(&p->idle_workers, 1, __ATOMIC_RELAXED);
    }
    j = take(p);
    /* more queued and another worker idle: pass the word on */
    if (p->head && __atomic_load_n(&p->idle_workers, __ATOMIC_RELAXED))
      pthread_cond_signal(&p->work);
    pthread_mutex_unlock(&p->mu);
    /* held articles are finished once their dictionaries are in, or when
     * nothing else is left to do */
    if (wk->held && (!j || (!defer_all && !held_loading(wk)))) {
      finish_held(p, wk);
      if (!j)
        continue;
    }
    if (!j)
      return NULL;
    lint_batch(p, wk, j);
  }
}

static void progress(int final, size_t articles, size_t bytes, size_t total_bytes, double t0) {
  double el = now_s() - t0, rate = el > 0 ? (double)articles / el : 0;
  double brate = el > 0 ? (double)bytes / el : 0;
  if (final) {
    fprintf(stderr, "\r\033[K");
    return;
  }
  fprintf(stderr, "\r\033[Kmtlint: %zu articles, %.0f articles/s, %.1f MB/s", articles, rate,
          brate / 1e6);
  if (total_bytes && brate > 0 && bytes <= total_bytes) {
    double eta = (double)(total_bytes - bytes) / brate;
    fprintf(stderr, ", ETA %d:%02d", (int)(eta / 60), (int)eta % 60);
  }
  fflush(stderr);
}

/* Sizes of the pipeline's queue for jobs worker threads. */
static void size_pipeline(pipeline *p, int jobs) {
  p->limit = ((size_t)jobs + 2) * BATCH_JOBS * 2;
  p->cap = p->limit * START_FACTOR;
  p->byte_cap = ((size_t)jobs + 2) * BATCH_BYTES * 2;
  p->start_bytes = (size_t)jobs * START_BYTES;
  if (p->start_bytes > START_BYTES_MAX)
    p->start_bytes = START_BYTES_MAX;
  if (p->start_bytes < p->byte_cap)
    p->start_bytes = p->byte_cap;
  p->min_cap = (size_t)jobs * 2 + 4;
}

/* Engines and names first, on this thread (engine errors are reported
 * here).  Returns the bytes of the regular files. */
static size_t engines_and_names(pipeline *p, batch_env *env, const strvec *files) {
  size_t i, total_bytes = 0;
  for (i = 0; i < files->n; i++) {
    const char *path = files->v[i];
    struct stat st;
    if (!strcmp(path, "-")) {
      p->shown[i] = (char *)(env->stdin_name ? env->stdin_name : "<stdin>");
      p->engines[i] = env->engine(env->ctx, env->stdin_name ? env->stdin_name : ".");
    } else {
      p->shown[i] = (char *)path;
      p->engines[i] = env->engine(env->ctx, path);
      if (!stat(path, &st) && S_ISREG(st.st_mode)) {
        total_bytes += (size_t)st.st_size;
      }
    }
  }
  return total_bytes;
}

/* Starts the worker threads; the number started.  Forks of the writer
 * for all workers, or for none; none with --format FMT:FILE outputs or
 * a report (forked 0: each article is formatted once per output, on the
 * writing thread). */
static size_t start_workers(pipeline *p, batch_env *env, worker *wks, pthread_t *workers,
                            size_t jobs, int forked) {
  size_t i, nworkers = 0;
  for (i = 0; forked && i < jobs; i++)
    if (mtl_writer_fork(&wks[i].fork, env->out, fork_write, &wks[i]))
      forked = 0;
  for (i = 0; i < jobs; i++) {
    if (!forked) {
      mtl_writer_free(wks[i].fork);
      wks[i].fork = NULL;
    }
    wks[i].p = p;
  }
  for (i = 0; i < jobs; i++) {
    if (pthread_create(&workers[i], NULL, worker_main, &wks[i]))
      break;
    nworkers++;
  }
  return nworkers;
}

/* Writes one finished job, in input order: its error, its findings (to
 * every output) and its share of the report; *written counts articles. */
static void write_job(pipeline *p, batch_env *env, job *j, mtl_report *rep, size_t *written) {
  mtl_error oom;
  size_t i;
  if (j->kind == JOB_ERROR || j->lint_failed) {
    mtl_error *e = j->err ? j->err : &oom;
    if (!j->err) { /* no memory was left for the message */
      memset(&oom, 0, sizeof oom);
      oom.code = MTL_ENOMEM;
      snprintf(oom.message, sizeof oom.message, "%s", "out of memory");
    }
    int input = j->kind == JOB_ERROR && j->err;
    if (!input && e->code == MTL_ENOMEM) {
      /* an article too big for the memory left: an error of that input,
       * at its start, and the others go on */
      input = 1;
      snprintf(e->file, sizeof e->file, "%s", p->shown[j->file]);
      e->line = j->art && j->art->line ? j->art->line : 1;
      e->column = j->art && j->art->line && j->art->column ? j->art->column : 1;
      if (j->art)
        snprintf(e->message, sizeof e->message,
                 "out of memory: this %.1f MB %s is linted whole, which takes 10-20 "
                 "times its size; split it",
                 (double)j->art->len / 1e6, j->art->id ? "item" : "text");
    }
    if (input) {
      env->exit_input = 1;
    } else {
      env->exit_internal = 1;
      snprintf(e->file, sizeof e->file, "%s", p->shown[j->file]);
    }
    mtl_writer_error(env->errw, e);
    if (env->errw != env->out)
      fflush(stderr);
    for (i = 0; i < env->nextra; i++)
      mtl_writer_error(env->extra[i], e);
    if (rep && input)
      mtl_report_add_error(rep, e);
  } else if (!j->res) {
    /* formatted by its worker */
    if (j->worst > env->worst)
      env->worst = j->worst;
    env->warnings += j->nwarn;
    if (j->write_failed || mtl_writer_raw(env->out, j->out, j->out_len))
      env->exit_internal = 1;
    (*written)++;
  } else {
    int worst = worst_of(j->res);
    if (worst > env->worst)
      env->worst = worst;
    env->warnings += warnings_of(j->res);
    if (write_article(p, env->out, j))
      env->exit_internal = 1;
    for (i = 0; i < env->nextra; i++)
      if (write_article(p, env->extra[i], j))
        env->exit_input = 1; /* a write error, said at the end */
    if (rep) {
      mtl_input_info in;
      input_of(p, j, &in);
      if (mtl_report_add(rep, j->eng, &in, j->art->text, j->art->len, j->res))
        env->exit_internal = 1;
    }
    (*written)++;
  }
  mtl_result_free(j->res);
  j->res = NULL;
  if (j->art && j->text_len >= SPARE_TEXT_MAX) {
    mtl_article_free(j->art); /* a big one does not wait for the reader */
    j->art = NULL;
  }
}

/* The progress line, at most every 0.2 s (*last: when last shown). */
static void tick_progress(pipeline *p, size_t written, size_t total_bytes, double t0,
                          double *last) {
  double t = now_s();
  if (t - *last > 0.2) {
    size_t bytes;
    pthread_mutex_lock(&p->mu);
    bytes = p->bytes;
    pthread_mutex_unlock(&p->mu);
    progress(0, written, bytes, total_bytes, t0);
    *last = t;
  }
}

void batch_run(batch_env *env, const batch_opts *b, const strvec *files) {
  pipeline p;
  pthread_t reader, *workers = NULL;
  worker *wks = NULL;
  job *written_jobs = NULL, **written_link = &written_jobs;
  size_t i, nworkers = 0, written = 0, total_bytes = 0, preload;
  int jobs = b->jobs, show_progress = !env->quiet && isatty(STDERR_FILENO);
  int want_report = b->report || b->partial;
  mtl_report *rep = NULL;
  mtl_report_config cfg;
  double t0 = now_s(), last = 0;
  memset(&p, 0, sizeof p);
  config_of(b, &cfg);
  if (jobs <= 0) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    jobs = n > 0 ? (int)(n > 256 ? 256 : n) : 1;
  }
  size_pipeline(&p, jobs);
  p.files = files;
  p.walked = env->walked;
  p.format = b->input_format ? b->input_format : "auto";
  p.shown = calloc(files->n + 1, sizeof *p.shown);
  p.engines = calloc(files->n + 1, sizeof *p.engines);
  p.ring = calloc(p.cap, sizeof *p.ring);
  workers = calloc((size_t)jobs, sizeof *workers);
  wks = calloc((size_t)jobs, sizeof *wks);
  p.cfg = &cfg;
  p.min_sev = env->min_severity;
  {
    const char *d = getenv("MTLINT_TEST_DEFER");
    defer_all = d && *d == '1';
  }
  if (!p.shown || !p.engines || !p.ring || !workers || !wks ||
      (want_report && mtl_report_new(&rep, &cfg))) {
    env->exit_internal = 1;
    goto out;
  }
  total_bytes = engines_and_names(&p, env, files);
  pthread_mutex_init(&p.mu, NULL);
  pthread_cond_init(&p.work, NULL);
  pthread_cond_init(&p.done, NULL);
  pthread_cond_init(&p.space, NULL);
  for (preload = 0; preload < files->n && !p.engines[preload]; preload++)
    ;
  if (!warmup_has_text(files))
    preload = files->n; /* inputs known to be empty */
  p.preloading = preload < files->n;
  if (pthread_create(&reader, NULL, reader_main, &p)) {
    env->exit_internal = 1;
    goto destroy;
  }
  nworkers = start_workers(&p, env, wks, workers, (size_t)jobs, !want_report && !env->nextra);
  /* PERF: the first engine's dictionaries load here, while the reader
   * starts and the workers lint without the spelling rules (lint_batch),
   * rather than on the first worker that meets a word (the others would
   * wait for them all the same): this thread's heap has huge pages
   * (heap.c).  Not for inputs known to be empty (warmup.h). */
  if (preload < files->n) {
    warmup_preload(p.engines[preload]);
    pthread_mutex_lock(&p.mu);
    p.preloading = 0;
    pthread_mutex_unlock(&p.mu);
  }
  if (!nworkers) {
    /* cannot lint without a worker: let this thread be one after reading */
    env->exit_internal = 1;
  }
  for (;;) {
    job *j, *ready = NULL, **link = &ready;
    pthread_mutex_lock(&p.mu);
    if (written_jobs) { /* back to the reader */
      *written_link = p.spare;
      p.spare = written_jobs;
      written_jobs = NULL;
      written_link = &written_jobs;
    }
    while (!(p.ring[p.next_seq % p.cap] && p.ring[p.next_seq % p.cap]->seq == p.next_seq) &&
           !(p.reader_done && p.next_seq == p.total)) {
      if (!nworkers && p.head) {
        /* no worker thread: lint here */
        job *w = take(&p);
        pthread_mutex_unlock(&p.mu);
        lint_batch(&p, NULL, w);
        pthread_mutex_lock(&p.mu);
        continue;
      }
      p.writer_waits = 1;
      pthread_cond_wait(&p.done, &p.mu);
      p.writer_waits = 0;
    }
    if (p.reader_done && p.next_seq == p.total) {
      pthread_mutex_unlock(&p.mu);
      break;
    }
    /* every finished job in order, at once */
    while ((j = p.ring[p.next_seq % p.cap]) != NULL && j->seq == p.next_seq) {
      p.ring[p.next_seq % p.cap] = NULL;
      p.next_seq++;
      p.inflight--;
      if (j->kind == JOB_ARTICLE)
        p.inflight_bytes -= j->text_len;
      *link = j;
      link = &j->next;
    }
    if (p.reader_waits && !full(&p, BATCH_JOBS))
      pthread_cond_signal(&p.space);
    pthread_mutex_unlock(&p.mu);
    for (j = ready; j; j = ready) {
      ready = j->next;
      write_job(&p, env, j, rep, &written);
      j->next = NULL;
      *written_link = j;
      written_link = &j->next;
    }
    if (show_progress)
      tick_progress(&p, written, total_bytes, t0, &last);
  }
  pthread_join(reader, NULL);
  for (i = 0; i < nworkers; i++)
    pthread_join(workers[i], NULL);
  for (i = 0; i < (size_t)jobs; i++)
    if (wks[i].fork)
      mtl_writer_join(env->out, wks[i].fork);
  free_jobs(written_jobs);
  free_jobs(p.spare);
  if (show_progress && last > 0)
    progress(1, written, 0, 0, t0);
  fflush(stdout);
  if (rep && b->partial && batch_save_report(rep, b->partial, NULL, 1))
    env->exit_input = 1;
  if (rep && b->report && batch_save_report(rep, b->report, batch_report_format(b->report, b->report_format), 0))
    env->exit_input = 1;
destroy:
  pthread_mutex_destroy(&p.mu);
  pthread_cond_destroy(&p.work);
  pthread_cond_destroy(&p.done);
  pthread_cond_destroy(&p.space);
out:
  mtl_report_free(rep);
  free(p.shown);
  free(p.engines);
  free(p.ring);
  free(workers);
  if (wks)
    for (i = 0; i < (size_t)jobs; i++)
      mtl_writer_free(wks[i].fork);
  free(wks);
}
