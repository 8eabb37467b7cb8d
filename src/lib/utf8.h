/* utf8.h - utf8.c (the one user of utf8proc): decoding, character classes, case. */
#ifndef MTL_UTF8_H
#define MTL_UTF8_H

#include "util.h"
#include <stddef.h>
#include <stdint.h>

/** Decodes one code point at s[0..n); returns its length (>=1) and sets *cp,
 *  or returns -1 for an invalid sequence (then one byte should be skipped). */
int mtl_utf8_decode_multi(const char *s, size_t n, int32_t *cp);
static inline int mtl_utf8_decode(const char *s, size_t n, int32_t *cp) {
  if (n && (unsigned char)s[0] < 0x80) {
    *cp = (unsigned char)s[0];
    return 1;
  }
  return mtl_utf8_decode_multi(s, n, cp);
}
int mtl_utf8_encode(int32_t cp, char out[4]);
/** Columns cp takes on a terminal: 2 for East Asian wide and emoji, 0 for
 *  combining marks and other zero-width characters, else 1 (utf8proc). */
int mtl_cp_width(int32_t cp);

/* PERF: character classes as bits.  ASCII is one load from mtl_ascii_class;
   other code points take one utf8proc category look-up (mtl_cp_class_u). */
enum {
  MTL_CC_LETTER = 1u << 0, /* L* and M* */
  MTL_CC_DIGIT = 1u << 1,  /* Nd */
  MTL_CC_UPPER = 1u << 2,  /* Lu, Lt */
  MTL_CC_LOWER = 1u << 3,  /* Ll */
  MTL_CC_SPACE = 1u << 4   /* Zs, Zl, Zp, U+0085, space, tab, CR, LF, FF, VT */
};
extern const unsigned char mtl_ascii_class[128];
/** MTL_CC_* bits of any code point (0 for negative or out-of-range ones). */
unsigned mtl_cp_class_u(int32_t cp);
static inline unsigned mtl_cp_class(int32_t cp) {
  if ((uint32_t)cp < 0x80)
    return mtl_ascii_class[cp];
  return mtl_cp_class_u(cp);
}
static inline int mtl_cp_is_letter(int32_t cp) { return (mtl_cp_class(cp) & MTL_CC_LETTER) != 0; }
static inline int mtl_cp_is_digit(int32_t cp) { return (mtl_cp_class(cp) & MTL_CC_DIGIT) != 0; }
static inline int mtl_cp_is_upper(int32_t cp) { return (mtl_cp_class(cp) & MTL_CC_UPPER) != 0; }
static inline int mtl_cp_is_lower(int32_t cp) { return (mtl_cp_class(cp) & MTL_CC_LOWER) != 0; }
static inline int mtl_cp_is_space(int32_t cp) { return (mtl_cp_class(cp) & MTL_CC_SPACE) != 0; }
int32_t mtl_cp_tolower_u(int32_t cp);
int32_t mtl_cp_toupper_u(int32_t cp);
static inline int32_t mtl_cp_tolower(int32_t cp) {
  if (cp < 0x80)
    return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
  return mtl_cp_tolower_u(cp);
}
static inline int32_t mtl_cp_toupper(int32_t cp) {
  if (cp < 0x80)
    return (cp >= 'a' && cp <= 'z') ? cp - 32 : cp;
  return mtl_cp_toupper_u(cp);
}
/** Appends the simple lower-case form of s[0..n) to b; curly apostrophes
 *  become "'".  Invalid bytes are copied as they are. */
void mtl_utf8_lower_any(mtl_buf *b, const char *s, size_t n);
/* PERF: ASCII lowered inline while b has room; from the first other byte
   on, mtl_utf8_lower_any (lowering is per code point, so the split is
   invisible). */
static inline void mtl_utf8_lower(mtl_buf *b, const char *s, size_t n) {
  size_t i = 0;
  if (!b->oom && n < b->cap - b->len) {
    char *o = b->data + b->len;
    for (; i < n; i++) {
      unsigned char c = (unsigned char)s[i];
      if (c >= 0x80)
        break;
      o[i] = (char)(c | (((unsigned)c - 'A' < 26u) << 5));
    }
    b->len += i;
    b->data[b->len] = '\0';
    if (i == n)
      return;
  }
  mtl_utf8_lower_any(b, s + i, n - i);
}
/** Index of the first invalid UTF-8 byte in s[0..n), or n if valid. */
size_t mtl_utf8_validate(const char *s, size_t n);
/** UTF-16 code units in the valid UTF-8 s[0..n) (an invalid byte counts 1). */
size_t mtl_utf16_len(const char *s, size_t n);

#endif
