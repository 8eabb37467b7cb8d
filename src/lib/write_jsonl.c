/*
 * write_jsonl.c - JSON Lines: one diagnostic or error object per line, then a
 * summary object (docs/PROTOCOL.md).  Also home of the record builders the
 * json writer shares.
 */
#include "write_json_common.h"

#include <string.h>

static void pos(mtl_buf *b, const char *name, const mtl_position *p) {
  mtl_buf_printf(b, "\"%s\":{\"offset\":%zu,\"line\":%zu,\"column\":%zu,\"column_utf16\":%zu}",
                 name, p->offset, p->line, p->column, p->column_utf16);
}

void mtl_json_diagnostic(mtl_buf *b, const mtl_input_info *in, const char *text, size_t len,
                         const mtl_finding *f) {
  size_t i, s = f->start.offset, e = f->end.offset;
  if (e > len)
    e = len;
  if (s > e)
    s = e;
  mtl_buf_puts(b, "{\"type\":\"diagnostic\",\"path\":");
  mtl_buf_json_string(b, in->path, strlen(in->path));
  if (in->item) {
    mtl_buf_puts(b, ",\"item\":");
    mtl_buf_json_string(b, in->item, strlen(in->item));
  }
  mtl_buf_puts(b, ",\"rule\":");
  mtl_buf_json_string(b, f->rule, strlen(f->rule));
  mtl_buf_printf(b, ",\"severity\":\"%s\",\"message\":", mtl_severity_name(f->severity));
  mtl_buf_json_string(b, f->message, strlen(f->message));
  mtl_buf_puts(b, ",\"match\":");
  mtl_buf_json_string(b, text + s, e - s);
  mtl_buf_puts(b, ",\"suggestions\":[");
  for (i = 0; i < f->n_suggestions; i++) {
    if (i)
      mtl_buf_putc(b, ',');
    mtl_buf_json_string(b, f->suggestions[i], strlen(f->suggestions[i]));
  }
  mtl_buf_printf(b, "],\"fix\":\"%s\",", f->fix ? f->fix : (f->fix_safe ? "safe" : "none"));
  pos(b, "start", &f->start);
  mtl_buf_putc(b, ',');
  pos(b, "end", &f->end);
  if (in->item_line)
    mtl_buf_printf(b, ",\"source\":{\"line\":%zu,\"column\":%zu}", in->item_line,
                   in->item_column ? in->item_column : 1);
  mtl_buf_putc(b, '}');
}

void mtl_json_error(mtl_buf *b, const mtl_error *err) {
  mtl_buf_puts(b, "{\"type\":\"error\",\"path\":");
  mtl_buf_json_string(b, err->file, strlen(err->file));
  mtl_buf_printf(b, ",\"line\":%zu,\"column\":%zu,\"code\":\"%s\",\"message\":", err->line,
                 err->column, mtl_error_code_name(err->code));
  mtl_buf_json_string(b, err->message, strlen(err->message));
  mtl_buf_putc(b, '}');
}

void mtl_json_summary(mtl_buf *b, const mtl_writer *w, int with_type) {
  mtl_buf_printf(b,
                 "{%s\"version\":%d,\"files\":%zu,\"words\":%zu,\"diagnostics\":%zu,"
                 "\"errors\":%zu,\"by_severity\":{\"error\":%zu,\"warning\":%zu,\"info\":%zu}}",
                 with_type ? "\"type\":\"summary\"," : "", MTL_PROTOCOL_VERSION, w->files,
                 w->words, w->findings, w->errors, w->by_sev[MTL_SEV_ERROR],
                 w->by_sev[MTL_SEV_WARNING], w->by_sev[MTL_SEV_INFO]);
}

static int jsonl_file(mtl_writer *w, const mtl_input_info *in, const char *text, size_t len,
                      const mtl_result *res) {
  size_t i, n = mtl_result_count(res);
  for (i = 0; i < n; i++) {
    mtl_json_diagnostic(&w->out, in, text, len, mtl_result_finding(res, i));
    mtl_buf_putc(&w->out, '\n');
    if (w->out.len > 65536) {
      int rc = mtl_writer_flush(w);
      if (rc)
        return rc;
    }
  }
  return 0;
}

static int jsonl_error(mtl_writer *w, const mtl_error *err) {
  mtl_json_error(&w->out, err);
  mtl_buf_putc(&w->out, '\n');
  return 0;
}

static int jsonl_finish(mtl_writer *w) {
  mtl_json_summary(&w->out, w, 1);
  mtl_buf_putc(&w->out, '\n');
  return 0;
}

const mtl_writer_ops mtl_write_jsonl = {"jsonl", 0, NULL, jsonl_file, jsonl_error,
                                        jsonl_finish};
