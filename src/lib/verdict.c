/*
 * verdict.c - the garble score of an article and its verdict (the writers
 * print the verdict record: mtl_writer_article, writer.c).
 *   score = (5 * errors + 2 * warnings) * 1000 / max(words, 200)
 *           + max(0, window density - gate)
 * where info findings and those of input.* and mtlint.* rules do not
 * count, a span flagged by several rules counts once (the most severe of
 * them) and the last term is how far the densest ~300-word window is above
 * its window rule's gate, rounded to a tenth; kept as an integer number of
 * thousandths so sums and merges are exact.
 */
#include "lint.h"
#include "mtlint.h"
#include "report.h"
#include "util.h"

#include <string.h>

const char *mtl_verdict_name(mtl_verdict v) {
  switch (v) {
  case MTL_VERDICT_GARBLED: return "garbled";
  case MTL_VERDICT_SUSPECT: return "suspect";
  default: return "clean";
  }
}

static int counts(const char *rule) {
  return strncmp(rule, "input.", 6) && strncmp(rule, "mtlint.", 7);
}

static unsigned weight(mtl_severity s) {
  return s == MTL_SEV_ERROR ? 10 : s == MTL_SEV_WARNING ? 4 : 0; /* half-points */
}

/* Whether finding a (at index ia) outranks b (at ib) for the one count of
 * a span they share: the more severe, then the shorter, then the first. */
static int outranks(const mtl_finding *a, size_t ia, const mtl_finding *b, size_t ib) {
  size_t la = a->end.offset - a->start.offset, lb = b->end.offset - b->start.offset;
  if (a->severity != b->severity)
    return a->severity > b->severity;
  if (la != lb)
    return la < lb;
  return ia < ib;
}

#define SCORE_STACK 512

/* The window term, in thousandths: one point per garble sign per 1000
 * words by which the article's densest window (rules of kind window) is
 * above its rule's gate, rounded to a tenth. */
static int64_t window_term(const mtl_result *res) {
  double ex = mtl_result_window_excess(res);
  return ex > 0 ? (int64_t)(ex * 10.0 + 0.5) * 100 : 0;
}

int mtl_score_milli(const mtl_result *res, size_t *by_sev, int64_t *out) {
  size_t i, j, n = mtl_result_count(res), words = mtl_result_words(res);
  uint64_t half = 0, w = words < MTL_SCORE_MIN_WORDS ? MTL_SCORE_MIN_WORDS : words;
  unsigned char stack[SCORE_STACK], *outranked = n <= SCORE_STACK ? stack : mtl_calloc(n, 1);
  int rc = outranked ? 0 : MTL_ENOMEM;
  if (outranked == stack)
    memset(stack, 0, sizeof stack);
  /* One span flagged by rules of two kinds counts once: of findings of
   * different rules whose spans overlap, only the one that outranks the
   * others counts.  Findings come sorted by start, then end, so the ones
   * overlapping finding i and starting after it follow it. */
  for (i = 0; outranked && i < n; i++) {
    const mtl_finding *a = mtl_result_finding(res, i);
    if (!counts(a->rule))
      continue;
    for (j = i + 1; j < n; j++) {
      const mtl_finding *b = mtl_result_finding(res, j);
      if (b->start.offset >= a->end.offset &&
          (b->start.offset != a->start.offset || b->end.offset != a->end.offset))
        break;
      if (!counts(b->rule) || !strcmp(a->rule, b->rule) ||
          (b->start.offset == b->end.offset && b->end.offset != a->end.offset))
        continue; /* same rule; an empty span inside another is no overlap */
      if (outranks(a, i, b, j))
        outranked[j] = 1;
      else
        outranked[i] = 1;
    }
  }
  for (i = 0; i < n; i++) {
    const mtl_finding *f = mtl_result_finding(res, i);
    if (!counts(f->rule))
      continue;
    if (by_sev && f->severity >= 1 && f->severity <= 3)
      by_sev[f->severity]++;
    if (!outranked || !outranked[i])
      half += weight(f->severity);
  }
  if (outranked != stack)
    mtl_free(outranked);
  /* half-points * 1000 / 2 words, in thousandths, rounded */
  *out = (int64_t)((half * 500000u + w / 2) / w) + window_term(res);
  return rc;
}

double mtl_garble_score(const mtl_result *res) {
  int64_t m;
  mtl_score_milli(res, NULL, &m); /* out of memory: each finding counted */
  return (double)m / 1000.0;
}

void mtl_report_config_init(mtl_report_config *cfg) {
  cfg->suspect_at = 5.0;
  cfg->garbled_at = 15.0;
  cfg->top_articles = 25;
  cfg->top_phrases = 30;
}

mtl_verdict mtl_verdict_of(const mtl_report_config *cfg, double score) {
  mtl_report_config d;
  if (!cfg) {
    mtl_report_config_init(&d);
    cfg = &d;
  }
  if (score >= cfg->garbled_at)
    return MTL_VERDICT_GARBLED;
  if (score >= cfg->suspect_at)
    return MTL_VERDICT_SUSPECT;
  return MTL_VERDICT_CLEAN;
}
