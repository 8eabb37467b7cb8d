/*
 * regex.c - PCRE2 behind a small interface.  The one file of ours that
 * includes pcre2.h.  Every match runs with match, depth and heap limits, so
 * a catastrophic pattern in an untrusted rule file costs bounded time.
 */
#include "mtlint.h"
#include "regex.h"
#include "utf8.h"
#include "util.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#define MATCH_LIMIT 1000000u
#define DEPTH_LIMIT 10000u
#define HEAP_LIMIT_KB 20000u

/* What one match needs of its own: match data, and a match context whose
 * offset limit it may set. */
typedef struct slot {
  pcre2_match_data *md;
  pcre2_match_context *mctx;
} slot;

#define RE_SLOTS 4
#define RE_OWN 64 /* threads with a slot of their own in each pattern */

/* This thread's number, from 1, in the order threads first match. */
static unsigned thread_number(void) {
  static _Atomic unsigned next;
  static _Thread_local unsigned mine;
  if (!mine)
    mine = atomic_fetch_add(&next, 1) + 1;
  return mine;
}

struct mtl_regex {
  pcre2_code *code;
  pcre2_match_context *mctx;
  int jit;           /* JIT compiled (read only after jit_done) */
  _Atomic int jit_done; /* PERF: JIT compiles at the first match (jit_ready) */
  int offset_limit;  /* compiled with PCRE2_USE_OFFSET_LIMIT */
  /* PERF: slots kept between matches instead of one allocated per match.
   * The first RE_OWN threads (by thread_number) each keep one of their own
   * in own[], written once by that thread and read by no other, so a match
   * costs no atomic instruction (an exchange per match, though on a cache
   * line of its own, took a tenth of the matching time with two threads).
   * Later threads share cache[], taken and given back with atomic
   * exchanges (NULL while in use), starting at entries of their own. */
  slot *own[RE_OWN];
  struct {
    _Atomic(slot *) s;
    char pad[64 - sizeof(slot *)];
  } cache[RE_SLOTS];
};

/* PERF: under UCP, \d and \p{..} are properties, and PCRE2 keeps no start
 * bitmap for a pattern that opens with one: it then tries a match at every
 * byte of the text (typography.thousands-dot: ~29 M instructions on
 * clean-news).  When every match opens with a byte of a known set
 * (mtl_regex_first_bytes), the pattern is compiled again behind a lookahead
 * of that set, (?-i:(?=[0-9\x{80}-\x{10ffff}])), from which PCRE2 takes its
 * start bitmap (3.7 M).  The lookahead holds wherever the pattern can match,
 * and it has no group, so matches and group numbers stay the same. */
static void first_class(mtl_regex *re, const char *pattern, size_t len, unsigned flags,
                        uint32_t opts, pcre2_compile_context *cctx) {
  unsigned char mask[32];
  uint32_t type = 1, c1 = 0, c2 = 1;
  const uint8_t *bitmap = NULL;
  char *p;
  size_t n = 0;
  int c, errcode, wide = 0;
  PCRE2_SIZE off;
  pcre2_code *code;
  if (pcre2_pattern_info(re->code, PCRE2_INFO_FIRSTCODETYPE, &type) || type != 0 ||
      pcre2_pattern_info(re->code, PCRE2_INFO_FIRSTBITMAP, &bitmap) || bitmap ||
      !mtl_regex_first_bytes(pattern, len, flags, mask))
    return;
  if (!(p = mtl_malloc(len + 128 * 8 + 32)))
    return;
  /* the set holds both cases already: caseless, PCRE2 would fold the
   * range \x{80}-\x{10ffff} character by character (~60 M instructions) */
  memcpy(p, "(?-i:(?=[", 9);
  n = 9;
  for (c = 0; c < 256; c++) {
    if (!(mask[c >> 3] >> (c & 7) & 1))
      continue;
    if (c >= 0x80) {
      wide = 1;
      continue;
    }
    n += (size_t)snprintf(p + n, 9, "\\x{%02x}", (unsigned)c);
  }
  if (wide) {
    memcpy(p + n, "\\x{80}-\\x{10ffff}", 17);
    n += 17;
  }
  if (n == 9) {
    mtl_free(p);
    return;
  }
  memcpy(p + n, "]))", 3);
  n += 3;
  memcpy(p + n, pattern, len);
  n += len;
  code = pcre2_compile((PCRE2_SPTR)p, n, opts, &errcode, &off, cctx);
  mtl_free(p);
  bitmap = NULL;
  if (code && !pcre2_pattern_info(re->code, PCRE2_INFO_CAPTURECOUNT, &c1) &&
      !pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &c2) && c1 == c2 &&
      !pcre2_pattern_info(code, PCRE2_INFO_FIRSTBITMAP, &bitmap) && bitmap) {
    pcre2_code_free(re->code);
    re->code = code;
    return;
  }
  pcre2_code_free(code);
}

