/*
 * test_repetition.c - the fast paths of check_repetition.c against its
 * plain definitions: norm_hash (eight bytes at a time, table look-ups) must
 * give the length and letter flag that norm_next's code points give, and the
 * same hash to spans whose normal forms are equal; same_lower (bytes
 * compared in place) must agree with comparing mtl_utf8_lower's output.
 * Random texts from pieces chosen to hit every branch: ASCII of each class,
 * white space runs (NUL, tab, no-break and em spaces), curly quotes, letters
 * beyond ASCII whose lower case has another length, invalid bytes.
 */
#include "testutil.h"

/* the module itself, for its static functions; its kind under another name */
#define mtl_check_repetition test_copy_check_repetition
#include "../../src/lib/check_repetition.c"
#include "check.h"
#include "doc.h"
#include "utf8.h"
#include "util.h"
#undef mtl_check_repetition

static const char *const pieces[] = {
    "a",  "B",  "z",  "Q",  "the", "THE", "The", " ", "  ",  "\t", "\n", "\r\n", "\f",
    "\v", "1",  ".",  ",",  "\x01", "\x7F", "@", "[", "`", "{", "\xC3\xA9", "\xC3\x89",
    "\xE2\x80\x99", "\xE2\x80\x98", "'", "\xE2\x80\x9C", "\xE2\x80\x9D", "\"",
    "\xC2\xA0", "\xE2\x80\x83", "\xFF", "\xC3", "\xC4\xB0", "\xE1\xBA\x9E", "\xE2\x84\xAA",
    "\xF0\x9F\x98\x80", "abcdefgh", "ABCDEFGHIJKLMNOP", "quick brown fox ", "Jumps Over ",
};
#define NPIECES (sizeof pieces / sizeof pieces[0])

static uint64_t rng = 88172645463325252ULL;
static unsigned rnd(unsigned n) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (unsigned)(rng % n);
}

/* A text of up to max pieces; NUL bytes allowed (returns the length). */
static size_t random_text(char *out, size_t cap, unsigned max) {
  size_t n = 0;
  unsigned k, count = rnd(max + 1);
  for (k = 0; k < count; k++) {
    const char *p = pieces[rnd(NPIECES)];
    size_t l = strlen(p);
    if (rnd(40) == 0) {
      p = "\0";
      l = 1;
    }
    if (n + l > cap)
      break;
    memcpy(out + n, p, l);
    n += l;
  }
  return n;
}

/* A variant with the same normal form: ASCII case flipped, white space runs
 * replaced by other white space, curly and straight quotes swapped. */
static size_t variant(const char *in, size_t n, char *out, size_t cap) {
  size_t i = 0, o = 0;
  if (rnd(4) == 0) { /* leading white space is trimmed */
    memcpy(out, " \t", 2);
    o = 2;
  }
  while (i < n && o + 8 < cap) {
    unsigned char c = (unsigned char)in[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0 ||
        (c == 0xC2 && i + 1 < n && (unsigned char)in[i + 1] == 0xA0)) {
      static const char *const ws[] = {" ", "\t", "  ", "\n", "\xC2\xA0", "\xE2\x80\x83", " \r\n"};
      const char *w = ws[rnd(7)];
      while (i < n && (in[i] == ' ' || in[i] == '\t' || in[i] == '\n' || in[i] == '\r' ||
                       in[i] == '\f' || in[i] == '\v' || in[i] == 0 ||
                       ((unsigned char)in[i] == 0xC2 && i + 1 < n &&
                        (unsigned char)in[i + 1] == 0xA0)))
        i += (unsigned char)in[i] == 0xC2 ? 2 : 1;
      memcpy(out + o, w, strlen(w));
      o += strlen(w);
      continue;
    }
    if (c < 0x80 && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) && rnd(2)) {
      out[o++] = (char)(c ^ 0x20);
      i++;
      continue;
    }
    if (c == '\'' && rnd(2)) {
      memcpy(out + o, "\xE2\x80\x99", 3);
      o += 3;
      i++;
      continue;
    }
    out[o++] = (char)c;
    i++;
  }
  if (rnd(4) == 0 && o + 3 <= cap) { /* and so is trailing white space */
    memcpy(out + o, "\r\n ", 3);
    o += 3;
  }
  return o;
}

