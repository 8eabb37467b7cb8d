/*
 * spell_word.c - the spelling check's word classification: which tokens
 * are checked (shape, addresses, possessives, hyphens, invisible
 * characters) and which unknown words are still fine (phrases, elisions,
 * derived and compound words, foreign and glossed words).
 */
#include "dict.h"
#include "doc.h"
#include "lexicon.h"
#include "lint.h"
#include "mtlint.h"
#include "spell.h"
#include "utf8.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>


/* ------------------------------------------------------------------ */
/* run.                                                                */

static int32_t cp_at(const char *t, size_t len, size_t i, int *k) {
  int32_t cp;
  if (i >= len) {
    *k = 0;
    return -2;
  }
  if ((unsigned char)t[i] < 0x80) {
    *k = 1;
    return (unsigned char)t[i];
  }
  *k = mtl_utf8_decode(t + i, len - i, &cp);
  if (*k < 0) {
    *k = 1;
    return -1;
  }
  return cp;
}

static int is_latin_letter(int32_t cp) {
  return cp < 0x250 || (cp >= 0x1E00 && cp <= 0x1EFF) || (cp >= 0x300 && cp <= 0x36F);
}

/* PERF: the bytes that make a word part of an address, as one table:
 * ADDR_BEFORE right before it, ADDR_AFTER right after it, ADDR_DOT (a full
 * stop) on either side when words touch it; most words have none. */
enum { ADDR_BEFORE = 1, ADDR_AFTER = 2, ADDR_DOT = 4 };
static const unsigned char addr_byte[256] = {
    ['@'] = ADDR_BEFORE | ADDR_AFTER, ['#'] = ADDR_BEFORE, ['_'] = ADDR_BEFORE | ADDR_AFTER,
    ['/'] = ADDR_BEFORE | ADDR_AFTER, ['\\'] = ADDR_BEFORE | ADDR_AFTER,
    ['='] = ADDR_BEFORE | ADDR_AFTER, ['&'] = ADDR_BEFORE, ['~'] = ADDR_BEFORE,
    ['%'] = ADDR_BEFORE, ['.'] = ADDR_DOT};

/* Whether the word token i sits inside an address: @handle, #tag,
 * name.domain, a/path, snake_case. */
static int in_address(const mtl_doc *doc, size_t i) {
  const mtl_token *t = &doc->toks[i];
  const char *s = doc->text;
  unsigned before = t->start > 0 ? addr_byte[(unsigned char)s[t->start - 1]] : 0;
  unsigned after = t->end < doc->len ? addr_byte[(unsigned char)s[t->end]] : 0;
  if ((before & ADDR_BEFORE) || (after & ADDR_AFTER))
    return 1;
  /* word.word with no space: a domain, a file name, a missing space... */
  if ((before & ADDR_DOT) && t->start >= 2 && i >= 2 && doc->toks[i - 1].end == t->start &&
      doc->toks[i - 2].end + 1 == t->start && doc->toks[i - 2].kind == MTL_TOK_WORD)
    return 1;
  if ((after & ADDR_DOT) && t->end + 1 < doc->len && i + 2 < doc->ntoks &&
      doc->toks[i + 2].start == t->end + 1 && doc->toks[i + 2].kind == MTL_TOK_WORD &&
      !(doc->toks[i + 2].flags & MTL_TF_CAP))
    return 1;
  return 0;
}

/* Letter shape of s[0..n): 0 skip, 1 lower, 2 Capitalised. */
static int shape_of(const runctx *rc, const char *s, size_t n) {
  size_t i = 0, letters = 0, uppers = 0, lowers = 0;
  int first_up = 0;
  while (i < n) {
    int k;
    int32_t cp = cp_at(s, n, i, &k);
    if (cp < 0)
      return 0;
    if (mtl_cp_is_digit(cp))
      return 0;
    if (mtl_cp_is_letter(cp)) {
      if (!is_latin_letter(cp))
        return 0;
      if (mtl_cp_is_upper(cp)) {
        if (letters == 0)
          first_up = 1;
        uppers++;
      } else if (mtl_cp_is_lower(cp)) {
        lowers++;
      }
      letters++;
    }
    i += (size_t)k;
  }
  if ((long)letters < rc->sr->min_len || letters == 0)
    return 0;
  if (uppers >= 2 && lowers == 0)
    return 0; /* ALLCAPS: an acronym */
  if (uppers > (size_t)first_up)
    return 0; /* MiXed case */
  return first_up ? 2 : 1;
}

