/*
 * args.c - the arguments of the mtlint command: the --help text, the
 * option table and what each option sets (args.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "exitcode.h"
#include "options.h"

static const char usage_text[] =
    "Usage: mtlint [OPTION]... [PATH]...\n"
    "Lint news articles for machine-translation and article-spinner garble.\n"
    "\n"
    "PATH is a file, a folder (searched recursively for articles, feeds and pages:\n"
    "*.txt *.md *.rss *.atom *.xml *.jsonl *.ndjson *.html *.htm) or '-' for\n"
    "standard input; with no PATH and piped input, standard input is read.  A run\n"
    "that finds nothing to lint is a usage error (exit 2) unless --allow-empty.\n"
    "\n"
    "Output:\n"
    "  -f, --format FORMAT      text (default), jsonl, json, sarif, rdjsonl, github,\n"
    "                           checkstyle or junit\n"
    "  -f, --format FORMAT:FILE  also write FORMAT to FILE, in the same run\n"
    "                           (repeatable; standard output keeps the plain one)\n"
    "      --fail-on LEVEL      exit 1 on findings at or above LEVEL:\n"
    "                           error, warning (default), info or never\n"
    "      --max-warnings N     exit 1 when there are more than N warnings\n"
    "      --min-severity LEVEL show only findings at or above LEVEL (info,\n"
    "                           warning, error); the others are dropped\n"
    "      --color WHEN         auto (default), always or never (FORCE_COLOR=1\n"
    "                           and NO_COLOR=1 in the environment are honoured)\n"
    "      --no-color           same as --color never\n"
    "  -q, --quiet              no source excerpts and no summary line (text)\n"
    "  -o, --output-file FILE   write the findings to FILE instead of standard output\n"
    "\n"
    "Rules:\n"
    "      --rules PATH         load a rule file or folder (repeatable)\n"
    "      --no-builtin-rules   do not load the built-in rule packs\n"
    "      --enable SEL         enable a rule id or pack (repeatable)\n"
    "      --disable SEL        disable a rule id or pack (repeatable)\n"
    "      --config FILE        use this config instead of looking for .mtlint.yaml\n"
    "      --no-config          use no config file\n"
    "      --report-unused-disable  report mtlint-disable comments that hid nothing\n"
    "                           (same as --enable suppression.unused)\n"
    "      --datadir DIR        folder with the built-in rules/ and dictionaries/\n"
    "      --language-model FILE  language model for the swap rules (sphinxbase)\n"
    "      --list-rules         list the rules and exit\n"
    "      --print-config FILE  show the config files and rule settings for FILE\n"
    "      --explain RULE       describe a rule and exit\n"
    "      --test-rules         run every rule's examples as tests and exit\n"
    "\n"
    "Fixes and baselines:\n"
    "      --fix                apply the fixes of rules marked fix: safe, in place\n"
    "      --diff, --fix-dry-run  print those fixes as a unified diff instead\n"
    "      --baseline FILE      hide the findings recorded in FILE\n"
    "      --write-baseline FILE  record the current findings in FILE\n"
    "\n"
    "Inputs:\n"
    "      --include GLOB       file names to take from folders (repeatable;\n"
    "                           replaces the default extensions above)\n"
    "      --exclude GLOB       skip files and folders matching GLOB (repeatable)\n"
    "      --allow-empty        exit 0 when there is nothing to lint\n"
    "      --no-ignore          lint what the config's ignore globs exclude\n"
    "      --stdin              read standard input (same as the path '-')\n"
    "      --stdin-filename NAME  name standard input in output and config lookup\n"
    "      --column-unit UNIT   columns of the text format in byte (default), char\n"
    "                           or utf16 units\n"
    "\n"
    "Batch mode (feeds, JSON Lines, HTML pages; docs/SCALING.md):\n"
    "  -j, --jobs N             lint with N threads (default: all cores); the\n"
    "                           output is the same for any N\n"
    "      --input-format FMT   auto (default), text, rss, atom, jsonl, jsonfeed or html\n"
    "      --report FILE        write a report: html, json or csv (by extension)\n"
    "      --report-format FMT  html, json or csv, whatever the extension\n"
    "      --partial FILE       write a mergeable partial report\n"
    "      --suspect-at SCORE   garble score that makes an article suspect (5)\n"
    "      --garbled-at SCORE   garble score that makes it garbled (15)\n"
    "  mtlint merge PARTIAL... --report FILE   merge partial reports\n"
    "\n"
    "  -h, --help               show this help and exit\n"
    "      --version            show the version and exit\n"
    "\n"
    "Exit status: 0 clean, 1 findings at or above --fail-on, 2 usage error,\n"
    "3 rule or config error, 4 an input could not be read (the others are still\n"
    "linted), 70 internal error.  See mtlint(1), docs/RULES.md, docs/PROTOCOL.md.\n";

int cli_usage_error(const char *fmt, ...) {
  va_list ap;
  fprintf(stderr, "mtlint: ");
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fprintf(stderr, "\nTry 'mtlint --help' for more information.\n");
  return EXIT_USAGE;
}

/* The options, in the order "did you mean" prefers on a tie. */
static const cli_option options[] = {
    {"--format", "-f", OPT_ARG, OPT_FORMAT},
    {"--fail-on", NULL, OPT_ARG, OPT_FAIL_ON},
    {"--color", NULL, OPT_ARG, OPT_COLOR},
    {"--no-color", NULL, 0, OPT_NO_COLOR},
    {"--quiet", "-q", 0, OPT_QUIET},
    {"--rules", NULL, OPT_ARG, OPT_RULES},
    {"--no-builtin-rules", NULL, 0, OPT_NO_BUILTIN_RULES},
    {"--enable", NULL, OPT_ARG, OPT_ENABLE},
    {"--disable", NULL, OPT_ARG, OPT_DISABLE},
    {"--config", NULL, OPT_ARG, OPT_CONFIG},
    {"--no-config", NULL, 0, OPT_NO_CONFIG},
    {"--datadir", NULL, OPT_ARG, OPT_DATADIR},
    {"--list-rules", NULL, 0, OPT_LIST_RULES},
    {"--explain", NULL, OPT_ARG, OPT_EXPLAIN},
    {"--test-rules", NULL, 0, OPT_TEST_RULES},
    {"--fix", NULL, 0, OPT_FIX},
    {"--diff", NULL, 0, OPT_DIFF},
    {"--fix-dry-run", NULL, 0, OPT_DIFF},
    {"--baseline", NULL, OPT_ARG, OPT_BASELINE},
    {"--write-baseline", NULL, OPT_ARG, OPT_WRITE_BASELINE},
    {"--include", NULL, OPT_ARG, OPT_INCLUDE},
    {"--exclude", NULL, OPT_ARG, OPT_EXCLUDE},
    {"--allow-empty", NULL, 0, OPT_ALLOW_EMPTY},
    {"--no-ignore", NULL, 0, OPT_NO_IGNORE},
    {"--max-warnings", NULL, OPT_ARG, OPT_MAX_WARNINGS},
    {"--min-severity", NULL, OPT_ARG, OPT_MIN_SEVERITY},
    {"--stdin", NULL, 0, OPT_STDIN},
    {"--stdin-filename", NULL, OPT_ARG, OPT_STDIN_FILENAME},
    {"--column-unit", NULL, OPT_ARG, OPT_COLUMN_UNIT},
    {"--jobs", "-j", OPT_ARG | OPT_GLUED, OPT_JOBS},
    {"--input-format", NULL, OPT_ARG, OPT_INPUT_FORMAT},
    {"--report", NULL, OPT_ARG, OPT_REPORT},
    {"--report-format", NULL, OPT_ARG, OPT_REPORT_FORMAT},
    {"--partial", NULL, OPT_ARG, OPT_PARTIAL},
    {"--suspect-at", NULL, OPT_ARG, OPT_SUSPECT_AT},
    {"--garbled-at", NULL, OPT_ARG, OPT_GARBLED_AT},
    {"--language-model", NULL, OPT_ARG, OPT_LANGUAGE_MODEL},
    {"--output-file", "-o", OPT_ARG, OPT_OUTPUT_FILE},
    {"--print-config", NULL, OPT_ARG, OPT_PRINT_CONFIG},
    {"--report-unused-disable", NULL, 0, OPT_REPORT_UNUSED_DISABLE},
    {"--help", "-h", 0, OPT_HELP},
    {"--version", NULL, 0, OPT_VERSION},
    {NULL, NULL, 0, 0}};

