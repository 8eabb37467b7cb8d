/*
 * check_repetition.c - the "repetition" check kind: text said twice.
 *
 * Modes:
 *  - words: the same word twice or more in a row ("the the"), compared
 *    case-insensitively, word tokens only, within one sentence with nothing
 *    but white space between; numbers are skipped, and so is a doubled
 *    Capitalised word inside a sentence (names such as "Lang Lang").  The span
 *    covers the run; the suggestion is its first word.  `exceptions` lists
 *    doubles that are fine ("had had" or just "had").
 *  - alias: a name given as its own alias: "X (also known as X)", "X (aka X)",
 *    "X (a.k.a. X)", "X (also called X)", "X (or X)", X being 1..6 word
 *    tokens.  The span is the parenthesis and the space before it; the
 *    suggestion is "" (delete it).
 *  - lines / paragraphs: a line (paragraph) equal to an earlier one once
 *    trimmed, case-folded and with white space collapsed, at least
 *    `min_length` bytes long, holding a letter and not ending in a colon
 *    (a label such as a letter's "To the editor:").  {detail} is the line
 *    number of the first occurrence.
 *
 * Every mode is one pass over the tokens or spans; lines and paragraphs are
 * found through a hash table and compared without copying them.
 */
#include "check.h"
#include "doc.h"
#include "lint.h"
#include "mtlint.h"
#include "utf8.h"
#include "util.h"
#include "ynode.h"

#include <stdio.h>
#include <string.h>

static const char *const repetition_keys[] = {"mode", "exceptions", "min_length", NULL};

enum { MODE_WORDS = 1, MODE_ALIAS, MODE_LINES, MODE_PARAS };

#define MAX_ALIAS_WORDS 6

typedef struct rep {
  int mode;
  size_t min_length;
  /* exceptions: lower-cased words, open addressing */
  char **exc;
  uint64_t *exc_hash;
  size_t exc_cap;
} rep;

/* ---------------- exceptions set ---------------- */

static int exc_has(const rep *r, const char *s, size_t n) {
  uint64_t h;
  size_t i;
  if (!r->exc_cap)
    return 0;
  h = mtl_hash(s, n);
  for (i = (size_t)h & (r->exc_cap - 1); r->exc[i]; i = (i + 1) & (r->exc_cap - 1))
    if (r->exc_hash[i] == h && strlen(r->exc[i]) == n && !memcmp(r->exc[i], s, n))
      return 1;
  return 0;
}

/* Takes ownership of s. */
static void exc_put(rep *r, char *s) {
  size_t n = strlen(s), i;
  uint64_t h = mtl_hash(s, n);
  if (exc_has(r, s, n)) {
    mtl_free(s);
    return;
  }
  for (i = (size_t)h & (r->exc_cap - 1); r->exc[i]; i = (i + 1) & (r->exc_cap - 1))
    ;
  r->exc[i] = s;
  r->exc_hash[i] = h;
}

/* "had had" -> "had"; "had" -> "had"; lower-cased, spaces collapsed. */
static char *exception_word(const char *s) {
  mtl_buf low = {0};
  char *out;
  size_t a = 0, n, half;
  mtl_utf8_lower(&low, s, strlen(s));
  if (low.oom || !low.data) {
    mtl_buf_free(&low);
    return NULL;
  }
  n = low.len;
  while (a < n && (low.data[a] == ' ' || low.data[a] == '\t'))
    a++;
  while (n > a && (low.data[n - 1] == ' ' || low.data[n - 1] == '\t'))
    n--;
  /* two equal halves around a run of spaces */
  {
    size_t sp = a;
    while (sp < n && low.data[sp] != ' ' && low.data[sp] != '\t')
      sp++;
    half = sp - a;
    if (sp < n) {
      size_t b2 = sp;
      while (b2 < n && (low.data[b2] == ' ' || low.data[b2] == '\t'))
        b2++;
      if (n - b2 == half && !memcmp(low.data + a, low.data + b2, half))
        n = a + half;
    }
  }
  out = mtl_strndup(low.data + a, n - a);
  mtl_buf_free(&low);
  return out;
}