/* Length of a possessive ending ('s, ’s) at the end of s[0..n), else 0. */
size_t mtl_spell_possessive_len(const char *s, size_t n) {
  if (n >= 3 && (s[n - 1] == 's' || s[n - 1] == 'S') && s[n - 2] == '\'')
    return 2;
  if (n >= 5 && (s[n - 1] == 's' || s[n - 1] == 'S') && (unsigned char)s[n - 4] == 0xE2 &&
      (unsigned char)s[n - 3] == 0x80 && (unsigned char)s[n - 2] == 0x99)
    return 4;
  if (n >= 2 && s[n - 1] == '\'')
    return 1;
  if (n >= 4 && (unsigned char)s[n - 3] == 0xE2 && (unsigned char)s[n - 2] == 0x80 &&
      (unsigned char)s[n - 1] == 0x99)
    return 3;
  return 0;
}

/* Queues an unknown lower-case word; spelling_run decides on it at the
 * end (resolve_words). */
static int pend_word(runctx *rc, size_t start, size_t end, const char *w, size_t n, int sugg,
                     int defer) {
  pword *p;
  if (mtl_grow((void **)&rc->words, &rc->capwords, rc->nwords + 1, sizeof *rc->words))
    return MTL_ENOMEM;
  p = &rc->words[rc->nwords];
  p->start = start;
  p->end = end;
  p->off = rc->wbuf.len;
  p->n = n;
  p->sugg = sugg;
  p->defer = defer;
  mtl_buf_put(&rc->wbuf, w, n);
  if (rc->wbuf.oom)
    return MTL_ENOMEM;
  rc->nwords++;
  return 0;
}

/* Queues an unknown name; spelling_run decides on it at the end. */
static int pend_name(runctx *rc, size_t start, size_t end) {
  if (mtl_grow((void **)&rc->names, &rc->capnames, rc->nnames + 1, sizeof *rc->names))
    return MTL_ENOMEM;
  rc->names[rc->nnames].start = start;
  rc->names[rc->nnames].end = end;
  rc->nnames++;
  return 0;
}

/* Whether token i's text, folded to lower case (ASCII) with curly
 * apostrophes straight, is p[0..pn). */
static int token_is(const mtl_doc *doc, size_t i, const char *p, size_t pn) {
  char buf[WORD_MAX + 1];
  size_t n, k;
  const mtl_token *t = &doc->toks[i];
  if (t->kind != MTL_TOK_WORD || t->end - t->start > WORD_MAX)
    return 0;
  n = mtl_dict_fold_apostrophes(buf, doc->text + t->start, t->end - t->start);
  if (n != pn)
    return 0;
  for (k = 0; k < n; k++) {
    char c = buf[k];
    if (c >= 'A' && c <= 'Z')
      c = (char)(c - 'A' + 'a');
    if (c != p[k])
      return 0;
  }
  return 1;
}

/* Whether the word w[0..n) of token rc->ti belongs to a fixed foreign
 * phrase (de facto, en masse) standing in the text around it: the
 * phrase's words as consecutive word tokens with spaces between. */
static int in_phrase(const runctx *rc, const char *w, size_t n) {
  const spell_state *st = rc->st;
  const mtl_doc *doc = rc->lc->doc;
  const char *p = st->phrases.data, *end = p + st->phrases.len;
  char low[WORD_MAX + 1];
  size_t k;
  if (!st->phrases.len || n > WORD_MAX || rc->ti >= doc->ntoks)
    return 0;
  for (k = 0; k < n; k++)
    low[k] = (char)(w[k] >= 'A' && w[k] <= 'Z' ? w[k] - 'A' + 'a' : w[k]);
  if (st->phrase_words && !mtl_lexicon_flags(st->phrase_words, low, n))
    return 0;
  while (p < end && *p) {
    const char *words[8];
    size_t nw = 0, j;
    while (p < end && *p) {
      if (nw < 8)
        words[nw++] = p;
      p += strlen(p) + 1;
    }
    p++; /* the empty word that ends the phrase */
    if (nw < 2 || nw > 8)
      continue;
    for (j = 0; j < nw; j++) {
      size_t first, m;
      if (strlen(words[j]) != n || memcmp(words[j], low, n) != 0 || rc->ti < j)
        continue;
      first = rc->ti - j;
      if (first + nw > doc->ntoks)
        continue;
      for (m = 0; m < nw; m++)
        if (!token_is(doc, first + m, words[m], strlen(words[m])) ||
            (m > 0 && !(doc->toks[first + m].flags & MTL_TF_SPACE_BEFORE)) ||
            (m > 0 && doc->toks[first + m].start == doc->toks[first + m - 1].end))
          break;
      if (m == nw)
        return 1;
    }
  }
  return 0;
}

/* Whether the unknown lower-case word w[0..n) is two words of the word
 * lists run together, the first of three letters or more and the second of
 * four or more, or the first of four or more and the second one of the
 * three-letter words that head compounds (homestand, gunbattles, homerun,
 * bossman): English makes such compounds freely, so it is only info. */
