/*
 * lsp_edit.c - the files the language server's commands change: word
 * lists ("add word to dictionary") and .mtlint.yaml ("disable rule for the
 * workspace", "wordlists").  Every write is atomic: a temporary file in the
 * same folder, fsync, rename, so an editor or a concurrent lint never sees
 * half a file.  A config is edited as text (comments and layout stay); the
 * edit is checked by parsing the result before it is written, and a config
 * that does not parse is never touched.
 */
#include "lsp_internal.h"
#include "mtlint.h"
#include "utf8.h"
#include "util.h"
#include "ynode.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_WORD 256
#define MAX_FILE (16u << 20)

int mtl_lsp_write_atomic(const char *path, const char *data, size_t len, mtl_error *err) {
  size_t pl = strlen(path);
  char *tmp = mtl_malloc(pl + 16);
  struct stat st;
  int fd, rc = 0;
  size_t done = 0;
  if (!tmp)
    return mtl_seterr(err, MTL_ENOMEM, path, 0, 0, "out of memory");
  memcpy(tmp, path, pl);
  memcpy(tmp + pl, ".tmp-XXXXXX", 12);
  if ((fd = mkstemp(tmp)) < 0) {
    rc = mtl_seterr(err, MTL_EIO, path, 0, 0, "cannot create a temporary file beside it: %s",
                    strerror(errno));
    mtl_free(tmp);
    return rc;
  }
  if (fchmod(fd, !stat(path, &st) ? (st.st_mode & 07777) : 0644))
    rc = errno;
  while (!rc && done < len) {
    ssize_t n = write(fd, data + done, len - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      rc = n < 0 ? errno : EIO;
      break;
    }
    done += (size_t)n;
  }
  if (!rc && fsync(fd))
    rc = errno;
  if (close(fd) && !rc)
    rc = errno;
  if (!rc && rename(tmp, path))
    rc = errno;
  if (rc) {
    unlink(tmp);
    mtl_free(tmp);
    return mtl_seterr(err, MTL_EIO, path, 0, 0, "cannot write: %s", strerror(rc));
  }
  mtl_free(tmp);
  { /* make the rename itself durable; best effort */
    char *dir = mtl_strdup(path), *slash = dir ? strrchr(dir, '/') : NULL;
    if (slash) {
      int dfd;
      *(slash == dir ? slash + 1 : slash) = '\0';
      if ((dfd = open(dir, O_RDONLY)) >= 0) {
        fsync(dfd);
        close(dfd);
      }
    }
    mtl_free(dir);
  }
  return 0;
}

/* Reads path, or gives an empty text if it does not exist. */
static int read_or_empty(const char *path, char **data, size_t *len, mtl_error *err) {
  struct stat st;
  if (stat(path, &st) && errno == ENOENT) {
    *data = mtl_strdup("");
    *len = 0;
    return *data ? 0 : mtl_seterr(err, MTL_ENOMEM, path, 0, 0, "out of memory");
  }
  if (!stat(path, &st) && (size_t)st.st_size > MAX_FILE)
    return mtl_seterr(err, MTL_ELIMIT, path, 0, 0, "file too large to edit");
  return mtl_read_file(data, len, path, err);
}

/* mkdir -p of the folder holding path. */
static int make_parents(const char *path, mtl_error *err) {
  char *d = mtl_strdup(path), *p;
  int rc = 0;
  if (!d)
    return mtl_seterr(err, MTL_ENOMEM, path, 0, 0, "out of memory");
  for (p = d + 1; *p; p++) {
    if (*p != '/')
      continue;
    *p = '\0';
    if (mkdir(d, 0755) && errno != EEXIST) {
      rc = mtl_seterr(err, MTL_EIO, d, 0, 0, "cannot create folder: %s", strerror(errno));
      break;
    }
    *p = '/';
  }
  mtl_free(d);
  return rc;
}