int mtl_regex_compile(mtl_regex **out, const char *pattern, size_t len, unsigned flags,
                      size_t *erroff, mtl_error *err) {
  int errcode;
  PCRE2_SIZE off = 0;
  uint32_t opts = PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF;
  mtl_regex *re;
  pcre2_compile_context *cctx;
  *out = NULL;
  *erroff = 0;
  if (len == 0)
    return mtl_seterr(err, MTL_EREGEX, NULL, 0, 0, "empty pattern");
  if (flags & MTL_RE_ICASE)
    opts |= PCRE2_CASELESS;
  if (flags & MTL_RE_MULTILINE)
    opts |= PCRE2_MULTILINE;
  if (!mtl_reference_mode())
    opts |= PCRE2_USE_OFFSET_LIMIT; /* PERF: windows around literal hits */
  re = mtl_calloc(1, sizeof *re);
  if (!re)
    return mtl_seterr(err, MTL_ENOMEM, NULL, 0, 0, "out of memory");
  /* ^ and $ work on CRLF text too: any of CR, LF, CRLF ends a line */
  cctx = pcre2_compile_context_create(NULL);
  if (!cctx) {
    mtl_free(re);
    return mtl_seterr(err, MTL_ENOMEM, NULL, 0, 0, "out of memory");
  }
  pcre2_set_newline(cctx, PCRE2_NEWLINE_ANYCRLF);
  re->code = pcre2_compile((PCRE2_SPTR)pattern, len, opts, &errcode, &off, cctx);
  if (!re->code) {
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message(errcode, msg, sizeof msg);
    *erroff = off;
    pcre2_compile_context_free(cctx);
    mtl_free(re);
    return mtl_seterr(err, MTL_EREGEX, NULL, 0, 0, "%s (at offset %zu of the pattern)",
                      (const char *)msg, (size_t)off);
  }
  if (!mtl_reference_mode()) {
    /* PERF: the same pattern with its cheap, selective assertions first */
    size_t hl;
    char *h = mtl_regex_hoist_assertions(pattern, len, &hl);
    pcre2_code *hc = h ? pcre2_compile((PCRE2_SPTR)h, hl, opts, &errcode, &off, cctx) : NULL;
    uint32_t c1 = 0, c2 = 1;
    if (hc && !pcre2_pattern_info(re->code, PCRE2_INFO_CAPTURECOUNT, &c1) &&
        !pcre2_pattern_info(hc, PCRE2_INFO_CAPTURECOUNT, &c2) && c1 == c2) {
      pcre2_code_free(re->code);
      re->code = hc;
      hc = NULL;
      pattern = h;
      len = hl;
    }
    pcre2_code_free(hc);
    first_class(re, pattern, len, flags, opts, cctx);
    mtl_free(h);
  }
  pcre2_compile_context_free(cctx);
  re->offset_limit = (opts & PCRE2_USE_OFFSET_LIMIT) != 0;
  /* PERF: no JIT yet: most patterns of a start-up never match (jit_ready) */
  re->mctx = pcre2_match_context_create(NULL);
  if (!re->mctx) {
    mtl_regex_free(re);
    return mtl_seterr(err, MTL_ENOMEM, NULL, 0, 0, "out of memory");
  }
  pcre2_set_match_limit(re->mctx, MATCH_LIMIT);
  pcre2_set_depth_limit(re->mctx, DEPTH_LIMIT);
  pcre2_set_heap_limit(re->mctx, HEAP_LIMIT_KB);
  *out = re;
  return 0;
}

static void slot_free(slot *x) {
  if (!x)
    return;
  pcre2_match_data_free(x->md);
  pcre2_match_context_free(x->mctx);
  mtl_free(x);
}

