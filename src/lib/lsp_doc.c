/*
 * lsp_doc.c - the language server's documents: their findings kept in step
 * with edits, the incremental lints (paragraph-local rules on the edited
 * paragraphs, the rest on the whole text) and publishDiagnostics.
 */
#include "engine.h"
#include "json.h"
#include "lint.h"
#include "lsp_internal.h"
#include "lsp_server.h"
#include "mtlint.h"
#include "options.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------- documents ---------------- */

lsp_doc *lsp_find_doc(mtl_lsp *s, const char *uri) {
  size_t i;
  for (i = 0; uri && i < s->ndocs; i++)
    if (!strcmp(s->docs[i]->uri, uri))
      return s->docs[i];
  return NULL;
}

/* Frees the strings of the server's copy of a finding (finds_add). */
static void find_free(mtl_finding *f) {
  size_t k;
  mtl_free((char *)f->message);
  for (k = 0; k < f->n_suggestions; k++)
    mtl_free((char *)f->suggestions[k]);
  mtl_free((char **)f->suggestions);
}

static void finds_clear(lsp_doc *d) {
  size_t i;
  for (i = 0; i < d->nf; i++)
    find_free(&d->f[i]);
  d->nf = 0;
}

void lsp_doc_free(lsp_doc *d) {
  if (!d)
    return;
  finds_clear(d);
  mtl_free(d->f);
  mtl_free(d->uri);
  mtl_free(d->path);
  mtl_free(d->text);
  lsp_free_list(&d->off);
  mtl_free(d);
}

void lsp_doc_stale(lsp_doc *d) {
  finds_clear(d);
  d->eng = NULL;
  d->partial_ok = 0;
  d->dirty = 0;
}

/* In the server's copies of findings, fix == lsp_sugg_later marks a finding
 * whose suggestions the lint deferred (MTL_LINT_NO_SUGGEST: typing does no
 * Hunspell suggestion work); a code action asking about it computes them. */
const char lsp_sugg_later[] = "deferred";

/* Gives c copies of f's suggestions (c had none); on MTL_ENOMEM c keeps
 * those copied so far. */
int lsp_copy_suggestions(mtl_finding *c, const mtl_finding *f) {
  size_t k;
  c->suggestions = NULL;
  c->n_suggestions = 0;
  if (f->n_suggestions &&
      !(c->suggestions = mtl_calloc(f->n_suggestions, sizeof *c->suggestions)))
    return MTL_ENOMEM;
  for (k = 0; k < f->n_suggestions; k++) {
    char *sg = mtl_strdup(f->suggestions[k]);
    if (!sg)
      return MTL_ENOMEM;
    ((char **)c->suggestions)[c->n_suggestions++] = sg;
  }
  return 0;
}

/* Copies finding i of res, shifted by shift bytes; strings are duplicated. */
static int finds_add(lsp_doc *d, const mtl_result *res, size_t i, size_t shift) {
  const mtl_finding *f = mtl_result_finding(res, i);
  mtl_finding *c;
  if (mtl_grow((void **)&d->f, &d->capf, d->nf + 1, sizeof *d->f))
    return MTL_ENOMEM;
  c = &d->f[d->nf];
  *c = *f;
  if (mtl_result_sugg_deferred(res, i))
    c->fix = lsp_sugg_later;
  c->start.offset += shift;
  c->end.offset += shift;
  c->suggestions = NULL;
  c->n_suggestions = 0;
  if (!(c->message = mtl_strdup(f->message)))
    return MTL_ENOMEM;
  d->nf++;
  return lsp_copy_suggestions(c, f);
}

int lsp_cmp_find(const void *pa, const void *pb) {
  const mtl_finding *a = pa, *b = pb;
  if (a->start.offset != b->start.offset)
    return a->start.offset < b->start.offset ? -1 : 1;
  if (a->end.offset != b->end.offset)
    return a->end.offset < b->end.offset ? -1 : 1;
  return strcmp(a->rule, b->rule);
}

/* The text [a, b) became n bytes: findings touching it go, later ones
 * move, and the edited range is remembered for the next lint. */
