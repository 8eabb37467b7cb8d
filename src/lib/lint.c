/*
 * lint.c - lints a document with a finished engine: runs the rules (all,
 * or in two halves around the spelling rules), records their findings
 * (mtl_emit), then sorts them, drops duplicates and findings that yield,
 * computes positions and applies suppressions.  Lint state lives on the
 * stack of mtl_lint, so one engine serves many threads at once.
 */
#include "check.h"
#include "doc.h"
#include "engine.h"
#include "language.h"
#include "lint.h"
#include "mtlint.h"
#include "result.h"
#include "suppress.h"
#include "utf8.h"
#include "util.h"
#include "wordindex.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_MATCH_IN_MESSAGE 120
#define MAX_FINDINGS_PER_RULE 100000  /* per rule and input; then one rule-limit finding */

/* ---------------- emitting ---------------- */

static void put_match(mtl_buf *b, const char *s, size_t n) {
  size_t cut = n;
  if (n > MAX_MATCH_IN_MESSAGE) {
    cut = MAX_MATCH_IN_MESSAGE;
    while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
      cut--;
  }
  /* a message is one line of text: NUL and line breaks must not get in */
  {
    size_t i, from = 0;
    for (i = 0; i < cut; i++) {
      char c = s[i];
      if (c != '\0' && c != '\n' && c != '\r')
        continue;
      mtl_buf_put(b, s + from, i - from);
      if (c == '\0')
        mtl_buf_puts(b, "\xEF\xBF\xBD");
      else if (!(c == '\n' && i > 0 && s[i - 1] == '\r'))
        mtl_buf_putc(b, ' ');
      from = i + 1;
    }
    mtl_buf_put(b, s + from, cut - from);
  }
  if (cut < n)
    mtl_buf_puts(b, "\xE2\x80\xA6");
}

int mtl_emit(mtl_lintctx *lc, const mtl_rule *rule, size_t start, size_t end,
             const char *const *sugg, size_t nsugg, const char *detail, int sev) {
  return mtl_emit_ex(lc, rule, start, end, sugg, nsugg, detail, sev, 0);
}

/* PERF: one allocation per finding: the message (NUL, padding to 8 bytes),
 * then the suggestion pointers, then the suggestions; mtl_raw_free frees the
 * message.  The message is formatted in lc->emitbuf, kept for the lint. */
int mtl_emit_ex(mtl_lintctx *lc, const mtl_rule *rule, size_t start, size_t end,
                const char *const *sugg, size_t nsugg, const char *detail, int sev,
                unsigned fflags) {
  struct mtl_rawfinding f;
  mtl_buf *msg = &lc->emitbuf;
  const char *p;
  char *blk, *o;
  size_t i, off, total;
  int wrote = 0; /* as before: a message nothing was written to is refused */
  if (lc->oom)
    return MTL_ENOMEM;
  if (rule->index != MTL_RULE_LIMIT && ++lc->counts[rule->index] > MAX_FINDINGS_PER_RULE)
    return lc->counts[rule->index] == MAX_FINDINGS_PER_RULE + 1
               ? mtl_emit_limit(lc, rule, "100,000 findings per input")
               : 0;
  if (end < start)
    end = start;
  if (end > lc->doc->len)
    end = lc->doc->len;
  if (start > end)
    start = end;
  memset(&f, 0, sizeof f);
  f.rule = rule->index;
  f.rank = rule->id_rank;
  f.sev = sev ? sev : (int)rule->info.severity;
  f.start = start;
  f.end = end;
  f.fflags = fflags;
  msg->len = 0;
  for (p = rule->info.message; *p;) {
    const char *q = strchr(p, '{');
    if (!q) {
      mtl_buf_puts(msg, p);
      wrote = 1;
      break;
    }
    if (q > p) {
      mtl_buf_put(msg, p, (size_t)(q - p));
      wrote = 1;
    }
    p = q;
    if (!strncmp(p, "{match}", 7)) {
      put_match(msg, lc->doc->text + start, end - start);
      wrote = 1;
      p += 7;
    } else if (!strncmp(p, "{suggestion}", 12)) {
      if (nsugg && sugg[0]) {
        mtl_buf_puts(msg, sugg[0]);
        wrote = 1;
      }
      p += 12;
    } else if (!strncmp(p, "{detail}", 8)) {
      if (detail) {
        mtl_buf_puts(msg, detail);
        wrote = 1;
      }
      p += 8;
    } else {
      mtl_buf_putc(msg, '{');
      wrote = 1;
      p++;
    }
  }
  if (msg->oom || !wrote)
    goto oom;
  off = (msg->len + 8) & ~(size_t)7;
  total = off + nsugg * sizeof(char *);
  for (i = 0; i < nsugg; i++)
    total += strlen(sugg[i] ? sugg[i] : "") + 1;
  if (!(blk = mtl_malloc(total)))
    goto oom;
  memcpy(blk, msg->data, msg->len);
  blk[msg->len] = '\0';
  f.message = blk;
  if (nsugg) {
    f.sugg = (char **)(void *)(blk + off);
    o = blk + off + nsugg * sizeof(char *);
    for (i = 0; i < nsugg; i++) {
      size_t n = strlen(sugg[i] ? sugg[i] : "") + 1;
      memcpy(o, sugg[i] ? sugg[i] : "", n);
      f.sugg[i] = o;
      o += n;
    }
    f.nsugg = nsugg;
  }
  /* PERF: 32 at first (an article has a few dozen findings), not 8, 16, 32 */
  if (mtl_grow((void **)&lc->found, &lc->capfound, lc->nfound < 32 ? 32 : lc->nfound + 1,
               sizeof *lc->found)) {
    mtl_free(blk);
    goto oom;
  }
  lc->found[lc->nfound++] = f;
  return 0;
oom:
  lc->oom = 1;
  return MTL_ENOMEM;
}

