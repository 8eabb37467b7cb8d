/*
 * rules.c - the rule loader: YAML rule packs -> compiled rules in an engine.
 * It checks the keys every rule shares and hands the rest to the rule's
 * check kind (registered in check_kinds below: one line per kind).
 */
#include "check.h"
#include "engine.h"
#include "mtlint.h"
#include "util.h"
#include "wordindex.h"
#include "ynode.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const mtl_check_kind *const check_kinds[] = {
    &mtl_check_pattern,     &mtl_check_phrase,         &mtl_check_spelling,
    &mtl_check_terminology, &mtl_check_repetition,     &mtl_check_capitalization,
    &mtl_check_balance,
    &mtl_check_spunname,
    &mtl_check_swap,
    &mtl_check_window,
    NULL};

static const char *const pack_keys[] = {"pack", "description", "rules", NULL};
static const char *const common_keys[] = {"id",   "kind",     "severity", "message",
                                          "description", "link", "category", "fix",
                                          "enabled", "examples", NULL};

mtl_wordindex *mtl_build_wordindex(mtl_build *b) { return b->eng->windex; }

char *mtl_build_path(mtl_build *b, const char *rel) {
  const char *slash;
  size_t dlen;
  char *out;
  if (!rel)
    return NULL;
  if (rel[0] == '/' || !b->file || !(slash = strrchr(b->file, '/')))
    return mtl_strdup(rel);
  dlen = (size_t)(slash - b->file);
  out = mtl_malloc(dlen + 1 + strlen(rel) + 1);
  if (!out)
    return NULL;
  memcpy(out, b->file, dlen);
  out[dlen] = '/';
  strcpy(out + dlen + 1, rel);
  return out;
}

static int valid_name(const char *s, int allow_dot) {
  size_t i;
  if (!*s)
    return 0;
  for (i = 0; s[i]; i++) {
    char c = s[i];
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
          (allow_dot && c == '.')))
      return 0;
  }
  return 1;
}

static void rule_free(mtl_rule *r) {
  size_t i;
  if (!r)
    return;
  if (r->kind && r->kind->free)
    r->kind->free(r);
  for (i = 0; i < r->info.n_good; i++)
    mtl_free(r->good[i]);
  for (i = 0; i < r->info.n_bad; i++)
    mtl_free(r->bad[i]);
  mtl_free(r->good);
  mtl_free(r->bad);
  mtl_free((char *)r->info.id);
  mtl_free((char *)r->info.pack);
  mtl_free((char *)r->info.category);
  mtl_free((char *)r->info.message);
  mtl_free((char *)r->info.description);
  mtl_free((char *)r->info.link);
  mtl_free((char *)r->info.file);
  mtl_free(r);
}

void mtl_rules_free_all(mtl_engine *eng) {
  size_t i;
  for (i = 0; i < eng->nrules; i++)
    rule_free(eng->rules[i]);
  mtl_free(eng->rules);
  eng->rules = NULL;
  eng->nrules = eng->caprules = 0;
}

static int copy_examples(mtl_rule *r, const mtl_ynode *ex, const char *file, mtl_error *err) {
  static const char *const keys[] = {"bad", "good", NULL};
  const mtl_ynode *bad, *good;
  const mtl_ynode **items;
  size_t n, i;
  int rc;
  if ((rc = mtl_y_check_keys(ex, file, "examples", keys, NULL, err)))
    return rc;
  bad = mtl_ynode_get(ex, "bad");
  good = mtl_ynode_get(ex, "good");
  if (!bad || !good)
    return mtl_seterr(err, MTL_ESCHEMA, file, ex->line, ex->column,
                      "examples need both 'bad' and 'good' lists");
  if ((rc = mtl_y_strings(bad, file, "examples.bad", &items, &n, err)))
    return rc;
  if (!(r->bad = mtl_calloc(n, sizeof *r->bad)))
    return MTL_ENOMEM;
  for (i = 0; i < n; i++) {
    if (!(r->bad[i] = mtl_strdup(items[i]->value)))
      return MTL_ENOMEM;
    r->info.n_bad = i + 1;
  }
  if ((rc = mtl_y_strings(good, file, "examples.good", &items, &n, err)))
    return rc;
  if (!(r->good = mtl_calloc(n, sizeof *r->good)))
    return MTL_ENOMEM;
  for (i = 0; i < n; i++) {
    if (!(r->good[i] = mtl_strdup(items[i]->value)))
      return MTL_ENOMEM;
    r->info.n_good = i + 1;
  }
  r->info.bad = (const char *const *)r->bad;
  r->info.good = (const char *const *)r->good;
  if (r->info.n_bad == 0)
    return mtl_seterr(err, MTL_ESCHEMA, file, bad->line, bad->column,
                      "examples.bad must hold at least one example");
  return 0;
}

