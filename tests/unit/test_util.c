/*
 * test_util.c - util.c: growable buffers, JSON string escaping, error text,
 * the error struct, hashing and file reading.
 */
#include "testutil.h"
#include "mtlint.h"
#include "utf8.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>

static void buf_grows_and_stays_terminated(void **state) {
  mtl_buf b = {0};
  size_t i;
  (void)state;
  for (i = 0; i < 10000; i++)
    mtl_buf_putc(&b, (char)('a' + (char)(i % 26)));
  assert_int_equal(b.len, 10000);
  assert_int_equal(b.data[b.len], '\0');
  assert_int_equal(b.data[26], 'a');
  mtl_buf_free(&b);
  assert_null(b.data);
  assert_int_equal(b.len, 0);
}

static void buf_put_puts_printf(void **state) {
  mtl_buf b = {0};
  (void)state;
  mtl_buf_put(&b, "abcdef", 3);
  mtl_buf_puts(&b, "-");
  mtl_buf_printf(&b, "%d:%s", 42, "x");
  mtl_buf_put(&b, NULL, 0);
  assert_buf_eq(&b, "abc-42:x");
  b.len = 0;
  mtl_buf_printf(&b, "%s", "");
  assert_int_equal(b.len, 0);
  mtl_buf_free(&b);
  mtl_buf_free(NULL);
}

static void buf_put_uint_is_decimal(void **state) {
  static const uint64_t v[] = {0, 1, 9, 10, 99, 100, 12345, 4294967295ULL, 4294967296ULL,
                               10000000000000000000ULL, 18446744073709551615ULL};
  size_t i;
  (void)state;
  for (i = 0; i < sizeof v / sizeof v[0]; i++) {
    mtl_buf b = {0};
    char want[32];
    mtl_buf_put(&b, "x", 1);
    mtl_buf_put_uint(&b, v[i]);
    snprintf(want, sizeof want, "x%llu", (unsigned long long)v[i]);
    assert_buf_eq(&b, want);
    mtl_buf_free(&b);
  }
}

/* printf output that fits the room left, fills it exactly, or needs more */
static void buf_printf_at_capacity(void **state) {
  size_t fill, extra;
  (void)state;
  for (fill = 0; fill < 40; fill++)
    for (extra = 0; extra < 40; extra++) {
      mtl_buf b = {0};
      char want[128], arg[64];
      memset(arg, 'y', extra);
      arg[extra] = '\0';
      mtl_buf_reserve(&b, 16); /* capacity 32 */
      memset(want, 'x', fill);
      mtl_buf_put(&b, want, fill);
      mtl_buf_printf(&b, "<%s|%zu>", arg, extra);
      snprintf(want + fill, sizeof want - fill, "<%s|%zu>", arg, extra);
      assert_buf_eq(&b, want);
      assert_int_equal(b.data[b.len], '\0');
      mtl_buf_free(&b);
    }
}

static void buf_oom_is_sticky(void **state) {
  mtl_buf b = {0};
  (void)state;
  mtl_test_fail_alloc_after(1);
  mtl_buf_puts(&b, "hello");
  mtl_test_fail_alloc_after(0);
  assert_true(b.oom);
  mtl_buf_puts(&b, "world"); /* ignored once out of memory */
  assert_true(b.oom);
  assert_null(b.data);
  mtl_buf_free(&b);
  assert_false(b.oom);
}

static void json_check(const char *in, size_t n, const char *want) {
  mtl_buf b = {0};
  mtl_buf_json_string(&b, in, n);
  if (b.len != strlen(want) || memcmp(b.data, want, b.len))
    fail_msg("json of %zu bytes: got [%s], want [%s]", n, b.data ? b.data : "(null)", want);
  mtl_buf_free(&b);
}

static void json_escapes(void **state) {
  (void)state;
  json_check("", 0, "\"\"");
  json_check("plain", 5, "\"plain\"");
  json_check("q\"b\\s/", 6, "\"q\\\"b\\\\s/\"");
  json_check("\n\r\t", 3, "\"\\n\\r\\t\"");
  json_check("\x01\x1f\x7f", 3, "\"\\u0001\\u001f\\u007f\"");
  json_check("a\0b", 3, "\"a\\u0000b\"");
  /* valid multi-byte sequences pass through */
  json_check("caf\xC3\xA9 \xE2\x80\x99 \xF0\x9F\x98\x80", 14,
             "\"caf\xC3\xA9 \xE2\x80\x99 \xF0\x9F\x98\x80\"");
}

