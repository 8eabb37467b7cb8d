/*
 * test_doc.c - the document model (doc.c) and its UTF-8 helpers (utf8.c):
 * lines, tokens, sentences, paragraphs and positions.
 */
#include "testutil.h"
#include "doc_ref.h"
#include "doc.h"
#include "language.h"
#include "mtlint.h"
#include "utf8.h"
#include "util.h"

#include <stdio.h>

static mtl_doc load(const char *s, size_t n) {
  mtl_doc d;
  assert_int_equal(mtl_doc_init(&d, s, n), 0);
  return d;
}
#define LOAD(s) load((s), sizeof(s) - 1)

/* Text of token i. */
static const char *tok(const mtl_doc *d, size_t i) {
  static char buf[256];
  size_t n;
  assert_true(i < d->ntoks);
  n = d->toks[i].end - d->toks[i].start;
  assert_true(n < sizeof buf);
  memcpy(buf, d->text + d->toks[i].start, n);
  buf[n] = '\0';
  return buf;
}

static void span_eq(const mtl_doc *d, const mtl_span *s, const char *want) {
  size_t n = s->end - s->start;
  if (n != strlen(want) || memcmp(d->text + s->start, want, n))
    fail_msg("span [%.*s] != [%s]", (int)n, d->text + s->start, want);
}

static void lines_lf_crlf_cr(void **state) {
  mtl_doc d = LOAD("one\r\ntwo\n\nthree");
  (void)state;
  assert_int_equal(d.nlines, 4);
  span_eq(&d, &d.lines[0], "one"); /* \r not in the line */
  span_eq(&d, &d.lines[1], "two");
  span_eq(&d, &d.lines[2], "");
  span_eq(&d, &d.lines[3], "three");
  assert_int_equal(d.lines[1].start, 5);
  mtl_doc_free(&d);
  d = LOAD("end\n");
  assert_int_equal(d.nlines, 2);
  span_eq(&d, &d.lines[1], "");
  mtl_doc_free(&d);
}

static void empty_text(void **state) {
  mtl_doc d;
  (void)state;
  assert_int_equal(mtl_doc_init(&d, "", 0), 0);
  assert_int_equal(d.ntoks, 0);
  assert_int_equal(d.words, 0);
  assert_int_equal(d.nsents, 0);
  assert_int_equal(d.nparas, 0);
  assert_int_equal(d.nlines, 1);
  assert_int_equal(d.invalid_at, 0);
  assert_int_equal(d.nul_at, 0);
  assert_int_equal(mtl_doc_token_at(&d, 0), 0);
  mtl_doc_free(&d);
  mtl_doc_free(NULL);
}

static void bom_is_skipped(void **state) {
  mtl_doc d = LOAD("\xEF\xBB\xBFHello world");
  (void)state;
  assert_int_equal(d.body, 3);
  assert_int_equal(d.ntoks, 2);
  assert_string_equal(tok(&d, 0), "Hello");
  assert_int_equal(d.toks[0].start, 3);
  assert_true(d.toks[0].flags & MTL_TF_SENT_START);
  assert_true(d.toks[0].flags & MTL_TF_LINE_START);
  assert_int_equal(d.lines[0].start, 3);
  assert_int_equal(d.invalid_at, d.len);
  mtl_doc_free(&d);
  /* a BOM that is not at the start is a zero-width space, not a token */
  d = LOAD("a\xEF\xBB\xBF" "b");
  assert_int_equal(d.body, 0);
  assert_int_equal(d.ntoks, 2);
  mtl_doc_free(&d);
}

static void token_kinds(void **state) {
  mtl_doc d = LOAD("Mr. O\xE2\x80\x99" "Brien's well-known 3,500.25 km, see https://example.org/a?b=1. "
                   "Mail desk@news.example.com or www.example.net! x");
  size_t i;
  static const struct { const char *text; uint32_t kind; } want[] = {
      {"Mr", MTL_TOK_WORD},       {".", MTL_TOK_PUNCT},
      {"O\xE2\x80\x99" "Brien's", MTL_TOK_WORD},
      {"well-known", MTL_TOK_WORD}, {"3,500.25", MTL_TOK_NUMBER},
      {"km", MTL_TOK_WORD},       {",", MTL_TOK_PUNCT},
      {"see", MTL_TOK_WORD},      {"https://example.org/a?b=1", MTL_TOK_URL},
      {".", MTL_TOK_PUNCT},       {"Mail", MTL_TOK_WORD},
      {"desk@news.example.com", MTL_TOK_URL}, {"or", MTL_TOK_WORD},
      {"www.example.net", MTL_TOK_URL}, {"!", MTL_TOK_PUNCT},
      {"x", MTL_TOK_WORD},
  };
  (void)state;
  for (i = 0; i < d.ntoks && i < sizeof want / sizeof *want; i++) {
    assert_string_equal(tok(&d, i), want[i].text);
    if (d.toks[i].kind != want[i].kind)
      fail_msg("token %zu '%s': kind %u, want %u", i, want[i].text, d.toks[i].kind,
               want[i].kind);
  }
  assert_int_equal(d.ntoks, sizeof want / sizeof *want);
  /* words and numbers are counted; punctuation and URLs are not */
  assert_int_equal(d.words, 9);
  mtl_doc_free(&d);
}

