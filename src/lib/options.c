/*
 * options.c - what an engine is built from: rule paths, word lists,
 * dictionaries, enable/disable selectors, severity overrides and ignore
 * globs, set by calls or merged from a .mtlint.yaml config file.
 */
#include "language.h"
#include "mtlint.h"
#include "options.h"
#include "util.h"
#include "ynode.h"

#include <string.h>

#ifndef MTL_INSTALL_DATADIR
#define MTL_INSTALL_DATADIR "/usr/local/share/mtlint"
#endif

const char *mtl_default_datadir(void) { return MTL_INSTALL_DATADIR; }

int mtl_options_new(mtl_options **out) {
  mtl_options *o = mtl_calloc(1, sizeof *o);
  *out = o;
  if (!o)
    return MTL_ENOMEM;
  o->builtin = 1;
  if (!(o->datadir = mtl_strdup(MTL_INSTALL_DATADIR))) {
    mtl_free(o);
    *out = NULL;
    return MTL_ENOMEM;
  }
  return 0;
}

static void free_list(mtl_strlist *l) {
  size_t i;
  for (i = 0; i < l->n; i++)
    mtl_free(l->v[i]);
  mtl_free(l->v);
  memset(l, 0, sizeof *l);
}

void mtl_options_free(mtl_options *o) {
  size_t i;
  if (!o)
    return;
  free_list(&o->rules);
  free_list(&o->wordlists);
  free_list(&o->dicts);
  free_list(&o->ignores);
  for (i = 0; i < o->nsel; i++)
    mtl_free(o->sel[i].sel);
  mtl_free(o->sel);
  mtl_free(o->datadir);
  mtl_free(o->lm_path);
  mtl_free(o->base_dict);
  mtl_free(o);
}

int mtl_strlist_add(mtl_strlist *l, const char *s) {
  char *d;
  if (!s)
    return MTL_EINVAL;
  if (!(d = mtl_strdup(s)) || mtl_grow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v)) {
    mtl_free(d);
    return MTL_ENOMEM;
  }
  l->v[l->n++] = d;
  return 0;
}

static int set_str(char **dst, const char *s) {
  char *d;
  if (!s)
    return MTL_EINVAL;
  if (!(d = mtl_strdup(s)))
    return MTL_ENOMEM;
  mtl_free(*dst);
  *dst = d;
  return 0;
}

int mtl_options_set_datadir(mtl_options *o, const char *dir) { return set_str(&o->datadir, dir); }
void mtl_options_use_builtin_rules(mtl_options *o, int yes) { o->builtin = yes != 0; }
int mtl_options_add_rules(mtl_options *o, const char *p) { return mtl_strlist_add(&o->rules, p); }
int mtl_options_add_wordlist(mtl_options *o, const char *p) { return mtl_strlist_add(&o->wordlists, p); }
int mtl_options_add_dictionary(mtl_options *o, const char *p) { return mtl_strlist_add(&o->dicts, p); }
int mtl_options_set_base_dictionary(mtl_options *o, const char *s) { return set_str(&o->base_dict, s); }
int mtl_options_set_language_model(mtl_options *o, const char *p) { return set_str(&o->lm_path, p); }

int mtl_language_parse(const char *s) {
  if (!s)
    return -1;
  if (!strcmp(s, "auto"))
    return MTL_LANG_AUTO;
  if (!strcmp(s, "en-US") || !strcmp(s, "en_US") || !strcmp(s, "en-us"))
    return MTL_LANG_EN_US;
  if (!strcmp(s, "en-GB") || !strcmp(s, "en_GB") || !strcmp(s, "en-gb"))
    return MTL_LANG_EN_GB;
  return -1;
}

int mtl_options_set_language(mtl_options *o, const char *s) {
  int l = mtl_language_parse(s);
  if (!o || l < 0)
    return MTL_EINVAL;
  o->language = l;
  return 0;
}
int mtl_options_add_ignore(mtl_options *o, const char *g) { return mtl_strlist_add(&o->ignores, g); }
size_t mtl_options_ignore_count(const mtl_options *o) { return o->ignores.n; }
const char *mtl_options_ignore(const mtl_options *o, size_t i) {
  return i < o->ignores.n ? o->ignores.v[i] : NULL;
}

static int add_sel(mtl_options *o, const char *sel, int enabled, int sev) {
  mtl_selector s;
  if (!sel || !*sel)
    return MTL_EINVAL;
  s.sel = mtl_strdup(sel);
  s.enabled = enabled;
  s.severity = sev;
  if (!s.sel || mtl_grow((void **)&o->sel, &o->capsel, o->nsel + 1, sizeof *o->sel)) {
    mtl_free(s.sel);
    return MTL_ENOMEM;
  }
  o->sel[o->nsel++] = s;
  return 0;
}

int mtl_options_set_enabled(mtl_options *o, const char *sel, int enabled) {
  return add_sel(o, sel, enabled != 0, 0);
}

int mtl_options_set_severity(mtl_options *o, const char *sel, mtl_severity sev) {
  if (sev < MTL_SEV_INFO || sev > MTL_SEV_ERROR)
    return MTL_EINVAL;
  return add_sel(o, sel, -1, (int)sev);
}

/* Joins dir and a relative path (absolute paths are kept). */
static char *join(const char *dir, const char *rel) {
  char *out;
  size_t dl;
  if (rel[0] == '/' || !dir || !*dir)
    return mtl_strdup(rel);
  dl = strlen(dir);
  out = mtl_malloc(dl + strlen(rel) + 2);
  if (!out)
    return NULL;
  memcpy(out, dir, dl);
  out[dl] = '/';
  strcpy(out + dl + 1, rel);
  return out;
}

