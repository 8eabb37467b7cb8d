/*
 * write_json.c - one JSON document:
 * {"version":1,"diagnostics":[...],"errors":[...],"summary":{...}}.
 * Diagnostics stream out as they come; errors are held until the end.
 */
#include "mtlint.h"
#include "util.h"
#include "write_json_common.h"
#include "writer.h"

typedef struct state {
  size_t ndiag;
  mtl_buf errors;
  size_t nerr;
} state;

static int json_begin(mtl_writer *w) {
  mtl_buf_printf(&w->out, "{\"version\":%d,\"diagnostics\":[", MTL_PROTOCOL_VERSION);
  return 0;
}

static int json_file(mtl_writer *w, const mtl_input_info *in, const char *text, size_t len,
                     const mtl_result *res) {
  state *st = w->state;
  size_t i, n = mtl_result_count(res);
  for (i = 0; i < n; i++) {
    mtl_buf_puts(&w->out, st->ndiag++ ? ",\n" : "\n");
    mtl_json_diagnostic(&w->out, in, text, len, mtl_result_finding(res, i));
    if (w->out.len > 65536) {
      int rc = mtl_writer_flush(w);
      if (rc)
        return rc;
    }
  }
  return 0;
}

static int json_error(mtl_writer *w, const mtl_error *err) {
  state *st = w->state;
  mtl_buf_puts(&st->errors, st->nerr++ ? ",\n" : "\n");
  mtl_json_error(&st->errors, err);
  return st->errors.oom ? MTL_ENOMEM : 0;
}

static int json_finish(mtl_writer *w) {
  state *st = w->state;
  mtl_buf_puts(&w->out, "],\"errors\":[");
  if (st->errors.len)
    mtl_buf_put(&w->out, st->errors.data, st->errors.len);
  mtl_buf_puts(&w->out, "],\"summary\":");
  mtl_json_summary(&w->out, w, 0);
  mtl_buf_puts(&w->out, "}\n");
  mtl_buf_free(&st->errors);
  return 0;
}

const mtl_writer_ops mtl_write_json = {
    .name = "json",
    .state_size = sizeof(state),
    .begin = json_begin,
    .file = json_file,
    .error = json_error,
    .finish = json_finish,
};