static void rep_free_data(rep *r) {
  size_t i;
  if (!r)
    return;
  for (i = 0; i < r->exc_cap; i++)
    mtl_free(r->exc[i]);
  mtl_free(r->exc);
  mtl_free(r->exc_hash);
  mtl_free(r);
}

static int repetition_compile(mtl_rule *rule, const mtl_ynode *map, mtl_build *b,
                              mtl_error *err) {
  const mtl_ynode *n, *exc, *minl;
  const char *mode;
  rep *r = mtl_calloc(1, sizeof *r);
  int rc = 0;
  if (!r)
    return mtl_seterr(err, MTL_ENOMEM, b->file, 0, 0, "out of memory");
  r->min_length = 12;
  if (!(n = mtl_ynode_get(map, "mode"))) {
    rc = mtl_seterr(err, MTL_ESCHEMA, b->file, map->line, map->column,
                    "repetition: 'mode' is required (words, alias, lines or paragraphs)");
    goto fail;
  }
  if ((rc = mtl_y_string(n, b->file, "mode", &mode, err)) != 0)
    goto fail;
  if (!strcmp(mode, "words"))
    r->mode = MODE_WORDS;
  else if (!strcmp(mode, "alias"))
    r->mode = MODE_ALIAS;
  else if (!strcmp(mode, "lines"))
    r->mode = MODE_LINES;
  else if (!strcmp(mode, "paragraphs"))
    r->mode = MODE_PARAS;
  else {
    rc = mtl_seterr(err, MTL_ESCHEMA, b->file, n->line, n->column,
                    "repetition: unknown mode '%s' (words, alias, lines or paragraphs)", mode);
    goto fail;
  }
  exc = mtl_ynode_get(map, "exceptions");
  minl = mtl_ynode_get(map, "min_length");
  if (exc && r->mode != MODE_WORDS) {
    rc = mtl_seterr(err, MTL_ESCHEMA, b->file, exc->line, exc->column,
                    "repetition: 'exceptions' applies to mode words only");
    goto fail;
  }
  if (minl && r->mode != MODE_LINES && r->mode != MODE_PARAS) {
    rc = mtl_seterr(err, MTL_ESCHEMA, b->file, minl->line, minl->column,
                    "repetition: 'min_length' applies to modes lines and paragraphs only");
    goto fail;
  }
  if (minl) {
    long v;
    if ((rc = mtl_y_int(minl, b->file, "min_length", 1, 1000000, &v, err)) != 0)
      goto fail;
    r->min_length = (size_t)v;
  }
  if (exc) {
    size_t cnt, i;
    if (exc->kind == MTL_Y_MAP) {
      rc = mtl_seterr(err, MTL_ESCHEMA, b->file, exc->line, exc->column,
                      "exceptions: expected a list of strings");
      goto fail;
    }
    cnt = exc->kind == MTL_Y_SEQ ? exc->n : 1;
    r->exc_cap = 8;
    while (r->exc_cap < cnt * 2)
      r->exc_cap *= 2;
    r->exc = mtl_calloc(r->exc_cap, sizeof *r->exc);
    r->exc_hash = mtl_calloc(r->exc_cap, sizeof *r->exc_hash);
    if (!r->exc || !r->exc_hash) {
      rc = mtl_seterr(err, MTL_ENOMEM, b->file, 0, 0, "out of memory");
      goto fail;
    }
    for (i = 0; i < cnt; i++) {
      const mtl_ynode *it = exc->kind == MTL_Y_SEQ ? exc->items[i] : exc;
      const char *s;
      char *w;
      if ((rc = mtl_y_string(it, b->file, "exceptions", &s, err)) != 0)
        goto fail;
      if (!(w = exception_word(s))) {
        rc = mtl_seterr(err, MTL_ENOMEM, b->file, 0, 0, "out of memory");
        goto fail;
      }
      if (!*w || strchr(w, ' ') || strchr(w, '\t')) {
        mtl_free(w);
        rc = mtl_seterr(err, MTL_ESCHEMA, b->file, it->line, it->column,
                        "exceptions: expected a word or a doubled word such as \"had had\"");
        goto fail;
      }
      exc_put(r, w);
    }
  }
  rule->data = r;
  return 0;
fail:
  rep_free_data(r);
  return rc;
}

