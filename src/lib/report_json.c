/*
 * report_json.c - the report as one JSON document (docs/PROTOCOL.md,
 * "Batch reports").  Maps are written sorted (counts descending, then
 * name), so equal reports give equal bytes.
 */
#include "mtlint.h"
#include "report.h"
#include "util.h"

#include <string.h>

static void jstr(mtl_buf *b, const char *s) {
  if (s)
    mtl_buf_json_string(b, s, strlen(s));
  else
    mtl_buf_puts(b, "null");
}

static void milli(mtl_buf *b, int64_t v) {
  mtl_buf_printf(b, "%lld.%03lld", (long long)(v / 1000), (long long)(v % 1000));
}

static void tenths(mtl_buf *b, int64_t v) {
  mtl_buf_printf(b, "%lld.%lld", (long long)(v / 10), (long long)(v % 10));
}

static void cmap(mtl_buf *b, const mtl_cmap *m) {
  const mtl_cent **v = mtl_cmap_sorted(m, 1);
  size_t i;
  mtl_buf_putc(b, '{');
  for (i = 0; v && i < m->count; i++) {
    if (i)
      mtl_buf_putc(b, ',');
    jstr(b, v[i]->key);
    mtl_buf_printf(b, ":%lld", (long long)v[i]->n);
  }
  mtl_buf_putc(b, '}');
  if (m->count && !v)
    b->oom = 1;
  mtl_free((void *)v);
}

/* The per-week trend: ISO weeks in order, the scored articles published
 * in each and the garbled ones among them. */
static void weeks(mtl_buf *b, const mtl_stats *s) {
  const mtl_cent **v = mtl_cmap_sorted(&s->weeks, 0);
  size_t i;
  mtl_buf_puts(b, ",\"weeks\":[");
  for (i = 0; v && i < s->weeks.count; i++) {
    const mtl_cent *g = mtl_cmap_find(&s->weeks_garbled, v[i]->key);
    int64_t n = v[i]->n, k = g ? g->n : 0;
    mtl_buf_printf(b, "%s{\"week\":", i ? "," : "");
    jstr(b, v[i]->key);
    mtl_buf_printf(b, ",\"articles\":%lld,\"garbled\":%lld,\"garbled_share\":", (long long)n,
                   (long long)k);
    milli(b, n ? (k * 1000 + n / 2) / n : 0);
    mtl_buf_putc(b, '}');
  }
  mtl_buf_putc(b, ']');
  if (s->weeks.count && !v)
    b->oom = 1;
  mtl_free((void *)v);
}

static void stats(mtl_buf *b, const mtl_stats *s) {
  size_t i;
  mtl_buf_printf(b,
                 "\"articles\":%lld,\"other_language\":%lld,\"words\":%lld,\"findings\":%lld,"
                 "\"by_severity\":{\"error\":%lld,\"warning\":%lld,\"info\":%lld},"
                 "\"verdicts\":{\"clean\":%lld,\"suspect\":%lld,\"garbled\":%lld},\"score_mean\":",
                 (long long)s->articles, (long long)s->other_lang, (long long)s->words,
                 (long long)s->findings, (long long)s->sev[3], (long long)s->sev[2],
                 (long long)s->sev[1],
                 (long long)s->verdicts[0], (long long)s->verdicts[1], (long long)s->verdicts[2]);
  milli(b, mtl_stats_scored(s) ? (s->score_sum + mtl_stats_scored(s) / 2) / mtl_stats_scored(s)
                               : 0);
  mtl_buf_puts(b, ",\"score_max\":");
  milli(b, s->score_max);
  mtl_buf_puts(b, ",\"window_density_mean\":");
  tenths(b, mtl_stats_scored(s) ? (s->dens_sum + mtl_stats_scored(s) / 2) / mtl_stats_scored(s)
                                : 0);
  mtl_buf_puts(b, ",\"window_density_max\":");
  tenths(b, s->dens_max);
  mtl_buf_printf(b, ",\"window_dense\":%lld", (long long)s->dense);
  mtl_buf_puts(b, ",\"histogram\":[");
  for (i = 0; i < MTL_HIST_BINS; i++) {
    mtl_buf_printf(b, "%s{\"from\":%lld,\"to\":", i ? "," : "",
                   (long long)(mtl_hist_lower[i] / 1000));
    if (i + 1 < MTL_HIST_BINS)
      mtl_buf_printf(b, "%lld", (long long)(mtl_hist_lower[i + 1] / 1000));
    else
      mtl_buf_puts(b, "null");
    mtl_buf_printf(b, ",\"count\":%lld}", (long long)s->hist[i]);
  }
  mtl_buf_puts(b, "],\"by_rule\":");
  cmap(b, &s->by_rule);
  mtl_buf_puts(b, ",\"by_category\":");
  cmap(b, &s->by_cat);
  weeks(b, s);
}

