/*
 * regex.c - PCRE2 behind a small interface.  The one file of ours that
 * includes pcre2.h.  Every match runs with match, depth and heap limits, so
 * a catastrophic pattern in an untrusted rule file costs bounded time.
 */
#include "internal.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

#define MATCH_LIMIT 1000000u
#define DEPTH_LIMIT 10000u
#define HEAP_LIMIT_KB 20000u

static char *hoist_assertions(const char *pat, size_t len, size_t *outlen);

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
  int jit;
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
    char *h = hoist_assertions(pattern, len, &hl);
    pcre2_code *hc = h ? pcre2_compile((PCRE2_SPTR)h, hl, opts, &errcode, &off, cctx) : NULL;
    uint32_t c1 = 0, c2 = 1;
    if (hc && !pcre2_pattern_info(re->code, PCRE2_INFO_CAPTURECOUNT, &c1) &&
        !pcre2_pattern_info(hc, PCRE2_INFO_CAPTURECOUNT, &c2) && c1 == c2) {
      pcre2_code_free(re->code);
      re->code = hc;
      hc = NULL;
    }
    pcre2_code_free(hc);
    mtl_free(h);
  }
  pcre2_compile_context_free(cctx);
  re->offset_limit = (opts & PCRE2_USE_OFFSET_LIMIT) != 0;
  re->jit = pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE) == 0;
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

/* ---------------- PERF: required literals of a pattern ----------------
 *
 * A small reader of PCRE2 syntax that finds a set of strings one of which
 * occurs in every match (lower-cased ASCII; the prefilter folds ASCII case,
 * so it holds for caseless patterns too).  Each node yields an exact set
 * (every string it can match, when that is small and literal) and a
 * required set.  Anything not understood gives up for the whole pattern,
 * which only costs speed: the rule then scans every input.
 */

#define LIT_MAX_SET 32
#define LIT_MAX_LEN 32
#define LIT_MAX_DEPTH 24  /* ~12 KB of stack per level */
#define REACH_INF (-1L)   /* no bound on a length */
#define REACH_MAX 100000L /* longer bounds count as none */

static long reach_add(long a, long b) {
  return a < 0 || b < 0 || a + b > REACH_MAX ? REACH_INF : a + b;
}

static long reach_mul(long a, long m) {
  if (a == 0 || m == 0)
    return 0;
  return a < 0 || m < 0 || a > REACH_MAX / m ? REACH_INF : a * m;
}

static long reach_max(long a, long b) {
  return a < 0 || b < 0 ? REACH_INF : a > b ? a : b;
}

typedef struct lset {
  char s[LIT_MAX_SET][LIT_MAX_LEN + 1];
  unsigned char len[LIT_MAX_SET];
  size_t n;
  int ok;       /* the set is meaningful (exact: node is exact; req: known) */
  long pre;     /* most characters from the node's start to the member's, or REACH_INF */
  int prenl;    /* the text from the node's start to the member's may hold a newline */
  int follow;   /* req only: each member is followed by a byte in fmask */
  unsigned char fmask[32];
  int precede;  /* each member comes right after a byte in pmask */
  unsigned char pmask[32];
} lset;

typedef struct lparse {
  const char *p, *end;
  int bail;
  int depth;
  int icase;    /* caseless matching is on here */
} lparse;

typedef struct lnode {
  lset exact;   /* ok: the node matches exactly one of these strings */
  lset req;     /* ok: every match contains one of these */
  int min1;     /* quantifier: at least once (else optional) */
  long maxlen;  /* most characters a match of the node spans, or REACH_INF */
  int nonl;     /* known: no match of the node holds a newline byte */
  int hasfirst; /* every match opens with a byte in first (raw text, no folding) */
  unsigned char first[32];
  int haslast;  /* every match ends with a byte in last */
  unsigned char last[32];
  int look;     /* a zero-width lookahead (1) whose match opens with a byte
                   in first, or lookbehind (2) whose match ends with one in last */
} lnode;

static size_t lset_minlen(const lset *s) {
  size_t i, m = SIZE_MAX;
  for (i = 0; i < s->n; i++)
    if (s->len[i] < m)
      m = s->len[i];
  return s->n ? m : 0;
}

/* Keeps the better of two required sets in *best. */
static void lset_pick(lset *best, const lset *cand) {
  size_t a, b;
  if (!cand->ok || !cand->n || (b = lset_minlen(cand)) == 0)
    return;
  /* a byte before or after counts for members of two bytes or more; one
   * byte with both ranks below any three bytes */
  if (b >= 2)
    b += (cand->follow != 0) + (cand->precede != 0);
  else if (cand->follow && cand->precede)
    b = 2;
  a = best->ok ? lset_minlen(best) : 0;
  if (a >= 2)
    a += (best->follow != 0) + (best->precede != 0);
  else if (best->ok && best->follow && best->precede)
    a = 2;
  /* PERF: a set that bounds where a match starts (the search then runs in
   * windows around its hits) beats one that does not and is at most two
   * bytes longer */
  if (best->ok && a >= 4 && b >= 4 && (cand->pre >= 0) != (best->pre >= 0) &&
      (cand->pre >= 0 ? b + 2 >= a : a + 2 >= b)) {
    if (cand->pre >= 0)
      *best = *cand;
    return;
  }
  if (!best->ok || b > a || (b == a && cand->n < best->n))
    *best = *cand;
}

