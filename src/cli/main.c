/*
 * main.c - the mtlint command: arguments, engines per config, inputs, exit
 * codes.  It sees only the public header mtlint.h.
 */
#include <errno.h>
#include <glob.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "exitcode.h"
#include "options.h"
#include "lsp.h"
#include "formats.h"
#include "batch.h"
#include "warmup.h"
#include "mtlint.h"

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

/* One engine per config file in use (NULL config: none). */
typedef struct engine_slot {
  char *config;
  mtl_engine *eng;
  int failed;
} engine_slot;

/* --format FMT:FILE: one more writer, to its own file. */
typedef struct extra_out {
  const char *path;
  FILE *f;
  mtl_writer *w;
} extra_out;

typedef struct run {
  args *a;
  mtl_writer *out;       /* findings (stdout) */
  extra_out *extra;      /* --format FMT:FILE, each with findings and errors */
  size_t nextra;
  mtl_writer **extra_w;  /* their writers, for batch.c */
  mtl_writer *errw;      /* errors: stderr in text format, else == out */
  engine_slot *slots;
  size_t nslots;
  int exit_rules, exit_input, exit_internal;
  int worst;             /* highest severity seen */
  size_t warnings;       /* warnings shown (--max-warnings) */
  int nslots_ok;         /* engines built without error */
  char *datadir;
  const char *first;     /* the first input (warm_start) */
} run;

/* PERF: at exit the engines are left to the operating system, as clang
 * leaves its syntax trees (-disable-free): freeing the Hunspell dictionaries
 * takes 8-9 ms, a sixth of a one-sentence run, and gives back nothing the
 * exit does not.  They stay reachable from kept_at_exit, so leak checkers
 * (valgrind: "still reachable") do not call them lost; builds with
 * AddressSanitizer free them, so the teardown stays tested. */
#ifndef FREE_ENGINES_AT_EXIT
#define FREE_ENGINES_AT_EXIT CLI_ASAN
#endif
#if !FREE_ENGINES_AT_EXIT
static engine_slot *volatile kept_at_exit; /* volatile: a store never read is dropped */
#endif

static int write_stdout(void *ctx, const char *data, size_t len) {
  (void)ctx;
  return fwrite(data, 1, len, stdout) != len;
}

static int write_stderr(void *ctx, const char *data, size_t len) {
  (void)ctx;
  return fwrite(data, 1, len, stderr) != len;
}

static void report_error(run *r, const mtl_error *e);

static void report(run *r, const char *file, size_t line, size_t col, int code,
                   const char *msg) {
  mtl_error e;
  memset(&e, 0, sizeof e);
  e.code = code;
  snprintf(e.file, sizeof e.file, "%s", file ? file : "");
  snprintf(e.message, sizeof e.message, "%s", msg);
  e.line = line;
  e.column = col;
  report_error(r, &e);
}

static void input_error(void *ctx, const char *path, const char *msg) {
  run *r = ctx;
  r->exit_input = 1;
  report(r, path, 0, 0, MTL_EIO, msg);
}

#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
static int usage_error(const char *fmt, ...);
static int usage_error(const char *fmt, ...) {
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
    return usage_error("%s needs a file", "-o");
  a->output = v;
  for (k = 0; k < a->outputs.n; k++)
    if (!strcmp(strchr(a->outputs.v[k], ':') + 1, v))
      return usage_error("--format: '%s' is the -o file too", v);
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
    return usage_error("--format %.*s: needs a file after the colon", (int)(colon - v), v);
  if (!known_format(v, (size_t)(colon - v)))
    return usage_error("unknown format '%.*s' in '%s' (%s)", (int)(colon - v), v, v,
                       FORMAT_LIST);
  for (k = 0; k < a->outputs.n; k++)
    if (!strcmp(strchr(a->outputs.v[k], ':') + 1, colon + 1))
      return usage_error("--format: two outputs to the same file '%s'", colon + 1);
  if (a->output && !strcmp(a->output, colon + 1))
    return usage_error("--format: '%s' is the -o file too", colon + 1);
  if (strvec_push(&a->outputs, v))
    return EXIT_INTERNAL;
  return 0;
}

