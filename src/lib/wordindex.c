/*
 * wordindex.c - every phrase of every rule in one trie over case-folded
 * tokens, so a document is matched in one pass whatever the number of
 * phrases.  Edges live in one open-addressing hash table keyed by
 * (parent node, token hash).
 */
#include "doc.h"
#include "mtlint.h"
#include "util.h"
#include "wordindex.h"

#include <stdlib.h>
#include <string.h>

typedef struct edge {
  uint64_t word;     /* token hash; 0 marks an empty slot */
  uint32_t parent;
  uint32_t child;
} edge;

typedef struct term {
  uint32_t rule, payload;
  uint32_t next;     /* next terminal of the same node, or UINT32_MAX */
} term;

/* PERF: a literal of the pattern prefilter, chained by the 3 bytes at koff
 * (the rarest three in English prose, so that common words such as "the "
 * opening many literals do not stop the scan), two-byte literals by their
 * two bytes, under keys above 24 bits. */
typedef struct literal {
  char *s;           /* ASCII lower-cased, at least 2 bytes */
  size_t len;
  uint32_t rule;
  uint32_t koff;     /* offset of the key bytes in s */
  uint32_t next;     /* next literal with the same key, or UINT32_MAX */
  /* PERF: its first eight bytes (or fewer) checked at once: a text word x
   * matches when ((x | head_case) & head_mask) == head, head_case holding
   * 0x20 where s has a letter (ORing it lowers A-Z and nothing else that
   * could then equal a lower-case letter) */
  uint64_t head, head_mask, head_case;
  unsigned head_len;
  unsigned char *follow; /* NULL, or a bit per byte that must come next */
  unsigned char *precede; /* NULL, or a bit per byte that must come before */
} literal;

/* PERF: a pair of byte classes (mtl_wordindex_add_pair). */
typedef struct cpair {
  unsigned char x[32], y[32];
  int xw, yw;
  uint32_t rule;
} cpair;

struct mtl_wordindex {
  edge *edges; size_t nedges, capedges;   /* capedges is a power of two */
  uint32_t *first_term; size_t nnodes, capnodes;
  term *terms; size_t nterms, capterms;
  /* literals: table of first-3-byte keys (open addressing, power of two) */
  literal *lits; size_t nlits, caplits;
  uint32_t *tri_key, *tri_first; size_t ntri, captri;
  uint32_t *lit_rules; size_t nlit_rules, caplit_rules;  /* rules with literals */
  uint64_t roots[1024];  /* PERF: bit per hash of a phrase's first token */
  uint64_t ends[1024];   /* PERF: bit per first and last byte of such a token (ASCII) */
  uint64_t gate[1024];   /* PERF: bit per first two raw bytes of any key (each case) */
  uint64_t bloom[1024];  /* bit per hash of a first-3-byte key */
  uint64_t pairs[1024];  /* bit per two-byte literal (its folded bytes) */
  unsigned char pair_lead[256];  /* first bytes of two-byte literals */
  int npairs;
  unsigned char single[256];  /* one-byte literals (with bytes on both sides) */
  int nsingles;
  unsigned char *driven; size_t capdriven;  /* per rule: fires only on hits */
  cpair *cps; size_t ncps, capcps;          /* pairs of byte classes */
  uint64_t cp_gate[1024];                   /* bit per raw two bytes of any pair */
};

static const unsigned char *fold_table(void);
static int lit_rule(mtl_wordindex *wi, uint32_t rule);

/* Hash of the lower-cased token; never 0.  PERF: an ASCII token is hashed
 * as it is lowered (FNV-1a, the same value as mtl_hash of the lowered
 * bytes), without a copy; others are lowered into tmp first. */
