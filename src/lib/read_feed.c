/*
 * read_feed.c - RSS (2.0 and 1.0/RDF) and Atom feeds: one article per
 * <item> or <entry>.  A byte scanner (comments, CDATA, declarations and
 * quoted attributes understood) cuts the input into the feed's skeleton and
 * its items; each item is parsed on its own by xml.c, wrapped in the XML
 * declaration and the root element's start tag (for its namespaces), so:
 *  - memory holds one item (and the skeleton), time is linear;
 *  - an item over the size limit is skipped by size, never parsed;
 *  - a malformed item is read again in libxml2's recovery mode: what that
 *    yields is its article, with the fault in a->recovered (an
 *    input.recovered warning); else it is one error at its line; the other
 *    items are read either way;
 *  - the skeleton (items replaced by empty ones, lines kept) is checked at
 *    the end: a fault outside the items is one error after them.
 * Leading white space and a UTF-8 byte-order mark are skipped; UTF-16 and
 * UTF-32 input is turned into UTF-8 first; HTML named entities (&nbsp;,
 * &eacute;...) are given to libxml2 as character references.  Item HTML
 * (description, content:encoded, Atom content of type html or xhtml) goes
 * through the HTML text extractor.
 */
#include "mtlint.h"
#include "read_feed.h"
#include "reader.h"
#include "utf8.h"
#include "util.h"
#include "xml.h"

#include <stdio.h>
#include <string.h>

static int feed_open(mtl_reader *r, mtl_error *err) {
  feed *fd = mtl_calloc(1, sizeof *fd);
  if (!fd)
    return mtl_reader_fail(r, err, MTL_ENOMEM, 0, 0, "out of memory");
  fd->line = 1;
  r->state = fd;
  return 0;
}

/* ---------------- bytes in ---------------- */

static void put_cp(mtl_buf *b, long cp) {
  char enc[4];
  int m;
  if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
    cp = 0xFFFD;
  m = mtl_utf8_encode((int32_t)cp, enc);
  mtl_buf_put(b, enc, (size_t)m);
}

/* UTF-16/32 bytes s[0..n) (after fd->part) as UTF-8 onto fd->in. */
static void transcode(feed *fd, const unsigned char *s, size_t n, int last) {
  size_t unit = fd->enc == E_UTF32LE || fd->enc == E_UTF32BE ? 4 : 2, i = 0;
  unsigned char u[4];
  long hi = -1;
  for (;;) {
    long v;
    while (fd->npart < unit && i < n)
      fd->part[fd->npart++] = s[i++];
    if (fd->npart < unit)
      break;
    memcpy(u, fd->part, unit);
    fd->npart = 0;
    switch (fd->enc) {
    case E_UTF16LE: v = u[0] | (long)u[1] << 8; break;
    case E_UTF16BE: v = (long)u[0] << 8 | u[1]; break;
    case E_UTF32LE: v = u[0] | (long)u[1] << 8 | (long)u[2] << 16 | (long)u[3] << 24; break;
    default: v = (long)u[0] << 24 | (long)u[1] << 16 | (long)u[2] << 8 | u[3]; break;
    }
    if (unit == 2 && v >= 0xD800 && v <= 0xDBFF) {
      if (hi >= 0)
        put_cp(&fd->in, 0xFFFD);
      hi = v;
      continue;
    }
    if (unit == 2 && v >= 0xDC00 && v <= 0xDFFF && hi >= 0) {
      put_cp(&fd->in, 0x10000 + ((hi - 0xD800) << 10) + (v - 0xDC00));
      hi = -1;
      continue;
    }
    if (hi >= 0)
      put_cp(&fd->in, 0xFFFD);
    hi = -1;
    put_cp(&fd->in, v);
  }
  if (hi >= 0)
    put_cp(&fd->in, 0xFFFD); /* a pair split across reads is rare: U+FFFD */
  if (last && fd->npart) {
    put_cp(&fd->in, 0xFFFD);
    fd->npart = 0;
  }
}

