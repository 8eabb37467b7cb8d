/*
 * report_html.c - the report as one self-contained HTML file: inline CSS,
 * inline SVG charts (findings by rule, histogram of scores, sources ranked
 * by mean score), tables; no JavaScript, no external resources; printable.
 */
#include "mtlint.h"
#include "report.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_BARS 15

static void esc(mtl_buf *b, const char *s) {
  for (; s && *s; s++) {
    switch (*s) {
    case '<': mtl_buf_puts(b, "&lt;"); break;
    case '>': mtl_buf_puts(b, "&gt;"); break;
    case '&': mtl_buf_puts(b, "&amp;"); break;
    case '"': mtl_buf_puts(b, "&quot;"); break;
    case '\'': mtl_buf_puts(b, "&#39;"); break;
    default: mtl_buf_putc(b, *s);
    }
  }
}

static void milli(mtl_buf *b, int64_t v) {
  mtl_buf_printf(b, "%lld.%03lld", (long long)(v / 1000), (long long)(v % 1000));
}

/* Mean score of the scored articles (not those in another language). */
static int64_t mean(const mtl_stats *s) {
  int64_t n = mtl_stats_scored(s);
  return n ? (s->score_sum + n / 2) / n : 0;
}

/* Share of garbled articles among the scored ones, in thousandths. */
static int64_t garbled_share(const mtl_stats *s) {
  int64_t n = mtl_stats_scored(s);
  return n ? (s->verdicts[2] * 1000 + n / 2) / n : 0;
}

static const char style[] =
    "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1d2330;"
    "background:#fff;margin:2em auto;max-width:1100px;padding:0 1.5em}"
    "h1{font-size:1.7em;margin:.2em 0}h2{font-size:1.25em;margin-top:1.8em;border-bottom:2px "
    "solid #dde3ec;padding-bottom:.2em}"
    "table{border-collapse:collapse;width:100%;margin:.6em 0}th,td{text-align:left;padding:"
    ".3em .5em;border-bottom:1px solid #e5e9f0;vertical-align:top}th{background:#f3f5f9}"
    "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}"
    ".cards{display:flex;flex-wrap:wrap;gap:.8em;margin:1em 0}.card{border:1px solid #dde3ec;"
    "border-radius:6px;padding:.6em 1em;min-width:9em}.card b{display:block;font-size:1.5em}"
    ".clean{color:#2b7a3d}.suspect{color:#b26b00}.garbled{color:#b3261e}"
    ".charts{display:flex;flex-wrap:wrap;gap:1.5em}.chart{flex:1 1 460px}"
    "svg{max-width:100%;height:auto}svg text{font:12px sans-serif;fill:#1d2330}"
    "code{background:#f3f5f9;padding:0 .25em;border-radius:3px}small{color:#5b6475}"
    "#trend{width:auto}#trend td.n{min-width:5.5em}"
    "@media print{body{margin:0;max-width:none}h2{break-after:avoid}"
    "tr,.chart{break-inside:avoid}}";

