/*
 * test_engine.c - the public API end to end: options, engine_new errors with
 * file:line:col, rule info, findings of every check kind, sort order,
 * built-in rules, and linting one engine from two threads.
 */
#include "testutil.h"
#include "mtlint.h"
#include "regex.h"
#include "util.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define DATA MTL_TEST_DATA "/"

static mtl_engine *engine_from(const char *rules, mtl_error *e) {
  mtl_options *o;
  mtl_engine *eng = NULL;
  assert_int_equal(mtl_options_new(&o), 0);
  mtl_options_use_builtin_rules(o, 0);
  assert_int_equal(mtl_options_add_rules(o, rules), 0);
  if (mtl_engine_new(&eng, o, e))
    fail_msg("engine_new: %s:%zu:%zu: %s", e->file, e->line, e->column, e->message);
  mtl_options_free(o);
  return eng;
}

static int engine_err(const char *rules, mtl_error *e) {
  mtl_options *o;
  mtl_engine *eng = (mtl_engine *)1;
  int rc;
  assert_int_equal(mtl_options_new(&o), 0);
  mtl_options_use_builtin_rules(o, 0);
  assert_int_equal(mtl_options_add_rules(o, rules), 0);
  memset(e, 0, sizeof *e);
  rc = mtl_engine_new(&eng, o, e);
  assert_true(rc < 0);
  assert_null(eng);
  assert_int_equal(e->code, rc);
  mtl_options_free(o);
  return rc;
}

static int ends_with(const char *s, const char *suffix) {
  size_t a = strlen(s), b = strlen(suffix);
  return a >= b && !strcmp(s + a - b, suffix);
}

static void options_basics(void **state) {
  mtl_options *o;
  (void)state;
  mtl_options_free(NULL);
  assert_int_equal(mtl_options_new(&o), 0);
  assert_int_equal(mtl_options_add_ignore(o, "drafts/**"), 0);
  assert_int_equal(mtl_options_add_ignore(o, "*.tmp.md"), 0);
  assert_int_equal(mtl_options_ignore_count(o), 2);
  assert_string_equal(mtl_options_ignore(o, 1), "*.tmp.md");
  assert_null(mtl_options_ignore(o, 2));
  assert_int_equal(mtl_options_set_datadir(o, MTL_TEST_SRCDIR), 0);
  assert_int_equal(mtl_options_set_enabled(o, "*", 0), 0);
  assert_int_equal(mtl_options_set_severity(o, "unit", MTL_SEV_ERROR), 0);
  mtl_options_free(o);
}

static void engine_new_errors(void **state) {
  mtl_error e;
  mtl_options *o;
  mtl_engine *eng;
  (void)state;
  /* unknown key: the key's own line and column */
  assert_int_equal(engine_err(DATA "unknown-key.yaml", &e), MTL_ESCHEMA);
  assert_true(ends_with(e.file, "unknown-key.yaml"));
  assert_int_equal(e.line, 11);
  assert_int_equal(e.column, 5);
  assert_non_null(strstr(e.message, "colour"));
  /* bad regex: points into the rule */
  assert_int_equal(engine_err(DATA "bad-regex.yaml", &e), MTL_EREGEX);
  assert_true(ends_with(e.file, "bad-regex.yaml"));
  assert_true(e.line >= 4 && e.line <= 10);
  assert_true(e.column >= 1);
  /* malformed YAML */
  assert_int_equal(engine_err(DATA "malformed.yaml", &e), MTL_ESYNTAX);
  assert_true(ends_with(e.file, "malformed.yaml"));
  assert_true(e.line >= 2);
  assert_true(e.column >= 1);
  /* missing file */
  assert_int_equal(engine_err(DATA "no-such-file.yaml", &e), MTL_EIO);
  assert_true(ends_with(e.file, "no-such-file.yaml"));
  /* a selector that names nothing */
  assert_int_equal(mtl_options_new(&o), 0);
  mtl_options_use_builtin_rules(o, 0);
  assert_int_equal(mtl_options_add_rules(o, DATA "kinds.yaml"), 0);
  assert_int_equal(mtl_options_set_enabled(o, "nosuch.rule", 0), 0);
  assert_int_equal(mtl_engine_new(&eng, o, &e), MTL_ENOTFOUND);
  assert_non_null(strstr(e.message, "nosuch.rule"));
  mtl_options_free(o);
  /* built-in rules from a data folder that does not exist */
  assert_int_equal(mtl_options_new(&o), 0);
  assert_int_equal(mtl_options_set_datadir(o, "/nonexistent/mtlint-data"), 0);
  assert_int_equal(mtl_engine_new(&eng, o, &e), MTL_EIO);
  assert_null(eng);
  assert_non_null(strstr(e.file, "/nonexistent/mtlint-data"));
  mtl_options_free(o);
  assert_int_equal(mtl_engine_new(&eng, NULL, NULL), MTL_EINVAL);
  mtl_engine_free(NULL);
}

