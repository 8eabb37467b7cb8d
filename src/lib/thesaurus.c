/*
 * thesaurus.c - the one reader of the MyThes thesaurus files (thesaurus.h
 * has the format and the API).
 *
 * The index is read whole, once, on first use: its lines are cut in place
 * (keys NUL-terminated inside one buffer) and two parallel arrays hold each
 * key's start and its .dat offset, sorted by key so that a lookup is a
 * binary search.  The .dat file is mapped read-only (pread() where the map
 * fails): a lookup copies its entry into the caller's mtl_th_entry, so
 * concurrent lookups share nothing but the read-only index and data.
 *
 * PERF: parsing the 3 MB index costs ~38 M instructions, a third of what
 * the checks that use the thesaurus cost on a run over clean-news.  The
 * parsed index (the cut text and both arrays) is written once to the cache
 * folder (util.h mtl_cache_dir) as th-HASH.bin, keyed on the index file's
 * path, size, time and inode and TH_CACHE_VERSION, and later runs map it:
 *   "MTLTHES1" | u64 key | u64 n | u64 text length |
 *   u64 off[n] | u32 key[n] | text (NUL-terminated keys, last byte NUL)
 * A cache file of another key, size or shape, or with a key offset past
 * the text, is ignored and written again.
 */
#define _DEFAULT_SOURCE /* MAP_POPULATE */
#include "mtlint.h"
#include "thesaurus.h"
#include "utf8.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define IDX_MAX ((size_t)64 << 20)    /* ceiling on the index file */
#define ENTRY_MAX ((size_t)4 << 20)   /* ceiling on one .dat entry */
#define SENSES_MAX 10000              /* ceiling on "word|n" */
#define WORD_MAX 256                  /* longer look-ups are never found */
#define TH_CACHE_VERSION 1
#define TH_CACHE_HEAD 32
static const char th_magic[8] = {'M', 'T', 'L', 'T', 'H', 'E', 'S', '1'};

enum { ST_NEW = 0, ST_READY = 1, ST_FAILED = 2 };

/* PERF: the loaded index and the open .dat, shared by every handle of this
 * process on the same two files (same paths, devices, inodes, sizes and
 * times): the spun-name and window rules each hold a handle, and each
 * index load cost ~37 million instructions (3 MB parsed). */
typedef struct th_data {
  char *idx_path, *dat_path;
  struct stat idx_st, dat_st;
  int fd;                    /* the .dat file */
  char *idx;                 /* the index file, cut in place */
  uint32_t *key;             /* per entry: start of its key in idx */
  uint64_t *off;             /* per entry: offset of its .dat entry */
  size_t n;
  const char *dat;           /* the .dat file mapped, or NULL: pread() */
  size_t dat_len;
  void *map;                 /* the cache file, when idx/key/off point in it */
  size_t map_len;
  size_t refs;               /* under data_mu */
  struct th_data *next;
} th_data;

static pthread_mutex_t data_mu = PTHREAD_MUTEX_INITIALIZER;
static th_data *datas;       /* loaded, under data_mu */

struct mtl_thesaurus {
  char *idx_path, *dat_path;
  pthread_mutex_t mu;        /* guards the load */
  int state;                 /* ST_*, read with __atomic */
  mtl_error fail;            /* why the load failed (ST_FAILED) */
  th_data *d;                /* set before state turns ST_READY */
  double load_s;
};

int mtl_thesaurus_new(mtl_thesaurus **out, const char *stem) {
  mtl_thesaurus *th;
  size_t n;
  *out = NULL;
  if (!stem || !*stem)
    stem = MTL_THESAURUS_DEFAULT;
  n = strlen(stem);
  if (!(th = mtl_calloc(1, sizeof *th)))
    return MTL_ENOMEM;
  th->idx_path = mtl_malloc(n + 5);
  th->dat_path = mtl_malloc(n + 5);
  if (!th->idx_path || !th->dat_path || pthread_mutex_init(&th->mu, NULL) != 0) {
    mtl_free(th->idx_path);
    mtl_free(th->dat_path);
    mtl_free(th);
    return MTL_ENOMEM;
  }
  memcpy(th->idx_path, stem, n);
  memcpy(th->idx_path + n, ".idx", 5);
  memcpy(th->dat_path, stem, n);
  memcpy(th->dat_path + n, ".dat", 5);
  *out = th;
  return 0;
}