static uint64_t token_hash(const mtl_doc *doc, size_t i, mtl_buf *tmp) {
  const unsigned char *f = fold_table();
  const unsigned char *s = (const unsigned char *)doc->text + doc->toks[i].start;
  size_t n = doc->toks[i].end - doc->toks[i].start, k;
  uint64_t h = MTL_FNV_BASIS;
  for (k = 0; k < n; k++) {
    if (s[k] >= 0x80)
      break;
    h = (h ^ f[s[k]]) * MTL_FNV_PRIME;
  }
  if (k < n) {
    tmp->len = 0;
    mtl_doc_token_lower(doc, i, tmp);
    h = mtl_hash(tmp->data ? tmp->data : "", tmp->len);
  }
  return h ? h : 1;
}

static size_t slot_of(const mtl_wordindex *wi, uint32_t parent, uint64_t word) {
  uint64_t h = word ^ ((uint64_t)parent * 0x9E3779B97F4A7C15ULL);
  size_t mask = wi->capedges - 1, i = (size_t)(h ^ (h >> 29)) & mask;
  while (wi->edges[i].word && !(wi->edges[i].word == word && wi->edges[i].parent == parent))
    i = (i + 1) & mask;
  return i;
}

static int rehash(mtl_wordindex *wi) {
  size_t ncap = wi->capedges ? wi->capedges * 2 : 1024, i;
  edge *old = wi->edges;
  size_t oldcap = wi->capedges;
  wi->edges = mtl_calloc(ncap, sizeof *wi->edges);
  if (!wi->edges) {
    wi->edges = old;
    return MTL_ENOMEM;
  }
  wi->capedges = ncap;
  for (i = 0; i < oldcap; i++)
    if (old[i].word)
      wi->edges[slot_of(wi, old[i].parent, old[i].word)] = old[i];
  mtl_free(old);
  return 0;
}

static int new_node(mtl_wordindex *wi, uint32_t *id) {
  if (wi->nnodes >= UINT32_MAX - 1 ||
      mtl_grow((void **)&wi->first_term, &wi->capnodes, wi->nnodes + 1, sizeof *wi->first_term))
    return MTL_ENOMEM;
  wi->first_term[wi->nnodes] = UINT32_MAX;
  *id = (uint32_t)wi->nnodes++;
  return 0;
}

int mtl_wordindex_new(mtl_wordindex **out) {
  mtl_wordindex *wi = mtl_calloc(1, sizeof *wi);
  uint32_t root;
  *out = NULL;
  if (!wi || rehash(wi) || new_node(wi, &root)) {
    mtl_wordindex_free(wi);
    return MTL_ENOMEM;
  }
  *out = wi;
  return 0;
}

void mtl_wordindex_free(mtl_wordindex *wi) {
  size_t k;
  for (k = 0; wi && k < wi->nlits; k++) {
    mtl_free(wi->lits[k].s);
    mtl_free(wi->lits[k].follow);
    mtl_free(wi->lits[k].precede);
  }
  if (wi) {
    mtl_free(wi->lits);
    mtl_free(wi->tri_key);
    mtl_free(wi->tri_first);
    mtl_free(wi->lit_rules);
    mtl_free(wi->driven);
    mtl_free(wi->cps);
  }
  if (!wi)
    return;
  mtl_free(wi->edges);
  mtl_free(wi->first_term);
  mtl_free(wi->terms);
  mtl_free(wi);
}

