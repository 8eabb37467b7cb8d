/*
 * language.c - which language a document is written in, guessed from its
 * function words (the, und, le, el...): English, or another language that
 * mtlint's English rules must not check.
 *
 * Counts the word tokens of the first MAX_WORDS words that are among the
 * commonest short function words of English and of a few European
 * languages.  Another language wins when it has at least MIN_HITS such
 * words and at least three times as many as English: English news quoting a
 * German title or a French phrase stays English.
 */
#include "doc.h"
#include "language.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_WORDS 2000
#define MIN_HITS 8

typedef struct lang {
  const char *code, *name;
  const char *const *words; /* sorted (strcmp), NULL-terminated */
} lang;

/* Each list: frequent function words that are not English words too (no
 * "die", "a", "in", "be"...), lower case, in byte order. */
static const char *const en[] = {"and", "are", "but", "for",  "from", "has", "have", "he",
                                 "his", "is",  "it",  "not",  "of",   "she", "that", "the",
                                 "their", "they", "this", "to", "was", "were", "which", "with",
                                 "would", NULL};
static const char *const de[] = {"auch", "auf",   "dass", "dem",   "den",  "der",  "des",
                                 "das",  "durch", "ein",  "eine",  "einen", "für", "ich",
                                 "ist",  "mit",   "nicht", "oder", "sich", "sind", "und",
                                 "von",  "wir",   "zu",   "zum",   "zur",  NULL};
static const char *const fr[] = {"au",   "aux", "avec", "ce",  "dans", "des", "du",  "elle",
                                 "est",  "et",  "il",   "la",  "le",   "les", "leur", "mais",
                                 "nous", "ou",  "par",  "pas", "pour", "qu",  "que", "qui",
                                 "sont", "sur", "une",  NULL};
static const char *const es[] = {"al",   "como", "con", "del", "el",  "en",   "es",  "esta",
                                 "las",  "los",  "más", "para", "pero", "por", "que", "se",
                                 "su",   "sus",  "una", "y",   NULL};
static const char *const it[] = {"che",  "con",  "del",  "della", "di",  "gli",  "il",
                                 "in",   "la",   "le",   "nel",   "non", "per",  "più",
                                 "sono", "una",  "è",    NULL};
static const char *const pt[] = {"com", "da",  "das", "do",  "dos", "em",  "mais", "não",
                                 "os",  "para", "por", "que", "se",  "uma", NULL};
static const char *const nl[] = {"dat", "de",  "een", "en",  "het", "is",   "met", "niet",
                                 "op",  "te",  "van", "voor", "zijn", NULL};

static const lang langs[] = {
    {"en", "English", en}, {"de", "German", de},     {"fr", "French", fr}, {"es", "Spanish", es},
    {"it", "Italian", it}, {"pt", "Portuguese", pt}, {"nl", "Dutch", nl}};
#define NLANGS (sizeof langs / sizeof *langs)

/* PERF: every word of the lists in one table, keyed by its bytes packed
 * into 8 (no list word is longer than 6), with a bit per language that
 * lists it: one probe a word instead of a strcmp against all ~150 list
 * words (12% of a lint of ../shared/clean-news, callgrind).  Built once. */
#define TABLE_SLOTS 512
static struct {
  uint64_t key; /* 0: empty */
  unsigned mask;
} table[TABLE_SLOTS];
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static size_t slot_of(uint64_t key) {
  return (size_t)((key * 0x9E3779B97F4A7C15ULL) >> 55) & (TABLE_SLOTS - 1);
}

static void table_build(void) {
  size_t k, i;
  for (k = 0; k < NLANGS; k++)
    for (i = 0; langs[k].words[i]; i++) {
      uint64_t key = 0;
      size_t s;
      memcpy(&key, langs[k].words[i], strlen(langs[k].words[i]));
      for (s = slot_of(key); table[s].key && table[s].key != key; s = (s + 1) & (TABLE_SLOTS - 1))
        ;
      table[s].key = key;
      table[s].mask |= 1u << k;
    }
}

/* The languages (bits) whose lists hold w[0..n), n <= 6 (stops at a NUL,
 * as strcmp would). */
static unsigned langs_of(const char *w, size_t n) {
  uint64_t key = 0;
  size_t s;
  const char *z = memchr(w, '\0', n);
  if (z)
    n = (size_t)(z - w);
  if (!n)
    return 0;
  memcpy(&key, w, n);
  for (s = slot_of(key); table[s].key; s = (s + 1) & (TABLE_SLOTS - 1))
    if (table[s].key == key)
      return table[s].mask;
  return 0;
}

