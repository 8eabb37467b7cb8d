/*
 * check_spelling.c - the `spelling` check kind: compile, run, free, and
 * the article-wide decisions (near-miss names, repeated terms, variety).
 * The Hunspell handles live in dict.c, verdicts in spell_lookup.c,
 * suggestions in spell_suggest.c, word classification in spell_word.c;
 * spell.h is their shared private header.
 *
 * All spelling rules of an engine share one Hunspell handle (eng->spell):
 * the base dictionary (eng->base_dict, default en_US), every extra .dic
 * named by a rule or by the options (using the base affix flags), and the
 * words of every word list.  The handle is built while the engine is built
 * (in compile) and only read afterwards.
 *
 * Thread safety: mtl_lint may run on one engine from several threads.
 * Verdicts (known or not, and the suggestions for unknown words) are
 * cached in a per-thread table in front of an engine-wide one that is read
 * without a lock (spell.h: vtable; writers take a mutex), so a repeated
 * word costs one lookup.  Once loaded, the lexicon is read without a lock
 * too; only Hunspell calls (lower-case words the lists lack, suggestions)
 * are serialised by a mutex.  The cache stops growing at CACHE_MAX
 * entries; after that, uncached words are decided again each time.
 *
 * What is checked: WORD tokens without digits, not ALL CAPS (acronyms), not
 * MiXed case (iPhone), in Latin script, not part of an address (@handle,
 * #tag, domain.com, a/path), at least min_length letters long.  Curly
 * apostrophes become straight ones and a possessive 's or trailing ' is
 * dropped.  Hyphenated words are checked whole, then part by part; only an
 * unknown part is flagged.  Unknown lower-case words get the rule's
 * severity and suggestions (see mtl_spell_edit_suggest), {detail} "word";
 * unknown Capitalised words (names) get capitalized_severity (never above the
 * rule's), no suggestions, {detail} "name".
 *
 * Suggestions depend on the word alone (never on what was linted before),
 * so output is the same with or without the cache.
 */
#include "check.h"
#include "dict.h"
#include "doc.h"
#include "engine.h"
#include "language.h"
#include "lexicon.h"
#include "lint.h"
#include "mtlint.h"
#include "spell.h"
#include "utf8.h"
#include "util.h"
#include "ynode.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const spelling_keys[] = {"dictionaries", "wordlists", "max_suggestions",
                                            "capitalized_severity", "min_length", "us_words",
                                            "gb_words", "gb_dictionary", "phrases", "names",
                                            "report", NULL};


/* PERF: two ways: a word may sit in slot 2k or 2k + 1 (one cache line), the
 * one used last first; one way lost a fifth of a corpus's 800 words to
 * collisions. */
static _Thread_local tl_slot tl_cache[TL_SLOTS] __attribute__((aligned(64)));

/* ------------------------------------------------------------------ */
/* compile / free.                                                     */

/* Reads a list file for phrases or names (one entry a line, # comments,
 * .dic flags and a .dic count line dropped) and appends its entries to
 * out, each followed by sep; lower: fold ASCII to lower case.  0 or an
 * error naming the file. */
