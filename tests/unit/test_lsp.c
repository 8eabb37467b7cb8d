/*
 * test_lsp.c - unit tests of the language server's modules, without I/O:
 * framing split at every byte, positions in the three encodings, file:
 * URIs, word-list and config edits, and whole sessions fed to a server
 * with an in-memory sink (including an allocation-failure sweep).
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lsp_internal.h"
#include "mtlint.h"
#include "util.h"

/* ---------------- framing ---------------- */

typedef struct events {
  char log[4096];
  int messages, errors;
} events;

static int on_event(void *ctx, mtl_frame_event ev, const char *body, size_t len,
                    const char *why) {
  events *e = ctx;
  size_t n = strlen(e->log);
  if (ev == MTL_FRAME_MESSAGE) {
    e->messages++;
    snprintf(e->log + n, sizeof e->log - n, "[%.*s]", (int)len, body);
  } else {
    e->errors++;
    snprintf(e->log + n, sizeof e->log - n, "<%s>", why);
  }
  return 0;
}

static void feed_split(const char *data, size_t step, events *e) {
  mtl_lsp_framer f;
  size_t i;
  memset(e, 0, sizeof *e);
  mtl_lsp_framer_init(&f, 100);
  for (i = 0; i < strlen(data); i += step) {
    size_t n = strlen(data) - i < step ? strlen(data) - i : step;
    assert_int_equal(mtl_lsp_framer_feed(&f, data + i, n, on_event, e), 0);
  }
  mtl_lsp_framer_free(&f);
}

static void test_frame_splits(void **state) {
  const char *in = "Content-Length: 2\r\n\r\n{}"
                   "content-length:3\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8"
                   "\r\n\r\n[1]\r\n"
                   "Content-Length: 4\n\n\"ab\"";
  size_t step;
  events e;
  (void)state;
  for (step = 1; step <= strlen(in); step++) {
    feed_split(in, step, &e);
    assert_string_equal(e.log, "[{}][[1]][\"ab\"]");
  }
}

static void test_frame_errors(void **state) {
  events e;
  (void)state;
  /* bad length; the body behind it is dropped once, the next frame kept */
  feed_split("Content-Length: x1\r\n\r\n{\"a\":1}Content-Length: 2\r\n\r\n{}", 1, &e);
  assert_string_equal(e.log, "<bad Content-Length>[{}]");
  feed_split("Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}", 5, &e);
  assert_string_equal(e.log, "<two different Content-Length headers>");
  feed_split("Content-Type: text/x\r\n\r\nContent-Length: 0\r\n\r\n", 3, &e);
  assert_string_equal(e.log, "<missing Content-Length>[]");
  /* over the limit of 100: refused, skipped by its length */
  feed_split("Content-Length: 101\r\n\r\n", 7, &e);
  assert_string_equal(e.log, "<message too large>");
  feed_split("Content-Length: 1\r\nContent-Type: a; charset=latin1\r\n\r\nXContent-Length: 2\r\n\r\n[]",
             4, &e);
  assert_string_equal(e.log, "<unsupported charset (only utf-8)>[[]]");
  feed_split("garbage line\r\nContent-Length: 2\r\n\r\n{}", 2, &e);
  assert_string_equal(e.log, "<malformed header line (no ':')>[{}]");
  feed_split("Content-Length: 99999999999999999999\r\n\r\n", 50, &e);
  assert_string_equal(e.log, "<bad Content-Length>");
  feed_split("\r\n\r\nContent-Length: 2\r\n\r\n{}", 1, &e); /* stray blank lines */
  assert_string_equal(e.log, "[{}]");
}

static void test_frame_long_header(void **state) {
  mtl_lsp_framer f;
  events e;
  char *big = malloc(MTL_LSP_MAX_HEADER * 2);
  (void)state;
  memset(&e, 0, sizeof e);
  memset(big, 'a', MTL_LSP_MAX_HEADER * 2);
  mtl_lsp_framer_init(&f, 0);
  assert_int_equal(mtl_lsp_framer_feed(&f, big, MTL_LSP_MAX_HEADER * 2, on_event, &e), 0);
  assert_int_equal(mtl_lsp_framer_feed(&f, "\r\nContent-Length: 2\r\n\r\n{}", 26, on_event, &e),
                   0);
  assert_string_equal(e.log, "<header block too long>[{}]");
  assert_true(f.hdr.cap <= MTL_LSP_MAX_HEADER * 2);
  mtl_lsp_framer_free(&f);
  free(big);
}

