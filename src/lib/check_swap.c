/*
 * check_swap.c - the "swap" kind: a known set of spinner or machine-
 * translation substitutions (spun: original), each flagged only where the
 * language model (lm.c) prefers the original in the sentence around it.
 *
 * For a match of a spun word or phrase, the window is up to two words
 * before it (or the sentence start), the words of the match, and up to two
 * words after it (or the sentence end).  Both versions of the window are
 * scored over the same positions; the gain is log10 P(with original) -
 * log10 P(as written), and the match is flagged when gain >= min_gain.
 * Unknown words (out of the model's vocabulary, numbers, punctuation other
 * than '%') end the window: they are never evidence.  A match whose own
 * words or whose original are unknown is skipped, and so is one with
 * neither a known word nor a sentence boundary on either side ("Putin rose
 * through Xyzzy": nothing around it is evidence).  A Capitalised match
 * right after a word is taken as part of a name and skipped.
 * A candidate that falls short is scored once more with the neighbouring
 * candidates of every swap rule put back (joint_pass, below).
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
#include "wordindex.h"
#include "ynode.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define MAXW 8     /* words in an original or a spun phrase */
#define SIDE 2     /* context words on each side */

typedef struct pair {
  char *orig;      /* as written in the rule (the suggestion's text) */
} pair;

typedef struct swap {
  pair *p;
  size_t n;
  double min_gain;
  char **context;  /* lower case */
  size_t ncontext;
  char **not_after;  /* lower case: words that make the match another use */
  size_t nnot_after;
  char **next_pos;   /* lower case: parts of speech the next word must have */
  size_t nnext_pos;
  mtl_thesaurus *th; /* for next_pos */
} swap;

static const char *const keys[] = {"pairs", "min_gain", "context", "not_after", "next_pos",
                                   NULL};

static void swap_free(mtl_rule *rule) {
  swap *s = rule->data;
  size_t i;
  if (!s)
    return;
  for (i = 0; i < s->n; i++)
    mtl_free(s->p[i].orig);
  for (i = 0; i < s->ncontext; i++)
    mtl_free(s->context[i]);
  for (i = 0; i < s->nnot_after; i++)
    mtl_free(s->not_after[i]);
  for (i = 0; i < s->nnext_pos; i++)
    mtl_free(s->next_pos[i]);
  mtl_thesaurus_free(s->th);
  mtl_free(s->p);
  mtl_free(s->context);
  mtl_free(s->not_after);
  mtl_free(s->next_pos);
  mtl_free(s);
  rule->data = NULL;
}

/* Words (runs of non-space bytes) in s. */
static size_t count_words(const char *s) {
  size_t n = 0;
  int in = 0;
  for (; *s; s++) {
    int sp = *s == ' ' || *s == '\t';
    if (!sp && !in)
      n++;
    in = !sp;
  }
  return n;
}


/* A YAML list of words, lower-cased into *out (count *n). */
static int lower_list(const mtl_ynode *node, mtl_build *b, const char *key, char ***out,
                      size_t *n, mtl_error *err) {
  const mtl_ynode **items;
  size_t count, i;
  int rc;
  if ((rc = mtl_y_strings(node, b->file, key, &items, &count, err)))
    return rc;
  if (!(*out = mtl_calloc(count ? count : 1, sizeof **out)))
    return mtl_seterr(err, MTL_ENOMEM, b->file, 0, 0, "out of memory");
  for (i = 0; i < count; i++) {
    mtl_buf lb = {0};
    mtl_utf8_lower(&lb, items[i]->value, items[i]->vlen);
    if (lb.oom || !lb.data)
      return mtl_seterr(err, MTL_ENOMEM, b->file, 0, 0, "out of memory");
    (*out)[(*n)++] = lb.data;
  }
  return 0;
}

