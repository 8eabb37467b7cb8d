/*
 * fix.c - writing fixed files without ever damaging them, and unified
 * diffs of what a fix would change.
 *
 * The write: resolve symlinks (the link stays a link); refuse a file that
 * is not regular, is read-only, has other hard links (a rename would split
 * them) or belongs to another user or group we cannot give a new file to;
 * check the file still holds what was linted; create a temp file next to it
 * (mkstemp in the same folder, so rename is atomic), give it the original's
 * owner, permissions and extended attributes (ACLs, SELinux labels, user
 * attributes: refused where one cannot be copied), write, fsync, then swap
 * it with the original in one step (renameat2 RENAME_EXCHANGE) and compare
 * what it swapped out with what was linted: an edit made at any moment
 * before the swap is swapped back and reported, never lost.  Where the
 * file system cannot exchange, the original is checked once more and the
 * temp file renamed over it (a window of a few microseconds).  Killed at
 * any moment, the path names either the old file or the new one, whole; at
 * worst a ".NAME.mtlint-XXXXXX" temp file is left beside it.
 */
#define _GNU_SOURCE /* renameat2, RENAME_EXCHANGE, the *xattr calls */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "formats.h"

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

/* 1 if path holds exactly expect[0, elen) now. */
static int still_same(const char *path, const char *expect, size_t elen) {
  char *cur = NULL;
  size_t clen = 0;
  int same;
  if (read_all(path, &cur, &clen))
    return 0;
  same = clen == elen && (!elen || !memcmp(cur, expect, elen));
  free(cur);
  return same;
}

static int write_all(int fd, const char *p, size_t n) {
  while (n) {
    ssize_t k = write(fd, p, n);
    if (k < 0) {
      if (errno == EINTR)
        continue;
      return -1;
    }
    p += k;
    n -= (size_t)k;
  }
  return 0;
}

/* Copies every extended attribute of src to fd; 0, or -1 with errno. */
static int copy_xattrs(const char *src, int fd) {
  ssize_t n = listxattr(src, NULL, 0), k;
  char *names, *p;
  int rc = 0;
  if (n <= 0)
    return n < 0 && errno != ENOTSUP ? -1 : 0;
  if (!(names = malloc((size_t)n)))
    return -1;
  if ((n = listxattr(src, names, (size_t)n)) < 0) {
    free(names);
    return -1;
  }
  for (p = names; !rc && p < names + n; p += strlen(p) + 1) {
    char *val;
    if ((k = getxattr(src, p, NULL, 0)) < 0 || !(val = malloc((size_t)k + 1))) {
      rc = -1;
      break;
    }
    if ((k = getxattr(src, p, val, (size_t)k)) < 0 || fsetxattr(fd, p, val, (size_t)k, 0))
      rc = -1;
    free(val);
  }
  free(names);
  return rc;
}

static void test_pause(const char *var) {
  /* tests widen the windows between the steps */
  const char *pause = getenv(var);
  if (pause && *pause) {
    struct timespec ts;
    long ms = atol(pause);
    ts.tv_sec = ms / 1000;
    ts.tv_nsec = (ms % 1000) * 1000000L;
    nanosleep(&ts, NULL);
  }
}

