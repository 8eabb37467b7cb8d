/*
 * internal.h - what the modules of libmtlint share and the public header
 * does not show.  Nothing here names a dependency's header: pcre2.h,
 * hunspell.h, yaml.h and utf8proc.h are each included by one .c file.
 *
 * Invariants: spans are byte offsets [start, end) into the text as given;
 * a finished engine is read-only; lint state lives in mtl_lintctx.
 */
#ifndef MTL_INTERNAL_H
#define MTL_INTERNAL_H

#include "mtlint.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "util.h"
#include "utf8.h"
#include "doc.h"
#include "ynode.h"
#include "regex.h"
#include "wordindex.h"

/* ---------------- rules and check kinds ---------------- */

typedef struct mtl_rule mtl_rule;
typedef struct mtl_build mtl_build;
typedef struct mtl_lintctx mtl_lintctx;

/* What the lint loop must know of a kind (mtl_check_kind.flags), so that
 * engine.c never names one. */
enum {
  /** Reads the spelling dictionaries: an engine loads them only when such a
   *  rule is enabled, and mtl_lint_finish runs these rules (mtl_lint_begin
   *  the others). */
  MTL_KIND_DICT = 1u << 0,
  /** A finding gives way to an overlapping finding of a rule that neither
   *  yields nor is built in ("putin" is a capitalization finding, not a
   *  misspelling). */
  MTL_KIND_YIELDS = 1u << 1,
  /** A finding gives way to another kind's finding of the same span and
   *  first suggestion (a swap rule and a pattern for the same garble). */
  MTL_KIND_SECOND = 1u << 2,
  /** Runs after every other rule: it reads what they left in the lint
   *  context (the window kind reads the swap candidates). */
  MTL_KIND_LAST = 1u << 3,
};

/** A check kind: one file each, registered in check_kinds[] (rules.c). */
typedef struct mtl_check_kind {
  const char *name;
  const char *const *keys;  /* kind-specific keys, NULL-terminated */
  /** Reads the kind-specific keys of the rule map into rule->data. */
  int (*compile)(mtl_rule *rule, const mtl_ynode *map, mtl_build *b, mtl_error *err);
  /** Emits findings for one document through mtl_emit. */
  int (*run)(const mtl_rule *rule, mtl_lintctx *lc);
  void (*free)(mtl_rule *rule);
  unsigned flags;           /* MTL_KIND_* */
  /** Optional: loads now what run would load at first use (mtl_engine_
   *  preload).  Errors are left for run to report. */
  void (*preload)(const mtl_rule *rule, const mtl_engine *eng);
} mtl_check_kind;

struct mtl_rule {
  mtl_rule_info info;
  const mtl_check_kind *kind;
  uint32_t index;        /* position in engine->rules */
  uint32_t id_rank;      /* position of the id in sorted order (stable output) */
  int fix_safe;
  /** Set by the kind's compile: every finding lies inside one paragraph
   *  (blank-line block) and depends on that paragraph's text alone, so a
   *  lint of a few whole paragraphs gives exactly the findings a lint of the
   *  whole text gives there (the language server's incremental lints).
   *  0, the default, is always safe. */
  int para_local;
  void *data;            /* the kind's compiled state */
  /* storage behind info */
  char **good, **bad;
};

/** Loader context handed to compile: the engine being built. */
struct mtl_build {
  mtl_engine *eng;
  const char *file;      /* rule file being loaded */
  const char *datadir;
};

/* rules.c: the loader. */
int mtl_rules_load_file(mtl_engine *eng, const char *path, mtl_error *err);
/** A file, or every *.yaml / *.yml of a folder in name order. */
int mtl_rules_load_path(mtl_engine *eng, const char *path, mtl_error *err);
void mtl_rules_free_all(mtl_engine *eng);

/** Phrase index shared by all rules of the engine being built. */
mtl_wordindex *mtl_build_wordindex(mtl_build *b);
/** Resolves a path named in a rule file (relative to that file's folder). */
char *mtl_build_path(mtl_build *b, const char *rel);

struct mtl_engine {
  mtl_rule **rules; size_t nrules, caprules;
  mtl_wordindex *windex;
  void *spell;            /* spelling.c's shared state (dictionaries, cache) */
  char *datadir;
  char *base_dict;        /* Hunspell stem, e.g. /usr/share/hunspell/en_US */
  char **dicts; size_t ndicts;
  char **wordlists; size_t nwordlists;
  int spelling_on;        /* an enabled spelling rule would ask Hunspell */
  struct mtl_lm_slot *lm; /* lm.c: the language model, loaded at first use */
  int language;           /* MTL_LANG_*: the variety spelling checks against */
};

