/*
 * check_terminology.c - the "terminology" check kind: one spelling per term.
 *
 * `terms` is a list of {preferred, variants}.  Every form of every term goes
 * into the engine's shared phrase index (payload = the form's position in
 * this rule's flat form table), so thousands of terms still cost one pass
 * over the tokens; this file only walks the rule's hits.  Overlapping hits
 * are resolved left to right, longest first.
 *
 *  - prefer: each occurrence of a variant is flagged; the suggestion is the
 *    preferred form in the case shape of the match; {detail} is the
 *    preferred form.
 *  - consistency: the first form of a term met in the document wins; each
 *    occurrence of another form of that term is flagged, suggesting the
 *    first form (case shape of the match); {detail} is the first form.
 *
 * Forms are compared case-insensitively (the phrase index folds case), so
 * a variant may not differ from another form of the rule by case alone.
 */
#include "check.h"
#include "doc.h"
#include "lint.h"
#include "mtlint.h"
#include "utf8.h"
#include "util.h"
#include "wordindex.h"
#include "ynode.h"

#include <string.h>

static const char *const terminology_keys[] = {"terms", "mode", NULL};
static const char *const term_keys[] = {"preferred", "variants", NULL};

typedef struct tform {
  uint32_t term;   /* index into terms */
  uint32_t form;   /* 0: preferred, 1..: variants */
  char *text;
} tform;

typedef struct terminology {
  int consistency;
  tform *forms; size_t nforms, capforms;
  uint32_t *first_form;   /* per term: index into forms of the form 0 */
  size_t nterms;
} terminology;

static void term_free_data(terminology *t) {
  size_t i;
  if (!t)
    return;
  for (i = 0; i < t->nforms; i++)
    mtl_free(t->forms[i].text);
  mtl_free(t->forms);
  mtl_free(t->first_form);
  mtl_free(t);
}

/* Set of normalised forms (lower case, white space collapsed) seen so far,
 * to reject a form listed twice. */
typedef struct seen {
  char **keys;
  size_t *lines;
  size_t cap, n;
} seen;

static char *normal_form(const char *s) {
  mtl_buf low = {0}, out = {0};
  size_t i;
  int space = 0;
  char *r;
  mtl_utf8_lower(&low, s, strlen(s));
  for (i = 0; i < low.len; i++) {
    char c = low.data[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = out.len > 0;
      continue;
    }
    if (space)
      mtl_buf_putc(&out, ' ');
    space = 0;
    mtl_buf_putc(&out, c);
  }
  if (!out.data)
    mtl_buf_put(&out, "", 0);
  r = (low.oom || out.oom) ? NULL : out.data;
  if (!r)
    mtl_buf_free(&out);
  mtl_buf_free(&low);
  return r;
}

/* 1 if key (owned, taken) was new, 0 if it was there (*line gets where),
 * MTL_ENOMEM. */
static int seen_add(seen *s, char *key, size_t line, size_t *first_line) {
  size_t i, n = strlen(key);
  uint64_t h = mtl_hash(key, n);
  if (s->n + 1 > s->cap / 2) {
    size_t ncap = s->cap ? s->cap * 2 : 64, j;
    char **nk = mtl_calloc(ncap, sizeof *nk);
    size_t *nl = mtl_calloc(ncap, sizeof *nl);
    if (!nk || !nl) {
      mtl_free(nk);
      mtl_free(nl);
      mtl_free(key);
      return MTL_ENOMEM;
    }
    for (j = 0; j < s->cap; j++) {
      if (!s->keys[j])
        continue;
      for (i = (size_t)mtl_hash(s->keys[j], strlen(s->keys[j])) & (ncap - 1); nk[i];
           i = (i + 1) & (ncap - 1))
        ;
      nk[i] = s->keys[j];
      nl[i] = s->lines[j];
    }
    mtl_free(s->keys);
    mtl_free(s->lines);
    s->keys = nk;
    s->lines = nl;
    s->cap = ncap;
  }
  for (i = (size_t)h & (s->cap - 1); s->keys[i]; i = (i + 1) & (s->cap - 1))
    if (!strcmp(s->keys[i], key)) {
      *first_line = s->lines[i];
      mtl_free(key);
      return 0;
    }
  s->keys[i] = key;
  s->lines[i] = line;
  s->n++;
  return 1;
}

