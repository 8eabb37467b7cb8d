/*
 * report.c - the batch report aggregator: totals and per-source statistics,
 * the worst articles with their top findings and exact phrase counts; merge
 * of two reports (partial reports saved and loaded: report_partial.c).
 * Everything is an integer count so that merging shards is exact.
 */
#include "lint.h"
#include "mtlint.h"
#include "report.h"
#include "utf8.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const int64_t mtl_hist_lower[MTL_HIST_BINS] = {0, 1000, 2000, 5000, 10000, 20000, 50000, 100000};

/* a + b for counts in [0, MTL_COUNT_MAX], saturating at MTL_COUNT_MAX. */
static int64_t count_add(int64_t a, int64_t b) {
  return a > MTL_COUNT_MAX - b ? MTL_COUNT_MAX : a + b;
}

/* ---------------- string map ---------------- */

static int cmap_grow(mtl_cmap *m) {
  size_t i, ncap = m->cap ? m->cap * 2 : 16;
  mtl_cent *ne = mtl_calloc(ncap, sizeof *ne);
  if (!ne)
    return MTL_ENOMEM;
  for (i = 0; i < m->cap; i++) {
    if (m->e[i].key) {
      size_t h = (size_t)mtl_hash(m->e[i].key, strlen(m->e[i].key)) & (ncap - 1);
      while (ne[h].key)
        h = (h + 1) & (ncap - 1);
      ne[h] = m->e[i];
    }
  }
  mtl_free(m->e);
  m->e = ne;
  m->cap = ncap;
  return 0;
}

static mtl_cent *cmap_slot(const mtl_cmap *m, const char *key, size_t klen) {
  size_t h;
  if (!m->cap)
    return NULL;
  h = (size_t)mtl_hash(key, klen) & (m->cap - 1);
  while (m->e[h].key) {
    if (!strncmp(m->e[h].key, key, klen) && m->e[h].key[klen] == '\0')
      return &m->e[h];
    h = (h + 1) & (m->cap - 1);
  }
  return &m->e[h];
}

int mtl_cmap_add(mtl_cmap *m, const char *key, size_t klen, int64_t n, const char *val) {
  mtl_cent *e;
  if ((m->count + 1) * 2 > m->cap && cmap_grow(m))
    return MTL_ENOMEM;
  e = cmap_slot(m, key, klen);
  if (!e->key) {
    if (!(e->key = mtl_strndup(key, klen)))
      return MTL_ENOMEM;
    m->count++;
  }
  e->n = count_add(e->n, n);
  /* of two values, the smaller: merging in any order keeps the same one */
  if (val && (!e->val || strcmp(val, e->val) < 0)) {
    char *v = mtl_strdup(val);
    if (!v)
      return MTL_ENOMEM;
    mtl_free(e->val);
    e->val = v;
  }
  return 0;
}

const mtl_cent *mtl_cmap_find(const mtl_cmap *m, const char *key) {
  mtl_cent *e = cmap_slot(m, key, strlen(key));
  return e && e->key ? e : NULL;
}

static int by_key(const void *a, const void *b) {
  return strcmp((*(const mtl_cent *const *)a)->key, (*(const mtl_cent *const *)b)->key);
}

static int by_count(const void *a, const void *b) {
  const mtl_cent *x = *(const mtl_cent *const *)a, *y = *(const mtl_cent *const *)b;
  if (x->n != y->n)
    return x->n > y->n ? -1 : 1;
  return strcmp(x->key, y->key);
}

const mtl_cent **mtl_cmap_sorted(const mtl_cmap *m, int count_order) {
  const mtl_cent **v;
  size_t i, n = 0;
  if (!m->count || !(v = mtl_malloc(m->count * sizeof *v)))
    return NULL;
  for (i = 0; i < m->cap; i++)
    if (m->e[i].key)
      v[n++] = &m->e[i];
  qsort(v, n, sizeof *v, count_order ? by_count : by_key);
  return v;
}

void mtl_cmap_free(mtl_cmap *m) {
  size_t i;
  for (i = 0; i < m->cap; i++) {
    mtl_free(m->e[i].key);
    mtl_free(m->e[i].val);
  }
  mtl_free(m->e);
  memset(m, 0, sizeof *m);
}

static int cmap_merge(mtl_cmap *dst, const mtl_cmap *src) {
  size_t i;
  for (i = 0; i < src->cap; i++)
    if (src->e[i].key &&
        mtl_cmap_add(dst, src->e[i].key, strlen(src->e[i].key), src->e[i].n, src->e[i].val))
      return MTL_ENOMEM;
  return 0;
}

