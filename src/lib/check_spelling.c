/*
 * check_spelling.c - the `spelling` check kind, the one user of Hunspell.
 *
 * All spelling rules of an engine share one Hunspell handle (eng->spell):
 * the base dictionary (eng->base_dict, default en_US), every extra .dic
 * named by a rule or by the options (using the base affix flags), and the
 * words of every word list.  The handle is built while the engine is built
 * (in compile) and only read afterwards.
 *
 * Thread safety: mtl_lint may run on one engine from several threads.
 * Hunspell calls are serialised by a mutex; verdicts (known or not, and the
 * suggestions for unknown words) are cached in a hash table behind a
 * rwlock, so repeated words cost one lookup.  The cache stops growing at
 * CACHE_MAX entries; after that, uncached words go to Hunspell each time.
 *
 * What is checked: WORD tokens without digits, not ALL CAPS (acronyms), not
 * MiXed case (iPhone), in Latin script, not part of an address (@handle,
 * #tag, domain.com, a/path), at least min_length letters long.  Curly
 * apostrophes become straight ones and a possessive 's or trailing ' is
 * dropped.  Hyphenated words are checked whole, then part by part; only an
 * unknown part is flagged.  Unknown lower-case words get the rule's
 * severity and suggestions (see edit_suggest), {detail} "word"; unknown
 * Capitalised words (names) get capitalized_severity (never above the
 * rule's), no suggestions, {detail} "name".
 *
 * Suggestions depend on the word alone (never on what was linted before),
 * so output is the same with or without the cache.
 */
#include "internal.h"

#include <hunspell.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static const char *const spelling_keys[] = {"dictionaries", "wordlists", "max_suggestions",
                                            "capitalized_severity", "min_length", NULL};

/* One cached verdict.  sugg is set once (under the write lock) and never
 * changed afterwards, so a reader may use it after dropping the lock. */
typedef struct entry {
  uint64_t hash;
  int known;
  int have_sugg;
  char **sugg;
  size_t nsugg;
  size_t len;
  char word[];
} entry;

typedef struct spell_state {
  Hunhandle *h;
  pthread_mutex_t hlock;     /* guards h */
  pthread_rwlock_t clock;    /* guards the cache */
  entry **slots;             /* open addressing, linear probing */
  size_t cap, count;
  char **loaded;             /* dictionary and word list paths already added */
  size_t nloaded, caploaded;
  int locks_ok;
  unsigned long gen;         /* PERF: tells this state's entries in the thread caches */
  int reference;             /* MTL_REFERENCE: no thread caches */
  /* PERF: Hunspell is loaded on the first word it is asked about (under
   * hlock), so start-up, --list-rules and inputs without words skip the
   * ~30 ms it takes; files were checked when the rules were loaded. */
  char *aff, *dic;
  char **pending;            /* "d<path>" (add_dic) or "w<word>" (add), in order */
  size_t npending, cappending;
  int load_failed;
  int loading;               /* a thread is in load_hunspell (__atomic) */
} spell_state;

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
/* PERF: two ways: a word may sit in slot 2k or 2k + 1 (one cache line), the
 * one used last first; one way lost a fifth of a corpus's 800 words to
 * collisions. */
static _Thread_local tl_slot tl_cache[TL_SLOTS] __attribute__((aligned(64)));
static unsigned long spell_gens;  /* updated with __atomic builtins */

typedef struct spell_rule {
  int msg_sugg;      /* the message shows {suggestion}: never deferred */
  int max_sugg;
  int cap_sev;
  long min_len;
} spell_rule;

/* A verdict handed to run(): suggestions are borrowed from the cache or,
 * when owned is set, the caller's to free. */
typedef struct verdict {
  int known;
  char **sugg;
  size_t nsugg;
  int owned;
} verdict;

/* ------------------------------------------------------------------ */
/* Shared state.                                                       */

static void free_list(char **l, size_t n) {
  size_t i;
  if (!l)
    return;
  for (i = 0; i < n; i++)
    mtl_free(l[i]);
  mtl_free(l);
}

static void hs_destroy(Hunhandle *h);

void mtl_spell_free(void *spell) {
  spell_state *st = spell;
  size_t i;
  if (!st)
    return;
  if (st->h)
    hs_destroy(st->h);
  for (i = 0; i < st->npending; i++)
    mtl_free(st->pending[i]);
  mtl_free(st->pending);
  mtl_free(st->aff);
  mtl_free(st->dic);
  for (i = 0; i < st->cap; i++)
    if (st->slots[i]) {
      free_list(st->slots[i]->sugg, st->slots[i]->nsugg);
      mtl_free(st->slots[i]);
    }
  mtl_free(st->slots);
  for (i = 0; i < st->nloaded; i++)
    mtl_free(st->loaded[i]);
  mtl_free(st->loaded);
  if (st->locks_ok) {
    pthread_mutex_destroy(&st->hlock);
    pthread_rwlock_destroy(&st->clock);
  }
  mtl_free(st);
}

static int readable(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return 0;
  fclose(f);
  return 1;
}

/* A Hunspell .dic must start with a line holding the word count; Hunspell
 * itself would complain on stderr, so we check first. */
static int dic_header_ok(const char *path) {
  FILE *f = fopen(path, "rb");
  char line[64];
  size_t i = 0;
  int ok = 0;
  if (!f)
    return 0;
  if (fgets(line, sizeof line, f)) {
    if ((unsigned char)line[0] == 0xEF && (unsigned char)line[1] == 0xBB &&
        (unsigned char)line[2] == 0xBF)
      i = 3;
    while (line[i] >= '0' && line[i] <= '9') {
      i++;
      ok = 1;
    }
    if (line[i] != '\n' && line[i] != '\r' && line[i] != ' ' && line[i] != '\t' &&
        line[i] != '\0')
      ok = 0;
  }
  fclose(f);
  return ok;
}

/* Whether a base dictionary's .aff and .dic can be read and the .dic
 * starts as Hunspell wants. */
static int base_files_ok(const char *aff, const char *dic) {
  return readable(aff) && readable(dic) && dic_header_ok(dic);
}

static int was_loaded(spell_state *st, const char *path) {
  size_t i;
  for (i = 0; i < st->nloaded; i++)
    if (strcmp(st->loaded[i], path) == 0)
      return 1;
  return 0;
}

static int mark_loaded(spell_state *st, const char *path) {
  char *p = mtl_strdup(path);
  if (!p || mtl_grow((void **)&st->loaded, &st->caploaded, st->nloaded + 1, sizeof *st->loaded)) {
    mtl_free(p);
    return MTL_ENOMEM;
  }
  st->loaded[st->nloaded++] = p;
  return 0;
}

