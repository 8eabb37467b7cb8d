/*
 * check_capitalization.c - the "capitalization" check kind.
 *
 * Modes:
 *  - proper-nouns: a word token written all in lower case whose case-folded
 *    form is that of a listed proper noun ("putin", "china’s").  A possessive
 *    's / ’s is stripped for the look-up and kept in the suggestion.  Nouns
 *    come from `words` and from `wordlists` files (one per line, # comments,
 *    entries without a capital letter skipped); looked up in a hash table.
 *    Tokens that are part of a URL, a domain or a path are skipped.
 *  - function-words: a capitalised word from `words` (default: In, The, Of,
 *    And, To, For, On, At, By, With, From, A, An) in the middle of a sentence
 *    (after a word, a number, a comma, a semicolon or a closing bracket),
 *    followed by a lower-case word, on a line that is not a title-case
 *    headline.  Suggests the lower-case form.  Not flagged: a word that
 *    starts a multiword name ("War Between the States": a capitalised word
 *    follows after at most two joiners such as "the"), and a word right after
 *    a parenthesis that stands where a sentence starts ("(Reporting by Ann
 *    Roe) The minister met.", "LONDON (Reuters) The"), one before a
 *    question word (a direct question: "the question is, On whose side"),
 *    and one after an inline list's marker ("; 2 The cost", "(b) The time").
 *  - sentence-start: a sentence whose first word (after opening quotes and
 *    brackets) starts with a lower-case letter; mixed-case words (iPhone),
 *    numbers, URLs and symbols are left alone, and so is a sentence that
 *    follows a quotation closed after ? or ! ("“Why?” he asked.").
 * `exceptions` lists words (any case) that are never flagged.
 */
#include "check.h"
#include "doc.h"
#include "lint.h"
#include "mtlint.h"
#include "utf8.h"
#include "util.h"
#include "ynode.h"

#include <string.h>

static const char *const capitalization_keys[] = {"mode", "words", "wordlists", "exceptions",
                                                  NULL};

enum { MODE_NOUNS = 1, MODE_FUNCTION, MODE_START };

/* Hash table: lower-cased key -> value (the right spelling, or NULL), and
 * a 16,384-bit filter on the hashes' top bits. */
typedef struct wset {
  char **keys;
  char **vals;
  uint64_t *hashes;
  size_t cap, n;
  uint64_t filter[256];
} wset;

#define WK_MUL 0x9E3779B97F4A7C15ULL
#define WK_SEED 0x243F6A8885A308D3ULL

static uint64_t wkey_mix(uint64_t h, uint64_t w) {
  h = (h ^ w) * WK_MUL;
  return h ^ (h >> 31);
}

/* The key hash: eight bytes at a time, the last (1-8) bytes zero-padded;
 * run_nouns computes it from one load for a short token. */
static uint64_t wkey_hash(const char *k, size_t n) {
  uint64_t h = WK_SEED ^ n, w;
  while (n > 8) {
    h = wkey_mix(h, mtl_load8(k));
    k += 8;
    n -= 8;
  }
  w = 0;
  memcpy(&w, k, n);
  return wkey_mix(h, w);
}

static int wset_maybe(const wset *s, uint64_t h) {
  return (int)(s->filter[h >> 56] >> ((h >> 50) & 63)) & 1;
}

/* Value of key k (n bytes, hash h); *found says whether it is there. */
static inline const char *wset_get_h(const wset *s, const char *k, size_t n, uint64_t h,
                                     int *found) {
  size_t i;
  *found = 0;
  if (!s->cap || !wset_maybe(s, h))
    return NULL;
  for (i = (size_t)h & (s->cap - 1); s->keys[i]; i = (i + 1) & (s->cap - 1))
    if (s->hashes[i] == h && strlen(s->keys[i]) == n && !memcmp(s->keys[i], k, n)) {
      *found = 1;
      return s->vals[i];
    }
  return NULL;
}

typedef struct capz {
  int mode;
  wset words;       /* proper nouns or function words */
  wset exceptions;
} capz;

static const char *wset_get(const wset *s, const char *k, size_t n, int *found) {
  return wset_get_h(s, k, n, wkey_hash(k, n), found);
}

static int wset_has(const wset *s, const char *k, size_t n) {
  int found;
  wset_get(s, k, n, &found);
  return found;
}

/* Adds lower(word) -> word (value kept only if want_val); the first spelling
 * of a key wins.  0 or MTL_ENOMEM. */