int mtl_emit_scored(mtl_lintctx *lc, const mtl_rule *rule, size_t start, size_t end,
                    const char *const *sugg, size_t nsugg, double original, double written) {
  size_t before = lc->nfound;
  int rc = mtl_emit(lc, rule, start, end, sugg, nsugg, NULL, 0);
  if (!rc && lc->nfound > before) {
    lc->found[lc->nfound - 1].has_lm = 1;
    lc->found[lc->nfound - 1].lm_original = original;
    lc->found[lc->nfound - 1].lm_written = written;
  }
  return rc;
}

int mtl_emit_lm_missing(mtl_lintctx *lc, const char *why) {
  const mtl_rule *r = lc->eng->rules[MTL_RULE_LM];
  mtl_buf d = {0};
  int rc;
  if (lc->limited[MTL_RULE_LM] || !r->info.enabled)
    return 0;
  lc->limited[MTL_RULE_LM] = 1;
  mtl_buf_printf(&d, "the language model cannot be loaded (%s); the swap rules are skipped",
                 why ? why : "unknown reason");
  if (d.oom)
    return MTL_ENOMEM;
  rc = mtl_emit(lc, r, 0, 0, NULL, 0, d.data, 0);
  mtl_buf_free(&d);
  return rc;
}

int mtl_emit_limit(mtl_lintctx *lc, const mtl_rule *rule, const char *what) {
  mtl_buf d = {0};
  const mtl_rule *lim = lc->eng->rules[MTL_RULE_LIMIT];
  int rc;
  if (lc->limited[rule->index] || !lim->info.enabled)
    return 0;
  lc->limited[rule->index] = 1;
  mtl_buf_printf(&d, "rule %s hit the %s limit; its other matches in this input "
                 "were skipped", rule->info.id, what);
  if (d.oom)
    return MTL_ENOMEM;
  rc = mtl_emit(lc, lim, 0, 0, NULL, 0, d.data, 0);
  mtl_buf_free(&d);
  return rc;
}

void mtl_case_like(mtl_buf *b, const char *match, size_t mlen, const char *repl) {
  size_t i = 0, letters = 0, uppers = 0;
  int first_upper = -1;
  while (i < mlen) {
    int32_t cp;
    int k = mtl_utf8_decode(match + i, mlen - i, &cp);
    if (k < 0) {
      i++;
      continue;
    }
    if (mtl_cp_is_letter(cp)) {
      letters++;
      if (mtl_cp_is_upper(cp))
        uppers++;
      if (first_upper < 0)
        first_upper = mtl_cp_is_upper(cp);
    }
    i += (size_t)k;
  }
  i = 0;
  while (repl[i]) {
    size_t n = strlen(repl + i);
    int32_t cp;
    int k = mtl_utf8_decode(repl + i, n, &cp);
    char enc[4];
    if (k < 0) {
      mtl_buf_putc(b, repl[i++]);
      continue;
    }
    if (letters >= 2 && uppers == letters)
      cp = mtl_cp_toupper(cp);
    else if (first_upper == 1 && i == 0)
      cp = mtl_cp_toupper(cp);
    mtl_buf_put(b, enc, (size_t)mtl_utf8_encode(cp, enc));
    i += (size_t)k;
  }
}

