/*
 * fix.c - computes the text with safe fixes applied.  The library only
 * builds the new bytes; writing them to disk (atomically) is the caller's.
 *
 * Choice of fixes is deterministic: candidates are the findings marked
 * fix_safe that carry a suggestion, ordered by start offset, then longest
 * span first, then rule id, then suggestion; each is taken unless it
 * overlaps one already taken or starts where one starts (two insertions at
 * one point).  The text between fixes is copied byte for byte.
 */
#include "mtlint.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

typedef struct cand {
  size_t start, end;
  const char *rule;
  const char *repl;
} cand;

static int cand_cmp(const void *a, const void *b) {
  const cand *x = a, *y = b;
  int c;
  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->end != y->end)
    return x->end > y->end ? -1 : 1;
  if ((c = strcmp(x->rule, y->rule)))
    return c;
  return strcmp(x->repl, y->repl);
}

int mtl_fix_apply(char **out, size_t *outlen, size_t *napplied, const char *text, size_t len,
                  const mtl_result *res, unsigned flags) {
  size_t i, n = mtl_result_count(res), nc = 0, at = 0, applied = 0;
  size_t last_start = (size_t)-1, last_end = 0;
  cand *c = NULL;
  mtl_buf b = {0};
  (void)flags;
  if (!out || !outlen || (!text && len))
    return MTL_EINVAL;
  *out = NULL;
  *outlen = 0;
  if (napplied)
    *napplied = 0;
  if (!text)
    text = "";
  if (n && !(c = mtl_malloc(n * sizeof *c)))
    return MTL_ENOMEM;
  for (i = 0; i < n; i++) {
    const mtl_finding *f = mtl_result_finding(res, i);
    if (!f->fix_safe || !f->n_suggestions || !f->suggestions[0] || f->end.offset > len ||
        f->start.offset > f->end.offset)
      continue;
    c[nc].start = f->start.offset;
    c[nc].end = f->end.offset;
    c[nc].rule = f->rule;
    c[nc].repl = f->suggestions[0];
    nc++;
  }
  if (nc)
    qsort(c, nc, sizeof *c, cand_cmp);
  for (i = 0; i < nc; i++) {
    if (applied && (c[i].start < last_end || c[i].start == last_start))
      continue;
    mtl_buf_put(&b, text + at, c[i].start - at);
    mtl_buf_puts(&b, c[i].repl);
    at = c[i].end;
    last_start = c[i].start;
    last_end = c[i].end;
    applied++;
  }
  mtl_buf_put(&b, text + at, len - at);
  mtl_buf_put(&b, "", 0);
  mtl_free(c);
  if (b.oom || (!b.data && !(b.data = mtl_calloc(1, 1)))) {
    mtl_buf_free(&b);
    return MTL_ENOMEM;
  }
  *out = b.data;
  *outlen = b.len;
  if (napplied)
    *napplied = applied;
  return 0;
}

void mtl_fix_free(char *fixed) { mtl_free(fixed); }
