/*
 * lsp.c - the language server: JSON-RPC 2.0 over the framing of
 * lsp_frame.c, the open documents, debounced lints, publishDiagnostics,
 * code actions and the commands behind them.  No I/O here: bytes come in
 * through mtl_lsp_feed, messages leave through the host's write callback,
 * time comes from mtl_lsp_tick.
 *
 * Messages of one feed are queued, then handled in order, so a
 * $/cancelRequest that arrives with the request it cancels is honoured.
 * A document's findings always match its current text: an edit drops the
 * findings it touches and shifts the ones after it, and a code action
 * lints a pending document first.  Typing is linted incrementally: after
 * an edit the paragraphs it touched are linted again with the rules whose
 * findings stay inside a paragraph (mtl_rule.para_local), the other rules
 * run on the whole text, and the whole document follows once the typing
 * pauses (FULL_DELAY).  Typing lints compute no spelling suggestions; a
 * client that resolves code actions gets them for the one word it picks
 * (codeAction/resolve), any other client from the code action itself, for
 * a bounded number of the findings it is asked about.  Findings
 * point into the engine they came from (rule ids), so a reload drops them
 * all before the host frees its engines.
 */
#include "lsp_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "options.h" /* mtl_strlist */

#define MAX_DOCS 4096
#define MAX_DOC_BYTES (32u << 20)
#define MAX_DIAGS 5000          /* per document */
#define MAX_ACTIONS 200         /* per code action request */
#define MAX_FIX_SUGGESTIONS 5   /* quick fixes per finding */
#define MAX_CHANGES 10000       /* content changes in one didChange */
#define MAX_DEBOUNCE 10000
#define FULL_DELAY 400          /* ms of quiet before a whole-document lint after edits */
#define MAX_REGION (64u << 10)  /* larger edited regions get a whole-document lint */
/* Up to this size the rules that are not paragraph-local run on the whole
 * text after each edit (1.3 ms for 5,000 words); a larger text keeps their
 * findings that the edit did not touch until the whole-document lint. */
#define MAX_WHOLE_NONLOCAL (512u << 10)

/* JSON-RPC and LSP error codes. */
enum {
  E_PARSE = -32700,
  E_INVALID_REQUEST = -32600,
  E_NO_METHOD = -32601,
  E_INVALID_PARAMS = -32602,
  E_INTERNAL = -32603,
  E_NOT_INITIALIZED = -32002,
  E_REQUEST_FAILED = -32803,
  E_CONTENT_MODIFIED = -32801,
  E_CANCELLED = -32800
};

enum { S_NEW = 0, S_RUNNING, S_SHUTDOWN, S_EXITED };

static const char *const commands[] = {"mtlint.addWord", "mtlint.disableRule", NULL};

typedef struct lsp_doc {
  char *uri;
  char *path;               /* for file: URIs, else NULL */
  char *text;
  size_t len, cap;
  long long version;
  long long due;            /* when to lint; -1: nothing pending */
  long long due_full;       /* when to lint the whole text; -1: not pending */
  const mtl_engine *eng;    /* what the findings came from; NULL: none */
  mtl_finding *f;           /* findings of text, sorted; strings owned but rule */
  size_t nf, capf;
  int partial_ok;           /* f was valid before the edits: a region lint may do */
  size_t dlo, dhi;          /* bytes edited since the last lint, when dirty */
  int dirty;
  int directives;           /* the text last linted held "mtlint-" (suppress.c) */
  long long published;      /* version of the last publish; -1: none */
  mtl_strlist off;          /* rules disabled for this file */
} lsp_doc;

typedef struct qitem {
  mtl_json *msg;            /* a parsed message, or NULL for an error */
  int code;
  const char *why;
} qitem;

struct mtl_lsp {
  mtl_lsp_host host;
  mtl_lsp_framer fr;
  int state;
  int exit_status;
  mtl_lsp_enc enc;
  mtl_lsp_enc forced_enc;   /* 0: negotiate at initialize */
  long long now, debounce;
  char *root;
  char *user_wordlist;
  lsp_doc **docs;
  size_t ndocs, capdocs;
  mtl_strlist off;          /* rules hidden by settings */
  int broken;
  int can_watch;
  int resolve;              /* the client resolves code actions' edits */
  long long next_id;
  qitem *q;
  size_t nq, capq;
};

/* ---------------- small helpers ---------------- */

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void logf_(mtl_lsp *s, const char *fmt, ...);
static void logf_(mtl_lsp *s, const char *fmt, ...) {
  char line[1024];
  va_list ap;
  if (!s->host.log)
    return;
  va_start(ap, fmt);
  vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  s->host.log(s->host.ctx, line);
}

static void free_list(mtl_strlist *l) {
  size_t i;
  for (i = 0; i < l->n; i++)
    mtl_free(l->v[i]);
  mtl_free(l->v);
  memset(l, 0, sizeof *l);
}

static int list_has(const mtl_strlist *l, const char *s) {
  size_t i;
  for (i = 0; i < l->n; i++)
    if (!strcmp(l->v[i], s))
      return 1;
  return 0;
}

/* A JSON string of any bytes (invalid UTF-8 becomes U+FFFD). */
static mtl_json *jstrn(const char *s, size_t n) {
  mtl_json *v;
  mtl_buf b = {0};
  if (mtl_utf8_validate(s, n) == n && !memchr(s, '\0', n))
    return mtl_json_string(s, n);
  mtl_lsp_clean_utf8(&b, s, n);
  v = b.oom ? NULL : mtl_json_string(b.data ? b.data : "", b.len);
  mtl_buf_free(&b);
  return v;
}

static mtl_json *jstr(const char *s) { return jstrn(s, strlen(s)); }

static const char *get_str(const mtl_json *o, const char *k) {
  return mtl_json_str(mtl_json_get(o, k), NULL);
}

static int get_int(const mtl_json *o, const char *k, long long *out) {
  int ok;
  int64_t v = mtl_json_int(mtl_json_get(o, k), &ok);
  if (ok)
    *out = (long long)v;
  return ok;
}

static int get_bool(const mtl_json *o, const char *k) {
  return mtl_json_typeof(mtl_json_get(o, k)) == MTL_JSON_TRUE;
}

/* ---------------- output ---------------- */

/* Frames and writes msg (taken over). */
static void send_msg(mtl_lsp *s, mtl_json *msg) {
  char *body;
  size_t n = 0;
  mtl_buf b = {0};
  mtl_json_set(msg, "jsonrpc", mtl_json_string("2.0", 3));
  body = mtl_json_dump(msg, &n);
  mtl_json_free(msg);
  if (!body) {
    logf_(s, "out of memory writing a message");
    return;
  }
  mtl_buf_printf(&b, "Content-Length: %zu\r\n\r\n", n);
  mtl_buf_put(&b, body, n);
  free(body);
  if (b.oom)
    logf_(s, "out of memory writing a message");
  else if (!s->broken && s->host.write(s->host.ctx, b.data, b.len))
    s->broken = 1;
  mtl_buf_free(&b);
}

static void reply(mtl_lsp *s, const mtl_json *id, mtl_json *result) {
  mtl_json *m = mtl_json_object();
  mtl_json_set(m, "id", id ? mtl_json_ref((mtl_json *)id) : mtl_json_null());
  mtl_json_set(m, "result", result ? result : mtl_json_null());
  send_msg(s, m);
}

static void reply_error(mtl_lsp *s, const mtl_json *id, int code, const char *msg) {
  mtl_json *m = mtl_json_object(), *e = mtl_json_object();
  mtl_json_set(e, "code", mtl_json_integer(code));
  mtl_json_set(e, "message", jstr(msg));
  mtl_json_set(m, "id", id ? mtl_json_ref((mtl_json *)id) : mtl_json_null());
  mtl_json_set(m, "error", e);
  send_msg(s, m);
}

static void notify(mtl_lsp *s, const char *method, mtl_json *params) {
  mtl_json *m = mtl_json_object();
  mtl_json_set(m, "method", jstr(method));
  mtl_json_set(m, "params", params);
  send_msg(s, m);
}

static void show_message(mtl_lsp *s, int type, const char *text) {
  mtl_json *p = mtl_json_object();
  mtl_json_set(p, "type", mtl_json_integer(type));
  mtl_json_set(p, "message", jstr(text));
  notify(s, "window/showMessage", p);
}