#define FORMAT_LIST "text, jsonl, json, sarif, rdjsonl, github, checkstyle, junit"

/* Whether name[0, n) is a format of mtl_writer_new. */
static int known_format(const char *name, size_t n) {
  const char *const *f = mtl_writer_formats();
  for (; *f; f++)
    if (strlen(*f) == n && !strncmp(*f, name, n))
      return 1;
  return 0;
}

/* The defaults, before the options. */
static void args_init(args *a) {
  memset(a, 0, sizeof *a);
  a->format = "text";
  a->fail_on = MTL_SEV_WARNING;
  a->color = -1;
  a->max_warnings = -1;
  a->min_severity = MTL_SEV_INFO;
  a->builtin = 1;
  a->use_config = 1;
}

/* -o FILE / --output-file FILE: 0, or an exit status. */
static int set_output_file(args *a, const char *v) {
  size_t k;
  if (!*v)
    return cli_usage_error("%s needs a file", "-o");
  a->output = v;
  for (k = 0; k < a->outputs.n; k++)
    if (!strcmp(strchr(a->outputs.v[k], ':') + 1, v))
      return cli_usage_error("--format: '%s' is the -o file too", v);
  return 0;
}

/* -f / --format: FMT, or FMT:FILE (one more output); 0, or an exit
 * status. */