int mtl_wordindex_add(mtl_wordindex *wi, const char *phrase, size_t len, uint32_t rule,
                      uint32_t payload) {
  mtl_doc doc;
  mtl_buf tmp = {0};
  uint32_t node = 0;
  size_t i;
  int rc = 0;
  if (mtl_doc_init(&doc, phrase, len))
    return MTL_ENOMEM;
  if (doc.ntoks == 0) {
    mtl_doc_free(&doc);
    return MTL_EINVAL;
  }
  for (i = 0; i < doc.ntoks; i++) {
    uint64_t h = token_hash(&doc, i, &tmp);
    size_t s;
    if (tmp.oom) {
      rc = MTL_ENOMEM;
      goto done;
    }
    if ((wi->nedges + 1) * 2 > wi->capedges && (rc = rehash(wi)))
      goto done;
    s = slot_of(wi, node, h);
    if (node == 0) {
      wi->roots[(h >> 6) & 1023] |= 1ull << (h & 63);
      tmp.len = 0;
      mtl_doc_token_lower(&doc, i, &tmp);
      if (tmp.oom) {
        rc = MTL_ENOMEM;
        goto done;
      }
      if (tmp.len && (unsigned char)tmp.data[0] < 0x80 &&
          (unsigned char)tmp.data[tmp.len - 1] < 0x80) {
        uint32_t e = (uint32_t)(unsigned char)tmp.data[0] << 8 |
                     (unsigned char)tmp.data[tmp.len - 1];
        wi->ends[e >> 6] |= 1ull << (e & 63);
      }
    }
    if (!wi->edges[s].word) {
      uint32_t child;
      if ((rc = new_node(wi, &child)))
        goto done;
      wi->edges[s].word = h;
      wi->edges[s].parent = node;
      wi->edges[s].child = child;
      wi->nedges++;
    }
    node = wi->edges[s].child;
  }
  if (mtl_grow((void **)&wi->terms, &wi->capterms, wi->nterms + 1, sizeof *wi->terms)) {
    rc = MTL_ENOMEM;
    goto done;
  }
  wi->terms[wi->nterms].rule = rule;
  wi->terms[wi->nterms].payload = payload;
  wi->terms[wi->nterms].next = wi->first_term[node];
  wi->first_term[node] = (uint32_t)wi->nterms++;
done:
  mtl_buf_free(&tmp);
  mtl_doc_free(&doc);
  return rc;
}

static int hit_cmp(const void *a, const void *b) {
  const mtl_phrase_hit *x = a, *y = b;
  if (x->rule != y->rule)
    return x->rule < y->rule ? -1 : 1;
  if (x->tok_start != y->tok_start)
    return x->tok_start < y->tok_start ? -1 : 1;
  if (x->tok_end != y->tok_end)
    return x->tok_end > y->tok_end ? -1 : 1;
  return x->payload < y->payload ? -1 : x->payload > y->payload;
}

/* PERF: most inputs have a few dozen hits: an insertion sort beats qsort's
 * set-up and indirect calls there; many hits go to qsort. */
static void sort_hits(mtl_phrase_hit *h, size_t n) {
  size_t i, j;
  if (n > 48) {
    qsort(h, n, sizeof *h, hit_cmp);
    return;
  }
  for (i = 1; i < n; i++) {
    mtl_phrase_hit x = h[i];
    for (j = i; j > 0 && hit_cmp(&h[j - 1], &x) > 0; j--)
      h[j] = h[j - 1];
    h[j] = x;
  }
}

/* ---------------- PERF: literals for the pattern prefilter ---------------- */

static const unsigned char *fold_table(void) {
  static const unsigned char t[256] = {
#define R16(b) b, b + 1, b + 2, b + 3, b + 4, b + 5, b + 6, b + 7, b + 8, b + 9, b + 10, \
               b + 11, b + 12, b + 13, b + 14, b + 15
      R16(0), R16(16), R16(32), R16(48),
      64, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
      'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', 91, 92, 93, 94, 95,
      R16(96), R16(112), R16(128), R16(144), R16(160), R16(176), R16(192), R16(208),
      R16(224), R16(240)
#undef R16
  };
  return t;
}

/* Two-byte literals share the table under keys no three bytes give. */
#define PAIR_KEY(a, b) (0x1000000u | (uint32_t)(a) << 8 | (uint32_t)(b))
#define SINGLE_KEY(a) (0x2000000u | (uint32_t)(a))

