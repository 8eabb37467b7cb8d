/*
 * write_ci.c - helpers shared by the CI writers and mtl_writer_set_engine.
 */
#include "mtlint.h"
#include "utf8.h"
#include "util.h"
#include "write_ci.h"
#include "writer.h"

#include <string.h>

static int is_ci(const mtl_writer_ops *ops) {
  return ops == &mtl_write_sarif || ops == &mtl_write_rdjsonl || ops == &mtl_write_github ||
         ops == &mtl_write_checkstyle || ops == &mtl_write_junit;
}

static void xml(mtl_buf *b, const char *s, size_t n, int attr);

int mtl_writer_set_engine(mtl_writer *w, const mtl_engine *eng) {
  if (!w)
    return MTL_EINVAL;
  if (is_ci(w->ops) && w->state)
    ((mtl_ci_head *)w->state)->eng = eng;
  return 0;
}

const mtl_engine *mtl_ci_engine(const mtl_writer *w) {
  return is_ci(w->ops) && w->state ? ((const mtl_ci_head *)w->state)->eng : NULL;
}

void mtl_ci_xml(mtl_buf *b, const char *s, size_t n) { xml(b, s, n, 1); }
void mtl_ci_xml_text(mtl_buf *b, const char *s, size_t n) { xml(b, s, n, 0); }

static void xml(mtl_buf *b, const char *s, size_t n, int attr) {
  size_t i = 0;
  while (i < n) {
    int32_t cp;
    int k = mtl_utf8_decode(s + i, n - i, &cp);
    if (k < 0 || (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
        (cp >= 0xFFFE && cp <= 0xFFFF) || (cp >= 0xD800 && cp <= 0xDFFF)) {
      mtl_buf_puts(b, "\xEF\xBF\xBD");
      i += k < 0 ? 1 : (size_t)k;
      continue;
    }
    switch (cp) {
    case '&': mtl_buf_puts(b, "&amp;"); break;
    case '<': mtl_buf_puts(b, "&lt;"); break;
    case '>': mtl_buf_puts(b, "&gt;"); break;
    case '"': mtl_buf_puts(b, "&quot;"); break;
    case '\'': mtl_buf_puts(b, "&apos;"); break;
    case '\n': mtl_buf_puts(b, attr ? "&#10;" : "\n"); break;
    case '\r': mtl_buf_puts(b, "&#13;"); break;
    case '\t': mtl_buf_puts(b, attr ? "&#9;" : "\t"); break;
    default: mtl_buf_put(b, s + i, (size_t)k);
    }
    i += (size_t)k;
  }
}

void mtl_ci_uri(mtl_buf *b, const char *path) {
  static const char hex[] = "0123456789ABCDEF";
  const unsigned char *p = (const unsigned char *)path;
  if (*p == '/')
    mtl_buf_puts(b, "file://");
  for (; *p; p++) {
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
        strchr("-._~/", *p)) {
      mtl_buf_putc(b, (char)*p);
    } else {
      mtl_buf_putc(b, '%');
      mtl_buf_putc(b, hex[*p >> 4]);
      mtl_buf_putc(b, hex[*p & 15]);
    }
  }
}
