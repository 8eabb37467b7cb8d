/*
 * test_writer.c - the writers (writer.c, write_text.c, write_jsonl.c,
 * write_json.c): exact output for one small input in each format, errors,
 * summaries, colour, quiet, a sink that refuses to write, forks
 * (mtl_writer_fork/join/raw) writing what one writer writes, and the
 * article records (the ops' article callback).
 */
#include "testutil.h"
#include "lint.h"
#include "mtlint.h"
#include "util.h"
#include "writer.h"

#include <stdio.h>

/* U+00E9 (2 bytes) and an emoji (4 bytes, 2 UTF-16 units) before the match. */
static const char text[] = "\xC3\xA9\xF0\x9F\x98\x80 (Written through Ana) in Kiev.\r\n"
                           "The gist\xFF is here.\n";

static mtl_engine *engine;
static mtl_result *result;

static int setup(void **state) {
  mtl_options *o;
  mtl_error e;
  (void)state;
  if (mtl_options_new(&o))
    return -1;
  mtl_options_use_builtin_rules(o, 0);
  if (mtl_options_add_rules(o, MTL_TEST_DATA "/writer.yaml") || mtl_engine_new(&engine, o, &e) ||
      mtl_lint(&result, engine, text, sizeof text - 1, &e)) {
    mtl_options_free(o);
    return -1;
  }
  mtl_options_free(o);
  return 0;
}

static int teardown(void **state) {
  (void)state;
  mtl_result_free(result);
  mtl_engine_free(engine);
  return 0;
}

static int sink(void *ctx, const char *data, size_t len) {
  mtl_buf_put(ctx, data, len);
  return 0;
}

static int refuse(void *ctx, const char *data, size_t len) {
  (void)ctx;
  (void)data;
  (void)len;
  return 1;
}

/* Runs one writer over the input, an I/O error and the summary. */
static void write_all(const char *format, unsigned flags, int with_error, mtl_buf *out) {
  mtl_writer *w;
  mtl_error e;
  assert_int_equal(mtl_writer_new(&w, format, sink, out, flags), 0);
  assert_int_equal(mtl_writer_file(w, "dir/a \"b\".md", text, sizeof text - 1, result), 0);
  if (with_error) {
    mtl_seterr(&e, MTL_EIO, "missing.md", 0, 0, "cannot open: No such file or directory");
    assert_int_equal(mtl_writer_error(w, &e), 0);
    mtl_seterr(&e, MTL_ESCHEMA, "r.yaml", 3, 7, "unknown key 'x'");
    assert_int_equal(mtl_writer_error(w, &e), 0);
  }
  assert_int_equal(mtl_writer_finish(w), 0);
  mtl_writer_free(w);
  assert_false(out->oom);
  mtl_buf_putc(out, '\0');
}

static void expect(const char *format, const mtl_buf *got, const char *want) {
  if (strcmp(got->data, want)) {
    print_message("--- %s got:\n%s--- want:\n%s---\n", format, got->data, want);
    fail_msg("%s output differs", format);
  }
}

static void findings_are_what_the_writers_see(void **state) {
  (void)state;
  assert_int_equal(mtl_result_count(result), 4);
}

static const char want_jsonl[] =
    "{\"type\":\"diagnostic\",\"path\":\"dir/a \\\"b\\\".md\",\"rule\":\"w.byline\","
    "\"severity\":\"warning\",\"message\":\"'Written through' is a garbled byline; use "
    "'Written by'\",\"match\":\"Written through\",\"suggestions\":[\"Written by\"],"
    "\"fix\":\"safe\",\"start\":{\"offset\":8,\"line\":1,\"column\":9,\"column_utf16\":6},"
    "\"end\":{\"offset\":23,\"line\":1,\"column\":24,\"column_utf16\":21}}\n"
    "{\"type\":\"diagnostic\",\"path\":\"dir/a \\\"b\\\".md\",\"rule\":\"w.kiev\","
    "\"severity\":\"error\",\"message\":\"use 'Kyiv'\",\"match\":\"Kiev\","
    "\"suggestions\":[\"Kyiv\",\"Kyyiv\"],\"fix\":\"none\","
    "\"start\":{\"offset\":32,\"line\":1,\"column\":33,\"column_utf16\":30},"
    "\"end\":{\"offset\":36,\"line\":1,\"column\":37,\"column_utf16\":34}}\n";

