/* lexicon.h - lexicon.c: a large set of accepted word forms (the word lists). */
#ifndef MTL_LEXICON_H
#define MTL_LEXICON_H

#include "mtlint.h"
#include <stddef.h>

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
/** Calls fn(ctx, w, n) for each word of lx (NUL-terminated), in no order. */
void mtl_lexicon_each(const mtl_lexicon *lx, void (*fn)(void *, const char *, size_t),
                      void *ctx);

#endif
