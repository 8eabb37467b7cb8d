/*
 * lm_table.c - the trigram model as a flat table scored without a lock
 * (see lm_table.h for the invariants).
 *
 * The trie binary (sphinxbase's lm_trie, written by ngram_model_write
 * with NGRAM_BIN): the text "Trie Language Model", the order (one byte),
 * the n-gram counts (uint32 each), an int and the quantiser's bins (per
 * order from 2 to n-1 65536 probabilities and 65536 back-off weights, then
 * 65536 probabilities of the longest order), the unigrams ({float prob,
 * float bo, uint32 next} each, one more as the end), the bit-packed
 * bigrams (word, 16-bit back-off bin, 16-bit probability bin, next) and
 * trigrams (word, probability bin), then the word strings.  The counts
 * in the header may exceed the entries written (sphinxbase's count of
 * filler entries overshoots): the unigrams' end pointer says how many
 * bigrams there are, the bigrams' end pointer how many trigrams.  The trie is
 * keyed backwards: under the unigram w are the words h1 seen before it,
 * under (w, h1) the words h2 before those.  Values are natural logs in
 * base 1.0001 as floats; an n-gram the model pruned while keeping a
 * longer one has a filler entry, which scoring must find like any other.
 *
 * The image (native byte order: a cache of this machine): the header,
 * then the sections of the enum below: the unigrams as in the trie, the
 * quantiser's bins, the bigrams' words, trigram pointers and bins, the
 * trigrams' words and bins, the word hash (id + 1, 0 empty; linear
 * probing on FNV-1a), the word offsets and the words (NUL-ended).
 */
#include "lm_table.h"
#include "mtlint.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define TRIE_MAGIC "Trie Language Model"
#define TRIE_MAGIC_LEN 19
#define QBINS 65536u
#define IMG_MAGIC "mtl-lmt\n"

typedef struct lmt_uni {
  float prob, bo;
  uint32_t next; /* first bigram under this word; the next word's: the end */
} lmt_uni;

/* The image's sections, in this order, each at a multiple of 8. */
enum {
  S_UNI,  /* lmt_uni[nuni + 1] */
  S_QMP,  /* float[65536]: the bigrams' probabilities by bin */
  S_QMB,  /* float[65536]: their back-off weights by bin */
  S_QLP,  /* float[65536]: the trigrams' probabilities by bin */
  S_BIW,  /* uint32[nbi]: a bigram's word h1, the word before the unigram */
  S_BIN,  /* uint32[nbi + 1]: its first trigram (then the end) */
  S_BIQ,  /* uint32[nbi]: its probability bin << 16 | back-off bin */
  S_TRIW, /* uint32[ntri]: a trigram's word h2 */
  S_TRIQ, /* uint16[ntri]: its probability bin */
  S_HASH, /* uint32[hcap] */
  S_STR,  /* uint32[nuni]: offsets of the words */
  S_POOL, /* the words */
  S_N
};

typedef struct lmt_head {
  char magic[8];
  uint32_t version, order;
  uint64_t key, size;
  uint32_t nuni, nbi, ntri, hcap;
  uint64_t off[S_N], len[S_N];
  uint64_t check; /* hash of everything above */
} lmt_head;

/* PERF: the words a search probes sit apart from the values (4 bytes a
 * probe, not 16), and the values stay the trie's 16-bit bins: 49 MB of
 * floats became 38 MB. */
struct mtl_lmt {
  void *img;
  size_t len;
  int mapped;
  const lmt_uni *uni;
  const float *qmp, *qmb, *qlp;
  const uint32_t *biw, *bin, *biq, *triw;
  const uint16_t *triq;
  const uint32_t *hash, *str;
  const char *pool;
  uint32_t nuni, nbi, ntri, hmask;
  size_t poollen;
};

static uint64_t head_check(const lmt_head *h) {
  return mtl_hash((const char *)h, offsetof(lmt_head, check)) ^ 0x6c6d7431ULL;
}