static void repetition_free(mtl_rule *rule) {
  rep_free_data(rule->data);
  rule->data = NULL;
}

/* ---------------- words ---------------- */

static int is_plain_word(const mtl_token *t) {
  return t->kind == MTL_TOK_WORD && !(t->flags & MTL_TF_DIGIT);
}

/* Whether tokens a and b have the same lower-cased text (as
 * mtl_doc_token_lower gives it).  PERF: compares the bytes in place while
 * both are ASCII; only a token with a byte beyond ASCII at the point of
 * difference is lowered into x and y. -1 out of memory. */
static int same_lower(const mtl_doc *doc, const mtl_token *a, const mtl_token *b, mtl_buf *x,
                      mtl_buf *y) {
  const unsigned char *p = (const unsigned char *)doc->text + a->start;
  const unsigned char *q = (const unsigned char *)doc->text + b->start;
  size_t na = a->end - a->start, nb = b->end - b->start, k;
  for (k = 0;; k++) {
    unsigned char c, d;
    if (k == na || k == nb) {
      /* one ended after an equal ASCII prefix: the other's rest lowers
       * to one byte or more */
      return k == na && k == nb;
    }
    c = p[k];
    d = q[k];
    if ((c | d) >= 0x80)
      break;
    if (c != d) {
      if (c >= 'A' && c <= 'Z')
        c = (unsigned char)(c + 32);
      if (d >= 'A' && d <= 'Z')
        d = (unsigned char)(d + 32);
      if (c != d)
        return 0;
    }
  }
  x->len = y->len = 0;
  mtl_utf8_lower(x, doc->text + a->start, na);
  mtl_utf8_lower(y, doc->text + b->start, nb);
  if (x->oom || y->oom)
    return -1;
  return x->len == y->len && !memcmp(x->data, y->data, x->len);
}

static int run_words(const mtl_rule *rule, mtl_lintctx *lc) {
  const rep *r = rule->data;
  const mtl_doc *doc = lc->doc;
  mtl_buf x = {0}, y = {0};
  size_t i = 0;
  int rc = 0;
  while (i + 1 < doc->ntoks) {
    const mtl_token *a = &doc->toks[i];
    unsigned char c = (unsigned char)doc->text[a->start],
                  d = (unsigned char)doc->text[doc->toks[i + 1].start];
    size_t j;
    /* PERF: first bytes that differ beyond ASCII case: no double here */
    if (((c ^ d) & ~0x20u) && (c | d) < 0x80) {
      i++;
      continue;
    }
    if (!is_plain_word(a)) {
      i++;
      continue;
    }
    for (j = i + 1; j < doc->ntoks; j++) {
      const mtl_token *t = &doc->toks[j];
      int same;
      if (!is_plain_word(t) || t->sentence != a->sentence || !(t->flags & MTL_TF_SPACE_BEFORE))
        break;
      if ((same = same_lower(doc, a, t, &x, &y)) < 0) {
        rc = MTL_ENOMEM;
        goto done;
      }
      if (!same)
        break;
    }
    if (j - i >= 2) {
      const mtl_token *second = &doc->toks[i + 1];
      int name = (a->flags & MTL_TF_CAP) && (second->flags & MTL_TF_CAP) &&
                 !((a->flags | second->flags) & MTL_TF_ALLCAPS) &&
                 !(a->flags & MTL_TF_SENT_START);
      if (!name) {
        x.len = 0;
        mtl_doc_token_lower(doc, i, &x);
        if (x.oom) {
          rc = MTL_ENOMEM;
          goto done;
        }
      }
      if (!name && !exc_has(r, x.data, x.len)) {
        mtl_buf one = {0};
        const char *sugg[1];
        mtl_buf_put(&one, doc->text + a->start, a->end - a->start);
        sugg[0] = one.data;
        rc = one.oom ? MTL_ENOMEM
                     : mtl_emit(lc, rule, a->start, doc->toks[j - 1].end, sugg, 1, NULL, 0);
        mtl_buf_free(&one);
        if (rc)
          goto done;
      }
      i = j;
      continue;
    }
    i++;
  }
done:
  mtl_buf_free(&x);
  mtl_buf_free(&y);
  return rc;
}