/* The encoding from the first bytes; *skip: the byte-order mark's length. */
static int sniff_encoding(const unsigned char *h, size_t n, size_t *skip) {
  *skip = 0;
  if (n >= 4 && !memcmp(h, "\0\0\xFE\xFF", 4))
    return *skip = 4, E_UTF32BE;
  if (n >= 4 && !memcmp(h, "\xFF\xFE\0\0", 4))
    return *skip = 4, E_UTF32LE;
  if (n >= 3 && !memcmp(h, "\xEF\xBB\xBF", 3))
    return *skip = 3, E_UTF8;
  if (n >= 2 && !memcmp(h, "\xFE\xFF", 2))
    return *skip = 2, E_UTF16BE;
  if (n >= 2 && !memcmp(h, "\xFF\xFE", 2))
    return *skip = 2, E_UTF16LE;
  if (n >= 4 && !h[0] && !h[1] && !h[2] && h[3] && h[3] < 0x80)
    return E_UTF32BE;
  if (n >= 4 && h[0] && h[0] < 0x80 && !h[1] && !h[2] && !h[3])
    return E_UTF32LE;
  if (n >= 4 && !h[0] && h[1] && h[1] < 0x80 && !h[2] && h[3] && h[3] < 0x80)
    return E_UTF16BE;
  if (n >= 4 && h[0] && h[0] < 0x80 && !h[1] && h[2] && h[2] < 0x80 && !h[3])
    return E_UTF16LE;
  return E_UTF8;
}

/* More bytes in fd->in from fd->ipos: 1, 0 at the end, or MTL_EIO. */
static int more(mtl_reader *r, feed *fd) {
  size_t got = 0, skip = 0;
  if (fd->eof)
    return 0;
  fd->in.len = 0;
  fd->ipos = 0;
  while (!fd->in.len) {
    if (mtl_reader_pull(r, fd->raw, sizeof fd->raw, &got))
      return MTL_EIO;
    if (!got) {
      fd->eof = 1;
      if (fd->enc != E_UTF8)
        transcode(fd, (const unsigned char *)"", 0, 1);
      return fd->in.len ? 1 : 0;
    }
    if (!fd->started) {
      /* the first read holds the first 4 bytes unless the input is shorter */
      fd->started = 1;
      fd->enc = sniff_encoding((const unsigned char *)fd->raw, got, &skip);
    }
    if (fd->enc == E_UTF8)
      mtl_buf_put(&fd->in, fd->raw + skip, got - skip);
    else
      transcode(fd, (const unsigned char *)fd->raw + skip, got - skip, 0);
    if (fd->in.oom)
      return MTL_ENOMEM;
  }
  return 1;
}

/* ---------------- the skeleton ---------------- */

/* The feed's title from the header (the skeleton up to the first item). */
static void read_header(mtl_reader *r, feed *fd) {
  mtl_buf doc = {0};
  mtl_xml_event ev;
  int capture_depth = -1, lang_depth = -1;
  size_t i;
  fd->header_done = 1;
  if (!fd->flavor || fd->skel_over)
    return;
  mtl_feed_put_fixed(&doc, fd->skel.data ? fd->skel.data : "", fd->skel.len);
  /* the header ends inside the feed's elements: close them */
  for (i = fd->nopen; i-- > 0;)
    if (i < MAX_OPEN)
      mtl_buf_printf(&doc, "</%s>", fd->open[i]);
  if (doc.oom || mtl_xml_open_memory(&fd->x, doc.data, doc.len, r->name,
                                     fd->enc != E_UTF8 ? MTL_XML_UTF8 : 0)) {
    mtl_buf_free(&doc);
    return;
  }
  /* a fault ends the search; the skeleton check at the end reports it.
   * The title, and an RSS channel's <language> or dc:language (Atom says
   * xml:lang on <feed>, which wraps every item). */
  while (mtl_xml_next(fd->x, &ev) == 1) {
    if (lang_depth < 0 && capture_depth < 0 && ev.type == MTL_XML_START && !ev.empty &&
        fd->flavor == 1 && ev.depth == 2 && !strcmp(ev.name, "language") && !fd->flang.len) {
      lang_depth = ev.depth;
    } else if (lang_depth >= 0 && ev.type == MTL_XML_TEXT) {
      if (fd->flang.len < 64)
        mtl_buf_puts(&fd->flang, ev.text);
    } else if (lang_depth >= 0 && ev.type == MTL_XML_END) {
      lang_depth = -1;
      if (fd->ftitle.len)
        break;
    } else if (capture_depth < 0 && !fd->ftitle.len && ev.type == MTL_XML_START &&
               !ev.empty && !strcmp(ev.name, "title") &&
               ev.depth == (fd->flavor == 2 ? 1 : 2)) {
      capture_depth = ev.depth;
    } else if (capture_depth >= 0 && ev.type == MTL_XML_TEXT) {
      if (fd->ftitle.len < 4096)
        mtl_buf_puts(&fd->ftitle, ev.text);
    } else if (capture_depth >= 0 && ev.type == MTL_XML_END) {
      capture_depth = -1;
      if (fd->flang.len || fd->flavor == 2)
        break;
    }
  }
  mtl_xml_free(fd->x);
  fd->x = NULL;
  mtl_buf_free(&doc);
}

