/*
 * regex_shape.c - rewrites and bounds read off a pattern's shape: whether
 * its matches stay inside a line, and plain lookarounds moved to the front
 * so that PCRE2 tries the cheap test first.  Uses the reader of
 * regex_scan.c.
 */
#include "regex.h"
#include "regex_scan.h"
#include "util.h"

#include <string.h>

/* ---------------- patterns that stay inside a line ---------------- */

/* Whether c may follow a backslash and still only match characters that
 * are not line breaks (or test positions that see none): \w \d \b ... */
static int safe_escape(char c, int in_class) {
  if (c >= '1' && c <= '9')
    return !in_class; /* a back reference (in a class: an octal code) */
  switch (c) {
  case 'w': case 'd': case 'h': case 'S': case 'V': case 'E':
    return 1;
  case 'b': case 'B': case 'K': case 'g': case 'k':
    return !in_class;
  case 't':
    return 1; /* a tab; a range from it is refused by the caller */
  default:
    return !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
             (unsigned char)c >= 0x80);
  }
}

int mtl_pattern_line_bound(const char *p, size_t n) {
  size_t i;
  int in_class = 0;
  if (!p)
    return 0;
  for (i = 0; i < n; i++) {
    unsigned char c = (unsigned char)p[i];
    if (c < 0x20 || c == 0x7f)
      return 0; /* a raw line break, tab or control character */
    if (c == '\\' && i + 1 < n && p[i + 1] == 'Q') {
      /* \Q...\E: literal characters (raw control ones were refused) */
      for (i += 2; i < n && !(p[i] == '\\' && i + 1 < n && p[i + 1] == 'E'); i++)
        if ((unsigned char)p[i] < 0x20 || p[i] == 0x7f)
          return 0;
      i++;
      continue;
    }
    if (c == '\\') {
      char e = i + 1 < n ? p[i + 1] : '\0';
      if (!e || !safe_escape(e, in_class) ||
          (e == 'g' && i + 2 < n && p[i + 2] == '-')) /* relative: still a reference */
        return 0;
      if (e >= '1' && e <= '9' && i + 2 < n && p[i + 2] >= '0' && p[i + 2] <= '9')
        return 0; /* \12: maybe an octal code */
      if (in_class && e == 't' && i + 3 < n && p[i + 2] == '-' && p[i + 3] != ']')
        return 0; /* a range from a tab (\t-\r holds \n) */
      i++;
      continue;
    }
    if (in_class) {
      if (c == '[' && i + 1 < n && p[i + 1] == ':')
        return 0; /* POSIX classes: [:space:], [:cntrl:], [:^alpha:] */
      if (c == ']')
        in_class = 0;
      continue;
    }
    if (c == '[') {
      if (i + 1 < n && p[i + 1] == '^')
        return 0; /* a negated class matches line breaks */
      in_class = 1;
      if (i + 1 < n && p[i + 1] == ']')
        i++; /* a leading ']' is a literal */
      continue;
    }
    if (c == '(' && i + 1 < n && p[i + 1] == '*')
      return 0; /* (*CR), (*ANY) ... change what a line break is */
    if (c == '(' && i + 1 < n && p[i + 1] == '?') {
      size_t j = i + 2;
      if (j < n && p[j] == '#') { /* a comment */
        while (j < n && p[j] != ')')
          j++;
        i = j;
        continue;
      }
      while (j < n && p[j] && strchr("imnxUJ-^s", p[j])) {
        if (p[j] == 's')
          return 0; /* DOTALL: '.' matches line breaks */
        j++;
      }
    }
  }
  return 1;
}

/* ---------------- PERF: cheap assertions first ----------------
 *
 * Zero-width assertions at one position commute.  A pattern that opens with
 * many negative lookbehinds ("not after etc., approx., ...") and then one
 * positive lookbehind ("after a word and a full stop") costs all the
 * negative checks at every position; testing the selective positive one
 * first gives the same matches for a fraction of the work.  Returns the
 * reordered pattern (caller frees) or NULL when there is nothing to gain or
 * the prefix holds something we do not read (capturing groups, options).
 */

