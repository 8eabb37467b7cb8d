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
#include "engine.h"
#include "json.h"
#include "language.h"
#include "lsp_internal.h"
#include "lsp_server.h"
#include "mtlint.h"
#include "options.h"
#include "utf8.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const lsp_commands[] = {"mtlint.addWord", "mtlint.disableRule", NULL};

/* ---------------- small helpers ---------------- */

void lsp_log(mtl_lsp *s, const char *fmt, ...) {
  char line[1024];
  va_list ap;
  if (!s->host.log)
    return;
  va_start(ap, fmt);
  vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  s->host.log(s->host.ctx, line);
}

void lsp_free_list(mtl_strlist *l) {
  size_t i;
  for (i = 0; i < l->n; i++)
    mtl_free(l->v[i]);
  mtl_free(l->v);
  memset(l, 0, sizeof *l);
}

int lsp_list_has(const mtl_strlist *l, const char *s) {
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

mtl_json *lsp_jstr(const char *s) { return jstrn(s, strlen(s)); }

const char *lsp_get_str(const mtl_json *o, const char *k) {
  return mtl_json_str(mtl_json_get(o, k), NULL);
}

int lsp_get_int(const mtl_json *o, const char *k, long long *out) {
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
    lsp_log(s, "out of memory writing a message");
    return;
  }
  mtl_buf_printf(&b, "Content-Length: %zu\r\n\r\n", n);
  mtl_buf_put(&b, body, n);
  free(body);
  if (b.oom)
    lsp_log(s, "out of memory writing a message");
  else if (!s->broken && s->host.write(s->host.ctx, b.data, b.len))
    s->broken = 1;
  mtl_buf_free(&b);
}

void lsp_reply(mtl_lsp *s, const mtl_json *id, mtl_json *result) {
  mtl_json *m = mtl_json_object();
  mtl_json_set(m, "id", id ? mtl_json_ref((mtl_json *)id) : mtl_json_null());
  mtl_json_set(m, "result", result ? result : mtl_json_null());
  send_msg(s, m);
}

void lsp_reply_error(mtl_lsp *s, const mtl_json *id, int code, const char *msg) {
  mtl_json *m = mtl_json_object(), *e = mtl_json_object();
  mtl_json_set(e, "code", mtl_json_integer(code));
  mtl_json_set(e, "message", lsp_jstr(msg));
  mtl_json_set(m, "id", id ? mtl_json_ref((mtl_json *)id) : mtl_json_null());
  mtl_json_set(m, "error", e);
  send_msg(s, m);
}

void lsp_notify(mtl_lsp *s, const char *method, mtl_json *params) {
  mtl_json *m = mtl_json_object();
  mtl_json_set(m, "method", lsp_jstr(method));
  mtl_json_set(m, "params", params);
  send_msg(s, m);
}

void lsp_show_message(mtl_lsp *s, int type, const char *text) {
  mtl_json *p = mtl_json_object();
  mtl_json_set(p, "type", mtl_json_integer(type));
  mtl_json_set(p, "message", lsp_jstr(text));
  lsp_notify(s, "window/showMessage", p);
}

mtl_json *lsp_jposition(size_t line, size_t ch) {
  mtl_json *p = mtl_json_object();
  mtl_json_set(p, "line", mtl_json_integer((int64_t)line));
  mtl_json_set(p, "character", mtl_json_integer((int64_t)ch));
  return p;
}