static int lset_add(lset *s, const char *str, size_t len) {
  size_t i;
  for (i = 0; i < s->n; i++)
    if (s->len[i] == len && !memcmp(s->s[i], str, len))
      return 0;
  if (s->n >= LIT_MAX_SET || len > LIT_MAX_LEN)
    return -1;
  memcpy(s->s[s->n], str, len);
  s->s[s->n][len] = '\0';
  s->len[s->n++] = (unsigned char)len;
  return 0;
}

/* *a = a x b; -1 (a unchanged) when too big. */
static int lset_cross(lset *a, const lset *b, lset *tmp) {
  size_t i, j;
  if (a->n * b->n > LIT_MAX_SET)
    return -1;
  tmp->n = 0;
  tmp->ok = 1;
  for (i = 0; i < a->n; i++)
    for (j = 0; j < b->n; j++) {
      char buf[2 * LIT_MAX_LEN];
      if ((size_t)a->len[i] + b->len[j] > LIT_MAX_LEN)
        return -1;
      memcpy(buf, a->s[i], a->len[i]);
      memcpy(buf + a->len[i], b->s[j], b->len[j]);
      if (lset_add(tmp, buf, (size_t)a->len[i] + b->len[j]))
        return -1;
    }
  tmp->pre = a->pre;
  tmp->prenl = a->prenl;
  tmp->follow = 0;
  tmp->precede = a->precede;
  memcpy(tmp->pmask, a->pmask, sizeof tmp->pmask);
  *a = *tmp;
  return 0;
}

/* Required sets: *a = a | b.  When the union has more than LIT_MAX_SET
 * members, each member is cut to its first k bytes (a required string's
 * prefix is required too) for the largest k down to LIT_CUT_MIN that makes
 * it fit, rather than having no set at all: "share on facebook" ... "share
 * via pinterest" and 30 more become 30 members of at most 11 bytes ("share
 * on fa", "share via p", ...; test_literals).  A cut member no longer says
 * which byte follows it.  0, or -1 (a unchanged) when even that does not
 * fit. */
#define LIT_CUT_MIN 4
static int lset_union(lset *a, const lset *b) {
  lset u = *a;
  size_t i, k;
  for (i = 0; i < b->n; i++)
    if (lset_add(&u, b->s[i], b->len[i]))
      break;
  if (i == b->n) {
    *a = u;
    return 0;
  }
  for (k = LIT_MAX_LEN; k >= LIT_CUT_MIN; k--) {
    const lset *from[2];
    size_t f;
    int cut = 0, full = 0;
    from[0] = a;
    from[1] = b;
    u = *a;
    u.n = 0;
    for (f = 0; f < 2 && !full; f++)
      for (i = 0; i < from[f]->n && !full; i++) {
        size_t len = from[f]->len[i] < k ? from[f]->len[i] : k;
        cut |= len < from[f]->len[i];
        full = lset_add(&u, from[f]->s[i], len) != 0;
      }
    if (full)
      continue;
    if (cut)
      u.follow = 0;
    *a = u;
    return 0;
  }
  return -1;
}

static void lit_alt(lparse *ps, lnode *out);

static void lset_one(lset *s, const char *str, size_t len) {
  s->n = 0;
  s->ok = 1;
  s->pre = 0;
  s->prenl = 0;
  s->follow = 0;
  s->precede = 0;
  lset_add(s, str, len);
}

/* Skips a {n}, {n,}, {n,m} quantifier at ps->p; returns n (*most: m, n or
 * REACH_INF), or -1 if it is not one. */
static long lit_brace(lparse *ps, long *most) {
  const char *q = ps->p + 1;
  long n = 0, m = 0;
  int digits = 0, mdigits = 0;
  while (q < ps->end && *q >= '0' && *q <= '9' && digits < 6)
    n = n * 10 + (*q++ - '0'), digits++;
  if (!digits)
    return -1;
  *most = n;
  if (q < ps->end && *q == ',') {
    q++;
    while (q < ps->end && *q >= '0' && *q <= '9') {
      if (mdigits++ < 6)
        m = m * 10 + (*q - '0');
      else
        m = REACH_MAX + 1;
      q++;
    }
    *most = mdigits ? (m > REACH_MAX ? REACH_INF : m) : REACH_INF;
  }
  if (q >= ps->end || *q != '}')
    return -1;
  ps->p = q + 1;
  return n;
}

/* The members of the class body [s, e) when it is a few plain characters
 * (no negation, ranges, properties, or letters caseless matching could fold
 * beyond ASCII); otherwise leaves out unset (one unknown character). */
static void class_set(const char *s, const char *e, lset *out) {
  lset set;
  memset(&set, 0, sizeof set);
  set.ok = 1;
  if (s < e && *s == '^')
    return;
  while (s < e) {
    char c = *s;
    if (c == '\\') {
      if (s + 1 >= e || (unsigned char)s[1] >= 0x80 || (s[1] >= '0' && s[1] <= '9') ||
          ((s[1] | 0x20) >= 'a' && (s[1] | 0x20) <= 'z'))
        return;
      c = s[1];
      s += 2;
    } else if (c == '[' || (c == '-' && s + 1 < e)) {
      return; /* POSIX class or range */
    } else if ((unsigned char)c >= 0x80) {
      int32_t cp;
      int k = mtl_utf8_decode(s, (size_t)(e - s), &cp);
      if (k < 0 || mtl_cp_is_letter(cp) || mtl_cp_tolower(cp) != cp || mtl_cp_toupper(cp) != cp ||
          lset_add(&set, s, (size_t)k))
        return;
      s += k;
      continue;
    } else {
      s++;
    }
    if (c >= 'A' && c <= 'Z')
      c = (char)(c + 32);
    if (set.n >= 8 || lset_add(&set, &c, 1))
      return;
  }
  if (set.n)
    *out = set;
}

