/*
 * test_read_jsonl.c - the JSON Lines reader's fast path (flat lines parsed
 * without jansson) against its jansson path (MTL_REFERENCE=1): the same
 * articles (text, id, title, url, source, published, line) and the same
 * errors for lines that hit every branch of the fast parser: numbers,
 * escapes, surrogate pairs, bad UTF-8, control characters, duplicate keys,
 * nested values, wrong types, trailing bytes, HTML bodies, metadata
 * whitespace.
 */
#include "testutil.h"
#include "mtlint.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>

static const char *const lines[] = {
    "{\"id\":\"a\",\"text\":\"The the council met. it said so.\"}",
    "{\"id\":7,\"text\":\"x\",\"title\":\"T &amp; <b>x</b>\",\"url\":\"http://e.org/a?b=1&c=2\"}",
    "{\"id\":-0,\"text\":\"x y z\"}",
    "{\"id\":-12,\"text\":\"x\",\"source\":\"Wire\",\"published\":\"2024-01-02\"}",
    "{\"id\":1.5,\"text\":\"x\"}",
    "{\"id\":1e3,\"text\":\"x\"}",
    "{\"id\":2E-1,\"text\":\"x\"}",
    "{\"id\":12345678901234567890,\"text\":\"x\"}",
    "{\"id\":123456789012345678,\"text\":\"x\"}",
    "{\"id\":9999999999999999999,\"text\":\"x\"}",
    "{\"id\":-9223372036854775808,\"text\":\"x\"}",
    "{\"id\":999999999999999999,\"text\":\"x\"}",
    "{\"id\":01,\"text\":\"x\"}",
    "{\"id\":-,\"text\":\"x\"}",
    "{\"id\":1.,\"text\":\"x\"}",
    "{\"id\":true,\"text\":\"x\"}",
    "{\"id\":null,\"text\":\"x\"}",
    "{\"text\":\"x\"}",
    "{\"text\":null,\"html\":\"<p>Hello <b>world</b></p><p>Two</p>\"}",
    "{\"html\":\"<p>only html</p>\",\"id\":\"h\"}",
    "{\"text\":null}",
    "{}",
    "{\"text\":\"a\",\"text\":\"b\"}",
    "{\"text\":\"a\\u0000b\"}",
    "{\"text\":\"a\\ud83d\\ude00b caf\\u00e9 \\u2019s \\u00E9\"}",
    "{\"text\":\"a\\ud83d b\"}",
    "{\"text\":\"a\\ud83d\\u0041 b\"}",
    "{\"text\":\"a\\ude00 b\"}",
    "{\"text\":\"a\\u12G4 b\"}",
    "{\"text\":\"a\\u12\"}",
    "{\"text\":\"tab\\there\\nnew \\\"q\\\" \\\\ \\/ \\b\\f\\r end\"}",
    "{\"text\":\"bad \\x escape\"}",
    "{\"text\":\"raw\ttab\"}",
    "{\"text\":\"ok\"} x",
    "{\"text\":\"ok\"}   \t",
    "  {\"text\" : \"ok\" , \"url\" : \"http://x\" }",
    "{\"text\":\"ok\",\"extra\":{\"a\":1}}",
    "{\"text\":\"ok\",\"extra\":[1,2]}",
    "{\"text\":\"ok\",\"extra\":{\"a\":1,\"a\":2}}",
    "{\"text\":\"ok\",\"title\":\" \\t Two  \\n\\r\\f words\\t \",\"source\":\"  \"}",
    "{\"text\":\"ok\",\"source\":\"A\\u00a0B\"}",
    "{\"text\":\"ok\",\"title\":5}",
    "{\"text\":\"ok\",\"title\":false}",
    "{\"text\":\"ok\",\"flag\":true,\"n\":null,\"r\":-1.25e+2}",
    "{\"text\":5}",
    "{\"te\\u0078t\":\"escaped key\"}",
    "{\"text\":\"ok\",}",
    "{\"text\":\"ok\"",
    "{\"text\":\"ok\" \"id\":\"x\"}",
    "[\"text\"]",
    "\"just a string\"",
    "{\"text\":\"caf\xC3\xA9 ok \xE2\x80\x99 \xF0\x9F\x98\x80\"}",
    "{\"text\":\"bad \xFF byte\"}",
    "{\"text\":\"bad \xC3 trunc\"}",
    "{\"text\":\"surrogate \xED\xA0\x80 enc\"}",
    "{\"text\":\"overlong \xC0\xAF x\"}",
    "{\"text\":\"too big \xF4\x90\x80\x80 x\"}",
    "{\"text\":\"nonchar \xEF\xBF\xBE x\"}",
    "{\"\xFF\":\"x\",\"text\":\"k\"}",
    "\xEF\xBB\xBF{\"text\":\"bom\"}",
    "{\"text\":\"crlf line\"}\r",
    "{\"text\":\"\"}",
    "{\"text\":\"abcdefghijklmnop\\nqrstuvwxyz0123456789 caf\xC3\xA9 abcdefgh\\\"ijklmnopq\"}",
    "{\"text\":\"abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnop\xFF\"}",
    "{\"text\":\"abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnop\x1F\"}",
    "{\"text\":\"abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrst",
    "{\"text\":\"x\",\"nul\":\"\\u0000\"}",
    "{\"text\":\"x\",\"k1\":1,\"k2\":2,\"k3\":3,\"k4\":4,\"k5\":5,\"k6\":6,\"k7\":7,\"k8\":8,"
    "\"k9\":9,\"k10\":0,\"k11\":1,\"k12\":2,\"k13\":3,\"k14\":4,\"k15\":5,\"k16\":6,\"k17\":7,"
    "\"k18\":8,\"k19\":9,\"k20\":0,\"k21\":1,\"k22\":2,\"k23\":3,\"k24\":4,\"k25\":5,\"k26\":6,"
    "\"k27\":7,\"k28\":8,\"k29\":9,\"k30\":0,\"k31\":1,\"k32\":2,\"k33\":3}",
};