mtl_json *lsp_jrange(const mtl_lsp *s, const lsp_doc *d, const mtl_lsp_lines *li,
                     size_t start, size_t end) {
  mtl_json *r = mtl_json_object();
  size_t l, c;
  mtl_lsp_position(li, d->text, d->len, start, s->enc, &l, &c);
  mtl_json_set(r, "start", lsp_jposition(l, c));
  mtl_lsp_position(li, d->text, d->len, end, s->enc, &l, &c);
  mtl_json_set(r, "end", lsp_jposition(l, c));
  return r;
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
  if (lsp_get_int(o, "debounceMs", &ms))
    mtl_lsp_set_debounce(s, (long)(ms < 0 ? 0 : ms > MAX_DEBOUNCE ? MAX_DEBOUNCE : ms));
  if ((uw = lsp_get_str(o, "userWordlist")) && *uw)
    mtl_lsp_set_user_wordlist(s, uw);
  if ((uw = lsp_get_str(o, "language")) && mtl_language_parse(uw) >= 0 && s->host.set_language) {
    s->host.set_language(s->host.ctx, uw);
    if (s->state != S_NEW)
      lsp_reload_all(s);
  }
  if (mtl_json_typeof(v = mtl_json_get(o, "disable")) == MTL_JSON_ARRAY) {
    lsp_free_list(&s->off);
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
    lsp_reply_error(s, id, E_INVALID_REQUEST, "initialize was already received");
    return;
  }
  if (params && mtl_json_typeof(params) != MTL_JSON_OBJECT) {
    lsp_reply_error(s, id, E_INVALID_PARAMS, "initialize takes an object");
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
  if (lsp_get_str(params, "rootPath") && lsp_get_str(params, "rootPath")[0] == '/') {
    mtl_free(s->root);
    s->root = mtl_strdup(lsp_get_str(params, "rootPath"));
  }
  if (mtl_json_size(folders))
    set_root(s, lsp_get_str(mtl_json_at(folders, 0), "uri"));
  if (lsp_get_str(params, "rootUri"))
    set_root(s, lsp_get_str(params, "rootUri"));
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
  mtl_json_set(c, "positionEncoding", lsp_jstr(s->enc == MTL_ENC_UTF8 ? "utf-8" : "utf-16"));
  mtl_json_set(sync, "openClose", mtl_json_bool(1));
  mtl_json_set(sync, "change", mtl_json_integer(2)); /* incremental */
  mtl_json_set(save, "includeText", mtl_json_bool(0));
  mtl_json_set(sync, "save", save);
  mtl_json_set(c, "textDocumentSync", sync);
  mtl_json_push(kinds, lsp_jstr("quickfix"));
  mtl_json_set(ca, "codeActionKinds", kinds);
  mtl_json_set(ca, "resolveProvider", mtl_json_bool(1));
  mtl_json_set(c, "codeActionProvider", ca);
  mtl_json_set(c, "hoverProvider", mtl_json_bool(1));
  for (i = 0; lsp_commands[i]; i++)
    mtl_json_push(cmds, lsp_jstr(lsp_commands[i]));
  mtl_json_set(ex, "commands", cmds);
  mtl_json_set(c, "executeCommandProvider", ex);
  mtl_json_set(res, "capabilities", c);
  mtl_json_set(info, "name", lsp_jstr("mtlint"));
  mtl_json_set(info, "version", lsp_jstr(MTL_VERSION));
  mtl_json_set(res, "serverInfo", info);
  if (clangd_style)
    mtl_json_set(res, "offsetEncoding", lsp_jstr(s->enc == MTL_ENC_UTF8 ? "utf-8" : "utf-16"));
  s->state = S_RUNNING;
  lsp_log(s, "initialized: position encoding %s%s, workspace %s%s",
        s->enc == MTL_ENC_UTF8 ? "utf-8" : "utf-16", s->forced_enc ? " (fixed by the host)" : "",
        s->root ? s->root : "(none)", s->resolve ? ", code actions resolved" : "");
  lsp_reply(s, id, res);
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
    mtl_json_set(w, "globPattern", lsp_jstr(globs[i]));
    mtl_json_push(watchers, w);
  }
  mtl_json_set(opts, "watchers", watchers);
  mtl_json_set(reg, "id", lsp_jstr("mtlint-watch"));
  mtl_json_set(reg, "method", lsp_jstr("workspace/didChangeWatchedFiles"));
  mtl_json_set(reg, "registerOptions", opts);
  mtl_json_push(regs, reg);
  mtl_json_set(p, "registrations", regs);
  mtl_json_set(m, "id", mtl_json_integer(++s->next_id));
  mtl_json_set(m, "method", lsp_jstr("client/registerCapability"));
  mtl_json_set(m, "params", p);
  send_msg(s, m);
}

static void m_shutdown(mtl_lsp *s, const mtl_json *id, const mtl_json *params) {
  s->state = S_SHUTDOWN;
  lsp_reply(s, id, NULL);
}

static void m_exit(mtl_lsp *s, const mtl_json *id, const mtl_json *params) {
  s->exit_status = s->state == S_SHUTDOWN ? 0 : 1;
  s->state = S_EXITED;
}

/* ---------------- text synchronisation ---------------- */

lsp_doc *lsp_doc_of(mtl_lsp *s, const mtl_json *params) {
  const char *uri = lsp_get_str(mtl_json_get(params, "textDocument"), "uri");
  lsp_doc *d = lsp_find_doc(s, uri);
  if (!d)
    lsp_log(s, "no open document %s", uri ? uri : "(no uri)");
  return d;
}

