/*
 * doc.c - the document model: bytes -> lines, tokens, sentences and
 * paragraphs, all as byte spans into the text exactly as given (BOM, CRLF,
 * NUL and invalid bytes included).  Every pass is linear in the text.
 *
 * Paragraphs are blocks separated by blank lines, each decided on its own:
 * a block whose line breaks mostly fall inside sentences is one paragraph
 * wrapped at a fixed width; any other block of several lines holds one
 * paragraph per line (the shape of most scraped articles).
 *
 * PERF: one pass over the bytes finds the lines, the tokens with their word
 * flags, line and paragraph, the paragraphs and the first invalid byte; one
 * pass over the tokens then finds the sentences.  ASCII goes through the
 * class table of utf8.h, other code points through one category look-up
 * each.  tests/unit/doc_ref.h keeps the earlier several-pass tokenizer, and
 * test_doc.c checks that both give the same document.
 */
#include "doc.h"
#include "mtlint.h"
#include "utf8.h"
#include "util.h"

#include <string.h>

/* Appends val; the capacity test is inline, the growth is not. */
#define PUSH(arr, n, cap, val)                                                 \
  do {                                                                         \
    if ((n) >= (cap) && mtl_grow((void **)&(arr), &(cap), (n) + 1, sizeof *(arr))) \
      goto oom;                                                                \
    (arr)[(n)++] = (val);                                                      \
  } while (0)

#define ALNUM (MTL_CC_LETTER | MTL_CC_DIGIT)

/* PERF: the class of each byte: MTL_CC_* bits for ASCII (as
 * mtl_ascii_class), J for the ASCII characters that may join a word
 * (' - . , :), UH for h H w W (which may start a URL), H for the bytes of
 * other code points and invalid ones. */
enum { J = 1u << 5, H = 1u << 6, UH = 1u << 7 };
#define C (MTL_CC_LETTER | MTL_CC_UPPER)
#define U (MTL_CC_LETTER | MTL_CC_UPPER | UH)
#define W (MTL_CC_LETTER | MTL_CC_LOWER)
#define V (MTL_CC_LETTER | MTL_CC_LOWER | UH)
#define D MTL_CC_DIGIT
#define S MTL_CC_SPACE
#define H16 H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H
static const unsigned char byte_class[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, S, S, S, S, S, 0, 0, /* \t \n \v \f \r */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    S, 0, 0, 0, 0, 0, 0, J, 0, 0, 0, 0, J, J, J, 0, /* ' , - . */
    D, D, D, D, D, D, D, D, D, D, J, 0, 0, 0, 0, 0, /* 0-9 : */
    0, C, C, C, C, C, C, C, U, C, C, C, C, C, C, C, /* A-Z */
    C, C, C, C, C, C, C, U, C, C, C, 0, 0, 0, 0, 0,
    0, W, W, W, W, W, W, W, V, W, W, W, W, W, W, W, /* a-z */
    W, W, W, W, W, W, W, V, W, W, W, 0, 0, 0, 0, 0,
    H16, H16, H16, H16, H16, H16, H16, H16};
#undef C
#undef U
#undef W
#undef V
#undef D
#undef S
#undef H16

/* A code point with its MTL_CC_* class and length. */
typedef struct cpinfo {
  int32_t cp;  /* -1 invalid byte, -2 end of text */
  unsigned cc; /* 0 for both */
  int k;       /* bytes: 1 for an invalid byte, 0 at the end */
} cpinfo;

static inline cpinfo cp_info(const unsigned char *t, size_t len, size_t i) {
  cpinfo r;
  if (i >= len) {
    r.cp = -2;
    r.cc = 0;
    r.k = 0;
    return r;
  }
  if (t[i] < 0x80) {
    r.cp = t[i];
    r.cc = mtl_ascii_class[t[i]];
    r.k = 1;
    return r;
  }
  r.k = mtl_utf8_decode_multi((const char *)t + i, len - i, &r.cp);
  if (r.k < 0) {
    r.cp = -1;
    r.cc = 0;
    r.k = 1;
    return r;
  }
  r.cc = mtl_cp_class_u(r.cp);
  return r;
}