/* ---------------- report ---------------- */

int mtl_report_new(mtl_report **out, const mtl_report_config *cfg) {
  mtl_report *r;
  *out = NULL;
  if (!(r = mtl_calloc(1, sizeof *r)))
    return MTL_ENOMEM;
  if (cfg)
    r->cfg = *cfg;
  else
    mtl_report_config_init(&r->cfg);
  if (r->cfg.top_articles > 10000)
    r->cfg.top_articles = 10000;
  if (r->cfg.top_phrases > 10000)
    r->cfg.top_phrases = 10000;
  *out = r;
  return 0;
}

static void stats_free(mtl_stats *s) {
  mtl_cmap_free(&s->by_rule);
  mtl_cmap_free(&s->by_cat);
  mtl_cmap_free(&s->weeks);
  mtl_cmap_free(&s->weeks_garbled);
}

void mtl_report_worst_free(mtl_worst *w) {
  size_t i;
  mtl_free(w->path);
  mtl_free(w->item);
  mtl_free(w->title);
  mtl_free(w->url);
  mtl_free(w->source);
  for (i = 0; i < w->ntop; i++) {
    mtl_free(w->top[i].rule);
    mtl_free(w->top[i].message);
    mtl_free(w->top[i].match);
  }
  memset(w, 0, sizeof *w);
}

void mtl_report_free(mtl_report *r) {
  size_t i;
  if (!r)
    return;
  stats_free(&r->total);
  for (i = 0; i < r->nsrc; i++) {
    stats_free(&r->src[i]->st);
    mtl_free(r->src[i]->name);
    mtl_free(r->src[i]);
  }
  mtl_free(r->src);
  mtl_cmap_free(&r->src_index);
  mtl_cmap_free(&r->rules);
  for (i = 0; i < r->nworst; i++)
    mtl_report_worst_free(&r->worst[i]);
  mtl_free(r->worst);
  mtl_cmap_free(&r->phrases);
  mtl_cmap_free(&r->failed);
  mtl_free(r);
}

mtl_rsource *mtl_report_source(mtl_report *r, const char *name) {
  const mtl_cent *e = mtl_cmap_find(&r->src_index, name);
  mtl_rsource *s;
  if (e)
    return r->src[e->n - 1];
  if (r->nsrc == r->capsrc &&
      mtl_grow((void **)&r->src, &r->capsrc, r->nsrc + 1, sizeof *r->src))
    return NULL;
  if (!(s = mtl_calloc(1, sizeof *s)))
    return NULL;
  if (!(s->name = mtl_strdup(name)) ||
      mtl_cmap_add(&r->src_index, name, strlen(name), (int64_t)r->nsrc + 1, NULL)) {
    mtl_free(s->name);
    mtl_free(s);
    return NULL;
  }
  r->src[r->nsrc++] = s;
  return s;
}

static int stats_merge(mtl_stats *d, const mtl_stats *s) {
  size_t i;
  d->articles = count_add(d->articles, s->articles);
  d->words = count_add(d->words, s->words);
  d->findings = count_add(d->findings, s->findings);
  d->other_lang = count_add(d->other_lang, s->other_lang);
  for (i = 0; i < 4; i++)
    d->sev[i] = count_add(d->sev[i], s->sev[i]);
  for (i = 0; i < 3; i++)
    d->verdicts[i] = count_add(d->verdicts[i], s->verdicts[i]);
  for (i = 0; i < MTL_HIST_BINS; i++)
    d->hist[i] = count_add(d->hist[i], s->hist[i]);
  d->score_sum = count_add(d->score_sum, s->score_sum);
  if (s->score_max > d->score_max)
    d->score_max = s->score_max;
  d->dens_sum = count_add(d->dens_sum, s->dens_sum);
  if (s->dens_max > d->dens_max)
    d->dens_max = s->dens_max;
  d->dense = count_add(d->dense, s->dense);
  if (cmap_merge(&d->by_rule, &s->by_rule) || cmap_merge(&d->by_cat, &s->by_cat) ||
      cmap_merge(&d->weeks, &s->weeks) || cmap_merge(&d->weeks_garbled, &s->weeks_garbled))
    return MTL_ENOMEM;
  return 0;
}

static int strcmp_null(const char *a, const char *b) {
  if (!a || !b)
    return a ? 1 : b ? -1 : 0;
  return strcmp(a, b);
}