/* ---------------- linting ---------------- */

static int raw_cmp(const void *a, const void *b) {
  const struct mtl_rawfinding *x = a, *y = b;
  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->end != y->end)
    return x->end < y->end ? -1 : 1;
  if (x->rank != y->rank)
    return x->rank < y->rank ? -1 : 1;
  return strcmp(x->message, y->message);
}

/* PERF: a document has a few findings: insertion sort (stable, like glibc's
 * merge sort that qsort used) without qsort's set-up and indirect calls. */
#define SMALL_SORT 16
static void sort_found(struct mtl_rawfinding *a, size_t n) {
  size_t i, j;
  if (n > SMALL_SORT) {
    qsort(a, n, sizeof *a, raw_cmp);
    return;
  }
  for (i = 1; i < n; i++) {
    struct mtl_rawfinding x = a[i];
    for (j = i; j > 0 && raw_cmp(&a[j - 1], &x) > 0; j--)
      a[j] = a[j - 1];
    a[j] = x;
  }
}

/* The MTL_KIND_* flags of the kind of f's rule. */
static unsigned kind_flags(const mtl_engine *eng, const struct mtl_rawfinding *f) {
  return eng->rules[f->rule]->kind->flags;
}

static int pos_cmp(const void *a, const void *b) {
  const mtl_position *x = *(const mtl_position *const *)a, *y = *(const mtl_position *const *)b;
  return x->offset < y->offset ? -1 : x->offset > y->offset;
}

static void sort_pos(mtl_position **a, size_t n) {
  size_t i, j;
  if (n > 2 * SMALL_SORT) {
    qsort(a, n, sizeof *a, pos_cmp);
    return;
  }
  for (i = 1; i < n; i++) {
    mtl_position *x = a[i];
    for (j = i; j > 0 && a[j - 1]->offset > x->offset; j--)
      a[j] = a[j - 1];
    a[j] = x;
  }
}

/* Drops the findings in lc (sorted) that inline directives hide; emits
 * suppression.unknown-rule and suppression.unused findings, which no
 * directive hides, and sorts again.  0 or MTL_ENOMEM. */
static int suppress(const mtl_engine *eng, const mtl_doc *doc, mtl_lintctx *lc) {
  const mtl_rule *unknown = eng->rules[MTL_RULE_SUPP_UNKNOWN];
  const mtl_rule *unused = eng->rules[MTL_RULE_SUPP_UNUSED];
  int want_unknown = unknown->info.enabled && !(lc->flags & MTL_LINT_LOCAL_ONLY);
  int want_unused = unused->info.enabled && !(lc->flags & MTL_LINT_LOCAL_ONLY);
  mtl_supp_item *items = NULL;
  mtl_supp_note *notes = NULL;
  unsigned char *keep = NULL;
  size_t i, k, nnotes = 0;
  int rc = MTL_ENOMEM;
  if (!doc->nlines || (!lc->nfound && !want_unknown && !want_unused) ||
      !mtl_suppress_any(doc))
    return 0;
  if (lc->nfound && (!(items = mtl_malloc(lc->nfound * sizeof *items)) ||
                     !(keep = mtl_malloc(lc->nfound))))
    goto done;
  for (i = 0; i < lc->nfound; i++) {
    items[i].rule = eng->rules[lc->found[i].rule]->info.id;
    items[i].start = lc->found[i].start;
  }
  if (mtl_suppress_run(eng, doc, items, lc->nfound, keep, want_unknown, want_unused, &notes,
                       &nnotes))
    goto done;
  for (i = 0, k = 0; i < lc->nfound; i++) {
    if (!keep[i]) {
      mtl_raw_free(&lc->found[i]);
      continue;
    }
    lc->found[k++] = lc->found[i];
  }
  lc->nfound = k;
  for (i = 0; i < nnotes; i++) {
    const char *sugg[1];
    sugg[0] = notes[i].near;
    if (mtl_emit(lc, notes[i].unused ? unused : unknown, notes[i].start, notes[i].end, sugg,
                 notes[i].near ? 1 : 0, notes[i].msg, 0))
      goto done;
  }
  if (nnotes && lc->nfound > 1)
    sort_found(lc->found, lc->nfound);
  rc = 0;
done:
  mtl_free(items);
  mtl_free(keep);
  mtl_free(notes);
  return rc;
}

