/*
 * lm.c - the word trigram language model: where it is loaded, cached and
 * scored (the one file that includes sphinxbase).  See lm.h for the
 * invariants.
 *
 * PERF: sphinxbase's ngram_model_read takes ~35 ms and ~34 MB per process,
 * and its trie scorer rewrites a history cache inside the model, so the
 * threads of a process had to take turns on one mutex to score (~22,000
 * context switches at -j2 on 500 files).  Now the model is decoded once
 * into lm_table.c's flat table, written to the cache folder (the one the
 * word lists use) and mapped by every later run: opening it reads a
 * header, scoring takes no lock and writes nothing, and sphinxbase is not
 * loaded at all.  The cache is keyed on the model's path, size, time and
 * inode and the table's version; a short, damaged or stale one is built
 * again.  Without a writable cache folder the table is built in memory.
 * A trie binary (en-us.lm.bin) is decoded directly; a model in another
 * format (ARPA, DMP) is read by sphinxbase and written as a trie binary to
 * a temporary file first.
 */
#include "lm.h"
#include "lm_table.h"
#include "mtlint.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <float.h>
#include <pthread.h>
#include <stdio.h> /* FILE, for err_set_logfp */
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sphinxbase/err.h>
#include <sphinxbase/logmath.h>
#include <sphinxbase/ngram_model.h>

/* log10(1.0001), as sphinxbase's logmath_log_to_log10 multiplies by it
 * (the unit test compares the two) */
#define LOG10_OF_BASE 0x1.6c4b5defc34d6p-15

struct mtl_lm {
  mtl_lmt *t;
  int32_t bos;
  char *path;
  size_t refs;        /* under loaded_mu */
  mtl_lm *next;
};

/* The models this process has loaded, by path. */
static pthread_mutex_t loaded_mu = PTHREAD_MUTEX_INITIALIZER;
static mtl_lm *loaded;

static void lm_destroy(mtl_lm *lm) {
  if (!lm)
    return;
  mtl_lmt_free(lm->t);
  mtl_free(lm->path);
  mtl_free(lm);
}

/* A model that is not a trie binary: sphinxbase reads it (any format it
 * knows) and writes it as one to a temporary file in dir (or $TMPDIR),
 * which is mapped and unlinked.  MTL_EDICT if sphinxbase cannot read it. */
static int convert(const char *path, const char *dir, void **bin, size_t *len) {
  char tmp[4200];
  const char *td = getenv("TMPDIR");
  logmath_t *lmath;
  ngram_model_t *model;
  int fd, rc;
  if (!dir)
    dir = td && *td ? td : "/tmp";
  if (snprintf(tmp, sizeof tmp, "%s/mtl-lm-XXXXXX", dir) >= (int)sizeof tmp)
    return MTL_EDICT;
  /* the library never prints: sphinxbase logs to stderr unless told not to */
  err_set_logfp(NULL);
  if (!(lmath = logmath_init(1.0001, 0, 0)))
    return MTL_ENOMEM;
  if (!(model = ngram_model_read(NULL, path, NGRAM_AUTO, lmath))) {
    logmath_free(lmath);
    return MTL_EDICT;
  }
  rc = MTL_EDICT;
  if ((fd = mkstemp(tmp)) >= 0) {
    close(fd);
    if (ngram_model_write(model, tmp, NGRAM_BIN) == 0 && (*bin = mtl_map_file(tmp, 1, len)))
      rc = 0;
    unlink(tmp);
  }
  ngram_model_free(model);
  /* after the model, which reads it to the end: sphinxbase's
   * ngram_model_free does not free the logmath it was given */
  logmath_free(lmath);
  return rc;
}

/* Removes what a run killed while writing cpath left: cpath's temporary
 * files (cpath.PID.tmp) untouched for ten minutes (a run writing one now
 * touches it all the time). */
static void remove_stale_temps(const char *dir, const char *cpath) {
  const char *base = strrchr(cpath, '/');
  size_t bl;
  time_t now = time(NULL);
  DIR *d;
  struct dirent *e;
  base = base ? base + 1 : cpath;
  bl = strlen(base);
  if (!(d = opendir(dir)))
    return;
  while ((e = readdir(d))) {
    size_t n = strlen(e->d_name);
    char p[4200];
    struct stat st;
    if (n <= bl + 5 || strncmp(e->d_name, base, bl) || e->d_name[bl] != '.' ||
        strcmp(e->d_name + n - 4, ".tmp") ||
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name) >= (int)sizeof p)
      continue;
    if (lstat(p, &st) == 0 && S_ISREG(st.st_mode) && st.st_mtime + 600 < now)
      unlink(p);
  }
  closedir(d);
}