void mtl_regex_free(mtl_regex *re) {
  int i;
  if (!re)
    return;
  for (i = 0; i < RE_SLOTS; i++)
    slot_free(atomic_exchange(&re->cache[i].s, NULL));
  for (i = 0; i < RE_OWN; i++)
    slot_free(re->own[i]);
  pcre2_code_free(re->code);
  pcre2_match_context_free(re->mctx);
  mtl_free(re);
}

static slot *slot_new(const mtl_regex *re) {
  slot *x = mtl_calloc(1, sizeof *x);
  if (!x)
    return NULL;
  x->md = pcre2_match_data_create_from_pattern(re->code, NULL);
  x->mctx = pcre2_match_context_copy(re->mctx);
  if (!x->md || !x->mctx) {
    slot_free(x);
    return NULL;
  }
  return x;
}

/* PERF: a pattern is JIT compiled at its first match, not when it is
 * compiled: JIT took ~34 M of the ~139 M instructions the built-in rules
 * cost at start-up, and a one-sentence input runs few of them.  Every
 * match still runs JIT code with the same limits.  The compile takes a
 * process-wide lock, only until the pattern is done; no match of the
 * pattern runs before it is (a match waits on the lock or sees jit_done). */
static pthread_mutex_t jit_lock = PTHREAD_MUTEX_INITIALIZER;

static void jit_ready(const mtl_regex *re) {
  mtl_regex *w = (mtl_regex *)re;
  if (atomic_load_explicit(&w->jit_done, memory_order_acquire))
    return;
  pthread_mutex_lock(&jit_lock);
  if (!atomic_load_explicit(&w->jit_done, memory_order_relaxed)) {
    w->jit = pcre2_jit_compile(w->code, PCRE2_JIT_COMPLETE) == 0;
    atomic_store_explicit(&w->jit_done, 1, memory_order_release);
  }
  pthread_mutex_unlock(&jit_lock);
}

int mtl_regex_jitted(const mtl_regex *re) {
  return atomic_load_explicit(&((mtl_regex *)re)->jit_done, memory_order_acquire) ? re->jit : -1;
}

/* A slot for this thread: its own (owned set) or one taken from the cache. */
static slot *slot_take(const mtl_regex *re, int *owned) {
  mtl_regex *w = (mtl_regex *)re; /* the slots are the one mutable part */
  unsigned k, t = thread_number(), at = t % RE_SLOTS;
  slot *x;
  /* without JIT, match data keep the interpreter's frames: do not hoard them */
  *owned = re->jit && t <= RE_OWN;
  if (*owned) {
    if (!w->own[t - 1])
      w->own[t - 1] = slot_new(re);
    return w->own[t - 1];
  }
  for (k = 0; k < RE_SLOTS; k++)
    if ((x = atomic_exchange(&w->cache[(at + k) % RE_SLOTS].s, NULL)) != NULL)
      return x;
  return slot_new(re);
}

static void slot_give_back(const mtl_regex *re, slot *x, int owned) {
  mtl_regex *w = (mtl_regex *)re;
  unsigned k, at = thread_number() % RE_SLOTS;
  if (owned)
    return;
  if (re->jit)
    for (k = 0; k < RE_SLOTS; k++) {
      slot *none = NULL;
      if (atomic_compare_exchange_strong(&w->cache[(at + k) % RE_SLOTS].s, &none, x))
        return;
    }
  slot_free(x);
}

int mtl_regex_match(const mtl_regex *re, const char *subject, size_t len, size_t offset,
                    mtl_match *m) {
  return mtl_regex_match_limit(re, subject, len, offset, SIZE_MAX, m);
}

int mtl_regex_match_limit(const mtl_regex *re, const char *subject, size_t len,
                          size_t offset, size_t limit, mtl_match *m) {
  slot *x;
  pcre2_match_data *md;
  int rc, i, owned;
  PCRE2_SIZE *ov;
  if (offset > len)
    return 0;
  jit_ready(re);
  if (!(x = slot_take(re, &owned)))
    return MTL_ENOMEM;
  md = x->md;
  if (re->offset_limit) /* without it the whole rest is searched: same answer */
    pcre2_set_offset_limit(x->mctx, limit == SIZE_MAX ? PCRE2_UNSET : (PCRE2_SIZE)limit);
  rc = pcre2_match(re->code, (PCRE2_SPTR)subject, len, offset, 0, md, x->mctx);
  if (rc == PCRE2_ERROR_NOMATCH) {
    slot_give_back(re, x, owned);
    return 0;
  }
  if (rc < 0) {
    slot_give_back(re, x, owned);
    if (rc == PCRE2_ERROR_NOMEMORY)
      return MTL_ENOMEM;
    return MTL_ELIMIT; /* match/depth/heap limit, JIT stack, or similar */
  }
  ov = pcre2_get_ovector_pointer(md);
  for (i = 0; i < 10; i++) {
    if ((uint32_t)i < pcre2_get_ovector_count(md) && i < rc && ov[2 * i] != PCRE2_UNSET) {
      m->ovec[2 * i] = ov[2 * i];
      m->ovec[2 * i + 1] = ov[2 * i + 1];
    } else {
      m->ovec[2 * i] = m->ovec[2 * i + 1] = SIZE_MAX;
    }
  }
  m->start = ov[0];
  m->end = ov[1];
  if (m->end < m->start) /* \K in a lookahead can do this */
    m->end = m->start;
  slot_give_back(re, x, owned);
  return 1;
}