static void token_edges(void **state) {
  mtl_doc d = LOAD("rock 'n' roll -- dogs' bones, re-elect, 2022-23, 10:30, U.S. ");
  (void)state;
  /* a leading or trailing apostrophe is punctuation, not part of the word */
  assert_string_equal(tok(&d, 0), "rock");
  assert_string_equal(tok(&d, 1), "'");
  assert_string_equal(tok(&d, 2), "n");
  assert_string_equal(tok(&d, 3), "'");
  assert_string_equal(tok(&d, 4), "roll");
  assert_string_equal(tok(&d, 5), "-");
  assert_string_equal(tok(&d, 6), "-");
  assert_string_equal(tok(&d, 7), "dogs");
  assert_string_equal(tok(&d, 8), "'");
  assert_string_equal(tok(&d, 9), "bones");
  assert_string_equal(tok(&d, 11), "re-elect");
  assert_string_equal(tok(&d, 13), "2022-23");
  assert_int_equal(d.toks[13].kind, MTL_TOK_WORD); /* a hyphen makes it a word */
  assert_string_equal(tok(&d, 15), "10:30");
  assert_int_equal(d.toks[15].kind, MTL_TOK_NUMBER);
  mtl_doc_free(&d);
}

static void token_flags(void **state) {
  mtl_doc d = LOAD("NATO said Putin iPhone putin A 5G\nnext");
  (void)state;
  assert_true(d.toks[0].flags & MTL_TF_ALLCAPS);
  assert_true(d.toks[0].flags & MTL_TF_CAP);
  assert_true(d.toks[1].flags & MTL_TF_LOWER);
  assert_true(d.toks[2].flags & MTL_TF_CAP);
  assert_false(d.toks[2].flags & (MTL_TF_ALLCAPS | MTL_TF_MIXED | MTL_TF_LOWER));
  assert_true(d.toks[3].flags & MTL_TF_MIXED);
  assert_false(d.toks[3].flags & MTL_TF_CAP);
  assert_true(d.toks[4].flags & MTL_TF_LOWER);
  assert_true(d.toks[5].flags & MTL_TF_CAP);
  assert_false(d.toks[5].flags & MTL_TF_ALLCAPS); /* one letter is not ALL CAPS */
  assert_true(d.toks[6].flags & MTL_TF_DIGIT);
  assert_true(d.toks[7].flags & MTL_TF_LINE_START);
  assert_false(d.toks[1].flags & MTL_TF_LINE_START);
  assert_true(d.toks[1].flags & MTL_TF_SPACE_BEFORE);
  mtl_doc_free(&d);
}

static void check_sentences(const char *text, const char *const *want, size_t n) {
  mtl_doc d = load(text, strlen(text));
  size_t i;
  if (d.nsents != n) {
    for (i = 0; i < d.nsents; i++)
      print_message("sentence %zu: [%.*s]\n", i, (int)(d.sents[i].end - d.sents[i].start),
                    d.text + d.sents[i].start);
    fail_msg("%zu sentences, want %zu in [%s]", d.nsents, n, text);
  }
  for (i = 0; i < n; i++)
    span_eq(&d, &d.sents[i], want[i]);
  for (i = 0; i < d.nsents; i++)
    assert_true(d.toks[d.sents[i].tok_start].flags & MTL_TF_SENT_START);
  mtl_doc_free(&d);
}