static void rule_info(void **state) {
  mtl_error e;
  mtl_engine *eng = engine_from(DATA "kinds.yaml", &e);
  const mtl_rule_info *r;
  size_t i, n = mtl_engine_rule_count(eng);
  (void)state;
  assert_int_equal(n, 7 + 7); /* built-in input.encoding, mtlint.rule-limit,
                               * mtlint.language-model, input.other-language,
                               * suppression.unknown-rule, suppression.unused,
                               * input.recovered */
  assert_true(mtl_engine_find_rule(eng, "suppression.unknown-rule")->enabled);
  assert_false(mtl_engine_find_rule(eng, "suppression.unused")->enabled);
  assert_non_null(mtl_engine_find_rule(eng, "input.other-language"));
  assert_non_null(mtl_engine_find_rule(eng, "input.recovered"));
  assert_non_null(mtl_engine_find_rule(eng, "input.encoding"));
  assert_non_null(mtl_engine_find_rule(eng, "mtlint.rule-limit"));
  assert_null(mtl_engine_find_rule(eng, "unit.nope"));
  assert_null(mtl_engine_rule(eng, n));
  r = mtl_engine_find_rule(eng, "unit.byline");
  assert_non_null(r);
  assert_string_equal(r->pack, "unit");
  assert_string_equal(r->kind, "pattern");
  assert_string_equal(r->category, "pattern");
  assert_string_equal(r->fix, "safe");
  assert_int_equal(r->severity, MTL_SEV_WARNING);
  assert_true(r->enabled);
  assert_int_equal(r->line, 4); /* the "- id:" line */
  assert_true(ends_with(r->file, "kinds.yaml"));
  assert_null(r->link);
  assert_int_equal(r->n_bad, 1);
  assert_string_equal(r->bad[0], "(Written through Ana Lopes)");
  assert_int_equal(r->n_good, 1);
  for (i = 0; i < n; i++)
    assert_non_null(mtl_engine_rule(eng, i)->id);
  mtl_engine_free(eng);
}

static const mtl_finding *find_rule(const mtl_result *res, const char *id, size_t nth) {
  size_t i;
  for (i = 0; i < mtl_result_count(res); i++) {
    const mtl_finding *f = mtl_result_finding(res, i);
    if (!strcmp(f->rule, id) && nth-- == 0)
      return f;
  }
  return NULL;
}

static const char article[] =
    "(Written through Ana Lopes) The the minister held a push meeting in Kiev.\n"
    "Officials in latvia said the goverment would act (soon.\n";