static int ascii_prefix_icase(const unsigned char *s, size_t n, const char *pre, size_t m) {
  size_t i;
  if (n < m)
    return 0;
  for (i = 0; i < m; i++) {
    unsigned char c = s[i];
    if (c >= 'A' && c <= 'Z')
      c = (unsigned char)(c + 32);
    if (c != (unsigned char)pre[i])
      return 0;
  }
  return 1;
}

static int url_trailing(unsigned char c) {
  return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' ||
         c == ')' || c == ']' || c == '\'' || c == '}';
}

/* Scans a URL starting at i; returns its end.  It stops at an invalid byte,
 * white space, NUL, < > " and curly double quotes. */
static size_t scan_url(const unsigned char *t, size_t len, size_t i) {
  size_t j = i, opened = 0, closed = 0;
  while (j < len) {
    unsigned char c = t[j];
    if (c < 0x80) {
      if ((byte_class[c] & MTL_CC_SPACE) || c == 0 || c == '<' || c == '>' || c == '"')
        break;
      opened += c == '(';
      closed += c == ')';
      j++;
    } else {
      cpinfo ci = cp_info(t, len, j);
      if (ci.cp < 0 || (ci.cc & MTL_CC_SPACE) || ci.cp == 0x201C || ci.cp == 0x201D)
        break;
      j += (size_t)ci.k;
    }
  }
  /* trailing punctuation is prose, except a ')' the URL itself opened
     (closed counts the ')' in [i, j)) */
  while (j > i && url_trailing(t[j - 1])) {
    if (t[j - 1] == ')' && opened) {
      if (closed <= opened)
        break;
    }
    closed -= t[j - 1] == ')';
    j--;
  }
  return j;
}

/* Whether c is one of ' ’ - ‑ (joiners inside a word). */
static int joins_word(int32_t c) { return c == '\'' || c == 0x2019 || c == '-' || c == 0x2011; }

/* Scans the word or number starting at i with the alnum code point c0;
 * sets *kind and *flags (word flags for MTL_TOK_WORD, MTL_TF_DIGIT for
 * numbers).  Returns its end. */
