/*
 * mtlint.h - the one public header of libmtlint.
 *
 * libmtlint lints machine-translated and "spun" news text.  The pipeline runs
 * in one direction: read (bytes -> document) -> tokenize -> check (rules x
 * document -> findings) -> write (findings -> text, JSON Lines, JSON).
 * Sections: engine (options, rules), lint, result (findings, garble score,
 * verdict, fixes), writer, reader (feeds of articles), report (a corpus's
 * statistics) and the language server.
 *
 * Conventions:
 *  - Every public name starts with mtl_ / MTL_.
 *  - Functions that can fail return 0 or a negative mtl_status code, take the
 *    out-parameter first and fill a caller-provided mtl_error when not NULL.
 *  - Out-parameters are the caller's to free with the matching *_free; every
 *    *_free accepts NULL.  Pointers returned by accessors are borrowed from
 *    their parent object and live as long as it does.
 *  - Strings are UTF-8.  Text to lint is pointer + length and may hold any
 *    bytes (NUL, invalid UTF-8): it is linted, never rejected.
 *  - The library never prints, exits or aborts on bad input.  Findings are
 *    data: a document with 500 findings is a successful lint.
 *  - A finished mtl_engine is immutable; mtl_lint may be called on it from
 *    several threads at once.
 */
#ifndef MTLINT_H
#define MTLINT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(MTL_BUILDING_LIBRARY) && defined(__GNUC__)
#define MTL_API __attribute__((visibility("default")))
#else
#define MTL_API
#endif

#define MTL_VERSION "0.1.0"
/** Version of the JSON / JSON Lines output schema (docs/PROTOCOL.md). */
#define MTL_PROTOCOL_VERSION 1

/** Status codes.  0 is success; every failure is negative. */
typedef enum mtl_status {
  MTL_OK = 0,
  MTL_ENOMEM = -1,     /* allocation failed */
  MTL_EIO = -2,        /* a file could not be read or written */
  MTL_ESYNTAX = -3,    /* malformed YAML */
  MTL_ESCHEMA = -4,    /* a rule or config file breaks the schema */
  MTL_EREGEX = -5,     /* a regular expression does not compile */
  MTL_EDICT = -6,      /* a dictionary could not be loaded */
  MTL_EINVAL = -7,     /* bad argument */
  MTL_ELIMIT = -8,     /* a size or depth ceiling was reached */
  MTL_EFORMAT = -9,    /* unknown output format */
  MTL_ENOTFOUND = -10, /* no such rule, file or item */
  MTL_EPARSE = -11     /* malformed input: XML, JSON (code name "syntax") */
} mtl_status;

/** Text for a status code; never NULL. */
MTL_API const char *mtl_strerror(int status);

/** Edit distance (insertions, deletions, substitutions of bytes) of a[0..la)
 *  and b[0..lb), for "did you mean" hints; 99 when either is 63 bytes or
 *  longer. */
MTL_API size_t mtl_edit_distance(const char *a, size_t la, const char *b, size_t lb);

/** Where and why an operation failed.  line/column are 1-based, 0 if unknown. */
typedef struct mtl_error {
  int code;
  char message[512];
  char file[1024];
  size_t line;
  size_t column;
} mtl_error;

typedef enum mtl_severity {
  MTL_SEV_INFO = 1,
  MTL_SEV_WARNING = 2,
  MTL_SEV_ERROR = 3
} mtl_severity;

/** "info", "warning", "error". */
MTL_API const char *mtl_severity_name(mtl_severity sev);
/** Parses a severity name; returns 0 if unknown. */
MTL_API int mtl_severity_parse(const char *name);

/* ------------------------------------------------------------------ */
/* Engine: options, then the compiled rules and dictionaries.         */

typedef struct mtl_options mtl_options;

/** The folder the built-in rules and dictionaries were installed to. */
MTL_API const char *mtl_default_datadir(void);
MTL_API int mtl_options_new(mtl_options **out);
MTL_API void mtl_options_free(mtl_options *opts);
/** Folder holding the built-in rules/ and dictionaries/; the default is
 *  mtl_default_datadir(). */
