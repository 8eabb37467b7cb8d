/*
 * write_sarif.c - SARIF 2.1.0: one log with one run.  The run's rules come
 * from the engine given to mtl_writer_set_engine (id, descriptions, help
 * text with examples, helpUri, default level); results point at them by
 * ruleIndex.  columnKind is utf16CodeUnits; each region also carries the
 * byte offsets (byteOffset/byteLength, and in its property bag), the
 * matched text as snippet, and each result a partial fingerprint (the
 * baseline fingerprint) and, where there are suggestions, fixes.
 * Inputs that could not be read become tool execution notifications.
 *
 * The head of the log is written at the first input (so the engine can be
 * set after mtl_writer_new); results stream; notifications are held.
 */
#include "mtlint.h"
#include "util.h"
#include "write_ci.h"
#include "write_json_common.h"
#include "writer.h"

#include <string.h>

/* Where the documentation lives (CMake's MTL_DOCS_URL, ending in a slash):
 * informationUri is its README.md, a rule's helpUri its anchor in
 * RULES.md (scripts/rules_doc.py writes one per built-in rule). */
#ifndef MTL_DOCS_URL
#define MTL_DOCS_URL "file:///usr/local/share/doc/mtlint/"
#endif

typedef struct state {
  mtl_ci_head head;
  const mtl_engine *rules; /* the engine whose rules the log lists */
  int started;
  size_t nresults;
  mtl_buf notes;
  size_t nnotes;
} state;

static const char *level(mtl_severity s) {
  return s == MTL_SEV_ERROR ? "error" : s == MTL_SEV_WARNING ? "warning" : "note";
}

static void jstr(mtl_buf *b, const char *s) { mtl_buf_json_string(b, s, strlen(s)); }

/* First sentence of s (up to ". " or 200 bytes, cut at a UTF-8 boundary). */
static void first_sentence(mtl_buf *b, const char *s) {
  size_t n = strlen(s), i;
  for (i = 0; i + 1 < n; i++)
    if (s[i] == '.' && s[i + 1] == ' ') {
      n = i + 1;
      break;
    }
  if (n > 200) {
    n = 200;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
      n--;
  }
  mtl_buf_json_string(b, s, n);
}

static void rule(mtl_buf *b, const mtl_rule_info *ri) {
  mtl_buf h = {0};
  size_t i;
  const char *desc = ri->description && *ri->description ? ri->description : ri->id;
  mtl_buf_puts(b, "{\"id\":");
  jstr(b, ri->id);
  mtl_buf_puts(b, ",\"shortDescription\":{\"text\":");
  first_sentence(b, desc);
  mtl_buf_puts(b, "},\"fullDescription\":{\"text\":");
  jstr(b, desc);
  mtl_buf_puts(&h, desc);
  if (ri->n_bad) {
    mtl_buf_puts(&h, "\n\nFlagged:");
    for (i = 0; i < ri->n_bad; i++)
      mtl_buf_printf(&h, "\n- %s", ri->bad[i]);
  }
  if (ri->n_good) {
    mtl_buf_puts(&h, "\n\nNot flagged:");
    for (i = 0; i < ri->n_good; i++)
      mtl_buf_printf(&h, "\n- %s", ri->good[i]);
  }
  mtl_buf_printf(&h, "\n\nFix: %s. Run `mtlint --explain %s` for more.", ri->fix, ri->id);
  if (ri->link)
    mtl_buf_printf(&h, "\nMore: %s", ri->link);
  mtl_buf_puts(b, "},\"help\":{\"text\":");
  mtl_buf_json_string(b, h.data ? h.data : "", h.len);
  mtl_buf_puts(b, "}");
  if (h.oom)
    b->oom = 1;
  mtl_buf_free(&h);
  /* the rule's own link, or its entry in the catalogue of docs/RULES.md */
  mtl_buf_puts(b, ",\"helpUri\":");
  if (ri->link) {
    jstr(b, ri->link);
  } else {
    mtl_buf u = {0};
    mtl_buf_puts(&u, MTL_DOCS_URL "RULES.md#");
    mtl_buf_puts(&u, ri->id);
    jstr(b, u.data ? u.data : MTL_DOCS_URL "RULES.md");
    if (u.oom)
      b->oom = 1;
    mtl_buf_free(&u);
  }
  mtl_buf_printf(b, ",\"defaultConfiguration\":{\"level\":\"%s\",\"enabled\":%s}",
                 level(ri->severity), ri->enabled ? "true" : "false");
  mtl_buf_puts(b, ",\"properties\":{\"pack\":");
  jstr(b, ri->pack ? ri->pack : "");
  mtl_buf_puts(b, ",\"kind\":");
  jstr(b, ri->kind ? ri->kind : "");
  mtl_buf_puts(b, ",\"fix\":");
  jstr(b, ri->fix ? ri->fix : "none");
  mtl_buf_puts(b, ",\"tags\":[");
  jstr(b, ri->category ? ri->category : "");
  mtl_buf_puts(b, "]}}");
}

