/* language.h - language.c: the language of a document, declared or guessed,
 * and the varieties of English. */
#ifndef MTL_LANGUAGE_H
#define MTL_LANGUAGE_H

#include "doc.h"

/* language.c: the language of a document, guessed from its function words:
 * NULL for English (or too little text to tell), else an ISO 639-1 code
 * ("de") and, in *name, the language's English name. */
const char *mtl_doc_language(const mtl_doc *doc, const char **name);
/* language.c: a language tag an input declares (BCP 47 "de", "en-GB",
 * "en_us"; "English"): 0 when it says nothing usable ("", "und", "mul",
 * not a tag), 1 for English with *variety set (MTL_LANG_EN_US for en-US,
 * MTL_LANG_EN_GB for en-GB or en-UK, else MTL_LANG_AUTO), 2 for another
 * language with *name its English name when known (else NULL). */
int mtl_language_declared(const char *tag, int *variety, const char **name);

/* Varieties of English (mtl_options_set_language, `language:` in .mtlint.yaml). */
enum { MTL_LANG_AUTO = 0, MTL_LANG_EN_US = 1, MTL_LANG_EN_GB = 2 };
/** MTL_LANG_* of a name (auto, en-US, en-GB; en_US and en-us too), or -1. */
int mtl_language_parse(const char *s);

#endif