typedef struct src {
  const char *data;
  size_t len, pos;
} src;

static int read_mem(void *ctx, char *buf, size_t cap, size_t *got) {
  src *s = ctx;
  size_t n = s->len - s->pos < cap ? s->len - s->pos : cap;
  memcpy(buf, s->data + s->pos, n);
  s->pos += n;
  *got = n;
  return 0;
}

/* Everything the reader gives for the input, one record a line. */
static void read_all(const char *data, size_t len, mtl_buf *out) {
  mtl_reader *rd = NULL;
  mtl_error err;
  src s = {data, len, 0};
  memset(&err, 0, sizeof err);
  assert_int_equal(mtl_reader_open(&rd, "jsonl", "t.jsonl", read_mem, &s, &err), 0);
  for (;;) {
    mtl_article *a = NULL;
    int rc;
    memset(&err, 0, sizeof err);
    rc = mtl_reader_next(rd, &a, &err);
    if (rc == 0)
      break;
    if (rc < 0) {
      mtl_buf_printf(out, "error %d %zu:%zu %s\n", err.code, err.line, err.column, err.message);
      continue;
    }
    mtl_buf_printf(out, "article %zu:%zu id=%s title=%s url=%s source=%s published=%s len=%zu\n",
                   a->line, a->column, a->id ? a->id : "-", a->title ? a->title : "-",
                   a->url ? a->url : "-", a->source ? a->source : "-",
                   a->published ? a->published : "-", a->len);
    mtl_buf_put(out, a->text, a->len);
    mtl_buf_putc(out, '\n');
    mtl_article_free(a);
  }
  mtl_reader_free(rd);
}

static void fast_path_matches_jansson(void **state) {
  mtl_buf in = {0}, fast = {0}, ref = {0};
  size_t i;
  (void)state;
  for (i = 0; i < sizeof lines / sizeof lines[0]; i++) {
    mtl_buf_puts(&in, lines[i]);
    mtl_buf_putc(&in, '\n');
  }
  assert_false(in.oom);
  setenv("MTL_REFERENCE", "1", 1);
  read_all(in.data, in.len, &ref);
  unsetenv("MTL_REFERENCE");
  read_all(in.data, in.len, &fast);
  assert_false(ref.oom || fast.oom);
  if (ref.len != fast.len || memcmp(ref.data, fast.data, ref.len))
    fail_msg("fast path differs:\n--- jansson\n%s\n--- fast\n%s", ref.data, fast.data);
  /* a few articles and errors really are there */
  assert_non_null(strstr(fast.data, "id=7 title=T & x"));
  assert_non_null(strstr(fast.data, "a\xF0\x9F\x98\x80" "b caf\xC3\xA9 \xE2\x80\x99s"));
  assert_non_null(strstr(fast.data, "duplicate"));
  /* metadata without markup: whitespace runs squeezed, none at the ends;
   * U+00A0 is text */
  assert_non_null(strstr(fast.data, "title=Two words url=- source= published"));
  assert_non_null(strstr(fast.data, "title=- url=- source=A\xC2\xA0" "B published"));
  mtl_buf_free(&in);
  mtl_buf_free(&fast);
  mtl_buf_free(&ref);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(fast_path_matches_jansson),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