static void start(mtl_writer *w) {
  state *st = w->state;
  const mtl_engine *eng = st->head.eng;
  size_t i, n = mtl_engine_rule_count(eng);
  if (st->started)
    return;
  st->started = 1;
  st->rules = eng;
  mtl_buf_puts(&w->out,
               "{\"version\":\"2.1.0\",\"$schema\":"
               "\"https://json.schemastore.org/sarif-2.1.0.json\",\"runs\":[{\"tool\":{"
               "\"driver\":{\"name\":\"mtlint\",\"version\":\"" MTL_VERSION
               "\",\"semanticVersion\":\"" MTL_VERSION "\",\"informationUri\":\"" MTL_DOCS_URL
               "README.md\",\"rules\":[");
  for (i = 0; i < n; i++) {
    if (i)
      mtl_buf_putc(&w->out, ',');
    mtl_buf_puts(&w->out, "\n");
    rule(&w->out, mtl_engine_rule(eng, i));
  }
  mtl_buf_puts(&w->out, "]}},\"columnKind\":\"utf16CodeUnits\",\"results\":[");
}

static int rule_index(const mtl_engine *eng, const char *id) {
  size_t i, n = mtl_engine_rule_count(eng);
  for (i = 0; i < n; i++)
    if (!strcmp(mtl_engine_rule(eng, i)->id, id))
      return (int)i;
  return -1;
}

static void artifact(mtl_buf *b, const char *path) {
  mtl_buf u = {0};
  mtl_ci_uri(&u, path);
  mtl_buf_puts(b, "\"artifactLocation\":{\"uri\":");
  mtl_buf_json_string(b, u.data ? u.data : "", u.len);
  mtl_buf_putc(b, '}');
  if (u.oom)
    b->oom = 1;
  mtl_buf_free(&u);
}

/* Lines of the region: shifted to the feed file when the item says where. */
static void region(mtl_buf *b, const mtl_input_info *in, const mtl_finding *f,
                   const char *text, size_t s, size_t e) {
  if (in->item) {
    size_t base = in->item_line ? in->item_line - 1 : 0;
    mtl_buf_printf(b, "\"region\":{\"startLine\":%zu,\"endLine\":%zu", base + f->start.line,
                   base + f->end.line);
  } else {
    mtl_buf_printf(b,
                   "\"region\":{\"startLine\":%zu,\"startColumn\":%zu,\"endLine\":%zu,"
                   "\"endColumn\":%zu,\"byteOffset\":%zu,\"byteLength\":%zu",
                   f->start.line, f->start.column_utf16, f->end.line, f->end.column_utf16, s,
                   e - s);
  }
  mtl_buf_puts(b, ",\"snippet\":{\"text\":");
  mtl_buf_json_string(b, text + s, e - s);
  mtl_buf_printf(b, "},\"properties\":{\"byteOffset\":%zu,\"byteLength\":%zu", s, e - s);
  if (in->item)
    mtl_buf_printf(b, ",\"itemLine\":%zu,\"itemColumn\":%zu,\"itemColumnUtf16\":%zu",
                   f->start.line, f->start.column, f->start.column_utf16);
  mtl_buf_puts(b, "}}");
}

