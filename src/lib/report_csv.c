/*
 * report_csv.c - the report as CSV (RFC 4180): one row per source, sorted
 * by name, then a "(total)" row.  Columns are listed in docs/PROTOCOL.md.
 */
#include "mtlint.h"
#include "report.h"
#include "util.h"

#include <string.h>

static void field(mtl_buf *b, const char *s) {
  size_t i;
  int quote = 0;
  for (i = 0; s[i]; i++)
    if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
      quote = 1;
  if (!quote) {
    mtl_buf_puts(b, s);
    return;
  }
  mtl_buf_putc(b, '"');
  for (i = 0; s[i]; i++) {
    if (s[i] == '"')
      mtl_buf_putc(b, '"');
    mtl_buf_putc(b, s[i]);
  }
  mtl_buf_putc(b, '"');
}

static void milli(mtl_buf *b, int64_t v) {
  mtl_buf_printf(b, "%lld.%03lld", (long long)(v / 1000), (long long)(v % 1000));
}

static void row(mtl_buf *b, const char *name, const mtl_stats *s) {
  const mtl_cent **rules = mtl_cmap_sorted(&s->by_rule, 1);
  int64_t dens;
  field(b, name);
  mtl_buf_printf(b, ",%lld,%lld,%lld,%lld,%lld,%lld,%lld,%lld,%lld,", (long long)s->articles,
                 (long long)s->words, (long long)s->findings, (long long)s->sev[3],
                 (long long)s->sev[2], (long long)s->sev[1], (long long)s->verdicts[0],
                 (long long)s->verdicts[1], (long long)s->verdicts[2]);
  milli(b, mtl_stats_scored(s) ? (s->score_sum + mtl_stats_scored(s) / 2) / mtl_stats_scored(s)
                               : 0);
  mtl_buf_putc(b, ',');
  milli(b, s->score_max);
  mtl_buf_putc(b, ',');
  if (rules)
    field(b, rules[0]->key);
  mtl_buf_printf(b, ",%lld,", (long long)s->other_lang);
  dens = mtl_stats_scored(s) ? (s->dens_sum + mtl_stats_scored(s) / 2) / mtl_stats_scored(s) : 0;
  mtl_buf_printf(b, "%lld.%lld,%lld.%lld,%lld\r\n", (long long)(dens / 10), (long long)(dens % 10),
                 (long long)(s->dens_max / 10), (long long)(s->dens_max % 10),
                 (long long)s->dense);
  mtl_free((void *)rules);
}

int mtl_report_write_csv(const mtl_report *r, mtl_buf *b) {
  const mtl_rsource **src = mtl_report_sources_sorted(r);
  size_t i;
  if (r->nsrc && !src)
    return MTL_ENOMEM;
  mtl_buf_puts(b, "source,articles,words,findings,error,warning,info,clean,suspect,garbled,"
                  "score_mean,score_max,top_rule,other_language,"
                  "window_density_mean,window_density_max,window_dense\r\n");
  for (i = 0; i < r->nsrc; i++)
    row(b, src[i]->name, &src[i]->st);
  row(b, "(total)", &r->total);
  mtl_free((void *)src);
  return b->oom ? MTL_ENOMEM : 0;
}