/* Horizontal bars: labels[i], values[i] (value shown as text vtext[i]). */
static void hbars(mtl_buf *b, const char *id, const char *title, const char *const *labels,
                  const int64_t *values, const char *const *vtext, size_t n,
                  const char *color) {
  int64_t max = 1;
  size_t i, longest = 10;
  int rowh = 22, w, lw, h = (int)n * rowh + 30;
  for (i = 0; i < n; i++) {
    size_t ll = strlen(labels[i]);
    if (values[i] > max)
      max = values[i];
    if (ll > longest)
      longest = ll;
  }
  /* full labels (rule ids, source names): the label column is as wide as
   * the longest, about 7 units a character at 12px, up to 64 characters */
  if (longest > 64)
    longest = 64;
  lw = (int)longest * 7 + 12;
  w = lw + 400;
  mtl_buf_printf(b,
                 "<svg id=\"%s\" class=\"chart-svg\" role=\"img\" viewBox=\"0 0 %d %d\" "
                 "width=\"%d\" height=\"%d\" xmlns=\"http://www.w3.org/2000/svg\"><title>",
                 id, w, h, w, h);
  esc(b, title);
  mtl_buf_puts(b, "</title>");
  if (!n)
    mtl_buf_puts(b, "<text x=\"10\" y=\"20\">nothing to show</text>");
  for (i = 0; i < n; i++) {
    int y = 10 + (int)i * rowh;
    int bw = (int)((values[i] * (w - lw - 160)) / max);
    char lab[72];
    size_t ll = strlen(labels[i]);
    if (ll > 64) {
      size_t k = 62;
      while (k && ((unsigned char)labels[i][k] & 0xC0) == 0x80)
        k--;
      memcpy(lab, labels[i], k);
      memcpy(lab + k, "...", 4);
    } else {
      memcpy(lab, labels[i], ll + 1);
    }
    mtl_buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", lw - 6, y + 15);
    esc(b, lab);
    mtl_buf_printf(b,
                   "</text><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>"
                   "<text x=\"%d\" y=\"%d\">",
                   lw, y + 3, bw > 1 ? bw : 1, rowh - 6, color, lw + (bw > 1 ? bw : 1) + 5,
                   y + 15);
    esc(b, vtext[i]);
    mtl_buf_puts(b, "</text>");
  }
  mtl_buf_puts(b, "</svg>");
}

static void histogram(mtl_buf *b, const mtl_stats *s) {
  static const char *const colors[MTL_HIST_BINS] = {"#2b7a3d", "#4f9a4c", "#8fb339", "#d9a400",
                                                    "#e07b00", "#d3501b", "#b3261e", "#7d1a14"};
  int64_t max = 1;
  size_t i;
  int w = 520, h = 260, base = 220, bw = 52, gap = 10;
  for (i = 0; i < MTL_HIST_BINS; i++)
    if (s->hist[i] > max)
      max = s->hist[i];
  mtl_buf_printf(b,
                 "<svg id=\"chart-histogram\" class=\"chart-svg\" role=\"img\" viewBox=\"0 0 %d "
                 "%d\" width=\"%d\" height=\"%d\" xmlns=\"http://www.w3.org/2000/svg\">"
                 "<title>Articles by garble score</title>"
                 "<line x1=\"20\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#8892a6\"/>",
                 w, h, w, h, base, w - 10, base);
  for (i = 0; i < MTL_HIST_BINS; i++) {
    int x = 30 + (int)i * (bw + gap);
    int bh = (int)((s->hist[i] * (base - 30)) / max);
    char lab[64];
    if (i + 1 < MTL_HIST_BINS)
      snprintf(lab, sizeof lab, "%lld-%lld", (long long)(mtl_hist_lower[i] / 1000),
               (long long)(mtl_hist_lower[i + 1] / 1000));
    else
      snprintf(lab, sizeof lab, "%lld+", (long long)(mtl_hist_lower[i] / 1000));
    mtl_buf_printf(b,
                   "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>"
                   "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%lld</text>"
                   "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                   x, base - (bh > 0 ? bh : 0), bw, bh > 0 ? bh : 0, colors[i], x + bw / 2,
                   base - (bh > 0 ? bh : 0) - 5, (long long)s->hist[i], x + bw / 2, base + 18,
                   lab);
  }
  mtl_buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">garble score</text></svg>",
                 w / 2, base + 36);
}

