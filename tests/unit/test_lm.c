/*
 * test_lm.c - lm.c and lm_table.c: loading (missing file, not a model,
 * silent load, one model per path shared by reference), word ids (case,
 * digits, "<s>"), scoring (unknown words cut the history and are never
 * scored), the same scores as sphinxbase's own scorer to the last unit,
 * the same scores from four threads at once (no lock) as from one, and
 * the cache file: built once and mapped after, rebuilt when short,
 * garbage or stale, and not needed when the cache folder is unwritable;
 * damaged tables and trie files never crash.
 */
#include "testutil.h"
#include "lm.h"
#include "lm_table.h"
#include "mtlint.h"
#include "util.h"

#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sphinxbase/err.h>
#include <sphinxbase/logmath.h>
#include <sphinxbase/ngram_model.h>

static char cache_dir[] = "/tmp/mtl-lm-cache-XXXXXX";

static int32_t wid(mtl_lm *lm, const char *w) { return mtl_lm_wid(lm, w, strlen(w)); }

/* Runs first: the first load of the process prints nothing to stderr. */
static void load_is_silent(void **state) {
  char path[] = "/tmp/mtl-lm-stderr-XXXXXX";
  int fd = mkstemp(path), saved = dup(2);
  mtl_lm *lm = NULL;
  mtl_error err;
  off_t size;
  (void)state;
  assert_true(fd >= 0 && saved >= 0);
  fflush(stderr);
  dup2(fd, 2);
  memset(&err, 0, sizeof err);
  assert_int_equal(mtl_lm_open(&lm, NULL, &err), 0);
  fflush(stderr);
  dup2(saved, 2);
  close(saved);
  size = lseek(fd, 0, SEEK_END);
  close(fd);
  unlink(path);
  assert_int_equal(size, 0);
  assert_non_null(lm);
  mtl_lm_close(lm);
}

static void missing_and_bad_files(void **state) {
  mtl_lm *lm = (mtl_lm *)1;
  mtl_error err;
  (void)state;
  memset(&err, 0, sizeof err);
  assert_int_equal(mtl_lm_open(&lm, "/nonexistent/model.lm.bin", &err), MTL_EDICT);
  assert_null(lm);
  assert_string_equal(err.file, "/nonexistent/model.lm.bin");
  assert_non_null(strstr(err.message, "pocketsphinx-en-us"));
  /* a folder, and a file that is not a model */
  assert_int_equal(mtl_lm_open(&lm, "/tmp", &err), MTL_EDICT);
  memset(&err, 0, sizeof err);
  assert_int_equal(mtl_lm_open(&lm, MTL_TEST_SRCDIR "/README.md", &err), MTL_EDICT);
  assert_null(lm);
  assert_int_equal(err.code, MTL_EDICT);
  mtl_lm_close(NULL);
}

static void shared_per_path(void **state) {
  mtl_lm *a = NULL, *b = NULL;
  (void)state;
  assert_int_equal(mtl_lm_open(&a, NULL, NULL), 0);
  assert_int_equal(mtl_lm_open(&b, MTL_LM_DEFAULT_PATH, NULL), 0);
  assert_ptr_equal(a, b);
  mtl_lm_close(a);
  /* b still holds it */
  assert_true(wid(b, "the") >= 0);
  mtl_lm_close(b);
}

static void word_ids(void **state) {
  mtl_lm *lm = NULL;
  (void)state;
  assert_int_equal(mtl_lm_open(&lm, NULL, NULL), 0);
  assert_true(wid(lm, "the") >= 0);
  assert_true(wid(lm, "through") >= 0);
  assert_int_equal(wid(lm, "The"), MTL_LM_OOV);  /* the model is lower case */
  assert_int_equal(wid(lm, "1962"), MTL_LM_OOV); /* and has no digits */
  assert_int_equal(wid(lm, "xyzzyq"), MTL_LM_OOV);
  assert_int_equal(wid(lm, "<s>"), MTL_LM_OOV);  /* not a word of a text */
  assert_int_equal(wid(lm, ""), MTL_LM_OOV);
  assert_int_equal(mtl_lm_wid(lm, "caf\xC3\xA9", 5), MTL_LM_OOV);
  assert_true(mtl_lm_bos(lm) >= 0);
  assert_int_equal(mtl_lm_wid(NULL, "the", 3), MTL_LM_OOV);
  mtl_lm_close(lm);
}