static uint32_t req_bits(uint32_t v) {
  uint32_t r = 0;
  while (v) {
    r++;
    v >>= 1;
  }
  return r;
}

/* len (<= 25) bits at bit offset off of base, little-endian as lm_trie
 * writes them; the caller keeps off / 8 + 4 inside the buffer. */
static uint32_t read_bits(const unsigned char *base, uint64_t off, uint32_t len) {
  uint32_t x;
  memcpy(&x, base + (off >> 3), 4);
  return (x >> (off & 7)) & ((1u << len) - 1u);
}

int mtl_lmt_is_trie(const void *bin, size_t n) {
  return n >= TRIE_MAGIC_LEN && !memcmp(bin, TRIE_MAGIC, TRIE_MAGIC_LEN);
}

static size_t align8(size_t n) { return (n + 7) & ~(size_t)7; }

/* The trie's sections, found and checked against n. */
typedef struct trie_view {
  uint32_t c[3], nbi, ntri, /* the counts of the header; the entries written */ wbits, nbits, mtotal, ltotal;
  const float *mprob, *mbo, *lprob; /* the bins (unaligned: copied) */
  const unsigned char *uni, *mid, *lng, *words;
  size_t wordslen;
} trie_view;

static int trie_parse(trie_view *v, const unsigned char *b, size_t n) {
  size_t p = TRIE_MAGIC_LEN, msize, lsize;
  int32_t k;
  if (!mtl_lmt_is_trie(b, n) || n < p + 1 + 12 + 4 || b[p] != 3)
    return -1;
  memcpy(v->c, b + p + 1, 12);
  p += 1 + 12 + 4; /* the order, the counts, the quantiser's int */
  if (v->c[0] == 0 || v->c[0] >= (1u << 25) || v->c[1] >= (1u << 25) - 1 ||
      v->c[2] >= (1u << 25) - 1)
    return -1;
  v->wbits = req_bits(v->c[0]);
  v->nbits = req_bits(v->c[2]);
  v->mtotal = v->wbits + 32 + v->nbits;
  v->ltotal = v->wbits + 16;
  msize = (size_t)(((uint64_t)v->c[1] + 1) * v->mtotal + 7) / 8 + 8;
  lsize = (size_t)(((uint64_t)v->c[2] + 1) * v->ltotal + 7) / 8 + 8;
  if (n - p < (size_t)3 * QBINS * 4)
    return -1;
  v->mprob = (const float *)(const void *)(b + p);
  v->mbo = (const float *)(const void *)(b + p + (size_t)QBINS * 4);
  v->lprob = (const float *)(const void *)(b + p + (size_t)2 * QBINS * 4);
  p += (size_t)3 * QBINS * 4;
  if ((n - p) / 12 < (size_t)v->c[0] + 1)
    return -1;
  v->uni = b + p;
  p += ((size_t)v->c[0] + 1) * 12;
  if (n - p < msize || n - p - msize < lsize)
    return -1;
  v->mid = b + p;
  v->lng = b + p + msize;
  p += msize + lsize;
  if (n - p < 4)
    return -1;
  memcpy(&k, b + p, 4);
  p += 4;
  if (k <= 0 || (size_t)k > n - p)
    return -1;
  v->words = b + p;
  v->wordslen = (size_t)k;
  memcpy(&v->nbi, v->uni + (size_t)v->c[0] * 12 + 8, 4);
  if (v->nbi > v->c[1])
    return -1;
  v->ntri = v->nbits ? read_bits(v->mid, (uint64_t)v->nbi * v->mtotal + v->wbits + 32, v->nbits) : 0;
  if (v->ntri > v->c[2])
    return -1;
  return 0;
}

/* The image's arrays, to fill. */
typedef struct lmt_out {
  lmt_uni *uni;
  uint32_t *biw, *bin, *biq, *triw;
  uint16_t *triq;
} lmt_out;

