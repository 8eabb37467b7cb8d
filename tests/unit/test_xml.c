/*
 * test_xml.c - xml.c, the libxml2 wrapper: HTML text is valid UTF-8 whatever
 * the bytes, nesting past the limit is an error (never lost text), HTML
 * entity names, the XML reader stops at its first error with a line, and
 * libxml2 prints nothing (standard error checked around raw UTF-32 and bad
 * bytes).
 */
#include "testutil.h"
#include "mtlint.h"
#include "utf8.h"
#include "util.h"
#include "xml.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int valid(const char *s, size_t n) { return mtl_utf8_validate(s, n) == n; }

static void html_text_is_utf8(void **state) {
  static const char frag[] = "<p>caf\xe9 \xff\xfe x and caf\xc3</p>";
  mtl_html_page p;
  (void)state;
  assert_int_equal(mtl_html_extract(&p, frag, sizeof frag - 1, 1), 0);
  assert_true(valid(p.text.data, p.text.len));
  assert_non_null(strstr(p.text.data, "caf\xEF\xBF\xBD \xEF\xBF\xBD\xEF\xBF\xBD x"));
  mtl_html_page_free(&p);
}

static void html_depth_is_a_limit(void **state) {
  mtl_buf b = {0};
  mtl_html_page p;
  int i;
  (void)state;
  for (i = 0; i < 150; i++)
    mtl_buf_puts(&b, "<div>");
  mtl_buf_puts(&b, "<p>Deep words.</p>");
  assert_int_equal(mtl_html_extract(&p, b.data, b.len, 0), 0);
  assert_non_null(strstr(p.text.data, "Deep words."));
  mtl_html_page_free(&p);
  for (i = 0; i < 2; i++) { /* 210 (our walk's limit), then 300 (libxml2's) */
    size_t k;
    b.len = 0;
    for (k = 0; k < (i ? 300u : 210u); k++)
      mtl_buf_puts(&b, "<div>");
    mtl_buf_puts(&b, "<p>Deep words.</p>");
    assert_int_equal(mtl_html_extract(&p, b.data, b.len, i), MTL_ELIMIT);
    assert_int_equal(p.deep, 1);
    mtl_html_page_free(&p);
  }
  mtl_buf_free(&b);
}

static void html_entities(void **state) {
  (void)state;
  assert_int_equal(mtl_html_entity("nbsp", 4), 160);
  assert_int_equal(mtl_html_entity("eacute", 6), 233);
  assert_int_equal(mtl_html_entity("hellip;", 6), 8230);
  assert_int_equal(mtl_html_entity("nosuch", 6), -1);
  assert_int_equal(mtl_html_entity("", 0), -1);
}

static void reader_stops_at_first_error(void **state) {
  static const char doc[] = "<r>\n<a>one</a>\n<b>two</c>\n<d>three</d>\n</r>";
  mtl_xml *x;
  mtl_xml_event ev;
  size_t line = 0, col = 0;
  int rc, texts = 0;
  (void)state;
  assert_int_equal(mtl_xml_open_memory(&x, doc, sizeof doc - 1, "t.xml", 0), 0);
  while ((rc = mtl_xml_next(x, &ev)) == 1)
    texts += ev.type == MTL_XML_TEXT && !strcmp(ev.text, "three");
  assert_int_equal(rc, MTL_EPARSE);
  assert_int_equal(texts, 0);
  assert_non_null(strstr(mtl_xml_error(x, &line, &col), "mismatch"));
  assert_int_equal(line, 3);
  assert_int_equal(mtl_xml_next(x, &ev), MTL_EPARSE); /* and stays failed */
  mtl_xml_free(x);
}

/* Runs fn with standard error sent to a file; what was printed there. */
static long stderr_bytes(void (*fn)(void)) {
  FILE *f = tmpfile();
  int saved = dup(2);
  long n;
  assert_non_null(f);
  fflush(stderr);
  dup2(fileno(f), 2);
  fn();
  fflush(stderr);
  dup2(saved, 2);
  close(saved);
  n = ftell(f) >= 0 ? (fseek(f, 0, SEEK_END), ftell(f)) : -1;
  fclose(f);
  return n;
}

static void noisy_inputs(void) {
  /* UTF-32 bytes declared as such, bad UTF-8, a broken encoding name */
  static const char u32[] = "\xff\xfe\0\0<\0\0\0r\0\0\0>\0\0\0\xff\xff\xff\xff<\0\0\0/\0\0\0";
  static const char bad[] = "<?xml version=\"1.0\" encoding=\"UTF-32\"?><r>x</r>";
  static const char bad8[] = "<r>\xff\xfe</r>";
  static const char enc[] = "<?xml version=\"1.0\" encoding=\"x-nosuch\"?><r>x</r>";
  const char *docs[] = {u32, bad, bad8, enc};
  size_t lens[] = {sizeof u32 - 1, sizeof bad - 1, sizeof bad8 - 1, sizeof enc - 1};
  size_t i;
  for (i = 0; i < 4; i++) {
    mtl_xml *x;
    mtl_xml_event ev;
    mtl_html_page p;
    if (!mtl_xml_open_memory(&x, docs[i], lens[i], "n.xml", 0)) {
      while (mtl_xml_next(x, &ev) == 1)
        ;
      mtl_xml_free(x);
    }
    mtl_html_extract(&p, docs[i], lens[i], 0);
    mtl_html_page_free(&p);
  }
}

static void libxml2_prints_nothing(void **state) {
  (void)state;
  assert_int_equal(stderr_bytes(noisy_inputs), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(html_text_is_utf8),
      cmocka_unit_test(html_depth_is_a_limit),
      cmocka_unit_test(html_entities),
      cmocka_unit_test(reader_stops_at_first_error),
      cmocka_unit_test(libxml2_prints_nothing),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
