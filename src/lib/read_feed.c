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
#include "reader.h"
#include "utf8.h"
#include "util.h"
#include "xml.h"

#include <stdio.h>
#include <string.h>

/* Raw bytes an item may have (markup and escapes included); its text is
 * held to MTL_READER_MAX_ITEM. */
#define MAX_RAW_ITEM (MTL_READER_MAX_ITEM * 2)
/* Largest item document read again in recovery mode (libxml2 builds its
 * tree: several times its size in memory); a bigger malformed item stays an
 * error. */
#define MAX_RECOVER ((size_t)16 << 20)

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

/* ---------------- documents for libxml2 ---------------- */

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

static int is_name_char(int c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static int name_byte(unsigned char c) {
  return c >= 0x80 || is_name_char(c) || c == ':' || c == '_' || c == '-' || c == '.';
}

/* s[0..n) onto b with HTML named entities (not the five of XML) written as
 * character references, which need no declaration. */
static void put_fixed(mtl_buf *b, const char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    const char *amp = memchr(s + i, '&', n - i);
    size_t j, k;
    int cp;
    if (!amp) {
      mtl_buf_put(b, s + i, n - i);
      return;
    }
    j = (size_t)(amp - s);
    mtl_buf_put(b, s + i, j - i);
    for (k = j + 1; k < n && k - j <= 32 && is_name_char((unsigned char)s[k]); k++)
      ;
    if (k < n && s[k] == ';' && k > j + 1 &&
        !((k - j - 1 == 3 && (!memcmp(s + j + 1, "amp", 3))) ||
          (k - j - 1 == 2 && (!memcmp(s + j + 1, "lt", 2) || !memcmp(s + j + 1, "gt", 2))) ||
          (k - j - 1 == 4 && (!memcmp(s + j + 1, "quot", 4) || !memcmp(s + j + 1, "apos", 4)))) &&
        (cp = mtl_html_entity(s + j + 1, k - j - 1)) > 0) {
      mtl_buf_printf(b, "&#%d;", cp);
      i = k + 1;
      continue;
    }
    mtl_buf_putc(b, '&');
    i = j + 1;
  }
}

/* s[0..n) with line breaks and tabs made spaces, onto b. */
static void put_one_line(mtl_buf *b, const char *s, size_t n) {
  size_t i;
  for (i = 0; i < n; i++)
    mtl_buf_putc(b, s[i] == '\n' || s[i] == '\r' || s[i] == '\t' ? ' ' : s[i]);
}

static int field_of(const feed *fd, const mtl_xml_event *ev, int rel) {
  const char *n = ev->name;
  int atom = fd->flavor == 2;
  if (fd->in_source) {
    /* Atom <source><title>: the original feed's name */
    return rel == 2 && !strcmp(n, "title") ? F_SOURCE : F_NONE;
  }
  if (rel != 1)
    return F_NONE;
  if (!strcmp(n, "title"))
    return F_TITLE;
  if (!strcmp(n, "link"))
    return F_LINK;
  if (!strcmp(n, atom ? "id" : "guid"))
    return F_ID;
  if (!strcmp(n, "pubDate") || !strcmp(n, "date") || !strcmp(n, "updated"))
    return F_DATE;
  if (!strcmp(n, "published") || !strcmp(n, "issued"))
    return F_PUBLISHED;
  if (!strcmp(n, "description") || !strcmp(n, "summary"))
    return F_DESC;
  if (!strcmp(n, "encoded") || (atom && !strcmp(n, "content")))
    return F_CONTENT;
  if (!atom && !strcmp(n, "source"))
    return F_SOURCE;
  if (!strcmp(n, "language")) /* dc:language */
    return F_LANG;
  return F_NONE;
}

static void capture(feed *fd, int field, const char *s, size_t n) {
  if (fd->too_big)
    return;
  fd->size += n;
  if (fd->size > MTL_READER_MAX_ITEM) {
    fd->too_big = 1;
    return;
  }
  mtl_buf_put(&fd->f[field], s, n);
}