/* ---------------- alias ---------------- */

/* Lower-case text of token i equals s (ASCII). */
static int tok_is(const mtl_doc *doc, size_t i, const char *s) {
  const mtl_token *t = &doc->toks[i];
  size_t n = strlen(s), k;
  if (t->end - t->start != n)
    return 0;
  for (k = 0; k < n; k++) {
    char c = doc->text[t->start + k];
    if (c >= 'A' && c <= 'Z')
      c = (char)(c + 32);
    if (c != s[k])
      return 0;
  }
  return 1;
}

/* Tokens of the alias introduction starting at i, or 0. */
static size_t alias_intro(const mtl_doc *doc, size_t i) {
  static const char *const intros[][7] = {
      {"also", "known", "as", NULL},
      {"also", "called", NULL},
      {"known", "as", NULL},
      {"aka", NULL},
      {"a", ".", "k", ".", "a", ".", NULL},
      {"a", ".", "k", ".", "a", NULL},
      {"or", NULL},
  };
  size_t k, w;
  for (k = 0; k < sizeof intros / sizeof intros[0]; k++) {
    for (w = 0; intros[k][w]; w++) {
      if (i + w >= doc->ntoks || !tok_is(doc, i + w, intros[k][w]))
        break;
      /* a.k.a. is written without spaces */
      if (w > 0 && k >= 4 && k <= 5 && doc->toks[i + w].start != doc->toks[i + w - 1].end)
        break;
    }
    if (!intros[k][w])
      return w;
  }
  return 0;
}

static int same_words(const mtl_doc *doc, size_t a, size_t b, size_t n, mtl_buf *x,
                      mtl_buf *y) {
  size_t k;
  for (k = 0; k < n; k++) {
    x->len = y->len = 0;
    mtl_doc_token_lower(doc, a + k, x);
    mtl_doc_token_lower(doc, b + k, y);
    if (x->oom || y->oom)
      return -1;
    if (x->len != y->len || memcmp(x->data, y->data, x->len))
      return 0;
  }
  return 1;
}

static int run_alias(const mtl_rule *rule, mtl_lintctx *lc) {
  const mtl_doc *doc = lc->doc;
  mtl_buf x = {0}, y = {0};
  size_t i;
  int rc = 0;
  const char *p = doc->text, *stop = doc->text + doc->len;
  /* PERF: from one '(' to the next with memchr, not token by token */
  while (doc->ntoks > 1 && p < stop && (p = memchr(p, '(', (size_t)(stop - p))) != NULL) {
    const mtl_token *open;
    size_t intro, first, close, n, k;
    int same;
    i = mtl_doc_token_at(doc, (size_t)(p - doc->text));
    p++;
    if (i == 0 || i >= doc->ntoks)
      continue;
    open = &doc->toks[i];
    if (open->start != (size_t)(p - 1 - doc->text) || open->kind != MTL_TOK_PUNCT)
      continue;
    if (!(intro = alias_intro(doc, i + 1)))
      continue;
    first = i + 1 + intro;
    for (close = first; close < doc->ntoks && close - first <= MAX_ALIAS_WORDS; close++)
      if (doc->toks[close].kind != MTL_TOK_WORD)
        break;
    n = close - first;
    if (n == 0 || n > MAX_ALIAS_WORDS || close >= doc->ntoks ||
        doc->toks[close].kind != MTL_TOK_PUNCT || doc->text[doc->toks[close].start] != ')' ||
        doc->toks[close].para != open->para)
      continue;
    if (i < n)
      continue;
    for (k = i - n; k < i; k++)
      if (doc->toks[k].kind != MTL_TOK_WORD || doc->toks[k].para != open->para)
        break;
    if (k < i)
      continue;
    same = same_words(doc, i - n, first, n, &x, &y);
    if (same < 0) {
      rc = MTL_ENOMEM;
      break;
    }
    if (same) {
      static const char *const del[1] = {""};
      if ((rc = mtl_emit(lc, rule, doc->toks[i - 1].end, doc->toks[close].end, del, 1, NULL,
                         0)) != 0)
        break;
      p = doc->text + doc->toks[close].end; /* on after the ')' */
    }
  }
  mtl_buf_free(&x);
  mtl_buf_free(&y);
  return rc;
}