static int read_list(mtl_buf *out, const char *path, const char *file, const mtl_ynode *where,
                     int lower, char sep, mtl_error *err) {
  size_t line = where ? where->line : 0, col = where ? where->column : 0;
  char *data = NULL;
  size_t len = 0, i = 0, first = 1;
  mtl_error rerr;
  int rc;
  memset(&rerr, 0, sizeof rerr);
  rc = mtl_read_file(&data, &len, path, &rerr);
  if (rc == MTL_ENOMEM)
    return rc;
  if (rc)
    return mtl_seterr(err, MTL_EDICT, file, line, col, "cannot read word list %s", path);
  if (len > WORDLIST_MAX || mtl_utf8_validate(data, len) != len) {
    mtl_free(data);
    return mtl_seterr(err, MTL_EDICT, file, line, col,
                      "word list %s is larger than %u bytes or not valid UTF-8", path,
                      WORDLIST_MAX);
  }
  while (i < len) {
    const char *nl = memchr(data + i, '\n', len - i);
    size_t end = nl ? (size_t)(nl - data) : len, s = i, e = end, k, digits = 0;
    const char *cut = memchr(data + s, '#', e - s);
    if (cut)
      e = (size_t)(cut - data);
    if ((cut = memchr(data + s, '/', e - s)) != NULL)
      e = (size_t)(cut - data);
    while (s < e && (data[s] == ' ' || data[s] == '\t' || data[s] == '\r'))
      s++;
    while (e > s && (data[e - 1] == ' ' || data[e - 1] == '\t' || data[e - 1] == '\r'))
      e--;
    for (k = s; k < e && data[k] >= '0' && data[k] <= '9'; k++)
      digits++;
    if (e > s && !(first && digits == e - s)) {
      for (k = s; k < e; k++) {
        char c = data[k];
        if (lower && c >= 'A' && c <= 'Z')
          c = (char)(c - 'A' + 'a');
        if (sep == '\0' && c == ' ') {
          while (k + 1 < e && data[k + 1] == ' ')
            k++;
          c = '\0';
        }
        mtl_buf_putc(out, c);
      }
      mtl_buf_putc(out, sep);
      if (sep == '\0')
        mtl_buf_putc(out, '\0');
    }
    if (e > s)
      first = 0;
    i = end + 1;
  }
  mtl_free(data);
  return out->oom ? MTL_ENOMEM : 0;
}

/* A path key of the rule (us_words, gb_words, gb_dictionary): resolved
 * against the rule file, checked, kept in *slot unless one is there. */
static int path_key(const mtl_ynode *map, const char *key, mtl_build *b, char **slot,
                    int stem, mtl_error *err) {
  const mtl_ynode *n = mtl_ynode_get(map, key);
  const char *v;
  char *path, *aff = NULL, *dic = NULL;
  int rc;
  if (!n)
    return 0;
  if ((rc = mtl_y_string(n, b->file, key, &v, err)) != 0)
    return rc;
  if (!(path = mtl_build_path(b, v)))
    return MTL_ENOMEM;
  if (stem) {
    if (mtl_dict_stem_paths(path, &aff, &dic)) {
      mtl_free(path);
      return MTL_ENOMEM;
    }
    rc = mtl_dict_base_files_ok(aff, dic);
    mtl_free(aff);
    mtl_free(dic);
  } else {
    rc = mtl_dict_readable(path);
  }
  if (!rc) {
    rc = mtl_seterr(err, MTL_EDICT, b->file, n->line, n->column,
                    "%s: %s not found or not readable (Debian: %s)", key, path,
                    stem ? "hunspell-en-gb" : "wamerican-huge, wbritish-huge");
    mtl_free(path);
    return rc;
  }
  if (*slot)
    mtl_free(path);
  else
    *slot = path;
  return 0;
}

/* The rule's own keys read before the shared state exists: max_suggestions,
 * min_length, capitalized_severity. */
static int compile_limits(spell_rule *sr, const mtl_ynode *map, mtl_build *b, mtl_error *err) {
  const mtl_ynode *n;
  int rc;
  if ((n = mtl_ynode_get(map, "max_suggestions")) != NULL) {
    long v;
    if ((rc = mtl_y_int(n, b->file, "max_suggestions", 0, SUGG_KEEP, &v, err)) != 0)
      return rc;
    sr->max_sugg = (int)v;
  }
  if ((n = mtl_ynode_get(map, "min_length")) != NULL) {
    if ((rc = mtl_y_int(n, b->file, "min_length", 1, WORD_MAX, &sr->min_len, err)) != 0)
      return rc;
  }
  if ((n = mtl_ynode_get(map, "capitalized_severity")) != NULL) {
    const char *s;
    if ((rc = mtl_y_string(n, b->file, "capitalized_severity", &s, err)) != 0)
      return rc;
    sr->cap_sev = mtl_severity_parse(s);
    if (!sr->cap_sev)
      return mtl_seterr(err, MTL_ESCHEMA, b->file, n->line, n->column,
                        "capitalized_severity must be error, warning or info, not '%s'", s);
  }
  return 0;
}