static int swap_compile(mtl_rule *rule, const mtl_ynode *map, mtl_build *b, mtl_error *err) {
  const mtl_ynode *n = mtl_ynode_get(map, "pairs");
  size_t i;
  int rc;
  swap *s = mtl_calloc(1, sizeof *s);
  if (!s)
    return mtl_seterr(err, MTL_ENOMEM, b->file, 0, 0, "out of memory");
  rule->data = s;
  s->min_gain = 2.0;
  if (!n)
    return mtl_seterr(err, MTL_ESCHEMA, b->file, map->line, map->column,
                      "swap rule is missing required key 'pairs'");
  if (n->kind != MTL_Y_MAP || n->n == 0)
    return mtl_seterr(err, MTL_ESCHEMA, b->file, n->line, n->column,
                      "'pairs' must be a non-empty mapping of spun -> original");
  if (!(s->p = mtl_calloc(n->n / 2, sizeof *s->p)))
    return mtl_seterr(err, MTL_ENOMEM, b->file, 0, 0, "out of memory");
  for (i = 0; i + 1 < n->n; i += 2) {
    const mtl_ynode *k = n->items[i], *v = n->items[i + 1];
    const char *orig;
    size_t ko, vo;
    if ((rc = mtl_y_string(k, b->file, "spun phrase", &orig, err)) ||
        (rc = mtl_y_string(v, b->file, "original", &orig, err)))
      return rc;
    ko = count_words(k->value);
    vo = count_words(v->value);
    if (ko == 0 || vo == 0 || ko > MAXW || vo > MAXW)
      return mtl_seterr(err, MTL_ESCHEMA, b->file, v->line, v->column,
                        "a swap pair needs 1 to %d words on each side", MAXW);
    if (!(s->p[s->n].orig = mtl_strdup(v->value)))
      return mtl_seterr(err, MTL_ENOMEM, b->file, 0, 0, "out of memory");
    s->n++;
    rc = mtl_wordindex_add(mtl_build_wordindex(b), k->value, k->vlen, rule->index,
                           (uint32_t)(s->n - 1));
    if (rc == MTL_EINVAL)
      return mtl_seterr(err, MTL_ESCHEMA, b->file, k->line, k->column,
                        "phrase '%s' has no words", k->value);
    if (rc)
      return mtl_seterr(err, rc, b->file, 0, 0, "out of memory");
  }
  if ((n = mtl_ynode_get(map, "min_gain"))) {
    const char *v;
    char *end;
    double g;
    if ((rc = mtl_y_string(n, b->file, "min_gain", &v, err)))
      return rc;
    errno = 0;
    g = strtod(v, &end);
    if (errno || end == v || *end || !(g >= 0 && g <= 50))
      return mtl_seterr(err, MTL_ESCHEMA, b->file, n->line, n->column,
                        "min_gain must be a number from 0 to 50, not '%s'", v);
    s->min_gain = g;
  }
  if ((n = mtl_ynode_get(map, "context")) &&
      (rc = lower_list(n, b, "context", &s->context, &s->ncontext, err)))
    return rc;
  if ((n = mtl_ynode_get(map, "not_after")) &&
      (rc = lower_list(n, b, "not_after", &s->not_after, &s->nnot_after, err)))
    return rc;
  if ((n = mtl_ynode_get(map, "next_pos"))) {
    if ((rc = lower_list(n, b, "next_pos", &s->next_pos, &s->nnext_pos, err)))
      return rc;
    if (mtl_thesaurus_new(&s->th, NULL))
      return mtl_seterr(err, MTL_ENOMEM, b->file, 0, 0, "out of memory");
    if (!mtl_thesaurus_available(s->th))
      return mtl_seterr(err, MTL_EDICT, b->file, n->line, n->column,
                        "swap: next_pos needs the thesaurus %s(.idx, .dat), not found or "
                        "not readable (Debian: apt-get install mythes-en-us)",
                        MTL_THESAURUS_DEFAULT);
  }
  /* PERF: it only reads its hits, so an input without any skips it (and
   * the model is loaded only when an input has a hit) */
  if (!mtl_reference_mode() && mtl_wordindex_set_hit_driven(mtl_build_wordindex(b), rule->index))
    return mtl_seterr(err, MTL_ENOMEM, b->file, 0, 0, "out of memory");
  return 0;
}

