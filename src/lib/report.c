/*
 * report.c - the batch report aggregator: totals and per-source statistics,
 * the worst articles with their top findings and exact phrase counts; merge
 * of two reports; partial reports saved and loaded as JSON (json.h).
 * Everything is an integer count so that merging shards is exact.
 */
#include "json.h"
#include "lint.h"
#include "mtlint.h"
#include "report.h"
#include "utf8.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const int64_t mtl_hist_lower[MTL_HIST_BINS] = {0, 1000, 2000, 5000, 10000, 20000, 50000, 100000};

/* The largest count a report holds: partial reports with more do not load,
 * and merges stop there, so that the writers' sums and scalings (x1000)
 * stay far from int64_t overflow. */
#define COUNT_MAX ((int64_t)1 << 50)

/* a + b for counts in [0, COUNT_MAX], saturating at COUNT_MAX. */
static int64_t count_add(int64_t a, int64_t b) {
  return a > COUNT_MAX - b ? COUNT_MAX : a + b;
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

static void worst_free(mtl_worst *w) {
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
    worst_free(&r->worst[i]);
  mtl_free(r->worst);
  mtl_cmap_free(&r->phrases);
  mtl_cmap_free(&r->failed);
  mtl_free(r);
}

static mtl_rsource *source_get(mtl_report *r, const char *name) {
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
static int worst_insert(mtl_report *r, mtl_worst *w) {
  size_t k = r->cfg.top_articles, lo = 0, hi = r->nworst;
  if (!k || (r->nworst == k && worst_cmp(w, &r->worst[k - 1]) >= 0)) {
    worst_free(w);
    return 0;
  }
  if (!r->worst && !(r->worst = mtl_calloc(k, sizeof *r->worst))) {
    worst_free(w);
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
    worst_free(&r->worst[--r->nworst]);
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

int mtl_report_add(mtl_report *r, const mtl_engine *eng, const mtl_input_info *in,
                   const char *text, size_t len, const mtl_result *res) {
  size_t sev[4] = {0, 0, 0, 0}, i, n = mtl_result_count(res), b;
  int64_t score;
  mtl_verdict v;
  mtl_stats one;
  mtl_rsource *s;
  mtl_worst w;
  mtl_buf key = {0};
  const char *sname;
  char week[16];
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
  one.articles = 1;
  one.words = (int64_t)mtl_result_words(res);
  for (i = 0; i < n; i++)
    if (!strcmp(mtl_result_finding(res, i)->rule, "input.other-language"))
      one.other_lang = 1; /* counted apart: no verdict, not among the worst */
  for (i = 1; i < 4; i++) {
    one.sev[i] = (int64_t)sev[i];
    one.findings += (int64_t)sev[i];
  }
  if (!one.other_lang) {
    one.verdicts[v] = 1;
    for (b = MTL_HIST_BINS; b-- > 0;)
      if (score >= mtl_hist_lower[b]) {
        one.hist[b] = 1;
        break;
      }
    one.score_sum = one.score_max = score;
    one.dens_sum = one.dens_max = (int64_t)(mtl_result_window_density(res) * 10.0 + 0.5);
    one.dense = mtl_result_window_excess(res) >= 0;
    if (mtl_report_week(in->published, week) &&
        (mtl_cmap_add(&one.weeks, week, strlen(week), 1, NULL) ||
         (v == MTL_VERDICT_GARBLED &&
          mtl_cmap_add(&one.weeks_garbled, week, strlen(week), 1, NULL))))
      goto done;
  }
  for (i = 0; i < n; i++) {
    const mtl_finding *f = mtl_result_finding(res, i);
    const mtl_rule_info *ri = eng ? mtl_engine_find_rule(eng, f->rule) : NULL;
    const char *cat = ri && ri->category ? ri->category : mtl_report_category(r, f->rule);
    size_t s0 = f->start.offset, e0 = f->end.offset;
    if (!counts(f->rule))
      continue;
    if (mtl_cmap_add(&r->rules, f->rule, strlen(f->rule), 0, cat) ||
        mtl_cmap_add(&one.by_rule, f->rule, strlen(f->rule), 1, NULL) ||
        mtl_cmap_add(&one.by_cat, cat, strlen(cat), 1, NULL))
      goto done;
    /* the phrase: lower-cased match, whitespace collapsed */
    if (e0 > len)
      e0 = len;
    if (s0 < e0) {
      size_t k, j = 0;
      mtl_buf low = {0};
      key.len = 0;
      mtl_buf_puts(&key, f->rule);
      mtl_buf_putc(&key, '\x1f');
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
        put_valid(&key, low.data, cut_utf8(low.data, j, MTL_PHRASE_MAX));
      mtl_buf_free(&low);
      if (key.oom)
        goto done;
      if (j && mtl_cmap_add(&r->phrases, key.data, key.len, 1, NULL))
        goto done;
    }
  }
  sname = in->source && *in->source ? in->source : in->path;
  if (mtl_utf8_validate(sname, strlen(sname)) != strlen(sname)) {
    key.len = 0;
    put_valid(&key, sname, strlen(sname));
    if (key.oom)
      goto done;
    sname = key.data;
  }
  if (!(s = source_get(r, sname)) || stats_merge(&s->st, &one) || stats_merge(&r->total, &one))
    goto done;
  /* the worst list */
  if (r->cfg.top_articles && !one.other_lang && (r->nworst < r->cfg.top_articles ||
                              score >= r->worst[r->nworst - 1].score)) {
    const mtl_finding **fs = n ? mtl_malloc(n * sizeof *fs) : NULL;
    size_t nf = 0;
    if (n && !fs)
      goto done;
    for (i = 0; i < n; i++)
      if (counts(mtl_result_finding(res, i)->rule))
        fs[nf++] = mtl_result_finding(res, i);
    if (nf)
      qsort(fs, nf, sizeof *fs, find_order);
    w.path = dup_valid0(in->path);
    w.item = dup_valid0(in->item);
    w.title = dup_valid0(in->title);
    w.url = dup_valid0(in->url);
    w.source = dup_valid0(sname);
    w.score = score;
    w.words = one.words;
    w.findings = one.findings;
    w.verdict = (int)v;
    w.density = one.dens_max;
    for (i = 0; i < nf && i < MTL_TOP_FINDINGS; i++) {
      const mtl_finding *f = fs[i];
      size_t s0 = f->start.offset, e0 = f->end.offset;
      if (e0 > len)
        e0 = len;
      if (s0 > e0)
        s0 = e0;
      w.top[i].rule = mtl_strdup(f->rule);
      w.top[i].sev = (int)f->severity;
      w.top[i].message = dup_valid0(f->message);
      w.top[i].match = dup_valid(text ? text + s0 : "", text ? cut_utf8(text + s0, e0 - s0, MTL_MATCH_MAX) : 0);
      w.top[i].line = (int64_t)f->start.line;
      w.top[i].column = (int64_t)f->start.column;
      w.ntop++;
      if (!w.top[i].rule || !w.top[i].message || !w.top[i].match)
        break;
    }
    mtl_free(fs);
    for (i = 0; i < w.ntop; i++)
      if (!w.top[i].rule || !w.top[i].message || !w.top[i].match)
        goto done;
    if (!w.path || !w.source || (in->item && !w.item) || (in->title && !w.title) ||
        (in->url && !w.url))
      goto done;
    if (worst_insert(r, &w))
      goto done;
  }
  rc = 0;
done:
  worst_free(&w);
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
    mtl_rsource *s = source_get(dst, src->src[i]->name);
    if (!s || stats_merge(&s->st, &src->src[i]->st))
      return MTL_ENOMEM;
  }
  if (cmap_merge(&dst->rules, &src->rules) || cmap_merge(&dst->phrases, &src->phrases) ||
      cmap_merge(&dst->failed, &src->failed))
    return MTL_ENOMEM;
  for (i = 0; i < src->nworst; i++) {
    mtl_worst w;
    if (worst_copy(&w, &src->worst[i])) {
      worst_free(&w);
      return MTL_ENOMEM;
    }
    if (worst_insert(dst, &w))
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

/* ---------------- partial reports ---------------- */

static int jset(mtl_json *o, const char *k, mtl_json *v) { return v ? mtl_json_set(o, k, v) : -1; }

static int jstr(mtl_json *o, const char *k, const char *s) {
  return s ? jset(o, k, mtl_json_string(s, strlen(s))) : 0;
}

static mtl_json *cmap_json(const mtl_cmap *m, int vals) {
  mtl_json *o = mtl_json_object();
  size_t i;
  int bad = !o;
  for (i = 0; !bad && i < m->cap; i++)
    if (m->e[i].key)
      bad = vals ? jstr(o, m->e[i].key, m->e[i].val ? m->e[i].val : "other")
                 : jset(o, m->e[i].key, mtl_json_integer(m->e[i].n));
  if (bad) {
    mtl_json_free(o);
    return NULL;
  }
  return o;
}

static mtl_json *ints(const int64_t *v, size_t n) {
  mtl_json *a = mtl_json_array();
  size_t i;
  for (i = 0; a && i < n; i++)
    if (mtl_json_push(a, mtl_json_integer(v[i]))) {
      mtl_json_free(a);
      return NULL;
    }
  return a;
}

static mtl_json *stats_json(const mtl_stats *s) {
  mtl_json *o = mtl_json_object();
  int bad = !o;
  bad = bad || jset(o, "articles", mtl_json_integer(s->articles));
  bad = bad || jset(o, "words", mtl_json_integer(s->words));
  bad = bad || jset(o, "findings", mtl_json_integer(s->findings));
  bad = bad || jset(o, "other_language", mtl_json_integer(s->other_lang));
  bad = bad || jset(o, "by_severity", ints(s->sev, 4));
  bad = bad || jset(o, "verdicts", ints(s->verdicts, 3));
  bad = bad || jset(o, "histogram", ints(s->hist, MTL_HIST_BINS));
  bad = bad || jset(o, "score_sum", mtl_json_integer(s->score_sum));
  bad = bad || jset(o, "score_max", mtl_json_integer(s->score_max));
  bad = bad || jset(o, "density_sum", mtl_json_integer(s->dens_sum));
  bad = bad || jset(o, "density_max", mtl_json_integer(s->dens_max));
  bad = bad || jset(o, "dense", mtl_json_integer(s->dense));
  bad = bad || jset(o, "by_rule", cmap_json(&s->by_rule, 0));
  bad = bad || jset(o, "by_category", cmap_json(&s->by_cat, 0));
  bad = bad || jset(o, "weeks", cmap_json(&s->weeks, 0));
  bad = bad || jset(o, "weeks_garbled", cmap_json(&s->weeks_garbled, 0));
  if (bad) {
    mtl_json_free(o);
    return NULL;
  }
  return o;
}

static mtl_json *worst_json(const mtl_worst *w) {
  mtl_json *o = mtl_json_object(), *top = mtl_json_array();
  size_t i;
  int bad = !o || !top;
  bad = bad || jstr(o, "path", w->path) || jstr(o, "item", w->item) ||
        jstr(o, "title", w->title) || jstr(o, "url", w->url) || jstr(o, "source", w->source);
  bad = bad || jset(o, "score", mtl_json_integer(w->score));
  bad = bad || jset(o, "words", mtl_json_integer(w->words));
  bad = bad || jset(o, "findings", mtl_json_integer(w->findings));
  bad = bad || jset(o, "verdict", mtl_json_integer(w->verdict));
  bad = bad || jset(o, "density", mtl_json_integer(w->density));
  for (i = 0; !bad && i < w->ntop; i++) {
    mtl_json *f = mtl_json_object();
    bad = !f || jstr(f, "rule", w->top[i].rule) || jstr(f, "message", w->top[i].message) ||
          jstr(f, "match", w->top[i].match) ||
          jset(f, "severity", mtl_json_integer(w->top[i].sev)) ||
          jset(f, "line", mtl_json_integer(w->top[i].line)) ||
          jset(f, "column", mtl_json_integer(w->top[i].column));
    bad = mtl_json_push(top, f) || bad;
    f = NULL;
  }
  if (!bad) {
    bad = mtl_json_set(o, "top", top);
    top = NULL;
  }
  mtl_json_free(top);
  if (bad) {
    mtl_json_free(o);
    return NULL;
  }
  return o;
}

int mtl_report_save_partial(const mtl_report *r, mtl_write_fn fn, void *ctx) {
  mtl_json *o, *cfg, *srcs, *worst;
  const mtl_rsource **sorted;
  size_t i, len;
  char *text;
  int bad, rc;
  if (!r || !fn)
    return MTL_EINVAL;
  o = mtl_json_object();
  cfg = mtl_json_object();
  srcs = mtl_json_array();
  worst = mtl_json_array();
  bad = !o || !cfg || !srcs || !worst;
  bad = bad || jset(cfg, "suspect_at", mtl_json_real(r->cfg.suspect_at));
  bad = bad || jset(cfg, "garbled_at", mtl_json_real(r->cfg.garbled_at));
  bad = bad || jset(cfg, "top_articles", mtl_json_integer((int64_t)r->cfg.top_articles));
  bad = bad || jset(cfg, "top_phrases", mtl_json_integer((int64_t)r->cfg.top_phrases));
  sorted = mtl_report_sources_sorted(r);
  for (i = 0; !bad && i < r->nsrc; i++) {
    mtl_json *s = sorted ? stats_json(&sorted[i]->st) : NULL;
    bad = !s || jstr(s, "name", sorted[i]->name);
    bad = mtl_json_push(srcs, s) || bad;
  }
  mtl_free((void *)sorted);
  for (i = 0; !bad && i < r->nworst; i++)
    bad = mtl_json_push(worst, worst_json(&r->worst[i]));
  bad = bad || jset(o, "mtlint_partial", mtl_json_integer(1));
  bad = bad || jset(o, "version", mtl_json_string(MTL_VERSION, strlen(MTL_VERSION)));
  if (!bad) {
    bad = mtl_json_set(o, "config", cfg) | mtl_json_set(o, "sources", srcs) |
          mtl_json_set(o, "worst", worst);
  } else {
    mtl_json_free(cfg);
    mtl_json_free(srcs);
    mtl_json_free(worst);
  }
  cfg = srcs = worst = NULL;
  bad = bad || jset(o, "errors", mtl_json_integer(r->errors));
  bad = bad || jset(o, "total", stats_json(&r->total));
  bad = bad || jset(o, "rules", cmap_json(&r->rules, 1));
  bad = bad || jset(o, "phrases", cmap_json(&r->phrases, 0));
  bad = bad || jset(o, "failed", cmap_json(&r->failed, 0));
  if (bad || !(text = mtl_json_dump(o, &len))) {
    mtl_json_free(o);
    return MTL_ENOMEM;
  }
  mtl_json_free(o);
  rc = fn(ctx, text, len) || fn(ctx, "\n", 1) ? MTL_EIO : 0;
  free(text); /* mtl_json_dump allocates with malloc */
  return rc;
}

/* ---- loading ---- */

typedef struct loader {
  const char *name;
  mtl_error *err;
  int rc;
} loader;

static int lfail(loader *l, const char *what) {
  if (!l->rc)
    l->rc = mtl_seterr(l->err, MTL_ESCHEMA, l->name, 0, 0, "not a partial report: bad %s", what);
  return l->rc;
}

static int64_t lint64(loader *l, const mtl_json *o, const char *k) {
  int ok = 0;
  int64_t v = mtl_json_int(mtl_json_get(o, k), &ok);
  if (!ok || v < 0 || v > COUNT_MAX) {
    lfail(l, k);
    return 0;
  }
  return v;
}

static void lints(loader *l, const mtl_json *o, const char *k, int64_t *out, size_t n) {
  mtl_json *a = mtl_json_get(o, k);
  size_t i;
  if (mtl_json_typeof(a) != MTL_JSON_ARRAY || mtl_json_size(a) != n) {
    lfail(l, k);
    return;
  }
  for (i = 0; i < n; i++) {
    int ok = 0;
    out[i] = mtl_json_int(mtl_json_at(a, i), &ok);
    if (!ok || out[i] < 0 || out[i] > COUNT_MAX) {
      lfail(l, k);
      return;
    }
  }
}

static void lmap(loader *l, const mtl_json *o, const char *k, mtl_cmap *m, int vals) {
  mtl_json *obj = mtl_json_get(o, k);
  void *it;
  if (mtl_json_typeof(obj) != MTL_JSON_OBJECT) {
    lfail(l, k);
    return;
  }
  for (it = mtl_json_iter(obj); it && !l->rc; it = mtl_json_iter_next(obj, it)) {
    const char *key = mtl_json_iter_key(it);
    mtl_json *v = mtl_json_iter_value(it);
    if (vals) {
      const char *s = mtl_json_str(v, NULL);
      if (!s)
        lfail(l, k);
      else if (mtl_cmap_add(m, key, strlen(key), 0, s))
        l->rc = MTL_ENOMEM;
    } else {
      int ok = 0;
      int64_t n = mtl_json_int(v, &ok);
      if (!ok || n < 0 || n > COUNT_MAX)
        lfail(l, k);
      else if (mtl_cmap_add(m, key, strlen(key), n, NULL))
        l->rc = MTL_ENOMEM;
    }
  }
}

static void lstats(loader *l, const mtl_json *o, mtl_stats *s) {
  if (mtl_json_typeof(o) != MTL_JSON_OBJECT) {
    lfail(l, "statistics");
    return;
  }
  s->articles = lint64(l, o, "articles");
  s->words = lint64(l, o, "words");
  s->findings = lint64(l, o, "findings");
  if (mtl_json_get(o, "other_language")) /* absent in older partials */
    s->other_lang = lint64(l, o, "other_language");
  if (s->other_lang > s->articles)
    lfail(l, "other_language");
  s->score_sum = lint64(l, o, "score_sum");
  s->score_max = lint64(l, o, "score_max");
  if (mtl_json_get(o, "density_sum")) { /* absent in older partials */
    s->dens_sum = lint64(l, o, "density_sum");
    s->dens_max = lint64(l, o, "density_max");
    s->dense = lint64(l, o, "dense");
  }
  lints(l, o, "by_severity", s->sev, 4);
  lints(l, o, "verdicts", s->verdicts, 3);
  lints(l, o, "histogram", s->hist, MTL_HIST_BINS);
  lmap(l, o, "by_rule", &s->by_rule, 0);
  lmap(l, o, "by_category", &s->by_cat, 0);
  if (mtl_json_get(o, "weeks")) { /* absent in older partials */
    lmap(l, o, "weeks", &s->weeks, 0);
    lmap(l, o, "weeks_garbled", &s->weeks_garbled, 0);
  }
}

static char *lstr(loader *l, const mtl_json *o, const char *k, int required) {
  mtl_json *v = mtl_json_get(o, k);
  const char *s;
  char *c;
  if (!v && !required)
    return NULL;
  if (!(s = mtl_json_str(v, NULL))) {
    lfail(l, k);
    return NULL;
  }
  if (!(c = mtl_strdup(s)))
    l->rc = MTL_ENOMEM;
  return c;
}

int mtl_report_load_partial(mtl_report **out, const char *data, size_t len, const char *name,
                            mtl_error *err) {
  mtl_json *o, *cfgj, *arr;
  mtl_report_config cfg;
  mtl_report *r = NULL;
  size_t line = 0, col = 0, i;
  char msg[200];
  loader l;
  int ok = 0;
  *out = NULL;
  l.name = name ? name : "-";
  l.err = err;
  l.rc = 0;
  msg[0] = '\0';
  if (!(o = mtl_json_parse(data, len, &line, &col, msg, sizeof msg)))
    return mtl_seterr(err, MTL_EPARSE, l.name, line, col, "invalid JSON: %s", msg);
  if (mtl_json_int(mtl_json_get(o, "mtlint_partial"), &ok) != 1 || !ok) {
    mtl_json_free(o);
    return mtl_seterr(err, MTL_ESCHEMA, l.name, 0, 0, "not an mtlint partial report");
  }
  cfgj = mtl_json_get(o, "config");
  mtl_report_config_init(&cfg);
  cfg.suspect_at = mtl_json_num(mtl_json_get(cfgj, "suspect_at"), &ok);
  if (!ok)
    lfail(&l, "config.suspect_at");
  cfg.garbled_at = mtl_json_num(mtl_json_get(cfgj, "garbled_at"), &ok);
  if (!ok)
    lfail(&l, "config.garbled_at");
  cfg.top_articles = (size_t)lint64(&l, cfgj, "top_articles");
  cfg.top_phrases = (size_t)lint64(&l, cfgj, "top_phrases");
  if (!l.rc && mtl_report_new(&r, &cfg))
    l.rc = MTL_ENOMEM;
  if (!l.rc) {
    r->errors = lint64(&l, o, "errors");
    lstats(&l, mtl_json_get(o, "total"), &r->total);
    lmap(&l, o, "rules", &r->rules, 1);
    lmap(&l, o, "phrases", &r->phrases, 0);
    if (mtl_json_get(o, "failed")) /* absent in partials of mtlint before it */
      lmap(&l, o, "failed", &r->failed, 0);
  }
  arr = mtl_json_get(o, "sources");
  if (!l.rc && mtl_json_typeof(arr) != MTL_JSON_ARRAY)
    lfail(&l, "sources");
  for (i = 0; !l.rc && i < mtl_json_size(arr); i++) {
    mtl_json *sj = mtl_json_at(arr, i);
    const char *nm = mtl_json_str(mtl_json_get(sj, "name"), NULL);
    mtl_rsource *s;
    if (!nm) {
      lfail(&l, "sources.name");
      break;
    }
    if (!(s = source_get(r, nm))) {
      l.rc = MTL_ENOMEM;
      break;
    }
    if (s->st.articles) {
      lfail(&l, "sources (a name twice)");
      break;
    }
    lstats(&l, sj, &s->st);
  }
  arr = mtl_json_get(o, "worst");
  if (!l.rc && mtl_json_typeof(arr) != MTL_JSON_ARRAY)
    lfail(&l, "worst");
  for (i = 0; !l.rc && i < mtl_json_size(arr); i++) {
    mtl_json *wj = mtl_json_at(arr, i), *top;
    mtl_worst w;
    size_t k;
    memset(&w, 0, sizeof w);
    w.path = lstr(&l, wj, "path", 1);
    w.item = lstr(&l, wj, "item", 0);
    w.title = lstr(&l, wj, "title", 0);
    w.url = lstr(&l, wj, "url", 0);
    w.source = lstr(&l, wj, "source", 1);
    w.score = lint64(&l, wj, "score");
    w.words = lint64(&l, wj, "words");
    w.findings = lint64(&l, wj, "findings");
    w.verdict = (int)lint64(&l, wj, "verdict");
    if (mtl_json_get(wj, "density")) /* absent in older partials */
      w.density = lint64(&l, wj, "density");
    if (w.verdict > 2)
      lfail(&l, "verdict");
    top = mtl_json_get(wj, "top");
    if (mtl_json_typeof(top) != MTL_JSON_ARRAY)
      lfail(&l, "top");
    for (k = 0; !l.rc && k < mtl_json_size(top) && k < MTL_TOP_FINDINGS; k++) {
      mtl_json *fj = mtl_json_at(top, k);
      w.ntop++;
      w.top[k].rule = lstr(&l, fj, "rule", 1);
      w.top[k].message = lstr(&l, fj, "message", 1);
      w.top[k].match = lstr(&l, fj, "match", 1);
      w.top[k].sev = (int)lint64(&l, fj, "severity");
      w.top[k].line = lint64(&l, fj, "line");
      w.top[k].column = lint64(&l, fj, "column");
    }
    if (l.rc) {
      worst_free(&w);
      break;
    }
    if (worst_insert(r, &w))
      l.rc = MTL_ENOMEM;
  }
  mtl_json_free(o);
  if (l.rc) {
    if (l.rc == MTL_ENOMEM)
      mtl_seterr(err, MTL_ENOMEM, l.name, 0, 0, "out of memory");
    mtl_report_free(r);
    return l.rc;
  }
  *out = r;
  return 0;
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