/* The report key: words (unknown words) or variety (varieties mixed). */
static int compile_report(spell_rule *sr, const mtl_ynode *map, mtl_build *b, mtl_error *err) {
  const mtl_ynode *n;
  int rc;
  if ((n = mtl_ynode_get(map, "report")) != NULL) {
    const char *v;
    if ((rc = mtl_y_string(n, b->file, "report", &v, err)) != 0)
      return rc;
    if (strcmp(v, "variety") == 0)
      sr->variety = 1;
    else if (strcmp(v, "words") != 0)
      return mtl_seterr(err, MTL_ESCHEMA, b->file, n->line, n->column,
                        "report must be words or variety, not '%s'", v);
  }
  return 0;
}

/* The phrases (i == 0) or names (i == 1) lists of the rule, each read once
 * per engine. */
static int compile_phrases_names(spell_state *st, const mtl_ynode *map, mtl_build *b, size_t i,
                                 mtl_error *err) {
  const char *key = i ? "names" : "phrases";
  const mtl_ynode *n, **items = NULL;
  size_t count = 0, j;
  char *path = NULL;
  int rc;
  if ((n = mtl_ynode_get(map, key)) == NULL)
    return 0;
  if ((rc = mtl_y_strings(n, b->file, key, &items, &count, err)) != 0)
    return rc;
  for (j = 0; j < count; j++) {
    char *tagged;
    size_t plen;
    path = mtl_build_path(b, items[j]->value);
    if (!path)
      return MTL_ENOMEM;
    /* "n:path" / "p:path": one list may be a dictionary and names too */
    plen = strlen(path);
    if (!(tagged = mtl_malloc(plen + 3))) {
      mtl_free(path);
      return MTL_ENOMEM;
    }
    tagged[0] = i ? 'n' : 'p';
    tagged[1] = ':';
    memcpy(tagged + 2, path, plen + 1);
    mtl_free(path);
    path = tagged;
    if (!mtl_dict_was_loaded(st, path)) {
      if (i)
        rc = read_list(&st->names_buf, path + 2, b->file, items[j], 0, '\n', err);
      else
        rc = read_list(&st->phrases, path + 2, b->file, items[j], 1, '\0', err);
      if (!rc)
        rc = mtl_dict_mark_loaded(st, path);
      if (rc) {
        mtl_free(path);
        return rc;
      }
    }
    mtl_free(path);
    path = NULL;
  }
  return 0;
}

/* The rule's list keys: us_words, gb_words, gb_dictionary, phrases, names. */
static int compile_lists(spell_state *st, const mtl_ynode *map, mtl_build *b, mtl_error *err) {
  size_t i;
  int rc;
  if ((rc = path_key(map, "us_words", b, &st->us_words, 0, err)) != 0 ||
      (rc = path_key(map, "gb_words", b, &st->gb_words, 0, err)) != 0)
    return rc;
  if (mtl_ynode_get(map, "gb_dictionary") != NULL && !st->gb_aff) {
    char *stem = NULL;
    if ((rc = path_key(map, "gb_dictionary", b, &stem, 1, err)) != 0)
      return rc;
    rc = mtl_dict_stem_paths(stem, &st->gb_aff, &st->gb_dic);
    mtl_free(stem);
    if (rc)
      return rc;
  }
  for (i = 0; i < 2; i++)
    if ((rc = compile_phrases_names(st, map, b, i, err)) != 0)
      return rc;
  return 0;
}

