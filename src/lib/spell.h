/*
 * spell.h - private to the spelling check (check_spelling.c, spell_*.c,
 * dict.c): the engine-wide spelling state, the verdict cache's entries
 * and the functions the files share (dict.c's are in dict.h).
 */
#ifndef MTL_SPELL_H
#define MTL_SPELL_H

#include "check.h"
#include "doc.h"
#include "lexicon.h"
#include "util.h"

#include <pthread.h>
#include <stdint.h>

#ifndef MTL_SPELL_CACHE_MAX
#define MTL_SPELL_CACHE_MAX 200000 /* verdicts cached, at most (0 for none: benchmarks) */
#endif
#define CACHE_MAX MTL_SPELL_CACHE_MAX
#define WORD_MAX 100            /* longer words are not checked (Hunspell's limit) */
#define SUGG_WORD_MAX 64        /* longer words get no suggestions (slow) */
#define SUGG_KEEP 10            /* suggestions kept per word */
#define SUGG_COLLECT 32         /* candidates collected before ranking */
#define WORDLIST_MAX (8u << 20) /* bytes of one word list */
#define DEFAULT_BASE "/usr/share/hunspell/en_US"
/* One cached verdict.  An entry is filled before it is published and
 * never changes afterwards, but for an unknown word's suggestions: sugg
 * and nsugg are set once (under wlock), then have_sugg with a release
 * store; a reader that has not seen have_sugg (acquire) reads neither. */
typedef struct entry {
  uint64_t hash;
  int known;
  int var;          /* VAR_*: the variety a known word marks */
  int have_sugg;    /* __atomic */
  char **sugg;
  size_t nsugg;
  size_t len;
  char word[];
} entry;

/* PERF: the engine-wide verdict table, read without a lock (a read lock
 * is an atomic write to a shared line, and a writer makes readers sleep:
 * at -j2 that was 5,000 context switches on 500 Brown files).  Open
 * addressing, linear probing; readers load the table and its slots with
 * acquire loads.  Writers hold wlock: an entry is published whole, a
 * grown table is published whole and the old one kept (older) until the
 * state is freed, since a reader may still be probing it. */
typedef struct vtable {
  struct vtable *older;
  size_t cap;               /* a power of two */
  entry *slots[];           /* __atomic */
} vtable;

/* A chunk that entries are cut from (spell_lookup.c: entry_alloc); the
 * entries follow the header, which keeps them 16-aligned. */
typedef struct spell_chunk {
  struct spell_chunk *next;
  size_t pad;
} spell_chunk;

typedef struct spell_state {
  struct Hunhandle *h;       /* dict.h */
  pthread_mutex_t hlock;     /* guards h, gb and the load */
  pthread_mutex_t wlock;     /* guards changes to the verdict table */
  vtable *tab;               /* __atomic; NULL until the first verdict */
  size_t count;              /* entries in tab (under wlock) */
  spell_chunk *chunks;       /* the entries' memory (under wlock) */
  char *chunk_at;
  size_t chunk_left;
  int ready;                 /* __atomic: h and the lexicon are loaded, so
                              * lex and ulex are read without hlock */
  unsigned long hasks;       /* __atomic: look-ups that took hlock (tests) */
  char **loaded;             /* dictionary and word list paths already added */
  size_t nloaded, caploaded;
  int locks_ok;
  unsigned long gen;         /* PERF: tells this state's entries in the thread caches */
  int reference;             /* MTL_REFERENCE: no thread caches */
  /* PERF: Hunspell is loaded on the first word it is asked about (under
   * hlock), so start-up, --list-rules and inputs without words skip the
   * ~30 ms it takes; files were checked when the rules were loaded. */
  char *aff, *dic;
  char **pending;            /* "d<path>" (mtl_dict_add_dic) or "w<word>" (add), in order */
  size_t npending, cappending;
  int load_failed;
  int loading;               /* a thread is in mtl_dict_load_hunspell (__atomic) */
  /* The lexicon (lexicon.c): the big word lists, checked before Hunspell
   * and used for suggestions; loaded with Hunspell.  user collects the
   * words of the word lists and the stems of the .dic files for it. */
  char *us_words, *gb_words; /* paths, or NULL */
  mtl_buf user;
  int affix_names;           /* a .dic uses flags other than M and S */
  mtl_lexicon *lex, *ulex;   /* the big lists (cached, lexicon.c); the user's */
  /* en_GB Hunspell: asked about lower-case words that en_US and the
   * lexicon lack, loaded at the first such word. */
  char *gb_aff, *gb_dic;
  struct Hunhandle *gb;
  int gb_failed;
  /* Fixed foreign phrases (de facto): words, lower case, each phrase's
   * words NUL-separated, phrases ending in an empty word. */
  mtl_buf phrases;
  size_t nphrases;
  mtl_lexicon *phrase_words; /* every word of a phrase: a quick no */
  /* Names (gazetteer) that an unknown name may be a near miss of. */
  mtl_lexicon *names;
  mtl_buf names_buf;
  uint64_t *name_keys;       /* NAME_KEY_BITS bits: mtl_spell_name_key of each name */
} spell_state;

enum { VAR_NONE = 0, VAR_US = 1, VAR_GB = 2 };

