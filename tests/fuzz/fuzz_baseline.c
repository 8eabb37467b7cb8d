/*
 * fuzz_baseline.c - arbitrary bytes as a baseline file (src/cli/baseline.c,
 * which the target links alone: read_all and fix_write_atomic are stood in
 * for below, the latter keeping what would be written).  A baseline that
 * parses must hide each of its rows once (baseline_take), and its rows,
 * added again with baseline_add and saved, must parse and hide as many.
 * The first two lines of the input also go through baseline_relpath.
 */
#include "replay.h"

#include "formats.h"

#include <stdlib.h>
#include <string.h>

static char *saved;
static size_t saved_len;

int read_all(const char *path, char **data, size_t *len);
int read_all(const char *path, char **data, size_t *len) {
  (void)path;
  *data = NULL;
  *len = 0;
  return 2; /* ENOENT: this target parses from memory */
}

int fix_write_atomic(const char *path, const char *data, size_t len, const char *expect,
                     size_t elen, char *msg, size_t msgsize) {
  (void)path;
  (void)expect;
  (void)elen;
  (void)msg;
  (void)msgsize;
  free(saved);
  if (!(saved = malloc(len + 1)))
    abort();
  memcpy(saved, data, len);
  saved_len = len;
  return 0;
}

typedef struct row {
  const char *fp, *rule, *path, *rest;
} row;

/* The rows of a baseline that parsed, split as baseline_parse splits them
 * (in a NUL-terminated copy, buf), into *rows; their count. */
static size_t rows_of(char *buf, size_t len, row **rows) {
  char *p = buf, *end = buf + len;
  size_t n = 0;
  *rows = NULL;
  while (p < end) {
    char *nl = memchr(p, '\n', (size_t)(end - p)), *eol = nl ? nl : end;
    if (eol > p && eol[-1] == '\r')
      eol[-1] = '\0';
    *eol = '\0';
    if (*p && *p != '#') {
      char *t1 = strchr(p, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL, *t3;
      row *r;
      if (!t2)
        abort(); /* baseline_parse accepted it */
      t3 = strchr(t2 + 1, '\t');
      *t1 = *t2 = '\0';
      if (t3)
        *t3 = '\0';
      if (!(r = realloc(*rows, (n + 1) * sizeof *r)))
        abort();
      *rows = r;
      r[n].fp = p;
      r[n].rule = t1 + 1;
      r[n].path = t2 + 1;
      r[n].rest = t3 ? t3 + 1 : "";
      while (!strncmp(r[n].path, "./", 2))
        r[n].path += 2;
      n++;
    }
    p = nl ? nl + 1 : end;
  }
  return n;
}

/* Parses text; if it parses, each row must be taken once.  Returns the
 * parsed baseline's row count, or (size_t)-1 when it does not parse. */
static size_t check(const char *text, size_t len, int again) {
  baseline *b = NULL, *re = NULL;
  char msg[256], *buf;
  row *rows;
  size_t n, i, taken = 0;
  msg[0] = '\0';
  if (baseline_parse(&b, text, len, msg, sizeof msg)) {
    if (b || !msg[0])
      abort();
    return (size_t)-1;
  }
  if (!(buf = malloc(len + 1)))
    abort();
  memcpy(buf, text, len);
  buf[len] = '\0';
  n = rows_of(buf, len, &rows);
  if (baseline_count(b) != n)
    abort();
  for (i = 0; i < n; i++)
    taken += (size_t)baseline_take(b, rows[i].path, rows[i].fp);
  if (taken != n)
    abort(); /* every row hides one finding */
  if (n && baseline_take(b, rows[0].path, rows[0].fp))
    abort(); /* and no more */
  if (again) {
    if (baseline_new(&re))
      abort();
    for (i = 0; i < n; i++)
      if (baseline_add(re, rows[i].path, rows[i].fp, rows[i].rule, i + 1, rows[i].rest,
                       strlen(rows[i].rest)))
        abort();
    if (baseline_save(re, "fuzz.baseline", msg, sizeof msg))
      abort();
    baseline_free(re);
    if (check(saved, saved_len, 0) != n)
      abort(); /* what was saved reads back, as many rows */
  }
  free(rows);
  free(buf);
  baseline_free(b);
  return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *s = (const char *)data, *nl1, *nl2;
  (void)check(s, size, 1);
  nl1 = memchr(s, '\n', size);
  nl2 = nl1 ? memchr(nl1 + 1, '\n', size - (size_t)(nl1 + 1 - s)) : NULL;
  if (nl1 && nl2 && memchr(s, '\0', (size_t)(nl2 - s)) == NULL) {
    char *a = strndup(s, (size_t)(nl1 - s)), *b = strndup(nl1 + 1, (size_t)(nl2 - nl1 - 1));
    char *rel;
    if (!a || !b)
      abort();
    rel = baseline_relpath(a, b);
    if (rel && (!rel[0] || rel[0] == '/' || strstr(rel, "//")))
      abort();
    free(rel);
    free(a);
    free(b);
  }
  free(saved);
  saved = NULL;
  return 0;
}