/* Hunspell keeps one process-wide table for UTF-8 dictionaries, counted
 * without a lock by every handle (and every added dictionary) as it is
 * made and destroyed: so creating, adding to and destroying handles take
 * this lock, whichever engine or thread they belong to. */
static pthread_mutex_t hunspell_global = PTHREAD_MUTEX_INITIALIZER;

static Hunhandle *hs_create(const char *aff, const char *dic) {
  Hunhandle *h;
  pthread_mutex_lock(&hunspell_global);
  h = Hunspell_create(aff, dic);
  pthread_mutex_unlock(&hunspell_global);
  return h;
}

static void hs_add_dic(Hunhandle *h, const char *dic) {
  pthread_mutex_lock(&hunspell_global);
  Hunspell_add_dic(h, dic);
  pthread_mutex_unlock(&hunspell_global);
}

static void hs_destroy(Hunhandle *h) {
  pthread_mutex_lock(&hunspell_global);
  Hunspell_destroy(h);
  pthread_mutex_unlock(&hunspell_global);
}

/* ------------------------------------------------------------------ */
/* A base dictionary loaded ahead of its engine (mtl_dictionary_prefetch). */

/* PERF: one per process.  A caller loads the base dictionary on one thread
 * while another builds the engine; the first spelling state whose .aff and
 * .dic paths are the same strings takes the handle over (waiting for it if
 * it is still loading) instead of loading its own. */
enum { PF_EMPTY, PF_LOADING, PF_READY, PF_SPENT };
static struct {
  pthread_mutex_t mu;
  pthread_cond_t loaded;
  int state;
  char *aff, *dic;
  Hunhandle *h;
} prefetched = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, PF_EMPTY, NULL, NULL, NULL};

/* The stem's .aff and .dic paths (NULL stem: the default), or MTL_ENOMEM. */
static int stem_paths(const char *base, char **aff, char **dic) {
  size_t n;
  if (!base || !*base)
    base = DEFAULT_BASE;
  n = strlen(base);
  *aff = mtl_malloc(n + 5);
  *dic = mtl_malloc(n + 5);
  if (!*aff || !*dic) {
    mtl_free(*aff);
    mtl_free(*dic);
    *aff = *dic = NULL;
    return MTL_ENOMEM;
  }
  memcpy(*aff, base, n);
  memcpy(*aff + n, ".aff", 5);
  memcpy(*dic, base, n);
  memcpy(*dic + n, ".dic", 5);
  return 0;
}

int mtl_dictionary_prefetch(const char *stem, mtl_error *err) {
  char *aff, *dic;
  Hunhandle *h;
  if (err)
    memset(err, 0, sizeof *err);
  if (stem_paths(stem, &aff, &dic))
    return mtl_seterr(err, MTL_ENOMEM, NULL, 0, 0, "out of memory");
  if (!base_files_ok(aff, dic)) {
    mtl_seterr(err, MTL_EDICT, NULL, 0, 0,
               "base dictionary %s (.aff and .dic) not found or not readable",
               stem && *stem ? stem : DEFAULT_BASE);
    mtl_free(aff);
    mtl_free(dic);
    return MTL_EDICT;
  }
  pthread_mutex_lock(&prefetched.mu);
  if (prefetched.state != PF_EMPTY) { /* one per process: already done */
    pthread_mutex_unlock(&prefetched.mu);
    mtl_free(aff);
    mtl_free(dic);
    return 0;
  }
  prefetched.state = PF_LOADING;
  prefetched.aff = aff;
  prefetched.dic = dic;
  pthread_mutex_unlock(&prefetched.mu);
  h = hs_create(aff, dic);
  pthread_mutex_lock(&prefetched.mu);
  prefetched.h = h;
  prefetched.state = h ? PF_READY : PF_SPENT;
  pthread_cond_broadcast(&prefetched.loaded);
  pthread_mutex_unlock(&prefetched.mu);
  return h ? 0 : mtl_seterr(err, MTL_EDICT, NULL, 0, 0, "Hunspell cannot load %s", dic);
}

void mtl_dictionary_prefetch_free(void) {
  Hunhandle *h;
  pthread_mutex_lock(&prefetched.mu);
  while (prefetched.state == PF_LOADING)
    pthread_cond_wait(&prefetched.loaded, &prefetched.mu);
  h = prefetched.h;
  prefetched.h = NULL;
  mtl_free(prefetched.aff);
  mtl_free(prefetched.dic);
  prefetched.aff = prefetched.dic = NULL;
  prefetched.state = PF_EMPTY;
  pthread_mutex_unlock(&prefetched.mu);
  if (h)
    hs_destroy(h);
}

int mtl_spell_prefetch_state(void) {
  int state;
  pthread_mutex_lock(&prefetched.mu);
  state = prefetched.state;
  pthread_mutex_unlock(&prefetched.mu);
  return state;
}

/* The prefetched handle for aff and dic, waiting for it if it is loading;
 * NULL if there is none for them (the caller loads its own). */
static Hunhandle *adopt_prefetched(const char *aff, const char *dic) {
  Hunhandle *h = NULL;
  pthread_mutex_lock(&prefetched.mu);
  if ((prefetched.state == PF_LOADING || prefetched.state == PF_READY) &&
      !strcmp(prefetched.aff, aff) && !strcmp(prefetched.dic, dic)) {
    while (prefetched.state == PF_LOADING)
      pthread_cond_wait(&prefetched.loaded, &prefetched.mu);
    h = prefetched.h;
    prefetched.h = NULL;
    prefetched.state = PF_SPENT;
  }
  pthread_mutex_unlock(&prefetched.mu);
  return h;
}

static int create_state(spell_state **out, const char *base, const mtl_build *b,
                        const mtl_ynode *where, mtl_error *err) {
  spell_state *st;
  char *aff = NULL, *dic = NULL;
  int rc = MTL_ENOMEM;
  *out = NULL;
  if (!base || !*base)
    base = DEFAULT_BASE;
  st = mtl_calloc(1, sizeof *st);
  if (st)
    st->gen = __atomic_add_fetch(&spell_gens, 1, __ATOMIC_RELAXED),
    st->reference = mtl_reference_mode();
  if (!st || stem_paths(base, &aff, &dic))
    goto done;
  if (!base_files_ok(aff, dic)) {
    rc = mtl_seterr(err, MTL_EDICT, b->file, where ? where->line : 0,
                    where ? where->column : 0,
                    "base dictionary %s (.aff and .dic) not found or not readable; "
                    "install hunspell-en-us or set another base dictionary",
                    base);
    goto done;
  }
  if (pthread_mutex_init(&st->hlock, NULL) != 0)
    goto done;
  if (pthread_rwlock_init(&st->clock, NULL) != 0) {
    pthread_mutex_destroy(&st->hlock);
    goto done;
  }
  st->locks_ok = 1;
  st->aff = aff;
  st->dic = dic;
  aff = dic = NULL;
  *out = st;
  st = NULL;
  rc = 0;
done:
  mtl_free(aff);
  mtl_free(dic);
  mtl_spell_free(st);
  return rc;
}

