/*
 * batch.h - batch mode of the mtlint command: feeds, JSON Lines and HTML
 * inputs read as articles, linted by N worker threads, written in input
 * order, with verdicts, reports, partial reports and `mtlint merge`.
 */
#ifndef MTL_CLI_BATCH_H
#define MTL_CLI_BATCH_H

#include "cli.h"
#include "mtlint.h"

typedef struct batch_opts {
  int jobs;                  /* -j N; 0 if not given */
  const char *input_format;  /* --input-format; NULL if not given */
  const char *report;        /* --report FILE */
  const char *report_format; /* --report-format */
  const char *partial;       /* --partial FILE */
  double suspect_at, garbled_at;
  int have_suspect, have_garbled;
} batch_opts;

/** Option id (OPT_JOBS to OPT_GARBLED_AT of options.h) as written name,
 *  with value v: 0, or EXIT_USAGE (message printed). */
int batch_option(batch_opts *b, int id, const char *name, const char *v);
/** Adds the feed, JSON Lines and HTML globs to the default folder
 *  includes.  0 or -1 (no memory). */
int batch_default_includes(const batch_opts *b, strvec *includes);
/** Whether these inputs go through batch mode ('-' goes by stdin_name,
 *  the --stdin-filename, when given). */
int batch_wanted(const batch_opts *b, const strvec *files, const char *stdin_name);

typedef struct batch_env {
  mtl_writer *out;           /* findings and verdicts */
  mtl_writer *errw;          /* unreadable inputs and bad items */
  mtl_writer **extra;        /* --format FMT:FILE: findings, verdicts and errors too */
  size_t nextra;
  /** The engine for an input (lookup path: the file, or the stdin name / ".");
   *  NULL if it failed (already reported). Called on the main thread only. */
  mtl_engine *(*engine)(void *ctx, const char *lookup);
  void *ctx;
  const char *stdin_name;    /* --stdin-filename or NULL */
  int quiet;
  int exit_input;            /* out: an input or item could not be read */
  int exit_internal;         /* out: internal error */
  int worst;                 /* out: highest severity seen */
  int min_severity;          /* findings below it are dropped (--min-severity) */
  /** Per file, or NULL: 1 when a folder walk found it (collect_inputs).  A
   *  walked file that turns out to be no feed at all (a sitemap, a JUnit
   *  report named .xml) is skipped with a note on standard error; a named
   *  one is an input error. */
  const unsigned char *walked;
  size_t warnings;           /* out: warnings written (--max-warnings) */
} batch_env;

/** Lints files in batch mode; does not call mtl_writer_finish. */
void batch_run(batch_env *env, const batch_opts *b, const strvec *files);

/* merge.c */

/** `mtlint merge PARTS... --report FILE`: argv[0] is "merge". Exit code. */
int batch_merge_main(int argc, char **argv);
/** The format of report file: given (--report-format), else by its
 *  extension (.json, .csv), else html. */
const char *batch_report_format(const char *file, const char *given);
/** Writes rep as a report in format, or as a partial report, to path
 *  ("-": standard output).  0, or -1 (said on standard error). */
int batch_save_report(const mtl_report *rep, const char *path, const char *format, int partial);

#endif
