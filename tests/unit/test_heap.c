/*
 * test_heap.c - the CLI's heap.c: cli_heap_reserve grows the main thread's
 * heap and advises it MADV_HUGEPAGE (its VMA shows "hg" in /proc/self/smaps),
 * returns 0 for nothing and under a sanitizer's allocator, and the heap
 * works as before afterwards; cli_heap_thread advises a thread's own arena
 * (64 MiB, "hg" where its blocks are) and nothing for the main thread.
 */
#define _DEFAULT_SOURCE /* sbrk */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "cli.h"

/* The VmFlags of the mapping that holds addr: 1 if they include flag. */
static int vma_has_flag(uintptr_t addr, const char *flag) {
  FILE *f = fopen("/proc/self/smaps", "r");
  char line[512];
  int in = 0, found = 0;
  assert_non_null(f);
  while (fgets(line, sizeof line, f)) {
    unsigned long lo, hi;
    if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 && strchr(line, '-') < strchr(line, ' ')) {
      in = addr >= lo && addr < hi;
    } else if (in && !strncmp(line, "VmFlags:", 8)) {
      char want[8];
      snprintf(want, sizeof want, " %s", flag);
      found = strstr(line, want) != NULL;
      break;
    }
  }
  fclose(f);
  return found;
}

static int thp_configured(void) {
  FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
  if (!f)
    return 0;
  fclose(f);
  return 1;
}

static void reserve(void **state) {
  size_t got, i;
  char *blocks[512];
  (void)state;
  assert_int_equal(cli_heap_reserve(0), 0);
  got = cli_heap_reserve(8u << 20);
  if (CLI_ASAN) { /* the sanitizer's malloc does not use brk */
    assert_int_equal(got, 0);
  } else if (!thp_configured()) {
    skip();
  } else {
#if defined(__linux__) && defined(__GLIBC__)
    char *top = sbrk(0);
    /* the new part of the heap: 8 MiB, less what was spare at its top */
    assert_in_range(got, (8u << 20) - (512u << 10), (8u << 20) + (512u << 10));
    assert_true(vma_has_flag((uintptr_t)top - 1, "hg"));
    assert_true(vma_has_flag((uintptr_t)top - got, "hg"));
    assert_false(vma_has_flag((uintptr_t)&got, "hg")); /* the stack is not advised */
#else
    assert_int_equal(got, 0);
#endif
  }
  /* the heap still works: 4 MiB in 8 KiB blocks, written, read, freed */
  for (i = 0; i < 512; i++) {
    blocks[i] = malloc(8192);
    assert_non_null(blocks[i]);
    memset(blocks[i], (int)(i & 0xff), 8192);
  }
  for (i = 0; i < 512; i++) {
    assert_int_equal((unsigned char)blocks[i][8191], i & 0xff);
    free(blocks[i]);
  }
}

typedef struct arena_check {
  size_t got;
  int block_hg; /* a block malloc'd on the thread afterwards lies in an advised mapping */
} arena_check;

static void *on_thread(void *arg) {
  arena_check *c = arg;
  char *block;
  c->got = cli_heap_thread();
  block = malloc(64);
  c->block_hg = block && vma_has_flag((uintptr_t)block, "hg");
  free(block);
  return NULL;
}

/* after reserve (cli_heap_thread needs the main heap's range) */
static void thread_arena(void **state) {
  arena_check c = {0, 0};
  pthread_t t;
  (void)state;
  assert_int_equal(cli_heap_thread(), 0); /* the main thread: its heap is brk's */
  assert_int_equal(pthread_create(&t, NULL, on_thread, &c), 0);
  assert_int_equal(pthread_join(t, NULL), 0);
  if (CLI_ASAN) {
    assert_int_equal(c.got, 0);
  } else if (!thp_configured()) {
    skip();
  } else {
#if defined(__linux__) && defined(__GLIBC__)
    assert_int_equal(c.got, (size_t)64 << 20);
    assert_true(c.block_hg);
#else
    assert_int_equal(c.got, 0);
#endif
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(reserve),
      cmocka_unit_test(thread_arena),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
