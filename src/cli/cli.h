/*
 * cli.h - helpers of the mtlint command (not part of the library).
 */
#ifndef MTL_CLI_H
#define MTL_CLI_H

#include <stddef.h>

typedef struct strvec {
  char **v;
  size_t n, cap;
} strvec;

int strvec_push(strvec *s, const char *str);
void strvec_free(strvec *s);

/* What to do with one path that cannot be walked or read. */
typedef void (*input_error_fn)(void *ctx, const char *path, const char *msg);

/**
 * Expands paths into files: a file is taken as it is; a folder is walked
 * recursively (hidden entries skipped, names sorted) keeping files whose
 * name matches one of includes and no ignore glob.  Order is stable.
 * walked, when not NULL, gets a malloc'd array with one byte per file of
 * out: 1 for a file a folder walk found, 0 for one named as it is.
 */
int collect_inputs(strvec *out, const strvec *paths, const strvec *includes,
                   const strvec *ignores, input_error_fn on_error, void *ctx,
                   unsigned char **walked);

/** Whether path matches one of the ignore globs (as folder walks test it). */
int cli_ignored(const char *path, const strvec *ignores);

/** Path of the nearest config (.mtlint.yaml, .mtlint.yml, mtlint.yaml or
 *  mtlint.yml, first found) at or above the folder of path, or NULL. */
char *find_config(const char *path);

/** Whole file or stream into memory; returns 0 or an errno value. */
int read_all(const char *path, char **data, size_t *len);

/** The built-in rules/dictionaries folder: given, $MTLINT_DATADIR, next to
 *  the installed binary, the install prefix, then the source tree (malloc'd). */
char *cli_datadir(const char *given);

/* CLI_ASAN: 1 in builds with AddressSanitizer, whose allocator is not
 * glibc's (heap.c does nothing there) and whose leak checker wants the
 * engines freed at exit (main.c). */
#if defined(__SANITIZE_ADDRESS__)
#define CLI_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CLI_ASAN 1
#endif
#endif
#ifndef CLI_ASAN
#define CLI_ASAN 0
#endif

/** Grows the main thread's heap by bytes and asks for transparent huge
 *  pages there (heap.c); the bytes advised, 0 where it cannot. */
size_t cli_heap_reserve(size_t bytes);
/** For a thread other than the main one, after cli_heap_reserve: asks for
 *  transparent huge pages in the calling thread's malloc arena (glibc's
 *  arenas are aligned reservations of 64 MiB); the bytes advised, 0 where
 *  it cannot or the thread shares the main thread's heap. */
size_t cli_heap_thread(void);

#endif
