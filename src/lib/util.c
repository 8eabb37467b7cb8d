/*
 * util.c - allocation (with a failure hook for tests), errors, growable
 * buffers, hashing, file reading and cache files.  Nothing here prints.
 */
#include "mtlint.h"
#include "utf8.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static long fail_after = 0;

void mtl_test_fail_alloc_after(long n) { fail_after = n; }

static int should_fail(void) {
  if (fail_after <= 0)
    return 0;
  return --fail_after == 0;
}

void *mtl_malloc(size_t n) {
  if (should_fail())
    return NULL;
  return malloc(n ? n : 1);
}

void *mtl_calloc(size_t n, size_t size) {
  if (should_fail())
    return NULL;
  return calloc(n ? n : 1, size ? size : 1);
}

void *mtl_realloc(void *p, size_t n) {
  if (should_fail())
    return NULL;
  return realloc(p, n ? n : 1);
}

void mtl_free(void *p) { free(p); }

char *mtl_strndup(const char *s, size_t n) {
  char *d = mtl_malloc(n + 1);
  if (!d)
    return NULL;
  memcpy(d, s, n);
  d[n] = '\0';
  return d;
}

char *mtl_strdup(const char *s) { return s ? mtl_strndup(s, strlen(s)) : NULL; }

int mtl_hex_digit(int c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

int mtl_grow(void **arr, size_t *cap, size_t want, size_t sz) {
  size_t ncap;
  void *p;
  if (want <= *cap)
    return 0;
  ncap = *cap ? *cap : 8;
  while (ncap < want) {
    if (ncap > SIZE_MAX / 2 / sz)
      return MTL_ENOMEM;
    ncap *= 2;
  }
  p = mtl_realloc(*arr, ncap * sz);
  if (!p)
    return MTL_ENOMEM;
  *arr = p;
  *cap = ncap;
  return 0;
}

const char *mtl_strerror(int status) {
  switch (status) {
  case MTL_OK: return "success";
  case MTL_ENOMEM: return "out of memory";
  case MTL_EIO: return "input/output error";
  case MTL_ESYNTAX: return "malformed YAML";
  case MTL_ESCHEMA: return "rule or config file breaks the schema";
  case MTL_EREGEX: return "invalid regular expression";
  case MTL_EDICT: return "dictionary could not be loaded";
  case MTL_EINVAL: return "invalid argument";
  case MTL_ELIMIT: return "size or depth limit reached";
  case MTL_EFORMAT: return "unknown output format";
  case MTL_ENOTFOUND: return "not found";
  case MTL_EPARSE: return "malformed XML or JSON input";
  default: return "unknown error";
  }
}

const char *mtl_severity_name(mtl_severity sev) {
  switch (sev) {
  case MTL_SEV_ERROR: return "error";
  case MTL_SEV_WARNING: return "warning";
  case MTL_SEV_INFO: return "info";
  default: return "unknown";
  }
}

int mtl_severity_parse(const char *name) {
  if (!name)
    return 0;
  if (!strcmp(name, "error"))
    return MTL_SEV_ERROR;
  if (!strcmp(name, "warning"))
    return MTL_SEV_WARNING;
  if (!strcmp(name, "info"))
    return MTL_SEV_INFO;
  return 0;
}

int mtl_seterr(mtl_error *err, int code, const char *file, size_t line, size_t col,
               const char *fmt, ...) {
  va_list ap;
  char msg[sizeof err->message], path[sizeof err->file];
  if (!err)
    return code;
  /* Format into locals first: callers may pass err->message or err->file
     as an argument (adding a location to an inner error), and vsnprintf
     must not read from the buffer it writes. */
  snprintf(path, sizeof path, "%s", file ? file : "");
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  err->code = code;
  err->line = line;
  err->column = col;
  memcpy(err->file, path, sizeof path);
  memcpy(err->message, msg, sizeof msg);
  return code;
}

int mtl_buf_reserve(mtl_buf *b, size_t extra) {
  size_t want;
  if (b->oom)
    return -1;
  if (extra > SIZE_MAX - b->len - 1) {
    b->oom = 1;
    return -1;
  }
  want = b->len + extra + 1;
  if (b->cap == 0 && want < 128)
    want = 128; /* PERF: messages and names fit the first block, no regrowth */
  if (mtl_grow((void **)&b->data, &b->cap, want, 1)) {
    b->oom = 1;
    return -1;
  }
  return 0;
}

void mtl_buf_put_grow(mtl_buf *b, const char *s, size_t n) {
  if (mtl_buf_reserve(b, n))
    return;
  if (n)
    memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = '\0';
}

void mtl_buf_put_uint(mtl_buf *b, uint64_t v) {
  char d[20]; /* 2^64 - 1 has 20 digits */
  size_t k = sizeof d;
  do {
    d[--k] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  mtl_buf_put(b, d + k, sizeof d - k);
}

/* PERF: formats straight into the room b has; only output that does not
   fit is measured and formatted a second time. */
void mtl_buf_printf(mtl_buf *b, const char *fmt, ...) {
  va_list ap;
  int n;
  size_t room = b->data && !b->oom ? b->cap - b->len : 0;
  if (b->oom)
    return;
  va_start(ap, fmt);
  n = vsnprintf(room ? b->data + b->len : NULL, room, fmt, ap);
  va_end(ap);
  if (n >= 0 && (size_t)n < room) {
    b->len += (size_t)n;
    return;
  }
  if (room)
    b->data[b->len] = '\0'; /* undo the cut-off attempt */
  if (n < 0 || mtl_buf_reserve(b, (size_t)n))
    return;
  va_start(ap, fmt);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
}

/* The high bit of some byte is set if a byte of x is 0 (and only then). */
#define HAS_ZERO(x) (((x) - MTL_ONES) & ~(x))

/* PERF: runs of bytes that need no escape (printable ASCII other than
   " and \, valid multi-byte sequences) are appended in one copy. */
void mtl_buf_json_string(mtl_buf *b, const char *s, size_t n) {
  static const char hex[] = "0123456789abcdef";
  size_t i = 0, run = 0;
  mtl_buf_putc(b, '"');
  while (i < n) {
    unsigned char c;
    const char *esc;
    char u[6];
    size_t elen = 2;
    /* PERF: eight plain bytes at a time (none below 0x20, none of " \ DEL,
       none above 0x7F); the tests only say whether such a byte is there */
    while (n - i >= 8) {
      uint64_t x = mtl_load8(s + i);
      if (((x - 0x20 * MTL_ONES) | HAS_ZERO(x ^ (0x22 * MTL_ONES)) | HAS_ZERO(x ^ (0x5C * MTL_ONES)) |
           (x + 0x01 * MTL_ONES) | x) &
          MTL_HIGHS)
        break;
      i += 8;
    }
    if (i >= n)
      break;
    c = (unsigned char)s[i];
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
      i++;
      continue;
    }
    if (c >= 0x80) {
      int32_t cp;
      int k = mtl_utf8_decode_multi(s + i, n - i, &cp);
      if (k > 0) {
        i += (size_t)k;
        continue;
      }
      esc = "\xEF\xBF\xBD";
      elen = 3;
    } else {
      switch (c) {
      case '"': esc = "\\\""; break;
      case '\\': esc = "\\\\"; break;
      case '\n': esc = "\\n"; break;
      case '\r': esc = "\\r"; break;
      case '\t': esc = "\\t"; break;
      default: /* other controls and DEL */
        u[0] = '\\';
        u[1] = 'u';
        u[2] = '0';
        u[3] = '0';
        u[4] = hex[c >> 4];
        u[5] = hex[c & 15];
        esc = u;
        elen = 6;
      }
    }
    if (i > run)
      mtl_buf_put(b, s + run, i - run);
    mtl_buf_put(b, esc, elen);
    run = ++i;
  }
  if (n > run)
    mtl_buf_put(b, s + run, n - run);
  mtl_buf_putc(b, '"');
}

void mtl_buf_free(mtl_buf *b) {
  if (!b)
    return;
  mtl_free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
  b->oom = 0;
}

int mtl_read_file(char **out, size_t *len, const char *path, mtl_error *err) {
  FILE *f;
  char *data = NULL;
  size_t cap = 0, n = 0;
  int rc = 0;
  *out = NULL;
  *len = 0;
  f = fopen(path, "rb");
  if (!f)
    return mtl_seterr(err, MTL_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
  for (;;) {
    size_t got;
    if (mtl_grow((void **)&data, &cap, n + 65536 + 1, 1)) {
      rc = mtl_seterr(err, MTL_ENOMEM, path, 0, 0, "out of memory reading file");
      goto done;
    }
    got = fread(data + n, 1, cap - n - 1, f);
    n += got;
    if (got == 0) {
      if (ferror(f))
        rc = mtl_seterr(err, MTL_EIO, path, 0, 0, "read error: %s", strerror(errno));
      break;
    }
  }
done:
  fclose(f);
  if (rc) {
    mtl_free(data);
    return rc;
  }
  if (!data && !(data = mtl_malloc(1)))
    return mtl_seterr(err, MTL_ENOMEM, path, 0, 0, "out of memory");
  data[n] = '\0';
  *out = data;
  *len = n;
  return 0;
}

/* PERF: the reference path for the equivalence test (see util.h). */
int mtl_reference_mode(void) {
  const char *v = getenv("MTL_REFERENCE");
  return v && *v && strcmp(v, "0") != 0;
}

int mtl_cache_dir(char *out, size_t n) {
  const char *e = getenv("MTL_CACHE_DIR"), *home;
  int k;
  if (e && (!*e || !strcmp(e, "off")))
    return 0;
  if (e)
    k = snprintf(out, n, "%s", e);
  else if ((e = getenv("XDG_CACHE_HOME")) && *e)
    k = snprintf(out, n, "%s/mtlint", e);
  else if ((home = getenv("HOME")) && *home) {
    k = snprintf(out, n, "%s/.cache", home);
    if (k > 0 && (size_t)k < n)
      (void)mkdir(out, 0755);
    k = snprintf(out, n, "%s/.cache/mtlint", home);
  } else
    return 0;
  if (k <= 0 || (size_t)k >= n)
    return 0;
  if (mkdir(out, 0755) != 0 && errno != EEXIST)
    return 0;
  return 1;
}

int mtl_file_replace(const char *path, const void *data, size_t len) {
  char tmp[4200];
  const char *p = data;
  int fd, ok = 1;
  if (snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid()) >= (int)sizeof tmp)
    return -1;
  fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    return -1;
  while (ok && len > 0) {
    ssize_t k = write(fd, p, len > ((size_t)1 << 30) ? (size_t)1 << 30 : len);
    if (k < 0 && errno == EINTR)
      continue;
    if (k <= 0)
      ok = 0;
    else {
      p += k;
      len -= (size_t)k;
    }
  }
  ok = (close(fd) == 0) && ok;
  if (!ok || rename(tmp, path) != 0) {
    unlink(tmp);
    return -1;
  }
  return 0;
}

uint64_t mtl_mix64(uint64_t h, uint64_t v) {
  h ^= v + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
  return h * 0xff51afd7ed558ccdULL;
}

uint64_t mtl_file_key(const char *path, const struct stat *st, uint64_t version) {
  uint64_t h = mtl_mix64(mtl_hash(path, strlen(path)), version);
  h = mtl_mix64(h, (uint64_t)st->st_size);
  h = mtl_mix64(h, (uint64_t)st->st_mtim.tv_sec);
  h = mtl_mix64(h, (uint64_t)st->st_mtim.tv_nsec);
  return mtl_mix64(h, (uint64_t)st->st_ino);
}

void *mtl_map_file(const char *path, size_t min, size_t *len) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  struct stat sb;
  void *m;
  if (fd < 0)
    return NULL;
  if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size <= 0 ||
      (uint64_t)sb.st_size > SIZE_MAX || (size_t)sb.st_size < min) {
    close(fd);
    return NULL;
  }
  m = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  if (m == MAP_FAILED)
    return NULL;
  *len = (size_t)sb.st_size;
  return m;
}

size_t mtl_edit_distance(const char *a, size_t la, const char *b, size_t lb) {
  size_t i, j, row[64], prev, tmp;
  if (la >= 63 || lb >= 63)
    return 99;
  for (j = 0; j <= lb; j++)
    row[j] = j;
  for (i = 1; i <= la; i++) {
    prev = row[0];
    row[0] = i;
    for (j = 1; j <= lb; j++) {
      size_t best = prev + (a[i - 1] != b[j - 1]);
      if (row[j] + 1 < best)
        best = row[j] + 1;
      if (row[j - 1] + 1 < best)
        best = row[j - 1] + 1;
      tmp = row[j];
      row[j] = best;
      prev = tmp;
    }
  }
  return row[lb];
}