/* The .dic files (words == 0) or word lists (words == 1) named by key. */
static int compile_dicts(spell_state *st, const mtl_ynode *map, mtl_build *b, const char *key,
                         int words, mtl_error *err) {
  const mtl_ynode *n, **items = NULL;
  size_t count = 0, i;
  char *path;
  int rc;
  if ((n = mtl_ynode_get(map, key)) == NULL)
    return 0;
  if ((rc = mtl_y_strings(n, b->file, key, &items, &count, err)) != 0)
    return rc;
  for (i = 0; i < count; i++) {
    path = mtl_build_path(b, items[i]->value);
    if (!path)
      return MTL_ENOMEM;
    rc = words ? mtl_dict_add_wordlist(st, path, b->file, items[i], err)
               : mtl_dict_add_dic(st, path, b->file, items[i], err);
    mtl_free(path);
    if (rc)
      return rc;
  }
  return 0;
}

/* mtl_lexicon_each: sets the name's bit in keys (spell.h). */
static void add_name_key(void *keys, const char *w, size_t n) {
  size_t b = mtl_spell_name_key(w, n);
  ((uint64_t *)keys)[b / 64] |= (uint64_t)1 << (b % 64);
}

/* The words of the phrases and the names, as lexicons (small: built now). */
static int compile_lexicons(spell_state *st) {
  int rc;
  /* the words of the phrases, as a lexicon */
  if (st->phrases.len && !st->phrase_words) {
    char *copy = mtl_malloc(st->phrases.len + 1);
    size_t k;
    if (!copy || mtl_lexicon_new(&st->phrase_words)) {
      mtl_free(copy);
      return MTL_ENOMEM;
    }
    for (k = 0; k < st->phrases.len; k++)
      copy[k] = st->phrases.data[k] ? st->phrases.data[k] : '\n';
    copy[st->phrases.len] = '\0';
    if ((rc = mtl_lexicon_add_words(st->phrase_words, copy, st->phrases.len, MTL_LEX_USER)) != 0)
      return rc;
  }
  /* the names, as a lexicon (small: built now) */
  if (st->names_buf.len && !st->names) {
    char *copy = mtl_malloc(st->names_buf.len + 1);
    if (!copy || mtl_lexicon_new(&st->names)) {
      mtl_free(copy);
      return MTL_ENOMEM;
    }
    memcpy(copy, st->names_buf.data, st->names_buf.len);
    copy[st->names_buf.len] = '\0';
    if ((rc = mtl_lexicon_add_words(st->names, copy, st->names_buf.len, MTL_LEX_USER)) != 0)
      return rc;
    if (!(st->name_keys = mtl_calloc(NAME_KEY_BITS / 64, sizeof *st->name_keys)))
      return MTL_ENOMEM;
    mtl_lexicon_each(st->names, add_name_key, st->name_keys);
  }
  return 0;
}

static int spelling_compile(mtl_rule *rule, const mtl_ynode *map, mtl_build *b,
                            mtl_error *err) {
  spell_rule *sr = NULL;
  spell_state *st;
  size_t i;
  int rc;

  sr = mtl_calloc(1, sizeof *sr);
  if (!sr)
    return MTL_ENOMEM;
  sr->max_sugg = 3;
  sr->msg_sugg = rule->info.message && strstr(rule->info.message, "{suggestion}") != NULL;
  sr->cap_sev = MTL_SEV_INFO;
  sr->min_len = 2;
  if ((rc = compile_limits(sr, map, b, err)) != 0)
    goto fail;

  /* The shared handle: created by the first spelling rule. */
  if (!b->eng->spell) {
    if ((rc = mtl_dict_create_state(&st, b->eng->base_dict, b, map, err)) != 0)
      goto fail;
    b->eng->spell = st;
  }
  st = b->eng->spell;

  if ((rc = compile_report(sr, map, b, err)) != 0 || (rc = compile_lists(st, map, b, err)) != 0)
    goto fail;

  /* Dictionaries and word lists from the options (idempotent). */
  for (i = 0; i < b->eng->ndicts; i++)
    if ((rc = mtl_dict_add_dic(st, b->eng->dicts[i], b->eng->dicts[i], NULL, err)) != 0)
      goto fail;
  for (i = 0; i < b->eng->nwordlists; i++)
    if ((rc = mtl_dict_add_wordlist(st, b->eng->wordlists[i], b->eng->wordlists[i], NULL, err)) != 0)
      goto fail;

  if ((rc = compile_dicts(st, map, b, "dictionaries", 0, err)) != 0 ||
      (rc = compile_dicts(st, map, b, "wordlists", 1, err)) != 0 ||
      (rc = compile_lexicons(st)) != 0)
    goto fail;
  rule->data = sr;
  /* PERF note: not para_local: names used elsewhere in the article and the
   * article's variety decide findings (the language server lints the whole
   * text for this rule; spelling look-ups are cached). */
  rule->para_local = 0;
  return 0;
fail:
  mtl_free(sr);
  return rc;
}