static void scores(void **state) {
  mtl_lm *lm = NULL;
  int32_t by[3], through[3], cut[4], alone[2];
  size_t n;
  double a, b;
  (void)state;
  assert_int_equal(mtl_lm_open(&lm, NULL, NULL), 0);
  by[0] = through[0] = wid(lm, "prices");
  by[1] = through[1] = wid(lm, "rose");
  by[2] = wid(lm, "by");
  through[2] = wid(lm, "through");
  a = mtl_lm_score(lm, by, 3, 2, 3, &n);
  assert_int_equal(n, 1);
  b = mtl_lm_score(lm, through, 3, 2, 3, &n);
  assert_true(a < 0 && b < 0);
  assert_true(a - b > 0.5); /* "prices rose by" beats "prices rose through" */
  /* an unknown word is skipped and cuts the history: "rose" after it is
   * scored as a unigram, the same as with nothing before it */
  cut[0] = wid(lm, "prices");
  cut[1] = MTL_LM_OOV;
  cut[2] = wid(lm, "rose");
  cut[3] = MTL_LM_OOV;
  alone[0] = wid(lm, "rose");
  a = mtl_lm_score(lm, cut, 4, 1, 4, &n);
  assert_int_equal(n, 1);
  b = mtl_lm_score(lm, alone, 1, 0, 1, NULL);
  assert_true(a - b < 1e-9 && b - a < 1e-9);
  assert_true(mtl_lm_score(NULL, cut, 4, 0, 4, &n) == 0 && n == 0);
  mtl_lm_close(lm);
}

typedef struct job {
  mtl_lm *lm;
  int32_t w[6];
  double want, got;
} job;

static void *score_many(void *p) {
  job *j = p;
  int i;
  j->got = 0;
  for (i = 0; i < 20000; i++) {
    double s = mtl_lm_score(j->lm, j->w, 6, 1, 6, NULL);
    if (s != j->want) {
      j->got = s;
      break;
    }
    j->got = s;
  }
  return NULL;
}

/* sphinxbase caches the last history inside the model, so lm.c used to
 * score under a lock; the table is only read, and threads scoring
 * different sentences at once get the scores one thread gets. */
static void threads_same_scores(void **state) {
  static const char *const sents[4][6] = {
      {"the", "talks", "will", "resume", "on", "monday"},
      {"prices", "rose", "by", "two", "percent", "today"},
      {"it", "is", "the", "most", "serious", "crisis"},
      {"she", "rose", "through", "the", "ranks", "quickly"}};
  mtl_lm *lm = NULL;
  job jobs[4];
  pthread_t th[4];
  int i, k;
  (void)state;
  assert_int_equal(mtl_lm_open(&lm, NULL, NULL), 0);
  for (i = 0; i < 4; i++) {
    jobs[i].lm = lm;
    for (k = 0; k < 6; k++)
      jobs[i].w[k] = wid(lm, sents[i][k]);
    jobs[i].want = mtl_lm_score(lm, jobs[i].w, 6, 1, 6, NULL);
  }
  for (i = 0; i < 4; i++)
    assert_int_equal(pthread_create(&th[i], NULL, score_many, &jobs[i]), 0);
  for (i = 0; i < 4; i++)
    pthread_join(th[i], NULL);
  for (i = 0; i < 4; i++)
    assert_true(jobs[i].got == jobs[i].want);
  mtl_lm_close(lm);
}