/* ---------------- positions ---------------- */

static void test_positions(void **state) {
  /* "aé😀b\r\nx\ry" : a(1) é(2) 😀(4) b(1) */
  const char *t = "a\xC3\xA9\xF0\x9F\x98\x80" "b\r\nx\ry";
  size_t len = strlen(t), l, c;
  mtl_lsp_lines li;
  (void)state;
  assert_int_equal(mtl_lsp_lines_init(&li, t, len), 0);
  assert_int_equal(li.n, 3);
  mtl_lsp_position(&li, t, len, 7, MTL_ENC_UTF16, &l, &c);
  assert_int_equal(l, 0);
  assert_int_equal(c, 4); /* a é and two units for the emoji */
  mtl_lsp_position(&li, t, len, 7, MTL_ENC_UTF8, &l, &c);
  assert_int_equal(c, 7);
  mtl_lsp_position(&li, t, len, 7, MTL_ENC_UTF32, &l, &c);
  assert_int_equal(c, 3);
  mtl_lsp_position(&li, t, len, 10, MTL_ENC_UTF16, &l, &c); /* x */
  assert_int_equal(l, 1);
  assert_int_equal(c, 0);
  mtl_lsp_position(&li, t, len, 12, MTL_ENC_UTF16, &l, &c); /* y after a lone \r */
  assert_int_equal(l, 2);
  assert_int_equal(c, 0);
  mtl_lsp_position(&li, t, len, 999, MTL_ENC_UTF16, &l, &c);
  assert_int_equal(l, 2);
  assert_int_equal(c, 1);
  mtl_lsp_lines_free(&li);
  assert_int_equal(mtl_lsp_offset(t, len, 0, 4, MTL_ENC_UTF16), 7);
  assert_int_equal(mtl_lsp_offset(t, len, 0, 3, MTL_ENC_UTF16), 3); /* half an emoji */
  assert_int_equal(mtl_lsp_offset(t, len, 0, 2, MTL_ENC_UTF8), 1);  /* inside é */
  assert_int_equal(mtl_lsp_offset(t, len, 0, 3, MTL_ENC_UTF32), 7);
  assert_int_equal(mtl_lsp_offset(t, len, 0, 99, MTL_ENC_UTF16), 8); /* clamped to the line */
  assert_int_equal(mtl_lsp_offset(t, len, 1, 1, MTL_ENC_UTF16), 11);
  assert_int_equal(mtl_lsp_offset(t, len, 2, 0, MTL_ENC_UTF16), 12);
  assert_int_equal(mtl_lsp_offset(t, len, 7, 0, MTL_ENC_UTF16), len);
}

static void test_uris(void **state) {
  char *p;
  (void)state;
  p = mtl_lsp_uri_path("file:///tmp/a%20b/%C3%A9.md");
  assert_string_equal(p, "/tmp/a b/\xC3\xA9.md");
  mtl_free(p);
  p = mtl_lsp_uri_path("file://localhost/x");
  assert_string_equal(p, "/x");
  mtl_free(p);
  assert_null(mtl_lsp_uri_path("untitled:Untitled-1"));
  assert_null(mtl_lsp_uri_path("file://server/share"));
  assert_null(mtl_lsp_uri_path("file:///a%00b"));
  p = mtl_lsp_path_uri("/tmp/a b#1.md");
  assert_string_equal(p, "file:///tmp/a%20b%231.md");
  mtl_free(p);
}

/* ---------------- word lists and configs ---------------- */

static char dir[256];

static void make_dir(void) {
  snprintf(dir, sizeof dir, "/tmp/mtl-lsp-test-XXXXXX");
  assert_non_null(mkdtemp(dir));
}

static char *slurp(const char *path) {
  char *data = NULL;
  size_t len;
  assert_int_equal(mtl_read_file(&data, &len, path, NULL), 0);
  return data;
}

static void put(const char *path, const char *text) {
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
}

