/*
 * test_thesaurus.c - thesaurus.c on small MyThes files written for the test
 * (unit/data/thesaurus): senses, parts of speech, relation marks, multiword
 * and capitalised terms, case folding, unsorted indexes, bad files with
 * their locations, a failed load remembered, one handle loaded and read from
 * several threads at once, allocation failures, the parsed index cached
 * and mapped (a damaged cache ignored); and, when Debian's mythes-en-us is
 * installed, a few look-ups in the real thesaurus.  The cache folder is a
 * temporary one (MTL_CACHE_DIR), removed at the end.
 */
#include "testutil.h"
#include "mtlint.h"
#include "thesaurus.h"
#include "util.h"

#include <dirent.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define TH(name) MTL_TEST_DATA "/thesaurus/" name

static mtl_thesaurus *open_th(const char *stem) {
  mtl_thesaurus *th = NULL;
  assert_int_equal(mtl_thesaurus_new(&th, stem), 0);
  assert_non_null(th);
  return th;
}

/* Whether the entry lists text with relation rel, in a sense of part of
 * speech pos. */
static int has_term(const mtl_th_entry *e, const char *pos, const char *text, unsigned rel) {
  size_t s, i;
  for (s = 0; s < e->nsenses; s++) {
    if (strcmp(e->senses[s].pos, pos))
      continue;
    for (i = e->senses[s].first; i < e->senses[s].first + e->senses[s].n; i++)
      if (e->terms[i].rel == rel && e->terms[i].len == strlen(text) &&
          !memcmp(e->terms[i].text, text, e->terms[i].len))
        return 1;
  }
  return 0;
}

static void lookup_senses(void **state) {
  mtl_thesaurus *th = open_th(TH("th_test"));
  mtl_th_entry e;
  (void)state;
  memset(&e, 0, sizeof e);
  assert_true(mtl_thesaurus_available(th));
  assert_true(mtl_thesaurus_load_seconds(th) == 0);
  assert_int_equal(mtl_thesaurus_lookup(th, "Bank", 4, &e), 1);
  assert_true(mtl_thesaurus_load_seconds(th) > 0);
  assert_int_equal(e.nsenses, 3);
  assert_string_equal(e.senses[0].pos, "noun");
  assert_string_equal(e.senses[2].pos, "verb");
  assert_int_equal(e.senses[0].n, 3);
  assert_int_equal(e.nterms, 6);
  assert_true(has_term(&e, "noun", "depository financial institution", MTL_TH_SYNONYM));
  assert_true(has_term(&e, "noun", "financial institution", MTL_TH_GENERIC));
  assert_true(has_term(&e, "verb", "tip", MTL_TH_GENERIC));
  assert_false(has_term(&e, "verb", "slope", MTL_TH_GENERIC));
  /* the same entry reused for another word */
  assert_int_equal(mtl_thesaurus_lookup(th, "SECURITY", 8, &e), 1);
  assert_int_equal(e.nsenses, 2);
  assert_true(has_term(&e, "noun", "insecurity", MTL_TH_ANTONYM));
  assert_true(has_term(&e, "noun", "protection", MTL_TH_SYNONYM));
  /* multiword head words, capitals kept in terms */
  assert_int_equal(mtl_thesaurus_lookup(th, "Prime Minister", 14, &e), 1);
  assert_true(has_term(&e, "noun", "Prime Minister", MTL_TH_SYNONYM));
  assert_true(has_term(&e, "noun", "head of state", MTL_TH_GENERIC));
  /* non-ASCII folded; an entry without senses */
  assert_int_equal(mtl_thesaurus_lookup(th, "CAFÉ", strlen("CAFÉ"), &e), 1);
  assert_true(has_term(&e, "noun", "coffee shop", MTL_TH_SYNONYM));
  assert_int_equal(mtl_thesaurus_lookup(th, "empty", 5, &e), 1);
  assert_int_equal(e.nsenses, 0);
  /* not there: a miss empties the entry */
  assert_int_equal(mtl_thesaurus_lookup(th, "banks", 5, &e), 0);
  assert_int_equal(e.nsenses, 0);
  assert_int_equal(e.nterms, 0);
  assert_int_equal(mtl_thesaurus_lookup(th, "", 0, &e), 0);
  assert_int_equal(mtl_thesaurus_lookup(th, "bank|6", 6, &e), 0);
  assert_int_equal(mtl_thesaurus_lookup(th, "zzzz", 4, &e), 0);
  assert_int_equal(mtl_thesaurus_lookup(th, "aaa", 3, &e), 0);
  mtl_th_entry_free(&e);
  mtl_th_entry_free(&e);   /* twice is fine: it was zeroed */
  mtl_thesaurus_free(th);
  mtl_thesaurus_free(NULL);
}

