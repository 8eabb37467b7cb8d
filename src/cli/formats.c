/*
 * formats.c - the pre-publish options (--fix, --diff, --baseline,
 * --write-baseline) wired between linting an input and writing its
 * findings.  See formats.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats.h"
#include "exitcode.h"
#include "options.h"

#define MAX_FIX_PASSES 10

int formats_option(fmt_opts *o, int id, const char *name, const char *v) {
  switch (id) {
  case OPT_FIX:
    o->fix = 1;
    return 0;
  case OPT_DIFF:
    o->diff = 1;
    return 0;
  }
  if (!*v) {
    fprintf(stderr, "mtlint: %s needs a file\nTry 'mtlint --help' for more information.\n",
            name);
    return EXIT_USAGE;
  }
  if (id == OPT_WRITE_BASELINE)
    o->write_path = v;
  else
    o->baseline_path = v;
  return 0;
}

int formats_start(fmt_opts *o) {
  char msg[512];
  if (o->baseline_path && baseline_load(&o->bl, o->baseline_path, msg, sizeof msg)) {
    fprintf(stderr, "mtlint: %s: %s\n", o->baseline_path, msg);
    return EXIT_USAGE;
  }
  if (o->write_path && baseline_new(&o->out)) {
    fprintf(stderr, "mtlint: out of memory\n");
    return EXIT_INTERNAL;
  }
  return 0;
}

static int drop_all(void *ctx, const mtl_finding *f) {
  (void)ctx;
  (void)f;
  return 0;
}

typedef struct bl_ctx {
  fmt_opts *o;
  const char *in_bl, *in_out; /* the input's path as the baseline files say it */
  const char *text;
  size_t len;
  int oom;
} bl_ctx;

static int record(bl_ctx *c, const mtl_finding *f) {
  char fp[MTL_FINGERPRINT_SIZE];
  size_t s = f->start.offset < c->len ? f->start.offset : c->len;
  size_t e = f->end.offset < c->len ? f->end.offset : c->len;
  if (mtl_fingerprint(fp, c->text, c->len, f))
    return 0;
  if (baseline_add(c->o->out, c->in_out, fp, f->rule, f->start.line, c->text + s,
                   e > s ? e - s : 0))
    c->oom = 1;
  return 0; /* recorded findings are not shown */
}

static int keep_new(void *ctx, const mtl_finding *f) {
  bl_ctx *c = ctx;
  char fp[MTL_FINGERPRINT_SIZE];
  if (c->o->bl && !mtl_fingerprint(fp, c->text, c->len, f) &&
      baseline_take(c->o->bl, c->in_bl, fp)) {
    c->o->hidden++;
    return 0;
  }
  return c->o->out ? record(c, f) : 1;
}

/* Applies safe fixes until none is left (at most MAX_FIX_PASSES passes).
 * Returns 1 and the new text/result if anything changed, 0 if not, or
 * MTL_ENOMEM. */
static int fix_loop(const mtl_engine *eng, const char *text, size_t len, const mtl_result *res,
                    char **out, size_t *outlen, mtl_result **outres) {
  char *cur = NULL;
  size_t curlen = len, pass;
  mtl_result *cr = NULL;
  for (pass = 0; pass < MAX_FIX_PASSES; pass++) {
    char *fixed = NULL, *copy;
    size_t flen = 0, napplied = 0;
    mtl_result *nr = NULL;
    const char *t = cur ? cur : text;
    if (mtl_fix_apply(&fixed, &flen, &napplied, t, curlen, cr ? cr : res, 0))
      goto oom;
    if (!napplied || (flen == curlen && !memcmp(fixed, t, flen))) {
      mtl_fix_free(fixed);
      break;
    }
    copy = malloc(flen + 1);
    if (copy)
      memcpy(copy, fixed, flen + 1);
    mtl_fix_free(fixed);
    if (!copy || mtl_lint(&nr, eng, copy, flen, NULL)) {
      free(copy);
      goto oom;
    }
    free(cur);
    mtl_result_free(cr);
    cur = copy;
    curlen = flen;
    cr = nr;
  }
  if (!cur)
    return 0;
  *out = cur;
  *outlen = curlen;
  *outres = cr;
  return 1;
oom:
  free(cur);
  mtl_result_free(cr);
  return MTL_ENOMEM;
}

int formats_input(fmt_opts *o, const mtl_engine *eng, const char *path, const char *shown,
                  char **data, size_t *len, mtl_result **res, char *msg, size_t msgsize) {
  bl_ctx c;
  int rc = 0;
  if (o->fix || o->diff) {
    char *fixed = NULL;
    size_t flen = 0;
    mtl_result *fr = NULL;
    int ch = fix_loop(eng, *data, *len, *res, &fixed, &flen, &fr);
    if (ch < 0)
      return MTL_ENOMEM;
    if (o->diff) {
      if (ch) {
        fix_print_diff(stdout, shown, *data, *len, fixed, flen);
        o->changed++;
        free(fixed);
        mtl_result_free(fr);
      }
      mtl_result_filter(*res, drop_all, NULL);
      return 0;
    }
    if (ch && !strcmp(path, "-")) {
      snprintf(msg, msgsize, "standard input cannot be fixed in place; use --diff");
      free(fixed);
      mtl_result_free(fr);
      rc = MTL_EIO;
    } else if (ch) {
      if (fix_write_atomic(path, fixed, flen, *data, *len, msg, msgsize)) {
        free(fixed);
        mtl_result_free(fr);
        rc = MTL_EIO;
      } else {
        o->changed++;
        free(*data);
        mtl_result_free(*res);
        *data = fixed;
        *len = flen;
        *res = fr;
      }
    }
  }
  if (o->bl || o->out) {
    /* paths relative to each baseline file, normalised: ./a.txt is a.txt,
     * and a run from another folder finds the same rows; standard input
     * without --stdin-filename stays <stdin> */
    int named = strcmp(path, "-") || strcmp(shown, "<stdin>");
    char *kb = o->bl && named ? baseline_relpath(o->baseline_path, shown) : NULL;
    char *ko = o->out && named ? baseline_relpath(o->write_path, shown) : NULL;
    memset(&c, 0, sizeof c);
    c.o = o;
    c.in_bl = kb ? kb : shown;
    c.in_out = ko ? ko : shown;
    c.text = *data;
    c.len = *len;
    mtl_result_filter(*res, keep_new, &c);
    free(kb);
    free(ko);
    if (c.oom)
      return MTL_ENOMEM;
  }
  return rc;
}

int formats_finish(fmt_opts *o) {
  char msg[512];
  if (o->out) {
    if (baseline_save(o->out, o->write_path, msg, sizeof msg)) {
      fprintf(stderr, "mtlint: %s: %s\n", o->write_path, msg);
      return EXIT_INPUT;
    }
    fprintf(stderr, "mtlint: wrote %zu findings to the baseline %s\n", baseline_count(o->out),
            o->write_path);
  }
  if (o->fix && o->changed)
    fprintf(stderr, "mtlint: fixed %zu file%s\n", o->changed, o->changed == 1 ? "" : "s");
  return 0;
}

void formats_free(fmt_opts *o) {
  baseline_free(o->bl);
  baseline_free(o->out);
  o->bl = o->out = NULL;
}