/* The table of the model at path: the cache's, else built (and cached
 * when there is a cache folder). */
static int load_table(mtl_lmt **out, const char *path, const struct stat *st, mtl_error *err) {
  char dir[4096], cpath[4200];
  uint64_t key = mtl_file_key(path, st, MTL_LMT_VERSION);
  int cached, rc;
  void *bin, *img;
  size_t n, len;
  cached = mtl_cache_dir(dir, sizeof dir) &&
           snprintf(cpath, sizeof cpath, "%s/lm-%016llx.bin", dir,
                    (unsigned long long)mtl_hash(path, strlen(path))) < (int)sizeof cpath;
  if (cached && (rc = mtl_lmt_open(out, cpath, key)) >= 0)
    return rc ? mtl_seterr(err, MTL_ENOMEM, NULL, 0, 0, "out of memory") : 0;
  if (!(bin = mtl_map_file(path, 1, &n)))
    return mtl_seterr(err, MTL_EDICT, path, 0, 0, "cannot read the language model");
  if (!mtl_lmt_is_trie(bin, n)) {
    munmap(bin, n);
    if ((rc = convert(path, cached ? dir : NULL, &bin, &n)) != 0)
      return mtl_seterr(err, rc, path, 0, 0,
                        rc == MTL_ENOMEM ? "out of memory"
                                         : "not a language model sphinxbase can read");
  }
  rc = mtl_lmt_build(&img, &len, bin, n, key);
  munmap(bin, n);
  if (rc)
    return mtl_seterr(err, rc, path, 0, 0,
                      rc == MTL_ENOMEM ? "out of memory"
                                       : "not a trigram model mtlint can read");
  /* PERF: once written, the file's pages (in the page cache already) are
   * shared by every process that maps them; the built copy is dropped */
  if (cached)
    remove_stale_temps(dir, cpath);
  if (cached && mtl_lmt_write(img, len, cpath) == 0 && mtl_lmt_open(out, cpath, key) == 0) {
    mtl_free(img);
    return 0;
  }
  if ((rc = mtl_lmt_from_memory(out, img, len, key)) != 0)
    return mtl_seterr(err, rc, NULL, 0, 0, rc == MTL_ENOMEM ? "out of memory" : "bad table");
  return 0;
}

int mtl_lm_open(mtl_lm **out, const char *path, mtl_error *err) {
  mtl_lm *lm;
  struct stat st;
  int rc = 0;
  *out = NULL;
  if (!path)
    path = MTL_LM_DEFAULT_PATH;
  pthread_mutex_lock(&loaded_mu);
  for (lm = loaded; lm; lm = lm->next)
    if (!strcmp(lm->path, path)) {
      lm->refs++;
      *out = lm;
      goto done;
    }
  if (stat(path, &st) || !S_ISREG(st.st_mode)) {
    rc = mtl_seterr(err, MTL_EDICT, path, 0, 0,
                    "language model not found (install pocketsphinx-en-us or set "
                    "MTLINT_LANGUAGE_MODEL)");
    goto done;
  }
  if (!(lm = mtl_calloc(1, sizeof *lm)) || !(lm->path = mtl_strdup(path))) {
    mtl_free(lm);
    rc = mtl_seterr(err, MTL_ENOMEM, NULL, 0, 0, "out of memory");
    goto done;
  }
  if ((rc = load_table(&lm->t, path, &st, err)) != 0) {
    lm_destroy(lm);
    goto done;
  }
  lm->bos = mtl_lmt_wid(lm->t, "<s>", 3);
  lm->refs = 1;
  lm->next = loaded;
  loaded = lm;
  *out = lm;
done:
  pthread_mutex_unlock(&loaded_mu);
  return rc;
}

void mtl_lm_close(mtl_lm *lm) {
  mtl_lm **p;
  if (!lm)
    return;
  pthread_mutex_lock(&loaded_mu);
  if (--lm->refs == 0) {
    for (p = &loaded; *p; p = &(*p)->next)
      if (*p == lm) {
        *p = lm->next;
        break;
      }
    lm_destroy(lm);
  }
  pthread_mutex_unlock(&loaded_mu);
}

int32_t mtl_lm_wid(const mtl_lm *lm, const char *s, size_t n) {
  size_t i;
  if (!lm || n == 0 || n >= 64)
    return MTL_LM_OOV;
  for (i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    /* the model is ASCII lower case; "<s>" and the like are not words */
    if (c < 0x21 || c >= 0x7F || c == '<')
      return MTL_LM_OOV;
  }
  return mtl_lmt_wid(lm->t, s, n);
}