static void lists(void **state) {
  mtl_thesaurus *th = open_th(TH("th_test"));
  (void)state;
  assert_int_equal(mtl_thesaurus_lists(th, "security", 8, "Safety", 6, MTL_TH_ANY_SYN), 1);
  assert_int_equal(mtl_thesaurus_lists(th, "security", 8, "Safety", 6, MTL_TH_SYNONYM), 0);
  assert_int_equal(mtl_thesaurus_lists(th, "security", 8, "insecurity", 10, MTL_TH_ANY_SYN), 0);
  assert_int_equal(mtl_thesaurus_lists(th, "security", 8, "insecurity", 10, MTL_TH_ANTONYM), 1);
  assert_int_equal(mtl_thesaurus_lists(th, "Bank", 4, "Financial  Institution", 22,
                                       MTL_TH_ANY_SYN), 1);
  assert_int_equal(mtl_thesaurus_lists(th, "bank", 4, "financial", 9, MTL_TH_ANY_SYN), 0);
  assert_int_equal(mtl_thesaurus_lists(th, "House", 5, "HOME", 4, MTL_TH_ANY_SYN), 1);
  /* the first senses only: slope is in the second sense of bank */
  assert_int_equal(mtl_thesaurus_lists_in(th, "bank", 4, "slope", 5, MTL_TH_ANY_SYN, 1), 0);
  assert_int_equal(mtl_thesaurus_lists_in(th, "bank", 4, "slope", 5, MTL_TH_ANY_SYN, 2), 1);
  assert_int_equal(mtl_thesaurus_lists_in(th, "bank", 4, "slope", 5, MTL_TH_ANY_SYN, 99), 1);
  /* one direction only: home has no entry */
  assert_int_equal(mtl_thesaurus_lists(th, "home", 4, "house", 5, MTL_TH_ANY_SYN), 0);
  mtl_thesaurus_free(th);
}

static void unsorted_index(void **state) {
  mtl_thesaurus *th = open_th(TH("th_unsorted"));
  mtl_th_entry e;
  const char *words[] = {"bank", "café", "empty", "house", "prime minister", "security",
                         "supreme"};
  size_t i;
  (void)state;
  memset(&e, 0, sizeof e);
  for (i = 0; i < sizeof words / sizeof words[0]; i++)
    assert_int_equal(mtl_thesaurus_lookup(th, words[i], strlen(words[i]), &e), 1);
  assert_int_equal(mtl_thesaurus_lookup(th, "supreme", 7, &e), 1);
  assert_true(has_term(&e, "adj", "sovereign", MTL_TH_SYNONYM));
  mtl_th_entry_free(&e);
  mtl_thesaurus_free(th);
}

static void bad_files(void **state) {
  mtl_thesaurus *th;
  mtl_th_entry e;
  mtl_error err;
  (void)state;
  memset(&e, 0, sizeof e);
  /* missing: an I/O error naming the file, remembered */
  th = open_th(TH("th_missing"));
  assert_false(mtl_thesaurus_available(th));
  memset(&err, 0, sizeof err);
  assert_int_equal(mtl_thesaurus_load(th, &err), MTL_EIO);
  assert_non_null(strstr(err.file, "th_missing.idx"));
  assert_non_null(strstr(err.message, "cannot open"));
  memset(&err, 0, sizeof err);
  assert_int_equal(mtl_thesaurus_load(th, &err), MTL_EIO);
  assert_non_null(strstr(err.file, "th_missing.idx"));
  assert_int_equal(mtl_thesaurus_lookup(th, "bank", 4, &e), MTL_EIO);
  assert_int_equal(mtl_thesaurus_lists(th, "bank", 4, "slope", 5, MTL_TH_ANY_SYN), MTL_EIO);
  mtl_thesaurus_free(th);
  /* a line without an offset: file:line */
  th = open_th(TH("th_badidx"));
  memset(&err, 0, sizeof err);
  assert_int_equal(mtl_thesaurus_load(th, &err), MTL_EDICT);
  assert_int_equal(err.line, 4);
  assert_non_null(strstr(err.message, "word|offset"));
  mtl_thesaurus_free(th);
  /* another encoding */
  th = open_th(TH("th_latin1"));
  memset(&err, 0, sizeof err);
  assert_int_equal(mtl_thesaurus_load(th, &err), MTL_EDICT);
  assert_int_equal(err.line, 1);
  assert_non_null(strstr(err.message, "ISO8859-1"));
  mtl_thesaurus_free(th);
  /* the data file shorter than its entry says, an offset past its end */
  th = open_th(TH("th_trunc"));
  assert_int_equal(mtl_thesaurus_load(th, NULL), 0);
  assert_int_equal(mtl_thesaurus_lookup(th, "bank", 4, &e), MTL_EIO);
  assert_int_equal(mtl_thesaurus_lookup(th, "zzz", 3, &e), MTL_EIO);
  assert_int_equal(e.nsenses, 0);
  mtl_thesaurus_free(th);
  mtl_th_entry_free(&e);
}