static char *plain(const mtl_buf *b) {
  return b->len ? mtl_html_plain(b->data, b->len) : NULL;
}

static int set_plain(char **slot, const mtl_buf *b) {
  if (!b->len)
    return 0;
  if (!(*slot = plain(b)))
    return MTL_ENOMEM;
  if (!**slot) {
    mtl_free(*slot);
    *slot = NULL;
  }
  return 0;
}

/* Builds the article of the item just ended. */
static int build(mtl_reader *r, feed *fd, mtl_article **out, mtl_error *err) {
  int body = fd->f[F_CONTENT].len ? F_CONTENT : F_DESC;
  mtl_buf *b = &fd->f[body];
  mtl_article *a = NULL;
  size_t i, n = r->items + 1;
  int rc = 0, markup = fd->html[body];
  for (i = 0; i < F_N; i++)
    if (fd->f[i].oom)
      return mtl_reader_fail(r, err, MTL_ENOMEM, fd->item_line, 1, "item %zu: out of memory", n);
  if (fd->too_big)
    return mtl_reader_fail(r, err, MTL_ELIMIT, fd->item_line, 1,
                           "item %zu: larger than the %zu MiB limit; skipped", n,
                           MTL_READER_MAX_ITEM >> 20);
  for (i = 0; !markup && i < b->len; i++)
    markup = b->data[i] == '<' || b->data[i] == '&';
  if (markup) {
    mtl_html_page page;
    int deep;
    if ((rc = mtl_html_extract(&page, b->data ? b->data : "", b->len, 1)) == 0)
      a = mtl_article_new(page.text.data, page.text.len);
    deep = page.deep;
    mtl_html_page_free(&page);
    if (deep)
      return mtl_reader_fail(r, err, rc, fd->item_line, 1,
                             "item %zu: HTML nested deeper than 200 elements; skipped", n);
  } else {
    /* plain text: trim the ends, keep the lines */
    const char *s = b->data ? b->data : "";
    size_t st = 0, en = b->len;
    while (st < en && (s[st] == ' ' || s[st] == '\n' || s[st] == '\r' || s[st] == '\t'))
      st++;
    while (en > st && (s[en - 1] == ' ' || s[en - 1] == '\n' || s[en - 1] == '\r' ||
                       s[en - 1] == '\t'))
      en--;
    a = mtl_article_new(s + st, en - st);
  }
  if (!a)
    return mtl_reader_fail(r, err, rc ? rc : MTL_ENOMEM, fd->item_line, 1,
                           "item %zu: %s", n, rc == MTL_ELIMIT ? "too large" : "out of memory");
  rc = set_plain(&a->title, &fd->f[F_TITLE]);
  if (!rc && fd->f[F_ID].len)
    rc = set_plain(&a->id, &fd->f[F_ID]);
  if (!rc && fd->f[F_LINK].len)
    rc = set_plain(&a->url, &fd->f[F_LINK]);
  if (!rc && !a->id && a->url)
    a->id = mtl_strdup(a->url);
  if (!rc && !a->id) {
    char tmp[48];
    snprintf(tmp, sizeof tmp, "item-%zu", n);
    a->id = mtl_strdup(tmp);
    if (!a->id)
      rc = MTL_ENOMEM;
  }
  if (!rc)
    rc = set_plain(&a->published, &fd->f[fd->f[F_PUBLISHED].len ? F_PUBLISHED : F_DATE]);
  if (!rc && fd->f[F_SOURCE].len)
    rc = set_plain(&a->source, &fd->f[F_SOURCE]);
  if (!rc && !a->source && fd->ftitle.len)
    rc = set_plain(&a->source, &fd->ftitle);
  if (!rc) {
    /* the language: the body's own xml:lang, the item's dc:language, the
     * item's xml:lang (or its feed's), the channel's <language> */
    const mtl_buf *fx = &fd->fxlang[body], *ix = &fd->ixlang;
    if (fx->len && !(ix->len == fx->len && !memcmp(ix->data, fx->data, fx->len)))
      rc = set_plain(&a->language, fx);
    else if (fd->f[F_LANG].len)
      rc = set_plain(&a->language, &fd->f[F_LANG]);
    else if (ix->len)
      rc = set_plain(&a->language, ix);
    else if (fd->flang.len)
      rc = set_plain(&a->language, &fd->flang);
  }
  if (rc) {
    mtl_article_free(a);
    return mtl_reader_fail(r, err, MTL_ENOMEM, fd->item_line, 1, "item %zu: out of memory", n);
  }
  a->line = fd->fline[body] ? fd->fline[body] : fd->item_line;
  a->column = a->line ? 1 : 0;
  *out = a;
  return 1;
}