int fix_write_atomic(const char *path, const char *data, size_t len, const char *expect,
                     size_t elen, char *msg, size_t msgsize) {
  char real[PATH_MAX], tmp[PATH_MAX + 32], dir[PATH_MAX];
  const char *base, *slash;
  struct stat st;
  int fd = -1, dfd, have_st, swapped = 0;
  if (!realpath(path, real)) {
    if (errno != ENOENT || expect) {
      snprintf(msg, msgsize, "cannot resolve: %s", strerror(errno));
      return -1;
    }
    snprintf(real, sizeof real, "%s", path); /* a new file (baselines) */
  }
  have_st = !stat(real, &st);
  if (have_st && !S_ISREG(st.st_mode)) {
    snprintf(msg, msgsize, "not a regular file; not written");
    return -1;
  }
  if (have_st && (!(st.st_mode & 0222) || access(real, W_OK))) {
    snprintf(msg, msgsize, "read-only file; not written");
    return -1;
  }
  if (have_st && st.st_nlink > 1) {
    snprintf(msg, msgsize,
             "has %lu hard links, which a rewrite would split; not written",
             (unsigned long)st.st_nlink);
    return -1;
  }
  if (have_st && geteuid() != 0 && st.st_uid != geteuid()) {
    snprintf(msg, msgsize, "owned by another user, whom a rewrite would not keep; not written");
    return -1;
  }
  if (expect && !still_same(real, expect, elen)) {
    snprintf(msg, msgsize, "file changed since it was read; not fixed");
    return -1;
  }
  slash = strrchr(real, '/');
  base = slash ? slash + 1 : real;
  if (slash)
    snprintf(dir, sizeof dir, "%.*s", (int)(slash == real ? 1 : slash - real), real);
  else
    snprintf(dir, sizeof dir, ".");
  if ((size_t)snprintf(tmp, sizeof tmp, "%s/.%s.mtlint-XXXXXX", dir, base) >= sizeof tmp) {
    snprintf(msg, msgsize, "path too long");
    return -1;
  }
  if ((fd = mkstemp(tmp)) < 0) {
    snprintf(msg, msgsize, "cannot create a temporary file beside it: %s", strerror(errno));
    return -1;
  }
  if (have_st) {
    struct stat tst;
    if (fstat(fd, &tst))
      goto fail;
    if ((tst.st_uid != st.st_uid || tst.st_gid != st.st_gid) &&
        fchown(fd, st.st_uid, st.st_gid)) {
      snprintf(msg, msgsize, "cannot give a rewrite its owner and group (%s); not written",
               strerror(errno));
      goto refuse;
    }
    if (fchmod(fd, st.st_mode & 07777))
      goto fail;
    if (copy_xattrs(real, fd)) {
      snprintf(msg, msgsize, "cannot copy its extended attributes (%s); not written",
               strerror(errno));
      goto refuse;
    }
  } else {
    mode_t um = umask(0);
    umask(um);
    if (fchmod(fd, 0666 & ~um))
      goto fail;
  }
  if (write_all(fd, data, len) || fsync(fd))
    goto fail;
  if (close(fd)) {
    fd = -1;
    goto fail;
  }
  fd = -1;
  test_pause("MTLINT_TEST_FIX_PAUSE_MS");
  if (expect && !still_same(real, expect, elen)) {
    unlink(tmp);
    snprintf(msg, msgsize, "file changed while it was being fixed; not fixed");
    return -1;
  }
  test_pause("MTLINT_TEST_FIX_SWAP_PAUSE_MS"); /* after the last look, before the swap */
  if (expect && have_st) {
    /* one step: the fixed file takes the name, the original goes to tmp */
    if (!syscall(SYS_renameat2, AT_FDCWD, tmp, AT_FDCWD, real, RENAME_EXCHANGE)) {
      swapped = 1;
      if (!still_same(tmp, expect, elen)) { /* edited before the swap: undo it */
        if (syscall(SYS_renameat2, AT_FDCWD, tmp, AT_FDCWD, real, RENAME_EXCHANGE)) {
          snprintf(msg, msgsize,
                   "file changed while it was being fixed; the edited file is at %s", tmp);
          return -1;
        }
        unlink(tmp);
        snprintf(msg, msgsize, "file changed while it was being fixed; not fixed");
        return -1;
      }
      unlink(tmp);
    } else if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP && errno != EPERM) {
      goto fail;
    }
  }
  if (!swapped && rename(tmp, real))
    goto fail;
  if ((dfd = open(dir, O_RDONLY)) >= 0) {
    fsync(dfd);
    close(dfd);
  }
  return 0;
fail:
  snprintf(msg, msgsize, "cannot write: %s", strerror(errno));
refuse:
  if (fd >= 0)
    close(fd);
  unlink(tmp);
  return -1;
}

/* ---------------- unified diff ---------------- */

typedef struct line {
  const char *s;
  size_t n; /* with its '\n', if any */
} line;

