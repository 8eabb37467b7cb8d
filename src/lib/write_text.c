/*
 * write_text.c - the human format, one finding per block:
 *
 *   path:line:col: severity: message [rule]
 *     source line
 *     ^~~~~ suggestion: ...
 *
 * Long lines are shown as a window around the finding; control bytes and
 * invalid UTF-8 in the excerpt are shown as U+FFFD so a terminal is safe.
 */
#include "lint.h"
#include "mtlint.h"
#include "utf8.h"
#include "util.h"
#include "writer.h"

#include <string.h>

#define WINDOW 80

#define C_RESET "\033[0m"
#define C_BOLD "\033[1m"
#define C_RED "\033[1;31m"
#define C_YELLOW "\033[1;33m"
#define C_BLUE "\033[1;34m"
#define C_GREEN "\033[32m"

static const char *sev_color(mtl_severity s) {
  return s == MTL_SEV_ERROR ? C_RED : s == MTL_SEV_WARNING ? C_YELLOW : C_BLUE;
}

/* Start of the line holding offset, and its end (without \r\n). */
static void line_bounds(const char *t, size_t len, size_t off, size_t *ls, size_t *le) {
  size_t s = off, e = off;
  while (s > 0 && t[s - 1] != '\n' && off - s < 100000)
    s--;
  while (e < len && t[e] != '\n' && e - off < 100000)
    e++;
  if (e > s && t[e - 1] == '\r')
    e--;
  *ls = s;
  *le = e;
}

/* Puts t[s, e) for a terminal; returns its width in columns (one per char). */
static size_t put_excerpt(mtl_buf *b, const char *t, size_t s, size_t e) {
  size_t i = s, w = 0;
  while (i < e) {
    int32_t cp;
    int k = mtl_utf8_decode(t + i, e - i, &cp);
    if (k < 0 || (cp < 0x20 && cp != '\t') || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) {
      mtl_buf_puts(b, "\xEF\xBF\xBD");
      i += k < 0 ? 1 : (size_t)k;
    } else {
      mtl_buf_put(b, t + i, (size_t)k);
      i += (size_t)k;
    }
    w++;
  }
  return w;
}

/* Moves off back to a UTF-8 boundary. */
static size_t boundary(const char *t, size_t lo, size_t off) {
  while (off > lo && ((unsigned char)t[off] & 0xC0) == 0x80)
    off--;
  return off;
}

/* ---- excerpts fitted to a terminal (mtl_writer_set_width) ---- */

#define TAB_COLUMNS 8 /* a tab counts as a full tab stop, the most it can take */

/* Columns of the character at t[i] (before end), as put_excerpt shows it;
 * its length in *k. */
static size_t cell(const char *t, size_t i, size_t end, size_t *k) {
  int32_t cp;
  int n = mtl_utf8_decode(t + i, end - i, &cp);
  if (n < 0) {
    *k = 1;
    return 1;
  }
  *k = (size_t)n;
  if (cp == '\t')
    return TAB_COLUMNS;
  if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
    return 1; /* U+FFFD */
  return (size_t)mtl_cp_width(cp);
}

static size_t cells(const char *t, size_t s, size_t e) {
  size_t w = 0, k;
  while (s < e) {
    w += cell(t, s, e, &k);
    s += k;
  }
  return w;
}

/* Start of the character before t[i] (i > lo). */
static size_t prev_char(const char *t, size_t lo, size_t i) {
  size_t p = boundary(t, lo, i - 1);
  size_t k;
  cell(t, p, i, &k);
  return p + k == i ? p : i - 1; /* an invalid byte stands alone */
}

/* The part [*ws, *we) of the line [ls, le) to show so that it takes at
 * most avail columns with the ellipses, around the finding [s, e). */
static void fit(const char *t, size_t ls, size_t le, size_t s, size_t e, size_t avail,
                size_t *ws, size_t *we) {
  size_t lw = cells(t, ls, s), fw = cells(t, s, e), rw = cells(t, e, le), budget, rest;
  size_t left, right, acc, k;
  *ws = ls;
  *we = le;
  if (lw + fw + rw <= avail)
    return;
  budget = avail - 2; /* an ellipsis at each end at most */
  if (fw >= budget) { /* the finding alone fills it: from its start */
    *ws = s;
    for (acc = 0, *we = s; *we < le; *we += k) {
      size_t c = cell(t, *we, le, &k);
      if (acc + c > budget)
        break;
      acc += c;
    }
    return;
  }
  rest = budget - fw;
  left = lw < rest / 2 ? lw : rest / 2;
  right = rw < rest - left ? rw : rest - left;
  left = lw < rest - right ? lw : rest - right;
  for (acc = 0, *ws = s; *ws > ls;) {
    size_t p = prev_char(t, ls, *ws), c = cell(t, p, *ws, &k);
    if (acc + c > left)
      break;
    acc += c;
    *ws = p;
  }
  for (acc = 0, *we = e; *we < le; *we += k) {
    size_t c = cell(t, *we, le, &k);
    if (acc + c > right)
      break;
    acc += c;
  }
  /* a combining mark stays with its base: none starts the excerpt, and the
   * ones after its last character (no columns) are kept */
  while (*ws > ls && *ws < s && !cell(t, *ws, s, &k))
    *ws += k;
  while (*we < le && !cell(t, *we, le, &k))
    *we += k;
}

