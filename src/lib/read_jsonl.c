/*
 * read_jsonl.c - JSON Lines article dumps: one object per line with id,
 * title, url, source, published and text or html.  Lines are read one at a
 * time (memory holds one line); a bad line is an error at its line number
 * and reading goes on with the next.  Blank lines are skipped.
 */
#include "json.h"
#include "reader.h"
#include "xml.h"

#include <stdio.h>
#include <string.h>

/* A line may be this much bigger than the item limit (JSON escapes). */
#define MAX_LINE (MTL_READER_MAX_ITEM * 2)

typedef struct jsonl {
  char chunk[65536];
  size_t pos, len;
  int eof;
  size_t line;        /* number of the line being read */
  mtl_buf cur;
} jsonl;

static int jsonl_open(mtl_reader *r, mtl_error *err) {
  if (!(r->state = mtl_calloc(1, sizeof(jsonl))))
    return mtl_reader_fail(r, err, MTL_ENOMEM, 0, 0, "out of memory");
  return 0;
}

/* Next line into j->cur (without the newline).  1 line, 0 end, MTL_ELIMIT
 * for an over-long line (skipped), MTL_EIO / MTL_ENOMEM. */
static int next_line(mtl_reader *r, jsonl *j) {
  int over = 0, any = 0;
  j->cur.len = 0;
  j->cur.oom = 0;
  j->line++;
  for (;;) {
    char *nl;
    size_t n;
    if (j->pos == j->len) {
      int rc;
      if (j->eof)
        break;
      if ((rc = mtl_reader_pull(r, j->chunk, sizeof j->chunk, &j->len)))
        return rc;
      j->pos = 0;
      if (!j->len) {
        j->eof = 1;
        break;
      }
    }
    any = 1;
    nl = memchr(j->chunk + j->pos, '\n', j->len - j->pos);
    n = (nl ? (size_t)(nl - j->chunk) : j->len) - j->pos;
    if (!over && j->cur.len + n > MAX_LINE)
      over = 1;
    if (!over)
      mtl_buf_put(&j->cur, j->chunk + j->pos, n);
    j->pos += n + (nl ? 1 : 0);
    if (nl)
      break;
  }
  if (!any)
    return 0;
  if (over)
    return MTL_ELIMIT;
  if (j->cur.oom)
    return MTL_ENOMEM;
  if (!j->cur.data)
    mtl_buf_puts(&j->cur, "");
  if (j->cur.len && j->cur.data[j->cur.len - 1] == '\r')
    j->cur.data[--j->cur.len] = '\0';
  return 1;
}

static int blank(const char *s, size_t n) {
  size_t i;
  for (i = 0; i < n; i++)
    if (s[i] != ' ' && s[i] != '\t')
      return 0;
  return 1;
}

/* Optional string member: 0 ok (absent or null is fine), -1 wrong type. */
static int str_member(const mtl_json *obj, const char *key, char **slot) {
  mtl_json *v = mtl_json_get(obj, key);
  size_t len;
  const char *s;
  if (!v || mtl_json_typeof(v) == MTL_JSON_NULL)
    return 0;
  if (!(s = mtl_json_str(v, &len)))
    return -1;
  *slot = mtl_html_plain(s, len);
  return *slot ? 0 : -2;
}

