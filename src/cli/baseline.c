/*
 * baseline.c - baseline files: findings recorded earlier that later runs
 * hide.  The file is text, one finding a line, sorted, so it diffs well:
 *
 *   # mtlint baseline 1
 *   FINGERPRINT<TAB>RULE<TAB>PATH<TAB>LINE<TAB>MATCH
 *
 * A finding is hidden when a line with its path and fingerprint (see
 * mtl_fingerprint: rule, match and nearby words) has a use left; a
 * fingerprint listed twice hides two findings.  LINE and MATCH are for the
 * reader only.  Tabs and line breaks in PATH and MATCH are written as
 * spaces.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "formats.h"

#include <limits.h>
#include <unistd.h>

#define HEADER "# mtlint baseline 1\n"
#define MAX_LINE 8192

typedef struct entry {
  char *key;   /* PATH \t FINGERPRINT */
  char *text;  /* the whole line as written */
  size_t line;
  size_t uses;
} entry;

struct baseline {
  entry *e;
  size_t n, cap;
  int sorted;
};

int baseline_new(baseline **out) {
  *out = calloc(1, sizeof **out);
  return *out ? 0 : -1;
}

void baseline_free(baseline *b) {
  size_t i;
  if (!b)
    return;
  for (i = 0; i < b->n; i++) {
    free(b->e[i].key);
    free(b->e[i].text);
  }
  free(b->e);
  free(b);
}

size_t baseline_count(const baseline *b) { return b ? b->n : 0; }

static void clean(char *dst, const char *s, size_t n, size_t max) {
  size_t i, k = 0;
  for (i = 0; i < n && k < max; i++)
    dst[k++] = (s[i] == '\t' || s[i] == '\n' || s[i] == '\r') ? ' ' : s[i];
  if (i < n) /* never cut a UTF-8 sequence */
    while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
      k--;
  dst[k] = '\0';
}

static int push(baseline *b, char *key, char *text, size_t line) {
  if (b->n == b->cap) {
    size_t nc = b->cap ? 2 * b->cap : 64;
    entry *ne = realloc(b->e, nc * sizeof *ne);
    if (!ne)
      return -1;
    b->e = ne;
    b->cap = nc;
  }
  b->e[b->n].key = key;
  b->e[b->n].text = text;
  b->e[b->n].line = line;
  b->e[b->n].uses = 1;
  b->n++;
  b->sorted = 0;
  return 0;
}

static char *make_key(const char *path, const char *fp) {
  size_t pl = strlen(path), fl = strlen(fp);
  char *k = malloc(pl + fl + 2);
  if (!k)
    return NULL;
  clean(k, path, pl, pl);
  pl = strlen(k);
  k[pl] = '\t';
  memcpy(k + pl + 1, fp, fl + 1);
  return k;
}

int baseline_add(baseline *b, const char *path, const char *fp, const char *rule, size_t line,
                 const char *match, size_t mlen) {
  char m[128], p[1024];
  char *key = make_key(path, fp), *text;
  size_t tl;
  clean(m, match, mlen, 80);
  clean(p, path, strlen(path), sizeof p - 1);
  tl = strlen(fp) + strlen(rule) + strlen(p) + strlen(m) + 32;
  if (!key || !(text = malloc(tl))) {
    free(key);
    return -1;
  }
  snprintf(text, tl, "%s\t%s\t%s\t%zu\t%s\n", fp, rule, p, line, m);
  if (push(b, key, text, line)) {
    free(key);
    free(text);
    return -1;
  }
  return 0;
}

static int key_cmp(const void *a, const void *b) {
  return strcmp(((const entry *)a)->key, ((const entry *)b)->key);
}

/* Sorted, with duplicate keys merged into one entry with more uses. */
static void prepare(baseline *b) {
  size_t i, k = 0;
  if (b->sorted)
    return;
  qsort(b->e, b->n, sizeof *b->e, key_cmp);
  for (i = 0; i < b->n; i++) {
    if (k && !strcmp(b->e[k - 1].key, b->e[i].key)) {
      b->e[k - 1].uses += b->e[i].uses;
      free(b->e[i].key);
      free(b->e[i].text);
      continue;
    }
    b->e[k++] = b->e[i];
  }
  b->n = k;
  b->sorted = 1;
}

int baseline_take(baseline *b, const char *path, const char *fp) {
  entry probe, *hit;
  char *key;
  if (!b || !b->n)
    return 0;
  prepare(b);
  if (!(key = make_key(path, fp)))
    return 0;
  probe.key = key;
  hit = bsearch(&probe, b->e, b->n, sizeof *b->e, key_cmp);
  free(key);
  if (!hit || !hit->uses)
    return 0;
  hit->uses--;
  return 1;
}

