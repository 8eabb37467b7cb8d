/*
 * suppress.c - inline suppression comments.  mtl_lint calls
 * mtl_suppress_apply once the findings are sorted; it drops the findings
 * that a directive in the text hides.
 *
 * A directive is "mtlint-" + one of disable, enable, disable-line,
 * disable-next-line, then an optional list of rule ids or packs (commas or
 * spaces; none, "*" or "all" means every rule) and an optional "-- reason".
 * It is written either in an HTML/Markdown comment anywhere:
 *
 *     <!-- mtlint-disable-next-line mt-garble.byline-through -- quoted -->
 *
 * or, in plain text, on a line of its own, optionally after "#" or "//":
 *
 *     # mtlint-disable typography
 *
 * disable/enable act from the end of the directive onwards (the last one
 * that names a rule wins); disable-line hides the directive's own lines;
 * disable-next-line hides the next line that is not blank.  A finding is
 * placed by its start offset.  At most MAX_DIRECTIVES are honoured.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#define MAX_DIRECTIVES 100000
#define KEYWORD "mtlint-"

enum { D_DISABLE = 1, D_ENABLE, D_RANGE };

typedef struct directive {
  size_t at;          /* D_DISABLE / D_ENABLE: takes effect here */
  size_t lo, hi;      /* D_RANGE: hidden offsets [lo, hi] */
  int kind;
  size_t sel, sellen; /* rule list in the text */
} directive;

typedef struct table {
  const mtl_doc *doc;
  directive *d;
  size_t n, cap;
  int oom;
} table;

static const char *find(const char *s, size_t n, const char *needle) {
  size_t k = strlen(needle);
  const char *p = s, *end = s + n;
  while (p + k <= end && (p = memchr(p, needle[0], (size_t)(end - p) - k + 1))) {
    if (!memcmp(p, needle, k))
      return p;
    p++;
  }
  return NULL;
}

static int is_ws(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* Index of the line holding offset (lines are sorted and disjoint). */
static size_t line_of(const mtl_doc *doc, size_t off) {
  size_t lo = 0, hi = doc->nlines;
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (doc->lines[mid].start <= off)
      lo = mid;
    else
      hi = mid;
  }
  return lo;
}

static int line_blank(const mtl_doc *doc, size_t i) {
  size_t k;
  for (k = doc->lines[i].start; k < doc->lines[i].end; k++)
    if (!is_ws(doc->text[k]))
      return 0;
  return 1;
}

static void add(table *t, const directive *d) {
  if (t->n >= MAX_DIRECTIVES)
    return;
  if (mtl_grow((void **)&t->d, &t->cap, t->n + 1, sizeof *t->d)) {
    t->oom = 1;
    return;
  }
  t->d[t->n++] = *d;
}

/*
 * Parses a directive in s[0, n) (leading blanks already skipped) that spans
 * the text [from, to); adds it.  Returns 1 if s held a directive.
 */
static int parse(table *t, const char *s, size_t n, size_t from, size_t to) {
  const mtl_doc *doc = t->doc;
  directive d;
  size_t k = sizeof KEYWORD - 1, w, e;
  int next = 0, same = 0;
  if (n < k || memcmp(s, KEYWORD, k))
    return 0;
  s += k;
  n -= k;
  for (w = 0; w < n && !is_ws(s[w]); w++)
    ;
  memset(&d, 0, sizeof d);
  if (w == 7 && !memcmp(s, "disable", 7))
    d.kind = D_DISABLE;
  else if (w == 6 && !memcmp(s, "enable", 6))
    d.kind = D_ENABLE;
  else if (w == 12 && !memcmp(s, "disable-line", 12))
    same = 1;
  else if (w == 17 && !memcmp(s, "disable-next-line", 17))
    next = 1;
  else
    return 0;
  {
    directive self = d; /* the directive itself is never linted */
    self.kind = D_RANGE;
    self.lo = from;
    self.hi = to > from ? to - 1 : from;
    add(t, &self);
  }
  /* the rule list runs to " --" (a reason) or the end */
  for (e = w; e < n; e++)
    if (s[e] == '-' && e + 1 < n && s[e + 1] == '-' && is_ws(s[e - 1]))
      break;
  d.sel = (size_t)(s + w - doc->text);
  d.sellen = e - w;
  if (same || next) {
    size_t first = line_of(doc, from), last = line_of(doc, to ? to - 1 : 0);
    if (next) {
      size_t i = last + 1;
      while (i < doc->nlines && line_blank(doc, i))
        i++;
      if (i >= doc->nlines)
        return 1;
      first = last = i;
    }
    d.kind = D_RANGE;
    d.lo = doc->lines[first].start;
    d.hi = doc->lines[last].end;
  } else {
    d.at = to;
  }
  add(t, &d);
  return 1;
}

