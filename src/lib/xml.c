/*
 * xml.c - libxml2 behind xml.h: the XML reader used for RSS and Atom (over
 * one item, or the feed's skeleton, in memory) and HTML main-text
 * extraction.  The one file of ours that includes libxml2.  Parser options
 * never include XML_PARSE_NOENT, XML_PARSE_DTDLOAD or XML_PARSE_DTDATTR,
 * always XML_PARSE_NONET: no network, no external entities, no entity
 * expansion.  XML_PARSE_HUGE only for documents without a DTD (one feed
 * item wrapped by read_feed.c, at most MTL_READER_MAX_ITEM bytes), so that
 * libxml2's 10 MB text-node limit does not cut items below ours.
 * libxml2 never prints: every entry point routes its generic and structured
 * error channels (thread-local in libxml2) to our handlers for the call and
 * puts the caller's back after it; the first error is kept and libxml2 is
 * not asked for more nodes once it has reported one.
 */
#include "mtlint.h"
#include "utf8.h"
#include "util.h"
#include "xml.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>
#include <string.h>

#define HTML_MAX_DEPTH 200

/*
 * libxml2 (2.9) checks each attribute of an element against all the ones
 * before it, in XML and in HTML: 40,000 attributes on one HTML element took
 * 24 s, 50,000 on an RSS item 8.5 s.  mtlint reads no attribute that far
 * down, so the bytes of every attribute past MAX_ATTRS in one tag are
 * blanked (spaces; newlines kept, so lines and columns stay) before libxml2
 * sees them.  A small scanner across chunks: text, CDATA sections (whose
 * '<' starts no tag), tags with names, quoted and bare values.
 */
#define MAX_ATTRS 1000

enum { AS_TEXT, AS_LT, AS_BANG, AS_CDATA, AS_TAG, AS_NAME, AS_EQ, AS_BARE, AS_QUOTED };

typedef struct attr_scan {
  int state;
  size_t count;  /* attributes in this tag so far */
  size_t match;  /* bytes of "[CDATA[" or "]]>" matched */
  char quote;
  int blank;     /* the current attribute is past MAX_ATTRS */
} attr_scan;

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* Blanks what lies past the limit in buf[0, n); with dry, changes nothing
 * and returns 1 at the first byte it would blank. */
static int attr_filter(attr_scan *a, char *buf, size_t n, int dry) {
  size_t i;
  for (i = 0; i < n; i++) {
    char c = buf[i];
    switch (a->state) {
    case AS_TEXT:
      if (c == '<')
        a->state = AS_LT;
      continue;
    case AS_LT:
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':') {
        a->state = AS_NAME; /* the element's name: not an attribute */
        a->count = 0;
        a->blank = 0;
      } else if (c == '!') {
        a->state = AS_BANG;
        a->match = 0;
      } else {
        a->state = c == '<' ? AS_LT : AS_TEXT;
      }
      continue;
    case AS_BANG:
      if (c == "[CDATA["[a->match]) {
        if (++a->match == 7) {
          a->state = AS_CDATA;
          a->match = 0;
        }
      } else {
        a->state = c == '<' ? AS_LT : AS_TEXT;
      }
      continue;
    case AS_CDATA: /* ends at "]]>"; match counts the ']' before */
      if (c == '>' && a->match == 2)
        a->state = AS_TEXT;
      else if (c == ']')
        a->match += a->match < 2;
      else
        a->match = 0;
      continue;
    case AS_TAG:
      if (c == '>') {
        a->state = AS_TEXT;
      } else if (!is_space(c) && c != '/') {
        a->blank = ++a->count > MAX_ATTRS;
        a->state = AS_NAME;
        break;
      }
      continue;
    case AS_NAME:
      if (c == '>') {
        a->state = AS_TEXT;
        continue;
      }
      if (c == '=')
        a->state = AS_EQ;
      else if (is_space(c) || c == '/') {
        a->state = AS_TAG;
        continue;
      }
      break;
    case AS_EQ:
      if (c == '>') {
        a->state = AS_TEXT;
        continue;
      }
      if (c == '"' || c == '\'') {
        a->quote = c;
        a->state = AS_QUOTED;
      } else if (!is_space(c)) {
        a->state = AS_BARE;
      }
      break;
    case AS_BARE:
      if (c == '>') {
        a->state = AS_TEXT;
        continue;
      }
      if (is_space(c)) {
        a->state = AS_TAG;
        continue;
      }
      break;
    case AS_QUOTED:
      if (c == a->quote)
        a->state = AS_TAG;
      break;
    }
    if (a->blank && c != '\n') {
      if (dry)
        return 1;
      buf[i] = ' ';
    }
  }
  return 0;
}
/* The first error libxml2 reported during a call. */
typedef struct sink {
  char msg[256];
  size_t line, col;
  int depth;          /* a nesting limit was hit */
} sink;

