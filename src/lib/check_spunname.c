/*
 * check_spunname.c - the "spun-name" check kind: a multiword name that an
 * article spinner rewrote word by word ("Safety Council" for Security
 * Council, "White Home" for White House, "European Central Financial
 * Institution" for European Central Bank).
 *
 * Keys: `gazetteer` (a file of names, one a line, `#` comments; relative to
 * the rule file) and `thesaurus` (a MyThes stem, default Debian's
 * mythes-en-us).  In a document, a run of capitalised words (with lower-case
 * "of", "the", "and", "for", "on", "de" between them) is compared with the
 * gazetteer.  A finding needs all of:
 *  - the run holds a sequence that equals an entry once one or more of its
 *    words are replaced, each by a word or words the thesaurus lists as a
 *    synonym, similar or broader term of the entry's word (or whose own
 *    entry lists the entry's word so), all capitalised;
 *  - at least one word of the entry is kept as it is (so two capitalised
 *    words that merely mean the same as a name are left alone);
 *  - the entry's small words ("of", "the") are kept;
 *  - none of its words is part of a gazetteer name found as written (the
 *    gazetteer lists real names that look like swaps of others, such as
 *    High Court and First Minister, so that they are never flagged).
 * The suggestion is the entry as the gazetteer writes it.  Findings stay
 * inside a sentence, so the rule is para_local.
 */
#include "check.h"
#include "doc.h"
#include "lint.h"
#include "mtlint.h"
#include "spunname.h"
#include "thesaurus.h"
#include "utf8.h"
#include "util.h"
#include "ynode.h"

#include <pthread.h>
#include <stdlib.h>

static const char *const spunname_keys[] = {"gazetteer", "thesaurus", "senses", "swaps", NULL};

#define DEFAULT_SENSES 1

#define MAX_RUN 64           /* longer capitalised runs are cut */
#define MAX_SYN_WORDS 4      /* a replacement of up to four words */
#define MAX_SUGG 3           /* suggestions per finding */

static int spunname_compile(mtl_rule *rule, const mtl_ynode *map, mtl_build *b,
                            mtl_error *err) {
  const mtl_ynode *g = mtl_ynode_get(map, "gazetteer"), *t = mtl_ynode_get(map, "thesaurus");
  const mtl_ynode *sn = mtl_ynode_get(map, "senses"), *sw = mtl_ynode_get(map, "swaps");
  const char *swv = NULL;
  long senses = DEFAULT_SENSES;
  const char *gv = NULL, *tv = NULL;
  char *path = NULL, *tpath = NULL;
  spunname *s;
  int rc;
  if (!g)
    return mtl_seterr(err, MTL_ESCHEMA, b->file, map->line, map->column,
                      "spun-name: 'gazetteer' is required");
  if ((rc = mtl_y_string(g, b->file, "gazetteer", &gv, err)))
    return rc;
  if (t && (rc = mtl_y_string(t, b->file, "thesaurus", &tv, err)))
    return rc;
  if (sn && (rc = mtl_y_int(sn, b->file, "senses", 0, 1000, &senses, err)))
    return rc;
  if (sw && (rc = mtl_y_string(sw, b->file, "swaps", &swv, err)))
    return rc;
  if (!(s = mtl_calloc(1, sizeof *s)))
    return mtl_seterr(err, MTL_ENOMEM, b->file, 0, 0, "out of memory");
  s->senses = (size_t)senses;
  if (pthread_mutex_init(&s->mu, NULL) != 0) {
    mtl_free(s);
    return mtl_seterr(err, MTL_ENOMEM, b->file, 0, 0, "out of memory");
  }
  s->mu_ok = 1;
  if (!(path = mtl_build_path(b, gv)) || (tv && *tv && !(tpath = mtl_build_path(b, tv)))) {
    rc = mtl_seterr(err, MTL_ENOMEM, b->file, 0, 0, "out of memory");
    goto fail;
  }
  if ((rc = mtl_thesaurus_new(&s->th, tpath))) {
    rc = mtl_seterr(err, MTL_ENOMEM, b->file, 0, 0, "out of memory");
    goto fail;
  }
  if (!mtl_thesaurus_available(s->th)) {
    rc = mtl_seterr(err, MTL_EDICT, b->file, (t ? t : map)->line, (t ? t : map)->column,
                    "spun-name: thesaurus %.300s(.idx, .dat) not found or not readable "
                    "(Debian: apt-get install mythes-en-us)",
                    tpath ? tpath : MTL_THESAURUS_DEFAULT);
    goto fail;
  }
  rc = mtl_spunname_load_gazetteer(s, path, err);
  if (rc == MTL_EIO && err) {
    char why[sizeof err->message];
    memcpy(why, err->message, sizeof why);
    why[sizeof why - 1] = '\0';
    mtl_seterr(err, MTL_EIO, b->file, g->line, g->column,
               "spun-name: cannot read gazetteer '%.200s': %.200s", gv, why);
  }
  if (rc)
    goto fail;
  if (swv && *swv) {
    char *swpath = mtl_build_path(b, swv);
    if (!swpath) {
      rc = mtl_seterr(err, MTL_ENOMEM, b->file, 0, 0, "out of memory");
      goto fail;
    }
    rc = mtl_spunname_load_swaps(s, swpath, err);
    mtl_free(swpath);
    if (rc == MTL_EIO && err) {
      char why[sizeof err->message];
      memcpy(why, err->message, sizeof why);
      why[sizeof why - 1] = '\0';
      mtl_seterr(err, MTL_EIO, b->file, sw->line, sw->column,
                 "spun-name: cannot read swaps '%.200s': %.200s", swv, why);
    }
    if (rc)
      goto fail;
  }
  mtl_free(path);
  mtl_free(tpath);
  rule->data = s;
  rule->para_local = 1;
  return 0;
fail:
  mtl_free(path);
  mtl_free(tpath);
  mtl_spunname_free(s);
  return rc;
}