static void spelling_free(mtl_rule *rule) {
  mtl_free(rule->data);
  rule->data = NULL;
}
/* A distinct Capitalised word of the article and how often it occurs. */
typedef struct capword {
  const char *w;
  size_t n, count;
  /* resolve_names' decision, once per name: resolved, then the suggestion
   * at bests[best, best + bestn) (bestn 0: none) */
  int resolved;
  size_t best, bestn;
} capword;

static size_t strip_possessive(const char *s, size_t n) {
  return n - mtl_spell_possessive_len(s, n);
}

/* The article's Capitalised words, for mtl_spell_each_variant. */
typedef struct artnames {
  const capword *cw;
  const size_t *tab; /* open addressing over cw, index + 1 */
  size_t slots;
  size_t count;      /* occurrences of the name looked at */
  const capword *best;
} artnames;

static const capword *art_find(const artnames *an, const char *w, size_t n) {
  size_t h;
  if (!an->slots)
    return NULL;
  for (h = (size_t)mtl_hash(w, n) & (an->slots - 1); an->tab[h]; h = (h + 1) & (an->slots - 1))
    if (an->cw[an->tab[h] - 1].n == n && memcmp(an->cw[an->tab[h] - 1].w, w, n) == 0)
      return &an->cw[an->tab[h] - 1];
  return NULL;
}

/* mtl_spell_each_variant: a name used at least twice, and more often than the one
 * looked at; the most used wins. */
static int art_variant(void *ctx, const char *v, size_t m) {
  artnames *an = ctx;
  const capword *o = art_find(an, v, m);
  if (o && o->count >= 2 && o->count > an->count && (!an->best || o->count > an->best->count))
    an->best = o;
  return 0;
}

/* Whether some name of the article could be art_variant's pick for w: one
 * used at least twice and more often than w, with w's first letter and
 * length n - 1 (a letter dropped) or n + 1 (added), both keeping the last
 * letter, or n (a swap, which may move the last letter).  PERF: most
 * unknown names have none, and then the ~18 variants a letter are not
 * made and looked up (a quarter of the spelling check's instructions on
 * clean-news). */
static int art_may_match(const artnames *an, const size_t *rep, size_t nrep, const char *w,
                         size_t n) {
  size_t i;
  for (i = 0; i < nrep; i++) {
    const capword *o = &an->cw[rep[i]];
    if (o->count > an->count && o->w[0] == w[0] &&
        (o->n == n || ((o->n + 1 == n || o->n == n + 1) && o->w[o->n - 1] == w[n - 1])))
      return 1;
  }
  return 0;
}

/* mtl_spell_each_variant: a listed name (copied to ctx: char[WORD_MAX + 2]). */
typedef struct gazctx {
  const mtl_lexicon *names;
  char found[WORD_MAX + 2];
} gazctx;

static int gaz_variant(void *ctx, const char *v, size_t m) {
  gazctx *g = ctx;
  if (!mtl_lexicon_flags(g->names, v, m))
    return 0;
  memcpy(g->found, v, m);
  g->found[m] = '\0';
  return 1;
}

/* Decides on the article's unknown names: a near miss of a name used more
 * often in the same article (Rubkan beside Rukban), or of a name of the
 * `names` lists, is a warning suggesting that name; any other is info,
 * with no suggestion.  Linear: each name probes its variants in a table
 * of the article's Capitalised words. */
