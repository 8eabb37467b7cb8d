/*
 * internal.h - what the modules of libmtlint share and the public header
 * does not show.  Nothing here names a dependency's header: pcre2.h,
 * hunspell.h, yaml.h and utf8proc.h are each included by one .c file.
 *
 * Invariants: spans are byte offsets [start, end) into the text as given;
 * a finished engine is read-only; lint state lives in mtl_lintctx.
 */
#ifndef MTL_INTERNAL_H
#define MTL_INTERNAL_H

#include "mtlint.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "util.h"
#include "utf8.h"
#include "doc.h"
#include "ynode.h"
#include "regex.h"
#include "wordindex.h"
#include "engine.h"
#include "lint.h"

#include "check.h"
#include "language.h"
#include "lexicon.h"
#include "writer.h"
#include "suppress.h"

/* spelling.c engine-wide state, created lazily by the first spelling rule. */
void mtl_spell_free(void *spell);
/* Loads the Hunspell handle now instead of at the first word; 0 or MTL_EDICT. */
int mtl_spell_preload(void *spell);
/* Whether a thread is loading the Hunspell handle now. */
int mtl_spell_loading(const void *spell);
/* The process-wide prefetched dictionary (mtl_dictionary_prefetch), for
 * tests: 0 none, 1 loading, 2 loaded and waiting for its engine, 3 taken
 * over by an engine (or failed). */
int mtl_spell_prefetch_state(void);

/* ---------------- PERF (perf helper) ---------------- */

/** Whether MTL_REFERENCE is set in the environment: the engine then skips its
 *  prefilters and caches (the simple path the equivalence test compares with). */
int mtl_reference_mode(void);


#endif