static void sink_error(sink *k, const xmlError *e) {
  size_t n;
  /* namespace errors (an undeclared prefix) lose no text: not errors here */
  if (!k || !e || e->level < XML_ERR_ERROR || e->domain == XML_FROM_NAMESPACE)
    return;
  if (e->code == XML_ERR_INTERNAL_ERROR && e->message && strstr(e->message, "depth"))
    k->depth = 1;
  if (k->msg[0])
    return;
  snprintf(k->msg, sizeof k->msg, "%s", e->message ? e->message : "malformed XML");
  n = strlen(k->msg);
  while (n && (k->msg[n - 1] == '\n' || k->msg[n - 1] == ' '))
    k->msg[--n] = '\0';
  for (n = 0; k->msg[n]; n++) /* one line: "...encoding !\nBytes: 0xFF" */
    if (k->msg[n] == '\n' || k->msg[n] == '\r')
      k->msg[n] = ' ';
  k->line = e->line > 0 ? (size_t)e->line : 0;
  k->col = e->int2 > 0 ? (size_t)e->int2 : 0;
}

static void on_structured(void *arg, xmlErrorPtr e) { sink_error(arg, e); }

/* libxml2's unstructured messages (encoding and I/O errors of 2.9): dropped,
 * the structured channel carries the same failure. */
static void on_generic(void *arg, const char *msg, ...) {
  (void)arg;
  (void)msg;
}

/* The caller's libxml2 error channels of this thread, while ours are on. */
typedef struct guard {
  xmlGenericErrorFunc gf;
  void *gctx;
  xmlStructuredErrorFunc sf;
  void *sctx;
} guard;

static void guard_on(guard *g, sink *k) {
  g->gf = xmlGenericError;
  g->gctx = xmlGenericErrorContext;
  g->sf = xmlStructuredError;
  g->sctx = xmlStructuredErrorContext;
  xmlSetGenericErrorFunc(k, on_generic);
  xmlSetStructuredErrorFunc(k, on_structured);
}

static void guard_off(const guard *g) {
  xmlSetGenericErrorFunc(g->gctx, g->gf);
  xmlSetStructuredErrorFunc(g->sctx, g->sf);
}

struct mtl_xml {
  xmlTextReaderPtr rd;
  char *copy;         /* the document with attributes past MAX_ATTRS blanked */
  sink err;
  int failed;
  int ended;
  int recover;        /* MTL_XML_RECOVER */
  /* MTL_XML_RECOVER: the tree libxml2's recovery mode built, walked by rd
   * (xmlTextReader stops at the first error even in recovery mode); the
   * kept reader waits in saved */
  xmlDocPtr wdoc;
  xmlTextReaderPtr saved;
};

/* Back from a walk over a recovered tree to the kept reader. */
static void drop_walk(mtl_xml *x) {
  if (!x->wdoc)
    return;
  xmlFreeTextReader(x->rd);
  xmlFreeDoc(x->wdoc);
  x->wdoc = NULL;
  x->rd = x->saved;
  x->saved = NULL;
}

