/* ynode.h - ynode.c (the one user of libyaml): a YAML tree and typed readers. */
#ifndef MTL_YNODE_H
#define MTL_YNODE_H

#include "mtlint.h"
#include <stddef.h>

typedef enum { MTL_Y_SCALAR = 1, MTL_Y_SEQ, MTL_Y_MAP } mtl_ykind;

typedef struct mtl_ynode mtl_ynode;
struct mtl_ynode {
  mtl_ykind kind;
  size_t line, column;      /* 1-based, from the YAML marks */
  char *value; size_t vlen; /* MTL_Y_SCALAR */
  int quoted;               /* scalar was quoted (so "yes" stays a string) */
  mtl_ynode **items;        /* SEQ: items; MAP: key, value, key, value... */
  size_t n;                 /* items (SEQ) or 2 * pairs (MAP) */
  mtl_ynode *self;          /* points to this node (lets a lone scalar act as a list of one) */
};

/** Parses one YAML document; NULL-doc files give an empty map.  Aliases,
 *  more than 64 levels or more than 1,000,000 nodes are errors. */
int mtl_yaml_parse(mtl_ynode **out, const char *data, size_t len,
                   const char *file, mtl_error *err);
void mtl_ynode_free(mtl_ynode *n);
/** Value of key in a MAP, or NULL. */
const mtl_ynode *mtl_ynode_get(const mtl_ynode *map, const char *key);

/* Typed readers for schema validation: fill err with file:line:col. */
int mtl_y_string(const mtl_ynode *n, const char *file, const char *what,
                 const char **out, mtl_error *err);
int mtl_y_bool(const mtl_ynode *n, const char *file, const char *what, int *out,
               mtl_error *err);
int mtl_y_int(const mtl_ynode *n, const char *file, const char *what, long lo,
              long hi, long *out, mtl_error *err);
/** A string or a list of strings: *items[0..count) are scalars either way. */
int mtl_y_strings(const mtl_ynode *n, const char *file, const char *what,
                  const mtl_ynode ***items, size_t *count, mtl_error *err);
/** Rejects keys of map not in allowed (NULL-terminated lists, either may be NULL). */
int mtl_y_check_keys(const mtl_ynode *map, const char *file, const char *what,
                     const char *const *allowed1, const char *const *allowed2,
                     mtl_error *err);

#endif
