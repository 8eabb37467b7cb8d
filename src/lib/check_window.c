/*
 * check_window.c - the "window" kind: the garbled-window score.  The text
 * is cut into windows of about `window` words (300); in each, it counts
 *   - likely swaps: candidates of the swap rules (check_swap.c leaves them
 *     in the lint context) whose original the language model prefers by at
 *     least candidate_gain, flagged or not; and lower-case words, known
 *     words on both sides, for which a one-word synonym of their first
 *     thesaurus sense (thesaurus.c, Debian's mythes-en-us) is more probable
 *     by at least thesaurus_gain (0: not asked);
 *   - unlikely word sequences: a word whose pair with the word before it is
 *     unknown to the model although both are common words (each more
 *     probable than 10^common_floor as a unigram), and whose probability
 *     after the two words before it is below 10^trigram_floor.
 * Only lower-case words the model knows count, in runs of words inside one
 * sentence (punctuation, numbers, names and unknown words end a run): what
 * the model does not know is never evidence.  A window whose count per 1000
 * words reaches `gate` gets one finding (the rule's severity, info in the
 * built-in pack) over the window, naming its top restorations; the
 * highest density of the article goes to mtl_result_window_density.
 * mtl_lint runs this kind after all the others, so the swap rules' candidates
 * are in whatever the load order.
 */
#include "check.h"
#include "doc.h"
#include "engine.h"
#include "lint.h"
#include "lm.h"
#include "mtlint.h"
#include "thesaurus.h"
#include "utf8.h"
#include "util.h"
#include "ynode.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef struct win {
  long window;           /* words per window */
  double gate;           /* per 1000 words */
  double candidate_gain; /* log10 */
  double trigram_floor;  /* log10 */
  double common_floor;   /* log10 unigram */
  double thesaurus_gain; /* log10; 0: no thesaurus candidates */
  mtl_thesaurus *th;
  /* what thesaurus_swap read of each word's entry (th_memo below) */
  pthread_mutex_t mu;
  int mu_init;
  struct th_memo **memo;
  size_t memo_cap, memo_n;
} win;

/* PERF: all thesaurus_swap reads of a word's entry is the one-word
 * synonyms of its first sense that the model knows, other than the word
 * itself, in the entry's order (the first 12 terms).  A look-up is a
 * pread() and a parse, and fresh news repeats its content words from
 * article to article, so the rule keeps that list per word (the token's
 * bytes) for its lifetime: at most MEMO_MAX words, then it looks up. */
#define TH_CANDS 12
#define MEMO_MAX 32768

typedef struct th_cand {
  int32_t wid;
  size_t len;
  const char *text; /* the term as in the thesaurus */
} th_cand;

typedef struct th_cands {
  size_t n;
  th_cand c[TH_CANDS];
} th_cands;

typedef struct th_memo {
  uint64_t hash;
  size_t wlen;
  th_cands cands;
  char data[]; /* the word, then the terms */
} th_memo;

static const char *const keys[] = {"window", "gate", "candidate_gain", "trigram_floor",
                                   "common_floor", "thesaurus_gain", NULL};

static void win_free(mtl_rule *rule) {
  win *w = rule->data;
  size_t i;
  if (w) {
    mtl_thesaurus_free(w->th);
    for (i = 0; i < w->memo_cap; i++)
      mtl_free(w->memo[i]);
    mtl_free(w->memo);
    if (w->mu_init)
      pthread_mutex_destroy(&w->mu);
  }
  mtl_free(rule->data);
  rule->data = NULL;
}

static int number(const mtl_ynode *map, const char *key, double lo, double hi, double *out,
                  mtl_build *b, mtl_error *err) {
  const mtl_ynode *n = mtl_ynode_get(map, key);
  const char *v;
  char *end;
  double g;
  int rc;
  if (!n)
    return 0;
  if ((rc = mtl_y_string(n, b->file, key, &v, err)))
    return rc;
  errno = 0;
  g = strtod(v, &end);
  if (errno || end == v || *end || !(g >= lo && g <= hi))
    return mtl_seterr(err, MTL_ESCHEMA, b->file, n->line, n->column,
                      "%s must be a number from %g to %g, not '%s'", key, lo, hi, v);
  *out = g;
  return 0;
}

