/*
 * read_feed.h - the RSS and Atom reader's state, shared by its three
 * files: read_feed.c (the reader's ops, bytes in, the skeleton),
 * feed_scan.c (the byte scanner that cuts the input into the skeleton and
 * its items) and feed_item.c (an item's document for libxml2, its events
 * and its article).  The state is one struct, owned by the reader.
 */
#ifndef MTL_READ_FEED_H
#define MTL_READ_FEED_H

#include "mtlint.h"
#include "reader.h"
#include "util.h"
#include "xml.h"

/* Raw bytes an item may have (markup and escapes included); its text is
 * held to MTL_READER_MAX_ITEM. */
#define MAX_RAW_ITEM (MTL_READER_MAX_ITEM * 2)

/* Bytes of skeleton kept: the feed's header must fit, the rest is only
 * checked when it does. */
#define MAX_SKELETON MTL_READER_MAX_ITEM

/* Bytes of the root element's start tag (and of namespaces collected) that
 * wrap each item. */
#define MAX_ROOT_TAG 16384

/* Open elements of the skeleton tracked (the header is closed with them). */
#define MAX_OPEN 16

enum {
  F_NONE, F_TITLE, F_LINK, F_ID, F_DATE, F_PUBLISHED, F_DESC, F_CONTENT, F_SOURCE, F_LANG, F_N
};

/* scanner states */
enum {
  S_TEXT, S_LT, S_NAME, S_ATTRS, S_QUOTE, S_ENDNAME, S_ENDREST, S_BANG, S_COMMENT, S_CDATA,
  S_PI, S_DECL
};

/* input encodings */
enum { E_UTF8, E_UTF16LE, E_UTF16BE, E_UTF32LE, E_UTF32BE };

/* events of the scanner */
enum { EV_NONE, EV_ITEM, EV_HUGE };

typedef struct feed {
  /* bytes in: raw chunk, transcoded when UTF-16/32 */
  char raw[65536];
  mtl_buf in;
  size_t ipos;
  int eof, started, enc;
  unsigned char part[4];
  size_t npart;
  size_t line_base;    /* newlines skipped before the first '<' */
  size_t line;         /* line of the next byte to scan, from the first '<' */

  /* scanner */
  int st, quote, slash, empty_tag, end_tag, bracket;
  char bang[8];
  size_t nbang;
  char name[128];
  size_t nname;
  size_t tag_at;       /* offset of the tag's '<' in the buffer being filled */
  size_t tag_line;
  unsigned char last2[2];

  /* regions */
  int flavor;          /* 0 unknown yet, 1 rss, 2 atom */
  char root[128];      /* qualified name of the root element */
  mtl_buf rootag;      /* its start tag, line breaks made spaces */
  mtl_buf extra_ns;    /* xmlns:p="..." of the skeleton's other start tags */
  char other_root[128]; /* a root element that is not a feed's */
  char open[MAX_OPEN][128]; /* the skeleton's open elements */
  size_t nopen;
  mtl_buf decl;        /* the XML declaration, or empty */
  mtl_buf skel;        /* skeleton */
  int skel_over;
  mtl_buf item;        /* the item being scanned */
  int in_item;         /* scanning an item */
  int item_nest;       /* nested start tags of the item's own name */
  char item_name[128];
  size_t item_line;    /* line of the item's start tag (file line) */
  size_t item_size;
  int huge;            /* item over MAX_RAW_ITEM: its bytes are dropped */
  int header_done;     /* feed title read from the header */
  int done;
  int pending;         /* an error is waiting in perr */
  mtl_error perr;
  int perr_code;
  int items_seen;

  /* item parse (the fields of one article) */
  mtl_xml *x;          /* the document being read */
  mtl_xml *ix;         /* the items' reader, kept from item to item */
  mtl_buf doc;         /* the items' document buffer */
  int many_attrs;      /* a tag of this item (or the root) has over 1,000 attributes */
  int root_many;
  size_t tag_attrs;    /* quoted attribute values in the tag being scanned */
  int field;
  int field_depth;
  int xhtml;
  int html[F_N];
  int in_source;
  mtl_buf f[F_N];
  mtl_buf ftitle;
  mtl_buf flang;       /* the channel's <language> (or dc:language) */
  mtl_buf ixlang;      /* xml:lang in scope at the item's start tag */
  mtl_buf fxlang[F_N]; /* xml:lang in scope at a body field's start tag */
  size_t fline[F_N];
  size_t size;
  int too_big;
  int recovering;      /* the item is read again in libxml2's recovery mode */
  size_t doc_line0;    /* file line of the document's line 1 */
  size_t doc_col0;     /* bytes of wrapping before the item on that line */
} feed;

/* An ASCII letter or digit. */
static inline int mtl_feed_alnum(int c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/** Scans the bytes in fd->in until an event (EV_ITEM, EV_HUGE); EV_NONE
 *  when they ran out (feed_scan.c). */
int mtl_feed_scan(feed *fd);

/** Parses the item just scanned (fd->item): 1 and its article in *out, or
 *  an error (feed_item.c). */
int mtl_feed_parse_item(mtl_reader *r, feed *fd, mtl_article **out, mtl_error *err);
/** s[0..n) onto b with HTML named entities (not the five of XML) written
 *  as character references, which need no declaration. */
void mtl_feed_put_fixed(mtl_buf *b, const char *s, size_t n);
/** s[0..n) with line breaks and tabs made spaces, onto b. */
void mtl_feed_put_one_line(mtl_buf *b, const char *s, size_t n);

#endif
