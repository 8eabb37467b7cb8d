/*
 * feed_scan.c - the byte scanner of the RSS and Atom reader: comments,
 * CDATA, declarations and quoted attributes understood, it cuts the input
 * into the feed's skeleton and its items, keeps the root element's start
 * tag and the namespaces the items need, and bounds what it keeps.
 */
#include "read_feed.h"
#include "util.h"

#include <stdio.h>
#include <string.h>

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

static int name_byte(unsigned char c) {
  return c >= 0x80 || mtl_feed_alnum(c) || c == ':' || c == '_' || c == '-' || c == '.';
}

/* ---------------- the scanner ---------------- */

static mtl_buf *target(feed *fd) {
  if (fd->in_item)
    return fd->huge ? NULL : &fd->item;
  return fd->skel_over ? NULL : &fd->skel;
}

static const char *local_name(const char *q) {
  const char *c = strrchr(q, ':');
  return c ? c + 1 : q;
}


/* The next "xmlns:" in p[0..e), or NULL. */
static const char *find_xmlns(const char *p, const char *e) {
  while (p && e - p >= 6) {
    const char *x = memchr(p, 'x', (size_t)(e - p - 5));
    if (!x)
      return NULL;
    if (!memcmp(x, "xmlns:", 6))
      return x;
    p = x + 1;
  }
  return NULL;
}

/* Whether the start tags kept declare xmlns:prefix[0..n). */
static int has_prefix(const feed *fd, const char *prefix, size_t n) {
  const mtl_buf *bufs[2];
  size_t b;
  bufs[0] = &fd->rootag;
  bufs[1] = &fd->extra_ns;
  for (b = 0; b < 2; b++) {
    const char *p = bufs[b]->data, *e = p ? p + bufs[b]->len : NULL;
    while (p && (p = find_xmlns(p, e)) != NULL) {
      const char *q = p + 6;
      if ((size_t)(e - q) > n && !memcmp(q, prefix, n) &&
          (q[n] == '=' || q[n] == ' ' || q[n] == '\t'))
        return 1;
      p = q;
    }
  }
  return 0;
}

/* Keeps the xmlns:p declarations of the start tag tag[0..n) (a channel's,
 * say) for the items, which are parsed without it. */