static int resolve_names(runctx *rc) {
  const mtl_doc *doc = rc->lc->doc;
  capword *cw = NULL;
  size_t ncw = 0, cap = 0, i, j, slots = 0, nrep = 0;
  size_t *tab = NULL, *rep = NULL;
  mtl_buf bests = {0};
  int err = 0;
  for (i = 0; i < doc->ntoks; i++) {
    const mtl_token *t = &doc->toks[i];
    const char *w = doc->text + t->start;
    size_t n, h;
    if (t->kind != MTL_TOK_WORD || !(t->flags & MTL_TF_CAP) ||
        (t->flags & (MTL_TF_ALLCAPS | MTL_TF_DIGIT | MTL_TF_MIXED)))
      continue;
    n = strip_possessive(w, t->end - t->start);
    if (n < 4 || n > WORD_MAX + 1)
      continue;
    if ((ncw + 1) * 2 > slots) {
      size_t ns = slots ? slots * 2 : 256, *nt = mtl_calloc(ns, sizeof *nt);
      if (!nt) {
        err = MTL_ENOMEM;
        goto done;
      }
      for (j = 0; j < ncw; j++) {
        h = (size_t)mtl_hash(cw[j].w, cw[j].n) & (ns - 1);
        while (nt[h])
          h = (h + 1) & (ns - 1);
        nt[h] = j + 1;
      }
      mtl_free(tab);
      tab = nt;
      slots = ns;
    }
    for (h = (size_t)mtl_hash(w, n) & (slots - 1); tab[h]; h = (h + 1) & (slots - 1))
      if (cw[tab[h] - 1].n == n && memcmp(cw[tab[h] - 1].w, w, n) == 0)
        break;
    if (tab[h]) {
      cw[tab[h] - 1].count++;
      continue;
    }
    if (mtl_grow((void **)&cw, &cap, ncw + 1, sizeof *cw)) {
      err = MTL_ENOMEM;
      goto done;
    }
    memset(&cw[ncw], 0, sizeof cw[ncw]);
    cw[ncw].w = w;
    cw[ncw].n = n;
    cw[ncw].count = 1;
    tab[h] = ++ncw;
  }
  /* the names used at least twice: art_variant's only picks */
  if (rc->nnames && ncw && !(rep = mtl_malloc(ncw * sizeof *rep))) {
    err = MTL_ENOMEM;
    goto done;
  }
  for (j = 0; rep && j < ncw; j++)
    if (cw[j].count >= 2)
      rep[nrep++] = j;
  for (i = 0; i < rc->nnames && !err; i++) {
    const char *w = doc->text + rc->names[i].start, *best = NULL;
    size_t n = rc->names[i].end - rc->names[i].start, bestn = 0;
    artnames an;
    gazctx g;
    memset(&an, 0, sizeof an);
    an.cw = cw;
    an.tab = tab;
    an.slots = slots;
    an.count = 1;
    if (n >= 5 && n <= WORD_MAX) {
      const capword *self = art_find(&an, w, n);
      capword *memo = self ? &cw[self - cw] : NULL;
      if (memo && memo->resolved) { /* PERF: the same name again */
        best = memo->bestn ? bests.data + memo->best : NULL;
        bestn = memo->bestn;
      } else {
        if (self)
          an.count = self->count;
        if (art_may_match(&an, rep, nrep, w, n))
          mtl_spell_each_variant(w, n, art_variant, &an);
        if (an.best) {
          best = an.best->w;
          bestn = an.best->n;
        } else if (rc->st->names && mtl_spell_may_be_variant(rc->st->name_keys, w, n)) {
          g.names = rc->st->names;
          if (mtl_spell_each_variant(w, n, gaz_variant, &g)) {
            best = g.found;
            bestn = strlen(g.found);
          }
        }
        if (memo) {
          memo->resolved = 1;
          memo->best = bests.len;
          memo->bestn = bestn;
          if (bestn)
            mtl_buf_put(&bests, best, bestn);
          if (bests.oom) {
            err = MTL_ENOMEM;
            break;
          }
        }
      }
    }
    if (best) {
      char sugg[WORD_MAX + 2];
      const char *list[1];
      memcpy(sugg, best, bestn);
      sugg[bestn] = '\0';
      list[0] = sugg;
      err = mtl_emit(rc->lc, rc->rule, rc->names[i].start, rc->names[i].end, list,
                     rc->sr->max_sugg > 0 ? 1 : 0, "name", 0);
    } else {
      int sev = rc->sr->cap_sev;
      if (sev > (int)rc->rule->info.severity)
        sev = (int)rc->rule->info.severity;
      err = mtl_emit(rc->lc, rc->rule, rc->names[i].start, rc->names[i].end, NULL, 0, "name",
                     sev);
    }
  }
done:
  mtl_free(cw);
  mtl_free(tab);
  mtl_free(rep);
  mtl_buf_free(&bests);
  return err;
}