static int encoding_findings(mtl_lintctx *lc) {
  const mtl_doc *d = lc->doc;
  const mtl_rule *r = lc->eng->rules[MTL_RULE_ENCODING];
  char msg[160];
  if (!r->info.enabled)
    return 0;
  if (d->invalid_at < d->len) {
    snprintf(msg, sizeof msg, "invalid UTF-8 byte 0x%02X; the text was linted as it is",
             (unsigned char)d->text[d->invalid_at]);
    if (mtl_emit(lc, r, d->invalid_at, d->invalid_at + 1, NULL, 0, msg, 0))
      return MTL_ENOMEM;
  }
  if (d->nul_at < d->len &&
      mtl_emit(lc, r, d->nul_at, d->nul_at + 1, NULL, 0,
               "NUL byte in text input; the text was linted as it is", 0))
    return MTL_ENOMEM;
  return 0;
}

/* PERF: wall-clock seconds, only read when a caller asks for stage times. */
static double stage_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Runs rule i over lc with the hits given, timing it when tm asks; nonzero
 * when memory ran out. */
static int run_rule(const mtl_engine *eng, size_t i, mtl_lintctx *lc,
                    const mtl_phrase_hit *hits, size_t nhits, mtl_lint_times *tm) {
  const mtl_rule *r = eng->rules[i];
  double t0 = tm && tm->rule ? stage_now() : 0;
  lc->hits = hits;
  lc->nhits = nhits;
  lc->scratch.len = 0;
  if (r->kind->run(r, lc) == MTL_ENOMEM || lc->oom)
    return 1;
  if (tm && tm->rule)
    tm->rule[i] += stage_now() - t0;
  return 0;
}

/* A lint waiting for its spelling rules (mtl_lint_begin): the findings of
 * the other rules, before any sorting or dropping, and what to lint again. */
struct mtl_pending {
  const mtl_engine *eng;
  const char *text;
  size_t len;
  const mtl_article *art; /* mtl_lint_article_begin's, else NULL */
  struct mtl_rawfinding *found;
  size_t nfound, capfound;
  double window_density, window_excess;
  int window_dense;
};

/* lint_impl's halves (never set by callers: above the MTL_LINT_* bits) */
#define LINT_BEGIN (1u << 30)  /* every rule but the spelling rules, into a pending */
#define LINT_FINISH (1u << 31) /* the spelling rules, onto a pending's findings */

static int lint_impl(mtl_result **out, const mtl_engine *eng, const char *text, size_t len,
                     unsigned flags, mtl_error *err, mtl_lint_times *tm, mtl_pending *pend,
                     const size_t *srange, const mtl_article *art);

int mtl_lint(mtl_result **out, const mtl_engine *eng, const char *text, size_t len,
             mtl_error *err) {
  return lint_impl(out, eng, text, len, 0, err, NULL, NULL, NULL, NULL);
}

int mtl_lint_article(mtl_result **out, const mtl_engine *eng, const mtl_article *a,
                     mtl_error *err) {
  if (!a) {
    *out = NULL;
    return mtl_seterr(err, MTL_EINVAL, NULL, 0, 0, "no article");
  }
  return lint_impl(out, eng, a->text, a->len, 0, err, NULL, NULL, NULL, a);
}

