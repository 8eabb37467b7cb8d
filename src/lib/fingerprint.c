/*
 * fingerprint.c - stable identity of a finding for baselines.
 *
 * The fingerprint hashes (FNV-1a, 64 bits) a version tag, the rule id, the
 * matched bytes and up to CONTEXT bytes of text on each side on the same
 * line(s), cut back to whole words, with every run of whitespace read as
 * one space.  Line and column numbers are not part of it, so a finding
 * keeps its fingerprint when lines are added, removed or moved around it;
 * it changes when the match or the words next to it on its line change.
 */
#include "mtlint.h"
#include "util.h"

#include <stdio.h>
#include <string.h>

#define CONTEXT 40

static int ws(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f'; }

/* Folds s[0, n) into h, whitespace runs as one space. */
static uint64_t fold(uint64_t h, const char *s, size_t n) {
  size_t i;
  int in_ws = 0;
  for (i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (ws((char)c)) {
      if (in_ws)
        continue;
      in_ws = 1;
      c = ' ';
    } else {
      in_ws = 0;
    }
    h ^= c;
    h *= MTL_FNV_PRIME;
  }
  return h;
}

static uint64_t sep(uint64_t h) {
  h ^= 0xFFu; /* never a byte of UTF-8 text */
  return h * MTL_FNV_PRIME;
}

int mtl_fingerprint(char out[MTL_FINGERPRINT_SIZE], const char *text, size_t len,
                    const mtl_finding *f) {
  size_t s, e, lo, hi;
  uint64_t h = 1469598103934665603ULL;
  if (!out || !f || !f->rule || (!text && len))
    return MTL_EINVAL;
  s = f->start.offset < len ? f->start.offset : len;
  e = f->end.offset < len ? f->end.offset : len;
  if (s > e)
    s = e;
  lo = s > CONTEXT ? s - CONTEXT : 0;
  hi = len - e > CONTEXT ? e + CONTEXT : len;
  {
    size_t k; /* context stays on the match's own lines */
    for (k = s; k > lo; k--)
      if (text[k - 1] == '\n') {
        lo = k;
        break;
      }
    for (k = e; k < hi; k++)
      if (text[k] == '\n') {
        hi = k;
        break;
      }
  }
  if (lo > 0 && !ws(text[lo - 1])) /* drop a partial word at the left edge */
    while (lo < s && !ws(text[lo]))
      lo++;
  if (hi < len && !ws(text[hi])) /* and at the right edge */
    while (hi > e && !ws(text[hi - 1]))
      hi--;
  while (lo < s && ws(text[lo]))
    lo++;
  while (hi > e && ws(text[hi - 1]))
    hi--;
  h = fold(h, "mtlint-fp-1", 11);
  h = sep(fold(sep(h), f->rule, strlen(f->rule)));
  h = sep(fold(h, text + s, e - s));
  h = sep(fold(h, text + lo, s - lo));
  h = fold(h, text + e, hi - e);
  snprintf(out, MTL_FINGERPRINT_SIZE, "%016llx", (unsigned long long)h);
  return 0;
}
