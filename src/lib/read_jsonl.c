/*
 * read_jsonl.c - JSON Lines article dumps: one object per line with id,
 * title, url, source, published, lang and text or html.  Lines are read one at a
 * time (memory holds one line); a bad line is an error at its line number
 * and reading goes on with the next.  Blank lines are skipped.
 */
#include "json.h"
#include "mtlint.h"
#include "reader.h"
#include "utf8.h"
#include "util.h"
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
  int fast;           /* the fast path is on (not MTL_REFERENCE) */
} jsonl;

static int jsonl_open(mtl_reader *r, mtl_error *err) {
  if (!(r->state = mtl_calloc(1, sizeof(jsonl))))
    return mtl_reader_fail(r, err, MTL_ENOMEM, 0, 0, "out of memory");
  ((jsonl *)r->state)->fast = !mtl_reference_mode();
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

/* ---------------- fast path ----------------
 * PERF: a line that is one flat object (string, integer, true, false and
 * null members, no escapes in keys, no duplicate keys) whose members give a
 * well-formed article is read here, without building a jansson tree;
 * anything else, every error included, goes through jansson as before, so
 * articles and messages are the same either way. */

enum { FV_ABSENT = 0, FV_NULL, FV_STRING, FV_INTEGER, FV_OTHER };

typedef struct fval {
  int type;
  const char *raw;   /* FV_STRING: between the quotes, escapes as written */
  size_t rawlen;
  int escaped;
  long long ival;    /* FV_INTEGER */
} fval;

enum { F_TEXT, F_HTML, F_ID, F_TITLE, F_URL, F_SOURCE, F_PUBLISHED, F_LANG, F_COUNT };
static const char *const fast_keys[F_COUNT] = {"text",   "html",   "id",        "title",
                                               "url",    "source", "published", "lang"};

static const char *skip_ws(const char *p, const char *e) {
  while (p < e && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
    p++;
  return p;
}

static long hex4(const char *p) {
  long v = 0;
  int k;
  for (k = 0; k < 4; k++) {
    int d = mtl_hex_digit((unsigned char)p[k]);
    if (d < 0)
      return -1;
    v = v * 16 + d;
  }
  return v;
}

/* A string from p (just after the opening quote) as jansson would take it;
 * the end (after the closing quote), or NULL if unsure.  The UTF-8 beyond
 * ASCII is checked in runs. */

/* Whether the eight bytes hold a '"', a '\\', a byte below 0x20 or one
 * beyond ASCII. */
static int special8(const char *p) {
  uint64_t w = mtl_load8(p), q, b;
  q = w ^ (MTL_ONES * '"');
  b = w ^ (MTL_ONES * '\\');
  return (((q - MTL_ONES) & ~q) | ((b - MTL_ONES) & ~b) | (w - MTL_ONES * 0x20) | w) &
                 MTL_HIGHS
             ? 1
             : 0;
}

static const char *scan_string(const char *p, const char *e, fval *v) {
  const char *start = p, *run = p;
  v->escaped = 0;
  for (;;) {
    unsigned char c;
    /* PERF: eight plain bytes at a time */
    while (e - p >= 8 && !special8(p))
      p += 8;
    if (p >= e)
      return NULL;
    c = (unsigned char)*p;
    if (c == '"')
      break;
    if (c < 0x20)
      return NULL;
    if (c == '\\') {
      if (p + 1 >= e)
        return NULL;
      v->escaped = 1;
      switch (p[1]) {
      case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
        p += 2;
        continue;
      case 'u': {
        long u;
        if (e - p < 6 || (u = hex4(p + 2)) <= 0)
          return NULL; /* bad, or \u0000 (not allowed) */
        if (u >= 0xDC00 && u <= 0xDFFF)
          return NULL;
        if (u >= 0xD800 && u <= 0xDBFF) {
          long lo;
          if (e - p < 12 || p[6] != '\\' || p[7] != 'u' || (lo = hex4(p + 8)) < 0xDC00 ||
              lo > 0xDFFF)
            return NULL;
          p += 12;
        } else {
          p += 6;
        }
        continue;
      }
      default:
        return NULL;
      }
    }
    if (c >= 0x80) {
      run = p;
      while (p < e && (unsigned char)*p >= 0x80)
        p++;
      if (mtl_utf8_validate(run, (size_t)(p - run)) != (size_t)(p - run))
        return NULL;
      continue;
    }
    p++;
  }
  v->type = FV_STRING;
  v->raw = start;
  v->rawlen = (size_t)(p - start);
  return p + 1;
}

/* The decoded string of v into out (room for v->rawlen + 1); its length. */
static size_t decode_string(const fval *v, char *out) {
  const char *p = v->raw, *e = v->raw + v->rawlen;
  size_t n = 0;
  if (!v->escaped) {
    memcpy(out, p, v->rawlen);
    out[v->rawlen] = '\0';
    return v->rawlen;
  }
  while (p < e) {
    const char *bs = memchr(p, '\\', (size_t)(e - p));
    size_t plain = (size_t)((bs ? bs : e) - p);
    memcpy(out + n, p, plain);
    n += plain;
    p += plain;
    if (!bs)
      break;
    switch (p[1]) {
    case 'b': out[n++] = '\b'; p += 2; break;
    case 'f': out[n++] = '\f'; p += 2; break;
    case 'n': out[n++] = '\n'; p += 2; break;
    case 'r': out[n++] = '\r'; p += 2; break;
    case 't': out[n++] = '\t'; p += 2; break;
    case 'u': {
      long u = hex4(p + 2);
      char enc[4];
      int m;
      p += 6;
      if (u >= 0xD800 && u <= 0xDBFF) {
        u = 0x10000 + ((u - 0xD800) << 10) + (hex4(p + 2) - 0xDC00);
        p += 6;
      }
      m = mtl_utf8_encode((int32_t)u, enc);
      memcpy(out + n, enc, (size_t)m);
      n += (size_t)m;
      break;
    }
    default: out[n++] = p[1]; p += 2; break; /* " \ / */
    }
  }
  out[n] = '\0';
  return n;
}

/* A value from p; the end, or NULL if unsure (objects, arrays, reals are
 * left to jansson when they matter: a real is FV_OTHER). */
static const char *scan_value(const char *p, const char *e, fval *v) {
  if (p >= e)
    return NULL;
  switch (*p) {
  case '"':
    return scan_string(p + 1, e, v);
  case 'n':
    v->type = FV_NULL;
    return e - p >= 4 && !memcmp(p, "null", 4) ? p + 4 : NULL;
  case 't':
    v->type = FV_OTHER;
    return e - p >= 4 && !memcmp(p, "true", 4) ? p + 4 : NULL;
  case 'f':
    v->type = FV_OTHER;
    return e - p >= 5 && !memcmp(p, "false", 5) ? p + 5 : NULL;
  default: {
    const char *q = p;
    int neg = 0, digits = 0, real = 0;
    long long iv = 0;
    if (*q == '-') {
      neg = 1;
      q++;
    }
    if (q >= e || *q < '0' || *q > '9')
      return NULL;
    if (*q == '0' && q + 1 < e && q[1] >= '0' && q[1] <= '9')
      return NULL; /* leading zero */
    while (q < e && *q >= '0' && *q <= '9') {
      /* at most 18 digits here (below 10^18, no overflow); longer ids go
       * to jansson */
      if (++digits > 18)
        return NULL;
      iv = iv * 10 + (*q - '0');
      q++;
    }
    if (q < e && *q == '.') {
      real = 1;
      q++;
      if (q >= e || *q < '0' || *q > '9')
        return NULL;
      while (q < e && *q >= '0' && *q <= '9')
        q++;
    }
    if (q < e && (*q == 'e' || *q == 'E')) {
      real = 1;
      q++;
      if (q < e && (*q == '+' || *q == '-'))
        q++;
      if (q >= e || *q < '0' || *q > '9')
        return NULL;
      while (q < e && *q >= '0' && *q <= '9')
        q++;
    }
    v->type = real ? FV_OTHER : FV_INTEGER;
    v->ival = neg ? -iv : iv;
    return q;
  }
  }
}

/* Parses the line into f[F_COUNT]; 1 done, 0 unsure. */
static int fast_parse(const char *line, size_t len, fval *f) {
  const char *p = line, *e = line + len;
  const char *keys[32];
  size_t keylens[32], nkeys = 0, k;
  memset(f, 0, sizeof *f * F_COUNT);
  p = skip_ws(p, e);
  if (p >= e || *p != '{')
    return 0;
  p = skip_ws(p + 1, e);
  if (p < e && *p == '}')
    return 0;
  for (;;) {
    fval key, val;
    int which = -1;
    if (p >= e || *p != '"' || !(p = scan_string(p + 1, e, &key)) || key.escaped ||
        nkeys == 32)
      return 0;
    for (k = 0; k < nkeys; k++)
      if (keylens[k] == key.rawlen && !memcmp(keys[k], key.raw, key.rawlen))
        return 0; /* duplicate: jansson's error */
    keys[nkeys] = key.raw;
    keylens[nkeys++] = key.rawlen;
    for (k = 0; k < F_COUNT; k++)
      if (strlen(fast_keys[k]) == key.rawlen && !memcmp(fast_keys[k], key.raw, key.rawlen))
        which = (int)k;
    p = skip_ws(p, e);
    if (p >= e || *p != ':')
      return 0;
    p = skip_ws(p + 1, e);
    memset(&val, 0, sizeof val);
    if (!(p = scan_value(p, e, &val)))
      return 0;
    if (which >= 0)
      f[which] = val;
    p = skip_ws(p, e);
    if (p < e && *p == ',') {
      p = skip_ws(p + 1, e);
      continue;
    }
    if (p < e && *p == '}')
      break;
    return 0;
  }
  return skip_ws(p + 1, e) == e;
}

/* A member as str_member would give it; 0 ok, -1 unsure. */
static int fast_member(const fval *v, char **slot) {
  char *tmp;
  size_t n;
  if (v->type == FV_ABSENT || v->type == FV_NULL)
    return 0;
  if (v->type != FV_STRING || !(tmp = mtl_malloc(v->rawlen + 1)))
    return -1;
  n = decode_string(v, tmp);
  tmp[n] = '\0';
  *slot = mtl_html_plain_take(tmp, n);
  return *slot ? 0 : -1;
}

/* The article of a line read by fast_parse, or NULL (then jansson reads it). */
static mtl_article *fast_article(const fval *f, size_t line) {
  const fval *body = &f[F_TEXT];
  mtl_article *a = NULL;
  int is_html = 0;
  size_t n;
  if (body->type == FV_ABSENT || body->type == FV_NULL) {
    body = &f[F_HTML];
    is_html = 1;
  }
  if (body->type != FV_STRING ||
      (f[F_ID].type != FV_ABSENT && f[F_ID].type != FV_NULL && f[F_ID].type != FV_STRING &&
       f[F_ID].type != FV_INTEGER))
    return NULL;
  for (n = F_TITLE; n < F_COUNT; n++)
    if (f[n].type != FV_ABSENT && f[n].type != FV_NULL && f[n].type != FV_STRING)
      return NULL;
  if (is_html) {
    char *tmp = mtl_malloc(body->rawlen + 1);
    mtl_html_page page;
    if (!tmp)
      return NULL;
    n = decode_string(body, tmp);
    if (n <= MTL_READER_MAX_ITEM && !mtl_html_extract(&page, tmp, n, 1))
      a = mtl_article_new(page.text.data, page.text.len);
    if (n <= MTL_READER_MAX_ITEM)
      mtl_html_page_free(&page);
    mtl_free(tmp);
    if (!a)
      return NULL;
  } else {
    if (!(a = mtl_calloc(1, sizeof *a)) || !(a->text = mtl_malloc(body->rawlen + 1))) {
      mtl_free(a);
      return NULL;
    }
    a->len = decode_string(body, a->text);
    if (a->len > MTL_READER_MAX_ITEM) {
      mtl_article_free(a);
      return NULL;
    }
  }
  if (f[F_ID].type == FV_INTEGER) {
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%lld", f[F_ID].ival);
    a->id = mtl_strdup(tmp);
  } else if (fast_member(&f[F_ID], &a->id)) {
    mtl_article_free(a);
    return NULL;
  }
  if (fast_member(&f[F_TITLE], &a->title) || fast_member(&f[F_URL], &a->url) ||
      fast_member(&f[F_SOURCE], &a->source) || fast_member(&f[F_PUBLISHED], &a->published) ||
      fast_member(&f[F_LANG], &a->language)) {
    mtl_article_free(a);
    return NULL;
  }
  if (!a->id) {
    char tmp[48];
    snprintf(tmp, sizeof tmp, "line-%zu", line);
    if (!(a->id = mtl_strdup(tmp))) {
      mtl_article_free(a);
      return NULL;
    }
  }
  a->line = line;
  a->column = 1;
  return a;
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
    if (j->fast) {
      fval f[F_COUNT];
      if (fast_parse(j->cur.data, j->cur.len, f) && (a = fast_article(f, line)) != NULL) {
        *out = a;
        return 1;
      }
    }
    msg[0] = '\0';
    obj = mtl_json_parse(j->cur.data, j->cur.len, &el, &ec, msg, sizeof msg);
    if (!obj)
      return mtl_reader_fail(r, err, MTL_EPARSE, line, ec, "line %zu: invalid JSON: %s", line,
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
      int deep;
      if (!mtl_html_extract(&page, body, len, 1))
        a = mtl_article_new(page.text.data, page.text.len);
      deep = page.deep;
      mtl_html_page_free(&page);
      if (deep) {
        mtl_json_free(obj);
        return mtl_reader_fail(r, err, MTL_ELIMIT, line, 1,
                               "line %zu: HTML nested deeper than 200 elements; skipped", line);
      }
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
    if (!bad && str_member(obj, "lang", &a->language))
      bad = "lang";
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
