/*
 * check_balance.c - the "balance" check kind: brackets and quotation marks
 * that are not closed, closed twice or closed by the wrong character, within
 * each paragraph.
 *
 * Keys: mode (unbalanced, the default, or quote-styles), pairs (two-
 * character strings, default "()", "[]", "{}", "“”") and straight_quotes
 * (default true: '"' is checked, its direction read from the spaces around
 * it).  One pass over the punctuation tokens of each paragraph with a stack
 * of open characters; the stack is capped (MAX_DEPTH), so memory is bounded
 * whatever the input.  Double quotation marks pair across styles (“ with '"'
 * or ’’, '"' with ”).  A paragraph that ends inside a quotation is fine when
 * the next paragraph, past at most two subheads, opens with a quotation mark
 * (the news convention for quotes that run over paragraphs).  Tokens inside
 * URLs are never looked at.  Mode quote-styles notes, once per text, that
 * more than one style of double quotation mark is used.
 */
#include "check.h"
#include "doc.h"
#include "lint.h"
#include "mtlint.h"
#include "utf8.h"
#include "util.h"
#include "ynode.h"

#include <stdio.h>
#include <string.h>

#define MAX_PAIRS 32
#define MAX_DEPTH 256
/* Pair indexes beyond the configured ones: '"', and none. */
#define SPAIR MAX_PAIRS
#define NO_PAIR (MAX_PAIRS + 1)

static const char *const balance_keys[] = {"mode", "pairs", "straight_quotes", NULL};

typedef struct bpair {
  int32_t open, close;
  char open_s[5], close_s[5];
} bpair;

typedef struct bal {
  bpair pairs[MAX_PAIRS];
  size_t npairs;
  unsigned kq;  /* the pair opened by “, or NO_PAIR */
  int straight;
  int styles;   /* mode quote-styles */
} bal;

