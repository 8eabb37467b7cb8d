/*
 * fuzz_rules.c - arbitrary bytes as a rule YAML file.  The loader must
 * either build an engine or return an error with a message; an engine that
 * loads is then used to lint a short text and to run its own examples.
 */
#include "mtlint.h"
#include "replay.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char text[] =
    "\xEF\xBB\xBF(Written through Ana Lopes) The the minister held a push meeting in Kiev.\r\n"
    "\r\nOfficials in latvia said the goverment would act (soon. \xFF\n";

static void lint_with(const mtl_engine *eng, const char *s, size_t n) {
  mtl_result *res;
  mtl_error err;
  if (mtl_lint(&res, eng, s, n, &err))
    abort();
  mtl_result_free(res);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char path[] = "/tmp/mtl_fuzz_rules_XXXXXX";
  int fd = mkstemp(path);
  FILE *f;
  mtl_options *o;
  mtl_engine *eng = NULL;
  mtl_error err;
  size_t i, j;
  int rc;
  if (fd < 0)
    return 0;
  f = fdopen(fd, "wb");
  if (!f) {
    close(fd);
    remove(path);
    return 0;
  }
  if (size)
    fwrite(data, 1, size, f);
  fclose(f);
  if (mtl_options_new(&o))
    abort();
  mtl_options_use_builtin_rules(o, 0);
  if (mtl_options_add_rules(o, path))
    abort();
  memset(&err, 0, sizeof err);
  rc = mtl_engine_new(&eng, o, &err);
  mtl_options_free(o);
  remove(path);
  if (rc) {
    if (eng || rc != err.code || !err.message[0])
      abort(); /* an error must say what went wrong */
    return 0;
  }
  lint_with(eng, text, sizeof text - 1);
  for (i = 0; i < mtl_engine_rule_count(eng); i++) {
    const mtl_rule_info *r = mtl_engine_rule(eng, i);
    if (!r->id || !r->message || !r->kind)
      abort();
    for (j = 0; j < r->n_bad && j < 4; j++)
      lint_with(eng, r->bad[j], strlen(r->bad[j]));
    for (j = 0; j < r->n_good && j < 4; j++)
      lint_with(eng, r->good[j], strlen(r->good[j]));
  }
  mtl_engine_free(eng);
  return 0;
}
