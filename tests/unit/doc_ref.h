/*
 * doc_ref.h - the tokenizer of doc.c as it was before its one-pass rewrite
 * (commit 233de72), kept word for word under ref_ names: test_doc.c checks
 * that mtl_doc_init gives the same lines, tokens, sentences and paragraphs
 * on random and hand-picked byte strings.  Included by test_doc.c only.
 */
#ifndef MTL_DOC_REF_H
#define MTL_DOC_REF_H

#include "doc.h"
#include "mtlint.h"
#include "utf8.h"
#include "util.h"

#include <ctype.h>
#include <string.h>

static void ref_doc_free(mtl_doc *doc);

#define REF_PUSH(arr, n, cap, val)                                                 \
  do {                                                                         \
    if (mtl_grow((void **)&(arr), &(cap), (n) + 1, sizeof *(arr)))            \
      goto oom;                                                                \
    (arr)[(n)++] = (val);                                                      \
  } while (0)

static int ref_is_blank(const char *s, size_t n) {
  size_t i;
  for (i = 0; i < n; i++)
    if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\f' && s[i] != '\v')
      return 0;
  return 1;
}

static int ref_ascii_prefix_icase(const char *s, size_t n, const char *pre) {
  size_t i, m = strlen(pre);
  if (n < m)
    return 0;
  for (i = 0; i < m; i++) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z')
      c = (char)(c + 32);
    if (c != pre[i])
      return 0;
  }
  return 1;
}

