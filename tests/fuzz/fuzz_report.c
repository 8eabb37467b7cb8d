/*
 * fuzz_report.c - arbitrary bytes as partial reports, as `mtlint merge`
 * reads them (mtl_report_load_partial, mtl_report_merge).  The input is
 * one or two partial reports, split at the first "\n---\n".  A report that
 * loads is saved again; what was saved must load and save to the same bytes
 * (a round trip), and every report format must write.  Two that load are
 * merged both ways (A+B and B+A), which must save to the same bytes (the
 * merge is documented as order-independent) and load again.
 */
#include "mtlint.h"
#include "replay.h"

#include <stdlib.h>
#include <string.h>

typedef struct sbuf {
  char *p;
  size_t n, cap;
} sbuf;

static int sink(void *ctx, const char *data, size_t len) {
  sbuf *b = ctx;
  if (b->n + len + 1 > b->cap) {
    size_t cap = (b->n + len + 1) * 2;
    char *p = realloc(b->p, cap);
    if (!p)
      return -1;
    b->p = p;
    b->cap = cap;
  }
  memcpy(b->p + b->n, data, len);
  b->n += len;
  return 0;
}

static mtl_report *load(const char *data, size_t len) {
  mtl_report *r = NULL;
  mtl_error err;
  int rc;
  memset(&err, 0, sizeof err);
  rc = mtl_report_load_partial(&r, data, len, "fuzz.json", &err);
  if (rc) {
    if (r || rc == MTL_ENOMEM)
      abort();
    if (!err.message[0])
      abort(); /* an error says what */
    return NULL;
  }
  if (!r)
    abort();
  return r;
}

/* The partial report of r, malloc'd, in *b. */
static void save(const mtl_report *r, sbuf *b) {
  memset(b, 0, sizeof *b);
  if (mtl_report_save_partial(r, sink, b))
    abort();
}

static void check_one(const mtl_report *r) {
  sbuf s1, s2;
  mtl_report *again;
  const char *const *fmt;
  save(r, &s1);
  if (!(again = load(s1.p, s1.n)))
    abort(); /* what we wrote must read back */
  save(again, &s2);
  if (s1.n != s2.n || memcmp(s1.p, s2.p, s1.n))
    abort(); /* and say the same */
  mtl_report_free(again);
  free(s1.p);
  free(s2.p);
  for (fmt = mtl_report_formats(); *fmt; fmt++) {
    sbuf w;
    memset(&w, 0, sizeof w);
    if (mtl_report_write(r, *fmt, sink, &w))
      abort();
    free(w.p);
  }
}

/* a (loaded from da) with b merged in, saved into *out; 0 or the merge's error. */
static int merged(const char *da, size_t na, const mtl_report *b, sbuf *out) {
  mtl_report *a = load(da, na);
  int rc;
  if (!a)
    abort(); /* it loaded before */
  rc = mtl_report_merge(a, b);
  if (rc == MTL_ENOMEM)
    abort();
  if (!rc)
    save(a, out);
  mtl_report_free(a);
  return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *s = (const char *)data, *sep = NULL;
  size_t na = size, nb = 0, i;
  mtl_report *a, *b = NULL;
  for (i = 0; i + 5 <= size; i++)
    if (!memcmp(s + i, "\n---\n", 5)) {
      sep = s + i;
      break;
    }
  if (sep) {
    na = (size_t)(sep - s);
    nb = size - na - 5;
  }
  if (!(a = load(s, na)))
    return 0;
  check_one(a);
  if (sep && (b = load(sep + 5, nb))) {
    mtl_report *empty;
    sbuf ab, ba;
    int rab, rba;
    check_one(b);
    memset(&ab, 0, sizeof ab);
    memset(&ba, 0, sizeof ba);
    rab = merged(s, na, b, &ab);
    rba = merged(sep + 5, nb, a, &ba);
    if (rab != rba)
      abort(); /* merging works both ways or neither */
    if (!rab && (ab.n != ba.n || memcmp(ab.p, ba.p, ab.n)))
      abort(); /* A+B and B+A differ */
    if (!rab) {
      mtl_report *m = load(ab.p, ab.n);
      if (!m)
        abort(); /* a merged report reads back */
      mtl_report_free(m);
    }
    free(ab.p);
    free(ba.p);
    if (mtl_report_new(&empty, NULL))
      abort();
    (void)mtl_report_merge(empty, b); /* may differ in config: EINVAL */
    mtl_report_free(empty);
    mtl_report_free(b);
  }
  mtl_report_free(a);
  return 0;
}
