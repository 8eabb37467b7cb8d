/*
 * read_jsonfeed.c - JSON Feed (jsonfeed.org, versions 1 and 1.1): one
 * article per entry of "items", its text from content_html (through the
 * HTML text extractor) or content_text, else summary; id (a string, or a
 * number in version 1), title, url (else external_url), date_published
 * (else date_modified), language (else the feed's); the feed's title is the
 * articles' source.  The
 * document is read whole (up to MAX_DOC bytes) through json.h; a bad item is
 * one error naming it, the others are read.
 */
#include "json.h"
#include "mtlint.h"
#include "reader.h"
#include "util.h"
#include "xml.h"

#include <stdio.h>
#include <string.h>

#define MAX_DOC (MTL_READER_MAX_ITEM * 2)

typedef struct jfeed {
  mtl_json *doc;
  mtl_json *items;
  size_t *lines;       /* line of each element of "items" (0 unknown) */
  size_t nlines;
  char *title;
  size_t next, count;
  int started;
} jfeed;

static int jf_open(mtl_reader *r, mtl_error *err) {
  if (!(r->state = mtl_calloc(1, sizeof(jfeed))))
    return mtl_reader_fail(r, err, MTL_ENOMEM, 0, 0, "out of memory");
  return 0;
}

/* The line where each element of the top-level "items" array starts, found
 * by a scan of the (valid) JSON text: strings skipped, depth counted. */
static void item_lines(jfeed *jf, const char *s, size_t n) {
  size_t i, line = 1, cap = 0;
  int depth = 0, items_depth = 0, want = 0, key_items = 0;
  for (i = 0; i < n; i++) {
    char c = s[i];
    if (c == '\n') {
      line++;
    } else if (c == '"') {
      size_t st = ++i;
      while (i < n && s[i] != '"') {
        if (s[i] == '\\')
          i++;
        else if (s[i] == '\n')
          line++;
        i++;
      }
      key_items = depth == 1 && i - st == 5 && !memcmp(s + st, "items", 5);
      if (items_depth && depth == items_depth && want)
        goto element;
      continue;
    } else if (c == ':') {
      if (key_items && depth == 1)
        want = 2; /* the next '[' opens the items */
      key_items = 0;
    } else if (c == '[' || c == '{') {
      depth++;
      if (c == '[' && want == 2 && depth == 2) {
        items_depth = 2;
        want = 1;
        continue;
      }
      if (items_depth && depth == items_depth + 1 && want) {
        i--; /* the element starts here */
        depth--;
        goto element;
      }
    } else if (c == ']' || c == '}') {
      if (items_depth && depth == items_depth && c == ']')
        return;
      depth--;
    } else if (c == ',' && items_depth && depth == items_depth) {
      want = 1;
    } else if (items_depth && depth == items_depth && want && c != ' ' && c != '\t' &&
               c != '\r') {
      goto element;
    }
    continue;
  element:
    want = 0;
    if (jf->nlines == cap) {
      size_t *m = mtl_realloc(jf->lines, (cap = cap ? cap * 2 : 64) * sizeof *m);
      if (!m)
        return;
      jf->lines = m;
    }
    jf->lines[jf->nlines++] = line;
    if (s[i] == '[' || s[i] == '{') {
      i++;
      depth++;
    }
  }
}

/* Reads and checks the document: 0, or an error (the feed then ends). */
static int load(mtl_reader *r, jfeed *jf, mtl_error *err) {
  mtl_buf b = {0};
  char msg[160];
  size_t line = 0, col = 0, len;
  const char *s;
  mtl_json *v;
  int rc = mtl_reader_slurp(r, &b, MAX_DOC);
  if (rc) {
    mtl_buf_free(&b);
    if (rc == MTL_ELIMIT)
      return mtl_reader_fail(r, err, rc, 0, 0, "JSON Feed larger than the %zu MiB limit",
                             MAX_DOC >> 20);
    return mtl_reader_fail(r, err, rc, 0, 0, "%s", rc == MTL_EIO ? "read error" : "out of memory");
  }
  msg[0] = '\0';
  jf->doc = mtl_json_parse(b.data, b.len, &line, &col, msg, sizeof msg);
  if (jf->doc)
    item_lines(jf, b.data, b.len);
  mtl_buf_free(&b);
  if (!jf->doc)
    return mtl_reader_fail(r, err, MTL_EPARSE, line, col, "invalid JSON: %s", msg);
  if (mtl_json_typeof(jf->doc) != MTL_JSON_OBJECT)
    return mtl_reader_fail(r, err, MTL_ESCHEMA, 1, 1, "not a JSON Feed: not a JSON object");
  jf->items = mtl_json_get(jf->doc, "items");
  if (mtl_json_typeof(jf->items) != MTL_JSON_ARRAY)
    return mtl_reader_fail(r, err, MTL_ESCHEMA, 1, 1, "not a JSON Feed: no \"items\" array");
  jf->count = mtl_json_size(jf->items);
  v = mtl_json_get(jf->doc, "title");
  if ((s = mtl_json_str(v, &len)) != NULL && len && !(jf->title = mtl_html_plain(s, len)))
    return mtl_reader_fail(r, err, MTL_ENOMEM, 0, 0, "out of memory");
  return 0;
}