static void on_reader_error(void *arg, xmlErrorPtr e) { sink_error(&((mtl_xml *)arg)->err, e); }

/* Points x (new, or done with its last document) at data[0..len). */
static int start(mtl_xml *x, const char *data, size_t len, const char *name, int flags) {
  guard g;
  int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
             XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA | XML_PARSE_RECOVER, ok;
  const char *enc = (flags & MTL_XML_UTF8) ? "UTF-8" : NULL;
  guard_on(&g, &x->err);
  drop_walk(x);
  guard_off(&g);
  mtl_free(x->copy);
  x->copy = NULL;
  memset(&x->err, 0, sizeof x->err);
  x->failed = x->ended = 0;
  x->recover = (flags & MTL_XML_RECOVER) != 0;
  if (!(flags & MTL_XML_FEW_ATTRS)) {
    attr_scan as;
    memset(&as, 0, sizeof as);
    if (attr_filter(&as, (char *)data, len, 1)) { /* dry: data is not written */
      if (!(x->copy = mtl_malloc(len)))
        return MTL_ENOMEM;
      memcpy(x->copy, data, len);
      memset(&as, 0, sizeof as);
      attr_filter(&as, x->copy, len, 0);
      data = x->copy;
    }
  }
  if (flags & MTL_XML_HUGE)
    opts |= XML_PARSE_HUGE;
  if (flags & MTL_XML_UTF8)
    opts |= XML_PARSE_IGNORE_ENC;
  guard_on(&g, &x->err);
  if (x->recover) {
    xmlDocPtr doc = xmlReadMemory(data, (int)len, name, enc, opts);
    xmlTextReaderPtr w = doc ? xmlReaderWalker(doc) : NULL;
    guard_off(&g);
    if (!w) {
      guard_on(&g, &x->err);
      xmlFreeDoc(doc);
      guard_off(&g);
      x->failed = doc ? MTL_ENOMEM : MTL_EPARSE;
      return x->failed;
    }
    x->wdoc = doc;
    x->saved = x->rd;
    x->rd = w;
    return 0;
  }
  if (x->rd) /* PERF: the parser context and dictionary are kept */
    ok = xmlReaderNewMemory(x->rd, data, (int)len, name, enc, opts) == 0;
  else
    ok = (x->rd = xmlReaderForMemory(data, (int)len, name, enc, opts)) != NULL;
  if (ok)
    xmlTextReaderSetStructuredErrorHandler(x->rd, on_reader_error, x);
  guard_off(&g);
  if (!ok) {
    x->failed = MTL_ENOMEM;
    return MTL_ENOMEM;
  }
  return 0;
}

int mtl_xml_open_memory(mtl_xml **out, const char *data, size_t len, const char *name,
                        int flags) {
  mtl_xml *x;
  int rc;
  *out = NULL;
  if (len > 0x7fffffff)
    return MTL_ELIMIT;
  xmlInitParser();
  if (!(x = mtl_calloc(1, sizeof *x)))
    return MTL_ENOMEM;
  if ((rc = start(x, data, len, name, flags))) {
    mtl_xml_free(x);
    return rc;
  }
  *out = x;
  return 0;
}

int mtl_xml_reopen_memory(mtl_xml *x, const char *data, size_t len, const char *name,
                          int flags) {
  if (len > 0x7fffffff)
    return MTL_ELIMIT;
  return start(x, data, len, name, flags);
}

static int fail(mtl_xml *x, int code, const char *msg) {
  if (!x->err.msg[0]) {
    snprintf(x->err.msg, sizeof x->err.msg, "%s", msg);
    x->err.line = (size_t)xmlTextReaderGetParserLineNumber(x->rd);
    x->err.col = (size_t)xmlTextReaderGetParserColumnNumber(x->rd);
  }
  x->failed = code;
  return code;
}