static int begin(mtl_pending **out, const mtl_engine *eng, const char *text, size_t len,
                 const mtl_article *art, mtl_error *err) {
  mtl_pending *p;
  mtl_result *none = NULL;
  int rc;
  *out = NULL;
  if (!eng || (!text && len))
    return mtl_seterr(err, MTL_EINVAL, NULL, 0, 0, "no engine or text");
  if (!(p = mtl_calloc(1, sizeof *p)))
    return mtl_seterr(err, MTL_ENOMEM, NULL, 0, 0, "out of memory");
  p->eng = eng;
  p->text = text;
  p->len = len;
  p->art = art;
  if ((rc = lint_impl(&none, eng, text, len, LINT_BEGIN, err, NULL, p, NULL, art)) != 0) {
    mtl_pending_free(p);
    return rc;
  }
  *out = p;
  return 0;
}

int mtl_lint_begin(mtl_pending **out, const mtl_engine *eng, const char *text, size_t len,
                   mtl_error *err) {
  return begin(out, eng, text, len, NULL, err);
}

int mtl_lint_article_begin(mtl_pending **out, const mtl_engine *eng, const mtl_article *a,
                           mtl_error *err) {
  if (!a) {
    *out = NULL;
    return mtl_seterr(err, MTL_EINVAL, NULL, 0, 0, "no article");
  }
  return begin(out, eng, a->text, a->len, a, err);
}

int mtl_lint_finish(mtl_result **out, mtl_pending *pending, mtl_error *err) {
  int rc;
  *out = NULL;
  if (!pending)
    return mtl_seterr(err, MTL_EINVAL, NULL, 0, 0, "no pending lint");
  rc = lint_impl(out, pending->eng, pending->text, pending->len, LINT_FINISH, err, NULL,
                 pending, NULL, pending->art);
  mtl_pending_free(pending);
  return rc;
}

void mtl_pending_free(mtl_pending *pending) {
  if (!pending)
    return;
  mtl_raws_free(pending->found, pending->nfound);
  mtl_free(pending);
}

int mtl_lint_flags(mtl_result **out, const mtl_engine *eng, const char *text, size_t len,
                   unsigned flags, mtl_error *err) {
  return lint_impl(out, eng, text, len, flags, err, NULL, NULL, NULL, NULL);
}

int mtl_lint_timed(mtl_result **out, const mtl_engine *eng, const char *text, size_t len,
                   mtl_error *err, mtl_lint_times *tm) {
  return lint_impl(out, eng, text, len, 0, err, tm, NULL, NULL, NULL);
}

int mtl_lint_suggest_in(mtl_result **out, const mtl_engine *eng, const char *text, size_t len,
                        unsigned flags, size_t lo, size_t hi, mtl_error *err) {
  size_t range[2];
  range[0] = lo;
  range[1] = hi;
  return lint_impl(out, eng, text, len, flags | MTL_LINT_SUGGEST_RANGE, err, NULL, NULL,
                   range, NULL);
}

/* Whether a rule of another kind already says what the swap finding
 * a[i] says: the same span and the same first suggestion (a swap rule and a
 * pattern for the same garble, e.g. "rose through 12 percent").  a[0..k)
 * are the findings kept so far, a[i+1..n) those still to come. */
static int said_by_other(const mtl_engine *eng, const struct mtl_rawfinding *a, size_t k,
                         size_t i, size_t n) {
  const struct mtl_rawfinding *f = &a[i];
  size_t j;
  for (j = 0; j < n; j++) {
    const struct mtl_rawfinding *o;
    if (j >= k && j <= i)
      continue;
    o = &a[j];
    if (o->start != f->start || o->end != f->end || !o->nsugg || !f->nsugg ||
        (kind_flags(eng, o) & MTL_KIND_SECOND))
      continue;
    if (!strcmp(o->sugg[0], f->sugg[0]))
      return 1;
  }
  return 0;
}

/* The first word token of doc: its span in *s, *e (0, 0 if none). */
static void first_word(const mtl_doc *doc, size_t *s, size_t *e) {
  size_t i;
  *s = *e = 0;
  for (i = 0; i < doc->ntoks; i++)
    if (doc->toks[i].kind == MTL_TOK_WORD) {
      *s = doc->toks[i].start;
      *e = doc->toks[i].end;
      return;
    }
}

/* Before the rules: a recovered feed item's warning, and the language.  A
 * language the input declares (an English variety picks what spelling
 * checks against), else the guess; another language gets one finding and
 * no rule runs (issue: other languages).  1: skip the rules; 0: run them;
 * -1: out of memory. */