static void test_wordlist(void **state) {
  char path[512], *t;
  int added;
  mtl_error err;
  (void)state;
  make_dir();
  snprintf(path, sizeof path, "%s/a/b/words.txt", dir);
  assert_int_equal(mtl_lsp_wordlist_add(path, "Zorblatt", &added, &err), 0);
  assert_int_equal(added, 1);
  assert_int_equal(mtl_lsp_wordlist_add(path, "Zorblatt", &added, &err), 0);
  assert_int_equal(added, 0);
  put(path, "# list\nKyiv"); /* no final newline */
  assert_int_equal(mtl_lsp_wordlist_add(path, "Odesa", &added, &err), 0);
  t = slurp(path);
  assert_string_equal(t, "# list\nKyiv\nOdesa\n");
  mtl_free(t);
  assert_int_equal(mtl_lsp_wordlist_add(path, "two words", &added, &err), MTL_EINVAL);
  assert_int_equal(mtl_lsp_wordlist_add(path, "", &added, &err), MTL_EINVAL);
  assert_int_equal(mtl_lsp_wordlist_add(path, "#x", &added, &err), MTL_EINVAL);
  assert_int_equal(mtl_lsp_wordlist_add(path, "\xFF", &added, &err), MTL_EINVAL);
}

static void config_case(const char *before, const char *key, const char *value,
                        const char *after) {
  char path[512], *t;
  mtl_error err;
  memset(&err, 0, sizeof err);
  snprintf(path, sizeof path, "%s/.mtlint.yaml", dir);
  if (before)
    put(path, before);
  else
    unlink(path);
  if (!after) {
    assert_int_not_equal(mtl_lsp_config_add(path, key, value, &err), 0);
    t = slurp(path);
    assert_string_equal(t, before); /* untouched */
    mtl_free(t);
    return;
  }
  if (mtl_lsp_config_add(path, key, value, &err))
    fail_msg("config_add on '%s': %s", before ? before : "(none)", err.message);
  t = slurp(path);
  assert_string_equal(t, after);
  mtl_free(t);
}

static void test_config_edits(void **state) {
  char path[512], *wl;
  (void)state;
  make_dir();
  config_case(NULL, "disable", "a.b", "disable: [\"a.b\"]\n");
  config_case("", "disable", "a.b", "disable: [\"a.b\"]\n");
  config_case("# only a comment", "disable", "a.b", "# only a comment\ndisable: [\"a.b\"]\n");
  config_case("rules: [x]\n", "disable", "a.b", "rules: [x]\ndisable: [\"a.b\"]\n");
  config_case("disable: [x, y]  # keep\nenable: [z]\n", "disable", "a.b",
              "disable: [x, y, \"a.b\"]  # keep\nenable: [z]\n");
  config_case("disable: []\n", "disable", "a.b", "disable: [\"a.b\"]\n");
  config_case("disable: [x,]\n", "disable", "a.b", "disable: [x, \"a.b\"]\n");
  config_case("disable: ['x]', \"y\"]\n", "disable", "a.b", "disable: ['x]', \"y\", \"a.b\"]\n");
  config_case("disable:\n  - x\n  - y\nseverity: {}\n", "disable", "a.b",
              "disable:\n  - x\n  - y\n  - \"a.b\"\nseverity: {}\n");
  config_case("disable:\n- x", "disable", "a.b", "disable:\n- x\n- \"a.b\"\n");
  config_case("disable: x # one\n", "disable", "a.b", "disable: [x, \"a.b\"] # one\n");
  config_case("disable: 'x'\n", "disable", "a.b", "disable: ['x', \"a.b\"]\n");
  config_case("disable:\nrules: []\n", "disable", "a.b", "disable: [\"a.b\"]\nrules: []\n");
  config_case("disable: [a.b]\n", "disable", "a.b", "disable: [a.b]\n"); /* already there */
  config_case("disable: a.b\n", "disable", "a.b", "disable: a.b\n");
  config_case("{disable: [x]}\n", "enable", "a.b", NULL);  /* flow mapping: by hand */
  config_case("disable: {x: 1}\n", "disable", "a.b", NULL); /* not a list */
  config_case("disable: [x\n", "disable", "a.b", NULL);     /* broken YAML untouched */
  config_case("- a\n", "disable", "a.b", NULL);             /* not a map */
  config_case("wordlists: [w/a.txt, b.txt]\n", "disable", "a\"b\\c",
              "wordlists: [w/a.txt, b.txt]\ndisable: [\"a\\\"b\\\\c\"]\n");
  snprintf(path, sizeof path, "%s/.mtlint.yaml", dir);
  wl = mtl_lsp_config_wordlist(path, NULL);
  assert_non_null(wl);
  assert_true(strlen(wl) > 10 && !strcmp(wl + strlen(wl) - 10, "/w/a.txt") == 0);
  assert_string_equal(wl + strlen(dir), "/w/a.txt");
  mtl_free(wl);
  put(path, "rules: []\n");
  assert_null(mtl_lsp_config_wordlist(path, NULL));
}