/* <!-- mtlint-... --> anywhere. */
static void scan_comments(table *t) {
  const char *text = t->doc->text, *p = text, *end = text + t->doc->len;
  while (p < end && (p = find(p, (size_t)(end - p), "<!--"))) {
    const char *body = p + 4, *close = find(body, (size_t)(end - body), "-->");
    const char *stop = close ? close : end;
    while (body < stop && is_ws(*body))
      body++;
    parse(t, body, (size_t)(stop - body), (size_t)(p - text),
          (size_t)((close ? close + 3 : end) - text));
    p = close ? close + 3 : end;
  }
}

/* A line that is only a directive, optionally after # or //. */
static void scan_lines(table *t) {
  const mtl_doc *doc = t->doc;
  size_t i;
  for (i = 0; i < doc->nlines; i++) {
    const char *s = doc->text + doc->lines[i].start, *e = doc->text + doc->lines[i].end;
    while (s < e && is_ws(*s))
      s++;
    if (s < e && *s == '#') {
      while (s < e && *s == '#')
        s++;
    } else if (e - s >= 2 && s[0] == '/' && s[1] == '/') {
      s += 2;
    }
    while (s < e && is_ws(*s))
      s++;
    parse(t, s, (size_t)(e - s), doc->lines[i].start, doc->lines[i].end);
  }
}

static int by_at(const void *a, const void *b) {
  const directive *x = a, *y = b;
  return x->at < y->at ? -1 : x->at > y->at;
}

/* Does the list sel[0, n) name rule (its id, its pack, or every rule)? */
static int names(const char *sel, size_t n, const char *rule) {
  size_t i = 0, rl = strlen(rule), any = 0;
  while (i < n) {
    size_t s;
    while (i < n && (is_ws(sel[i]) || sel[i] == ','))
      i++;
    s = i;
    while (i < n && !is_ws(sel[i]) && sel[i] != ',')
      i++;
    if (i == s)
      break;
    any = 1;
    if ((i - s == 1 && sel[s] == '*') || (i - s == 3 && !memcmp(sel + s, "all", 3)))
      return 1;
    if (i - s <= rl && !memcmp(sel + s, rule, i - s) && (i - s == rl || rule[i - s] == '.'))
      return 1;
  }
  return !any;
}

static int keep(void *ctx, const mtl_finding *f) {
  const table *t = ctx;
  size_t i, at = f->start.offset;
  int off = 0;
  for (i = 0; i < t->n; i++) {
    const directive *d = &t->d[i];
    const char *sel = t->doc->text + d->sel;
    if (d->kind == D_RANGE) {
      if (at >= d->lo && at <= d->hi && names(sel, d->sellen, f->rule))
        return 0;
    } else if (d->at <= at && names(sel, d->sellen, f->rule)) {
      off = d->kind == D_DISABLE;
    }
  }
  return !off;
}

int mtl_suppress_apply(mtl_result *res, const mtl_doc *doc) {
  table t;
  if (!res || !mtl_result_count(res) || !doc->nlines ||
      !find(doc->text, doc->len, KEYWORD))
    return 0;
  memset(&t, 0, sizeof t);
  t.doc = doc;
  scan_comments(&t);
  scan_lines(&t);
  if (t.oom) {
    mtl_free(t.d);
    return MTL_ENOMEM;
  }
  if (t.n) {
    qsort(t.d, t.n, sizeof *t.d, by_at);
    mtl_result_filter(res, keep, &t);
  }
  mtl_free(t.d);
  return 0;
}