int mtl_report_write_json(const mtl_report *r, mtl_buf *b) {
  const mtl_rsource **src = mtl_report_sources_sorted(r);
  const mtl_cent **ph = mtl_cmap_sorted(&r->phrases, 1);
  size_t i, k;
  if ((r->nsrc && !src) || (r->phrases.count && !ph)) {
    mtl_free((void *)src);
    mtl_free((void *)ph);
    return MTL_ENOMEM;
  }
  mtl_buf_printf(b, "{\"version\":1,\"generator\":\"mtlint %s\",\"config\":{\"suspect_at\":%g,"
                    "\"garbled_at\":%g,\"top_articles\":%zu,\"top_phrases\":%zu},",
                 MTL_VERSION, r->cfg.suspect_at, r->cfg.garbled_at, r->cfg.top_articles,
                 r->cfg.top_phrases);
  mtl_buf_printf(b, "\"score\":\"(5*error + 2*warning) * 1000 / max(words, %d), "
                    "a span flagged by several rules counted once, + max(0, window density - "
                    "gate)\",",
                 MTL_SCORE_MIN_WORDS);
  mtl_buf_printf(b, "\"totals\":{\"sources\":%zu,\"input_errors\":%lld,", r->nsrc,
                 (long long)r->errors);
  stats(b, &r->total);
  mtl_buf_puts(b, "},\"sources\":[");
  for (i = 0; i < r->nsrc; i++) {
    mtl_buf_puts(b, i ? ",{\"name\":" : "{\"name\":");
    jstr(b, src[i]->name);
    mtl_buf_putc(b, ',');
    stats(b, &src[i]->st);
    mtl_buf_putc(b, '}');
  }
  mtl_buf_puts(b, "],\"worst\":[");
  for (i = 0; i < r->nworst; i++) {
    const mtl_worst *w = &r->worst[i];
    mtl_buf_puts(b, i ? ",{\"path\":" : "{\"path\":");
    jstr(b, w->path);
    mtl_buf_puts(b, ",\"item\":");
    jstr(b, w->item);
    mtl_buf_puts(b, ",\"title\":");
    jstr(b, w->title);
    mtl_buf_puts(b, ",\"url\":");
    jstr(b, w->url);
    mtl_buf_puts(b, ",\"source\":");
    jstr(b, w->source);
    mtl_buf_puts(b, ",\"score\":");
    milli(b, w->score);
    mtl_buf_puts(b, ",\"window_density\":");
    tenths(b, w->density);
    mtl_buf_printf(b, ",\"words\":%lld,\"findings\":%lld,\"verdict\":\"%s\",\"top\":[",
                   (long long)w->words, (long long)w->findings,
                   mtl_verdict_name((mtl_verdict)w->verdict));
    for (k = 0; k < w->ntop; k++) {
      mtl_buf_puts(b, k ? ",{\"rule\":" : "{\"rule\":");
      jstr(b, w->top[k].rule);
      mtl_buf_printf(b, ",\"severity\":\"%s\",\"message\":",
                     mtl_severity_name((mtl_severity)w->top[k].sev));
      jstr(b, w->top[k].message);
      mtl_buf_puts(b, ",\"match\":");
      jstr(b, w->top[k].match);
      mtl_buf_printf(b, ",\"line\":%lld,\"column\":%lld}", (long long)w->top[k].line,
                     (long long)w->top[k].column);
    }
    mtl_buf_puts(b, "]}");
  }
  mtl_buf_puts(b, "],\"phrases\":[");
  for (i = 0; i < r->phrases.count && i < r->cfg.top_phrases; i++) {
    const char *key = ph[i]->key, *sep = strchr(key, '\x1f');
    size_t rl = sep ? (size_t)(sep - key) : strlen(key);
    mtl_buf_puts(b, i ? ",{\"phrase\":" : "{\"phrase\":");
    jstr(b, sep ? sep + 1 : "");
    mtl_buf_puts(b, ",\"rule\":");
    mtl_buf_json_string(b, key, rl);
    mtl_buf_printf(b, ",\"count\":%lld}", (long long)ph[i]->n);
  }
  mtl_buf_puts(b, "]}\n");
  mtl_free((void *)src);
  mtl_free((void *)ph);
  return b->oom ? MTL_ENOMEM : 0;
}