int32_t mtl_lm_bos(const mtl_lm *lm) { return lm ? lm->bos : MTL_LM_OOV; }

static double score(mtl_lm *lm, const int32_t *w, size_t n, size_t from, size_t to,
                    size_t *scored, double floor, int *stopped) {
  double sum = 0;
  size_t i, k = 0;
  if (stopped)
    *stopped = 0;
  if (to > n)
    to = n;
  if (!lm) {
    if (scored)
      *scored = 0;
    return 0;
  }
  for (i = from; i < to; i++) {
    int32_t hist[2], nused;
    int nh = 0;
    if (w[i] == MTL_LM_OOV || (w[i] == lm->bos && i == 0))
      continue;
    if (i >= 1 && w[i - 1] != MTL_LM_OOV) {
      hist[nh++] = w[i - 1];
      if (i >= 2 && w[i - 2] != MTL_LM_OOV && w[i - 1] != lm->bos)
        hist[nh++] = w[i - 2];
    }
    sum += (double)mtl_lmt_prob(lm->t, w[i], hist, nh, &nused) * LOG10_OF_BASE;
    k++;
    if (sum < floor) {
      if (stopped)
        *stopped = 1;
      break;
    }
  }
  if (scored)
    *scored = k;
  return sum;
}

double mtl_lm_score(mtl_lm *lm, const int32_t *w, size_t n, size_t from, size_t to,
                    size_t *scored) {
  return score(lm, w, n, from, to, scored, -DBL_MAX, NULL);
}

double mtl_lm_score_above(mtl_lm *lm, const int32_t *w, size_t n, size_t from, size_t to,
                          double floor, int *stopped) {
  return score(lm, w, n, from, to, NULL, floor, stopped);
}

double mtl_lm_prob(mtl_lm *lm, int32_t h2, int32_t h1, int32_t w, int *order) {
  int32_t hist[2], nused = 0, p;
  int nh = 0;
  if (order)
    *order = 0;
  if (!lm || w == MTL_LM_OOV)
    return 0;
  if (h1 != MTL_LM_OOV) {
    hist[nh++] = h1;
    if (h2 != MTL_LM_OOV)
      hist[nh++] = h2;
  }
  p = mtl_lmt_prob(lm->t, w, hist, nh, &nused);
  if (order)
    *order = nused;
  return (double)p * LOG10_OF_BASE;
}

int mtl_lm_pair_seen(const mtl_lm *lm, int32_t h1, int32_t w) {
  return lm && mtl_lmt_has_bigram(lm->t, h1, w);
}

/* ---------------- the engine's slot ---------------- */

struct mtl_lm_slot {
  pthread_mutex_t mu;
  int tried;
  mtl_lm *lm;
  char *path;
  char why[1600];
};

int mtl_lm_slot_new(mtl_lm_slot **out, const char *path) {
  mtl_lm_slot *s = mtl_calloc(1, sizeof *s);
  *out = NULL;
  if (!s || !(s->path = mtl_strdup(path ? path : MTL_LM_DEFAULT_PATH))) {
    mtl_free(s);
    return MTL_ENOMEM;
  }
  pthread_mutex_init(&s->mu, NULL);
  *out = s;
  return 0;
}

void mtl_lm_slot_free(mtl_lm_slot *s) {
  if (!s)
    return;
  mtl_lm_close(s->lm);
  pthread_mutex_destroy(&s->mu);
  mtl_free(s->path);
  mtl_free(s);
}

mtl_lm *mtl_lm_slot_get(mtl_lm_slot *s, const char **why) {
  mtl_lm *lm;
  if (!s)
    return NULL;
  pthread_mutex_lock(&s->mu);
  if (!s->tried) {
    mtl_error err;
    memset(&err, 0, sizeof err);
    s->tried = 1;
    if (mtl_lm_open(&s->lm, s->path, &err)) {
      size_t pl = strlen(s->path), ml = strlen(err.message);
      if (pl > 1000)
        pl = 1000;
      memcpy(s->why, s->path, pl);
      memcpy(s->why + pl, ": ", 2);
      memcpy(s->why + pl + 2, err.message, ml + 1);
    }
  }
  lm = s->lm;
  pthread_mutex_unlock(&s->mu);
  if (!lm && why)
    *why = s->why;
  return lm;
}

const char *mtl_lm_slot_path(const mtl_lm_slot *s) { return s ? s->path : NULL; }
