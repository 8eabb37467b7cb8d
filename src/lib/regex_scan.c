/*
 * regex_scan.c - what can be known of a PCRE2 pattern without compiling it:
 * the literals every match contains (for the pattern kind's prefilter),
 * whether matches stay inside a line, and lookarounds hoisted to the front.
 * A small reader of the syntax; anything it does not understand gives up,
 * which only costs speed.  regex.c is the PCRE2 wrapper.
 */
#include "mtlint.h"
#include "regex.h"
#include "regex_scan.h"
#include "utf8.h"
#include "util.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* ---------------- PERF: required literals of a pattern ----------------
 *
 * A small reader of PCRE2 syntax that finds a set of strings one of which
 * occurs in every match (lower-cased ASCII; the prefilter folds ASCII case,
 * so it holds for caseless patterns too).  Each node yields an exact set
 * (every string it can match, when that is small and literal) and a
 * required set.  Anything not understood gives up for the whole pattern,
 * which only costs speed: the rule then scans every input.
 */


void mtl_lset_clear(lset *s) {
  memset(&s->n, 0, sizeof *s - offsetof(lset, n));
}

void mtl_lnode_clear(lnode *a) {
  mtl_lset_clear(&a->exact);
  mtl_lset_clear(&a->req);
  memset(&a->min1, 0, offsetof(lnode, pr) - offsetof(lnode, min1));
  memset(&a->pr.ok, 0, sizeof a->pr - offsetof(pairset, ok));
}

/* PERF: *d = *s, but only the members below n (the rest is never read):
 * most sets hold a few short members of a ~1.2 KB struct. */
static void lset_copy(lset *d, const lset *s) {
  size_t i;
  if (d == s)
    return;
  for (i = 0; i < s->n; i++)
    memcpy(d->s[i], s->s[i], (size_t)s->len[i] + 1);
  memcpy(d->len, s->len, sizeof d->len);
  memcpy(&d->n, &s->n, sizeof *s - offsetof(lset, n));
}

static long reach_add(long a, long b) {
  return a < 0 || b < 0 || a + b > REACH_MAX ? REACH_INF : a + b;
}

static long reach_mul(long a, long m) {
  if (a == 0 || m == 0)
    return 0;
  return a < 0 || m < 0 || a > REACH_MAX / m ? REACH_INF : a * m;
}

long mtl_reach_max(long a, long b) {
  return a < 0 || b < 0 ? REACH_INF : a > b ? a : b;
}

size_t mtl_lset_minlen(const lset *s) {
  size_t i, m = SIZE_MAX;
  for (i = 0; i < s->n; i++)
    if (s->len[i] < m)
      m = s->len[i];
  return s->n ? m : 0;
}

static int lset_common(const lset *s) {
  size_t i;
  for (i = 0; i < s->n; i++)
    if (mtl_lit_common(s->s[i], s->len[i]))
      return 1;
  return 0;
}

/* Keeps the better of two required sets in *best. */
static void lset_pick(lset *best, const lset *cand) {
  size_t a, b;
  if (!cand->ok || !cand->n || (b = mtl_lset_minlen(cand)) == 0)
    return;
  /* a byte before or after counts for members of two bytes or more; one
   * byte with both ranks below any three bytes */
  if (b >= 2)
    b += (cand->follow != 0) + (cand->precede != 0);
  else if (cand->follow && cand->precede)
    b = 2;
  a = best->ok ? mtl_lset_minlen(best) : 0;
  if (a >= 2)
    a += (best->follow != 0) + (best->precede != 0);
  else if (best->ok && best->follow && best->precede)
    a = 2;
  /* PERF: a set of which some member is only function words ("has
   * been ") loses to one of four bytes or more with none ("peak ") */
  if (best->ok && a >= 4 && b >= 4) {
    int cc = lset_common(cand), bc = lset_common(best);
    if (cc != bc) {
      if (!cc)
        lset_copy(best, cand);
      return;
    }
  }
  /* PERF: a set that bounds where a match starts (the search then runs in
   * windows around its hits) beats one that does not and is at most four
   * bytes longer ("peak " beats "has been ": an unbounded hit searches
   * from its line's start, and the longer words are the commoner) */
  if (best->ok && a >= 4 && b >= 4 && (cand->pre >= 0) != (best->pre >= 0) &&
      (cand->pre >= 0 ? b + 4 >= a : a + 4 >= b)) {
    if (cand->pre >= 0)
      lset_copy(best, cand);
    return;
  }
  if (!best->ok || b > a || (b == a && cand->n < best->n))
    lset_copy(best, cand);
}