void lsp_finds_edit(lsp_doc *d, size_t a, size_t b, size_t n) {
  size_t i, j = 0, lo = a, hi = a + n;
  for (i = 0; i < d->nf; i++) {
    mtl_finding *f = &d->f[i];
    if (f->end.offset < a) {
      d->f[j++] = *f;
    } else if (f->start.offset > b) {
      f->start.offset = f->start.offset - b + a + n;
      f->end.offset = f->end.offset - b + a + n;
      d->f[j++] = *f;
    } else {
      find_free(f);
    }
  }
  d->nf = j;
  if (d->dirty) {
    size_t ol = d->dlo <= a ? d->dlo : d->dlo >= b ? d->dlo - b + a + n : a + n;
    size_t oh = d->dhi <= a ? d->dhi : d->dhi >= b ? d->dhi - b + a + n : a + n;
    lo = ol < lo ? ol : lo;
    hi = oh > hi ? oh : hi;
  }
  d->dlo = lo;
  d->dhi = hi;
  d->dirty = 1;
}

/* Replaces d->text[a, b) with r[0..n). */
int lsp_doc_splice(lsp_doc *d, size_t a, size_t b, const char *r, size_t n) {
  size_t nl;
  if (b < a) {
    size_t t = a;
    a = b;
    b = t;
  }
  if (b > d->len)
    b = d->len;
  if (a > b)
    a = b;
  nl = d->len - (b - a) + n;
  if (nl > MAX_DOC_BYTES)
    return MTL_ELIMIT;
  if (mtl_grow((void **)&d->text, &d->cap, nl + 1, 1))
    return MTL_ENOMEM;
  memmove(d->text + a + n, d->text + b, d->len - b);
  if (n)
    memcpy(d->text + a, r, n);
  d->len = nl;
  d->text[nl] = '\0';
  return 0;
}

/* Whether a rule is hidden by the settings or for this file. */
static int sel_matches(const mtl_strlist *l, const char *rule) {
  size_t i;
  for (i = 0; i < l->n; i++) {
    const char *sel = l->v[i];
    size_t n = strlen(sel);
    if (!strcmp(sel, "*") || !strcmp(sel, rule) || (!strncmp(sel, rule, n) && rule[n] == '.'))
      return 1;
  }
  return 0;
}

int lsp_hidden(const mtl_lsp *s, const lsp_doc *d, const char *rule) {
  return sel_matches(&s->off, rule) || sel_matches(&d->off, rule);
}

/* ---------------- diagnostics ---------------- */

static int lsp_severity(mtl_severity sev) {
  return sev == MTL_SEV_ERROR ? 1 : sev == MTL_SEV_WARNING ? 2 : 3;
}

mtl_json *lsp_make_diag(const mtl_lsp *s, const lsp_doc *d, const mtl_lsp_lines *li,
                        const mtl_finding *f) {
  mtl_json *g = mtl_json_object(), *data = mtl_json_object();
  const mtl_rule_info *ri = d->eng ? mtl_engine_find_rule(d->eng, f->rule) : NULL;
  mtl_json_set(g, "range", lsp_jrange(s, d, li, f->start.offset, f->end.offset));
  mtl_json_set(g, "severity", mtl_json_integer(lsp_severity(f->severity)));
  mtl_json_set(g, "code", lsp_jstr(f->rule));
  mtl_json_set(g, "source", mtl_json_string("mtlint", 6));
  mtl_json_set(g, "message", lsp_jstr(f->message));
  if (ri && (ri->link || ri->file)) {
    mtl_json *cd = mtl_json_object();
    if (ri->link) {
      mtl_json_set(cd, "href", lsp_jstr(ri->link));
    } else {
      char *uri = mtl_lsp_path_uri(ri->file);
      mtl_buf b = {0};
      if (uri)
        mtl_buf_printf(&b, "%s#L%zu", uri, ri->line);
      mtl_json_set(cd, "href", b.data ? lsp_jstr(b.data) : NULL);
      mtl_free(uri);
      mtl_buf_free(&b);
    }
    mtl_json_set(g, "codeDescription", cd);
  }
  mtl_json_set(data, "start", mtl_json_integer((int64_t)f->start.offset));
  mtl_json_set(data, "end", mtl_json_integer((int64_t)f->end.offset));
  mtl_json_set(data, "version", mtl_json_integer(d->version));
  mtl_json_set(data, "fix", lsp_jstr(f->fix_safe          ? "safe"
                                 : f->n_suggestions    ? "unsafe"
                                 : f->fix == lsp_sugg_later ? lsp_sugg_later
                                                        : "none"));
  mtl_json_set(g, "data", data);
  return g;
}