static void sentences_abbreviations(void **state) {
  static const char *const a[] = {"Mr. Smith met Dr. Jones in the U.S. on Sept. 5.",
                                  "They signed No. 3 of the deals."};
  static const char *const b[] = {"He works for Acme Inc. and lives here.",
                                  "It rained."};
  static const char *const c[] = {"Sales fell at Acme Inc.", "Shares rose."};
  static const char *const e[] = {"\xE2\x80\x9CWe won.\xE2\x80\x9D", "He left!",
                                  "Why?", "Because (it rained.)", "Then..."};
  static const char *const f[] = {"J. R. Smith arrived at 3.30 p.m. sharp.", "Yes."};
  static const char *const g[] = {"The deal is no.", "Another one came."};
  static const char *const h[] = {"Messrs. Hale and Roe and Drs. Ode and Kim met in Jackson, Miss. "
                                  "and Topeka, Kan. on Monday.",
                                  "They left for Salem, Ore.", "Rain fell."};
  static const char *const k[] = {"Her near miss.", "then the ill."};
  (void)state;
  check_sentences("Mr. Smith met Dr. Jones in the U.S. on Sept. 5. They signed No. 3 of the deals.",
                  a, 2);
  check_sentences("He works for Acme Inc. and lives here. It rained.", b, 2);
  check_sentences("Sales fell at Acme Inc. Shares rose.", c, 2);
  check_sentences("\xE2\x80\x9CWe won.\xE2\x80\x9D He left! Why? Because (it rained.) Then...", e, 5);
  check_sentences("J. R. Smith arrived at 3.30 p.m. sharp. Yes.", f, 2);
  check_sentences("The deal is no. Another one came.", g, 2);
  /* plural titles never end a sentence; a state ends one before a capital */
  check_sentences("Messrs. Hale and Roe and Drs. Ode and Kim met in Jackson, Miss. and Topeka, "
                  "Kan. on Monday. They left for Salem, Ore. Rain fell.",
                  h, 3);
  /* in lower case they are words */
  check_sentences("Her near miss. then the ill.", k, 2);
}

static void sentences_end_at_paragraphs(void **state) {
  static const char *const a[] = {"A title without a stop", "Body text here."};
  (void)state;
  check_sentences("A title without a stop\n\nBody text here.", a, 2);
}

static void paragraphs_blank_lines(void **state) {
  mtl_doc d = LOAD("First line\nstill first.\n\n  \nSecond para.\r\n\r\nThird.\n");
  (void)state;
  assert_int_equal(d.nparas, 3);
  span_eq(&d, &d.paras[0], "First line\nstill first.");
  span_eq(&d, &d.paras[1], "Second para.");
  span_eq(&d, &d.paras[2], "Third.");
  assert_int_equal(d.toks[0].para, 0);
  assert_int_equal(d.toks[d.ntoks - 1].para, 2);
  assert_string_equal(tok(&d, d.paras[1].tok_start), "Second");
  assert_int_equal(d.paras[1].tok_end - d.paras[1].tok_start, 3);
  mtl_doc_free(&d);
}

static void paragraphs_one_per_line(void **state) {
  mtl_doc d = LOAD("Headline here\nFirst para.\nSecond para\n");
  (void)state;
  assert_int_equal(d.nparas, 3);
  span_eq(&d, &d.paras[0], "Headline here");
  span_eq(&d, &d.paras[2], "Second para");
  /* a sentence never runs across a paragraph */
  assert_int_equal(d.nsents, 3);
  mtl_doc_free(&d);
}

static mtl_position pos_of(const mtl_doc *d, size_t off) {
  mtl_position p, *pp = &p;
  memset(&p, 0, sizeof p);
  p.offset = off;
  mtl_doc_positions(d, &pp, 1);
  return p;
}

#define ASSERT_POS(d, off, ln, col, col16)                                     \
  do {                                                                         \
    mtl_position p_ = pos_of((d), (off));                                      \
    if (p_.line != (ln) || p_.column != (col) || p_.column_utf16 != (col16))   \
      fail_msg("offset %zu: %zu:%zu/%zu, want %d:%d/%d", (size_t)(off),        \
               p_.line, p_.column, p_.column_utf16, (ln), (col), (col16));     \
  } while (0)

static void positions_multibyte_and_astral(void **state) {
  /* "é" is 2 bytes/1 unit, "€" 3 bytes/1 unit, the emoji 4 bytes/2 units */
  const char text[] = "ab\n\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80x\r\nz";
  mtl_doc d = LOAD(text);
  (void)state;
  ASSERT_POS(&d, 0, 1, 1, 1);
  ASSERT_POS(&d, 2, 1, 3, 3);      /* the newline */
  ASSERT_POS(&d, 3, 2, 1, 1);      /* é */
  ASSERT_POS(&d, 5, 2, 3, 2);      /* € */
  ASSERT_POS(&d, 8, 2, 6, 3);      /* emoji */
  ASSERT_POS(&d, 12, 2, 10, 5);    /* x */
  ASSERT_POS(&d, 13, 2, 11, 6);    /* \r */
  ASSERT_POS(&d, 15, 3, 1, 1);     /* z */
  ASSERT_POS(&d, 16, 3, 2, 2);     /* end of text */
  ASSERT_POS(&d, 99, 3, 2, 2);     /* clamped */
  mtl_doc_free(&d);
}

