/*
 * spell_lookup.c - a word's verdict: the shared verdict cache, the
 * per-thread cache in front of it, and asking the lexicon and Hunspell.
 */
#include "dict.h"
#include "lexicon.h"
#include "mtlint.h"
#include "spell.h"
#include "utf8.h"
#include "util.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>


/* ------------------------------------------------------------------ */
/* The verdict table (spell.h: vtable).                                */

/* The entry for w[0..n) with hash h in table t, or NULL; no lock. */
static entry *cache_find(const vtable *t, const char *w, size_t n, uint64_t h) {
  size_t i;
  entry *e;
  if (!t)
    return NULL;
  for (i = (size_t)h & (t->cap - 1); (e = __atomic_load_n(&t->slots[i], __ATOMIC_ACQUIRE));
       i = (i + 1) & (t->cap - 1))
    if (e->hash == h && e->len == n && memcmp(e->word, w, n) == 0)
      return e;
  return NULL;
}

/* PERF: entries are cut from chunks (freed with the state), not
 * malloc'd one by one: ~190 instructions less per new word. */
#define CHUNK_BYTES (64u << 10)

/* size bytes for an entry, 16-aligned (caller holds wlock); NULL when out
 * of memory. */
static entry *entry_alloc(spell_state *st, size_t size) {
  entry *e;
  size = (size + 15) & ~(size_t)15;
  if (size > st->chunk_left) {
    size_t bytes = size > CHUNK_BYTES ? size : CHUNK_BYTES;
    spell_chunk *c = mtl_malloc(sizeof *c + bytes);
    if (!c)
      return NULL;
    c->next = st->chunks;
    st->chunks = c;
    st->chunk_at = (char *)(c + 1);
    st->chunk_left = bytes;
  }
  e = (entry *)(void *)st->chunk_at;
  st->chunk_at += size;
  st->chunk_left -= size;
  return e;
}

/* Publishes e (filled, not present; caller holds wlock); 0, or
 * MTL_ENOMEM / MTL_ELIMIT when not kept. */
static int cache_insert(spell_state *st, entry *e) {
  vtable *t = st->tab; /* only changed under wlock */
  size_t i;
  if (st->count >= CACHE_MAX)
    return MTL_ELIMIT;
  if (!t || (st->count + 1) * 4 > t->cap * 3) {
    size_t ncap = t ? t->cap * 2 : 1024, j;
    vtable *nt = mtl_calloc(1, sizeof *nt + ncap * sizeof nt->slots[0]);
    if (!nt)
      return MTL_ENOMEM;
    nt->cap = ncap;
    nt->older = t;
    for (j = 0; t && j < t->cap; j++)
      if (t->slots[j]) {
        size_t k = (size_t)t->slots[j]->hash & (ncap - 1);
        while (nt->slots[k])
          k = (k + 1) & (ncap - 1);
        nt->slots[k] = t->slots[j];
      }
    __atomic_store_n(&st->tab, nt, __ATOMIC_RELEASE);
    t = nt;
  }
  for (i = (size_t)e->hash & (t->cap - 1); t->slots[i]; i = (i + 1) & (t->cap - 1)) {
  }
  __atomic_store_n(&t->slots[i], e, __ATOMIC_RELEASE);
  st->count++;
  return 0;
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
    if ((mtl_dict_lexf(st, buf, n) & (MTL_LEX_US | MTL_LEX_GB | MTL_LEX_USER)) == MTL_LEX_GB)
      return VAR_NONE;
  }
  return VAR_US;
}

/* The lexicon's flags for w[0..n), or for w with its first letter in lower
 * case when w is Capitalised and unknown as it is (sentence starts). */
static unsigned lex_flags(const spell_state *st, const char *w, size_t n, const char **used,
                          char *lower) {
  unsigned f = mtl_dict_lexf(st, w, n);
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
    return mtl_dict_lexf(st, lower, (size_t)m + n - (size_t)k);
  }
}

/* The lexicon's verdict on w (NUL-terminated, n bytes): 1 known, 0
 * unknown, -1 for Hunspell to say; *var as for a verdict.  Reads only what
 * never changes once Hunspell is loaded (st->ready): no lock. */
static int lex_verdict(const spell_state *st, const char *w, size_t n, int *var) {
  unsigned f = 0;
  char lower[WORD_MAX + 1];
  const char *used = w;
  *var = VAR_NONE;
  if (st->lex || st->ulex)
    f = lex_flags(st, w, n, &used, lower);
  if (f) {
    *var = variety_of(st, used, strlen(used), f);
    return 1;
  }
  /* PERF: a Capitalised word that no list has: Hunspell would only know
   * it from its own word list (which the big lists hold) or from a .dic's
   * affixes (M and S forms are in the user lexicon) */
  if (st->lex && !st->affix_names && (unsigned char)w[0] >= 'A' && (unsigned char)w[0] <= 'Z')
    return 0;
  return -1;
}