static int before_rules(mtl_lintctx *lc, const mtl_doc *doc, const mtl_article *art,
                        unsigned flags) {
  const mtl_engine *eng = lc->eng;
  int variety = MTL_LANG_AUTO, declared = 0;
  const char *name = NULL, *code = NULL;
  char msg[200];
  if (art && art->recovered && !(flags & (MTL_LINT_LOCAL_ONLY | LINT_FINISH)) &&
      eng->rules[MTL_RULE_RECOVERED]->info.enabled) {
    char rmsg[700];
    snprintf(rmsg, sizeof rmsg, "malformed XML in this item at %s; linted as libxml2's "
             "recovery mode read it", art->recovered);
    if (mtl_emit(lc, eng->rules[MTL_RULE_RECOVERED], 0, 0, NULL, 0, rmsg, 0))
      return -1;
  }
  if (art && art->language)
    declared = mtl_language_declared(art->language, &variety, &name);
  if (declared == 1 && lc->language == MTL_LANG_AUTO)
    lc->language = variety;
  if (declared == 2) {
    if (name)
      snprintf(msg, sizeof msg, "the input declares the language %.40s (%s), not English: "
               "not checked", art->language, name);
    else
      snprintf(msg, sizeof msg, "the input declares the language %.40s, not English: "
               "not checked", art->language);
    code = art->language;
  } else if (!declared && !(flags & MTL_LINT_LOCAL_ONLY) &&
             eng->rules[MTL_RULE_LANG]->info.enabled &&
             (code = mtl_doc_language(doc, &name)) != NULL) {
    snprintf(msg, sizeof msg, "the text reads as %s (%s), not English: not checked", name,
             code);
  }
  if (code && !(flags & MTL_LINT_LOCAL_ONLY) && eng->rules[MTL_RULE_LANG]->info.enabled) {
    size_t ws, we;
    first_word(doc, &ws, &we);
    if (!(flags & LINT_FINISH) &&
        mtl_emit(lc, eng->rules[MTL_RULE_LANG], ws, we, NULL, 0, msg, 0))
      return -1;
    return 1;
  }
  return 0;
}

/* The rule loop: each enabled rule that this lint's flags select, with
 * its phrase hits; hit-driven rules without hits are skipped unread.  The
 * MTL_KIND_LAST rules run after the others.  0 or -1 (out of memory). */
static int run_rules(mtl_lintctx *lc, const mtl_phrase_hit *hits, size_t nhits,
                     const unsigned char *driven, size_t ndriven, unsigned flags,
                     mtl_lint_times *tm) {
  const mtl_engine *eng = lc->eng;
  size_t h = 0, i;
  for (i = 0; i < eng->nrules; i++) {
    const mtl_rule *r = eng->rules[i];
    size_t first;
    while (h < nhits && hits[h].rule < i)
      h++;
    first = h;
    while (h < nhits && hits[h].rule == i)
      h++;
    if (h == first && i < ndriven && driven[i]) {
      /* PERF: no hits, nothing to find: the rule is not even read, nor are
       * the hit-driven rules up to the next one with hits (one memchr). */
      size_t stop = h < nhits && hits[h].rule < ndriven ? hits[h].rule : ndriven;
      const unsigned char *z = memchr(driven + i, 0, stop - i);
      i = (z ? (size_t)(z - driven) : stop) - 1;
      continue;
    }
    if (!r->info.enabled || !r->kind->run || (r->kind->flags & MTL_KIND_LAST) ||
        ((flags & MTL_LINT_LOCAL_ONLY) && !r->para_local) ||
        ((flags & MTL_LINT_NONLOCAL_ONLY) && r->para_local) ||
        ((flags & LINT_BEGIN) && (r->kind->flags & MTL_KIND_DICT)) ||
        ((flags & LINT_FINISH) && !(r->kind->flags & MTL_KIND_DICT)))
      continue;
    if (run_rule(eng, i, lc, hits ? hits + first : NULL, h - first, tm))
      return -1;
  }
  /* MTL_KIND_LAST rules read what the others left in lc (the window kind
   * reads the swap candidates): they run last, whatever the load order */
  for (i = 0; i < eng->nrules; i++) {
    const mtl_rule *r = eng->rules[i];
    if (!(r->kind->flags & MTL_KIND_LAST) || !r->info.enabled || !r->kind->run ||
        (flags & LINT_FINISH) ||
        ((flags & MTL_LINT_LOCAL_ONLY) && !r->para_local) ||
        ((flags & MTL_LINT_NONLOCAL_ONLY) && r->para_local))
      continue;
    if (run_rule(eng, i, lc, NULL, 0, tm))
      return -1;
  }
  return 0;
}