static int next_node(mtl_xml *x, mtl_xml_event *ev) {
  for (;;) {
    int rc = xmlTextReaderRead(x->rd), type;
    xmlNodePtr node;
    /* stop at the first error (no more work for libxml2), unless recovering;
     * a nesting limit always stops */
    if (x->err.msg[0] && (!x->recover || x->err.depth))
      return fail(x, x->err.depth ? MTL_ELIMIT : MTL_EPARSE, x->err.msg);
    if (rc == 0) {
      x->ended = 1;
      return 0;
    }
    if (rc < 0)
      return fail(x, MTL_EPARSE, "malformed XML");
    type = xmlTextReaderNodeType(x->rd);
    ev->depth = xmlTextReaderDepth(x->rd);
    if (ev->depth > MTL_XML_MAX_DEPTH)
      return fail(x, MTL_ELIMIT, "elements nested too deep");
    node = xmlTextReaderCurrentNode(x->rd);
    ev->line = node ? (size_t)xmlGetLineNo(node) : 0;
    if ((long)ev->line < 0)
      ev->line = 0;
    switch (type) {
    case XML_READER_TYPE_ELEMENT:
      ev->type = MTL_XML_START;
      ev->name = (const char *)xmlTextReaderConstLocalName(x->rd);
      ev->ns = (const char *)xmlTextReaderConstNamespaceUri(x->rd);
      ev->empty = xmlTextReaderIsEmptyElement(x->rd) == 1;
      return 1;
    case XML_READER_TYPE_END_ELEMENT:
      ev->type = MTL_XML_END;
      ev->name = (const char *)xmlTextReaderConstLocalName(x->rd);
      ev->ns = (const char *)xmlTextReaderConstNamespaceUri(x->rd);
      return 1;
    case XML_READER_TYPE_TEXT:
    case XML_READER_TYPE_CDATA:
    case XML_READER_TYPE_WHITESPACE:
    case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
      ev->type = MTL_XML_TEXT;
      ev->text = (const char *)xmlTextReaderConstValue(x->rd);
      if (!ev->text)
        ev->text = "";
      return 1;
    default:
      /* entity references (never expanded), comments, PIs, the DTD */
      break;
    }
  }
}

int mtl_xml_next(mtl_xml *x, mtl_xml_event *ev) {
  guard g;
  int rc;
  memset(ev, 0, sizeof *ev);
  if (x->failed)
    return x->failed;
  if (x->ended)
    return 0;
  guard_on(&g, &x->err);
  rc = next_node(x, ev);
  guard_off(&g);
  return rc;
}

const char *mtl_xml_lang(mtl_xml *x) {
  guard g;
  const char *v;
  guard_on(&g, &x->err);
  v = (const char *)xmlTextReaderConstXmlLang(x->rd);
  guard_off(&g);
  return v && *v ? v : NULL;
}

char *mtl_xml_attr(mtl_xml *x, const char *name) {
  guard g;
  xmlChar *v;
  char *copy;
  guard_on(&g, &x->err);
  v = xmlTextReaderGetAttribute(x->rd, (const xmlChar *)name);
  guard_off(&g);
  if (!v)
    return NULL;
  copy = mtl_strdup((const char *)v);
  xmlFree(v);
  return copy;
}

const char *mtl_xml_error(const mtl_xml *x, size_t *line, size_t *column) {
  if (line)
    *line = x->err.line;
  if (column)
    *column = x->err.col;
  return x->err.msg[0] ? x->err.msg : "malformed XML";
}

void mtl_xml_free(mtl_xml *x) {
  guard g;
  sink k = {{0}, 0, 0, 0};
  if (!x)
    return;
  guard_on(&g, &k);
  drop_walk(x);
  if (x->rd)
    xmlFreeTextReader(x->rd);
  guard_off(&g);
  mtl_free(x->copy);
  mtl_free(x);
}

int mtl_html_entity(const char *name, size_t len) {
  char tmp[40];
  const htmlEntityDesc *d;
  if (!len || len >= sizeof tmp)
    return -1;
  memcpy(tmp, name, len);
  tmp[len] = '\0';
  d = htmlEntityLookup((const xmlChar *)tmp);
  return d ? (int)d->value : -1;
}