MTL_API int mtl_options_set_datadir(mtl_options *opts, const char *dir);
/** Whether the built-in rule packs are loaded (default 1). */
MTL_API void mtl_options_use_builtin_rules(mtl_options *opts, int yes);
/** Adds a rule file or a folder of *.yaml rule files. */
MTL_API int mtl_options_add_rules(mtl_options *opts, const char *path);
/** Adds a word list (one word per line, # comments) accepted by spelling. */
MTL_API int mtl_options_add_wordlist(mtl_options *opts, const char *path);
/** Adds a Hunspell .dic file that uses the base dictionary's affix flags. */
MTL_API int mtl_options_add_dictionary(mtl_options *opts, const char *path);
/** Sets the base Hunspell dictionary (path without .aff/.dic). */
MTL_API int mtl_options_set_base_dictionary(mtl_options *opts, const char *stem);
/** Sets the language model the swap rules use (a sphinxbase .lm.bin or
 *  ARPA file; default: pocketsphinx-en-us's en-us.lm.bin).  0 or MTL_ENOMEM. */
MTL_API int mtl_options_set_language_model(mtl_options *opts, const char *path);
/**
 * Sets the variety of English that spelling checks against: "auto" (the
 * default: each article's own, from the words that mark it), "en-US" or
 * "en-GB".  0, or MTL_EINVAL for any other name.
 */
MTL_API int mtl_options_set_language(mtl_options *opts, const char *language);
/**
 * Enables or disables a rule ("pack.name"), a pack ("pack") or all ("*").
 * Later calls win over earlier ones.
 */
MTL_API int mtl_options_set_enabled(mtl_options *opts, const char *selector, int enabled);
/** Overrides the severity of a rule or a pack. */
MTL_API int mtl_options_set_severity(mtl_options *opts, const char *selector, mtl_severity sev);
/** Adds an ignore glob (used by callers that walk folders). */
MTL_API int mtl_options_add_ignore(mtl_options *opts, const char *glob);
MTL_API size_t mtl_options_ignore_count(const mtl_options *opts);
MTL_API const char *mtl_options_ignore(const mtl_options *opts, size_t i);
/**
 * Merges a config file (.mtlint.yaml, schema in docs/RULES.md).  Relative
 * paths in it are taken from the file's folder.
 */
MTL_API int mtl_options_load_config(mtl_options *opts, const char *path, mtl_error *err);
/** 1 if the config last loaded into opts says `root: true` (config files
 *  in folders above it are not to be loaded before it), else 0.  Loading
 *  several configs into one mtl_options merges them, later ones winning. */
MTL_API int mtl_options_config_root(const mtl_options *opts);

typedef struct mtl_engine mtl_engine;

/** Loads and compiles everything opts names.  opts may be freed afterwards. */
MTL_API int mtl_engine_new(mtl_engine **out, const mtl_options *opts, mtl_error *err);
MTL_API void mtl_engine_free(mtl_engine *eng);
/**
 * Loads now, on the calling thread, what the engine otherwise loads when a
 * lint first needs it: the Hunspell dictionaries of its enabled spelling
 * rules (tens of milliseconds), then the language model, the thesaurus
 * index and the spun-name rules' term lists of the enabled rules that use
 * them.  Optional: mtl_lint loads each at its first use.  A caller that
 * knows words will come can load them where the time is cheapest (the CLI
 * does, on its main thread, while its reader starts).
 * Safe to call from any thread, at any time, more than once.  0, or
 * MTL_EDICT when a dictionary cannot be loaded (mtl_lint then fails too).
 */
MTL_API int mtl_engine_preload(const mtl_engine *eng, mtl_error *err);
/**
 * Loads a base Hunspell dictionary (stem: "/usr/share/hunspell/en_US" for
 * its .aff and .dic; NULL: the default) ahead of the engine that will use
 * it, on the calling thread.  The first engine whose base dictionary is the
 * same stem (the same string) takes it over when it loads its dictionaries,
 * waiting for it if it is still loading, instead of loading it again; its
 * extra dictionaries and word lists are added then.  So a caller can load
 * the dictionary on one thread while it builds the engine on another (the
 * CLI does).  An engine that needs its dictionaries before this call has
 * begun loads its own.  One per process: a second call, or a call after an
 * engine took it over, does nothing.  The library starts no thread.  0,
 * MTL_ENOMEM, or MTL_EDICT when the dictionary cannot be read.
 */