static void slot_loads_once(void **state) {
  mtl_lm_slot *s = NULL, *bad = NULL;
  const char *why = NULL;
  mtl_lm *a, *b;
  (void)state;
  assert_int_equal(mtl_lm_slot_new(&s, NULL), 0);
  assert_string_equal(mtl_lm_slot_path(s), MTL_LM_DEFAULT_PATH);
  a = mtl_lm_slot_get(s, &why);
  b = mtl_lm_slot_get(s, &why);
  assert_non_null(a);
  assert_ptr_equal(a, b);
  assert_int_equal(mtl_lm_slot_new(&bad, "/nonexistent/x.lm.bin"), 0);
  assert_null(mtl_lm_slot_get(bad, &why));
  assert_non_null(strstr(why, "/nonexistent/x.lm.bin: language model not found"));
  assert_null(mtl_lm_slot_get(bad, NULL));
  assert_null(mtl_lm_slot_get(NULL, NULL));
  mtl_lm_slot_free(bad);
  mtl_lm_slot_free(s);
  mtl_lm_slot_free(NULL);
}

/* ---- the table against sphinxbase ---- */

/* Words of our own news sentences, common and rare, and the markers. */
static const char *const common[] = {
    "<s>", "</s>", "the", "of", "to", "and", "a", "in", "on", "by", "through", "for", "that",
    "is", "was", "said", "he", "she", "it", "they", "with", "as", "at", "from", "its",
    "has", "have", "will", "would", "be", "been", "prices", "rose", "fell", "percent",
    "bank", "central", "minister", "government", "year", "months", "last", "week",
    "tuesday", "talks", "most", "maximum", "serious", "such", "like", "officials",
    "company", "market", "shares", "reported", "told", "reporters", "interest", "rates",
    "election", "vote", "court", "supreme", "police", "city", "state", "new", "york",
    "zyzzyva", "aardvark", "quixotic"};
#define NCOMMON (sizeof common / sizeof common[0])

typedef struct oracle {
  logmath_t *lmath;
  ngram_model_t *model;
} oracle;

static void oracle_open(oracle *o) {
  err_set_logfp(NULL);
  o->lmath = logmath_init(1.0001, 0, 0);
  assert_non_null(o->lmath);
  o->model = ngram_model_read(NULL, MTL_LM_DEFAULT_PATH, NGRAM_AUTO, o->lmath);
  assert_non_null(o->model);
}

static void oracle_close(oracle *o) {
  ngram_model_free(o->model);
  logmath_free(o->lmath);
}

/* One query both ways: mtl_lm_prob (h2, h1 may be MTL_LM_OOV) against
 * ngram_ng_prob through logmath, score and order.  1 when they agree. */
static int same(oracle *o, mtl_lm *lm, int32_t h2, int32_t h1, int32_t w, long *orders) {
  int32 hist[2], nh = 0, nused = 0, p;
  int order = -1;
  double ours = mtl_lm_prob(lm, h2, h1, w, &order), theirs;
  if (h1 != MTL_LM_OOV) {
    hist[nh++] = h1;
    if (h2 != MTL_LM_OOV)
      hist[nh++] = h2;
  }
  p = ngram_ng_prob(o->model, w, hist, nh, &nused);
  theirs = logmath_log_to_log10(o->lmath, p);
  if (order >= 1 && order <= 3)
    orders[order]++;
  /* the pair is seen exactly when the score is of order 2 or 3 */
  if (h1 != MTL_LM_OOV && mtl_lm_pair_seen(lm, h1, w) != (order >= 2)) {
    print_error("pair %d %d: seen %d, order %d\n", (int)h1, (int)w, mtl_lm_pair_seen(lm, h1, w),
                order);
    return 0;
  }
  if (ours != theirs || order != nused) {
    print_error("%d %d %d: ours %.9f/%d, sphinxbase %.9f/%d\n", (int)h2, (int)h1, (int)w, ours,
                order, theirs, (int)nused);
    return 0;
  }
  return 1;
}