typedef struct piece {
  const char *s, *e;      /* the assertion's text */
  const char *wrap;       /* option group it sat in, e.g. "(?i:", or NULL */
  size_t wraplen;
  int positive;
} piece;

#define MAX_PIECES 256

static int assertion_at(const char *p, const char *end, int *positive) {
  size_t n = (size_t)(end - p);
  if (n >= 4 && (!strncmp(p, "(?<=", 4) || !strncmp(p, "(?<!", 4))) {
    *positive = p[3] == '=';
    return 1;
  }
  if (n >= 3 && (!strncmp(p, "(?=", 3) || !strncmp(p, "(?!", 3))) {
    *positive = p[2] == '=';
    return 1;
  }
  return 0;
}

/* Parses one assertion at ps->p into pc; 0 if it is not a plain one. */
static int take_assertion(lparse *ps, piece *pc, const char *wrap, size_t wraplen) {
  const char *q;
  lnode *a;
  int pos;
  if (!assertion_at(ps->p, ps->end, &pos))
    return 0;
  if (!(a = mtl_malloc(sizeof *a)))
    return 0;
  pc->s = ps->p;
  mtl_lit_atom(ps, a);
  mtl_free(a);
  if (ps->bail || ps->p[-1] != ')')
    return 0;
  pc->e = ps->p;
  for (q = pc->s + 1; q < pc->e; q++) {
    if (*q == '\\') {
      q++;
      continue;
    }
    if (*q == '(' && (q + 1 >= pc->e || q[1] != '?'))
      return 0; /* a capturing group: moving it would renumber groups */
  }
  pc->wrap = wrap;
  pc->wraplen = wraplen;
  pc->positive = pos;
  return 1;
}

char *mtl_regex_hoist_assertions(const char *pat, size_t len, size_t *outlen) {
  piece *pc;
  size_t np = 0, i, o = 0;
  int seen_neg = 0, gain = 0;
  lparse ps;
  char *out = NULL;
  const char *tail;
  if (!(pc = mtl_malloc(MAX_PIECES * sizeof *pc)))
    return NULL;
  memset(&ps, 0, sizeof ps);
  ps.p = pat;
  ps.end = pat + len;
  while (ps.p < ps.end && np < MAX_PIECES) {
    int pos;
    if (assertion_at(ps.p, ps.end, &pos)) {
      if (!take_assertion(&ps, &pc[np], NULL, 0))
        goto done;
      np++;
      continue;
    }
    if (ps.p + 2 < ps.end && ps.p[0] == '(' && ps.p[1] == '?') {
      /* (?i: ... ) holding only assertions */
      const char *q = ps.p + 2, *wrap = ps.p;
      while (q < ps.end && ((*q >= 'a' && *q <= 'z' && *q != 'x') || *q == '-'))
        q++;
      if (q == ps.p + 2 || q >= ps.end || *q != ':')
        break;
      ps.p = q + 1;
      while (ps.p < ps.end && *ps.p != ')' && np < MAX_PIECES) {
        if (!take_assertion(&ps, &pc[np], wrap, (size_t)(q + 1 - wrap)))
          goto done;
        np++;
      }
      if (ps.p >= ps.end || *ps.p != ')')
        goto done;
      ps.p++;
      continue;
    }
    break;
  }
  tail = ps.p;
  for (i = 0; i < np; i++) {
    if (!pc[i].positive)
      seen_neg = 1;
    else if (seen_neg)
      gain = 1;
  }
  if (!gain || !(out = mtl_malloc(2 * len + 8 * np + 1)))
    goto done;
  for (int pass = 1; pass >= 0; pass--)
    for (i = 0; i < np; i++) {
      if (pc[i].positive != pass)
        continue;
      if (pc[i].wrap) {
        memcpy(out + o, pc[i].wrap, pc[i].wraplen);
        o += pc[i].wraplen;
      }
      memcpy(out + o, pc[i].s, (size_t)(pc[i].e - pc[i].s));
      o += (size_t)(pc[i].e - pc[i].s);
      if (pc[i].wrap)
        out[o++] = ')';
    }
  memcpy(out + o, tail, (size_t)(ps.end - tail));
  o += (size_t)(ps.end - tail);
  out[o] = '\0';
  *outlen = o;
done:
  mtl_free(pc);
  return out;
}