static void each_kind_fires(void **state) {
  mtl_error e;
  mtl_engine *eng = engine_from(DATA "kinds.yaml", &e);
  mtl_result *res;
  const mtl_finding *f;
  size_t i;
  (void)state;
  assert_int_equal(mtl_lint(&res, eng, article, sizeof article - 1, &e), 0);
  f = find_rule(res, "unit.byline", 0);
  assert_non_null(f);
  assert_int_equal(f->start.offset, 1);
  assert_int_equal(f->end.offset, 16);
  assert_int_equal(f->start.line, 1);
  assert_int_equal(f->start.column, 2);
  assert_int_equal(f->n_suggestions, 1);
  assert_string_equal(f->suggestions[0], "Written by");
  assert_string_equal(f->message, "'Written through' is a garbled byline; use 'Written by'");
  assert_true(f->fix_safe);
  assert_int_equal(f->severity, MTL_SEV_WARNING);

  f = find_rule(res, "unit.push-meeting", 0);
  assert_non_null(f);
  assert_memory_equal(article + f->start.offset, "push meeting", 12);
  assert_int_equal(f->end.offset - f->start.offset, 12);
  assert_string_equal(f->suggestions[0], "press conference");
  assert_false(f->fix_safe);
  assert_int_equal(f->severity, MTL_SEV_ERROR);

  f = find_rule(res, "unit.kyiv", 0);
  assert_non_null(f);
  assert_memory_equal(article + f->start.offset, "Kiev", 4);
  assert_string_equal(f->suggestions[0], "Kyiv");

  f = find_rule(res, "unit.doubled", 0);
  assert_non_null(f);
  assert_true(f->start.offset >= 28 && f->end.offset <= 35);

  f = find_rule(res, "unit.proper", 0);
  assert_non_null(f);
  assert_memory_equal(article + f->start.offset, "latvia", 6);
  assert_int_equal(f->start.line, 2);
  assert_int_equal(f->start.column, 14);
  assert_string_equal(f->suggestions[0], "Latvia");

  /* spelling flags the typo (and may flag the lower-case name), nothing else */
  {
    int typo = 0;
    for (i = 0; (f = find_rule(res, "unit.spelling", i)); i++) {
      size_t n = f->end.offset - f->start.offset;
      if (n == 9 && !memcmp(article + f->start.offset, "goverment", 9))
        typo = 1;
      else if (!(n == 6 && !memcmp(article + f->start.offset, "latvia", 6)))
        fail_msg("spelling flagged '%.*s'", (int)n, article + f->start.offset);
    }
    assert_true(typo);
  }

  f = find_rule(res, "unit.brackets", 0);
  assert_non_null(f);
  assert_memory_equal(article + f->start.offset, "(", 1);
  assert_int_equal(f->start.line, 2);

  assert_null(find_rule(res, "input.encoding", 0));
  /* sorted by start, then end, then rule id */
  for (i = 1; i < mtl_result_count(res); i++) {
    const mtl_finding *a = mtl_result_finding(res, i - 1), *b = mtl_result_finding(res, i);
    assert_true(a->start.offset <= b->start.offset);
    if (a->start.offset == b->start.offset) {
      assert_true(a->end.offset <= b->end.offset);
      if (a->end.offset == b->end.offset)
        assert_true(strcmp(a->rule, b->rule) <= 0);
    }
  }
  assert_int_equal(mtl_result_words(res), 22);
  assert_null(mtl_result_finding(res, mtl_result_count(res)));
  mtl_result_free(res);
  mtl_result_free(NULL);
  mtl_engine_free(eng);
}

static void same_span_sorted_by_rule(void **state) {
  mtl_error e;
  mtl_options *o;
  mtl_engine *eng;
  mtl_result *res;
  (void)state;
  assert_int_equal(mtl_options_new(&o), 0);
  mtl_options_use_builtin_rules(o, 0);
  assert_int_equal(mtl_options_add_rules(o, DATA "kinds.yaml"), 0);
  assert_int_equal(mtl_options_add_rules(o, DATA "samespan.yaml"), 0);
  assert_int_equal(mtl_engine_new(&eng, o, &e), 0);
  mtl_options_free(o);
  assert_int_equal(mtl_lint(&res, eng, "a push meeting", 14, &e), 0);
  assert_int_equal(mtl_result_count(res), 2);
  assert_string_equal(mtl_result_finding(res, 0)->rule, "aaa.first");
  assert_string_equal(mtl_result_finding(res, 1)->rule, "unit.push-meeting");
  mtl_result_free(res);
  mtl_engine_free(eng);
}

