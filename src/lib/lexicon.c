/*
 * lexicon.c - a large set of accepted word forms (the spelling check's
 * first look-up, ahead of Hunspell).
 *
 * Loaded from plain word lists, one form per line (Debian's
 * /usr/share/dict/american-english-huge and british-english-huge: about
 * 350,000 forms each, names included).  Each list carries a few flag bits
 * (the variety it belongs to); a form in several lists has all their bits.
 *
 * PERF: the files are read whole and kept: the table holds 8-byte slots
 * (24 bits of the hash, the flags, the list and the offset of the word in
 * it), so building it is one pass over the bytes and one probe per line,
 * and a look-up is one hash and, mostly, one cache line.  Possessive lines
 * ("Paris's") are left out: the spelling check drops the ending first.
 *
 * Read-only once built: look-ups may run on any number of threads.
 */
#include "lexicon.h"
#include "mtlint.h"
#include "utf8.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define LEX_FILES 8               /* lists in one lexicon */
#define LEX_FILE_MAX (64u << 20)  /* bytes of one list */

struct mtl_lexicon {
  char *data[LEX_FILES];
  size_t datalen[LEX_FILES];
  size_t ndata;
  uint64_t *slots; /* tag:24 | flags:8 | list:3 | offset:29, 0 empty */
  size_t cap, count;
  /* a lexicon read from a cache file (mtl_lexicon_build): one mapping,
   * the slots then the words, and offsets into the words */
  void *map;
  size_t maplen;
  const char *arena;
  size_t arenalen;
};

/* PERF: 8 bytes a step, then a full mix (the low bits pick the slot). */
static inline uint64_t word_hash(const char *s, size_t n) {
  uint64_t h = 0x9E3779B97F4A7C15ULL ^ (uint64_t)n, x;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    memcpy(&x, s + i, 8);
    h = (h ^ x) * 0xff51afd7ed558ccdULL;
    h ^= h >> 32;
  }
  x = 0;
  memcpy(&x, s + i, n - i);
  h ^= x;
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

#define TAG(h) ((((h) >> 40) | 1) << 40)
#define SLOT_FLAGS(s) ((unsigned)(((s) >> 32) & 0xFF))
#define SLOT_LIST(s) ((size_t)(((s) >> 29) & 7))
#define SLOT_OFF(s) ((size_t)((s) & ((1u << 29) - 1)))

int mtl_lexicon_new(mtl_lexicon **out) {
  *out = mtl_calloc(1, sizeof **out);
  return *out ? 0 : MTL_ENOMEM;
}

void mtl_lexicon_free(mtl_lexicon *lx) {
  size_t i;
  if (!lx)
    return;
  for (i = 0; i < lx->ndata; i++)
    mtl_free(lx->data[i]);
  if (lx->map)
    munmap(lx->map, lx->maplen);
  else
    mtl_free(lx->slots);
  mtl_free(lx);
}

static int slot_is(const mtl_lexicon *lx, uint64_t s, const char *w, size_t n) {
  const char *p;
  if (lx->map) { /* a cache file: checked, it may be damaged */
    size_t off = (size_t)(s & 0xFFFFFFFFu);
    if (off >= lx->arenalen || lx->arenalen - off <= n)
      return 0;
    p = lx->arena + off;
  } else {
    p = lx->data[SLOT_LIST(s)] + SLOT_OFF(s);
  }
  return memcmp(p, w, n) == 0 && p[n] == '\0';
}

static uint64_t *find(const mtl_lexicon *lx, const char *w, size_t n, uint64_t h) {
  size_t i, mask = lx->cap - 1;
  uint64_t tag = TAG(h);
  for (i = (size_t)h & mask; lx->slots[i]; i = (i + 1) & mask)
    if ((lx->slots[i] & 0xFFFFFF0000000000ULL) == tag && slot_is(lx, lx->slots[i], w, n))
      return &lx->slots[i];
  return &lx->slots[i];
}

static int grow(mtl_lexicon *lx, size_t need) {
  size_t ncap = lx->cap ? lx->cap : 1024, i;
  uint64_t *ns;
  while (need * 2 > ncap)
    ncap *= 2;
  if (ncap == lx->cap)
    return 0;
  if (!(ns = mtl_calloc(ncap, sizeof *ns)))
    return MTL_ENOMEM;
  for (i = 0; i < lx->cap; i++) {
    uint64_t s = lx->slots[i];
    const char *p;
    size_t k;
    if (!s)
      continue;
    p = lx->data[SLOT_LIST(s)] + SLOT_OFF(s);
    for (k = (size_t)word_hash(p, strlen(p)) & (ncap - 1); ns[k]; k = (k + 1) & (ncap - 1)) {
    }
    ns[k] = s;
  }
  mtl_free(lx->slots);
  lx->slots = ns;
  lx->cap = ncap;
  return 0;
}