/* How common a (folded) byte is in English news text, roughly per mille. */
static unsigned byte_weight(unsigned char c) {
  static const char common[] = " etaoinsrhldcumfpgwyb,.vk"; /* most common first */
  static const unsigned char w[] = {170, 100, 72, 65, 60, 58, 57, 52, 50, 40, 33, 32, 24,
                                    22,  20,  18, 16, 16, 15, 14, 12, 10, 9,  8,  6};
  const char *p = c ? strchr(common, c) : NULL;
  if (p)
    return w[p - common];
  return c >= '0' && c <= '9' ? 3 : 1;
}

/* How common the pair of (folded) bytes is: common English letter pairs
 * count four times what their letters say. */
static uint64_t pair_weight(unsigned char a, unsigned char b) {
  static const char top[] = "th he in er an re on at en nd ti es or te of ed is it al ar st "
                            "to nt ng se ha as ou io le ve co me de hi ri ro ic ne ea ra ce ";
  uint64_t w = (uint64_t)byte_weight(a) * byte_weight(b);
  const char *p;
  for (p = top; *p; p += 3)
    if (p[0] == (char)a && p[1] == (char)b)
      return 4 * w;
  return w;
}

/* The offset of the three bytes of s whose first two (the scan's gate) are
 * least likely in prose, then whose third is. */
static uint32_t rarest_three(const char *s, size_t len) {
  uint64_t best = UINT64_MAX;
  uint32_t at = 0;
  size_t k;
  for (k = 0; k + 3 <= len; k++) {
    uint64_t score = pair_weight((unsigned char)s[k], (unsigned char)s[k + 1]) * 256 +
                     byte_weight((unsigned char)s[k + 2]);
    if (score < best) {
      best = score;
      at = (uint32_t)k;
    }
  }
  return at;
}

static uint32_t tri_hash(uint32_t key) {
  return (key * 2654435761u) >> 8;
}

static size_t tri_slot(const mtl_wordindex *wi, uint32_t key) {
  size_t mask = wi->captri - 1, i = tri_hash(key) & mask;
  while (wi->tri_first[i] != UINT32_MAX && wi->tri_key[i] != key)
    i = (i + 1) & mask;
  return i;
}

static int tri_rehash(mtl_wordindex *wi) {
  size_t ncap = wi->captri ? wi->captri * 2 : 64, i, oldcap = wi->captri;
  uint32_t *ok = wi->tri_key, *of = wi->tri_first;
  uint32_t *nk = mtl_malloc(ncap * sizeof *nk), *nf = mtl_malloc(ncap * sizeof *nf);
  if (!nk || !nf) {
    mtl_free(nk);
    mtl_free(nf);
    return MTL_ENOMEM;
  }
  memset(nf, 0xFF, ncap * sizeof *nf);
  wi->tri_key = nk;
  wi->tri_first = nf;
  wi->captri = ncap;
  for (i = 0; i < oldcap; i++)
    if (of[i] != UINT32_MAX) {
      size_t s = tri_slot(wi, ok[i]);
      nk[s] = ok[i];
      nf[s] = of[i];
    }
  mtl_free(ok);
  mtl_free(of);
  return 0;
}

/* The scan reads two raw bytes at a time, in memory order: every case of
 * the folded pair a, b opens the gate. */
static void set_gate(mtl_wordindex *wi, unsigned char a, unsigned char b) {
  unsigned char as[2] = {a, a}, bs[2] = {b, b};
  int i, j;
  if (a >= 'a' && a <= 'z')
    as[1] = (unsigned char)(a - 32);
  if (b >= 'a' && b <= 'z')
    bs[1] = (unsigned char)(b - 32);
  for (i = 0; i < 2; i++)
    for (j = 0; j < 2; j++) {
      unsigned char two[2] = {as[i], bs[j]};
      uint16_t k;
      memcpy(&k, two, 2);
      wi->gate[k >> 6] |= 1ull << (k & 63);
    }
}

