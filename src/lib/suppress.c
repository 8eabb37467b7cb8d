/*
 * suppress.c - inline suppression comments.  mtl_lint calls
 * mtl_suppress_run once the findings are sorted; it tells which findings
 * a directive in the text hides.
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
 *
 * mtl_suppress_run also notes, for the engine to report, the names in a
 * directive that are neither a rule id nor a pack (suppression.unknown-rule,
 * with the nearest id or pack) and, when asked, the names of disable
 * directives that hid no finding (suppression.unused).
 */
#include "check.h"
#include "doc.h"
#include "engine.h"
#include "mtlint.h"
#include "suppress.h"
#include "util.h"

#include <stdio.h>
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
  size_t kw, kwlen;   /* the keyword ("mtlint-disable-line") in the text */
  int self;           /* the range of the directive itself (never linted) */
  int enable;         /* mtlint-enable */
  int none;           /* disable-next-line with no line after it: hides nothing */
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
  memset(&d, 0, sizeof d);
  d.kw = (size_t)(s - doc->text);
  s += k;
  n -= k;
  for (w = 0; w < n && !is_ws(s[w]); w++)
    ;
  d.kwlen = k + w;
  if (w == 7 && !memcmp(s, "disable", 7))
    d.kind = D_DISABLE;
  else if (w == 6 && !memcmp(s, "enable", 6))
    d.kind = D_ENABLE, d.enable = 1;
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
    self.self = 1;
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
      if (i >= doc->nlines) { /* still checked: unknown names, unused */
        d.kind = D_RANGE;
        d.none = 1;
        add(t, &d);
        return 1;
      }
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
 * Each slot also remembers which name (of which directive) set it, so that
 * a hidden finding marks the names that hid it as used.
 */
typedef struct slot {
  size_t off, len; /* the name in the text */
  size_t seq;      /* 1 + rank of the last disable/enable naming it; 0 none */
  int kind;        /* D_DISABLE or D_ENABLE of that one */
  size_t maxhi;    /* 1 + furthest end of the ranges naming it so far; 0 none */
  size_t pt_name, rng_name; /* the names (index into names) behind seq and maxhi */
  int known;       /* 0 not looked up yet, 1 a rule id or pack, 2 neither */
  const char *near; /* known == 2: the nearest rule id or pack, or NULL */
} slot;