/* After the options: the format known, the default includes. */
static int args_finish(args *a) {
  if (!known_format(a->format, strlen(a->format)))
    return usage_error("unknown format '%s' (%s)", a->format, FORMAT_LIST);
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
      return usage_error("--fail-on takes error, warning, info or never, not '%s'", v);
    break;
  case OPT_COLOR:
    if (!strcmp(v, "auto"))
      a->color = -1;
    else if (!strcmp(v, "always"))
      a->color = 1;
    else if (!strcmp(v, "never"))
      a->color = 0;
    else
      return usage_error("--color takes auto, always or never, not '%s'", v);
    break;
  case OPT_MAX_WARNINGS:
    n = strtol(v, &end, 10);
    if (!*v || *end || n < 0)
      return usage_error("--max-warnings takes a number of warnings (0 or more), not '%s'", v);
    a->max_warnings = n;
    break;
  case OPT_MIN_SEVERITY:
    if (!(a->min_severity = mtl_severity_parse(v)))
      return usage_error("--min-severity takes info, warning or error, not '%s'", v);
    break;
  case OPT_COLUMN_UNIT:
    if (!strcmp(v, "byte"))
      a->column_unit = 0;
    else if (!strcmp(v, "char"))
      a->column_unit = MTL_WRITE_COLUMN_CHAR;
    else if (!strcmp(v, "utf16"))
      a->column_unit = MTL_WRITE_COLUMN_UTF16;
    else
      return usage_error("--column-unit takes byte, char or utf16, not '%s'", v);
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
      return usage_error("%s needs a file", "--print-config");
    a->print_config = v;
    break;
  case OPT_RULES:
    if (!*v)
      return usage_error("%s needs a path", "--rules");
    return strvec_push(&a->rules, v) ? EXIT_INTERNAL : 0;
  case OPT_EXCLUDE:
    if (!*v)
      return usage_error("%s needs a glob", "--exclude");
    return strvec_push(&a->excludes, !strncmp(v, "./", 2) ? v + 2 : v) ? EXIT_INTERNAL : 0;
  case OPT_INCLUDE:
    if (!*v)
      return usage_error("%s needs a glob", "--include");
    return strvec_push(&a->includes, v) ? EXIT_INTERNAL : 0;
  case OPT_ENABLE:
  case OPT_DISABLE:
    if (!*v)
      return usage_error("%s needs a rule id or pack", p->arg);
    return cli_push_selector(&a->selectors, id, v) ? EXIT_INTERNAL : 0;
  case OPT_CONFIG:
    if (!*v)
      return usage_error("%s needs a file", "--config");
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
      return usage_error("%s needs a rule id", "--explain");
    a->explain = v;
    break;
  default:
    return set_setting(a, id, v);
  }
  return 0;
}

