/*
 * warmup.c - the spelling dictionaries loaded ahead of their first use;
 * warmup.h says when and why.
 */
#include "warmup.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int warmup_has_text(const strvec *files) {
  size_t i;
  struct stat st;
  for (i = 0; i < files->n; i++)
    if (!strcmp(files->v[i], "-") || stat(files->v[i], &st) || !S_ISREG(st.st_mode) ||
        st.st_size > 0)
      return 1;
  return 0;
}

typedef struct first_build {
  void (*build)(void *ctx);
  void *ctx;
} first_build;

static void *build_main(void *arg) {
  first_build *fb = arg;
  cli_heap_thread(); /* the rules' memory gets huge pages too (heap.c) */
  fb->build(fb->ctx);
  return NULL;
}

void warmup_first_engine(const strvec *files, int builtin, void (*build)(void *ctx), void *ctx) {
  first_build fb;
  pthread_t t;
  if (!builtin || !warmup_has_text(files))
    return;
  fb.build = build;
  fb.ctx = ctx;
  if (pthread_create(&t, NULL, build_main, &fb))
    return;
  mtl_dictionary_prefetch(getenv("MTLINT_BASE_DICTIONARY"), NULL);
  pthread_join(t, NULL);
}

void warmup_preload(const mtl_engine *eng) {
  mtl_engine_preload(eng, NULL);
}

static void *prefetch_main(void *arg) {
  (void)arg;
  cli_heap_thread();
  mtl_dictionary_prefetch(getenv("MTLINT_BASE_DICTIONARY"), NULL);
  return NULL;
}

void warmup_prefetch(warmup_thread *w) {
  w->running = !pthread_create(&w->thread, NULL, prefetch_main, NULL);
}

void warmup_prefetch_end(warmup_thread *w) {
  if (!w->running)
    return;
  pthread_join(w->thread, NULL); /* not left loading while the process exits */
  w->running = 0;
  mtl_dictionary_prefetch_free();
}

void warmup_free_unused(void) {
  mtl_dictionary_prefetch_free();
}