static void stats_row(mtl_buf *b, const char *name, const mtl_stats *s, const mtl_report *r) {
  const mtl_cent **rules = mtl_cmap_sorted(&s->by_rule, 1);
  const mtl_cent **cats = mtl_cmap_sorted(&s->by_cat, 1);
  size_t i;
  mtl_buf_puts(b, "<tr><td>");
  esc(b, name);
  mtl_buf_printf(b, "</td><td class=\"n\">%lld</td>", (long long)s->articles);
  if (r->total.other_lang) /* the column is there when the corpus has any */
    mtl_buf_printf(b, "<td class=\"n\">%lld</td>", (long long)s->other_lang);
  mtl_buf_printf(b,
                 "<td class=\"n\">%lld</td><td class=\"n\">%lld</td><td class=\"n\">%lld / "
                 "%lld / %lld</td><td class=\"n\"><span class=\"clean\">%lld</span> / <span "
                 "class=\"suspect\">%lld</span> / <span class=\"garbled\">%lld</span></td><td "
                 "class=\"n\">",
                 (long long)s->words, (long long)s->findings, (long long)s->sev[3],
                 (long long)s->sev[2], (long long)s->sev[1], (long long)s->verdicts[0],
                 (long long)s->verdicts[1], (long long)s->verdicts[2]);
  if (mtl_stats_scored(s))
    mtl_buf_printf(b, "%lld.%lld%%</td><td class=\"n\">", (long long)(garbled_share(s) / 10),
                   (long long)(garbled_share(s) % 10));
  else /* every article in another language: no share */
    mtl_buf_puts(b, "&ndash;</td><td class=\"n\">");
  milli(b, mean(s));
  mtl_buf_puts(b, "</td><td class=\"n\">");
  milli(b, s->score_max);
  {
    int64_t n = mtl_stats_scored(s), d = n ? (s->dens_sum + n / 2) / n : 0;
    mtl_buf_printf(b, "</td><td class=\"n\">%lld.%lld / %lld.%lld", (long long)(d / 10),
                   (long long)(d % 10), (long long)(s->dens_max / 10),
                   (long long)(s->dens_max % 10));
    if (s->dense)
      mtl_buf_printf(b, "<br><small>%lld dense</small>", (long long)s->dense);
  }
  mtl_buf_puts(b, "</td><td><small>");
  for (i = 0; rules && i < s->by_rule.count && i < 3; i++) {
    mtl_buf_puts(b, i ? ", <code>" : "<code>");
    esc(b, rules[i]->key);
    mtl_buf_printf(b, "</code>&nbsp;%lld", (long long)rules[i]->n);
  }
  mtl_buf_puts(b, "</small></td><td><small>");
  for (i = 0; cats && i < s->by_cat.count && i < 4; i++) {
    mtl_buf_puts(b, i ? ", " : "");
    esc(b, cats[i]->key);
    mtl_buf_printf(b, "&nbsp;%lld", (long long)cats[i]->n);
  }
  mtl_buf_puts(b, "</small></td></tr>\n");
  mtl_free((void *)rules);
  mtl_free((void *)cats);
}

/* Sources ranked by their share of garbled articles (what an editor acts
 * on: one long bad article does not outrank a source that is often bad),
 * then by mean score, then by name. */
static int src_by_share(const void *a, const void *b) {
  const mtl_rsource *x = *(const mtl_rsource *const *)a, *y = *(const mtl_rsource *const *)b;
  int64_t gx = garbled_share(&x->st), gy = garbled_share(&y->st);
  int64_t mx = mean(&x->st), my = mean(&y->st);
  if (gx != gy)
    return gx > gy ? -1 : 1;
  if (mx != my)
    return mx > my ? -1 : 1;
  return strcmp(x->name, y->name);
}

#define TREND_WEEKS 12

/* One cell of the trend: the garbled share of the week's articles, its
 * background from green (none) to red (half or more). */
static void trend_cell(mtl_buf *b, const mtl_stats *s, const char *week) {
  static const char *const shades[] = {"#e3f1e6", "#fbf0c9", "#f9d9b5", "#f3b29b", "#e5826f"};
  const mtl_cent *e = mtl_cmap_find(&s->weeks, week), *g;
  int64_t n, k, sh;
  int c;
  if (!e || !e->n) {
    mtl_buf_puts(b, "<td></td>");
    return;
  }
  g = mtl_cmap_find(&s->weeks_garbled, week);
  n = e->n;
  k = g ? g->n : 0;
  sh = (k * 1000 + n / 2) / n;
  c = !k ? 0 : sh < 100 ? 1 : sh < 250 ? 2 : sh < 500 ? 3 : 4;
  mtl_buf_printf(b, "<td class=\"n\" style=\"background:%s\">%lld%%<br><small>%lld of %lld"
                    "</small></td>",
                 shades[c], (long long)((sh + 5) / 10), (long long)k, (long long)n);
}

