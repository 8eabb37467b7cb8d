/*
 * engine.c - builds an engine from options (rule files, built-in rules,
 * selectors) and looks its rules up.  A finished engine is read-only, so
 * one serves many threads at once (lint.c lints with it).
 */
#include "check.h"
#include "dict.h"
#include "engine.h"
#include "lm.h"
#include "mtlint.h"
#include "options.h"
#include "util.h"
#include "wordindex.h"

#include <stdlib.h>
#include <string.h>

/* ---------------- built-in rules (no YAML) ---------------- */

static int nop_run(const mtl_rule *r, mtl_lintctx *lc) { (void)r; (void)lc; return 0; }
static const mtl_check_kind builtin_kind = {"builtin", NULL, NULL, nop_run, NULL, 0, NULL};

static const struct {
  const char *id, *pack, *message, *description;
  mtl_severity sev;
} builtins[] = {
    {"input.encoding", "input", "{detail}",
     "The input is not clean UTF-8: it holds an invalid byte sequence or a NUL byte. "
     "The text is linted as it is; the first such byte is reported once per input.",
     MTL_SEV_WARNING},
    {"mtlint.rule-limit", "mtlint", "{detail}",
     "A regular-expression rule hit PCRE2's match, depth or heap limit on this input. "
     "Its remaining matches in the input were skipped; the run goes on. Usually the rule's "
     "pattern backtracks catastrophically and should be rewritten.",
     MTL_SEV_WARNING},
    {"mtlint.language-model", "mtlint", "{detail}",
     "The rules that need the language model (kind swap) could not load it: the package "
     "pocketsphinx-en-us is missing, or MTLINT_LANGUAGE_MODEL names a file that is not a "
     "sphinxbase model. Those rules are skipped; the others run. Reported once per input.",
     MTL_SEV_INFO},
    {"input.other-language", "input", "{detail}",
     "The text reads as another language than English (guessed from its function words: "
     "der, und, le, les, el, los...). mtlint's rules are written for English, so the text is "
     "not checked for spelling, style or garble: this one finding is all it gets, and it does "
     "not count towards a garble score. A language the input declares (an RSS feed's "
     "<language>, xml:lang or lang, a JSON Feed's language, a JSON Lines lang field) decides "
     "before the guess: a declared English text is never guessed to be another language.",
     MTL_SEV_INFO},
    {"suppression.unknown-rule", "suppression", "{detail}",
     "An inline suppression comment (mtlint-disable, mtlint-enable, mtlint-disable-line, "
     "mtlint-disable-next-line) names a rule or pack that does not exist, so it hides "
     "nothing: usually a typo, or a rule that was renamed. The nearest rule id or pack is "
     "suggested when one is close.",
     MTL_SEV_WARNING},
    {"suppression.unused", "suppression", "{detail}",
     "An inline mtlint-disable, mtlint-disable-line or mtlint-disable-next-line comment hid "
     "no finding: the text it guarded was fixed, or the rule no longer fires there. Off by "
     "default; turned on by --report-unused-disable, `report_unused_disable: true` in the "
     "config, or enabling this rule.",
     MTL_SEV_WARNING},
    {"input.recovered", "input", "{detail}",
     "A feed item was not well-formed XML (a tag left open or closed twice, a stray byte, "
     "an unescaped '&'), so libxml2's recovery mode read what it could of it, and that text "
     "was linted. The message names the file's line and column of the fault. Check the "
     "item at its source: the recovered text may lack words or hold markup. It is a "
     "warning, not an input error: the run's exit status follows --fail-on (1 by default), "
     "not 4, and it does not count towards a garble score.",
     MTL_SEV_WARNING},
};

static int add_builtin(mtl_engine *eng, size_t i) {
  mtl_rule *r = mtl_calloc(1, sizeof *r);
  if (!r || mtl_grow((void **)&eng->rules, &eng->caprules, eng->nrules + 1, sizeof *eng->rules)) {
    mtl_free(r);
    return MTL_ENOMEM;
  }
  r->kind = &builtin_kind;
  r->index = (uint32_t)eng->nrules;
  r->info.id = mtl_strdup(builtins[i].id);
  r->info.pack = mtl_strdup(builtins[i].pack);
  r->info.kind = "builtin";
  r->info.category = mtl_strdup("input");
  r->info.severity = builtins[i].sev;
  r->info.enabled = i != MTL_RULE_SUPP_UNUSED; /* asked for (--report-unused-disable) */
  r->info.message = mtl_strdup(builtins[i].message);
  r->info.description = mtl_strdup(builtins[i].description);
  r->info.fix = "none";
  eng->rules[eng->nrules++] = r;
  if (!r->info.id || !r->info.pack || !r->info.category || !r->info.message ||
      !r->info.description)
    return MTL_ENOMEM;
  return 0;
}