static size_t scan_word(const unsigned char *t, size_t len, size_t i, cpinfo c0, uint32_t *kind,
                        uint32_t *flags) {
  size_t j = i + (size_t)c0.k;
  unsigned tail = 0;                         /* classes of the alnum code points after c0 */
  int numeric = (c0.cc & MTL_CC_DIGIT) != 0; /* cleared by the joiners ' ’ - ‑ */
  unsigned acc;
  for (;;) {
    cpinfo c2, c3;
    int numeric_now, dotlike;
    unsigned wb = 0;
    /* PERF: a run of ASCII letters and digits */
    while (j < len && ((wb = byte_class[t[j]]) & ALNUM)) {
      tail |= wb;
      j++;
    }
    if (j >= len || !(wb & (J | H)))
      break;
    c2 = cp_info(t, len, j);
    if (c2.cc & ALNUM) {
      tail |= c2.cc;
      j += (size_t)c2.k;
      continue;
    }
    numeric_now = numeric && !((c0.cc | tail) & MTL_CC_LETTER);
    dotlike = c2.cp == '.' || c2.cp == ',' || c2.cp == ':';
    if (joins_word(c2.cp) || (numeric_now && dotlike)) {
      int ok;
      c3 = cp_info(t, len, j + (size_t)c2.k);
      ok = numeric_now && dotlike ? (c3.cc & MTL_CC_DIGIT) != 0 : (c3.cc & ALNUM) != 0;
      if ((c2.cp == '\'' || c2.cp == 0x2019) && !(c3.cc & MTL_CC_LETTER))
        ok = 0;
      if (ok) {
        if (joins_word(c2.cp) || !(c3.cc & MTL_CC_DIGIT))
          numeric = 0;
        tail |= c3.cc;
        j += (size_t)c2.k + (size_t)c3.k;
        continue;
      }
    }
    break;
  }
  acc = c0.cc | tail;
  numeric = numeric && !(acc & MTL_CC_LETTER);
  /* e-mail address: word@host */
  if (j + 1 < len && t[j] == '@' && (cp_info(t, len, j + 1).cc & ALNUM)) {
    *kind = MTL_TOK_URL;
    *flags = 0;
    return scan_url(t, len, i);
  }
  if (numeric) {
    *kind = MTL_TOK_NUMBER;
    *flags = MTL_TF_DIGIT;
    return j;
  }
  {
    /* up_first: the first letter is upper case; nup_ge2: two upper-case
       letters or more; nup_gt: more than up_first of them */
    unsigned up_first, nup_ge2, nup_gt, nup0;
    uint32_t f = 0;
    if (c0.cc & (MTL_CC_UPPER | MTL_CC_LOWER)) { /* a cased first letter */
      up_first = (c0.cc & MTL_CC_UPPER) != 0;
      nup_ge2 = up_first && (tail & MTL_CC_UPPER);
      nup_gt = (tail & MTL_CC_UPPER) != 0;
      nup0 = !(acc & MTL_CC_UPPER);
    } else { /* starts with a digit or a caseless letter (rare): count */
      size_t x = i, nup = 0;
      int first = 1;
      up_first = 0;
      while (x < j) {
        cpinfo ci = cp_info(t, j, x);
        if (!(ci.cc & MTL_CC_DIGIT) && (ci.cc & MTL_CC_LETTER)) {
          if (first)
            up_first = (ci.cc & MTL_CC_UPPER) != 0;
          first = 0;
          nup += (ci.cc & MTL_CC_UPPER) != 0;
        }
        x += (size_t)ci.k;
      }
      nup_ge2 = nup >= 2;
      nup_gt = nup > up_first;
      nup0 = nup == 0;
    }
    if (up_first)
      f |= MTL_TF_CAP;
    if (nup_ge2 && !(acc & MTL_CC_LOWER))
      f |= MTL_TF_ALLCAPS;
    if (nup0)
      f |= MTL_TF_LOWER;
    if (nup_gt && !(f & MTL_TF_ALLCAPS))
      f |= MTL_TF_MIXED;
    if (acc & MTL_CC_DIGIT)
      f |= MTL_TF_DIGIT;
    *kind = MTL_TOK_WORD;
    *flags = f;
  }
  return j;
}

/* State of the one pass over the bytes. */
typedef struct scan_state {
  size_t tokcap, linecap, paracap;
  size_t line_start;  /* first byte of the current line */
  size_t line_tok;    /* its first token */
  int nonblank;       /* it holds a byte other than space, tab, CR, FF, VT */
  int run_open;       /* a paragraph (run of non-blank lines) is open */
  mtl_span run;       /* the open one */
  size_t run_first, run_last; /* its first and last lines */
} scan_state;

/* Ends the line running up to e (the '\n' or the end of the text). */
static int end_line(mtl_doc *doc, scan_state *st, size_t e) {
  mtl_span ln;
  ln.start = st->line_start;
  ln.end = (e > st->line_start && doc->text[e - 1] == '\r') ? e - 1 : e;
  if (doc->ntoks > st->line_tok) {
    ln.tok_start = st->line_tok;
    ln.tok_end = doc->ntoks;
  } else {
    ln.tok_start = ln.tok_end = 0;
  }
  if (st->nonblank) {
    if (!st->run_open) {
      st->run_open = 1;
      st->run.start = ln.start;
      st->run.tok_start = st->line_tok;
      st->run_first = doc->nlines;
    }
    st->run.end = ln.end;
    st->run_last = doc->nlines;
  } else if (st->run_open) {
    /* close the run; a blank line holds no token */
    st->run_open = 0;
    if (doc->ntoks > st->run.tok_start) {
      st->run.tok_end = doc->ntoks;
    } else {
      st->run.tok_start = st->run.tok_end = 0;
    }
    PUSH(doc->paras, doc->nparas, st->paracap, st->run);
  }
  PUSH(doc->lines, doc->nlines, st->linecap, ln);
  st->line_start = e + 1;
  st->line_tok = doc->ntoks;
  st->nonblank = 0;
  return 0;
oom:
  return MTL_ENOMEM;
}

