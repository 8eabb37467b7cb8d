/*
 * test_ynode.c - the YAML loader (ynode.c): marks, refused aliases, the
 * depth cap, duplicate keys, syntax errors with line:col, typed readers.
 */
#include "testutil.h"
#include "mtlint.h"
#include "util.h"
#include "ynode.h"

#include <stdlib.h>

static mtl_ynode *parse_ok(const char *y) {
  mtl_ynode *n = NULL;
  mtl_error e;
  memset(&e, 0, sizeof e);
  if (mtl_yaml_parse(&n, y, strlen(y), "t.yaml", &e))
    fail_msg("parse failed: %s:%zu:%zu: %s", e.file, e.line, e.column, e.message);
  assert_non_null(n);
  return n;
}

static int parse_err(const char *y, mtl_error *e) {
  mtl_ynode *n = (mtl_ynode *)1;
  int rc;
  memset(e, 0, sizeof *e);
  rc = mtl_yaml_parse(&n, y, strlen(y), "t.yaml", e);
  assert_true(rc < 0);
  assert_null(n);
  assert_int_equal(e->code, rc);
  assert_string_equal(e->file, "t.yaml");
  return rc;
}

static void tree_and_marks(void **state) {
  mtl_ynode *root = parse_ok("pack: p\nrules:\n  - id: p.a\n    n: 3\n  - \"yes\"\n");
  const mtl_ynode *rules, *first;
  (void)state;
  assert_int_equal(root->kind, MTL_Y_MAP);
  assert_int_equal(root->n, 4);
  rules = mtl_ynode_get(root, "rules");
  assert_non_null(rules);
  assert_int_equal(rules->kind, MTL_Y_SEQ);
  assert_int_equal(rules->n, 2);
  first = rules->items[0];
  assert_int_equal(first->kind, MTL_Y_MAP);
  assert_int_equal(first->line, 3);
  assert_int_equal(first->column, 5);
  assert_int_equal(mtl_ynode_get(first, "n")->line, 4);
  assert_int_equal(mtl_ynode_get(first, "n")->column, 8);
  assert_string_equal(mtl_ynode_get(root, "pack")->value, "p");
  assert_true(rules->items[1]->quoted);
  assert_false(mtl_ynode_get(root, "pack")->quoted);
  assert_null(mtl_ynode_get(root, "missing"));
  assert_null(mtl_ynode_get(rules, "pack")); /* not a map */
  mtl_ynode_free(root);
  mtl_ynode_free(NULL);
}

static void empty_document_is_empty_map(void **state) {
  mtl_ynode *n;
  (void)state;
  n = parse_ok("");
  assert_int_equal(n->kind, MTL_Y_MAP);
  assert_int_equal(n->n, 0);
  mtl_ynode_free(n);
  n = parse_ok("# only a comment\n");
  assert_int_equal(n->kind, MTL_Y_MAP);
  mtl_ynode_free(n);
}

static void aliases_refused(void **state) {
  mtl_error e;
  (void)state;
  assert_int_equal(parse_err("a: &x [1, 2]\nb: *x\n", &e), MTL_ESCHEMA);
  assert_int_equal(e.line, 2);
  assert_non_null(strstr(e.message, "alias"));
  /* billion laughs never gets expanded */
  parse_err("a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\n", &e);
}

static void depth_limit(void **state) {
  char y[2000];
  size_t i, n = 0;
  mtl_error e;
  mtl_ynode *root;
  (void)state;
  for (i = 0; i < 100; i++)
    y[n++] = '[';
  for (i = 0; i < 100; i++)
    y[n++] = ']';
  y[n] = '\0';
  assert_int_equal(parse_err(y, &e), MTL_ELIMIT);
  assert_int_equal(e.line, 1);
  assert_true(e.column > 1);
  /* 60 levels are fine */
  n = 0;
  for (i = 0; i < 60; i++)
    y[n++] = '[';
  for (i = 0; i < 60; i++)
    y[n++] = ']';
  y[n] = '\0';
  root = parse_ok(y);
  mtl_ynode_free(root);
}

static void duplicate_keys(void **state) {
  mtl_error e;
  (void)state;
  assert_int_equal(parse_err("a: 1\nb: 2\na: 3\n", &e), MTL_ESCHEMA);
  assert_int_equal(e.line, 3);
  assert_int_equal(e.column, 1);
  assert_non_null(strstr(e.message, "a"));
}

/* Past a few keys they are hashed: every size up to 300 keys, the
 * duplicate of each earlier key is found, and nothing else is. */
static void duplicate_keys_hashed(void **state) {
  mtl_buf b = {0};
  size_t nkeys, dup;
  (void)state;
  for (nkeys = 1; nkeys <= 300; nkeys += nkeys < 40 ? 1 : 37) {
    size_t i;
    mtl_ynode *root;
    b.len = 0;
    for (i = 0; i < nkeys; i++) /* the same keys one level down too */
      mtl_buf_printf(&b, "key%zu: {key%zu: 1, k: 2}\n", i * 7919 % 1000, i * 7919 % 1000);
    assert_false(b.oom);
    root = parse_ok(b.data);
    assert_int_equal(root->n, 2 * nkeys);
    mtl_ynode_free(root);
    for (dup = 0; dup < nkeys; dup += 1 + nkeys / 9) {
      mtl_error e;
      size_t len = b.len;
      mtl_buf_printf(&b, "key%zu: 3\n", dup * 7919 % 1000);
      assert_int_equal(parse_err(b.data, &e), MTL_ESCHEMA);
      assert_int_equal(e.line, nkeys + 1);
      assert_non_null(strstr(e.message, "duplicate key"));
      b.len = len;
      b.data[len] = '\0';
    }
  }
  mtl_buf_free(&b);
}