static void jsonl_exact(void **state) {
  mtl_buf b = {0};
  char want[4096];
  (void)state;
  write_all("jsonl", 0, 1, &b);
  snprintf(want, sizeof want, "%s%s", want_jsonl,
           "{\"type\":\"diagnostic\",\"path\":\"dir/a \\\"b\\\".md\",\"rule\":\"w.note\","
           "\"severity\":\"info\",\"message\":\"a \\\"quoted\\\" note\\tfor 'gist'\","
           "\"match\":\"gist\",\"suggestions\":[],\"fix\":\"none\","
           "\"start\":{\"offset\":43,\"line\":2,\"column\":5,\"column_utf16\":5},"
           "\"end\":{\"offset\":47,\"line\":2,\"column\":9,\"column_utf16\":9}}\n"
           "{\"type\":\"diagnostic\",\"path\":\"dir/a \\\"b\\\".md\",\"rule\":\"input.encoding\","
           "\"severity\":\"warning\",\"message\":\"invalid UTF-8 byte 0xFF; the text was linted as "
           "it is\",\"match\":\"\xEF\xBF\xBD\",\"suggestions\":[],\"fix\":\"none\","
           "\"start\":{\"offset\":47,\"line\":2,\"column\":9,\"column_utf16\":9},"
           "\"end\":{\"offset\":48,\"line\":2,\"column\":10,\"column_utf16\":10}}\n"
           "{\"type\":\"error\",\"path\":\"missing.md\",\"line\":0,\"column\":0,\"code\":\"io\","
           "\"message\":\"cannot open: No such file or directory\"}\n"
           "{\"type\":\"error\",\"path\":\"r.yaml\",\"line\":3,\"column\":7,\"code\":\"schema\","
           "\"message\":\"unknown key 'x'\"}\n"
           "{\"type\":\"summary\",\"version\":1,\"files\":1,\"words\":10,\"diagnostics\":4,"
           "\"errors\":2,\"by_severity\":{\"error\":1,\"warning\":2,\"info\":1}}\n");
  expect("jsonl", &b, want);
  mtl_buf_free(&b);
}

static void text_exact(void **state) {
  mtl_buf b = {0};
  (void)state;
  write_all("text", 0, 1, &b);
  expect("text", &b,
         "dir/a \"b\".md:1:9: warning: 'Written through' is a garbled byline; use 'Written by' "
         "[w.byline]\n"
         "  \xC3\xA9\xF0\x9F\x98\x80 (Written through Ana) in Kiev.\n"
         "      ^~~~~~~~~~~~~~~ suggestion: \"Written by\"\n"
         "dir/a \"b\".md:1:33: error: use 'Kyiv' [w.kiev]\n"
         "  \xC3\xA9\xF0\x9F\x98\x80 (Written through Ana) in Kiev.\n"
         "                              ^~~~ suggestion: \"Kyiv\", \"Kyyiv\"\n"
         "dir/a \"b\".md:2:5: info: a \"quoted\" note\tfor 'gist' [w.note]\n"
         "  The gist\xEF\xBF\xBD is here.\n"
         "      ^~~~\n"
         "dir/a \"b\".md:2:9: warning: invalid UTF-8 byte 0xFF; the text was linted as it is "
         "[input.encoding]\n"
         "  The gist\xEF\xBF\xBD is here.\n"
         "          ^\n"
         "missing.md: error: cannot open: No such file or directory\n"
         "r.yaml:3:7: error: unknown key 'x'\n"
         "4 problems (1 error, 2 warnings, 1 info) in 1 file, 10 words; 2 inputs could not be "
         "read\n");
  mtl_buf_free(&b);
}

static void text_quiet_and_color(void **state) {
  mtl_buf b = {0};
  (void)state;
  write_all("text", MTL_WRITE_QUIET, 0, &b);
  expect("text quiet", &b,
         "dir/a \"b\".md:1:9: warning: 'Written through' is a garbled byline; use 'Written by' "
         "[w.byline]\n"
         "dir/a \"b\".md:1:33: error: use 'Kyiv' [w.kiev]\n"
         "dir/a \"b\".md:2:5: info: a \"quoted\" note\tfor 'gist' [w.note]\n"
         "dir/a \"b\".md:2:9: warning: invalid UTF-8 byte 0xFF; the text was linted as it is "
         "[input.encoding]\n");
  mtl_buf_free(&b);
  memset(&b, 0, sizeof b);
  write_all("text", MTL_WRITE_COLOR, 0, &b);
  assert_non_null(strstr(b.data, "\033[1;31merror:"));
  assert_non_null(strstr(b.data, "\033[1;33mwarning:"));
  mtl_buf_free(&b);
}