/* ---------------- engine ---------------- */

static int dup_list(char ***dst, size_t *n, const mtl_strlist *src) {
  size_t i;
  if (!src->n)
    return 0;
  if (!(*dst = mtl_calloc(src->n, sizeof **dst)))
    return MTL_ENOMEM;
  for (i = 0; i < src->n; i++) {
    if (!((*dst)[i] = mtl_strdup(src->v[i])))
      return MTL_ENOMEM;
    *n = i + 1;
  }
  return 0;
}

static int rule_id_cmp(const void *a, const void *b) {
  return strcmp((*(mtl_rule *const *)a)->info.id, (*(mtl_rule *const *)b)->info.id);
}

/* Gives each rule the rank of its id, for a sort order that needs no globals. */
static int rank_rules(mtl_engine *eng) {
  mtl_rule **sorted = mtl_malloc((eng->nrules ? eng->nrules : 1) * sizeof *sorted);
  size_t i;
  if (!sorted)
    return MTL_ENOMEM;
  memcpy(sorted, eng->rules, eng->nrules * sizeof *sorted);
  qsort(sorted, eng->nrules, sizeof *sorted, rule_id_cmp);
  for (i = 0; i < eng->nrules; i++)
    sorted[i]->id_rank = (uint32_t)i;
  mtl_free(sorted);
  return 0;
}

static int sel_matches(const char *sel, const mtl_rule *r) {
  return !strcmp(sel, "*") || !strcmp(sel, r->info.id) || !strcmp(sel, r->info.pack);
}

/* Whether an enabled spelling rule would ever ask Hunspell. */
static int has_spelling(const mtl_engine *eng) {
  size_t i;
  for (i = 0; i < eng->nrules; i++)
    if ((eng->rules[i]->kind->flags & MTL_KIND_DICT) && eng->rules[i]->info.enabled)
      return 1;
  return 0;
}

/* The rule id or pack name nearest to sel, if near enough to suggest. */
static const char *nearest_rule(const mtl_engine *eng, const char *sel) {
  const char *best = NULL;
  size_t bd = 99, j, n = strlen(sel);
  for (j = 0; j < eng->nrules; j++) {
    const mtl_rule_info *ri = &eng->rules[j]->info;
    size_t d = mtl_edit_distance(sel, n, ri->id, strlen(ri->id));
    if (ri->pack) {
      size_t dp = mtl_edit_distance(sel, n, ri->pack, strlen(ri->pack));
      if (dp < d && dp < bd) {
        bd = dp;
        best = ri->pack;
      }
    }
    if (d < bd) {
      bd = d;
      best = ri->id;
    }
  }
  return bd <= (n > 12 ? 4u : n > 5 ? 2u : 1u) ? best : NULL;
}

