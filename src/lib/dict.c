/*
 * dict.c - the spelling dictionaries: the Hunspell handles (the one user
 * of Hunspell) and their lock, the process-wide prefetched dictionary
 * (mtl_dictionary_prefetch), lazy loading and preloading, and the word
 * lists and .dic files added to them: the home of the warm-start
 * machinery.
 */
#include "dict.h"
#include "lexicon.h"
#include "mtlint.h"
#include "spell.h"
#include "utf8.h"
#include "util.h"
#include "ynode.h"

#include <hunspell.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long spell_gens;  /* updated with __atomic builtins */

/* ------------------------------------------------------------------ */
/* Shared state.                                                       */

void mtl_dict_free_list(char **l, size_t n) {
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
  mtl_free(st->name_keys);
  mtl_lexicon_free(st->phrase_words);
  mtl_buf_free(&st->phrases);
  mtl_buf_free(&st->names_buf);
  if (st->tab) { /* every entry is in the newest table */
    vtable *t = st->tab, *older;
    for (i = 0; i < t->cap; i++)
      if (t->slots[i])
        mtl_dict_free_list(t->slots[i]->sugg, t->slots[i]->nsugg);
    for (; t; t = older) {
      older = t->older;
      mtl_free(t);
    }
  }
  while (st->chunks) {
    spell_chunk *next = st->chunks->next;
    mtl_free(st->chunks);
    st->chunks = next;
  }
  for (i = 0; i < st->nloaded; i++)
    mtl_free(st->loaded[i]);
  mtl_free(st->loaded);
  if (st->locks_ok) {
    pthread_mutex_destroy(&st->hlock);
    pthread_mutex_destroy(&st->wlock);
  }
  mtl_free(st);
}

int mtl_dict_readable(const char *path) {
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
int mtl_dict_base_files_ok(const char *aff, const char *dic) {
  return mtl_dict_readable(aff) && mtl_dict_readable(dic) && dic_header_ok(dic);
}

int mtl_dict_was_loaded(spell_state *st, const char *path) {
  size_t i;
  for (i = 0; i < st->nloaded; i++)
    if (strcmp(st->loaded[i], path) == 0)
      return 1;
  return 0;
}

int mtl_dict_mark_loaded(spell_state *st, const char *path) {
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

/* Whether Hunspell handle h knows w (caller holds the state's hlock). */
int mtl_dict_spell(Hunhandle *h, const char *w) { return Hunspell_spell(h, w); }

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
int mtl_dict_stem_paths(const char *base, char **aff, char **dic) {
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
  if (mtl_dict_stem_paths(stem, &aff, &dic))
    return mtl_seterr(err, MTL_ENOMEM, NULL, 0, 0, "out of memory");
  if (!mtl_dict_base_files_ok(aff, dic)) {
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

int mtl_dict_create_state(spell_state **out, const char *base, const mtl_build *b,
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
  if (!st || mtl_dict_stem_paths(base, &aff, &dic))
    goto done;
  if (!mtl_dict_base_files_ok(aff, dic)) {
    rc = mtl_seterr(err, MTL_EDICT, b->file, where ? where->line : 0,
                    where ? where->column : 0,
                    "base dictionary %s (.aff and .dic) not found or not readable; "
                    "install hunspell-en-us or set another base dictionary",
                    base);
    goto done;
  }
  if (pthread_mutex_init(&st->hlock, NULL) != 0)
    goto done;
  if (pthread_mutex_init(&st->wlock, NULL) != 0) {
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

/* Queues a Hunspell_add_dic ('d') or Hunspell_add ('w') for mtl_dict_load_hunspell. */
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
unsigned mtl_dict_lexf(const spell_state *st, const char *w, size_t n) {
  return mtl_lexicon_flags(st->lex, w, n) | mtl_lexicon_flags(st->ulex, w, n);
}

/* Creates the Hunspell handle and replays the queued additions (caller
 * holds hlock).  0, or MTL_EDICT if Hunspell cannot load what passed the
 * loader's checks. */
int mtl_dict_load_hunspell(spell_state *st) {
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
  /* from here on lex and ulex never change: look-ups read them unlocked
   * (after a failed load too, as they did under hlock) */
  __atomic_store_n(&st->ready, 1, __ATOMIC_RELEASE);
  __atomic_store_n(&st->loading, 0, __ATOMIC_RELEASE);
  return (int)i;
}

/* Whether a thread is loading Hunspell now (mtl_engine_loading). */
int mtl_spell_loading(const void *spell) {
  const spell_state *st = spell;
  return st && __atomic_load_n(&st->loading, __ATOMIC_ACQUIRE);
}


/* Loads Hunspell (en_US, and en_GB when named) and the lexicon now
 * (mtl_engine_preload): 0, or MTL_EDICT. */
int mtl_spell_preload(void *spell) {
  spell_state *st = spell;
  int rc;
  if (!st)
    return 0;
  pthread_mutex_lock(&st->hlock);
  rc = mtl_dict_load_hunspell(st);
  if (!rc)
    (void)mtl_dict_gb_handle(st); /* a failure shows as en_GB knowing nothing */
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

int mtl_dict_add_dic(spell_state *st, const char *path, const char *file,
                     const mtl_ynode *where, mtl_error *err) {
  size_t line = where ? where->line : 0, col = where ? where->column : 0;
  if (mtl_dict_was_loaded(st, path))
    return 0;
  if (!mtl_dict_readable(path))
    return mtl_seterr(err, MTL_EDICT, file, line, col, "cannot read dictionary %s", path);
  if (!dic_header_ok(path))
    return mtl_seterr(err, MTL_EDICT, file, line, col,
                      "%s is not a Hunspell .dic file (the first line must be the word count)",
                      path);
  if (defer(st, 'd', path, strlen(path)))
    return MTL_ENOMEM;
  if (dic_stems(st, path))
    return MTL_ENOMEM;
  return mtl_dict_mark_loaded(st, path);
}

/* Copies s[0..n) into out (size WORD_MAX + 1) with ’ folded to '; returns
 * the length, or 0 if it does not fit. */
size_t mtl_dict_fold_apostrophes(char *out, const char *s, size_t n) {
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

int mtl_dict_add_wordlist(spell_state *st, const char *path, const char *file,
                          const mtl_ynode *where, mtl_error *err) {
  size_t line = where ? where->line : 0, col = where ? where->column : 0;
  char *data = NULL;
  size_t len = 0, i = 0;
  mtl_error rerr;
  int rc;
  if (mtl_dict_was_loaded(st, path))
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
    if (e > s && mtl_dict_fold_apostrophes(w, data + s, e - s) > 0) {
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
  return mtl_dict_mark_loaded(st, path);
}

/* Loads the en_GB handle if one is named and not tried yet (caller holds
 * hlock); the handle or NULL. */
Hunhandle *mtl_dict_gb_handle(spell_state *st) {
  if (!st->gb && !st->gb_failed && st->gb_aff) {
    st->gb = hs_create(st->gb_aff, st->gb_dic);
    st->gb_failed = st->gb == NULL;
  }
  return st->gb;
}