int mtl_lexicon_add_words(mtl_lexicon *lx, char *data, size_t len, unsigned flags) {
  size_t i = 0, lines = 0, list;
  const char *p;
  if (lx->map || lx->ndata >= LEX_FILES || len >= LEX_FILE_MAX) {
    mtl_free(data);
    return MTL_ELIMIT;
  }
  for (p = data; (p = memchr(p, '\n', len - (size_t)(p - data))) != NULL; p++)
    lines++;
  if (grow(lx, lx->count + lines + 1)) {
    mtl_free(data);
    return MTL_ENOMEM;
  }
  list = lx->ndata;
  lx->datalen[lx->ndata] = len + 1;
  lx->data[lx->ndata++] = data;
  if (len >= 3 && (unsigned char)data[0] == 0xEF && (unsigned char)data[1] == 0xBB &&
      (unsigned char)data[2] == 0xBF)
    i = 3;
  while (i < len) {
    char *nl = memchr(data + i, '\n', len - i);
    size_t end = nl ? (size_t)(nl - data) : len, e = end;
    uint64_t h, *s;
    if (e > i && data[e - 1] == '\r')
      e--;
    data[e] = '\0';
    if (e == i || data[i] == '#' || e - i > 100 ||
        (e - i > 2 && data[e - 2] == '\'' && data[e - 1] == 's')) {
      i = end + 1;
      continue;
    }
    h = word_hash(data + i, e - i);
    s = find(lx, data + i, e - i, h);
    if (*s)
      *s |= (uint64_t)(flags & 0xFF) << 32;
    else {
      *s = TAG(h) | (uint64_t)(flags & 0xFF) << 32 | (uint64_t)list << 29 | (uint64_t)i;
      lx->count++;
    }
    i = end + 1;
  }
  return 0;
}

int mtl_lexicon_add_file(mtl_lexicon *lx, const char *path, unsigned flags, mtl_error *err) {
  char *data = NULL;
  size_t len = 0;
  int rc = mtl_read_file(&data, &len, path, err);
  if (rc)
    return rc;
  if (len >= LEX_FILE_MAX) {
    mtl_free(data);
    return mtl_seterr(err, MTL_ELIMIT, path, 0, 0, "word list is larger than %u bytes",
                      LEX_FILE_MAX);
  }
  if (mtl_utf8_validate(data, len) != len) {
    mtl_free(data);
    return mtl_seterr(err, MTL_EDICT, path, 0, 0, "word list is not valid UTF-8");
  }
  rc = mtl_lexicon_add_words(lx, data, len, flags);
  if (rc)
    return mtl_seterr(err, rc, path, 0, 0, rc == MTL_ENOMEM ? "out of memory"
                                                            : "too many word lists");
  return 0;
}

unsigned mtl_lexicon_flags(const mtl_lexicon *lx, const char *w, size_t n) {
  uint64_t s;
  if (!lx || !lx->cap || n == 0 || n > 100)
    return 0;
  s = *find(lx, w, n, word_hash(w, n));
  return s ? SLOT_FLAGS(s) : 0;
}

size_t mtl_lexicon_count(const mtl_lexicon *lx) { return lx ? lx->count : 0; }

void mtl_lexicon_each(const mtl_lexicon *lx, void (*fn)(void *, const char *, size_t),
                      void *ctx) {
  size_t i;
  if (!lx)
    return;
  for (i = 0; i < lx->cap; i++) {
    uint64_t s = lx->slots[i];
    const char *p;
    size_t room;
    if (!s)
      continue;
    if (lx->map) {
      size_t off = (size_t)(s & 0xFFFFFFFFu);
      if (off >= lx->arenalen)
        continue;
      p = lx->arena + off;
      room = lx->arenalen - off;
    } else {
      p = lx->data[SLOT_LIST(s)] + SLOT_OFF(s);
      room = lx->datalen[SLOT_LIST(s)] - SLOT_OFF(s);
    }
    fn(ctx, p, strnlen(p, room));
  }
}

/* ------------------------------------------------------------------ */
/* The cache file (mtl_lexicon_build).                                 */

/* PERF: building the table from 7 MB of lists takes 50-100 ms (a probe
 * per line, mostly cache misses); a cache file built once is mapped in
 * well under a millisecond and only the pages looked at are read.  Layout
 * (native byte order, this machine's only): the header, the slots
 * (tag:24 | flags:8 | offset:32 into the words), the words (NUL-ended). */
#define CACHE_MAGIC "mtl-lex2"
typedef struct cache_head {
  char magic[8];
  uint64_t key;      /* of the lists: paths, sizes, times, flags */
  uint64_t cap;      /* slots, a power of two */
  uint64_t count;
  uint64_t arenalen; /* bytes of words */
} cache_head;

static int lists_key(const char *const *paths, const unsigned *flags, size_t n, uint64_t *key) {
  uint64_t h = 0x6d746c6c65783200ULL;
  size_t i;
  for (i = 0; i < n; i++) {
    struct stat sb;
    if (stat(paths[i], &sb) != 0)
      return -1;
    h = mtl_mix64(h, word_hash(paths[i], strlen(paths[i])));
    h = mtl_mix64(h, (uint64_t)sb.st_size);
    h = mtl_mix64(h, (uint64_t)sb.st_mtime);
    h = mtl_mix64(h, (uint64_t)sb.st_ino);
    h = mtl_mix64(h, flags[i]);
  }
  *key = h;
  return 0;
}