static int set_format(args *a, const char *v) {
  size_t k;
  const char *colon = strchr(v, ':');
  if (!colon) {
    a->format = v;
    return 0;
  }
  if (!colon[1])
    return cli_usage_error("--format %.*s: needs a file after the colon", (int)(colon - v), v);
  if (!known_format(v, (size_t)(colon - v)))
    return cli_usage_error("unknown format '%.*s' in '%s' (%s)", (int)(colon - v), v, v,
                       FORMAT_LIST);
  for (k = 0; k < a->outputs.n; k++)
    if (!strcmp(strchr(a->outputs.v[k], ':') + 1, colon + 1))
      return cli_usage_error("--format: two outputs to the same file '%s'", colon + 1);
  if (a->output && !strcmp(a->output, colon + 1))
    return cli_usage_error("--format: '%s' is the -o file too", colon + 1);
  if (strvec_push(&a->outputs, v))
    return EXIT_INTERNAL;
  return 0;
}

/* After the options: the format known, the default includes. */
static int args_finish(args *a) {
  if (!known_format(a->format, strlen(a->format)))
    return cli_usage_error("unknown format '%s' (%s)", a->format, FORMAT_LIST);
  if (!a->includes.n && (strvec_push(&a->includes, "*.txt") || strvec_push(&a->includes, "*.md") ||
                         batch_default_includes(&a->batch, &a->includes)))
    return EXIT_INTERNAL;
  return 0;
}

/* An option that takes no value: 0, -1 (--help, --version: done) or an
 * exit status. */
static int set_flag(args *a, int id) {
  switch (id) {
  case OPT_HELP:
    fputs(usage_text, stdout);
    return -1;
  case OPT_VERSION:
    printf("mtlint %s (output protocol %d)\n", MTL_VERSION, MTL_PROTOCOL_VERSION);
    return -1;
  case OPT_QUIET:
    a->quiet = 1;
    break;
  case OPT_NO_COLOR:
    a->color = 0;
    break;
  case OPT_NO_BUILTIN_RULES:
    a->builtin = 0;
    break;
  case OPT_NO_CONFIG:
    a->use_config = 0;
    break;
  case OPT_LIST_RULES:
    a->list_rules = 1;
    break;
  case OPT_TEST_RULES:
    a->test_rules = 1;
    break;
  case OPT_REPORT_UNUSED_DISABLE:
    return strvec_push(&a->selectors, "+suppression.unused") ? EXIT_INTERNAL : 0;
  case OPT_ALLOW_EMPTY:
    a->allow_empty = 1;
    break;
  case OPT_NO_IGNORE:
    a->no_ignore = 1;
    break;
  case OPT_STDIN:
    return strvec_push(&a->paths, "-") ? EXIT_INTERNAL : 0;
  }
  return 0;
}

/* An option whose value names a level, a unit or a number: 0, or an exit
 * status. */
