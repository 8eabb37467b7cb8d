/*
 * result.c - the findings of one lint (mtl_result) and their accessors.
 */
#include "engine.h"
#include "lint.h"
#include "mtlint.h"
#include "result.h"
#include "util.h"

/* The message's block holds the suggestions too (mtl_emit_ex). */
void mtl_raw_free(struct mtl_rawfinding *f) { mtl_free(f->message); }

/* Frees n raw findings and the array that holds them. */
void mtl_raws_free(struct mtl_rawfinding *a, size_t n) {
  size_t i;
  for (i = 0; i < n; i++)
    mtl_raw_free(&a[i]);
  mtl_free(a);
}

void mtl_result_free(mtl_result *res) {
  if (!res)
    return;
  mtl_raws_free(res->raw, res->n);
  mtl_free(res->f);
  mtl_free(res);
}

size_t mtl_result_count(const mtl_result *res) { return res ? res->n : 0; }

const mtl_finding *mtl_result_finding(const mtl_result *res, size_t i) {
  return res && i < res->n ? &res->f[i] : NULL;
}

size_t mtl_result_words(const mtl_result *res) { return res ? res->words : 0; }

double mtl_result_window_density(const mtl_result *res) { return res ? res->window_density : 0; }

double mtl_result_window_excess(const mtl_result *res) { return res ? res->window_excess : -1; }

/* Rule ids are unique in an engine (rules.c refuses a rule file's
 * duplicate of a built-in id), so the rule index says it. */
int mtl_result_other_language(const mtl_result *res) {
  size_t i;
  for (i = 0; res && i < res->n; i++)
    if (res->raw[i].rule == MTL_RULE_LANG)
      return 1;
  return 0;
}

int mtl_result_sugg_deferred(const mtl_result *res, size_t i) {
  return res && i < res->n && (res->raw[i].fflags & MTL_FF_SUGG_DEFERRED);
}

/* FORMATS: keeps the findings keep() accepts, in order (suppressions, baselines). */
void mtl_result_filter(mtl_result *res, int (*keep)(void *ctx, const mtl_finding *f),
                       void *ctx) {
  size_t i, k = 0;
  if (!res || !keep)
    return;
  for (i = 0; i < res->n; i++) {
    if (!keep(ctx, &res->f[i])) {
      mtl_raw_free(&res->raw[i]);
      continue;
    }
    res->f[k] = res->f[i];
    res->raw[k++] = res->raw[i];
  }
  res->n = k;
}