static void json_exact(void **state) {
  mtl_buf b = {0};
  (void)state;
  write_all("json", 0, 0, &b);
  /* one document; the diagnostics are the jsonl records without "type" or
     with it, but the same fields and order: check structure and key bits */
  assert_true(b.data[0] == '{');
  assert_non_null(strstr(b.data, "\"version\":1"));
  assert_non_null(strstr(b.data, "\"diagnostics\":["));
  assert_non_null(strstr(b.data, "\"errors\":[]"));
  assert_non_null(strstr(b.data, "\"summary\":{"));
  assert_non_null(strstr(b.data, "\"match\":\"Written through\""));
  assert_non_null(strstr(b.data, "\"column_utf16\":30"));
  assert_true(b.len >= 3 && b.data[b.len - 2] == '\n' && b.data[b.len - 3] == '}');
  mtl_buf_free(&b);
}

static void empty_run(void **state) {
  mtl_writer *w;
  mtl_buf b = {0};
  (void)state;
  assert_int_equal(mtl_writer_new(&w, "jsonl", sink, &b, 0), 0);
  assert_int_equal(mtl_writer_finish(w), 0);
  mtl_writer_free(w);
  mtl_buf_putc(&b, '\0');
  expect("jsonl empty", &b,
         "{\"type\":\"summary\",\"version\":1,\"files\":0,\"words\":0,\"diagnostics\":0,"
         "\"errors\":0,\"by_severity\":{\"error\":0,\"warning\":0,\"info\":0}}\n");
  mtl_buf_free(&b);
  memset(&b, 0, sizeof b);
  assert_int_equal(mtl_writer_new(&w, "json", sink, &b, 0), 0);
  assert_int_equal(mtl_writer_finish(w), 0);
  mtl_writer_free(w);
  mtl_buf_putc(&b, '\0');
  expect("json empty", &b,
         "{\"version\":1,\"diagnostics\":[],\"errors\":[],\"summary\":{\"version\":1,"
         "\"files\":0,\"words\":0,\"diagnostics\":0,\"errors\":0,\"by_severity\":"
         "{\"error\":0,\"warning\":0,\"info\":0}}}\n");
  mtl_buf_free(&b);
}

static void bad_arguments_and_sink(void **state) {
  mtl_writer *w = (mtl_writer *)1;
  mtl_buf b = {0};
  const char *const *f = mtl_writer_formats();
  (void)state;
  assert_int_equal(mtl_writer_new(&w, "xml", sink, &b, 0), MTL_EFORMAT);
  assert_null(w);
  assert_int_equal(mtl_writer_new(&w, NULL, sink, &b, 0), MTL_EFORMAT);
  assert_int_equal(mtl_writer_new(&w, "text", NULL, &b, 0), MTL_EINVAL);
  assert_string_equal(f[0], "text");
  assert_string_equal(f[1], "jsonl");
  assert_string_equal(f[2], "json");
  assert_int_equal(mtl_writer_file(NULL, "x", "", 0, NULL), MTL_EINVAL);
  assert_int_equal(mtl_writer_finish(NULL), MTL_EINVAL);
  mtl_writer_free(NULL);
  assert_int_equal(mtl_writer_new(&w, "jsonl", refuse, NULL, 0), 0);
  assert_int_equal(mtl_writer_file(w, "x", text, sizeof text - 1, result), MTL_EIO);
  mtl_writer_free(w);
}

/* Asserts that format writes want as the verdict record of one article. */
static void expect_article(const char *format, const mtl_input_info *in, const mtl_result *res,
                           double score, mtl_verdict v, const char *want) {
  mtl_writer *w;
  mtl_buf b = {0};
  assert_int_equal(mtl_writer_new(&w, format, sink, &b, 0), 0);
  assert_int_equal(mtl_writer_article(w, in, res, score, v), 0);
  mtl_writer_free(w);
  assert_false(b.oom);
  mtl_buf_putc(&b, '\0');
  expect(format, &b, want);
  mtl_buf_free(&b);
}

/* Article records print the score as "%.3f" would (writer.c writes whole
 * thousandths from their integer, anything else through printf). */
static void article_scores(void **state) {
  static const double scores[] = {0,      0.001,  6.231,   68.266, 1.0005, 2.5,
                                  1e-9,   -0.0,   -1.25,   1e13,   999.9995, 123456.789};
  mtl_input_info in;
  size_t i;
  (void)state;
  memset(&in, 0, sizeof in);
  in.path = "p";
  in.item = "i";
  in.item_line = 3;
  for (i = 0; i < sizeof scores / sizeof *scores; i++) {
    char want[160];
    snprintf(want, sizeof want,
             "{\"type\":\"article\",\"path\":\"p\",\"item\":\"i\",\"words\":%zu,"
             "\"findings\":%zu,\"score\":%.3f,\"verdict\":\"clean\",\"source\":{\"line\":3,"
             "\"column\":1}}\n",
             mtl_result_words(result), mtl_result_count(result), scores[i]);
    expect_article("jsonl", &in, result, scores[i], MTL_VERDICT_CLEAN, want);
  }
}