/* 0: go on; -1: done (--help, --version); else an exit status. */
static int parse_args(args *a, int argc, char **argv) {
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
        return usage_error("unknown option '%s'; did you mean '%s'?", p.arg, near);
      return usage_error("unknown option '%s'", p.arg);
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

/* Errors go to the error writer (stderr for text) and to every
 * --format FMT:FILE output. */
static void report_error(run *r, const mtl_error *e) {
  size_t i;
  mtl_writer_error(r->errw, e);
  if (r->errw != r->out)
    fflush(stderr);
  for (i = 0; i < r->nextra; i++)
    mtl_writer_error(r->extra[i].w, e);
}

/* Loads config into o.  A config found by the upward search (cascade)
 * comes after those of the folders above it, up to one that says
 * `root: true`, as ESLint's cascade does: a sub-folder's config adds to the
 * root's settings instead of dropping them.  --config FILE loads only FILE. */
static int load_config_chain_list(mtl_options *o, const char *config, int cascade,
                                  mtl_error *err, strvec *list) {
  strvec chain = {0};
  char *p = strdup(config);
  size_t i;
  int rc = 0;
  while (p && chain.n < 32) {
    mtl_options *tmp = NULL;
    int root;
    char *up, *slash;
    for (i = 0; i < chain.n && strcmp(chain.v[i], p); i++)
      ;
    if (i < chain.n || strvec_push(&chain, p))
      break;
    if (!cascade)
      break;
    if (mtl_options_new(&tmp)) {
      rc = -1;
      break;
    }
    rc = mtl_options_load_config(tmp, p, err);
    root = mtl_options_config_root(tmp);
    mtl_options_free(tmp);
    if (rc || root)
      break;
    if (!(up = malloc(strlen(p) + 4)))
      break;
    strcpy(up, p);
    slash = strrchr(up, '/');
    if (slash)
      strcpy(slash, "/..");
    else
      strcpy(up, "..");
    free(p);
    p = find_config(up);
    free(up);
  }
  free(p);
  for (i = chain.n; !rc && i-- > 0;) {
    rc = mtl_options_load_config(o, chain.v[i], err);
    if (list)
      strvec_push(list, chain.v[i]);
  }
  strvec_free(&chain);
  return rc;
}

static int load_config_chain(mtl_options *o, const char *config, int cascade, mtl_error *err) {
  return load_config_chain_list(o, config, cascade, err, NULL);
}

static mtl_engine *engine_for(run *r, const char *config, int test_mode);
static int list_rules(mtl_engine *eng);

/* --print-config FILE: the config files that apply to FILE, in the order
 * they are applied, and the rules as they stand for it. */
static int print_config(run *r, const char *path) {
  args *a = r->a;
  char *cfg = !a->use_config ? NULL : a->config ? strdup(a->config) : find_config(path);
  strvec list = {0};
  mtl_engine *eng;
  size_t i;
  printf("# mtlint configuration for %s\n", path);
  if (cfg) {
    mtl_options *o = NULL;
    mtl_error err;
    memset(&err, 0, sizeof err);
    if (!mtl_options_new(&o))
      load_config_chain_list(o, cfg, !a->config, &err, &list);
    mtl_options_free(o);
  }
  printf("config files (applied in this order):%s\n", list.n ? "" : " none");
  for (i = 0; i < list.n; i++)
    printf("  %s\n", list.v[i]);
  strvec_free(&list);
  eng = engine_for(r, cfg, 0);
  free(cfg);
  if (!eng)
    return r->exit_internal ? EXIT_INTERNAL : EXIT_RULES;
  printf("rules:\n");
  return list_rules(eng);
}

/* The engine for inputs governed by config (NULL: none); NULL on failure. */
static mtl_engine *engine_for(run *r, const char *config, int test_mode) {
  size_t i;
  mtl_options *o = NULL;
  mtl_error err;
  engine_slot *slot, *ns;
  args *a = r->a;
  for (i = 0; i < r->nslots; i++)
    if ((!config && !r->slots[i].config) ||
        (config && r->slots[i].config && !strcmp(config, r->slots[i].config)))
      return r->slots[i].failed ? NULL : r->slots[i].eng;
  ns = realloc(r->slots, (r->nslots + 1) * sizeof *ns);
  if (!ns) {
    r->exit_internal = 1;
    return NULL;
  }
  r->slots = ns;
  slot = &r->slots[r->nslots++];
  memset(slot, 0, sizeof *slot);
  slot->config = config ? strdup(config) : NULL;
  memset(&err, 0, sizeof err);
  if (mtl_options_new(&o) || mtl_options_set_datadir(o, r->datadir))
    goto oom;
  {
    const char *env = getenv("MTLINT_BASE_DICTIONARY");
    if (env && *env && mtl_options_set_base_dictionary(o, env))
      goto oom;
    env = a->lm ? a->lm : getenv("MTLINT_LANGUAGE_MODEL");
    if (env && *env && mtl_options_set_language_model(o, env))
      goto oom;
  }
  mtl_options_use_builtin_rules(o, a->builtin);
  if (config && load_config_chain(o, config, !a->config, &err)) {
    report_error(r, &err);
    r->exit_rules = 1;
    goto fail;
  }
  if (!a->builtin)
    mtl_options_use_builtin_rules(o, 0);
  for (i = 0; i < a->rules.n; i++)
    if (mtl_options_add_rules(o, a->rules.v[i]))
      goto oom;
  if (test_mode && mtl_options_set_enabled(o, "*", 1))
    goto oom;
  for (i = 0; i < a->selectors.n; i++)
    if (mtl_options_set_enabled(o, a->selectors.v[i] + 1, a->selectors.v[i][0] == '+'))
      goto oom;
  if (mtl_engine_new(&slot->eng, o, &err)) {
    if (err.code == MTL_ENOTFOUND && !err.file[0])
      snprintf(err.file, sizeof err.file, "%s", config ? config : "mtlint");
    report_error(r, &err);
    r->exit_rules = 1;
    goto fail;
  }
  mtl_options_free(o);
  r->nslots_ok++;
  return slot->eng;
oom:
  r->exit_internal = 1;
  report(r, "mtlint", 0, 0, MTL_ENOMEM, "out of memory");
fail:
  mtl_options_free(o);
  slot->failed = 1;
  return NULL;
}

static mtl_engine *engine_for_path(run *r, const char *path) {
  char *cfg = NULL;
  mtl_engine *e;
  if (r->a->config)
    return engine_for(r, r->a->config, 0);
  if (!r->a->use_config)
    return engine_for(r, NULL, 0);
  cfg = find_config(path);
  e = engine_for(r, cfg, 0);
  free(cfg);
  return e;
}

static mtl_engine *batch_engine(void *ctx, const char *lookup) {
  return engine_for_path(ctx, lookup);
}

/* Feeds, JSON Lines, HTML, -j, reports: batch.c. */
static void run_batch(run *r, const strvec *files, const unsigned char *walked) {
  batch_env env;
  memset(&env, 0, sizeof env);
  env.walked = walked;
  env.out = r->out;
  env.errw = r->errw;
  env.extra = r->extra_w;
  env.nextra = r->nextra;
  env.engine = batch_engine;
  env.ctx = r;
  env.stdin_name = r->a->stdin_name;
  env.quiet = r->a->quiet;
  env.worst = r->worst;
  env.min_severity = r->a->min_severity;
  batch_run(&env, &r->a->batch, files);
  r->worst = env.worst;
  r->warnings += env.warnings;
  r->exit_input |= env.exit_input;
  r->exit_internal |= env.exit_internal;
}

/* Where the config of input path is looked up ('-': --stdin-filename, or
 * the current folder). */
static const char *lookup_of(const run *r, const char *path) {
  if (strcmp(path, "-"))
    return path;
  return r->a->stdin_name ? r->a->stdin_name : ".";
}

static void build_first(void *ctx) {
  run *r = ctx;
  engine_for_path(r, lookup_of(r, r->first));
}

/* The first input's engine, and the dictionaries ahead (warmup.h). */
static void warm_start(run *r, const strvec *files) {
  if (!files->n)
    return;
  r->first = files->v[0];
  warmup_first_engine(files, r->a->builtin, build_first, r);
}

static int at_least(void *ctx, const mtl_finding *f) {
  return (int)f->severity >= *(const int *)ctx;
}

/* An input that ran out of memory is an error of that input (code
 * memory, exit status 4) at its start, and the run goes on with the next;
 * len is its size when known (else 0: from stat). */
static void memory_error(run *r, const char *shown, const char *path, size_t len) {
  char msg[200];
  struct stat st;
  if (!len && strcmp(path, "-") && !stat(path, &st) && st.st_size > 0)
    len = (size_t)st.st_size;
  r->exit_input = 1;
  if (len)
    snprintf(msg, sizeof msg,
             "out of memory: this %.1f MB text is linted whole, which takes 10-20 times "
             "its size; split it",
             (double)len / 1e6);
  else
    snprintf(msg, sizeof msg, "out of memory");
  report(r, shown, 1, 1, MTL_ENOMEM, msg);
}

static void lint_one(run *r, const char *path) {
  const char *shown = path, *lookup = lookup_of(r, path);
  char *data = NULL;
  size_t len = 0, i;
  int e;
  mtl_engine *eng;
  mtl_result *res = NULL;
  mtl_error err;
  if (!strcmp(path, "-"))
    shown = r->a->stdin_name ? r->a->stdin_name : "<stdin>";
  eng = engine_for_path(r, lookup);
  if (!eng)
    return;
  if ((e = read_all(path, &data, &len))) {
    if (e == ENOMEM) {
      memory_error(r, shown, path, 0);
      return;
    }
    r->exit_input = 1;
    report(r, shown, 0, 0, MTL_EIO, strerror(e));
    return;
  }
  memset(&err, 0, sizeof err);
  if (mtl_lint(&res, eng, data, len, &err)) {
    free(data);
    if (err.code == MTL_ENOMEM) {
      memory_error(r, shown, path, len);
      return;
    }
    r->exit_internal = 1;
    report(r, shown, 0, 0, err.code, err.message);
    return;
  }
  mtl_writer_set_engine(r->out, eng);
  for (i = 0; i < r->nextra; i++)
    mtl_writer_set_engine(r->extra[i].w, eng);
  if ((e = formats_input(&r->a->fmt, eng, path, shown, &data, &len, &res, err.message,
                         sizeof err.message))) {
    *(e == MTL_EIO ? &r->exit_input : &r->exit_internal) = 1;
    report(r, shown, 0, 0, e, e == MTL_EIO ? err.message : "out of memory");
  }
  if (r->a->min_severity > MTL_SEV_INFO)
    mtl_result_filter(res, at_least, &r->a->min_severity);
  for (i = 0; i < mtl_result_count(res); i++) {
    int s = (int)mtl_result_finding(res, i)->severity;
    if (s > r->worst)
      r->worst = s;
    r->warnings += s == MTL_SEV_WARNING;
  }
  if (mtl_writer_file(r->out, shown, data, len, res))
    r->exit_internal = 1;
  for (i = 0; i < r->nextra; i++)
    if (mtl_writer_file(r->extra[i].w, shown, data, len, res))
      r->exit_input = 1; /* a write error, said at the end */
  mtl_result_free(res);
  free(data);
}

static int list_rules(mtl_engine *eng) {
  size_t i;
  printf("%-44s %-8s %-15s %-8s %s\n", "RULE", "SEVERITY", "KIND", "STATE", "CATEGORY");
  for (i = 0; i < mtl_engine_rule_count(eng); i++) {
    const mtl_rule_info *ri = mtl_engine_rule(eng, i);
    printf("%-44s %-8s %-15s %-8s %s\n", ri->id, mtl_severity_name(ri->severity), ri->kind,
           ri->enabled ? "on" : "off", ri->category);
  }
  return EXIT_CLEAN;
}

/* Rules of kind swap: the language-model scores behind each finding of
 * the rule in an example. */
static void explain_scores(mtl_engine *eng, const mtl_rule_info *ri, const char *text) {
  mtl_result *res = NULL;
  size_t i;
  if (strcmp(ri->kind, "swap") || mtl_lint(&res, eng, text, strlen(text), NULL))
    return;
  for (i = 0; i < mtl_result_count(res); i++) {
    const mtl_finding *f = mtl_result_finding(res, i);
    if (strcmp(f->rule, ri->id) || !f->has_lm)
      continue;
    printf("    '%.*s' -> '%s': log10 P %.2f with it, %.2f as written (gain %.2f)\n",
           (int)(f->end.offset - f->start.offset), text + f->start.offset,
           f->n_suggestions ? f->suggestions[0] : "", f->lm_original, f->lm_written,
           f->lm_original - f->lm_written);
  }
  mtl_result_free(res);
}

static int explain(mtl_engine *eng, const char *id) {
  const mtl_rule_info *ri = mtl_engine_find_rule(eng, id);
  size_t i;
  if (!ri) {
    /* as for an unknown id in --enable or a config: exit 3, a suggestion */
    const char *best = NULL;
    size_t bd = 99, n = strlen(id);
    for (i = 0; i < mtl_engine_rule_count(eng); i++) {
      const char *other = mtl_engine_rule(eng, i)->id;
      size_t d = mtl_edit_distance(id, n, other, strlen(other));
      if (d < bd) {
        bd = d;
        best = other;
      }
    }
    if (best && bd <= (n > 12 ? 4u : n > 5 ? 2u : 1u))
      fprintf(stderr, "mtlint: no rule named '%s'; did you mean '%s'? (see --list-rules)\n", id,
              best);
    else
      fprintf(stderr, "mtlint: no rule named '%s' (see --list-rules)\n", id);
    return EXIT_RULES;
  }
  printf("%s (%s, %s%s)\n\n", ri->id, mtl_severity_name(ri->severity), ri->kind,
         ri->enabled ? "" : ", disabled");
  printf("%s\n\n", ri->description);
  printf("Pack: %s   Category: %s   Fix: %s\n", ri->pack, ri->category, ri->fix);
  if (ri->file)
    printf("Defined in: %s:%zu\n", ri->file, ri->line);
  if (ri->link)
    printf("More: %s\n", ri->link);
  if (ri->n_bad) {
    printf("\nFlagged:\n");
    for (i = 0; i < ri->n_bad; i++) {
      printf("  - %s\n", ri->bad[i]);
      explain_scores(eng, ri, ri->bad[i]);
    }
  }
  if (ri->n_good) {
    printf("\nNot flagged:\n");
    for (i = 0; i < ri->n_good; i++)
      printf("  - %s\n", ri->good[i]);
  }
  return EXIT_CLEAN;
}

static int fires(mtl_engine *eng, const char *text, const char *id, int *oom) {
  mtl_result *res = NULL;
  size_t i;
  int hit = 0;
  if (mtl_lint(&res, eng, text, strlen(text), NULL)) {
    *oom = 1;
    return 0;
  }
  for (i = 0; i < mtl_result_count(res); i++)
    hit |= !strcmp(mtl_result_finding(res, i)->rule, id);
  mtl_result_free(res);
  return hit;
}

static int test_rules(mtl_engine *eng) {
  size_t i, j, passed = 0, failed = 0, rules = 0;
  int oom = 0;
  for (i = 0; i < mtl_engine_rule_count(eng); i++) {
    const mtl_rule_info *ri = mtl_engine_rule(eng, i);
    if (!ri->file)
      continue;
    rules++;
    for (j = 0; j < ri->n_bad; j++) {
      if (fires(eng, ri->bad[j], ri->id, &oom)) {
        passed++;
      } else {
        failed++;
        printf("%s:%zu: %s: bad example %zu does not fire: %s\n", ri->file, ri->line, ri->id,
               j + 1, ri->bad[j]);
      }
    }
    for (j = 0; j < ri->n_good; j++) {
      if (!fires(eng, ri->good[j], ri->id, &oom)) {
        passed++;
      } else {
        failed++;
        printf("%s:%zu: %s: good example %zu fires: %s\n", ri->file, ri->line, ri->id, j + 1,
               ri->good[j]);
      }
    }
  }
  if (oom) {
    fprintf(stderr, "mtlint: out of memory\n");
    return EXIT_INTERNAL;
  }
  printf("rule examples of %zu rules: %zu passed, %zu failed\n", rules, passed, failed);
  return failed ? EXIT_FINDINGS : EXIT_CLEAN;
}

static int expand_globs(strvec *paths) {
  strvec out = {0};
  size_t i, k;
  for (i = 0; i < paths->n; i++) {
    const char *p = paths->v[i];
    struct stat st;
    glob_t g;
    if (!strcmp(p, "-") || !strpbrk(p, "*?[") || !stat(p, &st)) {
      if (strvec_push(&out, p))
        goto oom;
      continue;
    }
    memset(&g, 0, sizeof g);
    if (glob(p, 0, NULL, &g) || !g.gl_pathc) {
      globfree(&g);
      if (strvec_push(&out, p))
        goto oom;
      continue;
    }
    for (k = 0; k < g.gl_pathc; k++)
      if (strvec_push(&out, g.gl_pathv[k])) {
        globfree(&g);
        goto oom;
      }
    globfree(&g);
  }
  strvec_free(paths);
  *paths = out;
  return 0;
oom:
  strvec_free(&out);
  return EXIT_INTERNAL;
}

/* The usage error of a run that found no input to lint. */
static int nothing_to_lint(const args *a, size_t n_ignores) {
  char globs[512] = "";
  size_t i, at = 0;
  for (i = 0; i < a->includes.n && at < sizeof globs; i++)
    at += (size_t)snprintf(globs + at, sizeof globs - at, "%s%s", i ? " " : "", a->includes.v[i]);
  fprintf(stderr,
          "mtlint: no input to lint: no file in %s%s matches %s%s (give --allow-empty to "
          "accept that)\n",
          a->paths.v[0], a->paths.n > 1 ? " and the other paths" : "", globs,
          n_ignores ? " outside the ignore globs" : "");
  return EXIT_USAGE;
}

/* Colour by default on a terminal, unless NO_COLOR is set (non-empty) or TERM=dumb. */
static int want_color(int fd) {
  const char *nc = getenv("NO_COLOR"), *term = getenv("TERM"), *fc = getenv("FORCE_COLOR");
  /* FORCE_COLOR (as Node tools read it): set and not 0/false, colour even
   * off a terminal (CI logs); FORCE_COLOR=0 turns it off */
  if (fc && (!strcmp(fc, "0") || !strcmp(fc, "false")))
    return 0;
  if (fc)
    return 1;
  return isatty(fd) && !(nc && *nc) && !(term && !strcmp(term, "dumb"));
}

/* Columns of the terminal the text excerpts are fitted to: COLUMNS when
 * set (a positive number), else the terminal's (TIOCGWINSZ) when standard
 * output is one; 0: not fitted (a pipe or a file, the goldens). */
static size_t term_width(void) {
  const char *c = getenv("COLUMNS");
  struct winsize ws;
  if (c && *c) {
    char *end;
    long n = strtol(c, &end, 10);
    if (!*end && n > 0)
      return n > 100000 ? 100000 : (size_t)n;
  }
  if (isatty(STDOUT_FILENO) && !ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) && ws.ws_col > 0)
    return ws.ws_col;
  return 0;
}