MTL_API int mtl_dictionary_prefetch(const char *stem, mtl_error *err);
/** Frees a prefetched dictionary no engine took over (waiting for it if it
 *  is still loading); then mtl_dictionary_prefetch may be called again. */
MTL_API void mtl_dictionary_prefetch_free(void);
/**
 * Whether another thread is loading the engine's Hunspell dictionaries now
 * (mtl_engine_preload, or the first lint that met a word), so that a lint
 * started now would wait for them.  0 once they are loaded, before anyone
 * starts, or without an enabled spelling rule.  For mtl_lint_begin.
 */
MTL_API int mtl_engine_loading(const mtl_engine *eng);

/** Read-only view of a rule. */
typedef struct mtl_rule_info {
  const char *id;          /* "pack.name" */
  const char *pack;
  const char *kind;        /* "pattern", "phrase", ... */
  const char *category;    /* from the rule file, or the kind */
  mtl_severity severity;   /* after overrides */
  int enabled;
  const char *message;
  const char *description;
  const char *link;        /* may be NULL */
  const char *fix;         /* "safe", "unsafe" or "none" */
  const char *file;        /* rule file, NULL for built-in rules */
  size_t line;
  const char *const *good; /* examples that must not fire */
  size_t n_good;
  const char *const *bad;  /* examples that must fire */
  size_t n_bad;
} mtl_rule_info;

MTL_API size_t mtl_engine_rule_count(const mtl_engine *eng);
/** The i-th rule, in load order; NULL if out of range. */
MTL_API const mtl_rule_info *mtl_engine_rule(const mtl_engine *eng, size_t i);
MTL_API const mtl_rule_info *mtl_engine_find_rule(const mtl_engine *eng, const char *id);

/* ------------------------------------------------------------------ */
/* Lint: text -> findings.                                            */

typedef struct mtl_position {
  size_t offset;        /* 0-based byte offset into the text as given */
  size_t line;          /* 1-based */
  size_t column;        /* 1-based, in bytes */
  size_t column_utf16;  /* 1-based, in UTF-16 code units */
} mtl_position;

typedef struct mtl_finding {
  const char *rule;        /* rule id, borrowed from the engine */
  mtl_severity severity;
  const char *message;
  mtl_position start;
  mtl_position end;        /* exclusive */
  const char *const *suggestions;
  size_t n_suggestions;
  int fix_safe;            /* 1 if the rule marks its suggestion safe to apply */
  const char *fix;         /* the rule's fix class: "safe", "unsafe" or "none" */
  /* Rules of kind swap: the log10 probabilities, under the language model,
   * of the words around the match with the suggestion (lm_original) and as
   * written (lm_written); has_lm is 0 for every other finding. */
  int has_lm;
  double lm_original;
  double lm_written;
} mtl_finding;

typedef struct mtl_result mtl_result;

/**
 * Lints len bytes of text.  Findings are sorted by start offset, then end,
 * then rule id.  Returns 0 or MTL_ENOMEM; findings are never errors.
 */
MTL_API int mtl_lint(mtl_result **out, const mtl_engine *eng, const char *text,
                     size_t len, mtl_error *err);
/**
 * mtl_lint in two halves, for a caller with work to do while the
 * dictionaries load (mtl_engine_loading): mtl_lint_begin runs every rule
 * but the spelling rules, which need the dictionaries; mtl_lint_finish runs
 * those (waiting for the load) and gives exactly the result mtl_lint would
 * have given.  text must stay unchanged until then.  mtl_lint_finish frees
 * pending, whatever it returns; mtl_pending_free drops one unfinished.
 */
typedef struct mtl_pending mtl_pending;
MTL_API int mtl_lint_begin(mtl_pending **out, const mtl_engine *eng, const char *text,
                           size_t len, mtl_error *err);
