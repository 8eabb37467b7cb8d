/*
 * verdict.c - the garble score of an article, its verdict and the verdict
 * record writers print in batch mode.
 *   score = (5 * errors + 2 * warnings + 0.5 * info) * 1000 / max(words, 50)
 * kept as an integer number of thousandths so sums and merges are exact.
 */
#include "report.h"
#include "write_json_common.h"

#include <math.h>
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

int64_t mtl_score_milli(const mtl_result *res, size_t *by_sev) {
  size_t i, n = mtl_result_count(res), words = mtl_result_words(res);
  uint64_t half = 0, w = words < MTL_SCORE_MIN_WORDS ? MTL_SCORE_MIN_WORDS : words;
  for (i = 0; i < n; i++) {
    const mtl_finding *f = mtl_result_finding(res, i);
    if (!counts(f->rule))
      continue;
    if (by_sev && f->severity >= 1 && f->severity <= 3)
      by_sev[f->severity]++;
    half += f->severity == MTL_SEV_ERROR ? 10 : f->severity == MTL_SEV_WARNING ? 4 : 1;
  }
  /* half-points * 1000 / 2 words, in thousandths, rounded */
  return (int64_t)((half * 500000u + w / 2) / w);
}

double mtl_garble_score(const mtl_result *res) {
  return (double)mtl_score_milli(res, NULL) / 1000.0;
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

/* PERF: the article records are written without printf. */
static void opt_field(mtl_buf *b, const char *key, const char *v) {
  if (!v)
    return;
  mtl_buf_puts(b, ",\"");
  mtl_buf_puts(b, key);
  mtl_buf_puts(b, "\":");
  mtl_buf_json_string(b, v, strlen(v));
}

/* score as "%.3f" does it.  A score of whole thousandths (mtl_score_milli
 * / 1000.0, the usual one) is written from its integer: the double nearest
 * m / 1000 prints as m's digits; any other goes to printf. */
static void put_score(mtl_buf *b, double score) {
  if (score >= 0 && score < 1e12 && !signbit(score)) {
    uint64_t m = (uint64_t)(score * 1000.0 + 0.5);
    if ((double)m / 1000.0 == score) {
      char frac[4];
      mtl_buf_put_uint(b, m / 1000);
      frac[0] = '.';
      frac[1] = (char)('0' + m / 100 % 10);
      frac[2] = (char)('0' + m / 10 % 10);
      frac[3] = (char)('0' + m % 10);
      mtl_buf_put(b, frac, 4);
      return;
    }
  }
  mtl_buf_printf(b, "%.3f", score);
}

int mtl_writer_article(mtl_writer *w, const mtl_input_info *in, const mtl_result *res,
                       double score, mtl_verdict verdict) {
  mtl_buf *b;
  if (!w || !in || !in->path)
    return MTL_EINVAL;
  b = &w->out;
  if (!strcmp(w->ops->name, "jsonl")) {
    mtl_buf_puts(b, "{\"type\":\"article\",\"path\":");
    mtl_buf_json_string(b, in->path, strlen(in->path));
    opt_field(b, "item", in->item);
    opt_field(b, "title", in->title);
    opt_field(b, "url", in->url);
    opt_field(b, "feed", in->source);
    opt_field(b, "published", in->published);
    mtl_buf_puts(b, ",\"words\":");
    mtl_buf_put_uint(b, mtl_result_words(res));
    mtl_buf_puts(b, ",\"findings\":");
    mtl_buf_put_uint(b, mtl_result_count(res));
    mtl_buf_puts(b, ",\"score\":");
    put_score(b, score);
    mtl_buf_puts(b, ",\"verdict\":\"");
    mtl_buf_puts(b, mtl_verdict_name(verdict));
    mtl_buf_putc(b, '"');
    if (mtl_result_window_density(res) > 0) /* a window rule ran and saw signs */
      mtl_buf_printf(b, ",\"window_density\":%.1f", mtl_result_window_density(res));
    mtl_json_source(b, in);
    mtl_buf_puts(b, "}\n");
  } else if (!strcmp(w->ops->name, "text")) {
    mtl_buf_puts(b, in->path);
    if (in->item) {
      mtl_buf_putc(b, '#');
      mtl_buf_puts(b, in->item);
    }
    mtl_buf_puts(b, ": ");
    mtl_buf_puts(b, mtl_verdict_name(verdict));
    mtl_buf_puts(b, " (score ");
    put_score(b, score);
    mtl_buf_puts(b, ", ");
    mtl_buf_put_uint(b, mtl_result_count(res));
    mtl_buf_puts(b, " findings, ");
    mtl_buf_put_uint(b, mtl_result_words(res));
    mtl_buf_puts(b, " words)");
    if (in->title) {
      mtl_buf_puts(b, " ");
      mtl_buf_puts(b, in->title);
    }
    mtl_buf_putc(b, '\n');
  }
  return mtl_writer_flush(w);
}