/* mtl_buf_json_string one byte at a time, as it was first written. */
static void json_plain(mtl_buf *b, const char *s, size_t n) {
  size_t i = 0;
  mtl_buf_putc(b, '"');
  while (i < n) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x80) {
      int32_t cp;
      int k = mtl_utf8_decode(s + i, n - i, &cp);
      if (k < 0) {
        mtl_buf_puts(b, "\xEF\xBF\xBD");
        i++;
      } else {
        mtl_buf_put(b, s + i, (size_t)k);
        i += (size_t)k;
      }
      continue;
    }
    switch (c) {
    case '"': mtl_buf_puts(b, "\\\""); break;
    case '\\': mtl_buf_puts(b, "\\\\"); break;
    case '\n': mtl_buf_puts(b, "\\n"); break;
    case '\r': mtl_buf_puts(b, "\\r"); break;
    case '\t': mtl_buf_puts(b, "\\t"); break;
    default:
      if (c < 0x20 || c == 0x7f)
        mtl_buf_printf(b, "\\u%04x", c);
      else
        mtl_buf_putc(b, (char)c);
    }
    i++;
  }
  mtl_buf_putc(b, '"');
}

static void json_runs_random(void **state) {
  uint64_t r = 0x2545F4914F6CDD1DULL;
  char in[64];
  int iter;
  (void)state;
  for (iter = 0; iter < 20000; iter++) {
    mtl_buf x = {0}, y = {0};
    size_t n, k;
    r ^= r << 13;
    r ^= r >> 7;
    r ^= r << 17;
    n = (size_t)(r % sizeof in);
    for (k = 0; k < n; k++) {
      r ^= r << 13;
      r ^= r >> 7;
      r ^= r << 17;
      /* mostly ASCII, some controls, multi-byte lead and continuation bytes */
      in[k] = (char)((r & 7) == 0 ? 0x80 + (r >> 8) % 0x80 : (r & 7) == 1 ? (r >> 8) % 0x20
                                                                         : (r >> 8) % 0x80);
      if ((r & 63) == 2 && k + 2 < n) { /* a valid two- or three-byte sequence */
        in[k] = (char)0xE2;
        in[++k] = (char)0x80;
        in[++k] = (char)0x99;
      }
    }
    mtl_buf_json_string(&x, in, n);
    json_plain(&y, in, n);
    assert_int_equal(x.len, y.len);
    assert_memory_equal(x.data, y.data, x.len);
    mtl_buf_free(&x);
    mtl_buf_free(&y);
  }
}

