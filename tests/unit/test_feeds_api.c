/*
 * test_feeds_api.c - the feeds API through the public header only: readers
 * over a read callback (fed one byte at a time, so every buffer boundary is
 * crossed), format detection, HTML extraction, scores, reports, merge and
 * partial reports.  Usage: test_feeds_api SOURCE_DIR
 */
#include "mtlint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

#define CHECK(c)                                                                          \
  do {                                                                                    \
    if (!(c)) {                                                                           \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #c);               \
      failures++;                                                                         \
    }                                                                                     \
  } while (0)

typedef struct mem {
  const char *data;
  size_t len, pos, step;
} mem;

static int mem_read(void *ctx, char *buf, size_t cap, size_t *got) {
  mem *m = ctx;
  size_t n = m->len - m->pos;
  if (n > cap)
    n = cap;
  if (n > m->step)
    n = m->step;
  memcpy(buf, m->data + m->pos, n);
  m->pos += n;
  *got = n;
  return 0;
}

typedef struct sink {
  char *data;
  size_t len;
} sink;

static int sink_write(void *ctx, const char *data, size_t len) {
  sink *s = ctx;
  char *n = realloc(s->data, s->len + len + 1);
  if (!n)
    return 1;
  memcpy(n + s->len, data, len);
  s->len += len;
  n[s->len] = '\0';
  s->data = n;
  return 0;
}

/* Reads all articles of data; returns how many, errors counted in *bad. */
static size_t read_all_articles(const char *format, const char *name, const char *data,
                                size_t step, mtl_article **keep, size_t nkeep, int *bad) {
  mem m = {data, strlen(data), 0, step};
  mtl_reader *r = NULL;
  mtl_error err;
  size_t n = 0;
  int rc;
  *bad = 0;
  memset(&err, 0, sizeof err);
  if (mtl_reader_open(&r, format, name, mem_read, &m, &err)) {
    fprintf(stderr, "open: %s\n", err.message);
    *bad = -1;
    return 0;
  }
  for (;;) {
    mtl_article *a = NULL;
    rc = mtl_reader_next(r, &a, &err);
    if (rc == 0)
      break;
    if (rc < 0) {
      (*bad)++;
      continue;
    }
    if (n < nkeep)
      keep[n] = a;
    else
      mtl_article_free(a);
    n++;
  }
  mtl_reader_free(r);
  return n;
}

static void test_detect(void) {
  CHECK(!strcmp(mtl_reader_detect("a.rss", NULL, 0), "rss"));
  CHECK(!strcmp(mtl_reader_detect("a.ATOM", NULL, 0), "atom"));
  CHECK(!strcmp(mtl_reader_detect("a.ndjson", NULL, 0), "jsonl"));
  CHECK(!strcmp(mtl_reader_detect("a.htm", NULL, 0), "html"));
  CHECK(!strcmp(mtl_reader_detect("a.md", "<rss>", 5), "text"));
  CHECK(!strcmp(mtl_reader_detect("feed.xml", "<?xml version='1.0'?><feed xmlns=''>", 36),
                "atom"));
  CHECK(!strcmp(mtl_reader_detect("x", "\xEF\xBB\xBF  {\"id\":1}", 13), "jsonl"));
  CHECK(!strcmp(mtl_reader_detect(NULL, "<!DOCTYPE html><html>", 21), "html"));
  CHECK(!strcmp(mtl_reader_detect(NULL, "Plain words.", 12), "text"));
  CHECK(!strcmp(mtl_reader_detect(NULL, NULL, 0), "text"));
  CHECK(!strcmp(mtl_reader_detect("f.json", NULL, 0), "jsonfeed"));
  CHECK(!strcmp(mtl_reader_detect(NULL, "{\"version\":\"https://jsonfeed.org/version/1.1\"", 46),
                "jsonfeed"));
  CHECK(!strcmp(mtl_reader_detect("d.json", "{\"id\":1,\"text\":\"x\"}\n", 21), "jsonl"));
  CHECK(!strcmp(mtl_reader_detect("c.xml", "<img src=x />Words", 18), "html"));
  CHECK(!strcmp(mtl_reader_detect("c.xml", "\n<?xml version='1.0'?><rss>", 27), "rss"));
}