static int lset_add(lset *s, const char *str, size_t len) {
  size_t i;
  /* PERF: the last and first bytes differ first: members crossed from
   * one set share their fronts */
  for (i = 0; i < s->n; i++) {
    const char *t = s->s[i];
    if (s->len[i] != len || (len && (t[len - 1] != str[len - 1] || t[0] != str[0])))
      continue;
    if (!memcmp(t, str, len))
      return 0;
  }
  if (s->n >= LIT_MAX_SET || len > LIT_MAX_LEN)
    return -1;
  memcpy(s->s[s->n], str, len);
  s->s[s->n][len] = '\0';
  s->len[s->n++] = (unsigned char)len;
  return 0;
}

/* *a = a x b; -1 (a unchanged) when too big. */
static int lset_cross(lset *a, const lset *b, lset *tmp) {
  size_t i, j;
  if (a->n * b->n > LIT_MAX_SET)
    return -1;
  tmp->n = 0;
  tmp->ok = 1;
  for (i = 0; i < a->n; i++)
    for (j = 0; j < b->n; j++) {
      char buf[2 * LIT_MAX_LEN];
      if ((size_t)a->len[i] + b->len[j] > LIT_MAX_LEN)
        return -1;
      memcpy(buf, a->s[i], a->len[i]);
      memcpy(buf + a->len[i], b->s[j], b->len[j]);
      if (lset_add(tmp, buf, (size_t)a->len[i] + b->len[j]))
        return -1;
    }
  tmp->pre = a->pre;
  tmp->prenl = a->prenl;
  tmp->follow = 0;
  tmp->precede = a->precede;
  memcpy(tmp->pmask, a->pmask, sizeof tmp->pmask);
  lset_copy(a, tmp);
  return 0;
}

#define LIT_CUT_MIN 4

/* u = the members of a and b cut to their first k bytes; -1 when they do
 * not fit. */
static int lset_cut(lset *u, const lset *a, const lset *b, size_t k) {
  const lset *from[2];
  size_t f, i;
  int cut = 0;
  from[0] = a;
  from[1] = b;
  lset_copy(u, a);
  u->n = 0;
  for (f = 0; f < 2; f++)
    for (i = 0; i < from[f]->n; i++) {
      size_t len = from[f]->len[i] < k ? from[f]->len[i] : k;
      cut |= len < from[f]->len[i];
      if (lset_add(u, from[f]->s[i], len))
        return -1;
    }
  if (cut)
    u->follow = 0;
  return 0;
}

/* Required sets: *a = a | b.  When the union has more than LIT_MAX_SET
 * members, each member is cut to its first k bytes (a required string's
 * prefix is required too) for the largest k down to LIT_CUT_MIN that makes
 * it fit, rather than having no set at all: "share on facebook" ... "share
 * via pinterest" and 30 more become 30 members of at most 11 bytes ("share
 * on fa", "share via p", ...; test_literals).  A cut member no longer says
 * which byte follows it.  0, or -1 (a unchanged) when even that does not
 * fit. */
static int lset_union(lset *a, const lset *b) {
  lset u;
  size_t i, lo, hi, fit = 0;
  lset_copy(&u, a);
  for (i = 0; i < b->n; i++)
    if (lset_add(&u, b->s[i], b->len[i]))
      break;
  if (i == b->n) {
    lset_copy(a, &u);
    return 0;
  }
  /* PERF: the number of distinct prefixes of k bytes grows with k (cutting
   * them to k - 1 bytes maps them onto those of k - 1), so the largest k
   * that fits is found by bisection, not by trying each k from the top */
  lo = LIT_CUT_MIN;
  hi = LIT_MAX_LEN;
  while (lo <= hi) {
    size_t mid = (lo + hi) / 2;
    if (lset_cut(&u, a, b, mid) == 0)
      fit = mid, lo = mid + 1;
    else
      hi = mid - 1;
  }
  if (!fit || lset_cut(&u, a, b, fit))
    return -1;
  lset_copy(a, &u);
  return 0;
}