/* The model's id of token i (lower-cased in *tmp), or MTL_LM_OOV. */
static int32_t token_wid(mtl_lm *lm, const mtl_doc *d, size_t i, mtl_buf *tmp) {
  const mtl_token *t = &d->toks[i];
  if (t->kind == MTL_TOK_PUNCT) {
    if (t->end - t->start == 1 && d->text[t->start] == '%')
      return mtl_lm_wid(lm, "percent", 7);
    return MTL_LM_OOV;
  }
  if (t->kind != MTL_TOK_WORD || (t->flags & MTL_TF_DIGIT))
    return MTL_LM_OOV;
  tmp->len = 0;
  mtl_doc_token_lower(d, i, tmp);
  if (tmp->oom || !tmp->data)
    return MTL_LM_OOV;
  return mtl_lm_wid(lm, tmp->data, tmp->len);
}

static int ends_sentence(const mtl_doc *d, size_t i) {
  const mtl_token *t = &d->toks[i];
  char c;
  if (t->kind != MTL_TOK_PUNCT || t->end - t->start != 1)
    return 0;
  c = d->text[t->start];
  return c == '.' || c == '!' || c == '?';
}

/* Whether the word right before token i, in its sentence, is one of the
 * rule's not_after words ("kept the lead through": a noun, not a verb). */
static int after_listed(const swap *s, const mtl_doc *d, size_t i, mtl_buf *tmp) {
  size_t k;
  if (i == 0 || d->toks[i - 1].kind != MTL_TOK_WORD ||
      d->toks[i - 1].sentence != d->toks[i].sentence)
    return 0;
  tmp->len = 0;
  mtl_doc_token_lower(d, i - 1, tmp);
  if (tmp->oom || !tmp->data)
    return 0;
  for (k = 0; k < s->nnot_after; k++)
    if (!strcmp(tmp->data, s->not_after[k]))
      return 1;
  return 0;
}

/* Whether the word right after the match ending at token e - 1, in its
 * sentence, has a sense of one of the rule's next_pos parts of speech in
 * the thesaurus ("the maximum serious crisis": an adjective; "the maximum
 * use" is a noun and left alone).  A word the thesaurus lacks does not
 * count.  1 yes, 0 no, or MTL_ENOMEM. */
static int next_has_pos(const swap *s, const mtl_doc *d, size_t e, mtl_th_entry *te) {
  size_t k, m;
  int rc;
  if (e >= d->ntoks || d->toks[e].kind != MTL_TOK_WORD ||
      d->toks[e].sentence != d->toks[e - 1].sentence)
    return 0;
  rc = mtl_thesaurus_lookup(s->th, d->text + d->toks[e].start,
                            d->toks[e].end - d->toks[e].start, te);
  if (rc <= 0)
    return rc == MTL_ENOMEM ? rc : 0;
  for (k = 0; k < te->nsenses; k++)
    for (m = 0; m < s->nnext_pos; m++)
      if (!strcmp(te->senses[k].pos, s->next_pos[m]))
        return 1;
  return 0;
}

/* Whether a word of the rule's context list is in the sentence of token i. */
static int has_context(const swap *s, const mtl_doc *d, size_t i, mtl_buf *tmp) {
  const mtl_span *sent = &d->sents[d->toks[i].sentence];
  size_t j, k;
  for (j = sent->tok_start; j < sent->tok_end; j++) {
    if (d->toks[j].kind != MTL_TOK_WORD)
      continue;
    tmp->len = 0;
    mtl_doc_token_lower(d, j, tmp);
    if (tmp->oom || !tmp->data)
      return 0;
    for (k = 0; k < s->ncontext; k++)
      if (!strcmp(tmp->data, s->context[k]))
        return 1;
  }
  return 0;
}