static int win_compile(mtl_rule *rule, const mtl_ynode *map, mtl_build *b, mtl_error *err) {
  win *w = mtl_calloc(1, sizeof *w);
  const mtl_ynode *n;
  int rc;
  if (!w)
    return mtl_seterr(err, MTL_ENOMEM, b->file, 0, 0, "out of memory");
  rule->data = w;
  w->window = 300;
  w->gate = 20;
  w->candidate_gain = 1.0;
  w->trigram_floor = -4.0;
  w->common_floor = -4.0;
  if ((n = mtl_ynode_get(map, "window")) &&
      (rc = mtl_y_int(n, b->file, "window", 50, 5000, &w->window, err)))
    return rc;
  if ((rc = number(map, "gate", 0, 1000, &w->gate, b, err)) ||
      (rc = number(map, "candidate_gain", 0, 50, &w->candidate_gain, b, err)) ||
      (rc = number(map, "trigram_floor", -20, 0, &w->trigram_floor, b, err)) ||
      (rc = number(map, "common_floor", -20, 0, &w->common_floor, b, err)) ||
      (rc = number(map, "thesaurus_gain", 0, 50, &w->thesaurus_gain, b, err)))
    return rc;
  if (w->thesaurus_gain > 0 && mtl_thesaurus_new(&w->th, NULL))
    return mtl_seterr(err, MTL_ENOMEM, b->file, 0, 0, "out of memory");
  if (pthread_mutex_init(&w->mu, NULL) != 0)
    return mtl_seterr(err, MTL_ENOMEM, b->file, 0, 0, "out of memory");
  w->mu_init = 1;
  return 0;
}

/* The model's id of token i when it is a lower-case word, else MTL_LM_OOV. */
static int32_t lower_wid(mtl_lm *lm, const mtl_doc *d, size_t i, mtl_buf *tmp) {
  const mtl_token *t = &d->toks[i];
  if (t->kind != MTL_TOK_WORD || !(t->flags & MTL_TF_LOWER) || (t->flags & MTL_TF_DIGIT))
    return MTL_LM_OOV;
  tmp->len = 0;
  mtl_doc_token_lower(d, i, tmp);
  if (tmp->oom || !tmp->data)
    return MTL_LM_OOV;
  return mtl_lm_wid(lm, tmp->data, tmp->len);
}

/* An unlikely sequence: tokens [first, last] and its log10 probability. */
typedef struct odd {
  size_t first, last;
  double p;
} odd;

/* A restoration: the bytes it replaces and what with (case not applied). */
typedef struct resto {
  size_t start, end;
  double gain;
  char with[48];
} resto;

/* The per-window tally. */
typedef struct tally {
  size_t words, swaps, odds;
  size_t tok_start, tok_end;   /* tokens of the window */
  resto top[3];                /* best swaps */
  size_t ntop;
  odd otop[2];                 /* least likely sequences */
  size_t notop;
} tally;

static void add_swap(tally *t, size_t start, size_t end, double gain, const char *with,
                     size_t wlen) {
  size_t k;
  t->swaps++;
  for (k = 0; k < 3; k++)
    if (k >= t->ntop || gain > t->top[k].gain) {
      memmove(&t->top[k + 1], &t->top[k], (2 - k) * sizeof *t->top);
      t->top[k].start = start;
      t->top[k].end = end;
      t->top[k].gain = gain;
      if (wlen >= sizeof t->top[k].with)
        wlen = sizeof t->top[k].with - 1;
      memcpy(t->top[k].with, with, wlen);
      t->top[k].with[wlen] = '\0';
      if (t->ntop < 3)
        t->ntop++;
      return;
    }
}

static void add_odd(tally *t, size_t first, size_t last, double p) {
  size_t k;
  t->odds++;
  for (k = 0; k < 2; k++)
    if (k >= t->notop || p < t->otop[k].p) {
      if (k == 0)
        t->otop[1] = t->otop[0];
      t->otop[k].first = first;
      t->otop[k].last = last;
      t->otop[k].p = p;
      if (t->notop < 2)
        t->notop++;
      return;
    }
}