MTL_API int mtl_lint_finish(mtl_result **out, mtl_pending *pending, mtl_error *err);
MTL_API void mtl_pending_free(mtl_pending *pending);

/* ------------------------------------------------------------------ */
/* Result: the findings, their garble score and verdict, fixes.       */

MTL_API void mtl_result_free(mtl_result *res);
MTL_API size_t mtl_result_count(const mtl_result *res);
MTL_API const mtl_finding *mtl_result_finding(const mtl_result *res, size_t i);
/** Number of words in the linted text. */
MTL_API size_t mtl_result_words(const mtl_result *res);
/**
 * Keeps the findings of res for which keep returns non-zero, in order, and
 * frees the others.  Finding pointers taken before the call are invalid
 * after it.
 */
MTL_API void mtl_result_filter(mtl_result *res, int (*keep)(void *ctx, const mtl_finding *f),
                               void *ctx);

/*
 * Verdicts.  The garble score of an article is its severity-weighted
 * findings per 1000 words:
 *   score = (5 * errors + 2 * warnings) * 1000 / max(words, 200)
 * rounded to 3 decimals, where short articles count as 200 words.  Info
 * findings and those of input.* and mtlint.* rules do not count, and a span
 * flagged by several rules counts once: of findings of different rules
 * whose spans overlap, only the most severe counts (then the shortest, then
 * the first).  Added to it: how far the article's densest window
 * (mtl_result_window_density) is above its window rule's gate, one point
 * per garble sign per 1000 words, rounded to a tenth.  See docs/PROTOCOL.md.
 */
typedef enum mtl_verdict {
  MTL_VERDICT_CLEAN = 0,
  MTL_VERDICT_SUSPECT = 1,
  MTL_VERDICT_GARBLED = 2
} mtl_verdict;

/** "clean", "suspect", "garbled". */
MTL_API const char *mtl_verdict_name(mtl_verdict v);
/** The density of the article's most garbled ~300-word window (rules of
 *  kind window, docs/RULES.md): unlikely word sequences and likely swaps
 *  per 1000 words; 0 when no such rule ran.  Above its rule's gate it adds
 *  to the garble score. */
MTL_API double mtl_result_window_density(const mtl_result *res);
/** The garble score of a lint result (see above). */
MTL_API double mtl_garble_score(const mtl_result *res);

typedef struct mtl_report_config {
  double suspect_at;    /* score at or above which an article is suspect (default 5) */
  double garbled_at;    /* ... garbled (default 15) */
  size_t top_articles;  /* worst articles kept (default 25) */
  size_t top_phrases;   /* phrases listed in reports (default 30) */
} mtl_report_config;

/** Fills the defaults. */
MTL_API void mtl_report_config_init(mtl_report_config *cfg);
MTL_API mtl_verdict mtl_verdict_of(const mtl_report_config *cfg, double score);

/**
 * Applies the first suggestion of every finding marked fix_safe to text.
 * Overlapping fixes are resolved deterministically: by earliest start, then
 * longest span, then rule id; a fix that overlaps (or starts where) an
 * already chosen one is left out.  *out (the caller's, free with
 * mtl_fix_free) holds len' bytes plus a NUL; *napplied, if not NULL, counts
 * the fixes applied.  flags is reserved (0).  0, MTL_EINVAL or MTL_ENOMEM.
 */
MTL_API int mtl_fix_apply(char **out, size_t *outlen, size_t *napplied, const char *text,
                          size_t len, const mtl_result *res, unsigned flags);
MTL_API void mtl_fix_free(char *fixed);

/** Length of a fingerprint: 16 lower-case hex digits, plus the NUL. */
#define MTL_FINGERPRINT_SIZE 17

/**
 * Baseline fingerprint of a finding in the text it was found in: a hash of
 * the rule id, the matched text and the words around it on its line
 * (whitespace collapsed), so it survives lines moving.  Line numbers
 * and the file name are not part of it.  Writes MTL_FINGERPRINT_SIZE bytes.
 */
MTL_API int mtl_fingerprint(char out[MTL_FINGERPRINT_SIZE], const char *text, size_t len,
                            const mtl_finding *f);

