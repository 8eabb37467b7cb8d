/*
 * internal.h - what the modules of libmtlint share and the public header
 * does not show.  Nothing here names a dependency's header: pcre2.h,
 * hunspell.h, yaml.h and utf8proc.h are each included by one .c file.
 *
 * Invariants: spans are byte offsets [start, end) into the text as given;
 * a finished engine is read-only; lint state lives in mtl_lintctx.
 */
#ifndef MTL_INTERNAL_H
#define MTL_INTERNAL_H

#include "mtlint.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* ---------------- util.c ---------------- */

void *mtl_malloc(size_t n);
void *mtl_calloc(size_t n, size_t size);
void *mtl_realloc(void *p, size_t n);
void mtl_free(void *p);
char *mtl_strdup(const char *s);
char *mtl_strndup(const char *s, size_t n);
/** Grows *arr (element size sz) to hold at least want elements. */
int mtl_grow(void **arr, size_t *cap, size_t want, size_t sz);
/** Allocation hook for tests: fail the n-th allocation from now (0: never). */
void mtl_test_fail_alloc_after(long n);

/** Fills err (if not NULL) and returns code. */
int mtl_seterr(mtl_error *err, int code, const char *file, size_t line, size_t col,
               const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/** Growable byte buffer; always NUL-terminated when data != NULL. */
typedef struct mtl_buf {
  char *data;
  size_t len;
  size_t cap;
  int oom;
} mtl_buf;

/** Makes room for extra more bytes (and the NUL) in b; 0, or -1 when b is
 *  or becomes out of memory (b->oom, sticky: later puts do nothing).  After
 *  0, up to extra bytes may be written at b->data + b->len directly. */
int mtl_buf_reserve(mtl_buf *b, size_t extra);
/** The out-of-line part of mtl_buf_put: grows b, then appends. */
void mtl_buf_put_grow(mtl_buf *b, const char *s, size_t n);

/* PERF: appends inline when b has room (one compare), else through
   mtl_buf_put_grow. */
static inline void mtl_buf_put(mtl_buf *b, const char *s, size_t n) {
  if (!b->oom && n < b->cap - b->len) {
    if (n)
      memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return;
  }
  mtl_buf_put_grow(b, s, n);
}

static inline void mtl_buf_putc(mtl_buf *b, char c) {
  if (!b->oom && 1 < b->cap - b->len) {
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
    return;
  }
  mtl_buf_put_grow(b, &c, 1);
}

/* PERF: inline, so that the length of a string literal is a constant. */
static inline void mtl_buf_puts(mtl_buf *b, const char *s) { mtl_buf_put(b, s, strlen(s)); }
/** Appends v in decimal, as "%zu" / "%llu" would, without printf (PERF:
 *  for writers that print offsets, lines and columns). */
void mtl_buf_put_uint(mtl_buf *b, uint64_t v);
/* The value of a hexadecimal digit, or -1. */
int mtl_hex_digit(int c);
void mtl_buf_printf(mtl_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/** JSON string with quotes; invalid UTF-8 becomes U+FFFD. */
void mtl_buf_json_string(mtl_buf *b, const char *s, size_t n);
void mtl_buf_free(mtl_buf *b);

/* PERF: eight bytes at a time.  MTL_ONES * c has c in every byte; a test
 * "& MTL_HIGHS" looks at the high bit of each byte. */
#define MTL_ONES 0x0101010101010101ULL
#define MTL_HIGHS 0x8080808080808080ULL
static inline uint64_t mtl_load8(const char *s) {
  uint64_t x;
  memcpy(&x, s, 8);
  return x;
}

/** FNV-1a, 64 bits (inline: callers hash short words). */
#define MTL_FNV_BASIS 14695981039346656037ULL
#define MTL_FNV_PRIME 1099511628211ULL
static inline uint64_t mtl_hash(const char *s, size_t n) {
  uint64_t h = MTL_FNV_BASIS;
  size_t i;
  for (i = 0; i < n; i++) {
    h ^= (unsigned char)s[i];
    h *= MTL_FNV_PRIME;
  }
  return h;
}

/** Reads a whole file (NUL-terminated, *len excludes the NUL). */
int mtl_read_file(char **out, size_t *len, const char *path, mtl_error *err);

/* ---------------- utf8.c (the one user of utf8proc) ---------------- */

/** Decodes one code point at s[0..n); returns its length (>=1) and sets *cp,
 *  or returns -1 for an invalid sequence (then one byte should be skipped). */
int mtl_utf8_decode_multi(const char *s, size_t n, int32_t *cp);
static inline int mtl_utf8_decode(const char *s, size_t n, int32_t *cp) {
  if (n && (unsigned char)s[0] < 0x80) {
    *cp = (unsigned char)s[0];
    return 1;
  }
  return mtl_utf8_decode_multi(s, n, cp);
}
int mtl_utf8_encode(int32_t cp, char out[4]);

/* PERF: character classes as bits.  ASCII is one load from mtl_ascii_class;
   other code points take one utf8proc category look-up (mtl_cp_class_u). */
enum {
  MTL_CC_LETTER = 1u << 0, /* L* and M* */
  MTL_CC_DIGIT = 1u << 1,  /* Nd */
  MTL_CC_UPPER = 1u << 2,  /* Lu, Lt */
  MTL_CC_LOWER = 1u << 3,  /* Ll */
  MTL_CC_SPACE = 1u << 4   /* Zs, Zl, Zp, U+0085, space, tab, CR, LF, FF, VT */
};
extern const unsigned char mtl_ascii_class[128];
/** MTL_CC_* bits of any code point (0 for negative or out-of-range ones). */
unsigned mtl_cp_class_u(int32_t cp);
static inline unsigned mtl_cp_class(int32_t cp) {
  if ((uint32_t)cp < 0x80)
    return mtl_ascii_class[cp];
  return mtl_cp_class_u(cp);
}
static inline int mtl_cp_is_letter(int32_t cp) { return (mtl_cp_class(cp) & MTL_CC_LETTER) != 0; }
static inline int mtl_cp_is_digit(int32_t cp) { return (mtl_cp_class(cp) & MTL_CC_DIGIT) != 0; }
static inline int mtl_cp_is_upper(int32_t cp) { return (mtl_cp_class(cp) & MTL_CC_UPPER) != 0; }
static inline int mtl_cp_is_lower(int32_t cp) { return (mtl_cp_class(cp) & MTL_CC_LOWER) != 0; }
static inline int mtl_cp_is_space(int32_t cp) { return (mtl_cp_class(cp) & MTL_CC_SPACE) != 0; }
int32_t mtl_cp_tolower_u(int32_t cp);
int32_t mtl_cp_toupper_u(int32_t cp);
static inline int32_t mtl_cp_tolower(int32_t cp) {
  if (cp < 0x80)
    return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
  return mtl_cp_tolower_u(cp);
}
static inline int32_t mtl_cp_toupper(int32_t cp) {
  if (cp < 0x80)
    return (cp >= 'a' && cp <= 'z') ? cp - 32 : cp;
  return mtl_cp_toupper_u(cp);
}
/** Appends the simple lower-case form of s[0..n) to b; curly apostrophes
 *  become "'".  Invalid bytes are copied as they are. */
void mtl_utf8_lower_any(mtl_buf *b, const char *s, size_t n);
/* PERF: ASCII lowered inline while b has room; from the first other byte
   on, mtl_utf8_lower_any (lowering is per code point, so the split is
   invisible). */
static inline void mtl_utf8_lower(mtl_buf *b, const char *s, size_t n) {
  size_t i = 0;
  if (!b->oom && n < b->cap - b->len) {
    char *o = b->data + b->len;
    for (; i < n; i++) {
      unsigned char c = (unsigned char)s[i];
      if (c >= 0x80)
        break;
      o[i] = (char)(c | (((unsigned)c - 'A' < 26u) << 5));
    }
    b->len += i;
    b->data[b->len] = '\0';
    if (i == n)
      return;
  }
  mtl_utf8_lower_any(b, s + i, n - i);
}
/** Index of the first invalid UTF-8 byte in s[0..n), or n if valid. */
size_t mtl_utf8_validate(const char *s, size_t n);
/** UTF-16 code units in the valid UTF-8 s[0..n) (an invalid byte counts 1). */
size_t mtl_utf16_len(const char *s, size_t n);

/* ---------------- doc.c: the document model ---------------- */

typedef enum mtl_tok_kind {
  MTL_TOK_WORD = 1,   /* letters, digits, inner ' ’ - (U.S. is U . S .) */
  MTL_TOK_NUMBER,     /* digits with inner , . : */
  MTL_TOK_URL,        /* http(s)://..., www...., e-mail addresses */
  MTL_TOK_PUNCT,      /* one punctuation or symbol character */
} mtl_tok_kind;

enum {
  MTL_TF_CAP = 1u << 0,      /* first letter upper case */
  MTL_TF_ALLCAPS = 1u << 1,  /* two or more letters, all upper case */
  MTL_TF_LOWER = 1u << 2,    /* all letters lower case */
  MTL_TF_DIGIT = 1u << 3,    /* contains a digit */
  MTL_TF_MIXED = 1u << 4,    /* upper case after the first letter, not ALLCAPS */
  MTL_TF_SENT_START = 1u << 5, /* first token of its sentence */
  MTL_TF_LINE_START = 1u << 6, /* first token on its line */
  MTL_TF_SPACE_BEFORE = 1u << 7 /* whitespace right before the token */
};

typedef struct mtl_token {
  size_t start, end;
  uint32_t kind;
  uint32_t flags;
  uint32_t sentence;  /* index into doc->sents */
  uint32_t para;      /* index into doc->paras */
} mtl_token;

/** A sentence, paragraph or line: bytes and the tokens inside. */
typedef struct mtl_span {
  size_t start, end;
  size_t tok_start, tok_end;  /* token index range [tok_start, tok_end) */
} mtl_span;

typedef struct mtl_doc {
  const char *text;
  size_t len;
  size_t body;              /* 3 if the text starts with a BOM, else 0 */
  size_t invalid_at;        /* first invalid UTF-8 byte, or len */
  size_t nul_at;            /* first NUL byte, or len */
  mtl_token *toks; size_t ntoks;
  mtl_span *sents; size_t nsents;
  mtl_span *paras; size_t nparas;   /* blank-line blocks, or lines if none */
  mtl_span *lines; size_t nlines;   /* without the line ending */
  size_t words;
} mtl_doc;

int mtl_doc_init(mtl_doc *doc, const char *text, size_t len);
void mtl_doc_free(mtl_doc *doc);
/** Index of the token containing or following offset (ntoks if none). */
size_t mtl_doc_token_at(const mtl_doc *doc, size_t offset);
/** Lower-cased token text (curly apostrophes folded) appended to b. */
static inline void mtl_doc_token_lower(const mtl_doc *doc, size_t i, mtl_buf *b) {
  mtl_utf8_lower(b, doc->text + doc->toks[i].start, doc->toks[i].end - doc->toks[i].start);
}
/** Fills line/column/column_utf16 for sorted offsets in one pass. */
void mtl_doc_positions(const mtl_doc *doc, mtl_position **pos, size_t n);

/* ---------------- ynode.c (the one user of libyaml) ---------------- */

typedef enum { MTL_Y_SCALAR = 1, MTL_Y_SEQ, MTL_Y_MAP } mtl_ykind;

typedef struct mtl_ynode mtl_ynode;
struct mtl_ynode {
  mtl_ykind kind;
  size_t line, column;      /* 1-based, from the YAML marks */
  char *value; size_t vlen; /* MTL_Y_SCALAR */
  int quoted;               /* scalar was quoted (so "yes" stays a string) */
  mtl_ynode **items;        /* SEQ: items; MAP: key, value, key, value... */
  size_t n;                 /* items (SEQ) or 2 * pairs (MAP) */
  mtl_ynode *self;          /* points to this node (lets a lone scalar act as a list of one) */
};

/** Parses one YAML document; NULL-doc files give an empty map.  Aliases,
 *  more than 64 levels or more than 1,000,000 nodes are errors. */
int mtl_yaml_parse(mtl_ynode **out, const char *data, size_t len,
                   const char *file, mtl_error *err);
void mtl_ynode_free(mtl_ynode *n);
/** Value of key in a MAP, or NULL. */
const mtl_ynode *mtl_ynode_get(const mtl_ynode *map, const char *key);

/* Typed readers for schema validation: fill err with file:line:col. */
int mtl_y_string(const mtl_ynode *n, const char *file, const char *what,
                 const char **out, mtl_error *err);
int mtl_y_bool(const mtl_ynode *n, const char *file, const char *what, int *out,
               mtl_error *err);
int mtl_y_int(const mtl_ynode *n, const char *file, const char *what, long lo,
              long hi, long *out, mtl_error *err);
/** A string or a list of strings: *items[0..count) are scalars either way. */
int mtl_y_strings(const mtl_ynode *n, const char *file, const char *what,
                  const mtl_ynode ***items, size_t *count, mtl_error *err);
/** Rejects keys of map not in allowed (NULL-terminated lists, either may be NULL). */
int mtl_y_check_keys(const mtl_ynode *map, const char *file, const char *what,
                     const char *const *allowed1, const char *const *allowed2,
                     mtl_error *err);

/* ---------------- regex.c (the one user of PCRE2) ---------------- */

typedef struct mtl_regex mtl_regex;

enum { MTL_RE_ICASE = 1u << 0, MTL_RE_MULTILINE = 1u << 1 };

/** Compiles with UTF and UCP (and JIT where available).  On error, *erroff
 *  is the byte offset in the pattern and err->message has PCRE2's text. */
int mtl_regex_compile(mtl_regex **out, const char *pattern, size_t len,
                      unsigned flags, size_t *erroff, mtl_error *err);
void mtl_regex_free(mtl_regex *re);

typedef struct mtl_match {
  size_t start, end;   /* the match (after \K) */
  size_t ovec[20];     /* groups 0..9: start, end pairs; SIZE_MAX if unset */
} mtl_match;

/** Matches from offset.  Returns 1 found, 0 none, MTL_ELIMIT when the match,
 *  depth or heap limit was hit, MTL_ENOMEM. Thread-safe. */
int mtl_regex_match(const mtl_regex *re, const char *subject, size_t len,
                    size_t offset, mtl_match *m);
/** The same, but only for matches that start at or before byte limit
 *  (SIZE_MAX: none); 0 then says no match starts in [offset, limit]. */
int mtl_regex_match_limit(const mtl_regex *re, const char *subject, size_t len,
                          size_t offset, size_t limit, mtl_match *m);
/** regex.c: whether a pattern (MULTILINE, newline convention ANYCRLF, no DOTALL) run
 *  over a whole text can only match and look inside single lines, so that
 *  its matches in a text are those in each run of whole lines of it: 1 when
 *  nothing in it can match a line break or see the subject's ends (no \s,
 *  \n, \R, negated classes, \p, \x, \A, \z, (?s), verbs ...).
 *  Conservative: 0 for anything it does not know. */
int mtl_pattern_line_bound(const char *pattern, size_t len);
/** Expands a replacement template ($1, ${1}, $$, \\u \\l once, \\U \\L ... \\E) for the match m of re
 *  in subject; the result is appended to b.  0 or MTL_EREGEX. */
int mtl_regex_expand(const mtl_regex *re, const char *subject, size_t len,
                     const mtl_match *m, const char *tmpl, mtl_buf *b);
/** Validates a replacement template against re (for the loader). */
int mtl_regex_check_template(const mtl_regex *re, const char *tmpl, mtl_error *err);

/* ---------------- wordindex.c: one pass over the tokens for all phrases ---- */

typedef struct mtl_wordindex mtl_wordindex;

typedef struct mtl_phrase_hit {
  uint32_t rule;      /* rule index in the engine */
  uint32_t payload;   /* what the rule stored with the phrase */
  size_t tok_start, tok_end;  /* tokens [tok_start, tok_end) */
} mtl_phrase_hit;

int mtl_wordindex_new(mtl_wordindex **out);
void mtl_wordindex_free(mtl_wordindex *wi);
/** Adds a phrase (tokenized like documents, matched case-insensitively
 *  on word boundaries).  MTL_EINVAL if it has no tokens. */
int mtl_wordindex_add(mtl_wordindex *wi, const char *phrase, size_t len,
                      uint32_t rule, uint32_t payload);
/** Appends every occurrence of every phrase in doc to *hits (all lengths,
 *  overlapping too), sorted by (rule, tok_start, -length). */
int mtl_wordindex_run(const mtl_wordindex *wi, const mtl_doc *doc,
                      mtl_phrase_hit **hits, size_t *n);

/* ---------------- rules and check kinds ---------------- */

typedef struct mtl_rule mtl_rule;
typedef struct mtl_build mtl_build;
typedef struct mtl_lintctx mtl_lintctx;

/** A check kind: one file each, registered in check_kinds[] (rules.c). */
typedef struct mtl_check_kind {
  const char *name;
  const char *const *keys;  /* kind-specific keys, NULL-terminated */
  /** Reads the kind-specific keys of the rule map into rule->data. */
  int (*compile)(mtl_rule *rule, const mtl_ynode *map, mtl_build *b, mtl_error *err);
  /** Emits findings for one document through mtl_emit. */
  int (*run)(const mtl_rule *rule, mtl_lintctx *lc);
  void (*free)(mtl_rule *rule);
} mtl_check_kind;

struct mtl_rule {
  mtl_rule_info info;
  const mtl_check_kind *kind;
  uint32_t index;        /* position in engine->rules */
  uint32_t id_rank;      /* position of the id in sorted order (stable output) */
  int fix_safe;
  /** Set by the kind's compile: every finding lies inside one paragraph
   *  (blank-line block) and depends on that paragraph's text alone, so a
   *  lint of a few whole paragraphs gives exactly the findings a lint of the
   *  whole text gives there (the language server's incremental lints).
   *  0, the default, is always safe. */
  int para_local;
  void *data;            /* the kind's compiled state */
  /* storage behind info */
  char **good, **bad;
};

/** Loader context handed to compile: the engine being built. */
struct mtl_build {
  mtl_engine *eng;
  const char *file;      /* rule file being loaded */
  const char *datadir;
};

/* rules.c: the loader. */
int mtl_rules_load_file(mtl_engine *eng, const char *path, mtl_error *err);
/** A file, or every *.yaml / *.yml of a folder in name order. */
int mtl_rules_load_path(mtl_engine *eng, const char *path, mtl_error *err);
void mtl_rules_free_all(mtl_engine *eng);

/** Phrase index shared by all rules of the engine being built. */
mtl_wordindex *mtl_build_wordindex(mtl_build *b);
/** Resolves a path named in a rule file (relative to that file's folder). */
char *mtl_build_path(mtl_build *b, const char *rel);

struct mtl_engine {
  mtl_rule **rules; size_t nrules, caprules;
  mtl_wordindex *windex;
  void *spell;            /* spelling.c's shared state (dictionaries, cache) */
  char *datadir;
  char *base_dict;        /* Hunspell stem, e.g. /usr/share/hunspell/en_US */
  char **dicts; size_t ndicts;
  char **wordlists; size_t nwordlists;
  int spelling_on;        /* an enabled spelling rule would ask Hunspell */
  struct mtl_lm_slot *lm; /* lm.c: the language model, loaded at first use */
  int language;           /* MTL_LANG_*: the variety spelling checks against */
};

/* language.c: the language of a document, guessed from its function words:
 * NULL for English (or too little text to tell), else an ISO 639-1 code
 * ("de") and, in *name, the language's English name. */
const char *mtl_doc_language(const mtl_doc *doc, const char **name);

/* Varieties of English (mtl_options_set_language, `language:` in .mtlint.yaml). */
enum { MTL_LANG_AUTO = 0, MTL_LANG_EN_US = 1, MTL_LANG_EN_GB = 2 };
/** MTL_LANG_* of a name (auto, en-US, en-GB; en_US and en-us too), or -1. */
int mtl_language_parse(const char *s);

/** A candidate a swap rule scored (check_swap.c), kept in the lint context
 *  for the window kind whatever its gain against the rule's min_gain. */
typedef struct mtl_swap_cand {
  size_t tok;            /* first token of the match */
  size_t start, end;     /* bytes of the match */
  double gain;           /* log10 P(original) - log10 P(as written) */
  const char *orig;      /* the original, borrowed from the rule */
} mtl_swap_cand;

struct mtl_lintctx {
  const mtl_engine *eng;
  const mtl_doc *doc;
  const mtl_phrase_hit *hits;   /* this rule's phrase hits */
  size_t nhits;
  mtl_buf scratch;               /* free for a check to use; cleared per rule */
  /* findings so far (engine.c) */
  struct mtl_rawfinding *found; size_t nfound, capfound;
  unsigned char *limited;        /* per rule: limit already reported */
  size_t *counts;                /* per rule: findings emitted (capped in mtl_emit) */
  mtl_buf emitbuf;               /* mtl_emit_ex formats messages here */
  int oom;
  unsigned flags;                /* MTL_LINT_* of this lint */
  size_t sugg_lo, sugg_hi;       /* MTL_LINT_SUGGEST_RANGE: words starting here get them */
  mtl_swap_cand *cands;          /* swap candidates scored so far */
  size_t ncands, capcands;
  double window_density;         /* check_window.c: the article's densest window */
};

/* ---------------- lint flags (the language server's typing path) ---------------- */

enum {
  /** Spelling findings get no suggestions (Hunspell's suggest is the slow
   *  part of a lint); such findings are marked deferred, and a lint without
   *  the flag gives the same finding with them.  A rule whose message shows
   *  {suggestion} still gets its suggestions, so messages never change. */
  MTL_LINT_NO_SUGGEST = 1u << 0,
  /** Only the rules with para_local set run (no encoding findings). */
  MTL_LINT_LOCAL_ONLY = 1u << 1,
  /** Only the rules without para_local run. */
  MTL_LINT_NONLOCAL_ONLY = 1u << 2,
  /** Set by mtl_lint_suggest_in: spelling findings that start outside
   *  [lo, hi) are deferred as under MTL_LINT_NO_SUGGEST. */
  MTL_LINT_SUGGEST_RANGE = 1u << 3
};

/** mtl_lint_flags computing spelling suggestions only for the words that
 *  start in [lo, hi) (the language server's code actions: their cost is
 *  the words asked about, not the paragraph). */
int mtl_lint_suggest_in(mtl_result **out, const mtl_engine *eng, const char *text, size_t len,
                        unsigned flags, size_t lo, size_t hi, mtl_error *err);
/** Whether the rule with this id is para_local (0 for unknown ids). */
int mtl_rule_para_local(const mtl_engine *eng, const char *id);
/** Finding flags for mtl_emit_ex. */
enum {
  MTL_FF_SUGG_DEFERRED = 1u << 0 /* suggestions skipped under MTL_LINT_NO_SUGGEST */
};

/** mtl_lint with MTL_LINT_* flags. */
int mtl_lint_flags(mtl_result **out, const mtl_engine *eng, const char *text, size_t len,
                   unsigned flags, mtl_error *err);
/** Whether finding i of res had its suggestions deferred (MTL_FF_SUGG_DEFERRED). */
int mtl_result_sugg_deferred(const mtl_result *res, size_t i);

/** Expands the rule's message template ({match}, {suggestion}, {detail})
 *  and records a finding.  sev 0 means the rule's severity.  Suggestions
 *  are copied.  Returns 0 or MTL_ENOMEM. */
int mtl_emit(mtl_lintctx *lc, const mtl_rule *rule, size_t start, size_t end,
             const char *const *sugg, size_t nsugg, const char *detail, int sev);
/** mtl_emit with MTL_FF_* finding flags. */
int mtl_emit_ex(mtl_lintctx *lc, const mtl_rule *rule, size_t start, size_t end,
                const char *const *sugg, size_t nsugg, const char *detail, int sev,
                unsigned fflags);
/** mtl_emit for the swap kind: also records the two language-model scores
 *  (log10) of the window with the suggestion and as written. */
int mtl_emit_scored(mtl_lintctx *lc, const mtl_rule *rule, size_t start, size_t end,
                    const char *const *sugg, size_t nsugg, double original, double written);
/** Reports, once per document, that the language model is missing (why:
 *  the reason), through the built-in rule mtlint.language-model. */
int mtl_emit_lm_missing(mtl_lintctx *lc, const char *why);
/** Reports, once per document, that rule hit a limit (what: which one). */
int mtl_emit_limit(mtl_lintctx *lc, const mtl_rule *rule, const char *what);

/** Applies the case shape of match (ALL CAPS, Capitalised) to repl; into b. */
void mtl_case_like(mtl_buf *b, const char *match, size_t mlen, const char *repl);

/* The kinds (one file each). */
extern const mtl_check_kind mtl_check_pattern;
extern const mtl_check_kind mtl_check_phrase;
extern const mtl_check_kind mtl_check_spelling;
extern const mtl_check_kind mtl_check_terminology;
extern const mtl_check_kind mtl_check_repetition;
extern const mtl_check_kind mtl_check_capitalization;
extern const mtl_check_kind mtl_check_balance;
extern const mtl_check_kind mtl_check_spunname;
extern const mtl_check_kind mtl_check_swap;
extern const mtl_check_kind mtl_check_window;

/* ---------------- lexicon.c: a large set of accepted word forms ---------------- */

typedef struct mtl_lexicon mtl_lexicon;
enum { MTL_LEX_US = 1, MTL_LEX_GB = 2, MTL_LEX_USER = 4 }; /* flag bits (never 0) */
int mtl_lexicon_new(mtl_lexicon **out);
void mtl_lexicon_free(mtl_lexicon *lx);
/** Adds the words of a list (one per line; # comments; lines ending in 's
 *  left out) with these flag bits; takes data (mtl_malloc'd, len bytes,
 *  NUL-terminated) over, freeing it on error.  0, MTL_ENOMEM or MTL_ELIMIT. */
int mtl_lexicon_add_words(mtl_lexicon *lx, char *data, size_t len, unsigned flags);
/** mtl_lexicon_add_words on a file; errors name the path. */
int mtl_lexicon_add_file(mtl_lexicon *lx, const char *path, unsigned flags, mtl_error *err);
/** A lexicon of the lists paths[0..n) with their flags, read from a cache
 *  file when one was built for these lists (same paths, sizes and times),
 *  else built and written to one ($MTL_CACHE_DIR, "off" for none; else
 *  $XDG_CACHE_HOME/mtlint or ~/.cache/mtlint).  No words can be added to
 *  it afterwards.  0, MTL_ENOMEM or the error of a list. */
int mtl_lexicon_build(mtl_lexicon **out, const char *const *paths, const unsigned *flags,
                      size_t n, mtl_error *err);
/** The flag bits of w[0..n) (case-sensitive), 0 if absent.  Thread-safe. */
unsigned mtl_lexicon_flags(const mtl_lexicon *lx, const char *w, size_t n);
size_t mtl_lexicon_count(const mtl_lexicon *lx);

/* spelling.c engine-wide state, created lazily by the first spelling rule. */
void mtl_spell_free(void *spell);
/* Loads the Hunspell handle now instead of at the first word; 0 or MTL_EDICT. */
int mtl_spell_preload(void *spell);
/* Whether a thread is loading the Hunspell handle now. */
int mtl_spell_loading(const void *spell);
/* The process-wide prefetched dictionary (mtl_dictionary_prefetch), for
 * tests: 0 none, 1 loading, 2 loaded and waiting for its engine, 3 taken
 * over by an engine (or failed). */
int mtl_spell_prefetch_state(void);

/* ---------------- writers: one file each ---------------- */

typedef struct mtl_writer_ops {
  const char *name;
  size_t state_size;
  int (*begin)(mtl_writer *w);
  int (*file)(mtl_writer *w, const mtl_input_info *in, const char *text, size_t len,
              const mtl_result *res);
  int (*error)(mtl_writer *w, const mtl_error *err);
  int (*finish)(mtl_writer *w);
  int per_input;           /* an input's output depends on nothing written
                            * before it but the counts, and begin is NULL:
                            * mtl_writer_fork works */
} mtl_writer_ops;

struct mtl_writer {
  const mtl_writer_ops *ops;
  mtl_write_fn fn;
  void *ctx;
  unsigned flags;
  mtl_buf out;             /* writers fill this, then mtl_writer_flush */
  size_t files, words, findings, errors;
  size_t by_sev[4];
  int fail_on;             /* mtl_writer_set_fail_on: lowest failing severity */
  void *state;
};

int mtl_writer_flush(mtl_writer *w);

extern const mtl_writer_ops mtl_write_text;
extern const mtl_writer_ops mtl_write_jsonl;
extern const mtl_writer_ops mtl_write_json;

/* ---------------- FORMATS: CI writers, suppressions (formats helper) ---------------- */

/** suppress.c: drops the findings of res hidden by mtlint-disable comments
 *  in doc (docs/CI.md).  Called by mtl_lint once findings are sorted.
 *  0 or MTL_ENOMEM (res unchanged then). */
int mtl_suppress_apply(mtl_result *res, const mtl_doc *doc);
/** suppress.c: how many directives of doc lie past the limit per input (and
 *  are not honoured); *first: the offset where the first of them starts. */
size_t mtl_suppress_over(const mtl_doc *doc, size_t *first);

extern const mtl_writer_ops mtl_write_sarif;
extern const mtl_writer_ops mtl_write_rdjsonl;
extern const mtl_writer_ops mtl_write_github;
extern const mtl_writer_ops mtl_write_checkstyle;
extern const mtl_writer_ops mtl_write_junit;

/* ---------------- PERF: stage timing for bench/ (perf helper) ---------------- */

/** Seconds spent per stage, added to by mtl_lint_timed (bench only). */
typedef struct mtl_lint_times {
  double tokenize;      /* mtl_doc_init */
  double phrase_index;  /* the one pass of the phrase word index */
  double *rule;         /* per rule, eng->nrules entries (may be NULL) */
  double finish;        /* sort, de-duplicate, positions, suppressions */
} mtl_lint_times;

/* regex.c: required literals, for the prefilter of the pattern kind. */
/** Sets *out to n strings (ASCII lower-cased), each at least minlen bytes or
 *  two bytes rare in prose (one caseless two-byte character such as the
 *  copyright sign, or ASCII punctuation like " ," and ".."), one
 *  of which occurs (ASCII case folded) in every match of pattern; *n = 0 when
 *  no such set is known.  *reach (may be NULL): the most bytes from the start
 *  of a match (where the search started, before any \K) to the start of the
 *  member it holds, SIZE_MAX when unbounded; a match then starts at most
 *  *reach bytes before an occurrence of a member.  *same_line (may be NULL):
 *  1 when no newline can come between a match's start and its member, so
 *  that a match starts on the line of an occurrence.  follow (32 bytes, may be
 *  NULL): all zero, or a bit per byte one of which follows the member in
 *  the text (not case folded), counted in minlen; precede (the same): a
 *  byte right before the member (one punctuation byte with both, neither
 *  white space nor a digit, is a member too).  flags: MTL_RE_ICASE as
 *  compiled.  0 or MTL_ENOMEM.  Free with mtl_regex_literals_free. */
int mtl_regex_literals(const char *pattern, size_t len, unsigned flags, size_t minlen,
                       char ***out, size_t *n, size_t *reach, int *same_line,
                       unsigned char *follow, unsigned char *precede);
void mtl_regex_literals_free(char **lits, size_t n);

/* wordindex.c: the same one pass also finds literals (byte strings, ASCII
 * case folded) for the pattern kind's prefilter.  Their hits have payload
 * MTL_HIT_LITERAL and byte offsets in tok_start/tok_end; a hit with
 * tok_start == MTL_HIT_ANYWHERE says the text holds a character that caseless
 * matching folds to ASCII (K sign, long s, dotted/dotless i): run the rule. */
#define MTL_HIT_LITERAL 0xFFFFFFFFu
#define MTL_HIT_ANYWHERE ((size_t)-1)
/** Adds a literal of at least 2 bytes (1 with follow and precede) for rule
 *  (MTL_EINVAL when shorter); follow (NULL: none): 32 bytes, a bit per text
 *  byte that must come right after the literal; precede: the same for the
 *  byte right before it.  A hit spans the literal's bytes only. */
int mtl_wordindex_add_literal(mtl_wordindex *wi, const char *lit, size_t len, uint32_t rule,
                              const unsigned char *follow, const unsigned char *precede);
/** Marks rule as one that can only fire where it has hits (phrase rules,
 *  prefiltered patterns): mtl_lint skips it, unread, on inputs without. */
int mtl_wordindex_set_hit_driven(mtl_wordindex *wi, uint32_t rule);
int mtl_wordindex_hit_driven(const mtl_wordindex *wi, uint32_t rule);
/** The flags behind mtl_wordindex_hit_driven as one array (*n entries; rules
 *  past the end are not hit-driven), for mtl_lint's loop over the rules. */
const unsigned char *mtl_wordindex_driven(const mtl_wordindex *wi, size_t *n);

/** Whether MTL_REFERENCE is set in the environment: the engine then skips its
 *  prefilters and caches (the simple path the equivalence test compares with). */
int mtl_reference_mode(void);

/** mtl_lint that also adds its stage times to *tm (tm may be NULL). */
int mtl_lint_timed(mtl_result **out, const mtl_engine *eng, const char *text, size_t len,
                   mtl_error *err, mtl_lint_times *tm);

#endif