static int write_file(void *ctx, const char *data, size_t len) {
  return fwrite(data, 1, len, ctx) != len;
}

/* Opens the --format FMT:FILE outputs (before anything is linted, so that
 * an unwritable file stops the run at once: exit 4).  flags: the plain
 * output's, without colour. */
static int open_outputs(run *r, unsigned flags) {
  const strvec *o = &r->a->outputs;
  size_t i;
  if (!o->n)
    return 0;
  r->extra = calloc(o->n, sizeof *r->extra);
  r->extra_w = calloc(o->n, sizeof *r->extra_w);
  if (!r->extra || !r->extra_w)
    return EXIT_INTERNAL;
  for (i = 0; i < o->n; i++) {
    char *colon = strchr(o->v[i], ':');
    extra_out *x = &r->extra[r->nextra];
    *colon = '\0'; /* o->v[i] is the format now */
    x->path = colon + 1;
    if (!(x->f = fopen(x->path, "w"))) {
      fprintf(stderr, "mtlint: cannot write the %s output %s: %s\n", o->v[i], x->path,
              strerror(errno));
      return EXIT_INPUT;
    }
    if (mtl_writer_new(&x->w, o->v[i], write_file, x->f, flags)) {
      fclose(x->f);
      x->f = NULL;
      return EXIT_INTERNAL;
    }
    mtl_writer_set_fail_on(x->w, r->a->fail_on);
    r->extra_w[r->nextra++] = x->w;
  }
  return 0;
}