static int wset_add(wset *s, const char *word, size_t wlen, int want_val) {
  mtl_buf low = {0};
  size_t i;
  uint64_t h;
  int rc = 0;
  if (s->n + 1 > s->cap / 2) {
    size_t ncap = s->cap ? s->cap * 2 : 64, j;
    char **nk = mtl_calloc(ncap, sizeof *nk), **nv = mtl_calloc(ncap, sizeof *nv);
    uint64_t *nh = mtl_calloc(ncap, sizeof *nh);
    if (!nk || !nv || !nh) {
      mtl_free(nk);
      mtl_free(nv);
      mtl_free(nh);
      return MTL_ENOMEM;
    }
    for (j = 0; j < s->cap; j++) {
      if (!s->keys[j])
        continue;
      for (i = (size_t)s->hashes[j] & (ncap - 1); nk[i]; i = (i + 1) & (ncap - 1))
        ;
      nk[i] = s->keys[j];
      nv[i] = s->vals[j];
      nh[i] = s->hashes[j];
    }
    mtl_free(s->keys);
    mtl_free(s->vals);
    mtl_free(s->hashes);
    s->keys = nk;
    s->vals = nv;
    s->hashes = nh;
    s->cap = ncap;
  }
  mtl_utf8_lower(&low, word, wlen);
  if (low.oom || !low.data) {
    rc = MTL_ENOMEM;
    goto done;
  }
  if (wset_has(s, low.data, low.len))
    goto done;
  h = wkey_hash(low.data, low.len);
  for (i = (size_t)h & (s->cap - 1); s->keys[i]; i = (i + 1) & (s->cap - 1))
    ;
  s->filter[h >> 56] |= 1ULL << ((h >> 50) & 63);
  if (want_val && !(s->vals[i] = mtl_strndup(word, wlen))) {
    rc = MTL_ENOMEM;
    goto done;
  }
  s->keys[i] = low.data;
  low.data = NULL;
  s->hashes[i] = h;
  s->n++;
done:
  mtl_buf_free(&low);
  return rc;
}

static void wset_free(wset *s) {
  size_t i;
  for (i = 0; i < s->cap; i++) {
    mtl_free(s->keys[i]);
    mtl_free(s->vals[i]);
  }
  mtl_free(s->keys);
  mtl_free(s->vals);
  mtl_free(s->hashes);
  memset(s, 0, sizeof *s);
}

static void capz_free(capz *c) {
  if (!c)
    return;
  wset_free(&c->words);
  wset_free(&c->exceptions);
  mtl_free(c);
}

/* Letters only with inner ' ’ - . (one token); *upper if one is upper case. */
static int one_word(const char *s, size_t n, int *upper) {
  size_t i = 0;
  int letters = 0;
  *upper = 0;
  while (i < n) {
    int32_t cp;
    int k = mtl_utf8_decode(s + i, n - i, &cp);
    if (k < 0 || mtl_cp_is_space(cp))
      return 0;
    if (mtl_cp_is_letter(cp)) {
      letters++;
      if (mtl_cp_is_upper(cp))
        *upper = 1;
    } else if (!mtl_cp_is_digit(cp) && cp != '\'' && cp != 0x2019 && cp != '-' && cp != '.') {
      return 0;
    }
    i += (size_t)k;
  }
  return letters > 0;
}

/* Adds the word list at path (proper nouns with a capital letter): one word
 * a line, '#' comments; a Hunspell .dic file (count line, /FLAGS) works too. */
static int load_wordlist(capz *c, const char *path, mtl_error *err) {
  char *data = NULL;
  size_t len, i = 0, lineno = 0;
  int rc = mtl_read_file(&data, &len, path, err);
  if (rc)
    return rc;
  while (i < len && rc == 0) {
    const char *nl = memchr(data + i, '\n', len - i);
    size_t e = nl ? (size_t)(nl - data) : len, s = i, hash;
    int upper;
    lineno++;
    i = e + 1;
    for (hash = s; hash < e && data[hash] != '#' && data[hash] != '/'; hash++)
      ;
    e = hash; /* drops a comment, or the affix flags of a .dic entry */
    while (s < e && (data[s] == ' ' || data[s] == '\t' || data[s] == '\r'))
      s++;
    while (e > s && (data[e - 1] == ' ' || data[e - 1] == '\t' || data[e - 1] == '\r'))
      e--;
    if (s == e || (lineno == 1 && strspn(data + s, "0123456789") == e - s))
      continue; /* blank, or the word count that opens a .dic file */
    if (!one_word(data + s, e - s, &upper))
      rc = mtl_seterr(err, MTL_ESCHEMA, path, lineno, 1,
                      "capitalization: a word list entry must be one word");
    else if (upper && wset_add(&c->words, data + s, e - s, 1))
      rc = mtl_seterr(err, MTL_ENOMEM, path, 0, 0, "out of memory");
  }
  mtl_free(data);
  return rc;
}