static int emit_window(const mtl_rule *rule, mtl_lintctx *lc, const win *w, const tally *t,
                       double density) {
  const mtl_doc *d = lc->doc;
  mtl_buf det = {0}, tmp = {0};
  size_t k;
  int rc;
  mtl_buf_printf(&det, "%.1f garble signs per 1000 words in this passage of %zu words "
                 "(gate %.1f): %zu likely swap%s, %zu unlikely word sequence%s",
                 density, t->words, w->gate, t->swaps, t->swaps == 1 ? "" : "s", t->odds,
                 t->odds == 1 ? "" : "s");
  for (k = 0; k < t->ntop; k++) {
    const resto *c = &t->top[k];
    mtl_buf_puts(&det, k ? ", " : "; top restorations: ");
    mtl_buf_putc(&det, '\'');
    mtl_buf_put(&det, d->text + c->start, c->end - c->start);
    mtl_buf_puts(&det, "' -> '");
    tmp.len = 0;
    mtl_case_like(&tmp, d->text + c->start, c->end - c->start, c->with);
    if (tmp.data)
      mtl_buf_put(&det, tmp.data, tmp.len);
    mtl_buf_putc(&det, '\'');
  }
  for (k = 0; k < t->notop; k++) {
    size_t s = d->toks[t->otop[k].first].start, e = d->toks[t->otop[k].last].end;
    mtl_buf_puts(&det, k ? ", " : "; least likely: ");
    mtl_buf_putc(&det, '\'');
    mtl_buf_put(&det, d->text + s, e - s);
    mtl_buf_putc(&det, '\'');
  }
  if (det.oom || tmp.oom) {
    mtl_buf_free(&det);
    mtl_buf_free(&tmp);
    return MTL_ENOMEM;
  }
  rc = mtl_emit(lc, rule, d->toks[t->tok_start].start, d->toks[t->tok_end - 1].end, NULL, 0,
                det.data, 0);
  mtl_buf_free(&det);
  mtl_buf_free(&tmp);
  return rc;
}

/* Closes the window t: density, finding, the article's maximum. */
static int close_window(const mtl_rule *rule, mtl_lintctx *lc, const win *w, const tally *t) {
  double density;
  size_t denom;
  if (!t->words)
    return 0;
  denom = t->words < (size_t)w->window / 2 ? (size_t)w->window / 2 : t->words;
  density = (double)(t->swaps + t->odds) * 1000.0 / (double)denom;
  if (density > lc->window_density)
    lc->window_density = density;
  if (density < w->gate || t->swaps + t->odds == 0)
    return 0;
  if (!lc->window_dense || density - w->gate > lc->window_excess)
    lc->window_excess = density - w->gate; /* the garble score's window term */
  lc->window_dense = 1;
  return emit_window(rule, lc, w, t, density);
}

static int cand_cmp(const void *a, const void *b) {
  const mtl_swap_cand *x = a, *y = b;
  if (x->tok != y->tok)
    return x->tok < y->tok ? -1 : 1;
  return x->gain > y->gain ? -1 : x->gain < y->gain;
}

/* The memo's entry for word[0..wlen), or NULL; under w->mu. */
static th_memo *memo_find(const win *w, const char *word, size_t wlen, uint64_t h) {
  size_t i;
  if (!w->memo)
    return NULL;
  for (i = h & (w->memo_cap - 1); w->memo[i]; i = (i + 1) & (w->memo_cap - 1))
    if (w->memo[i]->hash == h && w->memo[i]->wlen == wlen &&
        !memcmp(w->memo[i]->data, word, wlen))
      return w->memo[i];
  return NULL;
}

/* Puts m in the memo (under w->mu); 0 if it is not taken (full, out of
 * memory, or the word is there already), and the caller keeps it. */
static int memo_put(win *w, th_memo *m) {
  size_t i;
  if (w->memo_n >= MEMO_MAX || memo_find(w, m->data, m->wlen, m->hash))
    return 0;
  if ((w->memo_n + 1) * 2 > w->memo_cap) {
    size_t cap = w->memo_cap ? w->memo_cap * 2 : 1024, k;
    th_memo **t = mtl_calloc(cap, sizeof *t);
    if (!t)
      return 0;
    for (k = 0; k < w->memo_cap; k++)
      if (w->memo[k]) {
        for (i = w->memo[k]->hash & (cap - 1); t[i]; i = (i + 1) & (cap - 1))
          ;
        t[i] = w->memo[k];
      }
    mtl_free(w->memo);
    w->memo = t;
    w->memo_cap = cap;
  }
  for (i = m->hash & (w->memo_cap - 1); w->memo[i]; i = (i + 1) & (w->memo_cap - 1))
    ;
  w->memo[i] = m;
  w->memo_n++;
  return 1;
}

/* The candidates of word[0..wlen) (model id self): from the memo, else
 * looked up into *mine (pointing into e) and remembered.  0 with *out
 * NULL when the word has no entry or its entry cannot be read; or
 * MTL_ENOMEM. */