/* Closes the --format FMT:FILE outputs; -1 if one could not be written. */
static int close_outputs(run *r) {
  size_t i;
  int bad = 0;
  for (i = 0; i < r->nextra; i++) {
    extra_out *x = &r->extra[i];
    if (x->f && (ferror(x->f) | fclose(x->f))) {
      fprintf(stderr, "mtlint: cannot write the output %s: %s\n", x->path, strerror(errno));
      bad = -1;
    }
    x->f = NULL;
    mtl_writer_free(x->w);
    x->w = NULL;
  }
  free(r->extra);
  free(r->extra_w);
  r->extra = NULL;
  r->extra_w = NULL;
  r->nextra = 0;
  return bad;
}

/* The writer of standard output and the one of errors (stderr for
 * text, else the same); *flags: the output's.  0, or an exit status. */
static int open_writers(run *r, unsigned *flags) {
  const args *a = r->a;
  if (a->color == 1 || (a->color < 0 && want_color(STDOUT_FILENO)))
    *flags |= MTL_WRITE_COLOR;
  if (a->quiet || a->fmt.diff)
    *flags |= MTL_WRITE_QUIET;
  *flags |= a->column_unit;
  if (mtl_writer_new(&r->out, a->format, write_stdout, NULL, *flags)) {
    fprintf(stderr, "mtlint: cannot create the %s writer\n", a->format);
    return EXIT_INTERNAL;
  }
  mtl_writer_set_fail_on(r->out, a->fail_on);
  if (!strcmp(a->format, "text") && !a->output)
    mtl_writer_set_width(r->out, term_width());
  if (!strcmp(a->format, "text")) {
    unsigned eflags =
        (a->color == 1 || (a->color < 0 && want_color(STDERR_FILENO))) ? MTL_WRITE_COLOR : 0;
    if (mtl_writer_new(&r->errw, "text", write_stderr, NULL, eflags | MTL_WRITE_QUIET))
      return EXIT_INTERNAL;
  } else {
    r->errw = r->out;
  }
  return 0;
}