/* Total order: worse first.  Every field counts, the top findings too:
 * merging the same article from two partials (a file linted twice, with
 * other rules) must keep the same one in either order. */
static int worst_cmp(const mtl_worst *a, const mtl_worst *b) {
  size_t i;
  int c;
  if (a->score != b->score)
    return a->score > b->score ? -1 : 1;
  if ((c = strcmp_null(a->path, b->path)))
    return c;
  if ((c = strcmp_null(a->item, b->item)))
    return c;
  if (a->findings != b->findings)
    return a->findings > b->findings ? -1 : 1;
  if (a->words != b->words)
    return a->words < b->words ? -1 : 1;
  if (a->density != b->density)
    return a->density > b->density ? -1 : 1;
  if ((c = strcmp_null(a->title, b->title)))
    return c;
  if ((c = strcmp_null(a->url, b->url)))
    return c;
  if ((c = strcmp_null(a->source, b->source)))
    return c;
  if (a->verdict != b->verdict)
    return a->verdict > b->verdict ? -1 : 1;
  for (i = 0; i < a->ntop && i < b->ntop; i++) {
    const mtl_wfind *x = &a->top[i], *y = &b->top[i];
    if (x->line != y->line)
      return x->line < y->line ? -1 : 1;
    if (x->column != y->column)
      return x->column < y->column ? -1 : 1;
    if (x->sev != y->sev)
      return x->sev > y->sev ? -1 : 1;
    if ((c = strcmp_null(x->rule, y->rule)) || (c = strcmp_null(x->match, y->match)) ||
        (c = strcmp_null(x->message, y->message)))
      return c;
  }
  if (a->ntop != b->ntop)
    return a->ntop > b->ntop ? -1 : 1;
  return 0;
}

/* Inserts *w (taken over) keeping the list sorted and cut; frees it if it
 * does not make the list. */