/* ---------------- lines and paragraphs ---------------- */

/* Walks t[start, end) as trimmed, case-folded text with white space runs
 * collapsed to one space. */
typedef struct norm {
  const char *t;
  size_t pos, end;
  int space;     /* a space is pending */
  int started;   /* something was returned */
} norm;

/* Next code point of the normal form; -1 at the end; an invalid byte b gives
 * 0x110000 + b (never a real code point).  *bytes gets its source length. */
static int32_t norm_next(norm *s, size_t *bytes) {
  for (;;) {
    int32_t cp;
    int k;
    if (s->pos >= s->end)
      return -1;
    if ((unsigned char)s->t[s->pos] < 0x80) {
      cp = (unsigned char)s->t[s->pos];
      k = 1;
    } else if ((k = mtl_utf8_decode(s->t + s->pos, s->end - s->pos, &cp)) < 0) {
      cp = 0x110000 + (unsigned char)s->t[s->pos];
      k = 1;
    }
    if (cp < 0x110000 && (mtl_cp_is_space(cp) || cp == 0)) {
      s->pos += (size_t)k;
      if (s->started)
        s->space = 1;
      continue;
    }
    if (s->space) {
      s->space = 0;
      *bytes = 1;
      return ' ';
    }
    s->pos += (size_t)k;
    s->started = 1;
    *bytes = (size_t)k;
    if (cp == 0x2018 || cp == 0x2019)
      return '\'';
    if (cp == 0x201C || cp == 0x201D)
      return '"';
    return cp < 0x110000 ? mtl_cp_tolower(cp) : cp;
  }
}

static void norm_init(norm *s, const char *t, size_t start, size_t end) {
  s->t = t;
  s->pos = start;
  s->end = end;
  s->space = s->started = 0;
}

/* For each ASCII byte: its folded form (lower case; white space and NUL
 * become ' ') in bits 0-7, SP if white space (or NUL), AL if a letter. */
enum { SP = 0x100, AL = 0x200 };
static const uint16_t ascii_fold[128] = {
    ' ' | SP, 1, 2, 3, 4, 5, 6, 7,
    8, ' ' | SP, ' ' | SP, ' ' | SP, ' ' | SP, ' ' | SP, 14, 15,
    16, 17, 18, 19, 20, 21, 22, 23,
    24, 25, 26, 27, 28, 29, 30, 31,
    ' ' | SP, 33, 34, 35, 36, 37, 38, 39,
    40, 41, 42, 43, 44, 45, 46, 47,
    48, 49, 50, 51, 52, 53, 54, 55,
    56, 57, 58, 59, 60, 61, 62, 63,
    64, 'a' | AL, 'b' | AL, 'c' | AL, 'd' | AL, 'e' | AL, 'f' | AL, 'g' | AL,
    'h' | AL, 'i' | AL, 'j' | AL, 'k' | AL, 'l' | AL, 'm' | AL, 'n' | AL, 'o' | AL,
    'p' | AL, 'q' | AL, 'r' | AL, 's' | AL, 't' | AL, 'u' | AL, 'v' | AL, 'w' | AL,
    'x' | AL, 'y' | AL, 'z' | AL, 91, 92, 93, 94, 95,
    96, 'a' | AL, 'b' | AL, 'c' | AL, 'd' | AL, 'e' | AL, 'f' | AL, 'g' | AL,
    'h' | AL, 'i' | AL, 'j' | AL, 'k' | AL, 'l' | AL, 'm' | AL, 'n' | AL, 'o' | AL,
    'p' | AL, 'q' | AL, 'r' | AL, 's' | AL, 't' | AL, 'u' | AL, 'v' | AL, 'w' | AL,
    'x' | AL, 'y' | AL, 'z' | AL, 123, 124, 125, 126, 127,
};

#define NH_MUL 0x9E3779B97F4A7C15ULL
#define NH_MIX(h, x) (((h) << 5 | (h) >> 59) ^ (x)) * NH_MUL


