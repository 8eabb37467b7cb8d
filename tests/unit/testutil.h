/*
 * testutil.h - what every cmocka unit test includes: cmocka's prerequisites,
 * and a few helpers (each test includes the headers it uses).
 */
#ifndef MTL_TESTUTIL_H
#define MTL_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#ifndef MTL_TEST_DATA
#define MTL_TEST_DATA "."
#endif
#ifndef MTL_TEST_SRCDIR
#define MTL_TEST_SRCDIR "."
#endif

/* Asserts that b holds exactly the NUL-terminated string s. */
#define assert_buf_eq(b, s)                                                    \
  do {                                                                         \
    assert_false((b)->oom);                                                    \
    assert_non_null((b)->data);                                                \
    assert_int_equal((b)->len, strlen(s));                                     \
    assert_memory_equal((b)->data, (s), strlen(s));                            \
  } while (0)

#endif