/* A run of format with no input: begin, maybe one article record, finish. */
static void run_with_article(const char *format, const mtl_input_info *in, int article,
                             mtl_buf *b) {
  mtl_writer *w;
  b->len = 0;
  assert_int_equal(mtl_writer_new(&w, format, sink, b, 0), 0);
  if (article)
    assert_int_equal(mtl_writer_article(w, in, result, 1.5, MTL_VERDICT_CLEAN), 0);
  assert_int_equal(mtl_writer_finish(w), 0);
  mtl_writer_free(w);
  assert_false(b->oom);
  mtl_buf_putc(b, '\0');
}

/* Only text and jsonl write article records; the others have no article
 * callback and write nothing for one. */
static void article_records_by_format(void **state) {
  const char *const *f = mtl_writer_formats();
  mtl_input_info in;
  mtl_buf b = {0}, without = {0};
  char want[256];
  size_t i;
  (void)state;
  memset(&in, 0, sizeof in);
  in.path = "feeds/wire.rss";
  in.item = "n-7";
  in.title = "Ferry strike ends";
  assert_false(mtl_result_other_language(result));
  snprintf(want, sizeof want,
           "feeds/wire.rss#n-7: garbled (score 68.266, 4 findings, %zu words) Ferry strike "
           "ends\n",
           mtl_result_words(result));
  expect_article("text", &in, result, 68.266, MTL_VERDICT_GARBLED, want);
  for (i = 0; f[i]; i++) {
    int writes = !strcmp(f[i], "text") || !strcmp(f[i], "jsonl");
    run_with_article(f[i], &in, 1, &b);
    run_with_article(f[i], &in, 0, &without);
    assert_int_equal(!strcmp(b.data, without.data), !writes);
  }
  mtl_buf_free(&without);
  assert_non_null(mtl_write_text.article);
  assert_non_null(mtl_write_jsonl.article);
  assert_null(mtl_write_json.article);
  assert_null(mtl_write_sarif.article);
  in.path = NULL;
  {
    mtl_writer *w;
    assert_int_equal(mtl_writer_new(&w, "jsonl", sink, &b, 0), 0);
    assert_int_equal(mtl_writer_article(w, &in, result, 0, MTL_VERDICT_CLEAN), MTL_EINVAL);
    assert_int_equal(mtl_writer_article(w, NULL, result, 0, MTL_VERDICT_CLEAN), MTL_EINVAL);
    assert_int_equal(mtl_writer_article(NULL, &in, result, 0, MTL_VERDICT_CLEAN), MTL_EINVAL);
    mtl_writer_free(w);
  }
  mtl_buf_free(&b);
}

/* An article in another language (its input declares German): no score in
 * text, "other_language":true in jsonl. */
static void article_other_language(void **state) {
  static char body[] = "Die F\xC3\xA4hre lag den ganzen Tag still im Becken.";
  mtl_article a;
  mtl_input_info in;
  mtl_result *res;
  mtl_error e;
  char want[320];
  (void)state;
  memset(&a, 0, sizeof a);
  a.text = body;
  a.len = sizeof body - 1;
  a.language = (char *)"de";
  assert_int_equal(mtl_lint_article(&res, engine, &a, &e), 0);
  assert_int_equal(mtl_result_count(res), 1);
  assert_string_equal(mtl_result_finding(res, 0)->rule, "input.other-language");
  assert_true(mtl_result_other_language(res));
  memset(&in, 0, sizeof in);
  in.path = "de.rss";
  in.item = "a-2";
  snprintf(want, sizeof want, "de.rss#a-2: other language, not scored (1 findings, %zu words)\n",
           mtl_result_words(res));
  expect_article("text", &in, res, 0, MTL_VERDICT_CLEAN, want);
  snprintf(want, sizeof want,
           "{\"type\":\"article\",\"path\":\"de.rss\",\"item\":\"a-2\",\"words\":%zu,"
           "\"findings\":1,\"score\":0.000,\"verdict\":\"clean\",\"other_language\":true}\n",
           mtl_result_words(res));
  expect_article("jsonl", &in, res, 0, MTL_VERDICT_CLEAN, want);
  mtl_result_free(res);
}

/* Formatting on forks, bytes and counts handed back in order: the same
 * output, summary included, as one writer writing everything. */