/* The per-week trend: a row per source with dated articles (in the order
 * of the sources table), a column per ISO week (the last TREND_WEEKS). */
static void trend(mtl_buf *b, const mtl_report *r, const mtl_rsource *const *ranked) {
  const mtl_stats *t = &r->total;
  const mtl_cent **wk = mtl_cmap_sorted(&t->weeks, 0);
  size_t i, k, first, nw = t->weeks.count;
  int64_t dated = 0;
  mtl_buf_puts(b, "<h2>Trend by week</h2>");
  if (!nw || !wk) {
    if (nw)
      b->oom = 1;
    mtl_buf_puts(b, "<p id=\"trend\">No article has a published date that mtlint reads.</p>\n");
    return;
  }
  for (k = 0; k < nw; k++)
    dated += wk[k]->n;
  first = nw > TREND_WEEKS ? nw - TREND_WEEKS : 0;
  mtl_buf_printf(b, "<p><small>Share of garbled articles by ISO week of publication (UTC), "
                    "with the articles dated that week");
  if (first)
    mtl_buf_printf(b, "; the last %d of %zu weeks (all of them are in the JSON report)",
                   TREND_WEEKS, nw);
  if (mtl_stats_scored(t) > dated)
    mtl_buf_printf(b, "; %lld article%s without a date mtlint reads %s left out",
                   (long long)(mtl_stats_scored(t) - dated),
                   mtl_stats_scored(t) - dated == 1 ? "" : "s",
                   mtl_stats_scored(t) - dated == 1 ? "is" : "are");
  mtl_buf_puts(b, ".</small></p><table id=\"trend\"><thead><tr><th>Source</th>");
  for (k = first; k < nw; k++) {
    mtl_buf_puts(b, "<th class=\"n\">");
    esc(b, wk[k]->key);
    mtl_buf_puts(b, "</th>");
  }
  mtl_buf_puts(b, "</tr></thead><tbody>\n");
  for (i = 0; i <= r->nsrc; i++) {
    const mtl_stats *s = i < r->nsrc ? &ranked[i]->st : t;
    if (!s->weeks.count)
      continue;
    mtl_buf_puts(b, "<tr><td>");
    esc(b, i < r->nsrc ? ranked[i]->name : "(all sources)");
    mtl_buf_puts(b, "</td>");
    for (k = first; k < nw; k++)
      trend_cell(b, s, wk[k]->key);
    mtl_buf_puts(b, "</tr>\n");
  }
  mtl_buf_puts(b, "</tbody></table>\n");
  mtl_free((void *)wk);
}

/* An http(s) address, safe to put in href. */
static int web_url(const char *u) {
  return u && (!strncmp(u, "https://", 8) || !strncmp(u, "http://", 7)) && !strpbrk(u, " \"<>");
}

/* Whether a phrase-table entry is worth an editor's eye: not a spelling
 * finding (the word lists decide those) and not punctuation alone. */
static int phrase_shown(const char *key, const char *sep) {
  const char *p;
  if (sep && !strncmp(key, "spelling.", 9))
    return 0;
  for (p = sep ? sep + 1 : key; *p; p++)
    if ((unsigned char)*p >= 0x80 || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
        (*p >= '0' && *p <= '9'))
      return 1;
  return 0;
}

/* The page's head, its style and the line that says how scores are made. */
static void page_head(mtl_buf *b, const mtl_report *r) {
  mtl_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                  "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
                  "<title>mtlint batch report</title><style>");
  mtl_buf_puts(b, style);
  mtl_buf_puts(b, "</style></head><body>\n<h1>mtlint batch report</h1>\n");
  mtl_buf_printf(b, "<p><small>mtlint %s &middot; garble score = (5&times;errors + "
                    "2&times;warnings) &times; 1000 / max(words, %d), a span "
                    "flagged by several rules counted once, + how far the densest ~300-word "
                    "window is above its gate (window density: garble signs per 1000 words) "
                    "&middot; suspect at %g, garbled at %g</small></p>\n",
                 MTL_VERSION, MTL_SCORE_MIN_WORDS, r->cfg.suspect_at, r->cfg.garbled_at);
}

