/*
 * merge.c - `mtlint merge`: partial reports merged into one report or
 * partial; and the report files batch mode writes (--report, --partial).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "exitcode.h"
#include "options.h"

static int write_file_fn(void *ctx, const char *data, size_t len) {
  return fwrite(data, 1, len, (FILE *)ctx) != len;
}

const char *batch_report_format(const char *file, const char *given) {
  const char *dot = strrchr(file, '.');
  if (given)
    return given;
  if (dot && (!strcmp(dot, ".json")))
    return "json";
  if (dot && (!strcmp(dot, ".csv")))
    return "csv";
  return "html";
}

int batch_save_report(const mtl_report *rep, const char *path, const char *format, int partial) {
  FILE *f = strcmp(path, "-") ? fopen(path, "wb") : stdout;
  int rc;
  if (!f) {
    fprintf(stderr, "mtlint: cannot write %s: %s\n", path, strerror(errno));
    return -1;
  }
  rc = partial ? mtl_report_save_partial(rep, write_file_fn, f)
               : mtl_report_write(rep, format, write_file_fn, f);
  if (f != stdout) {
    if (fclose(f))
      rc = rc ? rc : MTL_EIO;
  } else {
    fflush(stdout);
  }
  if (rc) {
    fprintf(stderr, "mtlint: cannot write %s: %s\n", path, mtl_strerror(rc));
    return -1;
  }
  return 0;
}

static const char merge_usage[] =
    "Usage: mtlint merge PARTIAL... [--report FILE] [--report-format FORMAT] [--partial FILE]\n"
    "Merges partial reports (from --partial) into one report (html, json or csv,\n"
    "from the extension or --report-format) and/or one partial report.\n"
    "FILE may be '-' for standard output.\n";

static const cli_option merge_options[] = {
    {"--help", "-h", 0, OPT_HELP},
    {"--jobs", "-j", OPT_ARG | OPT_GLUED, OPT_JOBS},
    {"--input-format", NULL, OPT_ARG, OPT_INPUT_FORMAT},
    {"--report-format", NULL, OPT_ARG, OPT_REPORT_FORMAT},
    {"--report", NULL, OPT_ARG, OPT_REPORT},
    {"--partial", NULL, OPT_ARG, OPT_PARTIAL},
    {"--suspect-at", NULL, OPT_ARG, OPT_SUSPECT_AT},
    {"--garbled-at", NULL, OPT_ARG, OPT_GARBLED_AT},
    {NULL, NULL, 0, 0}};

/* Reads merge's arguments: 0, -1 (--help: done) or an exit status. */
static int merge_args(batch_opts *b, strvec *parts, int argc, char **argv) {
  cli_parser p;
  int id;
  cli_parser_init(&p, merge_options, argc, argv, 0);
  while ((id = cli_next(&p)) != CLI_END) {
    if (id == OPT_HELP) {
      fputs(merge_usage, stdout);
      return -1;
    }
    if (id == CLI_UNKNOWN) {
      fprintf(stderr, "mtlint merge: unknown option '%s'\n%s", p.arg, merge_usage);
      return EXIT_USAGE;
    }
    if (id == CLI_OPERAND) {
      if (strvec_push(parts, p.arg))
        return EXIT_INTERNAL;
    } else if (batch_option(b, id, p.name, p.value)) {
      return EXIT_USAGE;
    }
  }
  return 0;
}

int batch_merge_main(int argc, char **argv) {
  batch_opts b;
  strvec parts = {0};
  mtl_report *acc = NULL;
  int rc;
  size_t k;
  memset(&b, 0, sizeof b);
  if ((rc = merge_args(&b, &parts, argc, argv))) {
    strvec_free(&parts);
    return rc < 0 ? EXIT_CLEAN : rc;
  }
  if (!parts.n || (!b.report && !b.partial)) {
    fprintf(stderr, "mtlint merge: %s\n%s",
            parts.n ? "give --report FILE or --partial FILE" : "no partial reports given",
            merge_usage);
    strvec_free(&parts);
    return EXIT_USAGE;
  }
  for (k = 0; k < parts.n; k++) {
    char *data = NULL;
    size_t len = 0;
    mtl_report *one = NULL;
    mtl_error err;
    int e = read_all(parts.v[k], &data, &len);
    memset(&err, 0, sizeof err);
    if (e) {
      fprintf(stderr, "%s: error: %s\n", parts.v[k], strerror(e));
      rc = EXIT_INPUT;
      continue;
    }
    if (mtl_report_load_partial(&one, data, len, parts.v[k], &err)) {
      fprintf(stderr, "%s:%zu:%zu: error: %s\n", err.file, err.line, err.column, err.message);
      rc = EXIT_INPUT;
    } else if (!acc) {
      acc = one;
      one = NULL;
    } else if (mtl_report_merge(acc, one)) {
      fprintf(stderr, "%s: error: made with other thresholds or limits than %s; not merged\n",
              parts.v[k], parts.v[0]);
      rc = EXIT_INPUT;
    }
    mtl_report_free(one);
    free(data);
  }
  if (acc) {
    if (b.partial && batch_save_report(acc, b.partial, NULL, 1))
      rc = EXIT_INPUT;
    if (b.report && batch_save_report(acc, b.report, batch_report_format(b.report, b.report_format), 0))
      rc = EXIT_INPUT;
  }
  mtl_report_free(acc);
  strvec_free(&parts);
  return rc;
}