static int th_candidates(win *w, mtl_lm *lm, const char *word, size_t wlen, int32_t self,
                         mtl_th_entry *e, mtl_buf *tmp, th_cands *mine,
                         const th_cands **out) {
  uint64_t h = mtl_hash(word, wlen);
  th_memo *m;
  size_t k, first, last, size;
  int rc;
  *out = NULL;
  pthread_mutex_lock(&w->mu);
  m = memo_find(w, word, wlen, h);
  pthread_mutex_unlock(&w->mu);
  if (m) {
    *out = &m->cands;
    return 0;
  }
  /* PERF: the first sense is all it reads */
  rc = mtl_thesaurus_lookup_in(w->th, word, wlen, 1, e);
  if (rc < 0)
    return rc == MTL_ENOMEM ? rc : 0; /* not remembered: a later look-up may read it */
  mine->n = 0;
  if (rc == 1 && e->nsenses) {
    first = e->senses[0].first;
    last = first + e->senses[0].n;
    for (k = first; k < last && k < first + TH_CANDS; k++) {
      const mtl_th_term *tm = &e->terms[k];
      int32_t id;
      if (tm->rel != MTL_TH_SYNONYM || memchr(tm->text, ' ', tm->len))
        continue;
      tmp->len = 0;
      mtl_utf8_lower(tmp, tm->text, tm->len);
      if (tmp->oom)
        return MTL_ENOMEM;
      if (!tmp->data || (id = mtl_lm_wid(lm, tmp->data, tmp->len)) == MTL_LM_OOV || id == self)
        continue;
      mine->c[mine->n].wid = id;
      mine->c[mine->n].text = tm->text;
      mine->c[mine->n].len = tm->len;
      mine->n++;
    }
  }
  *out = mine;
  size = sizeof *m + wlen;
  for (k = 0; k < mine->n; k++)
    size += mine->c[k].len;
  if (!(m = mtl_malloc(size)))
    return 0; /* not remembered */
  m->hash = h;
  m->wlen = wlen;
  m->cands = *mine;
  memcpy(m->data, word, wlen);
  size = wlen;
  for (k = 0; k < mine->n; k++) {
    memcpy(m->data + size, mine->c[k].text, mine->c[k].len);
    m->cands.c[k].text = m->data + size;
    size += mine->c[k].len;
  }
  pthread_mutex_lock(&w->mu);
  rc = memo_put(w, m);
  pthread_mutex_unlock(&w->mu);
  if (rc)
    *out = &m->cands;
  else
    mtl_free(m);
  return 0;
}

/* Whether token i (known, lower case, between known words) has a one-word
 * synonym in its first thesaurus sense that the model prefers by
 * thesaurus_gain; it is added to t.  0, or an allocation error. */
static int thesaurus_swap(win *w, mtl_lm *lm, const mtl_doc *d, const int32_t *ids, size_t i,
                          tally *t, mtl_th_entry *e, mtl_buf *tmp) {
  int32_t seq[5];
  size_t k, best = 0, n = d->ntoks;
  double here, top = 0;
  const mtl_token *tk = &d->toks[i];
  const th_cands *c;
  th_cands mine;
  int rc;
  /* content words only: known neighbours, not the most common words */
  if (i == 0 || i + 1 >= n || ids[i - 1] == MTL_LM_OOV || ids[i + 1] == MTL_LM_OOV ||
      tk->end - tk->start < 4 || d->toks[i - 1].sentence != tk->sentence ||
      d->toks[i + 1].sentence != tk->sentence ||
      mtl_lm_prob(lm, MTL_LM_OOV, MTL_LM_OOV, ids[i], NULL) > -3.0)
    return 0;
  seq[0] = i >= 2 && d->toks[i - 2].sentence == tk->sentence ? ids[i - 2] : MTL_LM_OOV;
  seq[1] = ids[i - 1];
  seq[3] = ids[i + 1];
  seq[4] = i + 2 < n && d->toks[i + 2].sentence == tk->sentence ? ids[i + 2] : MTL_LM_OOV;
  rc = th_candidates(w, lm, d->text + tk->start, tk->end - tk->start, ids[i], e, tmp, &mine,
                     &c);
  if (rc || !c || !c->n)
    return rc; /* PERF: nothing to score against */
  seq[2] = ids[i];
  here = mtl_lm_score(lm, seq, 5, 2, 5, NULL);
  for (k = 0; k < c->n; k++) {
    /* PERF: a candidate whose gain stays below top (it would not be the
     * best) or below thesaurus_gain (it could not be reported; and any
     * later candidate that could beats it anyway) changes nothing: its
     * scoring stops as soon as its partial sum shows that, the terms
     * being log probabilities (<= 0).  The margin covers rounding. */
    double g, need = top > w->thesaurus_gain ? top : w->thesaurus_gain;
    int stopped;
    seq[2] = c->c[k].wid;
    g = mtl_lm_score_above(lm, seq, 5, 2, 5, here + need - 1e-9, &stopped) - here;
    if (stopped)
      continue;
    if (g > top) {
      top = g;
      best = k + 1;
    }
  }
  if (best && top >= w->thesaurus_gain)
    add_swap(t, tk->start, tk->end, top, c->c[best - 1].text, c->c[best - 1].len);
  return 0;
}