/* language.c: the language of a document, guessed from its function words:
 * NULL for English (or too little text to tell), else an ISO 639-1 code
 * ("de") and, in *name, the language's English name. */
const char *mtl_doc_language(const mtl_doc *doc, const char **name);
/* language.c: a language tag an input declares (BCP 47 "de", "en-GB",
 * "en_us"; "English"): 0 when it says nothing usable ("", "und", "mul",
 * not a tag), 1 for English with *variety set (MTL_LANG_EN_US for en-US,
 * MTL_LANG_EN_GB for en-GB or en-UK, else MTL_LANG_AUTO), 2 for another
 * language with *name its English name when known (else NULL). */
int mtl_language_declared(const char *tag, int *variety, const char **name);

/* Varieties of English (mtl_options_set_language, `language:` in .mtlint.yaml). */
enum { MTL_LANG_AUTO = 0, MTL_LANG_EN_US = 1, MTL_LANG_EN_GB = 2 };
/** MTL_LANG_* of a name (auto, en-US, en-GB; en_US and en-us too), or -1. */
int mtl_language_parse(const char *s);

/** A candidate a swap rule scored (check_swap.c), kept in the lint context
 *  for the window kind whatever its gain against the rule's min_gain. */
typedef struct mtl_swap_cand {
  size_t tok;            /* first token of the match */
  size_t start, end;     /* bytes of the match */
  double gain;           /* log10 P(original) - log10 P(as written) */
  const char *orig;      /* the original, borrowed from the rule */
} mtl_swap_cand;