/* Fills the image's arrays from the trie; -1 where the trie's pointers or
 * words do not hold together. */
static int trie_decode(const trie_view *v, const lmt_out *o) {
  uint32_t i, prev = 0;
  uint64_t off;
  for (i = 0; i <= v->c[0]; i++) {
    memcpy(&o->uni[i], v->uni + (size_t)i * 12, 12);
    if (o->uni[i].next < prev || o->uni[i].next > v->nbi)
      return -1;
    prev = o->uni[i].next;
  }
  prev = 0;
  for (i = 0, off = 0; i <= v->nbi; i++, off += v->mtotal) {
    uint64_t at = off + v->wbits;
    if (i < v->nbi) {
      o->biw[i] = read_bits(v->mid, off, v->wbits);
      o->biq[i] = read_bits(v->mid, at + 16, 16) << 16 | read_bits(v->mid, at, 16);
      if (o->biw[i] >= v->c[0])
        return -1;
    }
    o->bin[i] = v->nbits ? read_bits(v->mid, at + 32, v->nbits) : 0;
    if (o->bin[i] < prev || o->bin[i] > v->ntri)
      return -1;
    prev = o->bin[i];
  }
  for (i = 0, off = 0; i < v->ntri; i++, off += v->ltotal) {
    o->triw[i] = read_bits(v->lng, off, v->wbits);
    o->triq[i] = (uint16_t)read_bits(v->lng, off + v->wbits, 16);
    if (o->triw[i] >= v->c[0])
      return -1;
  }
  return 0;
}

static uint32_t word_hash(const char *s, size_t n) {
  uint64_t h = mtl_hash(s, n);
  return (uint32_t)(h ^ (h >> 32));
}

int mtl_lmt_build(void **img, size_t *len, const void *bin, size_t n, uint64_t key) {
  trie_view v;
  lmt_head h;
  lmt_out o;
  unsigned char *out;
  const char *pool;
  uint32_t *hash, *str, i;
  size_t total, wl = 0, hcap = 16;
  *img = NULL;
  *len = 0;
  if (trie_parse(&v, bin, n))
    return MTL_EDICT;
  /* the first c[0] NUL-ended words; sphinxbase keeps the first of twins */
  for (i = 0; i < v.c[0]; i++) {
    const unsigned char *z = memchr(v.words + wl, 0, v.wordslen - wl);
    if (!z)
      return MTL_EDICT;
    wl = (size_t)(z - v.words) + 1;
  }
  while (hcap < (size_t)v.c[0] * 2)
    hcap *= 2;
  memset(&h, 0, sizeof h);
  memcpy(h.magic, IMG_MAGIC, 8);
  h.version = MTL_LMT_VERSION;
  h.order = 3;
  h.key = key;
  h.nuni = v.c[0];
  h.nbi = v.nbi;
  h.ntri = v.ntri;
  h.hcap = (uint32_t)hcap;
  h.len[S_UNI] = ((uint64_t)h.nuni + 1) * sizeof(lmt_uni);
  h.len[S_QMP] = h.len[S_QMB] = h.len[S_QLP] = (uint64_t)QBINS * 4;
  h.len[S_BIW] = h.len[S_BIQ] = (uint64_t)h.nbi * 4;
  h.len[S_BIN] = ((uint64_t)h.nbi + 1) * 4;
  h.len[S_TRIW] = (uint64_t)h.ntri * 4;
  h.len[S_TRIQ] = (uint64_t)h.ntri * 2;
  h.len[S_HASH] = (uint64_t)hcap * 4;
  h.len[S_STR] = (uint64_t)h.nuni * 4;
  h.len[S_POOL] = wl;
  total = align8(sizeof h);
  for (i = 0; i < S_N; i++) {
    h.off[i] = total;
    total = align8(total + (size_t)h.len[i]);
  }
  h.size = total;
  h.check = head_check(&h);
  if (!(out = mtl_calloc(1, total)))
    return MTL_ENOMEM;
  memcpy(out, &h, sizeof h);
  memcpy(out + h.off[S_QMP], v.mprob, (size_t)QBINS * 4);
  memcpy(out + h.off[S_QMB], v.mbo, (size_t)QBINS * 4);
  memcpy(out + h.off[S_QLP], v.lprob, (size_t)QBINS * 4);
  o.uni = (lmt_uni *)(void *)(out + h.off[S_UNI]);
  o.biw = (uint32_t *)(void *)(out + h.off[S_BIW]);
  o.bin = (uint32_t *)(void *)(out + h.off[S_BIN]);
  o.biq = (uint32_t *)(void *)(out + h.off[S_BIQ]);
  o.triw = (uint32_t *)(void *)(out + h.off[S_TRIW]);
  o.triq = (uint16_t *)(void *)(out + h.off[S_TRIQ]);
  if (trie_decode(&v, &o)) {
    mtl_free(out);
    return MTL_EDICT;
  }
  pool = (const char *)out + h.off[S_POOL];
  memcpy(out + h.off[S_POOL], v.words, wl);
  hash = (uint32_t *)(void *)(out + h.off[S_HASH]);
  str = (uint32_t *)(void *)(out + h.off[S_STR]);
  for (i = 0, wl = 0; i < v.c[0]; i++) {
    const char *w = pool + wl;
    size_t k = strlen(w), s = word_hash(w, k) & (hcap - 1);
    str[i] = (uint32_t)wl;
    wl += k + 1;
    for (;; s = (s + 1) & (hcap - 1)) {
      if (!hash[s]) {
        hash[s] = i + 1;
        break;
      }
      if (!strcmp(pool + str[hash[s] - 1], w))
        break; /* a twin: the first keeps the word */
    }
  }
  *img = out;
  *len = total;
  return 0;
}