/* The one pass over the bytes: lines, tokens, paragraphs (as runs of
 * non-blank lines, tokens numbered by run), first invalid byte. */
static int scan(mtl_doc *doc, scan_state *st) {
  const unsigned char *t = (const unsigned char *)doc->text;
  size_t len = doc->len, i = doc->body, ntoks = 0, words = 0;
  uint32_t pending = MTL_TF_LINE_START | MTL_TF_SPACE_BEFORE;
  int invalid_seen = 0, rc = MTL_ENOMEM;
  mtl_token *toks;
  st->line_start = i;
  st->tokcap = (len - i) / 5 + 8; /* about a token per five bytes of prose */
  toks = doc->toks = mtl_malloc(st->tokcap * sizeof *doc->toks);
  if (!toks)
    goto done;
  while (i < len) {
    unsigned char c = t[i];
    unsigned cc = byte_class[c];
    cpinfo ci;
    size_t end;
    uint32_t kind, flags;
    mtl_token *tk;
    if (!(cc & H)) {
      if (cc & MTL_CC_SPACE) {
        /* a lone CR ends a line too, as in the language server (LSP
         * counts "\n", "\r\n" and "\r"): one line numbering everywhere */
        if (c == '\n' || (c == '\r' && (i + 1 >= len || t[i + 1] != '\n'))) {
          doc->ntoks = ntoks;
          if (end_line(doc, st, i))
            goto done;
          pending = MTL_TF_LINE_START | MTL_TF_SPACE_BEFORE;
        } else {
          pending |= MTL_TF_SPACE_BEFORE;
        }
        i++;
        continue;
      }
      st->nonblank = 1;
      if (c == 0) {
        pending |= MTL_TF_SPACE_BEFORE;
        i++;
        continue;
      }
      ci.cp = c;
      ci.cc = cc;
      ci.k = 1;
    } else {
      st->nonblank = 1;
      ci = cp_info(t, len, i);
      if (ci.cp < 0) { /* invalid byte: a separator */
        if (!invalid_seen) {
          invalid_seen = 1;
          doc->invalid_at = i;
        }
        pending |= MTL_TF_SPACE_BEFORE;
        i++;
        continue;
      }
      if ((ci.cc & MTL_CC_SPACE) || ci.cp == 0xFEFF) {
        pending |= MTL_TF_SPACE_BEFORE;
        i += (size_t)ci.k;
        continue;
      }
    }
    if ((cc & UH) && (ascii_prefix_icase(t + i, len - i, "http://", 7) ||
                      ascii_prefix_icase(t + i, len - i, "https://", 8) ||
                      ascii_prefix_icase(t + i, len - i, "www.", 4))) {
      kind = MTL_TOK_URL;
      flags = 0;
      end = scan_url(t, len, i);
    } else if (ci.cc & ALNUM) {
      end = scan_word(t, len, i, ci, &kind, &flags);
      words += kind != MTL_TOK_URL;
    } else {
      kind = MTL_TOK_PUNCT;
      flags = 0;
      end = i + (size_t)ci.k;
    }
    if (ntoks >= st->tokcap) {
      if (mtl_grow((void **)&doc->toks, &st->tokcap, ntoks + 1, sizeof *doc->toks))
        goto done;
      toks = doc->toks;
    }
    tk = &toks[ntoks++];
    tk->start = i;
    tk->end = end;
    tk->kind = kind;
    tk->flags = pending | flags;
    tk->sentence = 0;
    tk->para = (uint32_t)doc->nparas; /* the run it is in */
    pending = 0;
    i = end > i ? end : i + 1;
    if (i < len && t[i] == ' ') { /* PERF: the space after most tokens */
      pending = MTL_TF_SPACE_BEFORE;
      i++;
    }
  }
  doc->ntoks = ntoks;
  if (end_line(doc, st, len))
    goto done;
  rc = 0;
done:
  doc->ntoks = ntoks;
  doc->words = words;
  return rc;
}