/* mtl_thesaurus_lookup_in: the first senses only, as if there were no more. */
static void lookup_first_senses(void **state) {
  mtl_thesaurus *th = open_th(TH("th_test"));
  mtl_th_entry e;
  (void)state;
  memset(&e, 0, sizeof e);
  assert_int_equal(mtl_thesaurus_lookup_in(th, "Bank", 4, 1, &e), 1);
  assert_int_equal(e.nsenses, 1);
  assert_int_equal(e.nterms, 3);
  assert_true(has_term(&e, "noun", "banking company", MTL_TH_SYNONYM));
  assert_false(has_term(&e, "noun", "slope", MTL_TH_GENERIC));
  assert_int_equal(mtl_thesaurus_lookup_in(th, "bank", 4, 2, &e), 1);
  assert_int_equal(e.nsenses, 2);
  assert_int_equal(mtl_thesaurus_lookup_in(th, "bank", 4, 99, &e), 1);
  assert_int_equal(e.nsenses, 3);
  assert_int_equal(mtl_thesaurus_lookup_in(th, "bank", 4, 0, &e), 1);
  assert_int_equal(e.nsenses, 3);
  assert_int_equal(mtl_thesaurus_lookup_in(th, "empty", 5, 1, &e), 1);
  assert_int_equal(e.nsenses, 0);
  mtl_thesaurus_free(th);
  mtl_th_entry_free(&e);
}

static void write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  assert_int_equal(fputs(text, f) >= 0, 1);
  assert_int_equal(fclose(f), 0);
}

/* Handles on the same files share one loaded index (loaded once); each
 * outlives the other; files changed since are loaded again. */
static void shared_index(void **state) {
  char dir[] = "/tmp/mtl_th_XXXXXX", stem[64], path[80];
  mtl_thesaurus *a, *b, *c;
  mtl_th_entry e;
  (void)state;
  memset(&e, 0, sizeof e);
  assert_non_null(mkdtemp(dir));
  snprintf(stem, sizeof stem, "%s/th", dir);
  snprintf(path, sizeof path, "%s.idx", stem);
  write_file(path, "UTF-8\n1\nbank|6\n");
  snprintf(path, sizeof path, "%s.dat", stem);
  write_file(path, "UTF-8\nbank|1\n(noun)|slope\n");
  a = open_th(stem);
  b = open_th(stem);
  assert_int_equal(mtl_thesaurus_lookup(a, "bank", 4, &e), 1);
  assert_int_equal(mtl_thesaurus_lookup(b, "bank", 4, &e), 1);
  assert_true(mtl_thesaurus_load_seconds(b) > 0);
  mtl_thesaurus_free(a);   /* b still reads the shared index */
  assert_int_equal(mtl_thesaurus_lookup(b, "bank", 4, &e), 1);
  assert_string_equal(e.terms[0].text, "slope");
  /* rewritten (another size): a new handle reads the new files */
  snprintf(path, sizeof path, "%s.idx", stem);
  write_file(path, "UTF-8\n1\nshore|6\n");
  snprintf(path, sizeof path, "%s.dat", stem);
  write_file(path, "UTF-8\nshore|1\n(noun)|coast|beach\n");
  c = open_th(stem);
  assert_int_equal(mtl_thesaurus_lookup(c, "shore", 5, &e), 1);
  assert_int_equal(e.nterms, 2);
  assert_int_equal(mtl_thesaurus_lookup(c, "bank", 4, &e), 0);
  mtl_thesaurus_free(b);
  mtl_thesaurus_free(c);
  mtl_th_entry_free(&e);
  unlink(path);
  snprintf(path, sizeof path, "%s.idx", stem);
  unlink(path);
  rmdir(dir);
}

