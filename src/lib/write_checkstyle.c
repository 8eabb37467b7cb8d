/*
 * write_checkstyle.c - Checkstyle XML: one <file> per input (also clean
 * ones), one <error line column severity message source> per finding;
 * columns are 1-based UTF-16 code units, source is the rule id.  Inputs
 * that could not be read get an <error severity="error"> with source
 * mtlint.<error-code>.
 */
#include "mtlint.h"
#include "util.h"
#include "write_ci.h"
#include "write_json_common.h"
#include "writer.h"

#include <string.h>

typedef struct state {
  mtl_ci_head head;
} state;

static void attr(mtl_buf *b, const char *name, const char *v) {
  mtl_buf_printf(b, " %s=\"", name);
  mtl_ci_xml(b, v, strlen(v));
  mtl_buf_putc(b, '"');
}

static int cs_begin(mtl_writer *w) {
  mtl_buf_puts(&w->out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n");
  return 0;
}

static void file_open(mtl_buf *b, const mtl_input_info *in) {
  mtl_buf_puts(b, "<file");
  if (in->item) {
    mtl_buf s = {0};
    mtl_buf_printf(&s, "%s#%s", in->path, in->item);
    attr(b, "name", s.data ? s.data : in->path);
    mtl_buf_free(&s);
  } else {
    attr(b, "name", in->path);
  }
  mtl_buf_puts(b, ">\n");
}

static int cs_file(mtl_writer *w, const mtl_input_info *in, const char *text, size_t len,
                   const mtl_result *res) {
  mtl_buf *b = &w->out;
  size_t i, n = mtl_result_count(res);
  (void)text;
  (void)len;
  file_open(b, in);
  for (i = 0; i < n; i++) {
    const mtl_finding *f = mtl_result_finding(res, i);
    mtl_buf_printf(b, "<error line=\"%zu\" column=\"%zu\"", f->start.line,
                   f->start.column_utf16);
    attr(b, "severity", mtl_severity_name(f->severity));
    attr(b, "message", f->message);
    attr(b, "source", f->rule);
    mtl_buf_puts(b, "/>\n");
    if (b->len > 65536) {
      int rc = mtl_writer_flush(w);
      if (rc)
        return rc;
    }
  }
  mtl_buf_puts(b, "</file>\n");
  return 0;
}

static int cs_error(mtl_writer *w, const mtl_error *err) {
  mtl_buf *b = &w->out;
  mtl_input_info in;
  memset(&in, 0, sizeof in);
  in.path = err->file[0] ? err->file : "mtlint";
  file_open(b, &in);
  /* an input that could not be read has no line: none is written */
  mtl_buf_puts(b, "<error");
  if (err->line)
    mtl_buf_printf(b, " line=\"%zu\"", err->line);
  if (err->line && err->column)
    mtl_buf_printf(b, " column=\"%zu\"", err->column);
  mtl_buf_puts(b, " severity=\"error\"");
  attr(b, "message", err->message);
  mtl_buf_printf(b, " source=\"mtlint.%s\"/>\n</file>\n", mtl_error_code_name(err->code));
  return 0;
}

static int cs_finish(mtl_writer *w) {
  mtl_buf_puts(&w->out, "</checkstyle>\n");
  return 0;
}

const mtl_writer_ops mtl_write_checkstyle = {
    .name = "checkstyle",
    .state_size = sizeof(state),
    .begin = cs_begin,
    .file = cs_file,
    .error = cs_error,
    .finish = cs_finish,
};