static void keep_namespaces(feed *fd, const char *tag, size_t n) {
  const char *p = tag, *e = tag + n;
  while (fd->extra_ns.len < MAX_ROOT_TAG && (p = find_xmlns(p, e)) != NULL) {
    const char *pre = p + 6, *q = pre, *v;
    char quote;
    p = pre;
    if (pre - tag < 7 || !(pre[-7] == ' ' || pre[-7] == '\t' || pre[-7] == '\n' ||
                           pre[-7] == '\r'))
      continue;
    while (q < e && name_byte((unsigned char)*q) && *q != ':')
      q++;
    v = q;
    while (v < e && (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r' || *v == '='))
      v++;
    if (q == pre || v >= e || (*v != '"' && *v != '\''))
      continue;
    quote = *v;
    {
      const char *end = memchr(v + 1, quote, (size_t)(e - v - 1));
      if (!end || has_prefix(fd, pre, (size_t)(q - pre)))
        continue;
      mtl_buf_puts(&fd->extra_ns, " xmlns:");
      mtl_buf_put(&fd->extra_ns, pre, (size_t)(q - pre));
      mtl_buf_puts(&fd->extra_ns, "=");
      mtl_feed_put_one_line(&fd->extra_ns, v, (size_t)(end - v) + 1);
      p = end;
    }
  }
}

static void push_open(feed *fd) {
  if (fd->empty_tag)
    return;
  if (fd->nopen < MAX_OPEN)
    snprintf(fd->open[fd->nopen], sizeof fd->open[0], "%s", fd->name);
  fd->nopen++;
}

/* A tag just ended (fd->name, fd->end_tag, fd->empty_tag); the event. */
static int tag_done(feed *fd) {
  mtl_buf *t = target(fd);
  if (fd->tag_attrs > 1000) /* libxml2 checks them pairwise: xml.c blanks the rest */
    fd->many_attrs = 1;
  if (fd->in_item) {
    if (strcmp(fd->name, fd->item_name))
      return EV_NONE;
    if (!fd->end_tag) {
      if (!fd->empty_tag)
        fd->item_nest++;
      return EV_NONE;
    }
    if (fd->item_nest--)
      return EV_NONE;
    fd->in_item = 0;
    if (!fd->skel_over) {
      /* the skeleton keeps an empty item and the item's line breaks */
      size_t k;
      mtl_buf_printf(&fd->skel, "<%s/>", fd->item_name);
      for (k = fd->item_line; k < fd->tag_line + fd->line_base; k++)
        mtl_buf_putc(&fd->skel, '\n');
      if (fd->skel.len > MAX_SKELETON)
        fd->skel_over = 1;
    }
    return fd->huge ? EV_HUGE : EV_ITEM;
  }
  if (fd->end_tag) {
    if (fd->nopen && (fd->nopen > MAX_OPEN || !strcmp(fd->open[fd->nopen - 1], fd->name)))
      fd->nopen--;
    return EV_NONE;
  }
  if (!fd->flavor) {
    push_open(fd);
    const char *l = local_name(fd->name);
    snprintf(fd->root, sizeof fd->root, "%s", fd->name);
    if (!strcmp(l, "rss") || !strcmp(l, "RDF"))
      fd->flavor = 1;
    else if (!strcmp(l, "feed"))
      fd->flavor = 2;
    else if (!fd->other_root[0])
      snprintf(fd->other_root, sizeof fd->other_root, "%s", fd->name);
    /* a feed inside another element (an XHTML page, say) is still read */
    if (!fd->flavor)
      return EV_NONE;
    fd->root_many = fd->tag_attrs > 1000;
    if (t && t->len - fd->tag_at > MAX_ROOT_TAG) {
      /* every item is wrapped in it: a huge one keeps only its namespaces */
      const char *tag = t->data + fd->tag_at, *dflt;
      size_t n = t->len - fd->tag_at;
      mtl_buf_printf(&fd->rootag, "<%s", fd->name);
      for (dflt = tag; (dflt = memchr(dflt, 'x', n - (size_t)(dflt - tag))) != NULL; dflt++)
        if ((size_t)(tag + n - dflt) > 8 && !memcmp(dflt, "xmlns=", 6) && is_space(dflt[-1]) &&
            (dflt[6] == '"' || dflt[6] == '\'')) {
          const char *end = memchr(dflt + 7, dflt[6], n - (size_t)(dflt + 7 - tag));
          if (end && end - dflt < 4096) {
            mtl_buf_putc(&fd->rootag, ' ');
            mtl_feed_put_one_line(&fd->rootag, dflt, (size_t)(end - dflt) + 1);
          }
          break;
        }
      mtl_buf_putc(&fd->rootag, '>');
      keep_namespaces(fd, tag, n);
    } else if (t) {
      mtl_feed_put_one_line(&fd->rootag, t->data + fd->tag_at, t->len - fd->tag_at);
      if (fd->empty_tag && fd->rootag.len >= 2) /* <feed/>: keep it open for items */
        fd->rootag.data[fd->rootag.len - 2] = ' ';
    }
    return EV_NONE;
  }
  if (fd->empty_tag || strcmp(local_name(fd->name), fd->flavor == 2 ? "entry" : "item")) {
    if (t)
      keep_namespaces(fd, t->data + fd->tag_at, t->len - fd->tag_at);
    push_open(fd);
    return EV_NONE;
  }
  /* an item starts: its start tag moves from the skeleton to the item */
  if (!fd->header_done)
    fd->header_done = 2; /* read the header before this item is handed out */
  fd->in_item = 1;
  fd->many_attrs = fd->root_many || fd->tag_attrs > 1000;
  fd->item_nest = 0;
  fd->huge = 0;
  fd->item.len = 0;
  fd->item.oom = 0;
  fd->item_line = fd->tag_line + fd->line_base;
  snprintf(fd->item_name, sizeof fd->item_name, "%s", fd->name);
  if (t) {
    mtl_buf_put(&fd->item, t->data + fd->tag_at, t->len - fd->tag_at);
    t->len = fd->tag_at;
  }
  return EV_NONE;
}

/* A run of text, or of a comment's or a CDATA section's body, up to the
 * next byte that may end it; 0 when none starts at p. */
static int text_run(feed *fd, const char *p, const char *e) {
  mtl_buf *t;
  if (fd->st == S_TEXT ||
      ((fd->st == S_CDATA || fd->st == S_COMMENT) &&
       fd->last2[1] != (fd->st == S_CDATA ? ']' : '-'))) {
    /* PERF: text runs at memchr speed */
    const char *stop = fd->st == S_TEXT ? memchr(p, '<', (size_t)(e - p))
                                        : memchr(p, fd->st == S_CDATA ? ']' : '-',
                                                 (size_t)(e - p));
    const char *q = stop ? stop : e, *nl = p;
    if (q > p) {
      size_t n = (size_t)(q - p);
      if ((t = target(fd)) != NULL)
        mtl_buf_put(t, p, n);
      if (fd->in_item && !fd->huge && (fd->item_size = fd->item.len) > MAX_RAW_ITEM) {
        fd->huge = 1;
        mtl_buf_free(&fd->item);
      }
      while ((nl = memchr(nl, '\n', (size_t)(q - nl))) != NULL) {
        fd->line++;
        nl++;
      }
      fd->last2[0] = fd->last2[1] = 0;
      fd->ipos += n;
      return 1;
    }
  }
  return 0;
}

/* The byte c of a tag, after its '<'; the event when c ends the tag, else
 * -1. */
static int tag_byte(feed *fd, unsigned char c) {
  switch (fd->st) {
  case S_LT:
    fd->nname = 0;
    fd->tag_attrs = 0;
    fd->end_tag = fd->empty_tag = fd->slash = 0;
    if (c == '!') {
      fd->nbang = 0;
      fd->st = S_BANG;
    } else if (c == '?') {
      fd->st = S_PI;
      fd->last2[1] = 0;
    } else if (c == '/') {
      fd->end_tag = 1;
      fd->st = S_ENDNAME;
    } else if (name_byte(c)) {
      fd->name[fd->nname++] = (char)c;
      fd->st = S_NAME;
    } else {
      fd->st = S_TEXT; /* a stray '<': libxml2 will say so */
    }
    break;
  case S_NAME:
  case S_ENDNAME:
    if (name_byte(c)) {
      if (fd->nname < sizeof fd->name - 1)
        fd->name[fd->nname++] = (char)c;
      break;
    }
    fd->name[fd->nname] = '\0';
    if (fd->st == S_ENDNAME) {
      fd->st = S_ENDREST;
      if (c != '>')
        break;
    } else {
      fd->st = S_ATTRS;
      if (c != '>' && c != '/')
        break;
    }
    /* fall through */
  case S_ATTRS:
  case S_ENDREST:
    if (c == '>') {
      fd->empty_tag = fd->slash;
      fd->st = S_TEXT;
      return tag_done(fd);
    }
    if (fd->st == S_ATTRS && (c == '"' || c == '\'')) {
      fd->quote = c;
      fd->st = S_QUOTE;
      fd->tag_attrs++;
    }
    fd->slash = c == '/';
    break;
  case S_QUOTE:
    if (c == fd->quote)
      fd->st = S_ATTRS;
    break;
  default:
    break;
  }
  return -1;
}

/* The byte c of a comment, a CDATA section, a processing instruction or a
 * declaration, after its "<!" or "<?". */
static void other_byte(feed *fd, unsigned char c) {
  switch (fd->st) {
  case S_BANG:
    fd->bang[fd->nbang++] = (char)c;
    if (fd->nbang == 2 && !memcmp(fd->bang, "--", 2)) {
      fd->st = S_COMMENT;
      fd->last2[0] = fd->last2[1] = 0;
    } else if (fd->nbang == 7 && !memcmp(fd->bang, "[CDATA[", 7)) {
      fd->st = S_CDATA;
      fd->last2[0] = fd->last2[1] = 0;
    } else if (memcmp(fd->bang, "--", fd->nbang < 2 ? fd->nbang : 2) &&
               memcmp(fd->bang, "[CDATA[", fd->nbang)) {
      fd->st = S_DECL;
      fd->bracket = c == '[';
      fd->quote = 0;
      if (c == '>')
        fd->st = S_TEXT;
    }
    break;
  case S_COMMENT:
  case S_CDATA:
    if (c == '>' && fd->last2[0] == fd->last2[1] &&
        fd->last2[1] == (fd->st == S_CDATA ? ']' : '-'))
      fd->st = S_TEXT;
    fd->last2[0] = fd->last2[1];
    fd->last2[1] = c;
    break;
  case S_PI:
    if (c == '>' && fd->last2[1] == '?')
      fd->st = S_TEXT;
    fd->last2[1] = c;
    break;
  case S_DECL:
    if (fd->quote) {
      if (c == fd->quote)
        fd->quote = 0;
    } else if (c == '"' || c == '\'') {
      fd->quote = c;
    } else if (c == '[') {
      fd->bracket++;
    } else if (c == ']') {
      if (fd->bracket)
        fd->bracket--;
    } else if (c == '>' && !fd->bracket) {
      fd->st = S_TEXT;
    }
    break;
  default:
    break;
  }
}

/* Scans the bytes in fd->in until an event; EV_NONE when they ran out. */
int mtl_feed_scan(feed *fd) {
  while (fd->ipos < fd->in.len) {
    const char *p = fd->in.data + fd->ipos, *e = fd->in.data + fd->in.len;
    unsigned char c;
    mtl_buf *t;
    int ev;
    if (text_run(fd, p, e))
      continue;
    c = (unsigned char)*p;
    fd->ipos++;
    if ((t = target(fd)) != NULL) {
      if (fd->st == S_TEXT)
        fd->tag_at = t->len;
      mtl_buf_putc(t, (char)c);
    }
    if (fd->in_item && !fd->huge && fd->item.len > MAX_RAW_ITEM) {
      fd->huge = 1;
      mtl_buf_free(&fd->item);
    }
    if (c == '\n')
      fd->line++;
    switch (fd->st) {
    case S_TEXT: /* c is '<' */
      fd->tag_line = fd->line;
      fd->st = S_LT;
      break;
    case S_LT:
    case S_NAME:
    case S_ENDNAME:
    case S_ATTRS:
    case S_ENDREST:
    case S_QUOTE:
      if ((ev = tag_byte(fd, c)) >= 0)
        return ev;
      break;
    default:
      other_byte(fd, c);
      break;
    }
  }
  return EV_NONE;
}