static void positions_batch_sorted(void **state) {
  const char text[] = "\xF0\x9F\x98\x80 a\n\xF0\x9F\x98\x80\xF0\x9F\x98\x80 b";
  mtl_doc d = LOAD(text);
  mtl_position p[4], *pp[4];
  size_t offs[4] = {5, 5, 15, 16}, i;
  (void)state;
  for (i = 0; i < 4; i++) {
    memset(&p[i], 0, sizeof p[i]);
    p[i].offset = offs[i];
    pp[i] = &p[i];
  }
  mtl_doc_positions(&d, pp, 4);
  assert_int_equal(p[0].column_utf16, 4);
  assert_int_equal(p[1].column_utf16, 4);
  assert_int_equal(p[2].line, 2);
  assert_int_equal(p[2].column, 9);
  assert_int_equal(p[2].column_utf16, 5);
  assert_int_equal(p[3].column_utf16, 6);
  mtl_doc_free(&d);
}

static void positions_after_bom(void **state) {
  mtl_doc d = LOAD("\xEF\xBB\xBFHi there\r\nyo");
  (void)state;
  /* columns count from after the BOM (docs/PROTOCOL.md) */
  ASSERT_POS(&d, 3, 1, 1, 1);
  ASSERT_POS(&d, 6, 1, 4, 4);
  ASSERT_POS(&d, 13, 2, 1, 1);
  mtl_doc_free(&d);
}

static void invalid_bytes_and_nul(void **state) {
  const char text[] = "ok \xFF\xFEword\0next \xC3(";
  mtl_doc d = load(text, sizeof text - 1);
  (void)state;
  assert_int_equal(d.invalid_at, 3);
  assert_int_equal(d.nul_at, 9);
  /* invalid bytes and NUL separate tokens and are never inside one */
  assert_string_equal(tok(&d, 0), "ok");
  assert_string_equal(tok(&d, 1), "word");
  assert_int_equal(d.toks[1].start, 5);
  assert_string_equal(tok(&d, 2), "next");
  assert_string_equal(tok(&d, 3), "(");
  assert_int_equal(d.ntoks, 4);
  /* an invalid byte counts one UTF-16 unit */
  ASSERT_POS(&d, 5, 1, 6, 6);
  mtl_doc_free(&d);
}

static void token_at_and_lower(void **state) {
  mtl_doc d = LOAD("The DOG\xE2\x80\x99S \xC3\x89T\xC3\x89 end");
  mtl_buf b = {0};
  (void)state;
  assert_int_equal(mtl_doc_token_at(&d, 0), 0);
  assert_int_equal(mtl_doc_token_at(&d, 3), 1); /* the space before DOG */
  assert_int_equal(mtl_doc_token_at(&d, 5), 1);
  assert_int_equal(mtl_doc_token_at(&d, d.len), d.ntoks);
  mtl_doc_token_lower(&d, 1, &b);
  assert_buf_eq(&b, "dog's");
  b.len = 0;
  mtl_doc_token_lower(&d, 2, &b);
  assert_buf_eq(&b, "\xC3\xA9t\xC3\xA9");
  mtl_buf_free(&b);
  mtl_doc_free(&d);
}

static void utf8_helpers(void **state) {
  int32_t cp;
  char out[4];
  (void)state;
  assert_int_equal(mtl_utf8_decode("\xF0\x9F\x98\x80", 4, &cp), 4);
  assert_int_equal(cp, 0x1F600);
  assert_int_equal(mtl_utf8_decode("\xF0\x9F\x98", 3, &cp), -1);
  assert_int_equal(mtl_utf8_decode("\xC0\x80", 2, &cp), -1);
  assert_int_equal(mtl_utf8_encode(0x20AC, out), 3);
  assert_memory_equal(out, "\xE2\x82\xAC", 3);
  assert_int_equal(mtl_utf8_validate("ab\xE2\x82", 4), 2);
  assert_int_equal(mtl_utf8_validate("ab", 2), 2);
  assert_int_equal(mtl_utf16_len("a\xF0\x9F\x98\x80\xC3\xA9", 7), 4);
  assert_true(mtl_cp_is_letter(0x0416));
  assert_true(mtl_cp_is_upper(0x0416));
  assert_int_equal(mtl_cp_tolower(0x0416), 0x0436);
  assert_true(mtl_cp_is_digit('7'));
  assert_false(mtl_cp_is_letter('7'));
  assert_true(mtl_cp_is_space(0x00A0) || mtl_cp_is_space(' '));
}

