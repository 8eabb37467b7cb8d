/*
 * replay.h - a standalone main for the fuzz targets, so gcc builds them and
 * ctest replays their corpora: every argument is a file, or a folder whose
 * files (one level deep, recursively) are replayed in name order.
 * Build with -DMTL_LIBFUZZER and -fsanitize=fuzzer to fuzz instead.
 */
#ifndef MTL_FUZZ_REPLAY_H
#define MTL_FUZZ_REPLAY_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#ifndef MTL_LIBFUZZER
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int replay_file(const char *path) {
  FILE *f = fopen(path, "rb");
  unsigned char *buf = NULL;
  size_t n = 0, cap = 0;
  if (!f) {
    fprintf(stderr, "cannot open %s\n", path);
    return 1;
  }
  for (;;) {
    size_t got;
    if (n == cap) {
      unsigned char *p = realloc(buf, cap = cap ? cap * 2 : 4096);
      if (!p) {
        free(buf);
        fclose(f);
        return 1;
      }
      buf = p;
    }
    got = fread(buf + n, 1, cap - n, f);
    if (!got)
      break;
    n += got;
  }
  fclose(f);
  LLVMFuzzerTestOneInput(buf, n);
  free(buf);
  return 0;
}

static int name_cmp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int replay_path(const char *path, size_t *count) {
  struct stat st;
  DIR *d;
  struct dirent *de;
  char **names = NULL;
  size_t n = 0, i;
  int rc = 0;
  if (stat(path, &st)) {
    fprintf(stderr, "no such file or folder: %s\n", path);
    return 1;
  }
  if (!S_ISDIR(st.st_mode)) {
    ++*count;
    return replay_file(path);
  }
  if (!(d = opendir(path)))
    return 1;
  while ((de = readdir(d))) {
    char **p;
    if (de->d_name[0] == '.')
      continue;
    if (!(p = realloc(names, (n + 1) * sizeof *names)))
      break;
    names = p;
    if (!(names[n] = malloc(strlen(path) + strlen(de->d_name) + 2)))
      break;
    sprintf(names[n], "%s/%s", path, de->d_name);
    n++;
  }
  closedir(d);
  qsort(names, n, sizeof *names, name_cmp);
  for (i = 0; i < n; i++) {
    rc |= replay_path(names[i], count);
    free(names[i]);
  }
  free(names);
  return rc;
}

int main(int argc, char **argv) {
  int i, rc = 0;
  size_t count = 0;
  if (argc < 2) {
    fprintf(stderr, "usage: %s FILE_OR_FOLDER...\n", argv[0]);
    return 2;
  }
  for (i = 1; i < argc; i++)
    rc |= replay_path(argv[i], &count);
  if (!count) {
    fprintf(stderr, "no inputs replayed\n");
    return 1;
  }
  printf("replayed %zu inputs\n", count);
  return rc;
}
#endif
#endif
