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
#include "dict.h"

#endif