static int capitalization_compile(mtl_rule *rule, const mtl_ynode *map, mtl_build *b,
                                  mtl_error *err) {
  static const char *const fwords[] = {"In",   "The",  "Of",   "And", "To", "For", "On",
                                       "At",   "By",   "With", "From", "A", "An",  NULL};
  const mtl_ynode *n, *words, *lists, *exc, **items;
  const char *mode;
  size_t cnt, i;
  capz *c = mtl_calloc(1, sizeof *c);
  int rc = 0;
  if (!c)
    return mtl_seterr(err, MTL_ENOMEM, b->file, 0, 0, "out of memory");
  if (!(n = mtl_ynode_get(map, "mode"))) {
    rc = mtl_seterr(err, MTL_ESCHEMA, b->file, map->line, map->column,
                    "capitalization: 'mode' is required "
                    "(proper-nouns, function-words or sentence-start)");
    goto fail;
  }
  if ((rc = mtl_y_string(n, b->file, "mode", &mode, err)) != 0)
    goto fail;
  if (!strcmp(mode, "proper-nouns"))
    c->mode = MODE_NOUNS;
  else if (!strcmp(mode, "function-words"))
    c->mode = MODE_FUNCTION;
  else if (!strcmp(mode, "sentence-start"))
    c->mode = MODE_START;
  else {
    rc = mtl_seterr(err, MTL_ESCHEMA, b->file, n->line, n->column,
                    "capitalization: unknown mode '%s' "
                    "(proper-nouns, function-words or sentence-start)", mode);
    goto fail;
  }
  words = mtl_ynode_get(map, "words");
  lists = mtl_ynode_get(map, "wordlists");
  exc = mtl_ynode_get(map, "exceptions");
  if (words && c->mode == MODE_START) {
    rc = mtl_seterr(err, MTL_ESCHEMA, b->file, words->line, words->column,
                    "capitalization: 'words' is not used by mode sentence-start");
    goto fail;
  }
  if (lists && c->mode != MODE_NOUNS) {
    rc = mtl_seterr(err, MTL_ESCHEMA, b->file, lists->line, lists->column,
                    "capitalization: 'wordlists' applies to mode proper-nouns only");
    goto fail;
  }
  if (words) {
    if ((rc = mtl_y_strings(words, b->file, "words", &items, &cnt, err)) != 0)
      goto fail;
    for (i = 0; i < cnt; i++) {
      const char *w = items[i]->value;
      int upper;
      if (!one_word(w, strlen(w), &upper)) {
        rc = mtl_seterr(err, MTL_ESCHEMA, b->file, items[i]->line, items[i]->column,
                        "capitalization: '%s' is not one word", w);
        goto fail;
      }
      if (!upper || (c->mode == MODE_FUNCTION && !(w[0] >= 'A' && w[0] <= 'Z') &&
                     (unsigned char)w[0] < 0x80)) {
        rc = mtl_seterr(err, MTL_ESCHEMA, b->file, items[i]->line, items[i]->column,
                        "capitalization: '%s' must be written with its capital letter", w);
        goto fail;
      }
      if (wset_add(&c->words, w, strlen(w), c->mode == MODE_NOUNS)) {
        rc = mtl_seterr(err, MTL_ENOMEM, b->file, 0, 0, "out of memory");
        goto fail;
      }
    }
  } else if (c->mode == MODE_FUNCTION) {
    for (i = 0; fwords[i]; i++)
      if (wset_add(&c->words, fwords[i], strlen(fwords[i]), 0)) {
        rc = mtl_seterr(err, MTL_ENOMEM, b->file, 0, 0, "out of memory");
        goto fail;
      }
  }
  if (lists) {
    if ((rc = mtl_y_strings(lists, b->file, "wordlists", &items, &cnt, err)) != 0)
      goto fail;
    for (i = 0; i < cnt; i++) {
      char *path = mtl_build_path(b, items[i]->value);
      if (!path) {
        rc = mtl_seterr(err, MTL_ENOMEM, b->file, 0, 0, "out of memory");
        goto fail;
      }
      rc = load_wordlist(c, path, err);
      mtl_free(path);
      if (rc == MTL_EIO && err) {
        char why[sizeof err->message];
        memcpy(why, err->message, sizeof why);
        why[sizeof why - 1] = '\0';
        mtl_seterr(err, MTL_EIO, b->file, items[i]->line, items[i]->column,
                   "capitalization: cannot read word list '%.200s': %.200s", items[i]->value,
                   why);
      }
      if (rc)
        goto fail;
    }
  }
  if (c->mode == MODE_NOUNS && c->words.n == 0) {
    rc = mtl_seterr(err, MTL_ESCHEMA, b->file, map->line, map->column,
                    "capitalization: mode proper-nouns needs 'words' or 'wordlists'");
    goto fail;
  }
  if (exc) {
    if ((rc = mtl_y_strings(exc, b->file, "exceptions", &items, &cnt, err)) != 0)
      goto fail;
    for (i = 0; i < cnt; i++)
      if (wset_add(&c->exceptions, items[i]->value, strlen(items[i]->value), 0)) {
        rc = mtl_seterr(err, MTL_ENOMEM, b->file, 0, 0, "out of memory");
        goto fail;
      }
  }
  rule->data = c;
  return 0;
fail:
  capz_free(c);
  return rc;
}