/* ---------------- one item ---------------- */

static void reset_item(feed *fd) {
  size_t i;
  for (i = 0; i < F_N; i++) {
    fd->f[i].len = 0;
    if (fd->f[i].data)
      fd->f[i].data[0] = '\0';
    fd->f[i].oom = 0;
    fd->html[i] = 0;
    fd->fline[i] = 0;
    fd->fxlang[i].len = 0;
  }
  fd->ixlang.len = 0;
  fd->field = F_NONE;
  fd->xhtml = 0;
  fd->in_source = 0;
  fd->size = 0;
  fd->too_big = 0;
}

static size_t file_line(const feed *fd, size_t doc_line) {
  return doc_line ? fd->doc_line0 + doc_line - 1 : 0;
}

/* libxml2's message msg with each "line N" (a line of the item's wrapped
 * document) made the file's line, into out. */
static void file_lines_in(const feed *fd, const char *msg, char *out, size_t cap) {
  size_t n = 0;
  while (*msg && n + 1 < cap) {
    if (!strncmp(msg, "line ", 5) && msg[5] >= '1' && msg[5] <= '9') {
      size_t v = 0;
      const char *p = msg + 5;
      while (*p >= '0' && *p <= '9' && v < ((size_t)1 << 40))
        v = v * 10 + (size_t)(*p++ - '0');
      n += (size_t)snprintf(out + n, cap - n, "line %zu", file_line(fd, v));
      if (n >= cap)
        n = cap - 1;
      msg = p;
      continue;
    }
    out[n++] = *msg++;
  }
  out[n] = '\0';
}

