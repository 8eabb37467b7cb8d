/* lint.h - lint.c: the lint context the check kinds run in, the lint
 * flags (the language server's typing path) and the emit API. */
#ifndef MTL_LINT_H
#define MTL_LINT_H

#include "mtlint.h"
#include "util.h"
#include "doc.h"
#include "wordindex.h"
#include <stddef.h>

typedef struct mtl_rule mtl_rule;
typedef struct mtl_lintctx mtl_lintctx;

/** A candidate a swap rule scored (check_swap.c), kept in the lint context
 *  for the window kind whatever its gain against the rule's min_gain. */
typedef struct mtl_swap_cand {
  size_t tok;            /* first token of the match */
  size_t start, end;     /* bytes of the match */
  double gain;           /* log10 P(original) - log10 P(as written) */
  const char *orig;      /* the original, borrowed from the rule */
  size_t tok_end;        /* one past the last token of the match */
  const mtl_rule *rule;  /* the swap rule that scored it */
  int flagged;           /* a finding was emitted for it */
} mtl_swap_cand;

struct mtl_lintctx {
  const mtl_engine *eng;
  const mtl_doc *doc;
  const mtl_phrase_hit *hits;   /* this rule's phrase hits */
  size_t nhits;
  mtl_buf scratch;               /* free for a check to use; cleared per rule */
  /* findings so far (mtl_emit) */
  struct mtl_rawfinding *found; size_t nfound, capfound;
  unsigned char *limited;        /* per rule: limit already reported */
  size_t *counts;                /* per rule: findings emitted (capped in mtl_emit) */
  mtl_buf emitbuf;               /* mtl_emit_ex formats messages here */
  int oom;
  unsigned flags;                /* MTL_LINT_* of this lint */
  size_t sugg_lo, sugg_hi;       /* MTL_LINT_SUGGEST_RANGE: words starting here get them */
  mtl_swap_cand *cands;          /* swap candidates scored so far */
  size_t ncands, capcands;
  double window_density;         /* check_window.c: the article's densest window */
  double window_excess;          /* ... its density above its rule's gate, */
  int window_dense;              /* when a window reached the gate (1) */
  int language;                  /* MTL_LANG_*: the variety spelling checks against here */
};

/* Lint flags (the language server's typing path). */
enum {
  /** Spelling findings get no suggestions (Hunspell's suggest is the slow
   *  part of a lint); such findings are marked deferred, and a lint without
   *  the flag gives the same finding with them.  A rule whose message shows
   *  {suggestion} still gets its suggestions, so messages never change. */
  MTL_LINT_NO_SUGGEST = 1u << 0,
  /** Only the rules with para_local set run (no encoding findings). */
  MTL_LINT_LOCAL_ONLY = 1u << 1,
  /** Only the rules without para_local run. */
  MTL_LINT_NONLOCAL_ONLY = 1u << 2,
  /** Set by mtl_lint_suggest_in: spelling findings that start outside
   *  [lo, hi) are deferred as under MTL_LINT_NO_SUGGEST. */
  MTL_LINT_SUGGEST_RANGE = 1u << 3
};

/** mtl_lint_flags computing spelling suggestions only for the words that
 *  start in [lo, hi) (the language server's code actions: their cost is
 *  the words asked about, not the paragraph). */
int mtl_lint_suggest_in(mtl_result **out, const mtl_engine *eng, const char *text, size_t len,
                        unsigned flags, size_t lo, size_t hi, mtl_error *err);
/** Finding flags for mtl_emit_ex. */
enum {
  MTL_FF_SUGG_DEFERRED = 1u << 0 /* suggestions skipped under MTL_LINT_NO_SUGGEST */
};

/** mtl_lint with MTL_LINT_* flags. */
int mtl_lint_flags(mtl_result **out, const mtl_engine *eng, const char *text, size_t len,
                   unsigned flags, mtl_error *err);
/** Whether finding i of res had its suggestions deferred (MTL_FF_SUGG_DEFERRED). */
int mtl_result_sugg_deferred(const mtl_result *res, size_t i);
/** How far the article's densest window is above its window rule's gate
 *  (per 1000 words; 0 at the gate), or -1 when no window reached a gate
 *  (the garble score's window term, verdict.c). */
double mtl_result_window_excess(const mtl_result *res);
/** Whether res holds the input.other-language finding (MTL_RULE_LANG): an
 *  article in another language, which has no verdict. */
int mtl_result_other_language(const mtl_result *res);

/** Expands the rule's message template ({match}, {suggestion}, {detail})
 *  and records a finding.  sev 0 means the rule's severity.  Suggestions
 *  are copied.  Returns 0 or MTL_ENOMEM. */
int mtl_emit(mtl_lintctx *lc, const mtl_rule *rule, size_t start, size_t end,
             const char *const *sugg, size_t nsugg, const char *detail, int sev);
/** mtl_emit with MTL_FF_* finding flags. */
int mtl_emit_ex(mtl_lintctx *lc, const mtl_rule *rule, size_t start, size_t end,
                const char *const *sugg, size_t nsugg, const char *detail, int sev,
                unsigned fflags);
/** mtl_emit for the swap kind: also records the two language-model scores
 *  (log10) of the window with the suggestion and as written. */
int mtl_emit_scored(mtl_lintctx *lc, const mtl_rule *rule, size_t start, size_t end,
                    const char *const *sugg, size_t nsugg, double original, double written);
/** Reports, once per document, that the language model is missing (why:
 *  the reason), through the built-in rule mtlint.language-model. */
int mtl_emit_lm_missing(mtl_lintctx *lc, const char *why);
/** Reports, once per document, that rule hit a limit (what: which one). */
int mtl_emit_limit(mtl_lintctx *lc, const mtl_rule *rule, const char *what);

/** Applies the case shape of match (ALL CAPS, Capitalised) to repl; into b. */
void mtl_case_like(mtl_buf *b, const char *match, size_t mlen, const char *repl);

/** Seconds spent per stage, added to by mtl_lint_timed (bench only). */
typedef struct mtl_lint_times {
  double tokenize;      /* mtl_doc_init */
  double phrase_index;  /* the one pass of the phrase word index */
  double *rule;         /* per rule, eng->nrules entries (may be NULL) */
  double finish;        /* sort, de-duplicate, positions, suppressions */
} mtl_lint_times;

/** mtl_lint that also adds its stage times to *tm (tm may be NULL). */
int mtl_lint_timed(mtl_result **out, const mtl_engine *eng, const char *text, size_t len,
                   mtl_error *err, mtl_lint_times *tm);

#endif