/* Queues a Hunspell_add_dic ('d') or Hunspell_add ('w') for load_hunspell. */
static int defer(spell_state *st, char op, const char *s, size_t n) {
  char *p = mtl_malloc(n + 2);
  if (!p || mtl_grow((void **)&st->pending, &st->cappending, st->npending + 1,
                     sizeof *st->pending)) {
    mtl_free(p);
    return MTL_ENOMEM;
  }
  p[0] = op;
  memcpy(p + 1, s, n);
  p[n + 1] = '\0';
  st->pending[st->npending++] = p;
  return 0;
}

/* Creates the Hunspell handle and replays the queued additions (caller
 * holds hlock).  0, or MTL_EDICT if Hunspell cannot load what passed the
 * loader's checks. */
static int load_hunspell(spell_state *st) {
  size_t i;
  if (st->h)
    return 0;
  if (st->load_failed)
    return MTL_EDICT;
  __atomic_store_n(&st->loading, 1, __ATOMIC_RELEASE);
  if (!(st->h = adopt_prefetched(st->aff, st->dic)) && !(st->h = hs_create(st->aff, st->dic))) {
    st->load_failed = 1;
    __atomic_store_n(&st->loading, 0, __ATOMIC_RELEASE);
    return MTL_EDICT;
  }
  for (i = 0; i < st->npending; i++) {
    if (st->pending[i][0] == 'd')
      hs_add_dic(st->h, st->pending[i] + 1);
    else
      Hunspell_add(st->h, st->pending[i] + 1);
  }
  __atomic_store_n(&st->loading, 0, __ATOMIC_RELEASE);
  return 0;
}

/* Whether a thread is loading Hunspell now (mtl_engine_loading). */
int mtl_spell_loading(const void *spell) {
  const spell_state *st = spell;
  return st && __atomic_load_n(&st->loading, __ATOMIC_ACQUIRE);
}

/* Loads Hunspell now (mtl_engine_preload): 0, or MTL_EDICT. */
int mtl_spell_preload(void *spell) {
  spell_state *st = spell;
  int rc;
  if (!st)
    return 0;
  pthread_mutex_lock(&st->hlock);
  rc = load_hunspell(st);
  pthread_mutex_unlock(&st->hlock);
  return rc;
}

static int add_dic(spell_state *st, const char *path, const char *file,
                   const mtl_ynode *where, mtl_error *err) {
  size_t line = where ? where->line : 0, col = where ? where->column : 0;
  if (was_loaded(st, path))
    return 0;
  if (!readable(path))
    return mtl_seterr(err, MTL_EDICT, file, line, col, "cannot read dictionary %s", path);
  if (!dic_header_ok(path))
    return mtl_seterr(err, MTL_EDICT, file, line, col,
                      "%s is not a Hunspell .dic file (the first line must be the word count)",
                      path);
  if (defer(st, 'd', path, strlen(path)))
    return MTL_ENOMEM;
  return mark_loaded(st, path);
}

/* Copies s[0..n) into out (size WORD_MAX + 1) with ’ folded to '; returns
 * the length, or 0 if it does not fit. */
static size_t fold_apostrophes(char *out, const char *s, size_t n) {
  size_t i = 0, o = 0;
  while (i < n) {
    if (i + 2 < n + 0 && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
        (unsigned char)s[i + 2] == 0x99) {
      if (o >= WORD_MAX)
        return 0;
      out[o++] = '\'';
      i += 3;
      continue;
    }
    if (o >= WORD_MAX)
      return 0;
    out[o++] = s[i++];
  }
  out[o] = '\0';
  return o;
}

static int add_wordlist(spell_state *st, const char *path, const char *file,
                        const mtl_ynode *where, mtl_error *err) {
  size_t line = where ? where->line : 0, col = where ? where->column : 0;
  char *data = NULL;
  size_t len = 0, i = 0;
  mtl_error rerr;
  int rc;
  if (was_loaded(st, path))
    return 0;
  memset(&rerr, 0, sizeof rerr);
  rc = mtl_read_file(&data, &len, path, &rerr);
  if (rc == MTL_ENOMEM)
    return rc;
  if (rc)
    return mtl_seterr(err, MTL_EDICT, file, line, col, "cannot read word list %s", path);
  if (len > WORDLIST_MAX) {
    mtl_free(data);
    return mtl_seterr(err, MTL_ELIMIT, file, line, col, "word list %s is larger than %u bytes",
                      path, WORDLIST_MAX);
  }
  if (mtl_utf8_validate(data, len) != len) {
    mtl_free(data);
    return mtl_seterr(err, MTL_EDICT, file, line, col, "word list %s is not valid UTF-8", path);
  }
  if (len >= 3 && (unsigned char)data[0] == 0xEF && (unsigned char)data[1] == 0xBB &&
      (unsigned char)data[2] == 0xBF)
    i = 3;
  while (i < len) {
    const char *nl = memchr(data + i, '\n', len - i);
    size_t end = nl ? (size_t)(nl - data) : len, s = i, e = end;
    const char *hash = memchr(data + s, '#', e - s);
    char w[WORD_MAX + 1];
    if (hash)
      e = (size_t)(hash - data);
    while (s < e && (data[s] == ' ' || data[s] == '\t' || data[s] == '\r'))
      s++;
    while (e > s && (data[e - 1] == ' ' || data[e - 1] == '\t' || data[e - 1] == '\r'))
      e--;
    if (e > s && fold_apostrophes(w, data + s, e - s) > 0 && defer(st, 'w', w, strlen(w))) {
      mtl_free(data);
      return MTL_ENOMEM;
    }
    i = end + 1;
  }
  mtl_free(data);
  return mark_loaded(st, path);
}

/* ------------------------------------------------------------------ */
/* The verdict cache.                                                  */

static entry *cache_find(const spell_state *st, const char *w, size_t n, uint64_t h) {
  size_t i;
  if (!st->cap)
    return NULL;
  for (i = (size_t)h & (st->cap - 1); st->slots[i]; i = (i + 1) & (st->cap - 1)) {
    entry *e = st->slots[i];
    if (e->hash == h && e->len == n && memcmp(e->word, w, n) == 0)
      return e;
  }
  return NULL;
}

