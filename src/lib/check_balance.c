/*
 * check_balance.c - the "balance" check kind: brackets and quotation marks
 * that are not closed, closed twice or closed by the wrong character, within
 * each paragraph.
 *
 * Keys: pairs (two-character strings, default "()", "[]", "{}", "“”") and
 * straight_quotes (default true: an odd number of '"' in a paragraph flags
 * the last one).  One pass over the punctuation tokens of each paragraph with
 * a stack of open characters; the stack is capped (MAX_DEPTH), so memory is
 * bounded whatever the input.  A paragraph that ends inside a quotation is
 * fine when the next paragraph opens with the same quotation mark (the news
 * convention for quotes that run over paragraphs).  Tokens inside URLs are
 * never looked at.
 */
#include "internal.h"

#include <stdio.h>
#include <string.h>

#define MAX_PAIRS 32
#define MAX_DEPTH 256

static const char *const balance_keys[] = {"pairs", "straight_quotes", NULL};

typedef struct bpair {
  int32_t open, close;
  char open_s[5], close_s[5];
} bpair;

typedef struct bal {
  bpair pairs[MAX_PAIRS];
  size_t npairs;
  int straight;
} bal;

typedef struct opener {
  size_t tok;     /* token index of the opener */
  unsigned pair;  /* index into pairs */
} opener;

/* Splits s[0..n) into exactly two code points; 0 or -1. */
static int two_cps(const char *s, size_t n, int32_t *a, int32_t *b, char as[5], char bs[5]) {
  int k1, k2;
  if (n == 0 || (k1 = mtl_utf8_decode(s, n, a)) < 0 || (size_t)k1 >= n)
    return -1;
  if ((k2 = mtl_utf8_decode(s + k1, n - (size_t)k1, b)) < 0 || (size_t)(k1 + k2) != n)
    return -1;
  memcpy(as, s, (size_t)k1);
  as[k1] = '\0';
  memcpy(bs, s + k1, (size_t)k2);
  bs[k2] = '\0';
  return 0;
}

static int add_pair(bal *bl, const char *s, size_t n, const char *file, const mtl_ynode *at,
                    mtl_error *err) {
  bpair p;
  size_t i;
  if (bl->npairs >= MAX_PAIRS)
    return mtl_seterr(err, MTL_ESCHEMA, file, at->line, at->column,
                      "balance: at most %d pairs", MAX_PAIRS);
  if (two_cps(s, n, &p.open, &p.close, p.open_s, p.close_s))
    return mtl_seterr(err, MTL_ESCHEMA, file, at->line, at->column,
                      "balance: a pair must be two characters, as in \"()\"");
  if (p.open == p.close)
    return mtl_seterr(err, MTL_ESCHEMA, file, at->line, at->column,
                      "balance: a pair needs two different characters "
                      "(straight_quotes checks '\"')");
  if (mtl_cp_is_letter(p.open) || mtl_cp_is_digit(p.open) || mtl_cp_is_space(p.open) ||
      mtl_cp_is_letter(p.close) || mtl_cp_is_digit(p.close) || mtl_cp_is_space(p.close) ||
      p.open == '"' || p.close == '"')
    return mtl_seterr(err, MTL_ESCHEMA, file, at->line, at->column,
                      "balance: pairs are punctuation characters other than '\"'");
  for (i = 0; i < bl->npairs; i++)
    if (bl->pairs[i].open == p.open || bl->pairs[i].close == p.open ||
        bl->pairs[i].open == p.close || bl->pairs[i].close == p.close)
      return mtl_seterr(err, MTL_ESCHEMA, file, at->line, at->column,
                        "balance: a character is in two pairs");
  bl->pairs[bl->npairs++] = p;
  return 0;
}

