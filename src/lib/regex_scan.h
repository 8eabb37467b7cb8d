#ifndef MTL_REGEX_SCAN_H
#define MTL_REGEX_SCAN_H
/* regex_scan.h - the pattern reader shared by regex_scan.c (required
 * literals) and regex_shape.c (line bounds, hoisted assertions).  Private
 * to those two files. */
#include <stddef.h>

#define LIT_MAX_SET 32
#define LIT_MAX_LEN 32
#define LIT_MAX_DEPTH 24  /* ~12 KB of stack per level */
#define REACH_INF (-1L)   /* no bound on a length */
#define REACH_MAX 100000L /* longer bounds count as none */

typedef struct lset {
  char s[LIT_MAX_SET][LIT_MAX_LEN + 1];
  unsigned char len[LIT_MAX_SET];
  size_t n;
  int ok;       /* the set is meaningful (exact: node is exact; req: known) */
  long pre;     /* most characters from the node's start to the member's, or REACH_INF */
  int prenl;    /* the text from the node's start to the member's may hold a newline */
  int follow;   /* req only: each member is followed by a byte in fmask */
  unsigned char fmask[32];
  int precede;  /* each member comes right after a byte in pmask */
  unsigned char pmask[32];
} lset;

typedef struct lparse {
  const char *p, *end;
  int bail;
  int depth;
  int icase;    /* caseless matching is on here */
} lparse;

typedef struct lnode {
  lset exact;   /* ok: the node matches exactly one of these strings */
  lset req;     /* ok: every match contains one of these */
  int min1;     /* quantifier: at least once (else optional) */
  long maxlen;  /* most characters a match of the node spans, or REACH_INF */
  int nonl;     /* known: no match of the node holds a newline byte */
  int hasfirst; /* every match opens with a byte in first (raw text, no folding) */
  unsigned char first[32];
  int haslast;  /* every match ends with a byte in last */
  unsigned char last[32];
  int look;     /* a zero-width lookahead (1) whose match opens with a byte
                   in first, or lookbehind (2) whose match ends with one in last */
} lnode;

/** Reads one atom and its quantifier at ps->p into a; sets ps->bail on
 *  syntax it does not understand. */
void mtl_lit_atom(lparse *ps, lnode *a);

#endif
