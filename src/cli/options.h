/*
 * options.h - the option parser of the mtlint command and its subcommands
 * (lsp, merge): each command has a table of the options it takes and reads
 * its arguments one at a time.
 */
#ifndef MTL_CLI_OPTIONS_H
#define MTL_CLI_OPTIONS_H

#include "cli.h"

/* Every command's options; a command's table names those it takes. */
enum cli_option_id {
  /* the command and its subcommands */
  OPT_HELP = 1,
  OPT_VERSION,
  OPT_QUIET,
  OPT_RULES,
  OPT_NO_BUILTIN_RULES,
  OPT_ENABLE,
  OPT_DISABLE,
  OPT_CONFIG,
  OPT_NO_CONFIG,
  OPT_DATADIR,
  /* mtlint */
  OPT_FORMAT,
  OPT_FAIL_ON,
  OPT_COLOR,
  OPT_NO_COLOR,
  OPT_LIST_RULES,
  OPT_EXPLAIN,
  OPT_TEST_RULES,
  OPT_INCLUDE,
  OPT_EXCLUDE,
  OPT_ALLOW_EMPTY,
  OPT_NO_IGNORE,
  OPT_MAX_WARNINGS,
  OPT_MIN_SEVERITY,
  OPT_STDIN,
  OPT_STDIN_FILENAME,
  OPT_COLUMN_UNIT,
  OPT_LANGUAGE_MODEL,
  OPT_OUTPUT_FILE,
  OPT_PRINT_CONFIG,
  OPT_REPORT_UNUSED_DISABLE,
  /* --fix and baselines (formats.c; main.c hands it OPT_FIX to
   * OPT_WRITE_BASELINE) */
  OPT_FIX,
  OPT_DIFF,
  OPT_BASELINE,
  OPT_WRITE_BASELINE,
  /* batch mode and reports (batch.c, OPT_JOBS to OPT_GARBLED_AT), also
   * of mtlint merge */
  OPT_JOBS,
  OPT_INPUT_FORMAT,
  OPT_REPORT,
  OPT_REPORT_FORMAT,
  OPT_PARTIAL,
  OPT_SUSPECT_AT,
  OPT_GARBLED_AT,
  /* mtlint lsp */
  OPT_STDIO,
  OPT_DEBOUNCE,
  OPT_POSITION_ENCODING,
  OPT_USER_WORDLIST
};

/* cli_option.flags */
enum {
  OPT_ARG = 1u << 0,  /* takes a value: --opt VALUE, --opt=VALUE, -o VALUE */
  OPT_GLUED = 1u << 1 /* -jVALUE too (a value that does not start with '-') */
};

typedef struct cli_option {
  const char *name;       /* "--format"; NULL ends a table */
  const char *short_name; /* "-f", or NULL */
  unsigned flags;         /* OPT_ARG, OPT_GLUED */
  int id;                 /* enum cli_option_id */
} cli_option;

/* What cli_next read. */
enum { CLI_END = 0, CLI_OPERAND = -1, CLI_UNKNOWN = -2 };

/* cli_parser_init's flags */
enum { CLI_DASHDASH = 1 }; /* "--": every later argument is an operand */

typedef struct cli_parser {
  const cli_option *table;
  int argc;
  char **argv;
  int i;             /* the argument read last */
  unsigned flags;
  int operands_only; /* after "--" */
  const cli_option *opt; /* the option read last */
  const char *arg;   /* the argument (an option's first) as written */
  const char *name;  /* the option's name as written: "-j", "--jobs" */
  const char *value; /* the option's value; "" when it is missing */
} cli_parser;

void cli_parser_init(cli_parser *p, const cli_option *table, int argc, char **argv,
                     unsigned flags);

/**
 * Reads the next argument after argv[0]: an option of the table (its id,
 * with name and value set; a value is the rest after '=' or the next
 * argument, "" past the last), CLI_OPERAND (a path: anything that does not
 * start with '-', and "-"), CLI_UNKNOWN (arg: an option not in the table,
 * or one that takes no value given one), or CLI_END.
 */
int cli_next(cli_parser *p);

/** The long option of table nearest to arg (its part before '='), if
 *  near enough to suggest; else NULL. */
const char *cli_nearest_option(const cli_option *table, const char *arg);

/** --enable V (OPT_ENABLE) or --disable V: "+V" or "-V" onto selectors,
 *  in order; 0 or -1 (no memory). */
int cli_push_selector(strvec *selectors, int id, const char *v);

#endif
