/*
 * regex_bytes.c - PERF: which bytes a pattern's matches can open and close
 * with, and byte pairs one of which every match holds, read from the syntax
 * by regex_scan.c's parser.  Every set here is a superset of the truth:
 * where a construct is not understood the set is all 256 bytes, which only
 * costs speed.  Under UTF with MATCH_INVALID_UTF a character opens with an
 * ASCII byte or a lead byte 0xC2-0xF4 and ends with an ASCII byte or a
 * continuation byte 0x80-0xBF.
 *
 * Used by regex.c (a start bitmap for patterns PCRE2 keeps none for) and by
 * the pattern kind's prefilter (mtl_regex_pairs: "a lower-case byte then an
 * upper-case one" for typography.glued-words, which has no literal).
 */
#include "mtlint.h"
#include "regex.h"
#include "regex_scan.h"
#include "utf8.h"
#include "util.h"

#include <stdint.h>
#include <string.h>

static void bit(unsigned char *m, int c) {
  m[c >> 3] |= (unsigned char)(1u << (c & 7));
}

static int has(const unsigned char *m, int c) {
  return m[c >> 3] >> (c & 7) & 1;
}

static void range(unsigned char *m, int lo, int hi) {
  int c;
  for (c = lo; c <= hi; c++)
    bit(m, c);
}

static void or_into(unsigned char *a, const unsigned char *b) {
  int k;
  for (k = 0; k < 32; k++)
    a[k] |= b[k];
}

void mtl_bytes_all(lnode *a) {
  memset(a->fb, 0xFF, sizeof a->fb);
  memset(a->lb, 0xFF, sizeof a->lb);
  a->fbw = a->lbw = 0;
}

/* Any character beyond ASCII: its lead byte opens it, a continuation
 * byte ends it. */
static void wide(lnode *a) {
  a->fb[0xC2 >> 3] |= 0xFC; /* 0xC2-0xC7 */
  memset(a->fb + (0xC8 >> 3), 0xFF, (0xF0 - 0xC8) >> 3);
  a->fb[0xF0 >> 3] |= 0x1F; /* 0xF0-0xF4 */
  memset(a->lb + (0x80 >> 3), 0xFF, 64 >> 3);
}

