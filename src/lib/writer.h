/* writer.h - the writer object and the ops of each output format (write_*.c,
 * registered in writer.c). */
#ifndef MTL_WRITER_H
#define MTL_WRITER_H

#include "mtlint.h"
#include "util.h"
#include <stddef.h>

typedef struct mtl_writer_ops {
  const char *name;
  size_t state_size;
  int (*begin)(mtl_writer *w);
  int (*file)(mtl_writer *w, const mtl_input_info *in, const char *text, size_t len,
              const mtl_result *res);
  /* an article's verdict record (mtl_writer_article); NULL: the format
   * writes none */
  int (*article)(mtl_writer *w, const mtl_input_info *in, const mtl_result *res, double score,
                 mtl_verdict verdict);
  int (*error)(mtl_writer *w, const mtl_error *err);
  int (*finish)(mtl_writer *w);
  int per_input;           /* an input's output depends on nothing written
                            * before it but the counts, and begin is NULL:
                            * mtl_writer_fork works */
} mtl_writer_ops;

struct mtl_writer {
  const mtl_writer_ops *ops;
  mtl_write_fn fn;
  void *ctx;
  unsigned flags;
  mtl_buf out;             /* writers fill this, then mtl_writer_flush */
  size_t files, words, findings, errors;
  size_t by_sev[4];
  int fail_on;             /* mtl_writer_set_fail_on: lowest failing severity */
  size_t width;            /* mtl_writer_set_width: terminal columns, 0 none */
  void *state;
};

int mtl_writer_flush(mtl_writer *w);
/* Appends score as "%.3f" writes it (the article records). */
void mtl_writer_put_score(mtl_buf *b, double score);

extern const mtl_writer_ops mtl_write_text;
extern const mtl_writer_ops mtl_write_jsonl;
extern const mtl_writer_ops mtl_write_json;
extern const mtl_writer_ops mtl_write_sarif;
extern const mtl_writer_ops mtl_write_rdjsonl;
extern const mtl_writer_ops mtl_write_github;
extern const mtl_writer_ops mtl_write_checkstyle;
extern const mtl_writer_ops mtl_write_junit;

#endif
