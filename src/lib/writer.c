/*
 * writer.c - the output stage: findings -> bytes through the caller's write
 * callback.  Each format is one file with an ops table, registered in
 * formats[] below.
 */
#include "mtlint.h"
#include "util.h"
#include "write_json_common.h"
#include "writer.h"

#include <math.h>
#include <string.h>

static const mtl_writer_ops *const formats[] = {
    &mtl_write_text,    &mtl_write_jsonl,  &mtl_write_json,       &mtl_write_sarif,
    &mtl_write_rdjsonl, &mtl_write_github, &mtl_write_checkstyle, &mtl_write_junit,
    NULL};
static const char *const format_names[] = {
    "text", "jsonl", "json", "sarif", "rdjsonl", "github", "checkstyle", "junit", NULL};

const char *const *mtl_writer_formats(void) { return format_names; }

int mtl_writer_new(mtl_writer **out, const char *format, mtl_write_fn fn, void *ctx,
                   unsigned flags) {
  const mtl_writer_ops *ops = NULL;
  mtl_writer *w;
  size_t i;
  *out = NULL;
  for (i = 0; format && formats[i]; i++)
    if (!strcmp(formats[i]->name, format))
      ops = formats[i];
  if (!ops)
    return MTL_EFORMAT;
  if (!fn)
    return MTL_EINVAL;
  if (!(w = mtl_calloc(1, sizeof *w)))
    return MTL_ENOMEM;
  w->ops = ops;
  w->fn = fn;
  w->ctx = ctx;
  w->flags = flags;
  w->fail_on = MTL_SEV_WARNING;
  if (ops->state_size && !(w->state = mtl_calloc(1, ops->state_size))) {
    mtl_free(w);
    return MTL_ENOMEM;
  }
  if (ops->begin) {
    int rc = ops->begin(w);
    if (rc) {
      mtl_writer_free(w);
      return rc;
    }
  }
  *out = w;
  return 0;
}

void mtl_writer_free(mtl_writer *w) {
  if (!w)
    return;
  mtl_buf_free(&w->out);
  mtl_free(w->state);
  mtl_free(w);
}

int mtl_writer_fork(mtl_writer **out, const mtl_writer *w, mtl_write_fn fn, void *ctx) {
  int rc;
  if (!out)
    return MTL_EINVAL;
  *out = NULL;
  if (!w || !w->ops->per_input)
    return MTL_EINVAL;
  if ((rc = mtl_writer_new(out, w->ops->name, fn, ctx, w->flags)))
    return rc;
  (*out)->fail_on = w->fail_on;
  (*out)->width = w->width;
  /* the state of a per-input format holds settings and borrowed pointers
   * only (write_rdjsonl.c: the engine), so a byte copy is a copy */
  if (w->ops->state_size)
    memcpy((*out)->state, w->state, w->ops->state_size);
  return 0;
}

int mtl_writer_join(mtl_writer *w, mtl_writer *fork) {
  size_t i;
  if (!w || !fork || fork->ops != w->ops)
    return MTL_EINVAL;
  w->files += fork->files;
  w->words += fork->words;
  w->findings += fork->findings;
  w->errors += fork->errors;
  for (i = 0; i < 4; i++)
    w->by_sev[i] += fork->by_sev[i];
  fork->files = fork->words = fork->findings = fork->errors = 0;
  memset(fork->by_sev, 0, sizeof fork->by_sev);
  return 0;
}

int mtl_writer_raw(mtl_writer *w, const char *data, size_t len) {
  if (!w || (!data && len))
    return MTL_EINVAL;
  return len && w->fn(w->ctx, data, len) ? MTL_EIO : 0;
}

int mtl_writer_flush(mtl_writer *w) {
  int rc = 0;
  if (w->out.oom) {
    w->out.len = 0;
    w->out.oom = 0;
    return MTL_ENOMEM;
  }
  if (w->out.len && w->fn(w->ctx, w->out.data, w->out.len))
    rc = MTL_EIO;
  w->out.len = 0;
  return rc;
}

