#ifndef MTL_REGEX_SCAN_H
#define MTL_REGEX_SCAN_H
/* regex_scan.h - the pattern reader shared by regex_scan.c (required
 * literals), regex_shape.c (line bounds, hoisted assertions) and
 * regex_bytes.c (first and last bytes, byte pairs).  Private to them. */
#include "regex.h"
#include <stddef.h>

#define LIT_MAX_SET 32
#define LIT_MAX_LEN 32
#define LIT_MAX_DEPTH 24  /* ~12 KB of stack per level */
#define REACH_INF (-1L)   /* no bound on a length */
#define REACH_MAX 100000L /* longer bounds count as none */

typedef struct lset {
  /* PERF: the members first: read only below n, so lset_clear leaves them */
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
  int pairs;    /* PERF: find byte pairs too (only mtl_regex_pairs asks) */
  /* PERF: with branches_on, the required set of each top-level branch
   * (mtl_regex_literals, when their union is too big for one lset) */
  int branches_on, branches_failed;
  lset *branches;
  size_t nbranches, capbranches;
} lparse;

/* PERF: byte pairs one of which occurs in every match (regex_bytes.c):
 * the last byte of one character, in x, right before the first byte of
 * the next, in y.  xw/yw: the non-ASCII bytes of x/y stand for letters or
 * digits only, never a character of U+2000-U+203F (the curly quotes and
 * dashes of news text), so the prefilter may skip those. */
#define PAIR_MAX MTL_PAIRS_MAX
typedef struct pairset {
  /* PERF: the pairs first: read only below n, so lnode_clear leaves them */
  unsigned char x[PAIR_MAX][32], y[PAIR_MAX][32];
  unsigned char xw[PAIR_MAX], yw[PAIR_MAX];
  int ok;
  size_t n;
  long pre;     /* most characters from the node's start to a pair's first byte */
  int prenl;    /* a newline may come between */
  unsigned long cost; /* mtl_pairs_cost of the set */
} pairset;

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
  /* PERF: for the pair prefilter and start bitmaps (regex_bytes.c), kept
   * for every atom, literals too; all bits set where unknown */
  int nonempty;          /* every match takes at least one character */
  unsigned char fb[32];  /* bytes a non-empty match can open with (raw text) */
  unsigned char lb[32];  /* bytes a non-empty match can end with */
  int fbw, lbw;          /* their non-ASCII bytes: letters or digits only */
  pairset pr;            /* ok: every match holds one of these pairs */
} lnode;

/** PERF: an empty lset or lnode, as if all zero bytes, without writing the
 *  members (~3 KB an atom): only their counts say what is there. */
void mtl_lset_clear(lset *s);
void mtl_lnode_clear(lnode *a);

/* regex_bytes.c */
void mtl_bytes_all(lnode *a);
/** fb/lb of one character [s, s + k) (a literal), caseless or not. */
void mtl_bytes_char(lnode *a, const char *s, int k, int icase);
/** fb/lb of a class body [s, e) (past '['); of a \p property at p (past
 *  "\p"), e the pattern's end; of \d (d) or \w (w). */
void mtl_bytes_class(lnode *a, const char *s, const char *e, int icase);
void mtl_bytes_property(lnode *a, const char *p, const char *e, int icase);
void mtl_bytes_escape(lnode *a, char e);
/** Whether a property name at p (past \\p) names letters or numbers
 *  only; whether the class body [s, e) (past '[') surely matches no
 *  newline. */
int mtl_letter_property(const char *p, const char *end);
int mtl_class_nonl(const char *s, const char *e);
/** Whether literal [s, s + len) (lower case) is only function words and
 *  spaces ("has been "), so in most articles however long. */
int mtl_lit_common(const char *s, size_t len);
/** Sequence and alternation steps of the pair analysis. */
typedef struct pairseq {
  unsigned char prev[32]; /* bytes that can come right before the atom at hand */
  int prevw, prev_ok;     /* prev_ok: the sequence took a character before it */
  int fb_done;            /* a non-empty atom came: later ones open nothing */
} pairseq;
void mtl_pairs_seq_start(lnode *out, pairseq *q);
/** Folds atom a (pos: most characters before it, posnl: a newline may
 *  come before it) into the sequence out; pairs: look for pairs too. */
void mtl_pairs_seq_atom(lnode *out, pairseq *q, const lnode *a, long pos, int posnl,
                        int pairs);
void mtl_pairs_alt(lnode *out, const lnode *b, int pairs);
/** Expected hits of a pair set per million bytes of English news. */
unsigned long mtl_pairs_cost(const pairset *p);

/** The analysis of the whole pattern (NULL: out of memory); *whole: it was
 *  read to its end without bailing out; pairs: look for byte pairs too.
 *  Free with mtl_free. */
lnode *mtl_lit_parse_whole(const char *pattern, size_t len, unsigned flags, int pairs,
                           int *whole);

/** Reads one atom and its quantifier at ps->p into a; sets ps->bail on
 *  syntax it does not understand. */
void mtl_lit_atom(lparse *ps, lnode *a);

/** mtl_lit_parse_whole with the caller's parser state (branches_on: keep
 *  each top-level branch's required set, for regex_literals.c). */
lnode *mtl_lit_parse_at(lparse *ps, const char *pattern, size_t len, unsigned flags,
                        int *whole);
/** The shortest member's length (SIZE_MAX for an empty set). */
size_t mtl_lset_minlen(const lset *s);
/** The larger of two reaches (characters; negative: unbounded). */
long mtl_reach_max(long a, long b);

#endif