/* The window of a match: left context (<s> at the sentence start), the
 * match, right context (</s> at the end); unknown words end each side. */
typedef struct window {
  int32_t left[SIDE], right[SIDE];
  size_t nleft, nright;
} window;

static void context_of(mtl_lm *lm, const mtl_doc *d, size_t ts, size_t te, window *w,
                       mtl_buf *tmp) {
  const mtl_span *sent = &d->sents[d->toks[ts].sentence];
  int32_t back[SIDE];
  size_t nb = 0, i, j;
  w->nleft = w->nright = 0;
  /* left, walking back */
  for (i = ts; nb < SIDE;) {
    int32_t id;
    if (i == sent->tok_start) {
      back[nb++] = mtl_lm_bos(lm);
      break;
    }
    i--;
    id = token_wid(lm, d, i, tmp);
    if (id == MTL_LM_OOV) {
      /* punctuation that only opens the sentence: "(Written by" */
      int word_before = 0;
      if (d->toks[i].kind == MTL_TOK_PUNCT)
        for (j = sent->tok_start; j < i && !word_before; j++)
          word_before = d->toks[j].kind != MTL_TOK_PUNCT;
      if (d->toks[i].kind == MTL_TOK_PUNCT && !word_before)
        back[nb++] = mtl_lm_bos(lm);
      break;
    }
    back[nb++] = id;
  }
  for (i = 0; i < nb; i++)
    w->left[i] = back[nb - 1 - i];
  w->nleft = nb;
  /* right */
  for (i = te; w->nright < SIDE; i++) {
    int32_t id;
    if (i >= sent->tok_end || ends_sentence(d, i)) {
      id = mtl_lm_wid(lm, "</s>", 4);
      if (id != MTL_LM_OOV)
        w->right[w->nright++] = id;
      break;
    }
    if ((id = token_wid(lm, d, i, tmp)) == MTL_LM_OOV)
      break;
    w->right[w->nright++] = id;
  }
}

/* Scores left + mid + right from the first mid position on. */
static double score_window(mtl_lm *lm, const window *w, const int32_t *mid, size_t nmid) {
  int32_t seq[SIDE + MAXW + SIDE];
  size_t n = 0, i;
  for (i = 0; i < w->nleft; i++)
    seq[n++] = w->left[i];
  for (i = 0; i < nmid; i++)
    seq[n++] = mid[i];
  for (i = 0; i < w->nright; i++)
    seq[n++] = w->right[i];
  return mtl_lm_score(lm, seq, n, w->nleft, n, NULL);
}

/* Ids of the words of s (split at spaces, lower-cased); 0 if one is unknown. */
static size_t phrase_wids(mtl_lm *lm, const char *s, int32_t *out, mtl_buf *tmp) {
  size_t n = 0;
  while (*s) {
    const char *e;
    while (*s == ' ' || *s == '\t')
      s++;
    if (!*s)
      break;
    for (e = s; *e && *e != ' ' && *e != '\t'; e++)
      ;
    if (n == MAXW)
      return 0;
    tmp->len = 0;
    mtl_utf8_lower(tmp, s, (size_t)(e - s));
    if (tmp->oom || !tmp->data || (out[n] = mtl_lm_wid(lm, tmp->data, tmp->len)) == MTL_LM_OOV)
      return 0;
    n++;
    s = e;
  }
  return n;
}

