/*
 * lm.c - the word trigram language model: the one file that includes
 * sphinxbase.  See lm.h for the invariants.
 *
 * Thread safety: sphinxbase's trie scorer (lm_trie_score) keeps the last
 * history and its back-off weights in the model (hist_cache,
 * backoff_cache) and rewrites them on every score, so two threads scoring
 * at once would read each other's cache.  One mutex per model guards every
 * score; word look-ups read a hash table that nothing writes after the
 * load.  A second model per worker would cost ~35 MB each for no gain: a
 * score is well under a microsecond and the swap rules score a few
 * windows per article.
 */
#include "lm.h"
#include "mtlint.h"
#include "util.h"

#include <pthread.h>
#include <stdio.h> /* FILE, for err_set_logfp */
#include <sys/stat.h>

#include <sphinxbase/err.h>
#include <sphinxbase/logmath.h>
#include <sphinxbase/ngram_model.h>

struct mtl_lm {
  ngram_model_t *model;
  logmath_t *lmath;   /* ours: the model uses it but ngram_model_free keeps it */
  pthread_mutex_t mu; /* guards scoring (the model's history cache) and memo */
  uint32_t *memo;     /* probabilities asked before: MEMO_SLOTS x 4 words */
  int32_t bos;
  char *path;
  size_t refs;        /* under loaded_mu */
  mtl_lm *next;
};

/* PERF: the model's answer for a word and its history is always the same,
 * and news asks the same n-grams again and again (the window check scores
 * each word's trigram up to three times, common pairs in every article):
 * a direct-mapped table keeps the last answer per slot.  A slot is
 * {w + 1 | nused << 28, h1 + 1, h2 + 1, p}, h1 and h2 0 where the history
 * is shorter; zero (calloc: pages fault in as used) is empty.  Words at or
 * past 2^24 bypass it.  Read and written under mu. */
#define MEMO_BITS 15
#define MEMO_SLOTS (1u << MEMO_BITS)
#define MEMO_WMAX 0xFFFFFFu

static int32 memo_prob(mtl_lm *lm, int32 w, int32 *hist, int32 nh, int32 *nused) {
  uint32_t k0, k1, k2, h, *e;
  int32 p;
  if (!lm->memo || (uint32_t)w >= MEMO_WMAX || (nh > 0 && (uint32_t)hist[0] >= MEMO_WMAX) ||
      (nh > 1 && (uint32_t)hist[1] >= MEMO_WMAX))
    return ngram_ng_prob(lm->model, w, hist, nh, nused);
  k0 = (uint32_t)w + 1;
  k1 = nh > 0 ? (uint32_t)hist[0] + 1 : 0;
  k2 = nh > 1 ? (uint32_t)hist[1] + 1 : 0;
  h = (k0 * 0x9E3779B1u) ^ (k1 * 0x85EBCA77u) ^ (k2 * 0xC2B2AE3Du);
  e = lm->memo + 4 * ((h ^ (h >> 15)) & (MEMO_SLOTS - 1));
  if ((e[0] & MEMO_WMAX) == k0 && e[1] == k1 && e[2] == k2) {
    *nused = (int32)(e[0] >> 28);
    return (int32)e[3];
  }
  p = ngram_ng_prob(lm->model, w, hist, nh, nused);
  if (*nused >= 0 && *nused < 16) {
    e[0] = k0 | (uint32_t)*nused << 28;
    e[1] = k1;
    e[2] = k2;
    e[3] = (uint32_t)p;
  }
  return p;
}

/* The models this process has loaded, by path. */
static pthread_mutex_t loaded_mu = PTHREAD_MUTEX_INITIALIZER;
static mtl_lm *loaded;

