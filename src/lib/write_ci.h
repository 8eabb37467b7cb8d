/*
 * write_ci.h - what the CI writers (sarif, rdjsonl, github, checkstyle,
 * junit) share.  Each one's state struct starts with an mtl_ci_head, which
 * is how mtl_writer_set_engine hands them the engine.
 */
#ifndef MTL_WRITE_CI_H
#define MTL_WRITE_CI_H

#include "mtlint.h"
#include "util.h"

typedef struct mtl_ci_head {
  const mtl_engine *eng; /* borrowed; may be NULL */
} mtl_ci_head;

/** The engine given to mtl_writer_set_engine, or NULL. */
const mtl_engine *mtl_ci_engine(const mtl_writer *w);
/** XML character data / attribute value: escapes & < > " ', and writes
 *  invalid UTF-8 and characters XML 1.0 forbids as U+FFFD. */
void mtl_ci_xml(mtl_buf *b, const char *s, size_t n);
/** The same for character data: line breaks and tabs stay as they are. */
void mtl_ci_xml_text(mtl_buf *b, const char *s, size_t n);
/** A path as a URI reference: RFC 3986 unreserved bytes and '/' kept, the
 *  rest percent-encoded; an absolute path gets "file://". */
void mtl_ci_uri(mtl_buf *b, const char *path);

#endif