static void m_did_open(mtl_lsp *s, const mtl_json *id, const mtl_json *params) {
  const mtl_json *td = mtl_json_get(params, "textDocument");
  const char *uri = lsp_get_str(td, "uri");
  size_t n = 0;
  const char *text = mtl_json_str(mtl_json_get(td, "text"), &n);
  lsp_doc *d;
  long long ver = 0;
  if (!uri || !text) {
    lsp_log(s, "didOpen without uri or text");
    return;
  }
  if (n > MAX_DOC_BYTES) {
    lsp_log(s, "%s: too large to lint (%zu bytes)", uri, n);
    return;
  }
  lsp_get_int(td, "version", &ver);
  if (!(d = lsp_find_doc(s, uri))) {
    if (s->ndocs >= MAX_DOCS) {
      lsp_log(s, "too many open documents; %s is not linted", uri);
      return;
    }
    if (mtl_grow((void **)&s->docs, &s->capdocs, s->ndocs + 1, sizeof *s->docs) ||
        !(d = mtl_calloc(1, sizeof *d)) || !(d->uri = mtl_strdup(uri))) {
      lsp_doc_free(d);
      lsp_log(s, "out of memory");
      return;
    }
    d->path = mtl_lsp_uri_path(uri);
    s->docs[s->ndocs++] = d;
  }
  lsp_doc_stale(d);
  d->len = 0;
  d->due_full = -1;
  d->published = -1;
  if (lsp_doc_splice(d, 0, 0, text, n)) {
    lsp_log(s, "%s: out of memory", uri);
    return;
  }
  d->version = ver;
  d->due = s->now;
}

int lsp_read_pos(const mtl_json *p, size_t *line, size_t *ch) {
  long long l, c;
  if (!lsp_get_int(p, "line", &l) || !lsp_get_int(p, "character", &c) || l < 0 || c < 0)
    return -1;
  *line = (size_t)l;
  *ch = (size_t)c;
  return 0;
}