static void data_free(th_data *d) {
  if (!d)
    return;
  if (d->fd >= 0)
    close(d->fd);
  if (d->dat)
    munmap((void *)d->dat, d->dat_len);
  mtl_free(d->idx_path);
  mtl_free(d->dat_path);
  if (d->map)
    munmap(d->map, d->map_len);
  else {
    mtl_free(d->idx);
    mtl_free(d->key);
    mtl_free(d->off);
  }
  mtl_free(d);
}

static void data_release(th_data *d) {
  th_data **p;
  if (!d)
    return;
  pthread_mutex_lock(&data_mu);
  if (--d->refs == 0) {
    for (p = &datas; *p; p = &(*p)->next)
      if (*p == d) {
        *p = d->next;
        break;
      }
    data_free(d);
  }
  pthread_mutex_unlock(&data_mu);
}

void mtl_thesaurus_free(mtl_thesaurus *th) {
  if (!th)
    return;
  data_release(th->d);
  pthread_mutex_destroy(&th->mu);
  mtl_free(th->idx_path);
  mtl_free(th->dat_path);
  mtl_free(th);
}

int mtl_thesaurus_available(const mtl_thesaurus *th) {
  return th && access(th->idx_path, R_OK) == 0 && access(th->dat_path, R_OK) == 0;
}