/* Drops exact duplicates, and findings of yielding kinds (spelling) that a
 * more specific rule already reports over an overlapping span ("putin" is a
 * capitalization finding, "Izum" a terminology one, "nov." a typography
 * one); lc->found is sorted. */
static void dedupe(const mtl_engine *eng, mtl_lintctx *lc) {
  size_t i, k;
  {
    size_t max_end = 0; /* furthest end of non-yielding findings so far */
    for (i = 0, k = 0; i < lc->nfound; i++) {
      const struct mtl_rawfinding *f = &lc->found[i];
      int drop = k && lc->found[k - 1].rule == f->rule && lc->found[k - 1].start == f->start &&
                 lc->found[k - 1].end == f->end;
      if (!drop && (kind_flags(eng, f) & MTL_KIND_YIELDS)) {
        size_t j;
        drop = max_end > f->start;
        for (j = i + 1; !drop && j < lc->nfound && lc->found[j].start < f->end; j++)
          drop = !(kind_flags(eng, &lc->found[j]) & MTL_KIND_YIELDS) &&
                 lc->found[j].rule >= MTL_NBUILTIN;
      } else if (!drop && f->rule >= MTL_NBUILTIN && f->end > max_end) {
        max_end = f->end;
      }
      if (!drop && (kind_flags(eng, f) & MTL_KIND_SECOND))
        drop = said_by_other(eng, lc->found, k, i, lc->nfound);
      if (drop) {
        mtl_raw_free(&lc->found[i]);
        continue;
      }
      lc->found[k++] = lc->found[i];
    }
    lc->nfound = k;
  }
}