static const char *const short_heads[] = {"box", "car", "cut", "day", "gun", "job", "man",
                                          "men", "off", "out", "run", "set", "top", "war",
                                          "way", NULL};

static int short_head(const char *w, size_t n) {
  size_t i;
  if (n != 3)
    return 0;
  for (i = 0; short_heads[i]; i++)
    if (memcmp(w, short_heads[i], 3) == 0)
      return 1;
  return 0;
}

static int is_compound(const spell_state *st, const char *w, size_t n) {
  size_t i;
  if (!st->lex || n < 7 || n > WORD_MAX)
    return 0;
  for (i = 3; i + 3 <= n; i++)
    if ((i + 4 <= n || (i >= 4 && short_head(w + i, n - i))) &&
        (mtl_lexicon_flags(st->lex, w, i) & (MTL_LEX_US | MTL_LEX_GB)) &&
        (mtl_lexicon_flags(st->lex, w + i, n - i) & (MTL_LEX_US | MTL_LEX_GB)))
      return 1;
  return 0;
}

/* Whether w[0..n) is a word the checker knows (any source). */
static int knows(const runctx *rc, const char *w, size_t n) {
  verdict v;
  if (!n || n > WORD_MAX || mtl_spell_lookup(rc->st, rc->tls, w, n, 0, &v) != 0)
    return 0;
  if (v.owned)
    mtl_dict_free_list(v.sugg, v.nsugg);
  return v.known;
}

/* Whether w[0..n) is in the American or British word list. */
static int listed(const spell_state *st, const char *w, size_t n) {
  return st->lex && n && n <= WORD_MAX &&
         (mtl_lexicon_flags(st->lex, w, n) & (MTL_LEX_US | MTL_LEX_GB)) != 0;
}

/* Length of an apostrophe (' or U+2019) at s[i], else 0. */
static size_t apostrophe_at(const char *s, size_t len, size_t i) {
  if (i < len && s[i] == '\'')
    return 1;
  if (i + 3 <= len && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
      (unsigned char)s[i + 2] == 0x99)
    return 3;
  return 0;
}

/* An elided form, written as speech is (dialogue, verse): the letters an
 * apostrophe stands for put back give a known word: a dropped g
 * (talkin', countin' -> counting), a short word's last letter (ol', th',
 * an', o'), or a noun made a past tense with 'd (OK'd, bulletin'd). */
static int is_elided(const runctx *rc, size_t end, const char *w, size_t n) {
  const mtl_doc *doc = rc->lc->doc;
  char buf[WORD_MAX + 2];
  int c;
  if (n >= 3 && w[n - 2] == '\'' && w[n - 1] == 'd')
    return knows(rc, w, n - 2);
  if (n >= 2 && w[n - 1] == '\'')
    n--;
  else if (!apostrophe_at(doc->text, doc->len, end))
    return 0;
  if (n + 1 > WORD_MAX)
    return 0;
  memcpy(buf, w, n);
  if (n >= 4 && w[n - 2] == 'i' && w[n - 1] == 'n') {
    buf[n] = 'g';
    return knows(rc, buf, n + 1);
  }
  if (n <= 3)
    for (c = 'a'; c <= 'z'; c++) {
      buf[n] = (char)c;
      if (listed(rc->st, buf, n + 1))
        return 1;
    }
  return 0;
}

/* A known word (of the word lists, four letters or more) with a prefix or
 * suffix that English adds freely: unoriginal, neo-stagnationist,
 * dollarette, boobify, deluxer; and the Bible's -est and -eth (comest,
 * becometh).  Such a coinage is meant, so only info. */
static const char *const free_prefixes[] = {
    "anti", "bi", "co", "counter", "inter", "mid", "mis", "multi", "neo", "non", "out", "over",
    "post", "pre", "pro", "pseudo", "quasi", "re", "self", "semi", "sub", "super", "tri",
    "ultra", "un", "under", NULL};
static const char *const free_suffixes[] = {
    "er", "ers", "est", "eth", "ette", "ettes", "ify", "ified", "ifies", "ish", "ism", "isms",
    "ist", "ists", "ite", "ites", "less", "ness", NULL};

