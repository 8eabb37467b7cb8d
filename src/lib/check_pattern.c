/*
 * check_pattern.c - the "pattern" kind: a PCRE2 regex (UTF, UCP, MULTILINE,
 * JIT) per rule, run over the text or over each line, sentence or paragraph,
 * with suggestions from replacement templates.  A rule that hits a regex
 * limit is reported once and skipped for the rest of the input.
 */
#include "check.h"
#include "doc.h"
#include "lint.h"
#include "mtlint.h"
#include "regex.h"
#include "util.h"
#include "wordindex.h"
#include "ynode.h"

#include <stdio.h>
#include <string.h>

#define MAX_FINDINGS_PER_RULE 100000

enum scope { SCOPE_TEXT, SCOPE_PARAGRAPH, SCOPE_SENTENCE, SCOPE_LINE };

typedef struct pattern {
  mtl_regex *re;
  mtl_regex **exc;
  size_t nexc;
  char **repl;
  size_t nrepl;
  enum scope scope;
  int prefilter;   /* its required literals are in the engine's one-pass index */
  size_t reach;    /* a match starts at most this many bytes before one (or SIZE_MAX) */
  int same_line;   /* ... and on the line of one */
} pattern;

static const char *const keys[] = {"pattern", "ignore_case", "replace", "exceptions",
                                   "scope", NULL};

static void pattern_free(mtl_rule *rule) {
  pattern *p = rule->data;
  size_t i;
  if (!p)
    return;
  mtl_regex_free(p->re);
  for (i = 0; i < p->nexc; i++)
    mtl_regex_free(p->exc[i]);
  mtl_free(p->exc);
  for (i = 0; i < p->nrepl; i++)
    mtl_free(p->repl[i]);
  mtl_free(p->repl);
  mtl_free(p);
  rule->data = NULL;
}

static int compile_at(mtl_regex **re, const mtl_ynode *n, unsigned flags, const char *file,
                      mtl_error *err) {
  size_t off;
  int rc;
  if (n->vlen == 0)
    return mtl_seterr(err, MTL_ESCHEMA, file, n->line, n->column, "empty pattern");
  rc = mtl_regex_compile(re, n->value, n->vlen, flags, &off, err);
  if (rc == MTL_EREGEX) {
    char msg[400];
    snprintf(msg, sizeof msg, "%.380s", err ? err->message : "");
    /* The column of the fault: a guess for escaped scalars, exact otherwise. */
    return mtl_seterr(err, MTL_EREGEX, file, n->line, n->column + off + (n->quoted ? 1 : 0),
                      "bad regex: %s", msg);
  }
  if (rc)
    return mtl_seterr(err, rc, file, n->line, n->column, "%s", mtl_strerror(rc));
  return 0;
}

/* PERF: a rule with no literal but byte pairs one of which every match
 * holds, rare in news ("a lower-case byte then an upper-case one"), runs
 * only where the one pass found one.  1 when it does, 0 when it has none,
 * MTL_ENOMEM. */
static int add_pairs(pattern *p, const mtl_rule *rule, const mtl_ynode *n, unsigned flags,
                     mtl_build *b) {
  mtl_pairs *pr = mtl_malloc(sizeof *pr);
  size_t i;
  int rc;
  if (!pr)
    return MTL_ENOMEM;
  rc = mtl_regex_pairs(n->value, n->vlen, flags, pr);
  for (i = 0; !rc && i < pr->n; i++)
    rc = mtl_wordindex_add_pair(mtl_build_wordindex(b), pr->x[i], pr->y[i], pr->xw[i],
                                pr->yw[i], rule->index);
  if (!rc && pr->n)
    rc = mtl_wordindex_set_hit_driven(mtl_build_wordindex(b), rule->index);
  if (!rc && pr->n) {
    p->reach = pr->reach;
    p->same_line = pr->same_line;
    rc = 1;
  }
  mtl_free(pr);
  return rc;
}

