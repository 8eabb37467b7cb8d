/* wordindex.h - wordindex.c: one pass over the tokens for all phrases and literals. */
#ifndef MTL_WORDINDEX_H
#define MTL_WORDINDEX_H

#include "doc.h"
#include <stddef.h>
#include <stdint.h>

typedef struct mtl_wordindex mtl_wordindex;

typedef struct mtl_phrase_hit {
  uint32_t rule;      /* rule index in the engine */
  uint32_t payload;   /* what the rule stored with the phrase */
  size_t tok_start, tok_end;  /* tokens [tok_start, tok_end) */
} mtl_phrase_hit;

int mtl_wordindex_new(mtl_wordindex **out);
void mtl_wordindex_free(mtl_wordindex *wi);
/** Adds a phrase (tokenized like documents, matched case-insensitively
 *  on word boundaries).  MTL_EINVAL if it has no tokens. */
int mtl_wordindex_add(mtl_wordindex *wi, const char *phrase, size_t len,
                      uint32_t rule, uint32_t payload);
/** Appends every occurrence of every phrase in doc to *hits (all lengths,
 *  overlapping too), sorted by (rule, tok_start, -length). */
int mtl_wordindex_run(const mtl_wordindex *wi, const mtl_doc *doc,
                      mtl_phrase_hit **hits, size_t *n);

/* wordindex.c: the same one pass also finds literals (byte strings, ASCII
 * case folded) for the pattern kind's prefilter.  Their hits have payload
 * MTL_HIT_LITERAL and byte offsets in tok_start/tok_end; a hit with
 * tok_start == MTL_HIT_ANYWHERE says the text holds a character that caseless
 * matching folds to ASCII (K sign, long s, dotted/dotless i): run the rule. */
#define MTL_HIT_LITERAL 0xFFFFFFFFu
#define MTL_HIT_ANYWHERE ((size_t)-1)
/** Adds a literal of at least 2 bytes (1 with follow and precede) for rule
 *  (MTL_EINVAL when shorter); follow (NULL: none): 32 bytes, a bit per text
 *  byte that must come right after the literal; precede: the same for the
 *  byte right before it.  A hit spans the literal's bytes only. */
int mtl_wordindex_add_literal(mtl_wordindex *wi, const char *lit, size_t len, uint32_t rule,
                              const unsigned char *follow, const unsigned char *precede);
/** PERF: adds a pair of byte classes for rule: a hit is a byte of x right
 *  before a byte of y (raw bytes, not folded); where xw is set a
 *  continuation byte that ends a character of U+2000-U+203F (E2 80 ..)
 *  is not one of x, where yw is set an E2 followed by 80 is not one of y.
 *  A hit spans the two bytes. */
int mtl_wordindex_add_pair(mtl_wordindex *wi, const unsigned char *x, const unsigned char *y,
                           int xw, int yw, uint32_t rule);
/** Marks rule as one that can only fire where it has hits (phrase rules,
 *  prefiltered patterns): mtl_lint skips it, unread, on inputs without. */
int mtl_wordindex_set_hit_driven(mtl_wordindex *wi, uint32_t rule);
int mtl_wordindex_hit_driven(const mtl_wordindex *wi, uint32_t rule);
/** The flags behind mtl_wordindex_hit_driven as one array (*n entries; rules
 *  past the end are not hit-driven), for mtl_lint's loop over the rules. */
const unsigned char *mtl_wordindex_driven(const mtl_wordindex *wi, size_t *n);

#endif