typedef struct thread_arg {
  mtl_thesaurus *th;
  int ok;
} thread_arg;

static void *reader(void *p) {
  thread_arg *a = p;
  mtl_th_entry e;
  int i;
  memset(&e, 0, sizeof e);
  a->ok = 1;
  for (i = 0; i < 500; i++) {
    const char *w = (i % 2) ? "house" : "security";
    if (mtl_thesaurus_lookup(a->th, w, strlen(w), &e) != 1 || e.nsenses != 2)
      a->ok = 0;
    if (mtl_thesaurus_lists(a->th, "house", 5, "business firm", 13, MTL_TH_SYNONYM) != 1)
      a->ok = 0;
  }
  mtl_th_entry_free(&e);
  return NULL;
}

static void threads(void **state) {
  mtl_thesaurus *th = open_th(TH("th_test"));
  pthread_t t[4];
  thread_arg a[4];
  int i;
  (void)state;
  for (i = 0; i < 4; i++) {   /* the first look-ups race to load it */
    a[i].th = th;
    assert_int_equal(pthread_create(&t[i], NULL, reader, &a[i]), 0);
  }
  for (i = 0; i < 4; i++) {
    assert_int_equal(pthread_join(t[i], NULL), 0);
    assert_true(a[i].ok);
  }
  mtl_thesaurus_free(th);
}

static void alloc_failures(void **state) {
  long n;
  (void)state;
  for (n = 1; n < 200; n++) {
    mtl_thesaurus *th = NULL;
    mtl_th_entry e;
    int rc;
    memset(&e, 0, sizeof e);
    mtl_test_fail_alloc_after(n);
    rc = mtl_thesaurus_new(&th, TH("th_test"));
    if (rc == 0) {
      rc = mtl_thesaurus_lookup(th, "bank", 4, &e);
      if (rc == MTL_ENOMEM) {   /* not remembered: works once memory is back */
        mtl_test_fail_alloc_after(0);
        rc = mtl_thesaurus_lookup(th, "bank", 4, &e);
      }
      if (rc == 1)
        rc = mtl_thesaurus_lists(th, "house", 5, "home", 4, MTL_TH_ANY_SYN);
      assert_true(rc == 1 || rc == MTL_ENOMEM);
    } else {
      assert_int_equal(rc, MTL_ENOMEM);
      assert_null(th);
    }
    mtl_test_fail_alloc_after(0);
    mtl_th_entry_free(&e);
    mtl_thesaurus_free(th);
  }
}

/* The real thesaurus (Debian mythes-en-us), when installed. */
static void debian_thesaurus(void **state) {
  mtl_thesaurus *th = open_th(NULL);
  mtl_th_entry e;
  (void)state;
  if (!mtl_thesaurus_available(th)) {
    mtl_thesaurus_free(th);
    skip();
  }
  memset(&e, 0, sizeof e);
  assert_int_equal(mtl_thesaurus_lookup(th, "bank", 4, &e), 1);
  assert_true(e.nsenses >= 10);
  assert_true(has_term(&e, "noun", "financial institution", MTL_TH_GENERIC));
  assert_int_equal(mtl_thesaurus_lists(th, "house", 5, "home", 4, MTL_TH_ANY_SYN), 1);
  assert_int_equal(mtl_thesaurus_lists(th, "foreign", 7, "overseas", 8, MTL_TH_ANY_SYN), 1);
  assert_int_equal(mtl_thesaurus_lists(th, "avenue", 6, "street", 6, MTL_TH_ANY_SYN), 1);
  assert_int_equal(mtl_thesaurus_lookup(th, "qwxzzq", 6, &e), 0);
  mtl_th_entry_free(&e);
  mtl_thesaurus_free(th);
}

static char cache_dir[] = "/tmp/mtl_thc_XXXXXX";

/* The path of th_unsorted's cache file (named by its index's path). */
static void cache_file(char *out, size_t n) {
  const char *idx = TH("th_unsorted") ".idx";
  snprintf(out, n, "%s/th-%016llx.bin", cache_dir,
           (unsigned long long)mtl_hash(idx, strlen(idx)));
}