/* PERF: the atom's first byte is in [lo, hi] or opens a non-ASCII character. */
static void first_bytes(lnode *a, int lo, int hi) {
  int c;
  memset(a->first, 0, sizeof a->first);
  for (c = lo; c <= hi; c++)
    a->first[c >> 3] |= (unsigned char)(1u << (c & 7));
  for (c = 0xC2; c <= 0xF4; c++)
    a->first[c >> 3] |= (unsigned char)(1u << (c & 7));
  a->hasfirst = 1;
}

/* PERF: the atom's last byte is in [lo, hi] or ends a non-ASCII character. */
static void last_bytes(lnode *a, int lo, int hi) {
  int c;
  memset(a->last, 0, sizeof a->last);
  for (c = lo; c <= hi; c++)
    a->last[c >> 3] |= (unsigned char)(1u << (c & 7));
  for (c = 0x80; c <= 0xBF; c++)
    a->last[c >> 3] |= (unsigned char)(1u << (c & 7));
  a->haslast = 1;
}

/* One atom and its quantifier. */
/* The inside of a group up to and past its ')'; 0 (with ps->bail set) if
 * too deep or malformed. */
static int lit_group_body(lparse *ps, lnode *a) {
  int icase = ps->icase; /* (?i) inside holds to the group's end */
  if (++ps->depth > LIT_MAX_DEPTH) {
    ps->bail = 1;
    return 0;
  }
  lit_alt(ps, a);
  ps->depth--;
  ps->icase = icase;
  if (ps->bail || ps->p >= ps->end || *ps->p != ')') {
    ps->bail = 1;
    return 0;
  }
  ps->p++;
  return 1;
}

/* Whether a property name (after \p) names letters or numbers only, which
 * hold no newline: \pL, \p{L}, \p{Lu}, \p{Nd} ... */
static int letter_property(const char *p, const char *end) {
  if (p < end && *p == '{')
    p++;
  return p < end && (*p == 'L' || *p == 'N');
}

/* Whether the class [s, e) (past its '[') surely matches no newline: a
 * negated class that names \n, or a plain one of printable characters,
 * ranges between them, \d \w \h \S \V \t \r \f \a \e, letter properties
 * and escaped punctuation.  Anything else counts as maybe. */
static int class_nonl(const char *s, const char *e) {
  const char *p = s;
  int negated = p < e && *p == '^', named = 0, ok = 1;
  if (negated)
    p++;
  for (; p < e; p++) {
    unsigned char c = (unsigned char)*p;
    if (c == '\\' && p + 1 < e) {
      char x = *++p;
      if (x == 'n') {
        named = 1;
        ok = 0;
      } else if (x == 'p' && letter_property(p + 1, e)) {
        if (p + 1 < e && p[1] == '{')
          while (p < e && *p != '}')
            p++;
        else
          p++;
      } else if (!strchr("dwhSVtrfae", x) &&
                 ((x >= 'a' && x <= 'z') || (x >= 'A' && x <= 'Z') || (x >= '0' && x <= '9'))) {
        ok = 0; /* \s, \v, \D, \x0a, octal ...: may be a newline */
      } else if (p + 1 < e && p[1] == '-') {
        ok = 0; /* a range from an escape */
      }
    } else if (c == '[' && p + 1 < e && p[1] == ':') {
      ok = 0;
    } else if (c == '\n') {
      named = 1;
      ok = 0;
    } else if (c < 0x20 || c == 0x7F) {
      ok = 0;
    } else if (c == '-' && p > s + negated && p + 1 < e && p[1] == '\\') {
      ok = 0; /* a range to an escape */
    }
  }
  return negated ? named : ok;
}

