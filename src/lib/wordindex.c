/*
 * wordindex.c - every phrase of every rule in one trie over case-folded
 * tokens, so a document is matched in one pass whatever the number of
 * phrases.  Edges live in one open-addressing hash table keyed by
 * (parent node, token hash).
 */
#include "internal.h"

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

struct mtl_wordindex {
  edge *edges; size_t nedges, capedges;   /* capedges is a power of two */
  uint32_t *first_term; size_t nnodes, capnodes;
  term *terms; size_t nterms, capterms;
};

/* Hash of the lower-cased token (curly apostrophes folded); never 0. */
static uint64_t token_hash(const mtl_doc *doc, size_t i, mtl_buf *tmp) {
  uint64_t h;
  tmp->len = 0;
  mtl_doc_token_lower(doc, i, tmp);
  h = mtl_hash(tmp->data ? tmp->data : "", tmp->len);
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

int mtl_wordindex_run(const mtl_wordindex *wi, const mtl_doc *doc, mtl_phrase_hit **hits,
                      size_t *n) {
  uint64_t *hs;
  mtl_buf tmp = {0};
  size_t i, cap = *n;
  int rc = 0;
  if (wi->nterms == 0 || doc->ntoks == 0)
    return 0;
  hs = mtl_malloc(doc->ntoks * sizeof *hs);
  if (!hs)
    return MTL_ENOMEM;
  for (i = 0; i < doc->ntoks; i++)
    hs[i] = token_hash(doc, i, &tmp);
  if (tmp.oom) {
    rc = MTL_ENOMEM;
    goto done;
  }
  for (i = 0; i < doc->ntoks; i++) {
    uint32_t node = 0;
    size_t j;
    for (j = i; j < doc->ntoks; j++) {
      size_t s = slot_of(wi, node, hs[j]);
      uint32_t t;
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
  if (*n > 1)
    qsort(*hits, *n, sizeof **hits, hit_cmp);
done:
  mtl_free(hs);
  mtl_buf_free(&tmp);
  return rc;
}