/* The cards of the totals. */
static void totals(mtl_buf *b, const mtl_report *r) {
  const mtl_stats *t = &r->total;
  mtl_buf_printf(b, "<div class=\"cards\" id=\"totals\"><div class=\"card\"><b>%lld</b>articles"
                    "</div>",
                 (long long)t->articles);
  if (t->other_lang)
    mtl_buf_printf(b, "<div class=\"card\"><b>%lld</b>in another language</div>",
                   (long long)t->other_lang);
  mtl_buf_printf(b,
                 "<div class=\"card\"><b>%zu</b>sources</div><div class=\"card\"><b>%lld</b>words"
                 "</div><div class=\"card\"><b>%lld</b>findings</div>"
                 "<div class=\"card clean\"><b>%lld</b>clean</div><div class=\"card suspect\">"
                 "<b>%lld</b>suspect</div><div class=\"card garbled\"><b>%lld</b>garbled</div>"
                 "<div class=\"card\"><b>",
                 r->nsrc, (long long)t->words, (long long)t->findings,
                 (long long)t->verdicts[0], (long long)t->verdicts[1], (long long)t->verdicts[2]);
  milli(b, mean(t));
  mtl_buf_printf(b, "</b>mean score</div><div class=\"card\"><b>%lld</b>inputs failed</div>"
                    "</div>\n",
                 (long long)r->errors);
}

/* The charts: findings by rule (rules sorted by count), the histogram of
 * scores, the sources ranked. */
static void charts(mtl_buf *b, const mtl_report *r, const mtl_cent **rules,
                   const mtl_rsource **ranked) {
  const char *labels[MAX_BARS + 5], *vtext[MAX_BARS + 5];
  char vbuf[MAX_BARS + 5][80];
  int64_t values[MAX_BARS + 5];
  const mtl_stats *t = &r->total;
  size_t i, n;
  mtl_buf_puts(b, "<h2>Charts</h2><div class=\"charts\">\n<div class=\"chart\"><h3>Findings by "
                  "rule</h3>");
  n = t->by_rule.count < MAX_BARS ? t->by_rule.count : MAX_BARS;
  for (i = 0; i < n; i++) {
    labels[i] = rules[i]->key;
    values[i] = rules[i]->n;
    snprintf(vbuf[i], sizeof vbuf[i], "%lld", (long long)rules[i]->n);
    vtext[i] = vbuf[i];
  }
  hbars(b, "chart-rules", "Findings by rule", labels, values, vtext, n, "#3b6fb6");
  mtl_buf_puts(b, "</div>\n<div class=\"chart\"><h3>Histogram of scores</h3>");
  histogram(b, t);
  mtl_buf_puts(b, "</div>\n<div class=\"chart\"><h3>Sources ranked by share of garbled "
                  "articles</h3>");
  n = r->nsrc < MAX_BARS ? r->nsrc : MAX_BARS;
  for (i = 0; i < n; i++) {
    int64_t m = mean(&ranked[i]->st);
    labels[i] = ranked[i]->name;
    values[i] = garbled_share(&ranked[i]->st);
    snprintf(vbuf[i], sizeof vbuf[i], "%lld.%lld%% (mean %lld.%01lld)",
             (long long)(values[i] / 10), (long long)(values[i] % 10), (long long)(m / 1000),
             (long long)((m % 1000) / 100));
    vtext[i] = vbuf[i];
  }
  hbars(b, "chart-sources", "Sources ranked by share of garbled articles (mean score)", labels,
        values, vtext, n, "#b3261e");
  mtl_buf_puts(b, "</div></div>\n");
}