/* Spaces (tabs kept) as wide as t[s, e) shows. */
static void put_pad(mtl_buf *b, const char *t, size_t s, size_t e) {
  size_t k;
  while (s < e) {
    size_t c = cell(t, s, e, &k);
    if (t[s] == '\t')
      mtl_buf_putc(b, '\t');
    else
      while (c--)
        mtl_buf_putc(b, ' ');
    s += k;
  }
}

/* The column of f's start in the unit the flags ask for (MTL_WRITE_COLUMN_*). */
static size_t column_of(const mtl_writer *w, const char *t, size_t len, const mtl_finding *f) {
  size_t s = f->start.offset, i, col = 1;
  if (w->flags & MTL_WRITE_COLUMN_UTF16)
    return f->start.column_utf16;
  if (!(w->flags & MTL_WRITE_COLUMN_CHAR) || s > len)
    return f->start.column;
  i = s - (f->start.column - 1); /* line start (after a BOM), in bytes */
  while (i < s) {
    int32_t cp;
    int k = mtl_utf8_decode(t + i, s - i, &cp);
    i += k > 0 ? (size_t)k : 1;
    col++;
  }
  return col;
}

static int text_file(mtl_writer *w, const mtl_input_info *in, const char *text, size_t len,
                     const mtl_result *res) {
  size_t i, n = mtl_result_count(res);
  int color = (w->flags & MTL_WRITE_COLOR) != 0;
  for (i = 0; i < n; i++) {
    const mtl_finding *f = mtl_result_finding(res, i);
    size_t ls, le, s = f->start.offset, e = f->end.offset, ws, we, j, pad, width;
    if (color)
      mtl_buf_puts(&w->out, C_BOLD);
    if (in->item)
      mtl_buf_printf(&w->out, "%s#%s:%zu:%zu:", in->path, in->item, f->start.line,
                     column_of(w, text, len, f));
    else
      mtl_buf_printf(&w->out, "%s:%zu:%zu:", in->path, f->start.line, column_of(w, text, len, f));
    if (color)
      mtl_buf_printf(&w->out, C_RESET " %s%s:" C_RESET, sev_color(f->severity),
                     mtl_severity_name(f->severity));
    else
      mtl_buf_printf(&w->out, " %s:", mtl_severity_name(f->severity));
    mtl_buf_printf(&w->out, " %s [%s]\n", f->message, f->rule);
    if (w->flags & MTL_WRITE_QUIET)
      continue;
    if (s > len)
      s = len;
    line_bounds(text, len, s, &ls, &le);
    if (ls == 0 && len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
      ls = s < 3 ? s : 3; /* the BOM is not part of the first line */
    if (e > le)
      e = le;
    if (e < s)
      e = s;
    if (w->width) {
      fit(text, ls, le, s, e, w->width - 2, &ws, &we);
      mtl_buf_puts(&w->out, ws > ls ? "  \xE2\x80\xA6" : "  ");
      put_excerpt(&w->out, text, ws, we);
      mtl_buf_puts(&w->out, we < le ? "\xE2\x80\xA6\n  " : "\n  ");
      if (ws > ls)
        mtl_buf_putc(&w->out, ' ');
      put_pad(&w->out, text, ws, s);
      width = cells(text, s, e < we ? e : we);
      if (!width)
        width = 1;
      goto caret;
    }
    ws = s - ls > WINDOW ? boundary(text, ls, s - WINDOW) : ls;
    we = le - e > WINDOW ? boundary(text, e, e + WINDOW) : le;
    mtl_buf_puts(&w->out, "  ");
    if (ws > ls)
      mtl_buf_puts(&w->out, "\xE2\x80\xA6");
    put_excerpt(&w->out, text, ws, we);
    if (we < le)
      mtl_buf_puts(&w->out, "\xE2\x80\xA6");
    mtl_buf_puts(&w->out, "\n  ");
    if (ws > ls)
      mtl_buf_putc(&w->out, ' ');
    {
      mtl_buf tmp = {0};
      pad = put_excerpt(&tmp, text, ws, s);
      width = put_excerpt(&tmp, text, s, e);
      /* keep tabs so the caret lines up */
      for (j = ws; j < s && pad; j++) {
        if (((unsigned char)text[j] & 0xC0) == 0x80)
          continue;
        mtl_buf_putc(&w->out, text[j] == '\t' ? '\t' : ' ');
      }
      mtl_buf_free(&tmp);
    }
  caret:
    if (color)
      mtl_buf_puts(&w->out, sev_color(f->severity));
    mtl_buf_putc(&w->out, '^');
    for (j = 1; j < width; j++)
      mtl_buf_putc(&w->out, '~');
    if (color)
      mtl_buf_puts(&w->out, C_RESET);
    if (f->n_suggestions) {
      size_t k;
      mtl_buf_puts(&w->out, color ? " " C_GREEN "suggestion: " : " suggestion: ");
      for (k = 0; k < f->n_suggestions && k < 3; k++) {
        mtl_buf_printf(&w->out, "%s\"%s\"", k ? ", " : "", f->suggestions[k]);
      }
      if (color)
        mtl_buf_puts(&w->out, C_RESET);
    }
    mtl_buf_putc(&w->out, '\n');
    if (w->out.len > 65536) {
      int rc = mtl_writer_flush(w);
      if (rc)
        return rc;
    }
  }
  return 0;
}

/* path#item: verdict (score S, N findings, W words) title */
static int text_article(mtl_writer *w, const mtl_input_info *in, const mtl_result *res,
                        double score, mtl_verdict verdict) {
  mtl_buf *b = &w->out;
  mtl_buf_puts(b, in->path);
  if (in->item) {
    mtl_buf_putc(b, '#');
    mtl_buf_puts(b, in->item);
  }
  mtl_buf_puts(b, ": ");
  if (mtl_result_other_language(res)) {
    mtl_buf_puts(b, "other language, not scored (");
  } else {
    mtl_buf_puts(b, mtl_verdict_name(verdict));
    mtl_buf_puts(b, " (score ");
    mtl_writer_put_score(b, score);
    mtl_buf_puts(b, ", ");
  }
  mtl_buf_put_uint(b, mtl_result_count(res));
  mtl_buf_puts(b, " findings, ");
  mtl_buf_put_uint(b, mtl_result_words(res));
  mtl_buf_puts(b, " words)");
  if (in->title) {
    mtl_buf_puts(b, " ");
    mtl_buf_puts(b, in->title);
  }
  mtl_buf_putc(b, '\n');
  return 0;
}

static int text_error(mtl_writer *w, const mtl_error *err) {
  int color = (w->flags & MTL_WRITE_COLOR) != 0;
  if (color)
    mtl_buf_puts(&w->out, C_BOLD);
  if (err->line)
    mtl_buf_printf(&w->out, "%s:%zu:%zu:", err->file, err->line, err->column);
  else
    mtl_buf_printf(&w->out, "%s:", err->file[0] ? err->file : "mtlint");
  mtl_buf_printf(&w->out, "%s %serror:%s %s\n", color ? C_RESET : "", color ? C_RED : "",
                 color ? C_RESET : "", err->message);
  return 0;
}

static int text_finish(mtl_writer *w) {
  if (w->flags & MTL_WRITE_QUIET)
    return 0;
  mtl_buf_printf(&w->out,
                 "%zu problem%s (%zu error%s, %zu warning%s, %zu info) in %zu file%s, "
                 "%zu words",
                 w->findings, w->findings == 1 ? "" : "s", w->by_sev[MTL_SEV_ERROR],
                 w->by_sev[MTL_SEV_ERROR] == 1 ? "" : "s", w->by_sev[MTL_SEV_WARNING],
                 w->by_sev[MTL_SEV_WARNING] == 1 ? "" : "s", w->by_sev[MTL_SEV_INFO],
                 w->files, w->files == 1 ? "" : "s", w->words);
  if (w->errors)
    mtl_buf_printf(&w->out, "; %zu input%s could not be read", w->errors,
                   w->errors == 1 ? "" : "s");
  mtl_buf_putc(&w->out, '\n');
  return 0;
}

const mtl_writer_ops mtl_write_text = {
    .name = "text",
    .file = text_file,
    .article = text_article,
    .error = text_error,
    .finish = text_finish,
    .per_input = 1,
};
