/*
 * fuzz_lsp.c - feeds arbitrary bytes to a language server, as a client
 * would, in chunks whose sizes come from the input's first byte, with the
 * clock ticking between chunks.  Covers the framing, JSON-RPC dispatch,
 * document edits and code actions.  The engine (the mt-garble pack) is
 * built once.  With replay.h's main, ctest replays tests/fuzz/corpus/lsp.
 */
#include "mtlint.h"
#include "replay.h"

#include <stdlib.h>

#ifndef MTL_TEST_SRCDIR
#define MTL_TEST_SRCDIR "."
#endif

static mtl_engine *engine;

static int sink(void *ctx, const char *data, size_t len) {
  size_t *total = ctx;
  (void)data;
  *total += len;
  return 0;
}

static void free_engine(void) { mtl_engine_free(engine); }

static const mtl_engine *get_engine(void *ctx, const char *path, mtl_error *err) {
  (void)ctx;
  (void)path;
  if (!engine) {
    mtl_options *o;
    if (mtl_options_new(&o))
      abort();
    mtl_options_use_builtin_rules(o, 0);
    if (mtl_options_add_rules(o, MTL_TEST_SRCDIR "/rules/mt-garble.yaml") ||
        mtl_engine_new(&engine, o, err))
      abort(); /* the pack must load */
    mtl_options_free(o);
    atexit(free_engine);
  }
  return engine;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  mtl_lsp_host h;
  mtl_lsp *s = NULL;
  size_t total = 0, i = 1, step;
  long long now = 0;
  if (!size)
    return 0;
  step = (size_t)data[0] % 64 + 1;
  h.ctx = &total;
  h.write = sink;
  h.log = NULL;
  h.engine = get_engine;
  h.reload = NULL;
  h.config_for = NULL; /* no project config: commands fail cleanly, write nothing */
  if (mtl_lsp_new(&s, &h))
    return 0;
  mtl_lsp_set_debounce(s, data[0] & 1 ? 0 : 5);
  while (i < size && mtl_lsp_exit_status(s) < 0) {
    size_t n = size - i < step ? size - i : step;
    mtl_lsp_feed(s, (const char *)data + i, n);
    mtl_lsp_tick(s, now += 3);
    i += n;
  }
  mtl_lsp_tick(s, now + 100000);
  mtl_lsp_free(s);
  return 0;
}