/* Ignore globs come from the config that governs the current folder. */
static void config_ignores(const args *a, strvec *ignores) {
  size_t i;
  if (a->use_config && !a->no_ignore) {
    char *cfg = a->config ? strdup(a->config) : find_config(".");
    if (cfg) {
      mtl_options *o = NULL;
      mtl_error err;
      memset(&err, 0, sizeof err);
      if (!mtl_options_new(&o) && !load_config_chain(o, cfg, !a->config, &err)) {
        for (i = 0; i < mtl_options_ignore_count(o); i++) {
          const char *g = mtl_options_ignore(o, i);
          if (!strncmp(g, "./", 2))
            g += 2;
          strvec_push(ignores, g);
        }
      }
      mtl_options_free(o);
      free(cfg);
    }
  }
}

/* Files named on the command line are ignored too (pre-commit names each
 * staged file), with a note, as ESLint does; --no-ignore lints them.
 * Returns how many were dropped from paths. */
static size_t drop_ignored_paths(strvec *paths, const strvec *ignores) {
  size_t i, n = 0;
  for (i = 0; i < paths->n;) {
    struct stat st;
    if (ignores->n && strcmp(paths->v[i], "-") && !stat(paths->v[i], &st) &&
        S_ISREG(st.st_mode) && cli_ignored(paths->v[i], ignores)) {
      fprintf(stderr, "mtlint: note: %s is ignored by the config's ignore globs or "
                      "--exclude (--no-ignore lints it)\n", paths->v[i]);
      free(paths->v[i]);
      memmove(paths->v + i, paths->v + i + 1, (paths->n - i - 1) * sizeof *paths->v);
      paths->n--;
      n++;
    } else {
      i++;
    }
  }
  return n;
}