static int is_derived(const spell_state *st, const char *w, size_t n) {
  char buf[WORD_MAX + 2];
  size_t i, k;
  for (i = 0; free_prefixes[i]; i++) {
    k = strlen(free_prefixes[i]);
    if (n >= k + 4 && memcmp(w, free_prefixes[i], k) == 0 && listed(st, w + k, n - k))
      return 1;
  }
  /* the Bible's -st after a final e (come + st) */
  if (n >= 6 && w[n - 3] == 'e' && w[n - 2] == 's' && w[n - 1] == 't' && listed(st, w, n - 2))
    return 1;
  for (i = 0; free_suffixes[i]; i++) {
    k = strlen(free_suffixes[i]);
    if (n < k + 4 || n > WORD_MAX || memcmp(w + n - k, free_suffixes[i], k) != 0)
      continue;
    if (listed(st, w, n - k))
      return 1;
    /* the base's final e dropped before a vowel (come + est, deluxe + er) */
    memcpy(buf, w, n - k);
    buf[n - k] = 'e';
    if (free_suffixes[i][0] == 'e' && listed(st, buf, n - k + 1))
      return 1;
  }
  return 0;
}

/* Function words of other languages that are not English words too (no
 * "die", "den", "par", "con"): an unknown word beside one is a foreign
 * word quoted in English copy (le roi, la chatte, pas de deux). */
static const char *const foreign_words[] = {
    "au",   "aux",  "avec", "ce",  "che",  "dans", "das",  "de",  "del", "della", "dem",
    "der",  "des",  "di",   "du",  "ein",  "eine", "el",   "elle", "est", "et",   "für",
    "gli",  "het",  "il",   "ist", "la",   "las",  "le",   "les", "leur", "los", "lui",
    "mais", "mit",  "nel",  "nicht", "nous", "ou", "pour", "qu",  "que", "qui",  "sont",
    "sur",  "und",  "una",  "une", "uno",  "van",  "von",  "zu",  "zum", "zur",  NULL};

static int foreign_token(const mtl_doc *doc, size_t i) {
  const mtl_token *t = &doc->toks[i];
  const char *s = doc->text + t->start;
  size_t n = t->end - t->start, k;
  if (t->kind != MTL_TOK_WORD)
    return 0;
  /* an elided article or pronoun: d'hotel, l'oeil, qu'il */
  for (k = 1; k <= 2 && k < n; k++)
    if (apostrophe_at(s, n, k) && k + apostrophe_at(s, n, k) < n &&
        ((k == 1 && ((s[0] | 0x20) == 'd' || (s[0] | 0x20) == 'l')) ||
         (k == 2 && (s[0] | 0x20) == 'q' && (s[1] | 0x20) == 'u')))
      return 1;
  for (k = 0; foreign_words[k]; k++)
    if (token_is(doc, i, foreign_words[k], strlen(foreign_words[k])))
      return 1;
  return 0;
}

/* Whether token ti, or a word at most two words before or after it with
 * nothing but spaces between, is a foreign function word. */
static int foreign_context(const mtl_doc *doc, size_t ti) {
  size_t j, steps;
  if (ti >= doc->ntoks)
    return 0;
  if (foreign_token(doc, ti))
    return 1;
  for (j = ti, steps = 0; j > 0 && steps < 2; steps++) {
    if (!(doc->toks[j].flags & MTL_TF_SPACE_BEFORE) || doc->toks[j - 1].kind != MTL_TOK_WORD)
      break;
    j--;
    if (foreign_token(doc, j))
      return 1;
  }
  for (j = ti, steps = 0; j + 1 < doc->ntoks && steps < 2; steps++) {
    if (!(doc->toks[j + 1].flags & MTL_TF_SPACE_BEFORE) ||
        doc->toks[j + 1].kind != MTL_TOK_WORD)
      break;
    j++;
    if (foreign_token(doc, j))
      return 1;
  }
  return 0;
}

/* Length of an opening (close: closing) quotation mark at s[i], else 0:
 * " ' and the curly or angle ones. */
static size_t quote_at(const char *s, size_t len, size_t i, int close) {
  const unsigned char *u = (const unsigned char *)s + i;
  if (i < len && (s[i] == '"' || s[i] == '\''))
    return 1;
  if (i + 3 <= len && u[0] == 0xE2 && u[1] == 0x80 &&
      (close ? (u[2] == 0x9D || u[2] == 0x99) : (u[2] == 0x9C || u[2] == 0x98)))
    return 3;
  if (i + 2 <= len && u[0] == 0xC2 && u[1] == (close ? 0xBB : 0xAB))
    return 2;
  return 0;
}

/* Whether text[start, end) is the one word of a quotation ("vopos",
 * "dollarette,"): a word being mentioned, coined or quoted from another
 * language, not a word used. */
static int is_quoted_word(const mtl_doc *doc, size_t start, size_t end) {
  const char *s = doc->text;
  size_t i;
  if (start == 0)
    return 0;
  if (!(quote_at(s, doc->len, start - 1, 0) ||
        (start >= 3 && quote_at(s, doc->len, start - 3, 0) == 3) ||
        (start >= 2 && quote_at(s, doc->len, start - 2, 0) == 2)))
    return 0;
  i = end;
  if (i < doc->len && s[i] == '\'') /* talkin' */
    i++;
  while (i < doc->len && (s[i] == ',' || s[i] == '.' || s[i] == '!' || s[i] == '?' ||
                          s[i] == ';' || s[i] == ':'))
    i++;
  return quote_at(s, doc->len, i, 1) != 0;
}

