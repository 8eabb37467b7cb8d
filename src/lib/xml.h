/*
 * xml.h - the one wrapper over libxml2 (xml.c is the only file of ours that
 * includes libxml2 headers).  Two services:
 *  - an XML event reader (xmlTextReader over memory) for the feed reader,
 *    with no network, no DTD loading, no entity substitution, a depth cap,
 *    stopping at the first error;
 *  - HTML main-text extraction (libxml2's HTML parser) for HTML pages and
 *    for the HTML inside feed items and JSON Lines records.
 * Invariants: nothing here prints; errors come back as text + line/column.
 */
#ifndef MTL_XML_H
#define MTL_XML_H

#include "util.h"

/** Deepest element nesting the XML reader accepts. */
#define MTL_XML_MAX_DEPTH 256

typedef struct mtl_xml mtl_xml;

enum {
  MTL_XML_HUGE = 1, /* no DTD in the document: lift libxml2's text-node limit */
  MTL_XML_UTF8 = 2, /* the bytes are UTF-8 whatever the XML declaration says */
  MTL_XML_FEW_ATTRS = 4, /* the caller knows no tag has over 1,000 attributes */
  MTL_XML_RECOVER = 8    /* go on past errors as libxml2's recovery mode does: the
                          * first error is kept (mtl_xml_error), mtl_xml_next
                          * fails only when libxml2 gives up */
};

enum { MTL_XML_START = 1, MTL_XML_END = 2, MTL_XML_TEXT = 3 };

typedef struct mtl_xml_event {
  int type;           /* MTL_XML_START, MTL_XML_END or MTL_XML_TEXT */
  const char *name;   /* local name of the element (START/END) */
  const char *ns;     /* namespace URI or NULL */
  int depth;          /* 0 for the root element */
  int empty;          /* START of an element written <x/> (no END follows) */
  const char *text;   /* TEXT: the text (entities of the five XML kinds decoded) */
  size_t line;        /* line of the node, 0 if unknown */
} mtl_xml_event;

/** A reader over data[0..len) (kept by the caller until mtl_xml_free). */
int mtl_xml_open_memory(mtl_xml **out, const char *data, size_t len, const char *name,
                        int flags);
/** x, done with its document, over data[0..len) (faster than a new one). */
int mtl_xml_reopen_memory(mtl_xml *x, const char *data, size_t len, const char *name,
                          int flags);
/** 1 and *ev (valid until the next call), 0 at the end, MTL_EPARSE or
 *  MTL_ELIMIT at the first error libxml2 reports (see mtl_xml_error); no
 *  node after it is read. */
int mtl_xml_next(mtl_xml *x, mtl_xml_event *ev);
/** Attribute of the current START element, copied (mtl_free), or NULL. */
char *mtl_xml_attr(mtl_xml *x, const char *name);
/** The xml:lang in scope at the current node (its own or an ancestor's),
 *  borrowed until the next call, or NULL. */
const char *mtl_xml_lang(mtl_xml *x);
/** The first error: message, line and column (0 if unknown). */
const char *mtl_xml_error(const mtl_xml *x, size_t *line, size_t *column);
void mtl_xml_free(mtl_xml *x);

/** The code point of the HTML named entity name[0..len) (nbsp, eacute...),
 *  or -1. */
int mtl_html_entity(const char *name, size_t len);

/** What HTML extraction gives: main text (paragraphs separated by blank
 *  lines) and page metadata (each NULL if absent; mtl_free'd by
 *  mtl_html_page_free). */
typedef struct mtl_html_page {
  mtl_buf text;
  char *title;
  char *url;
  char *site;
  char *published;
  char *lang;         /* the lang (or xml:lang) attribute of <html> */
  int deep;           /* MTL_ELIMIT: elements nested deeper than 200 */
} mtl_html_page;

/** Extracts the main text of html[0..len).  fragment: the bytes are a piece
 *  of HTML in UTF-8 (a feed item), not a whole page.  0, MTL_ENOMEM or
 *  MTL_ELIMIT (too big, or nested deeper than 200 elements: page->deep).
 *  The text and metadata are valid UTF-8 (U+FFFD for bad bytes). */
int mtl_html_extract(mtl_html_page *page, const char *html, size_t len, int fragment);
void mtl_html_page_free(mtl_html_page *page);

/** Text that may hold HTML markup or entities, as plain text with
 *  whitespace collapsed (mtl_free), or NULL on allocation failure. */
char *mtl_html_plain(const char *s, size_t len);
/* The same for s (len bytes and a NUL, from mtl_malloc), which it takes:
 * plain text is squeezed in place and s returned; NULL if out of memory. */
char *mtl_html_plain_take(char *s, size_t len);

#endif
