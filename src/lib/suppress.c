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
 * placed by its start offset.  At most MAX_DIRECTIVES per input are
 * honoured; mtl_suppress_over counts the others, which the engine reports
 * as one mtlint.rule-limit finding at the first of them.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#define MAX_DIRECTIVES 100000 /* per input; docs/CI.md */
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
  int count_only;   /* mtl_suppress_over: count, keep nothing */
  size_t ndir;      /* directives seen */
  size_t over, over_at; /* past MAX_DIRECTIVES: how many, where the first starts */
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


static int line_blank(const mtl_doc *doc, size_t i) {
  size_t k;
  for (k = doc->lines[i].start; k < doc->lines[i].end; k++)
    if (!is_ws(doc->text[k]))
      return 0;
  return 1;
}

static void add(table *t, const directive *d) {
  if (t->count_only)
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
  if (++t->ndir > MAX_DIRECTIVES) {
    if (!t->over++)
      t->over_at = from;
    return 1;
  }
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
    size_t first = mtl_doc_line_of(doc, from), last = mtl_doc_line_of(doc, to ? to - 1 : 0);
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

/*
 * Applying the table is a sweep, linear in directives and findings (it was
 * directives x findings: 20,000 disables and 100,000 findings took 95 s).
 * Every rule list is cut into names; equal names share one slot that keeps
 * the last disable/enable naming it so far and the furthest end of the
 * ranges naming it so far.  Findings are visited by offset, directives are
 * played up to each one, and a finding looks at the slots of its rule's id,
 * of each pack prefix of it ("a" and "a.b" for "a.b.c") and of "every rule".
 */
typedef struct slot {
  size_t off, len; /* the name in the text */
  size_t seq;      /* 1 + rank of the last disable/enable naming it; 0 none */
  int kind;        /* D_DISABLE or D_ENABLE of that one */
  size_t maxhi;    /* 1 + furthest end of the ranges naming it so far; 0 none */
} slot;

typedef struct sweep {
  const char *text;
  slot *slots; /* slots[0]: every rule */
  size_t nslots;
  size_t *hash; /* 1 + slot index; 0 empty */
  size_t hcap;  /* power of two, at least twice the names */
  size_t *names, *first; /* names of directive i: names[first[i] .. first[i + 1]) */
  unsigned char *keep; /* per finding */
  size_t next;         /* mtl_result_filter's finding */
} sweep;

/* Slot of name[0, n); adds it when add; SIZE_MAX when absent. */
static size_t slot_of(sweep *w, const char *name, size_t n, int add) {
  size_t i = (size_t)mtl_hash(name, n) & (w->hcap - 1);
  for (; w->hash[i]; i = (i + 1) & (w->hcap - 1)) {
    const slot *s = &w->slots[w->hash[i] - 1];
    if (s->len == n && !memcmp(w->text + s->off, name, n))
      return w->hash[i] - 1;
  }
  if (!add)
    return (size_t)-1;
  memset(&w->slots[w->nslots], 0, sizeof *w->slots);
  w->slots[w->nslots].off = (size_t)(name - w->text);
  w->slots[w->nslots].len = n;
  w->hash[i] = ++w->nslots;
  return w->nslots - 1;
}

/* Calls fn(w, i, name, n) for each name in the list sel[0, n); returns the
 * number of names (0: the empty list, every rule). */
static size_t each_name(const char *sel, size_t n, sweep *w, size_t di,
                        void (*fn)(sweep *, size_t, const char *, size_t)) {
  size_t i = 0, count = 0;
  while (i < n) {
    size_t s;
    while (i < n && (is_ws(sel[i]) || sel[i] == ','))
      i++;
    s = i;
    while (i < n && !is_ws(sel[i]) && sel[i] != ',')
      i++;
    if (i == s)
      break;
    count++;
    if (fn)
      fn(w, di, sel + s, i - s);
  }
  return count;
}

static void put_name(sweep *w, size_t di, const char *name, size_t n) {
  size_t k = w->first[di + 1]++;
  if ((n == 1 && name[0] == '*') || (n == 3 && !memcmp(name, "all", 3)))
    w->names[k] = 0;
  else
    w->names[k] = slot_of(w, name, n, 1);
}

typedef struct by_key {
  size_t key, i;
} by_key;

static int cmp_key(const void *a, const void *b) {
  const by_key *x = a, *y = b;
  if (x->key != y->key)
    return x->key < y->key ? -1 : 1;
  return x->i < y->i ? -1 : x->i > y->i;
}

static int keep_swept(void *ctx, const mtl_finding *f) {
  sweep *w = ctx;
  (void)f;
  return w->keep[w->next++];
}

/* The slots a finding of rule looks at: every rule, then each prefix. */
static void judge(sweep *w, const char *rule, size_t at, unsigned char *keep) {
  size_t rl = strlen(rule), k, best = 0;
  int kind = 0, hidden = 0;
  for (k = 0; k <= rl; k++) {
    size_t si;
    if (k && k < rl && rule[k] != '.')
      continue;
    if (k == 0) {
      si = 0;
    } else if ((si = slot_of(w, rule, k, 0)) == (size_t)-1) {
      continue;
    }
    if (w->slots[si].maxhi > at)
      hidden = 1;
    if (w->slots[si].seq > best) {
      best = w->slots[si].seq;
      kind = w->slots[si].kind;
    }
  }
  *keep = !hidden && kind != D_DISABLE;
}

int mtl_suppress_apply(mtl_result *res, const mtl_doc *doc) {
  table t;
  sweep w;
  by_key *pts = NULL, *rng = NULL, *fnd = NULL;
  size_t i, nnames = 0, npts = 0, nrng = 0, n, p = 0, r = 0;
  int rc = MTL_ENOMEM;
  if (!res || !mtl_result_count(res) || !doc->nlines ||
      !find(doc->text, doc->len, KEYWORD))
    return 0;
  memset(&t, 0, sizeof t);
  memset(&w, 0, sizeof w);
  t.doc = doc;
  scan_comments(&t);
  scan_lines(&t);
  if (t.oom)
    goto done;
  if (!t.n) {
    rc = 0;
    goto done;
  }
  n = mtl_result_count(res);
  w.text = doc->text;
  for (i = 0; i < t.n; i++)
    nnames += each_name(doc->text + t.d[i].sel, t.d[i].sellen, NULL, 0, NULL) + 1;
  for (w.hcap = 64; w.hcap < 2 * (nnames + 1); w.hcap *= 2)
    ;
  if (!(w.slots = mtl_calloc(nnames + 1, sizeof *w.slots)) ||
      !(w.hash = mtl_calloc(w.hcap, sizeof *w.hash)) ||
      !(w.names = mtl_calloc(nnames, sizeof *w.names)) ||
      !(w.first = mtl_calloc(t.n + 1, sizeof *w.first)) ||
      !(w.keep = mtl_calloc(n, 1)) || !(pts = mtl_calloc(t.n, sizeof *pts)) ||
      !(rng = mtl_calloc(t.n, sizeof *rng)) || !(fnd = mtl_calloc(n, sizeof *fnd)))
    goto done;
  w.nslots = 1; /* slots[0]: every rule */
  for (i = 0; i < t.n; i++) {
    const directive *d = &t.d[i];
    w.first[i + 1] = w.first[i];
    if (!each_name(doc->text + d->sel, d->sellen, &w, i, put_name))
      w.names[w.first[i + 1]++] = 0;
    if (d->kind == D_RANGE) {
      rng[nrng].key = d->lo;
      rng[nrng++].i = i;
    } else {
      pts[npts].key = d->at;
      pts[npts++].i = i;
    }
  }
  for (i = 0; i < n; i++) {
    fnd[i].key = mtl_result_finding(res, i)->start.offset;
    fnd[i].i = i;
  }
  qsort(pts, npts, sizeof *pts, cmp_key);
  qsort(rng, nrng, sizeof *rng, cmp_key);
  qsort(fnd, n, sizeof *fnd, cmp_key);
  for (i = 0; i < n; i++) {
    size_t at = fnd[i].key, k;
    for (; p < npts && pts[p].key <= at; p++) {
      const directive *d = &t.d[pts[p].i];
      for (k = w.first[pts[p].i]; k < w.first[pts[p].i + 1]; k++) {
        w.slots[w.names[k]].seq = p + 1;
        w.slots[w.names[k]].kind = d->kind;
      }
    }
    for (; r < nrng && rng[r].key <= at; r++) {
      const directive *d = &t.d[rng[r].i];
      for (k = w.first[rng[r].i]; k < w.first[rng[r].i + 1]; k++)
        if (w.slots[w.names[k]].maxhi < d->hi + 1)
          w.slots[w.names[k]].maxhi = d->hi + 1;
    }
    judge(&w, mtl_result_finding(res, fnd[i].i)->rule, at, &w.keep[fnd[i].i]);
  }
  mtl_result_filter(res, keep_swept, &w);
  rc = 0;
done:
  mtl_free(pts);
  mtl_free(rng);
  mtl_free(fnd);
  mtl_free(w.slots);
  mtl_free(w.hash);
  mtl_free(w.names);
  mtl_free(w.first);
  mtl_free(w.keep);
  mtl_free(t.d);
  return rc;
}

size_t mtl_suppress_over(const mtl_doc *doc, size_t *first) {
  table t;
  *first = 0;
  if (!doc->nlines || !find(doc->text, doc->len, KEYWORD))
    return 0;
  memset(&t, 0, sizeof t);
  t.doc = doc;
  t.count_only = 1;
  scan_comments(&t);
  scan_lines(&t);
  *first = t.over_at;
  return t.over;
}