/* ------------------------------------------------------------------ */
/* Writer: findings -> bytes, in any of the output formats.           */

/** Output sink: returns 0, or non-zero to stop writing. */
typedef int (*mtl_write_fn)(void *ctx, const char *data, size_t len);

typedef struct mtl_writer mtl_writer;

/* Writer flags.  The text format's column of "path:line:col" counts
 * bytes unless MTL_WRITE_COLUMN_CHAR or MTL_WRITE_COLUMN_UTF16 says
 * otherwise. */
enum {
  MTL_WRITE_COLOR = 1u << 0,         /* ANSI colour (text format) */
  MTL_WRITE_QUIET = 1u << 1,         /* no source excerpt, no summary line (text) */
  MTL_WRITE_COLUMN_CHAR = 1u << 8,   /* Unicode code points */
  MTL_WRITE_COLUMN_UTF16 = 1u << 9   /* UTF-16 code units */
};

/**
 * format: one of mtl_writer_formats(): "text", "jsonl", "json", "sarif"
 * (SARIF 2.1.0), "rdjsonl" (reviewdog diagnostics), "github" (workflow
 * commands), "checkstyle" or "junit" (XML); docs/PROTOCOL.md describes
 * each.  MTL_EFORMAT if unknown.
 */
MTL_API int mtl_writer_new(mtl_writer **out, const char *format, mtl_write_fn fn,
                           void *ctx, unsigned flags);
MTL_API void mtl_writer_free(mtl_writer *w);
/** Where a linted text came from. */
typedef struct mtl_input_info {
  const char *path;     /* file as named, "<stdin>" or the --stdin-filename */
  const char *item;     /* feed item id, or NULL for a plain file */
  size_t item_line;     /* best-effort line in path where the item's text starts; 0 if unknown */
  size_t item_column;   /* likewise, 1-based; 0 if unknown */
  const char *title;    /* article metadata, each may be NULL */
  const char *url;
  const char *source;
  const char *published;
} mtl_input_info;

/** Writes the findings of one input.  text is the text that was linted. */
MTL_API int mtl_writer_file(mtl_writer *w, const char *path, const char *text,
                            size_t len, const mtl_result *res);
/** Like mtl_writer_file, for an input with more to say (a feed item). */
MTL_API int mtl_writer_input(mtl_writer *w, const mtl_input_info *in, const char *text,
                             size_t len, const mtl_result *res);
/** Reports an input that could not be read or a rule/config error. */
MTL_API int mtl_writer_error(mtl_writer *w, const mtl_error *err);
/** Writes the summary (and closes the JSON document). */
MTL_API int mtl_writer_finish(mtl_writer *w);
/** Names of the formats, NULL-terminated. */
MTL_API const char *const *mtl_writer_formats(void);

/**
 * Writes an article's verdict record: in jsonl a {"type":"article",...}
 * line, in text one "path#item: verdict ..." line; the other formats write
 * nothing (use a report).
 */
MTL_API int mtl_writer_article(mtl_writer *w, const mtl_input_info *in, const mtl_result *res,
                               double score, mtl_verdict verdict);

/**
 * Lets a writer see the engine's rules (SARIF lists them with help text and
 * links).  eng is borrowed and must outlive the writer; NULL forgets it.
 * Formats that do not use rules ignore it.  MTL_EINVAL if w is NULL.
 */
MTL_API int mtl_writer_set_engine(mtl_writer *w, const mtl_engine *eng);

/**
 * The lowest severity that fails the run (the command's --fail-on), for the
 * formats that mark inputs failed or passed: in "junit" a test case fails
 * only for findings at or above it; the others go to its <system-out>.
 * MTL_SEV_INFO..MTL_SEV_ERROR, or any higher value for "never"; the default
 * is MTL_SEV_WARNING.  MTL_EINVAL if w is NULL or severity is below info.
 */
MTL_API int mtl_writer_set_fail_on(mtl_writer *w, int severity);

