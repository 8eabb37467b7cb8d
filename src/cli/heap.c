/*
 * heap.c - transparent huge pages for the main thread's heap.
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
  lo = (char *)(((uintptr_t)lo + page - 1) & ~(page - 1));
  if (hi == (char *)-1 || hi <= lo || madvise(lo, (size_t)(hi - lo), MADV_HUGEPAGE))
    return 0;
  return (size_t)(hi - lo);
#else
  (void)bytes;
  return 0;
#endif
}