/* Appends s[0..n) to b, changing case as mode says (one-shot or running). */
static void put_cased(mtl_buf *b, const char *s, size_t n, int *once, int run) {
  size_t i = 0;
  while (i < n) {
    int32_t cp;
    int k = mtl_utf8_decode(s + i, n - i, &cp);
    char enc[4];
    int mode = *once ? *once : run;
    if (k < 0) {
      mtl_buf_putc(b, s[i]);
      i++;
      continue;
    }
    if (mode == 'u' || mode == 'U')
      cp = mtl_cp_toupper(cp);
    else if (mode == 'l' || mode == 'L')
      cp = mtl_cp_tolower(cp);
    mtl_buf_put(b, enc, (size_t)mtl_utf8_encode(cp, enc));
    *once = 0;
    i += (size_t)k;
  }
}

/* Walks a template; with b == NULL only validates it. */
static int expand(const char *tmpl, uint32_t groups, const char *subject,
                  const mtl_match *m, mtl_buf *b, mtl_error *err) {
  const char *p = tmpl;
  int once = 0, run = 0;
  while (*p) {
    if (*p == '$') {
      unsigned g;
      if (p[1] == '$') {
        if (b)
          put_cased(b, "$", 1, &once, run);
        p += 2;
        continue;
      }
      if (p[1] == '{' && p[2] >= '0' && p[2] <= '9' && p[3] == '}') {
        g = (unsigned)(p[2] - '0');
        p += 4;
      } else if (p[1] >= '0' && p[1] <= '9') {
        g = (unsigned)(p[1] - '0');
        p += 2;
      } else {
        return mtl_seterr(err, MTL_EREGEX, NULL, 0, 0,
                          "bad replacement: '$' must be followed by a group number or '$'");
      }
      if (g > groups)
        return mtl_seterr(err, MTL_EREGEX, NULL, 0, 0,
                          "replacement refers to group %u but the pattern has %u", g, groups);
      if (b && m->ovec[2 * g] != SIZE_MAX)
        put_cased(b, subject + m->ovec[2 * g], m->ovec[2 * g + 1] - m->ovec[2 * g], &once,
                  run);
      continue;
    }
    if (*p == '\\') {
      switch (p[1]) {
      case 'u': case 'l': once = p[1]; break;
      case 'U': case 'L': run = p[1]; break;
      case 'E': run = 0; break;
      case '\\': case '$':
        if (b)
          put_cased(b, p + 1, 1, &once, run);
        break;
      default:
        return mtl_seterr(err, MTL_EREGEX, NULL, 0, 0,
                          "bad replacement: unknown escape '\\%c'", p[1] ? p[1] : ' ');
      }
      p += 2;
      continue;
    }
    if (b)
      put_cased(b, p, 1, &once, run);
    p++;
  }
  return 0;
}

static uint32_t capture_count(const mtl_regex *re) {
  uint32_t groups = 0;
  pcre2_pattern_info(re->code, PCRE2_INFO_CAPTURECOUNT, &groups);
  return groups > 9 ? 9 : groups;
}

int mtl_regex_expand(const mtl_regex *re, const char *subject, size_t len,
                     const mtl_match *m, const char *tmpl, mtl_buf *b) {
  (void)len;
  return expand(tmpl, capture_count(re), subject, m, b, NULL) ? MTL_EREGEX : 0;
}

int mtl_regex_check_template(const mtl_regex *re, const char *tmpl, mtl_error *err) {
  return expand(tmpl, capture_count(re), NULL, NULL, NULL, err);
}