/* Inserts e (not present); 0, or MTL_ENOMEM / MTL_ELIMIT when not kept. */
static int cache_insert(spell_state *st, entry *e) {
  size_t i;
  if (st->count >= CACHE_MAX)
    return MTL_ELIMIT;
  if ((st->count + 1) * 4 > st->cap * 3) {
    size_t ncap = st->cap ? st->cap * 2 : 1024, j;
    entry **ns = mtl_calloc(ncap, sizeof *ns);
    if (!ns)
      return MTL_ENOMEM;
    for (j = 0; j < st->cap; j++)
      if (st->slots[j]) {
        size_t k = (size_t)st->slots[j]->hash & (ncap - 1);
        while (ns[k])
          k = (k + 1) & (ncap - 1);
        ns[k] = st->slots[j];
      }
    mtl_free(st->slots);
    st->slots = ns;
    st->cap = ncap;
  }
  for (i = (size_t)e->hash & (st->cap - 1); st->slots[i]; i = (i + 1) & (st->cap - 1)) {
  }
  st->slots[i] = e;
  st->count++;
  return 0;
}

/* Suggestions being collected: unique, at most SUGG_COLLECT. */
typedef struct sugglist {
  char **v;
  size_t n;
  int oom;
} sugglist;

static int sugg_full(const sugglist *sl) { return sl->oom || sl->n >= SUGG_COLLECT; }

static void sugg_add(sugglist *sl, const char *s) {
  size_t i;
  if (sugg_full(sl))
    return;
  for (i = 0; i < sl->n; i++)
    if (strcmp(sl->v[i], s) == 0)
      return;
  if (!sl->v && !(sl->v = mtl_calloc(SUGG_COLLECT, sizeof *sl->v))) {
    sl->oom = 1;
    return;
  }
  if (!(sl->v[sl->n] = mtl_strdup(s))) {
    sl->oom = 1;
    return;
  }
  sl->n++;
}

/* Encodes cps[0..n) (with cps[skip] left out when skip < n) into out. */
static size_t encode_cps(char *out, const int32_t *cps, size_t n, size_t skip) {
  size_t i, o = 0;
  for (i = 0; i < n; i++)
    if (i != skip)
      o += (size_t)mtl_utf8_encode(cps[i], out + o);
  out[o] = '\0';
  return o;
}

/* Checks a candidate spelling and keeps it if Hunspell knows it. */
static void try_cand(spell_state *st, sugglist *sl, const int32_t *cps, size_t n) {
  char buf[(SUGG_WORD_MAX + 2) * 4 + 1];
  if (sugg_full(sl) || n == 0)
    return;
  encode_cps(buf, cps, n, (size_t)-1);
  if (Hunspell_spell(st->h, buf))
    sugg_add(sl, buf);
}

static const char try_letters[] = "esiarntolcdugmpfhbywkvxzjq'";

/* Fast suggestions for a lower-case word: the right case (putin -> Putin,
 * nato -> NATO) and nothing else when that is known; otherwise every known
 * word one edit away (a swap, a letter too many, a letter missing, a wrong
 * letter), else a split into two known words.  Each candidate costs one
 * Hunspell_spell (a few microseconds); Hunspell_suggest (tens of
 * milliseconds a word) is left to words with no candidate. */
static void edit_suggest(spell_state *st, const char *w, size_t len, sugglist *sl) {
  int32_t cps[SUGG_WORD_MAX + 2], c[SUGG_WORD_MAX + 2];
  size_t n = 0, i, j, k;
  while (len > 0 && n < SUGG_WORD_MAX) {
    int32_t cp;
    int l = mtl_utf8_decode(w, len, &cp);
    if (l <= 0)
      return;
    cps[n++] = cp;
    w += l;
    len -= (size_t)l;
  }
  if (len > 0 || n == 0)
    return;
  /* case */
  memcpy(c, cps, n * sizeof *c);
  c[0] = mtl_cp_toupper(c[0]);
  try_cand(st, sl, c, n);
  if (sl->n == 0 && n >= 2) { /* an acronym (Hunspell takes UKRAINE for Ukraine) */
    for (i = 1; i < n; i++)
      c[i] = mtl_cp_toupper(c[i]);
    try_cand(st, sl, c, n);
  }
  if (sl->n > 0)
    return; /* only the case was wrong */
  /* swaps */
  for (i = 0; i + 1 < n; i++) {
    if (cps[i] == cps[i + 1])
      continue;
    memcpy(c, cps, n * sizeof *c);
    c[i] = cps[i + 1];
    c[i + 1] = cps[i];
    try_cand(st, sl, c, n);
  }
  /* a letter too many */
  if (n > 2)
    for (i = 0; i < n; i++) {
      if (i > 0 && cps[i] == cps[i - 1])
        continue; /* same result as deleting the previous one */
      for (j = 0, k = 0; j < n; j++)
        if (j != i)
          c[k++] = cps[j];
      try_cand(st, sl, c, n - 1);
    }
  /* a letter missing */
  for (i = 0; i <= n; i++)
    for (j = 0; try_letters[j]; j++) {
      if (try_letters[j] == '\'' && (i == 0 || i == n))
        continue;
      memcpy(c, cps, i * sizeof *c);
      c[i] = (unsigned char)try_letters[j];
      memcpy(c + i + 1, cps + i, (n - i) * sizeof *c);
      try_cand(st, sl, c, n + 1);
    }
  /* a wrong letter */
  for (i = 0; i < n; i++)
    for (j = 0; try_letters[j]; j++) {
      if ((int32_t)(unsigned char)try_letters[j] == cps[i] ||
          (try_letters[j] == '\'' && (i == 0 || i + 1 == n)))
        continue;
      memcpy(c, cps, n * sizeof *c);
      c[i] = (unsigned char)try_letters[j];
      try_cand(st, sl, c, n);
    }
  /* two words run together, when nothing closer was found */
  for (i = 1; sl->n == 0 && i + 1 < n && !sugg_full(sl); i++) {
    char a[(SUGG_WORD_MAX + 2) * 4 + 1], b[(SUGG_WORD_MAX + 2) * 4 + 1];
    if ((i == 1 && cps[0] != 'a') || (i + 1 == n && cps[i] != 'a'))
      continue; /* one-letter words: only "a" */
    encode_cps(a, cps, i, (size_t)-1);
    encode_cps(b, cps + i, n - i, (size_t)-1);
    if (Hunspell_spell(st->h, a) && Hunspell_spell(st->h, b)) {
      char both[sizeof a + sizeof b + 1];
      snprintf(both, sizeof both, "%s %s", a, b);
      sugg_add(sl, both);
    }
  }
}