static void same_as_sphinxbase(void **state) {
  oracle o;
  mtl_lm *lm = NULL;
  int32_t ids[NCOMMON];
  long orders[4] = {0}, bad = 0;
  size_t a, b, c;
  uint32_t i, nwords;
  unsigned r = 12345;
  (void)state;
  oracle_open(&o);
  assert_int_equal(mtl_lm_open(&lm, NULL, NULL), 0);
  /* every word the model has gets sphinxbase's id ("<s>": the marker) */
  nwords = ngram_model_get_counts(o.model)[0];
  assert_true(nwords > 50000);
  for (i = 0; i < nwords; i++) {
    const char *w = ngram_word(o.model, (int32)i);
    int32_t want = w[0] == '<' ? MTL_LM_OOV : ngram_wid(o.model, w);
    if (mtl_lm_wid(lm, w, strlen(w)) != want)
      bad++;
  }
  assert_int_equal(bad, 0);
  assert_int_equal(mtl_lm_bos(lm), ngram_wid(o.model, "<s>"));
  for (a = 0; a < NCOMMON; a++) {
    ids[a] = ngram_wid(o.model, common[a]);
    assert_true(ids[a] >= 0 || a >= NCOMMON - 3);
    if (ids[a] < 0)
      ids[a] = MTL_LM_OOV;
  }
  /* every trigram, bigram and unigram of those words: seen, backed off,
   * after an unknown word and after the sentence markers */
  for (a = 0; a < NCOMMON; a++)
    for (b = 0; b < NCOMMON; b++) {
      if (ids[b] == MTL_LM_OOV)
        continue;
      bad += !same(&o, lm, MTL_LM_OOV, MTL_LM_OOV, ids[b], orders);
      bad += !same(&o, lm, MTL_LM_OOV, ids[a], ids[b], orders);
      for (c = 0; c < NCOMMON; c++)
        bad += !same(&o, lm, ids[c], ids[a], ids[b], orders);
    }
  /* and any words at all */
  for (i = 0; i < 200000; i++) {
    int32_t w, h1, h2;
    r = r * 1103515245u + 12345u;
    w = (int32_t)((r >> 4) % nwords);
    r = r * 1103515245u + 12345u;
    h1 = (int32_t)((r >> 4) % nwords);
    r = r * 1103515245u + 12345u;
    h2 = i % 3 ? ids[(r >> 4) % NCOMMON] : (int32_t)((r >> 4) % nwords);
    bad += !same(&o, lm, h2, i % 5 ? h1 : ids[(r >> 8) % NCOMMON], w, orders);
  }
  assert_int_equal(bad, 0);
  /* the words exercised every order */
  assert_true(orders[1] > 1000 && orders[2] > 1000 && orders[3] > 1000);
  mtl_lm_close(lm);
  oracle_close(&o);
}

/* ---- the cache file ---- */

static int cache_file(char *out, size_t n) {
  DIR *d = opendir(cache_dir);
  struct dirent *e;
  int found = 0;
  assert_non_null(d);
  while ((e = readdir(d)))
    if (!strncmp(e->d_name, "lm-", 3) && !strstr(e->d_name, ".tmp")) {
      snprintf(out, n, "%s/%s", cache_dir, e->d_name);
      found++;
    }
  closedir(d);
  return found;
}

static double score_of(const char *const *words, size_t n) {
  mtl_lm *lm = NULL;
  int32_t w[16];
  size_t i;
  double s;
  assert_int_equal(mtl_lm_open(&lm, NULL, NULL), 0);
  for (i = 0; i < n; i++)
    w[i] = wid(lm, words[i]);
  s = mtl_lm_score(lm, w, n, 1, n, NULL);
  mtl_lm_close(lm);
  return s;
}

static void write_file(const char *path, const void *p, size_t n) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  assert_true(fd >= 0);
  assert_true(write(fd, p, n) == (ssize_t)n);
  close(fd);
}