void lsp_publish(mtl_lsp *s, lsp_doc *d, mtl_json *extra) {
  mtl_json *p = mtl_json_object(), *arr = mtl_json_array();
  size_t i, n = d->nf, shown = 0;
  mtl_lsp_lines li;
  if (extra)
    mtl_json_push(arr, extra);
  if (n && !mtl_lsp_lines_init(&li, d->text, d->len)) {
    for (i = 0; i < n && shown < MAX_DIAGS; i++) {
      const mtl_finding *f = &d->f[i];
      if (lsp_hidden(s, d, f->rule))
        continue;
      mtl_json_push(arr, lsp_make_diag(s, d, &li, f));
      shown++;
    }
    mtl_lsp_lines_free(&li);
  }
  d->published = d->version;
  mtl_json_set(p, "uri", lsp_jstr(d->uri));
  mtl_json_set(p, "version", mtl_json_integer(d->version));
  mtl_json_set(p, "diagnostics", arr);
  lsp_notify(s, "textDocument/publishDiagnostics", p);
}

/* A diagnostic at the top of the document for rules that do not load. */
static mtl_json *config_diag(const mtl_error *err) {
  mtl_json *g = mtl_json_object(), *r = mtl_json_object();
  char msg[2048];
  if (err->line)
    snprintf(msg, sizeof msg, "mtlint could not load its rules: %s:%zu:%zu: %s", err->file,
             err->line, err->column, err->message);
  else
    snprintf(msg, sizeof msg, "mtlint could not load its rules: %s%s%s",
             err->file[0] ? err->file : "", err->file[0] ? ": " : "", err->message);
  mtl_json_set(r, "start", lsp_jposition(0, 0));
  mtl_json_set(r, "end", lsp_jposition(0, 0));
  mtl_json_set(g, "range", r);
  mtl_json_set(g, "severity", mtl_json_integer(1));
  mtl_json_set(g, "code", mtl_json_string("mtlint.config", 13));
  mtl_json_set(g, "source", mtl_json_string("mtlint", 6));
  mtl_json_set(g, "message", lsp_jstr(msg));
  return g;
}

/* Whether a rule's findings lie inside one paragraph and depend on it
 * alone (the rule's para_local property, set by its kind: spelling, and
 * pattern rules scoped to a line, sentence or paragraph or whose pattern
 * cannot match or see across a line break).  A region lint keeps these; the
 * others are run on the whole text. */
static int local_rule(const lsp_doc *d, const char *rule) {
  return mtl_rule_para_local(d->eng, rule);
}

static int is_kind(const lsp_doc *d, const char *rule, const char *kind) {
  const mtl_rule_info *ri = d->eng ? mtl_engine_find_rule(d->eng, rule) : NULL;
  return ri && ri->kind && !strcmp(ri->kind, kind);
}

static int blank_line_at(const char *t, size_t len, size_t i) {
  /* t[i] is '\n'; is the next line empty? */
  size_t j = i + 1;
  if (j < len && t[j] == '\r')
    j++;
  return j >= len || t[j] == '\n';
}

static size_t para_start(const char *t, size_t a) {
  while (a > 0 && !(t[a - 1] == '\n' && a >= 2 &&
                    (t[a - 2] == '\n' || (t[a - 2] == '\r' && a >= 3 && t[a - 3] == '\n'))))
    a--;
  return a;
}

static size_t para_end(const char *t, size_t len, size_t b) {
  while (b < len && !(t[b] == '\n' && blank_line_at(t, len, b)))
    b++;
  return b;
}

/* The paragraphs (blocks between empty lines) around [lo, hi). */
void lsp_region_of(const lsp_doc *d, size_t lo, size_t hi, size_t *ps, size_t *pe) {
  *ps = para_start(d->text, lo);
  *pe = para_end(d->text, d->len, hi);
}

static int has_text(const char *t, size_t a, size_t b) {
  for (; a < b; a++)
    if (t[a] != ' ' && t[a] != '\t' && t[a] != '\r' && t[a] != '\n' && t[a] != '\f' &&
        t[a] != '\v')
      return 1;
  return 0;
}

/* A region for a lint that gives the whole-text findings of the para_local
 * rules inside it: the edited paragraphs and the next one (else the one
 * before), so that the region, like the text, holds an empty line between
 * two paragraphs and is split into paragraphs the same way (a text without
 * blank lines between its lines is read as one paragraph per line).  The
 * region ends before the line break of its last line, '\r' included.
 * 0 when no such region is smaller than the text. */