/* 0 when img[0..len) is a table image with this key whose sections all
 * lie inside it, in order, with the sizes the counts give (only the
 * header and the last byte are read). */
static int check_image(mtl_lmt *t, const void *img, size_t len, uint64_t key) {
  lmt_head h;
  const unsigned char *b = img;
  uint64_t end, want[S_N];
  int i;
  if (len < sizeof h)
    return -1;
  memcpy(&h, img, sizeof h);
  if (memcmp(h.magic, IMG_MAGIC, 8) || h.version != MTL_LMT_VERSION || h.order != 3 ||
      h.check != head_check(&h) || h.key != key || h.size != len || h.nuni == 0 ||
      h.hcap < 2 * (uint64_t)h.nuni || (h.hcap & (h.hcap - 1)) || h.len[S_POOL] == 0)
    return -1;
  want[S_UNI] = ((uint64_t)h.nuni + 1) * sizeof(lmt_uni);
  want[S_QMP] = want[S_QMB] = want[S_QLP] = (uint64_t)QBINS * 4;
  want[S_BIW] = want[S_BIQ] = (uint64_t)h.nbi * 4;
  want[S_BIN] = ((uint64_t)h.nbi + 1) * 4;
  want[S_TRIW] = (uint64_t)h.ntri * 4;
  want[S_TRIQ] = (uint64_t)h.ntri * 2;
  want[S_HASH] = (uint64_t)h.hcap * 4;
  want[S_STR] = (uint64_t)h.nuni * 4;
  want[S_POOL] = h.len[S_POOL];
  for (i = 0, end = sizeof h; i < S_N; i++) {
    if (h.off[i] % 8 || h.off[i] < end || h.len[i] != want[i] || h.off[i] > len ||
        h.len[i] > len - h.off[i])
      return -1;
    end = h.off[i] + h.len[i];
  }
  if (b[end - 1] != 0) /* the last word's NUL */
    return -1;
  t->img = (void *)(uintptr_t)img;
  t->len = len;
  t->uni = (const lmt_uni *)(const void *)(b + h.off[S_UNI]);
  t->qmp = (const float *)(const void *)(b + h.off[S_QMP]);
  t->qmb = (const float *)(const void *)(b + h.off[S_QMB]);
  t->qlp = (const float *)(const void *)(b + h.off[S_QLP]);
  t->biw = (const uint32_t *)(const void *)(b + h.off[S_BIW]);
  t->bin = (const uint32_t *)(const void *)(b + h.off[S_BIN]);
  t->biq = (const uint32_t *)(const void *)(b + h.off[S_BIQ]);
  t->triw = (const uint32_t *)(const void *)(b + h.off[S_TRIW]);
  t->triq = (const uint16_t *)(const void *)(b + h.off[S_TRIQ]);
  t->hash = (const uint32_t *)(const void *)(b + h.off[S_HASH]);
  t->str = (const uint32_t *)(const void *)(b + h.off[S_STR]);
  t->pool = (const char *)b + h.off[S_POOL];
  t->poollen = (size_t)h.len[S_POOL];
  t->nuni = h.nuni;
  t->nbi = h.nbi;
  t->ntri = h.ntri;
  t->hmask = h.hcap - 1;
  return 0;
}