/* norm_hash's length and letter flag from norm_next's code points. */
static void plain_len(const char *t, size_t n, size_t *len, int *letter) {
  norm s;
  size_t bytes;
  int32_t cp;
  norm_init(&s, t, 0, n);
  *len = 0;
  *letter = 0;
  while ((cp = norm_next(&s, &bytes)) >= 0) {
    *len += bytes;
    if (cp < 0x110000 && mtl_cp_is_letter(cp))
      *letter = 1;
  }
}

static void hash_matches_normal_form(void **state) {
  static char a[4096], b[4096], buf[8192];
  int round;
  (void)state;
  for (round = 0; round < 200000; round++) {
    size_t na = random_text(a, sizeof a, round % 3 ? 12 : 60), nb, len, plen, off;
    int letter, pletter;
    mtl_span sa, sb;
    uint64_t ha, hb;
    /* at a random offset in a bigger text, so the 8-byte loads see neighbours */
    off = rnd(9);
    memset(buf, 'X', sizeof buf);
    memcpy(buf + off, a, na);
    ha = norm_hash(buf, off, off + na, &len, &letter);
    plain_len(a, na, &plen, &pletter);
    assert_int_equal(len, plen);
    assert_int_equal(letter, pletter);
    nb = variant(a, na, b, sizeof b);
    memcpy(buf + off + na, b, nb);
    sa.start = off;
    sa.end = off + na;
    sb.start = off + na;
    sb.end = off + na + nb;
    assert_true(norm_equal(buf, &sa, &sb));
    hb = norm_hash(buf, sb.start, sb.end, &len, &letter);
    assert_int_equal(ha, hb);
    plain_len(b, nb, &plen, &pletter);
    assert_int_equal(len, plen);
    assert_int_equal(letter, pletter);
    /* two unrelated texts: equal hashes only for equal normal forms here */
    nb = random_text(b, sizeof b, 12);
    memcpy(buf + off + na, b, nb);
    sb.end = off + na + nb;
    if (norm_equal(buf, &sa, &sb))
      assert_int_equal(ha, norm_hash(buf, sb.start, sb.end, &len, &letter));
    else
      assert_true(ha != norm_hash(buf, sb.start, sb.end, &len, &letter));
  }
}

static void same_lower_matches_lowering(void **state) {
  static char text[256];
  mtl_buf x = {0}, y = {0}, lx = {0}, ly = {0};
  int round;
  (void)state;
  for (round = 0; round < 200000; round++) {
    size_t na = random_text(text, 100, 3), nb;
    mtl_doc doc;
    mtl_token ta, tb;
    int want;
    nb = rnd(2) ? variant(text, na, text + na, 120) : random_text(text + na, 120, 3);
    memset(&doc, 0, sizeof doc);
    doc.text = text;
    doc.len = na + nb;
    ta.start = 0;
    ta.end = na;
    tb.start = na;
    tb.end = na + nb;
    lx.len = ly.len = 0;
    mtl_utf8_lower(&lx, text, na);
    mtl_utf8_lower(&ly, text + na, nb);
    assert_false(lx.oom || ly.oom);
    want = lx.len == ly.len && (!lx.len || !memcmp(lx.data, ly.data, lx.len));
    if (!na || !nb)
      continue; /* tokens are never empty */
    assert_int_equal(same_lower(&doc, &ta, &tb, &x, &y), want);
  }
  mtl_buf_free(&x);
  mtl_buf_free(&y);
  mtl_buf_free(&lx);
  mtl_buf_free(&ly);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(hash_matches_normal_form),
      cmocka_unit_test(same_lower_matches_lowering),
  };
  (void)test_copy_check_repetition;
  return cmocka_run_group_tests(tests, NULL, NULL);
}