static void test_rss_one_byte(void) {
  static const char rss[] =
      "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Wire &amp; Co</title>\n"
      "<item><guid>g1</guid><title>First &lt;b&gt;one&lt;/b&gt;</title>"
      "<description><![CDATA[<p>One &amp; two.</p><script>x()</script><p>Three&rsquo;s "
      "four.</p>]]></description></item>\n"
      "<item><title>No guid</title><link>https://e.example/2</link>"
      "<description>Plain text only.</description></item>\n"
      "<item><title>Nothing</title></item>\n"
      "</channel></rss>\n";
  mtl_article *a[3] = {0};
  int bad;
  size_t n = read_all_articles("auto", "x.rss", rss, 1, a, 3, &bad);
  CHECK(n == 3 && bad == 0);
  if (n == 3) {
    CHECK(!strcmp(a[0]->id, "g1"));
    CHECK(!strcmp(a[0]->title, "First one"));
    CHECK(!strcmp(a[0]->source, "Wire & Co"));
    CHECK(!strcmp(a[0]->text, "One & two.\n\nThree\xE2\x80\x99s four.\n"));
    CHECK(a[0]->line == 3 && a[0]->index == 1);
    CHECK(!strcmp(a[1]->id, "https://e.example/2"));
    CHECK(!strcmp(a[1]->text, "Plain text only.\n"));
    CHECK(!strcmp(a[2]->id, "item-3") && a[2]->len == 0);
  }
  for (n = 0; n < 3; n++)
    mtl_article_free(a[n]);
}

static void test_jsonl_one_byte(void) {
  static const char jl[] =
      "{\"id\":\"a\",\"title\":\"T\",\"text\":\"Body one.\"}\r\n"
      "\n"
      "{\"id\":2,\"html\":\"<nav>Menu</nav><h2>Head</h2><p>Para &amp; more</p>\"}\n"
      "{\"text\":[1]}\n"
      "{\"text\":\"Last, no newline at the end.\"}";
  mtl_article *a[3] = {0};
  int bad;
  size_t n = read_all_articles("jsonl", "d.jsonl", jl, 1, a, 3, &bad);
  CHECK(n == 3 && bad == 1);
  if (n == 3) {
    CHECK(!strcmp(a[0]->id, "a") && !strcmp(a[0]->text, "Body one.") && a[0]->line == 1);
    CHECK(!strcmp(a[1]->id, "2") && !strcmp(a[1]->text, "Head\n\nPara & more\n"));
    CHECK(a[1]->line == 3);
    CHECK(!strcmp(a[2]->id, "line-5") && a[2]->line == 5);
  }
  for (n = 0; n < 3; n++)
    mtl_article_free(a[n]);
}

static void test_html_page(void) {
  static const char page[] =
      "<html><head><title>Page title</title><meta property=\"og:site_name\" content=\"Site\">"
      "</head><body><header>Top bar</header><nav>Home | News</nav><main><h1>Headline</h1>"
      "<p>First   paragraph\nspans lines.</p><!-- a comment --><div class=\"share-tools\">"
      "Share</div><ul><li>One</li><li>Two</li></ul><aside>Aside</aside><p>Caf&eacute; "
      "&#8220;quoted&#8221;</p></main><footer>Foot</footer></body></html>";
  mtl_article *a[1] = {0};
  int bad;
  size_t n = read_all_articles("auto", "p.html", page, 7, a, 1, &bad);
  CHECK(n == 1 && bad == 0);
  if (n == 1) {
    CHECK(!strcmp(a[0]->title, "Page title"));
    CHECK(!strcmp(a[0]->source, "Site"));
    CHECK(!strcmp(a[0]->text, "Headline\n\nFirst paragraph spans lines.\n\nOne\n\nTwo\n\n"
                              "Caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D\n"));
    CHECK(a[0]->id == NULL);
  }
  mtl_article_free(a[0]);
}

static void test_errors(void) {
  mtl_reader *r = NULL;
  mtl_error err;
  mem m = {"", 0, 0, 1};
  memset(&err, 0, sizeof err);
  CHECK(mtl_reader_open(&r, "pdf", "x", mem_read, &m, &err) == MTL_EFORMAT && !r);
  CHECK(mtl_reader_open(&r, "rss", "x", NULL, &m, &err) == MTL_EINVAL);
  {
    int bad;
    mtl_article *a[1] = {0};
    size_t n = read_all_articles("rss", "e.rss", "<html><body>no feed</body></html>", 3, a, 1,
                                 &bad);
    CHECK(n == 0 && bad == 1);
  }
  mtl_article_free(NULL);
  mtl_reader_free(NULL);
  mtl_report_free(NULL);
}

/* An engine of the built-in rules without spelling; NULL (counted as a
 * failure) if it cannot be built. */
