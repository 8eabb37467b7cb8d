/*
 * reader.h - what the input readers share: the reader object, the byte
 * source with the sniffed head replayed, and one ops table per format
 * (read_text.c, read_feed.c, read_jsonl.c, read_jsonfeed.c, read_html.c).
 * Invariants: readers pull bytes through mtl_reader_pull only; an article
 * handed out is the caller's; a failed reader keeps answering its error or 0.
 */
#ifndef MTL_READER_H
#define MTL_READER_H

#include "mtlint.h"
#include "util.h"

typedef struct mtl_reader_kind {
  const char *name;
  int (*open)(mtl_reader *r, mtl_error *err);
  /** 1 article, 0 end, negative: a bad item (err filled by the kind). */
  int (*next)(mtl_reader *r, mtl_article **out, mtl_error *err);
  void (*free)(mtl_reader *r);
} mtl_reader_kind;

struct mtl_reader {
  const mtl_reader_kind *kind;
  char *name;
  mtl_read_fn fn;
  void *ctx;
  char *head;            /* bytes read for detection, replayed first */
  size_t head_len, head_pos;
  size_t bytes;          /* bytes pulled from fn */
  int eof, ioerr;
  size_t items;          /* articles and bad items so far */
  int foreign;           /* the input is not of this format at all (mtl_reader_foreign) */
  void *state;           /* the kind's */
};

/** Reads up to cap bytes (the sniffed head first).  0 and *got (0 at the
 *  end), or MTL_EIO. */
int mtl_reader_pull(mtl_reader *r, char *buf, size_t cap, size_t *got);
/** Reads the whole rest of the input into b, failing with MTL_ELIMIT past
 *  max bytes (the rest is still consumed). */
int mtl_reader_slurp(mtl_reader *r, mtl_buf *b, size_t max);
/** A new article owning text (copied) and the given metadata (copied). */
mtl_article *mtl_article_new(const char *text, size_t len);
/** Sets *slot to a copy of s[0..n) (replacing it). 0 or MTL_ENOMEM. */
int mtl_article_set(char **slot, const char *s, size_t n);
/** Fills err with name:line:col and the message. */
int mtl_reader_fail(mtl_reader *r, mtl_error *err, int code, size_t line, size_t col,
                    const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

extern const mtl_reader_kind mtl_read_text;
extern const mtl_reader_kind mtl_read_rss;
extern const mtl_reader_kind mtl_read_atom;
extern const mtl_reader_kind mtl_read_jsonl;
extern const mtl_reader_kind mtl_read_jsonfeed;
extern const mtl_reader_kind mtl_read_html;

#endif