/**
 * Fits the "text" format's source excerpts to a terminal of columns
 * columns (the command's TIOCGWINSZ or COLUMNS): a line longer than that is
 * cut around the finding, with an ellipsis where it was cut, counting wide
 * characters as two columns and combining marks as none, never splitting
 * one; the caret still points at the finding.  0 (the default) keeps the
 * fixed window of 80 bytes each side.  Widths under 20 count as 20.
 * Forks keep it.  MTL_EINVAL if w is NULL.
 */
MTL_API int mtl_writer_set_width(mtl_writer *w, size_t columns);

/*
 * Writing on several threads, in order.  For a format whose output for an
 * input stands alone (text, jsonl, rdjsonl; not json, sarif, github,
 * checkstyle or junit, which keep state across inputs), mtl_writer_fork
 * makes a writer with w's format, flags and settings that writes through
 * fn/ctx instead: a worker thread formats its inputs with its fork into
 * its own buffer, and the thread that owns w hands the bytes, in input
 * order, to mtl_writer_raw.  mtl_writer_join then adds what the fork
 * counted to w, for w's summary.  A fork is freed with mtl_writer_free and
 * never finished.  w is only read by mtl_writer_fork (forks may be made
 * while w is idle, not while another thread writes with it).
 */
/** MTL_EINVAL if the format keeps state across inputs; MTL_ENOMEM. */
MTL_API int mtl_writer_fork(mtl_writer **out, const mtl_writer *w, mtl_write_fn fn, void *ctx);
/** Adds fork's counts (inputs, words, findings, errors) to w; zeroes fork's. */
MTL_API int mtl_writer_join(mtl_writer *w, mtl_writer *fork);
/** Writes bytes made by a fork of w through w's callback, as they are. */
MTL_API int mtl_writer_raw(mtl_writer *w, const char *data, size_t len);

/* ------------------------------------------------------------------ */
/* Reader: an input -> articles.                                      */

/*
 * Readers turn an input (a file, a pipe) into articles, pulling bytes through
 * a read callback so memory stays flat however many articles it holds.
 * Formats: "text" (the whole input is one article), "rss" (RSS 2.0 / 1.0),
 * "atom", "jsonl" (one JSON object per line), "jsonfeed" (JSON Feed) and
 * "html" (one page: main text extracted); "auto" picks one from the name and
 * the first bytes.  XML is read without network access, DTD loading or
 * entity expansion.
 */

/** Input bytes: fills buf with up to cap bytes and sets *got (0 at the end).
 *  Returns 0, or non-zero for a read error. */
typedef int (*mtl_read_fn)(void *ctx, char *buf, size_t cap, size_t *got);

/** Largest article text a reader keeps (bytes); a bigger item is an error. */
#define MTL_READER_MAX_ITEM ((size_t)32 << 20)

/** One article.  Strings are NUL-terminated UTF-8; all but text may be NULL. */
typedef struct mtl_article {
  char *id;             /* guid, id or "item-N"; NULL for a whole-file article */
  char *title;
  char *url;
  char *source;         /* feed, channel or site name */
  char *published;
  char *text;           /* extracted plain text: what is linted */
  size_t len;
  size_t line;          /* best-effort line in the input where the text starts; 0 unknown */
  size_t column;        /* likewise, 1-based */
  size_t index;         /* 1-based number of the item within its input */
  /* The language the input declares for the article (RSS <language> or
   * dc:language, xml:lang or lang on the item, its content or an ancestor,
   * a JSON Feed's language, a JSON Lines lang field), as written: "de",
   * "en-GB"...  NULL when none is declared. */
  char *language;
  /* Set when the item was malformed XML and text is what libxml2's recovery
   * mode read of it: what was wrong and where ("line 57, column 12: ...").
   * NULL for a well-formed item. */
  char *recovered;
} mtl_article;

/** Frees an article from mtl_reader_next (NULL is fine). */
MTL_API void mtl_article_free(mtl_article *a);
/**
 * Lints an article as mtl_lint lints its text, with what its input says of
 * it: a declared language other than English gives the one
 * input.other-language finding (no rule runs) without the guess from
 * function words, English ("en", "en-US", "en-GB"...) skips that guess, and
 * "en-US" or "en-GB" picks the variety spelling checks against when the
 * engine's language is auto; a recovered item gets one input.recovered
 * warning.  a must stay unchanged until the result is made.
 */
