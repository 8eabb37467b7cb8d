/*
 * args.h - the arguments of the mtlint command, read by args.c.
 */
#ifndef MTL_CLI_ARGS_H
#define MTL_CLI_ARGS_H

#include "batch.h"
#include "cli.h"
#include "formats.h"
#include "mtlint.h"

/* --fail-on never: above every severity */
#define FAIL_ON_NEVER 99

typedef struct args {
  const char *format;
  int fail_on;           /* severity, or FAIL_ON_NEVER */
  int color;             /* -1 auto, 0, 1 */
  int quiet;
  unsigned column_unit;  /* MTL_WRITE_COLUMN_* for the text format */
  int builtin;
  int use_config;
  const char *config;
  const char *datadir;
  const char *lm;           /* --language-model */
  const char *stdin_name;
  const char *explain;
  int list_rules, test_rules;
  int allow_empty;       /* --allow-empty: linting nothing is not an error */
  int no_ignore;         /* --no-ignore: the config's ignore globs are not applied */
  long max_warnings;     /* --max-warnings N: more warnings exit 1; -1 none */
  int min_severity;      /* --min-severity: findings below it are not shown */
  strvec excludes;       /* --exclude GLOB: more ignore globs */
  const char *output;    /* -o FILE: findings there instead of stdout */
  strvec outputs;        /* --format FMT:FILE, as given ("FMT:FILE") */
  const char *print_config; /* --print-config FILE */
  strvec rules, includes, paths;
  strvec selectors;      /* "+sel" enable, "-sel" disable, in order */
  fmt_opts fmt;          /* --fix, --diff, --baseline, --write-baseline (formats.c) */
  batch_opts batch;      /* -j, --input-format, --report, --partial (batch.c) */
} args;

/** Reads the arguments into a: 0 (go on), -1 (done: --help, --version)
 *  or an exit status (message printed).  args_free(a) either way. */
int parse_args(args *a, int argc, char **argv);
void args_free(args *a);

/** "mtlint: MESSAGE" and the --help hint on standard error; EXIT_USAGE. */
#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
int cli_usage_error(const char *fmt, ...);

#endif
