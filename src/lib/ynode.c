/*
 * ynode.c - YAML -> a small node tree with line/column marks.  The one file
 * of ours that includes yaml.h.  Rule and config files are untrusted: aliases
 * are refused (no billion laughs), nesting and node count are capped.
 */
#include "mtlint.h"
#include "util.h"
#include "ynode.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#define MAX_DEPTH 64
#define MAX_NODES 1000000

typedef struct parser {
  yaml_parser_t p;
  const char *file;
  size_t nodes;
  mtl_error *err;
} parser;

void mtl_ynode_free(mtl_ynode *n) {
  size_t i;
  if (!n)
    return;
  for (i = 0; i < n->n; i++)
    mtl_ynode_free(n->items[i]);
  mtl_free(n->items);
  mtl_free(n->value);
  mtl_free(n);
}

static mtl_ynode *new_node(parser *ps, mtl_ykind kind, const yaml_mark_t *m) {
  mtl_ynode *n;
  if (++ps->nodes > MAX_NODES) {
    mtl_seterr(ps->err, MTL_ELIMIT, ps->file, m->line + 1, m->column + 1,
               "more than %d YAML nodes", MAX_NODES);
    return NULL;
  }
  n = mtl_calloc(1, sizeof *n);
  if (!n) {
    mtl_seterr(ps->err, MTL_ENOMEM, ps->file, 0, 0, "out of memory");
    return NULL;
  }
  n->kind = kind;
  n->self = n;
  n->line = m->line + 1;
  n->column = m->column + 1;
  return n;
}

/* The keys of one mapping: looked through one by one while few, hashed
 * past SMALL_MAP (a rule with 100,000 phrases took 26 s to load when every
 * key was compared with all before it). */
#define SMALL_MAP 16
typedef struct key_set {
  size_t *slot; /* 1 + index of a key in the map's items; 0 empty */
  size_t cap;   /* 0 (not hashed yet) or a power of two */
} key_set;

static void key_put(key_set *ks, const mtl_ynode *map, size_t item) {
  const char *k = map->items[item]->value;
  size_t i = (size_t)mtl_hash(k, strlen(k)) & (ks->cap - 1);
  while (ks->slot[i])
    i = (i + 1) & (ks->cap - 1);
  ks->slot[i] = item + 1;
}

/* Hashes the key at items[item] (the keys before it are in already). */
static int key_add(key_set *ks, const mtl_ynode *map, size_t item) {
  size_t nkeys = item / 2 + 1;
  if (4 * nkeys > ks->cap) { /* grow, hash every key again */
    size_t ncap = ks->cap ? ks->cap : 4 * SMALL_MAP, j;
    size_t *nv;
    while (ncap < 4 * nkeys)
      ncap *= 2;
    if (!(nv = mtl_calloc(ncap, sizeof *nv)))
      return -1;
    mtl_free(ks->slot);
    ks->slot = nv;
    ks->cap = ncap;
    for (j = 0; j < item; j += 2)
      key_put(ks, map, j);
  }
  key_put(ks, map, item);
  return 0;
}

/* 1 if key is a key of map already, 0 if not, -1 out of memory. */
static int key_index(key_set *ks, const mtl_ynode *map, const char *key) {
  size_t i;
  if (!ks->cap && map->n / 2 >= SMALL_MAP) {
    for (i = 0; i < map->n; i += 2)
      if (key_add(ks, map, i))
        return -1;
  }
  if (!ks->cap) {
    for (i = 0; i < map->n; i += 2)
      if (!strcmp(map->items[i]->value, key))
        return 1;
    return 0;
  }
  for (i = (size_t)mtl_hash(key, strlen(key)) & (ks->cap - 1); ks->slot[i];
       i = (i + 1) & (ks->cap - 1))
    if (!strcmp(map->items[ks->slot[i] - 1]->value, key))
      return 1;
  return 0;
}

static int add_item(parser *ps, mtl_ynode *parent, mtl_ynode *child, size_t *cap) {
  if (mtl_grow((void **)&parent->items, cap, parent->n + 1, sizeof *parent->items)) {
    mtl_ynode_free(child);
    return mtl_seterr(ps->err, MTL_ENOMEM, ps->file, 0, 0, "out of memory");
  }
  parent->items[parent->n++] = child;
  return 0;
}

static int parse_error(parser *ps) {
  const yaml_mark_t *m = ps->p.problem_mark.line || ps->p.problem_mark.column
                             ? &ps->p.problem_mark
                             : &ps->p.context_mark;
  if (ps->p.error == YAML_MEMORY_ERROR)
    return mtl_seterr(ps->err, MTL_ENOMEM, ps->file, 0, 0, "out of memory");
  return mtl_seterr(ps->err, MTL_ESYNTAX, ps->file, m->line + 1, m->column + 1,
                    "malformed YAML: %s%s%s", ps->p.problem ? ps->p.problem : "error",
                    ps->p.context ? " " : "", ps->p.context ? ps->p.context : "");
}

