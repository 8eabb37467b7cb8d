/*
 * thesaurus.h - word -> synonym sets, read from a MyThes thesaurus (the
 * Debian package mythes-en-us: /usr/share/mythes/th_en_US_v2.idx and .dat,
 * derived from WordNet).  thesaurus.c is the only file that reads these
 * files; other modules ask through this header.
 *
 * File format (MyThes "v2", documented in libmythes' README and data_layout):
 *   .idx: line 1 the encoding ("UTF-8"), line 2 the number of entries, then
 *         one "word|byte offset into .dat" per line, lower case, sorted.
 *   .dat: line 1 the encoding; at each offset an entry "word|n" followed by
 *         n sense lines "(pos)|term|term|...", where a term may end in a
 *         relation mark " (generic term)", " (similar term)",
 *         " (related term)" or " (antonym)"; a term without one is a plain
 *         synonym.  Terms may be several words ("financial institution")
 *         and keep their capitals ("Prime Minister").
 *
 * Use: mtl_thesaurus_new (cheap, no I/O) at rule compile time; the first
 * lookup loads the index (about 3 MB of file, about 5 MB in memory, a few
 * tens of milliseconds: docs/PERFORMANCE.md) once, under a lock, and later
 * lookups from any number of threads read without locking.  The .dat file
 * is never read whole: each lookup reads its one entry with pread() from a
 * descriptor held open, so memory stays bounded whatever the file's size.
 */
#ifndef MTL_THESAURUS_H
#define MTL_THESAURUS_H

#include "mtlint.h"

#include <stddef.h>

/** Where Debian's mythes-en-us puts the US English thesaurus (stem: append
 *  ".idx" and ".dat"). */
#define MTL_THESAURUS_DEFAULT "/usr/share/mythes/th_en_US_v2"

typedef struct mtl_thesaurus mtl_thesaurus;

/** How a term relates to the looked-up word (the .dat relation marks). */
enum {
  MTL_TH_SYNONYM = 1u << 0, /* no mark: a synonym in that sense */
  MTL_TH_SIMILAR = 1u << 1, /* "(similar term)" */
  MTL_TH_GENERIC = 1u << 2, /* "(generic term)": a broader word */
  MTL_TH_RELATED = 1u << 3, /* "(related term)" */
  MTL_TH_ANTONYM = 1u << 4, /* "(antonym)" */
  MTL_TH_ANY_SYN = MTL_TH_SYNONYM | MTL_TH_SIMILAR | MTL_TH_GENERIC
};

/** One term of a sense: text[0..len) as in the file, relation mark removed. */
typedef struct mtl_th_term {
  const char *text;
  size_t len;
  unsigned rel;   /* one MTL_TH_* bit */
} mtl_th_term;

/** One sense: its part of speech ("noun", "adj", ...) and its terms,
 *  entry->terms[first .. first + n). */
typedef struct mtl_th_sense {
  const char *pos;
  size_t first, n;
} mtl_th_sense;

/** A looked-up entry.  Zero it before the first lookup; a lookup reuses its
 *  memory; mtl_th_entry_free releases it.  All strings point into it. */
typedef struct mtl_th_entry {
  mtl_th_sense *senses; size_t nsenses;
  mtl_th_term *terms; size_t nterms;
  /* storage */
  char *buf; size_t bufcap;
  size_t capsenses, capterms;
} mtl_th_entry;

/** A handle on the thesaurus whose files are stem + ".idx" and stem + ".dat"
 *  (NULL: MTL_THESAURUS_DEFAULT).  Reads nothing.  0, MTL_ENOMEM. */
int mtl_thesaurus_new(mtl_thesaurus **out, const char *stem);
/** Closes the files and frees everything (NULL is fine). */
void mtl_thesaurus_free(mtl_thesaurus *th);
/** Whether both files exist and are readable (no parsing): for loaders that
 *  want to report a missing thesaurus with the rule's location. */
int mtl_thesaurus_available(const mtl_thesaurus *th);
/** Loads the index now if no lookup has (thread-safe, once).  0, MTL_EIO
 *  (missing or unreadable file; err says which), MTL_EDICT (not a MyThes
 *  index: err has file:line), MTL_ENOMEM (not remembered: a later call
 *  tries again).  Other failures are remembered and returned again. */
int mtl_thesaurus_load(mtl_thesaurus *th, mtl_error *err);
/** Seconds the index load took (0 before it), for bench/ and PERFORMANCE.md. */
double mtl_thesaurus_load_seconds(const mtl_thesaurus *th);

/** Looks up word[0..len) (any case: folded to lower case first) into *e.
 *  1 found, 0 not in the thesaurus (e emptied), or an error of
 *  mtl_thesaurus_load, or MTL_EIO when the .dat entry cannot be read or
 *  parsed.  Thread-safe. */
int mtl_thesaurus_lookup(mtl_thesaurus *th, const char *word, size_t len,
                         mtl_th_entry *e);
/** mtl_thesaurus_lookup reading only the first max_senses senses of the
 *  entry (0: all), as if the entry had no more. */
int mtl_thesaurus_lookup_in(mtl_thesaurus *th, const char *word, size_t len, size_t max_senses,
                            mtl_th_entry *e);
/** 1 if term[0..tlen) (case-insensitive, runs of spaces equal) is listed in
 *  the entry of word[0..wlen) with one of the relations in rels (MTL_TH_*
 *  bits), 0 if not (or word is not there), or a negative error code. */
int mtl_thesaurus_lists(mtl_thesaurus *th, const char *word, size_t wlen,
                        const char *term, size_t tlen, unsigned rels);
/** mtl_thesaurus_lists looking only at the first max_senses senses of word
 *  (0: all).  The senses come in the file's order, WordNet's: most frequent
 *  first within each part of speech, nouns before verbs. */
int mtl_thesaurus_lists_in(mtl_thesaurus *th, const char *word, size_t wlen,
                           const char *term, size_t tlen, unsigned rels, size_t max_senses);
void mtl_th_entry_free(mtl_th_entry *e);

#endif