static void lm_destroy(mtl_lm *lm) {
  if (!lm)
    return;
  if (lm->model)
    ngram_model_free(lm->model);
  /* after the model, which reads it to the end: despite ngram_model.h
   * ("ownership ... is assumed"), sphinxbase's ngram_model_free neither
   * frees nor retains the logmath it was given (LSan: 80 bytes left) */
  if (lm->lmath)
    logmath_free(lm->lmath);
  mtl_free(lm->memo);
  pthread_mutex_destroy(&lm->mu);
  mtl_free(lm->path);
  mtl_free(lm);
}

int mtl_lm_open(mtl_lm **out, const char *path, mtl_error *err) {
  mtl_lm *lm;
  logmath_t *lmath;
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
  pthread_mutex_init(&lm->mu, NULL);
  lm->memo = mtl_calloc(MEMO_SLOTS, 4 * sizeof *lm->memo); /* NULL: no memo */
  /* the library never prints: sphinxbase logs to stderr unless told not to */
  err_set_logfp(NULL);
  if (!(lmath = logmath_init(1.0001, 0, 0))) {
    lm_destroy(lm);
    rc = mtl_seterr(err, MTL_ENOMEM, NULL, 0, 0, "out of memory");
    goto done;
  }
  lm->model = ngram_model_read(NULL, path, NGRAM_AUTO, lmath);
  if (!lm->model) {
    logmath_free(lmath);
    lm_destroy(lm);
    rc = mtl_seterr(err, MTL_EDICT, path, 0, 0, "not a language model sphinxbase can read");
    goto done;
  }
  lm->lmath = lmath;
  lm->bos = ngram_wid(lm->model, "<s>");
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
  char word[64];
  int32_t id;
  size_t i;
  if (!lm || n == 0 || n >= sizeof word)
    return MTL_LM_OOV;
  for (i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    /* the model is ASCII lower case; "<s>" and the like are not words */
    if (c < 0x21 || c >= 0x7F || c == '<')
      return MTL_LM_OOV;
    word[i] = (char)c;
  }
  word[n] = '\0';
  id = ngram_wid(lm->model, word);
  return id < 0 ? MTL_LM_OOV : id;
}

int32_t mtl_lm_bos(const mtl_lm *lm) { return lm ? lm->bos : MTL_LM_OOV; }

double mtl_lm_score(mtl_lm *lm, const int32_t *w, size_t n, size_t from, size_t to,
                    size_t *scored) {
  double sum = 0;
  size_t i, k = 0;
  if (to > n)
    to = n;
  if (!lm) {
    if (scored)
      *scored = 0;
    return 0;
  }
  pthread_mutex_lock(&lm->mu);
  for (i = from; i < to; i++) {
    int32 hist[2], nused, nh = 0, p;
    if (w[i] == MTL_LM_OOV || (w[i] == lm->bos && i == 0))
      continue;
    if (i >= 1 && w[i - 1] != MTL_LM_OOV) {
      hist[nh++] = w[i - 1];
      if (i >= 2 && w[i - 2] != MTL_LM_OOV && w[i - 1] != lm->bos)
        hist[nh++] = w[i - 2];
    }
    p = memo_prob(lm, w[i], hist, nh, &nused);
    sum += logmath_log_to_log10(lm->lmath, p);
    k++;
  }
  pthread_mutex_unlock(&lm->mu);
  if (scored)
    *scored = k;
  return sum;
}

double mtl_lm_prob(mtl_lm *lm, int32_t h2, int32_t h1, int32_t w, int *order) {
  int32 hist[2], nh = 0, nused = 0, p;
  if (order)
    *order = 0;
  if (!lm || w == MTL_LM_OOV)
    return 0;
  if (h1 != MTL_LM_OOV) {
    hist[nh++] = h1;
    if (h2 != MTL_LM_OOV)
      hist[nh++] = h2;
  }
  pthread_mutex_lock(&lm->mu);
  p = memo_prob(lm, w, hist, nh, &nused);
  pthread_mutex_unlock(&lm->mu);
  if (order)
    *order = nused;
  return logmath_log_to_log10(lm->lmath, p);
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