/* The sources table, in the order of ranked, and the row of all sources. */
static void sources_table(mtl_buf *b, const mtl_report *r, const mtl_rsource **ranked) {
  size_t i;
  mtl_buf_puts(b, "<h2>Sources</h2><table id=\"sources\"><thead><tr><th>Source</th><th "
                  "class=\"n\">Articles</th>");
  if (r->total.other_lang)
    mtl_buf_puts(b, "<th class=\"n\">Other language</th>");
  mtl_buf_puts(b, "<th class=\"n\">Words</th><th class=\"n\">Findings</th><th class=\"n\">Err / "
                  "warn / info</th><th class=\"n\">Clean / suspect / "
                  "garbled</th><th class=\"n\">Garbled share</th><th class=\"n\">Mean score"
                  "</th><th class=\"n\">Max</th><th class=\"n\">Window density<br><small>mean / max"
                  "</small></th>"
                  "<th>Top rules</th><th>Categories</th></tr>"
                  "</thead><tbody>\n");
  for (i = 0; i < r->nsrc; i++)
    stats_row(b, ranked[i]->name, &ranked[i]->st, r);
  stats_row(b, "(all sources)", &r->total, r);
  mtl_buf_puts(b, "</tbody></table>\n");
}

/* text, a link to url when url is a web address. */
static void linked(mtl_buf *b, const char *url, const char *text) {
  if (web_url(url)) {
    mtl_buf_puts(b, "<a href=\"");
    esc(b, url);
    mtl_buf_puts(b, "\">");
  }
  esc(b, text);
  if (web_url(url))
    mtl_buf_puts(b, "</a>");
}

/* One row of the worst articles. */
static void worst_row(mtl_buf *b, const mtl_worst *w) {
  size_t k;
  mtl_buf_printf(b, "<tr><td class=\"n %s\"><b>", mtl_verdict_name((mtl_verdict)w->verdict));
  milli(b, w->score);
  mtl_buf_printf(b, "</b><br><small>%s</small></td><td><b>",
                 mtl_verdict_name((mtl_verdict)w->verdict));
  /* the headline opens the article */
  linked(b, w->url, w->title ? w->title : w->item ? w->item : w->path);
  mtl_buf_puts(b, "</b><br><small>");
  esc(b, w->source);
  mtl_buf_puts(b, " &middot; <code>");
  esc(b, w->path);
  if (w->item) {
    mtl_buf_putc(b, '#');
    esc(b, w->item);
  }
  mtl_buf_printf(b, "</code> &middot; %lld words, %lld findings", (long long)w->words,
                 (long long)w->findings);
  if (w->density)
    mtl_buf_printf(b, ", window density %lld.%lld", (long long)(w->density / 10),
                   (long long)(w->density % 10));
  if (w->url) {
    mtl_buf_puts(b, "<br>");
    linked(b, w->url, w->url);
  }
  mtl_buf_puts(b, "</small></td><td><small>");
  for (k = 0; k < w->ntop; k++) {
    mtl_buf_printf(b, "%s%lld:%lld <code>", k ? "<br>" : "", (long long)w->top[k].line,
                   (long long)w->top[k].column);
    esc(b, w->top[k].rule);
    mtl_buf_puts(b, "</code> &ldquo;");
    esc(b, w->top[k].match);
    mtl_buf_puts(b, "&rdquo; &ndash; ");
    esc(b, w->top[k].message);
  }
  mtl_buf_puts(b, "</small></td></tr>\n");
}

static void worst_table(mtl_buf *b, const mtl_report *r) {
  size_t i;
  mtl_buf_puts(b, "<h2>Worst articles</h2><table id=\"worst\"><thead><tr><th class=\"n\">Score"
                  "</th><th>Article</th><th>Top findings</th></tr></thead><tbody>\n");
  for (i = 0; i < r->nworst; i++)
    worst_row(b, &r->worst[i]);
  mtl_buf_puts(b, "</tbody></table>\n");
}