/* The rule ids of an engine, open addressing (ids owned by the rules). */
typedef struct idset {
  const char **ids;
  size_t cap;
} idset;

static size_t idset_slot(const idset *set, const char *id) {
  size_t i = (size_t)mtl_hash(id, strlen(id)) & (set->cap - 1);
  while (set->ids[i] && strcmp(set->ids[i], id))
    i = (i + 1) & (set->cap - 1);
  return i;
}

/* Room for the engine's ids and want more, the engine's ids in. */
static int idset_init(idset *set, const mtl_engine *eng, size_t want) {
  size_t i;
  set->cap = 64;
  while (set->cap < (eng->nrules + want) * 2)
    set->cap *= 2;
  if (!(set->ids = mtl_calloc(set->cap, sizeof *set->ids)))
    return MTL_ENOMEM;
  for (i = 0; i < eng->nrules; i++)
    if (eng->rules[i]->info.id)
      set->ids[idset_slot(set, eng->rules[i]->info.id)] = eng->rules[i]->info.id;
  return 0;
}

static int load_rule(mtl_engine *eng, mtl_build *b, const char *pack, const mtl_ynode *map,
                     idset *ids, mtl_error *err) {
  const char *file = b->file, *s;
  const mtl_ynode *n;
  mtl_rule *r;
  int rc, i;
  if (map->kind != MTL_Y_MAP)
    return mtl_seterr(err, MTL_ESCHEMA, file, map->line, map->column,
                      "each rule must be a mapping");
  r = mtl_calloc(1, sizeof *r);
  if (!r)
    return mtl_seterr(err, MTL_ENOMEM, file, 0, 0, "out of memory");
  r->info.enabled = 1;
  r->info.fix = "none";
  r->info.line = map->line;
  r->info.file = mtl_strdup(file);
  r->info.pack = mtl_strdup(pack);
  r->index = (uint32_t)eng->nrules;

#define REQUIRE(key)                                                           \
  if (!(n = mtl_ynode_get(map, key))) {                                        \
    rc = mtl_seterr(err, MTL_ESCHEMA, file, map->line, map->column,            \
                    "rule is missing required key '%s'", key);                 \
    goto fail;                                                                 \
  }
  REQUIRE("id");
  if ((rc = mtl_y_string(n, file, "id", &s, err)))
    goto fail;
  {
    size_t pl = strlen(pack);
    if (strncmp(s, pack, pl) || s[pl] != '.' || !valid_name(s + pl + 1, 0)) {
      rc = mtl_seterr(err, MTL_ESCHEMA, file, n->line, n->column,
                      "rule id '%s' must be '%s.<name>' with a name of [a-z0-9-]", s, pack);
      goto fail;
    }
  }
  r->info.id = mtl_strdup(s);
  /* PERF: a hash set, not mtl_engine_find_rule's walk (quadratic) */
  if (ids->ids[idset_slot(ids, s)]) {
    rc = mtl_seterr(err, MTL_ESCHEMA, file, n->line, n->column, "duplicate rule id '%s'", s);
    goto fail;
  }
  REQUIRE("kind");
  if ((rc = mtl_y_string(n, file, "kind", &s, err)))
    goto fail;
  for (i = 0; check_kinds[i]; i++)
    if (!strcmp(check_kinds[i]->name, s))
      r->kind = check_kinds[i];
  if (!r->kind) {
    rc = mtl_seterr(err, MTL_ESCHEMA, file, n->line, n->column,
                    "unknown kind '%s' (pattern, phrase, spelling, terminology, repetition, "
                    "capitalization, balance, spun-name, swap, window)", s);
    goto fail;
  }
  r->info.kind = r->kind->name;
  if ((rc = mtl_y_check_keys(map, file, "rule", common_keys, r->kind->keys, err)))
    goto fail;
  REQUIRE("severity");
  if ((rc = mtl_y_string(n, file, "severity", &s, err)))
    goto fail;
  if (!(r->info.severity = (mtl_severity)mtl_severity_parse(s))) {
    rc = mtl_seterr(err, MTL_ESCHEMA, file, n->line, n->column,
                    "severity must be error, warning or info, not '%s'", s);
    goto fail;
  }
  REQUIRE("message");
  if ((rc = mtl_y_string(n, file, "message", &s, err)))
    goto fail;
  if (!*s) {
    rc = mtl_seterr(err, MTL_ESCHEMA, file, n->line, n->column, "message must not be empty");
    goto fail;
  }
  r->info.message = mtl_strdup(s);
  REQUIRE("description");
  if ((rc = mtl_y_string(n, file, "description", &s, err)))
    goto fail;
  r->info.description = mtl_strdup(s);
  if ((n = mtl_ynode_get(map, "link"))) {
    if ((rc = mtl_y_string(n, file, "link", &s, err)))
      goto fail;
    r->info.link = mtl_strdup(s);
  }
  if ((n = mtl_ynode_get(map, "category"))) {
    if ((rc = mtl_y_string(n, file, "category", &s, err)))
      goto fail;
    if (!valid_name(s, 0)) {
      rc = mtl_seterr(err, MTL_ESCHEMA, file, n->line, n->column,
                      "category must be [a-z0-9-]+, not '%s'", s);
      goto fail;
    }
  } else {
    s = r->kind->name;
  }
  r->info.category = mtl_strdup(s);
  if ((n = mtl_ynode_get(map, "fix"))) {
    if ((rc = mtl_y_string(n, file, "fix", &s, err)))
      goto fail;
    if (!strcmp(s, "safe"))
      r->info.fix = "safe", r->fix_safe = 1;
    else if (!strcmp(s, "unsafe"))
      r->info.fix = "unsafe";
    else if (strcmp(s, "none")) {
      rc = mtl_seterr(err, MTL_ESCHEMA, file, n->line, n->column,
                      "fix must be safe, unsafe or none, not '%s'", s);
      goto fail;
    }
  }
  if ((n = mtl_ynode_get(map, "enabled")) && (rc = mtl_y_bool(n, file, "enabled", &r->info.enabled, err)))
    goto fail;
  REQUIRE("examples");
  if ((rc = copy_examples(r, n, file, err)))
    goto fail;
#undef REQUIRE
  if (!r->info.id || !r->info.pack || !r->info.message || !r->info.description ||
      !r->info.category || !r->info.file || (mtl_ynode_get(map, "link") && !r->info.link)) {
    rc = mtl_seterr(err, MTL_ENOMEM, file, 0, 0, "out of memory");
    goto fail;
  }
  if (mtl_grow((void **)&eng->rules, &eng->caprules, eng->nrules + 1, sizeof *eng->rules)) {
    rc = mtl_seterr(err, MTL_ENOMEM, file, 0, 0, "out of memory");
    goto fail;
  }
  rc = r->kind->compile(r, map, b, err);
  if (rc) {
    if (err && !err->file[0])
      mtl_seterr(err, rc, file, map->line, map->column, "%s", err->message);
    goto fail;
  }
  eng->rules[eng->nrules++] = r;
  ids->ids[idset_slot(ids, r->info.id)] = r->info.id;
  return 0;
fail:
  if (err && err->code == 0)
    err->code = rc;
  rule_free(r);
  return rc;
}