static int jsonl_next(mtl_reader *r, mtl_article **out, mtl_error *err) {
  jsonl *j = r->state;
  for (;;) {
    int rc = next_line(r, j);
    size_t line = j->line, el, ec, len;
    char msg[160];
    mtl_json *obj, *v;
    mtl_article *a = NULL;
    const char *body;
    const char *bad = NULL;
    int is_html = 0;
    if (rc == 0)
      return 0;
    if (rc == MTL_ELIMIT)
      return mtl_reader_fail(r, err, rc, line, 1, "line %zu: longer than the %zu MiB limit; skipped",
                             line, MAX_LINE >> 20);
    if (rc < 0)
      return mtl_reader_fail(r, err, rc, line, 1, "line %zu: %s", line,
                             rc == MTL_EIO ? "read error" : "out of memory");
    if (blank(j->cur.data, j->cur.len))
      continue;
    msg[0] = '\0';
    obj = mtl_json_parse(j->cur.data, j->cur.len, &el, &ec, msg, sizeof msg);
    if (!obj)
      return mtl_reader_fail(r, err, MTL_ESYNTAX, line, ec, "line %zu: invalid JSON: %s", line,
                             msg);
    if (mtl_json_typeof(obj) != MTL_JSON_OBJECT) {
      mtl_json_free(obj);
      return mtl_reader_fail(r, err, MTL_ESCHEMA, line, 1, "line %zu: not a JSON object", line);
    }
    v = mtl_json_get(obj, "text");
    if (!v || mtl_json_typeof(v) == MTL_JSON_NULL) {
      v = mtl_json_get(obj, "html");
      is_html = 1;
    }
    if (!v) {
      mtl_json_free(obj);
      return mtl_reader_fail(r, err, MTL_ESCHEMA, line, 1, "line %zu: no \"text\" or \"html\"",
                             line);
    }
    if (!(body = mtl_json_str(v, &len))) {
      mtl_json_free(obj);
      return mtl_reader_fail(r, err, MTL_ESCHEMA, line, 1, "line %zu: \"%s\" must be a string",
                             line, is_html ? "html" : "text");
    }
    if (len > MTL_READER_MAX_ITEM) {
      mtl_json_free(obj);
      return mtl_reader_fail(r, err, MTL_ELIMIT, line, 1,
                             "line %zu: article larger than the %zu MiB limit; skipped", line,
                             MTL_READER_MAX_ITEM >> 20);
    }
    if (is_html) {
      mtl_html_page page;
      if (!mtl_html_extract(&page, body, len, 1))
        a = mtl_article_new(page.text.data, page.text.len);
      mtl_html_page_free(&page);
    } else {
      a = mtl_article_new(body, len);
    }
    if (!a) {
      mtl_json_free(obj);
      return mtl_reader_fail(r, err, MTL_ENOMEM, line, 1, "line %zu: out of memory", line);
    }
    /* id: a string or an integer */
    v = mtl_json_get(obj, "id");
    if (v && mtl_json_typeof(v) == MTL_JSON_INTEGER) {
      char tmp[32];
      int ok;
      snprintf(tmp, sizeof tmp, "%lld", (long long)mtl_json_int(v, &ok));
      a->id = mtl_strdup(tmp);
    } else if (str_member(obj, "id", &a->id)) {
      bad = "id";
    }
    if (!bad && str_member(obj, "title", &a->title))
      bad = "title";
    if (!bad && str_member(obj, "url", &a->url))
      bad = "url";
    if (!bad && str_member(obj, "source", &a->source))
      bad = "source";
    if (!bad && str_member(obj, "published", &a->published))
      bad = "published";
    mtl_json_free(obj);
    if (bad) {
      mtl_article_free(a);
      return mtl_reader_fail(r, err, MTL_ESCHEMA, line, 1, "line %zu: \"%s\" must be a %s", line,
                             bad, !strcmp(bad, "id") ? "string or an integer" : "string");
    }
    if (!a->id) {
      char tmp[48];
      snprintf(tmp, sizeof tmp, "line-%zu", line);
      if (!(a->id = mtl_strdup(tmp))) {
        mtl_article_free(a);
        return mtl_reader_fail(r, err, MTL_ENOMEM, line, 1, "line %zu: out of memory", line);
      }
    }
    a->line = line;
    a->column = 1;
    *out = a;
    return 1;
  }
}

static void jsonl_free(mtl_reader *r) {
  jsonl *j = r->state;
  if (!j)
    return;
  mtl_buf_free(&j->cur);
  mtl_free(j);
  r->state = NULL;
}

const mtl_reader_kind mtl_read_jsonl = {"jsonl", jsonl_open, jsonl_next, jsonl_free};