static void spunname_free(mtl_rule *rule) {
  mtl_spunname_free(rule->data);
  rule->data = NULL;
}

/* ---------------- matching ---------------- */

typedef struct run {
  const mtl_doc *doc;
  size_t r0, n;                     /* tokens [r0, r0 + n) */
  size_t off[MAX_RUN + 1];          /* lower-cased token k at low.data + off[k] */
  size_t len[MAX_RUN];
  unsigned char name[MAX_RUN];      /* a capitalised word */
  uint32_t occ0[MAX_RUN];           /* its first gazetteer occurrence (+1) */
  unsigned char roles[MAX_RUN];     /* roles_of, computed with occ0 */
  unsigned char covered[MAX_RUN];   /* part of a name found as written */
  mtl_buf low;
  mtl_th_entry te;                  /* reused for look-ups */
  mtl_buf rev;                      /* reverse term lists, for the lint */
  size_t *rh, rhcap, rhn;           /* their keys: offset + 1 into rev */
  mtl_buf fold;                     /* scratch */
  int err;                          /* a thesaurus error other than ENOMEM */
} run;

static const char *rlow(const run *r, size_t k) { return r->low.data + r->off[k]; }

static int eq(const run *r, size_t k, const char *w) {
  return r->len[k] == strlen(w) && !memcmp(rlow(r, k), w, r->len[k]);
}

/* Appends "term\n" for each term of word[0..n)'s first `senses` senses
 * (0: all) with a synonym, similar or broader relation, lower-cased, to b
 * (which starts with "\n").  0, or a thesaurus error. */