static void result(mtl_writer *w, const mtl_input_info *in, const char *text, size_t len,
                   const mtl_finding *f) {
  state *st = w->state;
  mtl_buf *b = &w->out;
  size_t i, s = f->start.offset, e = f->end.offset;
  int ri = rule_index(st->rules, f->rule);
  char fp[MTL_FINGERPRINT_SIZE];
  if (e > len)
    e = len;
  if (s > e)
    s = e;
  mtl_buf_puts(b, st->nresults++ ? ",\n" : "\n");
  mtl_buf_puts(b, "{\"ruleId\":");
  jstr(b, f->rule);
  if (ri >= 0)
    mtl_buf_printf(b, ",\"ruleIndex\":%d", ri);
  mtl_buf_printf(b, ",\"level\":\"%s\",\"message\":{\"text\":", level(f->severity));
  jstr(b, f->message);
  mtl_buf_puts(b, "},\"locations\":[{\"physicalLocation\":{");
  artifact(b, in->path);
  mtl_buf_putc(b, ',');
  region(b, in, f, text, s, e);
  mtl_buf_putc(b, '}');
  if (in->item) {
    mtl_buf_puts(b, ",\"logicalLocations\":[{\"name\":");
    jstr(b, in->item);
    mtl_buf_puts(b, ",\"kind\":\"object\"}]");
  }
  mtl_buf_putc(b, '}');
  mtl_buf_putc(b, ']');
  if (!mtl_fingerprint(fp, text, len, f))
    mtl_buf_printf(b, ",\"partialFingerprints\":{\"mtlintFingerprint/v1\":\"%s\"}", fp);
  if (f->n_suggestions && !in->item) {
    mtl_buf_puts(b, ",\"fixes\":[");
    for (i = 0; i < f->n_suggestions; i++) {
      mtl_buf_puts(b, i ? ",{" : "{");
      mtl_buf_puts(b, "\"description\":{\"text\":");
      jstr(b, f->fix_safe && !i ? "Replace (safe fix)" : "Replace (review first)");
      mtl_buf_puts(b, "},\"artifactChanges\":[{");
      artifact(b, in->path);
      mtl_buf_printf(b, ",\"replacements\":[{\"deletedRegion\":{\"byteOffset\":%zu,"
                        "\"byteLength\":%zu},\"insertedContent\":{\"text\":",
                     s, e - s);
      jstr(b, f->suggestions[i]);
      mtl_buf_puts(b, "}}]}]}");
    }
    mtl_buf_putc(b, ']');
  }
  mtl_buf_printf(b, ",\"properties\":{\"fix\":\"%s\"", f->fix_safe ? "safe" : "none");
  if (in->item) {
    mtl_buf_puts(b, ",\"item\":");
    jstr(b, in->item);
  }
  mtl_buf_puts(b, "}}");
}

static int sarif_file(mtl_writer *w, const mtl_input_info *in, const char *text, size_t len,
                      const mtl_result *res) {
  size_t i, n = mtl_result_count(res);
  start(w);
  for (i = 0; i < n; i++) {
    result(w, in, text, len, mtl_result_finding(res, i));
    if (w->out.oom || w->out.len > 65536) {
      int rc = mtl_writer_flush(w);
      if (rc) {
        mtl_buf_free(&((state *)w->state)->notes); /* no mtl_writer_finish may follow */
        return rc;
      }
    }
  }
  if (w->out.oom)
    mtl_buf_free(&((state *)w->state)->notes);
  return 0;
}

static int sarif_error(mtl_writer *w, const mtl_error *err) {
  state *st = w->state;
  mtl_buf *b = &st->notes;
  mtl_buf_puts(b, st->nnotes++ ? ",\n" : "\n");
  mtl_buf_puts(b, "{\"level\":\"error\",\"message\":{\"text\":");
  jstr(b, err->message);
  mtl_buf_puts(b, "}");
  if (err->file[0]) {
    mtl_buf_puts(b, ",\"locations\":[{\"physicalLocation\":{");
    artifact(b, err->file);
    if (err->line)
      mtl_buf_printf(b, ",\"region\":{\"startLine\":%zu%s", err->line,
                     err->column ? "" : "}");
    if (err->line && err->column)
      mtl_buf_printf(b, ",\"startColumn\":%zu}", err->column);
    mtl_buf_puts(b, "}}]");
  }
  mtl_buf_printf(b, ",\"descriptor\":{\"id\":\"mtlint.%s\"}}", mtl_error_code_name(err->code));
  if (b->oom) {
    mtl_buf_free(b); /* no mtl_writer_finish may follow */
    return MTL_ENOMEM;
  }
  return 0;
}

static int sarif_finish(mtl_writer *w) {
  state *st = w->state;
  start(w);
  mtl_buf_printf(&w->out, "],\"invocations\":[{\"executionSuccessful\":%s",
                 st->nnotes ? "false" : "true");
  if (st->nnotes) {
    mtl_buf_puts(&w->out, ",\"toolExecutionNotifications\":[");
    mtl_buf_put(&w->out, st->notes.data, st->notes.len);
    mtl_buf_putc(&w->out, ']');
  }
  mtl_buf_printf(&w->out,
                 "}],\"properties\":{\"files\":%zu,\"words\":%zu}}]}\n", w->files, w->words);
  mtl_buf_free(&st->notes);
  return 0;
}

const mtl_writer_ops mtl_write_sarif = {
    .name = "sarif",
    .state_size = sizeof(state),
    .file = sarif_file,
    .error = sarif_error,
    .finish = sarif_finish,
};
