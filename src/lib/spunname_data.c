/*
 * spunname_data.c - loading the spun-name check's data: the gazetteer
 * (one name a line, `#` comments) indexed by word, and the mined swap
 * pairs (spunname.h).
 */
#include "spunname.h"
#include "doc.h"
#include "utf8.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static const char *const small_words[] = {"of", "the", "and", "for", "on", "de", "in", "&", NULL};

int mtl_spunname_is_small(const char *w, size_t n) {
  size_t i;
  for (i = 0; small_words[i]; i++)
    if (strlen(small_words[i]) == n && !memcmp(small_words[i], w, n))
      return 1;
  return 0;
}

void mtl_spunname_free(spunname *s) {
  size_t i;
  if (!s)
    return;
  mtl_thesaurus_free(s->th);
  for (i = 0; i < s->nentries; i++)
    mtl_free(s->entries[i].display);
  mtl_free(s->entries);
  for (i = 0; i < s->nwords; i++)
    mtl_free(s->words[i]);
  mtl_free(s->words);
  mtl_free(s->small);
  mtl_free(s->occs);
  mtl_free(s->hkeys);   /* keys borrowed from words */
  mtl_free(s->hhead);
  for (i = 0; s->fwd && i < s->nwords; i++) {
    mtl_free(s->fwd[i]);
    mtl_free(s->fwd_pl[i]);
  }
  mtl_free(s->fwd);
  mtl_free(s->fwd_pl);
  if (s->mu_ok)
    pthread_mutex_destroy(&s->mu);
  for (i = 0; i < s->swcap; i++)
    mtl_free(s->swaps[i]);
  mtl_free(s->swaps);
  mtl_free(s);
}

/* The swap table: open addressing over owned "spun\toriginal" keys. */
static size_t swslot(const spunname *s, const char *k, size_t n) {
  size_t i = (size_t)mtl_hash(k, n) & (s->swcap - 1);
  while (s->swaps[i] && (strlen(s->swaps[i]) != n || memcmp(s->swaps[i], k, n)))
    i = (i + 1) & (s->swcap - 1);
  return i;
}

static int swap_add(spunname *s, char *key) {
  size_t i;
  if ((s->swn + 1) * 2 > s->swcap) {
    size_t ncap = s->swcap ? s->swcap * 2 : 256, j, ocap = s->swcap;
    char **old = s->swaps;
    if (!(s->swaps = mtl_calloc(ncap, sizeof *s->swaps))) {
      s->swaps = old;
      mtl_free(key);
      return MTL_ENOMEM;
    }
    s->swcap = ncap;
    for (j = 0; j < ocap; j++)
      if (old[j])
        s->swaps[swslot(s, old[j], strlen(old[j]))] = old[j];
    mtl_free(old);
  }
  i = swslot(s, key, strlen(key));
  if (s->swaps[i]) {
    mtl_free(key);
    return 0;
  }
  s->swaps[i] = key;
  s->swn++;
  return 0;
}

/* Whether spun x[0..xn) for original w[0..wn) is a mined swap. */
int mtl_spunname_swap_has(const spunname *s, const char *x, size_t xn, const char *w, size_t wn) {
  char key[256];
  if (!s->swcap || xn + wn + 2 > sizeof key)
    return 0;
  memcpy(key, x, xn);
  key[xn] = '\t';
  memcpy(key + xn + 1, w, wn);
  return s->swaps[swslot(s, key, xn + 1 + wn)] != NULL;
}

/* Reads a table of mined swaps: tab-separated, a header line naming the
 * columns "spun" and "original" (others ignored); rows whose two fields are
 * single words become swaps. */
