/*
 * dict.h - the spelling dictionaries (dict.c): creating the engine-wide
 * spelling state, the Hunspell handles and their lazy loading, the .dic
 * files and word lists added to them.  Hunhandle is opaque here: only
 * dict.c includes hunspell.h.
 */
#ifndef MTL_DICT_H
#define MTL_DICT_H

#include "mtlint.h"
#include "ynode.h"
#include <stddef.h>

typedef struct Hunhandle Hunhandle;
typedef struct spell_state spell_state; /* spell.h */
typedef struct mtl_build mtl_build;     /* check.h */

/* The engine-wide spelling state (spell), created lazily by the first
 * spelling rule; engine.c holds it as a void *. */
void mtl_spell_free(void *spell);
/* Loads the Hunspell handle now instead of at the first word; 0 or MTL_EDICT. */
int mtl_spell_preload(void *spell);
/* Whether a thread is loading the Hunspell handle now. */
int mtl_spell_loading(const void *spell);
/* The process-wide prefetched dictionary (mtl_dictionary_prefetch), for
 * tests: 0 none, 1 loading, 2 loaded and waiting for its engine, 3 taken
 * over by an engine (or failed). */
int mtl_spell_prefetch_state(void);

int mtl_dict_readable(const char *path);
int mtl_dict_base_files_ok(const char *aff, const char *dic);
int mtl_dict_stem_paths(const char *base, char **aff, char **dic);
int mtl_dict_was_loaded(spell_state *st, const char *path);
int mtl_dict_mark_loaded(spell_state *st, const char *path);
int mtl_dict_spell(Hunhandle *h, const char *w);
int mtl_dict_create_state(spell_state **out, const char *base, const mtl_build *b,
                          const mtl_ynode *where, mtl_error *err);
int mtl_dict_load_hunspell(spell_state *st);
Hunhandle *mtl_dict_gb_handle(spell_state *st);
int mtl_dict_add_dic(spell_state *st, const char *path, const char *file,
                     const mtl_ynode *where, mtl_error *err);
int mtl_dict_add_wordlist(spell_state *st, const char *path, const char *file,
                          const mtl_ynode *where, mtl_error *err);
unsigned mtl_dict_lexf(const spell_state *st, const char *w, size_t n);
void mtl_dict_free_list(char **l, size_t n);
size_t mtl_dict_fold_apostrophes(char *out, const char *s, size_t n);

#endif