/* Keeps the candidates that start like w first (a typo seldom hits the
 * first letter: whic -> which before hic), in their order otherwise, and
 * at most SUGG_KEEP of them. */
static void rank(sugglist *sl, const char *w) {
  char *tmp[SUGG_COLLECT];
  size_t i, k = 0, wl;
  int32_t first, c;
  if (sl->n == 0)
    return;
  wl = strlen(w);
  if (mtl_utf8_decode(w, wl, &first) <= 0)
    first = -1;
  first = mtl_cp_tolower(first);
  for (i = 0; i < sl->n; i++)
    if (mtl_utf8_decode(sl->v[i], strlen(sl->v[i]), &c) > 0 && mtl_cp_tolower(c) == first)
      tmp[k++] = sl->v[i];
  for (i = 0; i < sl->n; i++)
    if (!(mtl_utf8_decode(sl->v[i], strlen(sl->v[i]), &c) > 0 && mtl_cp_tolower(c) == first))
      tmp[k++] = sl->v[i];
  for (i = SUGG_KEEP; i < k; i++)
    mtl_free(tmp[i]);
  if (k > SUGG_KEEP)
    k = SUGG_KEEP;
  memcpy(sl->v, tmp, k * sizeof *tmp);
  sl->n = k;
}

/* Asks Hunspell (caller holds hlock).  *sugg is NULL unless want_sugg. */
static int ask_hunspell(spell_state *st, const char *w, size_t n, int want_known,
                        int want_sugg, int *known, char ***sugg, size_t *nsugg) {
  sugglist sl;
  *sugg = NULL;
  *nsugg = 0;
  if (load_hunspell(st))
    return MTL_EDICT;
  if (want_known)
    *known = Hunspell_spell(st->h, w) != 0;
  if (!want_sugg || *known || n > SUGG_WORD_MAX)
    return 0;
  memset(&sl, 0, sizeof sl);
  edit_suggest(st, w, n, &sl);
  if (sl.n == 0 && !sl.oom) {
    char **list = NULL;
    int cnt = Hunspell_suggest(st->h, &list, w), i;
    for (i = 0; i < cnt; i++)
      sugg_add(&sl, list[i]);
    if (list)
      Hunspell_free_list(st->h, &list, cnt);
  }
  if (sl.oom) {
    free_list(sl.v, sl.n);
    return MTL_ENOMEM;
  }
  rank(&sl, w);
  *sugg = sl.v;
  *nsugg = sl.n;
  return 0;
}

/* PERF: the thread cache works on the word as 8-byte chunks, the last one
 * zero-padded; check_token builds them while it classifies the letters,
 * lookup from a copy.  A slot is picked from the first and last chunk and
 * the length with one multiply (a short dependency chain before the slot
 * is loaded), and holds the first chunk; entries keep their word
 * zero-padded to a multiple of 8 bytes, so the rest is compared a chunk at
 * a time.  The shared cache keeps mtl_hash. */
/* The last r (1..7) bytes of a word as a zero-padded chunk. */
static inline uint64_t load_tail(const char *s, size_t r) {
  uint64_t x = 0;
  memcpy(&x, s, r);
  return x;
}

/* The slot of a word of n bytes with first chunk w0 and last chunk wl (0
 * when there is one chunk). */
static inline size_t tl_index(uint64_t w0, uint64_t wl, size_t n) {
  uint64_t k = (w0 ^ (wl << 23 | wl >> 41)) + (uint64_t)n * 0xD6E8FEB86659FD93ULL;
  return (size_t)((k * 0x9E3779B97F4A7C15ULL) >> 52) & (TL_SLOTS - 1);
}

/* The first and last chunks of s[0..n), n >= 1. */
static void end_chunks(const char *s, size_t n, uint64_t *w0, uint64_t *wl) {
  size_t r = n & 7;
  *w0 = n >= 8 ? mtl_load8(s) : load_tail(s, n);
  *wl = n <= 8 ? 0 : r ? load_tail(s + n - r, r) : mtl_load8(s + n - 8);
}

/* Whether entry e holds the word s[0..n). */
static int entry_is(const entry *e, const char *s, size_t n) {
  size_t i;
  if (e->len != n)
    return 0;
  for (i = 0; i + 8 <= n; i += 8)
    if (mtl_load8(e->word + i) != mtl_load8(s + i))
      return 0;
  return i == n || mtl_load8(e->word + i) == load_tail(s + i, n - i);
}

/* The verdict for w[0..n) (n <= WORD_MAX, not NUL-terminated: it may be
 * the text itself); suggestions only when want_sugg.  tls: this thread's
 * tl_cache (one TLS look-up per run, not per word). */