int mtl_rules_load_file(mtl_engine *eng, const char *path, mtl_error *err) {
  char *data = NULL;
  size_t len, i;
  mtl_ynode *root = NULL;
  const mtl_ynode *n, *rules;
  const char *pack;
  mtl_build b;
  idset ids = {NULL, 0};
  int rc;
  if ((rc = mtl_read_file(&data, &len, path, err)))
    return rc;
  if ((rc = mtl_yaml_parse(&root, data, len, path, err)))
    goto done;
  if ((rc = mtl_y_check_keys(root, path, "rule pack", pack_keys, NULL, err)))
    goto done;
  if (!(n = mtl_ynode_get(root, "pack"))) {
    rc = mtl_seterr(err, MTL_ESCHEMA, path, root->line, root->column,
                    "rule pack is missing required key 'pack'");
    goto done;
  }
  if ((rc = mtl_y_string(n, path, "pack", &pack, err)))
    goto done;
  if (!valid_name(pack, 0)) {
    rc = mtl_seterr(err, MTL_ESCHEMA, path, n->line, n->column,
                    "pack name must be [a-z0-9-]+, not '%s'", pack);
    goto done;
  }
  if ((n = mtl_ynode_get(root, "description")) &&
      (rc = mtl_y_string(n, path, "description", &pack, err)))
    goto done;
  pack = mtl_ynode_get(root, "pack")->value;
  rules = mtl_ynode_get(root, "rules");
  if (!rules || rules->kind != MTL_Y_SEQ) {
    rc = mtl_seterr(err, MTL_ESCHEMA, path, rules ? rules->line : root->line,
                    rules ? rules->column : root->column, "'rules' must be a list of rules");
    goto done;
  }
  memset(&b, 0, sizeof b);
  b.eng = eng;
  b.file = path;
  b.datadir = eng->datadir;
  if (idset_init(&ids, eng, rules->n)) {
    rc = mtl_seterr(err, MTL_ENOMEM, path, 0, 0, "out of memory");
    goto done;
  }
  for (i = 0; i < rules->n; i++)
    if ((rc = load_rule(eng, &b, pack, rules->items[i], &ids, err)))
      goto done;
done:
  mtl_free(ids.ids);
  mtl_ynode_free(root);
  mtl_free(data);
  return rc;
}