/* Decides on the article's unknown lower-case words: one used three times
 * or more is a term the writer means (a loanword, jargon: karakia,
 * strandings) and only info; any other is a warning with suggestions. */
#define TERM_REPEATS 3
static int resolve_words(runctx *rc) {
  size_t slots = 16, i, h, *tab, *cnt;
  int err = 0;
  const char *base;
  while (slots < rc->nwords * 2)
    slots *= 2;
  tab = mtl_calloc(slots, sizeof *tab);
  cnt = mtl_calloc(rc->nwords, sizeof *cnt);
  if (!tab || !cnt) {
    mtl_free(tab);
    mtl_free(cnt);
    return MTL_ENOMEM;
  }
  base = rc->wbuf.data;
  /* cnt[i]: for the first occurrence of each word, how many there are */
  for (i = 0; i < rc->nwords; i++) {
    const pword *p = &rc->words[i];
    for (h = (size_t)mtl_hash(base + p->off, p->n) & (slots - 1); tab[h]; h = (h + 1) & (slots - 1)) {
      const pword *q = &rc->words[tab[h] - 1];
      if (q->n == p->n && memcmp(base + q->off, base + p->off, p->n) == 0)
        break;
    }
    if (!tab[h])
      tab[h] = i + 1;
    cnt[tab[h] - 1]++;
  }
  for (i = 0; i < rc->nwords && !err; i++) {
    const pword *p = &rc->words[i];
    size_t first;
    for (h = (size_t)mtl_hash(base + p->off, p->n) & (slots - 1);; h = (h + 1) & (slots - 1)) {
      const pword *q = &rc->words[tab[h] - 1];
      if (q->n == p->n && memcmp(base + q->off, base + p->off, p->n) == 0)
        break;
    }
    first = tab[h] - 1;
    if (cnt[first] >= TERM_REPEATS) {
      int sev = rc->sr->cap_sev;
      if (sev > (int)rc->rule->info.severity)
        sev = (int)rc->rule->info.severity;
      err = mtl_emit(rc->lc, rc->rule, p->start, p->end, NULL, 0, "term", sev);
    } else {
      verdict v;
      size_t ns;
      if ((err = mtl_spell_lookup(rc->st, rc->tls, base + p->off, p->n, p->sugg && !p->defer,
                                  &v)) != 0)
        break;
      ns = v.nsugg < (size_t)rc->sr->max_sugg ? v.nsugg : (size_t)rc->sr->max_sugg;
      if (p->defer || !p->sugg)
        ns = 0;
      err = mtl_emit_ex(rc->lc, rc->rule, p->start, p->end, (const char *const *)v.sugg, ns,
                        "word", 0, p->defer ? MTL_FF_SUGG_DEFERRED : 0);
      if (v.owned)
        mtl_dict_free_list(v.sugg, v.nsugg);
    }
  }
  mtl_free(tab);
  mtl_free(cnt);
  return err;
}