int mtl_wordindex_add_literal(mtl_wordindex *wi, const char *lit, size_t len, uint32_t rule,
                              const unsigned char *follow, const unsigned char *precede) {
  const unsigned char *f = fold_table();
  uint32_t key;
  size_t s, k;
  literal *l;
  if (len < 2 && !(len == 1 && follow && precede))
    return MTL_EINVAL;
  if (wi->nlits >= UINT32_MAX - 1 ||
      mtl_grow((void **)&wi->lits, &wi->caplits, wi->nlits + 1, sizeof *wi->lits) ||
      ((wi->ntri + 1) * 2 > wi->captri && tri_rehash(wi)))
    return MTL_ENOMEM;
  if (lit_rule(wi, rule))
    return MTL_ENOMEM;
  l = &wi->lits[wi->nlits];
  l->follow = l->precede = NULL;
  if (!(l->s = mtl_malloc(len + 1)) || (follow && !(l->follow = mtl_malloc(32))) ||
      (precede && !(l->precede = mtl_malloc(32)))) {
    mtl_free(l->s);
    mtl_free(l->follow);
    mtl_free(l->precede);
    return MTL_ENOMEM;
  }
  if (follow)
    memcpy(l->follow, follow, 32);
  if (precede)
    memcpy(l->precede, precede, 32);
  for (k = 0; k < len; k++)
    l->s[k] = (char)f[(unsigned char)lit[k]];
  l->s[len] = '\0';
  l->len = len;
  l->rule = rule;
  l->head_len = len < 8 ? (unsigned)len : 8;
  {
    /* built as bytes, so that a load of the text compares in any byte order */
    char hv[8] = {0}, hm[8] = {0}, hc[8] = {0};
    for (k = 0; k < l->head_len; k++) {
      hv[k] = l->s[k];
      hm[k] = (char)0xFF;
      hc[k] = l->s[k] >= 'a' && l->s[k] <= 'z' ? 0x20 : 0;
    }
    l->head = mtl_load8(hv);
    l->head_mask = mtl_load8(hm);
    l->head_case = mtl_load8(hc);
  }
  if (len == 1) {
    unsigned b0 = (unsigned char)l->s[0], x;
    key = SINGLE_KEY(b0);
    wi->single[b0] = 1;
    wi->nsingles = 1;
    for (x = 0; x < 256; x++)
      if (follow[x >> 3] >> (x & 7) & 1) { /* the gate reads raw byte pairs */
        unsigned char two[2] = {(unsigned char)b0, (unsigned char)x};
        uint16_t k2;
        memcpy(&k2, two, 2);
        wi->gate[k2 >> 6] |= 1ull << (k2 & 63);
      }
    l->koff = 0;
  } else if (len == 2) {
    key = PAIR_KEY((unsigned char)l->s[0], (unsigned char)l->s[1]);
    wi->pairs[(key >> 6) & 1023] |= 1ull << (key & 63);
    set_gate(wi, (unsigned char)l->s[0], (unsigned char)l->s[1]);
    wi->pair_lead[(unsigned char)l->s[0]] = 1;
    wi->npairs = 1;
    l->koff = 0;
  } else {
    const unsigned char *q = (const unsigned char *)l->s + (l->koff = rarest_three(l->s, len));
    key = (uint32_t)q[0] << 16 | (uint32_t)q[1] << 8 | q[2];
    set_gate(wi, q[0], q[1]);
  }
  s = tri_slot(wi, key);
  if (wi->tri_first[s] == UINT32_MAX) {
    wi->tri_key[s] = key;
    wi->ntri++;
  }
  l->next = wi->tri_first[s];
  wi->tri_first[s] = (uint32_t)wi->nlits++;
  if (len > 2)
    wi->bloom[(tri_hash(key) >> 6) & 1023] |= 1ull << (tri_hash(key) & 63);
  return 0;
}