MTL_API int mtl_lint_article(mtl_result **out, const mtl_engine *eng, const mtl_article *a,
                             mtl_error *err);
/** mtl_lint_begin for an article (see mtl_lint_article); a stays unchanged
 *  until mtl_lint_finish. */
MTL_API int mtl_lint_article_begin(mtl_pending **out, const mtl_engine *eng,
                                   const mtl_article *a, mtl_error *err);

typedef struct mtl_reader mtl_reader;

/** Input format names, NULL-terminated: auto, text, rss, atom, jsonl,
 *  jsonfeed, html. */
MTL_API const char *const *mtl_reader_formats(void);
/** Guesses a format ("text", "rss", "atom", "jsonl", "jsonfeed", "html")
 *  from a file name (may be NULL) and the first len bytes of the input (may
 *  be 0). */
MTL_API const char *mtl_reader_detect(const char *name, const char *head, size_t len);
/**
 * Opens a reader over fn/ctx.  name is used in errors and for detection.
 * format is one of mtl_reader_formats(); MTL_EFORMAT if unknown.  The
 * reader does not own ctx.
 */
MTL_API int mtl_reader_open(mtl_reader **out, const char *format, const char *name,
                            mtl_read_fn fn, void *ctx, mtl_error *err);
/**
 * Next article.  Returns 1 and sets *out (the caller's, free with
 * mtl_article_free), 0 at the end, or a negative code with err set to the
 * bad item's location (file, line, column, message naming the item); the
 * caller may go on calling: the reader skips the bad item, or ends if the
 * input cannot be resynchronised (malformed XML).
 */
MTL_API int mtl_reader_next(mtl_reader *r, mtl_article **out, mtl_error *err);
/** The format in use (after detection). */
MTL_API const char *mtl_reader_format(const mtl_reader *r);
/** 1 when the last error of mtl_reader_next said that the input is not of
 *  the reader's format at all (an XML file whose root element is no feed's:
 *  a sitemap, a JUnit report; an empty file read as a feed), so that a
 *  caller walking folders may skip it; else 0. */
MTL_API int mtl_reader_foreign(const mtl_reader *r);
/** Bytes pulled from the callback so far. */
MTL_API size_t mtl_reader_bytes(const mtl_reader *r);
MTL_API void mtl_reader_free(mtl_reader *r);

/* ------------------------------------------------------------------ */
/* Report: a corpus's statistics, mergeable.                          */
/*
 * Reports: totals, per-source statistics, the worst articles and the most
 * frequent garbled phrases of a corpus.  Merging is associative and
 * order-independent: merging the partial reports of the shards of a corpus
 * gives the report of one run over it.
 */
typedef struct mtl_report mtl_report;

/** cfg may be NULL (defaults). */
MTL_API int mtl_report_new(mtl_report **out, const mtl_report_config *cfg);
MTL_API void mtl_report_free(mtl_report *rep);
/** Adds one linted article.  eng gives rule categories (may be NULL). */
MTL_API int mtl_report_add(mtl_report *rep, const mtl_engine *eng, const mtl_input_info *in,
                           const char *text, size_t len, const mtl_result *res);
/** Counts an input or item that could not be read. */
MTL_API int mtl_report_add_error(mtl_report *rep, const mtl_error *err);
/** Adds src into dst.  MTL_EINVAL if their configs differ. */
MTL_API int mtl_report_merge(mtl_report *dst, const mtl_report *src);
/** Writes a mergeable partial report (JSON). */
MTL_API int mtl_report_save_partial(const mtl_report *rep, mtl_write_fn fn, void *ctx);
/** Reads a partial report written by mtl_report_save_partial; name is for errors. */
MTL_API int mtl_report_load_partial(mtl_report **out, const char *data, size_t len,
                                    const char *name, mtl_error *err);
/** Report format names, NULL-terminated: html, json, csv. */
MTL_API const char *const *mtl_report_formats(void);
/** Writes the report; MTL_EFORMAT if format is unknown. */
MTL_API int mtl_report_write(const mtl_report *rep, const char *format, mtl_write_fn fn,
                             void *ctx);