/* ---------------- HTML main text ---------------- */

typedef struct extract {
  mtl_buf *out;
  int space;      /* whitespace pending before the next text */
  int in_main;    /* inside the chosen main container */
  int deep;       /* elements nested deeper than HTML_MAX_DEPTH were met */
} extract;

static const char *const skip_tags[] = {
    "script", "style", "nav", "aside", "noscript", "template", "form", "iframe", "svg",
    "button", "select", "textarea", "object", "embed", "canvas", "video", "audio",
    "figure", "head", "input", "label", "menu", NULL};
/* header and footer are dropped outside the main container only (an
 * article's own header holds its headline). */
static const char *const outer_skip_tags[] = {"header", "footer", NULL};
static const char *const block_tags[] = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
    "blockquote", "pre", "section", "article", "main", "table", "tr", "td", "th", "hr",
    "figcaption", "address", "body", "center", "caption", NULL};
/* class / id / role words that mark share widgets, comment threads and the like */
static const char *const widget_words[] = {
    "share", "sharing", "social", "comments", "comment", "cookie", "cookies", "newsletter",
    "related", "advert", "advertisement", "ad", "ads", "promo", "sidebar", "breadcrumb",
    "breadcrumbs", "subscribe", "navigation", "complementary", "banner", "contentinfo",
    "byline-share", "sharebar", "addthis", "sharethis", "outbrain", "taboola", NULL};

static int in_list(const char *name, const char *const *list) {
  for (; *list; list++)
    if (!strcmp(name, *list))
      return 1;
  return 0;
}

static int has_widget_word(const char *v) {
  char word[64];
  size_t n = 0;
  for (;; v++) {
    int c = (unsigned char)*v;
    if (c && c != ' ' && c != '-' && c != '_' && c != '\t' && c != '\n') {
      if (n < sizeof word - 1)
        word[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
      continue;
    }
    word[n] = '\0';
    if (n && in_list(word, widget_words))
      return 1;
    n = 0;
    if (!c)
      return 0;
  }
}

static int is_widget(xmlNodePtr n) {
  static const char *const attrs[] = {"class", "id", "role", NULL};
  size_t i;
  for (i = 0; attrs[i]; i++) {
    xmlChar *v = xmlGetProp(n, (const xmlChar *)attrs[i]);
    int hit = v && has_widget_word((const char *)v);
    xmlFree(v);
    if (hit)
      return 1;
  }
  return 0;
}

static void paragraph_break(extract *ex) {
  mtl_buf *b = ex->out;
  while (b->len && b->data[b->len - 1] == ' ')
    b->data[--b->len] = '\0';
  ex->space = 0;
  if (!b->len || (b->len >= 2 && b->data[b->len - 1] == '\n' && b->data[b->len - 2] == '\n'))
    return;
  if (b->data[b->len - 1] == '\n')
    mtl_buf_putc(b, '\n');
  else
    mtl_buf_puts(b, "\n\n");
}

/* HTML's white space, which text runs squeeze to one space (U+00A0, the
 * no-break space, is kept: it is text). */
static int html_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static void put_text(extract *ex, const char *s) {
  mtl_buf *b = ex->out;
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (html_space(c)) {
      ex->space = 1;
      continue;
    }
    if (ex->space && b->len && b->data[b->len - 1] != '\n')
      mtl_buf_putc(b, ' ');
    ex->space = 0;
    mtl_buf_putc(b, (char)c);
  }
}