static int term_list(spunname *s, mtl_th_entry *te, const char *word, size_t n,
                     size_t senses, mtl_buf *b) {
  size_t i, nterms;
  int rc = mtl_thesaurus_lookup_in(s->th, word, n, senses, te); /* PERF: no more */
  mtl_buf_putc(b, '\n');
  if (rc <= 0)
    return rc;
  nterms = te->nterms;
  if (senses && senses < te->nsenses)
    nterms = te->senses[senses].first;
  for (i = 0; i < nterms; i++) {
    const mtl_th_term *t = &te->terms[i];
    size_t j, start = b->len;
    if (!(t->rel & MTL_TH_ANY_SYN) || memchr(t->text, '\n', t->len))
      continue;
    mtl_utf8_lower(b, t->text, t->len);
    for (j = start; !b->oom && j < b->len; j++)   /* one space between words */
      if (b->data[j] == '\t')
        b->data[j] = ' ';
    mtl_buf_putc(b, '\n');
  }
  return b->oom ? MTL_ENOMEM : 0;
}

/* Builds s->fwd once (any thread; the others wait).  0 or an error. */
static int forward_ready(spunname *s) {
  mtl_th_entry te;
  mtl_buf b = {0};
  size_t i;
  int rc = 0;
  if (__atomic_load_n(&s->fwd_ready, __ATOMIC_ACQUIRE))
    return 0;
  memset(&te, 0, sizeof te);
  pthread_mutex_lock(&s->mu);
  if (!s->fwd_ready) {
    char **f = mtl_calloc(s->nwords ? s->nwords : 1, sizeof *f);
    char **fp = mtl_calloc(s->nwords ? s->nwords : 1, sizeof *fp);
    if (!f || !fp)
      rc = MTL_ENOMEM;
    for (i = 0; !rc && i < s->nwords; i++) {
      const char *w = s->words[i];
      size_t n = strlen(w);
      if (s->small[i])
        continue;
      b.len = 0;
      if ((rc = term_list(s, &te, w, n, s->senses, &b)) || !(f[i] = mtl_strdup(b.data))) {
        rc = rc ? rc : MTL_ENOMEM;
        break;
      }
      if (n > 3 && w[n - 1] == 's' && w[n - 2] != 's') {
        b.len = 0;
        if ((rc = term_list(s, &te, w, n - 1, s->senses, &b)) ||
            !(fp[i] = mtl_strdup(b.data))) {
          rc = rc ? rc : MTL_ENOMEM;
          break;
        }
      }
    }
    if (rc) {
      for (i = 0; i < s->nwords; i++) {
        if (f)
          mtl_free(f[i]);
        if (fp)
          mtl_free(fp[i]);
      }
      mtl_free(f);
      mtl_free(fp);
    } else {
      s->fwd = f;
      s->fwd_pl = fp;
      __atomic_store_n(&s->fwd_ready, 1, __ATOMIC_RELEASE);
    }
  }
  pthread_mutex_unlock(&s->mu);
  mtl_buf_free(&b);
  mtl_th_entry_free(&te);
  return rc;
}

/* Whether list ("\nterm\n...") holds x[0..n). */
static int in_list(const char *list, const char *x, size_t n) {
  const char *p = list;
  if (!p)
    return 0;
  while ((p = strstr(p, x)) != NULL) {
    if (p > list && p[-1] == '\n' && p[n] == '\n')
      return 1;
    p++;
  }
  return 0;
}

/* The reverse list of run word k (plural: without its final s): looked
 * up once per lint, then kept in r->rev as "key\0list\0" entries found
 * through r->rh.  NULL after an error (ENOMEM in *rc; others in r->err). */