static int is_letter(int c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* One ASCII character.  Caseless, a letter is also its other case and
 * whatever beyond ASCII folds to it (the Kelvin sign to k, long s to s):
 * every non-ASCII byte, to be sure. */
static void ascii_char(lnode *a, int c, int icase) {
  bit(a->fb, c);
  bit(a->lb, c);
  if (icase && is_letter(c)) {
    bit(a->fb, c ^ 0x20);
    bit(a->lb, c ^ 0x20);
    wide(a);
  }
}

/* Code point cp encoded as [s, s + k): its own bytes, or all non-ASCII
 * ones where caseless matching may fold it; 0 when the letters and digits
 * flag must go (a character of U+2000-U+203F). */
static int wide_char(lnode *a, const char *s, int k, int32_t cp, int icase) {
  if (icase && (mtl_cp_tolower(cp) != cp || mtl_cp_toupper(cp) != cp)) {
    /* its other cases may be ASCII (the Kelvin sign) or any width */
    range(a->fb, 0, 0x7F);
    range(a->lb, 0, 0x7F);
    wide(a);
    return 0;
  }
  bit(a->fb, (unsigned char)s[0]);
  bit(a->lb, (unsigned char)s[k - 1]);
  return !(cp >= 0x2000 && cp <= 0x203F);
}

void mtl_bytes_char(lnode *a, const char *s, int k, int icase) {
  int32_t cp;
  memset(a->fb, 0, sizeof a->fb);
  memset(a->lb, 0, sizeof a->lb);
  a->fbw = a->lbw = 1;
  if (k == 1 && (unsigned char)s[0] < 0x80) {
    ascii_char(a, (unsigned char)s[0], icase);
    return;
  }
  if (k < 1 || mtl_utf8_decode(s, (size_t)k, &cp) != k) {
    mtl_bytes_all(a);
    return;
  }
  a->fbw = a->lbw = wide_char(a, s, k, cp, icase);
}

void mtl_bytes_escape(lnode *a, char e) {
  memset(a->fb, 0, sizeof a->fb);
  memset(a->lb, 0, sizeof a->lb);
  a->fbw = a->lbw = 1;
  if (e == 'd') { /* Nd: ASCII digits or beyond ASCII */
    range(a->fb, '0', '9');
    range(a->lb, '0', '9');
    wide(a);
  } else if (e == 'w') { /* newer PCRE2 adds Pc (U+203F) and Mn */
    range(a->fb, '0', '9');
    range(a->lb, '0', '9');
    range(a->fb, 'a', 'z');
    range(a->lb, 'a', 'z');
    range(a->fb, 'A', 'Z');
    range(a->lb, 'A', 'Z');
    bit(a->fb, '_');
    bit(a->lb, '_');
    wide(a);
    a->fbw = a->lbw = 0;
  } else {
    mtl_bytes_all(a);
  }
}

/* A property name at p ("{Lu}" or "L"): ASCII members, whether the rest
 * are letters or digits; 0 when not known. */
static int property(const char *p, const char *e, int icase, lnode *a, int *w) {
  static const char *const none_ascii[] = {"Lt", "Lm", "Lo", "Nl", "No", "Greek", "Cyrillic",
                                           "Han", "Arabic", "Hebrew", "Armenian", "Georgian",
                                           "Thai", "Devanagari", "Hangul", "Hiragana",
                                           "Katakana", NULL};
  char name[16];
  size_t n = 0, i;
  if (p < e && *p == '{') {
    const char *q = memchr(p, '}', (size_t)(e - p));
    if (!q || q - p - 1 >= (long)sizeof name)
      return 0;
    n = (size_t)(q - p - 1);
    memcpy(name, p + 1, n);
  } else if (p < e) {
    name[n++] = *p;
  }
  name[n] = '\0';
  *w = 1;
  wide(a);
  if (!strcmp(name, "L") || !strcmp(name, "L&") || !strcmp(name, "Latin") ||
      (icase && (!strcmp(name, "Lu") || !strcmp(name, "Ll")))) {
    range(a->fb, 'a', 'z');
    range(a->lb, 'a', 'z');
    range(a->fb, 'A', 'Z');
    range(a->lb, 'A', 'Z');
    return 1;
  }
  if (!strcmp(name, "Lu") || !strcmp(name, "Ll")) {
    int lo = name[1] == 'u' ? 'A' : 'a';
    range(a->fb, lo, lo + 25);
    range(a->lb, lo, lo + 25);
    return 1;
  }
  if (!strcmp(name, "N") || !strcmp(name, "Nd")) {
    range(a->fb, '0', '9');
    range(a->lb, '0', '9');
    return 1;
  }
  for (i = 0; none_ascii[i]; i++)
    if (!strcmp(name, none_ascii[i]))
      return 1;
  return 0;
}

void mtl_bytes_property(lnode *a, const char *p, const char *e, int icase) {
  int w;
  memset(a->fb, 0, sizeof a->fb);
  memset(a->lb, 0, sizeof a->lb);
  if (!property(p, e, icase, a, &w)) {
    mtl_bytes_all(a);
    return;
  }
  a->fbw = a->lbw = w;
}

/* One class member at *s that stands for one character (a plain or escaped
 * character, \x{..}); its code point, and *s past it; -1 otherwise. */
static int32_t class_char(const char **s, const char *e) {
  const char *p = *s;
  int32_t cp;
  if (*p == '\\') {
    if (p + 1 >= e)
      return -1;
    if (p[1] == 'x') {
      int32_t v = 0;
      const char *q = p + 2;
      int braces = q < e && *q == '{', digits = 0;
      q += braces;
      while (q < e && digits < (braces ? 6 : 2)) {
        char c = *q;
        int d = c >= '0' && c <= '9' ? c - '0' : (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : -1;
        if (d < 0)
          break;
        v = v * 16 + d;
        q++, digits++;
      }
      if (!digits || (braces && (q >= e || *q != '}')))
        return -1;
      *s = q + braces;
      return v;
    }
    if ((unsigned char)p[1] >= 0x80 || is_letter(p[1]) || (p[1] >= '0' && p[1] <= '9'))
      return -1; /* \n, \t, \s, octal ...: not a plain character */
    *s = p + 2;
    return (unsigned char)p[1];
  }
  if ((unsigned char)*p < 0x80) {
    *s = p + 1;
    return (unsigned char)*p;
  }
  {
    int k = mtl_utf8_decode(p, (size_t)(e - p), &cp);
    if (k < 1)
      return -1;
    *s = p + k;
    return cp;
  }
}

/* Member code point cp (or the range lo-hi) into a; 0 clears the flag. */
static int class_range(lnode *a, int32_t lo, int32_t hi, int icase) {
  int32_t c;
  if (hi < lo)
    return 1;
  if (hi >= 0x80) {
    if (lo == hi) {
      char enc[4];
      int k = mtl_utf8_encode(lo, enc);
      return k > 0 ? wide_char(a, enc, k, lo, icase) : (wide(a), 0);
    }
    wide(a); /* a range beyond ASCII: any character */
    if (lo < 0x80)
      for (c = lo; c < 0x80; c++)
        ascii_char(a, (int)c, icase);
    return 0;
  }
  for (c = lo; c <= hi; c++)
    ascii_char(a, (int)c, icase);
  return 1;
}

void mtl_bytes_class(lnode *a, const char *s, const char *e, int icase) {
  int w = 1;
  memset(a->fb, 0, sizeof a->fb);
  memset(a->lb, 0, sizeof a->lb);
  if (s < e && *s == '^')
    goto unknown;
  while (s < e) {
    int32_t lo, hi;
    if (*s == '\\' && s + 1 < e && (s[1] == 'd' || s[1] == 'w')) {
      lnode t;
      mtl_bytes_escape(&t, s[1]);
      or_into(a->fb, t.fb);
      or_into(a->lb, t.lb);
      w = w && t.fbw;
      s += 2;
      continue;
    }
    if (*s == '\\' && s + 1 < e && s[1] == 'p') {
      lnode t;
      int tw;
      const char *q = s + 2;
      memset(&t, 0, sizeof t);
      if (q >= e || !property(q, e, icase, &t, &tw))
        goto unknown;
      or_into(a->fb, t.fb);
      or_into(a->lb, t.lb);
      w = w && tw;
      s = *q == '{' ? (const char *)memchr(q, '}', (size_t)(e - q)) + 1 : q + 1;
      continue;
    }
    if (*s == '[' || (lo = class_char(&s, e)) < 0)
      goto unknown; /* POSIX classes, \s, \n and the like */
    hi = lo;
    if (s + 1 < e && *s == '-') { /* a range, unless '-' ends the class */
      const char *t = s + 1;
      if (*t == '[' || (hi = class_char(&t, e)) < 0)
        goto unknown;
      s = t;
    }
    w = class_range(a, lo, hi, icase) && w;
  }
  a->fbw = a->lbw = w;
  return;
unknown:
  mtl_bytes_all(a);
}

/* ---------------- common literals (for regex_scan.c) ---------------- */

/* The commonest English function words: a literal made of them ("has
 * been ", "could have") is in most articles, whatever its length. */
static const char *const stop_words[] = {
    "a", "about", "after", "already", "also", "an", "and", "are", "as", "at", "be", "been",
    "before", "being", "but", "by", "can", "could", "did", "do", "does", "for", "from",
    "had", "has", "have", "he", "her", "his", "i", "in", "into", "is", "it", "its", "just",
    "may", "might", "more", "most", "must", "no", "not", "of", "on", "or", "our", "out",
    "over", "shall", "she", "should", "so", "than", "that", "the", "their", "then", "there",
    "these", "they", "this", "those", "to", "up", "very", "was", "we", "were", "what",
    "which", "who", "will", "with", "would", "you", NULL};

/* Whether word [w, w + n) is a stop word, or (cut off at the literal's
 * start or end) a suffix or prefix of one. */
static int stop_word(const char *w, size_t n, int cut_front, int cut_back) {
  size_t i;
  for (i = 0; stop_words[i]; i++) {
    size_t m = strlen(stop_words[i]);
    if ((m == n || (cut_back && n < m) ) && !memcmp(stop_words[i], w, n))
      return 1;
    if (cut_front && n < m && !memcmp(stop_words[i] + m - n, w, n))
      return 1;
  }
  return 0;
}

int mtl_lit_common(const char *s, size_t len) {
  size_t i = 0;
  int words = 0;
  while (i < len) {
    size_t j = i;
    if (s[i] == ' ') {
      i++;
      continue;
    }
    while (j < len && s[j] >= 'a' && s[j] <= 'z')
      j++;
    if (j == i || !stop_word(s + i, j - i, i == 0, j == len))
      return 0; /* a content word, or a byte that is no letter */
    words++;
    i = j;
  }
  return words > 0;
}

/* ---------------- newlines (for regex_scan.c) ---------------- */

/* Whether a property name (after \p) names letters or numbers only, which
 * hold no newline: \pL, \p{L}, \p{Lu}, \p{Nd} ... */
int mtl_letter_property(const char *p, const char *end) {
  if (p < end && *p == '{')
    p++;
  return p < end && (*p == 'L' || *p == 'N');
}

/* Whether the class [s, e) (past its '[') surely matches no newline: a
 * negated class that names \n, or a plain one of printable characters,
 * ranges between them, \d \w \h \S \V \t \r \f \a \e, letter properties
 * and escaped punctuation.  Anything else counts as maybe. */
int mtl_class_nonl(const char *s, const char *e) {
  const char *p = s;
  int negated = p < e && *p == '^', named = 0, ok = 1;
  if (negated)
    p++;
  for (; p < e; p++) {
    unsigned char c = (unsigned char)*p;
    if (c == '\\' && p + 1 < e) {
      char x = *++p;
      if (x == 'n') {
        named = 1;
        ok = 0;
      } else if (x == 'p' && mtl_letter_property(p + 1, e)) {
        if (p + 1 < e && p[1] == '{')
          while (p < e && *p != '}')
            p++;
        else
          p++;
      } else if (!strchr("dwhSVtrfae", x) &&
                 ((x >= 'a' && x <= 'z') || (x >= 'A' && x <= 'Z') || (x >= '0' && x <= '9'))) {
        ok = 0; /* \s, \v, \D, \x0a, octal ...: may be a newline */
      } else if (p + 1 < e && p[1] == '-') {
        ok = 0; /* a range from an escape */
      }
    } else if (c == '[' && p + 1 < e && p[1] == ':') {
      ok = 0;
    } else if (c == '\n') {
      named = 1;
      ok = 0;
    } else if (c < 0x20 || c == 0x7F) {
      ok = 0;
    } else if (c == '-' && p > s + negated && p + 1 < e && p[1] == '\\') {
      ok = 0; /* a range to an escape */
    }
  }
  return negated ? named : ok;
}

/* ---------------- pairs ---------------- */

static int full(const unsigned char *m) {
  int k;
  for (k = 0; k < 32; k++)
    if (m[k] != 0xFF)
      return 0;
  return 1;
}

void mtl_pairs_seq_start(lnode *out, pairseq *q) {
  memset(q, 0, sizeof *q);
  memset(out->fb, 0, sizeof out->fb);
  memset(out->lb, 0, sizeof out->lb);
  out->fbw = out->lbw = 1;
  out->nonempty = 0;
  memset(&out->pr, 0, sizeof out->pr);
}

/* Keeps in out->pr the cheaper of it and cand. */
static void pick(lnode *out, const pairset *cand) {
  if (!cand->ok || !cand->n)
    return;
  if (!out->pr.ok || cand->cost < out->pr.cost)
    out->pr = *cand;
}

void mtl_pairs_seq_atom(lnode *out, pairseq *q, const lnode *a, long pos, int posnl,
                        int pairs) {
  if (a->maxlen == 0) { /* zero width: a positive lookahead's pairs hold */
    if (pairs && a->pr.ok) {
      pairset c = a->pr;
      c.pre = pos < 0 || c.pre < 0 ? REACH_INF : pos + c.pre;
      c.prenl = posnl || c.prenl;
      pick(out, &c);
    }
    return;
  }
  if (!q->fb_done) {
    or_into(out->fb, a->fb);
    out->fbw = out->fbw && a->fbw;
    q->fb_done = a->nonempty;
  }
  if (pairs && a->nonempty && q->prev_ok && !full(q->prev) && !full(a->fb)) {
    pairset c;
    memset(&c, 0, sizeof c);
    c.ok = 1;
    c.n = 1;
    memcpy(c.x[0], q->prev, 32);
    memcpy(c.y[0], a->fb, 32);
    c.xw[0] = (unsigned char)q->prevw;
    c.yw[0] = (unsigned char)a->fbw;
    c.pre = pos; /* the character before the atom starts before pos */
    c.prenl = posnl;
    c.cost = mtl_pairs_cost(&c);
    pick(out, &c);
  }
  if (pairs && a->pr.ok) {
    pairset c = a->pr;
    c.pre = pos < 0 || c.pre < 0 ? REACH_INF : pos + c.pre;
    c.prenl = posnl || c.prenl;
    pick(out, &c);
  }
  if (a->nonempty) {
    memcpy(q->prev, a->lb, 32);
    q->prevw = a->lbw;
    q->prev_ok = 1;
    memcpy(out->lb, a->lb, 32);
    out->lbw = a->lbw;
    out->nonempty = 1;
  } else {
    or_into(q->prev, a->lb);
    q->prevw = q->prevw && a->lbw;
    or_into(out->lb, a->lb);
    out->lbw = out->lbw && a->lbw;
  }
}

void mtl_pairs_alt(lnode *out, const lnode *b, int pairs) {
  size_t i;
  or_into(out->fb, b->fb);
  or_into(out->lb, b->lb);
  out->fbw = out->fbw && b->fbw;
  out->lbw = out->lbw && b->lbw;
  out->nonempty = out->nonempty && b->nonempty;
  if (!pairs || !out->pr.ok || !b->pr.ok) {
    out->pr.ok = 0;
    return;
  }
  out->pr.pre = out->pr.pre < 0 || b->pr.pre < 0 ? REACH_INF
                : out->pr.pre > b->pr.pre ? out->pr.pre : b->pr.pre;
  out->pr.prenl = out->pr.prenl || b->pr.prenl;
  out->pr.cost += b->pr.cost;
  for (i = 0; i < b->pr.n; i++) {
    size_t k = out->pr.n;
    if (k == PAIR_MAX) { /* too many: merge into the last one */
      k--;
      or_into(out->pr.x[k], b->pr.x[i]);
      or_into(out->pr.y[k], b->pr.y[i]);
      out->pr.xw[k] = out->pr.xw[k] && b->pr.xw[i];
      out->pr.yw[k] = out->pr.yw[k] && b->pr.yw[i];
      continue;
    }
    memcpy(out->pr.x[k], b->pr.x[i], 32);
    memcpy(out->pr.y[k], b->pr.y[i], 32);
    out->pr.xw[k] = b->pr.xw[i];
    out->pr.yw[k] = b->pr.yw[i];
    out->pr.n++;
  }
  if (out->pr.n + b->pr.n > PAIR_MAX) /* merged */
    out->pr.cost = mtl_pairs_cost(&out->pr);
}

/* Byte classes of English news text and how often one follows another,
 * per million byte pairs (measured on 66 wire and newspaper articles,
 * 293 KB): lower, upper, digit, space, \t\n\r, '.', ',', other ASCII
 * punctuation, E2 then 80 (U+2000-U+203F), E2 otherwise, other lead
 * bytes, the continuation byte that ends a U+2000-U+203F character, other
 * continuation bytes. */
enum { C_LO, C_UP, C_DG, C_SP, C_NL, C_DOT, C_COM, C_PU, C_E280, C_E2X, C_LD, C_C80, C_CX, NCLS };
static const unsigned freq[NCLS][NCLS] = {
    {591091, 294, 10, 139523, 393, 7154, 7936, 3336, 2230, 20, 48, 0, 0},
    {25115, 3640, 82, 1475, 44, 912, 123, 311, 85, 20, 24, 0, 0},
    {113, 17, 4671, 1957, 7, 772, 591, 772, 7, 20, 20, 0, 0},
    {130423, 21615, 2575, 0, 0, 41, 0, 1386, 1380, 20, 7, 0, 0},
    {0, 3797, 58, 0, 4644, 7, 0, 300, 478, 20, 20, 0, 0},
    {55, 427, 447, 3804, 3415, 55, 51, 318, 471, 20, 20, 0, 0},
    {0, 3, 205, 7796, 0, 0, 0, 304, 512, 20, 20, 0, 0},
    {2780, 1089, 840, 1400, 372, 92, 116, 106, 38, 20, 7, 0, 0},
    {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5228},
    {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 100},
    {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 100},
    {2363, 922, 10, 1472, 413, 10, 3, 7, 27, 20, 20, 0, 0},
    {75, 3, 7, 20, 20, 20, 20, 20, 20, 20, 20, 5228, 100},
};

/* The bytes of each class, bit c & 63 of word c >> 6 for byte c (the E2
 * and continuation classes are counted apart in shares()). */
static const uint64_t class_bits[NCLS][4] = {
    {0, 0x07fffffe00000000ull, 0, 0},                     /* a-z */
    {0, 0x0000000007fffffeull, 0, 0},                     /* A-Z */
    {0x03ff000000000000ull, 0, 0, 0},                     /* 0-9 */
    {0x0000000100000000ull, 0, 0, 0},                     /* space */
    {0x0000000000002600ull, 0, 0, 0},                     /* \t \n \r */
    {0x0000400000000000ull, 0, 0, 0},                     /* . */
    {0x0000100000000000ull, 0, 0, 0},                     /* , */
    {0xfc00affe00000000ull, 0x78000001f8000001ull, 0, 0}, /* other punctuation */
    {0, 0, 0, 0},
    {0, 0, 0, 0},
    {0, 0, 0, 0x001ffffbfffffffcull},                     /* leads but E2 */
    {0, 0, 0, 0},
    {0, 0, 0, 0},
};

/* The share of each class the set holds (per 1024). */
static void shares(const unsigned char *m, int w, int last, unsigned *sh) {
  static const unsigned size[NCLS] = {26, 26, 10, 1, 3, 1, 1, 30, 1, 1, 50, 64, 64};
  uint64_t v[4] = {0, 0, 0, 0};
  int k, e2 = has(m, 0xE2), ncont;
  for (k = 0; k < 32; k++)
    v[k >> 3] |= (uint64_t)m[k] << (8 * (k & 7));
  for (k = 0; k < NCLS; k++)
    sh[k] = (unsigned)(__builtin_popcountll(v[0] & class_bits[k][0]) +
                       __builtin_popcountll(v[1] & class_bits[k][1]) +
                       __builtin_popcountll(v[3] & class_bits[k][3]) +
                       __builtin_popcountll(v[2] & class_bits[k][2]));
  ncont = __builtin_popcountll(v[2]); /* bytes 0x80-0xBF */
  sh[C_E2X] = (unsigned)e2;
  sh[C_E280] = (unsigned)(e2 && (!w || last));
  sh[C_CX] = (unsigned)ncont;
  sh[C_C80] = (unsigned)((!w || !last) ? ncont : 0);
  for (k = 0; k < NCLS; k++)
    sh[k] = sh[k] * 1024 / size[k];
}

unsigned long mtl_pairs_cost(const pairset *p) {
  unsigned long long total = 0;
  size_t i;
  int a, b;
  for (i = 0; i < p->n; i++) {
    unsigned sx[NCLS], sy[NCLS];
    shares(p->x[i], p->xw[i], 1, sx);
    shares(p->y[i], p->yw[i], 0, sy);
    for (a = 0; a < NCLS; a++)
      if (sx[a])
        for (b = 0; b < NCLS; b++)
          total += (unsigned long long)sx[a] * sy[b] * freq[a][b];
  }
  return (unsigned long)(total >> 20);
}

/* ---------------- the two questions regex.h asks ---------------- */

int mtl_regex_first_bytes(const char *pattern, size_t len, unsigned flags, unsigned char *mask) {
  int ok, c, nset = 0;
  lnode *top = mtl_lit_parse_whole(pattern, len, flags, 0, &ok);
  if (!top)
    return 0;
  for (c = 0; c < 256; c++)
    nset += top->fb[c >> 3] >> (c & 7) & 1;
  /* an empty match opens with nothing; a set of most bytes is no use */
  ok = ok && top->nonempty && nset > 0 && nset < 160;
  if (ok)
    memcpy(mask, top->fb, 32);
  mtl_free(top);
  return ok;
}

int mtl_regex_pairs(const char *pattern, size_t len, unsigned flags, mtl_pairs *out) {
  int whole;
  size_t i;
  lnode *top;
  memset(out, 0, sizeof *out);
  out->reach = SIZE_MAX;
  if (!(top = mtl_lit_parse_whole(pattern, len, flags, 1, &whole)))
    return MTL_ENOMEM;
  if (whole && top->pr.ok && top->pr.n &&
      (out->cost = mtl_pairs_cost(&top->pr)) <= MTL_PAIRS_MAX_COST) {
    out->n = top->pr.n;
    for (i = 0; i < out->n; i++) {
      memcpy(out->x[i], top->pr.x[i], 32);
      memcpy(out->y[i], top->pr.y[i], 32);
      out->xw[i] = top->pr.xw[i];
      out->yw[i] = top->pr.yw[i];
    }
    if (top->pr.pre >= 0) /* characters to bytes, as for literals */
      out->reach = (size_t)top->pr.pre * 4;
    out->same_line = !top->pr.prenl;
  }
  mtl_free(top);
  return 0;
}