/* The phrases table (ph: the phrases sorted by count). */
static void phrases_table(mtl_buf *b, const mtl_report *r, const mtl_cent **ph) {
  size_t i, k;
  mtl_buf_puts(b, "<h2>Most frequent garbled phrases</h2><table id=\"phrases\"><thead><tr><th "
                  "class=\"n\">Count</th><th>Phrase</th><th>Rule</th></tr></thead><tbody>\n");
  for (i = 0, k = 0; i < r->phrases.count && k < r->cfg.top_phrases; i++) {
    const char *key = ph[i]->key, *sep = strchr(key, '\x1f');
    if (!phrase_shown(key, sep))
      continue;
    k++;
    mtl_buf_printf(b, "<tr><td class=\"n\">%lld</td><td>&ldquo;", (long long)ph[i]->n);
    esc(b, sep ? sep + 1 : key);
    mtl_buf_puts(b, "&rdquo;</td><td><code>");
    if (sep)
      mtl_buf_put(b, key, (size_t)(sep - key));
    mtl_buf_puts(b, "</code></td></tr>\n");
  }
  mtl_buf_puts(b, "</tbody></table>\n");
}

/* The inputs that could not be read, and why. */
static void failed_table(mtl_buf *b, const mtl_report *r) {
  const mtl_cent **fl;
  size_t i;
  mtl_buf_printf(b, "<h2>Inputs that failed</h2>");
  if (!r->errors) {
    mtl_buf_puts(b, "<p id=\"failed\">None: every input was read.</p>\n");
    return;
  }
  fl = mtl_cmap_sorted(&r->failed, 0);
  mtl_buf_printf(b, "<p><small>%lld inputs or items could not be read (exit status 4); the "
                    "rest were linted.</small></p><table id=\"failed\"><thead><tr><th>"
                    "Input</th><th>Why</th><th class=\"n\">Times</th></tr></thead><tbody>\n",
                 (long long)r->errors);
  for (i = 0; fl && i < r->failed.count; i++) {
    const char *key = fl[i]->key, *sep = strchr(key, '\x1f');
    mtl_buf_puts(b, "<tr><td><code>");
    if (sep) {
      mtl_buf in = {0};
      mtl_buf_put(&in, key, (size_t)(sep - key));
      mtl_buf_putc(&in, '\0');
      esc(b, in.data);
      if (in.oom)
        b->oom = 1;
      mtl_buf_free(&in);
    }
    mtl_buf_puts(b, "</code></td><td>");
    esc(b, sep ? sep + 1 : key);
    mtl_buf_printf(b, "</td><td class=\"n\">%lld</td></tr>\n", (long long)fl[i]->n);
  }
  mtl_free((void *)fl);
  mtl_buf_puts(b, "</tbody></table>\n");
}

int mtl_report_write_html(const mtl_report *r, mtl_buf *b) {
  const mtl_rsource **src = mtl_report_sources_sorted(r);
  const mtl_rsource **ranked = NULL;
  const mtl_cent **rules = mtl_cmap_sorted(&r->total.by_rule, 1);
  const mtl_cent **ph = mtl_cmap_sorted(&r->phrases, 1);
  int rc = 0;
  if ((r->nsrc && !src) || (r->total.by_rule.count && !rules) || (r->phrases.count && !ph)) {
    rc = MTL_ENOMEM;
    goto done;
  }
  if (r->nsrc) {
    if (!(ranked = mtl_malloc(r->nsrc * sizeof *ranked))) {
      rc = MTL_ENOMEM;
      goto done;
    }
    memcpy(ranked, src, r->nsrc * sizeof *ranked);
    qsort(ranked, r->nsrc, sizeof *ranked, src_by_share);
  }
  page_head(b, r);
  totals(b, r);
  charts(b, r, rules, ranked);
  sources_table(b, r, ranked);
  trend(b, r, ranked);
  worst_table(b, r);
  phrases_table(b, r, ph);
  failed_table(b, r);
  mtl_buf_puts(b, "</body></html>\n");
  rc = b->oom ? MTL_ENOMEM : 0;
done:
  mtl_free((void *)src);
  mtl_free((void *)ranked);
  mtl_free((void *)rules);
  mtl_free((void *)ph);
  return rc;
}