/* Checks the whole skeleton; 0 or an error. */
static int check_skeleton(mtl_reader *r, feed *fd, mtl_error *err) {
  mtl_buf doc = {0};
  mtl_xml_event ev;
  int rc;
  if (fd->skel_over)
    return 0;
  mtl_feed_put_fixed(&doc, fd->skel.data ? fd->skel.data : "", fd->skel.len);
  if (doc.oom || mtl_xml_open_memory(&fd->x, doc.data, doc.len, r->name,
                                     fd->enc != E_UTF8 ? MTL_XML_UTF8 : 0)) {
    mtl_buf_free(&doc);
    return mtl_reader_fail(r, err, MTL_ENOMEM, 0, 0, "out of memory");
  }
  while ((rc = mtl_xml_next(fd->x, &ev)) == 1)
    ;
  if (rc < 0) {
    size_t line, col;
    const char *msg = mtl_xml_error(fd->x, &line, &col);
    rc = mtl_reader_fail(r, err, rc, line ? line + fd->line_base : 0, col, "%s", msg);
  }
  mtl_xml_free(fd->x);
  fd->x = NULL;
  mtl_buf_free(&doc);
  return rc;
}

/* Skips the leading white space (counting lines) and keeps the XML
 * declaration aside; 1 when the first '<' is reached, 0 at the end. */
static int skip_lead(mtl_reader *r, feed *fd, int *rc) {
  for (;;) {
    while (fd->ipos < fd->in.len) {
      char c = fd->in.data[fd->ipos];
      if (c == '\n')
        fd->line_base++;
      else if (c != ' ' && c != '\t' && c != '\r')
        return 1;
      fd->ipos++;
    }
    if ((*rc = more(r, fd)) <= 0)
      return 0;
  }
}

/* The XML declaration, when the input starts with one, into fd->decl (it
 * stays in the skeleton too). */
static void note_decl(feed *fd) {
  const char *p = fd->skel.data;
  const char *end;
  if (fd->decl.len || fd->skel.len < 6 || memcmp(p, "<?xml", 5) ||
      !(p[5] == ' ' || p[5] == '\t' || p[5] == '\r' || p[5] == '\n'))
    return;
  end = memchr(p, '>', fd->skel.len);
  if (end && end > p && end[-1] == '?') {
    if (fd->enc != E_UTF8)
      mtl_buf_puts(&fd->decl, "<?xml version=\"1.0\"?>");
    else
      mtl_buf_put(&fd->decl, p, (size_t)(end - p) + 1);
  }
}