/* The rule among those the K sign and its kind switch off. */
static int lit_rule(mtl_wordindex *wi, uint32_t rule) {
  size_t k;
  for (k = 0; k < wi->nlit_rules && wi->lit_rules[k] != rule; k++)
    ;
  if (k == wi->nlit_rules) {
    if (mtl_grow((void **)&wi->lit_rules, &wi->caplit_rules, k + 1, sizeof *wi->lit_rules))
      return MTL_ENOMEM;
    wi->lit_rules[wi->nlit_rules++] = rule;
  }
  return 0;
}

int mtl_wordindex_add_pair(mtl_wordindex *wi, const unsigned char *x, const unsigned char *y,
                           int xw, int yw, uint32_t rule) {
  cpair *c;
  unsigned a, b;
  if (mtl_grow((void **)&wi->cps, &wi->capcps, wi->ncps + 1, sizeof *wi->cps) ||
      lit_rule(wi, rule))
    return MTL_ENOMEM;
  c = &wi->cps[wi->ncps++];
  memcpy(c->x, x, 32);
  memcpy(c->y, y, 32);
  c->xw = xw;
  c->yw = yw;
  c->rule = rule;
  for (a = 0; a < 256; a++) {
    if (!(x[a >> 3] >> (a & 7) & 1))
      continue;
    for (b = 0; b < 256; b++)
      if (y[b >> 3] >> (b & 7) & 1) { /* the gate reads raw byte pairs */
        unsigned char two[2] = {(unsigned char)a, (unsigned char)b};
        uint16_t k2;
        memcpy(&k2, two, 2);
        wi->gate[k2 >> 6] |= 1ull << (k2 & 63);
        wi->cp_gate[k2 >> 6] |= 1ull << (k2 & 63);
      }
  }
  return 0;
}

/* Whether t[i], t[i + 1] is a hit of pair c. */
static int cpair_hit(const cpair *c, const unsigned char *t, size_t len, size_t i) {
  unsigned char a = t[i], b = t[i + 1];
  if (!(c->x[a >> 3] >> (a & 7) & 1) || !(c->y[b >> 3] >> (b & 7) & 1))
    return 0;
  if (c->yw && b == 0xE2 && i + 2 < len && t[i + 2] == 0x80)
    return 0; /* U+2000-U+203F: no letter or digit */
  if (c->xw && a >= 0x80 && a < 0xC0 && i >= 2 && t[i - 2] == 0xE2 && t[i - 1] == 0x80)
    return 0;
  return 1;
}

int mtl_wordindex_set_hit_driven(mtl_wordindex *wi, uint32_t rule) {
  size_t old = wi->capdriven;
  if (mtl_grow((void **)&wi->driven, &wi->capdriven, (size_t)rule + 1, 1))
    return MTL_ENOMEM;
  if (wi->capdriven > old)
    memset(wi->driven + old, 0, wi->capdriven - old);
  wi->driven[rule] = 1;
  return 0;
}

int mtl_wordindex_hit_driven(const mtl_wordindex *wi, uint32_t rule) {
  return rule < wi->capdriven && wi->driven[rule];
}

const unsigned char *mtl_wordindex_driven(const mtl_wordindex *wi, size_t *n) {
  *n = wi->capdriven;
  return wi->driven;
}

static int push_hit(mtl_phrase_hit **hits, size_t *n, size_t *cap, uint32_t rule,
                    size_t start, size_t end) {
  if (mtl_grow((void **)hits, cap, *n + 1, sizeof **hits))
    return MTL_ENOMEM;
  (*hits)[*n].rule = rule;
  (*hits)[*n].payload = MTL_HIT_LITERAL;
  (*hits)[*n].tok_start = start;
  (*hits)[*n].tok_end = end;
  ++*n;
  return 0;
}