static size_t split(line **out, const char *t, size_t len) {
  size_t n = 0, cap = 16, i = 0;
  line *v = malloc(cap * sizeof *v);
  while (v && i < len) {
    const char *nl = memchr(t + i, '\n', len - i);
    size_t e = nl ? (size_t)(nl - t) + 1 : len;
    if (n == cap) {
      line *nv = realloc(v, (cap *= 2) * sizeof *v);
      if (!nv) {
        free(v);
        v = NULL;
        break;
      }
      v = nv;
    }
    v[n].s = t + i;
    v[n].n = e - i;
    n++;
    i = e;
  }
  *out = v;
  return v ? n : (size_t)-1;
}

static int eq(const line *a, const line *b) { return a->n == b->n && !memcmp(a->s, b->s, a->n); }

enum { OP_EQ, OP_DEL, OP_ADD };
typedef struct op {
  int kind;
  size_t ai, bi; /* line indexes (ai for EQ/DEL, bi for EQ/ADD) */
} op;

static void put_line(FILE *f, char mark, const line *l) {
  fputc(mark, f);
  fwrite(l->s, 1, l->n, f);
  if (!l->n || l->s[l->n - 1] != '\n')
    fputs("\n\\ No newline at end of file\n", f);
}

int fix_print_diff(void *out_file, const char *path, const char *a, size_t alen,
                   const char *b, size_t blen) {
  FILE *f = out_file;
  line *la = NULL, *lb = NULL;
  size_t na = split(&la, a, alen), nb = split(&lb, b, blen), i = 0, j = 0, nops = 0, k;
  op *ops = NULL;
  int rc = -1;
  if (na == (size_t)-1 || nb == (size_t)-1 || !(ops = malloc((na + nb + 1) * sizeof *ops)))
    goto done;
  /* Edit script: equal runs, and at a difference the nearest point where
   * two lines (or the ends) agree again.  Not always minimal, always valid. */
  while (i < na || j < nb) {
    size_t d, x = 0, y = 0;
    int found = 0;
    if (i < na && j < nb && eq(&la[i], &lb[j])) {
      ops[nops++] = (op){OP_EQ, i++, j++};
      continue;
    }
    for (d = 1; !found && d <= (na - i) + (nb - j); d++)
      for (x = 0; x <= d; x++) {
        y = d - x;
        if (i + x > na || j + y > nb)
          continue;
        if ((i + x == na && j + y == nb) ||
            (i + x < na && j + y < nb && eq(&la[i + x], &lb[j + y]))) {
          found = 1;
          break;
        }
      }
    for (k = 0; k < x; k++)
      ops[nops++] = (op){OP_DEL, i++, j};
    for (k = 0; k < y; k++)
      ops[nops++] = (op){OP_ADD, i, j++};
  }
  fprintf(f, "--- a/%s\n+++ b/%s\n", path, path);
  for (k = 0; k < nops;) {
    size_t s, e, m, as, bs, ac = 0, bc = 0;
    if (ops[k].kind == OP_EQ) {
      k++;
      continue;
    }
    s = k >= 3 ? k - 3 : 0;
    while (s < k && ops[s].kind != OP_EQ)
      s++;
    /* extend while the next change is within 6 lines */
    e = k;
    for (;;) {
      while (e < nops && ops[e].kind != OP_EQ)
        e++;
      m = e;
      while (m < nops && ops[m].kind == OP_EQ && m - e < 7)
        m++;
      if (m < nops && ops[m].kind != OP_EQ && m - e < 7)
        e = m;
      else
        break;
    }
    e = e + 3 < nops ? e + 3 : nops;
    for (m = s; m < e; m++) {
      if (ops[m].kind != OP_ADD)
        ac++;
      if (ops[m].kind != OP_DEL)
        bc++;
    }
    as = ops[s].ai;
    bs = ops[s].bi;
    fprintf(f, "@@ -%zu,%zu +%zu,%zu @@\n", ac ? as + 1 : as, ac, bc ? bs + 1 : bs, bc);
    for (m = s; m < e; m++) {
      if (ops[m].kind == OP_EQ)
        put_line(f, ' ', &la[ops[m].ai]);
      else if (ops[m].kind == OP_DEL)
        put_line(f, '-', &la[ops[m].ai]);
      else
        put_line(f, '+', &lb[ops[m].bi]);
    }
    k = e;
  }
  rc = ferror(f) ? -1 : 0;
done:
  free(la);
  free(lb);
  free(ops);
  return rc;
}