/* Whether the word at text[start, end) comes with its meaning in English:
 * "a karakia (prayer)", "the Greek chole, meaning bile": a loanword or a
 * word being explained, not a typo. */
static int is_glossed(const runctx *rc, size_t start, size_t end) {
  const mtl_doc *doc = rc->lc->doc;
  const char *s = doc->text;
  size_t len = doc->len, i = end, j, words = 0;
  static const char meaning[] = ", meaning ";
  (void)start;
  i += quote_at(s, len, i, 1) == 1 ? 1 : 0;
  if (i + sizeof meaning - 1 <= len && memcmp(s + i, meaning, sizeof meaning - 1) == 0)
    return 1;
  if (i + 2 > len || s[i] != ' ' || s[i + 1] != '(')
    return 0;
  /* one to four lower-case words, the first known, then ')' */
  j = i + 2;
  while (j < len && words < 5) {
    size_t w0 = j;
    while (j < len && s[j] >= 'a' && s[j] <= 'z')
      j++;
    if (j == w0 || (words == 0 && !knows(rc, s + w0, j - w0)))
      return 0;
    words++;
    if (j < len && s[j] == ')')
      return words <= 4;
    if (j >= len || s[j] != ' ')
      return 0;
    j++;
  }
  return 0;
}

/* Whether the unknown word (token ti, whole) and the known lower-case
 * word beside it, both of four letters or more and with one space between,
 * are a compound the word lists write solid (avant garde: avantgarde); a
 * word split in two unknown halves (gover nment) is not. */
static int open_compound(const runctx *rc, size_t ti) {
  const mtl_doc *doc = rc->lc->doc;
  char buf[2 * WORD_MAX + 2];
  size_t a, b, na, nb, side;
  for (side = 0; side < 2; side++) {
    if (side == 0 ? ti == 0 : ti + 1 >= doc->ntoks)
      continue;
    a = side == 0 ? ti - 1 : ti;
    b = a + 1;
    if (doc->toks[a].kind != MTL_TOK_WORD || doc->toks[b].kind != MTL_TOK_WORD ||
        !(doc->toks[a].flags & MTL_TF_LOWER) || !(doc->toks[b].flags & MTL_TF_LOWER) ||
        doc->toks[b].start != doc->toks[a].end + 1 || doc->text[doc->toks[a].end] != ' ')
      continue;
    na = doc->toks[a].end - doc->toks[a].start;
    nb = doc->toks[b].end - doc->toks[b].start;
    if (na < 4 || nb < 4 || na > WORD_MAX || nb > WORD_MAX)
      continue;
    memcpy(buf, doc->text + doc->toks[a].start, na);
    memcpy(buf + na, doc->text + doc->toks[b].start, nb);
    if (listed(rc->st, buf, na + nb) &&
        knows(rc, doc->text + doc->toks[side == 0 ? a : b].start, side == 0 ? na : nb))
      return 1;
  }
  return 0;
}

/* What an unknown lower-case word at text[start, end) (folded: w[0..n))
 * most likely is, when not a typo: NULL (a typo: a warning), "" (a
 * written form of a known word: no finding), or the detail of an info
 * finding: "compound", "derived", "foreign", "quoted" or "glossed". */
static const char *unknown_kind(const runctx *rc, size_t start, size_t end, const char *w,
                                size_t n) {
  const mtl_doc *doc = rc->lc->doc;
  if (is_elided(rc, end, w, n))
    return "";
  if (is_compound(rc->st, w, n))
    return "compound";
  if (is_derived(rc->st, w, n))
    return "derived";
  if (rc->ti < doc->ntoks && doc->toks[rc->ti].start == start && doc->toks[rc->ti].end == end &&
      open_compound(rc, rc->ti))
    return "compound";
  if (rc->ti < doc->ntoks && doc->toks[rc->ti].start <= start && doc->toks[rc->ti].end >= end &&
      foreign_context(doc, rc->ti))
    return "foreign";
  if (is_quoted_word(doc, start, end))
    return "quoted";
  if (is_glossed(rc, start, end))
    return "glossed";
  return NULL;
}

/* Checks text[start, end).  only_verdict: report nothing, just set *known.
 * shape: the span's shape_of when the caller knows it and the span needs no
 * folding (plain ASCII letters), else -1.  Returns 0 or MTL_ENOMEM. */