static int lint_span(const lsp_doc *d, size_t *ps, size_t *pe) {
  const char *t = d->text;
  size_t a, b, n;
  lsp_region_of(d, d->dlo, d->dhi, &a, &b);
  for (n = b; n < d->len && (t[n] == '\n' || t[n] == '\r'); n++)
    ;
  if (n < d->len && has_text(t, a, b) && has_text(t, n, para_end(t, d->len, n))) {
    b = para_end(t, d->len, n);
  } else {
    size_t m = a;
    while (m > 0 && (t[m - 1] == '\n' || t[m - 1] == '\r'))
      m--;
    if (m == 0 || !has_text(t, a, b))
      return 0;
    a = para_start(t, m);
    if (!has_text(t, a, m))
      return 0;
  }
  if (b > a && t[b - 1] == '\r')
    b--;
  *ps = a;
  *pe = b;
  return 1;
}

/* Whether two sorted finding lists are the same (then nothing is republished). */
static int same_findings(const mtl_finding *a, size_t na, const lsp_doc *d) {
  size_t i;
  if (na != d->nf)
    return 0;
  for (i = 0; i < na; i++)
    if (lsp_cmp_find(&a[i], &d->f[i]) || strcmp(a[i].message, d->f[i].message))
      return 0;
  return 1;
}

/* Whether a whole-text lint would drop the spelling finding f: lint.c
 * drops one that a finding of another non-built-in rule overlaps.  Only the
 * non-local findings (res) need a look: the local ones around f were in the
 * region lint that found it. */
static int shadowed(const lsp_doc *d, const mtl_finding *f, const mtl_result *res) {
  size_t i;
  for (i = 0; i < mtl_result_count(res); i++) {
    const mtl_finding *g = mtl_result_finding(res, i);
    int before = lsp_cmp_find(g, f) < 0;
    if (!before && g->start.offset >= f->end.offset)
      break;
    if (is_kind(d, g->rule, "builtin"))
      continue;
    if (before ? g->end.offset > f->start.offset : g->start.offset < f->end.offset)
      return 1;
  }
  return 0;
}

/* Whether the text holds an inline directive (suppress.c's keyword). */
static int has_directive(const char *t, size_t len) {
  static const char kw[] = "mtlint-";
  const char *p = t, *end = t + len;
  while (p && (size_t)(end - p) >= sizeof kw - 1) {
    if (!memcmp(p, kw, sizeof kw - 1))
      return 1;
    p = memchr(p + 1, 'm', (size_t)(end - p) - 1);
  }
  return 0;
}

/* Lints the edited paragraphs with the para_local rules and the whole text
 * with the others; 0 if that was not possible.  Not with an mtlint-disable
 * comment in the text, now or at the last lint: a directive hides findings
 * far from where it stands, so those texts are linted whole. */
static int lint_region(mtl_lsp *s, lsp_doc *d, const mtl_engine *eng) {
  size_t ps, pe, i, j = 0;
  mtl_result *res = NULL, *all = NULL;
  int whole;
  if (!d->partial_ok || !d->dirty || d->eng != eng || d->directives ||
      has_directive(d->text, d->len) || !lint_span(d, &ps, &pe))
    return 0;
  if (pe - ps > MAX_REGION || pe - ps > d->len / 2)
    return 0;
  whole = d->len <= MAX_WHOLE_NONLOCAL;
  if (mtl_lint_flags(&res, eng, d->text + ps, pe - ps,
                     MTL_LINT_NO_SUGGEST | MTL_LINT_LOCAL_ONLY, NULL) ||
      (whole && mtl_lint_flags(&all, eng, d->text, d->len,
                               MTL_LINT_NO_SUGGEST | MTL_LINT_NONLOCAL_ONLY, NULL))) {
    mtl_result_free(res);
    return 0;
  }
  /* kept: the local findings outside the region (the region's come again);
   * the non-local ones all come from the whole-text lint (in a large text:
   * those the edit did not touch stay until the whole-document lint) */
  for (i = 0; i < d->nf; i++) {
    mtl_finding *f = &d->f[i];
    int local = local_rule(d, f->rule);
    if (local ? !(f->start.offset >= ps && f->end.offset <= pe) &&
                    !(is_kind(d, f->rule, "spelling") && shadowed(d, f, all))
              : !whole)
      d->f[j++] = *f;
    else
      find_free(f);
  }
  d->nf = j;
  for (i = 0; i < mtl_result_count(res); i++) {
    const mtl_finding *f = mtl_result_finding(res, i);
    mtl_finding at = *f;
    at.start.offset += ps;
    at.end.offset += ps;
    if (is_kind(d, f->rule, "spelling") && shadowed(d, &at, all))
      continue;
    if (finds_add(d, res, i, ps))
      goto oom;
  }
  for (i = 0; i < mtl_result_count(all); i++)
    if (finds_add(d, all, i, 0))
      goto oom;
  mtl_result_free(res);
  mtl_result_free(all);
  if (d->nf)
    qsort(d->f, d->nf, sizeof *d->f, lsp_cmp_find);
  d->dirty = 0;
  /* a spelling finding outside the region that a vanished non-local finding
   * used to hide comes back with the whole-text lint after the pause */
  d->due_full = s->now + FULL_DELAY;
  return 1;
oom:
  mtl_result_free(res);
  mtl_result_free(all);
  lsp_doc_stale(d);
  return 0;
}