/* PERF: a small direct-mapped cache per thread in front of the shared one,
 * so a repeated word costs no lock (a read lock is an atomic write to a
 * shared line: with several threads it serialises them).  It holds only
 * final entries (known, or with their suggestions), which never change
 * again and live as long as their engine; gen tells engines apart. */
#define TL_SLOTS 4096
typedef struct tl_slot {
  uint64_t w0;        /* the word's first 8 bytes, zero-padded (see tl_index) */
  const entry *e;
  unsigned long gen;
  uint32_t len;       /* e->len and e->known, so that a word of up to 8 */
  uint16_t known;     /* bytes is found without reading e */
  uint16_t final;     /* e is final; else e is unknown without suggestions
                       * yet (a name): good for callers that want none */
} tl_slot;

typedef struct spell_rule {
  int variety;       /* report: variety (varieties mixed), not unknown words */
  int msg_sugg;      /* the message shows {suggestion}: never deferred */
  int max_sugg;
  int cap_sev;
  long min_len;
} spell_rule;

/* A verdict handed to run(): suggestions are borrowed from the cache or,
 * when owned is set, the caller's to free. */
typedef struct verdict {
  int known;
  int var;
  char **sugg;
  size_t nsugg;
  int owned;
} verdict;
/* Suggestions being collected: unique, at most SUGG_COLLECT, each with
 * the class of its edit (EDIT_*: lower is likelier). */
typedef struct sugglist {
  char **v;
  unsigned char cls[SUGG_COLLECT];
  size_t n;
  int oom;
} sugglist;

/* How a candidate differs from the word, likeliest first: the case; two
 * letters swapped; a doubled letter undoubled or a letter doubled
 * (accomodate, preceeded); a neighbouring key hit (sutomatic); a letter
 * missing; a letter too many; another wrong letter; two words run
 * together. */
enum { EDIT_CASE, EDIT_SWAP, EDIT_DOUBLE, EDIT_KEY, EDIT_MISSING, EDIT_EXTRA, EDIT_WRONG,
       EDIT_SPLIT };

/* PERF: the thread cache works on the word as 8-byte chunks, the last one
 * zero-padded; mtl_spell_check_token builds them while it classifies the letters,
 * mtl_spell_lookup from a copy.  A slot is picked from the first and last chunk and
 * the length with one multiply (a short dependency chain before the slot
 * is loaded), and holds the first chunk; entries keep their word
 * zero-padded to a multiple of 8 bytes, so the rest is compared a chunk at
 * a time.  The shared cache keeps mtl_hash. */
/* The slot of a word of n bytes with first chunk w0 and last chunk wl (0
 * when there is one chunk). */
static inline size_t tl_index(uint64_t w0, uint64_t wl, size_t n) {
  uint64_t k = (w0 ^ (wl << 23 | wl >> 41)) + (uint64_t)n * 0xD6E8FEB86659FD93ULL;
  return (size_t)((k * 0x9E3779B97F4A7C15ULL) >> 52) & (TL_SLOTS - 1);
}

/* PERF: a filter in front of the gazetteer's near-miss search: a name's
 * key hashes its bytes but the typo consonants (spell_suggest.c), which
 * are the only ones a variant adds or drops, so a variant of a name has
 * the name's key unless it swaps two other letters.  NAME_KEY_BITS bits
 * of spell_state.name_keys are set, one for each listed name. */
#define NAME_KEY_BITS (1u << 18)
#define NAME_KEYS_MAX 16 /* keys of one name looked up, at most */

/* An unknown name, decided once the whole article is read. */
typedef struct pname {
  size_t start, end;
} pname;

/* An unknown lower-case word, decided once the whole article is read:
 * its text (folded) is wbuf[off, off + n). */
typedef struct pword {
  size_t start, end, off, n;
  int sugg, defer;
} pword;

typedef struct runctx {
  const mtl_rule *rule;
  const spell_rule *sr;
  spell_state *st;
  mtl_lintctx *lc;
  tl_slot *tls;  /* this thread's tl_cache */
  size_t ti;     /* the token being checked */
  pname *names;  /* unknown names of the article (a near miss of another?) */
  size_t nnames, capnames;
  pword *words;  /* unknown lower-case words of the article */
  size_t nwords, capwords;
  mtl_buf wbuf;
  int oom;
} runctx;

/* spell_lookup.c */
int mtl_spell_lookup(spell_state *st, tl_slot *tls, const char *word, size_t n, int want_sugg,
                     verdict *v);

/* spell_suggest.c */
void mtl_spell_edit_suggest(spell_state *st, const char *w, size_t len, sugglist *sl);
void mtl_spell_rank(spell_state *st, sugglist *sl, const char *w);
int mtl_spell_each_variant(const char *w, size_t n, int (*found)(void *, const char *, size_t),
                           void *ctx);
size_t mtl_spell_name_key(const char *w, size_t n);
int mtl_spell_may_be_variant(const uint64_t *keys, const char *w, size_t n);

/* spell_word.c */
size_t mtl_spell_possessive_len(const char *s, size_t n);
int mtl_spell_check_word(const runctx *rc, size_t start, size_t end, const char *src, size_t srcn,
                         int only_verdict, int *known, int shape);
int mtl_spell_check_token(const runctx *rc, size_t ti);
size_t mtl_spell_join_invisible(const mtl_doc *doc, size_t ti, char *buf, size_t *n);

#endif