static int lookup(spell_state *st, tl_slot *tls, const char *word, size_t n, int want_sugg,
                  verdict *v) {
  uint64_t h, w0, wl;
  entry *e;
  char **sugg = NULL;
  size_t nsugg = 0;
  int known = 0, have = 0, rc;
  tl_slot *tl, *pair;
  char w[WORD_MAX + 1];

  if (n == 0) {
    memset(v, 0, sizeof *v);
    return 0; /* callers never ask */
  }
  end_chunks(word, n, &w0, &wl);
  pair = &tls[tl_index(w0, wl, n) & ~(size_t)1];
  for (tl = pair; tl < pair + 2; tl++)
    if (tl->gen == st->gen && tl->len == n && tl->w0 == w0 && entry_is(tl->e, word, n)) {
      if (!tl->final && want_sugg)
        break;
      v->known = tl->known;
      /* a non-final entry's suggestions may be added meanwhile (under the
       * write lock): not read here, the caller wants none */
      v->sugg = tl->final ? tl->e->sugg : NULL;
      v->nsugg = tl->final ? tl->e->nsugg : 0;
      v->owned = 0;
      return 0;
    }
  memset(v, 0, sizeof *v);
  if (n > WORD_MAX)
    return 0; /* callers never ask */
  memcpy(w, word, n);
  w[n] = '\0';
  h = mtl_hash(w, n);
  pthread_rwlock_rdlock(&st->clock);
  e = cache_find(st, w, n, h);
  if (e) {
    known = e->known;
    if (known || !want_sugg || e->have_sugg) {
      v->known = known;
      v->sugg = e->sugg;
      v->nsugg = e->nsugg;
      /* PERF: non-final entries (unknown names) go to the thread cache
       * too, for callers that want no suggestions */
      if (!st->reference) {
        /* e's own slot if it has one, else the pair's first (the other
         * one moves to the second) */
        tl = pair[1].gen == st->gen && pair[1].e == e ? &pair[1] : &pair[0];
        if (tl == &pair[0] && !(pair[0].gen == st->gen && pair[0].e == e))
          pair[1] = pair[0];
        tl->w0 = mtl_load8(e->word);
        tl->len = (uint32_t)n;
        tl->known = (uint16_t)known;
        tl->final = known || e->have_sugg;
        tl->gen = st->gen;
        tl->e = e;
      }
      pthread_rwlock_unlock(&st->clock);
      return 0;
    }
    have = 1; /* known verdict, suggestions missing */
  }
  pthread_rwlock_unlock(&st->clock);

  pthread_mutex_lock(&st->hlock);
  rc = ask_hunspell(st, w, n, !have, want_sugg, &known, &sugg, &nsugg);
  pthread_mutex_unlock(&st->hlock);
  if (rc)
    return rc;

  pthread_rwlock_wrlock(&st->clock);
  e = cache_find(st, w, n, h);
  if (e) {
    if (want_sugg && !e->known && !e->have_sugg) {
      e->sugg = sugg;
      e->nsugg = nsugg;
      e->have_sugg = 1;
      sugg = NULL;
    }
    v->known = e->known;
    v->sugg = e->sugg;
    v->nsugg = e->nsugg;
  } else {
    e = mtl_malloc(sizeof *e + ((n + 8) & ~(size_t)7)); /* zero-padded, see tl_index */
    if (e) {
      memset(e->word + n, 0, ((n + 8) & ~(size_t)7) - n);
      e->hash = h;
      e->known = known;
      e->have_sugg = want_sugg || known;
      e->sugg = sugg;
      e->nsugg = nsugg;
      e->len = n;
      memcpy(e->word, w, n);
      if (cache_insert(st, e) == 0) {
        sugg = NULL;
        v->known = known;
        v->sugg = e->sugg;
        v->nsugg = e->nsugg;
      } else {
        mtl_free(e);
        e = NULL;
      }
    }
    if (!e) { /* not cached: hand the result over */
      v->known = known;
      v->sugg = sugg;
      v->nsugg = nsugg;
      v->owned = 1;
      sugg = NULL;
    }
  }
  pthread_rwlock_unlock(&st->clock);
  free_list(sugg, nsugg);
  return 0;
}

/* ------------------------------------------------------------------ */
/* compile / free.                                                     */

static int spelling_compile(mtl_rule *rule, const mtl_ynode *map, mtl_build *b,
                            mtl_error *err) {
  spell_rule *sr = NULL;
  spell_state *st;
  const mtl_ynode *n, **items = NULL;
  size_t count = 0, i;
  char *path = NULL;
  int rc;

  sr = mtl_calloc(1, sizeof *sr);
  if (!sr)
    return MTL_ENOMEM;
  sr->max_sugg = 3;
  sr->msg_sugg = rule->info.message && strstr(rule->info.message, "{suggestion}") != NULL;
  sr->cap_sev = MTL_SEV_INFO;
  sr->min_len = 2;

  if ((n = mtl_ynode_get(map, "max_suggestions")) != NULL) {
    long v;
    if ((rc = mtl_y_int(n, b->file, "max_suggestions", 0, SUGG_KEEP, &v, err)) != 0)
      goto fail;
    sr->max_sugg = (int)v;
  }
  if ((n = mtl_ynode_get(map, "min_length")) != NULL) {
    if ((rc = mtl_y_int(n, b->file, "min_length", 1, WORD_MAX, &sr->min_len, err)) != 0)
      goto fail;
  }
  if ((n = mtl_ynode_get(map, "capitalized_severity")) != NULL) {
    const char *s;
    if ((rc = mtl_y_string(n, b->file, "capitalized_severity", &s, err)) != 0)
      goto fail;
    sr->cap_sev = mtl_severity_parse(s);
    if (!sr->cap_sev) {
      rc = mtl_seterr(err, MTL_ESCHEMA, b->file, n->line, n->column,
                      "capitalized_severity must be error, warning or info, not '%s'", s);
      goto fail;
    }
  }

  /* The shared handle: created by the first spelling rule. */
  if (!b->eng->spell) {
    if ((rc = create_state(&st, b->eng->base_dict, b, map, err)) != 0)
      goto fail;
    b->eng->spell = st;
  }
  st = b->eng->spell;

  /* Dictionaries and word lists from the options (idempotent). */
  for (i = 0; i < b->eng->ndicts; i++)
    if ((rc = add_dic(st, b->eng->dicts[i], b->eng->dicts[i], NULL, err)) != 0)
      goto fail;
  for (i = 0; i < b->eng->nwordlists; i++)
    if ((rc = add_wordlist(st, b->eng->wordlists[i], b->eng->wordlists[i], NULL, err)) != 0)
      goto fail;

  if ((n = mtl_ynode_get(map, "dictionaries")) != NULL) {
    if ((rc = mtl_y_strings(n, b->file, "dictionaries", &items, &count, err)) != 0)
      goto fail;
    for (i = 0; i < count; i++) {
      path = mtl_build_path(b, items[i]->value);
      if (!path) {
        rc = MTL_ENOMEM;
        goto fail;
      }
      if ((rc = add_dic(st, path, b->file, items[i], err)) != 0)
        goto fail;
      mtl_free(path);
      path = NULL;
    }
  }
  if ((n = mtl_ynode_get(map, "wordlists")) != NULL) {
    if ((rc = mtl_y_strings(n, b->file, "wordlists", &items, &count, err)) != 0)
      goto fail;
    for (i = 0; i < count; i++) {
      path = mtl_build_path(b, items[i]->value);
      if (!path) {
        rc = MTL_ENOMEM;
        goto fail;
      }
      if ((rc = add_wordlist(st, path, b->file, items[i], err)) != 0)
        goto fail;
      mtl_free(path);
      path = NULL;
    }
  }
  rule->data = sr;
  rule->para_local = 1; /* a word's verdict needs its token and neighbours only */
  return 0;
fail:
  mtl_free(path);
  mtl_free(sr);
  return rc;
}

static void spelling_free(mtl_rule *rule) {
  mtl_free(rule->data);
  rule->data = NULL;
}

/* ------------------------------------------------------------------ */
/* run.                                                                */

static int32_t cp_at(const char *t, size_t len, size_t i, int *k) {
  int32_t cp;
  if (i >= len) {
    *k = 0;
    return -2;
  }
  if ((unsigned char)t[i] < 0x80) {
    *k = 1;
    return (unsigned char)t[i];
  }
  *k = mtl_utf8_decode(t + i, len - i, &cp);
  if (*k < 0) {
    *k = 1;
    return -1;
  }
  return cp;
}