int mtl_spunname_load_swaps(spunname *s, const char *path, mtl_error *err) {
  char *data = NULL;
  size_t len = 0, pos = 0, lineno = 0;
  long cspun = -1, corig = -1;
  int rc;
  if ((rc = mtl_read_file(&data, &len, path, err)))
    return rc;
  while (pos < len && !rc) {
    char *l = data + pos, *nl = memchr(l, '\n', len - pos);
    size_t ll = nl ? (size_t)(nl - l) : len - pos;
    const char *f[64];
    size_t fl[64], nf = 0, a = 0, i;
    pos += ll + (nl ? 1 : 0);
    lineno++;
    if (ll && l[ll - 1] == '\r')
      ll--;
    while (nf < 64) {   /* split on tabs */
      size_t b = a;
      while (b < ll && l[b] != '\t')
        b++;
      f[nf] = l + a;
      fl[nf++] = b - a;
      if (b >= ll)
        break;
      a = b + 1;
    }
    if (lineno == 1) {
      for (i = 0; i < nf; i++) {
        if (fl[i] == 4 && !memcmp(f[i], "spun", 4))
          cspun = (long)i;
        if (fl[i] == 8 && !memcmp(f[i], "original", 8))
          corig = (long)i;
      }
      if (cspun < 0 || corig < 0)
        rc = mtl_seterr(err, MTL_ESCHEMA, path, 1, 1,
                        "spun-name: the swaps table needs columns 'spun' and 'original'");
      continue;
    }
    if ((size_t)cspun >= nf || (size_t)corig >= nf || !fl[cspun] || !fl[corig] ||
        memchr(f[cspun], ' ', fl[cspun]) || memchr(f[corig], ' ', fl[corig]) ||
        fl[cspun] + fl[corig] + 2 > 256 ||
        mtl_utf8_validate(l, ll) != ll)
      continue;
    {
      mtl_buf k = {0};
      mtl_utf8_lower(&k, f[cspun], fl[cspun]);
      mtl_buf_putc(&k, '\t');
      mtl_utf8_lower(&k, f[corig], fl[corig]);
      if (k.oom) {
        mtl_buf_free(&k);
        rc = mtl_seterr(err, MTL_ENOMEM, path, 0, 0, "out of memory");
        break;
      }
      if (swap_add(s, k.data))
        rc = mtl_seterr(err, MTL_ENOMEM, path, 0, 0, "out of memory");
    }
  }
  mtl_free(data);
  return rc;
}

static size_t hslot(const spunname *s, const char *w, size_t n) {
  size_t i = (size_t)mtl_hash(w, n) & (s->hcap - 1);
  while (s->hkeys[i] && (strlen(s->hkeys[i]) != n || memcmp(s->hkeys[i], w, n)))
    i = (i + 1) & (s->hcap - 1);
  return i;
}

/* The first occurrence (index + 1) of word w[0..n), 0 if none. */
uint32_t mtl_spunname_head_of(const spunname *s, const char *w, size_t n) {
  size_t i;
  if (!s->hcap)
    return 0;
  i = hslot(s, w, n);
  return s->hkeys[i] ? s->hhead[i] : 0;
}

static int index_word(spunname *s, char *w, uint32_t entry, uint32_t pos) {
  size_t i, n = strlen(w);
  if ((s->hn + 1) * 2 > s->hcap) {
    size_t ncap = s->hcap ? s->hcap * 2 : 256, j;
    char **ok = s->hkeys;
    uint32_t *oh = s->hhead;
    size_t ocap = s->hcap;
    s->hkeys = mtl_calloc(ncap, sizeof *s->hkeys);
    s->hhead = mtl_calloc(ncap, sizeof *s->hhead);
    if (!s->hkeys || !s->hhead) {
      mtl_free(s->hkeys);
      mtl_free(s->hhead);
      s->hkeys = ok;
      s->hhead = oh;
      return MTL_ENOMEM;
    }
    s->hcap = ncap;
    for (j = 0; j < ocap; j++)
      if (ok[j]) {
        size_t k = hslot(s, ok[j], strlen(ok[j]));
        s->hkeys[k] = ok[j];
        s->hhead[k] = oh[j];
      }
    mtl_free(ok);
    mtl_free(oh);
  }
  if (mtl_grow((void **)&s->occs, &s->capoccs, s->noccs + 1, sizeof *s->occs))
    return MTL_ENOMEM;
  i = hslot(s, w, n);
  if (!s->hkeys[i]) {
    s->hkeys[i] = w;
    s->hn++;
  }
  s->occs[s->noccs].entry = entry;
  s->occs[s->noccs].pos = pos;
  s->occs[s->noccs].next = s->hhead[i];
  s->hhead[i] = (uint32_t)++s->noccs;
  return 0;
}