static void forks_write_what_the_writer_writes(void **state) {
  static const char *const per_input[] = {"text", "jsonl", "rdjsonl"};
  static const char *const stateful[] = {"json", "sarif", "github", "checkstyle", "junit"};
  size_t i, k;
  (void)state;
  for (i = 0; i < sizeof per_input / sizeof *per_input; i++) {
    mtl_buf whole = {0}, joined = {0}, part[2] = {{0}, {0}};
    mtl_writer *w, *fork[2];
    mtl_error e;
    assert_int_equal(mtl_writer_new(&w, per_input[i], sink, &whole, MTL_WRITE_QUIET), 0);
    for (k = 0; k < 2; k++)
      assert_int_equal(mtl_writer_file(w, k ? "b.md" : "a.md", text, sizeof text - 1, result), 0);
    mtl_seterr(&e, MTL_EIO, "missing.md", 0, 0, "cannot open");
    assert_int_equal(mtl_writer_error(w, &e), 0);
    assert_int_equal(mtl_writer_finish(w), 0);
    mtl_writer_free(w);

    assert_int_equal(mtl_writer_new(&w, per_input[i], sink, &joined, MTL_WRITE_QUIET), 0);
    for (k = 0; k < 2; k++) {
      assert_int_equal(mtl_writer_fork(&fork[k], w, sink, &part[k]), 0);
      assert_int_equal(mtl_writer_file(fork[k], k ? "b.md" : "a.md", text, sizeof text - 1,
                                       result), 0);
    }
    assert_int_equal(joined.len, 0); /* nothing went through w yet */
    for (k = 0; k < 2; k++) {
      assert_int_equal(mtl_writer_raw(w, part[k].data, part[k].len), 0);
      assert_int_equal(mtl_writer_join(w, fork[k]), 0);
      assert_int_equal(mtl_writer_join(w, fork[k]), 0); /* zeroed: counted once */
      mtl_writer_free(fork[k]);
      mtl_buf_free(&part[k]);
    }
    assert_int_equal(mtl_writer_error(w, &e), 0);
    assert_int_equal(mtl_writer_finish(w), 0);
    mtl_writer_free(w);
    assert_true(whole.len > 0);
    assert_int_equal(joined.len, whole.len);
    assert_memory_equal(joined.data, whole.data, whole.len);
    mtl_buf_free(&whole);
    mtl_buf_free(&joined);
  }
  for (i = 0; i < sizeof stateful / sizeof *stateful; i++) {
    mtl_buf out = {0};
    mtl_writer *w, *fork = (mtl_writer *)&out;
    assert_int_equal(mtl_writer_new(&w, stateful[i], sink, &out, 0), 0);
    assert_int_equal(mtl_writer_fork(&fork, w, sink, &out), MTL_EINVAL);
    assert_null(fork);
    mtl_writer_free(w);
    mtl_buf_free(&out);
  }
  {
    mtl_buf out = {0};
    mtl_writer *t, *j, *fork;
    assert_int_equal(mtl_writer_new(&t, "text", sink, &out, 0), 0);
    assert_int_equal(mtl_writer_new(&j, "jsonl", sink, &out, 0), 0);
    assert_int_equal(mtl_writer_fork(&fork, t, NULL, &out), MTL_EINVAL);
    assert_int_equal(mtl_writer_fork(NULL, t, sink, &out), MTL_EINVAL);
    assert_int_equal(mtl_writer_fork(&fork, t, sink, &out), 0);
    assert_int_equal(mtl_writer_join(j, fork), MTL_EINVAL); /* another format */
    assert_int_equal(mtl_writer_raw(t, NULL, 1), MTL_EINVAL);
    assert_int_equal(mtl_writer_raw(t, NULL, 0), 0);
    mtl_writer_free(fork);
    mtl_writer_free(t);
    assert_int_equal(mtl_writer_new(&t, "text", refuse, NULL, 0), 0);
    assert_int_equal(mtl_writer_raw(t, "x", 1), MTL_EIO);
    mtl_writer_free(t);
    mtl_writer_free(j);
    mtl_buf_free(&out);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(findings_are_what_the_writers_see),
      cmocka_unit_test(jsonl_exact),
      cmocka_unit_test(text_exact),
      cmocka_unit_test(text_quiet_and_color),
      cmocka_unit_test(json_exact),
      cmocka_unit_test(empty_run),
      cmocka_unit_test(bad_arguments_and_sink),
      cmocka_unit_test(article_scores),
      cmocka_unit_test(article_records_by_format),
      cmocka_unit_test(article_other_language),
      cmocka_unit_test(forks_write_what_the_writer_writes),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