static char *read_bytes(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  char *b;
  long n;
  assert_non_null(f);
  assert_int_equal(fseek(f, 0, SEEK_END), 0);
  n = ftell(f);
  assert_true(n > 0);
  rewind(f);
  b = malloc((size_t)n);
  assert_non_null(b);
  assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
  fclose(f);
  *len = (size_t)n;
  return b;
}

static void write_bytes(const char *path, const char *b, size_t len) {
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(b, 1, len, f), len);
  assert_int_equal(fclose(f), 0);
}

/* Every word of the unsorted fixture found: 1 when all are. */
static int all_found(const char *extra) {
  static const char *words[] = {"bank", "café", "empty", "house", "prime minister", "security",
                                "supreme"};
  mtl_thesaurus *th = open_th(TH("th_unsorted"));
  mtl_th_entry e;
  size_t i;
  int ok = 1;
  memset(&e, 0, sizeof e);
  for (i = 0; i < sizeof words / sizeof words[0]; i++)
    ok &= mtl_thesaurus_lookup(th, words[i], strlen(words[i]), &e) == 1;
  if (extra)
    ok &= mtl_thesaurus_lookup(th, extra, strlen(extra), &e) == 1;
  mtl_th_entry_free(&e);
  mtl_thesaurus_free(th);
  return ok;
}

/* The parsed index is written to the cache folder on the first load and
 * read from it by the next (a key changed in the cache is seen); a
 * truncated, garbage or out-of-bounds cache file is ignored and written
 * again. */
static void index_cache(void **state) {
  char path[4200];
  char *good, *bad;
  size_t len, i;
  (void)state;
  cache_file(path, sizeof path);
  unlink(path);
  assert_true(all_found(NULL));
  good = read_bytes(path, &len);
  assert_true(len > 32 && !memcmp(good, "MTLTHES1", 8));
  /* the next load reads the cache: a key renamed there is found */
  bad = malloc(len);
  assert_non_null(bad);
  memcpy(bad, good, len);
  for (i = 32; i + 5 <= len && memcmp(bad + i, "bank", 5); i++)
    ;
  assert_true(i + 5 <= len);
  bad[i + 1] = 'u';
  write_bytes(path, bad, len);
  assert_true(all_found("bunk") == 0);   /* bank is gone, bunk is there */
  {
    mtl_thesaurus *th = open_th(TH("th_unsorted"));
    mtl_th_entry e;
    memset(&e, 0, sizeof e);
    assert_int_equal(mtl_thesaurus_lookup(th, "bunk", 4, &e), 1);
    mtl_th_entry_free(&e);
    mtl_thesaurus_free(th);
  }
  /* damaged: truncated, garbage, a key offset past the text, empty */
  for (i = 0; i < 4; i++) {
    memcpy(bad, good, len);
    if (i == 1)
      memset(bad + 8, 0x5a, len - 8);
    if (i == 2) {   /* the first key's offset (u32 key[n] after u64 off[n]) */
      uint64_t n;
      memcpy(&n, good + 16, sizeof n);
      memset(bad + 32 + 8 * n, 0xff, 4);
    }
    write_bytes(path, bad, i == 0 ? len / 2 : i == 3 ? 0 : len);
    assert_true(all_found(NULL));
    free(bad);
    bad = read_bytes(path, &len);   /* written again, whole */
    assert_memory_equal(bad, good, len);
  }
  free(bad);
  free(good);
  unlink(path);
}

int main(void) {
  int rc;
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(lookup_senses), cmocka_unit_test(lists),
      cmocka_unit_test(unsorted_index), cmocka_unit_test(bad_files),
      cmocka_unit_test(threads),        cmocka_unit_test(alloc_failures),
      cmocka_unit_test(debian_thesaurus), cmocka_unit_test(lookup_first_senses),
      cmocka_unit_test(shared_index), cmocka_unit_test(index_cache),
  };
  char path[4200];
  if (!mkdtemp(cache_dir) || setenv("MTL_CACHE_DIR", cache_dir, 1) != 0)
    return 1;
  rc = cmocka_run_group_tests(tests, NULL, NULL);
  {   /* the caches the tests wrote, then the folder */
    DIR *d = opendir(cache_dir);
    struct dirent *e;
    while (d && (e = readdir(d)))
      if (e->d_name[0] != '.' && snprintf(path, sizeof path, "%s/%s", cache_dir, e->d_name) <
                                     (int)sizeof path)
        unlink(path);
    if (d)
      closedir(d);
    rmdir(cache_dir);
  }
  return rc;
}