static void capitalization_free(mtl_rule *rule) {
  capz_free(rule->data);
  rule->data = NULL;
}

/* ---------------- helpers ---------------- */

static int32_t tok_cp(const mtl_doc *doc, size_t i) {
  const mtl_token *t = &doc->toks[i];
  int32_t cp;
  if (mtl_utf8_decode(doc->text + t->start, t->end - t->start, &cp) < 0)
    return -1;
  return cp;
}

static int punct_is(const mtl_doc *doc, size_t i, int32_t c) {
  return doc->toks[i].kind == MTL_TOK_PUNCT && tok_cp(doc, i) == c;
}

/* The token is glued to a URL-ish neighbour: example.com, a/b, @name, #tag. */
static int in_address(const mtl_doc *doc, size_t i) {
  const mtl_token *t = &doc->toks[i];
  if (i > 0 && doc->toks[i - 1].end == t->start) {
    int32_t c = tok_cp(doc, i - 1);
    if (doc->toks[i - 1].kind == MTL_TOK_URL || c == '/' || c == '@' || c == '#' ||
        c == '.' || c == '_' || c == '\\' || c == '=' || c == '&')
      return 1;
  }
  if (i + 1 < doc->ntoks && doc->toks[i + 1].start == t->end) {
    int32_t c = tok_cp(doc, i + 1);
    if (c == '/' || c == '@' || c == '_' || c == '\\' || c == '=')
      return 1;
    if (c == '.' && i + 2 < doc->ntoks && doc->toks[i + 2].start == doc->toks[i + 1].end &&
        doc->toks[i + 2].kind == MTL_TOK_WORD)
      return 1;
  }
  return 0;
}

static int is_excepted(const capz *c, const char *low, size_t n) {
  return c->exceptions.n && wset_has(&c->exceptions, low, n);
}

/* ---------------- proper-nouns ---------------- */

/* A finding over token t with one suggestion. */
static int emit_one(mtl_lintctx *lc, const mtl_rule *rule, const mtl_token *t,
                    const char *suggestion, const char *detail) {
  const char *s[1];
  s[0] = suggestion;
  return mtl_emit(lc, rule, t->start, t->end, s, 1, detail, 0);
}