static mtl_engine *engine_nospell(const char *srcdir) {
  mtl_options *o = NULL;
  mtl_engine *eng = NULL;
  mtl_error err;
  memset(&err, 0, sizeof err);
  CHECK(mtl_options_new(&o) == 0);
  CHECK(mtl_options_set_datadir(o, srcdir) == 0);
  CHECK(mtl_options_set_enabled(o, "spelling", 0) == 0);
  if (mtl_engine_new(&eng, o, &err)) {
    fprintf(stderr, "engine: %s\n", err.message);
    failures++;
    eng = NULL;
  }
  mtl_options_free(o);
  return eng;
}

static mtl_result *lint(mtl_engine *eng, const char *text) {
  mtl_result *res = NULL;
  if (mtl_lint(&res, eng, text, strlen(text), NULL))
    return NULL;
  return res;
}

static const char *const texts[] = {
    "The ministers have met on the user twice this year.",
    "The council approved the new budget on Tuesday.",
    "It is the maximum serious dispute, and the firm faces serious reputational prices.",
    "Ferry services will run every hour during the winter.",
    "Once one of the leading wives of the alliance, the city is now a junior wife.",
    /* another language: counted apart, merged and saved like the rest */
    "Die Stadt hat am Montag den neuen Plan vorgestellt, und der Rat sagte, dass die "
    "Busse in der Nacht auch am Wochenende fahren werden, aber nicht mit dem Land.",
};

static void add(mtl_report *rep, mtl_engine *eng, size_t i) {
  mtl_input_info in;
  mtl_result *res = lint(eng, texts[i]);
  char item[16];
  memset(&in, 0, sizeof in);
  snprintf(item, sizeof item, "i%zu", i);
  in.path = "corpus.jsonl";
  in.item = item;
  in.source = i % 2 ? "Odd Times" : "Even Post";
  CHECK(res != NULL);
  CHECK(mtl_report_add(rep, eng, &in, texts[i], strlen(texts[i]), res) == 0);
  mtl_result_free(res);
}

static char *partial(const mtl_report *rep) {
  sink s = {0};
  CHECK(mtl_report_save_partial(rep, sink_write, &s) == 0);
  return s.data;
}

/* The rule ids of a's findings, space-separated, into buf. */
static const char *rules_of(const mtl_engine *eng, mtl_article *a, int halves, char *buf,
                            size_t cap) {
  mtl_result *res = NULL;
  mtl_pending *p = NULL;
  mtl_error err;
  size_t i, n = 0;
  buf[0] = '\0';
  if (halves ? mtl_lint_article_begin(&p, eng, a, &err) || mtl_lint_finish(&res, p, &err)
             : mtl_lint_article(&res, eng, a, &err))
    return "(failed)";
  for (i = 0; i < mtl_result_count(res); i++) {
    const mtl_finding *f = mtl_result_finding(res, i);
    n += (size_t)snprintf(buf + n, cap - n, "%s%s:%s", n ? " " : "", f->rule,
                          mtl_severity_name(f->severity));
    if (n >= cap)
      break;
  }
  mtl_result_free(res);
  return buf;
}

/* mtl_lint_article: a declared language, a recovered item; both halves. */
static void test_lint_article(const char *srcdir) {
  mtl_engine *eng = NULL;
  mtl_error err;
  mtl_article a;
  char text[] = "The crew met on the user.", buf[512], de[] = "de", en[] = "en-GB",
       why[] = "line 3, column 9: Opening and ending tag mismatch";
  int h;
  if (!(eng = engine_nospell(srcdir)))
    return;
  memset(&err, 0, sizeof err);
  memset(&a, 0, sizeof a);
  a.text = text;
  a.len = strlen(text);
  for (h = 0; h < 2; h++) {
    CHECK(!strcmp(rules_of(eng, &a, h, buf, sizeof buf), "mt-garble.on-the-user:error"));
    a.language = de;
    CHECK(!strcmp(rules_of(eng, &a, h, buf, sizeof buf), "input.other-language:info"));
    a.language = en;
    CHECK(!strcmp(rules_of(eng, &a, h, buf, sizeof buf), "mt-garble.on-the-user:error"));
    a.recovered = why;
    CHECK(!strcmp(rules_of(eng, &a, h, buf, sizeof buf),
                  "input.recovered:warning mt-garble.on-the-user:error"));
    a.language = de;
    CHECK(!strcmp(rules_of(eng, &a, h, buf, sizeof buf),
                  "input.recovered:warning input.other-language:info"));
    a.language = a.recovered = NULL;
  }
  {
    mtl_result *res = NULL;
    CHECK(mtl_lint_article(&res, eng, NULL, &err) == MTL_EINVAL && !res);
  }
  mtl_engine_free(eng);
}