int mtl_lsp_wordlist_add(const char *path, const char *word, int *added, mtl_error *err) {
  char *data = NULL;
  size_t len, wl = strlen(word), i;
  mtl_buf b = {0};
  int rc;
  *added = 0;
  if (!wl || wl > MAX_WORD || word[0] == '#' || mtl_utf8_validate(word, wl) != wl)
    return mtl_seterr(err, MTL_EINVAL, path, 0, 0, "not a word: '%.64s'", word);
  for (i = 0; i < wl; i++)
    if ((unsigned char)word[i] <= ' ' || word[i] == 0x7f)
      return mtl_seterr(err, MTL_EINVAL, path, 0, 0, "a word list entry has no spaces");
  if ((rc = make_parents(path, err)) || (rc = read_or_empty(path, &data, &len, err)))
    return rc;
  for (i = 0; i < len;) { /* already there? */
    const char *nl = memchr(data + i, '\n', len - i);
    size_t e = nl ? (size_t)(nl - data) : len, s = i, t = e;
    while (s < t && (data[s] == ' ' || data[s] == '\t'))
      s++;
    while (t > s && (data[t - 1] == '\r' || data[t - 1] == ' ' || data[t - 1] == '\t'))
      t--;
    if (t - s == wl && !memcmp(data + s, word, wl)) {
      mtl_free(data);
      return 0;
    }
    i = e + 1;
  }
  mtl_buf_put(&b, data, len);
  if (len && data[len - 1] != '\n')
    mtl_buf_putc(&b, '\n');
  mtl_buf_put(&b, word, wl);
  mtl_buf_putc(&b, '\n');
  mtl_free(data);
  if (b.oom) {
    mtl_buf_free(&b);
    return mtl_seterr(err, MTL_ENOMEM, path, 0, 0, "out of memory");
  }
  rc = mtl_lsp_write_atomic(path, b.data, b.len, err);
  mtl_buf_free(&b);
  if (!rc)
    *added = 1;
  return rc;
}

/* ---------------- config edits ---------------- */

/* Byte offset of a YAML mark (1-based line, 1-based column in characters). */
static size_t mark_offset(const char *t, size_t len, size_t line, size_t col) {
  size_t i = 0, l = 1, c = 1;
  while (i < len && l < line) {
    if (t[i] == '\n' || (t[i] == '\r' && !(i + 1 < len && t[i + 1] == '\n')))
      l++;
    i++;
  }
  while (i < len && c < col && t[i] != '\n') {
    int32_t cp;
    int k = mtl_utf8_decode(t + i, len - i, &cp);
    i += k > 0 ? (size_t)k : 1;
    c++;
  }
  return i;
}

static void put_quoted(mtl_buf *b, const char *s) {
  mtl_buf_putc(b, '"');
  for (; *s; s++) {
    if (*s == '"' || *s == '\\')
      mtl_buf_putc(b, '\\');
    mtl_buf_putc(b, *s);
  }
  mtl_buf_putc(b, '"');
}

