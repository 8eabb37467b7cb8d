/*
 * read_text.c - the "text" input format: the whole input is one article,
 * linted as it is (no id, positions are positions in the file).
 */
#include "mtlint.h"
#include "reader.h"
#include "util.h"

static int text_next(mtl_reader *r, mtl_article **out, mtl_error *err) {
  mtl_buf b = {0};
  mtl_article *a;
  int rc;
  if (r->state) /* done */
    return 0;
  r->state = r;
  rc = mtl_reader_slurp(r, &b, MTL_READER_MAX_ITEM);
  if (rc) {
    mtl_buf_free(&b);
    if (rc == MTL_ELIMIT)
      return mtl_reader_fail(r, err, rc, 0, 0, "input larger than the %zu MiB limit",
                             MTL_READER_MAX_ITEM >> 20);
    return mtl_reader_fail(r, err, rc, 0, 0, "%s", rc == MTL_EIO ? "read error" : "out of memory");
  }
  a = mtl_calloc(1, sizeof *a);
  if (!a) {
    mtl_buf_free(&b);
    return mtl_reader_fail(r, err, MTL_ENOMEM, 0, 0, "out of memory");
  }
  a->text = b.data; /* the buffer becomes the article's text */
  a->len = b.len;
  *out = a;
  return 1;
}

const mtl_reader_kind mtl_read_text = {"text", NULL, text_next, NULL};
