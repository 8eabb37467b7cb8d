/*
 * lsp_frame.c - splits the byte stream of the base protocol into messages:
 *
 *   Content-Length: 52\r\n
 *   Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n
 *   \r\n
 *   {"jsonrpc":"2.0", ...}
 *
 * Bytes may arrive in any split.  A header block is at most
 * MTL_LSP_MAX_HEADER bytes and a body at most max_body; nothing bigger is
 * ever buffered.  Bad input is reported as an event and the stream goes on:
 * a body over the limit, or behind a header that names an unsupported
 * charset, is skipped by its length; after a header block with no usable
 * Content-Length the framer resynchronises on the next line that holds
 * "Content-Length:".  Lines may end in \r\n or a bare \n.
 */
#include "lsp_internal.h"
#include "mtlint.h"
#include "util.h"

#include <string.h>

enum { ST_HEADERS = 0, ST_BODY = 1, ST_SKIP = 2, ST_DROP_LINE = 3 };

void mtl_lsp_framer_init(mtl_lsp_framer *f, size_t max_body) {
  memset(f, 0, sizeof *f);
  f->max_body = max_body ? max_body : MTL_LSP_MAX_BODY;
}

void mtl_lsp_framer_free(mtl_lsp_framer *f) {
  if (!f)
    return;
  mtl_buf_free(&f->hdr);
  mtl_buf_free(&f->body);
}

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

/* Case-insensitive search for needle in s[0..n); index or n if absent. */
static size_t find_ci(const char *s, size_t n, const char *needle) {
  size_t k = strlen(needle), i, j;
  for (i = 0; i + k <= n; i++) {
    for (j = 0; j < k && lower((unsigned char)s[i + j]) == lower((unsigned char)needle[j]); j++)
      ;
    if (j == k)
      return i;
  }
  return n;
}

static void trim(const char **s, size_t *n) {
  while (*n && (**s == ' ' || **s == '\t')) {
    (*s)++;
    (*n)--;
  }
  while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' || (*s)[*n - 1] == '\r'))
    (*n)--;
}

/* Parses the header block in f->hdr.  Returns 0 with *length set, or an
 * error text; *skip_body says whether the body can still be skipped. */
static const char *parse_headers(const mtl_lsp_framer *f, size_t *length, int *skip_body) {
  const char *p = f->hdr.data, *end = p + f->hdr.len;
  int have = 0;
  const char *late = NULL;
  *skip_body = 0;
  while (p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *line = p, *colon, *val;
    size_t n = (size_t)((nl ? nl : end) - p), nn, vn;
    p = nl ? nl + 1 : end;
    trim(&line, &n);
    if (!n)
      continue;
    if (!(colon = memchr(line, ':', n)))
      return "malformed header line (no ':')";
    nn = (size_t)(colon - line);
    val = colon + 1;
    vn = n - nn - 1;
    trim(&val, &vn);
    if (nn == 14 && find_ci(line, nn, "content-length") == 0) {
      size_t v = 0, i;
      if (!vn || vn > 19)
        return "bad Content-Length";
      for (i = 0; i < vn; i++) {
        if (val[i] < '0' || val[i] > '9')
          return "bad Content-Length";
        v = v * 10 + (size_t)(val[i] - '0');
      }
      if (have && v != *length)
        return "two different Content-Length headers";
      *length = v;
      have = 1;
    } else if (nn == 12 && find_ci(line, nn, "content-type") == 0) {
      size_t cs = find_ci(val, vn, "charset=");
      if (cs < vn) {
        const char *c = val + cs + 8;
        size_t cn = vn - cs - 8, k = 0;
        while (k < cn && c[k] != ';' && c[k] != ' ')
          k++;
        if (!((k == 5 && find_ci(c, k, "utf-8") == 0) || (k == 4 && find_ci(c, k, "utf8") == 0)))
          late = "unsupported charset (only utf-8)";
      }
    }
  }
  if (!have)
    return "missing Content-Length";
  if (late) {
    *skip_body = 1;
    return late;
  }
  return NULL;
}

