/*
 * write_json_common.h - record builders shared by the jsonl and json writers.
 */
#ifndef MTL_WRITE_JSON_COMMON_H
#define MTL_WRITE_JSON_COMMON_H

#include "mtlint.h"
#include "util.h"

const char *mtl_error_code_name(int code);
void mtl_json_diagnostic(mtl_buf *b, const mtl_input_info *in, const char *text, size_t len,
                         const mtl_finding *f);
void mtl_json_error(mtl_buf *b, const mtl_error *err);
/* ,"source":{"line":L,"column":C} for a feed item's place, nothing otherwise. */
void mtl_json_source(mtl_buf *b, const mtl_input_info *in);
void mtl_json_summary(mtl_buf *b, const mtl_writer *w, int with_type);

#endif