static int feed_next(mtl_reader *r, mtl_article **out, mtl_error *err) {
  feed *fd = r->state;
  int rc = 0;
  if (fd->pending) {
    fd->pending = 0;
    *err = fd->perr;
    return fd->perr_code;
  }
  if (fd->done)
    return 0;
  if (fd->ipos == 0 && fd->in.len == 0 && !fd->eof) {
    if (!skip_lead(r, fd, &rc)) {
      fd->done = 1;
      if (rc < 0)
        return mtl_reader_fail(r, err, rc, 0, 0, "%s", rc == MTL_EIO ? "read error" : "out of memory");
      r->foreign = 1;
      return mtl_reader_fail(r, err, MTL_EPARSE, 1, 1, "empty input: not an RSS or Atom feed");
    }
  }
  for (;;) {
    int ev = mtl_feed_scan(fd);
    if (!fd->decl.len && fd->skel.len >= 6 && fd->st == S_TEXT && !fd->flavor)
      note_decl(fd);
    if (fd->skel.oom || fd->item.oom || fd->rootag.oom || fd->in.oom) {
      fd->done = 1;
      return mtl_reader_fail(r, err, MTL_ENOMEM, fd->line + fd->line_base, 0, "out of memory");
    }
    if (fd->header_done == 2)
      read_header(r, fd);
    if (ev == EV_HUGE)
      return mtl_reader_fail(r, err, MTL_ELIMIT, fd->item_line, 1,
                             "item %zu: larger than the %zu MiB limit; skipped", r->items + 1,
                             MTL_READER_MAX_ITEM >> 20);
    if (ev == EV_ITEM) {
      rc = mtl_feed_parse_item(r, fd, out, err);
      fd->item.len = 0;
      if (fd->item.data)
        fd->item.data[0] = '\0';
      return rc;
    }
    if (!fd->skel_over && fd->skel.len > MAX_SKELETON) {
      if (!fd->flavor || !fd->header_done) {
        fd->done = 1;
        return mtl_reader_fail(r, err, MTL_ELIMIT, fd->line + fd->line_base, 0,
                               "feed header larger than the %zu MiB limit",
                               MTL_READER_MAX_ITEM >> 20);
      }
      fd->skel_over = 1;
    }
    if (fd->ipos < fd->in.len)
      continue;
    if ((rc = more(r, fd)) < 0) {
      fd->done = 1;
      return mtl_reader_fail(r, err, rc, fd->line + fd->line_base, 0, "%s",
                             rc == MTL_EIO ? "read error" : "out of memory");
    }
    if (rc == 0)
      break;
  }
  /* the end */
  fd->done = 1;
  if (!fd->flavor) {
    r->foreign = 1;
    if (fd->other_root[0])
      return mtl_reader_fail(r, err, MTL_EPARSE, 1, 1,
                             "not an RSS or Atom feed (root element <%s>)", fd->other_root);
    return mtl_reader_fail(r, err, MTL_EPARSE, 1, 1, "not an RSS or Atom feed");
  }
  if (!fd->header_done)
    read_header(r, fd);
  if (fd->in_item)
    return mtl_reader_fail(r, err, MTL_EPARSE, fd->item_line, 1,
                           "item %zu: truncated (the input ends inside it)", r->items + 1);
  return check_skeleton(r, fd, err);
}

static void feed_free(mtl_reader *r) {
  feed *fd = r->state;
  size_t i;
  if (!fd)
    return;
  mtl_xml_free(fd->x);
  mtl_xml_free(fd->ix);
  mtl_buf_free(&fd->doc);
  for (i = 0; i < F_N; i++)
    mtl_buf_free(&fd->f[i]);
  mtl_buf_free(&fd->ftitle);
  mtl_buf_free(&fd->flang);
  mtl_buf_free(&fd->ixlang);
  for (i = 0; i < F_N; i++)
    mtl_buf_free(&fd->fxlang[i]);
  mtl_buf_free(&fd->in);
  mtl_buf_free(&fd->rootag);
  mtl_buf_free(&fd->extra_ns);
  mtl_buf_free(&fd->decl);
  mtl_buf_free(&fd->skel);
  mtl_buf_free(&fd->item);
  mtl_free(fd);
  r->state = NULL;
}

const mtl_reader_kind mtl_read_rss = {"rss", feed_open, feed_next, feed_free};
const mtl_reader_kind mtl_read_atom = {"atom", feed_open, feed_next, feed_free};