static void walk(extract *ex, xmlNodePtr parent, int depth) {
  xmlNodePtr c;
  if (depth > HTML_MAX_DEPTH) {
    ex->deep = 1;
    return;
  }
  for (c = parent->children; c; c = c->next) {
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      if (c->content)
        put_text(ex, (const char *)c->content);
    } else if (c->type == XML_ELEMENT_NODE && c->name) {
      const char *name = (const char *)c->name;
      int block;
      if (in_list(name, skip_tags) || (!ex->in_main && in_list(name, outer_skip_tags)) ||
          is_widget(c))
        continue;
      if (!strcmp(name, "br")) {
        mtl_buf *b = ex->out;
        while (b->len && b->data[b->len - 1] == ' ')
          b->data[--b->len] = '\0';
        if (b->len && b->data[b->len - 1] != '\n')
          mtl_buf_putc(b, '\n');
        ex->space = 0;
        continue;
      }
      block = in_list(name, block_tags);
      if (block)
        paragraph_break(ex);
      walk(ex, c, depth + 1);
      if (block)
        paragraph_break(ex);
    }
  }
}

/* Depth-first search for the first element named name (or with role=main). */
static xmlNodePtr find_elem(xmlNodePtr n, const char *name, int role, int depth) {
  xmlNodePtr c, hit;
  if (depth > HTML_MAX_DEPTH)
    return NULL;
  for (c = n->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE)
      continue;
    if (role) {
      xmlChar *v = xmlGetProp(c, (const xmlChar *)"role");
      int ok = v && !strcmp((const char *)v, "main");
      xmlFree(v);
      if (ok)
        return c;
    } else if (c->name && !strcmp((const char *)c->name, name)) {
      return c;
    }
    if ((hit = find_elem(c, name, role, depth + 1)))
      return hit;
  }
  return NULL;
}

static char *node_text(xmlNodePtr n) {
  xmlChar *t = xmlNodeGetContent(n);
  char *s;
  mtl_buf b = {0};
  extract ex = {&b, 0, 1, 0};
  if (!t)
    return NULL;
  put_text(&ex, (const char *)t);
  xmlFree(t);
  s = b.len && !b.oom ? mtl_strndup(b.data, b.len) : NULL;
  mtl_buf_free(&b);
  return s;
}

static void set_once(char **slot, const xmlChar *v) {
  if (!*slot && v && *v) {
    mtl_buf b = {0};
    extract ex = {&b, 0, 1, 0};
    put_text(&ex, (const char *)v);
    if (b.len && !b.oom)
      *slot = mtl_strndup(b.data, b.len);
    mtl_buf_free(&b);
  }
}

/* <title>, <meta property=...>, <link rel=canonical> from <head>. */
static void read_head(mtl_html_page *page, xmlNodePtr head) {
  xmlNodePtr c;
  char *og_title = NULL;
  for (c = head ? head->children : NULL; c; c = c->next) {
    const char *name;
    if (c->type != XML_ELEMENT_NODE || !c->name)
      continue;
    name = (const char *)c->name;
    if (!strcmp(name, "title") && !page->title) {
      page->title = node_text(c);
    } else if (!strcmp(name, "meta")) {
      xmlChar *p = xmlGetProp(c, (const xmlChar *)"property");
      xmlChar *v = xmlGetProp(c, (const xmlChar *)"content");
      if (!p)
        p = xmlGetProp(c, (const xmlChar *)"name");
      if (p && v) {
        const char *k = (const char *)p;
        if (!strcmp(k, "og:title"))
          set_once(&og_title, v);
        else if (!strcmp(k, "og:site_name"))
          set_once(&page->site, v);
        else if (!strcmp(k, "og:url"))
          set_once(&page->url, v);
        else if (!strcmp(k, "article:published_time") || !strcmp(k, "date") ||
                 !strcmp(k, "pubdate"))
          set_once(&page->published, v);
      }
      xmlFree(p);
      xmlFree(v);
    } else if (!strcmp(name, "link")) {
      xmlChar *rel = xmlGetProp(c, (const xmlChar *)"rel");
      if (rel && !strcmp((const char *)rel, "canonical")) {
        xmlChar *href = xmlGetProp(c, (const xmlChar *)"href");
        if (page->url) {
          mtl_free(page->url);
          page->url = NULL;
        }
        set_once(&page->url, href);
        xmlFree(href);
      }
      xmlFree(rel);
    }
  }
  if (og_title) {
    mtl_free(page->title);
    page->title = og_title;
  }
}

