/*
 * lsp_internal.h - what the language server's modules share:
 *   lsp_frame.c  Content-Length framing of a byte stream into messages;
 *   lsp_text.c   positions (line, character in UTF-8/16/32 units) <-> byte
 *                offsets, incremental edits, file: URIs;
 *   lsp_edit.c   word-list and config edits, written atomically;
 *   lsp.c        JSON-RPC, lifecycle, text synchronisation, dispatch;
 *   lsp_doc.c    documents, incremental lints, diagnostics;
 *   lsp_action.c code actions, hover, commands
 *   (the last three share lsp_server.h).
 *
 * Invariants: a document's text is valid UTF-8 (it came from a JSON string
 * and edits land on character boundaries); offsets are bytes into it.
 */
#ifndef MTL_LSP_INTERNAL_H
#define MTL_LSP_INTERNAL_H

#include "mtlint.h"
#include "util.h"

/* ---------------- lsp_frame.c ---------------- */

#define MTL_LSP_MAX_HEADER 8192            /* bytes in one header block */
#define MTL_LSP_MAX_BODY (64u << 20)       /* bytes in one message body */

typedef enum mtl_frame_event {
  MTL_FRAME_MESSAGE = 1, /* body[0..len) is one message */
  MTL_FRAME_BAD_HEADER,  /* a header block was malformed and skipped; why says how */
  MTL_FRAME_TOO_LARGE    /* a body over the limit is being skipped */
} mtl_frame_event;

typedef struct mtl_lsp_framer {
  mtl_buf hdr;         /* header bytes of the block being read */
  mtl_buf body;        /* body bytes so far */
  size_t want;         /* body length announced */
  size_t skip;         /* bytes of an oversized body still to drop */
  int state;           /* 0 headers, 1 body, 2 skipping a body, 3 resync */
  int lost;            /* after a header without a usable length: garbage is expected */
  size_t max_body;
} mtl_lsp_framer;

/** Called per event; returning non-zero stops the feed. */
typedef int (*mtl_frame_fn)(void *ctx, mtl_frame_event ev, const char *body, size_t len,
                            const char *why);

void mtl_lsp_framer_init(mtl_lsp_framer *f, size_t max_body);
/** Consumes data; returns 0, what fn returned, or MTL_ENOMEM. */
int mtl_lsp_framer_feed(mtl_lsp_framer *f, const char *data, size_t len, mtl_frame_fn fn,
                        void *ctx);
void mtl_lsp_framer_free(mtl_lsp_framer *f);

/* ---------------- lsp_text.c ---------------- */

/** Position encodings: the unit of LSP's "character". */
typedef enum { MTL_ENC_UTF8 = 8, MTL_ENC_UTF16 = 16, MTL_ENC_UTF32 = 32 } mtl_lsp_enc;

/** Line starts of a text by LSP's rules (\n, \r\n and \r end a line). */
typedef struct mtl_lsp_lines {
  size_t *start;
  size_t n;
} mtl_lsp_lines;

int mtl_lsp_lines_init(mtl_lsp_lines *li, const char *text, size_t len);
void mtl_lsp_lines_free(mtl_lsp_lines *li);
/** 0-based line and character of byte offset off (clamped to len). */
void mtl_lsp_position(const mtl_lsp_lines *li, const char *text, size_t len, size_t off,
                      mtl_lsp_enc enc, size_t *line, size_t *character);
/** Byte offset of (line, character): a character past the line's end means
 *  its end, a line past the last means len; never inside a code point. */
size_t mtl_lsp_offset(const char *text, size_t len, size_t line, size_t character,
                      mtl_lsp_enc enc);
/** Decodes a file: URI into a path (malloc'd), or NULL if it is not one. */
char *mtl_lsp_uri_path(const char *uri);
/** Encodes an absolute path as a file: URI (malloc'd). */
char *mtl_lsp_path_uri(const char *path);
/** Appends s[0..n) to b with invalid UTF-8 and NUL replaced by U+FFFD. */
void mtl_lsp_clean_utf8(mtl_buf *b, const char *s, size_t n);

/* ---------------- lsp_edit.c ---------------- */

/** Writes data to path atomically: a temporary file in the same folder,
 *  fsync, rename.  Keeps the old file's mode. */
int mtl_lsp_write_atomic(const char *path, const char *data, size_t len, mtl_error *err);
/** Adds word as a line of the word list at path (created with its folder if
 *  missing); a word already there is left alone (*added = 0). */
int mtl_lsp_wordlist_add(const char *path, const char *word, int *added, mtl_error *err);
/** Adds value to the list under the top-level key of the YAML config at
 *  path (the file is created if missing), keeping the rest of the file as
 *  it is.  A value already there is left alone. */
int mtl_lsp_config_add(const char *path, const char *key, const char *value, mtl_error *err);
/** The first entry of the config's "wordlists" (resolved against the
 *  config's folder, malloc'd), or NULL if it names none. */
char *mtl_lsp_config_wordlist(const char *path, mtl_error *err);

#endif