static void seen_free(seen *s) {
  size_t i;
  for (i = 0; i < s->cap; i++)
    mtl_free(s->keys[i]);
  mtl_free(s->keys);
  mtl_free(s->lines);
}

static int add_form(terminology *t, mtl_rule *rule, mtl_build *b, seen *sn,
                    const mtl_ynode *node, uint32_t term, uint32_t form, mtl_error *err) {
  const char *s = node->value;
  char *key;
  size_t first_line = 0;
  tform *f;
  int rc;
  if (!*s)
    return mtl_seterr(err, MTL_ESCHEMA, b->file, node->line, node->column,
                      "terminology: a term form must not be empty");
  if (t->nforms >= UINT32_MAX - 1)
    return mtl_seterr(err, MTL_ELIMIT, b->file, node->line, node->column,
                      "terminology: too many term forms");
  if (!(key = normal_form(s)))
    return mtl_seterr(err, MTL_ENOMEM, b->file, 0, 0, "out of memory");
  rc = seen_add(sn, key, node->line, &first_line);
  if (rc < 0)
    return mtl_seterr(err, MTL_ENOMEM, b->file, 0, 0, "out of memory");
  if (rc == 0)
    return mtl_seterr(err, MTL_ESCHEMA, b->file, node->line, node->column,
                      "terminology: '%s' is already listed on line %zu (forms are compared "
                      "without regard to case)", s, first_line);
  if (mtl_grow((void **)&t->forms, &t->capforms, t->nforms + 1, sizeof *t->forms))
    return mtl_seterr(err, MTL_ENOMEM, b->file, 0, 0, "out of memory");
  f = &t->forms[t->nforms];
  f->term = term;
  f->form = form;
  if (!(f->text = mtl_strdup(s)))
    return mtl_seterr(err, MTL_ENOMEM, b->file, 0, 0, "out of memory");
  t->nforms++;
  rc = mtl_wordindex_add(mtl_build_wordindex(b), s, strlen(s), rule->index,
                         (uint32_t)(t->nforms - 1));
  if (rc == MTL_EINVAL)
    return mtl_seterr(err, MTL_ESCHEMA, b->file, node->line, node->column,
                      "terminology: '%s' has no words to match", s);
  if (rc)
    return mtl_seterr(err, rc, b->file, node->line, node->column,
                      "terminology: cannot index '%s'", s);
  return 0;
}