/* Optional string member as plain text: 0, -1 wrong type, -2 no memory. */
static int member(const mtl_json *obj, const char *key, char **slot) {
  mtl_json *v = mtl_json_get(obj, key);
  const char *s;
  size_t len;
  if (!v || mtl_json_typeof(v) == MTL_JSON_NULL)
    return 0;
  if (!(s = mtl_json_str(v, &len)))
    return -1;
  if (!len)
    return 0;
  *slot = mtl_html_plain(s, len);
  return *slot ? 0 : -2;
}

static size_t line_of(const jfeed *jf, size_t n) {
  return n && n <= jf->nlines ? jf->lines[n - 1] : 0;
}

static int item_fail(mtl_reader *r, mtl_error *err, int code, size_t n, const char *what) {
  size_t line = line_of(r->state, n);
  return mtl_reader_fail(r, err, code, line, line ? 1 : 0, "item %zu: %s", n, what);
}

static int jf_next(mtl_reader *r, mtl_article **out, mtl_error *err) {
  jfeed *jf = r->state;
  mtl_json *it, *v;
  mtl_article *a = NULL;
  const char *body;
  size_t n, len;
  int rc, html = 1;
  if (!jf->started) {
    jf->started = 1;
    if ((rc = load(r, jf, err))) {
      jf->next = jf->count = 0;
      return rc;
    }
  }
  if (jf->next >= jf->count)
    return 0;
  n = ++jf->next;
  it = mtl_json_at(jf->items, n - 1);
  if (mtl_json_typeof(it) != MTL_JSON_OBJECT)
    return item_fail(r, err, MTL_ESCHEMA, n, "not a JSON object");
  v = mtl_json_get(it, "content_html");
  if (!mtl_json_str(v, NULL)) {
    html = 0;
    v = mtl_json_get(it, "content_text");
    if (!mtl_json_str(v, NULL)) {
      v = mtl_json_get(it, "summary");
      html = 1; /* a summary may hold entities: read it as HTML */
    }
  }
  if (!(body = mtl_json_str(v, &len)))
    return item_fail(r, err, MTL_ESCHEMA, n, "no content_html, content_text or summary string");
  if (len > MTL_READER_MAX_ITEM)
    return item_fail(r, err, MTL_ELIMIT, n, "larger than the item size limit; skipped");
  if (html) {
    mtl_html_page page;
    rc = mtl_html_extract(&page, body, len, 1);
    if (!rc)
      a = mtl_article_new(page.text.data, page.text.len);
    mtl_html_page_free(&page);
    if (rc == MTL_ELIMIT)
      return item_fail(r, err, rc, n, "HTML nested deeper than 200 elements; skipped");
  } else {
    /* content_text is plain text: lines kept, ends trimmed */
    while (len && (*body == ' ' || *body == '\n' || *body == '\r' || *body == '\t')) {
      body++;
      len--;
    }
    while (len && (body[len - 1] == ' ' || body[len - 1] == '\n' || body[len - 1] == '\r' ||
                   body[len - 1] == '\t'))
      len--;
    a = mtl_article_new(body, len);
  }
  if (!a)
    return item_fail(r, err, MTL_ENOMEM, n, "out of memory");
  v = mtl_json_get(it, "id");
  rc = 0;
  if (mtl_json_typeof(v) == MTL_JSON_INTEGER) {
    char tmp[32];
    int ok;
    snprintf(tmp, sizeof tmp, "%lld", (long long)mtl_json_int(v, &ok));
    rc = (a->id = mtl_strdup(tmp)) ? 0 : -2;
  } else {
    rc = member(it, "id", &a->id);
  }
  if (!rc)
    rc = member(it, "title", &a->title);
  if (!rc)
    rc = member(it, "url", &a->url);
  if (!rc && !a->url)
    rc = member(it, "external_url", &a->url);
  if (!rc)
    rc = member(it, "date_published", &a->published);
  if (!rc && !a->published)
    rc = member(it, "date_modified", &a->published);
  if (!rc && jf->title && !(a->source = mtl_strdup(jf->title)))
    rc = -2;
  if (!rc) { /* JSON Feed 1.1: the item's language, else the feed's (not a string: none) */
    const char *l = mtl_json_str(mtl_json_get(it, "language"), &len);
    if (!l || !len)
      l = mtl_json_str(mtl_json_get(jf->doc, "language"), &len);
    if (l && len && len < 64 && !(a->language = mtl_strndup(l, len)))
      rc = -2;
  }
  if (!rc && !a->id) {
    char tmp[48];
    snprintf(tmp, sizeof tmp, "item-%zu", n);
    if (!(a->id = mtl_strdup(a->url ? a->url : tmp)))
      rc = -2;
  }
  if (rc) {
    mtl_article_free(a);
    return item_fail(r, err, rc == -2 ? MTL_ENOMEM : MTL_ESCHEMA, n,
                     rc == -2 ? "out of memory"
                              : "id, title, url, external_url, date_published and "
                                "date_modified must be strings");
  }
  a->index = n;
  a->line = line_of(jf, n);
  a->column = a->line ? 1 : 0;
  *out = a;
  return 1;
}

static void jf_free(mtl_reader *r) {
  jfeed *jf = r->state;
  if (!jf)
    return;
  mtl_json_free(jf->doc);
  mtl_free(jf->title);
  mtl_free(jf->lines);
  mtl_free(jf);
  r->state = NULL;
}

const mtl_reader_kind mtl_read_jsonfeed = {"jsonfeed", jf_open, jf_next, jf_free};
