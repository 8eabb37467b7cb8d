/*
 * lm.h - the word trigram language model (lm.c): the US-English model of
 * Debian's pocketsphinx-en-us, scored through lm_table.c's table.
 *
 * Invariants: the model is lower case and holds no digits; a word it lacks
 * has the id MTL_LM_OOV and is "unknown", never evidence: scoring cuts the
 * history of an n-gram at such a word and never scores the word itself.
 * Scores are those of sphinxbase's ngram_ng_prob on the same model, to the
 * last unit (test_lm compares them).  A model is loaded once per process
 * and path and shared (reference counted); scoring and word look-ups only
 * read it, so any number of threads use it at once without a lock.  The
 * table is cached in the cache folder ($MTL_CACHE_DIR, else
 * $XDG_CACHE_HOME/mtlint or ~/.cache/mtlint; built in memory when there is
 * none) and later runs do not load sphinxbase's model at all.  sphinxbase
 * only reads models that are not trie binaries (lm.c silences its log
 * first), so the library still never prints.
 */
#ifndef MTL_LM_H
#define MTL_LM_H

#include <stddef.h>
#include <stdint.h>

#include "mtlint.h"

#define MTL_LM_OOV (-1)

/** Where the model is unless an option or MTLINT_LANGUAGE_MODEL names one. */
#define MTL_LM_DEFAULT_PATH "/usr/share/pocketsphinx/model/en-us/en-us.lm.bin"

typedef struct mtl_lm mtl_lm;

/** Opens the model at path (NULL: MTL_LM_DEFAULT_PATH), loading it if this
 *  process has not yet.  0, MTL_EDICT (missing or unreadable: err says
 *  which) or MTL_ENOMEM.  Close with mtl_lm_close. */
int mtl_lm_open(mtl_lm **out, const char *path, mtl_error *err);
/** Drops a reference; the last one frees the model.  NULL is fine. */
void mtl_lm_close(mtl_lm *lm);

/** Id of the lower-case word s[0..n), or MTL_LM_OOV. */
int32_t mtl_lm_wid(const mtl_lm *lm, const char *s, size_t n);
/** The sentence-start pseudo word <s>. */
int32_t mtl_lm_bos(const mtl_lm *lm);

/** The sum of log10 P(w[i] | w[i-2], w[i-1]) for i in [from, to) of the
 *  sequence w[0..n).  Positions holding MTL_LM_OOV are skipped and cut the
 *  history of the positions after them; w[0] may be mtl_lm_bos.  *scored
 *  (may be NULL) gets how many positions were scored. */
double mtl_lm_score(mtl_lm *lm, const int32_t *w, size_t n, size_t from, size_t to,
                    size_t *scored);

/** mtl_lm_score, but it stops once the sum falls below floor (*stopped,
 *  which may be NULL, then gets 1 and the partial sum is returned): every
 *  term is at most 0, so the whole sum would be below floor too.  When it
 *  does not stop, the same sum as mtl_lm_score to the last bit. */
double mtl_lm_score_above(mtl_lm *lm, const int32_t *w, size_t n, size_t from, size_t to,
                          double floor, int *stopped);

/** log10 P(w | h2 h1); h2 and h1 may be MTL_LM_OOV (a shorter history).
 *  *order (may be NULL) gets the order of the n-gram the model found: 1
 *  when it backed off to the word's unigram (the pair h1 w is unseen). */
double mtl_lm_prob(mtl_lm *lm, int32_t h2, int32_t h1, int32_t w, int *order);

/** Whether the model has the pair "h1 w": mtl_lm_prob(lm, h2, h1, w)
 *  would find an n-gram of order 2 or 3.  One search, where a score takes
 *  up to three.  0 for MTL_LM_OOV. */
int mtl_lm_pair_seen(const mtl_lm *lm, int32_t h1, int32_t w);

/* ---- the engine's lazily loaded model (what the swap rules share) ---- */

/** Per-engine slot: the model path and, after the first use, the model. */
typedef struct mtl_lm_slot mtl_lm_slot;
int mtl_lm_slot_new(mtl_lm_slot **out, const char *path);
void mtl_lm_slot_free(mtl_lm_slot *slot);
/** The engine's model, loaded on the first call (thread-safe), or NULL when
 *  it cannot be loaded; *why (may be NULL) then points at the reason, which
 *  lives as long as the slot. */
mtl_lm *mtl_lm_slot_get(mtl_lm_slot *slot, const char **why);
/** The path the slot loads from. */
const char *mtl_lm_slot_path(const mtl_lm_slot *slot);

#endif