double mtl_thesaurus_load_seconds(const mtl_thesaurus *th) {
  return th && __atomic_load_n(&th->state, __ATOMIC_ACQUIRE) == ST_READY ? th->load_s : 0;
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Reads the whole file at fd (at most IDX_MAX bytes) into *out. */
static int read_all(int fd, const char *path, char **out, size_t *len, mtl_error *err) {
  struct stat sb;
  size_t n = 0, cap;
  char *buf;
  if (fstat(fd, &sb) != 0)
    return mtl_seterr(err, MTL_EIO, path, 0, 0, "cannot read: %s", strerror(errno));
  if (sb.st_size < 0 || (uint64_t)sb.st_size > IDX_MAX)
    return mtl_seterr(err, MTL_ELIMIT, path, 0, 0, "thesaurus index larger than %zu MiB",
                      IDX_MAX >> 20);
  cap = (size_t)sb.st_size + 1;
  if (!(buf = mtl_malloc(cap)))
    return mtl_seterr(err, MTL_ENOMEM, path, 0, 0, "out of memory");
  while (n < cap - 1) {
    ssize_t got = read(fd, buf + n, cap - 1 - n);
    if (got < 0 && errno == EINTR)
      continue;
    if (got < 0) {
      mtl_free(buf);
      return mtl_seterr(err, MTL_EIO, path, 0, 0, "read error: %s", strerror(errno));
    }
    if (got == 0)
      break;
    n += (size_t)got;
  }
  buf[n] = '\0';
  *out = buf;
  *len = n;
  return 0;
}

/* qsort context: the index being sorted (qsort has none; the load holds the
 * lock, but another thesaurus may load at once, so each sort gets its own
 * permutation array of {key, off} pairs instead). */
typedef struct kv {
  const char *k;
  uint32_t key;
  uint64_t off;
} kv;

static int kv_cmp(const void *a, const void *b) {
  return strcmp(((const kv *)a)->k, ((const kv *)b)->k);
}

/* Parses the index text (owned by d->idx afterwards). */
static int parse_index(th_data *th, char *s, size_t len, mtl_error *err) {
  size_t pos = 0, line = 0, cap = 0, n = 0;
  int sorted = 1;
  while (pos < len) {
    char *l = s + pos, *nl = memchr(l, '\n', len - pos), *bar, *end;
    size_t ll = nl ? (size_t)(nl - l) : len - pos;
    uint64_t v = 0;
    pos += ll + (nl ? 1 : 0);
    line++;
    l[ll] = '\0';
    if (ll && l[ll - 1] == '\r')
      l[--ll] = '\0';
    if (line == 1) {
      if (strcmp(l, "UTF-8") != 0)
        return mtl_seterr(err, MTL_EDICT, th->idx_path, 1, 1,
                          "thesaurus encoding '%.40s' is not supported (UTF-8 only)", l);
      continue;
    }
    if (line == 2 || !ll)
      continue;   /* the entry count: only a hint */
    if (!(bar = strrchr(l, '|')) || bar == l || !bar[1])
      return mtl_seterr(err, MTL_EDICT, th->idx_path, line, 1,
                        "thesaurus index line is not 'word|offset'");
    for (end = bar + 1; *end; end++) {
      if (*end < '0' || *end > '9' || v > (UINT64_MAX - 9) / 10)
        return mtl_seterr(err, MTL_EDICT, th->idx_path, line, (size_t)(end - l) + 1,
                          "thesaurus index offset is not a number");
      v = v * 10 + (uint64_t)(*end - '0');
    }
    *bar = '\0';
    if ((size_t)(l - s) > UINT32_MAX)
      return mtl_seterr(err, MTL_ELIMIT, th->idx_path, line, 1, "thesaurus index too large");
    if (n + 1 > cap) {
      size_t c1 = cap, c2 = cap;
      if (mtl_grow((void **)&th->key, &c1, n + 1, sizeof *th->key) ||
          mtl_grow((void **)&th->off, &c2, n + 1, sizeof *th->off))
        return mtl_seterr(err, MTL_ENOMEM, th->idx_path, 0, 0, "out of memory");
      cap = c1 < c2 ? c1 : c2;
    }
    if (n && strcmp(s + th->key[n - 1], l) > 0)
      sorted = 0;
    th->key[n] = (uint32_t)(l - s);
    th->off[n] = v;
    n++;
  }
  if (line < 2)
    return mtl_seterr(err, MTL_EDICT, th->idx_path, line, 1, "thesaurus index is empty");
  th->n = n;
  if (!sorted) {   /* libmythes sorts too; the Debian files are sorted */
    kv *t = mtl_malloc(n * sizeof *t);
    size_t i;
    if (!t)
      return mtl_seterr(err, MTL_ENOMEM, th->idx_path, 0, 0, "out of memory");
    for (i = 0; i < n; i++) {
      t[i].k = s + th->key[i];
      t[i].key = th->key[i];
      t[i].off = th->off[i];
    }
    qsort(t, n, sizeof *t, kv_cmp);
    for (i = 0; i < n; i++) {
      th->key[i] = t[i].key;
      th->off[i] = t[i].off;
    }
    mtl_free(t);
  }
  return 0;
}

static int same_file(const struct stat *a, const struct stat *b) {
  return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
         a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

/* The loaded data for these paths if the files are unchanged since, with
 * a reference taken; NULL if none. */
static th_data *data_find(const char *idx_path, const char *dat_path) {
  struct stat is, ds;
  th_data *d;
  if (stat(idx_path, &is) != 0 || stat(dat_path, &ds) != 0)
    return NULL;
  pthread_mutex_lock(&data_mu);
  for (d = datas; d; d = d->next)
    if (!strcmp(d->idx_path, idx_path) && !strcmp(d->dat_path, dat_path) &&
        same_file(&d->idx_st, &is) && same_file(&d->dat_st, &ds)) {
      d->refs++;
      break;
    }
  pthread_mutex_unlock(&data_mu);
  return d;
}

static uint64_t get64(const unsigned char *p) {
  uint64_t v;
  memcpy(&v, p, sizeof v);
  return v;
}

/* Maps the cache file at cpath into d if it was built from key and holds
 * together; 0 then, else -1 (nothing changed). */
static int cache_open(th_data *d, const char *cpath, uint64_t key) {
  unsigned char *m;
  uint64_t n, tlen;
  size_t len, i;
  const uint32_t *k;
  if (!(m = mtl_map_file(cpath, TH_CACHE_HEAD, &len)))
    return -1;
  n = get64(m + 16);
  tlen = get64(m + 24);
  if (memcmp(m, th_magic, sizeof th_magic) || get64(m + 8) != key || !n || !tlen ||
      n > (len - TH_CACHE_HEAD) / 12 || tlen != len - TH_CACHE_HEAD - 12 * n ||
      tlen > UINT32_MAX || m[len - 1] != '\0') {
    munmap(m, len);
    return -1;
  }
  k = (const uint32_t *)(m + TH_CACHE_HEAD + 8 * n);
  for (i = 0; i < n; i++)
    if (k[i] >= tlen) {
      munmap(m, len);
      return -1;
    }
  d->map = m;
  d->map_len = len;
  d->n = (size_t)n;
  d->off = (uint64_t *)(m + TH_CACHE_HEAD);
  d->key = (uint32_t *)(m + TH_CACHE_HEAD + 8 * n);
  d->idx = (char *)(m + TH_CACHE_HEAD + 12 * n);
  return 0;
}

/* Writes d's parsed index (text of tlen bytes) to cpath; failures only
 * cost the next run a parse. */
static void cache_write(const th_data *d, size_t tlen, const char *cpath, uint64_t key) {
  size_t len = TH_CACHE_HEAD + 12 * d->n + tlen;
  unsigned char *b = mtl_malloc(len);
  uint64_t h[4];
  if (!b)
    return;
  memcpy(h, th_magic, sizeof th_magic);
  h[1] = key;
  h[2] = d->n;
  h[3] = tlen;
  memcpy(b, h, sizeof h);
  memcpy(b + TH_CACHE_HEAD, d->off, 8 * d->n);
  memcpy(b + TH_CACHE_HEAD + 8 * d->n, d->key, 4 * d->n);
  memcpy(b + TH_CACHE_HEAD + 12 * d->n, d->idx, tlen);
  (void)mtl_file_replace(cpath, b, len);
  mtl_free(b);
}

static int data_load(th_data *d, mtl_error *err) {
  char *buf = NULL, dir[4096], cpath[4200];
  size_t len = 0;
  uint64_t key = 0;
  int fd, rc, cached;
  fd = open(d->idx_path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return mtl_seterr(err, MTL_EIO, d->idx_path, 0, 0, "cannot open thesaurus index: %s",
                      strerror(errno));
  if (fstat(fd, &d->idx_st) != 0) {
    close(fd);
    return mtl_seterr(err, MTL_EIO, d->idx_path, 0, 0, "cannot read: %s", strerror(errno));
  }
  cached = !mtl_reference_mode() && mtl_cache_dir(dir, sizeof dir) &&
           snprintf(cpath, sizeof cpath, "%s/th-%016llx.bin", dir,
                    (unsigned long long)mtl_hash(d->idx_path, strlen(d->idx_path))) <
               (int)sizeof cpath;
  if (cached) {
    key = mtl_file_key(d->idx_path, &d->idx_st, TH_CACHE_VERSION);
    if (cache_open(d, cpath, key) == 0) {
      close(fd);
      goto dat;
    }
  }
  rc = read_all(fd, d->idx_path, &buf, &len, err);
  close(fd);
  if (rc)
    return rc;
  d->idx = buf;
  if ((rc = parse_index(d, buf, len, err)))
    return rc;
  if (cached && len + 1 <= UINT32_MAX)
    cache_write(d, len + 1, cpath, key);
dat:
  d->fd = open(d->dat_path, O_RDONLY | O_CLOEXEC);
  if (d->fd < 0 || fstat(d->fd, &d->dat_st) != 0)
    return mtl_seterr(err, MTL_EIO, d->dat_path, 0, 0, "cannot open thesaurus data: %s",
                      strerror(errno));
  /* PERF: a look-up copies its entry from a mapping of the .dat instead of
   * a pread() each (4,779 of them on clean-news, ~12 us each on a virtual
   * machine); the pages are the page cache's, shared; pread() if no map */
  if (d->dat_st.st_size > 0 && (uint64_t)d->dat_st.st_size <= SIZE_MAX) {
#ifdef MAP_POPULATE
    void *m = mmap(NULL, (size_t)d->dat_st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE,
                   d->fd, 0);
#else
    void *m = mmap(NULL, (size_t)d->dat_st.st_size, PROT_READ, MAP_PRIVATE, d->fd, 0);
#endif
    if (m != MAP_FAILED) {
      d->dat = m;
      d->dat_len = (size_t)d->dat_st.st_size;
    }
  }
  return 0;
}

static int load(mtl_thesaurus *th, mtl_error *err) {
  double t0 = now_s();
  th_data *d = data_find(th->idx_path, th->dat_path);
  int rc;
  if (!d) {
    if (!(d = mtl_calloc(1, sizeof *d)))
      return mtl_seterr(err, MTL_ENOMEM, NULL, 0, 0, "out of memory");
    d->fd = -1;
    if (!(d->idx_path = mtl_strdup(th->idx_path)) || !(d->dat_path = mtl_strdup(th->dat_path))) {
      data_free(d);
      return mtl_seterr(err, MTL_ENOMEM, NULL, 0, 0, "out of memory");
    }
    if ((rc = data_load(d, err))) {
      data_free(d);
      return rc;
    }
    pthread_mutex_lock(&data_mu);
    d->refs = 1;
    d->next = datas;
    datas = d;
    pthread_mutex_unlock(&data_mu);
  }
  th->d = d;
  th->load_s = now_s() - t0;
  return 0;
}

int mtl_thesaurus_load(mtl_thesaurus *th, mtl_error *err) {
  int st, rc = 0;
  if (!th)
    return mtl_seterr(err, MTL_EINVAL, NULL, 0, 0, "no thesaurus");
  st = __atomic_load_n(&th->state, __ATOMIC_ACQUIRE);
  if (st == ST_READY)
    return 0;
  pthread_mutex_lock(&th->mu);
  st = th->state;
  if (st == ST_NEW) {
    mtl_error e;
    memset(&e, 0, sizeof e);
    rc = load(th, &e);
    if (!rc)
      __atomic_store_n(&th->state, ST_READY, __ATOMIC_RELEASE);
    else if (rc != MTL_ENOMEM) {
      th->fail = e;
      th->fail.code = rc;
      __atomic_store_n(&th->state, ST_FAILED, __ATOMIC_RELEASE);
    }
    if (rc && err)
      *err = e;
  } else if (st == ST_FAILED) {
    rc = th->fail.code;
    if (err)
      *err = th->fail;
  }
  pthread_mutex_unlock(&th->mu);
  return rc;
}

/* Index of key in the index, or th->n. */
static size_t find(const th_data *th, const char *key) {
  size_t lo = 0, hi = th->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = strcmp(th->idx + th->key[mid], key);
    if (c == 0)
      return mid;
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return th->n;
}

static int entry_reserve(mtl_th_entry *e, size_t want) {
  char *nb;
  size_t ncap;
  if (want <= e->bufcap)
    return 0;
  ncap = e->bufcap ? e->bufcap : 4096;
  while (ncap < want)
    ncap *= 2;
  if (!(nb = mtl_realloc(e->buf, ncap)))
    return MTL_ENOMEM;
  e->buf = nb;
  e->bufcap = ncap;
  return 0;
}

/* Reads the .dat bytes at off until the entry's header line and n sense
 * lines (at most max_senses of them, 0: all) are in e->buf (NUL after
 * them); *used gets their length.  PERF: the first read is 512 bytes, not
 * 4096: entries average 128 bytes, and the window rule reads one sense. */
static int read_entry(const th_data *th, uint64_t off, size_t max_senses, mtl_th_entry *e,
                      size_t *used) {
  size_t have = 0, want = 512, lines_needed = 0, lines = 0, scan = 0;
  for (;;) {
    ssize_t got;
    if (want > ENTRY_MAX)
      return MTL_ELIMIT;
    if (entry_reserve(e, want + 1))
      return MTL_ENOMEM;
    if (th->dat) {
      uint64_t at = off + have;
      size_t room = want - have;
      got = at >= th->dat_len ? 0 : (ssize_t)(th->dat_len - at < room ? th->dat_len - at : room);
      if (got > 0)
        memcpy(e->buf + have, th->dat + at, (size_t)got);
    } else
      got = pread(th->fd, e->buf + have, want - have, (off_t)(off + have));
    if (got < 0 && errno == EINTR)
      continue;
    if (got < 0)
      return MTL_EIO;
    have += (size_t)got;
    e->buf[have] = '\0';
    for (; scan < have; scan++) {
      if (e->buf[scan] != '\n')
        continue;
      lines++;
      if (lines == 1) {  /* header "word|n" */
        const char *bar;
        char *endp;
        long v;
        e->buf[scan] = '\0';
        bar = strrchr(e->buf, '|');
        e->buf[scan] = '\n';
        if (!bar)
          return MTL_EIO;
        errno = 0;
        v = strtol(bar + 1, &endp, 10);
        if (errno || v < 0 || v > SENSES_MAX || (endp != e->buf + scan && *endp != '\r'))
          return MTL_EIO;
        lines_needed = 1 + (max_senses && (size_t)v > max_senses ? max_senses : (size_t)v);
      }
      if (lines_needed && lines == lines_needed) {
        *used = scan;
        e->buf[scan] = '\0';
        return 0;
      }
    }
    if (got == 0) {   /* end of file: a last line without its newline */
      if (lines_needed && lines + 1 == lines_needed && have > 0 && e->buf[have - 1] != '\n') {
        *used = have;
        return 0;
      }
      return MTL_EIO;
    }
    if (have == want)
      want *= 2;
  }
}

static const struct {
  const char *mark;
  size_t len;
  unsigned rel;
} marks[] = {
    {" (generic term)", 15, MTL_TH_GENERIC},
    {" (similar term)", 15, MTL_TH_SIMILAR},
    {" (related term)", 15, MTL_TH_RELATED},
    {" (antonym)", 10, MTL_TH_ANTONYM},
};

static int add_term(mtl_th_entry *e, char *t, size_t n) {
  size_t i;
  unsigned rel = MTL_TH_SYNONYM;
  for (i = 0; i < sizeof marks / sizeof marks[0]; i++)
    if (n > marks[i].len && !memcmp(t + n - marks[i].len, marks[i].mark, marks[i].len)) {
      n -= marks[i].len;
      rel = marks[i].rel;
      break;
    }
  t[n] = '\0';
  if (!n)
    return 0;
  if (mtl_grow((void **)&e->terms, &e->capterms, e->nterms + 1, sizeof *e->terms))
    return MTL_ENOMEM;
  e->terms[e->nterms].text = t;
  e->terms[e->nterms].len = n;
  e->terms[e->nterms].rel = rel;
  e->nterms++;
  return 0;
}

/* Cuts the entry in e->buf[0..used) into senses and terms. */
static int parse_entry(mtl_th_entry *e, size_t used) {
  char *p = memchr(e->buf, '\n', used), *end = e->buf + used;
  if (!p)
    return 0;   /* "word|0": no senses */
  p++;
  while (p < end) {
    char *nl = memchr(p, '\n', (size_t)(end - p)), *q, *f;
    char *le = nl ? nl : end;
    mtl_th_sense *s;
    *le = '\0';
    if (le > p && le[-1] == '\r')
      *--le = '\0';
    if (mtl_grow((void **)&e->senses, &e->capsenses, e->nsenses + 1, sizeof *e->senses))
      return MTL_ENOMEM;
    s = &e->senses[e->nsenses++];
    s->first = e->nterms;
    s->pos = "";
    f = p;
    q = strchr(f, '|');
    if (q)
      *q = '\0';
    if (*f == '(') {
      size_t fl = strlen(f);
      if (fl >= 2 && f[fl - 1] == ')')
        f[fl - 1] = '\0';
      s->pos = f + 1;
    }
    while (q) {
      char *t = q + 1;
      int rc;
      q = strchr(t, '|');
      if (q)
        *q = '\0';
      if ((rc = add_term(e, t, strlen(t))))
        return rc;
    }
    s->n = e->nterms - s->first;
    p = le + 1;
    if (!nl)
      break;
  }
  return 0;
}

int mtl_thesaurus_lookup(mtl_thesaurus *th, const char *word, size_t len, mtl_th_entry *e) {
  return mtl_thesaurus_lookup_in(th, word, len, 0, e);
}

int mtl_thesaurus_lookup_in(mtl_thesaurus *th, const char *word, size_t len, size_t max_senses,
                            mtl_th_entry *e) {
  char key[WORD_MAX * 2 + 8];
  mtl_buf low = {0};
  size_t i, used = 0;
  int rc;
  e->nsenses = 0;
  e->nterms = 0;
  if ((rc = mtl_thesaurus_load(th, NULL)))
    return rc;
  if (!len || len > WORD_MAX || memchr(word, '\n', len) || memchr(word, '|', len))
    return 0;
  mtl_utf8_lower(&low, word, len);
  if (low.oom)
    return MTL_ENOMEM;
  if (low.len >= sizeof key) {
    mtl_buf_free(&low);
    return 0;
  }
  memcpy(key, low.data, low.len + 1);
  mtl_buf_free(&low);
  for (i = 0; key[i]; i++)   /* curly apostrophes were folded; fold tabs to spaces */
    if (key[i] == '\t')
      key[i] = ' ';
  if ((i = find(th->d, key)) == th->d->n)
    return 0;
  if ((rc = read_entry(th->d, th->d->off[i], max_senses, e, &used)))
    return rc == MTL_ELIMIT ? MTL_EIO : rc;
  if ((rc = parse_entry(e, used))) {
    e->nsenses = 0;
    e->nterms = 0;
    return rc;
  }
  return 1;
}

/* s[0..n) lowered with runs of spaces as one space, into b. */
static void fold(mtl_buf *b, const char *s, size_t n) {
  size_t i, j = 0;
  b->len = 0;
  mtl_utf8_lower(b, s, n);
  if (b->oom)
    return;
  for (i = 0; i < b->len; i++) {
    char c = b->data[i];
    if (c == ' ' || c == '\t') {
      if (j && b->data[j - 1] == ' ')
        continue;
      c = ' ';
    }
    b->data[j++] = c;
  }
  while (j && b->data[j - 1] == ' ')
    j--;
  b->len = j;
  b->data[j] = '\0';
}

int mtl_thesaurus_lists(mtl_thesaurus *th, const char *word, size_t wlen, const char *term,
                        size_t tlen, unsigned rels) {
  return mtl_thesaurus_lists_in(th, word, wlen, term, tlen, rels, 0);
}

int mtl_thesaurus_lists_in(mtl_thesaurus *th, const char *word, size_t wlen, const char *term,
                           size_t tlen, unsigned rels, size_t max_senses) {
  mtl_th_entry e;
  mtl_buf want = {0}, got = {0};
  size_t i, nterms;
  int rc;
  memset(&e, 0, sizeof e);
  rc = mtl_thesaurus_lookup(th, word, wlen, &e);
  if (rc == 1) {
    rc = 0;
    nterms = e.nterms;
    if (max_senses && max_senses < e.nsenses)
      nterms = e.senses[max_senses].first;
    fold(&want, term, tlen);
    for (i = 0; !rc && !want.oom && i < nterms; i++) {
      if (!(e.terms[i].rel & rels))
        continue;
      fold(&got, e.terms[i].text, e.terms[i].len);
      if (got.oom)
        break;
      rc = got.len == want.len && !memcmp(got.data, want.data, want.len);
    }
    if (want.oom || got.oom)
      rc = MTL_ENOMEM;
  }
  mtl_buf_free(&want);
  mtl_buf_free(&got);
  mtl_th_entry_free(&e);
  return rc;
}

void mtl_th_entry_free(mtl_th_entry *e) {
  if (!e)
    return;
  mtl_free(e->buf);
  mtl_free(e->senses);
  mtl_free(e->terms);
  memset(e, 0, sizeof *e);
}