/* Keeps a candidate the model prefers for the window kind. */
static int record(mtl_lintctx *lc, const mtl_rule *rule, const mtl_doc *d,
                  const mtl_phrase_hit *h, double gain, const char *orig) {
  mtl_swap_cand *c;
  if (mtl_grow((void **)&lc->cands, &lc->capcands, lc->ncands + 1, sizeof *lc->cands))
    return MTL_ENOMEM;
  c = &lc->cands[lc->ncands++];
  c->tok = h->tok_start;
  c->start = d->toks[h->tok_start].start;
  c->end = d->toks[h->tok_end - 1].end;
  c->gain = gain;
  c->orig = orig;
  c->tok_end = h->tok_end;
  c->rule = rule;
  c->flagged = 0;
  return 0;
}

/* Joint restoration.  A spinner swaps many words, so a spun word's
 * neighbours are often spun too, and the model then scores it in garbled
 * context ("the financial institution mentioned on Tuesday": each swap
 * alone gains about 2.5).  A candidate of any swap rule that fell short of
 * its rule's min_gain is scored again with the neighbouring candidates in
 * its window put back to their originals, where the model prefers those by
 * at least JOINT_NEIGHBOUR; it is flagged (as its own rule) when the gain
 * then reaches min_gain.  Only candidates that gained JOINT_FLOOR alone
 * are tried: restoring the context never makes evidence out of nothing.
 * Each swap rule runs the pass over every candidate scored so far, so the
 * outcome does not depend on the order of the rules. */
#define JOINT_FLOOR 1.5
#define JOINT_NEIGHBOUR 1.5
/* The density gate: a text holding at least DENSE_MIN candidates that gain
 * DENSE_GAIN or more, DENSE_PER_1000 of them per 1000 words or more, is
 * taken as spun, and the rules whose min_gain is DENSE_RULE_GAIN or more
 * (the spinner vocabulary packs, not the function-word rules) flag at
 * min_gain - DENSE_RELAX there.  Clean news stays far below the gate: at
 * most 3.3 such candidates per 1000 words on ../shared/clean-news, 2.5 on
 * the Brown press section, 3.5 on Brown outside the press (one text). */
#define DENSE_GAIN 2.5
#define DENSE_MIN 3
#define DENSE_PER_1000 8.0
#define DENSE_RULE_GAIN 3.0
#define DENSE_RELAX 1.0

/* The candidate (not c) that covers token i with a gain of at least
 * JOINT_NEIGHBOUR, or NULL. */
static const mtl_swap_cand *neighbour_at(const mtl_lintctx *lc, const mtl_swap_cand *c,
                                         size_t i) {
  size_t k;
  for (k = 0; k < lc->ncands; k++) {
    const mtl_swap_cand *n = &lc->cands[k];
    if (n == c || n->gain < JOINT_NEIGHBOUR || i < n->tok || i >= n->tok_end)
      continue;
    if (n->tok < c->tok_end && c->tok < n->tok_end)
      continue; /* overlaps c */
    return n;
  }
  return NULL;
}