static void lit_alt(lparse *ps, lnode *out);

static void lset_one(lset *s, const char *str, size_t len) {
  s->n = 0;
  s->ok = 1;
  s->pre = 0;
  s->prenl = 0;
  s->follow = 0;
  s->precede = 0;
  lset_add(s, str, len);
}

/* Skips a {n}, {n,}, {n,m} quantifier at ps->p; returns n (*most: m, n or
 * REACH_INF), or -1 if it is not one. */
static long lit_brace(lparse *ps, long *most) {
  const char *q = ps->p + 1;
  long n = 0, m = 0;
  int digits = 0, mdigits = 0;
  while (q < ps->end && *q >= '0' && *q <= '9' && digits < 6)
    n = n * 10 + (*q++ - '0'), digits++;
  if (!digits)
    return -1;
  *most = n;
  if (q < ps->end && *q == ',') {
    q++;
    while (q < ps->end && *q >= '0' && *q <= '9') {
      if (mdigits++ < 6)
        m = m * 10 + (*q - '0');
      else
        m = REACH_MAX + 1;
      q++;
    }
    *most = mdigits ? (m > REACH_MAX ? REACH_INF : m) : REACH_INF;
  }
  if (q >= ps->end || *q != '}')
    return -1;
  ps->p = q + 1;
  return n;
}

/* The members of the class body [s, e) when it is a few plain characters
 * (no negation, ranges, properties, or letters caseless matching could fold
 * beyond ASCII); otherwise leaves out unset (one unknown character). */
static void class_set(const char *s, const char *e, lset *out) {
  lset set;
  mtl_lset_clear(&set);
  set.ok = 1;
  if (s < e && *s == '^')
    return;
  while (s < e) {
    char c = *s;
    if (c == '\\') {
      if (s + 1 >= e || (unsigned char)s[1] >= 0x80 || (s[1] >= '0' && s[1] <= '9') ||
          ((s[1] | 0x20) >= 'a' && (s[1] | 0x20) <= 'z'))
        return;
      c = s[1];
      s += 2;
    } else if (c == '[' || (c == '-' && s + 1 < e)) {
      return; /* POSIX class or range */
    } else if ((unsigned char)c >= 0x80) {
      int32_t cp;
      int k = mtl_utf8_decode(s, (size_t)(e - s), &cp);
      if (k < 0 || mtl_cp_is_letter(cp) || mtl_cp_tolower(cp) != cp || mtl_cp_toupper(cp) != cp ||
          lset_add(&set, s, (size_t)k))
        return;
      s += k;
      continue;
    } else {
      s++;
    }
    if (c >= 'A' && c <= 'Z')
      c = (char)(c + 32);
    if (set.n >= 8 || lset_add(&set, &c, 1))
      return;
  }
  if (set.n)
    *out = set;
}

/* PERF: the atom's first byte is in [lo, hi] or opens a non-ASCII character. */
static void first_bytes(lnode *a, int lo, int hi) {
  int c;
  memset(a->first, 0, sizeof a->first);
  for (c = lo; c <= hi; c++)
    a->first[c >> 3] |= (unsigned char)(1u << (c & 7));
  for (c = 0xC2; c <= 0xF4; c++)
    a->first[c >> 3] |= (unsigned char)(1u << (c & 7));
  a->hasfirst = 1;
}

/* PERF: the atom's last byte is in [lo, hi] or ends a non-ASCII character. */
static void last_bytes(lnode *a, int lo, int hi) {
  int c;
  memset(a->last, 0, sizeof a->last);
  for (c = lo; c <= hi; c++)
    a->last[c >> 3] |= (unsigned char)(1u << (c & 7));
  for (c = 0x80; c <= 0xBF; c++)
    a->last[c >> 3] |= (unsigned char)(1u << (c & 7));
  a->haslast = 1;
}