static int balance_compile(mtl_rule *rule, const mtl_ynode *map, mtl_build *b, mtl_error *err) {
  static const char *const defaults[] = {"()", "[]", "{}", "\xE2\x80\x9C\xE2\x80\x9D", NULL};
  const mtl_ynode *n;
  bal *bl = mtl_calloc(1, sizeof *bl);
  int rc = 0;
  size_t i;
  if (!bl)
    return mtl_seterr(err, MTL_ENOMEM, b->file, 0, 0, "out of memory");
  bl->straight = 1;
  if ((n = mtl_ynode_get(map, "pairs")) != NULL) {
    size_t cnt = n->kind == MTL_Y_SEQ ? n->n : 1;
    if (n->kind == MTL_Y_MAP) {
      rc = mtl_seterr(err, MTL_ESCHEMA, b->file, n->line, n->column,
                      "pairs: expected a list of two-character strings");
      goto fail;
    }
    for (i = 0; i < cnt; i++) {
      const mtl_ynode *it = n->kind == MTL_Y_SEQ ? n->items[i] : n;
      const char *s;
      if ((rc = mtl_y_string(it, b->file, "pairs", &s, err)) != 0)
        goto fail;
      if ((rc = add_pair(bl, s, strlen(s), b->file, it, err)) != 0)
        goto fail;
    }
  } else {
    for (i = 0; defaults[i]; i++)
      if ((rc = add_pair(bl, defaults[i], strlen(defaults[i]), b->file, map, err)) != 0)
        goto fail;
  }
  if ((n = mtl_ynode_get(map, "straight_quotes")) != NULL &&
      (rc = mtl_y_bool(n, b->file, "straight_quotes", &bl->straight, err)) != 0)
    goto fail;
  if (bl->npairs == 0 && !bl->straight) {
    rc = mtl_seterr(err, MTL_ESCHEMA, b->file, map->line, map->column,
                    "balance: no pairs and straight_quotes off: nothing to check");
    goto fail;
  }
  rule->data = bl;
  return 0;
fail:
  mtl_free(bl);
  return rc;
}

static void balance_free(mtl_rule *rule) {
  mtl_free(rule->data);
  rule->data = NULL;
}

static int32_t tok_cp(const mtl_doc *doc, size_t i) {
  const mtl_token *t = &doc->toks[i];
  int32_t cp;
  if (t->kind != MTL_TOK_PUNCT || mtl_utf8_decode(doc->text + t->start, t->end - t->start, &cp) < 0)
    return -1;
  return cp;
}

/* Opening quotation marks, for which a repeated opener is a wrong closer and
 * an unclosed one may run on into the next paragraph. */
static int is_quote_open(int32_t cp) {
  return cp == 0x201C || cp == 0x201E || cp == 0xAB || cp == 0xBB || cp == 0x2039 ||
         cp == 0x300C || cp == 0x300E || cp == 0x2018;
}

static size_t line_of(const mtl_doc *doc, size_t off) {
  size_t lo = 0, hi = doc->nlines;
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (doc->lines[mid].start <= off)
      lo = mid;
    else
      hi = mid;
  }
  return lo + 1;
}

/* The ")" right after a URL that holds an unclosed "(": the tokenizer leaves
 * the ")" of "wiki/Foo_(bar)" out of the URL. */
static int url_closer(const mtl_doc *doc, size_t i, int32_t cp) {
  const mtl_token *p;
  size_t k, open = 0, close = 0;
  if (cp != ')' || i == 0)
    return 0;
  p = &doc->toks[i - 1];
  if (p->kind != MTL_TOK_URL || p->end != doc->toks[i].start)
    return 0;
  for (k = p->start; k < p->end; k++) {
    open += doc->text[k] == '(';
    close += doc->text[k] == ')';
  }
  return open > close;
}

/* ")" right after ":" or ";" (a smiley) or after an enumerator ("1)", "b)")
 * at the start of a line or after a space: not a bracket to balance. */
static int loose_closer(const mtl_doc *doc, size_t i, int32_t cp) {
  const mtl_token *p;
  int32_t pc;
  if (cp != ')' || i == 0)
    return 0;
  p = &doc->toks[i - 1];
  if (p->end != doc->toks[i].start)
    return 0;
  if (p->kind == MTL_TOK_URL)
    return 0;
  pc = tok_cp(doc, i - 1);
  if (pc == ':' || pc == ';')
    return 1;
  if (!(p->flags & (MTL_TF_LINE_START | MTL_TF_SPACE_BEFORE)))
    return 0;
  if (p->kind == MTL_TOK_NUMBER && p->end - p->start <= 3)
    return 1;
  return p->kind == MTL_TOK_WORD && p->end - p->start == 1;
}

/* First token of paragraph p, or SIZE_MAX. */
static size_t para_first(const mtl_doc *doc, size_t p) {
  if (p >= doc->nparas || doc->paras[p].tok_end <= doc->paras[p].tok_start)
    return (size_t)-1;
  return doc->paras[p].tok_start;
}

static int emit_at(mtl_lintctx *lc, const mtl_rule *rule, size_t tok, const char *detail) {
  const mtl_token *t = &lc->doc->toks[tok];
  return mtl_emit(lc, rule, t->start, t->end, NULL, 0, detail, 0);
}