static const char *reverse_list(spunname *s, run *r, size_t k, int plural, int *rc) {
  const char *key = rlow(r, k);
  size_t n = r->len[k] - (plural ? 1u : 0u), i, at;
  int e;
  if ((r->rhn + 1) * 2 > r->rhcap) {   /* grow the hash of offsets */
    size_t ncap = r->rhcap ? r->rhcap * 2 : 64, j;
    size_t *nh = mtl_calloc(ncap, sizeof *nh);
    if (!nh) {
      *rc = MTL_ENOMEM;
      return NULL;
    }
    for (j = 0; j < r->rhcap; j++)
      if (r->rh[j]) {
        const char *kk = r->rev.data + r->rh[j] - 1;
        size_t q = (size_t)mtl_hash(kk, strlen(kk)) & (ncap - 1);
        while (nh[q])
          q = (q + 1) & (ncap - 1);
        nh[q] = r->rh[j];
      }
    mtl_free(r->rh);
    r->rh = nh;
    r->rhcap = ncap;
  }
  for (i = (size_t)mtl_hash(key, n) & (r->rhcap - 1); r->rh[i]; i = (i + 1) & (r->rhcap - 1)) {
    const char *kk = r->rev.data + r->rh[i] - 1;
    if (strlen(kk) == n && !memcmp(kk, key, n))
      return kk + n + 1;
  }
  at = r->rev.len;
  mtl_buf_put(&r->rev, key, n);
  mtl_buf_putc(&r->rev, '\0');
  e = term_list(s, &r->te, key, n, s->senses ? s->senses + 1 : 0, &r->rev);
  mtl_buf_putc(&r->rev, '\0');
  if (r->rev.oom || e == MTL_ENOMEM) {
    *rc = MTL_ENOMEM;
    return NULL;
  }
  if (e < 0)
    r->err = e;
  r->rh[i] = at + 1;
  r->rhn++;
  return r->rev.data + at + n + 1;
}

/* How gazetteer names use word k of the run: bit 1 as a modifier, bit 2
 * as the head (gentry.head). */
static unsigned roles_of(const spunname *s, const run *r, size_t k) {
  uint32_t o;
  unsigned roles = 0;
  for (o = mtl_spunname_head_of(s, rlow(r, k), r->len[k]); o; o = s->occs[o - 1].next)
    roles |= s->occs[o - 1].pos == s->entries[s->occs[o - 1].entry].head ? 2u : 1u;
  return roles;
}

/* 1 if the text word k can stand for entry word wi (index into words) as a
 * swap, 0 if not, MTL_ENOMEM.  The name's word is read in its first senses
 * (the sense a name uses is nearly always its most common), the text's word
 * one sense further: "avenue" names street as its broader term in its
 * second sense. */
static int related(spunname *s, run *r, size_t wi, size_t k) {
  const char *w = s->words[wi], *x = rlow(r, k), *rl;
  size_t wn = strlen(w), xn = r->len[k];
  int rc = 0;
  if (wn < 2 || xn < 2)
    return 0;
  if (mtl_spunname_swap_has(s, x, xn, w, wn))
    return 1;
  if (in_list(s->fwd[wi], x, xn))
    return 1;
  if (!(rl = reverse_list(s, r, k, 0, &rc)))
    return rc;
  if (in_list(rl, w, wn))
    return 1;
  /* plurals: "Democrats" and "Republicans" are not in the thesaurus */
  if (s->fwd_pl[wi] && xn > 3 && x[xn - 1] == 's' && x[xn - 2] != 's') {
    r->fold.len = 0;
    mtl_buf_put(&r->fold, x, xn - 1);
    if (r->fold.oom)
      return MTL_ENOMEM;
    if (in_list(s->fwd_pl[wi], r->fold.data, xn - 1))
      return 1;
    if (!(rl = reverse_list(s, r, k, 1, &rc)))
      return rc;
    r->fold.len = 0;
    mtl_buf_put(&r->fold, w, wn - 1);
    if (r->fold.oom)
      return MTL_ENOMEM;
    if (in_list(rl, r->fold.data, wn - 1))
      return 1;
  }
  return 0;
}

/* Tokens from k that spell a multiword term of word wi's list (all
 * capitalised words of the run): how many, or 0. */
static int multi(spunname *s, run *r, size_t wi, size_t k) {
  const char *t = s->fwd[wi];
  size_t best = 0;
  if (!t)
    return 0;
  while (*t) {
    const char *end = strchr(t, '\n');
    size_t tl = end ? (size_t)(end - t) : strlen(t), p = 0, j = k;
    if (tl && memchr(t, ' ', tl)) {
      while (p < tl && j < r->n && j - k < MAX_SYN_WORDS) {
        size_t q = p, m;
        while (q < tl && t[q] != ' ')
          q++;
        m = q - p;
        if (!r->name[j] || r->len[j] != m || memcmp(t + p, rlow(r, j), m))
          break;
        j++;
        p = q;
        while (p < tl && t[p] == ' ')
          p++;
      }
      if (p == tl && j - k >= 2 && j - k > best)
        best = j - k;
    }
    if (!end)
      break;
    t = end + 1;
  }
  return (int)best;
}