static int map_cache(mtl_lexicon *lx, const char *path, uint64_t key) {
  void *m;
  const cache_head *hd;
  size_t need, len;
  if (!(m = mtl_map_file(path, sizeof *hd, &len)))
    return -1;
  hd = m;
  need = sizeof *hd + (size_t)hd->cap * 8 + (size_t)hd->arenalen;
  if (memcmp(hd->magic, CACHE_MAGIC, 8) != 0 || hd->key != key || hd->cap == 0 ||
      (hd->cap & (hd->cap - 1)) != 0 || hd->cap > ((uint64_t)1 << 28) ||
      hd->arenalen > 0xFFFFFFFFu || need != len) {
    munmap(m, len);
    return -1;
  }
  lx->map = m;
  lx->maplen = len;
  lx->slots = (uint64_t *)(void *)((char *)m + sizeof *hd);
  lx->cap = (size_t)hd->cap;
  lx->count = (size_t)hd->count;
  lx->arena = (const char *)m + sizeof *hd + lx->cap * 8;
  lx->arenalen = (size_t)hd->arenalen;
  return 0;
}

/* write(2) until all of buf is written; 0 or -1. */
static int write_all(int fd, const void *buf, size_t n) {
  const char *p = buf;
  while (n > 0) {
    ssize_t k = write(fd, p, n > ((size_t)1 << 30) ? (size_t)1 << 30 : n);
    if (k < 0 && errno == EINTR)
      continue;
    if (k <= 0)
      return -1;
    p += k;
    n -= (size_t)k;
  }
  return 0;
}

/* Writes lx (built in memory) to path, atomically; errors are ignored:
 * the next run builds it again. */
static void write_cache(const mtl_lexicon *lx, const char *path, uint64_t key) {
  char tmp[4200];
  size_t base[LEX_FILES], total = 0, i;
  cache_head hd;
  uint64_t *slots;
  int fd, ok;
  for (i = 0; i < lx->ndata; i++) {
    base[i] = total;
    total += lx->datalen[i];
  }
  if (total > 0xFFFFFFFFu || snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid()) >=
                                 (int)sizeof tmp)
    return;
  if (!(slots = mtl_malloc(lx->cap * 8)))
    return;
  for (i = 0; i < lx->cap; i++) {
    uint64_t s = lx->slots[i];
    slots[i] = s ? (s & 0xFFFFFFFF00000000ULL) | (uint64_t)(base[SLOT_LIST(s)] + SLOT_OFF(s)) : 0;
  }
  memset(&hd, 0, sizeof hd);
  memcpy(hd.magic, CACHE_MAGIC, 8);
  hd.key = key;
  hd.cap = lx->cap;
  hd.count = lx->count;
  hd.arenalen = total;
  fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) {
    mtl_free(slots);
    return;
  }
  ok = write_all(fd, &hd, sizeof hd) == 0 && write_all(fd, slots, lx->cap * 8) == 0;
  for (i = 0; ok && i < lx->ndata; i++)
    ok = write_all(fd, lx->data[i], lx->datalen[i]) == 0;
  ok = (close(fd) == 0) && ok;
  mtl_free(slots);
  if (!ok || rename(tmp, path) != 0)
    unlink(tmp);
}

int mtl_lexicon_build(mtl_lexicon **out, const char *const *paths, const unsigned *flags,
                      size_t n, mtl_error *err) {
  mtl_lexicon *lx;
  char dir[4096], path[4200];
  uint64_t key = 0;
  int cached, rc;
  size_t i;
  *out = NULL;
  if (mtl_lexicon_new(&lx))
    return mtl_seterr(err, MTL_ENOMEM, NULL, 0, 0, "out of memory");
  cached = n > 0 && lists_key(paths, flags, n, &key) == 0 && mtl_cache_dir(dir, sizeof dir) &&
           snprintf(path, sizeof path, "%s/lexicon-%016llx.bin", dir,
                    (unsigned long long)key) < (int)sizeof path;
  if (cached && map_cache(lx, path, key) == 0) {
    *out = lx;
    return 0;
  }
  { /* PERF: sized once for all lists (about 9 bytes a line) */
    size_t bytes = 0;
    struct stat sb;
    for (i = 0; i < n; i++)
      if (stat(paths[i], &sb) == 0 && sb.st_size > 0 && (size_t)sb.st_size < LEX_FILE_MAX)
        bytes += (size_t)sb.st_size;
    if (grow(lx, bytes / 8 + 1)) {
      mtl_lexicon_free(lx);
      return mtl_seterr(err, MTL_ENOMEM, NULL, 0, 0, "out of memory");
    }
  }
  for (i = 0; i < n; i++)
    if ((rc = mtl_lexicon_add_file(lx, paths[i], flags[i], err)) != 0) {
      mtl_lexicon_free(lx);
      return rc;
    }
  if (cached && lx->cap)
    write_cache(lx, path, key);
  *out = lx;
  return 0;
}