struct mtl_lintctx {
  const mtl_engine *eng;
  const mtl_doc *doc;
  const mtl_phrase_hit *hits;   /* this rule's phrase hits */
  size_t nhits;
  mtl_buf scratch;               /* free for a check to use; cleared per rule */
  /* findings so far (engine.c) */
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

/* ---------------- lint flags (the language server's typing path) ---------------- */

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
/** Whether the rule with this id is para_local (0 for unknown ids). */
int mtl_rule_para_local(const mtl_engine *eng, const char *id);
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

/* The kinds (one file each). */
extern const mtl_check_kind mtl_check_pattern;
extern const mtl_check_kind mtl_check_phrase;
extern const mtl_check_kind mtl_check_spelling;
extern const mtl_check_kind mtl_check_terminology;
extern const mtl_check_kind mtl_check_repetition;
extern const mtl_check_kind mtl_check_capitalization;
extern const mtl_check_kind mtl_check_balance;
extern const mtl_check_kind mtl_check_spunname;
extern const mtl_check_kind mtl_check_swap;
extern const mtl_check_kind mtl_check_window;

/* ---------------- lexicon.c: a large set of accepted word forms ---------------- */

typedef struct mtl_lexicon mtl_lexicon;
enum { MTL_LEX_US = 1, MTL_LEX_GB = 2, MTL_LEX_USER = 4 }; /* flag bits (never 0) */
int mtl_lexicon_new(mtl_lexicon **out);
void mtl_lexicon_free(mtl_lexicon *lx);
/** Adds the words of a list (one per line; # comments; lines ending in 's
 *  left out) with these flag bits; takes data (mtl_malloc'd, len bytes,
 *  NUL-terminated) over, freeing it on error.  0, MTL_ENOMEM or MTL_ELIMIT. */
int mtl_lexicon_add_words(mtl_lexicon *lx, char *data, size_t len, unsigned flags);
/** mtl_lexicon_add_words on a file; errors name the path. */
int mtl_lexicon_add_file(mtl_lexicon *lx, const char *path, unsigned flags, mtl_error *err);
/** A lexicon of the lists paths[0..n) with their flags, read from a cache
 *  file when one was built for these lists (same paths, sizes and times),
 *  else built and written to one ($MTL_CACHE_DIR, "off" for none; else
 *  $XDG_CACHE_HOME/mtlint or ~/.cache/mtlint).  No words can be added to
 *  it afterwards.  0, MTL_ENOMEM or the error of a list. */
int mtl_lexicon_build(mtl_lexicon **out, const char *const *paths, const unsigned *flags,
                      size_t n, mtl_error *err);
/** The flag bits of w[0..n) (case-sensitive), 0 if absent.  Thread-safe. */
unsigned mtl_lexicon_flags(const mtl_lexicon *lx, const char *w, size_t n);
size_t mtl_lexicon_count(const mtl_lexicon *lx);

/* spelling.c engine-wide state, created lazily by the first spelling rule. */
void mtl_spell_free(void *spell);
/* Loads the Hunspell handle now instead of at the first word; 0 or MTL_EDICT. */
int mtl_spell_preload(void *spell);
/* Whether a thread is loading the Hunspell handle now. */
int mtl_spell_loading(const void *spell);
/* The process-wide prefetched dictionary (mtl_dictionary_prefetch), for
 * tests: 0 none, 1 loading, 2 loaded and waiting for its engine, 3 taken
 * over by an engine (or failed). */
int mtl_spell_prefetch_state(void);

/* ---------------- writers: one file each ---------------- */

typedef struct mtl_writer_ops {
  const char *name;
  size_t state_size;
  int (*begin)(mtl_writer *w);
  int (*file)(mtl_writer *w, const mtl_input_info *in, const char *text, size_t len,
              const mtl_result *res);
  int (*error)(mtl_writer *w, const mtl_error *err);
  int (*finish)(mtl_writer *w);
  int per_input;           /* an input's output depends on nothing written
                            * before it but the counts, and begin is NULL:
                            * mtl_writer_fork works */
} mtl_writer_ops;

struct mtl_writer {
  const mtl_writer_ops *ops;
  mtl_write_fn fn;
  void *ctx;
  unsigned flags;
  mtl_buf out;             /* writers fill this, then mtl_writer_flush */
  size_t files, words, findings, errors;
  size_t by_sev[4];
  int fail_on;             /* mtl_writer_set_fail_on: lowest failing severity */
  size_t width;            /* mtl_writer_set_width: terminal columns, 0 none */
  void *state;
};

int mtl_writer_flush(mtl_writer *w);

extern const mtl_writer_ops mtl_write_text;
extern const mtl_writer_ops mtl_write_jsonl;
extern const mtl_writer_ops mtl_write_json;

/* ---------------- FORMATS: CI writers, suppressions (formats helper) ---------------- */

/** suppress.c: whether doc may hold a directive (its keyword is there). */
int mtl_suppress_any(const mtl_doc *doc);

/** suppress.c: a finding as the inline directives see it. */
typedef struct mtl_supp_item {
  const char *rule;  /* its rule id */
  size_t start;      /* its start offset */
} mtl_supp_item;

/** suppress.c: a finding about a directive, for engine.c to emit through
 *  the built-in rules suppression.unknown-rule and suppression.unused. */
typedef struct mtl_supp_note {
  int unused;        /* 0: a name that is no rule id or pack; 1: hid nothing */
  size_t start, end; /* the name, or the directive's keyword */
  const char *near;  /* unknown name: the nearest rule id or pack (the engine's), or NULL */
  char msg[240];
} mtl_supp_note;

/** suppress.c: sets keep[i] to 0 for each of the n items (sorted by start)
 *  that an mtlint-disable comment in doc hides (docs/CI.md), 1 for the
 *  others.  With unknown, notes the names in directives that are neither a
 *  rule id of eng nor a pack (a dot-prefix of one); with unused, the names
 *  of disable directives that hid nothing.  *notes (mtl_malloc'd, freed by
 *  the caller) holds *nnotes of them.  0 or MTL_ENOMEM. */
int mtl_suppress_run(const mtl_engine *eng, const mtl_doc *doc, const mtl_supp_item *items,
                     size_t n, unsigned char *keep, int unknown, int unused,
                     mtl_supp_note **notes, size_t *nnotes);
/** suppress.c: how many directives of doc lie past the limit per input (and
 *  are not honoured); *first: the offset where the first of them starts. */
size_t mtl_suppress_over(const mtl_doc *doc, size_t *first);

extern const mtl_writer_ops mtl_write_sarif;
extern const mtl_writer_ops mtl_write_rdjsonl;
extern const mtl_writer_ops mtl_write_github;
extern const mtl_writer_ops mtl_write_checkstyle;
extern const mtl_writer_ops mtl_write_junit;

/* ---------------- PERF: stage timing for bench/ (perf helper) ---------------- */

/** Seconds spent per stage, added to by mtl_lint_timed (bench only). */
typedef struct mtl_lint_times {
  double tokenize;      /* mtl_doc_init */
  double phrase_index;  /* the one pass of the phrase word index */
  double *rule;         /* per rule, eng->nrules entries (may be NULL) */
  double finish;        /* sort, de-duplicate, positions, suppressions */
} mtl_lint_times;

/** Whether MTL_REFERENCE is set in the environment: the engine then skips its
 *  prefilters and caches (the simple path the equivalence test compares with). */
int mtl_reference_mode(void);

/** mtl_lint that also adds its stage times to *tm (tm may be NULL). */
int mtl_lint_timed(mtl_result **out, const mtl_engine *eng, const char *text, size_t len,
                   mtl_error *err, mtl_lint_times *tm);

#endif
