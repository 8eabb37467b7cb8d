/*
 * fuzz_document.c - lints arbitrary bytes with an engine of the built-in
 * rules, then writes the result in every format, and lints them again in
 * two halves (mtl_lint_begin/finish), which must give the same findings.
 * The engine is built once.
 */
#include "mtlint.h"
#include "replay.h"

#include <stdlib.h>
#include <string.h>

#ifndef MTL_TEST_SRCDIR
#define MTL_TEST_SRCDIR "."
#endif

static mtl_engine *engine;

static int sink(void *ctx, const char *data, size_t len) {
  size_t *total = ctx;
  (void)data;
  *total += len;
  return 0;
}

static void free_engine(void) { mtl_engine_free(engine); }

static const mtl_engine *get_engine(void) {
  if (!engine) {
    mtl_options *o;
    mtl_error err;
    const char *dir = getenv("MTL_DATADIR");
    if (mtl_options_new(&o) ||
        mtl_options_set_datadir(o, dir ? dir : MTL_TEST_SRCDIR) ||
        mtl_engine_new(&engine, o, &err))
      abort(); /* the built-in rules must load */
    mtl_options_free(o);
    atexit(free_engine);
  }
  return engine;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const mtl_engine *eng = get_engine();
  mtl_result *res;
  mtl_error err;
  const char *const *fmt;
  size_t i;
  if (mtl_lint(&res, eng, (const char *)data, size, &err))
    abort(); /* only out of memory may fail */
  for (i = 0; i < mtl_result_count(res); i++) {
    const mtl_finding *f = mtl_result_finding(res, i);
    if (f->start.offset > f->end.offset || f->end.offset > size || !f->start.line ||
        !f->start.column || !f->start.column_utf16 || f->start.line > f->end.line ||
        (i && f->start.offset < mtl_result_finding(res, i - 1)->start.offset))
      abort();
  }
  {
    mtl_pending *pending;
    mtl_result *halves;
    if (mtl_lint_begin(&pending, eng, (const char *)data, size, &err) ||
        mtl_lint_finish(&halves, pending, &err) ||
        mtl_result_count(halves) != mtl_result_count(res))
      abort();
    for (i = 0; i < mtl_result_count(res); i++) {
      const mtl_finding *a = mtl_result_finding(res, i), *b = mtl_result_finding(halves, i);
      if (strcmp(a->rule, b->rule) || strcmp(a->message, b->message) ||
          a->start.offset != b->start.offset || a->end.offset != b->end.offset ||
          a->n_suggestions != b->n_suggestions)
        abort();
    }
    mtl_result_free(halves);
  }
  for (fmt = mtl_writer_formats(); *fmt; fmt++) {
    mtl_writer *w;
    size_t total = 0;
    if (mtl_writer_new(&w, *fmt, sink, &total, 0))
      abort();
    if (mtl_writer_file(w, "fuzz.txt", (const char *)data, size, res) || mtl_writer_finish(w))
      abort();
    mtl_writer_free(w);
  }
  mtl_result_free(res);
  return 0;
}
