/*
 * reader.c - input readers: format detection (extension, then the first
 * bytes), the byte source with the sniffed head replayed, and dispatch to
 * the reader of each format (one file each, registered in kinds[]).
 */
#include "mtlint.h"
#include "reader.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define SNIFF_BYTES 4096

static const mtl_reader_kind *const kinds[] = {&mtl_read_text, &mtl_read_rss, &mtl_read_atom,
                                               &mtl_read_jsonl, &mtl_read_jsonfeed,
                                               &mtl_read_html, NULL};
static const char *const format_names[] = {"auto", "text", "rss",  "atom",
                                           "jsonl", "jsonfeed", "html", NULL};

const char *const *mtl_reader_formats(void) { return format_names; }

static int lower_eq(const char *a, const char *b) {
  for (; *a && *b; a++, b++) {
    int c = (unsigned char)*a;
    if (c >= 'A' && c <= 'Z')
      c += 32;
    if (c != *b)
      return 0;
  }
  return !*a && !*b;
}

static const char *by_extension(const char *name) {
  const char *dot, *slash;
  if (!name)
    return NULL;
  dot = strrchr(name, '.');
  slash = strrchr(name, '/');
  if (!dot || (slash && dot < slash))
    return NULL;
  dot++;
  if (lower_eq(dot, "txt") || lower_eq(dot, "md") || lower_eq(dot, "text"))
    return "text";
  if (lower_eq(dot, "jsonl") || lower_eq(dot, "ndjson"))
    return "jsonl";
  if (lower_eq(dot, "json"))
    return "json";
  if (lower_eq(dot, "html") || lower_eq(dot, "htm") || lower_eq(dot, "xhtml"))
    return "html";
  if (lower_eq(dot, "atom"))
    return "atom";
  if (lower_eq(dot, "rss") || lower_eq(dot, "rdf"))
    return "rss";
  if (lower_eq(dot, "xml"))
    return "xml";
  return NULL;
}

/* Case-insensitive search of needle (lower case) in h[0..n). */
static int contains(const char *h, size_t n, const char *needle) {
  size_t i, j, m = strlen(needle);
  for (i = 0; i + m <= n; i++) {
    for (j = 0; j < m; j++) {
      int c = (unsigned char)h[i + j];
      if (c >= 'A' && c <= 'Z')
        c += 32;
      if (c != needle[j])
        break;
    }
    if (j == m)
      return 1;
  }
  return 0;
}

/* Whether h[0..n) starts (after a BOM and white space) with an element. */
static int starts_with_tag(const char *h, size_t n) {
  size_t i = n >= 3 && !memcmp(h, "\xEF\xBB\xBF", 3) ? 3 : 0;
  while (i < n && (h[i] == ' ' || h[i] == '\t' || h[i] == '\r' || h[i] == '\n'))
    i++;
  return i + 1 < n && h[i] == '<' &&
         ((h[i + 1] >= 'a' && h[i + 1] <= 'z') || (h[i + 1] >= 'A' && h[i + 1] <= 'Z'));
}

static const char *sniff(const char *h, size_t n) {
  size_t i = 0;
  if (n >= 3 && !memcmp(h, "\xEF\xBB\xBF", 3))
    i = 3;
  while (i < n && (h[i] == ' ' || h[i] == '\t' || h[i] == '\r' || h[i] == '\n'))
    i++;
  if (i >= n)
    return NULL;
  if (h[i] == '{')
    return contains(h, n, "jsonfeed.org/version") ? "jsonfeed" : "jsonl";
  if (h[i] != '<')
    return NULL;
  h += i;
  n -= i;
  if (contains(h, n, "<rss") || contains(h, n, "<rdf:rdf"))
    return "rss";
  if (contains(h, n, "<feed"))
    return "atom";
  if (contains(h, n, "<!doctype html") || contains(h, n, "<html") || contains(h, n, "<body") ||
      contains(h, n, "<p>") || contains(h, n, "<div") || contains(h, n, "<article"))
    return "html";
  if (contains(h, n, "<?xml"))
    return "xml";
  return NULL;
}

const char *mtl_reader_detect(const char *name, const char *head, size_t len) {
  const char *ext = by_extension(name), *s = head ? sniff(head, len) : NULL;
  if (ext && !strcmp(ext, "json")) /* a JSON Feed, unless the head says JSON Lines */
    return s && !strcmp(s, "jsonl") && !contains(head, len, "\"items\"") ? "jsonl" : "jsonfeed";
  if (ext && strcmp(ext, "xml"))
    return !strcmp(ext, "rss") && s && !strcmp(s, "atom") ? "atom" : ext;
  if (ext) { /* .xml: a feed, or a piece of HTML such as an item's content */
    if (s && !strcmp(s, "atom"))
      return "atom";
    if ((s && !strcmp(s, "html")) || (!s && head && starts_with_tag(head, len)))
      return "html";
    return "rss";
  }
  if (!s)
    return "text";
  return !strcmp(s, "xml") ? "rss" : s;
}

int mtl_reader_pull(mtl_reader *r, char *buf, size_t cap, size_t *got) {
  *got = 0;
  if (r->head_pos < r->head_len) {
    size_t n = r->head_len - r->head_pos;
    if (n > cap)
      n = cap;
    memcpy(buf, r->head + r->head_pos, n);
    r->head_pos += n;
    *got = n;
    return 0;
  }
  if (r->eof)
    return 0;
  if (r->ioerr)
    return MTL_EIO;
  if (r->fn(r->ctx, buf, cap, got)) {
    r->ioerr = 1;
    *got = 0;
    return MTL_EIO;
  }
  if (*got > cap)
    *got = cap;
  if (!*got)
    r->eof = 1;
  r->bytes += *got;
  return 0;
}