/* Matches entry e from run token k0: the end token, or 0 (no match), or a
 * negative error.  Exact matches count as no match here. */
static long match_entry(spunname *s, run *r, const gentry *e, size_t k0, size_t *nkept) {
  size_t j, q, k = k0, kept = 0, swapped = 0;
  for (j = 0; j < e->n; j++) {
    const char *w = s->words[e->first + j];
    int m;
    if (k >= r->n || r->covered[k])
      return 0;
    if (eq(r, k, w)) {
      if (!s->small[e->first + j])
        kept++;
      k++;
      continue;
    }
    if (s->small[e->first + j] || !r->name[k])
      return 0;
    /* a word that gazetteer names use in this place makes another real
     * name more likely than a swap ("Interior Secretary", "State Party"),
     * unless spinners were seen making that very swap: "home" for house is
     * the mined table's most frequent one, so "Home Republicans" is spun
     * although "Home Secretary" is a name */
    if ((r->roles[k] & (j == e->head ? 2u : 1u)) &&
        !mtl_spunname_swap_has(s, rlow(r, k), r->len[k], w, strlen(w)))
      return 0;
    if ((m = related(s, r, e->first + j, k)) < 0)
      return m;
    if (m) {
      swapped++;
      k++;
      continue;
    }
    if ((m = multi(s, r, e->first + j, k)) < 0)
      return m;
    if (!m)
      return 0;
    for (q = k; q < k + (size_t)m; q++)
      if (r->covered[q])
        return 0;
    k += (size_t)m;
    swapped++;
  }
  *nkept = kept;
  return kept && swapped ? (long)k : 0;
}

/* Whether tokens a and b (a < b) are next to each other in one sentence
 * with only spaces or tabs between them. */
static int adjacent(const mtl_doc *doc, size_t a, size_t b) {
  size_t i;
  if (doc->toks[a].sentence != doc->toks[b].sentence)
    return 0;
  for (i = doc->toks[a].end; i < doc->toks[b].start; i++)
    if (doc->text[i] != ' ' && doc->text[i] != '\t')
      return 0;
  return doc->toks[b].start - doc->toks[a].end <= 2;
}

static int is_name_tok(const mtl_token *t) {
  return t->kind == MTL_TOK_WORD && (t->flags & (MTL_TF_CAP | MTL_TF_ALLCAPS)) &&
         !(t->flags & MTL_TF_DIGIT);
}

static const char *const headline_words[] = {"of", "the", "in", "to", "for", "on", "at", "a",
                                             "an", "and", "with", "by", "from", "as", "is",
                                             "over", "after", "into", NULL};

/* Whether token i follows a word or a comma, not an opening quote or
 * bracket (a quotation may start with "The"). */
static int after_space_or_word(const mtl_doc *doc, size_t i) {
  const mtl_token *p = i ? &doc->toks[i - 1] : NULL;
  return p && (p->kind == MTL_TOK_WORD || p->kind == MTL_TOK_NUMBER ||
               (p->kind == MTL_TOK_PUNCT && doc->text[p->start] == ','));
}

/* Whether sentence si is set as a title-case headline: a small word
 * capitalised after its first word, or no closing punctuation and at least
 * seven words in ten capitalised.  Such lines capitalise every word, so a
 * plain phrase ("Top Court Blocks Law") would look like a name. */
