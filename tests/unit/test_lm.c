/*
 * test_lm.c - lm.c: loading (missing file, not a model, silent load, one
 * model per path shared by reference), word ids (case, digits, "<s>"),
 * scoring (unknown words cut the history and are never scored) and the
 * same scores from four threads at once as from one.
 */
#include "testutil.h"
#include "lm.h"
#include "mtlint.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

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

/* sphinxbase caches the last history inside the model: without lm.c's
 * lock, threads scoring different sentences would get each other's
 * back-off weights. */
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

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(load_is_silent),     cmocka_unit_test(missing_and_bad_files),
      cmocka_unit_test(shared_per_path),    cmocka_unit_test(word_ids),
      cmocka_unit_test(scores),             cmocka_unit_test(threads_same_scores),
      cmocka_unit_test(slot_loads_once),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