static int set_setting(args *a, int id, const char *v) {
  char *end;
  long n;
  switch (id) {
  case OPT_FAIL_ON:
    if (!strcmp(v, "never"))
      a->fail_on = FAIL_ON_NEVER;
    else if (!(a->fail_on = mtl_severity_parse(v)))
      return cli_usage_error("--fail-on takes error, warning, info or never, not '%s'", v);
    break;
  case OPT_COLOR:
    if (!strcmp(v, "auto"))
      a->color = -1;
    else if (!strcmp(v, "always"))
      a->color = 1;
    else if (!strcmp(v, "never"))
      a->color = 0;
    else
      return cli_usage_error("--color takes auto, always or never, not '%s'", v);
    break;
  case OPT_MAX_WARNINGS:
    n = strtol(v, &end, 10);
    if (!*v || *end || n < 0)
      return cli_usage_error("--max-warnings takes a number of warnings (0 or more), not '%s'", v);
    a->max_warnings = n;
    break;
  case OPT_MIN_SEVERITY:
    if (!(a->min_severity = mtl_severity_parse(v)))
      return cli_usage_error("--min-severity takes info, warning or error, not '%s'", v);
    break;
  case OPT_COLUMN_UNIT:
    if (!strcmp(v, "byte"))
      a->column_unit = 0;
    else if (!strcmp(v, "char"))
      a->column_unit = MTL_WRITE_COLUMN_CHAR;
    else if (!strcmp(v, "utf16"))
      a->column_unit = MTL_WRITE_COLUMN_UTF16;
    else
      return cli_usage_error("--column-unit takes byte, char or utf16, not '%s'", v);
    break;
  }
  return 0;
}

/* An option that takes a value: 0, or an exit status. */
static int set_value(args *a, const cli_parser *p, int id) {
  const char *v = p->value;
  switch (id) {
  case OPT_FORMAT:
    return set_format(a, v);
  case OPT_OUTPUT_FILE:
    return set_output_file(a, v);
  case OPT_PRINT_CONFIG:
    if (!*v)
      return cli_usage_error("%s needs a file", "--print-config");
    a->print_config = v;
    break;
  case OPT_RULES:
    if (!*v)
      return cli_usage_error("%s needs a path", "--rules");
    return strvec_push(&a->rules, v) ? EXIT_INTERNAL : 0;
  case OPT_EXCLUDE:
    if (!*v)
      return cli_usage_error("%s needs a glob", "--exclude");
    return strvec_push(&a->excludes, !strncmp(v, "./", 2) ? v + 2 : v) ? EXIT_INTERNAL : 0;
  case OPT_INCLUDE:
    if (!*v)
      return cli_usage_error("%s needs a glob", "--include");
    return strvec_push(&a->includes, v) ? EXIT_INTERNAL : 0;
  case OPT_ENABLE:
  case OPT_DISABLE:
    if (!*v)
      return cli_usage_error("%s needs a rule id or pack", p->arg);
    return cli_push_selector(&a->selectors, id, v) ? EXIT_INTERNAL : 0;
  case OPT_CONFIG:
    if (!*v)
      return cli_usage_error("%s needs a file", "--config");
    a->config = v;
    break;
  case OPT_DATADIR:
    a->datadir = v;
    break;
  case OPT_LANGUAGE_MODEL:
    a->lm = v;
    break;
  case OPT_STDIN_FILENAME:
    a->stdin_name = v;
    break;
  case OPT_EXPLAIN:
    if (!*v)
      return cli_usage_error("%s needs a rule id", "--explain");
    a->explain = v;
    break;
  default:
    return set_setting(a, id, v);
  }
  return 0;
}

/* 0: go on; -1: done (--help, --version); else an exit status. */
int parse_args(args *a, int argc, char **argv) {
  cli_parser p;
  int id, rc;
  args_init(a);
  cli_parser_init(&p, options, argc, argv, CLI_DASHDASH);
  while ((id = cli_next(&p)) != CLI_END) {
    if (id == CLI_OPERAND) {
      rc = strvec_push(&a->paths, p.arg) ? EXIT_INTERNAL : 0;
    } else if (id == CLI_UNKNOWN) {
      const char *near = cli_nearest_option(options, p.arg);
      if (near)
        return cli_usage_error("unknown option '%s'; did you mean '%s'?", p.arg, near);
      return cli_usage_error("unknown option '%s'", p.arg);
    } else if (id >= OPT_FIX && id <= OPT_WRITE_BASELINE) {
      rc = formats_option(&a->fmt, id, p.name, p.value);
    } else if (id >= OPT_JOBS && id <= OPT_GARBLED_AT) {
      rc = batch_option(&a->batch, id, p.name, p.value);
    } else {
      rc = p.opt->flags & OPT_ARG ? set_value(a, &p, id) : set_flag(a, id);
    }
    if (rc)
      return rc;
  }
  return args_finish(a);
}

void args_free(args *a) {
  strvec_free(&a->rules);
  strvec_free(&a->includes);
  strvec_free(&a->paths);
  strvec_free(&a->selectors);
  strvec_free(&a->excludes);
  strvec_free(&a->outputs);
  formats_free(&a->fmt);
}