/* PERF: a rule whose every match holds one of a few literals runs only on
 * the inputs (or spans) where the engine's one pass found one of them. */
static int add_literals(pattern *p, const mtl_rule *rule, const mtl_ynode *n, unsigned flags,
                        mtl_build *b, mtl_error *err) {
  char **lits;
  unsigned char follow[32], precede[32], fany = 0, pany = 0;
  size_t nlits, i;
  int rc = mtl_regex_literals(n->value, n->vlen, flags, 3, &lits, &nlits, &p->reach,
                              &p->same_line, follow, precede);
  for (i = 0; i < sizeof follow; i++) {
    fany |= follow[i];
    pany |= precede[i];
  }
  for (i = 0; !rc && i < nlits; i++)
    rc = mtl_wordindex_add_literal(mtl_build_wordindex(b), lits[i], strlen(lits[i]),
                                   rule->index, fany ? follow : NULL, pany ? precede : NULL);
  mtl_regex_literals_free(lits, nlits);
  if (!rc && !nlits && (rc = add_pairs(p, rule, n, flags, b)) > 0) {
    p->prefilter = 1;
    return 0;
  }
  if (!rc && nlits)
    rc = mtl_wordindex_set_hit_driven(mtl_build_wordindex(b), rule->index);
  if (rc)
    return mtl_seterr(err, MTL_ENOMEM, b->file, 0, 0, "out of memory");
  p->prefilter = nlits > 0;
  return 0;
}

static int pattern_compile(mtl_rule *rule, const mtl_ynode *map, mtl_build *b, mtl_error *err) {
  const mtl_ynode *n, *pat, **items;
  const char *s;
  size_t count, i;
  unsigned flags = MTL_RE_MULTILINE;
  int icase = 0, rc;
  pattern *p = mtl_calloc(1, sizeof *p);
  if (!p)
    return mtl_seterr(err, MTL_ENOMEM, b->file, 0, 0, "out of memory");
  rule->data = p;
  if ((n = mtl_ynode_get(map, "ignore_case")) &&
      (rc = mtl_y_bool(n, b->file, "ignore_case", &icase, err)))
    return rc;
  if (icase)
    flags |= MTL_RE_ICASE;
  if (!(n = mtl_ynode_get(map, "pattern")))
    return mtl_seterr(err, MTL_ESCHEMA, b->file, map->line, map->column,
                      "pattern rule is missing required key 'pattern'");
  if ((rc = mtl_y_string(n, b->file, "pattern", &s, err)) ||
      (rc = compile_at(&p->re, n, flags, b->file, err)))
    return rc;
  if (!mtl_reference_mode() && (rc = add_literals(p, rule, n, flags, b, err)))
    return rc;
  pat = n;
  if ((n = mtl_ynode_get(map, "scope"))) {
    if ((rc = mtl_y_string(n, b->file, "scope", &s, err)))
      return rc;
    if (!strcmp(s, "text"))
      p->scope = SCOPE_TEXT;
    else if (!strcmp(s, "paragraph"))
      p->scope = SCOPE_PARAGRAPH;
    else if (!strcmp(s, "sentence"))
      p->scope = SCOPE_SENTENCE;
    else if (!strcmp(s, "line"))
      p->scope = SCOPE_LINE;
    else
      return mtl_seterr(err, MTL_ESCHEMA, b->file, n->line, n->column,
                        "scope must be text, paragraph, sentence or line, not '%s'", s);
  }
  /* findings within one paragraph: a scope inside one, or a pattern that
   * cannot match or look across a line break (the LSP's region lints) */
  rule->para_local = p->scope != SCOPE_TEXT ||
                     mtl_pattern_line_bound(pat->value, pat->vlen);
  if ((n = mtl_ynode_get(map, "replace"))) {
    if ((rc = mtl_y_strings(n, b->file, "replace", &items, &count, err)))
      return rc;
    if (!(p->repl = mtl_calloc(count, sizeof *p->repl)))
      return mtl_seterr(err, MTL_ENOMEM, b->file, 0, 0, "out of memory");
    for (i = 0; i < count; i++) {
      if ((rc = mtl_regex_check_template(p->re, items[i]->value, err)))
        return mtl_seterr(err, MTL_ESCHEMA, b->file, items[i]->line, items[i]->column, "%s",
                          err ? err->message : "bad replacement");
      if (!(p->repl[i] = mtl_strdup(items[i]->value)))
        return mtl_seterr(err, MTL_ENOMEM, b->file, 0, 0, "out of memory");
      p->nrepl = i + 1;
    }
  }
  if ((n = mtl_ynode_get(map, "exceptions"))) {
    if ((rc = mtl_y_strings(n, b->file, "exceptions", &items, &count, err)))
      return rc;
    if (!(p->exc = mtl_calloc(count, sizeof *p->exc)))
      return mtl_seterr(err, MTL_ENOMEM, b->file, 0, 0, "out of memory");
    for (i = 0; i < count; i++) {
      if ((rc = compile_at(&p->exc[i], items[i], flags, b->file, err)))
        return rc;
      p->nexc = i + 1;
    }
  }
  return 0;
}