/* Adds one gazetteer line (already trimmed, not a comment). */
static int add_entry(spunname *s, const char *line, size_t len, const char *file,
                     size_t lineno, mtl_error *err) {
  mtl_doc d;
  mtl_buf low = {0};
  size_t i, nw = 0;
  uint32_t e = (uint32_t)s->nentries;
  int rc = 0;
  if (mtl_doc_init(&d, line, len))
    return mtl_seterr(err, MTL_ENOMEM, file, 0, 0, "out of memory");
  if (d.ntoks < 2 || d.ntoks > MAX_NAME_WORDS) {
    rc = mtl_seterr(err, MTL_ESCHEMA, file, lineno, 1,
                    "spun-name: a gazetteer name has 2 to %d words", MAX_NAME_WORDS);
    goto done;
  }
  if (mtl_grow((void **)&s->entries, &s->capentries, s->nentries + 1, sizeof *s->entries) ||
      mtl_grow((void **)&s->words, &s->capwords, s->nwords + d.ntoks, sizeof *s->words)) {
    rc = mtl_seterr(err, MTL_ENOMEM, file, 0, 0, "out of memory");
    goto done;
  }
  {
    size_t cap = s->capwords;
    unsigned char *ns = mtl_realloc(s->small, cap ? cap : 1);
    if (!ns) {
      rc = mtl_seterr(err, MTL_ENOMEM, file, 0, 0, "out of memory");
      goto done;
    }
    s->small = ns;
  }
  s->entries[e].first = (uint32_t)s->nwords;
  s->entries[e].n = 0;
  if (!(s->entries[e].display = mtl_strndup(line, len))) {
    rc = mtl_seterr(err, MTL_ENOMEM, file, 0, 0, "out of memory");
    goto done;
  }
  s->nentries++;
  for (i = 0; i < d.ntoks; i++) {
    char *w;
    low.len = 0;
    mtl_doc_token_lower(&d, i, &low);
    if (low.oom || !(w = mtl_strndup(low.data, low.len))) {
      rc = mtl_seterr(err, MTL_ENOMEM, file, 0, 0, "out of memory");
      goto done;
    }
    s->small[s->nwords] = (unsigned char)mtl_spunname_is_small(w, low.len);
    s->words[s->nwords++] = w;
    s->entries[e].n++;
    nw++;
    if (index_word(s, w, e, (uint32_t)i)) {
      rc = mtl_seterr(err, MTL_ENOMEM, file, 0, 0, "out of memory");
      goto done;
    }
  }
  s->entries[e].head = s->entries[e].n - 1;
  for (i = 1; i < s->entries[e].n; i++)
    if (s->small[s->entries[e].first + i]) {
      s->entries[e].head = (uint32_t)i - 1;
      break;
    }
done:
  mtl_buf_free(&low);
  mtl_doc_free(&d);
  return rc;
}

int mtl_spunname_load_gazetteer(spunname *s, const char *path, mtl_error *err) {
  char *data = NULL;
  size_t len = 0, pos = 0, lineno = 0;
  int rc;
  if ((rc = mtl_read_file(&data, &len, path, err)))
    return rc;
  while (pos < len && !rc) {
    const char *l = data + pos, *nl = memchr(l, '\n', len - pos);
    size_t ll = nl ? (size_t)(nl - l) : len - pos, a = 0;
    pos += ll + (nl ? 1 : 0);
    lineno++;
    while (a < ll && (l[a] == ' ' || l[a] == '\t'))
      a++;
    while (ll > a && (l[ll - 1] == ' ' || l[ll - 1] == '\t' || l[ll - 1] == '\r'))
      ll--;
    if (a == ll || l[a] == '#')
      continue;
    if (mtl_utf8_validate(l + a, ll - a) != ll - a)
      rc = mtl_seterr(err, MTL_ESCHEMA, path, lineno, 1, "spun-name: invalid UTF-8");
    else
      rc = add_entry(s, l + a, ll - a, path, lineno, err);
  }
  mtl_free(data);
  if (!rc && !s->nentries)
    rc = mtl_seterr(err, MTL_ESCHEMA, path, 1, 1, "spun-name: the gazetteer lists no names");
  return rc;
}