static int run_nouns(const mtl_rule *rule, mtl_lintctx *lc) {
  const capz *c = rule->data;
  const mtl_doc *doc = lc->doc;
  mtl_buf low = {0}, sugg = {0};
  size_t i;
  int rc = 0;
  for (i = 0; i < doc->ntoks; i++) {
    const mtl_token *t = &doc->toks[i];
    const char *proper;
    size_t n, suffix = 0;
    int found;
    const char *key;
    size_t keylen;
    if (t->kind != MTL_TOK_WORD || !(t->flags & MTL_TF_LOWER) || (t->flags & MTL_TF_DIGIT))
      continue;
    {
      /* PERF: a token of lower-case ASCII is its own lower-cased form: a
       * short one is checked and hashed from one eight-byte load */
      static const unsigned char ff[16] = {255, 255, 255, 255, 255, 255, 255, 255};
      const char *src = doc->text + t->start;
      size_t sl = t->end - t->start, k;
      uint64_t h;
      if (sl <= 8 && t->start + 8 <= doc->len) {
        uint64_t w = mtl_load8(src), mask = mtl_load8((const char *)ff + 8 - sl);
        w &= mask;
        k = (w & MTL_HIGHS) || (((w + MTL_ONES * (0x80 - 'A')) & ~(w + MTL_ONES * (0x7F - 'Z'))) & MTL_HIGHS)
                ? 0
                : sl;
        h = wkey_mix(WK_SEED ^ sl, w);
      } else {
        for (k = 0; k < sl; k++)
          if ((unsigned char)src[k] >= 0x80 || (src[k] >= 'A' && src[k] <= 'Z'))
            break;
        h = k == sl ? wkey_hash(src, sl) : 0;
      }
      if (k == sl) {
        key = src;
        keylen = n = sl;
        proper = wset_get_h(&c->words, key, n, h, &found);
        if (!found && n > 2 && key[n - 2] == '\'' && key[n - 1] == 's') {
          suffix = 2;
          n -= 2;
          proper = wset_get_h(&c->words, key, n, wkey_hash(key, n), &found);
        }
        if (!found)
          continue;
        goto looked_up;
      }
    }
    low.len = 0;
    mtl_doc_token_lower(doc, i, &low);
    if (low.oom) {
      rc = MTL_ENOMEM;
      break;
    }
    key = low.data;
    keylen = n = low.len;
    proper = wset_get(&c->words, low.data, n, &found);
    if (!found && n > 2 && low.data[n - 2] == '\'' && low.data[n - 1] == 's') {
      const char *src = doc->text + t->start;
      size_t sl = t->end - t->start;
      suffix = (sl >= 4 && !memcmp(src + sl - 4, "\xE2\x80\x99s", 4)) ? 4 : 2;
      proper = wset_get(&c->words, low.data, n - 2, &found);
      n -= 2;
    }
  looked_up:
    if (!found || is_excepted(c, key, keylen) || is_excepted(c, key, n) || in_address(doc, i))
      continue;
    sugg.len = 0;
    mtl_buf_puts(&sugg, proper);
    if (suffix)
      mtl_buf_put(&sugg, doc->text + t->end - suffix, suffix);
    if (sugg.oom) {
      rc = MTL_ENOMEM;
      break;
    }
    if ((rc = emit_one(lc, rule, t, sugg.data, proper)) != 0)
      break;
  }
  mtl_buf_free(&low);
  mtl_buf_free(&sugg);
  return rc;
}

/* ---------------- function-words ---------------- */

static int is_terminal_cp(int32_t c) { return c == '.' || c == '!' || c == '?' || c == 0x2026; }

static int is_closing_cp(int32_t c) {
  return c == '"' || c == '\'' || c == ')' || c == ']' || c == 0x201D || c == 0x2019 ||
         c == 0xBB;
}

/* A title-case headline: no sentence-final mark at its end and most of its
 * words capitalised. */
static int is_headline(const mtl_doc *doc, const mtl_span *ln) {
  size_t i, words = 0, caps = 0, last;
  if (ln->tok_end <= ln->tok_start)
    return 0;
  last = ln->tok_end;
  while (last > ln->tok_start && doc->toks[last - 1].kind == MTL_TOK_PUNCT &&
         is_closing_cp(tok_cp(doc, last - 1)))
    last--;
  if (last > ln->tok_start && doc->toks[last - 1].kind == MTL_TOK_PUNCT &&
      is_terminal_cp(tok_cp(doc, last - 1)))
    return 0;
  for (i = ln->tok_start; i < ln->tok_end; i++) {
    if (doc->toks[i].kind != MTL_TOK_WORD)
      continue;
    words++;
    if (doc->toks[i].flags & MTL_TF_CAP)
      caps++;
  }
  return words > 0 && caps * 2 > words;
}

/* What may come before a mid-sentence word: a word, a number, , ; ) ] ” */
static int midsentence_before(const mtl_doc *doc, size_t i) {
  const mtl_token *p = &doc->toks[i - 1];
  int32_t c;
  if (p->kind == MTL_TOK_WORD || p->kind == MTL_TOK_NUMBER)
    return 1;
  if (p->kind != MTL_TOK_PUNCT)
    return 0;
  c = tok_cp(doc, i - 1);
  return c == ',' || c == ';' || c == ')' || c == ']' || c == 0x201D;
}

/* The ')' or ']' at token i closes a parenthesis that stands where a
 * sentence may start: at the start of its line, after a sentence-final mark
 * (and closing quotes), after an all-capitals dateline ("LONDON (Reuters)"),
 * a dash or a colon.  Wire copy starts the next sentence right after it:
 * "(Reporting by Ann Roe) The minister met."  Looks back at most 200 tokens
 * within the paragraph. */
