/*
 * fuzz_config.c - arbitrary bytes as `.mtlint.yaml` files and what they
 * name.  The input is split at each "\n#---\n" into up to five files of a
 * folder tree made once per process:
 *
 *   T/.mtlint.yaml   T/a/.mtlint.yaml   T/a/b/.mtlint.yaml
 *   T/a/b/rules.yaml T/a/b/words.txt
 *
 * The configs are loaded as the command's cascade loads them: from the
 * deepest one present upward until one says `root: true`, each into a
 * scratch mtl_options to read its root flag, then top-down into one.  Every
 * load either succeeds or fails with a message; options that load then
 * build an engine (built-in rules off, which keeps each run short) that
 * must either lint a short text or fail with a message.
 */
#include "mtlint.h"
#include "replay.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef MTL_TEST_SRCDIR
#define MTL_TEST_SRCDIR "."
#endif

enum { NFILES = 5, NCONFIGS = 3 };
static const char *const names[NFILES] = {".mtlint.yaml", "a/.mtlint.yaml",
                                          "a/b/.mtlint.yaml", "a/b/rules.yaml",
                                          "a/b/words.txt"};
static char root[64];
static char paths[NFILES][128];

static void cleanup(void) {
  int i;
  for (i = NFILES; i-- > 0;)
    remove(paths[i]);
  for (i = 2; i-- > 0;) {
    char d[128];
    snprintf(d, sizeof d, "%s/%s", root, i ? "a/b" : "a");
    rmdir(d);
  }
  rmdir(root);
}

static void setup(void) {
  char d[128];
  int i;
  strcpy(root, "/tmp/mtl_fuzz_config_XXXXXX");
  if (!mkdtemp(root))
    abort();
  snprintf(d, sizeof d, "%s/a", root);
  mkdir(d, 0700);
  snprintf(d, sizeof d, "%s/a/b", root);
  mkdir(d, 0700);
  for (i = 0; i < NFILES; i++)
    snprintf(paths[i], sizeof paths[i], "%s/%s", root, names[i]);
  atexit(cleanup);
}

static void put(int i, const uint8_t *p, size_t n, int present) {
  FILE *f;
  if (!present) {
    remove(paths[i]);
    return;
  }
  if (!(f = fopen(paths[i], "wb")))
    abort();
  if (n)
    fwrite(p, 1, n, f);
  fclose(f);
}

/* Loads one config into o; 0 or the error (which must say what). */
static int load(mtl_options *o, const char *path) {
  mtl_error err;
  int rc;
  memset(&err, 0, sizeof err);
  rc = mtl_options_load_config(o, path, &err);
  if (rc && (rc != err.code || !err.message[0]))
    abort();
  return rc;
}

static const char text[] = "The the minister held a push meeting in Kiev. Officials in latvia "
                           "said the goverment would act (soon.\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const uint8_t *p = data, *end = data + size;
  int present[NFILES] = {0}, chain[NCONFIGS], nchain = 0, i, rc = 0;
  mtl_options *o;
  mtl_engine *eng = NULL;
  mtl_error err;
  if (!root[0])
    setup();
  for (i = 0; i < NFILES; i++) {
    const uint8_t *q = p, *cut = NULL;
    while (q + 6 <= end) {
      if (!memcmp(q, "\n#---\n", 6)) {
        cut = q;
        break;
      }
      q++;
    }
    present[i] = p < end || (i == 0);
    put(i, p, (size_t)((cut ? cut : end) - p), present[i]);
    p = cut ? cut + 6 : end;
  }
  /* the cascade: the deepest config first, up to a root */
  for (i = NCONFIGS; i-- > 0;) {
    mtl_options *tmp;
    int isroot;
    if (!present[i])
      continue;
    chain[nchain++] = i;
    if (mtl_options_new(&tmp))
      abort();
    rc = load(tmp, paths[i]);
    isroot = mtl_options_config_root(tmp);
    mtl_options_free(tmp);
    if (rc || isroot)
      break;
  }
  if (rc)
    return 0;
  if (mtl_options_new(&o) || mtl_options_set_datadir(o, MTL_TEST_SRCDIR))
    abort();
  for (i = nchain; !rc && i-- > 0;)
    rc = load(o, paths[chain[i]]);
  if (!rc) {
    size_t k;
    for (k = 0; k < mtl_options_ignore_count(o); k++)
      if (!mtl_options_ignore(o, k))
        abort();
    mtl_options_use_builtin_rules(o, 0);
    memset(&err, 0, sizeof err);
    rc = mtl_engine_new(&eng, o, &err);
    if (rc) {
      if (eng || rc != err.code || !err.message[0])
        abort();
    } else {
      mtl_result *res;
      if (mtl_lint(&res, eng, text, sizeof text - 1, &err))
        abort();
      mtl_result_free(res);
      mtl_engine_free(eng);
    }
  }
  mtl_options_free(o);
  return 0;
}
