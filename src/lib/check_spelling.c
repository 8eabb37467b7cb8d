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
                                            "capitalized_severity", "min_length", "us_words",
                                            "gb_words", "gb_dictionary", "phrases", "names",
                                            "report", NULL};

/* One cached verdict.  sugg is set once (under the write lock) and never
 * changed afterwards, so a reader may use it after dropping the lock. */
typedef struct entry {
  uint64_t hash;
  int known;
  int var;          /* VAR_*: the variety a known word marks */
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
  Hunhandle *gb;
  int gb_failed;
  /* Fixed foreign phrases (de facto): words, lower case, each phrase's
   * words NUL-separated, phrases ending in an empty word. */
  mtl_buf phrases;
  size_t nphrases;
  mtl_lexicon *phrase_words; /* every word of a phrase: a quick no */
  /* Names (gazetteer) that an unknown name may be a near miss of. */
  mtl_lexicon *names;
  mtl_buf names_buf;
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
/* PERF: two ways: a word may sit in slot 2k or 2k + 1 (one cache line), the
 * one used last first; one way lost a fifth of a corpus's 800 words to
 * collisions. */
static _Thread_local tl_slot tl_cache[TL_SLOTS] __attribute__((aligned(64)));
static unsigned long spell_gens;  /* updated with __atomic builtins */

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
  if (st->gb)
    hs_destroy(st->gb);
  mtl_free(st->gb_aff);
  mtl_free(st->gb_dic);
  mtl_free(st->us_words);
  mtl_free(st->gb_words);
  mtl_buf_free(&st->user);
  mtl_lexicon_free(st->lex);
  mtl_lexicon_free(st->ulex);
  mtl_lexicon_free(st->names);
  mtl_lexicon_free(st->phrase_words);
  mtl_buf_free(&st->phrases);
  mtl_buf_free(&st->names_buf);
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

/* Builds the lexicon from the big lists and the user's words (caller holds
 * hlock); 0 or MTL_ENOMEM.  A list that cannot be read now (it could be
 * when the rules were loaded) is left out. */
static int load_lexicon(spell_state *st) {
  mtl_error e;
  const char *paths[2];
  unsigned flags[2];
  size_t n = 0;
  char *copy;
  int rc;
  if (st->lex || st->ulex || (!st->us_words && !st->gb_words && !st->user.len))
    return 0;
  memset(&e, 0, sizeof e);
  if (st->us_words)
    paths[n] = st->us_words, flags[n++] = MTL_LEX_US;
  if (st->gb_words)
    paths[n] = st->gb_words, flags[n++] = MTL_LEX_GB;
  if (n && (rc = mtl_lexicon_build(&st->lex, paths, flags, n, &e)) == MTL_ENOMEM)
    return rc;
  if (st->user.len) {
    if (st->user.oom || mtl_lexicon_new(&st->ulex) || !(copy = mtl_malloc(st->user.len + 1)))
      return MTL_ENOMEM;
    memcpy(copy, st->user.data, st->user.len);
    copy[st->user.len] = '\0';
    if ((rc = mtl_lexicon_add_words(st->ulex, copy, st->user.len,
                                    MTL_LEX_US | MTL_LEX_GB | MTL_LEX_USER)) == MTL_ENOMEM)
      return rc;
  }
  return 0;
}

/* The lexicons' flags for w[0..n): the big lists' and the user's words'. */
static unsigned lexf(const spell_state *st, const char *w, size_t n) {
  return mtl_lexicon_flags(st->lex, w, n) | mtl_lexicon_flags(st->ulex, w, n);
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
  i = (size_t)load_lexicon(st);
  __atomic_store_n(&st->loading, 0, __ATOMIC_RELEASE);
  return (int)i;
}

/* Whether a thread is loading Hunspell now (mtl_engine_loading). */
int mtl_spell_loading(const void *spell) {
  const spell_state *st = spell;
  return st && __atomic_load_n(&st->loading, __ATOMIC_ACQUIRE);
}

static Hunhandle *gb_handle(spell_state *st);

/* Loads Hunspell (en_US, and en_GB when named) and the lexicon now
 * (mtl_engine_preload): 0, or MTL_EDICT. */
int mtl_spell_preload(void *spell) {
  spell_state *st = spell;
  int rc;
  if (!st)
    return 0;
  pthread_mutex_lock(&st->hlock);
  rc = load_hunspell(st);
  if (!rc)
    (void)gb_handle(st); /* a failure shows as en_GB knowing nothing */
  pthread_mutex_unlock(&st->hlock);
  return rc;
}

/* Appends the stems of a .dic (the words before their /FLAGS) to st->user,
 * for the lexicon: suggestions find them.  0, or MTL_ENOMEM (a file that
 * cannot be read adds nothing: Hunspell reads it). */
static int dic_stems(spell_state *st, const char *path) {
  char *data = NULL;
  size_t len = 0, i;
  mtl_error rerr;
  if (mtl_read_file(&data, &len, path, &rerr))
    return 0;
  if (len > WORDLIST_MAX || mtl_utf8_validate(data, len) != len) {
    mtl_free(data);
    return 0;
  }
  i = 0;
  while (i < len && data[i] != '\n') /* the count */
    i++;
  while (i < len) {
    size_t s = ++i, e;
    while (i < len && data[i] != '\n')
      i++;
    for (e = s; e < i && data[e] != '/' && data[e] != '\t' && data[e] != ' ' && data[e] != '\r';)
      e++;
    if (e > s && e - s <= WORD_MAX) {
      size_t f = e;
      int plural = 0;
      mtl_buf_put(&st->user, data + s, e - s);
      mtl_buf_putc(&st->user, '\n');
      /* the flags: M (possessive) needs nothing, the checker drops 's;
       * S (plural) adds the plural form; any other flag sends names to
       * Hunspell (affix_names) */
      if (f < i && data[f] == '/')
        for (f++; f < i && data[f] != '\r' && data[f] != ' ' && data[f] != '\t'; f++) {
          if (data[f] == 'S')
            plural = 1;
          else if (data[f] != 'M')
            st->affix_names = 1;
        }
      if (plural) {
        char last = data[e - 1], before = e - s >= 2 ? data[e - 2] : 'a';
        if (last == 'y' && !strchr("aeiou", before)) {
          mtl_buf_put(&st->user, data + s, e - s - 1);
          mtl_buf_puts(&st->user, "ies\n");
        } else {
          mtl_buf_put(&st->user, data + s, e - s);
          mtl_buf_puts(&st->user, strchr("sxz", last) || (last == 'h' && strchr("cs", before))
                                      ? "es\n"
                                      : "s\n");
        }
      }
    }
  }
  mtl_free(data);
  return st->user.oom ? MTL_ENOMEM : 0;
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
  if (dic_stems(st, path))
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
    if (e > s && fold_apostrophes(w, data + s, e - s) > 0) {
      if (defer(st, 'w', w, strlen(w))) {
        mtl_free(data);
        return MTL_ENOMEM;
      }
      mtl_buf_puts(&st->user, w);
      mtl_buf_putc(&st->user, '\n');
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

static int sugg_full(const sugglist *sl) { return sl->oom || sl->n >= SUGG_COLLECT; }

static void sugg_add(sugglist *sl, const char *s, int cls) {
  size_t i;
  if (sugg_full(sl))
    return;
  for (i = 0; i < sl->n; i++)
    if (strcmp(sl->v[i], s) == 0) {
      if (cls < sl->cls[i])
        sl->cls[i] = (unsigned char)cls;
      return;
    }
  if (!sl->v && !(sl->v = mtl_calloc(SUGG_COLLECT, sizeof *sl->v))) {
    sl->oom = 1;
    return;
  }
  if (!(sl->v[sl->n] = mtl_strdup(s))) {
    sl->oom = 1;
    return;
  }
  sl->cls[sl->n] = (unsigned char)cls;
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

/* Whether w (n bytes, NUL-terminated) is a known word for suggestions: in
 * the lexicon when there is one (a hash look-up), else Hunspell's verdict
 * (caller holds hlock). */
static int cand_known(spell_state *st, const char *w, size_t n) {
  if (st->lex)
    return lexf(st, w, n) != 0;
  return Hunspell_spell(st->h, w) != 0;
}

/* Checks a candidate spelling and keeps it if it is known. */
static void try_cand(spell_state *st, sugglist *sl, const int32_t *cps, size_t n, int cls) {
  char buf[(SUGG_WORD_MAX + 2) * 4 + 1];
  size_t len;
  if (sugg_full(sl) || n == 0)
    return;
  len = encode_cps(buf, cps, n, (size_t)-1);
  if (cand_known(st, buf, len))
    sugg_add(sl, buf, cls);
}

static const char try_letters[] = "esiarntolcdugmpfhbywkvxzjq'";

/* Whether keys a and b are neighbours on a QWERTY keyboard. */
static int key_near(int32_t a, int32_t b) {
  static const char *const near[26] = {
      "qwsz", "vghn", "xdfv", "serfcx", "wrsd", "drtgvc", "ftyhbv", "gyujnb", "uojk",
      "huikmn", "jiolm", "kop", "njk", "bhjm", "ipkl", "ol", "wa", "etdf", "awedxz", "ryfg",
      "yihj", "cfgb", "qeas", "zsdc", "tugh", "asx"};
  if (a < 'a' || a > 'z' || b < 'a' || b > 'z')
    return 0;
  return strchr(near[a - 'a'], (int)b) != NULL;
}

/* Fast suggestions for a lower-case word: the right case (putin -> Putin,
 * nato -> NATO) and nothing else when that is known; otherwise every known
 * word one edit away (a swap, a letter too many, a letter missing, a wrong
 * letter), else a split into two known words.  PERF: with a lexicon each
 * candidate is a hash look-up (about 27 per letter of the word); nothing
 * else is tried, so a word with no near neighbour gets no suggestion and
 * the cost is linear in the word's length (issue: linear time). */
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
  /* case: Hunspell's verdict too (it knows the case rules of its words) */
  memcpy(c, cps, n * sizeof *c);
  c[0] = mtl_cp_toupper(c[0]);
  {
    char buf[(SUGG_WORD_MAX + 2) * 4 + 1];
    size_t bl = encode_cps(buf, c, n, (size_t)-1);
    if (cand_known(st, buf, bl) || Hunspell_spell(st->h, buf))
      sugg_add(sl, buf, EDIT_CASE);
    if (sl->n == 0 && n >= 2) { /* an acronym (Hunspell takes UKRAINE for Ukraine) */
      for (i = 1; i < n; i++)
        c[i] = mtl_cp_toupper(c[i]);
      bl = encode_cps(buf, c, n, (size_t)-1);
      if (cand_known(st, buf, bl) || Hunspell_spell(st->h, buf))
        sugg_add(sl, buf, EDIT_CASE);
    }
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
    try_cand(st, sl, c, n, EDIT_SWAP);
  }
  /* a letter too many */
  if (n > 2)
    for (i = 0; i < n; i++) {
      if (i > 0 && cps[i] == cps[i - 1])
        continue; /* same result as deleting the previous one */
      for (j = 0, k = 0; j < n; j++)
        if (j != i)
          c[k++] = cps[j];
      try_cand(st, sl, c, n - 1, i + 1 < n && cps[i] == cps[i + 1] ? EDIT_DOUBLE : EDIT_EXTRA);
    }
  /* a letter missing */
  for (i = 0; i <= n; i++)
    for (j = 0; try_letters[j]; j++) {
      int32_t l = (unsigned char)try_letters[j];
      if (try_letters[j] == '\'' && (i == 0 || i == n))
        continue;
      memcpy(c, cps, i * sizeof *c);
      c[i] = l;
      memcpy(c + i + 1, cps + i, (n - i) * sizeof *c);
      try_cand(st, sl, c, n + 1,
               (i > 0 && cps[i - 1] == l) || (i < n && cps[i] == l) ? EDIT_DOUBLE
                                                                     : EDIT_MISSING);
    }
  /* a wrong letter */
  for (i = 0; i < n; i++)
    for (j = 0; try_letters[j]; j++) {
      int32_t l = (unsigned char)try_letters[j];
      if (l == cps[i] || (try_letters[j] == '\'' && (i == 0 || i + 1 == n)))
        continue;
      memcpy(c, cps, n * sizeof *c);
      c[i] = l;
      try_cand(st, sl, c, n, key_near(cps[i], l) ? EDIT_KEY : EDIT_WRONG);
    }
  /* two words run together, when nothing closer was found */
  for (i = 1; sl->n == 0 && i + 1 < n && !sugg_full(sl); i++) {
    char a[(SUGG_WORD_MAX + 2) * 4 + 1], b[(SUGG_WORD_MAX + 2) * 4 + 1];
    size_t al, bl;
    if ((i == 1 && cps[0] != 'a') || (i + 1 == n && cps[i] != 'a'))
      continue; /* one-letter words: only "a" */
    al = encode_cps(a, cps, i, (size_t)-1);
    bl = encode_cps(b, cps + i, n - i, (size_t)-1);
    if (cand_known(st, a, al) && cand_known(st, b, bl)) {
      char both[sizeof a + sizeof b + 1];
      snprintf(both, sizeof both, "%s %s", a, b);
      sugg_add(sl, both, EDIT_SPLIT);
    }
  }
}

/* Orders the candidates: by the class of their edit; then those Hunspell
 * knows (its dictionary holds the common words, the lexicon rare ones too:
 * automatic before stomatic); then those that start like w (a typo seldom
 * hits the first letter: whic -> which before hic); then as found.  Keeps
 * at most SUGG_KEEP (caller holds hlock). */
static void rank(spell_state *st, sugglist *sl, const char *w) {
  char *tmp[SUGG_COLLECT];
  unsigned key[SUGG_COLLECT];
  size_t i, j, wl;
  int32_t first, c;
  if (sl->n == 0)
    return;
  wl = strlen(w);
  if (mtl_utf8_decode(w, wl, &first) <= 0)
    first = -1;
  first = mtl_cp_tolower(first);
  for (i = 0; i < sl->n; i++) {
    int same = mtl_utf8_decode(sl->v[i], strlen(sl->v[i]), &c) > 0 && mtl_cp_tolower(c) == first;
    int common = !(st->us_words || st->gb_words) || sl->cls[i] == EDIT_SPLIT ||
                 Hunspell_spell(st->h, sl->v[i]);
    key[i] = (unsigned)sl->cls[i] << 8 | (unsigned)!common << 7 | (unsigned)!same << 6;
    key[i] = key[i] << 8 | (unsigned)i;
    tmp[i] = sl->v[i];
  }
  for (i = 1; i < sl->n; i++) { /* insertion sort: a few candidates */
    unsigned k = key[i];
    char *t = tmp[i];
    for (j = i; j > 0 && key[j - 1] > k; j--) {
      key[j] = key[j - 1];
      tmp[j] = tmp[j - 1];
    }
    key[j] = k;
    tmp[j] = t;
  }
  for (i = SUGG_KEEP; i < sl->n; i++)
    mtl_free(tmp[i]);
  if (sl->n > SUGG_KEEP)
    sl->n = SUGG_KEEP;
  memcpy(sl->v, tmp, sl->n * sizeof *tmp);
}

/* The variety a word of the lexicon marks: VAR_US or VAR_GB when it is in
 * one variety's list only, VAR_NONE otherwise.  An -iz- form whose -is-
 * form is British only is Oxford spelling, British too: no marker. */
static int variety_of(const spell_state *st, const char *w, size_t n, unsigned flags) {
  char buf[WORD_MAX + 1];
  const char *z;
  flags &= MTL_LEX_US | MTL_LEX_GB;
  if (flags == MTL_LEX_GB)
    return VAR_GB;
  if (flags != MTL_LEX_US)
    return VAR_NONE;
  if (n <= WORD_MAX && (z = memchr(w, 'z', n)) != NULL && z > w && z[-1] == 'i') {
    memcpy(buf, w, n);
    buf[z - w] = 's';
    if ((lexf(st, buf, n) & (MTL_LEX_US | MTL_LEX_GB | MTL_LEX_USER)) == MTL_LEX_GB)
      return VAR_NONE;
  }
  return VAR_US;
}

/* The lexicon's flags for w[0..n), or for w with its first letter in lower
 * case when w is Capitalised and unknown as it is (sentence starts). */
static unsigned lex_flags(const spell_state *st, const char *w, size_t n, const char **used,
                          char *lower) {
  unsigned f = lexf(st, w, n);
  int32_t cp;
  int k;
  *used = w;
  if (f || n == 0 || n > WORD_MAX)
    return f;
  k = mtl_utf8_decode(w, n, &cp);
  if (k <= 0 || !mtl_cp_is_upper(cp))
    return 0;
  {
    int32_t lo = mtl_cp_tolower(cp);
    char e[4];
    int m = mtl_utf8_encode(lo, e);
    if ((size_t)m + n - (size_t)k > WORD_MAX)
      return 0;
    memcpy(lower, e, (size_t)m);
    memcpy(lower + m, w + k, n - (size_t)k);
    lower[(size_t)m + n - (size_t)k] = '\0';
    *used = lower;
    return lexf(st, lower, (size_t)m + n - (size_t)k);
  }
}

/* Loads the en_GB handle if one is named and not tried yet (caller holds
 * hlock); the handle or NULL. */
static Hunhandle *gb_handle(spell_state *st) {
  if (!st->gb && !st->gb_failed && st->gb_aff) {
    st->gb = hs_create(st->gb_aff, st->gb_dic);
    st->gb_failed = st->gb == NULL;
  }
  return st->gb;
}

/* Asks the lexicon and Hunspell (caller holds hlock).  *sugg is NULL
 * unless want_sugg. */
static int ask_hunspell(spell_state *st, const char *w, size_t n, int want_known,
                        int want_sugg, int *known, int *var, char ***sugg, size_t *nsugg) {
  sugglist sl;
  *sugg = NULL;
  *nsugg = 0;
  if (load_hunspell(st))
    return MTL_EDICT;
  if (want_known) {
    unsigned f = 0;
    char lower[WORD_MAX + 1];
    const char *used = w;
    *var = VAR_NONE;
    if (st->lex || st->ulex)
      f = lex_flags(st, w, n, &used, lower);
    if (f) {
      *known = 1;
      *var = variety_of(st, used, strlen(used), f);
    } else if (st->lex && !st->affix_names && (unsigned char)w[0] >= 'A' &&
               (unsigned char)w[0] <= 'Z') {
      /* PERF: a Capitalised word that no list has: Hunspell would only
       * know it from its own word list (which the big lists hold) or from
       * a .dic's affixes (M and S forms are in the user lexicon) */
      *known = 0;
    } else {
      *known = Hunspell_spell(st->h, w) != 0;
      if (!*known && (unsigned char)w[0] >= 'a' && (unsigned char)w[0] <= 'z' &&
          gb_handle(st) && Hunspell_spell(st->gb, w)) {
        *known = 1;
        *var = VAR_GB;
      }
    }
  }
  if (!want_sugg || *known || n > SUGG_WORD_MAX)
    return 0;
  memset(&sl, 0, sizeof sl);
  edit_suggest(st, w, n, &sl);
  if (sl.oom) {
    free_list(sl.v, sl.n);
    return MTL_ENOMEM;
  }
  rank(st, &sl, w);
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
  int known = 0, have = 0, rc, var = VAR_NONE;
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
      v->var = tl->e->var;
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
    var = e->var;
    if (known || !want_sugg || e->have_sugg) {
      v->known = known;
      v->var = var;
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
  rc = ask_hunspell(st, w, n, !have, want_sugg, &known, &var, &sugg, &nsugg);
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
    v->var = e->var;
    v->sugg = e->sugg;
    v->nsugg = e->nsugg;
  } else {
    e = mtl_malloc(sizeof *e + ((n + 8) & ~(size_t)7)); /* zero-padded, see tl_index */
    if (e) {
      memset(e->word + n, 0, ((n + 8) & ~(size_t)7) - n);
      e->hash = h;
      e->known = known;
      e->var = var;
      e->have_sugg = want_sugg || known;
      e->sugg = sugg;
      e->nsugg = nsugg;
      e->len = n;
      memcpy(e->word, w, n);
      if (cache_insert(st, e) == 0) {
        sugg = NULL;
        v->known = known;
        v->var = var;
        v->sugg = e->sugg;
        v->nsugg = e->nsugg;
      } else {
        mtl_free(e);
        e = NULL;
      }
    }
    if (!e) { /* not cached: hand the result over */
      v->known = known;
      v->var = var;
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

/* Reads a list file for phrases or names (one entry a line, # comments,
 * .dic flags and a .dic count line dropped) and appends its entries to
 * out, each followed by sep; lower: fold ASCII to lower case.  0 or an
 * error naming the file. */
static int read_list(mtl_buf *out, const char *path, const char *file, const mtl_ynode *where,
                     int lower, char sep, mtl_error *err) {
  size_t line = where ? where->line : 0, col = where ? where->column : 0;
  char *data = NULL;
  size_t len = 0, i = 0, first = 1;
  mtl_error rerr;
  int rc;
  memset(&rerr, 0, sizeof rerr);
  rc = mtl_read_file(&data, &len, path, &rerr);
  if (rc == MTL_ENOMEM)
    return rc;
  if (rc)
    return mtl_seterr(err, MTL_EDICT, file, line, col, "cannot read word list %s", path);
  if (len > WORDLIST_MAX || mtl_utf8_validate(data, len) != len) {
    mtl_free(data);
    return mtl_seterr(err, MTL_EDICT, file, line, col,
                      "word list %s is larger than %u bytes or not valid UTF-8", path,
                      WORDLIST_MAX);
  }
  while (i < len) {
    const char *nl = memchr(data + i, '\n', len - i);
    size_t end = nl ? (size_t)(nl - data) : len, s = i, e = end, k, digits = 0;
    const char *cut = memchr(data + s, '#', e - s);
    if (cut)
      e = (size_t)(cut - data);
    if ((cut = memchr(data + s, '/', e - s)) != NULL)
      e = (size_t)(cut - data);
    while (s < e && (data[s] == ' ' || data[s] == '\t' || data[s] == '\r'))
      s++;
    while (e > s && (data[e - 1] == ' ' || data[e - 1] == '\t' || data[e - 1] == '\r'))
      e--;
    for (k = s; k < e && data[k] >= '0' && data[k] <= '9'; k++)
      digits++;
    if (e > s && !(first && digits == e - s)) {
      for (k = s; k < e; k++) {
        char c = data[k];
        if (lower && c >= 'A' && c <= 'Z')
          c = (char)(c - 'A' + 'a');
        if (sep == '\0' && c == ' ') {
          while (k + 1 < e && data[k + 1] == ' ')
            k++;
          c = '\0';
        }
        mtl_buf_putc(out, c);
      }
      mtl_buf_putc(out, sep);
      if (sep == '\0')
        mtl_buf_putc(out, '\0');
    }
    if (e > s)
      first = 0;
    i = end + 1;
  }
  mtl_free(data);
  return out->oom ? MTL_ENOMEM : 0;
}

/* A path key of the rule (us_words, gb_words, gb_dictionary): resolved
 * against the rule file, checked, kept in *slot unless one is there. */
static int path_key(const mtl_ynode *map, const char *key, mtl_build *b, char **slot,
                    int stem, mtl_error *err) {
  const mtl_ynode *n = mtl_ynode_get(map, key);
  const char *v;
  char *path, *aff = NULL, *dic = NULL;
  int rc;
  if (!n)
    return 0;
  if ((rc = mtl_y_string(n, b->file, key, &v, err)) != 0)
    return rc;
  if (!(path = mtl_build_path(b, v)))
    return MTL_ENOMEM;
  if (stem) {
    if (stem_paths(path, &aff, &dic)) {
      mtl_free(path);
      return MTL_ENOMEM;
    }
    rc = base_files_ok(aff, dic);
    mtl_free(aff);
    mtl_free(dic);
  } else {
    rc = readable(path);
  }
  if (!rc) {
    rc = mtl_seterr(err, MTL_EDICT, b->file, n->line, n->column,
                    "%s: %s not found or not readable (Debian: %s)", key, path,
                    stem ? "hunspell-en-gb" : "wamerican-huge, wbritish-huge");
    mtl_free(path);
    return rc;
  }
  if (*slot)
    mtl_free(path);
  else
    *slot = path;
  return 0;
}

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

  if ((n = mtl_ynode_get(map, "report")) != NULL) {
    const char *v;
    if ((rc = mtl_y_string(n, b->file, "report", &v, err)) != 0)
      goto fail;
    if (strcmp(v, "variety") == 0)
      sr->variety = 1;
    else if (strcmp(v, "words") != 0) {
      rc = mtl_seterr(err, MTL_ESCHEMA, b->file, n->line, n->column,
                      "report must be words or variety, not '%s'", v);
      goto fail;
    }
  }
  if ((rc = path_key(map, "us_words", b, &st->us_words, 0, err)) != 0 ||
      (rc = path_key(map, "gb_words", b, &st->gb_words, 0, err)) != 0)
    goto fail;
  if ((n = mtl_ynode_get(map, "gb_dictionary")) != NULL && !st->gb_aff) {
    char *stem = NULL;
    if ((rc = path_key(map, "gb_dictionary", b, &stem, 1, err)) != 0)
      goto fail;
    rc = stem_paths(stem, &st->gb_aff, &st->gb_dic);
    mtl_free(stem);
    if (rc)
      goto fail;
  }
  for (i = 0; i < 2; i++) {
    const char *key = i ? "names" : "phrases";
    size_t j;
    if ((n = mtl_ynode_get(map, key)) == NULL)
      continue;
    if ((rc = mtl_y_strings(n, b->file, key, &items, &count, err)) != 0)
      goto fail;
    for (j = 0; j < count; j++) {
      char *tagged;
      size_t plen;
      path = mtl_build_path(b, items[j]->value);
      if (!path) {
        rc = MTL_ENOMEM;
        goto fail;
      }
      /* "n:path" / "p:path": one list may be a dictionary and names too */
      plen = strlen(path);
      if (!(tagged = mtl_malloc(plen + 3))) {
        rc = MTL_ENOMEM;
        goto fail;
      }
      tagged[0] = i ? 'n' : 'p';
      tagged[1] = ':';
      memcpy(tagged + 2, path, plen + 1);
      mtl_free(path);
      path = tagged;
      if (!was_loaded(st, path)) {
        if (i)
          rc = read_list(&st->names_buf, path + 2, b->file, items[j], 0, '\n', err);
        else
          rc = read_list(&st->phrases, path + 2, b->file, items[j], 1, '\0', err);
        if (!rc)
          rc = mark_loaded(st, path);
        if (rc)
          goto fail;
      }
      mtl_free(path);
      path = NULL;
    }
  }

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
  /* the words of the phrases, as a lexicon */
  if (st->phrases.len && !st->phrase_words) {
    char *copy = mtl_malloc(st->phrases.len + 1);
    size_t k;
    if (!copy || mtl_lexicon_new(&st->phrase_words)) {
      mtl_free(copy);
      rc = MTL_ENOMEM;
      goto fail;
    }
    for (k = 0; k < st->phrases.len; k++)
      copy[k] = st->phrases.data[k] ? st->phrases.data[k] : '\n';
    copy[st->phrases.len] = '\0';
    if ((rc = mtl_lexicon_add_words(st->phrase_words, copy, st->phrases.len, MTL_LEX_USER)) != 0)
      goto fail;
  }
  /* the names, as a lexicon (small: built now) */
  if (st->names_buf.len && !st->names) {
    char *copy = mtl_malloc(st->names_buf.len + 1);
    if (!copy || mtl_lexicon_new(&st->names)) {
      mtl_free(copy);
      rc = MTL_ENOMEM;
      goto fail;
    }
    memcpy(copy, st->names_buf.data, st->names_buf.len);
    copy[st->names_buf.len] = '\0';
    if ((rc = mtl_lexicon_add_words(st->names, copy, st->names_buf.len, MTL_LEX_USER)) != 0)
      goto fail;
  }
  rule->data = sr;
  /* PERF note: not para_local: names used elsewhere in the article and the
   * article's variety decide findings (the language server lints the whole
   * text for this rule; spelling look-ups are cached). */
  rule->para_local = 0;
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

/* Queues an unknown lower-case word; spelling_run decides on it at the
 * end (resolve_words). */
static int pend_word(runctx *rc, size_t start, size_t end, const char *w, size_t n, int sugg,
                     int defer) {
  pword *p;
  if (mtl_grow((void **)&rc->words, &rc->capwords, rc->nwords + 1, sizeof *rc->words))
    return MTL_ENOMEM;
  p = &rc->words[rc->nwords];
  p->start = start;
  p->end = end;
  p->off = rc->wbuf.len;
  p->n = n;
  p->sugg = sugg;
  p->defer = defer;
  mtl_buf_put(&rc->wbuf, w, n);
  if (rc->wbuf.oom)
    return MTL_ENOMEM;
  rc->nwords++;
  return 0;
}

/* Queues an unknown name; spelling_run decides on it at the end. */
static int pend_name(runctx *rc, size_t start, size_t end) {
  if (mtl_grow((void **)&rc->names, &rc->capnames, rc->nnames + 1, sizeof *rc->names))
    return MTL_ENOMEM;
  rc->names[rc->nnames].start = start;
  rc->names[rc->nnames].end = end;
  rc->nnames++;
  return 0;
}

/* Whether token i's text, folded to lower case (ASCII) with curly
 * apostrophes straight, is p[0..pn). */
static int token_is(const mtl_doc *doc, size_t i, const char *p, size_t pn) {
  char buf[WORD_MAX + 1];
  size_t n, k;
  const mtl_token *t = &doc->toks[i];
  if (t->kind != MTL_TOK_WORD || t->end - t->start > WORD_MAX)
    return 0;
  n = fold_apostrophes(buf, doc->text + t->start, t->end - t->start);
  if (n != pn)
    return 0;
  for (k = 0; k < n; k++) {
    char c = buf[k];
    if (c >= 'A' && c <= 'Z')
      c = (char)(c - 'A' + 'a');
    if (c != p[k])
      return 0;
  }
  return 1;
}

/* Whether the word w[0..n) of token rc->ti belongs to a fixed foreign
 * phrase (de facto, en masse) standing in the text around it: the
 * phrase's words as consecutive word tokens with spaces between. */
static int in_phrase(const runctx *rc, const char *w, size_t n) {
  const spell_state *st = rc->st;
  const mtl_doc *doc = rc->lc->doc;
  const char *p = st->phrases.data, *end = p + st->phrases.len;
  char low[WORD_MAX + 1];
  size_t k;
  if (!st->phrases.len || n > WORD_MAX || rc->ti >= doc->ntoks)
    return 0;
  for (k = 0; k < n; k++)
    low[k] = (char)(w[k] >= 'A' && w[k] <= 'Z' ? w[k] - 'A' + 'a' : w[k]);
  if (st->phrase_words && !mtl_lexicon_flags(st->phrase_words, low, n))
    return 0;
  while (p < end && *p) {
    const char *words[8];
    size_t nw = 0, j;
    while (p < end && *p) {
      if (nw < 8)
        words[nw++] = p;
      p += strlen(p) + 1;
    }
    p++; /* the empty word that ends the phrase */
    if (nw < 2 || nw > 8)
      continue;
    for (j = 0; j < nw; j++) {
      size_t first, m;
      if (strlen(words[j]) != n || memcmp(words[j], low, n) != 0 || rc->ti < j)
        continue;
      first = rc->ti - j;
      if (first + nw > doc->ntoks)
        continue;
      for (m = 0; m < nw; m++)
        if (!token_is(doc, first + m, words[m], strlen(words[m])) ||
            (m > 0 && !(doc->toks[first + m].flags & MTL_TF_SPACE_BEFORE)) ||
            (m > 0 && doc->toks[first + m].start == doc->toks[first + m - 1].end))
          break;
      if (m == nw)
        return 1;
    }
  }
  return 0;
}

/* Whether the unknown lower-case word w[0..n) is two words of the word
 * lists run together, the first of three letters or more and the second of
 * four or more, or the first of four or more and the second one of the
 * three-letter words that head compounds (homestand, gunbattles, homerun,
 * bossman): English makes such compounds freely, so it is only info. */
static const char *const short_heads[] = {"box", "car", "cut", "day", "gun", "job", "man",
                                          "men", "off", "out", "run", "set", "top", "war",
                                          "way", NULL};

static int short_head(const char *w, size_t n) {
  size_t i;
  if (n != 3)
    return 0;
  for (i = 0; short_heads[i]; i++)
    if (memcmp(w, short_heads[i], 3) == 0)
      return 1;
  return 0;
}

static int is_compound(const spell_state *st, const char *w, size_t n) {
  size_t i;
  if (!st->lex || n < 7 || n > WORD_MAX)
    return 0;
  for (i = 3; i + 3 <= n; i++)
    if ((i + 4 <= n || (i >= 4 && short_head(w + i, n - i))) &&
        (mtl_lexicon_flags(st->lex, w, i) & (MTL_LEX_US | MTL_LEX_GB)) &&
        (mtl_lexicon_flags(st->lex, w + i, n - i) & (MTL_LEX_US | MTL_LEX_GB)))
      return 1;
  return 0;
}

/* Whether w[0..n) is a word the checker knows (any source). */
static int knows(const runctx *rc, const char *w, size_t n) {
  verdict v;
  if (!n || n > WORD_MAX || lookup(rc->st, rc->tls, w, n, 0, &v) != 0)
    return 0;
  if (v.owned)
    free_list(v.sugg, v.nsugg);
  return v.known;
}

/* Whether w[0..n) is in the American or British word list. */
static int listed(const spell_state *st, const char *w, size_t n) {
  return st->lex && n && n <= WORD_MAX &&
         (mtl_lexicon_flags(st->lex, w, n) & (MTL_LEX_US | MTL_LEX_GB)) != 0;
}

/* Length of an apostrophe (' or U+2019) at s[i], else 0. */
static size_t apostrophe_at(const char *s, size_t len, size_t i) {
  if (i < len && s[i] == '\'')
    return 1;
  if (i + 3 <= len && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
      (unsigned char)s[i + 2] == 0x99)
    return 3;
  return 0;
}

/* An elided form, written as speech is (dialogue, verse): the letters an
 * apostrophe stands for put back give a known word: a dropped g
 * (talkin', countin' -> counting), a short word's last letter (ol', th',
 * an', o'), or a noun made a past tense with 'd (OK'd, bulletin'd). */
static int is_elided(const runctx *rc, size_t end, const char *w, size_t n) {
  const mtl_doc *doc = rc->lc->doc;
  char buf[WORD_MAX + 2];
  int c;
  if (n >= 3 && w[n - 2] == '\'' && w[n - 1] == 'd')
    return knows(rc, w, n - 2);
  if (n >= 2 && w[n - 1] == '\'')
    n--;
  else if (!apostrophe_at(doc->text, doc->len, end))
    return 0;
  if (n + 1 > WORD_MAX)
    return 0;
  memcpy(buf, w, n);
  if (n >= 4 && w[n - 2] == 'i' && w[n - 1] == 'n') {
    buf[n] = 'g';
    return knows(rc, buf, n + 1);
  }
  if (n <= 3)
    for (c = 'a'; c <= 'z'; c++) {
      buf[n] = (char)c;
      if (listed(rc->st, buf, n + 1))
        return 1;
    }
  return 0;
}

/* A known word (of the word lists, four letters or more) with a prefix or
 * suffix that English adds freely: unoriginal, neo-stagnationist,
 * dollarette, boobify, deluxer; and the Bible's -est and -eth (comest,
 * becometh).  Such a coinage is meant, so only info. */
static const char *const free_prefixes[] = {
    "anti", "bi", "co", "counter", "inter", "mid", "mis", "multi", "neo", "non", "out", "over",
    "post", "pre", "pro", "pseudo", "quasi", "re", "self", "semi", "sub", "super", "tri",
    "ultra", "un", "under", NULL};
static const char *const free_suffixes[] = {
    "er", "ers", "est", "eth", "ette", "ettes", "ify", "ified", "ifies", "ish", "ism", "isms",
    "ist", "ists", "ite", "ites", "less", "ness", NULL};

static int is_derived(const spell_state *st, const char *w, size_t n) {
  char buf[WORD_MAX + 2];
  size_t i, k;
  for (i = 0; free_prefixes[i]; i++) {
    k = strlen(free_prefixes[i]);
    if (n >= k + 4 && memcmp(w, free_prefixes[i], k) == 0 && listed(st, w + k, n - k))
      return 1;
  }
  /* the Bible's -st after a final e (come + st) */
  if (n >= 6 && w[n - 3] == 'e' && w[n - 2] == 's' && w[n - 1] == 't' && listed(st, w, n - 2))
    return 1;
  for (i = 0; free_suffixes[i]; i++) {
    k = strlen(free_suffixes[i]);
    if (n < k + 4 || n > WORD_MAX || memcmp(w + n - k, free_suffixes[i], k) != 0)
      continue;
    if (listed(st, w, n - k))
      return 1;
    /* the base's final e dropped before a vowel (come + est, deluxe + er) */
    memcpy(buf, w, n - k);
    buf[n - k] = 'e';
    if (free_suffixes[i][0] == 'e' && listed(st, buf, n - k + 1))
      return 1;
  }
  return 0;
}

/* Function words of other languages that are not English words too (no
 * "die", "den", "par", "con"): an unknown word beside one is a foreign
 * word quoted in English copy (le roi, la chatte, pas de deux). */
static const char *const foreign_words[] = {
    "au",   "aux",  "avec", "ce",  "che",  "dans", "das",  "de",  "del", "della", "dem",
    "der",  "des",  "di",   "du",  "ein",  "eine", "el",   "elle", "est", "et",   "für",
    "gli",  "het",  "il",   "ist", "la",   "las",  "le",   "les", "leur", "los", "lui",
    "mais", "mit",  "nel",  "nicht", "nous", "ou", "pour", "qu",  "que", "qui",  "sont",
    "sur",  "und",  "una",  "une", "uno",  "van",  "von",  "zu",  "zum", "zur",  NULL};

static int foreign_token(const mtl_doc *doc, size_t i) {
  const mtl_token *t = &doc->toks[i];
  const char *s = doc->text + t->start;
  size_t n = t->end - t->start, k;
  if (t->kind != MTL_TOK_WORD)
    return 0;
  /* an elided article or pronoun: d'hotel, l'oeil, qu'il */
  for (k = 1; k <= 2 && k < n; k++)
    if (apostrophe_at(s, n, k) && k + apostrophe_at(s, n, k) < n &&
        ((k == 1 && ((s[0] | 0x20) == 'd' || (s[0] | 0x20) == 'l')) ||
         (k == 2 && (s[0] | 0x20) == 'q' && (s[1] | 0x20) == 'u')))
      return 1;
  for (k = 0; foreign_words[k]; k++)
    if (token_is(doc, i, foreign_words[k], strlen(foreign_words[k])))
      return 1;
  return 0;
}

/* Whether token ti, or a word at most two words before or after it with
 * nothing but spaces between, is a foreign function word. */
static int foreign_context(const mtl_doc *doc, size_t ti) {
  size_t j, steps;
  if (ti >= doc->ntoks)
    return 0;
  if (foreign_token(doc, ti))
    return 1;
  for (j = ti, steps = 0; j > 0 && steps < 2; steps++) {
    if (!(doc->toks[j].flags & MTL_TF_SPACE_BEFORE) || doc->toks[j - 1].kind != MTL_TOK_WORD)
      break;
    j--;
    if (foreign_token(doc, j))
      return 1;
  }
  for (j = ti, steps = 0; j + 1 < doc->ntoks && steps < 2; steps++) {
    if (!(doc->toks[j + 1].flags & MTL_TF_SPACE_BEFORE) ||
        doc->toks[j + 1].kind != MTL_TOK_WORD)
      break;
    j++;
    if (foreign_token(doc, j))
      return 1;
  }
  return 0;
}

/* Length of an opening (close: closing) quotation mark at s[i], else 0:
 * " ' and the curly or angle ones. */
static size_t quote_at(const char *s, size_t len, size_t i, int close) {
  const unsigned char *u = (const unsigned char *)s + i;
  if (i < len && (s[i] == '"' || s[i] == '\''))
    return 1;
  if (i + 3 <= len && u[0] == 0xE2 && u[1] == 0x80 &&
      (close ? (u[2] == 0x9D || u[2] == 0x99) : (u[2] == 0x9C || u[2] == 0x98)))
    return 3;
  if (i + 2 <= len && u[0] == 0xC2 && u[1] == (close ? 0xBB : 0xAB))
    return 2;
  return 0;
}

/* Whether text[start, end) is the one word of a quotation ("vopos",
 * "dollarette,"): a word being mentioned, coined or quoted from another
 * language, not a word used. */
static int is_quoted_word(const mtl_doc *doc, size_t start, size_t end) {
  const char *s = doc->text;
  size_t i;
  if (start == 0)
    return 0;
  if (!(quote_at(s, doc->len, start - 1, 0) ||
        (start >= 3 && quote_at(s, doc->len, start - 3, 0) == 3) ||
        (start >= 2 && quote_at(s, doc->len, start - 2, 0) == 2)))
    return 0;
  i = end;
  if (i < doc->len && s[i] == '\'') /* talkin' */
    i++;
  while (i < doc->len && (s[i] == ',' || s[i] == '.' || s[i] == '!' || s[i] == '?' ||
                          s[i] == ';' || s[i] == ':'))
    i++;
  return quote_at(s, doc->len, i, 1) != 0;
}

/* Whether the word at text[start, end) comes with its meaning in English:
 * "a karakia (prayer)", "the Greek chole, meaning bile": a loanword or a
 * word being explained, not a typo. */
static int is_glossed(const runctx *rc, size_t start, size_t end) {
  const mtl_doc *doc = rc->lc->doc;
  const char *s = doc->text;
  size_t len = doc->len, i = end, j, words = 0;
  static const char meaning[] = ", meaning ";
  (void)start;
  i += quote_at(s, len, i, 1) == 1 ? 1 : 0;
  if (i + sizeof meaning - 1 <= len && memcmp(s + i, meaning, sizeof meaning - 1) == 0)
    return 1;
  if (i + 2 > len || s[i] != ' ' || s[i + 1] != '(')
    return 0;
  /* one to four lower-case words, the first known, then ')' */
  j = i + 2;
  while (j < len && words < 5) {
    size_t w0 = j;
    while (j < len && s[j] >= 'a' && s[j] <= 'z')
      j++;
    if (j == w0 || (words == 0 && !knows(rc, s + w0, j - w0)))
      return 0;
    words++;
    if (j < len && s[j] == ')')
      return words <= 4;
    if (j >= len || s[j] != ' ')
      return 0;
    j++;
  }
  return 0;
}

/* Whether the unknown word (token ti, whole) and the known lower-case
 * word beside it, both of four letters or more and with one space between,
 * are a compound the word lists write solid (avant garde: avantgarde); a
 * word split in two unknown halves (gover nment) is not. */
static int open_compound(const runctx *rc, size_t ti) {
  const mtl_doc *doc = rc->lc->doc;
  char buf[2 * WORD_MAX + 2];
  size_t a, b, na, nb, side;
  for (side = 0; side < 2; side++) {
    if (side == 0 ? ti == 0 : ti + 1 >= doc->ntoks)
      continue;
    a = side == 0 ? ti - 1 : ti;
    b = a + 1;
    if (doc->toks[a].kind != MTL_TOK_WORD || doc->toks[b].kind != MTL_TOK_WORD ||
        !(doc->toks[a].flags & MTL_TF_LOWER) || !(doc->toks[b].flags & MTL_TF_LOWER) ||
        doc->toks[b].start != doc->toks[a].end + 1 || doc->text[doc->toks[a].end] != ' ')
      continue;
    na = doc->toks[a].end - doc->toks[a].start;
    nb = doc->toks[b].end - doc->toks[b].start;
    if (na < 4 || nb < 4 || na > WORD_MAX || nb > WORD_MAX)
      continue;
    memcpy(buf, doc->text + doc->toks[a].start, na);
    memcpy(buf + na, doc->text + doc->toks[b].start, nb);
    if (listed(rc->st, buf, na + nb) &&
        knows(rc, doc->text + doc->toks[side == 0 ? a : b].start, side == 0 ? na : nb))
      return 1;
  }
  return 0;
}

/* What an unknown lower-case word at text[start, end) (folded: w[0..n))
 * most likely is, when not a typo: NULL (a typo: a warning), "" (a
 * written form of a known word: no finding), or the detail of an info
 * finding: "compound", "derived", "foreign", "quoted" or "glossed". */
static const char *unknown_kind(const runctx *rc, size_t start, size_t end, const char *w,
                                size_t n) {
  const mtl_doc *doc = rc->lc->doc;
  if (is_elided(rc, end, w, n))
    return "";
  if (is_compound(rc->st, w, n))
    return "compound";
  if (is_derived(rc->st, w, n))
    return "derived";
  if (rc->ti < doc->ntoks && doc->toks[rc->ti].start == start && doc->toks[rc->ti].end == end &&
      open_compound(rc, rc->ti))
    return "compound";
  if (rc->ti < doc->ntoks && doc->toks[rc->ti].start <= start && doc->toks[rc->ti].end >= end &&
      foreign_context(doc, rc->ti))
    return "foreign";
  if (is_quoted_word(doc, start, end))
    return "quoted";
  if (is_glossed(rc, start, end))
    return "glossed";
  return NULL;
}

/* Checks text[start, end).  only_verdict: report nothing, just set *known.
 * shape: the span's shape_of when the caller knows it and the span needs no
 * folding (plain ASCII letters), else -1.  Returns 0 or MTL_ENOMEM. */
static int check_word(const runctx *rc, size_t start, size_t end, const char *src, size_t srcn,
                      int only_verdict, int *known, int shape) {
  const char *w = src;
  char buf[WORD_MAX + 1];
  size_t n = srcn;
  int err, sugg, defer;
  const char *kind;
  verdict v;
  *known = 1;
  if (n > WORD_MAX)
    return 0;
  if (shape < 0) {
    shape = shape_of(rc, src, n);
    if (!shape)
      return 0;
    n = fold_apostrophes(buf, src, n);
    w = buf;
  }
  if (!shape || !n)
    return 0;
  /* MTL_LINT_NO_SUGGEST (typing in the language server): the finding is
   * marked deferred and its suggestions are left for a later lint; the
   * cached ones are not used either, so the output does not depend on what
   * was linted before.  Long words never get any, so are not deferred. */
  sugg = !only_verdict && shape == 1 && rc->sr->max_sugg > 0;
#ifdef MTL_FUZZ_NO_SUGGEST
  sugg = 0; /* fuzzing builds: Hunspell's suggest would take most of each run */
#endif
  defer = sugg &&
          ((rc->lc->flags & MTL_LINT_NO_SUGGEST) ||
           ((rc->lc->flags & MTL_LINT_SUGGEST_RANGE) &&
            (start < rc->lc->sugg_lo || start >= rc->lc->sugg_hi))) &&
          !rc->sr->msg_sugg && n <= SUGG_WORD_MAX;
  /* PERF: suggestions are asked for at the end of the article, for the
   * words that stay warnings (resolve_words) */
  err = lookup(rc->st, rc->tls, w, n, 0, &v);
  if (err)
    return err;
  *known = v.known;
  if (!v.known && !only_verdict) {
    if (in_phrase(rc, w, n)) {
      err = 0;
    } else if (shape == 1 && (kind = unknown_kind(rc, start, end, w, n)) != NULL) {
      int sev = rc->sr->cap_sev;
      if (sev > (int)rc->rule->info.severity)
        sev = (int)rc->rule->info.severity;
      err = *kind ? mtl_emit(rc->lc, rc->rule, start, end, NULL, 0, kind, sev) : 0;
    } else if (shape == 2) {
      err = pend_name((runctx *)rc, start, end);
    } else {
      err = pend_word((runctx *)rc, start, end, w, n, sugg, defer);
    }
    if (v.owned)
      free_list(v.sugg, v.nsugg);
    return err;
  }
  if (v.owned)
    free_list(v.sugg, v.nsugg);
  return 0;
}

static int check_span(const runctx *rc, size_t start, size_t end, int only_verdict, int *known,
                      int shape) {
  return check_word(rc, start, end, rc->lc->doc->text + start, end - start, only_verdict, known,
                    shape);
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
  /* censored (f---ing, f--k): the letters after a letter and two hyphens */
  if (start >= 3 && s[start - 1] == '-' && s[start - 2] == '-') {
    i = start - 2;
    while (i > 0 && s[i - 1] == '-')
      i--;
    if (i >= 1 && ((s[i - 1] | 0x20) >= 'a' && (s[i - 1] | 0x20) <= 'z') &&
        (i == 1 || !(((s[i - 2] | 0x20) >= 'a' && (s[i - 2] | 0x20) <= 'z'))))
      return 0;
  }
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
  /* censored (f---ing): not a word to check */
  for (i = start; i + 1 < end; i++)
    if (s[i] == '-' && s[i + 1] == '-')
      return 0;

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
      /* a compound the word lists write solid (come-uppance, tri-motor:
       * comeuppance, trimotor) */
      {
        size_t o = 0, j;
        for (j = 0; j < n; j++)
          if (w[j] != '-')
            w[o++] = w[j];
        if (o < n && o >= 4 && knows(rc, w, o))
          return 0;
      }
    }
  }
  /* A name with a hyphen (Jong-un, Ching-te, Abu-Bakr): its first part is
   * Capitalised and a Capitalised part is unknown, or every unknown part
   * is a short lower-case particle, or it follows a Capitalised word
   * mid-sentence and no unknown part is a known word in the wrong case
   * (Chiang Kai-shek, but Inter-american): one name, the whole token. */
  {
    int first = 1, name, cap_unknown = 0, small_only = 1, any = 0, cased = 0, after_name;
    /* after a Capitalised word mid-sentence (Chiang Kai-shek) */
    after_name = ti > 0 && (t->flags & MTL_TF_SPACE_BEFORE) &&
                 doc->toks[ti - 1].kind == MTL_TOK_WORD && (doc->toks[ti - 1].flags & MTL_TF_CAP) &&
                 !(doc->toks[ti - 1].flags & (MTL_TF_ALLCAPS | MTL_TF_SENT_START));
    part = start;
    for (i = start; i <= end; i += (size_t)k) {
      if (i == end || is_hyphen_at(s, end, i, &k)) {
        if (i > part) {
          int shape = shape_of(rc, s + part, i - part);
          if (first && shape != 2)
            break;
          if (shape) {
            if ((err = check_span(rc, part, i, 1, &known, -1)) != 0)
              return err;
            if (!known) {
              any = 1;
              if (shape == 2) {
                cap_unknown = 1;
              } else {
                if (i - part > 3)
                  small_only = 0;
                if (!cased && i - part <= WORD_MAX) { /* Inter-american: American */
                  char up[WORD_MAX + 1];
                  memcpy(up, s + part, i - part);
                  if (up[0] >= 'a' && up[0] <= 'z')
                    up[0] = (char)(up[0] - 'a' + 'A');
                  cased = knows(rc, up, i - part);
                }
              }
            }
          }
        }
        first = 0;
        if (i == end)
          break;
        part = i + (size_t)k;
      }
      if (k <= 0)
        k = 1;
    }
    name = !first && any && (cap_unknown || small_only || (after_name && !cased));
    if (name && end - start <= WORD_MAX)
      return pend_name((runctx *)rc, start, end);
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

/* Length of the invisible character at s[i] (soft hyphen, zero-width
 * space or joiners, word joiner, BOM), else 0. */
static size_t invisible_at(const char *s, size_t len, size_t i) {
  const unsigned char *u = (const unsigned char *)s + i;
  if (i + 2 <= len && u[0] == 0xC2 && u[1] == 0xAD)
    return 2;
  if (i + 3 <= len && u[0] == 0xE2 &&
      ((u[1] == 0x80 && u[2] >= 0x8B && u[2] <= 0x8D) || (u[1] == 0x81 && u[2] == 0xA0)))
    return 3;
  if (i + 3 <= len && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
    return 3;
  return 0;
}

/* A word split by invisible characters (gov\u00ADern\u00ADment): token ti and
 * the word tokens that follow it across nothing but such characters, and
 * invisible characters inside them, make one word, checked without them
 * and reported over the whole span.  Returns the last token used (ti when
 * there is nothing to join) and fills buf/n. */
static size_t join_invisible(const mtl_doc *doc, size_t ti, char *buf, size_t *n) {
  size_t last = ti, e = doc->toks[ti].end, o = 0, k, j, p;
  int joined = 0;
  for (;;) {
    p = e;
    while (p < doc->len && (k = invisible_at(doc->text, doc->len, p)) != 0)
      p += k;
    if (p == e)
      break;
    for (j = last + 1; j < doc->ntoks && doc->toks[j].start < p; j++) {
    }
    if (j >= doc->ntoks || doc->toks[j].start != p || doc->toks[j].kind != MTL_TOK_WORD)
      break;
    last = j;
    e = doc->toks[j].end;
    joined = 1;
  }
  /* invisible characters inside the token(s) */
  if (!joined) {
    for (p = doc->toks[ti].start; p < e; p++)
      if ((unsigned char)doc->text[p] >= 0xC2 && invisible_at(doc->text, e, p))
        break;
    if (p == e)
      return ti;
  }
  for (p = doc->toks[ti].start; p < e;) {
    if ((k = invisible_at(doc->text, e, p)) != 0) {
      p += k;
      continue;
    }
    if (o >= WORD_MAX) {
      *n = 0;
      return last;
    }
    buf[o++] = doc->text[p++];
  }
  buf[o] = '\0';
  *n = o;
  return last;
}

/* A distinct Capitalised word of the article and how often it occurs. */
typedef struct capword {
  const char *w;
  size_t n, count;
} capword;

static size_t strip_possessive(const char *s, size_t n) { return n - possessive_len(s, n); }

/* Calls found(ctx, v, m) for each variant v of the name w[0..n) one typo
 * away (two letters swapped, or a consonant added or dropped, see
 * typo_letter; never the first or the last letter) until it returns not 0,
 * and returns that.  At most 18 calls per letter. */
/* Whether c may be added to or dropped from a name as a typo: a consonant
 * that transliterations do not vary (h, w, y, j do: Cristian, Christian)
 * and that does not double or undouble a letter (Jefferies, Jeffries). */
static const unsigned char typo_consonant[256] = {
    ['b'] = 1, ['c'] = 1, ['d'] = 1, ['f'] = 1, ['g'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1,
    ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['v'] = 1, ['x'] = 1, ['z'] = 1};

static int typo_letter(const char *w, size_t n, size_t pos, char c) {
  if (!typo_consonant[(unsigned char)c])
    return 0;
  return !(pos > 0 && w[pos - 1] == c) && !(pos < n && w[pos] == c);
}

static int each_variant(const char *w, size_t n, int (*found)(void *, const char *, size_t),
                        void *ctx) {
  char buf[WORD_MAX + 2];
  size_t pos;
  int c, r;
  if (n > WORD_MAX)
    return 0;
  for (pos = 1; pos < n; pos++) {
    if (pos + 1 < n && typo_consonant[(unsigned char)w[pos]] && w[pos - 1] != w[pos] &&
        w[pos + 1] != w[pos]) { /* dropped */
      memcpy(buf, w, pos);
      memcpy(buf + pos, w + pos + 1, n - pos - 1);
      if ((r = found(ctx, buf, n - 1)) != 0)
        return r;
    }
    if (pos + 1 < n && w[pos] != w[pos + 1]) { /* swapped */
      memcpy(buf, w, n);
      buf[pos] = w[pos + 1];
      buf[pos + 1] = w[pos];
      if ((r = found(ctx, buf, n)) != 0)
        return r;
    }
    /* a letter changed is left out: names that differ by one letter are
     * mostly other names or other transliterations (Bashir, Bashar;
     * Nikolaj, Nikolay) */
    for (c = 'a'; c <= 'z'; c++) {
      if (!typo_letter(w, n, pos, (char)c))
        continue;
      memcpy(buf, w, pos); /* added */
      buf[pos] = (char)c;
      memcpy(buf + pos + 1, w + pos, n - pos);
      if ((r = found(ctx, buf, n + 1)) != 0)
        return r;
    }
  }
  return 0;
}

/* The article's Capitalised words, for each_variant. */
typedef struct artnames {
  const capword *cw;
  const size_t *tab; /* open addressing over cw, index + 1 */
  size_t slots;
  size_t count;      /* occurrences of the name looked at */
  const capword *best;
} artnames;

static const capword *art_find(const artnames *an, const char *w, size_t n) {
  size_t h;
  if (!an->slots)
    return NULL;
  for (h = (size_t)mtl_hash(w, n) & (an->slots - 1); an->tab[h]; h = (h + 1) & (an->slots - 1))
    if (an->cw[an->tab[h] - 1].n == n && memcmp(an->cw[an->tab[h] - 1].w, w, n) == 0)
      return &an->cw[an->tab[h] - 1];
  return NULL;
}

/* each_variant: a name used at least twice, and more often than the one
 * looked at; the most used wins. */
static int art_variant(void *ctx, const char *v, size_t m) {
  artnames *an = ctx;
  const capword *o = art_find(an, v, m);
  if (o && o->count >= 2 && o->count > an->count && (!an->best || o->count > an->best->count))
    an->best = o;
  return 0;
}

/* each_variant: a listed name (copied to ctx: char[WORD_MAX + 2]). */
typedef struct gazctx {
  const mtl_lexicon *names;
  char found[WORD_MAX + 2];
} gazctx;

static int gaz_variant(void *ctx, const char *v, size_t m) {
  gazctx *g = ctx;
  if (!mtl_lexicon_flags(g->names, v, m))
    return 0;
  memcpy(g->found, v, m);
  g->found[m] = '\0';
  return 1;
}

/* Decides on the article's unknown names: a near miss of a name used more
 * often in the same article (Rubkan beside Rukban), or of a name of the
 * `names` lists, is a warning suggesting that name; any other is info,
 * with no suggestion.  Linear: each name probes its variants in a table
 * of the article's Capitalised words. */
static int resolve_names(runctx *rc) {
  const mtl_doc *doc = rc->lc->doc;
  capword *cw = NULL;
  size_t ncw = 0, cap = 0, i, j, slots = 0;
  size_t *tab = NULL;
  int err = 0;
  for (i = 0; i < doc->ntoks; i++) {
    const mtl_token *t = &doc->toks[i];
    const char *w = doc->text + t->start;
    size_t n, h;
    if (t->kind != MTL_TOK_WORD || !(t->flags & MTL_TF_CAP) ||
        (t->flags & (MTL_TF_ALLCAPS | MTL_TF_DIGIT | MTL_TF_MIXED)))
      continue;
    n = strip_possessive(w, t->end - t->start);
    if (n < 4 || n > WORD_MAX + 1)
      continue;
    if ((ncw + 1) * 2 > slots) {
      size_t ns = slots ? slots * 2 : 256, *nt = mtl_calloc(ns, sizeof *nt);
      if (!nt) {
        err = MTL_ENOMEM;
        goto done;
      }
      for (j = 0; j < ncw; j++) {
        h = (size_t)mtl_hash(cw[j].w, cw[j].n) & (ns - 1);
        while (nt[h])
          h = (h + 1) & (ns - 1);
        nt[h] = j + 1;
      }
      mtl_free(tab);
      tab = nt;
      slots = ns;
    }
    for (h = (size_t)mtl_hash(w, n) & (slots - 1); tab[h]; h = (h + 1) & (slots - 1))
      if (cw[tab[h] - 1].n == n && memcmp(cw[tab[h] - 1].w, w, n) == 0)
        break;
    if (tab[h]) {
      cw[tab[h] - 1].count++;
      continue;
    }
    if (mtl_grow((void **)&cw, &cap, ncw + 1, sizeof *cw)) {
      err = MTL_ENOMEM;
      goto done;
    }
    cw[ncw].w = w;
    cw[ncw].n = n;
    cw[ncw].count = 1;
    tab[h] = ++ncw;
  }
  for (i = 0; i < rc->nnames && !err; i++) {
    const char *w = doc->text + rc->names[i].start, *best = NULL;
    size_t n = rc->names[i].end - rc->names[i].start, bestn = 0;
    artnames an;
    gazctx g;
    memset(&an, 0, sizeof an);
    an.cw = cw;
    an.tab = tab;
    an.slots = slots;
    an.count = 1;
    if (n >= 5 && n <= WORD_MAX) {
      const capword *self = art_find(&an, w, n);
      if (self)
        an.count = self->count;
      each_variant(w, n, art_variant, &an);
      if (an.best) {
        best = an.best->w;
        bestn = an.best->n;
      } else if (rc->st->names) {
        g.names = rc->st->names;
        if (each_variant(w, n, gaz_variant, &g)) {
          best = g.found;
          bestn = strlen(g.found);
        }
      }
    }
    if (best) {
      char sugg[WORD_MAX + 2];
      const char *list[1];
      memcpy(sugg, best, bestn);
      sugg[bestn] = '\0';
      list[0] = sugg;
      err = mtl_emit(rc->lc, rc->rule, rc->names[i].start, rc->names[i].end, list,
                     rc->sr->max_sugg > 0 ? 1 : 0, "name", 0);
    } else {
      int sev = rc->sr->cap_sev;
      if (sev > (int)rc->rule->info.severity)
        sev = (int)rc->rule->info.severity;
      err = mtl_emit(rc->lc, rc->rule, rc->names[i].start, rc->names[i].end, NULL, 0, "name",
                     sev);
    }
  }
done:
  mtl_free(cw);
  mtl_free(tab);
  return err;
}

/* Decides on the article's unknown lower-case words: one used three times
 * or more is a term the writer means (a loanword, jargon: karakia,
 * strandings) and only info; any other is a warning with suggestions. */
#define TERM_REPEATS 3
static int resolve_words(runctx *rc) {
  size_t slots = 16, i, h, *tab, *cnt;
  int err = 0;
  const char *base;
  while (slots < rc->nwords * 2)
    slots *= 2;
  tab = mtl_calloc(slots, sizeof *tab);
  cnt = mtl_calloc(rc->nwords, sizeof *cnt);
  if (!tab || !cnt) {
    mtl_free(tab);
    mtl_free(cnt);
    return MTL_ENOMEM;
  }
  base = rc->wbuf.data;
  /* cnt[i]: for the first occurrence of each word, how many there are */
  for (i = 0; i < rc->nwords; i++) {
    const pword *p = &rc->words[i];
    for (h = (size_t)mtl_hash(base + p->off, p->n) & (slots - 1); tab[h]; h = (h + 1) & (slots - 1)) {
      const pword *q = &rc->words[tab[h] - 1];
      if (q->n == p->n && memcmp(base + q->off, base + p->off, p->n) == 0)
        break;
    }
    if (!tab[h])
      tab[h] = i + 1;
    cnt[tab[h] - 1]++;
  }
  for (i = 0; i < rc->nwords && !err; i++) {
    const pword *p = &rc->words[i];
    size_t first;
    for (h = (size_t)mtl_hash(base + p->off, p->n) & (slots - 1);; h = (h + 1) & (slots - 1)) {
      const pword *q = &rc->words[tab[h] - 1];
      if (q->n == p->n && memcmp(base + q->off, base + p->off, p->n) == 0)
        break;
    }
    first = tab[h] - 1;
    if (cnt[first] >= TERM_REPEATS) {
      int sev = rc->sr->cap_sev;
      if (sev > (int)rc->rule->info.severity)
        sev = (int)rc->rule->info.severity;
      err = mtl_emit(rc->lc, rc->rule, p->start, p->end, NULL, 0, "term", sev);
    } else {
      verdict v;
      size_t ns;
      if ((err = lookup(rc->st, rc->tls, base + p->off, p->n, p->sugg && !p->defer, &v)) != 0)
        break;
      ns = v.nsugg < (size_t)rc->sr->max_sugg ? v.nsugg : (size_t)rc->sr->max_sugg;
      if (p->defer || !p->sugg)
        ns = 0;
      err = mtl_emit_ex(rc->lc, rc->rule, p->start, p->end, (const char *const *)v.sugg, ns,
                        "word", 0, p->defer ? MTL_FF_SUGG_DEFERRED : 0);
      if (v.owned)
        free_list(v.sugg, v.nsugg);
    }
  }
  mtl_free(tab);
  mtl_free(cnt);
  return err;
}

/* report: variety.  Counts the lower-case words that only one variety of
 * English spells so (colour, color); with language auto, an article with
 * both gets one info finding at the first word of the rarer one; with
 * en-US or en-GB, each word of the other variety is a finding. */
static int variety_run(runctx *rc) {
  const mtl_doc *doc = rc->lc->doc;
  size_t i, count[3] = {0, 0, 0}, first[3] = {0, 0, 0};
  int lang = rc->lc->language, err;
  for (i = 0; i < doc->ntoks; i++) {
    const mtl_token *t = &doc->toks[i];
    verdict v;
    size_t n = t->end - t->start;
    if (t->kind != MTL_TOK_WORD || !(t->flags & MTL_TF_LOWER) || (t->flags & MTL_TF_DIGIT) ||
        n > WORD_MAX || n < 3)
      continue;
    n = strip_possessive(doc->text + t->start, n);
    if ((err = lookup(rc->st, rc->tls, doc->text + t->start, n, 0, &v)) != 0)
      return err;
    if (v.owned)
      free_list(v.sugg, v.nsugg);
    if (!v.known || v.var == VAR_NONE)
      continue;
    if (!count[v.var]++)
      first[v.var] = i;
    if ((lang == MTL_LANG_EN_US && v.var == VAR_GB) ||
        (lang == MTL_LANG_EN_GB && v.var == VAR_US)) {
      if ((err = mtl_emit(rc->lc, rc->rule, t->start, t->start + n, NULL, 0,
                          v.var == VAR_GB ? "British spelling in en-US text"
                                          : "American spelling in en-GB text",
                          0)) != 0)
        return err;
    }
  }
  if (lang == MTL_LANG_AUTO && count[VAR_US] && count[VAR_GB]) {
    int minor = count[VAR_GB] < count[VAR_US] ||
                        (count[VAR_GB] == count[VAR_US] && first[VAR_GB] > first[VAR_US])
                    ? VAR_GB
                    : VAR_US;
    const mtl_token *t = &doc->toks[first[minor]];
    return mtl_emit(rc->lc, rc->rule, t->start,
                    t->start + strip_possessive(doc->text + t->start, t->end - t->start), NULL,
                    0,
                    minor == VAR_GB ? "British spelling in American English text"
                                    : "American spelling in British English text",
                    MTL_SEV_INFO);
  }
  return 0;
}

static int spelling_run(const mtl_rule *rule, mtl_lintctx *lc) {
  runctx rc;
  size_t i;
  int err = 0;
  memset(&rc, 0, sizeof rc);
  rc.rule = rule;
  rc.sr = rule->data;
  rc.st = lc->eng->spell;
  rc.lc = lc;
  rc.tls = tl_cache;
  if (!rc.sr || !rc.st)
    return 0;
  if (rc.sr->variety)
    return variety_run(&rc);
  for (i = 0; i < lc->doc->ntoks && !err; i++) {
    const mtl_token *t = &lc->doc->toks[i];
    rc.ti = i;
    if (t->kind == MTL_TOK_WORD && t->end < lc->doc->len &&
        (unsigned char)lc->doc->text[t->end] >= 0xC2) {
      char buf[WORD_MAX + 1];
      size_t n = 0, last = join_invisible(lc->doc, i, buf, &n);
      if (n) {
        int known;
        err = check_word(&rc, t->start, lc->doc->toks[last].end, buf, n, 0, &known, -1);
        i = last;
        continue;
      }
    }
    err = check_token(&rc, i);
  }
  if (!err && rc.nnames)
    err = resolve_names(&rc);
  if (!err && rc.nwords)
    err = resolve_words(&rc);
  mtl_free(rc.names);
  mtl_free(rc.words);
  mtl_buf_free(&rc.wbuf);
  return err;
}

const mtl_check_kind mtl_check_spelling = {
    "spelling", spelling_keys, spelling_compile, spelling_run, spelling_free,
    MTL_KIND_DICT | MTL_KIND_YIELDS, NULL,
};