/* report: variety.  Counts the lower-case words that only one variety of
 * English spells so (colour, color); with language auto, an article with
 * both gets one info finding at the first word of the rarer one; with
 * en-US or en-GB, each word of the other variety is a finding. */
static int variety_run(runctx *rc) {
  const mtl_doc *doc = rc->lc->doc;
  size_t i, count[3] = {0, 0, 0}, first[3] = {0, 0, 0};
  int lang = rc->lc->language, err;
  for (i = 0; i < doc->ntoks; i++) {
    const mtl_token *t = &doc->toks[i];
    verdict v;
    size_t n = t->end - t->start;
    if (t->kind != MTL_TOK_WORD || !(t->flags & MTL_TF_LOWER) || (t->flags & MTL_TF_DIGIT) ||
        n > WORD_MAX || n < 3)
      continue;
    n = strip_possessive(doc->text + t->start, n);
    if ((err = mtl_spell_lookup(rc->st, rc->tls, doc->text + t->start, n, 0, &v)) != 0)
      return err;
    if (v.owned)
      mtl_dict_free_list(v.sugg, v.nsugg);
    if (!v.known || v.var == VAR_NONE)
      continue;
    if (!count[v.var]++)
      first[v.var] = i;
    if ((lang == MTL_LANG_EN_US && v.var == VAR_GB) ||
        (lang == MTL_LANG_EN_GB && v.var == VAR_US)) {
      if ((err = mtl_emit(rc->lc, rc->rule, t->start, t->start + n, NULL, 0,
                          v.var == VAR_GB ? "British spelling in en-US text"
                                          : "American spelling in en-GB text",
                          0)) != 0)
        return err;
    }
  }
  if (lang == MTL_LANG_AUTO && count[VAR_US] && count[VAR_GB]) {
    int minor = count[VAR_GB] < count[VAR_US] ||
                        (count[VAR_GB] == count[VAR_US] && first[VAR_GB] > first[VAR_US])
                    ? VAR_GB
                    : VAR_US;
    const mtl_token *t = &doc->toks[first[minor]];
    return mtl_emit(rc->lc, rc->rule, t->start,
                    t->start + strip_possessive(doc->text + t->start, t->end - t->start), NULL,
                    0,
                    minor == VAR_GB ? "British spelling in American English text"
                                    : "American spelling in British English text",
                    MTL_SEV_INFO);
  }
  return 0;
}

static int spelling_run(const mtl_rule *rule, mtl_lintctx *lc) {
  runctx rc;
  size_t i;
  int err = 0;
  memset(&rc, 0, sizeof rc);
  rc.rule = rule;
  rc.sr = rule->data;
  rc.st = lc->eng->spell;
  rc.lc = lc;
  rc.tls = tl_cache;
  if (!rc.sr || !rc.st)
    return 0;
  if (rc.sr->variety)
    return variety_run(&rc);
  for (i = 0; i < lc->doc->ntoks && !err; i++) {
    const mtl_token *t = &lc->doc->toks[i];
    rc.ti = i;
    if (t->kind == MTL_TOK_WORD && t->end < lc->doc->len &&
        (unsigned char)lc->doc->text[t->end] >= 0xC2) {
      char buf[WORD_MAX + 1];
      size_t n = 0, last = mtl_spell_join_invisible(lc->doc, i, buf, &n);
      if (n) {
        int known;
        err = mtl_spell_check_word(&rc, t->start, lc->doc->toks[last].end, buf, n, 0, &known, -1);
        i = last;
        continue;
      }
    }
    err = mtl_spell_check_token(&rc, i);
  }
  if (!err && rc.nnames)
    err = resolve_names(&rc);
  if (!err && rc.nwords)
    err = resolve_words(&rc);
  mtl_free(rc.names);
  mtl_free(rc.words);
  mtl_buf_free(&rc.wbuf);
  return err;
}

const mtl_check_kind mtl_check_spelling = {
    "spelling", spelling_keys, spelling_compile, spelling_run, spelling_free,
    MTL_KIND_DICT | MTL_KIND_YIELDS, NULL,
};
