/* util.h - util.c: allocation, errors, the growable buffer, hashing, files. */
#ifndef MTL_UTIL_H
#define MTL_UTIL_H

#include "mtlint.h"
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

void *mtl_malloc(size_t n);
void *mtl_calloc(size_t n, size_t size);
void *mtl_realloc(void *p, size_t n);
void mtl_free(void *p);
char *mtl_strdup(const char *s);
char *mtl_strndup(const char *s, size_t n);
/** Grows *arr (element size sz) to hold at least want elements. */
int mtl_grow(void **arr, size_t *cap, size_t want, size_t sz);
/** Allocation hook for tests: fail the n-th allocation from now (0: never). */
void mtl_test_fail_alloc_after(long n);

/** Fills err (if not NULL) and returns code. */
int mtl_seterr(mtl_error *err, int code, const char *file, size_t line, size_t col,
               const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/** Growable byte buffer; always NUL-terminated when data != NULL. */
typedef struct mtl_buf {
  char *data;
  size_t len;
  size_t cap;
  int oom;
} mtl_buf;

/** Makes room for extra more bytes (and the NUL) in b; 0, or -1 when b is
 *  or becomes out of memory (b->oom, sticky: later puts do nothing).  After
 *  0, up to extra bytes may be written at b->data + b->len directly. */
int mtl_buf_reserve(mtl_buf *b, size_t extra);
/** The out-of-line part of mtl_buf_put: grows b, then appends. */
void mtl_buf_put_grow(mtl_buf *b, const char *s, size_t n);

/* PERF: appends inline when b has room (one compare), else through
   mtl_buf_put_grow. */
static inline void mtl_buf_put(mtl_buf *b, const char *s, size_t n) {
  if (!b->oom && n < b->cap - b->len) {
    if (n)
      memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return;
  }
  mtl_buf_put_grow(b, s, n);
}

static inline void mtl_buf_putc(mtl_buf *b, char c) {
  if (!b->oom && 1 < b->cap - b->len) {
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
    return;
  }
  mtl_buf_put_grow(b, &c, 1);
}

/* PERF: inline, so that the length of a string literal is a constant. */
static inline void mtl_buf_puts(mtl_buf *b, const char *s) { mtl_buf_put(b, s, strlen(s)); }
/** Appends v in decimal, as "%zu" / "%llu" would, without printf (PERF:
 *  for writers that print offsets, lines and columns). */
void mtl_buf_put_uint(mtl_buf *b, uint64_t v);
/* The value of a hexadecimal digit, or -1. */
int mtl_hex_digit(int c);
void mtl_buf_printf(mtl_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/** JSON string with quotes; invalid UTF-8 becomes U+FFFD. */
void mtl_buf_json_string(mtl_buf *b, const char *s, size_t n);
void mtl_buf_free(mtl_buf *b);

/* PERF: eight bytes at a time.  MTL_ONES * c has c in every byte; a test
 * "& MTL_HIGHS" looks at the high bit of each byte. */
#define MTL_ONES 0x0101010101010101ULL
#define MTL_HIGHS 0x8080808080808080ULL
static inline uint64_t mtl_load8(const char *s) {
  uint64_t x;
  memcpy(&x, s, 8);
  return x;
}

/** FNV-1a, 64 bits (inline: callers hash short words). */
#define MTL_FNV_BASIS 14695981039346656037ULL
#define MTL_FNV_PRIME 1099511628211ULL
static inline uint64_t mtl_hash(const char *s, size_t n) {
  uint64_t h = MTL_FNV_BASIS;
  size_t i;
  for (i = 0; i < n; i++) {
    h ^= (unsigned char)s[i];
    h *= MTL_FNV_PRIME;
  }
  return h;
}

/** Reads a whole file (NUL-terminated, *len excludes the NUL). */
int mtl_read_file(char **out, size_t *len, const char *path, mtl_error *err);

/** Whether MTL_REFERENCE is set in the environment: the engine then skips its
 *  prefilters and caches (the simple path the equivalence test compares with). */
int mtl_reference_mode(void);

/** The folder for cache files: $MTL_CACHE_DIR ("off" or empty: none), else
 *  $XDG_CACHE_HOME/mtlint, else $HOME/.cache/mtlint; created if missing.
 *  Writes it to out (size n); 0 if there is none.  (lexicon.c, lm.c,
 *  thesaurus.c.) */
int mtl_cache_dir(char *out, size_t n);

/** Writes len bytes to path through a temporary file (path.PID.tmp) and a
 *  rename, so that a reader sees the old file or the whole new one; -1 if
 *  it could not (the temporary file is removed). */
int mtl_file_replace(const char *path, const void *data, size_t len);

/** One step of the cache keys' hash: h combined with v. */
uint64_t mtl_mix64(uint64_t h, uint64_t v);

/** What a cache built from the file at path (stat st) by a given format
 *  version is keyed on: path, size, mtime, inode and version. */
struct stat;
uint64_t mtl_file_key(const char *path, const struct stat *st, uint64_t version);

/** Maps the regular file at path read-only (the descriptor is closed);
 *  NULL if it cannot or the file is shorter than min bytes (min >= 1).
 *  *len gets its size; munmap() it. */
void *mtl_map_file(const char *path, size_t min, size_t *len);

#endif