/* Parses the node whose first event is ev (already taken). */
static int parse_node(parser *ps, yaml_event_t *ev, int depth, mtl_ynode **out) {
  mtl_ynode *n = NULL;
  size_t cap = 0;
  key_set keys = {NULL, 0};
  int rc = 0;
  *out = NULL;
  if (depth > MAX_DEPTH)
    return mtl_seterr(ps->err, MTL_ELIMIT, ps->file, ev->start_mark.line + 1,
                      ev->start_mark.column + 1, "YAML nested deeper than %d levels",
                      MAX_DEPTH);
  switch (ev->type) {
  case YAML_ALIAS_EVENT:
    return mtl_seterr(ps->err, MTL_ESCHEMA, ps->file, ev->start_mark.line + 1,
                      ev->start_mark.column + 1, "YAML aliases are not allowed");
  case YAML_SCALAR_EVENT:
    n = new_node(ps, MTL_Y_SCALAR, &ev->start_mark);
    if (!n)
      return ps->err ? ps->err->code : MTL_ENOMEM;
    n->value = mtl_strndup((const char *)ev->data.scalar.value, ev->data.scalar.length);
    n->vlen = ev->data.scalar.length;
    n->quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
    if (!n->value) {
      mtl_ynode_free(n);
      return mtl_seterr(ps->err, MTL_ENOMEM, ps->file, 0, 0, "out of memory");
    }
    *out = n;
    return 0;
  case YAML_SEQUENCE_START_EVENT:
  case YAML_MAPPING_START_EVENT: {
    int is_map = ev->type == YAML_MAPPING_START_EVENT;
    yaml_event_type_t end = is_map ? YAML_MAPPING_END_EVENT : YAML_SEQUENCE_END_EVENT;
    n = new_node(ps, is_map ? MTL_Y_MAP : MTL_Y_SEQ, &ev->start_mark);
    if (!n)
      return ps->err ? ps->err->code : MTL_ENOMEM;
    for (;;) {
      yaml_event_t e;
      mtl_ynode *child;
      if (!yaml_parser_parse(&ps->p, &e)) {
        rc = parse_error(ps);
        goto fail;
      }
      if (e.type == end) {
        yaml_event_delete(&e);
        break;
      }
      rc = parse_node(ps, &e, depth + 1, &child);
      yaml_event_delete(&e);
      if (rc)
        goto fail;
      if (is_map && n->n % 2 == 0 && child->kind != MTL_Y_SCALAR) {
        rc = mtl_seterr(ps->err, MTL_ESCHEMA, ps->file, child->line, child->column,
                        "mapping keys must be plain strings");
        mtl_ynode_free(child);
        goto fail;
      }
      if (is_map && n->n % 2 == 0) {
        int dup = key_index(&keys, n, child->value);
        if (dup) {
          rc = dup < 0 ? mtl_seterr(ps->err, MTL_ENOMEM, ps->file, 0, 0, "out of memory")
                       : mtl_seterr(ps->err, MTL_ESCHEMA, ps->file, child->line,
                                    child->column, "duplicate key '%s'", child->value);
          mtl_ynode_free(child);
          goto fail;
        }
      }
      if ((rc = add_item(ps, n, child, &cap)))
        goto fail;
      if (is_map && n->n % 2 == 1 && keys.cap && key_add(&keys, n, n->n - 1)) {
        rc = mtl_seterr(ps->err, MTL_ENOMEM, ps->file, 0, 0, "out of memory");
        goto fail;
      }
    }
    mtl_free(keys.slot);
    *out = n;
    return 0;
  }
  default:
    return mtl_seterr(ps->err, MTL_ESYNTAX, ps->file, ev->start_mark.line + 1,
                      ev->start_mark.column + 1, "unexpected YAML event");
  }
fail:
  mtl_free(keys.slot);
  mtl_ynode_free(n);
  return rc;
}

int mtl_yaml_parse(mtl_ynode **out, const char *data, size_t len, const char *file,
                   mtl_error *err) {
  parser ps;
  yaml_event_t ev;
  mtl_ynode *root = NULL;
  int rc = 0, done = 0;
  *out = NULL;
  memset(&ps, 0, sizeof ps);
  ps.file = file;
  ps.err = err;
  if (!yaml_parser_initialize(&ps.p))
    return mtl_seterr(err, MTL_ENOMEM, file, 0, 0, "out of memory");
  yaml_parser_set_input_string(&ps.p, (const unsigned char *)data, len);
  while (!done) {
    if (!yaml_parser_parse(&ps.p, &ev)) {
      rc = parse_error(&ps);
      break;
    }
    switch (ev.type) {
    case YAML_STREAM_START_EVENT:
    case YAML_DOCUMENT_START_EVENT:
    case YAML_DOCUMENT_END_EVENT:
      break;
    case YAML_STREAM_END_EVENT:
      done = 1;
      break;
    default:
      if (root) {
        rc = mtl_seterr(err, MTL_ESCHEMA, file, ev.start_mark.line + 1,
                        ev.start_mark.column + 1, "only one YAML document is allowed");
        done = 1;
        break;
      }
      rc = parse_node(&ps, &ev, 0, &root);
      if (rc)
        done = 1;
    }
    yaml_event_delete(&ev);
  }
  yaml_parser_delete(&ps.p);
  if (rc) {
    mtl_ynode_free(root);
    return rc;
  }
  if (!root) {
    yaml_mark_t m = {0, 0, 0};
    ps.nodes = 0;
    root = new_node(&ps, MTL_Y_MAP, &m);
    if (!root)
      return MTL_ENOMEM;
  }
  *out = root;
  return 0;
}

