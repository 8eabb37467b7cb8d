/*
 * inputs.c - finding and reading the inputs of the mtlint command: folder
 * walks with include and ignore globs, config lookup, whole-file reads.
 */
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_DEPTH 64

int strvec_push(strvec *s, const char *str) {
  char *d;
  if (s->n == s->cap) {
    size_t ncap = s->cap ? s->cap * 2 : 16;
    char **nv = realloc(s->v, ncap * sizeof *nv);
    if (!nv)
      return -1;
    s->v = nv;
    s->cap = ncap;
  }
  if (!(d = strdup(str)))
    return -1;
  s->v[s->n++] = d;
  return 0;
}

void strvec_free(strvec *s) {
  size_t i;
  for (i = 0; i < s->n; i++)
    free(s->v[i]);
  free(s->v);
  s->v = NULL;
  s->n = s->cap = 0;
}

static const char *base_name(const char *p) {
  const char *s = strrchr(p, '/');
  return s ? s + 1 : p;
}

static int ignored(const char *path, const strvec *ignores) {
  size_t i;
  const char *p = path;
  char absbuf[PATH_MAX * 2];
  const char *abs = p;
  if (!strncmp(p, "./", 2))
    p += 2;
  /* config globs are anchored at the config's folder, so absolute */
  if (p[0] != '/') {
    char cwd[PATH_MAX];
    if (getcwd(cwd, sizeof cwd)) {
      snprintf(absbuf, sizeof absbuf, "%s/%s", cwd, p);
      abs = absbuf;
    }
  }
  for (i = 0; i < ignores->n; i++) {
    const char *g = ignores->v[i];
    const char *q = g[0] == '/' ? abs : p;
    if (!fnmatch(g, q, 0) || !fnmatch(g, base_name(p), 0))
      return 1;
    /* a glob ending in slash-star-star also means everything below it */
    {
      size_t gl = strlen(g);
      if (gl > 3 && !strcmp(g + gl - 3, "/**") && !strncmp(g, q, gl - 2))
        return 1;
    }
  }
  return 0;
}

