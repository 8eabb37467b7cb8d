/*
 * spell_suggest.c - suggestions for an unknown word (the words one edit
 * away, ranked) and the variants of a name one typo away.
 */
#include "dict.h"
#include "spell.h"
#include "utf8.h"
#include "util.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


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

/* Hunspell's verdict on w, under hlock.  PERF: suggestions are collected
 * without hlock (the lexicon is read-only once loaded); only the few
 * Hunspell calls take it, so another thread's look-ups do not wait for a
 * whole suggestion search. */
static int hs_spell(spell_state *st, const char *w) {
  int r;
  pthread_mutex_lock(&st->hlock);
  r = mtl_dict_spell(st->h, w) != 0;
  pthread_mutex_unlock(&st->hlock);
  return r;
}

/* Whether w (n bytes, NUL-terminated) is a known word for suggestions: in
 * the lexicon when there is one (a hash look-up), else Hunspell's verdict. */
static int cand_known(spell_state *st, const char *w, size_t n) {
  if (st->lex)
    return mtl_dict_lexf(st, w, n) != 0;
  return hs_spell(st, w);
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
void mtl_spell_edit_suggest(spell_state *st, const char *w, size_t len, sugglist *sl) {
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
    if (cand_known(st, buf, bl) || hs_spell(st, buf))
      sugg_add(sl, buf, EDIT_CASE);
    if (sl->n == 0 && n >= 2) { /* an acronym (Hunspell takes UKRAINE for Ukraine) */
      for (i = 1; i < n; i++)
        c[i] = mtl_cp_toupper(c[i]);
      bl = encode_cps(buf, c, n, (size_t)-1);
      if (cand_known(st, buf, bl) || hs_spell(st, buf))
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
 * at most SUGG_KEEP.  Takes hlock once, for Hunspell's verdicts. */
void mtl_spell_rank(spell_state *st, sugglist *sl, const char *w) {
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
  pthread_mutex_lock(&st->hlock);
  for (i = 0; i < sl->n; i++) {
    int same = mtl_utf8_decode(sl->v[i], strlen(sl->v[i]), &c) > 0 && mtl_cp_tolower(c) == first;
    int common = !(st->us_words || st->gb_words) || sl->cls[i] == EDIT_SPLIT ||
                 mtl_dict_spell(st->h, sl->v[i]);
    key[i] = (unsigned)sl->cls[i] << 8 | (unsigned)!common << 7 | (unsigned)!same << 6;
    key[i] = key[i] << 8 | (unsigned)i;
    tmp[i] = sl->v[i];
  }
  pthread_mutex_unlock(&st->hlock);
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

/* The key of the bytes b[0..m) (spell.h: NAME_KEY_BITS), FNV-1a. */
static size_t key_of(const unsigned char *b, size_t m) {
  uint64_t h = 0xcbf29ce484222325ULL;
  size_t i;
  for (i = 0; i < m; i++)
    h = (h ^ b[i]) * 0x100000001b3ULL;
  h ^= h >> 29;
  return (size_t)(h & (NAME_KEY_BITS - 1));
}

/* The bytes of w[0..n) but the typo consonants, into out (WORD_MAX + 1),
 * with their positions in w when pos is not NULL; their count. */
static size_t kept_bytes(const char *w, size_t n, unsigned char *out, size_t *pos) {
  size_t i, m = 0;
  for (i = 0; i < n && i <= WORD_MAX; i++)
    if (i == 0 || !typo_consonant[(unsigned char)w[i]]) {
      if (pos)
        pos[m] = i;
      out[m++] = (unsigned char)w[i];
    }
  return m;
}

/* The filter key of the name w[0..n): its first byte and the bytes after
 * it that are not typo consonants, hashed. */
size_t mtl_spell_name_key(const char *w, size_t n) {
  unsigned char b[WORD_MAX + 1];
  return key_of(b, kept_bytes(w, n, b, NULL));
}

/* Whether a name whose key is set in keys could be a variant of w[0..n)
 * (mtl_spell_each_variant): a variant keeps w's key, but for a swap of
 * two bytes that are not typo consonants, whose key is looked up too.
 * Never 0 when some variant of w has its key set. */
int mtl_spell_may_be_variant(const uint64_t *keys, const char *w, size_t n) {
  unsigned char b[WORD_MAX + 1];
  size_t pos[WORD_MAX + 1], m, i, k, tried = 0;
  if (n > WORD_MAX)
    return 0; /* mtl_spell_each_variant makes none */
  m = kept_bytes(w, n, b, pos);
  k = key_of(b, m);
  if ((keys[k / 64] >> (k % 64)) & 1)
    return 1;
  for (i = 1; i + 1 < m; i++) {
    unsigned char t;
    if (pos[i + 1] != pos[i] + 1 || b[i] == b[i + 1])
      continue; /* not a swap mtl_spell_each_variant makes */
    if (++tried > NAME_KEYS_MAX)
      return 1;
    t = b[i], b[i] = b[i + 1], b[i + 1] = t;
    k = key_of(b, m);
    t = b[i], b[i] = b[i + 1], b[i + 1] = t;
    if ((keys[k / 64] >> (k % 64)) & 1)
      return 1;
  }
  return 0;
}

int mtl_spell_each_variant(const char *w, size_t n, int (*found)(void *, const char *, size_t),
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