static void json_invalid_utf8_becomes_fffd(void **state) {
  (void)state;
  json_check("a\xFFz", 3, "\"a\xEF\xBF\xBDz\"");
  json_check("\xC3", 1, "\"\xEF\xBF\xBD\"");                /* truncated */
  json_check("\xC0\xAF", 2, "\"\xEF\xBF\xBD\xEF\xBF\xBD\""); /* overlong */
  json_check("\xED\xA0\x80", 3,
             "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\""); /* surrogate */
  json_check("\xE2\x80", 2, "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
  json_check("\xF4\x90\x80\x80", 4,
             "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\""); /* > U+10FFFF */
}

static void strerror_names_every_code(void **state) {
  int c;
  (void)state;
  assert_string_equal(mtl_strerror(MTL_OK), "success");
  for (c = MTL_EPARSE; c < 0; c++) {
    const char *s = mtl_strerror(c);
    assert_non_null(s);
    if (!strcmp(s, "unknown error"))
      fail_msg("status %d has no text", c);
  }
  assert_string_equal(mtl_strerror(-1000), "unknown error");
  assert_string_equal(mtl_strerror(1), "unknown error");
}

static void severity_names(void **state) {
  (void)state;
  assert_string_equal(mtl_severity_name(MTL_SEV_ERROR), "error");
  assert_string_equal(mtl_severity_name(MTL_SEV_WARNING), "warning");
  assert_string_equal(mtl_severity_name(MTL_SEV_INFO), "info");
  assert_int_equal(mtl_severity_parse("warning"), MTL_SEV_WARNING);
  assert_int_equal(mtl_severity_parse("error"), MTL_SEV_ERROR);
  assert_int_equal(mtl_severity_parse("info"), MTL_SEV_INFO);
  assert_int_equal(mtl_severity_parse("Warning"), 0);
  assert_int_equal(mtl_severity_parse(NULL), 0);
}

static void seterr_fills_and_truncates(void **state) {
  mtl_error e;
  char longname[3000];
  (void)state;
  assert_int_equal(mtl_seterr(NULL, MTL_EIO, "f", 1, 2, "x"), MTL_EIO);
  assert_int_equal(mtl_seterr(&e, MTL_ESCHEMA, "r.yaml", 3, 4, "bad %s", "key"), MTL_ESCHEMA);
  assert_int_equal(e.code, MTL_ESCHEMA);
  assert_string_equal(e.file, "r.yaml");
  assert_string_equal(e.message, "bad key");
  assert_int_equal(e.line, 3);
  assert_int_equal(e.column, 4);
  memset(longname, 'n', sizeof longname - 1);
  longname[sizeof longname - 1] = '\0';
  mtl_seterr(&e, MTL_EIO, longname, 0, 0, "%s", longname);
  assert_int_equal(strlen(e.file), sizeof e.file - 1);
  assert_int_equal(strlen(e.message), sizeof e.message - 1);
  mtl_seterr(&e, MTL_EIO, NULL, 0, 0, "m");
  assert_string_equal(e.file, "");
  /* the boundary adds a location to an inner message: err->message and
     err->file may be arguments of the call that overwrites them */
  mtl_seterr(&e, MTL_EREGEX, NULL, 0, 0, "missing ) at offset %d", 3);
  mtl_seterr(&e, MTL_ESCHEMA, "rules.yaml", 11, 14, "%s", e.message);
  assert_string_equal(e.message, "missing ) at offset 3");
  assert_string_equal(e.file, "rules.yaml");
  mtl_seterr(&e, MTL_ESCHEMA, e.file, 2, 3, "%s: %s", e.file, e.message);
  assert_string_equal(e.message, "rules.yaml: missing ) at offset 3");
  assert_string_equal(e.file, "rules.yaml");
}

static void strdup_and_grow(void **state) {
  char *s = mtl_strndup("abcdef", 3);
  int *arr = NULL;
  size_t cap = 0;
  (void)state;
  assert_string_equal(s, "abc");
  mtl_free(s);
  assert_null(mtl_strdup(NULL));
  assert_int_equal(mtl_grow((void **)&arr, &cap, 100, sizeof *arr), 0);
  assert_true(cap >= 100);
  arr[99] = 7;
  assert_int_equal(mtl_grow((void **)&arr, &cap, SIZE_MAX / 2, sizeof *arr), MTL_ENOMEM);
  assert_int_equal(arr[99], 7); /* left as it was */
  mtl_free(arr);
}

static void hash_is_fnv1a(void **state) {
  (void)state;
  assert_true(mtl_hash("", 0) == 14695981039346656037ULL);
  assert_true(mtl_hash("a", 1) == 0xaf63dc4c8601ec8cULL);
  assert_true(mtl_hash("ab", 2) != mtl_hash("ba", 2));
}

static void read_file_whole_and_missing(void **state) {
  char path[] = "/tmp/mtl_test_util_XXXXXX";
  int fd = mkstemp(path);
  FILE *f;
  char *data;
  size_t len, i;
  mtl_error e;
  (void)state;
  assert_true(fd >= 0);
  f = fdopen(fd, "wb");
  for (i = 0; i < 200000; i++)
    fputc(i % 251 ? 'x' : '\0', f);
  fclose(f);
  assert_int_equal(mtl_read_file(&data, &len, path, &e), 0);
  assert_int_equal(len, 200000);
  assert_int_equal(data[0], '\0');
  assert_int_equal(data[1], 'x');
  assert_int_equal(data[len], '\0');
  mtl_free(data);
  remove(path);
  assert_int_equal(mtl_read_file(&data, &len, path, &e), MTL_EIO);
  assert_null(data);
  assert_string_equal(e.file, path);
  assert_non_null(strstr(e.message, "cannot open"));
}

/* Edit distance: the usual cases, the empty string, the 63-byte ceiling. */
static void edit_distance_counts_edits(void **state) {
  char long_a[80];
  (void)state;
  assert_int_equal(mtl_edit_distance("kitten", 6, "sitting", 7), 3);
  assert_int_equal(mtl_edit_distance("--format", 8, "--fromat", 8), 2);
  assert_int_equal(mtl_edit_distance("", 0, "abc", 3), 3);
  assert_int_equal(mtl_edit_distance("same", 4, "same", 4), 0);
  memset(long_a, 'a', sizeof long_a);
  assert_int_equal(mtl_edit_distance(long_a, 63, long_a, 63), 99);
  assert_int_equal(mtl_edit_distance(long_a, 62, long_a, 62), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(buf_grows_and_stays_terminated),
      cmocka_unit_test(buf_put_puts_printf),
      cmocka_unit_test(buf_printf_at_capacity),
      cmocka_unit_test(buf_put_uint_is_decimal),
      cmocka_unit_test(buf_oom_is_sticky),
      cmocka_unit_test(json_escapes),
      cmocka_unit_test(json_invalid_utf8_becomes_fffd),
      cmocka_unit_test(json_runs_random),
      cmocka_unit_test(strerror_names_every_code),
      cmocka_unit_test(severity_names),
      cmocka_unit_test(seterr_fills_and_truncates),
      cmocka_unit_test(strdup_and_grow),
      cmocka_unit_test(hash_is_fnv1a),
      cmocka_unit_test(read_file_whole_and_missing),
      cmocka_unit_test(edit_distance_counts_edits),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