static int str_cmp(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Loads a file, or every *.yaml / *.yml file of a folder in name order. */
int mtl_rules_load_path(mtl_engine *eng, const char *path, mtl_error *err) {
  struct stat st;
  DIR *d;
  struct dirent *de;
  char **names = NULL;
  size_t n = 0, cap = 0, i;
  int rc = 0;
  if (stat(path, &st))
    return mtl_seterr(err, MTL_EIO, path, 0, 0, "no such rule file or folder");
  if (!S_ISDIR(st.st_mode))
    return mtl_rules_load_file(eng, path, err);
  if (!(d = opendir(path)))
    return mtl_seterr(err, MTL_EIO, path, 0, 0, "cannot open folder");
  while ((de = readdir(d))) {
    size_t l = strlen(de->d_name);
    char *full;
    if (de->d_name[0] == '.' ||
        !((l > 5 && !strcmp(de->d_name + l - 5, ".yaml")) ||
          (l > 4 && !strcmp(de->d_name + l - 4, ".yml"))))
      continue;
    full = mtl_malloc(strlen(path) + l + 2);
    if (!full || mtl_grow((void **)&names, &cap, n + 1, sizeof *names)) {
      mtl_free(full);
      rc = mtl_seterr(err, MTL_ENOMEM, path, 0, 0, "out of memory");
      break;
    }
    snprintf(full, strlen(path) + l + 2, "%s/%s", path, de->d_name);
    names[n++] = full;
  }
  closedir(d);
  if (!rc && n) { /* names is NULL in a folder with no rule files */
    qsort(names, n, sizeof *names, str_cmp);
    for (i = 0; i < n && !rc; i++)
      rc = mtl_rules_load_file(eng, names[i], err);
  }
  for (i = 0; i < n; i++)
    mtl_free(names[i]);
  mtl_free(names);
  return rc;
}
