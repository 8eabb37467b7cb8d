/*
 * write_rdjsonl.c - reviewdog diagnostics, one JSON object per line
 * (reviewdog -f=rdjsonl).  Positions are 1-based lines and 1-based
 * columns counted in UTF-8 bytes, as reviewdog's format defines them; every
 * suggestion becomes a "suggestions" entry over the finding's range so a
 * review tool can propose the replacement.  Unreadable inputs become an
 * ERROR diagnostic with code mtlint.<error-code>.  No summary line.
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

static const char *sev(mtl_severity s) {
  return s == MTL_SEV_ERROR ? "ERROR" : s == MTL_SEV_WARNING ? "WARNING" : "INFO";
}

static void range(mtl_buf *b, const mtl_finding *f) {
  mtl_buf_printf(b,
                 "\"range\":{\"start\":{\"line\":%zu,\"column\":%zu},"
                 "\"end\":{\"line\":%zu,\"column\":%zu}}",
                 f->start.line, f->start.column, f->end.line, f->end.column);
}

static int rd_file(mtl_writer *w, const mtl_input_info *in, const char *text, size_t len,
                   const mtl_result *res) {
  state *st = w->state;
  mtl_buf *b = &w->out;
  size_t i, j, n = mtl_result_count(res);
  (void)text;
  (void)len;
  for (i = 0; i < n; i++) {
    const mtl_finding *f = mtl_result_finding(res, i);
    const mtl_rule_info *ri = mtl_engine_find_rule(st->head.eng, f->rule);
    mtl_buf_puts(b, "{\"message\":");
    mtl_buf_json_string(b, f->message, strlen(f->message));
    mtl_buf_puts(b, ",\"location\":{\"path\":");
    mtl_buf_json_string(b, in->path, strlen(in->path));
    if (!in->item) {
      mtl_buf_putc(b, ',');
      range(b, f);
    } else if (in->item_line) {
      mtl_buf_printf(b, ",\"range\":{\"start\":{\"line\":%zu}}",
                     in->item_line + f->start.line - 1);
    }
    mtl_buf_printf(b, "},\"severity\":\"%s\",\"source\":{\"name\":\"mtlint\"},\"code\":{"
                      "\"value\":",
                   sev(f->severity));
    mtl_buf_json_string(b, f->rule, strlen(f->rule));
    if (ri && ri->link) {
      mtl_buf_puts(b, ",\"url\":");
      mtl_buf_json_string(b, ri->link, strlen(ri->link));
    }
    mtl_buf_putc(b, '}');
    if (f->n_suggestions && !in->item) {
      mtl_buf_puts(b, ",\"suggestions\":[");
      for (j = 0; j < f->n_suggestions; j++) {
        mtl_buf_puts(b, j ? ",{" : "{");
        range(b, f);
        mtl_buf_puts(b, ",\"text\":");
        mtl_buf_json_string(b, f->suggestions[j], strlen(f->suggestions[j]));
        mtl_buf_putc(b, '}');
      }
      mtl_buf_putc(b, ']');
    }
    mtl_buf_puts(b, "}\n");
    if (b->len > 65536) {
      int rc = mtl_writer_flush(w);
      if (rc)
        return rc;
    }
  }
  return 0;
}

static int rd_error(mtl_writer *w, const mtl_error *err) {
  mtl_buf *b = &w->out;
  mtl_buf_puts(b, "{\"message\":");
  mtl_buf_json_string(b, err->message, strlen(err->message));
  mtl_buf_puts(b, ",\"location\":{\"path\":");
  mtl_buf_json_string(b, err->file, strlen(err->file));
  if (err->line)
    mtl_buf_printf(b, ",\"range\":{\"start\":{\"line\":%zu,\"column\":%zu}}", err->line,
                   err->column ? err->column : 1);
  mtl_buf_printf(b, "},\"severity\":\"ERROR\",\"source\":{\"name\":\"mtlint\"},"
                    "\"code\":{\"value\":\"mtlint.%s\"}}\n",
                 mtl_error_code_name(err->code));
  return 0;
}

const mtl_writer_ops mtl_write_rdjsonl = {
    .name = "rdjsonl",
    .state_size = sizeof(state),
    .file = rd_file,
    .error = rd_error,
    .per_input = 1,
};