static void m_did_change(mtl_lsp *s, const mtl_json *id, const mtl_json *params) {
  lsp_doc *d = lsp_doc_of(s, params);
  const mtl_json *changes = mtl_json_get(params, "contentChanges");
  size_t i, n = mtl_json_size(changes);
  long long ver;
  if (!d)
    return;
  if (lsp_get_int(mtl_json_get(params, "textDocument"), "version", &ver))
    d->version = ver;
  for (i = 0; i < n && i < MAX_CHANGES; i++) {
    const mtl_json *ch = mtl_json_at(changes, i), *range = mtl_json_get(ch, "range");
    size_t tn = 0, l1, c1, l2, c2;
    const char *text = mtl_json_str(mtl_json_get(ch, "text"), &tn);
    int rc;
    if (!text) {
      lsp_log(s, "%s: change without text", d->uri);
      continue;
    }
    if (!range) {
      lsp_doc_stale(d);
      rc = lsp_doc_splice(d, 0, d->len, text, tn);
    } else if (lsp_read_pos(mtl_json_get(range, "start"), &l1, &c1) ||
               lsp_read_pos(mtl_json_get(range, "end"), &l2, &c2)) {
      lsp_log(s, "%s: change with a bad range", d->uri);
      continue;
    } else {
      size_t a = mtl_lsp_offset(d->text, d->len, l1, c1, s->enc);
      size_t b = mtl_lsp_offset(d->text, d->len, l2, c2, s->enc);
      if (b < a) {
        size_t t = a;
        a = b;
        b = t;
      }
      if (!(rc = lsp_doc_splice(d, a, b, text, tn)))
        lsp_finds_edit(d, a, b, tn);
    }
    if (rc) {
      lsp_doc_stale(d);
      lsp_log(s, "%s: %s", d->uri, rc == MTL_ELIMIT ? "document too large" : "out of memory");
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
  const char *uri = lsp_get_str(mtl_json_get(params, "textDocument"), "uri");
  char *path = mtl_lsp_uri_path(uri);
  if (path && feeds_engines(s, path))
    lsp_reload_all(s);
  mtl_free(path);
}

static void m_did_close(mtl_lsp *s, const mtl_json *id, const mtl_json *params) {
  lsp_doc *d = lsp_doc_of(s, params);
  size_t i;
  if (!d)
    return;
  lsp_doc_stale(d);
  lsp_publish(s, d, NULL); /* clears the editor's list */
  for (i = 0; i < s->ndocs; i++)
    if (s->docs[i] == d) {
      memmove(s->docs + i, s->docs + i + 1, (s->ndocs - i - 1) * sizeof *s->docs);
      s->ndocs--;
      break;
    }
  lsp_doc_free(d);
}

static void m_did_change_configuration(mtl_lsp *s, const mtl_json *id,
                                       const mtl_json *params) {
  apply_settings(s, mtl_json_get(params, "settings"));
  lsp_reload_all(s);
}

static void m_did_change_watched(mtl_lsp *s, const mtl_json *id, const mtl_json *params) {
  lsp_reload_all(s);
}

static void m_ignore(mtl_lsp *s, const mtl_json *id, const mtl_json *params) {}

/* ---------------- dispatch ---------------- */

typedef void (*handler)(mtl_lsp *s, const mtl_json *id, const mtl_json *params);

static const struct {
  const char *name;
  int request;
  handler fn;
} methods[] = {
    {"initialize", 1, m_initialize},
    {"shutdown", 1, m_shutdown},
    {"textDocument/codeAction", 1, lsp_m_code_action},
    {"codeAction/resolve", 1, lsp_m_code_action_resolve},
    {"textDocument/hover", 1, lsp_m_hover},
    {"workspace/executeCommand", 1, lsp_m_execute},
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
  const char *method = lsp_get_str(msg, "method");
  const mtl_json *id = mtl_json_get(msg, "id"), *params = mtl_json_get(msg, "params");
  size_t i;
  if (mtl_json_typeof(msg) != MTL_JSON_OBJECT) {
    lsp_reply_error(s, NULL, E_INVALID_REQUEST, "a message is a JSON object");
    return;
  }
  if (!method) {
    if (id && (mtl_json_get(msg, "result") || mtl_json_get(msg, "error")))
      return; /* a client's answer to our request */
    lsp_reply_error(s, valid_id(id) ? id : NULL, E_INVALID_REQUEST, "no method");
    return;
  }
  if (id && !valid_id(id)) {
    lsp_reply_error(s, NULL, E_INVALID_REQUEST, "id must be an integer or a string");
    return;
  }
  if (mtl_json_typeof(params) == MTL_JSON_NULL) /* "params": null, as some clients send */
    params = NULL;
  if (params && mtl_json_typeof(params) != MTL_JSON_OBJECT &&
      mtl_json_typeof(params) != MTL_JSON_ARRAY) {
    if (id)
      lsp_reply_error(s, id, E_INVALID_PARAMS, "params must be an object or an array");
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
      lsp_reply_error(s, id, E_NOT_INITIALIZED, "the server is not initialized");
    return;
  }
  if (s->state == S_SHUTDOWN) {
    if (id)
      lsp_reply_error(s, id, E_INVALID_REQUEST, "the server is shut down");
    return;
  }
  if (id && cancelled) {
    lsp_reply_error(s, id, E_CANCELLED, "request cancelled");
    return;
  }
  for (i = 0; i < sizeof methods / sizeof methods[0]; i++) {
    if (strcmp(methods[i].name, method))
      continue;
    if (methods[i].request && !id) {
      lsp_log(s, "%s sent as a notification; ignored", method);
      return;
    }
    if (!methods[i].request && id) {
      lsp_reply_error(s, id, E_INVALID_REQUEST, "this method is a notification");
      return;
    }
    methods[i].fn(s, id, params);
    return;
  }
  if (id)
    lsp_reply_error(s, id, E_NO_METHOD, "method not found");
  else if (strncmp(method, "$/", 2))
    lsp_log(s, "ignoring notification %s", method);
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
      lsp_log(s, "invalid JSON: %s", msg);
      return queue_push(s, NULL, E_PARSE, "parse error: invalid JSON");
    }
    return queue_push(s, m, 0, NULL);
  }
  lsp_log(s, "bad frame: %s", why);
  return queue_push(s, NULL, ev == MTL_FRAME_TOO_LARGE ? E_INVALID_REQUEST : E_PARSE, why);
}

static void run_queue(mtl_lsp *s) {
  size_t i, j;
  for (i = 0; i < s->nq; i++) {
    const mtl_json *m = s->q[i].msg;
    int cancelled = 0;
    if (!m) {
      lsp_reply_error(s, NULL, s->q[i].code, s->q[i].why);
      continue;
    }
    if (valid_id(mtl_json_get(m, "id")) && lsp_get_str(m, "method"))
      for (j = i + 1; j < s->nq && !cancelled; j++) {
        const char *mm = s->q[j].msg ? lsp_get_str(s->q[j].msg, "method") : NULL;
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
    lsp_doc_free(s->docs[i]);
  mtl_free(s->docs);
  for (i = 0; i < s->nq; i++)
    mtl_json_free(s->q[i].msg);
  mtl_free(s->q);
  mtl_lsp_framer_free(&s->fr);
  lsp_free_list(&s->off);
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
    lsp_run_due(s);
  return s->broken ? MTL_EIO : 0;
}

int mtl_lsp_tick(mtl_lsp *s, long long now_ms) {
  if (!s)
    return MTL_EINVAL;
  s->now = now_ms;
  if (s->state == S_RUNNING)
    lsp_run_due(s);
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