static int paren_starts_sentence(const mtl_doc *doc, size_t i) {
  int32_t close = tok_cp(doc, i), open = close == ')' ? '(' : '[';
  size_t j, depth = 0, lim = i > 200 ? i - 200 : 0;
  uint32_t para = doc->toks[i].para;
  for (j = i; j-- > lim && doc->toks[j].para == para;) {
    int32_t c;
    if (doc->toks[j].kind != MTL_TOK_PUNCT)
      continue;
    c = tok_cp(doc, j);
    if (c == close) {
      depth++;
    } else if (c == open) {
      const mtl_token *p;
      if (depth-- > 0)
        continue;
      if ((doc->toks[j].flags & MTL_TF_LINE_START) || j == 0 || doc->toks[j - 1].para != para)
        return 1;
      while (j > 0 && doc->toks[j - 1].para == para && doc->toks[j - 1].kind == MTL_TOK_PUNCT &&
             is_closing_cp(tok_cp(doc, j - 1)) && tok_cp(doc, j - 1) != ')')
        j--; /* closing quotes after a full stop: ."  (Reuters) */
      if (j == 0 || doc->toks[j - 1].para != para)
        return 1;
      p = &doc->toks[j - 1];
      if (p->kind == MTL_TOK_WORD)
        return (p->flags & MTL_TF_ALLCAPS) != 0;
      c = tok_cp(doc, j - 1);
      return p->kind == MTL_TOK_PUNCT && (is_terminal_cp(c) || c == ':' || c == 0x2014 ||
                                          c == 0x2013 || c == '-');
    }
  }
  return 0;
}

/* The word at token i starts an item of an inline list, right after its
 * marker: "; 2 The desire", "(2) The seller", "and 2) The cost", "b) The
 * time".  The marker is a number of one or two digits, or (only before a
 * ')') a single lower-case letter; "(" may open it.  Before it comes the
 * start of its sentence or line, ';' or ':', or, for a marker closed by
 * ')', also ',', "and" or "or".  A bare number needs the ';' or ':' or
 * start ("won 2 The" is left to the rule). */
static int after_list_marker(const mtl_doc *doc, size_t i) {
  const mtl_token *t;
  size_t m, len, k;
  int paren = punct_is(doc, i - 1, ')');
  if (paren && i < 2)
    return 0;
  m = paren ? i - 2 : i - 1;
  t = &doc->toks[m];
  len = t->end - t->start;
  if (t->kind == MTL_TOK_NUMBER) {
    if (len > 2)
      return 0;
    for (k = 0; k < len; k++)
      if (doc->text[t->start + k] < '0' || doc->text[t->start + k] > '9')
        return 0;
  } else if (!paren || t->kind != MTL_TOK_WORD || len != 1 || !(t->flags & MTL_TF_LOWER)) {
    return 0;
  }
  if (paren && m > 0 && punct_is(doc, m - 1, '('))
    m--;
  if (m == 0 || (doc->toks[m].flags & (MTL_TF_SENT_START | MTL_TF_LINE_START)))
    return 1;
  t = &doc->toks[m - 1];
  if (punct_is(doc, m - 1, ';') || punct_is(doc, m - 1, ':'))
    return 1;
  if (!paren)
    return 0;
  len = t->end - t->start;
  return punct_is(doc, m - 1, ',') ||
         (t->kind == MTL_TOK_WORD &&
          ((len == 3 && !memcmp(doc->text + t->start, "and", 3)) ||
           (len == 2 && !memcmp(doc->text + t->start, "or", 2))));
}

/* The capitalised word at token i begins a multiword name or title: after
 * at most two lower-case joiners (the, of, and ...) comes a capitalised
 * word: "War Between the States", "Gone With the Wind". */
static int starts_name(const mtl_doc *doc, size_t i) {
  static const char *const joiners[] = {"the", "a", "an", "of", "and", "de", "la", "le", "du",
                                        "del", "der", "von", "van", "for", "in", "on", "to",
                                        NULL};
  size_t j, n = 0;
  for (j = i + 1; j < doc->ntoks && doc->toks[j].sentence == doc->toks[i].sentence; j++) {
    const mtl_token *t = &doc->toks[j];
    size_t len = t->end - t->start, k;
    if (t->kind != MTL_TOK_WORD)
      return 0;
    if (t->flags & MTL_TF_CAP)
      return n > 0;
    if (++n > 2)
      return 0;
    for (k = 0; joiners[k]; k++)
      if (strlen(joiners[k]) == len && !memcmp(joiners[k], doc->text + t->start, len))
        break;
    if (!joiners[k])
      return 0;
  }
  return 0;
}

/* Token j is a question word: "the question arises, On whose side ...?"
 * quotes a direct question, which starts with a capital. */
static int starts_question(const mtl_doc *doc, size_t j) {
  static const char *const wh[] = {"what", "which", "who", "whom", "whose", "how", "why",
                                   "where", "when", "whether", NULL};
  size_t len = doc->toks[j].end - doc->toks[j].start, k;
  for (k = 0; wh[k]; k++)
    if (strlen(wh[k]) == len && !memcmp(wh[k], doc->text + doc->toks[j].start, len))
      return 1;
  return 0;
}