/* One atom and its quantifier. */
/* The inside of a group up to and past its ')'; 0 (with ps->bail set) if
 * too deep or malformed. */
static int lit_group_body(lparse *ps, lnode *a) {
  int icase = ps->icase; /* (?i) inside holds to the group's end */
  if (++ps->depth > LIT_MAX_DEPTH) {
    ps->bail = 1;
    return 0;
  }
  lit_alt(ps, a);
  ps->depth--;
  ps->icase = icase;
  if (ps->bail || ps->p >= ps->end || *ps->p != ')') {
    ps->bail = 1;
    return 0;
  }
  ps->p++;
  return 1;
}

/* A group at "(".
 * 0: done (a zero-width atom, or ps->bail); 1: a quantifier may follow. */
static int lit_paren(lparse *ps, lnode *a) {
  ps->p++;
  if (ps->p < ps->end && *ps->p == '*') {
    ps->bail = 1;
    return 0;
  }
  if (ps->p < ps->end && *ps->p == '?') {
    const char *q = ps->p + 1;
    int look = 0, inner_options = 0, saved_icase = 0;
    if (q >= ps->end) {
      ps->bail = 1;
      return 0;
    }
    if (*q == ':' || *q == '|' || *q == '>') {
      ps->p = q + 1;
    } else if (*q == '=' || *q == '!') {
      look = 1;
      ps->p = q + 1;
    } else if (*q == '<' && q + 1 < ps->end && (q[1] == '=' || q[1] == '!')) {
      look = 1;
      ps->p = q + 2;
    } else if (*q == '<' || *q == '\'' || (*q == 'P' && q + 1 < ps->end && q[1] == '<')) {
      char close = *q == '\'' ? '\'' : '>';
      while (q < ps->end && *q != close)
        q++;
      if (q >= ps->end) {
        ps->bail = 1;
        return 0;
      }
      ps->p = q + 1;
    } else {
      /* option letters: (?i) (?-i) (?i:...); x changes the syntax, and
       * (?R), (?C) ... are not options: give up */
      while (q < ps->end && *q && strchr("imnsJU-^", *q))
        q++;
      if (ps->bail || q >= ps->end || q == ps->p + 1 || (*q != ')' && *q != ':')) {
        ps->bail = 1;
        return 0;
      }
      {
        const char *o;
        int on = 1, icase = ps->icase;
        for (o = ps->p + 1; o < q; o++) {
          if (*o == '-')
            on = 0;
          else if (*o == '^')
            icase = 0;
          else if (*o == 'i')
            icase = on;
        }
        if (*q == ')') {
          ps->icase = icase;
          ps->p = q + 1;
          lset_one(&a->exact, "", 0);
          a->nonl = 1;
          return 0;
        }
        ps->p = q + 1;
        saved_icase = ps->icase;
        ps->icase = icase;
        inner_options = 1;
      }
    }
    if (!lit_group_body(ps, a))
      return 0;
    if (inner_options)
      ps->icase = saved_icase;
    if (look) { /* zero width: requires nothing of the match itself */
      /* PERF: but a positive lookahead's first byte follows what comes
       * before it, and a lookbehind's last byte precedes what follows */
      int ahead = q[0] == '=' ? 1 : q[0] == '<' && q[1] == '=' ? 2 : 0;
      unsigned char m[32];
      int has = ahead == 1 ? a->hasfirst : ahead == 2 ? a->haslast : 0;
      pairset keep = a->pr; /* PERF: a positive lookahead's text is there */
      memcpy(m, ahead == 1 ? a->first : a->last, sizeof m);
      mtl_lnode_clear(a);
      mtl_bytes_all(a);
      if (ahead == 1 && q[0] == '=')
        a->pr = keep;
      a->min1 = 1;
      a->nonl = 1; /* it consumes nothing */
      lset_one(&a->exact, "", 0);
      if (has) {
        a->look = ahead;
        memcpy(ahead == 1 ? a->first : a->last, m, sizeof m);
      }
      return 0;
    }
  } else {
    lit_group_body(ps, a);
  }
  return 1;
}

