/*
 * lm_table.h - lm_table.c: the trigram model as a flat, read-only table
 * that any number of threads score at once without a lock.
 *
 * The table is built from the bytes of a sphinxbase trie binary (the
 * format of pocketsphinx-en-us's en-us.lm.bin, "Trie Language Model"):
 * its bit-packed, quantised n-grams are decoded once into plain arrays
 * (unigrams; bigrams and trigrams sorted per context, as in the trie) and
 * a hash of the word strings.  The image is written to the cache folder
 * (lm.c) and mapped by later runs; scoring only reads it.
 *
 * Invariants: scores are sphinxbase's ngram_ng_prob for the same model,
 * language weight 1 and no insertion penalty, to the last integer log
 * unit (the same float sums in the same order, then truncated); every
 * index read from the image is checked against the image's bounds, so a
 * damaged cache file can give wrong scores but never a crash (a short or
 * stale one is refused by mtl_lmt_open).  Only trigram models (order 3).
 * This file does not include sphinxbase.
 */
#ifndef MTL_LM_TABLE_H
#define MTL_LM_TABLE_H

#include <stddef.h>
#include <stdint.h>

/** Bump when the image layout or its meaning changes: older caches are
 *  then stale and rebuilt. */
#define MTL_LMT_VERSION 2u

typedef struct mtl_lmt mtl_lmt;

/** Decodes a sphinxbase trie binary bin[0..n) into a table image stamped
 *  with key (mtl_malloc'd, *len bytes).  0; MTL_EDICT if bin is not a
 *  well-formed trigram trie binary; MTL_ENOMEM. */
int mtl_lmt_build(void **img, size_t *len, const void *bin, size_t n, uint64_t key);
/** Whether bin[0..n) starts like a sphinxbase trie binary. */
int mtl_lmt_is_trie(const void *bin, size_t n);

/** A table over an image held in memory, checked (magic, version, key,
 *  sizes): takes img over (freed by mtl_lmt_free, or here on error).
 *  0, MTL_EDICT (not a table with this key) or MTL_ENOMEM. */
int mtl_lmt_from_memory(mtl_lmt **out, void *img, size_t len, uint64_t key);
/** A table mapped from a cache file, checked the same way.  0, -1 (no
 *  such file, or short, damaged or stale: build it again) or MTL_ENOMEM. */
int mtl_lmt_open(mtl_lmt **out, const char *path, uint64_t key);
/** Writes an image to path through a temporary file renamed over it
 *  (readers never see half a file).  0 or -1 (nothing left behind). */
int mtl_lmt_write(const void *img, size_t len, const char *path);
void mtl_lmt_free(mtl_lmt *t);

/** Id of the word s[0..n) (exact bytes), or -1. */
int32_t mtl_lmt_wid(const mtl_lmt *t, const char *s, size_t n);
/** How many words the model has. */
uint32_t mtl_lmt_nwords(const mtl_lmt *t);
/** Whether the model has the bigram "h1 w" (a score of w after h1 would
 *  be of order 2 or more).  Ids of the table. */
int mtl_lmt_has_bigram(const mtl_lmt *t, int32_t h1, int32_t w);
/** sphinxbase's ngram_ng_prob: the log (base 1.0001) probability of w
 *  after hist[0] (the word before it), hist[1] (the one before that);
 *  nh of them, cut at the first negative id.  *nused gets the order of
 *  the n-gram found (1: unigram).  w must be an id of the table. */
int32_t mtl_lmt_prob(const mtl_lmt *t, int32_t w, const int32_t *hist, int nh, int32_t *nused);

#endif
