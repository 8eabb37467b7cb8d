/*
 * json.h - JSON values for the library's readers, reports and language
 * server, behind our own names.  json.c is the one file of ours that
 * includes jansson.h, so the rest never sees it.
 *
 * Ownership: mtl_json_parse and the constructors return a new reference
 * (free with mtl_json_free); *_get accessors return borrowed references;
 * mtl_json_set / mtl_json_push take over the value they are given (also
 * on failure).  All accessors accept NULL and answer "absent".
 */
#ifndef MTL_JSON_H
#define MTL_JSON_H

#include <stddef.h>
#include <stdint.h>

typedef struct mtl_json mtl_json;

typedef enum {
  MTL_JSON_NONE = 0, MTL_JSON_OBJECT, MTL_JSON_ARRAY, MTL_JSON_STRING,
  MTL_JSON_INTEGER, MTL_JSON_REAL, MTL_JSON_TRUE, MTL_JSON_FALSE, MTL_JSON_NULL
} mtl_json_type;

/** Parses len bytes (one JSON value, nothing after it but whitespace).
 *  On failure returns NULL and fills line/column (1-based) and msg. */
mtl_json *mtl_json_parse(const char *data, size_t len, size_t *line, size_t *column,
                         char *msg, size_t msgsize);
void mtl_json_free(mtl_json *v);
mtl_json *mtl_json_ref(mtl_json *v);

mtl_json_type mtl_json_typeof(const mtl_json *v);
/** Member of an object, or NULL. */
mtl_json *mtl_json_get(const mtl_json *obj, const char *key);
size_t mtl_json_size(const mtl_json *v);            /* array length, object size */
mtl_json *mtl_json_at(const mtl_json *arr, size_t i);
/** Object iteration: *key and *val of the i-th member in insertion order
 *  is not guaranteed; use mtl_json_iter. */
void *mtl_json_iter(const mtl_json *obj);
void *mtl_json_iter_next(const mtl_json *obj, void *it);
const char *mtl_json_iter_key(void *it);
mtl_json *mtl_json_iter_value(void *it);
/** String value and its length, or NULL. */
const char *mtl_json_str(const mtl_json *v, size_t *len);
/** Integer value; *ok is 0 if v is not an integer. */
int64_t mtl_json_int(const mtl_json *v, int *ok);
/** Number value (integer or real); *ok is 0 otherwise. */
double mtl_json_num(const mtl_json *v, int *ok);

mtl_json *mtl_json_object(void);
mtl_json *mtl_json_array(void);
mtl_json *mtl_json_string(const char *s, size_t len); /* invalid UTF-8 -> NULL */
mtl_json *mtl_json_integer(int64_t i);
mtl_json *mtl_json_real(double d);
mtl_json *mtl_json_bool(int b);
mtl_json *mtl_json_null(void);
/** 0 or -1; takes over val either way. */
int mtl_json_set(mtl_json *obj, const char *key, mtl_json *val);
int mtl_json_push(mtl_json *arr, mtl_json *val);
/** Compact serialisation with sorted keys (malloc'd, NUL-terminated), or NULL. */
char *mtl_json_dump(const mtl_json *v, size_t *len);

#endif