static int terminology_compile(mtl_rule *rule, const mtl_ynode *map, mtl_build *b,
                               mtl_error *err) {
  const mtl_ynode *terms, *n;
  terminology *t = mtl_calloc(1, sizeof *t);
  seen sn;
  size_t i;
  int rc = 0;
  memset(&sn, 0, sizeof sn);
  if (!t)
    return mtl_seterr(err, MTL_ENOMEM, b->file, 0, 0, "out of memory");
  if ((n = mtl_ynode_get(map, "mode")) != NULL) {
    const char *mode;
    if ((rc = mtl_y_string(n, b->file, "mode", &mode, err)) != 0)
      goto fail;
    if (!strcmp(mode, "consistency"))
      t->consistency = 1;
    else if (strcmp(mode, "prefer")) {
      rc = mtl_seterr(err, MTL_ESCHEMA, b->file, n->line, n->column,
                      "terminology: unknown mode '%s' (prefer or consistency)", mode);
      goto fail;
    }
  }
  if (!(terms = mtl_ynode_get(map, "terms"))) {
    rc = mtl_seterr(err, MTL_ESCHEMA, b->file, map->line, map->column,
                    "terminology: 'terms' is required");
    goto fail;
  }
  if (terms->kind != MTL_Y_SEQ || terms->n == 0) {
    rc = mtl_seterr(err, MTL_ESCHEMA, b->file, terms->line, terms->column,
                    "terminology: 'terms' must be a non-empty list of "
                    "{preferred, variants}");
    goto fail;
  }
  t->nterms = terms->n;
  if (!(t->first_form = mtl_calloc(t->nterms, sizeof *t->first_form))) {
    rc = mtl_seterr(err, MTL_ENOMEM, b->file, 0, 0, "out of memory");
    goto fail;
  }
  for (i = 0; i < terms->n; i++) {
    const mtl_ynode *tm = terms->items[i], *pref, *vars, **items;
    size_t cnt, j;
    if ((rc = mtl_y_check_keys(tm, b->file, "term", term_keys, NULL, err)) != 0)
      goto fail;
    if (!(pref = mtl_ynode_get(tm, "preferred")) || !(vars = mtl_ynode_get(tm, "variants"))) {
      rc = mtl_seterr(err, MTL_ESCHEMA, b->file, tm->line, tm->column,
                      "terminology: a term needs 'preferred' and 'variants'");
      goto fail;
    }
    {
      const char *s;
      if ((rc = mtl_y_string(pref, b->file, "preferred", &s, err)) != 0)
        goto fail;
    }
    if ((rc = mtl_y_strings(vars, b->file, "variants", &items, &cnt, err)) != 0)
      goto fail;
    if (cnt == 0) {
      rc = mtl_seterr(err, MTL_ESCHEMA, b->file, vars->line, vars->column,
                      "terminology: 'variants' must not be empty");
      goto fail;
    }
    t->first_form[i] = (uint32_t)t->nforms;
    if ((rc = add_form(t, rule, b, &sn, pref, (uint32_t)i, 0, err)) != 0)
      goto fail;
    for (j = 0; j < cnt; j++)
      if ((rc = add_form(t, rule, b, &sn, items[j], (uint32_t)i, (uint32_t)(j + 1), err)) != 0)
        goto fail;
  }
  seen_free(&sn);
  rule->data = t;
  return 0;
fail:
  seen_free(&sn);
  term_free_data(t);
  return rc;
}

static void terminology_free(mtl_rule *rule) {
  term_free_data(rule->data);
  rule->data = NULL;
}

static int emit_form(mtl_lintctx *lc, const mtl_rule *rule, const mtl_phrase_hit *h,
                     const char *to, mtl_buf *b) {
  const mtl_doc *doc = lc->doc;
  size_t s = doc->toks[h->tok_start].start, e = doc->toks[h->tok_end - 1].end;
  const char *sugg[1];
  b->len = 0;
  mtl_case_like(b, doc->text + s, e - s, to);
  if (b->oom || !b->data)
    return MTL_ENOMEM;
  sugg[0] = b->data;
  return mtl_emit(lc, rule, s, e, sugg, 1, to, 0);
}

static int terminology_run(const mtl_rule *rule, mtl_lintctx *lc) {
  const terminology *t = rule->data;
  uint32_t *first = NULL;   /* per term: forms index + 1 of the first form seen */
  size_t i, last_end = 0;
  mtl_buf b = {0};
  int rc = 0;
  if (lc->nhits == 0)
    return 0;
  if (t->consistency && !(first = mtl_calloc(t->nterms, sizeof *first)))
    return MTL_ENOMEM;
  for (i = 0; i < lc->nhits; i++) {
    const mtl_phrase_hit *h = &lc->hits[i];
    const tform *f;
    if (h->payload >= t->nforms || h->tok_end <= h->tok_start || h->tok_start < last_end)
      continue;
    last_end = h->tok_end;
    f = &t->forms[h->payload];
    if (!t->consistency) {
      if (f->form != 0 && (rc = emit_form(lc, rule, h, t->forms[t->first_form[f->term]].text,
                                          &b)) != 0)
        break;
      continue;
    }
    if (!first[f->term]) {
      first[f->term] = h->payload + 1;
      continue;
    }
    if (first[f->term] != h->payload + 1 &&
        (rc = emit_form(lc, rule, h, t->forms[first[f->term] - 1].text, &b)) != 0)
      break;
  }
  mtl_free(first);
  mtl_buf_free(&b);
  return rc;
}

const mtl_check_kind mtl_check_terminology = {"terminology", terminology_keys,
                                              terminology_compile, terminology_run,
                                              terminology_free, 0, NULL};