/* The high bit of each byte of the ASCII word w that equals c. */
static uint64_t bytes_eq(uint64_t w, unsigned c) {
  uint64_t x = w ^ (MTL_ONES * c);
  return ~(((x & ~MTL_HIGHS) + ~MTL_HIGHS) | x) & MTL_HIGHS;
}

/* The high bit of each byte of the ASCII word w in [lo, hi]. */
static uint64_t bytes_in(uint64_t w, unsigned lo, unsigned hi) {
  return ((w + MTL_ONES * (0x80 - lo)) & ~(w + MTL_ONES * (0x7F - hi))) & MTL_HIGHS;
}

/* Appends byte v to the normal form being hashed: eight at a time. */
#define NH_PUT(v)                                                              \
  do {                                                                         \
    acc |= (uint64_t)(v) << (8 * fill);                                        \
    if (++fill == 8) {                                                         \
      h = NH_MIX(h, acc);                                                      \
      acc = 0;                                                                 \
      fill = 0;                                                                \
    }                                                                          \
  } while (0)

/* Hash and length (bytes) of the normal form; *letter if it holds a letter.
 * The same code points as norm_next gives, with the same lengths.  PERF:
 * eight bytes at a time while they are ASCII from ' ' up with no two spaces
 * in a row, else a table look-up per ASCII byte.  The hash mixes the bytes
 * of the normal form eight at a time (a code point beyond ASCII on its own),
 * so it is the same however the text was walked; any function of the normal
 * form would do: equal spans are told by norm_equal. */
static uint64_t norm_hash(const char *t, size_t start, size_t end, size_t *len, int *letter) {
  const unsigned char *u = (const unsigned char *)t;
  uint64_t h = 0x243F6A8885A308D3ULL, acc = 0;
  size_t pos = start, n = 0;
  unsigned let = 0, fill = 0;
  int pending = 0, started = 0;
  while (pos < end) {
    unsigned c, f;
    if (end - pos >= 8) {
      uint64_t w = mtl_load8(t + pos), sp;
      /* all ASCII, none below ' ', no two spaces in a row, no space to
       * drop or to join with a pending one at the start */
      if (!(w & MTL_HIGHS) && !bytes_in(w, 0, 0x1F)) {
        sp = bytes_eq(w, ' ');
        if (!(sp & (sp << 8)) && !((sp & 0x80) && (pending || !started))) {
          unsigned m = 8, total;
          w |= bytes_in(w, 'A', 'Z') >> 2;
          if (!(let & AL) && bytes_in(w, 'a', 'z'))
            let = AL;
          if (pending) {
            NH_PUT(' ');
            n++;
            pending = 0;
          }
          if (sp >> 63) { /* a space last: pending */
            w &= 0x00FFFFFFFFFFFFFFULL;
            m = 7;
            pending = 1;
          }
          total = fill + m;
          if (total < 8) {
            acc |= w << (8 * fill);
            fill = total;
          } else if (!fill) {
            h = NH_MIX(h, w);
            acc = 0;
            fill = 0;
          } else {
            h = NH_MIX(h, acc | w << (8 * fill));
            acc = w >> (8 * (8 - fill));
            fill = total - 8;
          }
          started = 1;
          pos += 8;
          n += m;
          continue;
        }
      }
    }
    c = u[pos];
    if (c < 0x80) {
      f = ascii_fold[c];
      pos++;
      if (f & SP) {
        pending = started;
        continue;
      }
      if (pending) {
        NH_PUT(' ');
        n++;
        pending = 0;
      }
      let |= f;
      NH_PUT(f & 0xFF);
      n++;
      started = 1;
    } else {
      int32_t cp;
      int k = mtl_utf8_decode(t + pos, end - pos, &cp);
      uint64_t v;
      if (k < 0) {
        v = 0x110000u + c;
        k = 1;
      } else if (mtl_cp_is_space(cp) || cp == 0) {
        pos += (size_t)k;
        pending = started;
        continue;
      } else if (cp == 0x2018 || cp == 0x2019) {
        v = '\'';
      } else if (cp == 0x201C || cp == 0x201D) {
        v = '"';
      } else {
        cp = mtl_cp_tolower(cp);
        if (mtl_cp_is_letter(cp))
          let = AL;
        v = (uint64_t)(uint32_t)cp;
      }
      pos += (size_t)k;
      if (pending) {
        NH_PUT(' ');
        n++;
        pending = 0;
      }
      n += (size_t)k;
      started = 1;
      if (v < 0x80) {
        NH_PUT(v);
      } else { /* mixed in on its own */
        h = NH_MIX(h, acc ^ ((uint64_t)fill << 56));
        h = NH_MIX(h, v);
        acc = 0;
        fill = 0;
      }
    }
  }
  h = NH_MIX(h, acc);
  h = NH_MIX(h, fill);
  *len = n;
  *letter = (let & AL) != 0;
  return h ^ (h >> 29);
}