static int is_latin_letter(int32_t cp) {
  return cp < 0x250 || (cp >= 0x1E00 && cp <= 0x1EFF) || (cp >= 0x300 && cp <= 0x36F);
}

/* PERF: the bytes that make a word part of an address, as one table:
 * ADDR_BEFORE right before it, ADDR_AFTER right after it, ADDR_DOT (a full
 * stop) on either side when words touch it; most words have none. */
enum { ADDR_BEFORE = 1, ADDR_AFTER = 2, ADDR_DOT = 4 };
static const unsigned char addr_byte[256] = {
    ['@'] = ADDR_BEFORE | ADDR_AFTER, ['#'] = ADDR_BEFORE, ['_'] = ADDR_BEFORE | ADDR_AFTER,
    ['/'] = ADDR_BEFORE | ADDR_AFTER, ['\\'] = ADDR_BEFORE | ADDR_AFTER,
    ['='] = ADDR_BEFORE | ADDR_AFTER, ['&'] = ADDR_BEFORE, ['~'] = ADDR_BEFORE,
    ['%'] = ADDR_BEFORE, ['.'] = ADDR_DOT};

/* Whether the word token i sits inside an address: @handle, #tag,
 * name.domain, a/path, snake_case. */
static int in_address(const mtl_doc *doc, size_t i) {
  const mtl_token *t = &doc->toks[i];
  const char *s = doc->text;
  unsigned before = t->start > 0 ? addr_byte[(unsigned char)s[t->start - 1]] : 0;
  unsigned after = t->end < doc->len ? addr_byte[(unsigned char)s[t->end]] : 0;
  if ((before & ADDR_BEFORE) || (after & ADDR_AFTER))
    return 1;
  /* word.word with no space: a domain, a file name, a missing space... */
  if ((before & ADDR_DOT) && t->start >= 2 && i >= 2 && doc->toks[i - 1].end == t->start &&
      doc->toks[i - 2].end + 1 == t->start && doc->toks[i - 2].kind == MTL_TOK_WORD)
    return 1;
  if ((after & ADDR_DOT) && t->end + 1 < doc->len && i + 2 < doc->ntoks &&
      doc->toks[i + 2].start == t->end + 1 && doc->toks[i + 2].kind == MTL_TOK_WORD &&
      !(doc->toks[i + 2].flags & MTL_TF_CAP))
    return 1;
  return 0;
}

typedef struct runctx {
  const mtl_rule *rule;
  const spell_rule *sr;
  spell_state *st;
  mtl_lintctx *lc;
  tl_slot *tls;  /* this thread's tl_cache */
} runctx;

/* Letter shape of s[0..n): 0 skip, 1 lower, 2 Capitalised. */
static int shape_of(const runctx *rc, const char *s, size_t n) {
  size_t i = 0, letters = 0, uppers = 0, lowers = 0;
  int first_up = 0;
  while (i < n) {
    int k;
    int32_t cp = cp_at(s, n, i, &k);
    if (cp < 0)
      return 0;
    if (mtl_cp_is_digit(cp))
      return 0;
    if (mtl_cp_is_letter(cp)) {
      if (!is_latin_letter(cp))
        return 0;
      if (mtl_cp_is_upper(cp)) {
        if (letters == 0)
          first_up = 1;
        uppers++;
      } else if (mtl_cp_is_lower(cp)) {
        lowers++;
      }
      letters++;
    }
    i += (size_t)k;
  }
  if ((long)letters < rc->sr->min_len || letters == 0)
    return 0;
  if (uppers >= 2 && lowers == 0)
    return 0; /* ALLCAPS: an acronym */
  if (uppers > (size_t)first_up)
    return 0; /* MiXed case */
  return first_up ? 2 : 1;
}

/* Length of a possessive ending ('s, ’s) at the end of s[0..n), else 0. */
static size_t possessive_len(const char *s, size_t n) {
  if (n >= 3 && (s[n - 1] == 's' || s[n - 1] == 'S') && s[n - 2] == '\'')
    return 2;
  if (n >= 5 && (s[n - 1] == 's' || s[n - 1] == 'S') && (unsigned char)s[n - 4] == 0xE2 &&
      (unsigned char)s[n - 3] == 0x80 && (unsigned char)s[n - 2] == 0x99)
    return 4;
  if (n >= 2 && s[n - 1] == '\'')
    return 1;
  if (n >= 4 && (unsigned char)s[n - 3] == 0xE2 && (unsigned char)s[n - 2] == 0x80 &&
      (unsigned char)s[n - 1] == 0x99)
    return 3;
  return 0;
}

/* Checks text[start, end).  only_verdict: report nothing, just set *known.
 * shape: the span's shape_of when the caller knows it and the span needs no
 * folding (plain ASCII letters), else -1.  Returns 0 or MTL_ENOMEM. */
static int check_span(const runctx *rc, size_t start, size_t end, int only_verdict, int *known,
                      int shape) {
  const char *text = rc->lc->doc->text, *w = text + start;
  char buf[WORD_MAX + 1];
  size_t n = end - start;
  int err, sev, sugg, defer;
  verdict v;
  *known = 1;
  if (n > WORD_MAX)
    return 0;
  if (shape < 0) {
    shape = shape_of(rc, text + start, n);
    if (!shape)
      return 0;
    n = fold_apostrophes(buf, text + start, n);
    w = buf;
  }
  if (!shape || !n)
    return 0;
  /* MTL_LINT_NO_SUGGEST (typing in the language server): the finding is
   * marked deferred and its suggestions are left for a later lint; the
   * cached ones are not used either, so the output does not depend on what
   * was linted before.  Long words never get any, so are not deferred. */
  sugg = !only_verdict && shape == 1 && rc->sr->max_sugg > 0;
  defer = sugg && (rc->lc->flags & MTL_LINT_NO_SUGGEST) && !rc->sr->msg_sugg &&
          n <= SUGG_WORD_MAX;
  err = lookup(rc->st, rc->tls, w, n, sugg && !defer, &v);
  if (err)
    return err;
  *known = v.known;
  if (!v.known && !only_verdict) {
    size_t ns = v.nsugg < (size_t)rc->sr->max_sugg ? v.nsugg : (size_t)rc->sr->max_sugg;
    if (defer)
      ns = 0;
    if (shape == 2) {
      sev = rc->sr->cap_sev;
      if (sev > (int)rc->rule->info.severity)
        sev = (int)rc->rule->info.severity;
      err = mtl_emit(rc->lc, rc->rule, start, end, NULL, 0, "name", sev);
    } else {
      err = mtl_emit_ex(rc->lc, rc->rule, start, end, (const char *const *)v.sugg, ns, "word",
                        0, defer ? MTL_FF_SUGG_DEFERRED : 0);
    }
    if (v.owned)
      free_list(v.sugg, v.nsugg);
    return err;
  }
  if (v.owned)
    free_list(v.sugg, v.nsugg);
  return 0;
}