int baseline_parse(baseline **out, const char *text, size_t len, char *msg, size_t msgsize) {
  char *data, *p, *end;
  size_t lineno = 0;
  baseline *b;
  *out = NULL;
  if (len < sizeof HEADER - 1 || memcmp(text, HEADER, sizeof HEADER - 1)) {
    snprintf(msg, msgsize, "not an mtlint baseline (no '# mtlint baseline 1' header)");
    return -1;
  }
  if (!(data = malloc(len + 1)) || baseline_new(&b)) {
    free(data);
    snprintf(msg, msgsize, "out of memory");
    return -1;
  }
  memcpy(data, text, len);
  data[len] = '\0';
  for (p = data, end = data + len; p < end;) {
    char *nl = memchr(p, '\n', (size_t)(end - p)), *t1, *t2, *t3, *key;
    char *eol = nl ? nl : end;
    lineno++;
    if (eol > p && eol[-1] == '\r')
      eol[-1] = '\0';
    *eol = '\0';
    if (*p && *p != '#') {
      t1 = strchr(p, '\t');
      t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
      t3 = t2 ? strchr(t2 + 1, '\t') : NULL;
      if (!t1 || !t2 || t1 - p != MTL_FINGERPRINT_SIZE - 1) {
        snprintf(msg, msgsize, "line %zu: expected FINGERPRINT<TAB>RULE<TAB>PATH...", lineno);
        free(data);
        baseline_free(b);
        return -1;
      }
      *t1 = '\0';
      if (t3)
        *t3 = '\0';
      while (!strncmp(t2 + 1, "./", 2)) /* rows written before paths were normalised */
        t2 += 2;
      if (!(key = make_key(t2 + 1, p)) || push(b, key, NULL, 0)) {
        free(key);
        free(data);
        baseline_free(b);
        snprintf(msg, msgsize, "out of memory");
        return -1;
      }
    }
    p = nl ? nl + 1 : end;
  }
  free(data);
  *out = b;
  return 0;
}

int baseline_load(baseline **out, const char *path, char *msg, size_t msgsize) {
  char *data = NULL;
  size_t len = 0;
  int e, rc;
  *out = NULL;
  if ((e = read_all(path, &data, &len))) {
    snprintf(msg, msgsize, "%s", strerror(e));
    return -1;
  }
  rc = baseline_parse(out, data, len, msg, msgsize);
  free(data);
  return rc;
}

/* Length of the PATH part of a key. */
static size_t path_len(const char *key) { return (size_t)(strrchr(key, '\t') - key); }

static int text_cmp(const void *a, const void *b) {
  const entry *x = a, *y = b;
  size_t lx = path_len(x->key), ly = path_len(y->key);
  int c = memcmp(x->key, y->key, lx < ly ? lx : ly);
  if (!c && lx != ly)
    c = lx < ly ? -1 : 1;
  if (c)
    return c;
  if (x->line != y->line)
    return x->line < y->line ? -1 : 1;
  return strcmp(x->text, y->text);
}

int baseline_save(const baseline *b, const char *path, char *msg, size_t msgsize) {
  size_t i, total = sizeof HEADER;
  char *buf, *q;
  entry *v = NULL;
  int rc;
  if (b->n && !(v = malloc(b->n * sizeof *v))) {
    snprintf(msg, msgsize, "out of memory");
    return -1;
  }
  for (i = 0; i < b->n; i++) {
    v[i] = b->e[i];
    total += strlen(v[i].text);
  }
  if (b->n)
    qsort(v, b->n, sizeof *v, text_cmp);
  if (!(buf = malloc(total))) {
    free(v);
    snprintf(msg, msgsize, "out of memory");
    return -1;
  }
  memcpy(buf, HEADER, sizeof HEADER - 1);
  q = buf + sizeof HEADER - 1;
  for (i = 0; i < b->n; i++) {
    size_t l = strlen(v[i].text);
    memcpy(q, v[i].text, l);
    q += l;
  }
  rc = fix_write_atomic(path, buf, (size_t)(q - buf), NULL, 0, msg, msgsize);
  free(buf);
  free(v);
  return rc;
}

/* ---------------- paths relative to the baseline file ---------------- */

/* path made absolute and normalised into parts (pointers into buf). */
static size_t split_abs(const char *path, char *buf, size_t cap, char **parts, size_t max) {
  char *p, *tok, *save = NULL;
  size_t n = 0;
  if (path[0] == '/') {
    snprintf(buf, cap, "%s", path);
  } else {
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd))
      return (size_t)-1;
    snprintf(buf, cap, "%s/%s", cwd, path);
  }
  for (p = buf; (tok = strtok_r(p, "/", &save)); p = NULL) {
    if (!strcmp(tok, "."))
      continue;
    if (!strcmp(tok, "..")) {
      if (n)
        n--;
      continue;
    }
    if (n == max)
      return (size_t)-1;
    parts[n++] = tok;
  }
  return n;
}

char *baseline_relpath(const char *baseline_file, const char *path) {
  enum { MAXP = 256 };
  static const size_t cap = PATH_MAX * 2;
  char *bb = malloc(cap), *pb = malloc(cap), *out = NULL, *bp[MAXP], *pp[MAXP];
  size_t nb, np, common = 0, i, len = 1;
  if (!bb || !pb)
    goto done;
  nb = split_abs(baseline_file, bb, cap, bp, MAXP);
  np = split_abs(path, pb, cap, pp, MAXP);
  if (nb == (size_t)-1 || np == (size_t)-1 || !nb || !np)
    goto done;
  nb--; /* the baseline's folder */
  while (common < nb && common < np - 1 && !strcmp(bp[common], pp[common]))
    common++;
  for (i = common; i < nb; i++)
    len += 3;
  for (i = common; i < np; i++)
    len += strlen(pp[i]) + 1;
  if (!(out = malloc(len)))
    goto done;
  out[0] = '\0';
  for (i = common; i < nb; i++)
    strcat(out, "../");
  for (i = common; i < np; i++) {
    strcat(out, pp[i]);
    if (i + 1 < np)
      strcat(out, "/");
  }
done:
  free(bb);
  free(pb);
  return out;
}