static size_t next_char(const char *s, size_t len, size_t i) {
  i++;
  while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
    i++;
  return i;
}

/* Where the line holding text[at] starts (text[0] at the latest). */
static size_t line_start(const char *text, size_t at) {
  while (at > 0 && text[at - 1] != '\n')
    at--;
  return at;
}

/* Runs over text[lo, hi); returns 0, MTL_ENOMEM, or 1 to stop the rule.
 * hits (NULL: none): the rule's literal hits, sorted by start, when every
 * match starts at most p->reach bytes before one it holds, or (reach
 * unbounded) on the line of one it holds. */
static int run_span(const mtl_rule *rule, const pattern *p, mtl_lintctx *lc, size_t lo,
                    size_t hi, size_t *count, const mtl_phrase_hit *hits, size_t nhits) {
  const char *text = lc->doc->text + lo;
  size_t len = hi - lo, off = 0, i, k = 0;
  mtl_buf sugg = {0};
  while (off <= len) {
    mtl_match m;
    int rc, skip = 0;
    const char *list[8];
    size_t nlist = 0, starts[8], limit = SIZE_MAX;
    if (hits) {
      /* PERF: a match holds a hit at or after its start, at most p->reach
       * bytes on: search only the starts [hit - reach, hit] of the hits not
       * yet passed (windows that touch are searched as one); with no bound
       * but the line, the starts from the hit's line start on (hits on one
       * line are searched as one). */
      size_t from;
      while (k < nhits && hits[k].tok_start < lo + off)
        k++;
      if (k == nhits || hits[k].tok_start >= hi)
        break;
      limit = hits[k].tok_start - lo;
      if (p->reach != SIZE_MAX) {
        from = limit > p->reach ? limit - p->reach : 0;
        for (i = k + 1; i < nhits && hits[i].tok_start < hi &&
                        hits[i].tok_start - lo - limit <= p->reach + 1; i++)
          limit = hits[i].tok_start - lo;
      } else {
        from = off + line_start(text + off, limit - off); /* not back past off */
        for (i = k + 1; i < nhits && hits[i].tok_start < hi &&
                        !memchr(text + limit, '\n', hits[i].tok_start - lo - limit); i++)
          limit = hits[i].tok_start - lo;
      }
      if (from > off)
        off = from;
      while (off < len && ((unsigned char)text[off] & 0xC0) == 0x80)
        off++; /* no match starts inside a character */
    }
    rc = mtl_regex_match_limit(p->re, text, len, off, limit, &m);
    if (rc == 0 && hits) {
      off = limit + 1;
      continue;
    }
    if (rc == 0)
      break;
    if (rc == MTL_ELIMIT) {
      mtl_buf_free(&sugg);
      return mtl_emit_limit(lc, rule, "PCRE2 match/depth/heap") ? MTL_ENOMEM : 1;
    }
    if (rc < 0) {
      mtl_buf_free(&sugg);
      return MTL_ENOMEM;
    }
    for (i = 0; i < p->nexc && !skip; i++) {
      mtl_match e;
      int erc = mtl_regex_match(p->exc[i], text + m.start, m.end - m.start, 0, &e);
      if (erc == MTL_ELIMIT) {
        mtl_buf_free(&sugg);
        return mtl_emit_limit(lc, rule, "PCRE2 match/depth/heap") ? MTL_ENOMEM : 1;
      }
      skip = erc == 1;
    }
    if (!skip) {
      sugg.len = 0;
      for (i = 0; i < p->nrepl && nlist < 8; i++) {
        size_t at = sugg.len;
        if (mtl_regex_expand(p->re, text, len, &m, p->repl[i], &sugg) == 0) {
          mtl_buf_putc(&sugg, '\0');
          starts[nlist++] = at;
        }
      }
      if (sugg.oom) {
        mtl_buf_free(&sugg);
        return MTL_ENOMEM;
      }
      for (i = 0; i < nlist; i++)
        list[i] = sugg.data + starts[i];
      if (mtl_emit(lc, rule, lo + m.start, lo + m.end, list, nlist, NULL, 0)) {
        mtl_buf_free(&sugg);
        return MTL_ENOMEM;
      }
      if (++*count >= MAX_FINDINGS_PER_RULE) {
        mtl_buf_free(&sugg);
        return mtl_emit_limit(lc, rule, "100,000 findings per input") ? MTL_ENOMEM : 1;
      }
    }
    off = m.ovec[1] > m.end ? m.ovec[1] : m.end;
    if (off <= m.start || m.end == m.start)
      off = next_char(text, len, off > m.start ? off - 1 : m.start);
    if (off > len)
      break;
  }
  mtl_buf_free(&sugg);
  return 0;
}