typedef struct sweep {
  const char *text;
  slot *slots; /* slots[0]: every rule */
  size_t nslots;
  size_t *hash; /* 1 + slot index; 0 empty */
  size_t hcap;  /* power of two, at least twice the names */
  size_t *names, *first; /* names of directive i: names[first[i] .. first[i + 1]) */
  size_t *name_off, *name_len; /* each name in the text (len 0: the empty list) */
  unsigned char *used; /* per name: hid a finding */
  unsigned char *keep; /* per item */
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

static int every_rule(const char *name, size_t n) {
  return (n == 1 && name[0] == '*') || (n == 3 && !memcmp(name, "all", 3));
}

static void put_name(sweep *w, size_t di, const char *name, size_t n) {
  size_t k = w->first[di + 1]++;
  w->name_off[k] = (size_t)(name - w->text);
  w->name_len[k] = n;
  if (every_rule(name, n))
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

/* The slots a finding of rule looks at: every rule, then each prefix. */
static void judge(sweep *w, const char *rule, size_t at, unsigned char *keep) {
  size_t rl = strlen(rule), k, best = 0, best_name = 0;
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
    if (w->slots[si].maxhi > at) {
      hidden = 1;
      w->used[w->slots[si].rng_name] = 1;
    }
    if (w->slots[si].seq > best) {
      best = w->slots[si].seq;
      kind = w->slots[si].kind;
      best_name = w->slots[si].pt_name;
    }
  }
  if (kind == D_DISABLE)
    w->used[best_name] = 1;
  *keep = !hidden && kind != D_DISABLE;
}

/* ---- names that are no rule: a set of the engine's ids and packs ---- */

typedef struct known_set {
  const char **p; /* borrowed from the engine's rule ids */
  size_t *len;
  size_t cap;     /* power of two */
} known_set;

static int known_has(const known_set *ks, const char *s, size_t n, int add) {
  size_t i = (size_t)mtl_hash(s, n) & (ks->cap - 1);
  for (; ks->p[i]; i = (i + 1) & (ks->cap - 1))
    if (ks->len[i] == n && !memcmp(ks->p[i], s, n))
      return 1;
  if (add) {
    ks->p[i] = s;
    ks->len[i] = n;
  }
  return 0;
}

/* Every rule id and each of its dot-prefixes (its pack, "a" and "a.b" of
 * "a.b.c"). */
static int known_build(known_set *ks, const mtl_engine *eng) {
  size_t i, k, n = 0;
  for (i = 0; i < eng->nrules; i++)
    for (k = 0; eng->rules[i]->info.id[k]; k++)
      n += eng->rules[i]->info.id[k] == '.';
  n += eng->nrules;
  for (ks->cap = 16; ks->cap < 2 * n; ks->cap *= 2)
    ;
  if (!(ks->p = mtl_calloc(ks->cap, sizeof *ks->p)) ||
      !(ks->len = mtl_calloc(ks->cap, sizeof *ks->len)))
    return MTL_ENOMEM;
  for (i = 0; i < eng->nrules; i++) {
    const char *id = eng->rules[i]->info.id;
    for (k = 0;; k++) {
      if (!id[k] || id[k] == '.')
        known_has(ks, id, k, 1);
      if (!id[k])
        break;
    }
  }
  return 0;
}

#define MAX_NEAREST 200 /* distinct unknown names per input that get a suggestion */

/* The rule id or pack nearest to name[0, n), if near enough to suggest
 * (as for --enable: engine.c's nearest_rule). */
static const char *nearest(const mtl_engine *eng, const char *name, size_t n) {
  const char *best = NULL;
  size_t bd = 99, j, lim = n > 12 ? 4u : n > 5 ? 2u : 1u;
  for (j = 0; j < eng->nrules; j++) {
    const mtl_rule_info *ri = &eng->rules[j]->info;
    const char *cand[2];
    size_t c;
    cand[0] = ri->id;
    cand[1] = ri->pack;
    for (c = 0; c < 2; c++) {
      size_t cl, d;
      if (!cand[c])
        continue;
      cl = strlen(cand[c]);
      if ((cl > n ? cl - n : n - cl) > lim) /* the distance is at least that */
        continue;
      d = mtl_edit_distance(name, n, cand[c], cl);
      if (d < bd) {
        bd = d;
        best = cand[c];
      }
    }
  }
  return bd <= lim ? best : NULL;
}

/* name[0, n) for a message: at most 80 bytes, control bytes as '?'. */
static void msg_name(char *dst, size_t size, const char *name, size_t n) {
  size_t i, k = 0;
  for (i = 0; i < n && i < 80 && k + 4 < size; i++)
    dst[k++] = (unsigned char)name[i] < 0x20 || name[i] == 0x7f ? '?' : name[i];
  if (i < n) {
    memcpy(dst + k, "\xE2\x80\xA6", 3); /* ... */
    k += 3;
  }
  dst[k] = '\0';
}

typedef struct notes {
  mtl_supp_note *v;
  size_t n, cap;
  int oom;
} notes;

static mtl_supp_note *note_new(notes *ns) {
  if (mtl_grow((void **)&ns->v, &ns->cap, ns->n + 1, sizeof *ns->v)) {
    ns->oom = 1;
    return NULL;
  }
  memset(&ns->v[ns->n], 0, sizeof *ns->v);
  return &ns->v[ns->n++];
}

/* The notes about the directives, once the findings are judged. */
static int make_notes(const mtl_engine *eng, const table *t, sweep *w, int unknown, int unused,
                      notes *ns) {
  known_set ks;
  size_t i, k, nearest_left = MAX_NEAREST;
  int rc = 0;
  memset(&ks, 0, sizeof ks);
  if (unknown && (rc = known_build(&ks, eng)))
    goto done;
  for (i = 0; i < t->n && !ns->oom; i++) {
    const directive *d = &t->d[i];
    char kw[40], name[100];
    if (d->self)
      continue;
    msg_name(kw, sizeof kw, w->text + d->kw, d->kwlen);
    for (k = w->first[i]; k < w->first[i + 1] && !ns->oom; k++) {
      size_t off = w->name_off[k], len = w->name_len[k];
      slot *s = &w->slots[w->names[k]];
      mtl_supp_note *note;
      if (len && w->names[k] && unknown) {
        if (!s->known) {
          s->known = known_has(&ks, w->text + off, len, 0) ? 1 : 2;
          if (s->known == 2 && nearest_left) {
            nearest_left--;
            s->near = nearest(eng, w->text + off, len);
          }
        }
        if (s->known == 2) {
          if (!(note = note_new(ns)))
            break;
          msg_name(name, sizeof name, w->text + off, len);
          note->start = off;
          note->end = off + len;
          note->near = s->near;
          if (s->near)
            snprintf(note->msg, sizeof note->msg,
                     "no rule or pack named '%s' (in %s); did you mean '%s'?", name, kw,
                     s->near);
          else
            snprintf(note->msg, sizeof note->msg,
                     "no rule or pack named '%s' (in %s); the directive does nothing for it",
                     name, kw);
          continue; /* not said to be unused too */
        }
      }
      if (!unused || d->enable || w->used[k])
        continue;
      if (!(note = note_new(ns)))
        break;
      note->unused = 1;
      if (len) {
        msg_name(name, sizeof name, w->text + off, len);
        note->start = off;
        note->end = off + len;
        snprintf(note->msg, sizeof note->msg, "%s for '%s' hid no finding", kw, name);
      } else {
        note->start = d->kw;
        note->end = d->kw + d->kwlen;
        snprintf(note->msg, sizeof note->msg, "%s hid no finding", kw);
      }
    }
  }
  if (ns->oom)
    rc = MTL_ENOMEM;
done:
  mtl_free(ks.p);
  mtl_free(ks.len);
  return rc;
}

int mtl_suppress_run(const mtl_engine *eng, const mtl_doc *doc, const mtl_supp_item *items,
                     size_t n, unsigned char *keep, int unknown, int unused,
                     mtl_supp_note **out_notes, size_t *nnotes) {
  table t;
  sweep w;
  notes ns;
  by_key *pts = NULL, *rng = NULL, *fnd = NULL;
  size_t i, nnames = 0, npts = 0, nrng = 0, p = 0, r = 0;
  int rc = MTL_ENOMEM;
  *out_notes = NULL;
  *nnotes = 0;
  if (n)
    memset(keep, 1, n);
  if ((!n && !unknown && !unused) || !doc->nlines || !find(doc->text, doc->len, KEYWORD))
    return 0;
  memset(&t, 0, sizeof t);
  memset(&w, 0, sizeof w);
  memset(&ns, 0, sizeof ns);
  t.doc = doc;
  scan_comments(&t);
  scan_lines(&t);
  if (t.oom)
    goto done;
  if (!t.n) {
    rc = 0;
    goto done;
  }
  w.text = doc->text;
  for (i = 0; i < t.n; i++)
    nnames += each_name(doc->text + t.d[i].sel, t.d[i].sellen, NULL, 0, NULL) + 1;
  for (w.hcap = 64; w.hcap < 2 * (nnames + 1); w.hcap *= 2)
    ;
  if (!(w.slots = mtl_calloc(nnames + 1, sizeof *w.slots)) ||
      !(w.hash = mtl_calloc(w.hcap, sizeof *w.hash)) ||
      !(w.names = mtl_calloc(nnames, sizeof *w.names)) ||
      !(w.name_off = mtl_calloc(nnames, sizeof *w.name_off)) ||
      !(w.name_len = mtl_calloc(nnames, sizeof *w.name_len)) ||
      !(w.used = mtl_calloc(nnames, 1)) ||
      !(w.first = mtl_calloc(t.n + 1, sizeof *w.first)) ||
      !(pts = mtl_calloc(t.n, sizeof *pts)) || !(rng = mtl_calloc(t.n, sizeof *rng)) ||
      !(fnd = mtl_calloc(n ? n : 1, sizeof *fnd)))
    goto done;
  w.keep = keep;
  w.nslots = 1; /* slots[0]: every rule */
  for (i = 0; i < t.n; i++) {
    const directive *d = &t.d[i];
    w.first[i + 1] = w.first[i];
    if (!each_name(doc->text + d->sel, d->sellen, &w, i, put_name)) {
      w.name_off[w.first[i + 1]] = d->kw;
      w.names[w.first[i + 1]++] = 0;
    }
    if (d->none) {
      /* names only */
    } else if (d->kind == D_RANGE) {
      rng[nrng].key = d->lo;
      rng[nrng++].i = i;
    } else {
      pts[npts].key = d->at;
      pts[npts++].i = i;
    }
  }
  for (i = 0; i < n; i++) {
    fnd[i].key = items[i].start;
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
        w.slots[w.names[k]].pt_name = k;
      }
    }
    for (; r < nrng && rng[r].key <= at; r++) {
      const directive *d = &t.d[rng[r].i];
      for (k = w.first[rng[r].i]; k < w.first[rng[r].i + 1]; k++)
        if (w.slots[w.names[k]].maxhi < d->hi + 1) {
          w.slots[w.names[k]].maxhi = d->hi + 1;
          w.slots[w.names[k]].rng_name = k;
        }
    }
    judge(&w, items[fnd[i].i].rule, at, &w.keep[fnd[i].i]);
  }
  if ((unknown || unused) && (rc = make_notes(eng, &t, &w, unknown, unused, &ns)))
    goto done;
  *out_notes = ns.v;
  *nnotes = ns.n;
  ns.v = NULL;
  rc = 0;
done:
  if (rc && n)
    memset(keep, 1, n);
  mtl_free(ns.v);
  mtl_free(pts);
  mtl_free(rng);
  mtl_free(fnd);
  mtl_free(w.slots);
  mtl_free(w.hash);
  mtl_free(w.names);
  mtl_free(w.name_off);
  mtl_free(w.name_len);
  mtl_free(w.used);
  mtl_free(w.first);
  mtl_free(t.d);
  return rc;
}

int mtl_suppress_any(const mtl_doc *doc) {
  return doc->nlines && find(doc->text, doc->len, KEYWORD) != NULL;
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
