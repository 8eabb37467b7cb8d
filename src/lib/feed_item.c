/*
 * feed_item.c - one item of an RSS or Atom feed: its document for libxml2
 * (the XML declaration and the root's start tag around it), its events
 * into the article's fields, the article, and the second reading in
 * libxml2's recovery mode when the item is malformed.
 */
#include "mtlint.h"
#include "read_feed.h"
#include "reader.h"
#include "util.h"
#include "xml.h"

#include <stdio.h>
#include <string.h>

/* Largest item document read again in recovery mode (libxml2 builds its
 * tree: several times its size in memory); a bigger malformed item stays an
 * error. */
#define MAX_RECOVER ((size_t)16 << 20)

/* ---------------- documents for libxml2 ---------------- */

/* s[0..n) onto b with HTML named entities (not the five of XML) written as
 * character references, which need no declaration. */
void mtl_feed_put_fixed(mtl_buf *b, const char *s, size_t n) {
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
    for (k = j + 1; k < n && k - j <= 32 && mtl_feed_alnum((unsigned char)s[k]); k++)
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
void mtl_feed_put_one_line(mtl_buf *b, const char *s, size_t n) {
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
int mtl_feed_parse_item(mtl_reader *r, feed *fd, mtl_article **out, mtl_error *err) {
  mtl_buf doc = fd->doc; /* PERF: one buffer and one reader for every item */
  int rc, flags = MTL_XML_HUGE | (fd->enc != E_UTF8 ? MTL_XML_UTF8 : 0);
  doc.len = 0;
  if (!fd->many_attrs && fd->extra_ns.len < MAX_ROOT_TAG / 2)
    flags |= MTL_XML_FEW_ATTRS;
  if (fd->decl.len)
    mtl_feed_put_one_line(&doc, fd->decl.data, fd->decl.len);
  if (fd->rootag.len)
    mtl_buf_put(&doc, fd->rootag.data, fd->rootag.len - 1); /* up to '>' */
  mtl_buf_put(&doc, fd->extra_ns.data ? fd->extra_ns.data : "", fd->extra_ns.len);
  mtl_buf_putc(&doc, '>');
  fd->doc_col0 = doc.len;
  mtl_feed_put_fixed(&doc, fd->item.data ? fd->item.data : "", fd->item.len);
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