int mtl_spell_check_word(const runctx *rc, size_t start, size_t end, const char *src, size_t srcn,
                         int only_verdict, int *known, int shape) {
  const char *w = src;
  char buf[WORD_MAX + 1];
  size_t n = srcn;
  int err, sugg, defer;
  const char *kind;
  verdict v;
  *known = 1;
  if (n > WORD_MAX)
    return 0;
  if (shape < 0) {
    shape = shape_of(rc, src, n);
    if (!shape)
      return 0;
    n = mtl_dict_fold_apostrophes(buf, src, n);
    w = buf;
  }
  if (!shape || !n)
    return 0;
  /* MTL_LINT_NO_SUGGEST (typing in the language server): the finding is
   * marked deferred and its suggestions are left for a later lint; the
   * cached ones are not used either, so the output does not depend on what
   * was linted before.  Long words never get any, so are not deferred. */
  sugg = !only_verdict && shape == 1 && rc->sr->max_sugg > 0;
#ifdef MTL_FUZZ_NO_SUGGEST
  sugg = 0; /* fuzzing builds: Hunspell's suggest would take most of each run */
#endif
  defer = sugg &&
          ((rc->lc->flags & MTL_LINT_NO_SUGGEST) ||
           ((rc->lc->flags & MTL_LINT_SUGGEST_RANGE) &&
            (start < rc->lc->sugg_lo || start >= rc->lc->sugg_hi))) &&
          !rc->sr->msg_sugg && n <= SUGG_WORD_MAX;
  /* PERF: suggestions are asked for at the end of the article, for the
   * words that stay warnings (resolve_words) */
  err = mtl_spell_lookup(rc->st, rc->tls, w, n, 0, &v);
  if (err)
    return err;
  *known = v.known;
  if (!v.known && !only_verdict) {
    if (in_phrase(rc, w, n)) {
      err = 0;
    } else if (shape == 1 && (kind = unknown_kind(rc, start, end, w, n)) != NULL) {
      int sev = rc->sr->cap_sev;
      if (sev > (int)rc->rule->info.severity)
        sev = (int)rc->rule->info.severity;
      err = *kind ? mtl_emit(rc->lc, rc->rule, start, end, NULL, 0, kind, sev) : 0;
    } else if (shape == 2) {
      err = pend_name((runctx *)rc, start, end);
    } else {
      err = pend_word((runctx *)rc, start, end, w, n, sugg, defer);
    }
    if (v.owned)
      mtl_dict_free_list(v.sugg, v.nsugg);
    return err;
  }
  if (v.owned)
    mtl_dict_free_list(v.sugg, v.nsugg);
  return 0;
}

static int check_span(const runctx *rc, size_t start, size_t end, int only_verdict, int *known,
                      int shape) {
  return mtl_spell_check_word(rc, start, end, rc->lc->doc->text + start, end - start,
                              only_verdict, known, shape);
}

#if defined(__BYTE_ORDER__) && defined(__ORDER_LITTLE_ENDIAN__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/* shape_of for s[0..n) when it is all ASCII letters (room: bytes readable
 * from s, whole chunks are loaded), 0 as well when such a word is known by
 * this thread's cache; -1 for any other word (or no room), for the full
 * path. */
/* 0 when every byte of y is an ASCII letter (y | 0x20 in 'a'..'z'), else
 * not 0.  A byte with bit 7 set is caught by the first term (the sums may
 * carry into the next byte then, which does not matter). */
static inline uint64_t not_letters(uint64_t y) {
  uint64_t l = y | 0x20 * MTL_ONES;
  return (y & MTL_HIGHS) |
         (((l + 0x1F * MTL_ONES) & ~(l + 0x05 * MTL_ONES) & MTL_HIGHS) ^ MTL_HIGHS);
}

