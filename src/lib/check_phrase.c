/*
 * check_phrase.c - the "phrase" kind: many phrase -> replacement pairs per
 * rule, matched case-insensitively on word boundaries through the engine's
 * shared word index (one pass for all phrases of all rules).  At one place
 * the longest phrase wins; suggestions keep the match's case shape.
 */
#include "check.h"
#include "doc.h"
#include "lint.h"
#include "mtlint.h"
#include "util.h"
#include "wordindex.h"
#include "ynode.h"

#include <stdlib.h>
#include <string.h>

#define EXCEPTION_BIT 0x80000000u

typedef struct entry {
  char **repl;
  size_t nrepl;
} entry;

typedef struct phrase {
  entry *e;
  size_t n;
} phrase;

static const char *const keys[] = {"phrases", "exceptions", NULL};

static void phrase_free(mtl_rule *rule) {
  phrase *p = rule->data;
  size_t i, j;
  if (!p)
    return;
  for (i = 0; i < p->n; i++) {
    for (j = 0; j < p->e[i].nrepl; j++)
      mtl_free(p->e[i].repl[j]);
    mtl_free(p->e[i].repl);
  }
  mtl_free(p->e);
  mtl_free(p);
  rule->data = NULL;
}

static int add_phrase(mtl_build *b, const mtl_rule *rule, const mtl_ynode *key,
                      uint32_t payload, mtl_error *err) {
  int rc;
  if (key->vlen == 0)
    return mtl_seterr(err, MTL_ESCHEMA, b->file, key->line, key->column, "empty phrase");
  rc = mtl_wordindex_add(mtl_build_wordindex(b), key->value, key->vlen, rule->index, payload);
  if (rc == MTL_EINVAL)
    return mtl_seterr(err, MTL_ESCHEMA, b->file, key->line, key->column,
                      "phrase '%s' has no words", key->value);
  if (rc)
    return mtl_seterr(err, rc, b->file, 0, 0, "out of memory");
  return 0;
}

static int phrase_compile(mtl_rule *rule, const mtl_ynode *map, mtl_build *b, mtl_error *err) {
  const mtl_ynode *n = mtl_ynode_get(map, "phrases"), **items;
  size_t i, j, count;
  int rc;
  phrase *p = mtl_calloc(1, sizeof *p);
  if (!p)
    return mtl_seterr(err, MTL_ENOMEM, b->file, 0, 0, "out of memory");
  rule->data = p;
  if (!n)
    return mtl_seterr(err, MTL_ESCHEMA, b->file, map->line, map->column,
                      "phrase rule is missing required key 'phrases'");
  if (n->kind != MTL_Y_MAP || n->n == 0)
    return mtl_seterr(err, MTL_ESCHEMA, b->file, n->line, n->column,
                      "'phrases' must be a non-empty mapping of phrase -> replacement");
  if (!(p->e = mtl_calloc(n->n / 2, sizeof *p->e)))
    return mtl_seterr(err, MTL_ENOMEM, b->file, 0, 0, "out of memory");
  for (i = 0; i + 1 < n->n; i += 2) {
    const mtl_ynode *k = n->items[i], *v = n->items[i + 1];
    entry *e = &p->e[p->n++];
    if (v->kind == MTL_Y_SCALAR && v->vlen == 0) {
      count = 0;
    } else if ((rc = mtl_y_strings(v, b->file, "replacement", &items, &count, err))) {
      return rc;
    }
    if (count && !(e->repl = mtl_calloc(count, sizeof *e->repl)))
      return mtl_seterr(err, MTL_ENOMEM, b->file, 0, 0, "out of memory");
    for (j = 0; j < count; j++) {
      if (!(e->repl[j] = mtl_strdup(items[j]->value)))
        return mtl_seterr(err, MTL_ENOMEM, b->file, 0, 0, "out of memory");
      e->nrepl = j + 1;
    }
    if ((rc = add_phrase(b, rule, k, (uint32_t)(p->n - 1), err)))
      return rc;
  }
  if ((n = mtl_ynode_get(map, "exceptions"))) {
    if ((rc = mtl_y_strings(n, b->file, "exceptions", &items, &count, err)))
      return rc;
    for (j = 0; j < count; j++)
      if ((rc = add_phrase(b, rule, items[j], EXCEPTION_BIT | (uint32_t)j, err)))
        return rc;
  }
  /* PERF: it only reads its hits, so an input without any skips it */
  if (!mtl_reference_mode() && mtl_wordindex_set_hit_driven(mtl_build_wordindex(b), rule->index))
    return mtl_seterr(err, MTL_ENOMEM, b->file, 0, 0, "out of memory");
  return 0;
}

static int phrase_run(const mtl_rule *rule, mtl_lintctx *lc) {
  const phrase *p = rule->data;
  const mtl_doc *d = lc->doc;
  size_t i, e = 0, exc_max_end = 0, taken_end = 0;
  mtl_buf sugg = {0};
  /* exceptions, in the same (start, longest first) order as the hits */
  for (i = 0; i < lc->nhits; i++) {
    const mtl_phrase_hit *h = &lc->hits[i];
    const entry *en;
    const char *list[8];
    size_t starts[8], nlist = 0, j, ms, me;
    if (h->payload & EXCEPTION_BIT)
      continue;
    while (e < lc->nhits && lc->hits[e].tok_start <= h->tok_start) {
      if ((lc->hits[e].payload & EXCEPTION_BIT) && lc->hits[e].tok_end > exc_max_end)
        exc_max_end = lc->hits[e].tok_end;
      e++;
    }
    if (exc_max_end >= h->tok_end)
      continue; /* inside an exception */
    if (h->tok_start < taken_end)
      continue; /* overlaps a longer or earlier match */
    taken_end = h->tok_end;
    en = &p->e[h->payload];
    ms = d->toks[h->tok_start].start;
    me = d->toks[h->tok_end - 1].end;
    sugg.len = 0;
    for (j = 0; j < en->nrepl && nlist < 8; j++) {
      starts[nlist++] = sugg.len;
      mtl_case_like(&sugg, d->text + ms, me - ms, en->repl[j]);
      mtl_buf_putc(&sugg, '\0');
    }
    if (sugg.oom) {
      mtl_buf_free(&sugg);
      return MTL_ENOMEM;
    }
    for (j = 0; j < nlist; j++)
      list[j] = sugg.data + starts[j];
    if (mtl_emit(lc, rule, ms, me, list, nlist, NULL, 0)) {
      mtl_buf_free(&sugg);
      return MTL_ENOMEM;
    }
  }
  mtl_buf_free(&sugg);
  return 0;
}

const mtl_check_kind mtl_check_phrase = {"phrase", keys, phrase_compile, phrase_run,
                                         phrase_free, 0, NULL};