static void selectors_and_severity(void **state) {
  mtl_error e;
  mtl_options *o;
  mtl_engine *eng;
  mtl_result *res;
  (void)state;
  assert_int_equal(mtl_options_new(&o), 0);
  mtl_options_use_builtin_rules(o, 0);
  assert_int_equal(mtl_options_add_rules(o, DATA "kinds.yaml"), 0);
  assert_int_equal(mtl_options_set_enabled(o, "*", 0), 0);
  assert_int_equal(mtl_options_set_enabled(o, "unit.kyiv", 1), 0);
  assert_int_equal(mtl_options_set_severity(o, "unit", MTL_SEV_INFO), 0);
  assert_int_equal(mtl_engine_new(&eng, o, &e), 0);
  mtl_options_free(o);
  assert_false(mtl_engine_find_rule(eng, "unit.byline")->enabled);
  assert_true(mtl_engine_find_rule(eng, "unit.kyiv")->enabled);
  assert_int_equal(mtl_engine_find_rule(eng, "unit.kyiv")->severity, MTL_SEV_INFO);
  assert_int_equal(mtl_lint(&res, eng, article, sizeof article - 1, &e), 0);
  assert_int_equal(mtl_result_count(res), 1);
  assert_string_equal(mtl_result_finding(res, 0)->rule, "unit.kyiv");
  assert_int_equal(mtl_result_finding(res, 0)->severity, MTL_SEV_INFO);
  mtl_result_free(res);
  mtl_engine_free(eng);
}

static void encoding_and_empty(void **state) {
  mtl_error e;
  mtl_engine *eng = engine_from(DATA "kinds.yaml", &e);
  mtl_result *res;
  const char bad[] = "In Kiev \xFF today\0 and Kiev";
  const mtl_finding *f;
  (void)state;
  assert_int_equal(mtl_lint(&res, eng, bad, sizeof bad - 1, &e), 0);
  f = find_rule(res, "input.encoding", 0);
  assert_non_null(f);
  assert_int_equal(f->start.offset, 8);
  assert_int_equal(f->end.offset, 9);
  assert_non_null(strstr(f->message, "0xFF"));
  f = find_rule(res, "input.encoding", 1);
  assert_non_null(f);
  assert_int_equal(f->start.offset, 15);
  assert_null(find_rule(res, "input.encoding", 2));
  /* the text around the bad bytes is still linted */
  assert_non_null(find_rule(res, "unit.kyiv", 1));
  mtl_result_free(res);
  assert_int_equal(mtl_lint(&res, eng, NULL, 0, &e), 0);
  assert_int_equal(mtl_result_count(res), 0);
  assert_int_equal(mtl_result_words(res), 0);
  mtl_result_free(res);
  assert_int_equal(mtl_lint(&res, eng, NULL, 5, &e), MTL_EINVAL);
  assert_null(res);
  assert_int_equal(mtl_lint(&res, NULL, "x", 1, &e), MTL_EINVAL);
  mtl_engine_free(eng);
}

static void catastrophic_rule_reports_limit_once(void **state) {
  mtl_error e;
  mtl_engine *eng = engine_from(DATA "catastrophic.yaml", &e);
  mtl_result *res;
  char text[200];
  const mtl_finding *f;
  size_t i, n = 0;
  (void)state;
  /* several lines, each long enough to blow the match limit */
  for (i = 0; i < 4; i++) {
    memset(text + n, 'a', 40);
    n += 40;
    text[n++] = 'b';
    text[n++] = '\n';
  }
  assert_int_equal(mtl_lint(&res, eng, text, n, &e), 0);
  f = find_rule(res, "mtlint.rule-limit", 0);
  assert_non_null(f);
  assert_non_null(strstr(f->message, "slow.nested"));
  assert_null(find_rule(res, "mtlint.rule-limit", 1));
  mtl_result_free(res);
  mtl_engine_free(eng);
}

/* An engine of the built-in rule packs from the source tree. */
/* "rule@line:col" of each finding, one a line, with the first suggestion. */
static char *supp_dump(const mtl_engine *eng, const char *text) {
  mtl_result *res = NULL;
  mtl_error e;
  mtl_buf b = {0};
  size_t i;
  assert_int_equal(mtl_lint(&res, eng, text, strlen(text), &e), 0);
  for (i = 0; i < mtl_result_count(res); i++) {
    const mtl_finding *f = mtl_result_finding(res, i);
    mtl_buf_printf(&b, "%s@%zu:%zu%s%s\n", f->rule, f->start.line, f->start.column,
                   f->n_suggestions ? ">" : "", f->n_suggestions ? f->suggestions[0] : "");
  }
  mtl_result_free(res);
  mtl_buf_putc(&b, '\0');
  return (char *)b.data;
}

/* Names in directives that are no rule or pack: suppression.unknown-rule,
 * with the nearest id or pack; disables that hid nothing, when
 * suppression.unused is on; neither is hidden by a directive. */