/* Whether the break after line a, before line b, falls inside a sentence
 * wrapped at a fixed width: a ends in a letter, a digit, ',' ';' or '-' and
 * b starts in lower case, or a ends in ',' ';' or '-'. */
static int wrap_join(const mtl_doc *doc, const mtl_span *a, const mtl_span *b) {
  size_t e = a->end, s = b->start;
  unsigned char last, first;
  while (e > a->start && (doc->text[e - 1] == ' ' || doc->text[e - 1] == '\t'))
    e--;
  while (s < b->end && (doc->text[s] == ' ' || doc->text[s] == '\t'))
    s++;
  if (e == a->start || s == b->end)
    return 0;
  last = (unsigned char)doc->text[e - 1];
  first = (unsigned char)doc->text[s];
  if (last == ',' || last == ';' || last == '-')
    return 1;
  return ((last >= 'a' && last <= 'z') || (last >= 'A' && last <= 'Z') ||
          (last >= '0' && last <= '9') || last >= 0x80) &&
         first >= 'a' && first <= 'z';
}

/* Closes the last run, then decides each run (block of non-blank lines) on
 * its own: a run whose line breaks mostly fall inside sentences is one
 * paragraph wrapped at a fixed width; any other run of several lines puts
 * one paragraph on each line (the shape of most scraped articles).  Local,
 * so a headline added above a text does not change the text's paragraphs. */
static int finish_paras(mtl_doc *doc, scan_state *st) {
  size_t r, l, n = 0, nruns, line = 0;
  mtl_span *runs = NULL, *out = NULL;
  if (st->run_open) {
    st->run_open = 0;
    if (doc->ntoks > st->run.tok_start)
      st->run.tok_end = doc->ntoks;
    else
      st->run.tok_start = st->run.tok_end = 0;
    PUSH(doc->paras, doc->nparas, st->paracap, st->run);
  }
  nruns = doc->nparas;
  if (!nruns || doc->nlines <= nruns)
    return 0;
  runs = doc->paras;
  if (!(out = mtl_malloc(doc->nlines * sizeof *out)))
    goto oom;
  for (r = 0; r < nruns; r++) {
    size_t first, last, joins = 0, wraps = 0;
    while (line < doc->nlines && doc->lines[line].start < runs[r].start)
      line++;
    first = line;
    while (line < doc->nlines && doc->lines[line].start <= runs[r].end)
      line++;
    if (line == first) /* cannot happen: a run holds a line */
      line = first + 1;
    last = line - 1;
    for (l = first; l < last; l++) {
      joins++;
      wraps += (size_t)wrap_join(doc, &doc->lines[l], &doc->lines[l + 1]);
    }
    if (!joins || 2 * wraps >= joins) {
      size_t t;
      out[n] = runs[r];
      for (t = runs[r].tok_start; t < runs[r].tok_end; t++)
        doc->toks[t].para = (uint32_t)n;
      n++;
      continue;
    }
    for (l = first; l <= last; l++) {
      const mtl_span *ln = &doc->lines[l];
      size_t t;
      out[n] = *ln;
      for (t = ln->tok_start; t < ln->tok_end; t++)
        doc->toks[t].para = (uint32_t)n;
      n++;
    }
  }
  mtl_free(doc->paras);
  doc->paras = out;
  doc->nparas = n;
  st->paracap = doc->nlines;
  return 0;
oom:
  return MTL_ENOMEM;
}

/* Abbreviations after which a '.' does not end a sentence, by length: the
 * entry for n holds the words of n bytes one after the other. */