static int headline(const mtl_doc *doc, size_t si) {
  const mtl_span *sp = &doc->sents[si];
  size_t i, words = 0, caps = 0, last = sp->tok_end;
  for (i = sp->tok_start; i < sp->tok_end; i++) {
    const mtl_token *t = &doc->toks[i];
    if (t->kind != MTL_TOK_WORD)
      continue;
    words++;
    if (t->flags & (MTL_TF_CAP | MTL_TF_ALLCAPS)) {
      size_t j, n = t->end - t->start;
      caps++;
      if (words == 1 || (t->flags & MTL_TF_ALLCAPS) || !(t->flags & MTL_TF_SPACE_BEFORE) ||
          !after_space_or_word(doc, i))
        continue;
      for (j = 0; headline_words[j]; j++)
        if (strlen(headline_words[j]) == n &&
            (doc->text[t->start] | 32) == headline_words[j][0] &&
            !memcmp(doc->text + t->start + 1, headline_words[j] + 1, n - 1))
          return 1;
    }
  }
  for (i = sp->tok_end; i > sp->tok_start; i--) {   /* the last token but closing quotes */
    char c = doc->text[doc->toks[i - 1].start];
    if (doc->toks[i - 1].kind != MTL_TOK_PUNCT || !c || !strchr("\"')]\xe2", c)) {
      last = i - 1;
      break;
    }
  }
  if (last < sp->tok_end && doc->toks[last].kind == MTL_TOK_PUNCT &&
      doc->text[doc->toks[last].start] && strchr(".!?:;", doc->text[doc->toks[last].start]))
    return 0;
  return words >= 3 && caps * 10 >= words * 7;
}

static int check_run(const mtl_rule *rule, mtl_lintctx *lc, run *r) {
  spunname *s = rule->data;
  size_t k, j;
  uint32_t o;
  mtl_buf sugg = {0};
  int rc = 0;
  /* names found as written */
  memset(r->covered, 0, r->n);
  for (k = 0; k < r->n; k++)
    for (o = r->occ0[k]; o; o = s->occs[o - 1].next) {
      const gentry *e = &s->entries[s->occs[o - 1].entry];
      if (s->occs[o - 1].pos != 0 || k + e->n > r->n)
        continue;
      for (j = 0; j < e->n && eq(r, k + j, s->words[e->first + j]); j++)
        ;
      if (j == e->n)
        memset(r->covered + k, 1, e->n);
    }
  /* spun ones: anchored on each kept word, longest first from the left;
   * among names that end there, those with the most words kept, each once
   * (several when they tie: Organization and Organisation) */
  for (k = 0; k < r->n && !rc;) {
    long best_end = 0;
    const gentry *best[MAX_SUGG];
    size_t nbest = 0, best_kept = 0, t, i;
    for (t = k; t < r->n && t < k + MAX_NAME_WORDS; t++) {
      if (r->covered[t])
        continue;
      for (o = r->occ0[t]; o; o = s->occs[o - 1].next) {
        const occ *oc = &s->occs[o - 1];
        const gentry *e = &s->entries[oc->entry];
        size_t kept = 0;
        long end;
        if (s->small[e->first + oc->pos] || t - k < oc->pos ||
            t - k > oc->pos + (size_t)(MAX_SYN_WORDS - 1) * oc->pos)
          continue;
        end = match_entry(s, r, e, k, &kept);
        if (end < 0) {
          rc = (int)end;
          break;
        }
        if (!end || end < best_end || (end == best_end && kept < best_kept))
          continue;
        if (end > best_end || kept > best_kept) {
          best_end = end;
          best_kept = kept;
          nbest = 0;
        }
        for (i = 0; i < nbest && best[i] != e; i++)
          ;
        if (i == nbest && nbest < MAX_SUGG)
          best[nbest++] = e;
      }
    }
    if (rc || !nbest) {
      k++;
      continue;
    }
    {
      const mtl_token *a = &r->doc->toks[r->r0 + k], *b = &r->doc->toks[r->r0 + best_end - 1];
      const char *sv[MAX_SUGG];
      size_t off[MAX_SUGG];
      /* in gazetteer order, so the output does not depend on the index */
      for (i = 1; i < nbest; i++) {
        const gentry *x = best[i];
        size_t m = i;
        for (; m > 0 && best[m - 1] > x; m--)
          best[m] = best[m - 1];
        best[m] = x;
      }
      sugg.len = 0;
      for (i = 0; i < nbest; i++) {
        off[i] = sugg.len;
        mtl_buf_puts(&sugg, best[i]->display);
        mtl_buf_putc(&sugg, '\0');
      }
      if (sugg.oom) {
        rc = MTL_ENOMEM;
        break;
      }
      for (i = 0; i < nbest; i++)
        sv[i] = sugg.data + off[i];
      rc = mtl_emit(lc, rule, a->start, b->end, sv, nbest, best[0]->display, 0);
    }
    k = (size_t)best_end;
  }
  mtl_buf_free(&sugg);
  return rc;
}