#if defined(__BYTE_ORDER__) && defined(__ORDER_LITTLE_ENDIAN__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/* shape_of for s[0..n) when it is all ASCII letters (room: bytes readable
 * from s, whole chunks are loaded), 0 as well when such a word is known by
 * this thread's cache; -1 for any other word (or no room), for the full
 * path. */
/* 0 when every byte of y is an ASCII letter (y | 0x20 in 'a'..'z'), else
 * not 0.  A byte with bit 7 set is caught by the first term (the sums may
 * carry into the next byte then, which does not matter). */
static inline uint64_t not_letters(uint64_t y) {
  uint64_t l = y | 0x20 * MTL_ONES;
  return (y & MTL_HIGHS) |
         (((l + 0x1F * MTL_ONES) & ~(l + 0x05 * MTL_ONES) & MTL_HIGHS) ^ MTL_HIGHS);
}

static int ascii_shape(const char *s, size_t n, size_t room, long min_len, const runctx *rc) {
  uint64_t ch[(WORD_MAX + 7) / 8], y, up0, up, w0, wl = 0;
  size_t i, nch = (n + 7) / 8;
  const tl_slot *tl;
  int shape;
  if (n - 1 >= WORD_MAX || nch * 8 > room) /* n == 0 wraps */
    return -1;
  if (n <= 8) { /* most words: one chunk, no loop */
    uint64_t m = ~0ULL >> (64 - 8 * n);
    w0 = mtl_load8(s) & m;
    y = w0 | (0x61 * MTL_ONES & ~m); /* padding reads as 'a' */
    if (not_letters(y))
      return -1;
    up0 = ~y & 0x20 * MTL_ONES; /* upper case letters */
    up = 0;
  } else {
    for (i = 0, up = 0; i < nch; i++) {
      uint64_t m = i + 1 < nch || !(n & 7) ? ~0ULL : ~0ULL >> (64 - 8 * (n & 7));
      uint64_t x = mtl_load8(s + 8 * i) & m;
      y = x | (0x61 * MTL_ONES & ~m);
      if (not_letters(y))
        return -1;
      up |= i ? ~y & 0x20 * MTL_ONES : 0;
      ch[i] = x;
    }
    w0 = ch[0];
    wl = ch[nch - 1];
    up0 = ~w0 & 0x20 * MTL_ONES;
  }
  /* shape_of: lower, or Capitalised (the first letter the one upper case) */
  shape = up ? 0 : up0 == 0 ? 1 : up0 == 0x20 ? 2 : 0;
  if (!shape || (long)n < min_len)
    return 0;
  tl = &rc->tls[tl_index(w0, wl, n) & ~(size_t)1];
  if (tl->w0 != w0 || tl->len != n || tl->gen != rc->st->gen) {
    tl++;
    if (tl->w0 != w0 || tl->len != n || tl->gen != rc->st->gen)
      return shape;
  }
  for (i = 1; i < nch; i++)
    if (mtl_load8(tl->e->word + 8 * i) != ch[i])
      return shape;
  return tl->known ? 0 : shape;
}
#else
static int ascii_shape(const char *s, size_t n, size_t room, long min_len, const runctx *rc) {
  (void)s, (void)n, (void)room, (void)min_len, (void)rc;
  return -1;
}
#endif

static int is_hyphen_at(const char *s, size_t len, size_t i, int *k) {
  int32_t cp = cp_at(s, len, i, k);
  return cp == '-' || cp == 0x2011;
}

static int check_token(const runctx *rc, size_t ti) {
  const mtl_doc *doc = rc->lc->doc;
  const mtl_token *t = &doc->toks[ti];
  const char *s = doc->text;
  size_t start = t->start, end = t->end, i, part;
  int known, err, hyph = 0, k;

  if (t->kind != MTL_TOK_WORD || (t->flags & (MTL_TF_DIGIT | MTL_TF_ALLCAPS)))
    return 0;
  if (in_address(doc, ti))
    return 0;
  /* PERF: most words are plain ASCII letters: no possessive, no hyphen,
   * nothing to fold, their shape comes from one pass over 8-byte chunks,
   * and a known one is found in the thread cache right here. */
  if (!rc->st->reference) { /* MTL_REFERENCE: shape_of, for equiv.sh */
    int shape = ascii_shape(s + start, end - start, doc->len - start, rc->sr->min_len, rc);
    if (shape >= 0)
      return shape ? check_span(rc, start, end, 0, &known, shape) : 0;
  }
  end -= possessive_len(s + start, end - start);

  for (i = start; i < end; i += (size_t)k) {
    if (is_hyphen_at(s, end, i, &k)) {
      hyph = 1;
      break;
    }
    if (k <= 0)
      k = 1;
  }
  if (!hyph)
    return check_span(rc, start, end, 0, &known, -1);

  /* Hyphenated: the whole word first (vis-à-vis, full-scale), then parts. */
  if (end - start <= WORD_MAX) {
    char w[WORD_MAX + 1];
    size_t n = fold_apostrophes(w, s + start, end - start);
    verdict v;
    if (n) {
      if ((err = lookup(rc->st, rc->tls, w, n, 0, &v)) != 0)
        return err;
      if (v.owned)
        free_list(v.sugg, v.nsugg);
      if (v.known)
        return 0;
    }
  }
  part = start;
  for (i = start; i <= end; i += (size_t)k) {
    if (i == end || is_hyphen_at(s, end, i, &k)) {
      if (i > part && (err = check_span(rc, part, i, 0, &known, -1)) != 0)
        return err;
      if (i == end)
        break;
      part = i + (size_t)k;
    }
    if (k <= 0)
      k = 1;
  }
  return 0;
}

static int spelling_run(const mtl_rule *rule, mtl_lintctx *lc) {
  runctx rc;
  size_t i;
  int err;
  rc.rule = rule;
  rc.sr = rule->data;
  rc.st = lc->eng->spell;
  rc.lc = lc;
  rc.tls = tl_cache;
  if (!rc.sr || !rc.st)
    return 0;
  for (i = 0; i < lc->doc->ntoks; i++)
    if ((err = check_token(&rc, i)) != 0)
      return err;
  return 0;
}

const mtl_check_kind mtl_check_spelling = {
    "spelling", spelling_keys, spelling_compile, spelling_run, spelling_free,
};