#define ABBREV_MAX 6
static const char *const abbrevs[ABBREV_MAX + 1] = {
    "",
    "p",
    "mr" "ms" "dr" "st" "lt" "fr" "jr" "sr" "vs" "no" "mt" "ft" "cf" "al" "co" "pp",
    "mrs" "sen" "rep" "gov" "gen" "col" "sgt" "adm" "maj" "rev" "hon" "nos" "vol" "fig"
    "est" "jan" "feb" "mar" "apr" "jun" "jul" "aug" "sep" "oct" "nov" "dec" "e.g" "i.e"
    "inc" "ltd" "etc" "viz",
    "prof" "capt" "cmdr" "pres" "dept" "sept" "corp",
    "",
    "approx"};
/* Those that may end a sentence when a capitalised word follows. */
static const char *const soft_abbrevs[ABBREV_MAX + 1] = {
    "", "", "co" "jr" "sr", "inc" "ltd" "etc", "corp", "", ""};
/* Capitalised only: plural titles ("Messrs. Hale and Roe"), which never end
 * a sentence, and US states in AP style ("Topeka, Kan."), which end one
 * when a capitalised word follows. */
static const char *const cap_abbrevs[ABBREV_MAX + 1] = {
    "", "", "", "drs", "sens" "reps" "gens" "govs" "mmes" "atty", "", "messrs"};
static const char *const state_abbrevs[ABBREV_MAX + 1] = {
    "",
    "",
    "ga" "ky" "la" "md" "mo" "pa" "vt" "va",
    "ala" "ark" "del" "fla" "ill" "ind" "kan" "neb" "nev" "ore" "tex" "wis" "wyo",
    "ariz" "colo" "conn" "kans" "mass" "mich" "minn" "miss" "mont" "nebr" "okla" "tenn"
    "wash",
    "calif",
    ""};

static int in_list(const char *const *list, const char *w, size_t n) {
  const char *s;
  if (n == 0 || n > ABBREV_MAX)
    return 0;
  for (s = list[n]; *s; s += n)
    if (s[0] == w[0] && !memcmp(s, w, n))
      return 1;
  return 0;
}

/* The one code point of a punctuation token is one of the bytes given
 * (b1 0 0 for ASCII, a UTF-8 sequence otherwise). */
static int punct_is(const mtl_doc *doc, const mtl_token *t, const char *seq, size_t n) {
  return t->end - t->start == n && !memcmp(doc->text + t->start, seq, n);
}

static int is_closer(const mtl_doc *doc, const mtl_token *t) {
  unsigned char c;
  if (t->kind != MTL_TOK_PUNCT)
    return 0;
  c = (unsigned char)doc->text[t->start];
  if (c < 0x80)
    return c == '"' || c == '\'' || c == ')' || c == ']';
  return punct_is(doc, t, "\xE2\x80\x9D", 3) || punct_is(doc, t, "\xE2\x80\x99", 3) ||
         punct_is(doc, t, "\xC2\xBB", 2);
}

static int is_terminal(const mtl_doc *doc, const mtl_token *t) {
  unsigned char c;
  if (t->kind != MTL_TOK_PUNCT)
    return 0;
  c = (unsigned char)doc->text[t->start];
  if (c < 0x80)
    return c == '.' || c == '!' || c == '?';
  return punct_is(doc, t, "\xE2\x80\xA6", 3);
}

/* Whether the '.' at token index i ends a sentence (i+1 < ntoks). */
static int period_ends(const mtl_doc *doc, size_t i) {
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
  if (in_list(soft_abbrevs, low, n))
    return (next->flags & MTL_TF_CAP) != 0;
  if ((prev->flags & MTL_TF_CAP) && in_list(cap_abbrevs, low, n))
    return 0;
  if ((prev->flags & MTL_TF_CAP) && in_list(state_abbrevs, low, n))
    return (next->flags & MTL_TF_CAP) != 0;
  return !in_list(abbrevs, low, n);
}

/* The pass over the tokens, paragraph by paragraph: sentences end at a
 * paragraph's end and after terminal marks (with their closers) followed
 * by space, abbreviations aside. */
