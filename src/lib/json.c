/*
 * json.c - JSON through jansson; the one file of ours that includes
 * jansson.h.  See json.h for ownership rules.
 */
#include "json.h"

#include <jansson.h>
#include <string.h>

#define J(v) ((json_t *)(v))
#define M(v) ((mtl_json *)(v))

mtl_json *mtl_json_parse(const char *data, size_t len, size_t *line, size_t *column,
                         char *msg, size_t msgsize) {
  json_error_t e;
  json_t *v = json_loadb(data, len, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &e);
  if (!v) {
    if (line)
      *line = e.line > 0 ? (size_t)e.line : 1;
    if (column)
      *column = e.column > 0 ? (size_t)e.column : 1;
    if (msg && msgsize) {
      strncpy(msg, e.text, msgsize - 1);
      msg[msgsize - 1] = '\0';
    }
  }
  return M(v);
}

void mtl_json_free(mtl_json *v) { json_decref(J(v)); }
mtl_json *mtl_json_ref(mtl_json *v) { return M(json_incref(J(v))); }

mtl_json_type mtl_json_typeof(const mtl_json *v) {
  if (!v)
    return MTL_JSON_NONE;
  switch (json_typeof(J(v))) {
  case JSON_OBJECT: return MTL_JSON_OBJECT;
  case JSON_ARRAY: return MTL_JSON_ARRAY;
  case JSON_STRING: return MTL_JSON_STRING;
  case JSON_INTEGER: return MTL_JSON_INTEGER;
  case JSON_REAL: return MTL_JSON_REAL;
  case JSON_TRUE: return MTL_JSON_TRUE;
  case JSON_FALSE: return MTL_JSON_FALSE;
  default: return MTL_JSON_NULL;
  }
}

mtl_json *mtl_json_get(const mtl_json *obj, const char *key) {
  return json_is_object(J(obj)) ? M(json_object_get(J(obj), key)) : NULL;
}

size_t mtl_json_size(const mtl_json *v) {
  if (json_is_array(J(v)))
    return json_array_size(J(v));
  if (json_is_object(J(v)))
    return json_object_size(J(v));
  return 0;
}

mtl_json *mtl_json_at(const mtl_json *arr, size_t i) {
  return json_is_array(J(arr)) ? M(json_array_get(J(arr), i)) : NULL;
}

void *mtl_json_iter(const mtl_json *obj) {
  return json_is_object(J(obj)) ? json_object_iter(J(obj)) : NULL;
}
void *mtl_json_iter_next(const mtl_json *obj, void *it) {
  return it ? json_object_iter_next(J(obj), it) : NULL;
}
const char *mtl_json_iter_key(void *it) { return json_object_iter_key(it); }
mtl_json *mtl_json_iter_value(void *it) { return M(json_object_iter_value(it)); }

const char *mtl_json_str(const mtl_json *v, size_t *len) {
  if (!json_is_string(J(v)))
    return NULL;
  if (len)
    *len = json_string_length(J(v));
  return json_string_value(J(v));
}

int64_t mtl_json_int(const mtl_json *v, int *ok) {
  *ok = json_is_integer(J(v));
  return *ok ? (int64_t)json_integer_value(J(v)) : 0;
}

double mtl_json_num(const mtl_json *v, int *ok) {
  *ok = json_is_number(J(v));
  return *ok ? json_number_value(J(v)) : 0.0;
}

mtl_json *mtl_json_object(void) { return M(json_object()); }
mtl_json *mtl_json_array(void) { return M(json_array()); }
mtl_json *mtl_json_string(const char *s, size_t len) { return M(json_stringn(s, len)); }
mtl_json *mtl_json_integer(int64_t i) { return M(json_integer((json_int_t)i)); }
mtl_json *mtl_json_real(double d) { return M(json_real(d)); }
mtl_json *mtl_json_bool(int b) { return M(json_boolean(b)); }
mtl_json *mtl_json_null(void) { return M(json_null()); }

int mtl_json_set(mtl_json *obj, const char *key, mtl_json *val) {
  if (!obj || !val) {
    json_decref(J(val));
    return -1;
  }
  return json_object_set_new(J(obj), key, J(val)) ? -1 : 0;
}

int mtl_json_push(mtl_json *arr, mtl_json *val) {
  if (!arr || !val) {
    json_decref(J(val));
    return -1;
  }
  return json_array_append_new(J(arr), J(val)) ? -1 : 0;
}

char *mtl_json_dump(const mtl_json *v, size_t *len) {
  char *s = json_dumps(J(v), JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
  if (s && len)
    *len = strlen(s);
  return s;
}
