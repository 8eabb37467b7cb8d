/* suppress.h - suppress.c: inline suppression comments. */
#ifndef MTL_SUPPRESS_H
#define MTL_SUPPRESS_H

#include "mtlint.h"
#include "doc.h"
#include <stddef.h>

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

#endif