static int lint_impl(mtl_result **out, const mtl_engine *eng, const char *text, size_t len,
                     unsigned flags, mtl_error *err, mtl_lint_times *tm, mtl_pending *pend,
                     const size_t *srange, const mtl_article *art) {
  double t0 = tm ? stage_now() : 0;
  mtl_doc doc;
  mtl_lintctx lc;
  mtl_phrase_hit *hits = NULL;
  size_t nhits = 0, i, ndriven;
  const unsigned char *driven;
  mtl_result *res = NULL;
  mtl_position **pos = NULL;
  int rc = 0;
  *out = NULL;
  if (!eng || (!text && len))
    return mtl_seterr(err, MTL_EINVAL, NULL, 0, 0, "no engine or text");
  if (!text)
    text = "";
  if (mtl_doc_init(&doc, text, len))
    return mtl_seterr(err, MTL_ENOMEM, NULL, 0, 0, "out of memory");
  if (tm)
    tm->tokenize += stage_now() - t0, t0 = stage_now();
  memset(&lc, 0, sizeof lc);
  lc.eng = eng;
  lc.doc = &doc;
  lc.flags = flags;
  lc.language = eng->language;
  if (srange) {
    lc.sugg_lo = srange[0];
    lc.sugg_hi = srange[1];
  }
  /* PERF: one allocation for both per-rule arrays */
  if (!(lc.counts = mtl_calloc(eng->nrules * (sizeof *lc.counts + 1), 1)))
    goto oom;
  lc.limited = (unsigned char *)(lc.counts + eng->nrules);
  if (flags & LINT_FINISH) { /* the other rules' findings, as mtl_lint_begin left them */
    lc.window_density = pend->window_density;
    lc.window_excess = pend->window_excess;
    lc.window_dense = pend->window_dense;
    lc.found = pend->found;
    lc.nfound = pend->nfound;
    lc.capfound = pend->capfound;
    pend->found = NULL;
    pend->nfound = pend->capfound = 0;
    driven = NULL; /* no phrase index: no spelling rule reads it */
    ndriven = 0;
  } else {
    if (!(flags & MTL_LINT_LOCAL_ONLY) && encoding_findings(&lc))
      goto oom;
    if (mtl_wordindex_run(eng->windex, &doc, &hits, &nhits))
      goto oom;
    driven = mtl_wordindex_driven(eng->windex, &ndriven);
  }
  if (tm)
    tm->phrase_index += stage_now() - t0;
  rc = before_rules(&lc, &doc, art, flags);
  if (rc < 0)
    goto oom;
  if (rc > 0) {
    rc = 0;
    goto rules_done;
  }
  if (run_rules(&lc, hits, nhits, driven, ndriven, flags, tm))
    goto oom;
rules_done:
  if (flags & LINT_BEGIN) { /* the rest is mtl_lint_finish's */
    pend->window_density = lc.window_density;
    pend->window_excess = lc.window_excess;
    pend->window_dense = lc.window_dense;
    pend->found = lc.found;
    pend->nfound = lc.nfound;
    pend->capfound = lc.capfound;
    lc.found = NULL;
    lc.nfound = 0;
    goto done;
  }
  if (tm)
    t0 = stage_now();
  /* FORMATS: inline directives past suppress.c's limit are not honoured: said
   * once, where the first of them starts, rather than dropped silently. */
  if (lc.nfound && !(flags & MTL_LINT_LOCAL_ONLY) && eng->rules[MTL_RULE_LIMIT]->info.enabled) {
    size_t at, over = mtl_suppress_over(&doc, &at);
    if (over) {
      char detail[160];
      snprintf(detail, sizeof detail,
               "%zu inline suppression directives past the limit of 100,000 per input "
               "were not honoured", over);
      if (mtl_emit(&lc, eng->rules[MTL_RULE_LIMIT], at, at, NULL, 0, detail, 0))
        goto oom;
    }
  }
  /* sort, drop exact duplicates, compute positions */
  if (lc.nfound > 1)
    sort_found(lc.found, lc.nfound);
  dedupe(eng, &lc);
  /* FORMATS hook: drop findings hidden by mtlint-disable comments, and say
   * which names in them are no rule and which hid nothing (suppress.c). */
  if (suppress(eng, &doc, &lc))
    goto oom;
  if (!(res = mtl_calloc(1, sizeof *res)))
    goto oom;
  res->words = doc.words;
  res->window_density = lc.window_density;
  res->window_excess = lc.window_dense ? lc.window_excess : -1;
  res->n = lc.nfound;
  if (lc.nfound) {
    if (!(res->f = mtl_calloc(lc.nfound, sizeof *res->f)) ||
        !(pos = mtl_malloc(2 * lc.nfound * sizeof *pos)))
      goto oom;
    for (i = 0; i < lc.nfound; i++) {
      mtl_finding *f = &res->f[i];
      const mtl_rule *r = eng->rules[lc.found[i].rule];
      f->rule = r->info.id;
      f->severity = (mtl_severity)lc.found[i].sev;
      f->message = lc.found[i].message;
      f->suggestions = (const char *const *)lc.found[i].sugg;
      f->n_suggestions = lc.found[i].nsugg;
      f->fix_safe = r->fix_safe;
      f->fix = r->info.fix ? r->info.fix : "none";
      f->has_lm = lc.found[i].has_lm;
      f->lm_original = lc.found[i].lm_original;
      f->lm_written = lc.found[i].lm_written;
      f->start.offset = lc.found[i].start;
      f->end.offset = lc.found[i].end;
      pos[2 * i] = &f->start;
      pos[2 * i + 1] = &f->end;
    }
    sort_pos(pos, 2 * lc.nfound);
    mtl_doc_positions(&doc, pos, 2 * lc.nfound);
  }
  res->raw = lc.found;
  lc.found = NULL;
  if (tm)
    tm->finish += stage_now() - t0;
  *out = res;
  goto done;
oom:
  rc = mtl_seterr(err, MTL_ENOMEM, NULL, 0, 0, "out of memory");
  if (res) {
    mtl_free(res->f);
    mtl_free(res);
  }
  mtl_raws_free(lc.found, lc.nfound);
done:
  mtl_free(pos);
  mtl_free(hits);
  mtl_free(lc.counts); /* and lc.limited */
  mtl_free(lc.cands);
  mtl_buf_free(&lc.scratch);
  mtl_buf_free(&lc.emitbuf);
  mtl_doc_free(&doc);
  return rc;
}