int mtl_lmt_from_memory(mtl_lmt **out, void *img, size_t len, uint64_t key) {
  mtl_lmt *t = mtl_calloc(1, sizeof *t);
  *out = NULL;
  if (!t || check_image(t, img, len, key)) {
    int rc = t ? MTL_EDICT : MTL_ENOMEM;
    mtl_free(t);
    mtl_free(img);
    return rc;
  }
  *out = t;
  return 0;
}

int mtl_lmt_open(mtl_lmt **out, const char *path, uint64_t key) {
  mtl_lmt *t;
  size_t len;
  void *m;
  *out = NULL;
  if (!(m = mtl_map_file(path, sizeof(lmt_head), &len)))
    return -1;
  if (!(t = mtl_calloc(1, sizeof *t))) {
    munmap(m, len);
    return MTL_ENOMEM;
  }
  if (check_image(t, m, len, key)) {
    munmap(m, len);
    mtl_free(t);
    return -1;
  }
  t->mapped = 1;
  *out = t;
  return 0;
}

int mtl_lmt_write(const void *img, size_t len, const char *path) {
  return mtl_file_replace(path, img, len);
}

void mtl_lmt_free(mtl_lmt *t) {
  if (!t)
    return;
  if (t->mapped)
    munmap(t->img, t->len);
  else
    mtl_free(t->img);
  mtl_free(t);
}

uint32_t mtl_lmt_nwords(const mtl_lmt *t) { return t ? t->nuni : 0; }

int32_t mtl_lmt_wid(const mtl_lmt *t, const char *s, size_t n) {
  uint32_t i, k;
  if (!t)
    return -1;
  for (i = word_hash(s, n) & t->hmask, k = 0; k <= t->hmask; i = (i + 1) & t->hmask, k++) {
    uint32_t e = t->hash[i], off;
    if (!e)
      return -1;
    if (e > t->nuni || (off = t->str[e - 1]) >= t->poollen || t->poollen - off <= n)
      continue;
    if (!memcmp(t->pool + off, s, n) && t->pool[off + n] == '\0')
      return (int32_t)(e - 1);
  }
  return -1;
}

/* PERF: interpolation search, as sphinxbase's trie does: the words under
 * a context are ids spread over the vocabulary, so guessing the place from
 * the id finds most in a few probes, where halving took up to 15 (9,078
 * words come before "the", 31,242 before "</s>"): clean-news' trigrams in
 * text order, 358 -> 128 instructions a query (callgrind); but in a full
 * clean-news run, where the window rule asks about rarer words too, the
 * scorer's 80,000 queries cost 23.1 -> 22.7 M.  In time both are bound by
 * memory, as sphinxbase's scorer is (~0.9 us a query on the loaded test
 * machine).  Between the entries known to be below (bi, value bv; at
 * first a virtual one before lo, 0) and above (ai, av; at first a virtual
 * one at hi, the vocabulary's size) the guess is strictly inside, so each
 * probe narrows the range, on any data.  word is below the vocabulary's
 * size (the caller checks it). */