static int run_function(const mtl_rule *rule, mtl_lintctx *lc) {
  const capz *c = rule->data;
  const mtl_doc *doc = lc->doc;
  mtl_buf low = {0};
  size_t i, li = 0, cached = (size_t)-1;
  int headline = 0, rc = 0;
  for (i = 1; i + 1 < doc->ntoks; i++) {
    const mtl_token *t = &doc->toks[i], *nx = &doc->toks[i + 1];
    if (t->kind != MTL_TOK_WORD || !(t->flags & MTL_TF_CAP) ||
        (t->flags & (MTL_TF_ALLCAPS | MTL_TF_MIXED | MTL_TF_SENT_START | MTL_TF_LINE_START)))
      continue;
    if (nx->kind != MTL_TOK_WORD || !(nx->flags & MTL_TF_LOWER) || nx->sentence != t->sentence ||
        (nx->flags & MTL_TF_LINE_START) || !midsentence_before(doc, i) ||
        doc->toks[i - 1].sentence != t->sentence)
      continue;
    low.len = 0;
    mtl_doc_token_lower(doc, i, &low);
    if (low.oom) {
      rc = MTL_ENOMEM;
      break;
    }
    if (!wset_has(&c->words, low.data, low.len) || is_excepted(c, low.data, low.len))
      continue;
    if ((punct_is(doc, i - 1, ')') || punct_is(doc, i - 1, ']')) &&
        paren_starts_sentence(doc, i - 1))
      continue;
    if (after_list_marker(doc, i))
      continue;
    if (starts_name(doc, i) || starts_question(doc, i + 1))
      continue;
    while (li + 1 < doc->nlines && doc->lines[li + 1].start <= t->start)
      li++;
    if (cached != li) {
      cached = li;
      headline = is_headline(doc, &doc->lines[li]);
    }
    if (headline)
      continue;
    if ((rc = emit_one(lc, rule, t, low.data, NULL)) != 0)
      break;
  }
  mtl_buf_free(&low);
  return rc;
}

/* ---------------- sentence-start ---------------- */

static int is_opening_cp(int32_t c) {
  return c == '"' || c == '\'' || c == '(' || c == '[' || c == 0x201C || c == 0x2018 ||
         c == 0xAB || c == 0x201E;
}

/* The sentence before s (same paragraph) ended with ? or ! (or …) inside a
 * closing quotation mark ("“Why?” he asked."), or was a list marker ("1."). */
static int after_quoted_question(const mtl_doc *doc, size_t s) {
  const mtl_span *prev;
  size_t last;
  int closer = 0;
  if (s == 0)
    return 0;
  prev = &doc->sents[s - 1];
  if (prev->tok_end <= prev->tok_start ||
      doc->toks[prev->tok_start].para != doc->toks[doc->sents[s].tok_start].para)
    return 0;
  /* a list marker taken for a sentence: "1. item", "b. item" */
  if (prev->tok_end - prev->tok_start == 2 &&
      (doc->toks[prev->tok_start].kind == MTL_TOK_NUMBER ||
       (doc->toks[prev->tok_start].kind == MTL_TOK_WORD &&
        doc->toks[prev->tok_start].end - doc->toks[prev->tok_start].start == 1)))
    return 1;
  last = prev->tok_end;
  while (last > prev->tok_start && doc->toks[last - 1].kind == MTL_TOK_PUNCT &&
         is_closing_cp(tok_cp(doc, last - 1)) && tok_cp(doc, last - 1) != ')' &&
         tok_cp(doc, last - 1) != ']') {
    closer = 1;
    last--;
  }
  if (last <= prev->tok_start || doc->toks[last - 1].kind != MTL_TOK_PUNCT)
    return 0;
  {
    int32_t c = tok_cp(doc, last - 1);
    if (c == 0x2026)
      return 1;
    if (c == '.' && last - 1 > prev->tok_start && punct_is(doc, last - 2, '.'))
      return 1; /* ... */
    return closer && (c == '?' || c == '!');
  }
}

/* Sentence s does not start a sentence of its own: it opens with a bracket
 * (an aside: "(if any)"), or with a '"' that closes a question spaced off
 * ("ourselves? " she wrote"). */
