/*
 * regex_literals.c - which required literals of a pattern the pattern
 * kind's prefilter uses (mtl_regex_literals): the whole pattern's set when
 * its members are long or rare enough, else each top-level branch's own.
 * regex_scan.c reads the pattern; this file only chooses.
 */
#include "mtlint.h"
#include "regex.h"
#include "regex_scan.h"
#include "util.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* PERF: a two-byte literal is worth a prefilter when it is rare in prose:
 * one two-byte character (non-ASCII: the copyright sign, a dash), or two
 * ASCII punctuation or space bytes of which the second is not a space
 * (" ,", "..", but not ". " or ", ", which open every other word). */
static int is_alnum(unsigned char c) {
  return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

static int rare_pair(const unsigned char *s) {
  if (s[0] >= 0x80 || s[1] >= 0x80)
    return s[0] >= 0xC2 && s[0] <= 0xDF && (s[1] & 0xC0) == 0x80;
  return s[0] >= ' ' && s[0] < 0x7F && s[1] > ' ' && s[1] < 0x7F && !is_alnum(s[0]) &&
         !is_alnum(s[1]);
}

/* Every member is at least minlen bytes, or two bytes and rare, or two
 * bytes and a follow byte that is rare after them (a class without upper
 * case letters or white space: ". " then a lower-case letter). */
static int lset_long_enough(const lset *s, size_t minlen) {
  size_t i, extra = 0;
  int narrow = s->follow, pnarrow = s->precede, glued;
  for (i = 0; narrow && i < 256; i++)
    if (((i >= 'A' && i <= 'Z') || i <= ' ') && (s->fmask[i >> 3] >> (i & 7) & 1))
      narrow = 0;
  /* a byte before: rare when it is no lower-case letter nor white space */
  for (i = 0; pnarrow && i < 256; i++)
    if (((i >= 'a' && i <= 'z') || i <= ' ') && (s->pmask[i >> 3] >> (i & 7) & 1))
      pnarrow = 0;
  extra = (size_t)narrow + (size_t)pnarrow;
  /* one punctuation byte between letters on both sides ("x.Y"; not
   * digits: "3-2", "1990-91") */
  glued = s->follow && s->precede;
  for (i = 0; glued && i < 0x40; i++)
    if ((i <= ' ' || (i >= '0' && i <= '9')) && ((s->fmask[i >> 3] | s->pmask[i >> 3]) >> (i & 7) & 1))
      glued = 0;
  for (i = 0; i < s->n; i++)
    if (s->len[i] < minlen &&
        !(s->len[i] == 2 && minlen > 2 && rare_pair((const unsigned char *)s->s[i])) &&
        !((size_t)s->len[i] + extra >= minlen && s->len[i] >= 2) &&
        !(s->len[i] == 1 && glued && minlen <= 3 && (unsigned char)s->s[i][0] > ' ' &&
          (unsigned char)s->s[i][0] < 0x7F && !is_alnum((unsigned char)s->s[i][0])))
      return 0;
  return s->n > 0;
}

/* Whether the pattern has two or more top-level branches and each
 * branch's own required set (no byte before or after counted) is long
 * enough on its own. */
static int branches_usable(const lparse *ps, size_t minlen) {
  size_t b;
  if (ps->branches_failed || ps->nbranches < 2)
    return 0;
  for (b = 0; b < ps->nbranches; b++) {
    lset bare = ps->branches[b];
    bare.follow = bare.precede = 0;
    if (!bare.ok || !lset_long_enough(&bare, minlen))
      return 0;
  }
  return 1;
}

/* Whether the branches are usable and the shortest member among them is
 * longer than the union's (which was cut to prefixes to fit: "was " for
 * "was initially not known"); a byte the union requires around its
 * members counts as one more. */
static int branches_longer(const lparse *ps, const lset *u, size_t minlen) {
  size_t b, shortest = SIZE_MAX;
  if (!branches_usable(ps, minlen))
    return 0;
  for (b = 0; b < ps->nbranches; b++)
    if (mtl_lset_minlen(&ps->branches[b]) < shortest)
      shortest = mtl_lset_minlen(&ps->branches[b]);
  return shortest > mtl_lset_minlen(u) + (u->follow || u->precede);
}

/* PERF: the members of every top-level branch's required set, when each
 * has one long enough on its own (no byte before or after counted): more
 * than LIT_MAX_SET in all, which one lset cannot hold.  A bare list, to
 * *out (*n), with the bounds of the widest branch.  0 or MTL_ENOMEM. */
static int branch_literals(const lparse *ps, size_t minlen, char ***out, size_t *n,
                           size_t *reach, int *same_line) {
  size_t b, i, k, total = 0;
  long pre = 0;
  int nl = 0;
  if (!branches_usable(ps, minlen))
    return 0;
  for (b = 0; b < ps->nbranches; b++) {
    total += ps->branches[b].n;
    pre = mtl_reach_max(pre, ps->branches[b].pre);
    nl = nl || ps->branches[b].prenl;
  }
  if (!(*out = mtl_calloc(total, sizeof **out)))
    return MTL_ENOMEM;
  for (b = 0; b < ps->nbranches; b++)
    for (i = 0; i < ps->branches[b].n; i++) {
      const lset *s = &ps->branches[b];
      for (k = 0; k < *n && strcmp((*out)[k], s->s[i]); k++)
        ;
      if (k < *n)
        continue; /* the same member in two branches */
      if (!((*out)[*n] = mtl_strndup(s->s[i], s->len[i]))) {
        mtl_regex_literals_free(*out, *n);
        *out = NULL;
        *n = 0;
        return MTL_ENOMEM;
      }
      ++*n;
    }
  if (reach && pre >= 0)
    *reach = (size_t)pre * 4;
  if (same_line)
    *same_line = !nl;
  return 0;
}

int mtl_regex_literals(const char *pattern, size_t len, unsigned flags, size_t minlen,
                       char ***out, size_t *n, size_t *reach, int *same_line,
                       unsigned char *follow, unsigned char *precede) {
  lnode *top;
  lparse ps;
  size_t i;
  int whole;
  *out = NULL;
  *n = 0;
  if (reach)
    *reach = SIZE_MAX;
  if (same_line)
    *same_line = 0;
  if (follow)
    memset(follow, 0, 32);
  if (precede)
    memset(precede, 0, 32);
  memset(&ps, 0, sizeof ps);
  ps.branches_on = 1;
  if (!(top = mtl_lit_parse_at(&ps, pattern, len, flags, &whole))) {
    mtl_free(ps.branches);
    return MTL_ENOMEM;
  }
  if (!whole || !top->req.ok || !lset_long_enough(&top->req, minlen) ||
      branches_longer(&ps, &top->req, minlen)) {
    int rc = whole ? branch_literals(&ps, minlen, out, n, reach, same_line) : 0;
    mtl_free(ps.branches);
    mtl_free(top);
    return rc;
  }
  mtl_free(ps.branches);
  if (!(*out = mtl_calloc(top->req.n, sizeof **out))) {
    mtl_free(top);
    return MTL_ENOMEM;
  }
  for (i = 0; i < top->req.n; i++) {
    if (!((*out)[i] = mtl_strndup(top->req.s[i], top->req.len[i]))) {
      mtl_regex_literals_free(*out, i);
      *out = NULL;
      mtl_free(top);
      return MTL_ENOMEM;
    }
  }
  *n = top->req.n;
  /* characters to bytes: UTF-8 takes at most 4 bytes a character */
  if (reach && top->req.pre >= 0)
    *reach = (size_t)top->req.pre * 4;
  if (same_line)
    *same_line = !top->req.prenl;
  if (follow && top->req.follow)
    memcpy(follow, top->req.fmask, 32);
  if (precede && top->req.precede)
    memcpy(precede, top->req.pmask, 32);
  mtl_free(top);
  return 0;
}

void mtl_regex_literals_free(char **lits, size_t n) {
  size_t i;
  for (i = 0; lits && i < n; i++)
    mtl_free(lits[i]);
  mtl_free(lits);
}