/* The events of one item (at depth item_depth); 1 article, or an error. */
static int item_events(mtl_reader *r, feed *fd, int item_depth, mtl_article **out,
                       mtl_error *err) {
  mtl_xml_event ev;
  int in_item = 0;
  for (;;) {
    int rc = mtl_xml_next(fd->x, &ev), rel;
    if (rc <= 0 && fd->recovering) {
      /* what libxml2 recovered of the item, up to where it gave up */
      if (in_item && rc != MTL_ELIMIT && rc != MTL_ENOMEM)
        return build(r, fd, out, err);
      return mtl_reader_fail(r, err, rc ? rc : MTL_EPARSE, 0, 0, "nothing recovered");
    }
    if (rc <= 0) {
      size_t line = 0, col = 0;
      const char *msg = rc ? mtl_xml_error(fd->x, &line, &col) : "truncated item";
      char fixed[400];
      if (!rc)
        line = 1;
      if (line == 1 && col > fd->doc_col0)
        col -= fd->doc_col0;
      file_lines_in(fd, msg, fixed, sizeof fixed);
      return mtl_reader_fail(r, err, rc ? rc : MTL_EPARSE, file_line(fd, line), col,
                             "item %zu (line %zu): %s; skipped", r->items + 1, fd->item_line,
                             fixed);
    }
    if (!in_item) {
      if (ev.type == MTL_XML_START && ev.depth == item_depth) {
        const char *xl;
        in_item = 1;
        reset_item(fd);
        if ((xl = mtl_xml_lang(fd->x)) != NULL && strlen(xl) < 64)
          mtl_buf_puts(&fd->ixlang, xl);
      }
      continue;
    }
    rel = ev.depth - item_depth;
    if (ev.type == MTL_XML_END && rel == 0)
      return build(r, fd, out, err);
    if (fd->field) {
      if (ev.type == MTL_XML_END && ev.depth == fd->field_depth) {
        fd->field = F_NONE;
        fd->xhtml = 0;
      } else if (ev.type == MTL_XML_TEXT) {
        capture(fd, fd->field, ev.text, strlen(ev.text));
      } else if (fd->xhtml && ev.type == MTL_XML_START) {
        capture(fd, fd->field, "<", 1);
        capture(fd, fd->field, ev.name, strlen(ev.name));
        capture(fd, fd->field, ev.empty ? "/>" : ">", ev.empty ? 2 : 1);
      } else if (fd->xhtml && ev.type == MTL_XML_END) {
        capture(fd, fd->field, "</", 2);
        capture(fd, fd->field, ev.name, strlen(ev.name));
        capture(fd, fd->field, ">", 1);
      }
      continue;
    }
    if (ev.type == MTL_XML_END && fd->in_source && ev.depth == fd->in_source - 1) {
      fd->in_source = 0;
      continue;
    }
    if (ev.type != MTL_XML_START)
      continue;
    if (fd->flavor == 2 && rel == 1 && !strcmp(ev.name, "source") && !ev.empty) {
      fd->in_source = ev.depth + 1;
      continue;
    }
    {
      int f = field_of(fd, &ev, rel);
      if (f == F_LINK && fd->flavor == 2) {
        /* Atom: <link rel="alternate" href="..."/>, the first one wins */
        char *rel_attr = mtl_xml_attr(fd->x, "rel");
        if ((!rel_attr || !strcmp(rel_attr, "alternate")) && !fd->f[F_LINK].len) {
          char *href = mtl_xml_attr(fd->x, "href");
          if (href)
            capture(fd, F_LINK, href, strlen(href));
          mtl_free(href);
        }
        mtl_free(rel_attr);
        continue;
      }
      if (f == F_NONE || ev.empty)
        continue;
      if (fd->f[f].len && f != F_DESC && f != F_CONTENT)
        continue; /* first one wins */
      if (f == F_DESC || f == F_CONTENT) {
        char *type = fd->flavor == 2 ? mtl_xml_attr(fd->x, "type") : NULL;
        if (fd->f[f].len) {
          mtl_free(type);
          continue;
        }
        fd->xhtml = type && !strcmp(type, "xhtml");
        fd->html[f] = fd->flavor == 1 || (type && (!strcmp(type, "html") || fd->xhtml));
        mtl_free(type);
        {
          const char *xl = mtl_xml_lang(fd->x);
          if (xl && strlen(xl) < 64)
            mtl_buf_puts(&fd->fxlang[f], xl);
        }
      }
      fd->field = f;
      fd->field_depth = ev.depth;
      fd->fline[f] = file_line(fd, ev.line);
    }
  }
}