int mtl_report_worst_insert(mtl_report *r, mtl_worst *w) {
  size_t k = r->cfg.top_articles, lo = 0, hi = r->nworst;
  if (!k || (r->nworst == k && worst_cmp(w, &r->worst[k - 1]) >= 0)) {
    mtl_report_worst_free(w);
    return 0;
  }
  if (!r->worst && !(r->worst = mtl_calloc(k, sizeof *r->worst))) {
    mtl_report_worst_free(w);
    return MTL_ENOMEM;
  }
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (worst_cmp(&r->worst[mid], w) <= 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (r->nworst == k)
    mtl_report_worst_free(&r->worst[--r->nworst]);
  memmove(&r->worst[lo + 1], &r->worst[lo], (r->nworst - lo) * sizeof *r->worst);
  r->worst[lo] = *w;
  r->nworst++;
  memset(w, 0, sizeof *w);
  return 0;
}

static char *dup_or_null(const char *s) { return s ? mtl_strdup(s) : NULL; }

/* s[0..n) with invalid UTF-8 bytes replaced by U+FFFD (partials are JSON). */
static void put_valid(mtl_buf *b, const char *s, size_t n) {
  while (n) {
    size_t ok = mtl_utf8_validate(s, n);
    mtl_buf_put(b, s, ok);
    if (ok == n)
      break;
    mtl_buf_puts(b, "\xEF\xBF\xBD");
    s += ok + 1;
    n -= ok + 1;
  }
}

static char *dup_valid(const char *s, size_t n) {
  mtl_buf b = {0};
  char *c;
  if (!s)
    return NULL;
  put_valid(&b, s, n);
  c = b.oom ? NULL : mtl_strndup(b.data ? b.data : "", b.len);
  mtl_buf_free(&b);
  return c;
}

static char *dup_valid0(const char *s) { return s ? dup_valid(s, strlen(s)) : NULL; }

/* s[0..n) cut to at most max bytes on a UTF-8 boundary. */
static size_t cut_utf8(const char *s, size_t n, size_t max) {
  if (n <= max)
    return n;
  n = max;
  while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
    n--;
  return n;
}

static int counts(const char *rule) {
  return strncmp(rule, "input.", 6) && strncmp(rule, "mtlint.", 7);
}

static int find_order(const void *a, const void *b) {
  const mtl_finding *x = *(const mtl_finding *const *)a, *y = *(const mtl_finding *const *)b;
  if (x->severity != y->severity)
    return x->severity > y->severity ? -1 : 1;
  if (x->start.offset != y->start.offset)
    return x->start.offset < y->start.offset ? -1 : 1;
  return strcmp(x->rule, y->rule);
}

const char *mtl_report_category(const mtl_report *r, const char *rule) {
  const mtl_cent *e = mtl_cmap_find(&r->rules, rule);
  return e && e->val ? e->val : "other";
}

/* The statistics of one article into *one (zeroed by the caller). */
static int one_stats(const mtl_input_info *in, const mtl_result *res, const size_t *sev,
                     int64_t score, mtl_verdict v, mtl_stats *one) {
  size_t i, b;
  char week[16];
  one->articles = 1;
  one->words = (int64_t)mtl_result_words(res);
  /* counted apart: no verdict, not among the worst */
  one->other_lang = mtl_result_other_language(res);
  for (i = 1; i < 4; i++) {
    one->sev[i] = (int64_t)sev[i];
    one->findings += (int64_t)sev[i];
  }
  if (one->other_lang)
    return 0;
  one->verdicts[v] = 1;
  for (b = MTL_HIST_BINS; b-- > 0;)
    if (score >= mtl_hist_lower[b]) {
      one->hist[b] = 1;
      break;
    }
  one->score_sum = one->score_max = score;
  one->dens_sum = one->dens_max = (int64_t)(mtl_result_window_density(res) * 10.0 + 0.5);
  one->dense = mtl_result_window_excess(res) >= 0;
  if (mtl_report_week(in->published, week) &&
      (mtl_cmap_add(&one->weeks, week, strlen(week), 1, NULL) ||
       (v == MTL_VERDICT_GARBLED &&
        mtl_cmap_add(&one->weeks_garbled, week, strlen(week), 1, NULL))))
    return MTL_ENOMEM;
  return 0;
}

/* Counts the phrase of finding f (its match lower-cased, white space
 * collapsed) under "rule\x1fphrase"; key is scratch. */
static int add_phrase(mtl_report *r, const mtl_finding *f, const char *text, size_t len,
                      mtl_buf *key) {
  size_t s0 = f->start.offset, e0 = f->end.offset, k, j = 0;
  mtl_buf low = {0};
  if (e0 > len)
    e0 = len;
  if (s0 >= e0)
    return 0;
  key->len = 0;
  mtl_buf_puts(key, f->rule);
  mtl_buf_putc(key, '\x1f');
  mtl_utf8_lower(&low, text + s0, e0 - s0);
  for (k = 0; low.data && k < low.len; k++) {
    char c = low.data[k];
    if (c == '\n' || c == '\r' || c == '\t')
      c = ' ';
    if (c == ' ' && (!j || low.data[j - 1] == ' '))
      continue;
    low.data[j++] = c;
  }
  while (j && low.data[j - 1] == ' ')
    j--;
  if (j)
    put_valid(key, low.data, cut_utf8(low.data, j, MTL_PHRASE_MAX));
  mtl_buf_free(&low);
  if (key->oom)
    return MTL_ENOMEM;
  if (j && mtl_cmap_add(&r->phrases, key->data, key->len, 1, NULL))
    return MTL_ENOMEM;
  return 0;
}

/* The counted findings of res by rule and category into *one, and their
 * phrases into the report; key is scratch. */
static int add_findings(mtl_report *r, const mtl_engine *eng, const mtl_result *res,
                        const char *text, size_t len, mtl_stats *one, mtl_buf *key) {
  size_t i, n = mtl_result_count(res);
  for (i = 0; i < n; i++) {
    const mtl_finding *f = mtl_result_finding(res, i);
    const mtl_rule_info *ri = eng ? mtl_engine_find_rule(eng, f->rule) : NULL;
    const char *cat = ri && ri->category ? ri->category : mtl_report_category(r, f->rule);
    if (!counts(f->rule))
      continue;
    if (mtl_cmap_add(&r->rules, f->rule, strlen(f->rule), 0, cat) ||
        mtl_cmap_add(&one->by_rule, f->rule, strlen(f->rule), 1, NULL) ||
        mtl_cmap_add(&one->by_cat, cat, strlen(cat), 1, NULL))
      return MTL_ENOMEM;
    if (add_phrase(r, f, text, len, key))
      return MTL_ENOMEM;
  }
  return 0;
}

/* Fills *w with the article and its first counted findings (by severity,
 * then place); 0 or MTL_ENOMEM. */
static int worst_fill(mtl_worst *w, const mtl_input_info *in, const char *sname,
                      const mtl_result *res, const char *text, size_t len) {
  size_t i, n = mtl_result_count(res), nf = 0;
  const mtl_finding **fs = n ? mtl_malloc(n * sizeof *fs) : NULL;
  if (n && !fs)
    return MTL_ENOMEM;
  for (i = 0; i < n; i++)
    if (counts(mtl_result_finding(res, i)->rule))
      fs[nf++] = mtl_result_finding(res, i);
  if (nf)
    qsort(fs, nf, sizeof *fs, find_order);
  w->path = dup_valid0(in->path);
  w->item = dup_valid0(in->item);
  w->title = dup_valid0(in->title);
  w->url = dup_valid0(in->url);
  w->source = dup_valid0(sname);
  for (i = 0; i < nf && i < MTL_TOP_FINDINGS; i++) {
    const mtl_finding *f = fs[i];
    size_t s0 = f->start.offset, e0 = f->end.offset;
    if (e0 > len)
      e0 = len;
    if (s0 > e0)
      s0 = e0;
    w->top[i].rule = mtl_strdup(f->rule);
    w->top[i].sev = (int)f->severity;
    w->top[i].message = dup_valid0(f->message);
    w->top[i].match = dup_valid(text ? text + s0 : "", text ? cut_utf8(text + s0, e0 - s0, MTL_MATCH_MAX) : 0);
    w->top[i].line = (int64_t)f->start.line;
    w->top[i].column = (int64_t)f->start.column;
    w->ntop++;
    if (!w->top[i].rule || !w->top[i].message || !w->top[i].match)
      break;
  }
  mtl_free(fs);
  for (i = 0; i < w->ntop; i++)
    if (!w->top[i].rule || !w->top[i].message || !w->top[i].match)
      return MTL_ENOMEM;
  if (!w->path || !w->source || (in->item && !w->item) || (in->title && !w->title) ||
      (in->url && !w->url))
    return MTL_ENOMEM;
  return 0;
}

int mtl_report_add(mtl_report *r, const mtl_engine *eng, const mtl_input_info *in,
                   const char *text, size_t len, const mtl_result *res) {
  size_t sev[4] = {0, 0, 0, 0};
  int64_t score;
  mtl_verdict v;
  mtl_stats one;
  mtl_rsource *s;
  mtl_worst w;
  mtl_buf key = {0};
  const char *sname;
  int rc = MTL_ENOMEM;
  if (!r || !in || !in->path)
    return MTL_EINVAL;
  if (!text)
    len = 0;
  if (mtl_score_milli(res, sev, &score))
    return MTL_ENOMEM;
  v = mtl_verdict_of(&r->cfg, (double)score / 1000.0);
  memset(&one, 0, sizeof one);
  memset(&w, 0, sizeof w);
  if (one_stats(in, res, sev, score, v, &one) ||
      add_findings(r, eng, res, text, len, &one, &key))
    goto done;
  sname = in->source && *in->source ? in->source : in->path;
  if (mtl_utf8_validate(sname, strlen(sname)) != strlen(sname)) {
    key.len = 0;
    put_valid(&key, sname, strlen(sname));
    if (key.oom)
      goto done;
    sname = key.data;
  }
  if (!(s = mtl_report_source(r, sname)) || stats_merge(&s->st, &one) ||
      stats_merge(&r->total, &one))
    goto done;
  /* the worst list */
  if (r->cfg.top_articles && !one.other_lang && (r->nworst < r->cfg.top_articles ||
                              score >= r->worst[r->nworst - 1].score)) {
    if (worst_fill(&w, in, sname, res, text, len))
      goto done;
    w.score = score;
    w.words = one.words;
    w.findings = one.findings;
    w.verdict = (int)v;
    w.density = one.dens_max;
    if (mtl_report_worst_insert(r, &w))
      goto done;
  }
  rc = 0;
done:
  mtl_report_worst_free(&w);
  stats_free(&one);
  mtl_buf_free(&key);
  return rc;
}

int mtl_report_add_error(mtl_report *r, const mtl_error *err) {
  mtl_buf key = {0};
  int rc = 0;
  if (!r)
    return MTL_EINVAL;
  r->errors = count_add(r->errors, 1);
  if (!err)
    return 0;
  /* the report lists which inputs failed and why (the first few hundred) */
  mtl_buf_puts(&key, err->file[0] ? err->file : "(input)");
  if (err->line)
    mtl_buf_printf(&key, ":%zu:%zu", err->line, err->column);
  mtl_buf_putc(&key, '\x1f');
  mtl_buf_puts(&key, err->message);
  if (key.oom)
    rc = MTL_ENOMEM;
  else if ((mtl_cmap_find(&r->failed, key.data) || r->failed.count < MTL_REPORT_MAX_FAILED) &&
           mtl_cmap_add(&r->failed, key.data, key.len, 1, NULL))
    rc = MTL_ENOMEM;
  mtl_buf_free(&key);
  return rc;
}

static int same_config(const mtl_report_config *a, const mtl_report_config *b) {
  return a->suspect_at == b->suspect_at && a->garbled_at == b->garbled_at &&
         a->top_articles == b->top_articles && a->top_phrases == b->top_phrases;
}

static int worst_copy(mtl_worst *d, const mtl_worst *s) {
  size_t i;
  memset(d, 0, sizeof *d);
  d->path = dup_or_null(s->path);
  d->item = dup_or_null(s->item);
  d->title = dup_or_null(s->title);
  d->url = dup_or_null(s->url);
  d->source = dup_or_null(s->source);
  d->score = s->score;
  d->words = s->words;
  d->findings = s->findings;
  d->verdict = s->verdict;
  d->density = s->density;
  for (i = 0; i < s->ntop; i++) {
    d->top[i].rule = dup_or_null(s->top[i].rule);
    d->top[i].sev = s->top[i].sev;
    d->top[i].message = dup_or_null(s->top[i].message);
    d->top[i].match = dup_or_null(s->top[i].match);
    d->top[i].line = s->top[i].line;
    d->top[i].column = s->top[i].column;
    d->ntop++;
    if (!d->top[i].rule || !d->top[i].message || !d->top[i].match)
      return MTL_ENOMEM;
  }
  if ((s->path && !d->path) || (s->item && !d->item) || (s->title && !d->title) ||
      (s->url && !d->url) || (s->source && !d->source))
    return MTL_ENOMEM;
  return 0;
}

int mtl_report_merge(mtl_report *dst, const mtl_report *src) {
  size_t i;
  if (!dst || !src)
    return MTL_EINVAL;
  if (!same_config(&dst->cfg, &src->cfg))
    return MTL_EINVAL;
  if (stats_merge(&dst->total, &src->total))
    return MTL_ENOMEM;
  dst->errors = count_add(dst->errors, src->errors);
  for (i = 0; i < src->nsrc; i++) {
    mtl_rsource *s = mtl_report_source(dst, src->src[i]->name);
    if (!s || stats_merge(&s->st, &src->src[i]->st))
      return MTL_ENOMEM;
  }
  if (cmap_merge(&dst->rules, &src->rules) || cmap_merge(&dst->phrases, &src->phrases) ||
      cmap_merge(&dst->failed, &src->failed))
    return MTL_ENOMEM;
  for (i = 0; i < src->nworst; i++) {
    mtl_worst w;
    if (worst_copy(&w, &src->worst[i])) {
      mtl_report_worst_free(&w);
      return MTL_ENOMEM;
    }
    if (mtl_report_worst_insert(dst, &w))
      return MTL_ENOMEM;
  }
  return 0;
}

static int src_cmp(const void *a, const void *b) {
  return strcmp((*(const mtl_rsource *const *)a)->name, (*(const mtl_rsource *const *)b)->name);
}

const mtl_rsource **mtl_report_sources_sorted(const mtl_report *r) {
  const mtl_rsource **v;
  if (!r->nsrc || !(v = mtl_malloc(r->nsrc * sizeof *v)))
    return NULL;
  memcpy(v, r->src, r->nsrc * sizeof *v);
  qsort(v, r->nsrc, sizeof *v, src_cmp);
  return v;
}

/* ---------------- writing ---------------- */

static const char *const report_formats[] = {"html", "json", "csv", NULL};

const char *const *mtl_report_formats(void) { return report_formats; }

int mtl_report_write(const mtl_report *r, const char *format, mtl_write_fn fn, void *ctx) {
  mtl_buf b = {0};
  int rc;
  if (!r || !fn || !format)
    return MTL_EINVAL;
  if (!strcmp(format, "html"))
    rc = mtl_report_write_html(r, &b);
  else if (!strcmp(format, "json"))
    rc = mtl_report_write_json(r, &b);
  else if (!strcmp(format, "csv"))
    rc = mtl_report_write_csv(r, &b);
  else
    return MTL_EFORMAT;
  if (!rc && b.oom)
    rc = MTL_ENOMEM;
  if (!rc && b.len && fn(ctx, b.data, b.len))
    rc = MTL_EIO;
  mtl_buf_free(&b);
  return rc;
}