static mtl_json *jposition(size_t line, size_t ch) {
  mtl_json *p = mtl_json_object();
  mtl_json_set(p, "line", mtl_json_integer((int64_t)line));
  mtl_json_set(p, "character", mtl_json_integer((int64_t)ch));
  return p;
}

static mtl_json *jrange(const mtl_lsp *s, const lsp_doc *d, const mtl_lsp_lines *li,
                        size_t start, size_t end) {
  mtl_json *r = mtl_json_object();
  size_t l, c;
  mtl_lsp_position(li, d->text, d->len, start, s->enc, &l, &c);
  mtl_json_set(r, "start", jposition(l, c));
  mtl_lsp_position(li, d->text, d->len, end, s->enc, &l, &c);
  mtl_json_set(r, "end", jposition(l, c));
  return r;
}

/* ---------------- documents ---------------- */

static lsp_doc *find_doc(mtl_lsp *s, const char *uri) {
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

static void doc_free(lsp_doc *d) {
  if (!d)
    return;
  finds_clear(d);
  mtl_free(d->f);
  mtl_free(d->uri);
  mtl_free(d->path);
  mtl_free(d->text);
  free_list(&d->off);
  mtl_free(d);
}

static void doc_stale(lsp_doc *d) {
  finds_clear(d);
  d->eng = NULL;
  d->partial_ok = 0;
  d->dirty = 0;
}

/* In the server's copies of findings, fix == sugg_later marks a finding
 * whose suggestions the lint deferred (MTL_LINT_NO_SUGGEST: typing does no
 * Hunspell suggestion work); a code action asking about it computes them. */
static const char sugg_later[] = "deferred";

/* Gives c copies of f's suggestions (c had none); on MTL_ENOMEM c keeps
 * those copied so far. */
static int copy_suggestions(mtl_finding *c, const mtl_finding *f) {
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
    c->fix = sugg_later;
  c->start.offset += shift;
  c->end.offset += shift;
  c->suggestions = NULL;
  c->n_suggestions = 0;
  if (!(c->message = mtl_strdup(f->message)))
    return MTL_ENOMEM;
  d->nf++;
  return copy_suggestions(c, f);
}

static int cmp_find(const void *pa, const void *pb) {
  const mtl_finding *a = pa, *b = pb;
  if (a->start.offset != b->start.offset)
    return a->start.offset < b->start.offset ? -1 : 1;
  if (a->end.offset != b->end.offset)
    return a->end.offset < b->end.offset ? -1 : 1;
  return strcmp(a->rule, b->rule);
}

/* The text [a, b) became n bytes: findings touching it go, later ones
 * move, and the edited range is remembered for the next lint. */
static void finds_edit(lsp_doc *d, size_t a, size_t b, size_t n) {
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
static int doc_splice(lsp_doc *d, size_t a, size_t b, const char *r, size_t n) {
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

static int hidden(const mtl_lsp *s, const lsp_doc *d, const char *rule) {
  return sel_matches(&s->off, rule) || sel_matches(&d->off, rule);
}

/* ---------------- diagnostics ---------------- */

static int lsp_severity(mtl_severity sev) {
  return sev == MTL_SEV_ERROR ? 1 : sev == MTL_SEV_WARNING ? 2 : 3;
}

static mtl_json *make_diag(const mtl_lsp *s, const lsp_doc *d, const mtl_lsp_lines *li,
                           const mtl_finding *f) {
  mtl_json *g = mtl_json_object(), *data = mtl_json_object();
  const mtl_rule_info *ri = d->eng ? mtl_engine_find_rule(d->eng, f->rule) : NULL;
  mtl_json_set(g, "range", jrange(s, d, li, f->start.offset, f->end.offset));
  mtl_json_set(g, "severity", mtl_json_integer(lsp_severity(f->severity)));
  mtl_json_set(g, "code", jstr(f->rule));
  mtl_json_set(g, "source", mtl_json_string("mtlint", 6));
  mtl_json_set(g, "message", jstr(f->message));
  if (ri && (ri->link || ri->file)) {
    mtl_json *cd = mtl_json_object();
    if (ri->link) {
      mtl_json_set(cd, "href", jstr(ri->link));
    } else {
      char *uri = mtl_lsp_path_uri(ri->file);
      mtl_buf b = {0};
      if (uri)
        mtl_buf_printf(&b, "%s#L%zu", uri, ri->line);
      mtl_json_set(cd, "href", b.data ? jstr(b.data) : NULL);
      mtl_free(uri);
      mtl_buf_free(&b);
    }
    mtl_json_set(g, "codeDescription", cd);
  }
  mtl_json_set(data, "start", mtl_json_integer((int64_t)f->start.offset));
  mtl_json_set(data, "end", mtl_json_integer((int64_t)f->end.offset));
  mtl_json_set(data, "version", mtl_json_integer(d->version));
  mtl_json_set(data, "fix", jstr(f->fix_safe          ? "safe"
                                 : f->n_suggestions    ? "unsafe"
                                 : f->fix == sugg_later ? sugg_later
                                                        : "none"));
  mtl_json_set(g, "data", data);
  return g;
}

static void publish(mtl_lsp *s, lsp_doc *d, mtl_json *extra) {
  mtl_json *p = mtl_json_object(), *arr = mtl_json_array();
  size_t i, n = d->nf, shown = 0;
  mtl_lsp_lines li;
  if (extra)
    mtl_json_push(arr, extra);
  if (n && !mtl_lsp_lines_init(&li, d->text, d->len)) {
    for (i = 0; i < n && shown < MAX_DIAGS; i++) {
      const mtl_finding *f = &d->f[i];
      if (hidden(s, d, f->rule))
        continue;
      mtl_json_push(arr, make_diag(s, d, &li, f));
      shown++;
    }
    mtl_lsp_lines_free(&li);
  }
  d->published = d->version;
  mtl_json_set(p, "uri", jstr(d->uri));
  mtl_json_set(p, "version", mtl_json_integer(d->version));
  mtl_json_set(p, "diagnostics", arr);
  notify(s, "textDocument/publishDiagnostics", p);
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
  mtl_json_set(r, "start", jposition(0, 0));
  mtl_json_set(r, "end", jposition(0, 0));
  mtl_json_set(g, "range", r);
  mtl_json_set(g, "severity", mtl_json_integer(1));
  mtl_json_set(g, "code", mtl_json_string("mtlint.config", 13));
  mtl_json_set(g, "source", mtl_json_string("mtlint", 6));
  mtl_json_set(g, "message", jstr(msg));
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
static void region_of(const lsp_doc *d, size_t lo, size_t hi, size_t *ps, size_t *pe) {
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
  region_of(d, d->dlo, d->dhi, &a, &b);
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
    if (cmp_find(&a[i], &d->f[i]) || strcmp(a[i].message, d->f[i].message))
      return 0;
  return 1;
}

/* Whether a whole-text lint would drop the spelling finding f: engine.c
 * drops one that a finding of another non-built-in rule overlaps.  Only the
 * non-local findings (res) need a look: the local ones around f were in the
 * region lint that found it. */
static int shadowed(const lsp_doc *d, const mtl_finding *f, const mtl_result *res) {
  size_t i;
  for (i = 0; i < mtl_result_count(res); i++) {
    const mtl_finding *g = mtl_result_finding(res, i);
    int before = cmp_find(g, f) < 0;
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
    qsort(d->f, d->nf, sizeof *d->f, cmp_find);
  d->dirty = 0;
  /* a spelling finding outside the region that a vanished non-local finding
   * used to hide comes back with the whole-text lint after the pause */
  d->due_full = s->now + FULL_DELAY;
  return 1;
oom:
  mtl_result_free(res);
  mtl_result_free(all);
  doc_stale(d);
  return 0;
}

enum { LINT_FULL = 0, LINT_REGION = 1, LINT_PAUSE = 2 };

/* Lints d and publishes.  LINT_REGION: the edited paragraphs only, when
 * possible; LINT_PAUSE: the whole text, published only if it changed. */
static void lint_doc(mtl_lsp *s, lsp_doc *d, int mode) {
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
    logf_(s, "%s: %s", err.file[0] ? err.file : "rules", err.message);
    doc_stale(d);
    d->due_full = -1;
    publish(s, d, config_diag(&err));
    return;
  }
  if (mode == LINT_REGION && lint_region(s, d, eng)) {
    publish(s, d, NULL);
    return;
  }
  d->due_full = -1;
  if (mtl_lint_flags(&res, eng, d->text, d->len, MTL_LINT_NO_SUGGEST, &err)) {
    logf_(s, "%s: lint failed: %s", d->uri, err.message);
    doc_stale(d);
    publish(s, d, NULL);
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
    publish(s, d, NULL);
  {
    lsp_doc tmp;
    memset(&tmp, 0, sizeof tmp);
    tmp.f = old;
    tmp.nf = nold;
    finds_clear(&tmp);
    mtl_free(old);
  }
}

static void run_due(mtl_lsp *s) {
  size_t i;
  for (i = 0; i < s->ndocs && !s->broken; i++) {
    lsp_doc *d = s->docs[i];
    if (d->due >= 0 && d->due <= s->now)
      lint_doc(s, d, LINT_REGION);
    else if (d->due < 0 && d->due_full >= 0 && d->due_full <= s->now)
      lint_doc(s, d, LINT_PAUSE);
  }
}

/* Rules, word lists or config changed: every document is linted afresh. */
static void reload_all(mtl_lsp *s) {
  size_t i;
  for (i = 0; i < s->ndocs; i++) {
    doc_stale(s->docs[i]);
    s->docs[i]->due = s->now;
  }
  if (s->host.reload)
    s->host.reload(s->host.ctx);
  logf_(s, "reloading rules and configs");
}

/* ---------------- lifecycle ---------------- */

static int offers(const mtl_json *arr, const char *name) {
  size_t i;
  for (i = 0; i < mtl_json_size(arr); i++) {
    const char *v = mtl_json_str(mtl_json_at(arr, i), NULL);
    if (v && !strcmp(v, name))
      return 1;
  }
  return 0;
}

static void set_root(mtl_lsp *s, const char *uri) {
  char *p = mtl_lsp_uri_path(uri);
  if (p) {
    mtl_free(s->root);
    s->root = p;
  }
}

/* Settings from initializationOptions or didChangeConfiguration. */
static void apply_settings(mtl_lsp *s, const mtl_json *o) {
  const mtl_json *v;
  long long ms;
  const char *uw;
  size_t i;
  if (mtl_json_typeof(mtl_json_get(o, "mtlint")) == MTL_JSON_OBJECT)
    o = mtl_json_get(o, "mtlint");
  if (mtl_json_typeof(o) != MTL_JSON_OBJECT)
    return;
  if (get_int(o, "debounceMs", &ms))
    mtl_lsp_set_debounce(s, (long)(ms < 0 ? 0 : ms > MAX_DEBOUNCE ? MAX_DEBOUNCE : ms));
  if ((uw = get_str(o, "userWordlist")) && *uw)
    mtl_lsp_set_user_wordlist(s, uw);
  if ((uw = get_str(o, "language")) && mtl_language_parse(uw) >= 0 && s->host.set_language) {
    s->host.set_language(s->host.ctx, uw);
    if (s->state != S_NEW)
      reload_all(s);
  }
  if (mtl_json_typeof(v = mtl_json_get(o, "disable")) == MTL_JSON_ARRAY) {
    free_list(&s->off);
    for (i = 0; i < mtl_json_size(v) && i < 1000; i++) {
      const char *sel = mtl_json_str(mtl_json_at(v, i), NULL);
      if (sel && *sel)
        mtl_strlist_add(&s->off, sel);
    }
  }
}

static void m_initialize(mtl_lsp *s, const mtl_json *id, const mtl_json *params) {
  const mtl_json *caps = mtl_json_get(params, "capabilities");
  const mtl_json *encs = mtl_json_get(mtl_json_get(caps, "general"), "positionEncodings");
  const mtl_json *folders = mtl_json_get(params, "workspaceFolders");
  mtl_json *res, *c, *sync, *save, *ca, *kinds, *ex, *cmds, *info;
  int clangd_style = 0;
  size_t i;
  if (s->state != S_NEW) {
    reply_error(s, id, E_INVALID_REQUEST, "initialize was already received");
    return;
  }
  if (params && mtl_json_typeof(params) != MTL_JSON_OBJECT) {
    reply_error(s, id, E_INVALID_PARAMS, "initialize takes an object");
    return;
  }
  s->enc = MTL_ENC_UTF16;
  if (s->forced_enc) {
    s->enc = s->forced_enc; /* whatever the client offers */
    clangd_style = !encs && mtl_json_size(mtl_json_get(caps, "offsetEncoding"));
  } else if (offers(encs, "utf-8")) {
    s->enc = MTL_ENC_UTF8;
  } else if (!encs && offers(mtl_json_get(caps, "offsetEncoding"), "utf-8")) {
    s->enc = MTL_ENC_UTF8; /* clangd's extension, before positionEncodings */
    clangd_style = 1;
  }
  if (get_str(params, "rootPath") && get_str(params, "rootPath")[0] == '/') {
    mtl_free(s->root);
    s->root = mtl_strdup(get_str(params, "rootPath"));
  }
  if (mtl_json_size(folders))
    set_root(s, get_str(mtl_json_at(folders, 0), "uri"));
  if (get_str(params, "rootUri"))
    set_root(s, get_str(params, "rootUri"));
  apply_settings(s, mtl_json_get(params, "initializationOptions"));
  s->can_watch = get_bool(mtl_json_get(mtl_json_get(caps, "workspace"), "didChangeWatchedFiles"),
                          "dynamicRegistration");
  /* codeAction/resolve filling in "edit": the deferred spelling findings'
   * quick fixes are then computed one at a time, when chosen */
  s->resolve = offers(mtl_json_get(mtl_json_get(mtl_json_get(mtl_json_get(caps, "textDocument"),
                                                              "codeAction"),
                                                "resolveSupport"),
                                   "properties"),
                      "edit");
  res = mtl_json_object();
  c = mtl_json_object();
  sync = mtl_json_object();
  save = mtl_json_object();
  ca = mtl_json_object();
  kinds = mtl_json_array();
  ex = mtl_json_object();
  cmds = mtl_json_array();
  info = mtl_json_object();
  mtl_json_set(c, "positionEncoding", jstr(s->enc == MTL_ENC_UTF8 ? "utf-8" : "utf-16"));
  mtl_json_set(sync, "openClose", mtl_json_bool(1));
  mtl_json_set(sync, "change", mtl_json_integer(2)); /* incremental */
  mtl_json_set(save, "includeText", mtl_json_bool(0));
  mtl_json_set(sync, "save", save);
  mtl_json_set(c, "textDocumentSync", sync);
  mtl_json_push(kinds, jstr("quickfix"));
  mtl_json_set(ca, "codeActionKinds", kinds);
  mtl_json_set(ca, "resolveProvider", mtl_json_bool(1));
  mtl_json_set(c, "codeActionProvider", ca);
  mtl_json_set(c, "hoverProvider", mtl_json_bool(1));
  for (i = 0; commands[i]; i++)
    mtl_json_push(cmds, jstr(commands[i]));
  mtl_json_set(ex, "commands", cmds);
  mtl_json_set(c, "executeCommandProvider", ex);
  mtl_json_set(res, "capabilities", c);
  mtl_json_set(info, "name", jstr("mtlint"));
  mtl_json_set(info, "version", jstr(MTL_VERSION));
  mtl_json_set(res, "serverInfo", info);
  if (clangd_style)
    mtl_json_set(res, "offsetEncoding", jstr(s->enc == MTL_ENC_UTF8 ? "utf-8" : "utf-16"));
  s->state = S_RUNNING;
  logf_(s, "initialized: position encoding %s%s, workspace %s%s",
        s->enc == MTL_ENC_UTF8 ? "utf-8" : "utf-16", s->forced_enc ? " (fixed by the host)" : "",
        s->root ? s->root : "(none)", s->resolve ? ", code actions resolved" : "");
  reply(s, id, res);
}

static void m_initialized(mtl_lsp *s, const mtl_json *id, const mtl_json *params) {
  static const char *const globs[] = {"**/.mtlint.yaml", "**/*.{yaml,yml}", "**/*.dic",
                                      "**/.mtlint-words.txt", NULL};
  mtl_json *m, *p, *regs, *reg, *opts, *watchers;
  size_t i;
  if (!s->can_watch)
    return;
  m = mtl_json_object();
  p = mtl_json_object();
  regs = mtl_json_array();
  reg = mtl_json_object();
  opts = mtl_json_object();
  watchers = mtl_json_array();
  for (i = 0; globs[i]; i++) {
    mtl_json *w = mtl_json_object();
    mtl_json_set(w, "globPattern", jstr(globs[i]));
    mtl_json_push(watchers, w);
  }
  mtl_json_set(opts, "watchers", watchers);
  mtl_json_set(reg, "id", jstr("mtlint-watch"));
  mtl_json_set(reg, "method", jstr("workspace/didChangeWatchedFiles"));
  mtl_json_set(reg, "registerOptions", opts);
  mtl_json_push(regs, reg);
  mtl_json_set(p, "registrations", regs);
  mtl_json_set(m, "id", mtl_json_integer(++s->next_id));
  mtl_json_set(m, "method", jstr("client/registerCapability"));
  mtl_json_set(m, "params", p);
  send_msg(s, m);
}

static void m_shutdown(mtl_lsp *s, const mtl_json *id, const mtl_json *params) {
  s->state = S_SHUTDOWN;
  reply(s, id, NULL);
}

static void m_exit(mtl_lsp *s, const mtl_json *id, const mtl_json *params) {
  s->exit_status = s->state == S_SHUTDOWN ? 0 : 1;
  s->state = S_EXITED;
}

/* ---------------- text synchronisation ---------------- */

static lsp_doc *doc_of(mtl_lsp *s, const mtl_json *params) {
  const char *uri = get_str(mtl_json_get(params, "textDocument"), "uri");
  lsp_doc *d = find_doc(s, uri);
  if (!d)
    logf_(s, "no open document %s", uri ? uri : "(no uri)");
  return d;
}

static void m_did_open(mtl_lsp *s, const mtl_json *id, const mtl_json *params) {
  const mtl_json *td = mtl_json_get(params, "textDocument");
  const char *uri = get_str(td, "uri");
  size_t n = 0;
  const char *text = mtl_json_str(mtl_json_get(td, "text"), &n);
  lsp_doc *d;
  long long ver = 0;
  if (!uri || !text) {
    logf_(s, "didOpen without uri or text");
    return;
  }
  if (n > MAX_DOC_BYTES) {
    logf_(s, "%s: too large to lint (%zu bytes)", uri, n);
    return;
  }
  get_int(td, "version", &ver);
  if (!(d = find_doc(s, uri))) {
    if (s->ndocs >= MAX_DOCS) {
      logf_(s, "too many open documents; %s is not linted", uri);
      return;
    }
    if (mtl_grow((void **)&s->docs, &s->capdocs, s->ndocs + 1, sizeof *s->docs) ||
        !(d = mtl_calloc(1, sizeof *d)) || !(d->uri = mtl_strdup(uri))) {
      doc_free(d);
      logf_(s, "out of memory");
      return;
    }
    d->path = mtl_lsp_uri_path(uri);
    s->docs[s->ndocs++] = d;
  }
  doc_stale(d);
  d->len = 0;
  d->due_full = -1;
  d->published = -1;
  if (doc_splice(d, 0, 0, text, n)) {
    logf_(s, "%s: out of memory", uri);
    return;
  }
  d->version = ver;
  d->due = s->now;
}

static int read_pos(const mtl_json *p, size_t *line, size_t *ch) {
  long long l, c;
  if (!get_int(p, "line", &l) || !get_int(p, "character", &c) || l < 0 || c < 0)
    return -1;
  *line = (size_t)l;
  *ch = (size_t)c;
  return 0;
}

static void m_did_change(mtl_lsp *s, const mtl_json *id, const mtl_json *params) {
  lsp_doc *d = doc_of(s, params);
  const mtl_json *changes = mtl_json_get(params, "contentChanges");
  size_t i, n = mtl_json_size(changes);
  long long ver;
  if (!d)
    return;
  if (get_int(mtl_json_get(params, "textDocument"), "version", &ver))
    d->version = ver;
  for (i = 0; i < n && i < MAX_CHANGES; i++) {
    const mtl_json *ch = mtl_json_at(changes, i), *range = mtl_json_get(ch, "range");
    size_t tn = 0, l1, c1, l2, c2;
    const char *text = mtl_json_str(mtl_json_get(ch, "text"), &tn);
    int rc;
    if (!text) {
      logf_(s, "%s: change without text", d->uri);
      continue;
    }
    if (!range) {
      doc_stale(d);
      rc = doc_splice(d, 0, d->len, text, tn);
    } else if (read_pos(mtl_json_get(range, "start"), &l1, &c1) ||
               read_pos(mtl_json_get(range, "end"), &l2, &c2)) {
      logf_(s, "%s: change with a bad range", d->uri);
      continue;
    } else {
      size_t a = mtl_lsp_offset(d->text, d->len, l1, c1, s->enc);
      size_t b = mtl_lsp_offset(d->text, d->len, l2, c2, s->enc);
      if (b < a) {
        size_t t = a;
        a = b;
        b = t;
      }
      if (!(rc = doc_splice(d, a, b, text, tn)))
        finds_edit(d, a, b, tn);
    }
    if (rc) {
      doc_stale(d);
      logf_(s, "%s: %s", d->uri, rc == MTL_ELIMIT ? "document too large" : "out of memory");
    }
  }
  d->due = s->now + s->debounce;
}

/* Whether a saved file is something the engines were built from. */
static int feeds_engines(const mtl_lsp *s, const char *path) {
  const char *base = strrchr(path, '/');
  size_t i, j;
  base = base ? base + 1 : path;
  if (!strcmp(base, ".mtlint.yaml") || !strcmp(base, ".mtlint-words.txt") ||
      (s->user_wordlist && !strcmp(path, s->user_wordlist)))
    return 1;
  for (i = 0; i < s->ndocs; i++) {
    const mtl_engine *e = s->docs[i]->eng;
    if (!e)
      continue;
    for (j = 0; j < e->nwordlists; j++)
      if (!strcmp(e->wordlists[j], path))
        return 1;
    for (j = 0; j < e->ndicts; j++)
      if (!strcmp(e->dicts[j], path))
        return 1;
    for (j = 0; j < mtl_engine_rule_count(e); j++) {
      const mtl_rule_info *ri = mtl_engine_rule(e, j);
      if (ri->file && !strcmp(ri->file, path))
        return 1;
    }
  }
  return 0;
}

static void m_did_save(mtl_lsp *s, const mtl_json *id, const mtl_json *params) {
  const char *uri = get_str(mtl_json_get(params, "textDocument"), "uri");
  char *path = mtl_lsp_uri_path(uri);
  if (path && feeds_engines(s, path))
    reload_all(s);
  mtl_free(path);
}

static void m_did_close(mtl_lsp *s, const mtl_json *id, const mtl_json *params) {
  lsp_doc *d = doc_of(s, params);
  size_t i;
  if (!d)
    return;
  doc_stale(d);
  publish(s, d, NULL); /* clears the editor's list */
  for (i = 0; i < s->ndocs; i++)
    if (s->docs[i] == d) {
      memmove(s->docs + i, s->docs + i + 1, (s->ndocs - i - 1) * sizeof *s->docs);
      s->ndocs--;
      break;
    }
  doc_free(d);
}

static void m_did_change_configuration(mtl_lsp *s, const mtl_json *id,
                                       const mtl_json *params) {
  apply_settings(s, mtl_json_get(params, "settings"));
  reload_all(s);
}

static void m_did_change_watched(mtl_lsp *s, const mtl_json *id, const mtl_json *params) {
  reload_all(s);
}

static void m_ignore(mtl_lsp *s, const mtl_json *id, const mtl_json *params) {}

/* ---------------- code actions ---------------- */

static int is_spelling(const lsp_doc *d, const char *rule) {
  const mtl_rule_info *ri = d->eng ? mtl_engine_find_rule(d->eng, rule) : NULL;
  return ri && ri->kind && !strcmp(ri->kind, "spelling");
}

static mtl_json *command_action(const char *title, const mtl_json *diag, const char *cmd,
                                mtl_json *arg) {
  mtl_json *a = mtl_json_object(), *c = mtl_json_object(), *args = mtl_json_array();
  mtl_json *ds = mtl_json_array();
  mtl_json_push(ds, mtl_json_ref((mtl_json *)diag));
  mtl_json_push(args, arg);
  mtl_json_set(c, "title", jstr(title));
  mtl_json_set(c, "command", jstr(cmd));
  mtl_json_set(c, "arguments", args);
  mtl_json_set(a, "title", jstr(title));
  mtl_json_set(a, "kind", jstr("quickfix"));
  mtl_json_set(a, "diagnostics", ds);
  mtl_json_set(a, "command", c);
  return a;
}

static mtl_json *cmd_arg(const lsp_doc *d, const char *key, const char *val, const char *scope) {
  mtl_json *o = mtl_json_object();
  mtl_json_set(o, "uri", jstr(d->uri));
  mtl_json_set(o, key, jstr(val));
  mtl_json_set(o, "scope", jstr(scope));
  return o;
}

/* The quick fixes and commands for one finding. */
static void finding_actions(mtl_lsp *s, lsp_doc *d, const mtl_lsp_lines *li,
                            const mtl_finding *f, mtl_json *out, mtl_strlist *seen) {
  mtl_json *diag = make_diag(s, d, li, f);
  char title[512];
  size_t k, mlen = f->end.offset - f->start.offset;
  const char *match = d->text + f->start.offset;
  for (k = 0; k < f->n_suggestions && k < MAX_FIX_SUGGESTIONS; k++) {
    mtl_json *a = mtl_json_object(), *edit = mtl_json_object(), *changes = mtl_json_object();
    mtl_json *edits = mtl_json_array(), *te = mtl_json_object(), *ds = mtl_json_array();
    const char *sg = f->suggestions[k];
    if (*sg)
      snprintf(title, sizeof title, "Replace with \xE2\x80\x9C%.200s\xE2\x80\x9D", sg);
    else
      snprintf(title, sizeof title, "Delete \xE2\x80\x9C%.*s\xE2\x80\x9D",
               (int)(mlen > 200 ? 200 : mlen), match);
    mtl_json_set(te, "range", jrange(s, d, li, f->start.offset, f->end.offset));
    mtl_json_set(te, "newText", jstr(sg));
    mtl_json_push(edits, te);
    mtl_json_set(changes, d->uri, edits);
    mtl_json_set(edit, "changes", changes);
    mtl_json_push(ds, mtl_json_ref(diag));
    mtl_json_set(a, "title", jstr(title));
    mtl_json_set(a, "kind", jstr("quickfix"));
    mtl_json_set(a, "diagnostics", ds);
    mtl_json_set(a, "isPreferred", mtl_json_bool(k == 0 && f->fix_safe));
    mtl_json_set(a, "edit", edit);
    mtl_json_push(out, a);
  }
  if (f->fix == sugg_later && s->resolve) {
    /* no suggestion work now: codeAction/resolve computes this word's and
     * fills in "edit" with the first (m_code_action_resolve) */
    mtl_json *a = mtl_json_object(), *ds = mtl_json_array(), *data = mtl_json_object();
    snprintf(title, sizeof title,
             "Replace \xE2\x80\x9C%.*s\xE2\x80\x9D with the first spelling suggestion",
             (int)(mlen > 200 ? 200 : mlen), match);
    mtl_json_set(data, "uri", jstr(d->uri));
    mtl_json_set(data, "version", mtl_json_integer(d->version));
    mtl_json_set(data, "start", mtl_json_integer((int64_t)f->start.offset));
    mtl_json_set(data, "end", mtl_json_integer((int64_t)f->end.offset));
    mtl_json_set(data, "rule", jstr(f->rule));
    mtl_json_push(ds, mtl_json_ref(diag));
    mtl_json_set(a, "title", jstr(title));
    mtl_json_set(a, "kind", jstr("quickfix"));
    mtl_json_set(a, "diagnostics", ds);
    mtl_json_set(a, "data", data);
    mtl_json_push(out, a);
  }
  if (is_spelling(d, f->rule) && mlen && mlen <= 100 &&
      !memchr(match, ' ', mlen) && !memchr(match, '\n', mlen)) {
    char word[128];
    memcpy(word, match, mlen);
    word[mlen] = '\0';
    snprintf(title, sizeof title, "Add \xE2\x80\x9C%s\xE2\x80\x9D to the project word list",
             word);
    mtl_json_push(out, command_action(title, diag, "mtlint.addWord",
                                      cmd_arg(d, "word", word, "project")));
    snprintf(title, sizeof title, "Add \xE2\x80\x9C%s\xE2\x80\x9D to your user word list", word);
    mtl_json_push(out, command_action(title, diag, "mtlint.addWord",
                                      cmd_arg(d, "word", word, "user")));
  }
  if (!list_has(seen, f->rule) && !mtl_strlist_add(seen, f->rule)) {
    /* an inline directive at the top keeps the file's choice in the file */
    mtl_json *a = mtl_json_object(), *edit = mtl_json_object(), *changes = mtl_json_object();
    mtl_json *edits = mtl_json_array(), *te = mtl_json_object(), *ds = mtl_json_array();
    mtl_json *r = mtl_json_object();
    const char *dot = strrchr(d->uri, '.');
    int md = dot && (!strcmp(dot, ".md") || !strcmp(dot, ".markdown"));
    char line[300];
    snprintf(line, sizeof line, md ? "<!-- mtlint-disable %s -->\n" : "# mtlint-disable %s\n",
             f->rule);
    mtl_json_set(r, "start", jposition(0, 0));
    mtl_json_set(r, "end", jposition(0, 0));
    mtl_json_set(te, "range", r);
    mtl_json_set(te, "newText", jstr(line));
    mtl_json_push(edits, te);
    mtl_json_set(changes, d->uri, edits);
    mtl_json_set(edit, "changes", changes);
    mtl_json_push(ds, mtl_json_ref(diag));
    snprintf(title, sizeof title,
             "Disable %s in this file: a \xE2\x80\x9Cmtlint-disable\xE2\x80\x9D comment at the top",
             f->rule);
    mtl_json_set(a, "title", jstr(title));
    mtl_json_set(a, "kind", jstr("quickfix"));
    mtl_json_set(a, "diagnostics", ds);
    mtl_json_set(a, "edit", edit);
    mtl_json_push(out, a);
    /* the server's own list: gone when the server restarts */
    snprintf(title, sizeof title, "Hide %s in this file until the server restarts", f->rule);
    mtl_json_push(out, command_action(title, diag, "mtlint.disableRule",
                                      cmd_arg(d, "rule", f->rule, "file")));
    snprintf(title, sizeof title, "Disable %s for the workspace", f->rule);
    mtl_json_push(out, command_action(title, diag, "mtlint.disableRule",
                                      cmd_arg(d, "rule", f->rule, "workspace")));
  }
  mtl_json_free(diag);
}

/* Computes the suggestions the typing lints deferred for the findings that
 * touch [rs, re] (only >= 0: for finding number only alone), at most
 * MAX_RESOLVE of them per request (the first ones):
 * their paragraphs are linted again, with suggestions for those words only
 * (the spelling kind is paragraph-local, so the same findings come back),
 * and each such finding takes the suggestions of its twin.  The cost is
 * the words asked about, not the paragraph: 300 unknown words in one
 * paragraph made every request take 8-13 s.  The findings past the budget
 * keep "deferred" and get their suggestions from a later request. */
#define MAX_RESOLVE 10
static void resolve_deferred(lsp_doc *d, size_t rs, size_t re, long only) {
  size_t lo = (size_t)-1, hi = 0, last = 0, ps, pe, i, j, n = 0;
  int local;
  mtl_result *res = NULL;
  for (i = 0; i < d->nf && n < MAX_RESOLVE; i++) {
    const mtl_finding *f = &d->f[i];
    if (f->start.offset > re)
      break;
    if (f->end.offset < rs || f->fix != sugg_later || (only >= 0 && i != (size_t)only))
      continue;
    n++;
    lo = f->start.offset < lo ? f->start.offset : lo;
    hi = f->end.offset > hi ? f->end.offset : hi;
    last = f->start.offset; /* sorted by start: the budget's last word */
  }
  if (lo > hi || !d->eng)
    return;
  region_of(d, lo, hi, &ps, &pe);
  /* the paragraph-local rules only: no other rule's finding may hide one;
   * a deferring rule that is not paragraph-local (spelling looks at the
   * whole article: names used elsewhere, repeated terms) needs the whole
   * text */
  local = 1;
  for (i = 0; i < d->nf && local; i++)
    if (d->f[i].fix == sugg_later && !mtl_rule_para_local(d->eng, d->f[i].rule))
      local = 0;
  if (!local) {
    ps = 0;
    pe = d->len;
  }
  if (mtl_lint_suggest_in(&res, d->eng, d->text + ps, pe - ps, local ? MTL_LINT_LOCAL_ONLY : 0,
                          lo - ps, last - ps + 1, NULL))
    return;
  for (i = 0, j = 0; i < d->nf; i++) {
    mtl_finding *f = &d->f[i];
    const mtl_rule_info *ri;
    if (f->fix != sugg_later || f->start.offset < lo || f->start.offset > last ||
        f->end.offset < rs || f->start.offset > re || (only >= 0 && i != (size_t)only))
      continue;
    /* both lists are sorted by start, end, rule */
    while (j < mtl_result_count(res)) {
      const mtl_finding *g = mtl_result_finding(res, j);
      mtl_finding tmp = *g;
      tmp.start.offset += ps;
      tmp.end.offset += ps;
      if (cmp_find(&tmp, f) >= 0)
        break;
      j++;
    }
    if (j < mtl_result_count(res)) {
      const mtl_finding *g = mtl_result_finding(res, j);
      if (g->start.offset + ps == f->start.offset && g->end.offset + ps == f->end.offset &&
          !strcmp(g->rule, f->rule))
        (void)copy_suggestions(f, g); /* out of memory: fewer quick fixes */
    }
    ri = mtl_engine_find_rule(d->eng, f->rule);
    f->fix = ri && ri->fix ? ri->fix : "none";
  }
  mtl_result_free(res);
}

static int wants_quickfix(const mtl_json *only) {
  size_t i;
  if (mtl_json_typeof(only) != MTL_JSON_ARRAY)
    return 1;
  for (i = 0; i < mtl_json_size(only); i++) {
    const char *k = mtl_json_str(mtl_json_at(only, i), NULL);
    if (k && (!*k || !strcmp(k, "quickfix")))
      return 1;
  }
  return 0;
}

static void m_code_action(mtl_lsp *s, const mtl_json *id, const mtl_json *params) {
  lsp_doc *d = doc_of(s, params);
  const mtl_json *range = mtl_json_get(params, "range");
  mtl_json *out = mtl_json_array();
  mtl_strlist seen = {0};
  mtl_lsp_lines li;
  size_t l1, c1, l2, c2, rs, re, i;
  if (read_pos(mtl_json_get(range, "start"), &l1, &c1) ||
      read_pos(mtl_json_get(range, "end"), &l2, &c2)) {
    mtl_json_free(out);
    reply_error(s, id, E_INVALID_PARAMS, "codeAction needs textDocument and range");
    return;
  }
  if (!d || !wants_quickfix(mtl_json_get(mtl_json_get(params, "context"), "only"))) {
    reply(s, id, out);
    return;
  }
  if (d->due >= 0 || !d->eng)
    lint_doc(s, d, LINT_REGION);
  rs = mtl_lsp_offset(d->text, d->len, l1, c1, s->enc);
  re = mtl_lsp_offset(d->text, d->len, l2, c2, s->enc);
  if (re < rs) {
    size_t t = rs;
    rs = re;
    re = t;
  }
  /* a client that resolves code actions gets the deferred spelling
   * findings' fixes from codeAction/resolve, one chosen action at a time:
   * this answer costs no suggestion work whatever the range holds (1,500
   * unknown words and a whole-document range took 48 s); for the others
   * this request computes those of the first MAX_RESOLVE */
  if (!s->resolve)
    resolve_deferred(d, rs, re, -1);
  if (d->nf && !mtl_lsp_lines_init(&li, d->text, d->len)) {
    for (i = 0; i < d->nf && mtl_json_size(out) < MAX_ACTIONS; i++) {
      const mtl_finding *f = &d->f[i];
      if (f->start.offset > re)
        break; /* sorted by start */
      if (f->end.offset < rs || hidden(s, d, f->rule))
        continue;
      finding_actions(s, d, &li, f, out, &seen);
    }
    mtl_lsp_lines_free(&li);
  }
  free_list(&seen);
  reply(s, id, out);
}

/* codeAction/resolve: the action finding_actions offered for a deferred
 * spelling finding, with "edit" filled in: the word's suggestions are
 * computed now (and kept: the next codeAction lists them all), the edit
 * puts the first in the word's place.  A word without a suggestion gets
 * the action back without an edit and a message that says so; a document
 * that changed under the action is -32801 (ContentModified), as LSP says.
 * Any other action comes back as it is. */
static void m_code_action_resolve(mtl_lsp *s, const mtl_json *id, const mtl_json *params) {
  const mtl_json *data = mtl_json_get(params, "data");
  const char *uri = get_str(data, "uri"), *rule = get_str(data, "rule");
  lsp_doc *d = find_doc(s, uri);
  long long start, end, ver;
  mtl_json *out;
  mtl_finding *f = NULL;
  mtl_lsp_lines li;
  size_t i;
  void *it;
  if (mtl_json_typeof(params) != MTL_JSON_OBJECT || !get_str(params, "title")) {
    reply_error(s, id, E_INVALID_PARAMS, "codeAction/resolve takes a code action");
    return;
  }
  if (!uri || !rule || !get_int(data, "start", &start) || !get_int(data, "end", &end) ||
      !get_int(data, "version", &ver) || start < 0 || end < start) {
    /* complete already (a command, an edit): clients such as Neovim 0.7
     * resolve every action that has no edit */
    reply(s, id, mtl_json_ref((mtl_json *)params));
    return;
  }
  if (d && (d->due >= 0 || !d->eng))
    lint_doc(s, d, LINT_REGION);
  for (i = 0; d && d->version == ver && i < d->nf; i++)
    if (d->f[i].start.offset == (size_t)start && d->f[i].end.offset == (size_t)end &&
        !strcmp(d->f[i].rule, rule)) {
      f = &d->f[i];
      if (f->fix == sugg_later)
        resolve_deferred(d, f->start.offset, f->end.offset, (long)i);
      break;
    }
  if (!f) {
    reply_error(s, id, E_CONTENT_MODIFIED,
                "the document changed since this action was offered; ask again");
    return;
  }
  out = mtl_json_object();
  for (it = mtl_json_iter(params); it; it = mtl_json_iter_next(params, it))
    if (strcmp(mtl_json_iter_key(it), "edit"))
      mtl_json_set(out, mtl_json_iter_key(it), mtl_json_ref(mtl_json_iter_value(it)));
  if (f->n_suggestions && !mtl_lsp_lines_init(&li, d->text, d->len)) {
    mtl_json *edit = mtl_json_object(), *changes = mtl_json_object();
    mtl_json *edits = mtl_json_array(), *te = mtl_json_object();
    mtl_json_set(te, "range", jrange(s, d, &li, f->start.offset, f->end.offset));
    mtl_json_set(te, "newText", jstr(f->suggestions[0]));
    mtl_json_push(edits, te);
    mtl_json_set(changes, d->uri, edits);
    mtl_json_set(edit, "changes", changes);
    mtl_json_set(out, "edit", edit);
    mtl_lsp_lines_free(&li);
  } else if (!f->n_suggestions) {
    char msg[300];
    snprintf(msg, sizeof msg,
             "mtlint has no spelling suggestion for \xE2\x80\x9C%.*s\xE2\x80\x9D",
             (int)(end - start > 200 ? 200 : end - start), d->text + (size_t)start);
    show_message(s, 3, msg);
  }
  reply(s, id, out);
}

/* textDocument/hover: the findings under the cursor with their rule's
 * explanation (what --explain prints first), as markdown; null where
 * there is none. */
static void m_hover(mtl_lsp *s, const mtl_json *id, const mtl_json *params) {
  lsp_doc *d = doc_of(s, params);
  mtl_buf md = {0};
  mtl_lsp_lines li;
  mtl_json *res = NULL, *contents;
  size_t l, c, at, i, lo = 0, hi = 0, shown = 0;
  if (read_pos(mtl_json_get(params, "position"), &l, &c)) {
    reply_error(s, id, E_INVALID_PARAMS, "hover needs textDocument and position");
    return;
  }
  if (!d) {
    reply(s, id, NULL);
    return;
  }
  if (d->due >= 0 || !d->eng)
    lint_doc(s, d, LINT_REGION);
  at = mtl_lsp_offset(d->text, d->len, l, c, s->enc);
  for (i = 0; i < d->nf && shown < 8; i++) { /* at most 8 findings */
    const mtl_finding *f = &d->f[i];
    const mtl_rule_info *ri;
    if (f->start.offset > at)
      break; /* sorted by start */
    if (f->end.offset < at || hidden(s, d, f->rule))
      continue;
    ri = d->eng ? mtl_engine_find_rule(d->eng, f->rule) : NULL;
    if (!shown || f->start.offset < lo)
      lo = f->start.offset;
    if (!shown || f->end.offset > hi)
      hi = f->end.offset;
    mtl_buf_printf(&md, "%s**%s** (%s): %s", shown ? "\n\n---\n\n" : "", f->rule,
                   mtl_severity_name(f->severity), f->message);
    if (ri && ri->description && *ri->description)
      mtl_buf_printf(&md, "\n\n%s", ri->description);
    if (ri && ri->link && *ri->link)
      mtl_buf_printf(&md, "\n\n[%s](%s)", ri->link, ri->link);
    shown++;
  }
  if (shown && md.data && !mtl_lsp_lines_init(&li, d->text, d->len)) {
    res = mtl_json_object();
    contents = mtl_json_object();
    mtl_json_set(contents, "kind", jstr("markdown"));
    mtl_json_set(contents, "value", jstr(md.data));
    mtl_json_set(res, "contents", contents);
    mtl_json_set(res, "range", jrange(s, d, &li, lo, hi));
    mtl_lsp_lines_free(&li);
  }
  mtl_buf_free(&md);
  reply(s, id, res);
}

/* ---------------- commands ---------------- */

/* The config a project-level edit goes to (malloc'd). */
static char *project_config(mtl_lsp *s, const lsp_doc *d, mtl_error *err) {
  char buf[4096];
  const char *base = s->root;
  char *out, *dir = NULL;
  if (!s->host.config_for) {
    mtl_seterr(err, MTL_EINVAL, "", 0, 0, "this server does not edit project files");
    return NULL;
  }
  if (d->path && s->host.config_for(s->host.ctx, d->path, buf, sizeof buf))
    return mtl_strdup(buf);
  if (!base && d->path) {
    char *slash;
    dir = mtl_strdup(d->path);
    if (dir && (slash = strrchr(dir, '/')))
      *(slash == dir ? slash + 1 : slash) = '\0';
    base = dir;
  }
  if (!base) {
    mtl_seterr(err, MTL_ENOTFOUND, "", 0, 0, "no workspace folder to keep a config in");
    return NULL;
  }
  snprintf(buf, sizeof buf, "%s%s.mtlint.yaml", base, base[strlen(base) - 1] == '/' ? "" : "/");
  mtl_free(dir);
  if (!(out = mtl_strdup(buf)))
    mtl_seterr(err, MTL_ENOMEM, "", 0, 0, "out of memory");
  return out;
}

static int add_word(mtl_lsp *s, lsp_doc *d, const char *word, const char *scope,
                    mtl_error *err) {
  char *cfg = NULL, *wl = NULL;
  int rc, added = 0;
  if (!strcmp(scope, "user")) {
    if (!s->user_wordlist)
      return mtl_seterr(err, MTL_ENOTFOUND, "", 0, 0, "no user word list is set");
    rc = mtl_lsp_wordlist_add(s->user_wordlist, word, &added, err);
    logf_(s, "%s: added '%s'", s->user_wordlist, word);
    return rc;
  }
  if (strcmp(scope, "project"))
    return mtl_seterr(err, MTL_EINVAL, "", 0, 0, "scope is project or user");
  if (!(cfg = project_config(s, d, err)))
    return err ? err->code : MTL_ENOTFOUND;
  if (!(wl = mtl_lsp_config_wordlist(cfg, NULL))) {
    /* no word list yet: .mtlint-words.txt beside the config, named in it */
    const char *slash = strrchr(cfg, '/');
    size_t dl = slash ? (size_t)(slash - cfg) + 1 : 0;
    if ((wl = mtl_malloc(dl + 32))) {
      memcpy(wl, cfg, dl);
      strcpy(wl + dl, ".mtlint-words.txt");
    }
    rc = !wl ? mtl_seterr(err, MTL_ENOMEM, "", 0, 0, "out of memory")
             : mtl_lsp_wordlist_add(wl, word, &added, err);
    if (!rc)
      rc = mtl_lsp_config_add(cfg, "wordlists", ".mtlint-words.txt", err);
  } else {
    rc = mtl_lsp_wordlist_add(wl, word, &added, err);
  }
  if (!rc)
    logf_(s, "%s: added '%s'", wl, word);
  mtl_free(cfg);
  mtl_free(wl);
  return rc;
}

static void m_execute(mtl_lsp *s, const mtl_json *id, const mtl_json *params) {
  const char *cmd = get_str(params, "command");
  const mtl_json *arg = mtl_json_at(mtl_json_get(params, "arguments"), 0);
  const char *uri = get_str(arg, "uri"), *scope = get_str(arg, "scope");
  lsp_doc *d = find_doc(s, uri);
  mtl_error err;
  int rc = 0;
  memset(&err, 0, sizeof err);
  if (!cmd || (strcmp(cmd, commands[0]) && strcmp(cmd, commands[1]))) {
    reply_error(s, id, E_INVALID_PARAMS, "unknown command");
    return;
  }
  if (!d || !scope) {
    reply_error(s, id, E_INVALID_PARAMS, "the command needs an open document's uri and a scope");
    return;
  }
  if (!strcmp(cmd, "mtlint.addWord")) {
    const char *word = get_str(arg, "word");
    if (!word) {
      reply_error(s, id, E_INVALID_PARAMS, "mtlint.addWord needs a word");
      return;
    }
    rc = add_word(s, d, word, scope, &err);
    if (!rc)
      reload_all(s);
  } else {
    const char *rule = get_str(arg, "rule");
    if (!rule || !*rule) {
      reply_error(s, id, E_INVALID_PARAMS, "mtlint.disableRule needs a rule");
      return;
    }
    if (!strcmp(scope, "file")) {
      if (!list_has(&d->off, rule) && mtl_strlist_add(&d->off, rule))
        rc = mtl_seterr(&err, MTL_ENOMEM, "", 0, 0, "out of memory");
      else
        d->due = s->now; /* published before the answer */
    } else if (!strcmp(scope, "workspace")) {
      char *cfg = project_config(s, d, &err);
      rc = cfg ? mtl_lsp_config_add(cfg, "disable", rule, &err) : err.code ? err.code : -1;
      if (!rc) {
        logf_(s, "%s: disabled %s", cfg, rule);
        reload_all(s);
      }
      mtl_free(cfg);
    } else {
      reply_error(s, id, E_INVALID_PARAMS, "scope is file or workspace");
      return;
    }
  }
  if (rc) {
    char msg[2048];
    snprintf(msg, sizeof msg, "%s%s%s", err.file[0] ? err.file : "", err.file[0] ? ": " : "",
             err.message[0] ? err.message : mtl_strerror(rc));
    logf_(s, "%s failed: %s", cmd, msg);
    show_message(s, 1, msg);
    reply_error(s, id, E_REQUEST_FAILED, msg);
    return;
  }
  /* The new diagnostics go out before the answer: a client that reads both
   * in one go (Emacs 28's jsonrpc) may handle only the answer until the
   * server's next message. */
  run_due(s);
  reply(s, id, NULL);
}

/* ---------------- dispatch ---------------- */

typedef void (*handler)(mtl_lsp *s, const mtl_json *id, const mtl_json *params);

static const struct {
  const char *name;
  int request;
  handler fn;
} methods[] = {
    {"initialize", 1, m_initialize},
    {"shutdown", 1, m_shutdown},
    {"textDocument/codeAction", 1, m_code_action},
    {"codeAction/resolve", 1, m_code_action_resolve},
    {"textDocument/hover", 1, m_hover},
    {"workspace/executeCommand", 1, m_execute},
    {"initialized", 0, m_initialized},
    {"exit", 0, m_exit},
    {"textDocument/didOpen", 0, m_did_open},
    {"textDocument/didChange", 0, m_did_change},
    {"textDocument/didSave", 0, m_did_save},
    {"textDocument/didClose", 0, m_did_close},
    {"workspace/didChangeConfiguration", 0, m_did_change_configuration},
    {"workspace/didChangeWatchedFiles", 0, m_did_change_watched},
    {"$/cancelRequest", 0, m_ignore},
    {"$/setTrace", 0, m_ignore},
};

static int valid_id(const mtl_json *id) {
  mtl_json_type t = mtl_json_typeof(id);
  return t == MTL_JSON_INTEGER || t == MTL_JSON_STRING;
}

static int same_id(const mtl_json *a, const mtl_json *b) {
  int ok1, ok2;
  if (mtl_json_typeof(a) != mtl_json_typeof(b))
    return 0;
  if (mtl_json_typeof(a) == MTL_JSON_STRING) {
    size_t n1, n2;
    const char *s1 = mtl_json_str(a, &n1), *s2 = mtl_json_str(b, &n2);
    return n1 == n2 && !memcmp(s1, s2, n1);
  }
  return mtl_json_int(a, &ok1) == mtl_json_int(b, &ok2) && ok1 && ok2;
}

static void handle(mtl_lsp *s, const mtl_json *msg, int cancelled) {
  const char *method = get_str(msg, "method");
  const mtl_json *id = mtl_json_get(msg, "id"), *params = mtl_json_get(msg, "params");
  size_t i;
  if (mtl_json_typeof(msg) != MTL_JSON_OBJECT) {
    reply_error(s, NULL, E_INVALID_REQUEST, "a message is a JSON object");
    return;
  }
  if (!method) {
    if (id && (mtl_json_get(msg, "result") || mtl_json_get(msg, "error")))
      return; /* a client's answer to our request */
    reply_error(s, valid_id(id) ? id : NULL, E_INVALID_REQUEST, "no method");
    return;
  }
  if (id && !valid_id(id)) {
    reply_error(s, NULL, E_INVALID_REQUEST, "id must be an integer or a string");
    return;
  }
  if (mtl_json_typeof(params) == MTL_JSON_NULL) /* "params": null, as some clients send */
    params = NULL;
  if (params && mtl_json_typeof(params) != MTL_JSON_OBJECT &&
      mtl_json_typeof(params) != MTL_JSON_ARRAY) {
    if (id)
      reply_error(s, id, E_INVALID_PARAMS, "params must be an object or an array");
    return;
  }
  if (s->state == S_EXITED)
    return;
  if (!strcmp(method, "exit")) {
    m_exit(s, id, params);
    return;
  }
  if (s->state == S_NEW && strcmp(method, "initialize")) {
    if (id)
      reply_error(s, id, E_NOT_INITIALIZED, "the server is not initialized");
    return;
  }
  if (s->state == S_SHUTDOWN) {
    if (id)
      reply_error(s, id, E_INVALID_REQUEST, "the server is shut down");
    return;
  }
  if (id && cancelled) {
    reply_error(s, id, E_CANCELLED, "request cancelled");
    return;
  }
  for (i = 0; i < sizeof methods / sizeof methods[0]; i++) {
    if (strcmp(methods[i].name, method))
      continue;
    if (methods[i].request && !id) {
      logf_(s, "%s sent as a notification; ignored", method);
      return;
    }
    if (!methods[i].request && id) {
      reply_error(s, id, E_INVALID_REQUEST, "this method is a notification");
      return;
    }
    methods[i].fn(s, id, params);
    return;
  }
  if (id)
    reply_error(s, id, E_NO_METHOD, "method not found");
  else if (strncmp(method, "$/", 2))
    logf_(s, "ignoring notification %s", method);
}

static int queue_push(mtl_lsp *s, mtl_json *msg, int code, const char *why) {
  if (mtl_grow((void **)&s->q, &s->capq, s->nq + 1, sizeof *s->q)) {
    mtl_json_free(msg);
    return MTL_ENOMEM;
  }
  s->q[s->nq].msg = msg;
  s->q[s->nq].code = code;
  s->q[s->nq].why = why;
  s->nq++;
  return 0;
}

static int on_frame(void *ctx, mtl_frame_event ev, const char *body, size_t len,
                    const char *why) {
  mtl_lsp *s = ctx;
  if (ev == MTL_FRAME_MESSAGE) {
    char msg[200];
    mtl_json *m = mtl_json_parse(body, len, NULL, NULL, msg, sizeof msg);
    if (!m) {
      logf_(s, "invalid JSON: %s", msg);
      return queue_push(s, NULL, E_PARSE, "parse error: invalid JSON");
    }
    return queue_push(s, m, 0, NULL);
  }
  logf_(s, "bad frame: %s", why);
  return queue_push(s, NULL, ev == MTL_FRAME_TOO_LARGE ? E_INVALID_REQUEST : E_PARSE, why);
}

static void run_queue(mtl_lsp *s) {
  size_t i, j;
  for (i = 0; i < s->nq; i++) {
    const mtl_json *m = s->q[i].msg;
    int cancelled = 0;
    if (!m) {
      reply_error(s, NULL, s->q[i].code, s->q[i].why);
      continue;
    }
    if (valid_id(mtl_json_get(m, "id")) && get_str(m, "method"))
      for (j = i + 1; j < s->nq && !cancelled; j++) {
        const char *mm = s->q[j].msg ? get_str(s->q[j].msg, "method") : NULL;
        if (mm && !strcmp(mm, "$/cancelRequest") &&
            same_id(mtl_json_get(mtl_json_get(s->q[j].msg, "params"), "id"),
                    mtl_json_get(m, "id")))
          cancelled = 1;
      }
    handle(s, m, cancelled);
  }
  for (i = 0; i < s->nq; i++)
    mtl_json_free(s->q[i].msg);
  s->nq = 0;
}

/* ---------------- public API ---------------- */

int mtl_lsp_new(mtl_lsp **out, const mtl_lsp_host *host) {
  mtl_lsp *s;
  *out = NULL;
  if (!host || !host->write)
    return MTL_EINVAL;
  if (!(s = mtl_calloc(1, sizeof *s)))
    return MTL_ENOMEM;
  s->host = *host;
  s->enc = MTL_ENC_UTF16;
  s->debounce = 10;
  s->exit_status = -1;
  mtl_lsp_framer_init(&s->fr, MTL_LSP_MAX_BODY);
  *out = s;
  return 0;
}

void mtl_lsp_free(mtl_lsp *s) {
  size_t i;
  if (!s)
    return;
  for (i = 0; i < s->ndocs; i++)
    doc_free(s->docs[i]);
  mtl_free(s->docs);
  for (i = 0; i < s->nq; i++)
    mtl_json_free(s->q[i].msg);
  mtl_free(s->q);
  mtl_lsp_framer_free(&s->fr);
  free_list(&s->off);
  mtl_free(s->root);
  mtl_free(s->user_wordlist);
  mtl_free(s);
}

int mtl_lsp_set_debounce(mtl_lsp *s, long ms) {
  if (!s || ms < 0 || ms > MAX_DEBOUNCE)
    return MTL_EINVAL;
  s->debounce = ms;
  return 0;
}

int mtl_lsp_set_position_encoding(mtl_lsp *s, const char *name) {
  if (!s)
    return MTL_EINVAL;
  if (!name)
    s->forced_enc = 0;
  else if (!strcmp(name, "utf-8"))
    s->forced_enc = MTL_ENC_UTF8;
  else if (!strcmp(name, "utf-16"))
    s->forced_enc = MTL_ENC_UTF16;
  else
    return MTL_EINVAL;
  return 0;
}

int mtl_lsp_set_user_wordlist(mtl_lsp *s, const char *path) {
  char *p;
  if (!s || !path || !*path)
    return MTL_EINVAL;
  if (!(p = mtl_strdup(path)))
    return MTL_ENOMEM;
  mtl_free(s->user_wordlist);
  s->user_wordlist = p;
  return 0;
}

int mtl_lsp_feed(mtl_lsp *s, const char *data, size_t len) {
  int rc;
  if (!s || (!data && len))
    return MTL_EINVAL;
  if (s->state == S_EXITED)
    return s->broken ? MTL_EIO : 0;
  rc = mtl_lsp_framer_feed(&s->fr, data, len, on_frame, s);
  if (rc == MTL_ENOMEM)
    queue_push(s, NULL, E_INTERNAL, "out of memory");
  run_queue(s);
  if (s->state == S_RUNNING)
    run_due(s);
  return s->broken ? MTL_EIO : 0;
}

int mtl_lsp_tick(mtl_lsp *s, long long now_ms) {
  if (!s)
    return MTL_EINVAL;
  s->now = now_ms;
  if (s->state == S_RUNNING)
    run_due(s);
  return s->broken ? MTL_EIO : 0;
}

long mtl_lsp_timeout(const mtl_lsp *s) {
  long long best = -1;
  size_t i;
  if (!s || s->state != S_RUNNING)
    return -1;
  for (i = 0; i < s->ndocs; i++) {
    long long due = s->docs[i]->due >= 0 ? s->docs[i]->due : s->docs[i]->due_full;
    if (due >= 0 && (best < 0 || due < best))
      best = due;
  }
  if (best < 0)
    return -1;
  return best <= s->now ? 0 : (long)(best - s->now);
}

int mtl_lsp_exit_status(const mtl_lsp *s) {
  return s && s->state == S_EXITED ? s->exit_status : -1;
}