static int spunname_run(const mtl_rule *rule, mtl_lintctx *lc) {
  spunname *s = rule->data;
  const mtl_doc *doc = lc->doc;
  run r;
  size_t i = 0;
  int rc = 0;
  size_t hl_sent = (size_t)-1;
  int hl = 0;
  memset(&r, 0, sizeof r);
  r.doc = doc;
  if ((rc = forward_ready(s)) != 0)
    return rc == MTL_ENOMEM ? rc : mtl_emit_limit(lc, rule, "thesaurus (unreadable)");
  while (i < doc->ntoks && !rc) {
    size_t a = i, b, k;
    if (!is_name_tok(&doc->toks[i])) {
      i++;
      continue;
    }
    if (doc->toks[i].sentence != hl_sent) {
      hl_sent = doc->toks[i].sentence;
      hl = headline(doc, hl_sent);
    }
    if (hl) {
      i++;
      continue;
    }
    /* the run: name words, small words between name words */
    b = a + 1;
    while (b < doc->ntoks && b - a < MAX_RUN && adjacent(doc, b - 1, b)) {
      const mtl_token *t = &doc->toks[b];
      if (is_name_tok(t)) {
        b++;
        continue;
      }
      if (t->kind == MTL_TOK_WORD && (t->flags & MTL_TF_LOWER) && b + 1 < doc->ntoks &&
          b + 1 - a < MAX_RUN && adjacent(doc, b, b + 1) && is_name_tok(&doc->toks[b + 1]) &&
          mtl_spunname_is_small(doc->text + t->start, t->end - t->start)) {
        b += 2;
        continue;
      }
      break;
    }
    i = b;
    if (b - a < 2)
      continue;
    r.r0 = a;
    r.n = b - a;
    r.low.len = 0;
    for (k = 0; k < r.n; k++) {
      const mtl_token *t = &doc->toks[a + k];
      r.off[k] = r.low.len;
      mtl_doc_token_lower(doc, a + k, &r.low);
      mtl_buf_putc(&r.low, '\0');
      r.len[k] = r.low.len - r.off[k] - 1;
      r.name[k] = (unsigned char)is_name_tok(t);
    }
    if (r.low.oom) {
      rc = MTL_ENOMEM;
      break;
    }
    for (k = 0; k < r.n; k++) {
      r.occ0[k] = mtl_spunname_head_of(s, rlow(&r, k), r.len[k]);
      r.roles[k] = (unsigned char)roles_of(s, &r, k);
    }
    if (r.low.oom) {
      rc = MTL_ENOMEM;
      break;
    }
    rc = check_run(rule, lc, &r);
    if (!rc && r.err) {
      rc = mtl_emit_limit(lc, rule, "thesaurus (unreadable)");
      break;
    }
  }
  mtl_buf_free(&r.low);
  mtl_buf_free(&r.rev);
  mtl_free(r.rh);
  mtl_buf_free(&r.fold);
  mtl_th_entry_free(&r.te);
  return rc;
}

/* The gazetteer words' term lists (and the thesaurus index), built now
 * (mtl_engine_preload). */
static void spunname_preload(const mtl_rule *rule, const mtl_engine *eng) {
  (void)eng;
  if (rule->data)
    (void)forward_ready(rule->data);
}

const mtl_check_kind mtl_check_spunname = {"spun-name",   spunname_keys, spunname_compile,
                                           spunname_run,  spunname_free, 0,
                                           spunname_preload};
