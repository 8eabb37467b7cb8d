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
#include "engine.h"
#include "lint.h"

/* ---------------- rules and check kinds ---------------- */

typedef struct mtl_rule mtl_rule;
typedef struct mtl_build mtl_build;
typedef struct mtl_lintctx mtl_lintctx;

/* What the lint loop must know of a kind (mtl_check_kind.flags), so that
 * engine.c and lint.c never name one. */
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

/** suppress.c: a finding about a directive, for lint.c to emit through
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

/* ---------------- PERF (perf helper) ---------------- */

/** Whether MTL_REFERENCE is set in the environment: the engine then skips its
 *  prefilters and caches (the simple path the equivalence test compares with). */
int mtl_reference_mode(void);


#endif