static void suppression_findings(void **state) {
  static const char text[] =
      "<!-- mtlint-disable-next-line unit.bylin, unit -->\n" /* 1: typo, a pack */
      "(Written through Ana Lopes) gave a push meeting.\n"
      "<!-- mtlint-disable-next-line unit.push-meeting -->\n" /* 3: hides nothing */
      "Nothing to see.\n"
      "# mtlint-disable zz.top, *\n"                          /* 5: unknown; '*' used */
      "She gave a push meeting.\n"
      "<!-- mtlint-enable all -->\n"
      "<!-- mtlint-disable-line unit.push-meeting --> A push meeting.\n"; /* 8: used */
  static const char want_off[] =
      "suppression.unknown-rule@1:31>unit.byline\n"
      "suppression.unknown-rule@5:18\n";
  static const char want_on[] =
      "suppression.unknown-rule@1:31>unit.byline\n"
      "suppression.unused@3:31\n"
      "suppression.unknown-rule@5:18\n";
  mtl_error e;
  mtl_options *o;
  mtl_engine *eng = engine_from(DATA "kinds.yaml", &e), *on = NULL;
  char *got;
  (void)state;
  got = supp_dump(eng, text);
  assert_string_equal(got, want_off);
  mtl_free(got);
  /* no directive: nothing more, whatever the findings */
  got = supp_dump(eng, "A push meeting.\n");
  assert_string_equal(got, "unit.push-meeting@1:3>press conference\n");
  mtl_free(got);
  mtl_engine_free(eng);
  assert_int_equal(mtl_options_new(&o), 0);
  mtl_options_use_builtin_rules(o, 0);
  assert_int_equal(mtl_options_add_rules(o, DATA "kinds.yaml"), 0);
  assert_int_equal(mtl_options_set_enabled(o, "suppression.unused", 1), 0);
  assert_int_equal(mtl_engine_new(&on, o, &e), 0);
  mtl_options_free(o);
  got = supp_dump(on, text);
  assert_string_equal(got, want_on);
  mtl_free(got);
  /* a directive with no finding in the text at all */
  got = supp_dump(on, "Nothing.\n<!-- mtlint-disable-next-line -->\nStill nothing.\n");
  assert_string_equal(got, "suppression.unused@2:6\n");
  mtl_free(got);
  mtl_engine_free(on);
}

static mtl_engine *builtin_engine(void) {
  mtl_error e;
  mtl_options *o;
  mtl_engine *eng = NULL;
  assert_int_equal(mtl_options_new(&o), 0);
  assert_int_equal(mtl_options_set_datadir(o, MTL_TEST_SRCDIR), 0);
  if (mtl_engine_new(&eng, o, &e))
    fail_msg("%s:%zu:%zu: %s", e.file, e.line, e.column, e.message);
  mtl_options_free(o);
  return eng;
}

static void builtin_rules_load(void **state) {
  mtl_error e;
  mtl_engine *eng = builtin_engine();
  mtl_result *res;
  (void)state;
  assert_true(mtl_engine_rule_count(eng) > 10);
  assert_int_equal(mtl_lint(&res, eng, article, sizeof article - 1, &e), 0);
  assert_true(mtl_result_count(res) > 0);
  mtl_result_free(res);
  mtl_engine_free(eng);
}

/* ---- threads: one engine, two threads, same answers ---- */

typedef struct job {
  const mtl_engine *eng;
  const char *text;
  size_t len;
  char *dump;  /* findings as text */
  int rc;
} job;

static char *dump_result(const mtl_result *res) {
  mtl_buf b = {0};
  size_t i, j;
  for (i = 0; i < mtl_result_count(res); i++) {
    const mtl_finding *f = mtl_result_finding(res, i);
    mtl_buf_printf(&b, "%s %d %zu-%zu %zu:%zu:%zu %s", f->rule, (int)f->severity,
                   f->start.offset, f->end.offset, f->start.line, f->start.column,
                   f->start.column_utf16, f->message);
    for (j = 0; j < f->n_suggestions; j++)
      mtl_buf_printf(&b, " |%s", f->suggestions[j]);
    mtl_buf_putc(&b, '\n');
  }
  mtl_buf_putc(&b, '\0');
  return b.data;
}