static int ascii_shape(const char *s, size_t n, size_t room, long min_len, const runctx *rc) {
  uint64_t ch[(WORD_MAX + 7) / 8], y, up0, up, w0, wl = 0;
  size_t i, nch = (n + 7) / 8;
  const tl_slot *tl;
  int shape;
  if (n - 1 >= WORD_MAX || nch * 8 > room) /* n == 0 wraps */
    return -1;
  if (n <= 8) { /* most words: one chunk, no loop */
    uint64_t m = ~0ULL >> (64 - 8 * n);
    w0 = mtl_load8(s) & m;
    y = w0 | (0x61 * MTL_ONES & ~m); /* padding reads as 'a' */
    if (not_letters(y))
      return -1;
    up0 = ~y & 0x20 * MTL_ONES; /* upper case letters */
    up = 0;
  } else {
    for (i = 0, up = 0; i < nch; i++) {
      uint64_t m = i + 1 < nch || !(n & 7) ? ~0ULL : ~0ULL >> (64 - 8 * (n & 7));
      uint64_t x = mtl_load8(s + 8 * i) & m;
      y = x | (0x61 * MTL_ONES & ~m);
      if (not_letters(y))
        return -1;
      up |= i ? ~y & 0x20 * MTL_ONES : 0;
      ch[i] = x;
    }
    w0 = ch[0];
    wl = ch[nch - 1];
    up0 = ~w0 & 0x20 * MTL_ONES;
  }
  /* shape_of: lower, or Capitalised (the first letter the one upper case) */
  shape = up ? 0 : up0 == 0 ? 1 : up0 == 0x20 ? 2 : 0;
  if (!shape || (long)n < min_len)
    return 0;
  tl = &rc->tls[tl_index(w0, wl, n) & ~(size_t)1];
  if (tl->w0 != w0 || tl->len != n || tl->gen != rc->st->gen) {
    tl++;
    if (tl->w0 != w0 || tl->len != n || tl->gen != rc->st->gen)
      return shape;
  }
  for (i = 1; i < nch; i++)
    if (mtl_load8(tl->e->word + 8 * i) != ch[i])
      return shape;
  return tl->known ? 0 : shape;
}
#else
static int ascii_shape(const char *s, size_t n, size_t room, long min_len, const runctx *rc) {
  (void)s, (void)n, (void)room, (void)min_len, (void)rc;
  return -1;
}
#endif

static int is_hyphen_at(const char *s, size_t len, size_t i, int *k) {
  int32_t cp = cp_at(s, len, i, k);
  return cp == '-' || cp == 0x2011;
}

int mtl_spell_check_token(const runctx *rc, size_t ti) {
  const mtl_doc *doc = rc->lc->doc;
  const mtl_token *t = &doc->toks[ti];
  const char *s = doc->text;
  size_t start = t->start, end = t->end, i, part;
  int known, err, hyph = 0, k;

  if (t->kind != MTL_TOK_WORD || (t->flags & (MTL_TF_DIGIT | MTL_TF_ALLCAPS)))
    return 0;
  if (in_address(doc, ti))
    return 0;
  /* censored (f---ing, f--k): the letters after a letter and two hyphens */
  if (start >= 3 && s[start - 1] == '-' && s[start - 2] == '-') {
    i = start - 2;
    while (i > 0 && s[i - 1] == '-')
      i--;
    if (i >= 1 && ((s[i - 1] | 0x20) >= 'a' && (s[i - 1] | 0x20) <= 'z') &&
        (i == 1 || !(((s[i - 2] | 0x20) >= 'a' && (s[i - 2] | 0x20) <= 'z'))))
      return 0;
  }
  /* PERF: most words are plain ASCII letters: no possessive, no hyphen,
   * nothing to fold, their shape comes from one pass over 8-byte chunks,
   * and a known one is found in the thread cache right here. */
  if (!rc->st->reference) { /* MTL_REFERENCE: shape_of, for equiv.sh */
    int shape = ascii_shape(s + start, end - start, doc->len - start, rc->sr->min_len, rc);
    if (shape >= 0)
      return shape ? check_span(rc, start, end, 0, &known, shape) : 0;
  }
  end -= mtl_spell_possessive_len(s + start, end - start);

  for (i = start; i < end; i += (size_t)k) {
    if (is_hyphen_at(s, end, i, &k)) {
      hyph = 1;
      break;
    }
    if (k <= 0)
      k = 1;
  }
  if (!hyph)
    return check_span(rc, start, end, 0, &known, -1);
  /* censored (f---ing): not a word to check */
  for (i = start; i + 1 < end; i++)
    if (s[i] == '-' && s[i + 1] == '-')
      return 0;

  /* Hyphenated: the whole word first (vis-à-vis, full-scale), then parts. */
  if (end - start <= WORD_MAX) {
    char w[WORD_MAX + 1];
    size_t n = mtl_dict_fold_apostrophes(w, s + start, end - start);
    verdict v;
    if (n) {
      if ((err = mtl_spell_lookup(rc->st, rc->tls, w, n, 0, &v)) != 0)
        return err;
      if (v.owned)
        mtl_dict_free_list(v.sugg, v.nsugg);
      if (v.known)
        return 0;
      /* a compound the word lists write solid (come-uppance, tri-motor:
       * comeuppance, trimotor) */
      {
        size_t o = 0, j;
        for (j = 0; j < n; j++)
          if (w[j] != '-')
            w[o++] = w[j];
        if (o < n && o >= 4 && knows(rc, w, o))
          return 0;
      }
    }
  }
  /* A name with a hyphen (Jong-un, Ching-te, Abu-Bakr): its first part is
   * Capitalised and a Capitalised part is unknown, or every unknown part
   * is a short lower-case particle, or it follows a Capitalised word
   * mid-sentence and no unknown part is a known word in the wrong case
   * (Chiang Kai-shek, but Inter-american): one name, the whole token. */
  {
    int first = 1, name, cap_unknown = 0, small_only = 1, any = 0, cased = 0, after_name;
    /* after a Capitalised word mid-sentence (Chiang Kai-shek) */
    after_name = ti > 0 && (t->flags & MTL_TF_SPACE_BEFORE) &&
                 doc->toks[ti - 1].kind == MTL_TOK_WORD && (doc->toks[ti - 1].flags & MTL_TF_CAP) &&
                 !(doc->toks[ti - 1].flags & (MTL_TF_ALLCAPS | MTL_TF_SENT_START));
    part = start;
    for (i = start; i <= end; i += (size_t)k) {
      if (i == end || is_hyphen_at(s, end, i, &k)) {
        if (i > part) {
          int shape = shape_of(rc, s + part, i - part);
          if (first && shape != 2)
            break;
          if (shape) {
            if ((err = check_span(rc, part, i, 1, &known, -1)) != 0)
              return err;
            if (!known) {
              any = 1;
              if (shape == 2) {
                cap_unknown = 1;
              } else {
                if (i - part > 3)
                  small_only = 0;
                if (!cased && i - part <= WORD_MAX) { /* Inter-american: American */
                  char up[WORD_MAX + 1];
                  memcpy(up, s + part, i - part);
                  if (up[0] >= 'a' && up[0] <= 'z')
                    up[0] = (char)(up[0] - 'a' + 'A');
                  cased = knows(rc, up, i - part);
                }
              }
            }
          }
        }
        first = 0;
        if (i == end)
          break;
        part = i + (size_t)k;
      }
      if (k <= 0)
        k = 1;
    }
    name = !first && any && (cap_unknown || small_only || (after_name && !cased));
    if (name && end - start <= WORD_MAX)
      return pend_name((runctx *)rc, start, end);
  }
  part = start;
  for (i = start; i <= end; i += (size_t)k) {
    if (i == end || is_hyphen_at(s, end, i, &k)) {
      if (i > part && (err = check_span(rc, part, i, 0, &known, -1)) != 0)
        return err;
      if (i == end)
        break;
      part = i + (size_t)k;
    }
    if (k <= 0)
      k = 1;
  }
  return 0;
}