static void cache_rebuilt_when_bad(void **state) {
  static const char *const sent[] = {"<s>", "the", "central", "bank", "said", "on", "tuesday",
                                     "that", "rates", "will", "rise", "</s>"};
  char path[4200], *good, *now, *junk;
  size_t goodlen, nowlen, i;
  struct stat before, after;
  double want;
  mtl_error err;
  (void)state;
  memset(&err, 0, sizeof err);
  want = score_of(sent, 12);
  assert_int_equal(cache_file(path, sizeof path), 1);
  assert_int_equal(mtl_read_file(&good, &goodlen, path, &err), 0);
  assert_true(goodlen > 1000000);
  /* a later open maps the same file: nothing is written */
  assert_int_equal(stat(path, &before), 0);
  assert_true(score_of(sent, 12) == want);
  assert_int_equal(stat(path, &after), 0);
  assert_true(before.st_ino == after.st_ino && before.st_mtim.tv_nsec == after.st_mtim.tv_nsec &&
              before.st_mtim.tv_sec == after.st_mtim.tv_sec);
  /* short, empty, garbage of the right size, a damaged header, a good
   * table of another model file (stale): each is refused, built again and
   * replaced by a good one */
  for (i = 0; i < 6; i++) {
    switch (i) {
    case 0:
      write_file(path, good, goodlen / 2);
      break;
    case 1:
      write_file(path, good, 0);
      break;
    case 2:
      write_file(path, good, 100);
      break;
    case 3:
      junk = malloc(goodlen);
      assert_non_null(junk);
      memset(junk, 0x5A, goodlen);
      write_file(path, junk, goodlen);
      free(junk);
      break;
    case 4:
      junk = malloc(goodlen);
      assert_non_null(junk);
      memcpy(junk, good, goodlen);
      junk[8 + 8] ^= 1; /* the key, which the header's check sees too */
      write_file(path, junk, goodlen);
      free(junk);
      break;
    default: { /* a good table of the same model under another path */
      char link[4200], other[4200];
      mtl_lm *lm = NULL;
      size_t otherlen;
      snprintf(link, sizeof link, "%s.lm.bin", cache_dir);
      assert_int_equal(symlink(MTL_LM_DEFAULT_PATH, link), 0);
      assert_int_equal(mtl_lm_open(&lm, link, NULL), 0);
      mtl_lm_close(lm);
      unlink(link);
      assert_int_equal(cache_file(other, sizeof other), 2);
      if (!strcmp(other, path)) /* the other one of the two */
        snprintf(other, sizeof other, "%s/lm-%016llx.bin", cache_dir,
                 (unsigned long long)mtl_hash(link, strlen(link)));
      assert_int_equal(mtl_read_file(&junk, &otherlen, other, &err), 0);
      assert_int_equal(otherlen, goodlen);
      assert_memory_not_equal(junk, good, 64);
      unlink(other);
      write_file(path, junk, otherlen);
      mtl_free(junk);
      break;
    }
    }
    if (i == 0) { /* what a run killed while writing left, and a fresh one */
      char tmp[4300];
      struct timespec old[2] = {{1000000000, 0}, {1000000000, 0}};
      snprintf(tmp, sizeof tmp, "%s.12345.tmp", path);
      write_file(tmp, good, 10);
      assert_int_equal(utimensat(AT_FDCWD, tmp, old, 0), 0);
      snprintf(tmp, sizeof tmp, "%s.12346.tmp", path);
      write_file(tmp, good, 10);
    }
    assert_true(score_of(sent, 12) == want);
    if (i == 0) {
      char tmp[4300];
      snprintf(tmp, sizeof tmp, "%s.12345.tmp", path);
      assert_int_equal(access(tmp, F_OK), -1); /* removed */
      snprintf(tmp, sizeof tmp, "%s.12346.tmp", path);
      assert_int_equal(unlink(tmp), 0); /* kept */
    }
    assert_int_equal(mtl_read_file(&now, &nowlen, path, &err), 0);
    assert_int_equal(nowlen, goodlen);
    assert_memory_equal(now, good, goodlen);
    mtl_free(now);
  }
  mtl_free(good);
}

static void unwritable_cache(void **state) {
  static const char *const sent[] = {"<s>", "prices", "rose", "by", "two", "percent"};
  double want = score_of(sent, 6);
  (void)state;
  setenv("MTL_CACHE_DIR", "/proc/no/such/dir", 1);
  assert_true(score_of(sent, 6) == want);
  setenv("MTL_CACHE_DIR", "off", 1);
  assert_true(score_of(sent, 6) == want);
  setenv("MTL_CACHE_DIR", cache_dir, 1);
}

/* Damaged inputs never crash: a trie cut anywhere or with bytes flipped
 * builds a table or is refused; a table image with flipped bytes past
 * its header still answers every query inside its bounds (under ASan in
 * CI). */
