/*
 * report_partial.c - partial reports: a report saved as JSON by one shard
 * of a corpus (--partial) and loaded again by mtlint merge.  Loading
 * checks every field: a count out of [0, MTL_COUNT_MAX], a missing key or
 * a source named twice is an MTL_ESCHEMA error, never a wrong report.
 */
#include "json.h"
#include "mtlint.h"
#include "report.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

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
  if (!ok || v < 0 || v > MTL_COUNT_MAX) {
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
    if (!ok || out[i] < 0 || out[i] > MTL_COUNT_MAX) {
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
      if (!ok || n < 0 || n > MTL_COUNT_MAX)
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
    if (!(s = mtl_report_source(r, nm))) {
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
      mtl_report_worst_free(&w);
      break;
    }
    if (mtl_report_worst_insert(r, &w))
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