static void long_line_is_linear(void **state) {
  /* 4 MB on one line with no spaces: must not go quadratic */
  size_t n = 4u << 20, i;
  char *s = mtl_malloc(n);
  mtl_doc d;
  (void)state;
  for (i = 0; i < n; i++)
    s[i] = (i % 7) ? 'a' : '.';
  assert_int_equal(mtl_doc_init(&d, s, n), 0);
  assert_true(d.ntoks > 0);
  mtl_doc_free(&d);
  mtl_free(s);
}

/* Paragraphs are decided block by block: a headline paragraph added on top
 * of a one-paragraph-per-line article does not merge the article's lines,
 * and a block wrapped at a fixed width stays one paragraph. */
static void paragraphs_are_local(void **state) {
  static const char body[] = "The council met on Monday.\nIt voted to close the bridge.\n"
                             "Repairs start in May.\n";
  static const char top[] = "Bridge to close\n\nThe council met on Monday.\n"
                            "It voted to close the bridge.\nRepairs start in May.\n";
  static const char wrapped[] = "Intro.\n\nThe council met on Monday and voted, after a long\n"
                                "debate, to close the bridge over the river until the\n"
                                "repairs are done in May.\n";
  mtl_doc d;
  (void)state;
  assert_int_equal(mtl_doc_init(&d, body, sizeof body - 1), 0);
  assert_int_equal(d.nparas, 3);
  mtl_doc_free(&d);
  assert_int_equal(mtl_doc_init(&d, top, sizeof top - 1), 0);
  assert_int_equal(d.nparas, 4);
  assert_int_equal(d.paras[1].start, strlen("Bridge to close\n\n"));
  assert_int_equal(d.paras[1].end, strlen("Bridge to close\n\nThe council met on Monday."));
  mtl_doc_free(&d);
  assert_int_equal(mtl_doc_init(&d, wrapped, sizeof wrapped - 1), 0);
  assert_int_equal(d.nparas, 2);
  mtl_doc_free(&d);
}

/* ---- the one-pass tokenizer against the earlier one (doc_ref.h) ---- */

static void spans_same(const char *what, const mtl_span *a, const mtl_span *b, size_t n) {
  size_t i;
  for (i = 0; i < n; i++)
    if (a[i].start != b[i].start || a[i].end != b[i].end || a[i].tok_start != b[i].tok_start ||
        a[i].tok_end != b[i].tok_end)
      fail_msg("%s %zu: [%zu,%zu) toks [%zu,%zu), want [%zu,%zu) toks [%zu,%zu)", what, i,
               a[i].start, a[i].end, a[i].tok_start, a[i].tok_end, b[i].start, b[i].end,
               b[i].tok_start, b[i].tok_end);
}

/* mtl_doc_init and ref_doc_init give the same document for text[0..n). */
static void same_as_ref(const char *text, size_t n) {
  mtl_doc a, b;
  size_t i;
  assert_int_equal(mtl_doc_init(&a, text, n), 0);
  assert_int_equal(ref_doc_init(&b, text, n), 0);
  assert_int_equal(a.body, b.body);
  assert_int_equal(a.invalid_at, b.invalid_at);
  assert_int_equal(a.nul_at, b.nul_at);
  assert_int_equal(a.words, b.words);
  assert_int_equal(a.ntoks, b.ntoks);
  assert_int_equal(a.nlines, b.nlines);
  assert_int_equal(a.nparas, b.nparas);
  assert_int_equal(a.nsents, b.nsents);
  for (i = 0; i < a.ntoks; i++) {
    const mtl_token *x = &a.toks[i], *y = &b.toks[i];
    if (x->start != y->start || x->end != y->end || x->kind != y->kind ||
        x->flags != y->flags || x->sentence != y->sentence || x->para != y->para)
      fail_msg("token %zu: [%zu,%zu) kind %u flags %#x sent %u para %u, want [%zu,%zu) kind %u "
               "flags %#x sent %u para %u",
               i, x->start, x->end, x->kind, x->flags, x->sentence, x->para, y->start, y->end,
               y->kind, y->flags, y->sentence, y->para);
  }
  spans_same("line", a.lines, b.lines, a.nlines);
  spans_same("paragraph", a.paras, b.paras, a.nparas);
  spans_same("sentence", a.sents, b.sents, a.nsents);
  mtl_doc_free(&a);
  ref_doc_free(&b);
}
#define SAME(s) same_as_ref((s), sizeof(s) - 1)

