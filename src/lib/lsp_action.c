/*
 * lsp_action.c - what the language server offers on a finding: code
 * actions (quick fixes, resolved lazily for spelling), hover, and the
 * commands behind them (add a word, disable a rule).
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
  mtl_json_set(c, "title", lsp_jstr(title));
  mtl_json_set(c, "command", lsp_jstr(cmd));
  mtl_json_set(c, "arguments", args);
  mtl_json_set(a, "title", lsp_jstr(title));
  mtl_json_set(a, "kind", lsp_jstr("quickfix"));
  mtl_json_set(a, "diagnostics", ds);
  mtl_json_set(a, "command", c);
  return a;
}

static mtl_json *cmd_arg(const lsp_doc *d, const char *key, const char *val, const char *scope) {
  mtl_json *o = mtl_json_object();
  mtl_json_set(o, "uri", lsp_jstr(d->uri));
  mtl_json_set(o, key, lsp_jstr(val));
  mtl_json_set(o, "scope", lsp_jstr(scope));
  return o;
}

/* The quick fixes and commands for one finding. */
static void finding_actions(mtl_lsp *s, lsp_doc *d, const mtl_lsp_lines *li,
                            const mtl_finding *f, mtl_json *out, mtl_strlist *seen) {
  mtl_json *diag = lsp_make_diag(s, d, li, f);
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
    mtl_json_set(te, "range", lsp_jrange(s, d, li, f->start.offset, f->end.offset));
    mtl_json_set(te, "newText", lsp_jstr(sg));
    mtl_json_push(edits, te);
    mtl_json_set(changes, d->uri, edits);
    mtl_json_set(edit, "changes", changes);
    mtl_json_push(ds, mtl_json_ref(diag));
    mtl_json_set(a, "title", lsp_jstr(title));
    mtl_json_set(a, "kind", lsp_jstr("quickfix"));
    mtl_json_set(a, "diagnostics", ds);
    mtl_json_set(a, "isPreferred", mtl_json_bool(k == 0 && f->fix_safe));
    mtl_json_set(a, "edit", edit);
    mtl_json_push(out, a);
  }
  if (f->fix == lsp_sugg_later && s->resolve) {
    /* no suggestion work now: codeAction/resolve computes this word's and
     * fills in "edit" with the first (lsp_m_code_action_resolve) */
    mtl_json *a = mtl_json_object(), *ds = mtl_json_array(), *data = mtl_json_object();
    snprintf(title, sizeof title,
             "Replace \xE2\x80\x9C%.*s\xE2\x80\x9D with the first spelling suggestion",
             (int)(mlen > 200 ? 200 : mlen), match);
    mtl_json_set(data, "uri", lsp_jstr(d->uri));
    mtl_json_set(data, "version", mtl_json_integer(d->version));
    mtl_json_set(data, "start", mtl_json_integer((int64_t)f->start.offset));
    mtl_json_set(data, "end", mtl_json_integer((int64_t)f->end.offset));
    mtl_json_set(data, "rule", lsp_jstr(f->rule));
    mtl_json_push(ds, mtl_json_ref(diag));
    mtl_json_set(a, "title", lsp_jstr(title));
    mtl_json_set(a, "kind", lsp_jstr("quickfix"));
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
  if (!lsp_list_has(seen, f->rule) && !mtl_strlist_add(seen, f->rule)) {
    /* an inline directive at the top keeps the file's choice in the file */
    mtl_json *a = mtl_json_object(), *edit = mtl_json_object(), *changes = mtl_json_object();
    mtl_json *edits = mtl_json_array(), *te = mtl_json_object(), *ds = mtl_json_array();
    mtl_json *r = mtl_json_object();
    const char *dot = strrchr(d->uri, '.');
    int md = dot && (!strcmp(dot, ".md") || !strcmp(dot, ".markdown"));
    char line[300];
    snprintf(line, sizeof line, md ? "<!-- mtlint-disable %s -->\n" : "# mtlint-disable %s\n",
             f->rule);
    mtl_json_set(r, "start", lsp_jposition(0, 0));
    mtl_json_set(r, "end", lsp_jposition(0, 0));
    mtl_json_set(te, "range", r);
    mtl_json_set(te, "newText", lsp_jstr(line));
    mtl_json_push(edits, te);
    mtl_json_set(changes, d->uri, edits);
    mtl_json_set(edit, "changes", changes);
    mtl_json_push(ds, mtl_json_ref(diag));
    snprintf(title, sizeof title,
             "Disable %s in this file: a \xE2\x80\x9Cmtlint-disable\xE2\x80\x9D comment at the top",
             f->rule);
    mtl_json_set(a, "title", lsp_jstr(title));
    mtl_json_set(a, "kind", lsp_jstr("quickfix"));
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
    if (f->end.offset < rs || f->fix != lsp_sugg_later || (only >= 0 && i != (size_t)only))
      continue;
    n++;
    lo = f->start.offset < lo ? f->start.offset : lo;
    hi = f->end.offset > hi ? f->end.offset : hi;
    last = f->start.offset; /* sorted by start: the budget's last word */
  }
  if (lo > hi || !d->eng)
    return;
  lsp_region_of(d, lo, hi, &ps, &pe);
  /* the paragraph-local rules only: no other rule's finding may hide one;
   * a deferring rule that is not paragraph-local (spelling looks at the
   * whole article: names used elsewhere, repeated terms) needs the whole
   * text */
  local = 1;
  for (i = 0; i < d->nf && local; i++)
    if (d->f[i].fix == lsp_sugg_later && !mtl_rule_para_local(d->eng, d->f[i].rule))
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
    if (f->fix != lsp_sugg_later || f->start.offset < lo || f->start.offset > last ||
        f->end.offset < rs || f->start.offset > re || (only >= 0 && i != (size_t)only))
      continue;
    /* both lists are sorted by start, end, rule */
    while (j < mtl_result_count(res)) {
      const mtl_finding *g = mtl_result_finding(res, j);
      mtl_finding tmp = *g;
      tmp.start.offset += ps;
      tmp.end.offset += ps;
      if (lsp_cmp_find(&tmp, f) >= 0)
        break;
      j++;
    }
    if (j < mtl_result_count(res)) {
      const mtl_finding *g = mtl_result_finding(res, j);
      if (g->start.offset + ps == f->start.offset && g->end.offset + ps == f->end.offset &&
          !strcmp(g->rule, f->rule))
        (void)lsp_copy_suggestions(f, g); /* out of memory: fewer quick fixes */
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

void lsp_m_code_action(mtl_lsp *s, const mtl_json *id, const mtl_json *params) {
  lsp_doc *d = lsp_doc_of(s, params);
  const mtl_json *range = mtl_json_get(params, "range");
  mtl_json *out = mtl_json_array();
  mtl_strlist seen = {0};
  mtl_lsp_lines li;
  size_t l1, c1, l2, c2, rs, re, i;
  if (lsp_read_pos(mtl_json_get(range, "start"), &l1, &c1) ||
      lsp_read_pos(mtl_json_get(range, "end"), &l2, &c2)) {
    mtl_json_free(out);
    lsp_reply_error(s, id, E_INVALID_PARAMS, "codeAction needs textDocument and range");
    return;
  }
  if (!d || !wants_quickfix(mtl_json_get(mtl_json_get(params, "context"), "only"))) {
    lsp_reply(s, id, out);
    return;
  }
  if (d->due >= 0 || !d->eng)
    lsp_lint_doc(s, d, LINT_REGION);
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
      if (f->end.offset < rs || lsp_hidden(s, d, f->rule))
        continue;
      finding_actions(s, d, &li, f, out, &seen);
    }
    mtl_lsp_lines_free(&li);
  }
  lsp_free_list(&seen);
  lsp_reply(s, id, out);
}

