/*
 * options.h - the layout of mtl_options, shared by options.c and engine.c.
 */
#ifndef MTL_OPTIONS_H
#define MTL_OPTIONS_H

#include "mtlint.h"

typedef struct mtl_strlist {
  char **v;
  size_t n, cap;
} mtl_strlist;

typedef struct mtl_selector {
  char *sel;      /* "*", a pack or a rule id */
  int enabled;    /* 1, 0, or -1 for a severity override */
  int severity;   /* with enabled == -1 */
} mtl_selector;

struct mtl_options {
  char *datadir;
  char *base_dict;
  char *lm_path;  /* language model (NULL: lm.h's default) */
  int language;   /* MTL_LANG_* (language.h) */
  int builtin;
  int config_root;       /* the last config loaded said root: true */
  mtl_strlist rules, wordlists, dicts, ignores;
  mtl_selector *sel;
  size_t nsel, capsel;
};

int mtl_strlist_add(mtl_strlist *l, const char *s);

#endif
