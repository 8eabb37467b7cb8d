/*
 * utf8.c - UTF-8 decoding and Unicode character classes.  The one file of
 * ours that includes utf8proc.h.  Invalid bytes are never fatal: decoders
 * report them and callers step over one byte.
 */
#include "utf8.h"
#include "util.h"

#include <string.h>
#include <utf8proc.h>

/* PERF: the ASCII half of the class tables (utf8.h inlines the look-up). */
#define L MTL_CC_LETTER
#define D MTL_CC_DIGIT
#define U (MTL_CC_LETTER | MTL_CC_UPPER)
#define W (MTL_CC_LETTER | MTL_CC_LOWER)
#define S MTL_CC_SPACE
const unsigned char mtl_ascii_class[128] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, S, S, S, S, S, 0, 0, /* \t \n \v \f \r */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    S, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* space */
    D, D, D, D, D, D, D, D, D, D, 0, 0, 0, 0, 0, 0, /* 0-9 */
    0, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, /* A-Z */
    U, U, U, U, U, U, U, U, U, U, U, 0, 0, 0, 0, 0,
    0, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, /* a-z */
    W, W, W, W, W, W, W, W, W, W, W, 0, 0, 0, 0, 0};
#undef L
#undef D
#undef U
#undef W
#undef S

int mtl_utf8_decode_multi(const char *s, size_t n, int32_t *cp) {
  utf8proc_int32_t c;
  utf8proc_ssize_t k;
  if (n == 0)
    return -1;
  if ((unsigned char)s[0] < 0x80) {
    *cp = (unsigned char)s[0];
    return 1;
  }
  k = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)(n > 4 ? 4 : n), &c);
  if (k < 1)
    return -1;
  *cp = c;
  return (int)k;
}

int mtl_utf8_encode(int32_t cp, char out[4]) {
  return (int)utf8proc_encode_char(cp, (utf8proc_uint8_t *)out);
}

int mtl_cp_width(int32_t cp) {
  if (cp >= 0x20 && cp < 0x7f)
    return 1;
  return cp < 0 ? 1 : utf8proc_charwidth(cp);
}

unsigned mtl_cp_class_u(int32_t cp) {
  if (cp < 0)
    return 0;
  if (cp < 0x80)
    return mtl_ascii_class[cp];
  switch (utf8proc_category(cp)) {
  case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LT:
    return MTL_CC_LETTER | MTL_CC_UPPER;
  case UTF8PROC_CATEGORY_LL:
    return MTL_CC_LETTER | MTL_CC_LOWER;
  case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
  case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
    return MTL_CC_LETTER;
  case UTF8PROC_CATEGORY_ND:
    return MTL_CC_DIGIT;
  case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
    return MTL_CC_SPACE;
  default:
    return cp == 0x85 ? MTL_CC_SPACE : 0;
  }
}

int32_t mtl_cp_tolower_u(int32_t cp) {
  if (cp < 0x80)
    return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
  return utf8proc_tolower(cp);
}

int32_t mtl_cp_toupper_u(int32_t cp) {
  if (cp < 0x80)
    return (cp >= 'a' && cp <= 'z') ? cp - 32 : cp;
  return utf8proc_toupper(cp);
}


void mtl_utf8_lower_any(mtl_buf *b, const char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    unsigned char c = (unsigned char)s[i];
    int32_t cp;
    int k;
    char enc[4];
    if (c < 0x80) { /* PERF: an ASCII run lowered straight into b */
      char *o;
      if (b->oom || (n - i >= b->cap - b->len && mtl_buf_reserve(b, n - i)))
        return;
      o = b->data + b->len;
      while (n - i >= 8) {
        uint64_t x = mtl_load8(s + i), upper;
        if (x & MTL_HIGHS)
          break;
        /* high bit of each byte: >= 'A' xor >= 'Z' + 1, i.e. in A-Z */
        upper = ((x + 0x3F * MTL_ONES) ^ (x + 0x25 * MTL_ONES)) & MTL_HIGHS;
        x |= upper >> 2;
        memcpy(o, &x, 8);
        o += 8;
        i += 8;
      }
      while (i < n && (unsigned char)s[i] < 0x80) {
        c = (unsigned char)s[i++];
        *o++ = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
      }
      b->len = (size_t)(o - b->data);
      *o = '\0';
      continue;
    }
    k = mtl_utf8_decode_multi(s + i, n - i, &cp);
    if (k < 0) {
      mtl_buf_putc(b, (char)c);
      i++;
      continue;
    }
    if (cp == 0x2019 || cp == 0x2018) {
      mtl_buf_putc(b, '\'');
    } else {
      int m = mtl_utf8_encode(mtl_cp_tolower(cp), enc);
      mtl_buf_put(b, enc, (size_t)m);
    }
    i += (size_t)k;
  }
}

size_t mtl_utf8_validate(const char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    int32_t cp;
    int k;
    if ((unsigned char)s[i] < 0x80) {
      i++;
      while (n - i >= 8 && !(mtl_load8(s + i) & MTL_HIGHS)) /* PERF: ASCII, 8 at a time */
        i += 8;
      continue;
    }
    k = mtl_utf8_decode_multi(s + i, n - i, &cp);
    if (k < 0)
      return i;
    i += (size_t)k;
  }
  return n;
}

size_t mtl_utf16_len(const char *s, size_t n) {
  size_t i = 0, units = 0;
  while (i < n) {
    unsigned char c = (unsigned char)s[i];
    int32_t cp;
    int k;
    if (c < 0x80) {
      i++;
      units++;
      while (n - i >= 8 && !(mtl_load8(s + i) & MTL_HIGHS)) { /* PERF: ASCII, 8 at a time */
        i += 8;
        units += 8;
      }
      continue;
    }
    k = mtl_utf8_decode_multi(s + i, n - i, &cp);
    if (k < 0) {
      i++;
      units++;
      continue;
    }
    units += cp >= 0x10000 ? 2 : 1;
    i += (size_t)k;
  }
  return units;
}