/* codeAction/resolve: the action finding_actions offered for a deferred
 * spelling finding, with "edit" filled in: the word's suggestions are
 * computed now (and kept: the next codeAction lists them all), the edit
 * puts the first in the word's place.  A word without a suggestion gets
 * the action back without an edit and a message that says so; a document
 * that changed under the action is -32801 (ContentModified), as LSP says.
 * Any other action comes back as it is. */
void lsp_m_code_action_resolve(mtl_lsp *s, const mtl_json *id, const mtl_json *params) {
  const mtl_json *data = mtl_json_get(params, "data");
  const char *uri = lsp_get_str(data, "uri"), *rule = lsp_get_str(data, "rule");
  lsp_doc *d = lsp_find_doc(s, uri);
  long long start, end, ver;
  mtl_json *out;
  mtl_finding *f = NULL;
  mtl_lsp_lines li;
  size_t i;
  void *it;
  if (mtl_json_typeof(params) != MTL_JSON_OBJECT || !lsp_get_str(params, "title")) {
    lsp_reply_error(s, id, E_INVALID_PARAMS, "codeAction/resolve takes a code action");
    return;
  }
  if (!uri || !rule || !lsp_get_int(data, "start", &start) || !lsp_get_int(data, "end", &end) ||
      !lsp_get_int(data, "version", &ver) || start < 0 || end < start) {
    /* complete already (a command, an edit): clients such as Neovim 0.7
     * resolve every action that has no edit */
    lsp_reply(s, id, mtl_json_ref((mtl_json *)params));
    return;
  }
  if (d && (d->due >= 0 || !d->eng))
    lsp_lint_doc(s, d, LINT_REGION);
  for (i = 0; d && d->version == ver && i < d->nf; i++)
    if (d->f[i].start.offset == (size_t)start && d->f[i].end.offset == (size_t)end &&
        !strcmp(d->f[i].rule, rule)) {
      f = &d->f[i];
      if (f->fix == lsp_sugg_later)
        resolve_deferred(d, f->start.offset, f->end.offset, (long)i);
      break;
    }
  if (!f) {
    lsp_reply_error(s, id, E_CONTENT_MODIFIED,
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
    mtl_json_set(te, "range", lsp_jrange(s, d, &li, f->start.offset, f->end.offset));
    mtl_json_set(te, "newText", lsp_jstr(f->suggestions[0]));
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
    lsp_show_message(s, 3, msg);
  }
  lsp_reply(s, id, out);
}

/* textDocument/hover: the findings under the cursor with their rule's
 * explanation (what --explain prints first), as markdown; null where
 * there is none. */
void lsp_m_hover(mtl_lsp *s, const mtl_json *id, const mtl_json *params) {
  lsp_doc *d = lsp_doc_of(s, params);
  mtl_buf md = {0};
  mtl_lsp_lines li;
  mtl_json *res = NULL, *contents;
  size_t l, c, at, i, lo = 0, hi = 0, shown = 0;
  if (lsp_read_pos(mtl_json_get(params, "position"), &l, &c)) {
    lsp_reply_error(s, id, E_INVALID_PARAMS, "hover needs textDocument and position");
    return;
  }
  if (!d) {
    lsp_reply(s, id, NULL);
    return;
  }
  if (d->due >= 0 || !d->eng)
    lsp_lint_doc(s, d, LINT_REGION);
  at = mtl_lsp_offset(d->text, d->len, l, c, s->enc);
  for (i = 0; i < d->nf && shown < 8; i++) { /* at most 8 findings */
    const mtl_finding *f = &d->f[i];
    const mtl_rule_info *ri;
    if (f->start.offset > at)
      break; /* sorted by start */
    if (f->end.offset < at || lsp_hidden(s, d, f->rule))
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
    mtl_json_set(contents, "kind", lsp_jstr("markdown"));
    mtl_json_set(contents, "value", lsp_jstr(md.data));
    mtl_json_set(res, "contents", contents);
    mtl_json_set(res, "range", lsp_jrange(s, d, &li, lo, hi));
    mtl_lsp_lines_free(&li);
  }
  mtl_buf_free(&md);
  lsp_reply(s, id, res);
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
    lsp_log(s, "%s: added '%s'", s->user_wordlist, word);
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
    lsp_log(s, "%s: added '%s'", wl, word);
  mtl_free(cfg);
  mtl_free(wl);
  return rc;
}

void lsp_m_execute(mtl_lsp *s, const mtl_json *id, const mtl_json *params) {
  const char *cmd = lsp_get_str(params, "command");
  const mtl_json *arg = mtl_json_at(mtl_json_get(params, "arguments"), 0);
  const char *uri = lsp_get_str(arg, "uri"), *scope = lsp_get_str(arg, "scope");
  lsp_doc *d = lsp_find_doc(s, uri);
  mtl_error err;
  int rc = 0;
  memset(&err, 0, sizeof err);
  if (!cmd || (strcmp(cmd, lsp_commands[0]) && strcmp(cmd, lsp_commands[1]))) {
    lsp_reply_error(s, id, E_INVALID_PARAMS, "unknown command");
    return;
  }
  if (!d || !scope) {
    lsp_reply_error(s, id, E_INVALID_PARAMS,
                    "the command needs an open document's uri and a scope");
    return;
  }
  if (!strcmp(cmd, "mtlint.addWord")) {
    const char *word = lsp_get_str(arg, "word");
    if (!word) {
      lsp_reply_error(s, id, E_INVALID_PARAMS, "mtlint.addWord needs a word");
      return;
    }
    rc = add_word(s, d, word, scope, &err);
    if (!rc)
      lsp_reload_all(s);
  } else {
    const char *rule = lsp_get_str(arg, "rule");
    if (!rule || !*rule) {
      lsp_reply_error(s, id, E_INVALID_PARAMS, "mtlint.disableRule needs a rule");
      return;
    }
    if (!strcmp(scope, "file")) {
      if (!lsp_list_has(&d->off, rule) && mtl_strlist_add(&d->off, rule))
        rc = mtl_seterr(&err, MTL_ENOMEM, "", 0, 0, "out of memory");
      else
        d->due = s->now; /* published before the answer */
    } else if (!strcmp(scope, "workspace")) {
      char *cfg = project_config(s, d, &err);
      rc = cfg ? mtl_lsp_config_add(cfg, "disable", rule, &err) : err.code ? err.code : -1;
      if (!rc) {
        lsp_log(s, "%s: disabled %s", cfg, rule);
        lsp_reload_all(s);
      }
      mtl_free(cfg);
    } else {
      lsp_reply_error(s, id, E_INVALID_PARAMS, "scope is file or workspace");
      return;
    }
  }
  if (rc) {
    char msg[2048];
    snprintf(msg, sizeof msg, "%s%s%s", err.file[0] ? err.file : "", err.file[0] ? ": " : "",
             err.message[0] ? err.message : mtl_strerror(rc));
    lsp_log(s, "%s failed: %s", cmd, msg);
    lsp_show_message(s, 1, msg);
    lsp_reply_error(s, id, E_REQUEST_FAILED, msg);
    return;
  }
  /* The new diagnostics go out before the answer: a client that reads both
   * in one go (Emacs 28's jsonrpc) may handle only the answer until the
   * server's next message. */
  lsp_run_due(s);
  lsp_reply(s, id, NULL);
}