/* End of the quoted or plain scalar starting at t[i]. */
static size_t scalar_end(const char *t, size_t len, size_t i) {
  if (i < len && (t[i] == '"' || t[i] == '\'')) {
    char q = t[i++];
    while (i < len) {
      if (q == '"' && t[i] == '\\' && i + 1 < len) {
        i += 2;
        continue;
      }
      if (t[i] == q) {
        if (q == '\'' && i + 1 < len && t[i + 1] == '\'') {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return len;
  }
  while (i < len && t[i] != '\n' && t[i] != '\r' && !(t[i] == '#' && i && t[i - 1] == ' '))
    i++;
  while (i > 0 && (t[i - 1] == ' ' || t[i - 1] == '\t'))
    i--;
  return i;
}

/* Offset of the ']' closing the flow sequence opened at t[i], or len. */
static size_t flow_end(const char *t, size_t len, size_t i) {
  int depth = 0;
  while (i < len) {
    char c = t[i];
    if (c == '"' || c == '\'') {
      i = scalar_end(t, len, i);
      continue;
    }
    if (c == '#' && i && (t[i - 1] == ' ' || t[i - 1] == '\n')) {
      while (i < len && t[i] != '\n')
        i++;
      continue;
    }
    if (c == '[' || c == '{')
      depth++;
    else if ((c == ']' || c == '}') && --depth == 0)
      return i;
    i++;
  }
  return len;
}

static int has_value(const mtl_ynode *v, const char *value) {
  size_t i;
  if (!v)
    return 0;
  if (v->kind == MTL_Y_SCALAR)
    return v->value && !strcmp(v->value, value);
  if (v->kind != MTL_Y_SEQ)
    return 0;
  for (i = 0; i < v->n; i++)
    if (v->items[i]->kind == MTL_Y_SCALAR && !strcmp(v->items[i]->value, value))
      return 1;
  return 0;
}

/* Builds the edited text of t into b; 0, or an error. */
static int edit_config(mtl_buf *b, const char *path, const char *t, size_t len,
                       const mtl_ynode *root, const char *key, const char *value,
                       mtl_error *err) {
  const mtl_ynode *v = mtl_ynode_get(root, key), *k = NULL;
  size_t i, at, end;
  for (i = 0; v && i + 1 < root->n; i += 2)
    if (root->items[i + 1] == v)
      k = root->items[i];
  if (!v) { /* a new key at the end */
    size_t e = len;
    if (len) {
      at = mark_offset(t, len, root->line, root->column);
      if (at < len && t[at] == '{')
        return mtl_seterr(err, MTL_ESCHEMA, path, root->line, root->column,
                          "config is a flow mapping; edit it by hand");
    }
    mtl_buf_put(b, t, e);
    if (e && t[e - 1] != '\n')
      mtl_buf_putc(b, '\n');
    mtl_buf_printf(b, "%s: [", key);
    put_quoted(b, value);
    mtl_buf_puts(b, "]\n");
    return 0;
  }
  at = mark_offset(t, len, v->line, v->column);
  if (v->kind == MTL_Y_SEQ && at < len && t[at] == '[') { /* [a, b] */
    size_t q;
    end = flow_end(t, len, at);
    if (end >= len)
      return mtl_seterr(err, MTL_ESCHEMA, path, v->line, v->column, "unclosed '['");
    q = end;
    while (q > at + 1 && (t[q - 1] == ' ' || t[q - 1] == '\t' || t[q - 1] == '\n' ||
                          t[q - 1] == '\r'))
      q--;
    mtl_buf_put(b, t, q);
    if (v->n && t[q - 1] != ',')
      mtl_buf_puts(b, ", ");
    else if (v->n)
      mtl_buf_putc(b, ' ');
    put_quoted(b, value);
    mtl_buf_put(b, t + q, len - q);
    return 0;
  }
  if (v->kind == MTL_Y_SEQ) { /* block: "  - item" lines */
    const mtl_ynode *last = v->items[v->n - 1];
    size_t ls, dash, le;
    at = mark_offset(t, len, last->line, last->column);
    ls = at;
    while (ls > 0 && t[ls - 1] != '\n')
      ls--;
    dash = at;
    while (dash > ls && t[dash - 1] != '-')
      dash--;
    if (dash == ls)
      return mtl_seterr(err, MTL_ESCHEMA, path, last->line, last->column,
                        "cannot find the list item's '-'");
    dash--;
    le = at;
    while (le < len && t[le] != '\n')
      le++;
    mtl_buf_put(b, t, le);
    mtl_buf_putc(b, '\n');
    mtl_buf_put(b, t + ls, dash - ls);
    mtl_buf_puts(b, "- ");
    put_quoted(b, value);
    if (le < len)
      mtl_buf_put(b, t + le, len - le);
    else
      mtl_buf_putc(b, '\n');
    return 0;
  }
  if (v->kind != MTL_Y_SCALAR)
    return mtl_seterr(err, MTL_ESCHEMA, path, v->line, v->column, "'%s' is not a list", key);
  if (!v->vlen && !v->quoted && k) { /* "key:" with nothing after it */
    size_t c = mark_offset(t, len, k->line, k->column);
    if (c < len && (t[c] == '"' || t[c] == '\''))
      c = scalar_end(t, len, c);
    while (c < len && !(t[c] == ':' && (c + 1 == len || t[c + 1] == ' ' || t[c + 1] == '\t' ||
                                        t[c + 1] == '\n' || t[c + 1] == '\r')))
      c++;
    end = c < len ? scalar_end(t, len, c + 1) : len;
    if (c >= len)
      return mtl_seterr(err, MTL_ESCHEMA, path, k->line, k->column, "cannot find ':'");
    mtl_buf_put(b, t, c + 1);
    mtl_buf_puts(b, " [");
    put_quoted(b, value);
    mtl_buf_putc(b, ']');
    mtl_buf_put(b, t + end, len - end);
    return 0;
  }
  end = scalar_end(t, len, at); /* key: one -> key: [one, value] */
  mtl_buf_put(b, t, at);
  mtl_buf_putc(b, '[');
  mtl_buf_put(b, t + at, end - at);
  mtl_buf_puts(b, ", ");
  put_quoted(b, value);
  mtl_buf_putc(b, ']');
  mtl_buf_put(b, t + end, len - end);
  return 0;
}

int mtl_lsp_config_add(const char *path, const char *key, const char *value, mtl_error *err) {
  char *data = NULL;
  size_t len, i;
  mtl_ynode *root = NULL, *check = NULL;
  mtl_buf b = {0};
  int rc;
  for (i = 0; value[i]; i++)
    if ((unsigned char)value[i] < ' ')
      return mtl_seterr(err, MTL_EINVAL, path, 0, 0, "control character in a config value");
  if (!*value || i > 1024)
    return mtl_seterr(err, MTL_EINVAL, path, 0, 0, "bad config value");
  if ((rc = read_or_empty(path, &data, &len, err)))
    return rc;
  if ((rc = mtl_yaml_parse(&root, data, len, path, err)))
    goto done;
  if (root->kind != MTL_Y_MAP) {
    rc = mtl_seterr(err, MTL_ESCHEMA, path, root->line, root->column, "config is not a map");
    goto done;
  }
  if (has_value(mtl_ynode_get(root, key), value))
    goto done;
  if ((rc = edit_config(&b, path, data, len, root, key, value, err)))
    goto done;
  if (b.oom) {
    rc = mtl_seterr(err, MTL_ENOMEM, path, 0, 0, "out of memory");
    goto done;
  }
  /* the edit must parse and hold the value, or nothing is written */
  if (mtl_yaml_parse(&check, b.data, b.len, path, NULL) || check->kind != MTL_Y_MAP ||
      !has_value(mtl_ynode_get(check, key), value)) {
    rc = mtl_seterr(err, MTL_ESCHEMA, path, 0, 0,
                    "cannot add '%s' to '%s' here; edit the config by hand", value, key);
    goto done;
  }
  rc = mtl_lsp_write_atomic(path, b.data, b.len, err);
done:
  mtl_ynode_free(check);
  mtl_ynode_free(root);
  mtl_buf_free(&b);
  mtl_free(data);
  return rc;
}

char *mtl_lsp_config_wordlist(const char *path, mtl_error *err) {
  char *data = NULL, *out = NULL;
  size_t len;
  mtl_ynode *root = NULL;
  const mtl_ynode *n;
  if (mtl_read_file(&data, &len, path, err))
    return NULL;
  if (!mtl_yaml_parse(&root, data, len, path, err) && root->kind == MTL_Y_MAP &&
      (n = mtl_ynode_get(root, "wordlists"))) {
    if (n->kind == MTL_Y_SEQ && n->n)
      n = n->items[0];
    if (n->kind == MTL_Y_SCALAR && n->vlen) {
      const char *slash = strrchr(path, '/');
      size_t dl = slash ? (size_t)(slash - path) : 1;
      if (n->value[0] == '/') {
        out = mtl_strdup(n->value);
      } else if ((out = mtl_malloc(dl + n->vlen + 2))) {
        memcpy(out, slash ? path : ".", dl);
        out[dl] = '/';
        memcpy(out + dl + 1, n->value, n->vlen + 1);
      }
    }
  }
  mtl_ynode_free(root);
  mtl_free(data);
  return out;
}