/* Parses the item just scanned (fd->item). */
static int parse_item(mtl_reader *r, feed *fd, mtl_article **out, mtl_error *err) {
  mtl_buf doc = fd->doc; /* PERF: one buffer and one reader for every item */
  int rc, flags = MTL_XML_HUGE | (fd->enc != E_UTF8 ? MTL_XML_UTF8 : 0);
  doc.len = 0;
  if (!fd->many_attrs && fd->extra_ns.len < MAX_ROOT_TAG / 2)
    flags |= MTL_XML_FEW_ATTRS;
  if (fd->decl.len)
    put_one_line(&doc, fd->decl.data, fd->decl.len);
  if (fd->rootag.len)
    mtl_buf_put(&doc, fd->rootag.data, fd->rootag.len - 1); /* up to '>' */
  mtl_buf_put(&doc, fd->extra_ns.data ? fd->extra_ns.data : "", fd->extra_ns.len);
  mtl_buf_putc(&doc, '>');
  fd->doc_col0 = doc.len;
  put_fixed(&doc, fd->item.data ? fd->item.data : "", fd->item.len);
  mtl_buf_printf(&doc, "</%s>", fd->root);
  fd->doc = doc;
  if (doc.oom) {
    mtl_buf_free(&fd->doc);
    return mtl_reader_fail(r, err, MTL_ENOMEM, fd->item_line, 1, "item %zu: out of memory",
                           r->items + 1);
  }
  fd->doc_line0 = fd->item_line;
  rc = fd->ix ? mtl_xml_reopen_memory(fd->ix, doc.data, doc.len, r->name, flags)
              : mtl_xml_open_memory(&fd->ix, doc.data, doc.len, r->name, flags);
  if (rc) {
    mtl_xml_free(fd->ix);
    fd->ix = NULL;
    return mtl_reader_fail(r, err, rc, fd->item_line, 1, "item %zu: %s", r->items + 1,
                           rc == MTL_ELIMIT ? "too large" : "out of memory");
  }
  fd->x = fd->ix;
  rc = item_events(r, fd, 1, out, err);
  fd->x = NULL;
  if (rc == MTL_EPARSE && doc.len <= MAX_RECOVER) {
    /* malformed: read the item again in libxml2's recovery mode; what it
     * yields is the article, with the fault's place in a->recovered
     * (input.recovered), else the error stands */
    mtl_error first = *err;
    mtl_article *a = NULL;
    char why[sizeof first.message + 64];
    const char *msg = strstr(first.message, "): ");
    size_t k;
    msg = msg ? msg + 3 : first.message;
    snprintf(why, sizeof why, "line %zu, column %zu: %s", first.line, first.column, msg);
    k = strlen(why);
    if (k >= 9 && !strcmp(why + k - 9, "; skipped"))
      why[k - 9] = '\0';
    if (!mtl_xml_reopen_memory(fd->ix, doc.data, doc.len, r->name, flags | MTL_XML_RECOVER)) {
      fd->x = fd->ix;
      fd->recovering = 1;
      if (item_events(r, fd, 1, &a, err) == 1 && !(a->recovered = mtl_strdup(why))) {
        mtl_article_free(a);
        a = NULL;
      }
      fd->recovering = 0;
      fd->x = NULL;
    }
    if (a) {
      *out = a;
      rc = 1;
    } else {
      *err = first;
    }
  }
  if (doc.len > (1u << 20)) { /* a big item's buffer is not kept */
    mtl_buf_free(&fd->doc);
    mtl_xml_free(fd->ix);
    fd->ix = NULL;
  }
  return rc;
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
  put_fixed(&doc, fd->skel.data ? fd->skel.data : "", fd->skel.len);
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
  put_fixed(&doc, fd->skel.data ? fd->skel.data : "", fd->skel.len);
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

/* ---------------- the scanner ---------------- */

static mtl_buf *target(feed *fd) {
  if (fd->in_item)
    return fd->huge ? NULL : &fd->item;
  return fd->skel_over ? NULL : &fd->skel;
}

static const char *local_name(const char *q) {
  const char *c = strrchr(q, ':');
  return c ? c + 1 : q;
}

enum { EV_NONE, EV_ITEM, EV_HUGE };

/* The next "xmlns:" in p[0..e), or NULL. */
static const char *find_xmlns(const char *p, const char *e) {
  while (p && e - p >= 6) {
    const char *x = memchr(p, 'x', (size_t)(e - p - 5));
    if (!x)
      return NULL;
    if (!memcmp(x, "xmlns:", 6))
      return x;
    p = x + 1;
  }
  return NULL;
}

/* Whether the start tags kept declare xmlns:prefix[0..n). */
static int has_prefix(const feed *fd, const char *prefix, size_t n) {
  const mtl_buf *bufs[2];
  size_t b;
  bufs[0] = &fd->rootag;
  bufs[1] = &fd->extra_ns;
  for (b = 0; b < 2; b++) {
    const char *p = bufs[b]->data, *e = p ? p + bufs[b]->len : NULL;
    while (p && (p = find_xmlns(p, e)) != NULL) {
      const char *q = p + 6;
      if ((size_t)(e - q) > n && !memcmp(q, prefix, n) &&
          (q[n] == '=' || q[n] == ' ' || q[n] == '\t'))
        return 1;
      p = q;
    }
  }
  return 0;
}

/* Keeps the xmlns:p declarations of the start tag tag[0..n) (a channel's,
 * say) for the items, which are parsed without it. */
static void keep_namespaces(feed *fd, const char *tag, size_t n) {
  const char *p = tag, *e = tag + n;
  while (fd->extra_ns.len < MAX_ROOT_TAG && (p = find_xmlns(p, e)) != NULL) {
    const char *pre = p + 6, *q = pre, *v;
    char quote;
    p = pre;
    if (pre - tag < 7 || !(pre[-7] == ' ' || pre[-7] == '\t' || pre[-7] == '\n' ||
                           pre[-7] == '\r'))
      continue;
    while (q < e && name_byte((unsigned char)*q) && *q != ':')
      q++;
    v = q;
    while (v < e && (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r' || *v == '='))
      v++;
    if (q == pre || v >= e || (*v != '"' && *v != '\''))
      continue;
    quote = *v;
    {
      const char *end = memchr(v + 1, quote, (size_t)(e - v - 1));
      if (!end || has_prefix(fd, pre, (size_t)(q - pre)))
        continue;
      mtl_buf_puts(&fd->extra_ns, " xmlns:");
      mtl_buf_put(&fd->extra_ns, pre, (size_t)(q - pre));
      mtl_buf_puts(&fd->extra_ns, "=");
      put_one_line(&fd->extra_ns, v, (size_t)(end - v) + 1);
      p = end;
    }
  }
}

static void push_open(feed *fd) {
  if (fd->empty_tag)
    return;
  if (fd->nopen < MAX_OPEN)
    snprintf(fd->open[fd->nopen], sizeof fd->open[0], "%s", fd->name);
  fd->nopen++;
}

/* A tag just ended (fd->name, fd->end_tag, fd->empty_tag); the event. */
static int tag_done(feed *fd) {
  mtl_buf *t = target(fd);
  if (fd->tag_attrs > 1000) /* libxml2 checks them pairwise: xml.c blanks the rest */
    fd->many_attrs = 1;
  if (fd->in_item) {
    if (strcmp(fd->name, fd->item_name))
      return EV_NONE;
    if (!fd->end_tag) {
      if (!fd->empty_tag)
        fd->item_nest++;
      return EV_NONE;
    }
    if (fd->item_nest--)
      return EV_NONE;
    fd->in_item = 0;
    if (!fd->skel_over) {
      /* the skeleton keeps an empty item and the item's line breaks */
      size_t k;
      mtl_buf_printf(&fd->skel, "<%s/>", fd->item_name);
      for (k = fd->item_line; k < fd->tag_line + fd->line_base; k++)
        mtl_buf_putc(&fd->skel, '\n');
      if (fd->skel.len > MAX_SKELETON)
        fd->skel_over = 1;
    }
    return fd->huge ? EV_HUGE : EV_ITEM;
  }
  if (fd->end_tag) {
    if (fd->nopen && (fd->nopen > MAX_OPEN || !strcmp(fd->open[fd->nopen - 1], fd->name)))
      fd->nopen--;
    return EV_NONE;
  }
  if (!fd->flavor) {
    push_open(fd);
    const char *l = local_name(fd->name);
    snprintf(fd->root, sizeof fd->root, "%s", fd->name);
    if (!strcmp(l, "rss") || !strcmp(l, "RDF"))
      fd->flavor = 1;
    else if (!strcmp(l, "feed"))
      fd->flavor = 2;
    else if (!fd->other_root[0])
      snprintf(fd->other_root, sizeof fd->other_root, "%s", fd->name);
    /* a feed inside another element (an XHTML page, say) is still read */
    if (!fd->flavor)
      return EV_NONE;
    fd->root_many = fd->tag_attrs > 1000;
    if (t && t->len - fd->tag_at > MAX_ROOT_TAG) {
      /* every item is wrapped in it: a huge one keeps only its namespaces */
      const char *tag = t->data + fd->tag_at, *dflt;
      size_t n = t->len - fd->tag_at;
      mtl_buf_printf(&fd->rootag, "<%s", fd->name);
      for (dflt = tag; (dflt = memchr(dflt, 'x', n - (size_t)(dflt - tag))) != NULL; dflt++)
        if ((size_t)(tag + n - dflt) > 8 && !memcmp(dflt, "xmlns=", 6) && is_space(dflt[-1]) &&
            (dflt[6] == '"' || dflt[6] == '\'')) {
          const char *end = memchr(dflt + 7, dflt[6], n - (size_t)(dflt + 7 - tag));
          if (end && end - dflt < 4096) {
            mtl_buf_putc(&fd->rootag, ' ');
            put_one_line(&fd->rootag, dflt, (size_t)(end - dflt) + 1);
          }
          break;
        }
      mtl_buf_putc(&fd->rootag, '>');
      keep_namespaces(fd, tag, n);
    } else if (t) {
      put_one_line(&fd->rootag, t->data + fd->tag_at, t->len - fd->tag_at);
      if (fd->empty_tag && fd->rootag.len >= 2) /* <feed/>: keep it open for items */
        fd->rootag.data[fd->rootag.len - 2] = ' ';
    }
    return EV_NONE;
  }
  if (fd->empty_tag || strcmp(local_name(fd->name), fd->flavor == 2 ? "entry" : "item")) {
    if (t)
      keep_namespaces(fd, t->data + fd->tag_at, t->len - fd->tag_at);
    push_open(fd);
    return EV_NONE;
  }
  /* an item starts: its start tag moves from the skeleton to the item */
  if (!fd->header_done)
    fd->header_done = 2; /* read the header before this item is handed out */
  fd->in_item = 1;
  fd->many_attrs = fd->root_many || fd->tag_attrs > 1000;
  fd->item_nest = 0;
  fd->huge = 0;
  fd->item.len = 0;
  fd->item.oom = 0;
  fd->item_line = fd->tag_line + fd->line_base;
  snprintf(fd->item_name, sizeof fd->item_name, "%s", fd->name);
  if (t) {
    mtl_buf_put(&fd->item, t->data + fd->tag_at, t->len - fd->tag_at);
    t->len = fd->tag_at;
  }
  return EV_NONE;
}

/* Scans the bytes in fd->in until an event; EV_NONE when they ran out. */
static int scan(feed *fd) {
  while (fd->ipos < fd->in.len) {
    const char *p = fd->in.data + fd->ipos, *e = fd->in.data + fd->in.len;
    unsigned char c;
    mtl_buf *t;
    if (fd->st == S_TEXT ||
        ((fd->st == S_CDATA || fd->st == S_COMMENT) &&
         fd->last2[1] != (fd->st == S_CDATA ? ']' : '-'))) {
      /* PERF: text runs at memchr speed */
      const char *stop = fd->st == S_TEXT ? memchr(p, '<', (size_t)(e - p))
                                          : memchr(p, fd->st == S_CDATA ? ']' : '-',
                                                   (size_t)(e - p));
      const char *q = stop ? stop : e, *nl = p;
      if (q > p) {
        size_t n = (size_t)(q - p);
        if ((t = target(fd)) != NULL)
          mtl_buf_put(t, p, n);
        if (fd->in_item && !fd->huge && (fd->item_size = fd->item.len) > MAX_RAW_ITEM) {
          fd->huge = 1;
          mtl_buf_free(&fd->item);
        }
        while ((nl = memchr(nl, '\n', (size_t)(q - nl))) != NULL) {
          fd->line++;
          nl++;
        }
        fd->last2[0] = fd->last2[1] = 0;
        fd->ipos += n;
        continue;
      }
    }
    c = (unsigned char)*p;
    fd->ipos++;
    if ((t = target(fd)) != NULL) {
      if (fd->st == S_TEXT)
        fd->tag_at = t->len;
      mtl_buf_putc(t, (char)c);
    }
    if (fd->in_item && !fd->huge && fd->item.len > MAX_RAW_ITEM) {
      fd->huge = 1;
      mtl_buf_free(&fd->item);
    }
    if (c == '\n')
      fd->line++;
    switch (fd->st) {
    case S_TEXT: /* c is '<' */
      fd->tag_line = fd->line;
      fd->st = S_LT;
      break;
    case S_LT:
      fd->nname = 0;
      fd->tag_attrs = 0;
      fd->end_tag = fd->empty_tag = fd->slash = 0;
      if (c == '!') {
        fd->nbang = 0;
        fd->st = S_BANG;
      } else if (c == '?') {
        fd->st = S_PI;
        fd->last2[1] = 0;
      } else if (c == '/') {
        fd->end_tag = 1;
        fd->st = S_ENDNAME;
      } else if (name_byte(c)) {
        fd->name[fd->nname++] = (char)c;
        fd->st = S_NAME;
      } else {
        fd->st = S_TEXT; /* a stray '<': libxml2 will say so */
      }
      break;
    case S_NAME:
    case S_ENDNAME:
      if (name_byte(c)) {
        if (fd->nname < sizeof fd->name - 1)
          fd->name[fd->nname++] = (char)c;
        break;
      }
      fd->name[fd->nname] = '\0';
      if (fd->st == S_ENDNAME) {
        fd->st = S_ENDREST;
        if (c != '>')
          break;
      } else {
        fd->st = S_ATTRS;
        if (c != '>' && c != '/')
          break;
      }
      /* fall through */
    case S_ATTRS:
    case S_ENDREST:
      if (c == '>') {
        fd->empty_tag = fd->slash;
        fd->st = S_TEXT;
        return tag_done(fd);
      }
      if (fd->st == S_ATTRS && (c == '"' || c == '\'')) {
        fd->quote = c;
        fd->st = S_QUOTE;
        fd->tag_attrs++;
      }
      fd->slash = c == '/';
      break;
    case S_QUOTE:
      if (c == fd->quote)
        fd->st = S_ATTRS;
      break;
    case S_BANG:
      fd->bang[fd->nbang++] = (char)c;
      if (fd->nbang == 2 && !memcmp(fd->bang, "--", 2)) {
        fd->st = S_COMMENT;
        fd->last2[0] = fd->last2[1] = 0;
      } else if (fd->nbang == 7 && !memcmp(fd->bang, "[CDATA[", 7)) {
        fd->st = S_CDATA;
        fd->last2[0] = fd->last2[1] = 0;
      } else if (memcmp(fd->bang, "--", fd->nbang < 2 ? fd->nbang : 2) &&
                 memcmp(fd->bang, "[CDATA[", fd->nbang)) {
        fd->st = S_DECL;
        fd->bracket = c == '[';
        fd->quote = 0;
        if (c == '>')
          fd->st = S_TEXT;
      }
      break;
    case S_COMMENT:
    case S_CDATA:
      if (c == '>' && fd->last2[0] == fd->last2[1] &&
          fd->last2[1] == (fd->st == S_CDATA ? ']' : '-'))
        fd->st = S_TEXT;
      fd->last2[0] = fd->last2[1];
      fd->last2[1] = c;
      break;
    case S_PI:
      if (c == '>' && fd->last2[1] == '?')
        fd->st = S_TEXT;
      fd->last2[1] = c;
      break;
    case S_DECL:
      if (fd->quote) {
        if (c == fd->quote)
          fd->quote = 0;
      } else if (c == '"' || c == '\'') {
        fd->quote = c;
      } else if (c == '[') {
        fd->bracket++;
      } else if (c == ']') {
        if (fd->bracket)
          fd->bracket--;
      } else if (c == '>' && !fd->bracket) {
        fd->st = S_TEXT;
      }
      break;
    default:
      break;
    }
  }
  return EV_NONE;
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
    int ev = scan(fd);
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
      rc = parse_item(r, fd, out, err);
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
