/*
 * thbench.c - what the thesaurus costs (docs/PERFORMANCE.md): the index
 * load, the resident memory it adds, and look-ups per second.
 *
 *   build/tests/bench/thbench [STEM] [WORDS-FILE]
 *
 * STEM defaults to Debian's mythes-en-us; WORDS-FILE (one word a line,
 * default: a built-in list of news words) is looked up ten times over.
 */
#include "mtlint.h"
#include "thesaurus.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long rss_kib(void) {
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  long v = -1;
  if (!f)
    return -1;
  while (fgets(line, sizeof line, f))
    if (!strncmp(line, "VmRSS:", 6))
      v = strtol(line + 6, NULL, 10);
  fclose(f);
  return v;
}

int main(int argc, char **argv) {
  static const char *const builtin[] = {
      "bank", "court", "house", "minister", "street", "council", "security", "foreign",
      "supreme", "central", "federal", "reserve", "state", "office", "party", "market",
      "said", "year", "government", "police", "the", "qwxzzq", "election", "prime"};
  char **words = NULL;
  size_t nwords = 0, cap = 0, i, found = 0, looked = 0;
  mtl_thesaurus *th = NULL;
  mtl_th_entry e;
  mtl_error err;
  long rss0, rss1;
  double t0, t1;
  int r, rc;
  memset(&e, 0, sizeof e);
  memset(&err, 0, sizeof err);
  if (argc > 2) {
    FILE *f = fopen(argv[2], "r");
    char line[512];
    if (!f) {
      perror(argv[2]);
      return 2;
    }
    while (fgets(line, sizeof line, f)) {
      line[strcspn(line, "\r\n")] = '\0';
      if (!*line || mtl_grow((void **)&words, &cap, nwords + 1, sizeof *words))
        continue;
      words[nwords++] = mtl_strdup(line);
    }
    fclose(f);
  } else {
    for (i = 0; i < sizeof builtin / sizeof builtin[0]; i++)
      if (!mtl_grow((void **)&words, &cap, nwords + 1, sizeof *words))
        words[nwords++] = mtl_strdup(builtin[i]);
  }
  if (mtl_thesaurus_new(&th, argc > 1 ? argv[1] : NULL))
    return 1;
  rss0 = rss_kib();
  if ((rc = mtl_thesaurus_load(th, &err))) {
    fprintf(stderr, "%s: %s\n", err.file, err.message);
    return 1;
  }
  rss1 = rss_kib();
  t0 = now();
  for (r = 0; r < 10; r++)
    for (i = 0; i < nwords; i++) {
      looked++;
      if (words[i] && mtl_thesaurus_lookup(th, words[i], strlen(words[i]), &e) == 1)
        found++;
    }
  t1 = now();
  printf("load %.1f ms, +%ld KiB resident; %zu look-ups (%zu found) in %.1f ms: %.2f us each\n",
         mtl_thesaurus_load_seconds(th) * 1e3, rss1 - rss0, looked, found, (t1 - t0) * 1e3,
         looked ? (t1 - t0) * 1e6 / (double)looked : 0.0);
  mtl_th_entry_free(&e);
  mtl_thesaurus_free(th);
  for (i = 0; i < nwords; i++)
    mtl_free(words[i]);
  mtl_free(words);
  return 0;
}