static void same_as_ref_picked(void **state) {
  (void)state;
  SAME("");
  SAME("\n");
  SAME("\xEF\xBB\xBF");
  SAME("\xEF\xBB\xBF\n\nA b.\n");
  SAME("One two. Three four!\n\nFive six? Seven\r\n\r\nEight.");
  SAME("Line one\nLine two\nLine three\n");
  SAME("\n\n  \t\nonly one run\nof lines\n \n");
  SAME("Mr. Smith met Dr. Jones at 3:30 p.m. on Jan. 5. He left.");
  SAME("No. 5 is no. Inc. Apple Inc. Sold. Acme Corp. fell.");
  SAME("J. R. R. Tolkien wrote e.g. this, i.e. that. U.S. troops.");
  SAME("3.14 1,000,000 12:30 2nd 1990s 4-5 x86-64 rock'n'roll don\xE2\x80\x99t O'Neil 'quoted'");
  SAME("see http://a.example/b_(c)). (https://x.y/z?q=1). www.foo.com, mail me@host.org!");
  SAME("http://(((((((((()))))))))))))))))))))).  www.");
  SAME("\"Yes.\" \xE2\x80\x9CNo!\xE2\x80\x9D (Maybe?) \xC2\xABoui\xC2\xBB... wait\xE2\x80\xA6 Then.");
  SAME("\xC3\x89" "COLE \xC3\xA9" "cole Stra\xC3\x9F" "e \xC7\x85ungla \xD9\xA3\xD9\xA4 x\xCC\x81y \xE2\x80\x91"
       "a\xE2\x80\x91" "b \xC2\xA0nb\xE2\x80\xA8ls\xC2\x85nel \xEF\xBB\xBFz \xF0\x9F\x98\x80!");
  SAME("ok \xFF\xFEword\0next \xC3( \xED\xA0\x80 \xC0\x80 \xF4\x90\x80\x80 \xE2\x80 end\x80");
  SAME("NASA iPhone McDonald ABCs A B aB Ab AB 1A a1 A1B");
  SAME("a\r\rb\r\n\r\nc\f\v\td\x01\x7f" "e");
}

/* xorshift64*: the same pseudo-random texts on every run */
static uint64_t rnd_state = 0x9E3779B97F4A7C15ULL;
static uint64_t rnd(void) {
  rnd_state ^= rnd_state >> 12;
  rnd_state ^= rnd_state << 25;
  rnd_state ^= rnd_state >> 27;
  return rnd_state * 2685821657736338717ULL;
}

static void same_as_ref_random(void **state) {
  static const char *const pieces[] = {
      "a", "b", "Z", "Q", "word", "Word", "WORD", "wOrD", "0", "7", "42", " ", "  ", "\t",
      "\n", "\r\n", "\r", "\n\n", "\f", "\v", ".", ",", ":", ";", "!", "?", "'", "-", "@",
      "(", ")", "]", "[", "\"", "<", ">", "}", "/", "http://", "https://", "www.", "HTTP://",
      "e.g", "Mr", "no", "Inc", "co", "p", "U.S.", "Mrs", "ms", "Dr", "prof", "St", "sen",
      "rep", "gov", "Gen", "col", "lt", "sgt", "Capt", "cmdr", "adm", "maj", "pres", "rev",
      "hon", "fr", "jr", "Sr", "vs", "nos", "vol", "fig", "approx", "dept", "est", "mt", "ft",
      "Jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "Sept", "oct", "nov", "dec",
      "i.e", "cf", "al", "corp", "Ltd", "etc", "pp", "approxi", "mx", "pe", ". ", ". A",
      "Messrs", "drs", "Drs", "Sens", "Miss", "miss", "Kan", "Calif", "Pa", "wash", "viz",
      "\xE2\x80\x99", "\xE2\x80\x98",
      "\xE2\x80\x91", "\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\xA6", "\xC2\xBB", "\xC2\xAB",
      "\xC3\xA9", "\xC3\x89", "\xC3\x9F", "\xC7\x85", "\xCC\x81", "\xD9\xA3", "\xC2\xA0",
      "\xE2\x80\xA8", "\xC2\x85", "\xEF\xBB\xBF", "\xF0\x9F\x98\x80", "\xE4\xB8\xAD",
      "\xFF", "\x80", "\xC3", "\xE2\x80", "\xED\xA0\x80", "\xC0\x80", "\xF4\x90\x80\x80",
      "\0", "\x01", "\x7f", "\xE2\x82\xAC", "\xEF\xBC\x91"};
  const size_t npieces = sizeof pieces / sizeof pieces[0];
  char buf[1024];
  int iter;
  (void)state;
  for (iter = 0; iter < 20000; iter++) {
    size_t n = 0, want = (size_t)(rnd() % 120);
    if (iter % 4 == 3) { /* raw bytes, ASCII-heavy */
      while (n < want) {
        uint64_t r = rnd();
        buf[n++] = (char)((r & 3) ? (r >> 8) % 128 : (r >> 8) % 256);
      }
    } else {
      while (n < want) {
        const char *p = pieces[rnd() % npieces];
        size_t m = *p ? strlen(p) : 1; /* "\0" stands for one NUL byte */
        if (n + m > sizeof buf)
          break;
        memcpy(buf + n, p, m);
        n += m;
      }
    }
    same_as_ref(buf, n);
  }
}