/* The header block is complete: start the body, or report. */
static int end_headers(mtl_lsp_framer *f, mtl_frame_fn fn, void *ctx) {
  size_t length = 0;
  int skip_body, rc = 0;
  const char *why;
  size_t i;
  for (i = 0; i < f->hdr.len; i++)
    if (f->hdr.data[i] != '\r' && f->hdr.data[i] != '\n')
      break;
  if (i == f->hdr.len) {  /* stray blank lines between messages */
    f->hdr.len = 0;
    return 0;
  }
  why = parse_headers(f, &length, &skip_body);
  f->hdr.len = 0;
  if (why) {
    f->lost = !skip_body; /* the body follows as garbage: say so only once */
    if (skip_body) {
      f->skip = length;
      f->state = length ? ST_SKIP : ST_HEADERS;
    }
    return fn(ctx, MTL_FRAME_BAD_HEADER, NULL, 0, why);
  }
  if (length > f->max_body) {
    f->skip = length;
    f->state = ST_SKIP;
    return fn(ctx, MTL_FRAME_TOO_LARGE, NULL, 0, "message too large");
  }
  f->lost = 0;
  f->want = length;
  f->body.len = 0;
  if (!length)
    return fn(ctx, MTL_FRAME_MESSAGE, "", 0, NULL);
  f->state = ST_BODY;
  return rc;
}

/* Drops the first cut bytes of the header block. */
static void drop_front(mtl_lsp_framer *f, size_t cut) {
  memmove(f->hdr.data, f->hdr.data + cut, f->hdr.len - cut);
  f->hdr.len -= cut;
  f->hdr.data[f->hdr.len] = '\0';
}

/* The last line of f->hdr is complete.  Returns 1 at the end of the block. */
static int line_done(mtl_lsp_framer *f, mtl_frame_fn fn, void *ctx, int *rc) {
  size_t ls = f->hdr.len - 1, n, at;
  const char *line;
  while (ls > 0 && f->hdr.data[ls - 1] != '\n')
    ls--;
  line = f->hdr.data + ls;
  n = f->hdr.len - ls;
  if (n == 1 || (n == 2 && line[0] == '\r'))
    return 1;
  /* Garbage before a header (the body behind a bad header, say): drop it
   * and resynchronise on "Content-Length:". */
  at = find_ci(line, n, "content-length:");
  if (at < n && at > 0) {
    drop_front(f, ls + at);
    if (!f->lost)
      *rc = fn(ctx, MTL_FRAME_BAD_HEADER, NULL, 0, "unexpected bytes before a header");
    f->lost = 0;
  } else if (!memchr(line, ':', n)) {
    f->hdr.len = 0;
    if (!f->lost)
      *rc = fn(ctx, MTL_FRAME_BAD_HEADER, NULL, 0, "malformed header line (no ':')");
  }
  return 0;
}

int mtl_lsp_framer_feed(mtl_lsp_framer *f, const char *data, size_t len, mtl_frame_fn fn,
                        void *ctx) {
  int rc = 0;
  while (len && !rc) {
    switch (f->state) {
    case ST_HEADERS: {
      const char *nl = memchr(data, '\n', len);
      size_t take = nl ? (size_t)(nl - data) + 1 : len;
      if (f->hdr.len + take > MTL_LSP_MAX_HEADER) {
        f->hdr.len = 0;
        f->state = nl ? ST_HEADERS : ST_DROP_LINE;
        data += take;
        len -= take;
        rc = fn(ctx, MTL_FRAME_BAD_HEADER, NULL, 0, "header block too long");
        break;
      }
      mtl_buf_put(&f->hdr, data, take);
      if (f->hdr.oom) {
        mtl_buf_free(&f->hdr);
        return MTL_ENOMEM;
      }
      data += take;
      len -= take;
      if (nl && line_done(f, fn, ctx, &rc) && !rc)
        rc = end_headers(f, fn, ctx);
      break;
    }
    case ST_BODY: {
      size_t take = f->want - f->body.len;
      if (take > len)
        take = len;
      mtl_buf_put(&f->body, data, take);
      if (f->body.oom) {
        mtl_buf_free(&f->body);
        f->state = ST_HEADERS;
        return MTL_ENOMEM;
      }
      data += take;
      len -= take;
      if (f->body.len == f->want) {
        f->state = ST_HEADERS;
        rc = fn(ctx, MTL_FRAME_MESSAGE, f->body.data, f->body.len, NULL);
        f->body.len = 0;
        if (f->body.cap > (1u << 20)) /* do not keep a big buffer around */
          mtl_buf_free(&f->body);
      }
      break;
    }
    case ST_SKIP: {
      size_t take = f->skip < len ? f->skip : len;
      f->skip -= take;
      data += take;
      len -= take;
      if (!f->skip)
        f->state = ST_HEADERS;
      break;
    }
    default: { /* ST_DROP_LINE: the rest of an over-long header line */
      const char *nl = memchr(data, '\n', len);
      size_t take = nl ? (size_t)(nl - data) + 1 : len;
      data += take;
      len -= take;
      if (nl)
        f->state = ST_HEADERS;
      break;
    }
    }
  }
  return rc;
}
