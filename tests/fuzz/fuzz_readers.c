/*
 * fuzz_readers.c - arbitrary bytes through every input reader (auto, text,
 * rss, atom, jsonl, jsonfeed, html), pulled in chunks of varying size.  The
 * first byte picks the format and the chunk size.  Every reader must end
 * (no more calls than bytes, plus a margin), hand out NUL-terminated text
 * of the length it says, and errors with a message.  JSON Lines is read
 * twice, by the fast path and by the jansson path (MTL_REFERENCE=1), which
 * must hand out the same articles and the same errors.
 */
#include "mtlint.h"
#include "util.h"
#include "replay.h"

#include <stdlib.h>
#include <string.h>

typedef struct src {
  const uint8_t *p;
  size_t n, off, chunk;
} src;

static int pull(void *ctx, char *buf, size_t cap, size_t *got) {
  src *s = ctx;
  size_t k = s->n - s->off;
  if (k > cap)
    k = cap;
  if (k > s->chunk)
    k = s->chunk;
  memcpy(buf, s->p + s->off, k);
  s->off += k;
  *got = k;
  return 0;
}

/* A digest of what a reader handed out: FNV over ids, texts and errors. */
static uint64_t read_all_items(const char *fmt, const uint8_t *data, size_t size,
                               size_t chunk) {
  src s;
  mtl_reader *r;
  mtl_error err;
  uint64_t h = MTL_FNV_BASIS;
  size_t calls = 0;
  s.p = data;
  s.n = size;
  s.off = 0;
  s.chunk = chunk ? chunk : 1;
  memset(&err, 0, sizeof err);
  if (mtl_reader_open(&r, fmt, "fuzz", pull, &s, &err))
    abort(); /* every listed format opens */
  for (;;) {
    mtl_article *a = NULL;
    int rc;
    memset(&err, 0, sizeof err);
    rc = mtl_reader_next(r, &a, &err);
    if (++calls > size + 64)
      abort(); /* a reader that never ends */
    if (rc == 0)
      break;
    if (rc < 0) {
      if (rc == MTL_ENOMEM)
        break;
      if (!err.message[0])
        abort(); /* an error says what */
      h = (h ^ (uint64_t)(-rc)) * MTL_FNV_PRIME;
      h = (h ^ err.line) * MTL_FNV_PRIME;
      continue;
    }
    if (!a || !a->text || strlen(a->text) > a->len || a->text[a->len] != '\0')
      abort();
    h = (h ^ mtl_hash(a->text, a->len)) * MTL_FNV_PRIME;
    if (a->id)
      h = (h ^ mtl_hash(a->id, strlen(a->id))) * MTL_FNV_PRIME;
    mtl_article_free(a);
  }
  mtl_reader_free(r);
  return h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char *const fmts[] = {"auto", "text", "rss", "atom", "jsonl", "jsonfeed", "html"};
  const char *fmt;
  size_t chunk;
  if (!size)
    return 0;
  fmt = fmts[data[0] % 7];
  chunk = (size_t)1 << (data[0] / 7 % 14); /* 1 byte to 8 KiB */
  data++;
  size--;
  if (!strcmp(fmt, "jsonl")) {
    uint64_t fast, ref;
    unsetenv("MTL_REFERENCE");
    fast = read_all_items(fmt, data, size, chunk);
    setenv("MTL_REFERENCE", "1", 1);
    ref = read_all_items(fmt, data, size, chunk);
    unsetenv("MTL_REFERENCE");
    if (fast != ref)
      abort(); /* the fast path and jansson disagree */
  } else {
    (void)read_all_items(fmt, data, size, chunk);
  }
  return 0;
}