/* A character class at "[".
 * 0: done (a zero-width atom, or ps->bail); 1: a quantifier may follow. */
static int lit_class(lparse *ps, lnode *a) {
  const char *q = ps->p + 1;
  if (q < ps->end && *q == '^')
    q++;
  if (q < ps->end && *q == ']')
    q++;
  while (q < ps->end && *q != ']') {
    if (*q == '\\') {
      if (q + 1 < ps->end && (q[1] == 'Q' || q[1] == 'E')) {
        ps->bail = 1;
        return 0;
      }
      q += 2;
    } else if (*q == '[' && q + 1 < ps->end && q[1] == ':') {
      const char *e = strstr(q, ":]");
      if (!e || e >= ps->end) {
        ps->bail = 1;
        return 0;
      }
      q = e + 2;
    } else {
      q++;
    }
  }
  if (q >= ps->end) {
    ps->bail = 1;
    return 0;
  }
  class_set(ps->p + 1, q, &a->exact); /* small classes of plain characters: a set */
  mtl_bytes_class(a, ps->p + 1, q, ps->icase);
  a->nonl = mtl_class_nonl(ps->p + 1, q);
  ps->p = q + 1;
  a->maxlen = 1;
  return 1;
}

/* An escape at "\\".
 * 0: done (a zero-width atom, or ps->bail); 1: a quantifier may follow. */