int mtl_reader_slurp(mtl_reader *r, mtl_buf *b, size_t max) {
  char chunk[65536];
  int over = 0;
  for (;;) {
    size_t got;
    int rc = mtl_reader_pull(r, chunk, sizeof chunk, &got);
    if (rc)
      return rc;
    if (!got)
      break;
    if (over || b->len + got > max) {
      over = 1;
      continue;
    }
    mtl_buf_put(b, chunk, got);
    if (b->oom)
      return MTL_ENOMEM;
  }
  if (over)
    return MTL_ELIMIT;
  if (!b->data)
    mtl_buf_puts(b, "");
  return b->oom ? MTL_ENOMEM : 0;
}

int mtl_reader_fail(mtl_reader *r, mtl_error *err, int code, size_t line, size_t col,
                    const char *fmt, ...) {
  va_list ap;
  if (!err)
    return code;
  memset(err, 0, sizeof *err);
  err->code = code;
  err->line = line;
  err->column = col;
  snprintf(err->file, sizeof err->file, "%s", r->name ? r->name : "-");
  va_start(ap, fmt);
  vsnprintf(err->message, sizeof err->message, fmt, ap);
  va_end(ap);
  return code;
}

mtl_article *mtl_article_new(const char *text, size_t len) {
  mtl_article *a = mtl_calloc(1, sizeof *a);
  if (!a)
    return NULL;
  if (!(a->text = mtl_malloc(len + 1))) {
    mtl_free(a);
    return NULL;
  }
  if (len)
    memcpy(a->text, text, len);
  a->text[len] = '\0';
  a->len = len;
  return a;
}

int mtl_article_set(char **slot, const char *s, size_t n) {
  char *c = mtl_strndup(s, n);
  if (!c)
    return MTL_ENOMEM;
  mtl_free(*slot);
  *slot = c;
  return 0;
}

void mtl_article_free(mtl_article *a) {
  if (!a)
    return;
  mtl_free(a->id);
  mtl_free(a->title);
  mtl_free(a->url);
  mtl_free(a->source);
  mtl_free(a->published);
  mtl_free(a->language);
  mtl_free(a->recovered);
  mtl_free(a->text);
  mtl_free(a);
}

int mtl_reader_open(mtl_reader **out, const char *format, const char *name, mtl_read_fn fn,
                    void *ctx, mtl_error *err) {
  mtl_reader *r;
  const char *use = format ? format : "auto";
  size_t i;
  int rc;
  *out = NULL;
  if (!fn)
    return mtl_seterr(err, MTL_EINVAL, name, 0, 0, "no read function");
  for (i = 0; format_names[i]; i++)
    if (!strcmp(format_names[i], use))
      break;
  if (!format_names[i])
    return mtl_seterr(err, MTL_EFORMAT, name, 0, 0,
                      "unknown input format '%s' (auto, text, rss, atom, jsonl, jsonfeed, html)", use);
  if (!(r = mtl_calloc(1, sizeof *r)))
    return mtl_seterr(err, MTL_ENOMEM, name, 0, 0, "out of memory");
  r->fn = fn;
  r->ctx = ctx;
  if (!(r->name = mtl_strdup(name ? name : "-"))) {
    mtl_free(r);
    return mtl_seterr(err, MTL_ENOMEM, name, 0, 0, "out of memory");
  }
  if (!strcmp(use, "auto")) {
    const char *ext = by_extension(name);
    if (ext && !strcmp(ext, "text")) {
      use = "text";
    } else {
      size_t got = 0;
      if (!(r->head = mtl_malloc(SNIFF_BYTES))) {
        mtl_reader_free(r);
        return mtl_seterr(err, MTL_ENOMEM, name, 0, 0, "out of memory");
      }
      while (r->head_len < SNIFF_BYTES && !r->eof) {
        if (r->fn(r->ctx, r->head + r->head_len, SNIFF_BYTES - r->head_len, &got)) {
          mtl_reader_free(r);
          return mtl_seterr(err, MTL_EIO, name, 0, 0, "read error");
        }
        if (got > SNIFF_BYTES - r->head_len)
          got = SNIFF_BYTES - r->head_len;
        if (!got)
          r->eof = 1;
        r->head_len += got;
        r->bytes += got;
      }
      use = mtl_reader_detect(name, r->head, r->head_len);
    }
  }
  for (i = 0; kinds[i]; i++)
    if (!strcmp(kinds[i]->name, use))
      r->kind = kinds[i];
  if (!r->kind) {
    mtl_reader_free(r);
    return mtl_seterr(err, MTL_EFORMAT, name, 0, 0, "unknown input format '%s'", use);
  }
  if (r->kind->open && (rc = r->kind->open(r, err))) {
    mtl_reader_free(r);
    return rc;
  }
  *out = r;
  return 0;
}

int mtl_reader_next(mtl_reader *r, mtl_article **out, mtl_error *err) {
  int rc;
  *out = NULL;
  if (!r)
    return MTL_EINVAL;
  rc = r->kind->next(r, out, err);
  if (rc == 1 && *out) {
    r->items++;
    if (!(*out)->index)
      (*out)->index = r->items;
  } else if (rc < 0) {
    r->items++;
  }
  return rc;
}

const char *mtl_reader_format(const mtl_reader *r) { return r ? r->kind->name : NULL; }
size_t mtl_reader_bytes(const mtl_reader *r) { return r ? r->bytes : 0; }
int mtl_reader_foreign(const mtl_reader *r) { return r ? r->foreign : 0; }

void mtl_reader_free(mtl_reader *r) {
  if (!r)
    return;
  if (r->kind && r->kind->free)
    r->kind->free(r);
  mtl_free(r->head);
  mtl_free(r->name);
  mtl_free(r);
}