/* context_of with the neighbours of c restored; 1 if any was. */
static int context_joint(mtl_lintctx *lc, mtl_lm *lm, const mtl_swap_cand *c, window *w,
                         mtl_buf *tmp) {
  const mtl_doc *d = lc->doc;
  const mtl_span *sent = &d->sents[d->toks[c->tok].sentence];
  int32_t back[SIDE], ow[MAXW];
  size_t nb = 0, i, k, no;
  int restored = 0;
  const mtl_swap_cand *n;
  context_of(lm, d, c->tok, c->tok_end, w, tmp);
  /* left, walking back: a neighbour's original in place of its words */
  for (i = c->tok; nb < SIDE && i > sent->tok_start;) {
    int32_t id;
    if ((n = neighbour_at(lc, c, i - 1)) && n->tok >= sent->tok_start &&
        (no = phrase_wids(lm, n->orig, ow, tmp))) {
      for (k = no; k > 0 && nb < SIDE; k--)
        back[nb++] = ow[k - 1];
      restored = 1;
      i = n->tok;
      continue;
    }
    if ((id = token_wid(lm, d, i - 1, tmp)) == MTL_LM_OOV)
      break;
    back[nb++] = id;
    i--;
  }
  if (nb < SIDE && i == sent->tok_start)
    back[nb++] = mtl_lm_bos(lm);
  if (restored) {
    for (k = 0; k < nb; k++)
      w->left[k] = back[nb - 1 - k];
    w->nleft = nb;
  }
  /* right */
  if (w->nright) {
    size_t nr = 0;
    int32_t fwd[SIDE];
    int right_restored = 0;
    for (i = c->tok_end; nr < SIDE;) {
      int32_t id;
      if (i >= sent->tok_end || ends_sentence(d, i)) {
        id = mtl_lm_wid(lm, "</s>", 4);
        if (id != MTL_LM_OOV)
          fwd[nr++] = id;
        break;
      }
      if ((n = neighbour_at(lc, c, i)) && n->tok == i && n->tok_end <= sent->tok_end &&
          (no = phrase_wids(lm, n->orig, ow, tmp))) {
        for (k = 0; k < no && nr < SIDE; k++)
          fwd[nr++] = ow[k];
        right_restored = 1;
        i = n->tok_end;
        continue;
      }
      if ((id = token_wid(lm, d, i, tmp)) == MTL_LM_OOV)
        break;
      fwd[nr++] = id;
      i++;
    }
    if (right_restored) {
      memcpy(w->right, fwd, nr * sizeof *fwd);
      w->nright = nr;
      restored = 1;
    }
  }
  return restored;
}

static int joint_pass(mtl_lintctx *lc, mtl_lm *lm, mtl_buf *sugg, mtl_buf *tmp) {
  const mtl_doc *d = lc->doc;
  size_t k, j;
  size_t dense = 0;
  double relax;
  /* a text dense with likely swaps is spun: relax the spinner packs' gate */
  for (k = 0; k < lc->ncands; k++)
    dense += lc->cands[k].gain >= DENSE_GAIN;
  relax = dense >= DENSE_MIN && 1000.0 * (double)dense >= DENSE_PER_1000 * (double)d->words
              ? DENSE_RELAX
              : 0;
  for (k = 0; k < lc->ncands; k++) {
    mtl_swap_cand *c = &lc->cands[k];
    const swap *s = c->rule->data;
    int32_t orig[MAXW], spun[MAXW];
    size_t no, ns = 0;
    window w;
    double so, sw;
    const char *list[1];
    int rc, taken = 0;
    double need = s->min_gain >= DENSE_RULE_GAIN ? s->min_gain - relax : s->min_gain;
    if (c->flagged || c->gain < JOINT_FLOOR || c->tok_end - c->tok > MAXW)
      continue;
    for (j = 0; j < lc->ncands && !taken; j++)
      taken = lc->cands[j].flagged && lc->cands[j].rule == c->rule &&
              lc->cands[j].tok < c->tok_end && c->tok < lc->cands[j].tok_end;
    if (taken)
      continue;
    if (!context_joint(lc, lm, c, &w, tmp))
      context_of(lm, d, c->tok, c->tok_end, &w, tmp); /* its own window */
    for (j = c->tok; j < c->tok_end; j++)
      if ((spun[ns++] = token_wid(lm, d, j, tmp)) == MTL_LM_OOV)
        break;
    if (j < c->tok_end || !(no = phrase_wids(lm, c->orig, orig, tmp)))
      continue;
    so = score_window(lm, &w, orig, no);
    sw = score_window(lm, &w, spun, ns);
    if (so - sw < need)
      continue;
    c->flagged = 1;
    sugg->len = 0;
    mtl_case_like(sugg, d->text + c->start, c->end - c->start, c->orig);
    if (sugg->oom)
      return MTL_ENOMEM;
    list[0] = sugg->data;
    if ((rc = mtl_emit_scored(lc, c->rule, c->start, c->end, list, 1, so, sw)))
      return rc;
  }
  return 0;
}