static int build_sentences(mtl_doc *doc) {
  mtl_token *toks = doc->toks;
  size_t p, cap = doc->ntoks / 8 + 4;
  mtl_span s;
  if (!doc->ntoks)
    return 0;
  doc->sents = mtl_malloc(cap * sizeof *doc->sents);
  if (!doc->sents)
    goto oom;
  for (p = 0; p < doc->nparas; p++) {
    size_t i, te = doc->paras[p].tok_end, start_tok = doc->paras[p].tok_start;
    for (i = start_tok; i < te; i++) {
      int end = 0;
      toks[i].sentence = (uint32_t)doc->nsents;
      if (i + 1 == te) {
        end = 1;
      } else if (is_terminal(doc, &toks[i])) {
        /* take the run of terminal marks and closers */
        size_t last = i;
        while (last + 1 < te && !(toks[last + 1].flags & MTL_TF_SPACE_BEFORE) &&
               (is_terminal(doc, &toks[last + 1]) || is_closer(doc, &toks[last + 1]))) {
          last++;
          toks[last].sentence = (uint32_t)doc->nsents;
        }
        if (last + 1 == te)
          end = 1;
        else if ((toks[last + 1].flags & MTL_TF_SPACE_BEFORE) && period_ends(doc, i))
          end = 1;
        i = last;
      }
      if (end) {
        s.tok_start = start_tok;
        s.tok_end = i + 1;
        s.start = toks[start_tok].start;
        s.end = toks[i].end;
        toks[start_tok].flags |= MTL_TF_SENT_START;
        PUSH(doc->sents, doc->nsents, cap, s);
        start_tok = i + 1;
      }
    }
  }
  return 0;
oom:
  return MTL_ENOMEM;
}

int mtl_doc_init(mtl_doc *doc, const char *text, size_t len) {
  const char *nul;
  scan_state st;
  memset(doc, 0, sizeof *doc);
  memset(&st, 0, sizeof st);
  doc->text = text;
  doc->len = len;
  if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
    doc->body = 3;
  doc->invalid_at = len;
  nul = len ? memchr(text, '\0', len) : NULL;
  doc->nul_at = nul ? (size_t)(nul - text) : len;
  if (scan(doc, &st) || finish_paras(doc, &st) || build_sentences(doc)) {
    mtl_doc_free(doc);
    return MTL_ENOMEM;
  }
  return 0;
}

void mtl_doc_free(mtl_doc *doc) {
  if (!doc)
    return;
  mtl_free(doc->toks);
  mtl_free(doc->sents);
  mtl_free(doc->paras);
  mtl_free(doc->lines);
  memset(doc, 0, sizeof *doc);
}

size_t mtl_doc_token_at(const mtl_doc *doc, size_t offset) {
  size_t lo = 0, hi = doc->ntoks;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (doc->toks[mid].end <= offset)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

void mtl_doc_positions(const mtl_doc *doc, mtl_position **pos, size_t n) {
  size_t i, l = 0, cur_off = 0, cur_u16 = 0, cur_line = (size_t)-1;
  for (i = 0; i < n; i++) {
    mtl_position *p = pos[i];
    size_t off = p->offset > doc->len ? doc->len : p->offset;
    while (l + 1 < doc->nlines && doc->lines[l + 1].start <= off)
      l++;
    if (l != cur_line || off < cur_off) {
      cur_line = l;
      cur_off = doc->lines[l].start;
      cur_u16 = 0;
    }
    cur_u16 += mtl_utf16_len(doc->text + cur_off, off - cur_off);
    cur_off = off;
    p->line = l + 1;
    p->column = off - doc->lines[l].start + 1;
    p->column_utf16 = cur_u16 + 1;
  }
}

size_t mtl_doc_line_of(const mtl_doc *doc, size_t off) {
  size_t lo = 0, hi = doc->nlines;
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (doc->lines[mid].start <= off)
      lo = mid;
    else
      hi = mid;
  }
  return lo;
}