static int win_run(const mtl_rule *rule, mtl_lintctx *lc) {
  win *w = rule->data;
  const mtl_doc *d = lc->doc;
  mtl_lm *lm;
  const char *why = NULL;
  mtl_buf tmp = {0};
  mtl_th_entry ent;
  int32_t *ids = NULL;
  tally t;
  size_t i, c = 0, last_word = 0, left, total_words = 0;
  int32_t h2 = MTL_LM_OOV, h1 = MTL_LM_OOV;
  uint32_t sent = UINT32_MAX;
  int rc = 0;
  for (i = 0; i < d->ntoks; i++)
    total_words += d->toks[i].kind == MTL_TOK_WORD;
  if (!total_words)
    return 0;
  if (!(lm = mtl_lm_slot_get(lc->eng->lm, &why)))
    return mtl_emit_lm_missing(lc, why);
  memset(&ent, 0, sizeof ent);
  if (!(ids = mtl_malloc(d->ntoks * sizeof *ids)))
    return MTL_ENOMEM;
  for (i = 0; i < d->ntoks; i++)
    ids[i] = lower_wid(lm, d, i, &tmp);
  /* the swap rules left them in rule order */
  if (lc->ncands > 1)
    qsort(lc->cands, lc->ncands, sizeof *lc->cands, cand_cmp);
  memset(&t, 0, sizeof t);
  left = total_words;
  for (i = 0; i < d->ntoks; i++) {
    const mtl_token *tk = &d->toks[i];
    int32_t id;
    if (tk->sentence != sent) {
      sent = tk->sentence;
      h2 = h1 = MTL_LM_OOV;
    }
    if (tk->kind != MTL_TOK_WORD) {
      h2 = h1 = MTL_LM_OOV;
      continue;
    }
    if (!t.words)
      t.tok_start = i;
    t.words++;
    left--;
    last_word = i;
    while (c < lc->ncands && lc->cands[c].tok < i)
      c++;
    for (; c < lc->ncands && lc->cands[c].tok == i; c++)
      if (lc->cands[c].gain >= w->candidate_gain)
        add_swap(&t, lc->cands[c].start, lc->cands[c].end, lc->cands[c].gain,
                 lc->cands[c].orig, strlen(lc->cands[c].orig));
    id = ids[i];
    if (w->th && id != MTL_LM_OOV && (rc = thesaurus_swap(w, lm, d, ids, i, &t, &ent, &tmp)))
      break;
    /* PERF: an unlikely sequence needs the pair h1 id unseen (its
     * trigram's score then backs off to the unigram: order 1) and both
     * words common.  Most pairs are seen: one search, and the unigrams
     * are read directly, where the trigram's score took three searches. */
    if (id != MTL_LM_OOV && h1 != MTL_LM_OOV && h2 != MTL_LM_OOV &&
        !mtl_lm_pair_seen(lm, h1, id) &&
        mtl_lm_prob(lm, MTL_LM_OOV, MTL_LM_OOV, id, NULL) > w->common_floor &&
        mtl_lm_prob(lm, MTL_LM_OOV, MTL_LM_OOV, h1, NULL) > w->common_floor) {
      int order = 0;
      double p = mtl_lm_prob(lm, h2, h1, id, &order);
      if (order == 1 && p < w->trigram_floor)
        add_odd(&t, i - 1, i, p);
    }
    h2 = h1;
    h1 = id;
    /* a window ends at its size, unless fewer than half a window follow */
    if (t.words >= (size_t)w->window && left >= (size_t)w->window / 2) {
      t.tok_end = i + 1;
      if ((rc = close_window(rule, lc, w, &t)))
        break;
      memset(&t, 0, sizeof t);
    }
  }
  if (!rc && t.words) {
    t.tok_end = last_word + 1;
    rc = close_window(rule, lc, w, &t);
  }
  if (tmp.oom && !rc)
    rc = MTL_ENOMEM;
  mtl_buf_free(&tmp);
  mtl_th_entry_free(&ent);
  mtl_free(ids);
  return rc;
}

/* The model and the thesaurus index, loaded now (mtl_engine_preload). */
static void win_preload(const mtl_rule *rule, const mtl_engine *eng) {
  const win *w = rule->data;
  (void)mtl_lm_slot_get(eng->lm, NULL);
  if (w && w->th)
    (void)mtl_thesaurus_load(w->th, NULL);
}

const mtl_check_kind mtl_check_window = {"window", keys,     win_compile, win_run,
                                          win_free, MTL_KIND_LAST, win_preload};