#define NONE UINT32_MAX
static uint32_t find(const uint32_t *a, uint32_t count, uint32_t nuni, uint32_t lo, uint32_t hi,
                     uint32_t word) {
  int64_t bi = (int64_t)lo - 1, ai = hi > count ? count : hi;
  uint32_t bv = 0, av = nuni;
  while (ai - bi > 1) {
    int64_t piv = bi + 1 +
                  (int64_t)((uint64_t)(word - bv) * (uint64_t)(ai - bi - 1) /
                            ((uint64_t)(av - bv) + 1));
    uint32_t w = a[piv];
    if (w < word) {
      bi = piv;
      bv = w;
    } else if (w > word) {
      ai = piv;
      av = w;
    } else
      return (uint32_t)piv;
  }
  return NONE;
}

static uint32_t find_bi(const mtl_lmt *t, uint32_t w, uint32_t h1) {
  return find(t->biw, t->nbi, t->nuni, t->uni[w].next, t->uni[w + 1].next, h1);
}

int mtl_lmt_has_bigram(const mtl_lmt *t, int32_t h1, int32_t w) {
  if (!t || w < 0 || (uint32_t)w >= t->nuni || h1 < 0 || (uint32_t)h1 >= t->nuni)
    return 0;
  return find_bi(t, (uint32_t)w, (uint32_t)h1) != NONE;
}

/* PERF: no cache and no lock: a score is a few binary searches in arrays
 * nobody writes.  The float sums follow lm_trie_score step by step (its
 * back-off of a trigram adds bo(h1), then bo(h2 h1), to p(w)), so the
 * truncated results are sphinxbase's to the unit. */
int32_t mtl_lmt_prob(const mtl_lmt *t, int32_t w, const int32_t *hist, int nh, int32_t *nused) {
  uint32_t b, bh, tr;
  uint32_t h1, h2;
  float prob, bo1, bo2;
  int32_t dummy;
  int i;
  if (!nused)
    nused = &dummy;
  *nused = 1;
  if (!t || w < 0 || (uint32_t)w >= t->nuni)
    return INT32_MIN / 2;
  if (nh > 2)
    nh = 2;
  for (i = 0; i < nh; i++)
    if (hist[i] < 0 || (uint32_t)hist[i] >= t->nuni) {
      nh = i;
      break;
    }
  prob = t->uni[w].prob;
  if (nh == 0)
    return (int32_t)prob;
  h1 = (uint32_t)hist[0];
  b = find_bi(t, (uint32_t)w, h1);
  if (nh == 1) {
    if (b != NONE) {
      *nused = 2;
      return (int32_t)t->qmp[t->biq[b] >> 16];
    }
    return (int32_t)(prob + t->uni[h1].bo);
  }
  h2 = (uint32_t)hist[1];
  bo1 = t->uni[h1].bo;
  bh = find_bi(t, h1, h2);
  bo2 = bh != NONE ? t->qmb[t->biq[bh] & 0xFFFFu] : 0.0f;
  if (b == NONE) {
    prob += bo1;
    prob += bo2;
    return (int32_t)prob;
  }
  *nused = 2;
  prob = t->qmp[t->biq[b] >> 16];
  tr = find(t->triw, t->ntri, t->nuni, t->bin[b], t->bin[b + 1], h2);
  if (tr == NONE)
    return (int32_t)(prob + bo2);
  *nused = 3;
  return (int32_t)t->qlp[t->triq[tr]];
}
