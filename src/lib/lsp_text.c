/*
 * lsp_text.c - LSP positions and byte offsets.  A position is a 0-based
 * line (ended by \n, \r\n or \r, as LSP says) and a character counted in
 * the negotiated unit: UTF-8 bytes, UTF-16 code units or code points.  An
 * invalid UTF-8 byte counts as one unit in every encoding.  Offsets given
 * back never fall inside a code point.  Also: file: URIs <-> paths.
 */
#include "lsp_internal.h"
#include "mtlint.h"
#include "utf8.h"
#include "util.h"

#include <string.h>

int mtl_lsp_lines_init(mtl_lsp_lines *li, const char *text, size_t len) {
  size_t cap = 0, i;
  li->start = NULL;
  li->n = 0;
  if (mtl_grow((void **)&li->start, &cap, 64, sizeof *li->start))
    return MTL_ENOMEM;
  li->start[li->n++] = 0;
  for (i = 0; i < len; i++) {
    char c = text[i];
    if (c != '\n' && c != '\r')
      continue;
    if (c == '\r' && i + 1 < len && text[i + 1] == '\n')
      i++;
    if (mtl_grow((void **)&li->start, &cap, li->n + 1, sizeof *li->start)) {
      mtl_lsp_lines_free(li);
      return MTL_ENOMEM;
    }
    li->start[li->n++] = i + 1;
  }
  return 0;
}

void mtl_lsp_lines_free(mtl_lsp_lines *li) {
  mtl_free(li->start);
  li->start = NULL;
  li->n = 0;
}

/* Units of the code point (or invalid byte) at s[0..n); *adv gets its bytes. */
static size_t units(const char *s, size_t n, mtl_lsp_enc enc, size_t *adv) {
  int32_t cp;
  int k = mtl_utf8_decode(s, n, &cp);
  if (k <= 0) {
    *adv = 1;
    return 1;
  }
  *adv = (size_t)k;
  if (enc == MTL_ENC_UTF8)
    return (size_t)k;
  if (enc == MTL_ENC_UTF16)
    return cp >= 0x10000 ? 2 : 1;
  return 1;
}

void mtl_lsp_position(const mtl_lsp_lines *li, const char *text, size_t len, size_t off,
                      mtl_lsp_enc enc, size_t *line, size_t *character) {
  size_t lo = 0, hi = li->n, i, ch = 0;
  if (off > len)
    off = len;
  while (hi - lo > 1) { /* last line start <= off */
    size_t mid = lo + (hi - lo) / 2;
    if (li->start[mid] <= off)
      lo = mid;
    else
      hi = mid;
  }
  *line = lo;
  if (enc == MTL_ENC_UTF8) {
    *character = off - li->start[lo];
    return;
  }
  for (i = li->start[lo]; i < off;) {
    size_t adv;
    ch += units(text + i, len - i, enc, &adv);
    i += adv;
  }
  *character = ch;
}

size_t mtl_lsp_offset(const char *text, size_t len, size_t line, size_t character,
                      mtl_lsp_enc enc) {
  size_t i = 0, l = 0, ch = 0;
  while (l < line) { /* find the line's start */
    const char *nl = NULL;
    size_t j;
    for (j = i; j < len; j++)
      if (text[j] == '\n' || text[j] == '\r') {
        nl = text + j;
        break;
      }
    if (!nl)
      return len;
    i = j + 1;
    if (*nl == '\r' && i < len && text[i] == '\n')
      i++;
    l++;
  }
  while (i < len && text[i] != '\n' && text[i] != '\r' && ch < character) {
    size_t adv, u = units(text + i, len - i, enc, &adv);
    if (ch + u > character) /* inside a code point: stay before it */
      break;
    ch += u;
    i += adv;
  }
  return i;
}

char *mtl_lsp_uri_path(const char *uri) {
  const char *p;
  char *out, *o;
  if (!uri || strncmp(uri, "file://", 7))
    return NULL;
  p = uri + 7;
  if (!strncmp(p, "localhost/", 10))
    p += 9;
  if (*p != '/')
    return NULL; /* file://host/... names another machine */
  if (!(out = mtl_malloc(strlen(p) + 1)))
    return NULL;
  for (o = out; *p && *p != '?' && *p != '#'; p++) {
    int h, l;
    if (*p == '%' && (h = mtl_hex_digit((unsigned char)p[1])) >= 0 &&
        (l = mtl_hex_digit((unsigned char)p[2])) >= 0) {
      *o++ = (char)(h * 16 + l);
      p += 2;
    } else {
      *o++ = *p;
    }
  }
  *o = '\0';
  if (strlen(out) != (size_t)(o - out)) { /* %00 */
    mtl_free(out);
    return NULL;
  }
  return out;
}

char *mtl_lsp_path_uri(const char *path) {
  static const char hex[] = "0123456789ABCDEF";
  mtl_buf b = {0};
  const unsigned char *p;
  mtl_buf_puts(&b, "file://");
  for (p = (const unsigned char *)path; *p; p++) {
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
        strchr("/-._~!$&'()*+,;=:@", *p)) {
      mtl_buf_putc(&b, (char)*p);
    } else {
      mtl_buf_putc(&b, '%');
      mtl_buf_putc(&b, hex[*p >> 4]);
      mtl_buf_putc(&b, hex[*p & 15]);
    }
  }
  if (b.oom) {
    mtl_buf_free(&b);
    return NULL;
  }
  return b.data;
}

void mtl_lsp_clean_utf8(mtl_buf *b, const char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    int32_t cp;
    int k = mtl_utf8_decode(s + i, n - i, &cp);
    if (k <= 0 || cp == 0) {
      mtl_buf_puts(b, "\xEF\xBF\xBD");
      i++;
    } else {
      mtl_buf_put(b, s + i, (size_t)k);
      i += (size_t)k;
    }
  }
}