/* ------------------------------------------------------------------ */
/* Language server.                                                   */
/*
 * A Language Server Protocol 3.17 server over any byte stream.  The library
 * holds the protocol logic (Content-Length framing, JSON-RPC, documents,
 * debounced lints, diagnostics, code actions, word-list and config edits);
 * the caller does the I/O: it feeds the bytes it reads to mtl_lsp_feed,
 * calls mtl_lsp_tick with a monotonic clock, and sends what the host's write
 * callback gets (whole framed messages) to the client.  Engines come from
 * the host, which knows where rules and configs live.  See docs/PROTOCOL.md.
 */
typedef struct mtl_lsp mtl_lsp;

/** What the server asks of its caller.  ctx is passed back to each call. */
typedef struct mtl_lsp_host {
  void *ctx;
  /** Receives framed messages for the client; non-zero means it is gone. */
  mtl_write_fn write;
  /** One line for the server's log (standard error), or NULL for none. */
  void (*log)(void *ctx, const char *line);
  /**
   * The engine for a document at path (NULL: no file behind it, e.g. an
   * untitled buffer).  Borrowed: it must live until reload is called.  NULL
   * with err filled when its rules or config do not load.
   */
  const mtl_engine *(*engine)(void *ctx, const char *path, mtl_error *err);
  /** Drops every engine handed out so far (a rule, word list or config changed). */
  void (*reload)(void *ctx);
  /**
   * Writes into buf the config file that governs path (as the command line
   * would find it) and returns 1, or returns 0 if there is none.  NULL: the
   * server refuses project-level edits (word list, workspace disables).
   */
  int (*config_for)(void *ctx, const char *path, char *buf, size_t size);
  /**
   * The client's `language` setting ("auto", "en-US" or "en-GB", checked):
   * engines built from now on use it over the config file's.  reload is
   * called afterwards.  NULL: the setting is ignored.
   */
  void (*set_language)(void *ctx, const char *language);
} mtl_lsp_host;

/** A server in the "not initialized" state.  host is copied. */
MTL_API int mtl_lsp_new(mtl_lsp **out, const mtl_lsp_host *host);
MTL_API void mtl_lsp_free(mtl_lsp *s);
/** Milliseconds between the last edit and the lint (default 10; 0..10000). */
MTL_API int mtl_lsp_set_debounce(mtl_lsp *s, long ms);
/** The user word list that "add word to user dictionary" writes to. */
MTL_API int mtl_lsp_set_user_wordlist(mtl_lsp *s, const char *path);
/**
 * Fixes the position encoding instead of negotiating it: "utf-8" (columns
 * count bytes) or "utf-16", used whatever the client offers and reported as
 * the initialize result's positionEncoding; NULL goes back to negotiating
 * (the default: utf-8 if offered, else utf-16).  Outside the LSP spec: for
 * clients that count bytes without offering utf-8 (Vim's ALE).  Takes effect
 * at initialize.  MTL_EINVAL for any other name.
 */
MTL_API int mtl_lsp_set_position_encoding(mtl_lsp *s, const char *name);
/**
 * Handles len bytes from the client: frames are parsed, every complete
 * message is answered through host->write, due lints are run.  Malformed
 * input gets JSON-RPC errors, never a failure.  Returns 0, or MTL_EIO once
 * the write callback failed (the client is gone).
 */
MTL_API int mtl_lsp_feed(mtl_lsp *s, const char *data, size_t len);
/** Sets the clock (monotonic milliseconds) and runs the lints now due. */
MTL_API int mtl_lsp_tick(mtl_lsp *s, long long now_ms);
/** Milliseconds from the last tick until the next lint is due; -1 if none. */
MTL_API long mtl_lsp_timeout(const mtl_lsp *s);
/** -1 while running; after the client's "exit": 0 if "shutdown" came first, else 1. */
MTL_API int mtl_lsp_exit_status(const mtl_lsp *s);

#ifdef __cplusplus
}
#endif
#endif