static int add_paths(mtl_strlist *l, const mtl_ynode *n, const char *dir, const char *file,
                     const char *what, mtl_error *err) {
  const mtl_ynode **items;
  size_t count, i;
  int rc = mtl_y_strings(n, file, what, &items, &count, err);
  for (i = 0; !rc && i < count; i++) {
    char *p = dir ? join(dir, items[i]->value) : mtl_strdup(items[i]->value);
    if (!p)
      return mtl_seterr(err, MTL_ENOMEM, file, 0, 0, "out of memory");
    rc = mtl_strlist_add(l, p);
    mtl_free(p);
    if (rc)
      return mtl_seterr(err, rc, file, 0, 0, "out of memory");
  }
  return rc;
}

static const char *const config_keys[] = {"rules",  "wordlists", "dictionaries", "enable",
                                          "disable", "severity", "ignore", "builtin_rules",
                                          "root", "language", "report_unused_disable", NULL};

int mtl_options_load_config(mtl_options *o, const char *path, mtl_error *err) {
  char *data = NULL, *dir = NULL, *slash;
  size_t len, i;
  mtl_ynode *root = NULL;
  const mtl_ynode *n;
  int rc;
  if ((rc = mtl_read_file(&data, &len, path, err)))
    return rc;
  if ((rc = mtl_yaml_parse(&root, data, len, path, err)))
    goto done;
  if ((rc = mtl_y_check_keys(root, path, "config", config_keys, NULL, err)))
    goto done;
  if (!(dir = mtl_strdup(path))) {
    rc = mtl_seterr(err, MTL_ENOMEM, path, 0, 0, "out of memory");
    goto done;
  }
  slash = strrchr(dir, '/');
  if (slash)
    *slash = '\0';
  else
    strcpy(dir, ".");
  o->config_root = 0;
  if ((n = mtl_ynode_get(root, "root")) &&
      (rc = mtl_y_bool(n, path, "root", &o->config_root, err)))
    goto done;
  if ((n = mtl_ynode_get(root, "language"))) {
    const char *v;
    if ((rc = mtl_y_string(n, path, "language", &v, err)))
      goto done;
    if (mtl_options_set_language(o, v)) {
      rc = mtl_seterr(err, MTL_ESCHEMA, path, n->line, n->column,
                      "language must be auto, en-US or en-GB, not '%s'", v);
      goto done;
    }
  }
  if ((n = mtl_ynode_get(root, "builtin_rules")) &&
      (rc = mtl_y_bool(n, path, "builtin_rules", &o->builtin, err)))
    goto done;
  if ((n = mtl_ynode_get(root, "rules")) &&
      (rc = add_paths(&o->rules, n, dir, path, "rules", err)))
    goto done;
  if ((n = mtl_ynode_get(root, "wordlists")) &&
      (rc = add_paths(&o->wordlists, n, dir, path, "wordlists", err)))
    goto done;
  if ((n = mtl_ynode_get(root, "dictionaries")) &&
      (rc = add_paths(&o->dicts, n, dir, path, "dictionaries", err)))
    goto done;
  if ((n = mtl_ynode_get(root, "ignore")) &&
      (rc = add_paths(&o->ignores, n, dir, path, "ignore", err)))
    goto done;
  /* report_unused_disable: true|false turns suppression.unused on or off
   * (an enable/disable list naming it, which comes after, wins) */
  if ((n = mtl_ynode_get(root, "report_unused_disable"))) {
    int on = 0;
    if ((rc = mtl_y_bool(n, path, "report_unused_disable", &on, err)))
      goto done;
    if ((rc = mtl_options_set_enabled(o, "suppression.unused", on))) {
      rc = mtl_seterr(err, rc, path, 0, 0, "out of memory");
      goto done;
    }
  }
  for (i = 0; i < 2; i++) {
    const char *key = i ? "disable" : "enable";
    const mtl_ynode **items;
    size_t count, j;
    if (!(n = mtl_ynode_get(root, key)))
      continue;
    if ((rc = mtl_y_strings(n, path, key, &items, &count, err)))
      goto done;
    for (j = 0; j < count; j++) {
      if (!items[j]->vlen) {
        rc = mtl_seterr(err, MTL_ESCHEMA, path, items[j]->line, items[j]->column,
                        "empty selector in '%s'", key);
        goto done;
      }
      if ((rc = mtl_options_set_enabled(o, items[j]->value, i == 0))) {
        rc = mtl_seterr(err, rc, path, 0, 0, "out of memory");
        goto done;
      }
    }
  }
  if ((n = mtl_ynode_get(root, "severity"))) {
    if (n->kind != MTL_Y_MAP) {
      rc = mtl_seterr(err, MTL_ESCHEMA, path, n->line, n->column,
                      "'severity' must map rule ids or packs to error|warning|info");
      goto done;
    }
    for (i = 0; i + 1 < n->n; i += 2) {
      const char *v;
      int sev;
      if ((rc = mtl_y_string(n->items[i + 1], path, "severity", &v, err)))
        goto done;
      if (!(sev = mtl_severity_parse(v))) {
        rc = mtl_seterr(err, MTL_ESCHEMA, path, n->items[i + 1]->line,
                        n->items[i + 1]->column,
                        "severity must be error, warning or info, not '%s'", v);
        goto done;
      }
      if ((rc = mtl_options_set_severity(o, n->items[i]->value, (mtl_severity)sev))) {
        rc = mtl_seterr(err, rc, path, 0, 0, "out of memory");
        goto done;
      }
    }
  }
done:
  mtl_free(dir);
  mtl_ynode_free(root);
  mtl_free(data);
  return rc;
}

int mtl_options_config_root(const mtl_options *o) {
  return o ? o->config_root : 0;
}
