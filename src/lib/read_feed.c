/*
 * read_feed.c - RSS (2.0 and 1.0/RDF) and Atom feeds, streamed through the
 * XML reader of xml.c: one article per <item> or <entry>, built when its end
 * tag is read, so memory holds one item at a time.  Item HTML (description,
 * content:encoded, Atom content of type html or xhtml) goes through the HTML
 * text extractor.  A malformed document ends the feed with one error at its
 * location; the items before it were already handed out.
 */
#include "reader.h"
#include "xml.h"

#include <stdio.h>
#include <string.h>

/* Bytes handed to libxml2 per read: small, so that the items before a syntax
 * error are parsed and handed out before the error stops the reader. */
#define XML_READ 128

enum { F_NONE, F_TITLE, F_LINK, F_ID, F_DATE, F_PUBLISHED, F_DESC, F_CONTENT, F_SOURCE, F_N };

typedef struct feed {
  mtl_xml *x;
  int flavor;          /* 0 unknown yet, 1 rss, 2 atom */
  int done;
  char *feed_title;
  int in_item;         /* depth of the current item element + 1, or 0 */
  int field;           /* field being captured, F_NONE if none */
  int field_depth;
  int xhtml;           /* capturing Atom xhtml content: keep the tags */
  int html[F_N];       /* field holds HTML (escaped or xhtml) */
  int in_source;       /* depth of an Atom <source> inside the entry + 1 */
  int feed_title_capture;
  mtl_buf f[F_N];
  mtl_buf ftitle;
  size_t line[F_N];
  size_t item_line;
  size_t item_last;    /* last line seen inside the current item */
  size_t size;         /* bytes captured for the current item */
  int too_big;
} feed;

static int xml_io(void *ctx, char *buf, int len) {
  mtl_reader *r = ctx;
  size_t got = 0;
  if (len <= 0)
    return 0;
  if (mtl_reader_pull(r, buf, (size_t)len < XML_READ ? (size_t)len : XML_READ, &got))
    return -1;
  return (int)got;
}

static int feed_open(mtl_reader *r, mtl_error *err) {
  feed *fd = mtl_calloc(1, sizeof *fd);
  int rc;
  if (!fd)
    return mtl_reader_fail(r, err, MTL_ENOMEM, 0, 0, "out of memory");
  r->state = fd;
  if ((rc = mtl_xml_open(&fd->x, xml_io, r, r->name)))
    return mtl_reader_fail(r, err, rc, 0, 0, "out of memory");
  return 0;
}

static void reset_item(feed *fd) {
  size_t i;
  for (i = 0; i < F_N; i++) {
    fd->f[i].len = 0;
    if (fd->f[i].data)
      fd->f[i].data[0] = '\0';
    fd->f[i].oom = 0;
    fd->html[i] = 0;
    fd->line[i] = 0;
  }
  fd->field = F_NONE;
  fd->xhtml = 0;
  fd->in_source = 0;
  fd->size = 0;
  fd->too_big = 0;
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
    if ((rc = mtl_html_extract(&page, b->data ? b->data : "", b->len, 1)) == 0)
      a = mtl_article_new(page.text.data, page.text.len);
    mtl_html_page_free(&page);
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
  if (rc) {
    mtl_article_free(a);
    return mtl_reader_fail(r, err, MTL_ENOMEM, fd->item_line, 1, "item %zu: out of memory", n);
  }
  a->line = fd->line[body] ? fd->line[body] : fd->item_line;
  a->column = a->line ? 1 : 0;
  *out = a;
  return 1;
}

static int feed_next(mtl_reader *r, mtl_article **out, mtl_error *err) {
  feed *fd = r->state;
  mtl_xml_event ev;
  if (fd->done)
    return 0;
  for (;;) {
    int rc = mtl_xml_next(fd->x, &ev);
    if (rc == 0) {
      fd->done = 1;
      if (!fd->flavor)
        return mtl_reader_fail(r, err, MTL_EPARSE, 1, 1, "empty input: not an RSS or Atom feed");
      if (fd->in_item)
        return mtl_reader_fail(r, err, MTL_EPARSE, fd->item_line, 1, "truncated item");
      return 0;
    }
    if (rc < 0) {
      size_t line, col;
      const char *msg = mtl_xml_error(fd->x, &line, &col);
      fd->done = 1;
      if (fd->in_item)
        return mtl_reader_fail(r, err, rc, line, col, "item %zu: %s", r->items + 1, msg);
      return mtl_reader_fail(r, err, rc, line, col, "%s", msg);
    }
    if (!fd->flavor) {
      if (ev.type != MTL_XML_START)
        continue;
      if (!strcmp(ev.name, "rss") || !strcmp(ev.name, "RDF")) {
        fd->flavor = 1;
        continue;
      }
      if (!strcmp(ev.name, "feed")) {
        fd->flavor = 2;
        continue;
      }
      fd->done = 1;
      return mtl_reader_fail(r, err, MTL_EPARSE, ev.line, 1,
                             "not an RSS or Atom feed (root element <%s>)", ev.name);
    }
    if (!fd->in_item) {
      if (ev.type == MTL_XML_START && !ev.empty &&
          !strcmp(ev.name, fd->flavor == 2 ? "entry" : "item")) {
        reset_item(fd);
        fd->in_item = ev.depth + 1;
        fd->item_line = ev.line;
        fd->item_last = ev.line;
        continue;
      }
      /* the feed's own title: feed>title (Atom), rss>channel>title, RDF>channel>title */
      if (ev.type == MTL_XML_START && !strcmp(ev.name, "title") &&
          ev.depth == (fd->flavor == 2 ? 1 : 2) && !fd->ftitle.len && !ev.empty) {
        fd->feed_title_capture = ev.depth;
        continue;
      }
      if (fd->feed_title_capture && ev.type == MTL_XML_TEXT) {
        if (fd->ftitle.len < 4096)
          mtl_buf_puts(&fd->ftitle, ev.text);
        continue;
      }
      if (ev.type == MTL_XML_END)
        fd->feed_title_capture = 0;
      continue;
    }
    /* inside an item */
    {
      int rel = ev.depth - (fd->in_item - 1);
      if (ev.line > fd->item_last)
        fd->item_last = ev.line;
      if (ev.type == MTL_XML_END && rel == 0) {
        size_t eline = 0, ecol = 0;
        const char *msg;
        fd->in_item = 0;
        if (!mtl_xml_has_error(fd->x))
          return build(r, fd, out, err);
        /* the parser recovered from an error: only items wholly before it count */
        msg = mtl_xml_error(fd->x, &eline, &ecol);
        if (eline && eline > fd->item_last)
          return build(r, fd, out, err);
        fd->done = 1;
        return mtl_reader_fail(r, err, MTL_EPARSE, eline, ecol, "item %zu: %s", r->items + 1,
                               msg);
      }
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
        }
        fd->field = f;
        fd->field_depth = ev.depth;
        fd->line[f] = ev.line;
      }
    }
  }
}

static void feed_free(mtl_reader *r) {
  feed *fd = r->state;
  size_t i;
  if (!fd)
    return;
  mtl_xml_free(fd->x);
  for (i = 0; i < F_N; i++)
    mtl_buf_free(&fd->f[i]);
  mtl_buf_free(&fd->ftitle);
  mtl_free(fd->feed_title);
  mtl_free(fd);
  r->state = NULL;
}

const mtl_reader_kind mtl_read_rss = {"rss", feed_open, feed_next, feed_free};
const mtl_reader_kind mtl_read_atom = {"atom", feed_open, feed_next, feed_free};
