/* check.h - the check-kind contract: what a kind (one check_*.c each,
 * registered in rules.c) gives the loader and the lint loop, the rule
 * object, and the kinds themselves. */
#ifndef MTL_CHECK_H
#define MTL_CHECK_H

#include "mtlint.h"
#include "ynode.h"
#include "wordindex.h"
#include <stdint.h>

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

#endif