static int norm_equal(const char *t, const mtl_span *a, const mtl_span *b) {
  norm x, y;
  size_t bx, by;
  norm_init(&x, t, a->start, a->end);
  norm_init(&y, t, b->start, b->end);
  for (;;) {
    int32_t c1 = norm_next(&x, &bx), c2 = norm_next(&y, &by);
    if (c1 != c2)
      return 0;
    if (c1 < 0)
      return 1;
  }
}

static int is_ws(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

/* Whether the span, trimmed, ends in a colon: a label that introduces what
 * follows ("To the editor of the Inquirer:" over each letter, "Q:"), which
 * a page repeats by design. */
static int ends_in_colon(const char *t, const mtl_span *sp) {
  size_t e = sp->end;
  while (e > sp->start && is_ws(t[e - 1]))
    e--;
  return e > sp->start && t[e - 1] == ':';
}

static int run_spans(const mtl_rule *rule, mtl_lintctx *lc, const mtl_span *spans, size_t n) {
  const rep *r = rule->data;
  const mtl_doc *doc = lc->doc;
  size_t cap = 16, i;
  size_t *slot;   /* span index + 1, 0 = empty */
  uint64_t *hs;
  int rc = 0;
  while (cap < n * 2)
    cap *= 2;
  slot = mtl_calloc(cap, sizeof *slot);
  hs = mtl_calloc(cap, sizeof *hs);
  if (!slot || !hs) {
    rc = MTL_ENOMEM;
    goto done;
  }
  for (i = 0; i < n; i++) {
    size_t len, k;
    int letter;
    uint64_t h;
    /* the normal form is never longer than the span */
    if (spans[i].end - spans[i].start < r->min_length || ends_in_colon(doc->text, &spans[i]))
      continue;
    h = norm_hash(doc->text, spans[i].start, spans[i].end, &len, &letter);
    if (len < r->min_length || !letter)
      continue;
    for (k = (size_t)h & (cap - 1); slot[k]; k = (k + 1) & (cap - 1))
      if (hs[k] == h && norm_equal(doc->text, &spans[slot[k] - 1], &spans[i]))
        break;
    if (!slot[k]) {
      slot[k] = i + 1;
      hs[k] = h;
      continue;
    }
    {
      const mtl_span *first = &spans[slot[k] - 1];
      size_t s = spans[i].start, e = spans[i].end;
      char detail[32];
      while (s < e && is_ws(doc->text[s]))
        s++;
      while (e > s && is_ws(doc->text[e - 1]))
        e--;
      snprintf(detail, sizeof detail, "%zu", mtl_doc_line_of(doc, first->start) + 1);
      if ((rc = mtl_emit(lc, rule, s, e, NULL, 0, detail, 0)) != 0)
        goto done;
    }
  }
done:
  mtl_free(slot);
  mtl_free(hs);
  return rc;
}

static int repetition_run(const mtl_rule *rule, mtl_lintctx *lc) {
  const rep *r = rule->data;
  switch (r->mode) {
  case MODE_WORDS: return run_words(rule, lc);
  case MODE_ALIAS: return run_alias(rule, lc);
  case MODE_LINES: return run_spans(rule, lc, lc->doc->lines, lc->doc->nlines);
  case MODE_PARAS: return run_spans(rule, lc, lc->doc->paras, lc->doc->nparas);
  default: return 0;
  }
}

const mtl_check_kind mtl_check_repetition = {"repetition", repetition_keys, repetition_compile,
                                             repetition_run, repetition_free, 0, NULL};