/* The exit status of a run that linted its inputs. */
static int exit_status(const run *r) {
  const args *a = r->a;
  if (r->exit_internal)
    return EXIT_INTERNAL;
  if (r->exit_rules)
    return EXIT_RULES;
  if (r->exit_input)
    return EXIT_INPUT;
  if (r->worst >= a->fail_on || (a->fmt.diff && a->fmt.changed))
    return EXIT_FINDINGS;
  if (a->max_warnings >= 0 && r->warnings > (size_t)a->max_warnings) {
    fprintf(stderr, "mtlint: %zu warnings, more than --max-warnings %ld\n", r->warnings,
            a->max_warnings);
    return EXIT_FINDINGS;
  }
  return EXIT_CLEAN;
}

static void args_free(args *a) {
  strvec_free(&a->rules);
  strvec_free(&a->includes);
  strvec_free(&a->paths);
  strvec_free(&a->selectors);
  strvec_free(&a->excludes);
  strvec_free(&a->outputs);
  formats_free(&a->fmt);
}

int main(int argc, char **argv) {
  args a;
  run r;
  strvec files = {0}, ignores = {0};
  unsigned char *walked = NULL; /* per file: found by a folder walk */
  unsigned flags = 0;
  int rc;
  size_t i, n_named_ignored = 0;
  /* PERF: rules and dictionaries load into huge pages where page faults
   * are dear (heap.c); 32 MiB of address space, ~1 MB of memory. */
  cli_heap_reserve(32u << 20);
  if (argc > 1 && !strcmp(argv[1], "lsp")) /* the language server (lsp_main.c) */
    return lsp_main(argc - 1, argv + 1);
  if (argc > 1 && !strcmp(argv[1], "merge")) /* merge partial reports (batch.c) */
    return batch_merge_main(argc - 1, argv + 1);
  rc = parse_args(&a, argc, argv);
  if (rc) {
    args_free(&a); /* a usage error may come after paths or rules were kept */
    return rc < 0 ? EXIT_CLEAN : rc;
  }
  if (a.output && !freopen(a.output, "w", stdout)) {
    fprintf(stderr, "mtlint: %s: %s\n", a.output, strerror(errno));
    return EXIT_INPUT;
  }
  /* PERF: findings to a file or a pipe go out 64 KiB at a time (stdio's
   * default is the 4 KiB block size: a write(2) per ~3 KB of JSON Lines, a
   * tenth of a second of system calls on 100 MB of articles); a terminal
   * keeps its line buffering.  Nothing has been written to stdout yet. */
  if (!isatty(STDOUT_FILENO)) {
    static char outbuf[64u << 10]; /* glibc ignores the size without a buffer */
    setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
  }
  memset(&r, 0, sizeof r);
  r.a = &a;
  r.datadir = cli_datadir(a.datadir);
  if ((rc = open_writers(&r, &flags)))
    return rc;
  if ((rc = open_outputs(&r, flags & ~MTL_WRITE_COLOR)))
    goto done;
  if (a.print_config) {
    rc = print_config(&r, a.print_config);
    goto done;
  }
  if (a.list_rules || a.explain || a.test_rules) {
    const char *where = a.paths.n ? a.paths.v[0] : ".";
    mtl_engine *eng = a.test_rules ? engine_for(&r, a.config, 1) : engine_for_path(&r, where);
    if (!eng) {
      rc = r.exit_internal ? EXIT_INTERNAL : EXIT_RULES;
    } else {
      rc = a.list_rules ? list_rules(eng) : a.explain ? explain(eng, a.explain) : test_rules(eng);
    }
    goto done;
  }
  if (!a.paths.n) {
    if (isatty(STDIN_FILENO)) {
      rc = usage_error("%s", "no input given (a file, a folder, or '-' for standard input)");
      goto done;
    }
    if (strvec_push(&a.paths, "-")) {
      rc = EXIT_INTERNAL;
      goto done;
    }
  }
  config_ignores(&a, &ignores);
  for (i = 0; i < a.excludes.n; i++)
    if (strvec_push(&ignores, a.excludes.v[i])) {
      rc = EXIT_INTERNAL;
      goto done;
    }
  /* Glob arguments (a shell that did not expand them, or quoted on purpose,
   * as in CI files): a path that does not exist and holds * ? or [ is
   * expanded here; one that matches nothing stays, to be reported. */
  if ((rc = expand_globs(&a.paths)))
    goto done;
  n_named_ignored = drop_ignored_paths(&a.paths, &ignores);
  if (collect_inputs(&files, &a.paths, &a.includes, &ignores, input_error, &r, &walked)) {
    rc = EXIT_INTERNAL;
    goto done;
  }
  /* Linting nothing is not a pass (an empty folder, a wrong --include, a
   * folder of other files): say so and exit 2, as ESLint does. */
  if (!files.n && !r.exit_input && !a.allow_empty && !n_named_ignored) {
    rc = nothing_to_lint(&a, ignores.n);
    goto done;
  }
  if ((rc = formats_start(&a.fmt)))
    goto done;
  if (batch_wanted(&a.batch, &files, a.stdin_name)) {
    run_batch(&r, &files, walked); /* its workers lint while its main thread loads the dictionaries */
  } else {
    warm_start(&r, &files);
    for (i = 0; i < files.n; i++)
      lint_one(&r, files.v[i]);
  }
  if (formats_finish(&a.fmt))
    r.exit_input = 1;
  /* a text summary after a rule error would only say "0 problems" */
  if (!(r.exit_rules && r.errw != r.out && !r.nslots_ok) && mtl_writer_finish(r.out))
    r.exit_internal = 1;
  for (i = 0; i < r.nextra; i++)
    if (mtl_writer_finish(r.extra[i].w))
      r.exit_input = 1;
  if (close_outputs(&r))
    r.exit_input = 1;
  rc = exit_status(&r);
done:
  fflush(stdout);
#if FREE_ENGINES_AT_EXIT
  warmup_free_unused();
  for (i = 0; i < r.nslots; i++) {
    mtl_engine_free(r.slots[i].eng);
    free(r.slots[i].config);
  }
  free(r.slots);
#else
  kept_at_exit = r.slots;
#endif
  if (r.errw != r.out)
    mtl_writer_free(r.errw);
  mtl_writer_free(r.out);
  close_outputs(&r);
  free(r.datadir);
  strvec_free(&files);
  free(walked);
  strvec_free(&ignores);
  args_free(&a);
  return rc;
}