/* ---- the ASCII fast paths of utf8.c and utf8.h against the plain way ---- */

static void classes_ascii_and_beyond(void **state) {
  int32_t c;
  (void)state;
  for (c = -3; c < 0x80; c++) { /* the definitions the table replaced */
    assert_int_equal(mtl_cp_is_letter(c), (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
    assert_int_equal(mtl_cp_is_digit(c), c >= '0' && c <= '9');
    assert_int_equal(mtl_cp_is_upper(c), c >= 'A' && c <= 'Z');
    assert_int_equal(mtl_cp_is_lower(c), c >= 'a' && c <= 'z');
    assert_int_equal(mtl_cp_is_space(c), c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
                                             c == '\f' || c == '\v');
    assert_int_equal(mtl_cp_tolower(c), (c >= 'A' && c <= 'Z') ? c + 32 : c);
    assert_int_equal(mtl_cp_toupper(c), (c >= 'a' && c <= 'z') ? c - 32 : c);
    if (c >= 0)
      assert_int_equal(mtl_cp_class(c), mtl_cp_class_u(c));
  }
  /* Lu, Lt, Ll, Lo, Mn, Nd, Zs, Zl, Zp, NEL, Cf, out of range */
  assert_int_equal(mtl_cp_class(0x00C9), MTL_CC_LETTER | MTL_CC_UPPER);
  assert_int_equal(mtl_cp_class(0x01C5), MTL_CC_LETTER | MTL_CC_UPPER);
  assert_int_equal(mtl_cp_class(0x00DF), MTL_CC_LETTER | MTL_CC_LOWER);
  assert_int_equal(mtl_cp_class(0x4E2D), MTL_CC_LETTER);
  assert_int_equal(mtl_cp_class(0x0301), MTL_CC_LETTER);
  assert_int_equal(mtl_cp_class(0x0663), MTL_CC_DIGIT);
  assert_int_equal(mtl_cp_class(0x00A0), MTL_CC_SPACE);
  assert_int_equal(mtl_cp_class(0x2028), MTL_CC_SPACE);
  assert_int_equal(mtl_cp_class(0x2029), MTL_CC_SPACE);
  assert_int_equal(mtl_cp_class(0x0085), MTL_CC_SPACE);
  assert_int_equal(mtl_cp_class(0xFEFF), 0);
  assert_int_equal(mtl_cp_class(0x110000), 0);
  assert_int_equal(mtl_cp_class(-1), 0);
  assert_int_equal(mtl_cp_tolower(0x00C9), 0x00E9);
  assert_int_equal(mtl_cp_toupper(0x00E9), 0x00C9);
}

/* mtl_utf8_lower one code point at a time, the way it was written first. */
static void lower_plain(mtl_buf *b, const char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    int32_t cp;
    char enc[4];
    int k = mtl_utf8_decode(s + i, n - i, &cp);
    if (k < 0) {
      mtl_buf_put(b, s + i, 1);
      i++;
    } else {
      if (cp == 0x2019 || cp == 0x2018)
        mtl_buf_put(b, "'", 1);
      else
        mtl_buf_put(b, enc, (size_t)mtl_utf8_encode(mtl_cp_tolower(cp), enc));
      i += (size_t)k;
    }
  }
}

static size_t validate_plain(const char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    int32_t cp;
    int k = mtl_utf8_decode(s + i, n - i, &cp);
    if (k < 0)
      return i;
    i += (size_t)k;
  }
  return n;
}

static size_t utf16_plain(const char *s, size_t n) {
  size_t i = 0, u = 0;
  while (i < n) {
    int32_t cp;
    int k = mtl_utf8_decode(s + i, n - i, &cp);
    u += k > 0 && cp >= 0x10000 ? 2 : 1;
    i += k > 0 ? (size_t)k : 1;
  }
  return u;
}