static int lit_escape(lparse *ps, lnode *a) {
  char e = ps->p + 1 < ps->end ? ps->p[1] : '\0';
  ps->p += 2;
  if (!e) {
    ps->bail = 1;
    return 0;
  }
  if (strchr("bBAzZGK", e)) {
    lset_one(&a->exact, "", 0);
    a->nonl = 1;
    return 0; /* zero width: no quantifier expected */
  } else if (!((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z') || (e >= '0' && e <= '9'))) {
    char l = e;
    if ((unsigned char)e >= 0x80) {
      ps->bail = 1;
      return 0;
    }
    lset_one(&a->exact, &l, 1);
    a->maxlen = 1;
    a->nonl = e != '\n';
    mtl_bytes_char(a, &l, 1, ps->icase);
  } else if (strchr("dDwWsShHvVRX", e)) {
    if (e == 'd' || e == 'w')
      mtl_bytes_escape(a, e);
    a->nonl = strchr("dwhSV", e) != NULL;
    /* one unknown character; \R may be CR LF, \X a whole grapheme cluster */
    a->maxlen = e == 'R' ? 2 : e == 'X' ? REACH_INF : 1;
    if (e == 'd') {
      first_bytes(a, '0', '9'); /* or a digit beyond ASCII (UCP) */
      last_bytes(a, '0', '9');
    }
  } else if (e == 'p' || e == 'P' || e == 'x' || e == 'o') {
    a->maxlen = 1;
    a->nonl = e == 'p' && mtl_letter_property(ps->p, ps->end);
    if (e == 'p')
      mtl_bytes_property(a, ps->p, ps->end, ps->icase);
    /* \p{Ll} opens with a-z or a non-ASCII letter; caseless matching may
     * let it match upper case, so only where it is off */
    if (e == 'p' && !ps->icase && ps->end - ps->p >= 4 && !memcmp(ps->p, "{Ll}", 4)) {
      first_bytes(a, 'a', 'z');
      last_bytes(a, 'a', 'z');
    }
    if (e == 'p' && !ps->icase && ps->end - ps->p >= 4 && !memcmp(ps->p, "{Lu}", 4)) {
      first_bytes(a, 'A', 'Z');
      last_bytes(a, 'A', 'Z');
    }
    if (ps->p < ps->end && *ps->p == '{') {
      const char *q = memchr(ps->p, '}', (size_t)(ps->end - ps->p));
      if (!q) {
        ps->bail = 1;
        return 0;
      }
      ps->p = q + 1;
    } else if (e == 'x') {
      int k = 0;
      while (k < 2 && ps->p < ps->end &&
             ((*ps->p >= '0' && *ps->p <= '9') || ((*ps->p | 0x20) >= 'a' && (*ps->p | 0x20) <= 'f')))
        ps->p++, k++;
    } else if (e == 'p' || e == 'P') {
      if (ps->p >= ps->end) {
        ps->bail = 1;
        return 0;
      }
      ps->p++;
    } else {
      ps->bail = 1;
      return 0;
    }
  } else if (e >= '1' && e <= '9') {
    while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9')
      ps->p++; /* back reference: unknown text */
    a->maxlen = REACH_INF;
    a->nonempty = 0;
  } else {
    ps->bail = 1; /* \Q, \g, \k, \N, \c, \e, \n ...: not worth it */
    return 0;
  }
  return 1;
}

/* The quantifier after an atom, if any. */
static void lit_quantifier(lparse *ps, lnode *a) {
  if (ps->p < ps->end) {
    char q = *ps->p;
    long mn = 1, most = REACH_INF;
    int quant = 1;
    if (q == '*' || q == '?') {
      mn = 0;
      most = q == '?' ? 1 : REACH_INF;
      ps->p++;
    } else if (q == '+') {
      ps->p++;
    } else if (q == '{') {
      const char *save = ps->p;
      mn = lit_brace(ps, &most);
      if (mn < 0) {
        ps->p = save;
        ps->bail = 1; /* a literal '{': rare, give up */
        return;
      }
      if (!strncmp(save, "{1}", 3))
        quant = 0;
    } else {
      quant = 0;
    }
    if (quant) {
      if (ps->p < ps->end && (*ps->p == '?' || *ps->p == '+'))
        ps->p++;
      a->maxlen = reach_mul(a->maxlen, most);
      a->min1 = mn >= 1;
      if (mn < 1) {
        a->hasfirst = a->haslast = 0;
        a->nonempty = 0;
        a->pr.ok = 0;
      }
      if (!a->min1 && q == '?' && a->exact.ok && a->exact.n < LIT_MAX_SET) {
        a->req.ok = 0; /* x? is x or nothing: still an exact set */
        lset_add(&a->exact, "", 0);
        a->min1 = 1;
      } else if (!a->min1) {
        a->req.ok = 0;
        a->exact.ok = 0;
        a->exact.n = 0;
      } else {
        a->min1 = 2; /* repeated: exact as a required block, not as a whole */
      }
    }
  }
}

void mtl_lit_atom(lparse *ps, lnode *a) {
  char c = *ps->p;
  mtl_lnode_clear(a);
  a->min1 = 1;
  mtl_bytes_all(a);
  a->nonempty = 1;
  if (c == '(') {
    if (!lit_paren(ps, a))
      return;
  } else if (c == '[') {
    if (!lit_class(ps, a))
      return;
  } else if (c == '\\') {
    if (!lit_escape(ps, a))
      return;
  } else if (c == '.') {
    ps->p++;
    a->maxlen = 1;
  } else if (c == '^' || c == '$') {
    ps->p++;
    lset_one(&a->exact, "", 0);
    a->nonl = 1;
    return;
  } else if (c == '*' || c == '+' || c == '?' || c == '{') {
    ps->bail = 1;
    return;
  } else if ((unsigned char)c >= 0x80) {
    /* A non-ASCII character: a letter (or anything with a case) may fold
     * under caseless matching, so it is unknown; a caseless symbol such as
     * the copyright sign or a curly quote is a literal. */
    const char *s = ps->p;
    int32_t cp;
    int k = mtl_utf8_decode(s, (size_t)(ps->end - s), &cp);
    a->maxlen = 1;
    a->nonl = 1;
    ps->p++;
    while (ps->p < ps->end && ((unsigned char)*ps->p & 0xC0) == 0x80)
      ps->p++;
    if (k > 0 && s + k == ps->p && !mtl_cp_is_letter(cp) && mtl_cp_tolower(cp) == cp &&
        mtl_cp_toupper(cp) == cp)
      lset_one(&a->exact, s, (size_t)k);
    if (k > 0 && s + k == ps->p)
      mtl_bytes_char(a, s, k, ps->icase);
  } else {
    char l = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
    ps->p++;
    lset_one(&a->exact, &l, 1);
    mtl_bytes_char(a, &c, 1, ps->icase);
    a->maxlen = 1;
    a->nonl = c != '\n';
  }
  if (a->exact.ok)
    lset_copy(&a->req, &a->exact);
  lit_quantifier(ps, a);
}

/* A sequence up to | or ) or the end.  pos: the most characters from the
 * sequence's start to the atom at hand (each set's pre is kept relative to
 * the sequence's start). */
static void lit_seq(lparse *ps, lnode *out) {
  lset cur, best, tmp;
  int exact = 1, consumed = 0;
  int posnl = 0, allnonl = 1; /* a newline may come before the atom at hand; none can */
  long pos = 0;
  pairseq pq;
  mtl_lnode_clear(out);
  mtl_pairs_seq_start(out, &pq);
  mtl_lset_clear(&best);
  lset_one(&cur, "", 0);
  while (!ps->bail && ps->p < ps->end && *ps->p != '|' && *ps->p != ')') {
    lnode a;
    mtl_lit_atom(ps, &a);
    if (ps->bail)
      return;
    mtl_pairs_seq_atom(out, &pq, &a, pos, posnl, ps->pairs);
    if (a.maxlen != 0) { /* the first and last bytes of the sequence */
      if (!consumed++) {
        out->hasfirst = a.hasfirst;
        memcpy(out->first, a.first, sizeof out->first);
      }
      out->haslast = a.haslast;
      memcpy(out->last, a.last, sizeof out->last);
    }
    if (a.look == 1 && cur.ok && mtl_lset_minlen(&cur) > 0) {
      /* cur, then a byte the lookahead's text opens with */
      lset c = cur;
      c.follow = 1;
      memcpy(c.fmask, a.first, sizeof c.fmask);
      lset_pick(&best, &c);
    } else if (a.look == 2 && cur.ok && cur.n == 1 && cur.len[0] == 0) {
      /* what follows comes right after the lookbehind's last byte */
      size_t k;
      if (!cur.precede)
        memcpy(cur.pmask, a.last, sizeof cur.pmask);
      else
        for (k = 0; k < sizeof cur.pmask; k++)
          cur.pmask[k] &= a.last[k];
      cur.precede = 1;
    }
    if (a.exact.ok && a.min1 == 1) {
      if (lset_cross(&cur, &a.exact, &tmp)) {
        lset_pick(&best, &cur);
        cur = a.exact;
        cur.pre = pos;
        cur.prenl = posnl;
        exact = 0;
      }
    } else if (a.exact.ok && a.min1 == 2) {
      /* x+ or x{2,}: the first copy follows cur, the last precedes what follows */
      a.exact.pre = pos;
      a.exact.prenl = posnl;
      if (lset_cross(&cur, &a.exact, &tmp))
        lset_pick(&best, &a.exact);
      lset_pick(&best, &cur);
      cur = a.exact;
      cur.pre = reach_add(pos, a.maxlen); /* the last copy starts before the atom's end */
      cur.prenl = posnl || !a.nonl;
      exact = 0;
    } else {
      lset_pick(&best, &cur);
      if (a.hasfirst && cur.ok && mtl_lset_minlen(&cur) > 0) {
        /* cur, then a byte a match of the atom opens with */
        cur.follow = 1;
        memcpy(cur.fmask, a.first, sizeof cur.fmask);
        lset_pick(&best, &cur);
      }
      a.req.pre = reach_add(pos, a.req.pre);
      a.req.prenl = posnl || a.req.prenl;
      lset_pick(&best, &a.req);
      lset_one(&cur, "", 0);
      cur.pre = reach_add(pos, a.maxlen);
      cur.prenl = posnl || !a.nonl;
      if (a.haslast) { /* what follows comes right after a byte the atom ends with */
        cur.precede = 1;
        memcpy(cur.pmask, a.last, sizeof cur.pmask);
      }
      exact = 0;
    }
    pos = reach_add(pos, a.maxlen);
    posnl = posnl || !a.nonl;
    allnonl = allnonl && a.nonl;
  }
  lset_pick(&best, &cur);
  out->req = best;
  if (exact)
    out->exact = cur;
  out->min1 = 1;
  out->maxlen = pos;
  out->nonl = allnonl;
}

/* Keeps a top-level branch's required set (see lparse.branches). */
static void keep_branch(lparse *ps, const lnode *b) {
  if (!ps->branches_on || ps->depth != 0 || ps->branches_failed)
    return;
  if (mtl_grow((void **)&ps->branches, &ps->capbranches, ps->nbranches + 1,
               sizeof *ps->branches)) {
    ps->branches_failed = 1;
    return;
  }
  ps->branches[ps->nbranches++] = b->req;
}

static void lit_alt(lparse *ps, lnode *out) {
  lnode first;
  int all_exact, all_req;
  lit_seq(ps, &first);
  if (ps->bail)
    return;
  keep_branch(ps, &first);
  *out = first;
  all_exact = first.exact.ok;
  all_req = first.req.ok;
  while (ps->p < ps->end && *ps->p == '|') {
    lnode b;
    size_t i;
    ps->p++;
    lit_seq(ps, &b);
    if (ps->bail)
      return;
    keep_branch(ps, &b);
    out->maxlen = mtl_reach_max(out->maxlen, b.maxlen);
    out->nonl = out->nonl && b.nonl;
    mtl_pairs_alt(out, &b, ps->pairs);
    {
      size_t k;
      out->hasfirst = out->hasfirst && b.hasfirst;
      out->haslast = out->haslast && b.haslast;
      for (k = 0; k < sizeof out->first; k++) {
        out->first[k] |= b.first[k];
        out->last[k] |= b.last[k];
      }
    }
    if (all_req && b.req.ok) {
      out->req.pre = mtl_reach_max(out->req.pre, b.req.pre);
      out->req.prenl = out->req.prenl || b.req.prenl;
      /* a follow byte holds for the union only when both say the same */
      /* (a mask means something only when its flag is set) */
      if (out->req.follow != b.req.follow ||
          (b.req.follow && memcmp(out->req.fmask, b.req.fmask, sizeof b.req.fmask)))
        out->req.follow = 0;
      if (out->req.precede != b.req.precede ||
          (b.req.precede && memcmp(out->req.pmask, b.req.pmask, sizeof b.req.pmask)))
        out->req.precede = 0;
    }
    if (all_exact && b.exact.ok) {
      for (i = 0; i < b.exact.n; i++)
        if (lset_add(&out->exact, b.exact.s[i], b.exact.len[i]))
          all_exact = 0;
    } else {
      all_exact = 0;
    }
    if (all_req && b.req.ok) {
      if (lset_union(&out->req, &b.req))
        all_req = 0;
    } else {
      all_req = 0;
    }
  }
  out->exact.ok = all_exact;
  if (!all_exact)
    out->exact.n = 0;
  out->req.ok = all_req && mtl_lset_minlen(&out->req) > 0;
  if (!out->req.ok)
    out->req.n = 0;
  out->min1 = 1;
}

lnode *mtl_lit_parse_at(lparse *ps, const char *pattern, size_t len, unsigned flags,
                        int *whole) {
  lnode *top = mtl_calloc(1, sizeof *top);
  *whole = 0;
  if (!top)
    return NULL;
  ps->p = pattern;
  ps->end = pattern + len;
  ps->icase = (flags & MTL_RE_ICASE) != 0;
  lit_alt(ps, top);
  *whole = !ps->bail && ps->p == ps->end;
  return top;
}

lnode *mtl_lit_parse_whole(const char *pattern, size_t len, unsigned flags, int pairs,
                           int *whole) {
  lparse ps;
  memset(&ps, 0, sizeof ps);
  ps.pairs = pairs;
  return mtl_lit_parse_at(&ps, pattern, len, flags, whole);
}
