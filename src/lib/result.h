/* result.h - result.c: the findings of one lint as mtl_lint builds them
 * (lint.c) and hands them over. */
#ifndef MTL_RESULT_H
#define MTL_RESULT_H

#include "mtlint.h"
#include <stddef.h>
#include <stdint.h>

struct mtl_rawfinding {
  uint32_t rule;
  uint32_t rank;
  int sev;
  size_t start, end;
  char *message;
  char **sugg;
  size_t nsugg;
  unsigned fflags;  /* MTL_FF_* */
  int has_lm;       /* swap rules: the window's two language-model scores */
  double lm_original, lm_written;
};

struct mtl_result {
  mtl_finding *f;
  size_t n;
  size_t words;
  double window_density;
  double window_excess; /* -1: no window reached its gate */
  struct mtl_rawfinding *raw;
};

/** Frees a raw finding's message block (which holds its suggestions). */
void mtl_raw_free(struct mtl_rawfinding *f);
/** Frees n raw findings and the array that holds them. */
void mtl_raws_free(struct mtl_rawfinding *a, size_t n);

#endif
