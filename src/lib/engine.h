/* engine.h - engine.c: what an engine holds (the rules, the phrase index,
 * the dictionaries' and language model's slots) and its built-in rules. */
#ifndef MTL_ENGINE_H
#define MTL_ENGINE_H

#include "mtlint.h"
#include "wordindex.h"
#include <stddef.h>

typedef struct mtl_rule mtl_rule;

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

/* The built-in rules (no YAML), first in every engine, in this order. */
enum {
  MTL_RULE_ENCODING = 0, /* input.encoding */
  MTL_RULE_LIMIT = 1,    /* mtlint.rule-limit */
  MTL_RULE_LM = 2,       /* mtlint.language-model */
  MTL_RULE_LANG = 3,     /* input.other-language */
  MTL_RULE_SUPP_UNKNOWN = 4, /* suppression.unknown-rule */
  MTL_RULE_SUPP_UNUSED = 5,  /* suppression.unused */
  MTL_RULE_RECOVERED = 6,    /* input.recovered */
  MTL_NBUILTIN = 7
};

/** Whether the rule with this id is para_local (0 for unknown ids). */
int mtl_rule_para_local(const mtl_engine *eng, const char *id);

#endif
