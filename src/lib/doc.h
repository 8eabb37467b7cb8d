/* doc.h - doc.c: the document model (paragraphs, sentences, tokens, positions). */
#ifndef MTL_DOC_H
#define MTL_DOC_H

#include "mtlint.h"
#include "utf8.h"
#include "util.h"
#include <stddef.h>
#include <stdint.h>

typedef enum mtl_tok_kind {
  MTL_TOK_WORD = 1,   /* letters, digits, inner ' ’ - (U.S. is U . S .) */
  MTL_TOK_NUMBER,     /* digits with inner , . : */
  MTL_TOK_URL,        /* http(s)://..., www...., e-mail addresses */
  MTL_TOK_PUNCT,      /* one punctuation or symbol character */
} mtl_tok_kind;

enum {
  MTL_TF_CAP = 1u << 0,      /* first letter upper case */
  MTL_TF_ALLCAPS = 1u << 1,  /* two or more letters, all upper case */
  MTL_TF_LOWER = 1u << 2,    /* all letters lower case */
  MTL_TF_DIGIT = 1u << 3,    /* contains a digit */
  MTL_TF_MIXED = 1u << 4,    /* upper case after the first letter, not ALLCAPS */
  MTL_TF_SENT_START = 1u << 5, /* first token of its sentence */
  MTL_TF_LINE_START = 1u << 6, /* first token on its line */
  MTL_TF_SPACE_BEFORE = 1u << 7 /* whitespace right before the token */
};

typedef struct mtl_token {
  size_t start, end;
  uint32_t kind;
  uint32_t flags;
  uint32_t sentence;  /* index into doc->sents */
  uint32_t para;      /* index into doc->paras */
} mtl_token;

/** A sentence, paragraph or line: bytes and the tokens inside. */
typedef struct mtl_span {
  size_t start, end;
  size_t tok_start, tok_end;  /* token index range [tok_start, tok_end) */
} mtl_span;

typedef struct mtl_doc {
  const char *text;
  size_t len;
  size_t body;              /* 3 if the text starts with a BOM, else 0 */
  size_t invalid_at;        /* first invalid UTF-8 byte, or len */
  size_t nul_at;            /* first NUL byte, or len */
  mtl_token *toks; size_t ntoks;
  mtl_span *sents; size_t nsents;
  mtl_span *paras; size_t nparas;   /* blank-line blocks, or lines if none */
  mtl_span *lines; size_t nlines;   /* without the line ending */
  size_t words;
} mtl_doc;

int mtl_doc_init(mtl_doc *doc, const char *text, size_t len);
void mtl_doc_free(mtl_doc *doc);
/** Index of the token containing or following offset (ntoks if none). */
size_t mtl_doc_token_at(const mtl_doc *doc, size_t offset);
/** Lower-cased token text (curly apostrophes folded) appended to b. */
static inline void mtl_doc_token_lower(const mtl_doc *doc, size_t i, mtl_buf *b) {
  mtl_utf8_lower(b, doc->text + doc->toks[i].start, doc->toks[i].end - doc->toks[i].start);
}
/** Index (from 0) of the line holding byte off: the last line starting at
 *  or before it (0 when the document has no lines). */
size_t mtl_doc_line_of(const mtl_doc *doc, size_t off);
/** Fills line/column/column_utf16 for sorted offsets in one pass. */
void mtl_doc_positions(const mtl_doc *doc, mtl_position **pos, size_t n);

#endif