const mtl_ynode *mtl_ynode_get(const mtl_ynode *map, const char *key) {
  size_t i;
  if (!map || map->kind != MTL_Y_MAP)
    return NULL;
  for (i = 0; i + 1 < map->n; i += 2)
    if (!strcmp(map->items[i]->value, key))
      return map->items[i + 1];
  return NULL;
}

static const char *kind_name(mtl_ykind k) {
  return k == MTL_Y_SCALAR ? "a scalar" : k == MTL_Y_SEQ ? "a list" : "a mapping";
}

int mtl_y_string(const mtl_ynode *n, const char *file, const char *what, const char **out,
                 mtl_error *err) {
  if (n->kind != MTL_Y_SCALAR)
    return mtl_seterr(err, MTL_ESCHEMA, file, n->line, n->column,
                      "'%s' must be a string, not %s", what, kind_name(n->kind));
  if (strlen(n->value) != n->vlen)
    return mtl_seterr(err, MTL_ESCHEMA, file, n->line, n->column,
                      "'%s' contains a NUL character", what);
  *out = n->value;
  return 0;
}

int mtl_y_bool(const mtl_ynode *n, const char *file, const char *what, int *out,
               mtl_error *err) {
  if (n->kind == MTL_Y_SCALAR && !n->quoted) {
    if (!strcmp(n->value, "true") || !strcmp(n->value, "yes")) {
      *out = 1;
      return 0;
    }
    if (!strcmp(n->value, "false") || !strcmp(n->value, "no")) {
      *out = 0;
      return 0;
    }
  }
  return mtl_seterr(err, MTL_ESCHEMA, file, n->line, n->column,
                    "'%s' must be true or false", what);
}

int mtl_y_int(const mtl_ynode *n, const char *file, const char *what, long lo, long hi,
              long *out, mtl_error *err) {
  char *end;
  long v;
  if (n->kind != MTL_Y_SCALAR || n->quoted || !n->vlen)
    goto bad;
  v = strtol(n->value, &end, 10);
  if (*end || v < lo || v > hi)
    goto bad;
  *out = v;
  return 0;
bad:
  return mtl_seterr(err, MTL_ESCHEMA, file, n->line, n->column,
                    "'%s' must be an integer from %ld to %ld", what, lo, hi);
}

int mtl_y_strings(const mtl_ynode *n, const char *file, const char *what,
                  const mtl_ynode ***items, size_t *count, mtl_error *err) {
  size_t i;
  if (n->kind == MTL_Y_SCALAR) {
    const char *s;
    int rc = mtl_y_string(n, file, what, &s, err);
    if (rc)
      return rc;
    *items = (const mtl_ynode **)&((mtl_ynode *)n)->self;
    *count = 1;
    return 0;
  }
  if (n->kind != MTL_Y_SEQ)
    return mtl_seterr(err, MTL_ESCHEMA, file, n->line, n->column,
                      "'%s' must be a string or a list of strings", what);
  for (i = 0; i < n->n; i++) {
    const char *s;
    int rc = mtl_y_string(n->items[i], file, what, &s, err);
    if (rc)
      return rc;
  }
  *items = (const mtl_ynode **)n->items;
  *count = n->n;
  return 0;
}

int mtl_y_check_keys(const mtl_ynode *map, const char *file, const char *what,
                     const char *const *allowed1, const char *const *allowed2,
                     mtl_error *err) {
  size_t i, j;
  if (map->kind != MTL_Y_MAP)
    return mtl_seterr(err, MTL_ESCHEMA, file, map->line, map->column,
                      "%s must be a mapping, not %s", what, kind_name(map->kind));
  for (i = 0; i + 1 < map->n; i += 2) {
    const char *k = map->items[i]->value;
    int ok = 0;
    for (j = 0; allowed1 && allowed1[j] && !ok; j++)
      ok = !strcmp(allowed1[j], k);
    for (j = 0; allowed2 && allowed2[j] && !ok; j++)
      ok = !strcmp(allowed2[j], k);
    if (!ok)
      return mtl_seterr(err, MTL_ESCHEMA, file, map->items[i]->line, map->items[i]->column,
                        "unknown key '%s' in %s", k, what);
  }
  return 0;
}
