/*
 * spunname.h - the data of the "spun-name" check kind (check_spunname.c):
 * the gazetteer of multiword names, indexed by word, and the mined swap
 * pairs, loaded at rule compile time by spunname_data.c.  The matching
 * lives in check_spunname.c.
 */
#ifndef MTL_SPUNNAME_H
#define MTL_SPUNNAME_H

#include "mtlint.h"
#include "thesaurus.h"

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#define MAX_NAME_WORDS 12    /* longer gazetteer lines are refused */

typedef struct occ {
  uint32_t entry, pos, next;   /* next: index + 1 in occs, 0 ends */
} occ;

typedef struct gentry {
  char *display;       /* the name as written in the gazetteer */
  uint32_t first;      /* its first word in words[] */
  uint32_t n;
  uint32_t head;       /* the head word: the one before "of" (Bank of
                        * England), else the last (Central Bank) */
} gentry;

typedef struct spunname {
  mtl_thesaurus *th;
  size_t senses;                              /* senses looked at per word */
  gentry *entries; size_t nentries, capentries;
  char **words; size_t nwords, capwords;     /* lower case */
  unsigned char *small;                       /* per word: a small word */
  occ *occs; size_t noccs, capoccs;
  /* word -> first occ: open addressing over words' texts */
  char **hkeys; uint32_t *hhead; size_t hcap, hn;
  /* per word of words[]: "\nterm\nterm\n", the terms (lower case) of its
   * first `senses` senses, and of the word without its final s (NULL when
   * it has none); built once, on the first lint (fwd_ready) */
  char **fwd, **fwd_pl;
  pthread_mutex_t mu;
  int mu_ok, fwd_ready;
  /* mined swaps: "spun\toriginal" keys (lower case, one word each) */
  char **swaps; size_t swcap, swn;
} spunname;

/* Whether w[0..n) (lower case) is a small word of names: of, the, and ... */
int mtl_spunname_is_small(const char *w, size_t n);

/* Frees s and all it owns (NULL is fine). */
void mtl_spunname_free(spunname *s);

/* Reads the gazetteer at path into s; MTL_EIO, MTL_ESCHEMA or MTL_ENOMEM. */
int mtl_spunname_load_gazetteer(spunname *s, const char *path, mtl_error *err);

/* Reads a mined-swaps table (spun, original columns) at path into s. */
int mtl_spunname_load_swaps(spunname *s, const char *path, mtl_error *err);

/* Whether x[0..xn) -> w[0..wn) (lower case) is a mined swap. */
int mtl_spunname_swap_has(const spunname *s, const char *x, size_t xn, const char *w,
                          size_t wn);

/* The first occurrence (index + 1 into occs) of word w[0..n), 0 if none. */
uint32_t mtl_spunname_head_of(const spunname *s, const char *w, size_t n);

#endif