static void lit_atom(lparse *ps, lnode *a) {
  char c = *ps->p;
  memset(a, 0, sizeof *a);
  a->min1 = 1;
  if (c == '(') {
    ps->p++;
    if (ps->p < ps->end && *ps->p == '*') {
      ps->bail = 1;
      return;
    }
    if (ps->p < ps->end && *ps->p == '?') {
      const char *q = ps->p + 1;
      int look = 0, inner_options = 0, saved_icase = 0;
      if (q >= ps->end) {
        ps->bail = 1;
        return;
      }
      if (*q == ':' || *q == '|' || *q == '>') {
        ps->p = q + 1;
      } else if (*q == '=' || *q == '!') {
        look = 1;
        ps->p = q + 1;
      } else if (*q == '<' && q + 1 < ps->end && (q[1] == '=' || q[1] == '!')) {
        look = 1;
        ps->p = q + 2;
      } else if (*q == '<' || *q == '\'' || (*q == 'P' && q + 1 < ps->end && q[1] == '<')) {
        char close = *q == '\'' ? '\'' : '>';
        while (q < ps->end && *q != close)
          q++;
        if (q >= ps->end) {
          ps->bail = 1;
          return;
        }
        ps->p = q + 1;
      } else {
        /* option letters: (?i) (?-i) (?i:...); x changes the syntax, and
         * (?R), (?C) ... are not options: give up */
        while (q < ps->end && *q && strchr("imnsJU-^", *q))
          q++;
        if (ps->bail || q >= ps->end || q == ps->p + 1 || (*q != ')' && *q != ':')) {
          ps->bail = 1;
          return;
        }
        {
          const char *o;
          int on = 1, icase = ps->icase;
          for (o = ps->p + 1; o < q; o++) {
            if (*o == '-')
              on = 0;
            else if (*o == '^')
              icase = 0;
            else if (*o == 'i')
              icase = on;
          }
          if (*q == ')') {
            ps->icase = icase;
            ps->p = q + 1;
            lset_one(&a->exact, "", 0);
            a->nonl = 1;
            return;
          }
          ps->p = q + 1;
          saved_icase = ps->icase;
          ps->icase = icase;
          inner_options = 1;
        }
      }
      if (!lit_group_body(ps, a))
        return;
      if (inner_options)
        ps->icase = saved_icase;
      if (look) { /* zero width: requires nothing of the match itself */
        /* PERF: but a positive lookahead's first byte follows what comes
         * before it, and a lookbehind's last byte precedes what follows */
        int ahead = q[0] == '=' ? 1 : q[0] == '<' && q[1] == '=' ? 2 : 0;
        unsigned char m[32];
        int has = ahead == 1 ? a->hasfirst : ahead == 2 ? a->haslast : 0;
        memcpy(m, ahead == 1 ? a->first : a->last, sizeof m);
        memset(a, 0, sizeof *a);
        a->min1 = 1;
        a->nonl = 1; /* it consumes nothing */
        lset_one(&a->exact, "", 0);
        if (has) {
          a->look = ahead;
          memcpy(ahead == 1 ? a->first : a->last, m, sizeof m);
        }
        return;
      }
    } else {
      lit_group_body(ps, a);
    }
  } else if (c == '[') {
    const char *q = ps->p + 1;
    if (q < ps->end && *q == '^')
      q++;
    if (q < ps->end && *q == ']')
      q++;
    while (q < ps->end && *q != ']') {
      if (*q == '\\') {
        if (q + 1 < ps->end && (q[1] == 'Q' || q[1] == 'E')) {
          ps->bail = 1;
          return;
        }
        q += 2;
      } else if (*q == '[' && q + 1 < ps->end && q[1] == ':') {
        const char *e = strstr(q, ":]");
        if (!e || e >= ps->end) {
          ps->bail = 1;
          return;
        }
        q = e + 2;
      } else {
        q++;
      }
    }
    if (q >= ps->end) {
      ps->bail = 1;
      return;
    }
    class_set(ps->p + 1, q, &a->exact); /* small classes of plain characters: a set */
    a->nonl = class_nonl(ps->p + 1, q);
    ps->p = q + 1;
    a->maxlen = 1;
  } else if (c == '\\') {
    char e = ps->p + 1 < ps->end ? ps->p[1] : '\0';
    ps->p += 2;
    if (!e) {
      ps->bail = 1;
      return;
    }
    if (strchr("bBAzZGK", e)) {
      lset_one(&a->exact, "", 0);
      a->nonl = 1;
      return; /* zero width: no quantifier expected */
    } else if (!((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z') || (e >= '0' && e <= '9'))) {
      char l = e;
      if ((unsigned char)e >= 0x80) {
        ps->bail = 1;
        return;
      }
      lset_one(&a->exact, &l, 1);
      a->maxlen = 1;
      a->nonl = e != '\n';
    } else if (strchr("dDwWsShHvVRX", e)) {
      a->nonl = strchr("dwhSV", e) != NULL;
      /* one unknown character; \R may be CR LF, \X a whole grapheme cluster */
      a->maxlen = e == 'R' ? 2 : e == 'X' ? REACH_INF : 1;
      if (e == 'd') {
        first_bytes(a, '0', '9'); /* or a digit beyond ASCII (UCP) */
        last_bytes(a, '0', '9');
      }
    } else if (e == 'p' || e == 'P' || e == 'x' || e == 'o') {
      a->maxlen = 1;
      a->nonl = e == 'p' && letter_property(ps->p, ps->end);
      /* \p{Ll} opens with a-z or a non-ASCII letter; caseless matching may
       * let it match upper case, so only where it is off */
      if (e == 'p' && !ps->icase && ps->end - ps->p >= 4 && !memcmp(ps->p, "{Ll}", 4)) {
        first_bytes(a, 'a', 'z');
        last_bytes(a, 'a', 'z');
      }
      if (e == 'p' && !ps->icase && ps->end - ps->p >= 4 && !memcmp(ps->p, "{Lu}", 4)) {
        first_bytes(a, 'A', 'Z');
        last_bytes(a, 'A', 'Z');
      }
      if (ps->p < ps->end && *ps->p == '{') {
        const char *q = memchr(ps->p, '}', (size_t)(ps->end - ps->p));
        if (!q) {
          ps->bail = 1;
          return;
        }
        ps->p = q + 1;
      } else if (e == 'x') {
        int k = 0;
        while (k < 2 && ps->p < ps->end &&
               ((*ps->p >= '0' && *ps->p <= '9') || ((*ps->p | 0x20) >= 'a' && (*ps->p | 0x20) <= 'f')))
          ps->p++, k++;
      } else if (e == 'p' || e == 'P') {
        if (ps->p >= ps->end) {
          ps->bail = 1;
          return;
        }
        ps->p++;
      } else {
        ps->bail = 1;
        return;
      }
    } else if (e >= '1' && e <= '9') {
      while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9')
        ps->p++; /* back reference: unknown text */
      a->maxlen = REACH_INF;
    } else {
      ps->bail = 1; /* \Q, \g, \k, \N, \c, \e, \n ...: not worth it */
      return;
    }
  } else if (c == '.') {
    ps->p++;
    a->maxlen = 1;
  } else if (c == '^' || c == '$') {
    ps->p++;
    lset_one(&a->exact, "", 0);
    a->nonl = 1;
    return;
  } else if (c == '*' || c == '+' || c == '?' || c == '{') {
    ps->bail = 1;
    return;
  } else if ((unsigned char)c >= 0x80) {
    /* A non-ASCII character: a letter (or anything with a case) may fold
     * under caseless matching, so it is unknown; a caseless symbol such as
     * the copyright sign or a curly quote is a literal. */
    const char *s = ps->p;
    int32_t cp;
    int k = mtl_utf8_decode(s, (size_t)(ps->end - s), &cp);
    a->maxlen = 1;
    a->nonl = 1;
    ps->p++;
    while (ps->p < ps->end && ((unsigned char)*ps->p & 0xC0) == 0x80)
      ps->p++;
    if (k > 0 && s + k == ps->p && !mtl_cp_is_letter(cp) && mtl_cp_tolower(cp) == cp &&
        mtl_cp_toupper(cp) == cp)
      lset_one(&a->exact, s, (size_t)k);
  } else {
    char l = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
    ps->p++;
    lset_one(&a->exact, &l, 1);
    a->maxlen = 1;
    a->nonl = c != '\n';
  }
  if (a->exact.ok)
    a->req = a->exact;
  /* quantifier */
  if (ps->p < ps->end) {
    char q = *ps->p;
    long mn = 1, most = REACH_INF;
    int quant = 1;
    if (q == '*' || q == '?') {
      mn = 0;
      most = q == '?' ? 1 : REACH_INF;
      ps->p++;
    } else if (q == '+') {
      ps->p++;
    } else if (q == '{') {
      const char *save = ps->p;
      mn = lit_brace(ps, &most);
      if (mn < 0) {
        ps->p = save;
        ps->bail = 1; /* a literal '{': rare, give up */
        return;
      }
      if (!strncmp(save, "{1}", 3))
        quant = 0;
    } else {
      quant = 0;
    }
    if (quant) {
      if (ps->p < ps->end && (*ps->p == '?' || *ps->p == '+'))
        ps->p++;
      a->maxlen = reach_mul(a->maxlen, most);
      a->min1 = mn >= 1;
      if (mn < 1)
        a->hasfirst = a->haslast = 0;
      if (!a->min1 && q == '?' && a->exact.ok && a->exact.n < LIT_MAX_SET) {
        a->req.ok = 0; /* x? is x or nothing: still an exact set */
        lset_add(&a->exact, "", 0);
        a->min1 = 1;
      } else if (!a->min1) {
        a->req.ok = 0;
        a->exact.ok = 0;
        a->exact.n = 0;
      } else {
        a->min1 = 2; /* repeated: exact as a required block, not as a whole */
      }
    }
  }
}

/* A sequence up to | or ) or the end.  pos: the most characters from the
 * sequence's start to the atom at hand (each set's pre is kept relative to
 * the sequence's start). */
static void lit_seq(lparse *ps, lnode *out) {
  lset cur, best, tmp;
  int exact = 1, consumed = 0;
  int posnl = 0, allnonl = 1; /* a newline may come before the atom at hand; none can */
  long pos = 0;
  memset(out, 0, sizeof *out);
  memset(&best, 0, sizeof best);
  lset_one(&cur, "", 0);
  while (!ps->bail && ps->p < ps->end && *ps->p != '|' && *ps->p != ')') {
    lnode a;
    lit_atom(ps, &a);
    if (ps->bail)
      return;
    if (a.maxlen != 0) { /* the first and last bytes of the sequence */
      if (!consumed++) {
        out->hasfirst = a.hasfirst;
        memcpy(out->first, a.first, sizeof out->first);
      }
      out->haslast = a.haslast;
      memcpy(out->last, a.last, sizeof out->last);
    }
    if (a.look == 1 && cur.ok && lset_minlen(&cur) > 0) {
      /* cur, then a byte the lookahead's text opens with */
      lset c = cur;
      c.follow = 1;
      memcpy(c.fmask, a.first, sizeof c.fmask);
      lset_pick(&best, &c);
    } else if (a.look == 2 && cur.ok && cur.n == 1 && cur.len[0] == 0) {
      /* what follows comes right after the lookbehind's last byte */
      size_t k;
      if (!cur.precede)
        memcpy(cur.pmask, a.last, sizeof cur.pmask);
      else
        for (k = 0; k < sizeof cur.pmask; k++)
          cur.pmask[k] &= a.last[k];
      cur.precede = 1;
    }
    if (a.exact.ok && a.min1 == 1) {
      if (lset_cross(&cur, &a.exact, &tmp)) {
        lset_pick(&best, &cur);
        cur = a.exact;
        cur.pre = pos;
        cur.prenl = posnl;
        exact = 0;
      }
    } else if (a.exact.ok && a.min1 == 2) {
      /* x+ or x{2,}: the first copy follows cur, the last precedes what follows */
      a.exact.pre = pos;
      a.exact.prenl = posnl;
      if (lset_cross(&cur, &a.exact, &tmp))
        lset_pick(&best, &a.exact);
      lset_pick(&best, &cur);
      cur = a.exact;
      cur.pre = reach_add(pos, a.maxlen); /* the last copy starts before the atom's end */
      cur.prenl = posnl || !a.nonl;
      exact = 0;
    } else {
      lset_pick(&best, &cur);
      if (a.hasfirst && cur.ok && lset_minlen(&cur) > 0) {
        /* cur, then a byte a match of the atom opens with */
        cur.follow = 1;
        memcpy(cur.fmask, a.first, sizeof cur.fmask);
        lset_pick(&best, &cur);
      }
      a.req.pre = reach_add(pos, a.req.pre);
      a.req.prenl = posnl || a.req.prenl;
      lset_pick(&best, &a.req);
      lset_one(&cur, "", 0);
      cur.pre = reach_add(pos, a.maxlen);
      cur.prenl = posnl || !a.nonl;
      if (a.haslast) { /* what follows comes right after a byte the atom ends with */
        cur.precede = 1;
        memcpy(cur.pmask, a.last, sizeof cur.pmask);
      }
      exact = 0;
    }
    pos = reach_add(pos, a.maxlen);
    posnl = posnl || !a.nonl;
    allnonl = allnonl && a.nonl;
  }
  lset_pick(&best, &cur);
  out->req = best;
  if (exact)
    out->exact = cur;
  out->min1 = 1;
  out->maxlen = pos;
  out->nonl = allnonl;
}

static void lit_alt(lparse *ps, lnode *out) {
  lnode first;
  int all_exact, all_req;
  lit_seq(ps, &first);
  if (ps->bail)
    return;
  *out = first;
  all_exact = first.exact.ok;
  all_req = first.req.ok;
  while (ps->p < ps->end && *ps->p == '|') {
    lnode b;
    size_t i;
    ps->p++;
    lit_seq(ps, &b);
    if (ps->bail)
      return;
    out->maxlen = reach_max(out->maxlen, b.maxlen);
    out->nonl = out->nonl && b.nonl;
    {
      size_t k;
      out->hasfirst = out->hasfirst && b.hasfirst;
      out->haslast = out->haslast && b.haslast;
      for (k = 0; k < sizeof out->first; k++) {
        out->first[k] |= b.first[k];
        out->last[k] |= b.last[k];
      }
    }
    if (all_req && b.req.ok) {
      out->req.pre = reach_max(out->req.pre, b.req.pre);
      out->req.prenl = out->req.prenl || b.req.prenl;
      /* a follow byte holds for the union only when both say the same */
      /* (a mask means something only when its flag is set) */
      if (out->req.follow != b.req.follow ||
          (b.req.follow && memcmp(out->req.fmask, b.req.fmask, sizeof b.req.fmask)))
        out->req.follow = 0;
      if (out->req.precede != b.req.precede ||
          (b.req.precede && memcmp(out->req.pmask, b.req.pmask, sizeof b.req.pmask)))
        out->req.precede = 0;
    }
    if (all_exact && b.exact.ok) {
      for (i = 0; i < b.exact.n; i++)
        if (lset_add(&out->exact, b.exact.s[i], b.exact.len[i]))
          all_exact = 0;
    } else {
      all_exact = 0;
    }
    if (all_req && b.req.ok) {
      if (lset_union(&out->req, &b.req))
        all_req = 0;
    } else {
      all_req = 0;
    }
  }
  out->exact.ok = all_exact;
  if (!all_exact)
    out->exact.n = 0;
  out->req.ok = all_req && lset_minlen(&out->req) > 0;
  if (!out->req.ok)
    out->req.n = 0;
  out->min1 = 1;
}

/* PERF: a two-byte literal is worth a prefilter when it is rare in prose:
 * one two-byte character (non-ASCII: the copyright sign, a dash), or two
 * ASCII punctuation or space bytes of which the second is not a space
 * (" ,", "..", but not ". " or ", ", which open every other word). */
static int is_alnum(unsigned char c) {
  return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

static int rare_pair(const unsigned char *s) {
  if (s[0] >= 0x80 || s[1] >= 0x80)
    return s[0] >= 0xC2 && s[0] <= 0xDF && (s[1] & 0xC0) == 0x80;
  return s[0] >= ' ' && s[0] < 0x7F && s[1] > ' ' && s[1] < 0x7F && !is_alnum(s[0]) &&
         !is_alnum(s[1]);
}

/* Every member is at least minlen bytes, or two bytes and rare, or two
 * bytes and a follow byte that is rare after them (a class without upper
 * case letters or white space: ". " then a lower-case letter). */
static int lset_long_enough(const lset *s, size_t minlen) {
  size_t i, extra = 0;
  int narrow = s->follow, pnarrow = s->precede, glued;
  for (i = 0; narrow && i < 256; i++)
    if (((i >= 'A' && i <= 'Z') || i <= ' ') && (s->fmask[i >> 3] >> (i & 7) & 1))
      narrow = 0;
  /* a byte before: rare when it is no lower-case letter nor white space */
  for (i = 0; pnarrow && i < 256; i++)
    if (((i >= 'a' && i <= 'z') || i <= ' ') && (s->pmask[i >> 3] >> (i & 7) & 1))
      pnarrow = 0;
  extra = (size_t)narrow + (size_t)pnarrow;
  /* one punctuation byte between letters on both sides ("x.Y"; not
   * digits: "3-2", "1990-91") */
  glued = s->follow && s->precede;
  for (i = 0; glued && i < 0x40; i++)
    if ((i <= ' ' || (i >= '0' && i <= '9')) && ((s->fmask[i >> 3] | s->pmask[i >> 3]) >> (i & 7) & 1))
      glued = 0;
  for (i = 0; i < s->n; i++)
    if (s->len[i] < minlen &&
        !(s->len[i] == 2 && minlen > 2 && rare_pair((const unsigned char *)s->s[i])) &&
        !((size_t)s->len[i] + extra >= minlen && s->len[i] >= 2) &&
        !(s->len[i] == 1 && glued && minlen <= 3 && (unsigned char)s->s[i][0] > ' ' &&
          (unsigned char)s->s[i][0] < 0x7F && !is_alnum((unsigned char)s->s[i][0])))
      return 0;
  return s->n > 0;
}

int mtl_regex_literals(const char *pattern, size_t len, unsigned flags, size_t minlen,
                       char ***out, size_t *n, size_t *reach, int *same_line,
                       unsigned char *follow, unsigned char *precede) {
  lparse ps;
  lnode *top;
  size_t i;
  *out = NULL;
  *n = 0;
  if (reach)
    *reach = SIZE_MAX;
  if (same_line)
    *same_line = 0;
  if (follow)
    memset(follow, 0, 32);
  if (precede)
    memset(precede, 0, 32);
  if (!(top = mtl_calloc(1, sizeof *top)))
    return MTL_ENOMEM;
  ps.p = pattern;
  ps.end = pattern + len;
  ps.bail = 0;
  ps.depth = 0;
  ps.icase = (flags & MTL_RE_ICASE) != 0;
  lit_alt(&ps, top);
  if (ps.bail || ps.p != ps.end || !top->req.ok || !lset_long_enough(&top->req, minlen)) {
    mtl_free(top);
    return 0;
  }
  if (!(*out = mtl_calloc(top->req.n, sizeof **out))) {
    mtl_free(top);
    return MTL_ENOMEM;
  }
  for (i = 0; i < top->req.n; i++) {
    if (!((*out)[i] = mtl_strndup(top->req.s[i], top->req.len[i]))) {
      mtl_regex_literals_free(*out, i);
      *out = NULL;
      mtl_free(top);
      return MTL_ENOMEM;
    }
  }
  *n = top->req.n;
  /* characters to bytes: UTF-8 takes at most 4 bytes a character */
  if (reach && top->req.pre >= 0)
    *reach = (size_t)top->req.pre * 4;
  if (same_line)
    *same_line = !top->req.prenl;
  if (follow && top->req.follow)
    memcpy(follow, top->req.fmask, 32);
  if (precede && top->req.precede)
    memcpy(precede, top->req.pmask, 32);
  mtl_free(top);
  return 0;
}

void mtl_regex_literals_free(char **lits, size_t n) {
  size_t i;
  for (i = 0; lits && i < n; i++)
    mtl_free(lits[i]);
  mtl_free(lits);
}

/* ---------------- patterns that stay inside a line ---------------- */

/* Whether c may follow a backslash and still only match characters that
 * are not line breaks (or test positions that see none): \w \d \b ... */
static int safe_escape(char c, int in_class) {
  if (c >= '1' && c <= '9')
    return !in_class; /* a back reference (in a class: an octal code) */
  switch (c) {
  case 'w': case 'd': case 'h': case 'S': case 'V': case 'E':
    return 1;
  case 'b': case 'B': case 'K': case 'g': case 'k':
    return !in_class;
  case 't':
    return 1; /* a tab; a range from it is refused by the caller */
  default:
    return !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
             (unsigned char)c >= 0x80);
  }
}

int mtl_pattern_line_bound(const char *p, size_t n) {
  size_t i;
  int in_class = 0;
  if (!p)
    return 0;
  for (i = 0; i < n; i++) {
    unsigned char c = (unsigned char)p[i];
    if (c < 0x20 || c == 0x7f)
      return 0; /* a raw line break, tab or control character */
    if (c == '\\' && i + 1 < n && p[i + 1] == 'Q') {
      /* \Q...\E: literal characters (raw control ones were refused) */
      for (i += 2; i < n && !(p[i] == '\\' && i + 1 < n && p[i + 1] == 'E'); i++)
        if ((unsigned char)p[i] < 0x20 || p[i] == 0x7f)
          return 0;
      i++;
      continue;
    }
    if (c == '\\') {
      char e = i + 1 < n ? p[i + 1] : '\0';
      if (!e || !safe_escape(e, in_class) ||
          (e == 'g' && i + 2 < n && p[i + 2] == '-')) /* relative: still a reference */
        return 0;
      if (e >= '1' && e <= '9' && i + 2 < n && p[i + 2] >= '0' && p[i + 2] <= '9')
        return 0; /* \12: maybe an octal code */
      if (in_class && e == 't' && i + 3 < n && p[i + 2] == '-' && p[i + 3] != ']')
        return 0; /* a range from a tab (\t-\r holds \n) */
      i++;
      continue;
    }
    if (in_class) {
      if (c == '[' && i + 1 < n && p[i + 1] == ':')
        return 0; /* POSIX classes: [:space:], [:cntrl:], [:^alpha:] */
      if (c == ']')
        in_class = 0;
      continue;
    }
    if (c == '[') {
      if (i + 1 < n && p[i + 1] == '^')
        return 0; /* a negated class matches line breaks */
      in_class = 1;
      if (i + 1 < n && p[i + 1] == ']')
        i++; /* a leading ']' is a literal */
      continue;
    }
    if (c == '(' && i + 1 < n && p[i + 1] == '*')
      return 0; /* (*CR), (*ANY) ... change what a line break is */
    if (c == '(' && i + 1 < n && p[i + 1] == '?') {
      size_t j = i + 2;
      if (j < n && p[j] == '#') { /* a comment */
        while (j < n && p[j] != ')')
          j++;
        i = j;
        continue;
      }
      while (j < n && p[j] && strchr("imnxUJ-^s", p[j])) {
        if (p[j] == 's')
          return 0; /* DOTALL: '.' matches line breaks */
        j++;
      }
    }
  }
  return 1;
}

/* ---------------- PERF: cheap assertions first ----------------
 *
 * Zero-width assertions at one position commute.  A pattern that opens with
 * many negative lookbehinds ("not after etc., approx., ...") and then one
 * positive lookbehind ("after a word and a full stop") costs all the
 * negative checks at every position; testing the selective positive one
 * first gives the same matches for a fraction of the work.  Returns the
 * reordered pattern (caller frees) or NULL when there is nothing to gain or
 * the prefix holds something we do not read (capturing groups, options).
 */

typedef struct piece {
  const char *s, *e;      /* the assertion's text */
  const char *wrap;       /* option group it sat in, e.g. "(?i:", or NULL */
  size_t wraplen;
  int positive;
} piece;

#define MAX_PIECES 256

static int assertion_at(const char *p, const char *end, int *positive) {
  size_t n = (size_t)(end - p);
  if (n >= 4 && (!strncmp(p, "(?<=", 4) || !strncmp(p, "(?<!", 4))) {
    *positive = p[3] == '=';
    return 1;
  }
  if (n >= 3 && (!strncmp(p, "(?=", 3) || !strncmp(p, "(?!", 3))) {
    *positive = p[2] == '=';
    return 1;
  }
  return 0;
}

/* Parses one assertion at ps->p into pc; 0 if it is not a plain one. */
static int take_assertion(lparse *ps, piece *pc, const char *wrap, size_t wraplen) {
  const char *q;
  lnode *a;
  int pos;
  if (!assertion_at(ps->p, ps->end, &pos))
    return 0;
  if (!(a = mtl_malloc(sizeof *a)))
    return 0;
  pc->s = ps->p;
  lit_atom(ps, a);
  mtl_free(a);
  if (ps->bail || ps->p[-1] != ')')
    return 0;
  pc->e = ps->p;
  for (q = pc->s + 1; q < pc->e; q++) {
    if (*q == '\\') {
      q++;
      continue;
    }
    if (*q == '(' && (q + 1 >= pc->e || q[1] != '?'))
      return 0; /* a capturing group: moving it would renumber groups */
  }
  pc->wrap = wrap;
  pc->wraplen = wraplen;
  pc->positive = pos;
  return 1;
}

static char *hoist_assertions(const char *pat, size_t len, size_t *outlen) {
  piece *pc;
  size_t np = 0, i, o = 0;
  int seen_neg = 0, gain = 0;
  lparse ps;
  char *out = NULL;
  const char *tail;
  if (!(pc = mtl_malloc(MAX_PIECES * sizeof *pc)))
    return NULL;
  ps.p = pat;
  ps.end = pat + len;
  ps.bail = 0;
  ps.depth = 0;
  ps.icase = 0;
  while (ps.p < ps.end && np < MAX_PIECES) {
    int pos;
    if (assertion_at(ps.p, ps.end, &pos)) {
      if (!take_assertion(&ps, &pc[np], NULL, 0))
        goto done;
      np++;
      continue;
    }
    if (ps.p + 2 < ps.end && ps.p[0] == '(' && ps.p[1] == '?') {
      /* (?i: ... ) holding only assertions */
      const char *q = ps.p + 2, *wrap = ps.p;
      while (q < ps.end && ((*q >= 'a' && *q <= 'z' && *q != 'x') || *q == '-'))
        q++;
      if (q == ps.p + 2 || q >= ps.end || *q != ':')
        break;
      ps.p = q + 1;
      while (ps.p < ps.end && *ps.p != ')' && np < MAX_PIECES) {
        if (!take_assertion(&ps, &pc[np], wrap, (size_t)(q + 1 - wrap)))
          goto done;
        np++;
      }
      if (ps.p >= ps.end || *ps.p != ')')
        goto done;
      ps.p++;
      continue;
    }
    break;
  }
  tail = ps.p;
  for (i = 0; i < np; i++) {
    if (!pc[i].positive)
      seen_neg = 1;
    else if (seen_neg)
      gain = 1;
  }
  if (!gain || !(out = mtl_malloc(2 * len + 8 * np + 1)))
    goto done;
  for (int pass = 1; pass >= 0; pass--)
    for (i = 0; i < np; i++) {
      if (pc[i].positive != pass)
        continue;
      if (pc[i].wrap) {
        memcpy(out + o, pc[i].wrap, pc[i].wraplen);
        o += pc[i].wraplen;
      }
      memcpy(out + o, pc[i].s, (size_t)(pc[i].e - pc[i].s));
      o += (size_t)(pc[i].e - pc[i].s);
      if (pc[i].wrap)
        out[o++] = ')';
    }
  memcpy(out + o, tail, (size_t)(ps.end - tail));
  o += (size_t)(ps.end - tail);
  out[o] = '\0';
  *outlen = o;
done:
  mtl_free(pc);
  return out;
}