typedef struct opener {
  size_t tok;     /* token index of the opener */
  unsigned pair;  /* index into pairs, or SPAIR for '"' */
  int32_t mark;   /* the opening code point */
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
  if ((n = mtl_ynode_get(map, "mode")) != NULL) {
    const char *mode;
    if ((rc = mtl_y_string(n, b->file, "mode", &mode, err)) != 0)
      goto fail;
    if (!strcmp(mode, "quote-styles")) {
      bl->styles = 1;
    } else if (strcmp(mode, "unbalanced") != 0) {
      rc = mtl_seterr(err, MTL_ESCHEMA, b->file, n->line, n->column,
                      "balance: unknown mode '%s' (unbalanced or quote-styles)", mode);
      goto fail;
    }
    if (bl->styles && (mtl_ynode_get(map, "pairs") || mtl_ynode_get(map, "straight_quotes"))) {
      rc = mtl_seterr(err, MTL_ESCHEMA, b->file, n->line, n->column,
                      "balance: mode quote-styles takes no 'pairs' or 'straight_quotes'");
      goto fail;
    }
  }
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
  bl->kq = NO_PAIR;
  for (i = 0; i < bl->npairs; i++)
    if (bl->pairs[i].open == 0x201C)
      bl->kq = (unsigned)i;
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

/* Double quotation marks: the curly pair (index bl->kq, when configured),
 * straight '"' (SPAIR) and doubled single marks (’’ '' as closers, ‘‘ as an
 * opener) form one family, so that a quotation opened in one style and
 * closed in another is balanced (typography.mixed-quotes notes the mix). */
static int is_dq(const bal *bl, unsigned k) {
  return k == SPAIR || (k == bl->kq && k != NO_PAIR);
}

/* Same pair, or both of the double-quote family. */
static int same_family(const bal *bl, unsigned a, unsigned b) {
  return a == b || (is_dq(bl, a) && is_dq(bl, b));
}

static const char *open_s(const bal *bl, unsigned k) {
  return k == SPAIR ? "\"" : bl->pairs[k].open_s;
}

static const char *close_s(const bal *bl, unsigned k) {
  return k == SPAIR ? "\"" : bl->pairs[k].close_s;
}

/* Token i+1 is the code point cp glued to token i (’’ ‘‘ ''). */
static int doubled(const mtl_doc *doc, size_t i, size_t te, int32_t cp) {
  return i + 1 < te && doc->toks[i + 1].start == doc->toks[i].end && tok_cp(doc, i + 1) == cp;
}

/* Which way a straight '"' at token i faces: 1 it opens ("yes), -1 it
 * closes (yes", yes,"), 0 cannot tell (spaced on both sides or neither). */
static int straight_side(const mtl_doc *doc, size_t i, size_t ts, size_t te) {
  const mtl_token *t = &doc->toks[i];
  int before = i == ts || (t->flags & (MTL_TF_LINE_START | MTL_TF_SPACE_BEFORE)) != 0;
  int after = i + 1 >= te || (doc->toks[i + 1].flags & (MTL_TF_LINE_START | MTL_TF_SPACE_BEFORE));
  if (!before) {
    int32_t pc = tok_cp(doc, i - 1);
    before = pc == '(' || pc == '[' || pc == '{' || pc == 0x2014 || pc == 0x2013 ||
             pc == 0x201C || pc == 0x2018 || pc == '/' || pc == '\'';
  }
  if (!after) {
    int32_t nc = tok_cp(doc, i + 1);
    after = nc == '.' || nc == ',' || nc == ';' || nc == ':' || nc == '!' || nc == '?' ||
            nc == ')' || nc == ']' || nc == '}' || nc == 0x2014 || nc == 0x2013 ||
            nc == 0x2026 || nc == 0x201D || nc == 0x2019;
  }
  return before == after ? 0 : before ? 1 : -1;
}

/* Paragraphs that may stand inside a quotation running over paragraphs: a
 * subhead (a short line with no sentence-final mark and no quotation mark). */
static int is_subhead(const mtl_doc *doc, size_t p) {
  const mtl_span *pa = &doc->paras[p];
  size_t i, words = 0;
  int32_t last;
  if (pa->tok_end <= pa->tok_start)
    return 1;
  if (pa->tok_end - pa->tok_start > 40)
    return 0;
  for (i = pa->tok_start; i < pa->tok_end; i++) {
    int32_t cp = tok_cp(doc, i);
    if (doc->toks[i].kind == MTL_TOK_WORD && ++words > 12)
      return 0;
    if (cp == '"' || cp == 0x201C || cp == 0x201D || cp == 0x201E || cp == 0xAB || cp == 0xBB)
      return 0;
  }
  last = tok_cp(doc, pa->tok_end - 1);
  return !(last == '.' || last == '!' || last == '?' || last == ':' || last == ',' ||
           last == ';' || last == 0x2026);
}

/* The paragraph after p, past at most two subheads, opens with the opening
 * mark of pair k (for a double quote: any double quote mark that opens). */
static int quote_runs_on(const bal *bl, const mtl_doc *doc, size_t p, unsigned k) {
  size_t q, skipped = 0;
  for (q = p + 1; q < doc->nparas; q++) {
    size_t nf = para_first(doc, q);
    int32_t cp = nf == (size_t)-1 ? -1 : tok_cp(doc, nf);
    if (is_dq(bl, k)) {
      if ((cp == '"' && bl->straight) || (bl->kq != NO_PAIR && cp == bl->pairs[bl->kq].open) ||
          (bl->kq != NO_PAIR && cp == 0x2018 && doubled(doc, nf, doc->paras[q].tok_end, 0x2018)))
        return 1;
    } else if (cp == bl->pairs[k].open) {
      return 1;
    }
    if (skipped++ == 2 || !is_subhead(doc, q))
      return 0;
  }
  return 0;
}

static int check_para(const mtl_rule *rule, mtl_lintctx *lc, size_t p, opener *stack) {
  const bal *bl = rule->data;
  const mtl_doc *doc = lc->doc;
  const mtl_span *pa = &doc->paras[p];
  size_t depth = 0, i;
  char detail[96];
  unsigned char runs_on[MAX_PAIRS + 1];
  int rc;
  if (pa->tok_end <= pa->tok_start)
    return 0;
  for (i = pa->tok_start; i < pa->tok_end; i++) {
    int32_t cp = tok_cp(doc, i), mark;
    unsigned k;
    int closing, side = 0;
    size_t tok = i;
    if (cp < 0)
      continue;
    mark = cp;
    if (cp == '"') {
      if (!bl->straight)
        continue;
      k = SPAIR;
      side = straight_side(doc, i, pa->tok_start, pa->tok_end);
      closing = 0;
      {
        size_t j;
        for (j = depth; j > 0 && !is_dq(bl, stack[j - 1].pair); j--)
          ;
        if (side < 0 || (side == 0 && j > 0))
          closing = 1;
        if (closing && j == 0) {
          if (doc->toks[i - 1].kind == MTL_TOK_NUMBER)
            continue; /* an inch mark: 6" */
          snprintf(detail, sizeof detail, "an opening '\"' before it");
          if ((rc = emit_at(lc, rule, i, detail)) != 0)
            return rc;
          continue;
        }
      }
    } else if (bl->kq != NO_PAIR && (cp == 0x2019 || cp == '\'') &&
               doubled(doc, i, pa->tok_end, cp)) {
      /* ’’ or '': closes a double quotation if one is open */
      size_t j;
      for (j = depth; j > 0 && !is_dq(bl, stack[j - 1].pair); j--)
        ;
      i++;
      if (j == 0)
        continue;
      k = bl->kq;
      closing = 1;
    } else if (bl->kq != NO_PAIR && cp == 0x2018 && doubled(doc, i, pa->tok_end, cp)) {
      i++; /* ‘‘ opens one */
      k = bl->kq;
      closing = 0;
    } else {
      for (k = 0; k < bl->npairs; k++)
        if (bl->pairs[k].open == cp || bl->pairs[k].close == cp)
          break;
      if (k == bl->npairs)
        continue;
      closing = bl->pairs[k].open != cp;
    }
    if (!closing) {
      if (is_quote_open(cp) && depth > 0 && stack[depth - 1].mark == mark) {
        /* a second opening mark while one is open: a wrong closer */
        snprintf(detail, sizeof detail, "'%s' to close the '%s' from line %zu",
                 close_s(bl, stack[depth - 1].pair), open_s(bl, stack[depth - 1].pair),
                 mtl_doc_line_of(doc, doc->toks[stack[depth - 1].tok].start) + 1);
        if ((rc = emit_at(lc, rule, tok, detail)) != 0)
          return rc;
        depth--;
        continue;
      }
      if (depth == MAX_DEPTH) {
        snprintf(detail, sizeof detail, "at most %d levels of nesting", MAX_DEPTH);
        return emit_at(lc, rule, tok, detail);
      }
      stack[depth].tok = tok;
      stack[depth].pair = k;
      stack[depth].mark = mark;
      depth++;
      continue;
    }
    /* a closer */
    if (url_closer(doc, i, cp))
      continue;
    if (depth > 0 && same_family(bl, stack[depth - 1].pair, k)) {
      depth--;
      continue;
    }
    if (loose_closer(doc, i, cp))
      continue;
    if (depth == 0) {
      snprintf(detail, sizeof detail, "an opening '%s' before it", open_s(bl, k));
      if ((rc = emit_at(lc, rule, tok, detail)) != 0)
        return rc;
      continue;
    }
    {
      unsigned top = stack[depth - 1].pair;
      size_t j;
      for (j = depth; j > 0; j--)
        if (same_family(bl, stack[j - 1].pair, k))
          break;
      if (j == 0 && is_dq(bl, top)) {
        /* "“... fact[worrying about]) ...”": a stray closer inside a quote */
        snprintf(detail, sizeof detail, "an opening '%s' before it", open_s(bl, k));
        if ((rc = emit_at(lc, rule, tok, detail)) != 0)
          return rc;
        continue;
      }
      snprintf(detail, sizeof detail, "'%s' to close the '%s' from line %zu", close_s(bl, top),
               open_s(bl, top), mtl_doc_line_of(doc, doc->toks[stack[depth - 1].tok].start) + 1);
      if ((rc = emit_at(lc, rule, tok, detail)) != 0)
        return rc;
      /* recover: close down to the matching opener if there is one, else the top */
      depth = j > 0 ? j - 1 : depth - 1;
    }
  }
  /* unclosed openers; a quote may run on into a paragraph that opens with it
     (looked up once per pair: runs_on[k] is 0 unknown, 1 yes, 2 no) */
  memset(runs_on, 0, sizeof runs_on);
  for (i = 0; i < depth; i++) {
    unsigned k = stack[i].pair, kk = is_dq(bl, k) ? SPAIR : k;
    if ((is_dq(bl, k) || is_quote_open(bl->pairs[k].open)) && !runs_on[kk])
      runs_on[kk] = quote_runs_on(bl, doc, p, k) ? 1 : 2;
    if (runs_on[kk] == 1)
      continue;
    if (k == SPAIR)
      snprintf(detail, sizeof detail, "another '\"' in the same paragraph");
    else
      snprintf(detail, sizeof detail, "a closing '%s' in the same paragraph", close_s(bl, k));
    if ((rc = emit_at(lc, rule, stack[i].tok, detail)) != 0)
      return rc;
  }
  return 0;
}

/* Mode quote-styles: one finding per text that quotes with more than one
 * style of double quotation mark: straight '"', curly “ ” „ and doubled
 * single marks (’’ ‘‘ ''), at the first mark of the second style used.  A
 * '"' glued to a number is an inch mark, not a quotation mark. */
static int run_styles(const mtl_rule *rule, mtl_lintctx *lc) {
  static const char *const names[3] = {"'\"'", "'“ ”'", "doubled single marks (’’)"};
  const mtl_doc *doc = lc->doc;
  size_t i, first[3] = {0, 0, 0};
  int seen[3] = {0, 0, 0}, nseen = 0;
  char detail[128];
  for (i = 0; i < doc->ntoks; i++) {
    int32_t cp = tok_cp(doc, i);
    int st;
    size_t at = i;
    if (cp == '"' && i > 0 && doc->toks[i - 1].kind == MTL_TOK_NUMBER &&
        doc->toks[i - 1].end == doc->toks[i].start)
      continue; /* an inch mark: 6" */
    if (cp == '"')
      st = 0;
    else if (cp == 0x201C || cp == 0x201D || cp == 0x201E)
      st = 1;
    else if ((cp == 0x2019 || cp == 0x2018 || cp == '\'') && i + 1 < doc->ntoks &&
             doc->toks[i + 1].start == doc->toks[i].end && tok_cp(doc, i + 1) == cp) {
      st = 2;
      i++;
    } else {
      continue;
    }
    if (seen[st])
      continue;
    seen[st] = 1;
    first[st] = at;
    if (++nseen == 2) {
      int other = st == 0 ? (seen[1] ? 1 : 2) : (seen[0] ? 0 : st == 1 ? 2 : 1);
      snprintf(detail, sizeof detail, "%s here, %s from line %zu", names[st], names[other],
               mtl_doc_line_of(doc, doc->toks[first[other]].start) + 1);
      return mtl_emit(lc, rule, doc->toks[at].start, doc->toks[i].end, NULL, 0, detail, 0);
    }
  }
  return 0;
}

static int balance_run(const mtl_rule *rule, mtl_lintctx *lc) {
  opener *stack;
  size_t p;
  int rc = 0;
  if (((const bal *)rule->data)->styles)
    return run_styles(rule, lc);
  stack = mtl_malloc(MAX_DEPTH * sizeof *stack);
  if (!stack)
    return MTL_ENOMEM;
  for (p = 0; p < lc->doc->nparas && rc == 0; p++)
    rc = check_para(rule, lc, p, stack);
  mtl_free(stack);
  return rc;
}

const mtl_check_kind mtl_check_balance = {"balance", balance_keys, balance_compile, balance_run,
                                          balance_free, 0, NULL};