/* One pass over the bytes: every occurrence of every literal. */
static int literal_run(const mtl_wordindex *wi, const mtl_doc *doc, mtl_phrase_hit **hits,
                       size_t *n, size_t *cap) {
  const unsigned char *f = fold_table(), *t = (const unsigned char *)doc->text, *p;
  const uint64_t *gate = wi->gate;
  size_t len = doc->len, i, k;
  uint32_t key;
  int unsafe;
  if (len < 2)
    return 0;
  /* Characters that caseless matching folds to ASCII: rare, found by memchr */
  unsafe = 0;
  for (i = 0; !unsafe && (p = memchr(t + i, 0xE2, len - i)) != NULL; i = (size_t)(p - t) + 1)
    unsafe = (size_t)(p - t) + 2 < len && p[1] == 0x84 && p[2] == 0xAA; /* K sign */
  for (i = 0; !unsafe && (p = memchr(t + i, 0xC5, len - i)) != NULL; i = (size_t)(p - t) + 1)
    unsafe = (size_t)(p - t) + 1 < len && p[1] == 0xBF;    /* long s */
  for (i = 0; !unsafe && (p = memchr(t + i, 0xC4, len - i)) != NULL; i = (size_t)(p - t) + 1)
    unsafe = (size_t)(p - t) + 1 < len && (p[1] == 0xB0 || p[1] == 0xB1); /* I dot, dotless i */
  for (i = 0; i + 1 < len; i++) {
    uint32_t k2, h;
    uint16_t raw;
    memcpy(&raw, t + i, 2);
    if (!(gate[raw >> 6] & (1ull << (raw & 63))))
      continue; /* no key opens with these two bytes: the common case */
    if (wi->nsingles && wi->single[t[i]]) {
      uint32_t x;
      for (x = wi->tri_first[tri_slot(wi, SINGLE_KEY(t[i]))]; x != UINT32_MAX;
           x = wi->lits[x].next) {
        const literal *l = &wi->lits[x];
        if (i > 0 && (l->precede[t[i - 1] >> 3] >> (t[i - 1] & 7) & 1) &&
            (l->follow[t[i + 1] >> 3] >> (t[i + 1] & 7) & 1) &&
            push_hit(hits, n, cap, l->rule, i, i + 1))
          return MTL_ENOMEM;
      }
    }
    if (wi->cp_gate[raw >> 6] & (1ull << (raw & 63))) {
      size_t c;
      for (c = 0; c < wi->ncps; c++)
        if (cpair_hit(&wi->cps[c], t, len, i) &&
            push_hit(hits, n, cap, wi->cps[c].rule, i, i + 2))
          return MTL_ENOMEM;
    }
    k2 = (uint32_t)f[t[i]] << 8 | f[t[i + 1]];
    if (wi->npairs && (wi->pairs[k2 >> 6] & (1ull << (k2 & 63)))) {
      uint32_t x;
      for (x = wi->tri_first[tri_slot(wi, PAIR_KEY(k2 >> 8, k2 & 0xFF))]; x != UINT32_MAX;
           x = wi->lits[x].next) {
        const literal *l = &wi->lits[x];
        if (l->follow && !(i + 2 < len && (l->follow[t[i + 2] >> 3] >> (t[i + 2] & 7) & 1)))
          continue;
        if (l->precede && !(i > 0 && (l->precede[t[i - 1] >> 3] >> (t[i - 1] & 7) & 1)))
          continue;
        if (push_hit(hits, n, cap, l->rule, i, i + 2))
          return MTL_ENOMEM;
      }
    }
    if (i + 2 >= len)
      continue;
    key = k2 << 8 | f[t[i + 2]];
    h = tri_hash(key);
    if (!(wi->bloom[(h >> 6) & 1023] & (1ull << (h & 63))))
      continue;
    {
      size_t s = tri_slot(wi, key);
      uint32_t x;
      for (x = wi->tri_first[s]; x != UINT32_MAX; x = wi->lits[x].next) {
        const literal *l = &wi->lits[x];
        size_t at = i - l->koff;
        if (i < l->koff || l->len > len - at)
          continue;
        k = 0;
        if (len - at >= 8) {
          uint64_t w8 = mtl_load8((const char *)t + at);
          if (((w8 | l->head_case) & l->head_mask) != l->head)
            continue;
          k = l->head_len;
        }
        for (; k < l->len && f[t[at + k]] == (unsigned char)l->s[k]; k++)
          ;
        if (k < l->len)
          continue;
        if (l->follow && !(at + k < len && (l->follow[t[at + k] >> 3] >> (t[at + k] & 7) & 1)))
          continue;
        if (l->precede && !(at > 0 && (l->precede[t[at - 1] >> 3] >> (t[at - 1] & 7) & 1)))
          continue;
        if (push_hit(hits, n, cap, l->rule, at, at + k))
          return MTL_ENOMEM;
      }
    }
  }
  for (k = 0; unsafe && k < wi->nlit_rules; k++)
    if (push_hit(hits, n, cap, wi->lit_rules[k], MTL_HIT_ANYWHERE, MTL_HIT_ANYWHERE))
      return MTL_ENOMEM;
  return 0;
}