static int continues_quote(const mtl_doc *doc, size_t s) {
  const mtl_span *se = &doc->sents[s], *prev;
  size_t last;
  int32_t c = tok_cp(doc, se->tok_start);
  if (doc->toks[se->tok_start].kind != MTL_TOK_PUNCT)
    return 0;
  if (c == '(' || c == '[')
    return 1;
  if (s == 0)
    return 0;
  prev = &doc->sents[s - 1];
  if (prev->tok_end <= prev->tok_start ||
      doc->toks[prev->tok_start].para != doc->toks[se->tok_start].para)
    return 0;
  last = prev->tok_end - 1;
  if (c == '"' && se->tok_end - se->tok_start > 1 &&
      (doc->toks[se->tok_start + 1].flags & MTL_TF_SPACE_BEFORE))
    return punct_is(doc, last, '?') || punct_is(doc, last, '!');
  return 0;
}

/* The sentence before s ends with a full stop inside a closing quote whose
 * opening mark follows a word: a title or slogan quoted in mid-sentence ("the
 * “Stay home. Stay safe.” campaign").  Looks back at most 200 tokens. */
static int after_quoted_title(const mtl_doc *doc, size_t s) {
  const mtl_span *prev;
  size_t j, lim, last;
  int32_t q;
  if (s == 0)
    return 0;
  prev = &doc->sents[s - 1];
  if (prev->tok_end - prev->tok_start < 2 ||
      doc->toks[prev->tok_start].para != doc->toks[doc->sents[s].tok_start].para)
    return 0;
  last = prev->tok_end - 1;
  q = tok_cp(doc, last);
  if (doc->toks[last].kind != MTL_TOK_PUNCT || (q != 0x201D && q != '"') ||
      !punct_is(doc, last - 1, '.'))
    return 0;
  lim = last > 200 ? last - 200 : 0;
  for (j = last; j-- > lim && doc->toks[j].para == doc->toks[last].para;) {
    int32_t c = tok_cp(doc, j);
    if (doc->toks[j].kind != MTL_TOK_PUNCT)
      continue;
    if (c == 0x201D)
      return 0; /* another quotation closed first */
    if (c == 0x201C || (c == '"' && q == '"')) {
      if (j == 0 || doc->toks[j - 1].para != doc->toks[j].para)
        return 0;
      return doc->toks[j - 1].kind == MTL_TOK_WORD && doc->toks[j - 1].end < doc->toks[j].start;
    }
  }
  return 0;
}

static int run_start(const mtl_rule *rule, mtl_lintctx *lc) {
  const capz *c = rule->data;
  const mtl_doc *doc = lc->doc;
  mtl_buf low = {0}, sugg = {0};
  size_t s;
  int rc = 0;
  for (s = 0; s < doc->nsents; s++) {
    const mtl_span *se = &doc->sents[s];
    size_t i = se->tok_start;
    const mtl_token *t;
    int32_t cp;
    int k;
    char enc[4];
    while (i < se->tok_end && doc->toks[i].kind == MTL_TOK_PUNCT &&
           is_opening_cp(tok_cp(doc, i)))
      i++;
    if (i >= se->tok_end)
      continue;
    t = &doc->toks[i];
    if (t->kind != MTL_TOK_WORD || (t->flags & (MTL_TF_MIXED | MTL_TF_DIGIT | MTL_TF_CAP)))
      continue;
    k = mtl_utf8_decode(doc->text + t->start, t->end - t->start, &cp);
    if (k < 0 || !mtl_cp_is_lower(cp) || in_address(doc, i) || after_quoted_question(doc, s) ||
        continues_quote(doc, s) || after_quoted_title(doc, s))
      continue;
    low.len = 0;
    mtl_doc_token_lower(doc, i, &low);
    if (low.oom) {
      rc = MTL_ENOMEM;
      break;
    }
    if (is_excepted(c, low.data, low.len))
      continue;
    sugg.len = 0;
    {
      int m = mtl_utf8_encode(mtl_cp_toupper(cp), enc);
      mtl_buf_put(&sugg, enc, (size_t)(m > 0 ? m : 0));
    }
    mtl_buf_put(&sugg, doc->text + t->start + k, t->end - t->start - (size_t)k);
    if (sugg.oom) {
      rc = MTL_ENOMEM;
      break;
    }
    if ((rc = emit_one(lc, rule, t, sugg.data, NULL)) != 0)
      break;
  }
  mtl_buf_free(&low);
  mtl_buf_free(&sugg);
  return rc;
}

static int capitalization_run(const mtl_rule *rule, mtl_lintctx *lc) {
  const capz *c = rule->data;
  switch (c->mode) {
  case MODE_NOUNS: return run_nouns(rule, lc);
  case MODE_FUNCTION: return run_function(rule, lc);
  case MODE_START: return run_start(rule, lc);
  default: return 0;
  }
}

const mtl_check_kind mtl_check_capitalization = {"capitalization", capitalization_keys,
                                                 capitalization_compile, capitalization_run,
                                                 capitalization_free, 0, NULL};