static void test_reports(const char *srcdir) {
  mtl_engine *eng = NULL;
  mtl_error err;
  mtl_report *all = NULL, *a = NULL, *b = NULL, *c = NULL, *loaded = NULL;
  mtl_report_config cfg;
  mtl_result *res;
  char *p1, *p2, *p3;
  size_t i;
  if (!(eng = engine_nospell(srcdir)))
    return;
  memset(&err, 0, sizeof err);
  /* one error in 10 words: 5 * 1000 / 200 */
  res = lint(eng, texts[0]);
  CHECK(res && mtl_garble_score(res) == 25.0);
  mtl_result_free(res);
  /* one span flagged by two rules counts once, as the more severe: the
   * month (a warning) inside the broken date (an error) */
  res = lint(eng, "The lease runs out nov. 1. 19 unless both sides agree.");
  CHECK(res && mtl_result_count(res) == 2 && mtl_garble_score(res) == 25.0);
  mtl_result_free(res);
  /* info findings do not count: a mixed quote style is a note, not garble */
  res = lint(eng, "He said \"yes\" to the plan on Monday, and then \xe2\x80\x9cno\xe2\x80\x9d to "
                  "the rest of it later.");
  CHECK(res && mtl_result_count(res) == 1 && mtl_garble_score(res) == 0.0);
  mtl_result_free(res);
  mtl_report_config_init(&cfg);
  CHECK(mtl_verdict_of(&cfg, 0.0) == MTL_VERDICT_CLEAN);
  CHECK(mtl_verdict_of(&cfg, cfg.suspect_at) == MTL_VERDICT_SUSPECT);
  CHECK(mtl_verdict_of(&cfg, cfg.garbled_at) == MTL_VERDICT_GARBLED);
  CHECK(!strcmp(mtl_verdict_name(MTL_VERDICT_GARBLED), "garbled"));
  cfg.top_articles = 2; /* the cut must merge exactly too */
  CHECK(mtl_report_new(&all, &cfg) == 0 && mtl_report_new(&a, &cfg) == 0 &&
        mtl_report_new(&b, &cfg) == 0 && mtl_report_new(&c, &cfg) == 0);
  for (i = 0; i < 6; i++)
    add(all, eng, i);
  add(a, eng, 3);
  add(a, eng, 0);
  add(b, eng, 2);
  add(b, eng, 4);
  add(c, eng, 1);
  add(c, eng, 5);
  /* (c + b) + a == all */
  CHECK(mtl_report_merge(c, b) == 0);
  CHECK(mtl_report_merge(c, a) == 0);
  p1 = partial(all);
  p2 = partial(c);
  CHECK(p1 && p2 && !strcmp(p1, p2));
  /* a partial loads back to the same partial */
  CHECK(mtl_report_load_partial(&loaded, p1, strlen(p1), "p1", &err) == 0);
  p3 = loaded ? partial(loaded) : NULL;
  CHECK(p3 && !strcmp(p1, p3));
  {
    sink s = {0};
    CHECK(mtl_report_write(all, "json", sink_write, &s) == 0);
    CHECK(s.data && strstr(s.data, "\"articles\":6,\"other_language\":1,"));
    CHECK(s.data && strstr(s.data, "\"phrase\":\"on the user\""));
    free(s.data);
    CHECK(mtl_report_write(all, "pdf", sink_write, &s) == MTL_EFORMAT);
  }
  /* other thresholds do not merge */
  {
    mtl_report *other = NULL;
    cfg.suspect_at = 1;
    CHECK(mtl_report_new(&other, &cfg) == 0);
    CHECK(mtl_report_merge(all, other) == MTL_EINVAL);
    mtl_report_free(other);
  }
  /* broken partials are errors with the name */
  mtl_report_free(loaded);
  loaded = NULL;
  CHECK(mtl_report_load_partial(&loaded, "{", 1, "bad.part", &err) == MTL_EPARSE &&
        !strcmp(err.file, "bad.part"));
  CHECK(mtl_report_load_partial(&loaded, "[]", 2, "bad.part", &err) == MTL_ESCHEMA);
  free(p1);
  free(p2);
  free(p3);
  mtl_report_free(all);
  mtl_report_free(a);
  mtl_report_free(b);
  mtl_report_free(c);
  mtl_engine_free(eng);
}

int main(int argc, char **argv) {
  const char *srcdir = argc > 1 ? argv[1] : ".";
  test_detect();
  test_rss_one_byte();
  test_jsonl_one_byte();
  test_html_page();
  test_errors();
  test_reports(srcdir);
  test_lint_article(srcdir);
  if (failures) {
    fprintf(stderr, "%d checks failed\n", failures);
    return 1;
  }
  printf("ok\n");
  return 0;
}