static void malformed_yaml_line_col(void **state) {
  mtl_error e;
  (void)state;
  assert_int_equal(parse_err("pack: p\nrules: [a, b\n", &e), MTL_ESYNTAX);
  assert_true(e.line >= 2);
  assert_true(e.column >= 1);
  assert_non_null(strstr(e.message, "malformed YAML"));
  assert_int_equal(parse_err("a: 'unterminated\n", &e), MTL_ESYNTAX);
  assert_true(e.line >= 1);
  assert_int_equal(parse_err("a: b\n  c: d\n", &e), MTL_ESYNTAX);
  assert_int_equal(e.line, 2);
  assert_int_equal(parse_err("- a\n- b\n---\n- c\n", &e) < 0, 1); /* two documents */
  assert_int_equal(parse_err("a: \"\\xZZ\"\n", &e), MTL_ESYNTAX);
  assert_int_equal(parse_err("a: b\xFF\n", &e), MTL_ESYNTAX);
}

static void typed_readers(void **state) {
  mtl_ynode *root = parse_ok("s: text\nb: yes\nq: \"yes\"\ni: 42\nbig: 99999999999999999999\n"
                             "l: [a, b]\nm: {k: v}\n");
  const char *s;
  int b;
  long i;
  const mtl_ynode **items;
  size_t count;
  mtl_error e;
  (void)state;
  assert_int_equal(mtl_y_string(mtl_ynode_get(root, "s"), "f", "s", &s, &e), 0);
  assert_string_equal(s, "text");
  assert_int_equal(mtl_y_string(mtl_ynode_get(root, "l"), "f", "s", &s, &e), MTL_ESCHEMA);
  assert_int_equal(e.line, 6);
  assert_int_equal(mtl_y_bool(mtl_ynode_get(root, "b"), "f", "b", &b, &e), 0);
  assert_int_equal(b, 1);
  assert_int_equal(mtl_y_bool(mtl_ynode_get(root, "q"), "f", "q", &b, &e), MTL_ESCHEMA);
  assert_int_equal(mtl_y_int(mtl_ynode_get(root, "i"), "f", "i", 0, 100, &i, &e), 0);
  assert_int_equal(i, 42);
  assert_int_equal(mtl_y_int(mtl_ynode_get(root, "i"), "f", "i", 0, 10, &i, &e), MTL_ESCHEMA);
  assert_int_equal(mtl_y_int(mtl_ynode_get(root, "big"), "f", "big", 0, 100, &i, &e),
                   MTL_ESCHEMA);
  assert_int_equal(mtl_y_int(mtl_ynode_get(root, "s"), "f", "s", 0, 100, &i, &e), MTL_ESCHEMA);
  assert_int_equal(mtl_y_strings(mtl_ynode_get(root, "l"), "f", "l", &items, &count, &e), 0);
  assert_int_equal(count, 2);
  assert_string_equal(items[1]->value, "b");
  assert_int_equal(mtl_y_strings(mtl_ynode_get(root, "s"), "f", "s", &items, &count, &e), 0);
  assert_int_equal(count, 1);
  assert_string_equal(items[0]->value, "text");
  assert_int_equal(mtl_y_strings(mtl_ynode_get(root, "m"), "f", "m", &items, &count, &e),
                   MTL_ESCHEMA);
  mtl_ynode_free(root);
}

static void check_keys(void **state) {
  mtl_ynode *root = parse_ok("id: x\nkind: y\nbogus: 1\n");
  static const char *const a1[] = {"id", NULL};
  static const char *const a2[] = {"kind", NULL};
  static const char *const a3[] = {"id", "kind", "bogus", NULL};
  mtl_error e;
  (void)state;
  memset(&e, 0, sizeof e);
  assert_int_equal(mtl_y_check_keys(root, "r.yaml", "rule", a1, a2, &e), MTL_ESCHEMA);
  assert_string_equal(e.file, "r.yaml");
  assert_int_equal(e.line, 3);
  assert_int_equal(e.column, 1);
  assert_non_null(strstr(e.message, "bogus"));
  assert_int_equal(mtl_y_check_keys(root, "r.yaml", "rule", a3, NULL, &e), 0);
  mtl_ynode_free(root);
}

static void binary_garbage_never_crashes(void **state) {
  char y[512];
  unsigned seed = 12345;
  int round;
  (void)state;
  for (round = 0; round < 300; round++) {
    size_t i;
    mtl_ynode *n = NULL;
    mtl_error e;
    for (i = 0; i < sizeof y; i++) {
      seed = seed * 1103515245u + 12345u;
      y[i] = "ab: -[]{}\n'\"&*!|>#%\x80\xFF"[(seed >> 16) % 21];
    }
    if (mtl_yaml_parse(&n, y, sizeof y, "g.yaml", &e) == 0)
      mtl_ynode_free(n);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(tree_and_marks),
      cmocka_unit_test(empty_document_is_empty_map),
      cmocka_unit_test(aliases_refused),
      cmocka_unit_test(depth_limit),
      cmocka_unit_test(duplicate_keys),
      cmocka_unit_test(duplicate_keys_hashed),
      cmocka_unit_test(malformed_yaml_line_col),
      cmocka_unit_test(typed_readers),
      cmocka_unit_test(check_keys),
      cmocka_unit_test(binary_garbage_never_crashes),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
