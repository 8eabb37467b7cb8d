/*
 * read_html.c - one HTML page is one article: its main text (xml.c drops
 * scripts, styles, navigation, page header and footer, asides, comments and
 * share widgets; keeps headings and paragraphs; decodes entities) and its
 * title, canonical URL, site name and publication date.  Positions are in
 * the extracted text; the article's source position is the file's start.
 */
#include "mtlint.h"
#include "reader.h"
#include "util.h"
#include "xml.h"

static int html_next(mtl_reader *r, mtl_article **out, mtl_error *err) {
  mtl_buf b = {0};
  mtl_html_page page;
  mtl_article *a = NULL;
  int rc;
  if (r->state)
    return 0;
  r->state = r; /* one article only */
  rc = mtl_reader_slurp(r, &b, MTL_READER_MAX_ITEM);
  if (rc) {
    mtl_buf_free(&b);
    if (rc == MTL_ELIMIT)
      return mtl_reader_fail(r, err, rc, 0, 0, "page larger than the %zu MiB limit",
                             MTL_READER_MAX_ITEM >> 20);
    return mtl_reader_fail(r, err, rc, 0, 0, "%s", rc == MTL_EIO ? "read error" : "out of memory");
  }
  rc = mtl_html_extract(&page, b.data, b.len, 0);
  mtl_buf_free(&b);
  if (rc == MTL_ELIMIT && page.deep) {
    mtl_html_page_free(&page);
    return mtl_reader_fail(r, err, rc, 1, 1,
                           "HTML nested deeper than 200 elements: its text would be lost");
  }
  if (!rc && (a = mtl_article_new(page.text.data, page.text.len))) {
    a->title = page.title;
    a->url = page.url;
    a->source = page.site;
    a->published = page.published;
    a->language = page.lang;
    page.title = page.url = page.site = page.published = page.lang = NULL;
  }
  mtl_html_page_free(&page);
  if (!a)
    return mtl_reader_fail(r, err, rc ? rc : MTL_ENOMEM, 0, 0, "%s",
                           rc == MTL_ELIMIT ? "page too large" : "out of memory");
  *out = a;
  return 1;
}

static void html_free(mtl_reader *r) { r->state = NULL; }

const mtl_reader_kind mtl_read_html = {"html", NULL, html_next, html_free};