int mtl_writer_file(mtl_writer *w, const char *path, const char *text, size_t len,
                    const mtl_result *res) {
  mtl_input_info in;
  memset(&in, 0, sizeof in);
  in.path = path ? path : "-";
  return mtl_writer_input(w, &in, text, len, res);
}

int mtl_writer_input(mtl_writer *w, const mtl_input_info *in, const char *text, size_t len,
                     const mtl_result *res) {
  size_t i, n = mtl_result_count(res);
  int rc;
  if (!w || !in || !in->path)
    return MTL_EINVAL;
  w->files++;
  w->words += mtl_result_words(res);
  w->findings += n;
  for (i = 0; i < n; i++) {
    int s = (int)mtl_result_finding(res, i)->severity;
    if (s >= 1 && s <= 3)
      w->by_sev[s]++;
  }
  rc = w->ops->file(w, in, text ? text : "", text ? len : 0, res);
  return rc ? rc : mtl_writer_flush(w);
}

int mtl_writer_article(mtl_writer *w, const mtl_input_info *in, const mtl_result *res,
                       double score, mtl_verdict verdict) {
  int rc;
  if (!w || !in || !in->path)
    return MTL_EINVAL;
  rc = w->ops->article ? w->ops->article(w, in, res, score, verdict) : 0;
  return rc ? rc : mtl_writer_flush(w);
}

/* PERF: the article records are written without printf.  A score of
 * whole thousandths (mtl_score_milli / 1000.0, the usual one) is written
 * from its integer: the double nearest m / 1000 prints as m's digits; any
 * other goes to printf. */
void mtl_writer_put_score(mtl_buf *b, double score) {
  if (score >= 0 && score < 1e12 && !signbit(score)) {
    uint64_t m = (uint64_t)(score * 1000.0 + 0.5);
    if ((double)m / 1000.0 == score) {
      char frac[4];
      mtl_buf_put_uint(b, m / 1000);
      frac[0] = '.';
      frac[1] = (char)('0' + m / 100 % 10);
      frac[2] = (char)('0' + m / 10 % 10);
      frac[3] = (char)('0' + m % 10);
      mtl_buf_put(b, frac, 4);
      return;
    }
  }
  mtl_buf_printf(b, "%.3f", score);
}

int mtl_writer_error(mtl_writer *w, const mtl_error *err) {
  int rc;
  if (!w || !err)
    return MTL_EINVAL;
  w->errors++;
  rc = w->ops->error(w, err);
  return rc ? rc : mtl_writer_flush(w);
}

int mtl_writer_finish(mtl_writer *w) {
  int rc;
  if (!w)
    return MTL_EINVAL;
  rc = w->ops->finish ? w->ops->finish(w) : 0;
  return rc ? rc : mtl_writer_flush(w);
}

/* Shared by the JSON writers: name for an error code. */
const char *mtl_error_code_name(int code);
const char *mtl_error_code_name(int code) {
  switch (code) {
  case MTL_EIO: return "io";
  case MTL_ESYNTAX: return "yaml";
  case MTL_ESCHEMA: return "schema";
  case MTL_EREGEX: return "regex";
  case MTL_EDICT: return "dictionary";
  case MTL_ELIMIT: return "limit";
  case MTL_ENOMEM: return "memory";
  case MTL_ENOTFOUND: return "not-found";
  case MTL_EPARSE: return "syntax";
  default: return "error";
  }
}

int mtl_writer_set_fail_on(mtl_writer *w, int severity) {
  if (!w || severity < MTL_SEV_INFO)
    return MTL_EINVAL;
  w->fail_on = severity;
  return 0;
}

int mtl_writer_set_width(mtl_writer *w, size_t columns) {
  if (!w)
    return MTL_EINVAL;
  w->width = columns && columns < 20 ? 20 : columns;
  return 0;
}
