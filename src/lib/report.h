/*
 * report.h - the report aggregator's insides, shared by report.c (adding,
 * merging), report_partial.c (partial files) and the report writers
 * (report_json.c, report_csv.c, report_html.c).
 * Invariants: every count is an exact integer (scores in thousandths), so
 * merging is associative and order-independent; the worst-article list is
 * kept sorted by a total order (score desc, then path, item, ...) and cut
 * at cfg.top_articles; writers sort maps themselves, so output never
 * depends on insertion order.
 */
#ifndef MTL_REPORT_H
#define MTL_REPORT_H

#include "mtlint.h"
#include "util.h"

#define MTL_SCORE_MIN_WORDS 200
#define MTL_HIST_BINS 8
#define MTL_TOP_FINDINGS 3
#define MTL_PHRASE_MAX 100   /* bytes of a phrase key kept */
#define MTL_MATCH_MAX 160    /* bytes of a worst article's finding match kept */

/* The largest count a report holds: partial reports with more do not load,
 * and merges stop there, so that the writers' sums and scalings (x1000)
 * stay far from int64_t overflow. */
#define MTL_COUNT_MAX ((int64_t)1 << 50)

/** Lower bounds of the score histogram bins, in thousandths. */
extern const int64_t mtl_hist_lower[MTL_HIST_BINS];

/** Score in thousandths into *out; adds the counted findings per severity
 *  to by_sev[1..3] when not NULL (verdict.c).  MTL_ENOMEM when a result of
 *  many findings could not be checked for shared spans (*out then counts
 *  every finding). */
int mtl_score_milli(const mtl_result *res, size_t *by_sev, int64_t *out);

/* String -> count (and optional string value) hash map. */
typedef struct mtl_cent {
  char *key;
  int64_t n;
  char *val;
} mtl_cent;

typedef struct mtl_cmap {
  mtl_cent *e;
  size_t cap, count;
} mtl_cmap;

/** Adds n to key's count (creating it; counts saturate at 2^50); sets val
 *  if given and unset or greater (strcmp), so that merges keep the same. */
int mtl_cmap_add(mtl_cmap *m, const char *key, size_t klen, int64_t n, const char *val);
const mtl_cent *mtl_cmap_find(const mtl_cmap *m, const char *key);
/** Entries sorted by key (by_count 0) or by count desc then key (1);
 *  an mtl_malloc'd array of count pointers (NULL if empty or no memory). */
const mtl_cent **mtl_cmap_sorted(const mtl_cmap *m, int by_count);
void mtl_cmap_free(mtl_cmap *m);

typedef struct mtl_stats {
  int64_t articles, words, findings;
  int64_t other_lang;      /* articles in another language (input.other-
                            * language): counted in articles and words, not
                            * scored (no verdict, histogram or score sum) */
  int64_t sev[4];          /* [1] info [2] warning [3] error, counted findings */
  int64_t verdicts[3];
  int64_t hist[MTL_HIST_BINS];
  int64_t score_sum;       /* thousandths */
  int64_t score_max;       /* thousandths */
  int64_t dens_sum;        /* window density (densest window), tenths */
  int64_t dens_max;        /* tenths */
  int64_t dense;           /* articles with a window at or above its gate */
  mtl_cmap by_rule, by_cat;
  mtl_cmap weeks;          /* "2024-W45" -> scored articles published then */
  mtl_cmap weeks_garbled;  /* ... of them garbled (weeks with any) */
} mtl_stats;

typedef struct mtl_rsource {
  char *name;
  mtl_stats st;
} mtl_rsource;

typedef struct mtl_wfind {
  char *rule;
  int sev;
  char *message;
  char *match;
  int64_t line, column;
} mtl_wfind;

typedef struct mtl_worst {
  char *path, *item, *title, *url, *source;
  int64_t score, words, findings;
  int64_t density;         /* window density, tenths */
  int verdict;
  mtl_wfind top[MTL_TOP_FINDINGS];
  size_t ntop;
} mtl_worst;

struct mtl_report {
  mtl_report_config cfg;
  mtl_stats total;
  int64_t errors;              /* inputs or items that could not be read */
  mtl_rsource **src;
  size_t nsrc, capsrc;
  mtl_cmap src_index;          /* name -> index + 1 */
  mtl_cmap rules;              /* rule id -> (count unused) category */
  mtl_worst *worst;
  size_t nworst;
  mtl_cmap phrases;            /* "rule\x1fphrase" -> count */
  mtl_cmap failed;             /* "file:line:col\x1fmessage" -> count (first
                                * MTL_REPORT_MAX_FAILED distinct) */
};
#define MTL_REPORT_MAX_FAILED 500

/** The articles that were scored (those in English). */
static inline int64_t mtl_stats_scored(const mtl_stats *s) { return s->articles - s->other_lang; }

/** The ISO 8601 week ("2024-W45") of a published date (ISO 8601 or RFC
 *  822, taken to UTC when it has a time and zone) into out; 1, or 0 when
 *  published is no date it reads (report_week.c). */
int mtl_report_week(const char *published, char out[16]);

/** Sources sorted by name (mtl_malloc'd array), NULL if none. */
const mtl_rsource **mtl_report_sources_sorted(const mtl_report *r);
/** Category of a rule, or "other". */
const char *mtl_report_category(const mtl_report *r, const char *rule);

/* For report_partial.c: */
/** The source named name, added when new; NULL when out of memory. */
mtl_rsource *mtl_report_source(mtl_report *r, const char *name);
/** Inserts *w (taken over) into the worst list, kept sorted and cut; frees
 *  it when it does not make the list.  0 or MTL_ENOMEM. */
int mtl_report_worst_insert(mtl_report *r, mtl_worst *w);
/** Frees what *w holds and zeroes it. */
void mtl_report_worst_free(mtl_worst *w);

/* The writers: one file each. */
int mtl_report_write_json(const mtl_report *r, mtl_buf *b);
int mtl_report_write_csv(const mtl_report *r, mtl_buf *b);
int mtl_report_write_html(const mtl_report *r, mtl_buf *b);

#endif