/* s (NUL-terminated, from mtl_malloc) with every byte that is not part of
 * valid UTF-8 replaced by U+FFFD; s itself when it is valid. */
static char *valid_utf8(char *s) {
  size_t n, i, ok;
  mtl_buf b = {0};
  if (!s)
    return NULL;
  n = strlen(s);
  if ((ok = mtl_utf8_validate(s, n)) == n)
    return s;
  for (i = 0; i < n;) {
    size_t k = mtl_utf8_validate(s + i, n - i);
    mtl_buf_put(&b, s + i, k);
    i += k;
    if (i < n) {
      mtl_buf_puts(&b, "\xEF\xBF\xBD");
      i++;
    }
  }
  mtl_free(s);
  if (b.oom) {
    mtl_buf_free(&b);
    return NULL;
  }
  return b.data ? b.data : mtl_strdup("");
}

int mtl_html_extract(mtl_html_page *page, const char *html, size_t len, int fragment) {
  char *copy = NULL;
  htmlDocPtr doc;
  xmlNodePtr root, body, main_el;
  extract ex;
  sink k;
  guard g;
  memset(page, 0, sizeof *page);
  if (len > MTL_READER_MAX_ITEM || len > 0x7fffffff)
    return MTL_ELIMIT;
  if (!len) {
    mtl_buf_puts(&page->text, "");
    return page->text.oom ? MTL_ENOMEM : 0;
  }
  xmlInitParser();
  {
    attr_scan as;
    memset(&as, 0, sizeof as);
    if (attr_filter(&as, (char *)html, len, 1)) { /* dry: html is not written */
      if (!(copy = mtl_malloc(len)))
        return MTL_ENOMEM;
      memcpy(copy, html, len);
      memset(&as, 0, sizeof as);
      attr_filter(&as, copy, len, 0);
      html = copy;
    }
  }
  memset(&k, 0, sizeof k);
  guard_on(&g, &k);
  doc = htmlReadMemory(html, (int)len, NULL, fragment ? "UTF-8" : NULL,
                       HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                           HTML_PARSE_NONET);
  guard_off(&g);
  mtl_free(copy);
  copy = NULL;
  if (!doc) {
    /* nothing parseable (e.g. only whitespace): no text */
    mtl_buf_puts(&page->text, "");
    return page->text.oom ? MTL_ENOMEM : 0;
  }
  root = xmlDocGetRootElement(doc);
  memset(&ex, 0, sizeof ex);
  ex.out = &page->text;
  if (root) {
    xmlNodePtr wrapper = (xmlNodePtr)doc;
    if (!fragment) {
      xmlChar *lang = xmlGetProp(root, (const xmlChar *)"lang");
      if (!lang)
        lang = xmlGetProp(root, (const xmlChar *)"xml:lang");
      if (lang && *lang)
        set_once(&page->lang, lang);
      xmlFree(lang);
      read_head(page, find_elem(wrapper, "head", 0, 0));
    }
    body = fragment ? NULL : find_elem(wrapper, "body", 0, 0);
    main_el = fragment ? NULL : find_elem(body ? body : wrapper, "article", 0, 0);
    if (!main_el && !fragment)
      main_el = find_elem(body ? body : wrapper, "main", 0, 0);
    if (!main_el && !fragment)
      main_el = find_elem(body ? body : wrapper, NULL, 1, 0);
    if (!page->title && !fragment) {
      xmlNodePtr h1 = find_elem(main_el ? main_el : wrapper, "h1", 0, 0);
      if (h1)
        page->title = node_text(h1);
    }
    if (main_el) {
      ex.in_main = 1;
      walk(&ex, main_el, 0);
    } else {
      ex.in_main = fragment;
      walk(&ex, body ? body : wrapper, 0);
    }
  }
  paragraph_break(&ex);
  while (page->text.len && page->text.data[page->text.len - 1] == '\n')
    page->text.data[--page->text.len] = '\0';
  if (page->text.len)
    mtl_buf_putc(&page->text, '\n');
  else
    mtl_buf_puts(&page->text, "");
  guard_on(&g, &k);
  xmlFreeDoc(doc);
  guard_off(&g);
  if (page->text.oom)
    return MTL_ENOMEM;
  /* libxml2 stops building the tree at its own depth limit (256): text
   * below either limit would be lost without a word */
  if (ex.deep || k.depth) {
    page->deep = 1;
    return MTL_ELIMIT;
  }
  /* the text is UTF-8 as mtlint.h promises, whatever bytes the page held */
  if (mtl_utf8_validate(page->text.data, page->text.len) != page->text.len) {
    char *t = valid_utf8(mtl_strndup(page->text.data, page->text.len));
    if (!t)
      return MTL_ENOMEM;
    mtl_buf_free(&page->text);
    mtl_buf_puts(&page->text, t);
    mtl_free(t);
    if (page->text.oom)
      return MTL_ENOMEM;
  }
  if ((page->title && !(page->title = valid_utf8(page->title))) ||
      (page->url && !(page->url = valid_utf8(page->url))) ||
      (page->site && !(page->site = valid_utf8(page->site))) ||
      (page->published && !(page->published = valid_utf8(page->published))) ||
      (page->lang && !(page->lang = valid_utf8(page->lang))))
    return MTL_ENOMEM;
  return 0;
}