int mtl_wordindex_run(const mtl_wordindex *wi, const mtl_doc *doc, mtl_phrase_hit **hits,
                      size_t *n) {
  uint64_t *hs = NULL;
  mtl_buf tmp = {0};
  size_t i, cap = *n;
  int rc = 0;
  /* PERF: room for the usual number of hits (about two per token in news
   * text with the default rules) at once, not by doubling from eight */
  if (mtl_grow((void **)hits, &cap, *n + (doc->ntoks < 2048 ? 2 * doc->ntoks : 4096) + 16,
               sizeof **hits))
    return MTL_ENOMEM;
  if ((wi->nlits || wi->ncps) && (rc = literal_run(wi, doc, hits, n, &cap)))
    return rc;
  if (wi->nterms == 0 || doc->ntoks == 0)
    goto sort;
  /* hs[i]: token i's hash, 0 until needed (token_hash never gives 0) */
  hs = mtl_calloc(doc->ntoks, sizeof *hs);
  if (!hs)
    return MTL_ENOMEM;
  for (i = 0; i < doc->ntoks; i++) {
    uint32_t node = 0;
    size_t j;
    const unsigned char *a = (const unsigned char *)doc->text + doc->toks[i].start,
                        *z = (const unsigned char *)doc->text + doc->toks[i].end - 1;
    if (*a < 0x80 && *z < 0x80) {
      /* PERF: ASCII ends: lowering only folds them; no phrase opens with a
       * token that has these ends, so no hash is needed */
      const unsigned char *f = fold_table();
      uint32_t e = (uint32_t)f[*a] << 8 | f[*z];
      if (!(wi->ends[e >> 6] & (1ull << (e & 63))))
        continue;
    }
    if (!hs[i])
      hs[i] = token_hash(doc, i, &tmp);
    if (!(wi->roots[(hs[i] >> 6) & 1023] & (1ull << (hs[i] & 63))))
      continue; /* no phrase starts with this token */
    for (j = i; j < doc->ntoks; j++) {
      size_t s;
      uint32_t t;
      if (!hs[j])
        hs[j] = token_hash(doc, j, &tmp);
      if (tmp.oom) {
        rc = MTL_ENOMEM;
        goto done;
      }
      s = slot_of(wi, node, hs[j]);
      if (!wi->edges[s].word)
        break;
      node = wi->edges[s].child;
      for (t = wi->first_term[node]; t != UINT32_MAX; t = wi->terms[t].next) {
        mtl_phrase_hit h;
        if (mtl_grow((void **)hits, &cap, *n + 1, sizeof **hits)) {
          rc = MTL_ENOMEM;
          goto done;
        }
        h.rule = wi->terms[t].rule;
        h.payload = wi->terms[t].payload;
        h.tok_start = i;
        h.tok_end = j + 1;
        (*hits)[(*n)++] = h;
      }
    }
  }
sort:
  sort_hits(*hits, *n);
done:
  mtl_free(hs);
  mtl_buf_free(&tmp);
  return rc;
}