static void test_atomic_write(void **state) {
  char path[512], *t;
  struct stat st;
  mtl_error err;
  (void)state;
  make_dir();
  snprintf(path, sizeof path, "%s/f.txt", dir);
  put(path, "old");
  chmod(path, 0640);
  assert_int_equal(mtl_lsp_write_atomic(path, "new", 3, &err), 0);
  t = slurp(path);
  assert_string_equal(t, "new");
  mtl_free(t);
  assert_int_equal(stat(path, &st), 0);
  assert_int_equal(st.st_mode & 0777, 0640);
  snprintf(path, sizeof path, "%s/missing/f.txt", dir);
  assert_int_equal(mtl_lsp_write_atomic(path, "x", 1, &err), MTL_EIO);
}

/* ---------------- whole sessions ---------------- */

typedef struct sink {
  mtl_buf out;
  int fail;
} sink;

static int sink_write(void *ctx, const char *data, size_t len) {
  sink *s = ctx;
  if (s->fail)
    return 1;
  mtl_buf_put(&s->out, data, len);
  return 0;
}

static mtl_engine *engine;

static const mtl_engine *get_engine(void *ctx, const char *path, mtl_error *err) {
  (void)ctx;
  (void)path;
  if (!engine) {
    mtl_options *o;
    if (mtl_options_new(&o))
      return NULL;
    mtl_options_use_builtin_rules(o, 0);
    if (mtl_options_add_rules(o, MTL_TEST_SRCDIR "/rules/mt-garble.yaml") ||
        mtl_engine_new(&engine, o, err))
      engine = NULL;
    mtl_options_free(o);
  }
  return engine;
}

static void frame_to(mtl_buf *b, const char *json) {
  mtl_buf_printf(b, "Content-Length: %zu\r\n\r\n%s", strlen(json), json);
}

static const char *const session[] = {
    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"capabilities\":"
    "{\"general\":{\"positionEncodings\":[\"utf-16\"]}}}}",
    "{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{}}",
    "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":"
    "{\"uri\":\"untitled:1\",\"languageId\":\"markdown\",\"version\":1,\"text\":"
    "\"\\u00c9t\\u00e9 \\ud83d\\ude80 a special army operation.\\n\"}}}",
    "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didChange\",\"params\":{\"textDocument\":"
    "{\"uri\":\"untitled:1\",\"version\":2},\"contentChanges\":[{\"range\":{\"start\":"
    "{\"line\":0,\"character\":0},\"end\":{\"line\":0,\"character\":1}},\"text\":\"e\"}]}}",
    "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"textDocument/codeAction\",\"params\":{"
    "\"textDocument\":{\"uri\":\"untitled:1\"},\"range\":{\"start\":{\"line\":0,\"character\":"
    "12},\"end\":{\"line\":0,\"character\":12}},\"context\":{\"diagnostics\":[]}}}",
    /* codeAction/resolve: an action that is complete comes back as it is;
     * one of an older version of the text is ContentModified */
    "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"codeAction/resolve\",\"params\":{"
    "\"title\":\"Hide\",\"command\":{\"title\":\"Hide\",\"command\":\"mtlint.disableRule\"}}}",
    "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"codeAction/resolve\",\"params\":{"
    "\"title\":\"Replace\",\"data\":{\"uri\":\"untitled:1\",\"version\":1,\"start\":9,"
    "\"end\":31,\"rule\":\"mt-garble.special-military-operation\"}}}",
    "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didClose\",\"params\":{\"textDocument\":"
    "{\"uri\":\"untitled:1\"}}}",
    "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"shutdown\"}",
    "{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}",
};

static int run_session(sink *out, int strict) {
  mtl_lsp_host h;
  mtl_lsp *s = NULL;
  mtl_buf in = {0};
  size_t i;
  int rc;
  memset(&h, 0, sizeof h);
  h.ctx = out;
  h.write = sink_write;
  h.engine = get_engine;
  if ((rc = mtl_lsp_new(&s, &h)))
    return rc;
  mtl_lsp_set_debounce(s, 50);
  mtl_lsp_tick(s, 1000);
  for (i = 0; i < sizeof session / sizeof *session; i++) {
    in.len = 0;
    frame_to(&in, session[i]);
    if (in.oom)
      break;
    mtl_lsp_feed(s, in.data, in.len);
    if (i == 3) { /* the edit waits for its debounce */
      if (strict)
        assert_int_equal(mtl_lsp_timeout(s), 50);
      mtl_lsp_tick(s, 1049);
      mtl_lsp_tick(s, 1050);
    }
  }
  rc = mtl_lsp_exit_status(s);
  mtl_lsp_free(s);
  mtl_buf_free(&in);
  return rc;
}