/* Code point at i, or -1 for an invalid byte; *k gets its length. */
static int32_t ref_cp_at(const char *t, size_t len, size_t i, int *k) {
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

static int ref_is_alnum_cp(int32_t cp) { return cp >= 0 && (mtl_cp_is_letter(cp) || mtl_cp_is_digit(cp)); }

static int ref_url_stop(int32_t cp) {
  return cp < 0 || mtl_cp_is_space(cp) || cp == '<' || cp == '>' || cp == '"' ||
         cp == 0x201C || cp == 0x201D || cp == 0 ;
}

static int ref_url_trailing(char c) {
  return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' ||
         c == ')' || c == ']' || c == '\'' || c == '}';
}

/* Scans a URL starting at i; returns its end. */
static size_t ref_scan_url(const char *t, size_t len, size_t i) {
  size_t j = i, opened = 0, x;
  int k;
  while (j < len && !ref_url_stop(ref_cp_at(t, len, j, &k)))
    j += (size_t)k;
  for (x = i; x < j; x++)
    opened += t[x] == '(';
  /* trailing punctuation is prose, except a ')' the URL itself opened */
  while (j > i && ref_url_trailing(t[j - 1])) {
    if (t[j - 1] == ')' && opened) {
      size_t o = 0, c = 0;
      for (x = i; x < j; x++) {
        o += t[x] == '(';
        c += t[x] == ')';
      }
      if (c <= o)
        break;
    }
    j--;
  }
  return j;
}

static uint32_t ref_word_flags(const char *s, size_t n) {
  size_t i = 0;
  int first = 1, up_first = 0, uppers = 0, lowers = 0, upper_after = 0, digit = 0;
  uint32_t f = 0;
  while (i < n) {
    int k;
    int32_t cp = ref_cp_at(s, n, i, &k);
    if (cp >= 0 && mtl_cp_is_digit(cp))
      digit = 1;
    else if (cp >= 0 && mtl_cp_is_letter(cp)) {
      int up = mtl_cp_is_upper(cp), lo = mtl_cp_is_lower(cp);
      if (first)
        up_first = up;
      else if (up)
        upper_after = 1;
      uppers += up;
      lowers += lo;
      first = 0;
    }
    i += (size_t)k;
  }
  if (up_first)
    f |= MTL_TF_CAP;
  if (uppers >= 2 && lowers == 0)
    f |= MTL_TF_ALLCAPS;
  if (uppers == 0)
    f |= MTL_TF_LOWER;
  if (upper_after && !(f & MTL_TF_ALLCAPS))
    f |= MTL_TF_MIXED;
  if (digit)
    f |= MTL_TF_DIGIT;
  return f;
}

/* Tokenizes t[0..len) into doc->toks (no sentence/paragraph index yet). */
static int ref_tokenize(mtl_doc *doc) {
  const char *t = doc->text;
  size_t len = doc->len, i = doc->body, cap = 0;
  uint32_t pending = MTL_TF_LINE_START | MTL_TF_SPACE_BEFORE;
  while (i < len) {
    int k;
    int32_t cp = ref_cp_at(t, len, i, &k);
    mtl_token tok;
    if (cp < 0) { /* invalid byte: a separator */
      i += (size_t)k;
      pending |= MTL_TF_SPACE_BEFORE;
      continue;
    }
    if (cp == '\n' || (cp == '\r' && (i + 1 >= len || t[i + 1] != '\n'))) {
      pending |= MTL_TF_LINE_START | MTL_TF_SPACE_BEFORE;
      i++;
      continue;
    }
    if (cp == 0 || mtl_cp_is_space(cp) || cp == 0xFEFF) {
      pending |= MTL_TF_SPACE_BEFORE;
      i += (size_t)k;
      continue;
    }
    memset(&tok, 0, sizeof tok);
    tok.start = i;
    if ((cp == 'h' || cp == 'H' || cp == 'w' || cp == 'W') &&
        (ref_ascii_prefix_icase(t + i, len - i, "http://") ||
         ref_ascii_prefix_icase(t + i, len - i, "https://") ||
         ref_ascii_prefix_icase(t + i, len - i, "www."))) {
      tok.kind = MTL_TOK_URL;
      tok.end = ref_scan_url(t, len, i);
    } else if (ref_is_alnum_cp(cp)) {
      size_t j = i + (size_t)k;
      int numeric = mtl_cp_is_digit(cp);
      for (;;) {
        int k2, k3;
        int32_t c2 = ref_cp_at(t, len, j, &k2);
        if (ref_is_alnum_cp(c2)) {
          if (!mtl_cp_is_digit(c2))
            numeric = 0;
          j += (size_t)k2;
          continue;
        }
        if (c2 == '\'' || c2 == 0x2019 || c2 == '-' || c2 == 0x2011 ||
            (numeric && (c2 == '.' || c2 == ',' || c2 == ':'))) {
          int32_t c3 = ref_cp_at(t, len, j + (size_t)k2, &k3);
          int ok = numeric && (c2 == '.' || c2 == ',' || c2 == ':')
                       ? (c3 >= 0 && mtl_cp_is_digit(c3))
                       : ref_is_alnum_cp(c3);
          if ((c2 == '\'' || c2 == 0x2019) && !(c3 >= 0 && mtl_cp_is_letter(c3)))
            ok = 0;
          if (ok) {
            if (c2 == '-' || c2 == 0x2011 || c2 == '\'' || c2 == 0x2019 ||
                !mtl_cp_is_digit(c3))
              numeric = 0;
            j += (size_t)k2 + (size_t)k3;
            continue;
          }
        }
        break;
      }
      /* e-mail address: word@host */
      if (j < len && t[j] == '@' && j + 1 < len &&
          ref_is_alnum_cp(ref_cp_at(t, len, j + 1, &k))) {
        tok.kind = MTL_TOK_URL;
        tok.end = ref_scan_url(t, len, i);
      } else {
        tok.kind = numeric ? MTL_TOK_NUMBER : MTL_TOK_WORD;
        tok.end = j;
      }
    } else {
      tok.kind = MTL_TOK_PUNCT;
      tok.end = i + (size_t)k;
    }
    tok.flags = pending;
    if (tok.kind == MTL_TOK_WORD) {
      tok.flags |= ref_word_flags(t + tok.start, tok.end - tok.start);
      doc->words++;
    } else if (tok.kind == MTL_TOK_NUMBER) {
      tok.flags |= MTL_TF_DIGIT;
      doc->words++;
    }
    pending = 0;
    REF_PUSH(doc->toks, doc->ntoks, cap, tok);
    i = tok.end > i ? tok.end : i + 1;
  }
  return 0;
oom:
  return MTL_ENOMEM;
}

static int ref_split_lines(mtl_doc *doc) {
  size_t i = doc->body, start = doc->body, cap = 0;
  const char *t = doc->text;
  for (;;) {
    const char *nl = NULL;
    mtl_span ln;
    size_t j;
    for (j = i; j < doc->len && !nl; j++) /* LF, CR LF or a lone CR */
      if (t[j] == '\n' || (t[j] == '\r' && (j + 1 >= doc->len || t[j + 1] != '\n')))
        nl = t + j;
    size_t end = nl ? (size_t)(nl - t) : doc->len;
    memset(&ln, 0, sizeof ln);
    ln.start = start;
    ln.end = (end > start && t[end - 1] == '\r') ? end - 1 : end;
    REF_PUSH(doc->lines, doc->nlines, cap, ln);
    if (!nl)
      break;
    i = start = end + 1;
  }
  return 0;
oom:
  return MTL_ENOMEM;
}

/* The line break between two lines falls inside a wrapped sentence. */
static int ref_wraps(const mtl_doc *doc, const mtl_span *a, const mtl_span *b) {
  const char *t = doc->text;
  size_t e = a->end, s = b->start;
  char last, first;
  while (e > a->start && (t[e - 1] == ' ' || t[e - 1] == '\t'))
    e--;
  while (s < b->end && (t[s] == ' ' || t[s] == '\t'))
    s++;
  if (e == a->start || s == b->end)
    return 0;
  last = t[e - 1];
  first = t[s];
  if (last == ',' || last == ';' || last == '-')
    return 1;
  if (!(isalnum((unsigned char)last) || (unsigned char)last >= 0x80))
    return 0;
  return islower((unsigned char)first) && (unsigned char)first < 0x80;
}

/* Runs of non-blank lines; each is one paragraph when at least half of its
 * line breaks fall inside sentences, else one paragraph per line. */
static int ref_build_paras(mtl_doc *doc) {
  size_t l = 0, cap = 0;
  while (l < doc->nlines) {
    size_t first, last, k, breaks = 0, wrapped = 0;
    if (ref_is_blank(doc->text + doc->lines[l].start, doc->lines[l].end - doc->lines[l].start)) {
      l++;
      continue;
    }
    first = l;
    while (l + 1 < doc->nlines &&
           !ref_is_blank(doc->text + doc->lines[l + 1].start,
                         doc->lines[l + 1].end - doc->lines[l + 1].start))
      l++;
    last = l++;
    for (k = first; k < last; k++) {
      breaks++;
      wrapped += (size_t)ref_wraps(doc, &doc->lines[k], &doc->lines[k + 1]);
    }
    if (wrapped * 2 >= breaks) {
      mtl_span cur;
      memset(&cur, 0, sizeof cur);
      cur.start = doc->lines[first].start;
      cur.end = doc->lines[last].end;
      REF_PUSH(doc->paras, doc->nparas, cap, cur);
    } else {
      for (k = first; k <= last; k++) {
        mtl_span cur;
        memset(&cur, 0, sizeof cur);
        cur.start = doc->lines[k].start;
        cur.end = doc->lines[k].end;
        REF_PUSH(doc->paras, doc->nparas, cap, cur);
      }
    }
  }
  return 0;
oom:
  return MTL_ENOMEM;
}

static const char *const ref_abbrevs[] = {
    "mr", "mrs", "ms", "dr", "prof", "st", "sen", "rep", "gov", "gen", "col", "lt",
    "sgt", "capt", "cmdr", "adm", "maj", "pres", "rev", "hon", "fr", "jr", "sr",
    "vs", "no", "nos", "vol", "fig", "approx", "dept", "est", "mt", "ft", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "e.g", "i.e", "cf", "al", "inc", "corp", "ltd", "co", "etc", "p", "pp", "viz", NULL};
/* Abbreviations that may end a sentence when a capitalised word follows. */
static const char *const ref_soft_abbrevs[] = {"inc", "corp", "ltd", "co", "etc", "jr", "sr", NULL};
/* Capitalised only: plural titles never end a sentence; US states end one
 * when a capitalised word follows. */
static const char *const ref_cap_abbrevs[] = {"messrs", "mmes", "drs", "sens", "reps", "gens",
                                              "govs", "atty", NULL};
static const char *const ref_state_abbrevs[] = {
    "ala", "ariz", "ark", "calif", "colo", "conn", "del", "fla", "ga", "ill", "ind", "kan",
    "kans", "ky", "la", "md", "mass", "mich", "minn", "miss", "mo", "mont", "neb", "nebr",
    "nev", "okla", "ore", "pa", "tenn", "tex", "vt", "va", "wash", "wis", "wyo", NULL};

static int ref_in_list(const char *const *list, const char *w, size_t n) {
  size_t i;
  for (i = 0; list[i]; i++)
    if (strlen(list[i]) == n && !memcmp(list[i], w, n))
      return 1;
  return 0;
}

static int ref_is_closer(const mtl_doc *doc, const mtl_token *t) {
  int k;
  int32_t cp;
  if (t->kind != MTL_TOK_PUNCT)
    return 0;
  cp = ref_cp_at(doc->text, doc->len, t->start, &k);
  return cp == '"' || cp == '\'' || cp == ')' || cp == ']' || cp == 0x201D || cp == 0x2019 ||
         cp == 0xBB;
}

static int ref_is_terminal(const mtl_doc *doc, const mtl_token *t) {
  int k;
  int32_t cp;
  if (t->kind != MTL_TOK_PUNCT)
    return 0;
  cp = ref_cp_at(doc->text, doc->len, t->start, &k);
  return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026;
}

/* Whether the '.' at token index i ends a sentence (i+1 < ntoks). */
static int ref_period_ends(const mtl_doc *doc, size_t i) {
  const mtl_token *dot = &doc->toks[i], *prev, *next = &doc->toks[i + 1];
  char low[16];
  size_t n, j;
  if (doc->text[dot->start] != '.' || i == 0)
    return 1;
  prev = &doc->toks[i - 1];
  if (prev->end != dot->start || prev->kind != MTL_TOK_WORD)
    return 1;
  n = prev->end - prev->start;
  if (n >= sizeof low)
    return 1;
  for (j = 0; j < n; j++) {
    char c = doc->text[prev->start + j];
    low[j] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
  }
  if (n == 1 && (prev->flags & MTL_TF_CAP))
    return 0; /* an initial: J. Smith, U.S. */
  if (n == 1 && i >= 2 && doc->toks[i - 2].end == prev->start &&
      doc->text[doc->toks[i - 2].start] == '.')
    return 0; /* the end of a dotted abbreviation: e.g. i.e. p.m. */
  if (n == 2 && !memcmp(low, "no", 2))
    return next->kind != MTL_TOK_NUMBER;
  if (ref_in_list(ref_soft_abbrevs, low, n))
    return (next->flags & MTL_TF_CAP) != 0;
  if ((prev->flags & MTL_TF_CAP) && ref_in_list(ref_cap_abbrevs, low, n))
    return 0;
  if ((prev->flags & MTL_TF_CAP) && ref_in_list(ref_state_abbrevs, low, n))
    return (next->flags & MTL_TF_CAP) != 0;
  return !ref_in_list(ref_abbrevs, low, n);
}

static int ref_build_sentences(mtl_doc *doc) {
  size_t i, p = 0, cap = 0, start_tok = 0;
  mtl_span s;
  /* paragraph index of each token */
  for (i = 0; i < doc->ntoks; i++) {
    while (p + 1 < doc->nparas && doc->toks[i].start >= doc->paras[p].end)
      p++;
    doc->toks[i].para = (uint32_t)p;
  }
  for (p = 0; p < doc->nparas; p++)
    doc->paras[p].tok_start = doc->paras[p].tok_end = 0;
  for (i = 0; i < doc->ntoks; i++) {
    mtl_span *pa = &doc->paras[doc->toks[i].para];
    if (i == 0 || doc->toks[i - 1].para != doc->toks[i].para)
      pa->tok_start = i;
    pa->tok_end = i + 1;
  }
  for (i = 0; i < doc->ntoks; i++) {
    int end = 0;
    size_t last = i;
    if (i + 1 == doc->ntoks || doc->toks[i + 1].para != doc->toks[i].para) {
      end = 1;
    } else if (ref_is_terminal(doc, &doc->toks[i])) {
      /* take the run of terminal marks and closers */
      while (last + 1 < doc->ntoks && doc->toks[last + 1].para == doc->toks[i].para &&
             !(doc->toks[last + 1].flags & MTL_TF_SPACE_BEFORE) &&
             (ref_is_terminal(doc, &doc->toks[last + 1]) || ref_is_closer(doc, &doc->toks[last + 1])))
        last++;
      if (last + 1 == doc->ntoks || doc->toks[last + 1].para != doc->toks[i].para)
        end = 1;
      else if ((doc->toks[last + 1].flags & MTL_TF_SPACE_BEFORE) && ref_period_ends(doc, i))
        end = 1;
      i = last;
    }
    if (end) {
      memset(&s, 0, sizeof s);
      s.tok_start = start_tok;
      s.tok_end = i + 1;
      s.start = doc->toks[start_tok].start;
      s.end = doc->toks[i].end;
      REF_PUSH(doc->sents, doc->nsents, cap, s);
      start_tok = i + 1;
    }
  }
  for (i = 0; i < doc->nsents; i++) {
    size_t t;
    for (t = doc->sents[i].tok_start; t < doc->sents[i].tok_end; t++)
      doc->toks[t].sentence = (uint32_t)i;
    doc->toks[doc->sents[i].tok_start].flags |= MTL_TF_SENT_START;
  }
  /* token ranges of lines */
  {
    size_t l = 0;
    for (i = 0; i < doc->nlines; i++)
      doc->lines[i].tok_start = doc->lines[i].tok_end = 0;
    for (i = 0; i < doc->ntoks; i++) {
      while (l + 1 < doc->nlines && doc->toks[i].start >= doc->lines[l + 1].start)
        l++;
      if (doc->lines[l].tok_end == 0 || doc->lines[l].tok_end <= doc->lines[l].tok_start)
        doc->lines[l].tok_start = i;
      doc->lines[l].tok_end = i + 1;
    }
  }
  return 0;
oom:
  return MTL_ENOMEM;
}

static int ref_doc_init(mtl_doc *doc, const char *text, size_t len) {
  const char *nul;
  memset(doc, 0, sizeof *doc);
  doc->text = text;
  doc->len = len;
  if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
    doc->body = 3;
  doc->invalid_at = mtl_utf8_validate(text, len);
  nul = len ? memchr(text, '\0', len) : NULL;
  doc->nul_at = nul ? (size_t)(nul - text) : len;
  if (ref_split_lines(doc) || ref_build_paras(doc) || ref_tokenize(doc) || ref_build_sentences(doc)) {
    ref_doc_free(doc);
    return MTL_ENOMEM;
  }
  return 0;
}

static void ref_doc_free(mtl_doc *doc) {
  if (!doc)
    return;
  mtl_free(doc->toks);
  mtl_free(doc->sents);
  mtl_free(doc->paras);
  mtl_free(doc->lines);
  memset(doc, 0, sizeof *doc);
}

#endif