static int included(const char *name, const strvec *includes) {
  size_t i;
  for (i = 0; i < includes->n; i++)
    if (!fnmatch(includes->v[i], name, 0))
      return 1;
  return 0;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The folders one walk has entered, by (device, inode): a folder reached a
 * second time through a symbolic link is skipped, so that a loop ends and
 * no folder (and no file in it) is walked twice, whatever the links; the
 * walk is linear in the number of folders.  As GNU find and ripgrep do, a
 * link back to a folder on the current path is reported as a loop. */
typedef struct seen_dir {
  dev_t dev;
  ino_t ino;
  char *path;  /* where it was first walked */
  int on_path; /* an ancestor of the folder being walked */
} seen_dir;

typedef struct seen_set {
  seen_dir *v;
  size_t n, cap; /* cap: 0 or a power of two */
} seen_set;

static size_t seen_hash(dev_t dev, ino_t ino) {
  unsigned long long h = (unsigned long long)ino * 0x9E3779B97F4A7C15ull;
  h ^= (unsigned long long)dev + 0x632BE59BD9B4E019ull + (h << 6) + (h >> 2);
  return (size_t)(h ^ (h >> 29));
}

static seen_dir *seen_find(seen_set *s, dev_t dev, ino_t ino) {
  size_t i;
  if (!s->cap)
    return NULL;
  for (i = seen_hash(dev, ino) & (s->cap - 1); s->v[i].path; i = (i + 1) & (s->cap - 1))
    if (s->v[i].dev == dev && s->v[i].ino == ino)
      return &s->v[i];
  return NULL;
}

/* Adds a folder known not to be there; NULL when out of memory. */
static seen_dir *seen_add(seen_set *s, dev_t dev, ino_t ino, const char *path) {
  size_t i;
  char *p;
  if (2 * (s->n + 1) > s->cap) {
    size_t ncap = s->cap ? s->cap * 2 : 64, j;
    seen_dir *nv = calloc(ncap, sizeof *nv);
    if (!nv)
      return NULL;
    for (j = 0; j < s->cap; j++)
      if (s->v[j].path) {
        for (i = seen_hash(s->v[j].dev, s->v[j].ino) & (ncap - 1); nv[i].path;
             i = (i + 1) & (ncap - 1))
          ;
        nv[i] = s->v[j];
      }
    free(s->v);
    s->v = nv;
    s->cap = ncap;
  }
  if (!(p = strdup(path)))
    return NULL;
  for (i = seen_hash(dev, ino) & (s->cap - 1); s->v[i].path; i = (i + 1) & (s->cap - 1))
    ;
  s->v[i].dev = dev;
  s->v[i].ino = ino;
  s->v[i].path = p;
  s->v[i].on_path = 0;
  s->n++;
  return &s->v[i];
}

static void seen_free(seen_set *s) {
  size_t i;
  for (i = 0; i < s->cap; i++)
    free(s->v[i].path);
  free(s->v);
  s->v = NULL;
  s->n = s->cap = 0;
}

static int walk(strvec *out, const char *dir, const struct stat *dst, int depth,
                const strvec *includes, const strvec *ignores, seen_set *seen,
                input_error_fn on_error, void *ctx) {
  DIR *d;
  struct dirent *de;
  strvec names = {0};
  size_t i;
  int rc = 0;
  seen_dir *self = seen_find(seen, dst->st_dev, dst->st_ino);
  if (self) {
    char msg[PATH_MAX + 96];
    snprintf(msg, sizeof msg, "%s %s; skipped",
             self->on_path ? "symbolic link loop back to" : "folder already walked as",
             self->path);
    on_error(ctx, dir, msg);
    return 0;
  }
  if (depth > MAX_DEPTH) {
    on_error(ctx, dir, "folders nested too deep; skipped");
    return 0;
  }
  if (!(self = seen_add(seen, dst->st_dev, dst->st_ino, dir)))
    return -1;
  if (!(d = opendir(dir))) {
    on_error(ctx, dir, strerror(errno));
    return 0;
  }
  while ((de = readdir(d)))
    if (de->d_name[0] != '.' && strvec_push(&names, de->d_name)) {
      rc = -1;
      break;
    }
  closedir(d);
  if (names.n)
    qsort(names.v, names.n, sizeof *names.v, cmp_str);
  self->on_path = 1; /* self moves when the table grows: found again below */
  for (i = 0; i < names.n && !rc; i++) {
    size_t n = strlen(dir) + strlen(names.v[i]) + 2;
    char *full = malloc(n);
    struct stat st;
    if (!full) {
      rc = -1;
      break;
    }
    snprintf(full, n, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", names.v[i]);
    if (ignored(full, ignores)) {
      free(full);
      continue;
    }
    if (stat(full, &st)) {
      on_error(ctx, full, strerror(errno));
    } else if (S_ISDIR(st.st_mode)) {
      rc = walk(out, full, &st, depth + 1, includes, ignores, seen, on_error, ctx);
    } else if (S_ISREG(st.st_mode) && included(names.v[i], includes)) {
      rc = strvec_push(out, full);
    }
    free(full);
  }
  self = seen_find(seen, dst->st_dev, dst->st_ino);
  if (self)
    self->on_path = 0;
  strvec_free(&names);
  return rc;
}

/* Marks out->v[from..out->n) as walked (1) or named (0) in *flags. */
static int mark(unsigned char **flags, size_t *cap, const strvec *out, size_t from, int v) {
  if (!flags)
    return 0;
  if (out->n > *cap) {
    size_t ncap = out->n * 2 + 16;
    unsigned char *nf = realloc(*flags, ncap);
    if (!nf)
      return -1;
    *flags = nf;
    *cap = ncap;
  }
  if (out->n > from)
    memset(*flags + from, v, out->n - from);
  return 0;
}

int collect_inputs(strvec *out, const strvec *paths, const strvec *includes,
                   const strvec *ignores, input_error_fn on_error, void *ctx,
                   unsigned char **walked) {
  size_t i, cap = 0;
  if (walked)
    *walked = NULL;
  for (i = 0; i < paths->n; i++) {
    struct stat st;
    const char *p = paths->v[i];
    size_t from = out->n;
    if (!strcmp(p, "-")) {
      if (strvec_push(out, p) || mark(walked, &cap, out, from, 0))
        return -1;
      continue;
    }
    if (stat(p, &st)) {
      on_error(ctx, p, strerror(errno));
      continue;
    }
    if (S_ISDIR(st.st_mode)) {
      seen_set seen = {0};
      int rc = walk(out, p, &st, 0, includes, ignores, &seen, on_error, ctx);
      seen_free(&seen);
      if (rc || mark(walked, &cap, out, from, 1))
        return -1;
    } else if (strvec_push(out, p) || mark(walked, &cap, out, from, 0)) {
      return -1;
    }
  }
  return 0;
}

char *find_config(const char *path) {
  char dir[PATH_MAX], cand[PATH_MAX + 16];
  char *slash;
  struct stat st;
  if (!realpath(path, dir)) {
    if (!getcwd(dir, sizeof dir))
      return NULL;
  } else if (!stat(dir, &st) && !S_ISDIR(st.st_mode)) {
    slash = strrchr(dir, '/');
    if (slash)
      *(slash == dir ? slash + 1 : slash) = '\0';
  }
  for (;;) {
    static const char *const names[] = {".mtlint.yaml", ".mtlint.yml", "mtlint.yaml",
                                        "mtlint.yml", NULL};
    size_t k;
    for (k = 0; names[k]; k++) {
      snprintf(cand, sizeof cand, "%s/%s", strcmp(dir, "/") ? dir : "", names[k]);
      if (!stat(cand, &st) && S_ISREG(st.st_mode))
        return strdup(cand);
    }
    if (!strcmp(dir, "/") || !(slash = strrchr(dir, '/')))
      return NULL;
    if (slash == dir)
      strcpy(dir, "/");
    else
      *slash = '\0';
  }
}

int read_all(const char *path, char **data, size_t *len) {
  FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
  char *buf = NULL;
  size_t cap = 0, n = 0;
  int err = 0;
  struct stat st;
  *data = NULL;
  *len = 0;
  if (!f)
    return errno;
  if (f != stdin && !fstat(fileno(f), &st) && S_ISDIR(st.st_mode)) {
    fclose(f);
    return EISDIR;
  }
  for (;;) {
    size_t got;
    if (n + 1 >= cap) {
      size_t ncap = cap ? cap * 2 : 65536;
      char *nb = ncap > cap ? realloc(buf, ncap) : NULL;
      if (!nb) {
        err = ENOMEM;
        break;
      }
      buf = nb;
      cap = ncap;
    }
    got = fread(buf + n, 1, cap - n - 1, f);
    n += got;
    if (got == 0) {
      if (ferror(f))
        err = errno ? errno : EIO;
      break;
    }
  }
  if (f != stdin)
    fclose(f);
  if (err) {
    free(buf);
    return err;
  }
  buf[n] = '\0';
  *data = buf;
  *len = n;
  return 0;
}

static int is_dir(const char *p) {
  struct stat st;
  return !stat(p, &st) && S_ISDIR(st.st_mode);
}

/* The built-in data: --datadir, $MTLINT_DATADIR, next to the installed
 * binary, the install prefix, then the source tree this was built from. */
char *cli_datadir(const char *given) {
  char exe[PATH_MAX], cand[PATH_MAX + 64];
  const char *env = getenv("MTLINT_DATADIR");
  ssize_t n;
  if (given)
    return strdup(given);
  if (env && *env)
    return strdup(env);
  n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    char *slash;
    exe[n] = '\0';
    if ((slash = strrchr(exe, '/'))) {
      *slash = '\0';
      snprintf(cand, sizeof cand, "%s/../share/mtlint/rules", exe);
      if (is_dir(cand)) {
        cand[strlen(cand) - 6] = '\0';
        return strdup(cand);
      }
    }
  }
#ifdef MTL_INSTALL_DATADIR
  snprintf(cand, sizeof cand, "%s/rules", MTL_INSTALL_DATADIR);
  if (is_dir(cand))
    return strdup(MTL_INSTALL_DATADIR);
#endif
#ifdef MTL_SOURCE_DATADIR
  return strdup(MTL_SOURCE_DATADIR);
#else
  return strdup(".");
#endif
}

int cli_ignored(const char *path, const strvec *ignores) {
  return ignored(path, ignores);
}