static void damaged_never_crash(void **state) {
  char *bin, *copy;
  size_t n, len, i, k;
  void *img;
  mtl_lmt *t;
  mtl_error err;
  unsigned r = 99;
  (void)state;
  memset(&err, 0, sizeof err);
  assert_int_equal(mtl_read_file(&bin, &n, MTL_LM_DEFAULT_PATH, &err), 0);
  assert_true(mtl_lmt_is_trie(bin, n));
  /* cut short: always refused */
  for (i = 0; i < 40; i++) {
    size_t cut = i < 20 ? i * 7 : (n / 40) * i;
    assert_int_equal(mtl_lmt_build(&img, &len, bin, cut, 1), MTL_EDICT);
  }
  assert_int_equal(mtl_lmt_build(&img, &len, "Trie Language Model", 19, 1), MTL_EDICT);
  /* bytes flipped: built or refused */
  copy = malloc(n);
  assert_non_null(copy);
  for (i = 0; i < 6; i++) {
    memcpy(copy, bin, n);
    for (k = 0; k < 64; k++) {
      r = r * 1103515245u + 12345u;
      copy[i < 2 ? 20 + (r >> 4) % 20 : (r >> 2) % n] ^= (char)(1 + (r & 0x7F));
    }
    if (mtl_lmt_build(&img, &len, copy, n, 1) == 0) {
      assert_int_equal(mtl_lmt_from_memory(&t, img, len, 1), 0);
      mtl_lmt_free(t);
    }
  }
  free(copy);
  /* a good image damaged past its header */
  assert_int_equal(mtl_lmt_build(&img, &len, bin, n, 7), 0);
  mtl_free(bin);
  for (k = 0; k < 200000; k++) {
    r = r * 1103515245u + 12345u;
    /* past the header (under 512 bytes), short of the last word's NUL */
    ((unsigned char *)img)[512 + (r >> 2) % (len - 513)] = (unsigned char)(r >> 24);
  }
  assert_int_equal(mtl_lmt_from_memory(&t, img, len, 7), 0);
  for (k = 0; k < 300000; k++) {
    int32_t h[2], nused, w;
    r = r * 1103515245u + 12345u;
    w = (int32_t)((r >> 3) % mtl_lmt_nwords(t));
    h[0] = (int32_t)((r >> 7) % mtl_lmt_nwords(t));
    h[1] = (int32_t)((r >> 11) % mtl_lmt_nwords(t));
    (void)mtl_lmt_prob(t, w, h, (int)(k % 3), &nused);
    assert_true(nused >= 1 && nused <= 3);
  }
  (void)mtl_lmt_wid(t, "the", 3);
  (void)mtl_lmt_wid(t, "government", 10);
  mtl_lmt_free(t);
  /* an image under another key, or cut, is refused */
  assert_int_equal(mtl_lmt_build(&img, &len, "x", 1, 7), MTL_EDICT);
}

static void remove_cache_dir(void) {
  DIR *d = opendir(cache_dir);
  struct dirent *e;
  char path[4200];
  if (!d)
    return;
  while ((e = readdir(d)))
    if (e->d_name[0] != '.') {
      snprintf(path, sizeof path, "%s/%s", cache_dir, e->d_name);
      unlink(path);
    }
  closedir(d);
  rmdir(cache_dir);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(load_is_silent),     cmocka_unit_test(missing_and_bad_files),
      cmocka_unit_test(shared_per_path),    cmocka_unit_test(word_ids),
      cmocka_unit_test(scores),             cmocka_unit_test(threads_same_scores),
      cmocka_unit_test(slot_loads_once),    cmocka_unit_test(same_as_sphinxbase),
      cmocka_unit_test(cache_rebuilt_when_bad), cmocka_unit_test(unwritable_cache),
      cmocka_unit_test(damaged_never_crash),
  };
  int rc;
  /* a cache folder of our own, so the first open builds the table */
  if (!mkdtemp(cache_dir))
    return 1;
  setenv("MTL_CACHE_DIR", cache_dir, 1);
  rc = cmocka_run_group_tests(tests, NULL, NULL);
  remove_cache_dir();
  return rc;
}
