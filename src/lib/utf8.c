/*
 * utf8.c - UTF-8 decoding and Unicode character classes.  The one file of
 * ours that includes utf8proc.h.  Invalid bytes are never fatal: decoders
 * report them and callers step over one byte.
 */
#include "internal.h"

#include <utf8proc.h>

int mtl_utf8_decode(const char *s, size_t n, int32_t *cp) {
  utf8proc_int32_t c;
  utf8proc_ssize_t k;
  unsigned char b = (unsigned char)s[0];
  if (n == 0)
    return -1;
  if (b < 0x80) {
    *cp = b;
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

int mtl_cp_is_letter(int32_t cp) {
  if (cp < 0x80)
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
  switch (utf8proc_category(cp)) {
  case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
  case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
  case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
    return 1;
  default:
    return 0;
  }
}

int mtl_cp_is_digit(int32_t cp) {
  if (cp < 0x80)
    return cp >= '0' && cp <= '9';
  return utf8proc_category(cp) == UTF8PROC_CATEGORY_ND;
}

int mtl_cp_is_upper(int32_t cp) {
  if (cp < 0x80)
    return cp >= 'A' && cp <= 'Z';
  return utf8proc_category(cp) == UTF8PROC_CATEGORY_LU ||
         utf8proc_category(cp) == UTF8PROC_CATEGORY_LT;
}

int mtl_cp_is_lower(int32_t cp) {
  if (cp < 0x80)
    return cp >= 'a' && cp <= 'z';
  return utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

int mtl_cp_is_space(int32_t cp) {
  if (cp < 0x80)
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v';
  switch (utf8proc_category(cp)) {
  case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
    return 1;
  default:
    return cp == 0x85;
  }
}

int32_t mtl_cp_tolower(int32_t cp) {
  if (cp < 0x80)
    return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
  return utf8proc_tolower(cp);
}

int32_t mtl_cp_toupper(int32_t cp) {
  if (cp < 0x80)
    return (cp >= 'a' && cp <= 'z') ? cp - 32 : cp;
  return utf8proc_toupper(cp);
}

void mtl_utf8_lower(mtl_buf *b, const char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    unsigned char c = (unsigned char)s[i];
    int32_t cp;
    int k;
    char enc[4];
    if (c < 0x80) { /* PERF: an ASCII run in one copy, lowered in place */
      size_t j = i + 1, at = b->len;
      while (j < n && (unsigned char)s[j] < 0x80)
        j++;
      mtl_buf_put(b, s + i, j - i);
      if (!b->oom)
        for (; at < b->len; at++)
          if (b->data[at] >= 'A' && b->data[at] <= 'Z')
            b->data[at] = (char)(b->data[at] + 32);
      i = j;
      continue;
    }
    k = mtl_utf8_decode(s + i, n - i, &cp);
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
      continue;
    }
    k = mtl_utf8_decode(s + i, n - i, &cp);
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
      continue;
    }
    k = mtl_utf8_decode(s + i, n - i, &cp);
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
