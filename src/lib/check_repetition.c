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
 *    `min_length` bytes long and holding a letter.  {detail} is the line
 *    number of the first occurrence.
 *
 * Every mode is one pass over the tokens or spans; lines and paragraphs are
 * found through a hash table and compared without copying them.
 */
#include "internal.h"

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

static int run_words(const mtl_rule *rule, mtl_lintctx *lc) {
  const rep *r = rule->data;
  const mtl_doc *doc = lc->doc;
  mtl_buf prev = {0}, cur = {0};
  size_t i = 0;
  int rc = 0;
  while (i + 1 < doc->ntoks) {
    const mtl_token *a = &doc->toks[i];
    size_t j;
    if (!is_plain_word(a)) {
      i++;
      continue;
    }
    prev.len = 0;
    mtl_doc_token_lower(doc, i, &prev);
    j = i + 1;
    for (; j < doc->ntoks; j++) {
      const mtl_token *t = &doc->toks[j];
      if (!is_plain_word(t) || t->sentence != a->sentence || !(t->flags & MTL_TF_SPACE_BEFORE))
        break;
      cur.len = 0;
      mtl_doc_token_lower(doc, j, &cur);
      if (prev.oom || cur.oom) {
        rc = MTL_ENOMEM;
        goto done;
      }
      if (cur.len != prev.len || memcmp(cur.data, prev.data, cur.len))
        break;
    }
    if (prev.oom || cur.oom) {
      rc = MTL_ENOMEM;
      goto done;
    }
    if (j - i >= 2) {
      const mtl_token *second = &doc->toks[i + 1];
      int name = (a->flags & MTL_TF_CAP) && (second->flags & MTL_TF_CAP) &&
                 !((a->flags | second->flags) & MTL_TF_ALLCAPS) &&
                 !(a->flags & MTL_TF_SENT_START);
      if (!name && !exc_has(r, prev.data, prev.len)) {
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
  mtl_buf_free(&prev);
  mtl_buf_free(&cur);
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
  for (i = 1; i < doc->ntoks; i++) {
    const mtl_token *open = &doc->toks[i];
    size_t intro, first, close, n, k;
    int same;
    if (open->kind != MTL_TOK_PUNCT || doc->text[open->start] != '(')
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
      i = close;
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

/* Hash and length (bytes) of the normal form; *letter if it holds a letter. */
static uint64_t norm_hash(const char *t, size_t start, size_t end, size_t *len, int *letter) {
  norm s;
  uint64_t h = 1469598103934665603ULL;
  size_t bytes;
  int32_t cp;
  norm_init(&s, t, start, end);
  *len = 0;
  *letter = 0;
  while ((cp = norm_next(&s, &bytes)) >= 0) {
    h ^= (uint64_t)(uint32_t)cp;
    h *= 1099511628211ULL;
    *len += bytes;
    if (!*letter && cp < 0x110000 && mtl_cp_is_letter(cp))
      *letter = 1;
  }
  return h;
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

static size_t line_of(const mtl_doc *doc, size_t off) {
  size_t lo = 0, hi = doc->nlines;
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (doc->lines[mid].start <= off)
      lo = mid;
    else
      hi = mid;
  }
  return lo + 1;
}

static int is_ws(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

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
    uint64_t h = norm_hash(doc->text, spans[i].start, spans[i].end, &len, &letter);
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
      snprintf(detail, sizeof detail, "%zu", line_of(doc, first->start));
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
                                             repetition_run, repetition_free};