/* Length of the invisible character at s[i] (soft hyphen, zero-width
 * space or joiners, word joiner, BOM), else 0. */
static size_t invisible_at(const char *s, size_t len, size_t i) {
  const unsigned char *u = (const unsigned char *)s + i;
  if (i + 2 <= len && u[0] == 0xC2 && u[1] == 0xAD)
    return 2;
  if (i + 3 <= len && u[0] == 0xE2 &&
      ((u[1] == 0x80 && u[2] >= 0x8B && u[2] <= 0x8D) || (u[1] == 0x81 && u[2] == 0xA0)))
    return 3;
  if (i + 3 <= len && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
    return 3;
  return 0;
}

/* A word split by invisible characters (gov\u00ADern\u00ADment): token ti and
 * the word tokens that follow it across nothing but such characters, and
 * invisible characters inside them, make one word, checked without them
 * and reported over the whole span.  Returns the last token used (ti when
 * there is nothing to join) and fills buf/n. */
size_t mtl_spell_join_invisible(const mtl_doc *doc, size_t ti, char *buf, size_t *n) {
  size_t last = ti, e = doc->toks[ti].end, o = 0, k, j, p;
  int joined = 0;
  for (;;) {
    p = e;
    while (p < doc->len && (k = invisible_at(doc->text, doc->len, p)) != 0)
      p += k;
    if (p == e)
      break;
    for (j = last + 1; j < doc->ntoks && doc->toks[j].start < p; j++) {
    }
    if (j >= doc->ntoks || doc->toks[j].start != p || doc->toks[j].kind != MTL_TOK_WORD)
      break;
    last = j;
    e = doc->toks[j].end;
    joined = 1;
  }
  /* invisible characters inside the token(s) */
  if (!joined) {
    for (p = doc->toks[ti].start; p < e; p++)
      if ((unsigned char)doc->text[p] >= 0xC2 && invisible_at(doc->text, e, p))
        break;
    if (p == e)
      return ti;
  }
  for (p = doc->toks[ti].start; p < e;) {
    if ((k = invisible_at(doc->text, e, p)) != 0) {
      p += k;
      continue;
    }
    if (o >= WORD_MAX) {
      *n = 0;
      return last;
    }
    buf[o++] = doc->text[p++];
  }
  buf[o] = '\0';
  *n = o;
  return last;
}