static void *lint_thread(void *arg) {
  job *j = arg;
  int round;
  for (round = 0; round < 20 && !j->rc; round++) {
    mtl_result *res;
    mtl_error e;
    char *d;
    j->rc = mtl_lint(&res, j->eng, j->text, j->len, &e);
    if (j->rc)
      break;
    d = dump_result(res);
    mtl_result_free(res);
    if (!j->dump)
      j->dump = d;
    else {
      if (strcmp(d, j->dump))
        j->rc = -100; /* differs from the first round */
      mtl_free(d);
    }
  }
  return NULL;
}

/* ---- mtl_lint_begin / mtl_lint_finish: the result of mtl_lint ---- */

static char *halves_dump(const mtl_engine *eng, const char *text, size_t len, size_t *words) {
  mtl_pending *p = NULL;
  mtl_result *res = NULL;
  mtl_error e;
  char *d;
  assert_int_equal(mtl_lint_begin(&p, eng, text, len, &e), 0);
  assert_non_null(p);
  assert_int_equal(mtl_lint_finish(&res, p, &e), 0);
  d = dump_result(res);
  *words = mtl_result_words(res);
  mtl_result_free(res);
  return d;
}

/* The built-in rules on the samples and on texts where spelling findings
 * meet other rules' (dropped where a more specific rule covers the word),
 * suppression comments, invalid UTF-8 and nothing at all: the two halves
 * give byte for byte what one mtl_lint gives. */
static void lint_in_halves(void **state) {
  static const char *const texts[] = {
      "Officials in latvia and putin met in Izum on nov. 3; the goverment recieve it.\n",
      "The the minister held a push meeting in Kiev. <!-- mtlint-disable-line spelling -->\n"
      "Faulconbridgee wrote it (Written through Ana Lopes).\n"
      "<!-- mtlint-disable typography -->\nA \"quoted (text.\n<!-- mtlint-enable -->\n",
      "Bad \xff\xfe bytes and a sentense.\n",
      "",
  };
  static const char *const samples[] = {"clean-article.md", "danube-ports.txt",
                                        "grain-talks.txt", "local-election.md",
                                        "reservoir-flood.md"};
  mtl_engine *eng = builtin_engine();
  mtl_error e;
  mtl_pending *p = NULL;
  mtl_result *res = NULL;
  size_t i, words, whole_words;
  (void)state;
  assert_int_equal(mtl_engine_loading(eng), 0); /* nobody is loading */
  for (i = 0; i < sizeof texts / sizeof *texts + sizeof samples / sizeof *samples; i++) {
    char *data = NULL, *want, *got;
    size_t len;
    if (i < sizeof texts / sizeof *texts) {
      len = strlen(texts[i]);
      data = mtl_malloc(len + 1);
      assert_non_null(data);
      memcpy(data, texts[i], len + 1);
    } else {
      char path[512];
      snprintf(path, sizeof path, "%s/samples/%s", MTL_TEST_SRCDIR,
               samples[i - sizeof texts / sizeof *texts]);
      assert_int_equal(mtl_read_file(&data, &len, path, &e), 0);
    }
    /* the halves first: the first of them cannot lean on a loaded speller */
    got = halves_dump(eng, data, len, &words);
    assert_int_equal(mtl_lint(&res, eng, data, len, &e), 0);
    want = dump_result(res);
    whole_words = mtl_result_words(res);
    if (i < 2)
      assert_true(mtl_result_count(res) > 3);
    mtl_result_free(res);
    assert_string_equal(got, want);
    assert_int_equal(words, whole_words);
    mtl_free(got);
    mtl_free(want);
    mtl_free(data);
  }
  assert_int_equal(mtl_engine_loading(eng), 0); /* loaded */
  /* an unfinished one is dropped; bad arguments */
  assert_int_equal(mtl_lint_begin(&p, eng, texts[0], strlen(texts[0]), &e), 0);
  mtl_pending_free(p);
  mtl_pending_free(NULL);
  assert_int_equal(mtl_lint_finish(&res, NULL, &e), MTL_EINVAL);
  assert_null(res);
  assert_int_equal(mtl_lint_begin(&p, NULL, "x", 1, &e), MTL_EINVAL);
  assert_null(p);
  assert_int_equal(mtl_lint_begin(&p, eng, NULL, 1, &e), MTL_EINVAL);
  assert_int_equal(mtl_engine_loading(NULL), 0);
  mtl_engine_free(eng);
}

