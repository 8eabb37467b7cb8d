/*
 * heap.c - transparent huge pages for the main thread's heap and the
 * threads' malloc arenas.
 *
 * PERF: where a page fault is dear (~10 us each on the virtual machines of
 * docs/PERFORMANCE.md, against ~1 us on bare metal), loading the rules and
 * the Hunspell dictionaries spends a third of a one-article run on faults:
 * ~2,000 fresh 4 KiB pages.  cli_heap_reserve makes glibc grow the main
 * thread's heap (the brk heap) by `bytes` at once and advises that range
 * MADV_HUGEPAGE, so the kernel maps it 2 MiB at a time where it can
 * (transparent_hugepage "madvise" or "always"): a one-word run takes ~600
 * faults instead of ~2,500.  Untouched reserve is address space, not
 * memory; resident memory grows by the rounding to 2 MiB (~1 MB).
 * M_TOP_PAD has two more effects, both measured: every arena (threads'
 * too) keeps `bytes` spare at its top before it gives memory back, so
 * freed memory is reused instead of returned and faulted in again (a 4 MB
 * text file 305 -> 212 ms, 16 articles of 600 KB at -j2 355 -> 271 ms);
 * and glibc's mmap threshold stays at 128 KiB instead of rising with
 * the blocks freed.
 * cli_heap_thread does the same for a thread's own malloc arena (glibc
 * gives each of the first 8 x cores threads one): the batch reader and
 * workers call it first, -j2 on 10 MB 2,891 -> 2,186 page faults, 100 MB
 * at -j2 1.066 -> 1.053 s (alternating runs).
 * Elsewhere (not Linux, not glibc, THP off, sanitizers' and valgrind's
 * allocators, which do not use brk) nothing changes and it returns 0.
 */
#define _DEFAULT_SOURCE /* sbrk, madvise and MADV_HUGEPAGE */
#include "cli.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#if defined(__linux__) && defined(__GLIBC__)
#include <malloc.h>
#include <sys/mman.h>
#endif

#define GROW_STEP (32u << 10) /* under the mmap threshold: from the heap */
#define GROW_TRIES 16         /* 512 KiB: more than a fresh heap's spare top */

#if defined(__linux__) && defined(__GLIBC__) && defined(MADV_HUGEPAGE)
static char *main_lo; /* where the main thread's heap started growing */
#endif

size_t cli_heap_reserve(size_t bytes) {
#if defined(__linux__) && defined(__GLIBC__) && defined(MADV_HUGEPAGE)
  void *keep[GROW_TRIES];
  char *lo, *hi;
  uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
  int n = 0;
  if (!bytes || bytes > INT_MAX || page == (uintptr_t)-1 || !mallopt(M_TOP_PAD, (int)bytes))
    return 0;
  lo = sbrk(0);
  if (lo == (char *)-1)
    return 0;
  /* the heap's next growth takes `bytes` more than it needs: small blocks
   * until it happens, then back to the heap (which keeps `bytes` spare) */
  while (n < GROW_TRIES && sbrk(0) == lo && (keep[n] = malloc(GROW_STEP)) != NULL)
    n++;
  while (n)
    free(keep[--n]);
  hi = sbrk(0);
  main_lo = lo;
  lo = (char *)(((uintptr_t)lo + page - 1) & ~(page - 1));
  if (hi == (char *)-1 || hi <= lo || madvise(lo, (size_t)(hi - lo), MADV_HUGEPAGE))
    return 0;
  return (size_t)(hi - lo);
#else
  (void)bytes;
  return 0;
#endif
}

/* glibc maps each thread arena's heap as one reservation of HEAP_MAX_SIZE,
 * aligned to its size (2 * DEFAULT_MMAP_THRESHOLD_MAX: 64 MiB on 64-bit),
 * and grows it inside by mprotect; the arena's own header and its first
 * blocks sit at the start. */
#define ARENA_HEAP ((uintptr_t)2 * 4 * 1024 * 1024 * sizeof(long))
#define ARENA_HEAD (1u << 20) /* a fresh arena's first block lies this near its start */

size_t cli_heap_thread(void) {
#if defined(__linux__) && defined(__GLIBC__) && defined(MADV_HUGEPAGE)
  void *p = malloc(1);
  uintptr_t a = (uintptr_t)p, base = a & ~(ARENA_HEAP - 1);
  char *top = sbrk(0);
  size_t advised = 0;
  /* not the main arena (a thread shares it when glibc makes no more
   * arenas), and at the start of an arena heap of the expected shape */
  if (p && main_lo && top != (char *)-1 && !(a >= (uintptr_t)main_lo && a < (uintptr_t)top) &&
      a - base <= ARENA_HEAD && !madvise((void *)base, ARENA_HEAP, MADV_HUGEPAGE))
    advised = ARENA_HEAP;
  free(p);
  return advised;
#else
  return 0;
#endif
}
