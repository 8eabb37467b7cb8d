/*
 * write_jsonl.c - JSON Lines: one diagnostic or error object per line, then a
 * summary object (docs/PROTOCOL.md).  Also home of the record builders the
 * json writer shares.
 */
#include "lint.h"
#include "mtlint.h"
#include "util.h"
#include "write_json_common.h"
#include "writer.h"

#include <string.h>

/* PERF: numbers and fixed text appended directly, not through printf. */
static void pos(mtl_buf *b, const char *name, const mtl_position *p) {
  mtl_buf_putc(b, '"');
  mtl_buf_puts(b, name);
  mtl_buf_puts(b, "\":{\"offset\":");
  mtl_buf_put_uint(b, p->offset);
  mtl_buf_puts(b, ",\"line\":");
  mtl_buf_put_uint(b, p->line);
  mtl_buf_puts(b, ",\"column\":");
  mtl_buf_put_uint(b, p->column);
  mtl_buf_puts(b, ",\"column_utf16\":");
  mtl_buf_put_uint(b, p->column_utf16);
  mtl_buf_putc(b, '}');
}

/* A diagnostic's opening: type, path and item (the same for an input). */
static void diagnostic_head(mtl_buf *b, const mtl_input_info *in) {
  mtl_buf_puts(b, "{\"type\":\"diagnostic\",\"path\":");
  mtl_buf_json_string(b, in->path, strlen(in->path));
  if (in->item) {
    mtl_buf_puts(b, ",\"item\":");
    mtl_buf_json_string(b, in->item, strlen(in->item));
  }
}

/* The rest of it, from the rule on. */
static void diagnostic_body(mtl_buf *b, const mtl_input_info *in, const char *text, size_t len,
                            const mtl_finding *f) {
  size_t i, s = f->start.offset, e = f->end.offset;
  if (e > len)
    e = len;
  if (s > e)
    s = e;
  mtl_buf_puts(b, ",\"rule\":");
  mtl_buf_json_string(b, f->rule, strlen(f->rule));
  mtl_buf_puts(b, ",\"severity\":\"");
  mtl_buf_puts(b, mtl_severity_name(f->severity));
  mtl_buf_puts(b, "\",\"message\":");
  mtl_buf_json_string(b, f->message, strlen(f->message));
  mtl_buf_puts(b, ",\"match\":");
  mtl_buf_json_string(b, text + s, e - s);
  mtl_buf_puts(b, ",\"suggestions\":[");
  for (i = 0; i < f->n_suggestions; i++) {
    if (i)
      mtl_buf_putc(b, ',');
    mtl_buf_json_string(b, f->suggestions[i], strlen(f->suggestions[i]));
  }
  mtl_buf_puts(b, "],\"fix\":\"");
  mtl_buf_puts(b, f->fix ? f->fix : (f->fix_safe ? "safe" : "none"));
  mtl_buf_puts(b, "\",");
  if (f->has_lm)
    mtl_buf_printf(b, "\"lm\":{\"original\":%.2f,\"written\":%.2f,\"gain\":%.2f},",
                   f->lm_original, f->lm_written, f->lm_original - f->lm_written);
  pos(b, "start", &f->start);
  mtl_buf_putc(b, ',');
  pos(b, "end", &f->end);
  mtl_json_source(b, in);
  mtl_buf_putc(b, '}');
}

void mtl_json_source(mtl_buf *b, const mtl_input_info *in) {
  if (!in->item_line)
    return;
  mtl_buf_puts(b, ",\"source\":{\"line\":");
  mtl_buf_put_uint(b, in->item_line);
  mtl_buf_puts(b, ",\"column\":");
  mtl_buf_put_uint(b, in->item_column ? in->item_column : 1);
  mtl_buf_putc(b, '}');
}

void mtl_json_diagnostic(mtl_buf *b, const mtl_input_info *in, const char *text, size_t len,
                         const mtl_finding *f) {
  diagnostic_head(b, in);
  diagnostic_body(b, in, text, len, f);
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
  mtl_buf head = {0};
  int rc = 0;
  if (!n)
    return 0;
  diagnostic_head(&head, in); /* PERF: once per input, not per finding */
  if (head.oom) {
    mtl_buf_free(&head);
    return MTL_ENOMEM;
  }
  for (i = 0; i < n; i++) {
    mtl_buf_put(&w->out, head.data, head.len);
    diagnostic_body(&w->out, in, text, len, mtl_result_finding(res, i));
    mtl_buf_putc(&w->out, '\n');
    if (w->out.len > 65536 && (rc = mtl_writer_flush(w)) != 0)
      break;
  }
  mtl_buf_free(&head);
  return rc;
}

static void opt_field(mtl_buf *b, const char *key, const char *v) {
  if (!v)
    return;
  mtl_buf_puts(b, ",\"");
  mtl_buf_puts(b, key);
  mtl_buf_puts(b, "\":");
  mtl_buf_json_string(b, v, strlen(v));
}

/* {"type":"article",...}: the article's metadata, counts and verdict. */
static int jsonl_article(mtl_writer *w, const mtl_input_info *in, const mtl_result *res,
                         double score, mtl_verdict verdict) {
  mtl_buf *b = &w->out;
  mtl_buf_puts(b, "{\"type\":\"article\",\"path\":");
  mtl_buf_json_string(b, in->path, strlen(in->path));
  opt_field(b, "item", in->item);
  opt_field(b, "title", in->title);
  opt_field(b, "url", in->url);
  opt_field(b, "feed", in->source);
  opt_field(b, "published", in->published);
  mtl_buf_puts(b, ",\"words\":");
  mtl_buf_put_uint(b, mtl_result_words(res));
  mtl_buf_puts(b, ",\"findings\":");
  mtl_buf_put_uint(b, mtl_result_count(res));
  mtl_buf_puts(b, ",\"score\":");
  mtl_writer_put_score(b, score);
  mtl_buf_puts(b, ",\"verdict\":\"");
  mtl_buf_puts(b, mtl_verdict_name(verdict));
  mtl_buf_putc(b, '"');
  if (mtl_result_other_language(res)) /* counted apart in reports */
    mtl_buf_puts(b, ",\"other_language\":true");
  if (mtl_result_window_density(res) > 0) /* a window rule ran and saw signs */
    mtl_buf_printf(b, ",\"window_density\":%.1f", mtl_result_window_density(res));
  mtl_json_source(b, in);
  mtl_buf_puts(b, "}\n");
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

const mtl_writer_ops mtl_write_jsonl = {
    .name = "jsonl",
    .file = jsonl_file,
    .article = jsonl_article,
    .error = jsonl_error,
    .finish = jsonl_finish,
    .per_input = 1,
};
