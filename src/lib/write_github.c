/*
 * write_github.c - GitHub Actions workflow commands, one per finding:
 *
 *   ::warning file=P,line=L,col=C,endLine=L2,endColumn=C2,title=RULE::MESSAGE
 *
 * (error, warning, or notice for info).  Columns are 1-based UTF-16 code
 * units.  Values are escaped as the runner expects (% CR LF, and : , in
 * properties).  GitHub shows at most 10 error, 10 warning and 10 notice
 * annotations per step; when a run has more, a summary notice at the end
 * gives the totals so the rest are not missed (they are all in the log).
 */
#include "mtlint.h"
#include "util.h"
#include "write_ci.h"
#include "writer.h"

#include <string.h>

#define CAP 10

typedef struct state {
  mtl_ci_head head;
} state;

static const char *cmd(mtl_severity s) {
  return s == MTL_SEV_ERROR ? "error" : s == MTL_SEV_WARNING ? "warning" : "notice";
}

/* prop: also escape ':' and ','; newlines and CR never pass raw. */
static void esc(mtl_buf *b, const char *s, int prop) {
  for (; *s; s++) {
    if (*s == '%')
      mtl_buf_puts(b, "%25");
    else if (*s == '\r')
      mtl_buf_puts(b, "%0D");
    else if (*s == '\n')
      mtl_buf_puts(b, "%0A");
    else if (prop && *s == ':')
      mtl_buf_puts(b, "%3A");
    else if (prop && *s == ',')
      mtl_buf_puts(b, "%2C");
    else
      mtl_buf_putc(b, *s);
  }
}

static int gh_file(mtl_writer *w, const mtl_input_info *in, const char *text, size_t len,
                   const mtl_result *res) {
  mtl_buf *b = &w->out;
  size_t i, n = mtl_result_count(res);
  (void)text;
  (void)len;
  for (i = 0; i < n; i++) {
    const mtl_finding *f = mtl_result_finding(res, i);
    mtl_buf_printf(b, "::%s file=", cmd(f->severity));
    esc(b, in->path, 1);
    if (!in->item)
      mtl_buf_printf(b, ",line=%zu,col=%zu,endLine=%zu,endColumn=%zu", f->start.line,
                     f->start.column_utf16, f->end.line, f->end.column_utf16);
    else if (in->item_line)
      mtl_buf_printf(b, ",line=%zu", in->item_line + f->start.line - 1);
    mtl_buf_puts(b, ",title=");
    esc(b, f->rule, 1);
    mtl_buf_puts(b, "::");
    if (in->item) {
      mtl_buf_puts(b, "[");
      esc(b, in->item, 0);
      mtl_buf_printf(b, " %zu:%zu] ", f->start.line, f->start.column_utf16);
    }
    esc(b, f->message, 0);
    mtl_buf_putc(b, '\n');
    if (b->len > 65536) {
      int rc = mtl_writer_flush(w);
      if (rc)
        return rc;
    }
  }
  return 0;
}

static int gh_error(mtl_writer *w, const mtl_error *err) {
  mtl_buf *b = &w->out;
  mtl_buf_puts(b, "::error");
  if (err->file[0]) {
    mtl_buf_puts(b, " file=");
    esc(b, err->file, 1);
    if (err->line)
      mtl_buf_printf(b, ",line=%zu", err->line);
    if (err->line && err->column)
      mtl_buf_printf(b, ",col=%zu", err->column);
    mtl_buf_puts(b, ",title=mtlint");
  } else {
    mtl_buf_puts(b, " title=mtlint");
  }
  mtl_buf_puts(b, "::");
  esc(b, err->message, 0);
  mtl_buf_putc(b, '\n');
  return 0;
}

static int gh_finish(mtl_writer *w) {
  size_t e = w->by_sev[MTL_SEV_ERROR], wa = w->by_sev[MTL_SEV_WARNING],
         in = w->by_sev[MTL_SEV_INFO];
  if (e > CAP || wa > CAP || in > CAP || w->errors > CAP)
    mtl_buf_printf(&w->out,
                   "::notice title=mtlint summary::%zu findings in %zu files (%zu errors, %zu "
                   "warnings, %zu info) and %zu input errors; GitHub shows only the first %d "
                   "annotations of each level per step, see the job log for all of them\n",
                   w->findings, w->files, e, wa, in, w->errors, CAP);
  return 0;
}

const mtl_writer_ops mtl_write_github = {
    .name = "github",
    .state_size = sizeof(state),
    .file = gh_file,
    .error = gh_error,
    .finish = gh_finish,
};
