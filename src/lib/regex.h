/* regex.h - regex.c (the one user of PCRE2), regex_scan.c, regex_shape.c. */
#ifndef MTL_REGEX_H
#define MTL_REGEX_H

#include "mtlint.h"
#include "util.h"
#include <stddef.h>

typedef struct mtl_regex mtl_regex;

enum { MTL_RE_ICASE = 1u << 0, MTL_RE_MULTILINE = 1u << 1 };

/** Compiles with UTF and UCP (and JIT where available).  On error, *erroff
 *  is the byte offset in the pattern and err->message has PCRE2's text. */
int mtl_regex_compile(mtl_regex **out, const char *pattern, size_t len,
                      unsigned flags, size_t *erroff, mtl_error *err);
void mtl_regex_free(mtl_regex *re);

typedef struct mtl_match {
  size_t start, end;   /* the match (after \K) */
  size_t ovec[20];     /* groups 0..9: start, end pairs; SIZE_MAX if unset */
} mtl_match;

/** Matches from offset.  Returns 1 found, 0 none, MTL_ELIMIT when the match,
 *  depth or heap limit was hit, MTL_ENOMEM. Thread-safe. */
int mtl_regex_match(const mtl_regex *re, const char *subject, size_t len,
                    size_t offset, mtl_match *m);
/** The same, but only for matches that start at or before byte limit
 *  (SIZE_MAX: none); 0 then says no match starts in [offset, limit]. */
int mtl_regex_match_limit(const mtl_regex *re, const char *subject, size_t len,
                          size_t offset, size_t limit, mtl_match *m);
/** PERF: -1 before the pattern's first match (JIT compiles then), else
 *  whether it runs JIT code.  For tests. */
int mtl_regex_jitted(const mtl_regex *re);
/** regex.c: whether a pattern (MULTILINE, newline convention ANYCRLF, no DOTALL) run
 *  over a whole text can only match and look inside single lines, so that
 *  its matches in a text are those in each run of whole lines of it: 1 when
 *  nothing in it can match a line break or see the subject's ends (no \s,
 *  \n, \R, negated classes, \p, \x, \A, \z, (?s), verbs ...).
 *  Conservative: 0 for anything it does not know. */
int mtl_pattern_line_bound(const char *pattern, size_t len);
/** Expands a replacement template ($1, ${1}, $$, \\u \\l once, \\U \\L ... \\E) for the match m of re
 *  in subject; the result is appended to b.  0 or MTL_EREGEX. */
int mtl_regex_expand(const mtl_regex *re, const char *subject, size_t len,
                     const mtl_match *m, const char *tmpl, mtl_buf *b);
/** Validates a replacement template against re (for the loader). */
int mtl_regex_check_template(const mtl_regex *re, const char *tmpl, mtl_error *err);

/* regex.c: required literals, for the prefilter of the pattern kind. */
/** Sets *out to n strings (ASCII lower-cased), each at least minlen bytes or
 *  two bytes rare in prose (one caseless two-byte character such as the
 *  copyright sign, or ASCII punctuation like " ," and ".."), one
 *  of which occurs (ASCII case folded) in every match of pattern; *n = 0 when
 *  no such set is known.  *reach (may be NULL): the most bytes from the start
 *  of a match (where the search started, before any \K) to the start of the
 *  member it holds, SIZE_MAX when unbounded; a match then starts at most
 *  *reach bytes before an occurrence of a member.  *same_line (may be NULL):
 *  1 when no newline can come between a match's start and its member, so
 *  that a match starts on the line of an occurrence.  follow (32 bytes, may be
 *  NULL): all zero, or a bit per byte one of which follows the member in
 *  the text (not case folded), counted in minlen; precede (the same): a
 *  byte right before the member (one punctuation byte with both, neither
 *  white space nor a digit, is a member too).  flags: MTL_RE_ICASE as
 *  compiled.  0 or MTL_ENOMEM.  Free with mtl_regex_literals_free. */
int mtl_regex_literals(const char *pattern, size_t len, unsigned flags, size_t minlen,
                       char ***out, size_t *n, size_t *reach, int *same_line,
                       unsigned char *follow, unsigned char *precede);
void mtl_regex_literals_free(char **lits, size_t n);

/** regex_shape.c: pattern with its plain leading lookarounds reordered so the
 *  cheap test runs first (NULL: keep the pattern); *outlen its length. */
char *mtl_regex_hoist_assertions(const char *pat, size_t len, size_t *outlen);

/** PERF: whether every match of the pattern opens with a byte of a known
 *  set of fewer than 160 bytes (regex_bytes.c: literals, classes, \d, \w,
 *  letter, number and script properties, caseless letters with every
 *  non-ASCII lead byte; zero-width assertions add nothing); 1 with the set
 *  in mask (a bit per byte value), else 0 (also when a match can be
 *  empty).  Read as mtl_regex_literals reads, giving up on what it does
 *  not understand. */
int mtl_regex_first_bytes(const char *pattern, size_t len, unsigned flags, unsigned char *mask);

/** PERF: byte pairs one of which every match holds (regex_bytes.c): a byte
 *  of x[i] (the last of a character) right before one of y[i] (the first
 *  of the next); where xw[i] (yw[i]) is set, a non-ASCII byte there stands
 *  only for a letter or digit, so a character of U+2000-U+203F (E2 80 ..,
 *  curly quotes and dashes) does not count.  A match starts at most reach
 *  bytes (SIZE_MAX: no bound) before the pair's first byte, and on its
 *  line where same_line.  For patterns without a literal (typography.
 *  glued-words: a lower-case letter right before an upper-case one). */
#define MTL_PAIRS_MAX 8
#define MTL_PAIRS_MAX_COST 3000 /* expected hits per MB of news */
typedef struct mtl_pairs {
  size_t n; /* 0: none known, or too common to help */
  unsigned char x[MTL_PAIRS_MAX][32], y[MTL_PAIRS_MAX][32];
  unsigned char xw[MTL_PAIRS_MAX], yw[MTL_PAIRS_MAX];
  size_t reach;
  int same_line;
  unsigned long cost; /* expected hits per million bytes of news text */
} mtl_pairs;
/** 0 or MTL_ENOMEM; out->n = 0 where nothing is known. */
int mtl_regex_pairs(const char *pattern, size_t len, unsigned flags, mtl_pairs *out);

#endif