static void test_session(void **state) {
  sink out = {{0}, 0};
  const char *p;
  (void)state;
  assert_int_equal(run_session(&out, 1), 0);
  assert_non_null(out.out.data);
  /* the emoji is two UTF-16 units: "Été 🚀 a " is 9 units */
  p = strstr(out.out.data, "\"version\":1}");
  assert_non_null(p);
  assert_non_null(strstr(out.out.data, "\"start\":{\"character\":9,\"line\":0}"));
  assert_non_null(strstr(out.out.data, "\"code\":\"mt-garble.special-military-operation\""));
  assert_non_null(strstr(out.out.data, "\"version\":2}"));
  assert_non_null(strstr(out.out.data, "Replace with"));
  assert_non_null(strstr(out.out.data, "{\"id\":4,\"jsonrpc\":\"2.0\",\"result\":{\"command\":"
                                       "{\"command\":\"mtlint.disableRule\",\"title\":\"Hide\"},"
                                       "\"title\":\"Hide\"}}"));
  assert_non_null(strstr(out.out.data, "{\"error\":{\"code\":-32801,"));
  assert_non_null(strstr(out.out.data, "\"diagnostics\":[],\"uri\":\"untitled:1\""));
  assert_non_null(strstr(out.out.data, "{\"id\":3,\"jsonrpc\":\"2.0\",\"result\":null}"));
  mtl_buf_free(&out.out);
  out.fail = 1; /* a client that is gone: errors, no crash */
  assert_int_equal(run_session(&out, 1), 0);
}

static void test_alloc_failures(void **state) {
  long n;
  (void)state;
  get_engine(NULL, NULL, NULL);
  for (n = 1; n < 400; n++) {
    sink out = {{0}, 0};
    mtl_test_fail_alloc_after(n);
    run_session(&out, 0); /* any result but a crash or a leak */
    mtl_test_fail_alloc_after(0);
    mtl_buf_free(&out.out);
  }
}

static void test_api_args(void **state) {
  mtl_lsp *s = NULL;
  mtl_lsp_host h;
  (void)state;
  memset(&h, 0, sizeof h);
  assert_int_equal(mtl_lsp_new(&s, &h), MTL_EINVAL);
  assert_null(s);
  h.write = sink_write;
  assert_int_equal(mtl_lsp_new(&s, &h), 0);
  assert_int_equal(mtl_lsp_set_debounce(s, -1), MTL_EINVAL);
  assert_int_equal(mtl_lsp_set_debounce(s, 10001), MTL_EINVAL);
  assert_int_equal(mtl_lsp_set_user_wordlist(s, ""), MTL_EINVAL);
  assert_int_equal(mtl_lsp_set_position_encoding(s, "utf-32"), MTL_EINVAL);
  assert_int_equal(mtl_lsp_set_position_encoding(s, "UTF-8"), MTL_EINVAL);
  assert_int_equal(mtl_lsp_set_position_encoding(NULL, "utf-8"), MTL_EINVAL);
  assert_int_equal(mtl_lsp_set_position_encoding(s, "utf-8"), 0);
  assert_int_equal(mtl_lsp_set_position_encoding(s, "utf-16"), 0);
  assert_int_equal(mtl_lsp_set_position_encoding(s, NULL), 0);
  assert_int_equal(mtl_lsp_feed(s, NULL, 1), MTL_EINVAL);
  assert_int_equal(mtl_lsp_timeout(s), -1);
  assert_int_equal(mtl_lsp_exit_status(s), -1);
  mtl_lsp_free(s);
  mtl_lsp_free(NULL);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_frame_splits),   cmocka_unit_test(test_frame_errors),
      cmocka_unit_test(test_frame_long_header), cmocka_unit_test(test_positions),
      cmocka_unit_test(test_uris),           cmocka_unit_test(test_wordlist),
      cmocka_unit_test(test_config_edits),   cmocka_unit_test(test_atomic_write),
      cmocka_unit_test(test_session),        cmocka_unit_test(test_alloc_failures),
      cmocka_unit_test(test_api_args),
  };
  int rc = cmocka_run_group_tests(tests, NULL, NULL);
  mtl_engine_free(engine);
  return rc;
}