static int swap_run(const mtl_rule *rule, mtl_lintctx *lc) {
  const swap *s = rule->data;
  const mtl_doc *d = lc->doc;
  mtl_lm *lm = NULL;
  mtl_buf sugg = {0}, tmp = {0};
  mtl_th_entry te = {0};
  size_t i, taken_end = 0;
  int rc = 0;
  for (i = 0; i < lc->nhits; i++) {
    const mtl_phrase_hit *h = &lc->hits[i];
    int32_t orig[MAXW], spun[MAXW];
    size_t no, ns = 0, j, ms, me;
    window w;
    double so, sw;
    const char *list[1];
    if (h->tok_start < taken_end || h->tok_end - h->tok_start > MAXW)
      continue;
    if (!lm) {
      const char *why = NULL;
      if (!(lm = mtl_lm_slot_get(lc->eng->lm, &why))) {
        rc = mtl_emit_lm_missing(lc, why);
        break;
      }
    }
    /* a capitalised match right after a word: part of a name */
    if ((d->toks[h->tok_start].flags & MTL_TF_CAP) &&
        !(d->toks[h->tok_start].flags & MTL_TF_ALLCAPS) &&
        !(d->toks[h->tok_start].flags & MTL_TF_SENT_START) && h->tok_start > 0 &&
        d->toks[h->tok_start - 1].kind == MTL_TOK_WORD &&
        d->toks[h->tok_start - 1].sentence == d->toks[h->tok_start].sentence)
      continue;
    if (s->ncontext && !has_context(s, d, h->tok_start, &tmp))
      continue;
    if (s->nnot_after && after_listed(s, d, h->tok_start, &tmp))
      continue;
    if (s->nnext_pos) {
      int np = next_has_pos(s, d, h->tok_end, &te);
      if (np < 0) {
        rc = np;
        break;
      }
      if (!np)
        continue;
    }
    for (j = h->tok_start; j < h->tok_end; j++)
      if ((spun[ns++] = token_wid(lm, d, j, &tmp)) == MTL_LM_OOV)
        break;
    if (j < h->tok_end)
      continue; /* a word of the match is unknown */
    if (!(no = phrase_wids(lm, s->p[h->payload].orig, orig, &tmp)))
      continue; /* a word of the original is unknown */
    context_of(lm, d, h->tok_start, h->tok_end, &w, &tmp);
    if (w.nleft + w.nright == 0)
      continue; /* nothing known around it: no evidence */
    so = score_window(lm, &w, orig, no);
    sw = score_window(lm, &w, spun, ns);
    if (so > sw && record(lc, rule, d, h, so - sw, s->p[h->payload].orig)) {
      rc = MTL_ENOMEM;
      break;
    }
    if (so - sw < s->min_gain)
      continue;
    lc->cands[lc->ncands - 1].flagged = 1;
    taken_end = h->tok_end;
    ms = d->toks[h->tok_start].start;
    me = d->toks[h->tok_end - 1].end;
    sugg.len = 0;
    mtl_case_like(&sugg, d->text + ms, me - ms, s->p[h->payload].orig);
    if (sugg.oom) {
      rc = MTL_ENOMEM;
      break;
    }
    list[0] = sugg.data;
    if ((rc = mtl_emit_scored(lc, rule, ms, me, list, 1, so, sw)))
      break;
  }
  if (!rc && lm)
    rc = joint_pass(lc, lm, &sugg, &tmp);
  if (tmp.oom && !rc)
    rc = MTL_ENOMEM;
  mtl_buf_free(&sugg);
  mtl_buf_free(&tmp);
  mtl_th_entry_free(&te);
  return rc;
}

const mtl_check_kind mtl_check_swap = {"swap", keys, swap_compile, swap_run, swap_free,
                                        MTL_KIND_SECOND, NULL};
