/*
 * formats.h - the pre-publish options of the mtlint command: --fix,
 * --fix-dry-run / --diff, --baseline and --write-baseline.  fix.c writes
 * fixed files atomically and prints unified diffs; baseline.c reads,
 * applies and writes baseline files.
 */
#ifndef MTL_CLI_FORMATS_H
#define MTL_CLI_FORMATS_H

#include <stddef.h>

#include "mtlint.h"

typedef struct baseline baseline;

typedef struct fmt_opts {
  int fix;                     /* --fix */
  int diff;                    /* --fix-dry-run / --diff */
  const char *baseline_path;   /* --baseline */
  const char *write_path;      /* --write-baseline */
  baseline *bl;                /* loaded --baseline */
  baseline *out;               /* findings recorded for --write-baseline */
  size_t changed;              /* files fixed, or that --diff would change */
  size_t hidden;               /* findings hidden by the baseline */
} fmt_opts;

/** Option id (OPT_FIX, OPT_DIFF, OPT_BASELINE, OPT_WRITE_BASELINE of
 *  options.h) as written name, with value v: 0, or EXIT_USAGE (message
 *  printed). */
int formats_option(fmt_opts *o, int id, const char *name, const char *v);

/** Loads the baseline; 0, or an exit status (message printed). */
int formats_start(fmt_opts *o);

/**
 * After an input was linted: applies fixes (--fix: rewrites path, re-lints;
 * --diff: prints the diff and empties *res), records findings for
 * --write-baseline and hides baselined ones.  *data / *len / *res may be
 * replaced (the old ones freed).  Returns 0, or MTL_EIO with msg filled
 * when the file could not be fixed (it is left as it was), or MTL_ENOMEM.
 */
int formats_input(fmt_opts *o, const mtl_engine *eng, const char *path, const char *shown,
                  char **data, size_t *len, mtl_result **res, char *msg, size_t msgsize);

/** Writes --write-baseline; 0, or an exit status (message printed). */
int formats_finish(fmt_opts *o);
void formats_free(fmt_opts *o);

/* fix.c */

/** Replaces path with data[0, len) atomically (temp file in the same
 *  folder, same permissions, fsync, rename, fsync of the folder).  If
 *  expect is not NULL the file must still hold exactly expect[0, elen),
 *  checked before the temp file is made and again right before the
 *  rename.  0, or -1 with msg filled; the old file is untouched then. */
int fix_write_atomic(const char *path, const char *data, size_t len, const char *expect,
                     size_t elen, char *msg, size_t msgsize);

/** Unified diff (3 lines of context) of a -> b under the name path, to out. */
int fix_print_diff(void *out_file, const char *path, const char *a, size_t alen,
                   const char *b, size_t blen);

/* baseline.c */
int baseline_load(baseline **out, const char *path, char *msg, size_t msgsize);
/** baseline_load on the file's bytes (text need not end in a NUL). */
int baseline_parse(baseline **out, const char *text, size_t len, char *msg, size_t msgsize);
int baseline_new(baseline **out);
/** Records (path, fingerprint, rule, line, match) in b. */
int baseline_add(baseline *b, const char *path, const char *fp, const char *rule, size_t line,
                 const char *match, size_t mlen);
/** 1 if (path, fp) is in b with a use left (and uses it), else 0. */
int baseline_take(baseline *b, const char *path, const char *fp);
/** path as seen from the folder of baseline_file, both made absolute and
 *  normalised lexically ("." and ".." and doubled slashes resolved, no
 *  symlinks followed): the PATH a baseline row stores (malloc'd; NULL
 *  when out of memory or the current folder is unknown). */
char *baseline_relpath(const char *baseline_file, const char *path);
int baseline_save(const baseline *b, const char *path, char *msg, size_t msgsize);
size_t baseline_count(const baseline *b);
void baseline_free(baseline *b);

#endif
