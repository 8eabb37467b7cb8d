/*
 * lsp_server.h - the language server's state, shared by lsp.c (JSON-RPC,
 * lifecycle, text synchronisation, dispatch, the public API), lsp_doc.c
 * (documents, lints, diagnostics) and lsp_action.c (code actions, hover,
 * commands).  Private to those three files.
 */
#ifndef MTL_LSP_SERVER_H
#define MTL_LSP_SERVER_H

#include "mtlint.h"
#include "json.h"
#include "lsp_internal.h"
#include "options.h" /* mtl_strlist */

#define MAX_DOCS 4096
#define MAX_DOC_BYTES (32u << 20)
#define MAX_DIAGS 5000          /* per document */
#define MAX_ACTIONS 200         /* per code action request */
#define MAX_FIX_SUGGESTIONS 5   /* quick fixes per finding */
#define MAX_CHANGES 10000       /* content changes in one didChange */
#define MAX_DEBOUNCE 10000
#define FULL_DELAY 400          /* ms of quiet before a whole-document lint after edits */
#define MAX_REGION (64u << 10)  /* larger edited regions get a whole-document lint */
/* Up to this size the rules that are not paragraph-local run on the whole
 * text after each edit (1.3 ms for 5,000 words); a larger text keeps their
 * findings that the edit did not touch until the whole-document lint. */
#define MAX_WHOLE_NONLOCAL (512u << 10)

/* JSON-RPC and LSP error codes. */
enum {
  E_PARSE = -32700,
  E_INVALID_REQUEST = -32600,
  E_NO_METHOD = -32601,
  E_INVALID_PARAMS = -32602,
  E_INTERNAL = -32603,
  E_NOT_INITIALIZED = -32002,
  E_REQUEST_FAILED = -32803,
  E_CONTENT_MODIFIED = -32801,
  E_CANCELLED = -32800
};

enum { S_NEW = 0, S_RUNNING, S_SHUTDOWN, S_EXITED };


typedef struct lsp_doc {
  char *uri;
  char *path;               /* for file: URIs, else NULL */
  char *text;
  size_t len, cap;
  long long version;
  long long due;            /* when to lint; -1: nothing pending */
  long long due_full;       /* when to lint the whole text; -1: not pending */
  const mtl_engine *eng;    /* what the findings came from; NULL: none */
  mtl_finding *f;           /* findings of text, sorted; strings owned but rule */
  size_t nf, capf;
  int partial_ok;           /* f was valid before the edits: a region lint may do */
  size_t dlo, dhi;          /* bytes edited since the last lint, when dirty */
  int dirty;
  int directives;           /* the text last linted held "mtlint-" (suppress.c) */
  long long published;      /* version of the last publish; -1: none */
  mtl_strlist off;          /* rules disabled for this file */
} lsp_doc;

typedef struct qitem {
  mtl_json *msg;            /* a parsed message, or NULL for an error */
  int code;
  const char *why;
} qitem;

struct mtl_lsp {
  mtl_lsp_host host;
  mtl_lsp_framer fr;
  int state;
  int exit_status;
  mtl_lsp_enc enc;
  mtl_lsp_enc forced_enc;   /* 0: negotiate at initialize */
  long long now, debounce;
  char *root;
  char *user_wordlist;
  lsp_doc **docs;
  size_t ndocs, capdocs;
  mtl_strlist off;          /* rules hidden by settings */
  int broken;
  int can_watch;
  int resolve;              /* the client resolves code actions' edits */
  long long next_id;
  qitem *q;
  size_t nq, capq;
};

extern const char *const lsp_commands[];

/* lsp.c */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void lsp_log(mtl_lsp *s, const char *fmt, ...);
void lsp_free_list(mtl_strlist *l);
int lsp_list_has(const mtl_strlist *l, const char *s);
mtl_json *lsp_jstr(const char *s);
const char *lsp_get_str(const mtl_json *o, const char *k);
int lsp_get_int(const mtl_json *o, const char *k, long long *out);
void lsp_reply(mtl_lsp *s, const mtl_json *id, mtl_json *result);
void lsp_reply_error(mtl_lsp *s, const mtl_json *id, int code, const char *msg);
void lsp_notify(mtl_lsp *s, const char *method, mtl_json *params);
void lsp_show_message(mtl_lsp *s, int type, const char *text);
mtl_json *lsp_jposition(size_t line, size_t ch);
mtl_json *lsp_jrange(const mtl_lsp *s, const lsp_doc *d, const mtl_lsp_lines *li,
                     size_t start, size_t end);
lsp_doc *lsp_doc_of(mtl_lsp *s, const mtl_json *params);
int lsp_read_pos(const mtl_json *p, size_t *line, size_t *ch);

/* lsp_doc.c */
lsp_doc *lsp_find_doc(mtl_lsp *s, const char *uri);
void lsp_doc_free(lsp_doc *d);
void lsp_doc_stale(lsp_doc *d);
extern const char lsp_sugg_later[];
int lsp_copy_suggestions(mtl_finding *c, const mtl_finding *f);
int lsp_cmp_find(const void *pa, const void *pb);
void lsp_finds_edit(lsp_doc *d, size_t a, size_t b, size_t n);
int lsp_doc_splice(lsp_doc *d, size_t a, size_t b, const char *r, size_t n);
int lsp_hidden(const mtl_lsp *s, const lsp_doc *d, const char *rule);
mtl_json *lsp_make_diag(const mtl_lsp *s, const lsp_doc *d, const mtl_lsp_lines *li,
                        const mtl_finding *f);
void lsp_publish(mtl_lsp *s, lsp_doc *d, mtl_json *extra);
void lsp_region_of(const lsp_doc *d, size_t lo, size_t hi, size_t *ps, size_t *pe);
/* lsp_lint_doc modes */
enum { LINT_FULL = 0, LINT_REGION = 1, LINT_PAUSE = 2 };
void lsp_lint_doc(mtl_lsp *s, lsp_doc *d, int mode);
void lsp_run_due(mtl_lsp *s);
void lsp_reload_all(mtl_lsp *s);

/* lsp_action.c */
void lsp_m_code_action(mtl_lsp *s, const mtl_json *id, const mtl_json *params);
void lsp_m_code_action_resolve(mtl_lsp *s, const mtl_json *id, const mtl_json *params);
void lsp_m_hover(mtl_lsp *s, const mtl_json *id, const mtl_json *params);
void lsp_m_execute(mtl_lsp *s, const mtl_json *id, const mtl_json *params);

#endif
