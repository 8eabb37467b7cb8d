/*
 * warmup.h - when the command loads the spelling dictionaries ahead of
 * their first use: the one home of its warm-start strategy (warmup.c).
 *
 * PERF: loading the base Hunspell dictionary is the dearest step of a
 * short run, so it overlaps other work, and only when some input may hold
 * text.  The library decides whether a loaded dictionary is used: an
 * engine whose enabled rules read none (mtl_engine_preload) never loads
 * one, and one prefetched for an engine that does not take it is left
 * unused.
 * - mtlint FILE...: the first input's engine (its rules compiled) is built
 *   on a helper thread while this thread loads the base dictionary into
 *   its huge-page heap (mtl_dictionary_prefetch, heap.c); the engine takes
 *   the dictionary over at its first word.  Not with --no-builtin-rules.
 * - batch mode (batch.c): the main thread preloads the first engine
 *   (mtl_engine_preload) while the workers lint without the spelling rules
 *   and hold those articles until the dictionaries are in.
 * - mtlint lsp: the base dictionary loads on a helper thread from the
 *   start, while the client initializes; the first engine takes it over.
 */
#ifndef MTL_CLI_WARMUP_H
#define MTL_CLI_WARMUP_H

#include <pthread.h>

#include "cli.h"
#include "mtlint.h"

/** Whether files may hold text: not all of them are empty regular files. */
int warmup_has_text(const strvec *files);

/** mtlint FILE...: runs build(ctx) (which builds the first input's engine)
 *  on a helper thread while this thread loads the base dictionary, when
 *  files may hold text and builtin (the built-in rules are in use). */
void warmup_first_engine(const strvec *files, int builtin, void (*build)(void *ctx), void *ctx);

/** Batch mode: loads what eng loads at first use, on this thread. */
void warmup_preload(const mtl_engine *eng);

/* mtlint lsp: the base dictionary loading on a helper thread. */
typedef struct warmup_thread {
  pthread_t thread;
  int running;
} warmup_thread;

/** Starts loading the base dictionary on a helper thread (w zeroed). */
void warmup_prefetch(warmup_thread *w);
/** Waits for that thread, if any, and frees the dictionary if no engine
 *  took it over. */
void warmup_prefetch_end(warmup_thread *w);

/** At exit, where engines are freed (leak checkers): frees a prefetched
 *  dictionary no engine took over. */
void warmup_free_unused(void);

#endif