static int check_para(const mtl_rule *rule, mtl_lintctx *lc, size_t p, opener *stack) {
  const bal *bl = rule->data;
  const mtl_doc *doc = lc->doc;
  const mtl_span *pa = &doc->paras[p];
  size_t depth = 0, i, nstraight = 0, last_straight = 0, nf;
  char detail[96];
  int rc;
  if (pa->tok_end <= pa->tok_start)
    return 0;
  for (i = pa->tok_start; i < pa->tok_end; i++) {
    int32_t cp = tok_cp(doc, i);
    unsigned k;
    if (cp < 0)
      continue;
    if (cp == '"' && bl->straight) {
      nstraight++;
      last_straight = i;
      continue;
    }
    for (k = 0; k < bl->npairs; k++)
      if (bl->pairs[k].open == cp || bl->pairs[k].close == cp)
        break;
    if (k == bl->npairs)
      continue;
    if (bl->pairs[k].open == cp) {
      if (is_quote_open(cp) && depth > 0 && stack[depth - 1].pair == k) {
        /* a second opening mark while one is open: a wrong closer */
        snprintf(detail, sizeof detail, "'%s' to close the '%s' from line %zu",
                 bl->pairs[k].close_s, bl->pairs[k].open_s,
                 line_of(doc, doc->toks[stack[depth - 1].tok].start));
        if ((rc = emit_at(lc, rule, i, detail)) != 0)
          return rc;
        depth--;
        continue;
      }
      if (depth == MAX_DEPTH) {
        snprintf(detail, sizeof detail, "at most %d levels of nesting", MAX_DEPTH);
        return emit_at(lc, rule, i, detail);
      }
      stack[depth].tok = i;
      stack[depth].pair = k;
      depth++;
      continue;
    }
    /* a closer */
    if (url_closer(doc, i, cp))
      continue;
    if (depth > 0 && stack[depth - 1].pair == k) {
      depth--;
      continue;
    }
    if (loose_closer(doc, i, cp))
      continue;
    if (depth == 0) {
      snprintf(detail, sizeof detail, "an opening '%s' before it", bl->pairs[k].open_s);
      if ((rc = emit_at(lc, rule, i, detail)) != 0)
        return rc;
      continue;
    }
    {
      const bpair *top = &bl->pairs[stack[depth - 1].pair];
      size_t j;
      for (j = depth; j > 0; j--)
        if (stack[j - 1].pair == k)
          break;
      if (j == 0 && is_quote_open(top->open)) {
        /* "“... fact[worrying about]) ...”": a stray closer inside a quote */
        snprintf(detail, sizeof detail, "an opening '%s' before it", bl->pairs[k].open_s);
        if ((rc = emit_at(lc, rule, i, detail)) != 0)
          return rc;
        continue;
      }
      snprintf(detail, sizeof detail, "'%s' to close the '%s' from line %zu", top->close_s,
               top->open_s, line_of(doc, doc->toks[stack[depth - 1].tok].start));
      if ((rc = emit_at(lc, rule, i, detail)) != 0)
        return rc;
      /* recover: close down to the matching opener if there is one, else the top */
      depth = j > 0 ? j - 1 : depth - 1;
    }
  }
  /* unclosed openers; a quote may run on into a paragraph that opens with it */
  nf = para_first(doc, p + 1);
  for (i = 0; i < depth; i++) {
    const bpair *pr = &bl->pairs[stack[i].pair];
    if (is_quote_open(pr->open) && nf != (size_t)-1 && tok_cp(doc, nf) == pr->open)
      continue;
    snprintf(detail, sizeof detail, "a closing '%s' in the same paragraph", pr->close_s);
    if ((rc = emit_at(lc, rule, stack[i].tok, detail)) != 0)
      return rc;
  }
  if (nstraight % 2 == 1 && !(nf != (size_t)-1 && tok_cp(doc, nf) == '"'))
    return emit_at(lc, rule, last_straight, "another '\"' in the same paragraph");
  return 0;
}

static int balance_run(const mtl_rule *rule, mtl_lintctx *lc) {
  opener *stack = mtl_malloc(MAX_DEPTH * sizeof *stack);
  size_t p;
  int rc = 0;
  if (!stack)
    return MTL_ENOMEM;
  for (p = 0; p < lc->doc->nparas && rc == 0; p++)
    rc = check_para(rule, lc, p, stack);
  mtl_free(stack);
  return rc;
}

const mtl_check_kind mtl_check_balance = {"balance", balance_keys, balance_compile, balance_run,
                                          balance_free};