/* Loads Hunspell and the lexicon if need be and decides w (caller holds
 * hlock): 0 or MTL_EDICT. */
static int ask_hunspell(spell_state *st, const char *w, size_t n, int *known, int *var) {
  int k;
  if (mtl_dict_load_hunspell(st))
    return MTL_EDICT;
  k = lex_verdict(st, w, n, var);
  if (k >= 0) {
    *known = k;
  } else {
    *known = mtl_dict_spell(st->h, w) != 0;
    if (!*known && (unsigned char)w[0] >= 'a' && (unsigned char)w[0] <= 'z' &&
        mtl_dict_gb_handle(st) && mtl_dict_spell(st->gb, w)) {
      *known = 1;
      *var = VAR_GB;
    }
  }
  return 0;
}

/* The suggestions for the unknown word w (n <= SUGG_WORD_MAX), Hunspell
 * loaded; without hlock (spell_suggest.c takes it for Hunspell's calls). */
static int suggest(spell_state *st, const char *w, size_t n, char ***sugg, size_t *nsugg) {
  sugglist sl;
  memset(&sl, 0, sizeof sl);
  mtl_spell_edit_suggest(st, w, n, &sl);
  if (sl.oom) {
    mtl_dict_free_list(sl.v, sl.n);
    return MTL_ENOMEM;
  }
  mtl_spell_rank(st, &sl, w);
  *sugg = sl.v;
  *nsugg = sl.n;
  return 0;
}

/* The last r (1..7) bytes of a word as a zero-padded chunk. */
static inline uint64_t load_tail(const char *s, size_t r) {
  uint64_t x = 0;
  memcpy(&x, s, r);
  return x;
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
int mtl_spell_lookup(spell_state *st, tl_slot *tls, const char *word, size_t n, int want_sugg,
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
  e = cache_find(__atomic_load_n(&st->tab, __ATOMIC_ACQUIRE), w, n, h);
  if (e) {
    int final = e->known || __atomic_load_n(&e->have_sugg, __ATOMIC_ACQUIRE);
    known = e->known;
    var = e->var;
    if (final || !want_sugg) {
      v->known = known;
      v->var = var;
      v->sugg = final ? e->sugg : NULL;
      v->nsugg = final ? e->nsugg : 0;
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
        tl->final = (uint16_t)final;
        tl->gen = st->gen;
        tl->e = e;
      }
      return 0;
    }
    have = 1; /* known verdict, suggestions missing */
  }

  /* PERF: once Hunspell is loaded the lexicon decides most new words
   * without hlock; Hunspell itself (one handle, not thread-safe) is asked
   * under it about the lower-case words the lists lack */
  if (!have && __atomic_load_n(&st->ready, __ATOMIC_ACQUIRE)) {
    int k = lex_verdict(st, w, n, &var);
    if (k >= 0)
      known = k, have = 1;
  }
  if (!have) {
    pthread_mutex_lock(&st->hlock);
    __atomic_add_fetch(&st->hasks, 1, __ATOMIC_RELAXED);
    rc = ask_hunspell(st, w, n, &known, &var);
    pthread_mutex_unlock(&st->hlock);
    if (rc)
      return rc;
  }
  if (want_sugg && !known && n <= SUGG_WORD_MAX && (rc = suggest(st, w, n, &sugg, &nsugg)) != 0)
    return rc;

  pthread_mutex_lock(&st->wlock);
  e = cache_find(st->tab, w, n, h);
  if (e) {
    if (want_sugg && !e->known && !e->have_sugg) {
      e->sugg = sugg;
      e->nsugg = nsugg;
      __atomic_store_n(&e->have_sugg, 1, __ATOMIC_RELEASE);
      sugg = NULL;
    }
    v->known = e->known;
    v->var = e->var;
    v->sugg = e->sugg;
    v->nsugg = e->nsugg;
  } else {
    /* zero-padded, see tl_index */
    e = st->count < CACHE_MAX ? entry_alloc(st, sizeof *e + ((n + 8) & ~(size_t)7)) : NULL;
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
        e = NULL; /* its bytes stay in the chunk */
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
  pthread_mutex_unlock(&st->wlock);
  mtl_dict_free_list(sugg, nsugg);
  return 0;
}