static int pattern_run(const mtl_rule *rule, mtl_lintctx *lc) {
  const pattern *p = rule->data;
  const mtl_doc *d = lc->doc;
  const mtl_span *spans = NULL;
  size_t n = 0, i, count = 0, h = 0;
  int rc, filter = p->prefilter, windows;
  if (filter) {
    if (lc->nhits == 0)
      return 0;  /* none of its literals occurs: it cannot match */
    if (lc->hits[lc->nhits - 1].tok_start == MTL_HIT_ANYWHERE)
      filter = 0;
  }
  windows = filter && (p->reach != SIZE_MAX || p->same_line);
  switch (p->scope) {
  case SCOPE_TEXT:
    rc = run_span(rule, p, lc, d->body, d->len, &count, windows ? lc->hits : NULL, lc->nhits);
    return rc < 0 ? rc : 0;
  case SCOPE_PARAGRAPH: spans = d->paras; n = d->nparas; break;
  case SCOPE_SENTENCE: spans = d->sents; n = d->nsents; break;
  case SCOPE_LINE: spans = d->lines; n = d->nlines; break;
  }
  for (i = 0; i < n; i++) {
    if (filter) { /* hits are sorted by start: skip spans without a whole literal */
      while (h < lc->nhits && lc->hits[h].tok_start < spans[i].start)
        h++;
      if (h == lc->nhits)
        break;
      {
        size_t k = h;
        while (k < lc->nhits && lc->hits[k].tok_start < spans[i].end &&
               lc->hits[k].tok_end > spans[i].end)
          k++;
        if (k == lc->nhits || lc->hits[k].tok_start >= spans[i].end)
          continue;
      }
    }
    rc = run_span(rule, p, lc, spans[i].start, spans[i].end, &count,
                  windows ? lc->hits + h : NULL, lc->nhits - h);
    if (rc)
      return rc < 0 ? rc : 0;
  }
  return 0;
}

const mtl_check_kind mtl_check_pattern = {"pattern", keys, pattern_compile, pattern_run,
                                          pattern_free, 0, NULL};