void mtl_html_page_free(mtl_html_page *page) {
  if (!page)
    return;
  mtl_buf_free(&page->text);
  mtl_free(page->title);
  mtl_free(page->url);
  mtl_free(page->site);
  mtl_free(page->published);
  mtl_free(page->lang);
  memset(page, 0, sizeof *page);
}

/* Whitespace runs of s[0, len) (up to a NUL) become one space, none at
 * either end, written to out (which may be s: it never gets ahead). */
static size_t squeeze_spaces(char *out, const char *s, size_t len) {
  size_t i, n = 0;
  int space = 0;
  for (i = 0; i < len && s[i]; i++) {
    unsigned char c = (unsigned char)s[i];
    if (html_space(c)) {
      space = 1;
      continue;
    }
    if (space && n)
      out[n++] = ' ';
    space = 0;
    out[n++] = (char)c;
  }
  out[n] = '\0';
  return n;
}

static int has_markup(const char *s, size_t len) {
  size_t i;
  for (i = 0; i < len; i++)
    if (s[i] == '<' || s[i] == '&')
      return 1;
  return 0;
}

/* Markup: the page's text on one line (paragraph breaks become spaces). */
static char *markup_plain(const char *s, size_t len) {
  mtl_html_page p;
  size_t i, n;
  char *out;
  if (mtl_html_extract(&p, s, len, 1)) {
    mtl_html_page_free(&p);
    return mtl_strndup(s, len > 4096 ? 4096 : len);
  }
  n = p.text.len;
  for (i = 0; i < n; i++)
    if (p.text.data[i] == '\n')
      p.text.data[i] = ' ';
  while (n && p.text.data[n - 1] == ' ')
    n--;
  out = mtl_strndup(p.text.data, n);
  mtl_html_page_free(&p);
  return out;
}

char *mtl_html_plain(const char *s, size_t len) {
  char *out;
  if (has_markup(s, len))
    return markup_plain(s, len);
  /* PERF: plain text (most metadata): one allocation */
  if ((out = mtl_malloc(len + 1)) != NULL)
    squeeze_spaces(out, s, len);
  return out;
}

char *mtl_html_plain_take(char *s, size_t len) {
  char *out;
  if (!has_markup(s, len)) {
    squeeze_spaces(s, s, len);
    return s;
  }
  out = markup_plain(s, len);
  mtl_free(s);
  return out;
}