static void two_threads_same_findings(void **state) {
  mtl_error e;
  mtl_options *o;
  mtl_engine *eng;
  mtl_result *res;
  pthread_t t[2];
  job jobs[2];
  char *want;
  mtl_buf text = {0};
  int i;
  (void)state;
  for (i = 0; i < 30; i++)
    mtl_buf_puts(&text, article);
  assert_int_equal(mtl_options_new(&o), 0);
  assert_int_equal(mtl_options_set_datadir(o, MTL_TEST_SRCDIR), 0);
  assert_int_equal(mtl_options_add_rules(o, DATA "kinds.yaml"), 0);
  if (mtl_engine_new(&eng, o, &e))
    fail_msg("%s:%zu:%zu: %s", e.file, e.line, e.column, e.message);
  mtl_options_free(o);
  assert_int_equal(mtl_lint(&res, eng, text.data, text.len, &e), 0);
  want = dump_result(res);
  assert_true(mtl_result_count(res) > 30);
  mtl_result_free(res);
  for (i = 0; i < 2; i++) {
    memset(&jobs[i], 0, sizeof jobs[i]);
    jobs[i].eng = eng;
    jobs[i].text = text.data;
    jobs[i].len = text.len;
    assert_int_equal(pthread_create(&t[i], NULL, lint_thread, &jobs[i]), 0);
  }
  for (i = 0; i < 2; i++) {
    pthread_join(t[i], NULL);
    assert_int_equal(jobs[i].rc, 0);
    assert_string_equal(jobs[i].dump, want);
    mtl_free(jobs[i].dump);
  }
  mtl_free(want);
  mtl_buf_free(&text);
  mtl_engine_free(eng);
}

/* Which patterns can only match and look inside single lines (so a rule of
 * scope text is paragraph-local for the language server's region lints). */
static void pattern_line_bound(void **state) {
  static const char *const yes[] = {
      "\\bspecial army operation\\b", "(?i)the the", "\\b(\\w+) \\1\\b", "[A-Z][a-z]+",
      "[ \\t]+,", "foo(?!\\w)", "(?<=\\d)x", "a.b", "^said:$", "[\\]a-]", "\\Q[^\\E",
      "(?#[ (?s) ])x", "\\.\\.", "\xE2\x80\x9C\\w+", "(?i:x)", NULL};
  static const char *const no[] = {
      "special\\s+army", "said:\\n", "a\\Rb", "[^a]", "\\p{L}", "\\P{L}", "\\x0a", "\\012",
      "\\Aa", "a\\z", "a\\Z", "(?s)a.b", "(?is)a.b", "(*CR)a", "[[:space:]]", "\\W", "\\D",
      "\\H", "\\X", "\\C", "\\N", "[\\t-\\r]", "a\\", "a\nb", "a\tb", "\\10", "[\\1]",
      "\\g-1", "\\v", NULL};
  size_t i;
  (void)state;
  for (i = 0; yes[i]; i++)
    if (!mtl_pattern_line_bound(yes[i], strlen(yes[i])))
      fail_msg("'%s' should be line-bound", yes[i]);
  for (i = 0; no[i]; i++)
    if (mtl_pattern_line_bound(no[i], strlen(no[i])))
      fail_msg("'%s' should not be line-bound", no[i]);
  assert_int_equal(mtl_pattern_line_bound(NULL, 0), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(options_basics),
      cmocka_unit_test(engine_new_errors),
      cmocka_unit_test(rule_info),
      cmocka_unit_test(suppression_findings),
      cmocka_unit_test(each_kind_fires),
      cmocka_unit_test(same_span_sorted_by_rule),
      cmocka_unit_test(selectors_and_severity),
      cmocka_unit_test(encoding_and_empty),
      cmocka_unit_test(catastrophic_rule_reports_limit_once),
      cmocka_unit_test(builtin_rules_load),
      cmocka_unit_test(two_threads_same_findings),
      cmocka_unit_test(lint_in_halves),
      cmocka_unit_test(pattern_line_bound),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