int mtl_engine_new(mtl_engine **out, const mtl_options *opts, mtl_error *err) {
  mtl_engine *eng;
  size_t i, j;
  int rc = 0;
  *out = NULL;
  if (err)
    memset(err, 0, sizeof *err);
  if (!opts)
    return mtl_seterr(err, MTL_EINVAL, NULL, 0, 0, "no options");
  eng = mtl_calloc(1, sizeof *eng);
  if (!eng)
    return mtl_seterr(err, MTL_ENOMEM, NULL, 0, 0, "out of memory");
  if (mtl_wordindex_new(&eng->windex) || add_builtin(eng, MTL_RULE_ENCODING) ||
      add_builtin(eng, MTL_RULE_LIMIT) || add_builtin(eng, MTL_RULE_LM) || add_builtin(eng, MTL_RULE_LANG) ||
      add_builtin(eng, MTL_RULE_SUPP_UNKNOWN) || add_builtin(eng, MTL_RULE_SUPP_UNUSED) ||
      add_builtin(eng, MTL_RULE_RECOVERED) ||
      dup_list(&eng->dicts, &eng->ndicts, &opts->dicts) ||
      dup_list(&eng->wordlists, &eng->nwordlists, &opts->wordlists) ||
      (opts->datadir && !(eng->datadir = mtl_strdup(opts->datadir))) ||
      (opts->base_dict && !(eng->base_dict = mtl_strdup(opts->base_dict))) ||
      mtl_lm_slot_new(&eng->lm, opts->lm_path)) {
    rc = mtl_seterr(err, MTL_ENOMEM, NULL, 0, 0, "out of memory");
    goto fail;
  }
  eng->language = opts->language;
  if (opts->builtin) {
    char *dir;
    size_t dl;
    if (!eng->datadir) {
      rc = mtl_seterr(err, MTL_EINVAL, NULL, 0, 0,
                      "built-in rules requested but no data folder is set");
      goto fail;
    }
    dl = strlen(eng->datadir);
    if (!(dir = mtl_malloc(dl + 7))) {
      rc = mtl_seterr(err, MTL_ENOMEM, NULL, 0, 0, "out of memory");
      goto fail;
    }
    memcpy(dir, eng->datadir, dl);
    strcpy(dir + dl, "/rules");
    rc = mtl_rules_load_path(eng, dir, err);
    mtl_free(dir);
    if (rc)
      goto fail;
  }
  for (i = 0; i < opts->rules.n; i++)
    if ((rc = mtl_rules_load_path(eng, opts->rules.v[i], err)))
      goto fail;
  for (i = 0; i < opts->nsel; i++) {
    const mtl_selector *s = &opts->sel[i];
    int hit = 0;
    for (j = 0; j < eng->nrules; j++) {
      mtl_rule *r = eng->rules[j];
      if (!sel_matches(s->sel, r))
        continue;
      hit = 1;
      if (s->enabled >= 0)
        r->info.enabled = s->enabled;
      else
        r->info.severity = (mtl_severity)s->severity;
    }
    if (!hit) {
      const char *near = nearest_rule(eng, s->sel);
      if (near)
        rc = mtl_seterr(err, MTL_ENOTFOUND, NULL, 0, 0,
                        "no rule or pack named '%s'; did you mean '%s'?", s->sel, near);
      else
        rc = mtl_seterr(err, MTL_ENOTFOUND, NULL, 0, 0, "no rule or pack named '%s'", s->sel);
      goto fail;
    }
  }
  if (rank_rules(eng)) {
    rc = mtl_seterr(err, MTL_ENOMEM, NULL, 0, 0, "out of memory");
    goto fail;
  }
  eng->spelling_on = has_spelling(eng);
  *out = eng;
  return 0;
fail:
  mtl_engine_free(eng);
  return rc;
}

void mtl_engine_free(mtl_engine *eng) {
  size_t i;
  if (!eng)
    return;
  mtl_rules_free_all(eng);
  mtl_wordindex_free(eng->windex);
  mtl_spell_free(eng->spell);
  mtl_lm_slot_free(eng->lm);
  for (i = 0; i < eng->ndicts; i++)
    mtl_free(eng->dicts[i]);
  for (i = 0; i < eng->nwordlists; i++)
    mtl_free(eng->wordlists[i]);
  mtl_free(eng->dicts);
  mtl_free(eng->wordlists);
  mtl_free(eng->datadir);
  mtl_free(eng->base_dict);
  mtl_free(eng);
}

int mtl_engine_preload(const mtl_engine *eng, mtl_error *err) {
  size_t i;
  if (err)
    memset(err, 0, sizeof *err);
  if (!eng)
    return mtl_seterr(err, MTL_EINVAL, NULL, 0, 0, "no engine");
  if (eng->spelling_on && mtl_spell_preload(eng->spell))
    return mtl_seterr(err, MTL_EDICT, NULL, 0, 0, "the spelling dictionaries cannot be loaded");
  /* PERF: then the language model, the thesaurus index and the spun-name
   * term lists of the enabled rules that use them (~90 million
   * instructions that the first lint paid) */
  for (i = 0; i < eng->nrules; i++) {
    const mtl_rule *r = eng->rules[i];
    if (r->info.enabled && r->kind->preload)
      r->kind->preload(r, eng);
  }
  return 0;
}

size_t mtl_engine_rule_count(const mtl_engine *eng) { return eng ? eng->nrules : 0; }

const mtl_rule_info *mtl_engine_rule(const mtl_engine *eng, size_t i) {
  return eng && i < eng->nrules ? &eng->rules[i]->info : NULL;
}

static const mtl_rule *rule_by_id(const mtl_engine *eng, const char *id) {
  size_t i;
  for (i = 0; eng && id && i < eng->nrules; i++)
    if (eng->rules[i]->info.id && !strcmp(eng->rules[i]->info.id, id))
      return eng->rules[i];
  return NULL;
}

const mtl_rule_info *mtl_engine_find_rule(const mtl_engine *eng, const char *id) {
  const mtl_rule *r = rule_by_id(eng, id);
  return r ? &r->info : NULL;
}

int mtl_rule_para_local(const mtl_engine *eng, const char *id) {
  const mtl_rule *r = rule_by_id(eng, id);
  return r && r->para_local;
}

int mtl_engine_loading(const mtl_engine *eng) {
  return eng && eng->spelling_on && mtl_spell_loading(eng->spell);
}