/* Lints d and publishes.  LINT_REGION: the edited paragraphs only, when
 * possible; LINT_PAUSE: the whole text, published only if it changed. */
void lsp_lint_doc(mtl_lsp *s, lsp_doc *d, int mode) {
  mtl_error err;
  const mtl_engine *eng;
  mtl_result *res = NULL;
  mtl_finding *old;
  size_t i, nold, n;
  memset(&err, 0, sizeof err);
  d->due = -1;
  eng = s->host.engine ? s->host.engine(s->host.ctx, d->path, &err) : NULL;
  if (!eng) {
    if (!err.message[0])
      snprintf(err.message, sizeof err.message, "no engine");
    lsp_log(s, "%s: %s", err.file[0] ? err.file : "rules", err.message);
    lsp_doc_stale(d);
    d->due_full = -1;
    lsp_publish(s, d, config_diag(&err));
    return;
  }
  if (mode == LINT_REGION && lint_region(s, d, eng)) {
    lsp_publish(s, d, NULL);
    return;
  }
  d->due_full = -1;
  if (mtl_lint_flags(&res, eng, d->text, d->len, MTL_LINT_NO_SUGGEST, &err)) {
    lsp_log(s, "%s: lint failed: %s", d->uri, err.message);
    lsp_doc_stale(d);
    lsp_publish(s, d, NULL);
    return;
  }
  /* keep the old list to compare: an unchanged list is not sent again */
  old = d->f;
  nold = d->nf;
  d->f = NULL;
  d->nf = d->capf = 0;
  d->eng = eng;
  n = mtl_result_count(res);
  for (i = 0; i < n; i++)
    if (finds_add(d, res, i, 0))
      break;
  mtl_result_free(res);
  d->partial_ok = i == n;
  d->dirty = 0;
  d->directives = has_directive(d->text, d->len);
  if (!(mode == LINT_PAUSE && d->partial_ok && same_findings(old, nold, d) &&
        d->published == d->version))
    lsp_publish(s, d, NULL);
  {
    lsp_doc tmp;
    memset(&tmp, 0, sizeof tmp);
    tmp.f = old;
    tmp.nf = nold;
    finds_clear(&tmp);
    mtl_free(old);
  }
}

void lsp_run_due(mtl_lsp *s) {
  size_t i;
  for (i = 0; i < s->ndocs && !s->broken; i++) {
    lsp_doc *d = s->docs[i];
    if (d->due >= 0 && d->due <= s->now)
      lsp_lint_doc(s, d, LINT_REGION);
    else if (d->due < 0 && d->due_full >= 0 && d->due_full <= s->now)
      lsp_lint_doc(s, d, LINT_PAUSE);
  }
}

/* Rules, word lists or config changed: every document is linted afresh. */
void lsp_reload_all(mtl_lsp *s) {
  size_t i;
  for (i = 0; i < s->ndocs; i++) {
    lsp_doc_stale(s->docs[i]);
    s->docs[i]->due = s->now;
  }
  if (s->host.reload)
    s->host.reload(s->host.ctx);
  lsp_log(s, "reloading rules and configs");
}