const char *mtl_doc_language(const mtl_doc *doc, const char **name) {
  size_t hits[NLANGS] = {0}, i, k, words = 0, best = 1;
  pthread_once(&table_once, table_build);
  for (i = 0; i < doc->ntoks && words < MAX_WORDS; i++) {
    const mtl_token *t = &doc->toks[i];
    char w[8];
    size_t n = t->end - t->start;
    unsigned m;
    if (t->kind != MTL_TOK_WORD)
      continue;
    words++;
    if (n > 6 || (t->flags & (MTL_TF_DIGIT | MTL_TF_ALLCAPS | MTL_TF_MIXED)))
      continue;
    for (k = 0; k < n; k++) {
      char c = doc->text[t->start + k];
      w[k] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    m = langs_of(w, n);
    for (k = 0; m; k++, m >>= 1)
      hits[k] += m & 1;
  }
  for (k = 2; k < NLANGS; k++)
    if (hits[k] > hits[best])
      best = k;
  if (hits[best] >= MIN_HITS && hits[best] >= 3 * hits[0]) {
    if (name)
      *name = langs[best].name;
    return langs[best].code;
  }
  return NULL;
}

/* Languages a feed may declare, by ISO 639-1 code (sorted), for messages. */
static const struct {
  const char *code, *name;
} names[] = {
    {"ar", "Arabic"},    {"bg", "Bulgarian"}, {"ca", "Catalan"},  {"cs", "Czech"},
    {"da", "Danish"},    {"de", "German"},    {"el", "Greek"},    {"es", "Spanish"},
    {"et", "Estonian"},  {"fa", "Persian"},   {"fi", "Finnish"},  {"fr", "French"},
    {"he", "Hebrew"},    {"hi", "Hindi"},     {"hr", "Croatian"}, {"hu", "Hungarian"},
    {"id", "Indonesian"}, {"it", "Italian"},  {"ja", "Japanese"}, {"ko", "Korean"},
    {"lt", "Lithuanian"}, {"lv", "Latvian"},  {"nb", "Norwegian"}, {"nl", "Dutch"},
    {"nn", "Norwegian"}, {"no", "Norwegian"}, {"pl", "Polish"},   {"pt", "Portuguese"},
    {"ro", "Romanian"},  {"ru", "Russian"},   {"sk", "Slovak"},   {"sl", "Slovenian"},
    {"sr", "Serbian"},   {"sv", "Swedish"},   {"th", "Thai"},     {"tr", "Turkish"},
    {"uk", "Ukrainian"}, {"vi", "Vietnamese"}, {"zh", "Chinese"}};

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c; }

int mtl_language_declared(const char *tag, int *variety, const char **name) {
  char prim[9], region[9];
  size_t n = 0, m = 0, k;
  const char *p = tag;
  *variety = MTL_LANG_AUTO;
  *name = NULL;
  if (!tag)
    return 0;
  while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
    p++;
  /* primary subtag: letters only */
  while (((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')) && n < sizeof prim - 1)
    prim[n++] = (char)lower(*p++);
  prim[n] = '\0';
  if (!strcmp(prim, "english") && (!*p || *p == ' ' || *p == '\n' || *p == '\r'))
    return 1;
  if (n < 2 || n > 3 || (*p && *p != '-' && *p != '_' && *p != ' ' && *p != '\n' && *p != '\r'))
    return 0; /* not a language tag: "English (US)", "x-klingon", "" */
  if (!strcmp(prim, "und") || !strcmp(prim, "mul") || !strcmp(prim, "zxx"))
    return 0;
  if (*p == '-' || *p == '_') {
    p++;
    while (((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')) && m < sizeof region - 1)
      region[m++] = (char)lower(*p++);
  }
  region[m] = '\0';
  if (!strcmp(prim, "en") || !strcmp(prim, "eng")) {
    if (!strcmp(region, "us"))
      *variety = MTL_LANG_EN_US;
    else if (!strcmp(region, "gb") || !strcmp(region, "uk"))
      *variety = MTL_LANG_EN_GB;
    return 1;
  }
  for (k = 0; k < sizeof names / sizeof *names; k++)
    if (!strcmp(names[k].code, prim)) {
      *name = names[k].name;
      break;
    }
  return 2;
}