static void fast_paths_random(void **state) {
  static const char *const pieces[] = {
      "a", "Z", "AZaz@[`{", "Hello WORLD 0123456789", " ", "\n", "\0", "\x7f", "\xC3\x89",
      "\xC3\xA9", "\xE2\x80\x99", "\xE2\x80\x98", "\xC8\xBA", "\xE2\xB1\xAF", "\xC4\xB0",
      "\xF0\x9F\x98\x80", "\xF0\x90\x90\x80", "\xFF", "\x80", "\xC3", "\xE2\x80", "\xED\xA0\x80",
      "\xC0\x80"};
  const size_t npieces = sizeof pieces / sizeof pieces[0];
  char buf[512];
  int iter;
  (void)state;
  for (iter = 0; iter < 20000; iter++) {
    size_t n = 0, want = (size_t)(rnd() % 100), pre = (size_t)(rnd() % 3);
    mtl_buf fast = {0}, any = {0}, plain = {0};
    while (n < want) {
      const char *p = pieces[rnd() % npieces];
      size_t m = *p ? strlen(p) : 1;
      if (n + m > sizeof buf)
        break;
      memcpy(buf + n, p, m);
      n += m;
    }
    /* a prefix already in the buffer; room for the fast path or not */
    if (pre == 1)
      mtl_buf_put(&fast, "x", 1);
    if (pre == 2)
      mtl_buf_reserve(&fast, n + 1);
    mtl_utf8_lower(&fast, buf, n);
    mtl_utf8_lower_any(&any, buf, n);
    lower_plain(&plain, buf, n);
    assert_false(fast.oom || any.oom || plain.oom);
    assert_int_equal(fast.len, plain.len + (pre == 1));
    if (plain.len) {
      assert_memory_equal(fast.data + (pre == 1), plain.data, plain.len);
      assert_int_equal(any.len, plain.len);
      assert_memory_equal(any.data, plain.data, plain.len);
    }
    if (fast.data)
      assert_int_equal(fast.data[fast.len], '\0');
    assert_int_equal(mtl_utf8_validate(buf, n), validate_plain(buf, n));
    assert_int_equal(mtl_utf16_len(buf, n), utf16_plain(buf, n));
    mtl_buf_free(&fast);
    mtl_buf_free(&any);
    mtl_buf_free(&plain);
  }
}

/* mtl_doc_language: the function-word table (one probe a word) counts a
 * word for every language that lists it, multibyte words included. */
static void language_guess(void **state) {
  static const struct {
    const char *text, *code;
  } cases[] = {
      {"The minister said that the talks were not over and that he would return.", NULL},
      {"Der Hund und die Katze sind nicht auf dem Dach, das ist für mich und dich "
       "ein Problem, sagt er zu den Nachbarn.", "de"},
      {"O governo não disse que os dados da empresa são para uma análise com mais "
       "tempo, e os dos bancos também não.", "pt"},
      {"Il governo è più forte che mai e non per caso: gli alleati della coalizione "
       "sono con il premier nel voto.", "it"},
      {"Le gouvernement et les syndicats sont dans une impasse, mais ils ne sont pas "
       "pour une grève qui durerait.", "fr"},
      {"El gobierno dijo que los datos de las empresas son para una revisión, pero "
       "esta vez con más tiempo y por su cuenta.", "es"},
      {"Dat is een kwestie van tijd, zegt de minister; het kabinet is niet voor "
       "een snelle oplossing en wil op zijn beurt met van alles te maken hebben.", "nl"},
      {"He said the French phrase que sera sera and the German und so weiter meant "
       "little to the committee that was there.", NULL},
  };
  size_t i;
  (void)state;
  for (i = 0; i < sizeof cases / sizeof *cases; i++) {
    mtl_doc d = load(cases[i].text, strlen(cases[i].text));
    const char *name = NULL, *code = mtl_doc_language(&d, &name);
    if (cases[i].code) {
      assert_non_null(code);
      assert_string_equal(code, cases[i].code);
      assert_non_null(name);
    } else {
      assert_null(code);
    }
    mtl_doc_free(&d);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(lines_lf_crlf_cr),
      cmocka_unit_test(empty_text),
      cmocka_unit_test(bom_is_skipped),
      cmocka_unit_test(token_kinds),
      cmocka_unit_test(token_edges),
      cmocka_unit_test(token_flags),
      cmocka_unit_test(sentences_abbreviations),
      cmocka_unit_test(sentences_end_at_paragraphs),
      cmocka_unit_test(paragraphs_blank_lines),
      cmocka_unit_test(paragraphs_one_per_line),
      cmocka_unit_test(positions_multibyte_and_astral),
      cmocka_unit_test(positions_batch_sorted),
      cmocka_unit_test(positions_after_bom),
      cmocka_unit_test(invalid_bytes_and_nul),
      cmocka_unit_test(token_at_and_lower),
      cmocka_unit_test(utf8_helpers),
      cmocka_unit_test(long_line_is_linear),
      cmocka_unit_test(paragraphs_are_local),
      cmocka_unit_test(same_as_ref_picked),
      cmocka_unit_test(same_as_ref_random),
      cmocka_unit_test(classes_ascii_and_beyond),
      cmocka_unit_test(fast_paths_random),
      cmocka_unit_test(language_guess),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
