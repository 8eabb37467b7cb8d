/*
 * lsp_main.c - `mtlint lsp`: runs the library's language server over
 * stdin/stdout.  The loop polls stdin with the server's next lint deadline
 * as the timeout, feeds what it reads, and ticks a monotonic clock.  Logs
 * go to stderr only; stdout carries nothing but protocol messages.
 *
 * Engines are built per config file, as the command line does (the
 * nearest .mtlint.yaml above the document, or --config), plus the user
 * word list when it exists, and kept until the server asks for a reload.
 */
#include "lsp.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "exitcode.h"
#include "options.h"
#include "warmup.h"
#include "mtlint.h"

static const char lsp_usage[] =
    "Usage: mtlint lsp [OPTION]...\n"
    "Run the mtlint language server (LSP 3.17) on standard input and output.\n"
    "\n"
    "  --rules PATH           load a rule file or folder (repeatable)\n"
    "  --no-builtin-rules     do not load the built-in rule packs\n"
    "  --enable SEL           enable a rule id or pack (repeatable)\n"
    "  --disable SEL          disable a rule id or pack (repeatable)\n"
    "  --config FILE          use this config instead of looking for .mtlint.yaml\n"
    "  --no-config            use no config file\n"
    "  --datadir DIR          folder with the built-in rules/ and dictionaries/\n"
    "  --debounce MS          wait this long after an edit before linting (default 10)\n"
    "  --position-encoding ENC\n"
    "                         count columns in ENC, utf-8 (bytes) or utf-16, whatever\n"
    "                         the client offers: outside the LSP spec's negotiation,\n"
    "                         for clients that assume bytes (Vim's ALE)\n"
    "  --user-wordlist FILE   the user word list (default\n"
    "                         $XDG_CONFIG_HOME/mtlint/words.txt)\n"
    "  --stdio                accepted for clients that pass it; stdio is the only transport\n"
    "  -q, --quiet            no log on standard error\n"
    "  -h, --help             show this help and exit\n";

typedef struct slot {
  char *config;        /* NULL: no config */
  mtl_engine *eng;     /* NULL: failed, err says why */
  mtl_error err;
} slot;

typedef struct host {
  const char *datadir_arg;
  char *datadir;
  const char *config;
  const char *encoding;  /* --position-encoding; NULL: negotiate */
  int use_config, builtin, quiet;
  strvec rules, selectors;
  char *user_wordlist;
  char language[8];  /* the client's language setting, or "" */
  slot *slots;
  size_t nslots;
} host;



static char *default_user_wordlist(void) {
  const char *env = getenv("MTLINT_USER_WORDLIST"), *xdg = getenv("XDG_CONFIG_HOME");
  const char *home = getenv("HOME");
  char buf[PATH_MAX];
  if (env && *env)
    return strdup(env);
  if (xdg && *xdg == '/')
    snprintf(buf, sizeof buf, "%s/mtlint/words.txt", xdg);
  else if (home && *home)
    snprintf(buf, sizeof buf, "%s/.config/mtlint/words.txt", home);
  else
    return NULL;
  return strdup(buf);
}

static void log_line(void *ctx, const char *line) {
  host *h = ctx;
  if (!h->quiet)
    fprintf(stderr, "mtlint lsp: %s\n", line);
}

static int write_out(void *ctx, const char *data, size_t len) {
  (void)ctx;
  while (len) {
    ssize_t n = write(STDOUT_FILENO, data, len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return -1;
    data += n;
    len -= (size_t)n;
  }
  return 0;
}

static char *config_of(host *h, const char *path) {
  if (h->config)
    return strdup(h->config);
  if (!h->use_config)
    return NULL;
  return find_config(path ? path : ".");
}

static int config_for(void *ctx, const char *path, char *buf, size_t size) {
  char *c = config_of(ctx, path);
  int found = c && strlen(c) < size;
  if (found)
    memcpy(buf, c, strlen(c) + 1);
  free(c);
  return found;
}

static void set_language(void *ctx, const char *language) {
  host *h = ctx;
  snprintf(h->language, sizeof h->language, "%s", language);
}

static void build(host *h, slot *sl) {
  mtl_options *o = NULL;
  const char *dict = getenv("MTLINT_BASE_DICTIONARY");
  const char *lm = getenv("MTLINT_LANGUAGE_MODEL");
  struct stat st;
  size_t i;
  memset(&sl->err, 0, sizeof sl->err);
  if (mtl_options_new(&o) || mtl_options_set_datadir(o, h->datadir) ||
      (dict && *dict && mtl_options_set_base_dictionary(o, dict)) ||
      (lm && *lm && mtl_options_set_language_model(o, lm)))
    goto oom;
  mtl_options_use_builtin_rules(o, h->builtin);
  if (sl->config && mtl_options_load_config(o, sl->config, &sl->err))
    goto done;
  if (h->language[0] && mtl_options_set_language(o, h->language))
    goto oom;
  if (!h->builtin)
    mtl_options_use_builtin_rules(o, 0);
  for (i = 0; i < h->rules.n; i++)
    if (mtl_options_add_rules(o, h->rules.v[i]))
      goto oom;
  if (h->user_wordlist && !stat(h->user_wordlist, &st) && S_ISREG(st.st_mode) &&
      mtl_options_add_wordlist(o, h->user_wordlist))
    goto oom;
  for (i = 0; i < h->selectors.n; i++)
    if (mtl_options_set_enabled(o, h->selectors.v[i] + 1, h->selectors.v[i][0] == '+'))
      goto oom;
  if (mtl_engine_new(&sl->eng, o, &sl->err) && !sl->err.file[0])
    snprintf(sl->err.file, sizeof sl->err.file, "%s", sl->config ? sl->config : "mtlint");
  goto done;
oom:
  sl->err.code = MTL_ENOMEM;
  snprintf(sl->err.message, sizeof sl->err.message, "out of memory");
done:
  mtl_options_free(o);
}

static const mtl_engine *engine_for(void *ctx, const char *path, mtl_error *err) {
  host *h = ctx;
  char *cfg = config_of(h, path);
  slot *sl = NULL, *ns;
  size_t i;
  for (i = 0; i < h->nslots && !sl; i++)
    if ((!cfg && !h->slots[i].config) ||
        (cfg && h->slots[i].config && !strcmp(cfg, h->slots[i].config)))
      sl = &h->slots[i];
  if (!sl) {
    if (!(ns = realloc(h->slots, (h->nslots + 1) * sizeof *ns))) {
      free(cfg);
      snprintf(err->message, sizeof err->message, "out of memory");
      return NULL;
    }
    h->slots = ns;
    sl = &h->slots[h->nslots++];
    memset(sl, 0, sizeof *sl);
    sl->config = cfg;
    cfg = NULL;
    build(h, sl);
  }
  free(cfg);
  if (!sl->eng)
    *err = sl->err;
  return sl->eng;
}

static void drop_engines(void *ctx) {
  host *h = ctx;
  size_t i;
  for (i = 0; i < h->nslots; i++) {
    mtl_engine_free(h->slots[i].eng);
    free(h->slots[i].config);
  }
  free(h->slots);
  h->slots = NULL;
  h->nslots = 0;
}

static long long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static const cli_option lsp_options[] = {
    {"--help", "-h", 0, OPT_HELP},
    {"--stdio", NULL, 0, OPT_STDIO},
    {"--quiet", "-q", 0, OPT_QUIET},
    {"--no-builtin-rules", NULL, 0, OPT_NO_BUILTIN_RULES},
    {"--no-config", NULL, 0, OPT_NO_CONFIG},
    {"--rules", NULL, OPT_ARG, OPT_RULES},
    {"--enable", NULL, OPT_ARG, OPT_ENABLE},
    {"--disable", NULL, OPT_ARG, OPT_DISABLE},
    {"--config", NULL, OPT_ARG, OPT_CONFIG},
    {"--datadir", NULL, OPT_ARG, OPT_DATADIR},
    {"--user-wordlist", NULL, OPT_ARG, OPT_USER_WORDLIST},
    {"--debounce", NULL, OPT_ARG, OPT_DEBOUNCE},
    {"--position-encoding", NULL, OPT_ARG, OPT_POSITION_ENCODING},
    {NULL, NULL, 0, 0}};

/* One option: 0, or EXIT_USAGE. */
static int set_option(host *h, int id, const char *v, long *debounce) {
  char *end;
  long ms;
  switch (id) {
  case OPT_QUIET:
    h->quiet = 1;
    break;
  case OPT_NO_BUILTIN_RULES:
    h->builtin = 0;
    break;
  case OPT_NO_CONFIG:
    h->use_config = 0;
    break;
  case OPT_RULES:
    if (!*v || strvec_push(&h->rules, v))
      return EXIT_USAGE;
    break;
  case OPT_ENABLE:
  case OPT_DISABLE:
    if (!*v || cli_push_selector(&h->selectors, id, v))
      return EXIT_USAGE;
    break;
  case OPT_CONFIG:
    if (!*v)
      return EXIT_USAGE;
    h->config = v;
    break;
  case OPT_DATADIR:
    h->datadir_arg = v;
    break;
  case OPT_USER_WORDLIST:
    free(h->user_wordlist);
    h->user_wordlist = *v ? strdup(v) : NULL;
    break;
  case OPT_DEBOUNCE:
    ms = strtol(v, &end, 10);
    if (!*v || *end || ms < 0 || ms > 10000) {
      fprintf(stderr, "mtlint lsp: --debounce takes 0 to 10000 milliseconds\n");
      return EXIT_USAGE;
    }
    *debounce = ms;
    break;
  case OPT_POSITION_ENCODING:
    if (strcmp(v, "utf-8") && strcmp(v, "utf-16")) {
      fprintf(stderr, "mtlint lsp: --position-encoding takes utf-8 or utf-16, not '%s'\n"
                      "Try 'mtlint lsp --help'.\n", v);
      return EXIT_USAGE;
    }
    h->encoding = v;
    break;
  }
  return 0;
}

/* 0: go on; -1: done (--help); else an exit status. */
static int parse(host *h, int argc, char **argv, long *debounce) {
  cli_parser p;
  int id, rc;
  cli_parser_init(&p, lsp_options, argc, argv, 0);
  while ((id = cli_next(&p)) != CLI_END) {
    if (id == OPT_HELP) {
      fputs(lsp_usage, stdout);
      return -1;
    }
    if (id == CLI_OPERAND || id == CLI_UNKNOWN) {
      fprintf(stderr, "mtlint lsp: unknown option '%s'\nTry 'mtlint lsp --help'.\n", p.arg);
      return EXIT_USAGE;
    }
    if ((rc = set_option(h, id, p.value, debounce)))
      return rc;
  }
  return 0;
}

int lsp_main(int argc, char **argv) {
  host h;
  mtl_lsp_host lh;
  mtl_lsp *s = NULL;
  warmup_thread warm;
  long debounce = 10;
  int rc, status = EXIT_CLEAN;
  static char buf[65536];
  memset(&h, 0, sizeof h);
  memset(&warm, 0, sizeof warm);
  h.use_config = h.builtin = 1;
  h.user_wordlist = default_user_wordlist();
  if ((rc = parse(&h, argc, argv, &debounce))) {
    status = rc < 0 ? EXIT_CLEAN : rc;
    goto done;
  }
  h.datadir = cli_datadir(h.datadir_arg);
  warmup_prefetch(&warm); /* while the client initializes (warmup.h) */
  memset(&lh, 0, sizeof lh);
  lh.ctx = &h;
  lh.write = write_out;
  lh.log = log_line;
  lh.engine = engine_for;
  lh.set_language = set_language;
  lh.reload = drop_engines;
  lh.config_for = config_for;
  if (!h.datadir || mtl_lsp_new(&s, &lh) || mtl_lsp_set_debounce(s, debounce) ||
      mtl_lsp_set_position_encoding(s, h.encoding) ||
      (h.user_wordlist && mtl_lsp_set_user_wordlist(s, h.user_wordlist))) {
    fprintf(stderr, "mtlint lsp: out of memory\n");
    status = EXIT_INTERNAL;
    goto done;
  }
  signal(SIGPIPE, SIG_IGN);
  log_line(&h, "listening on standard input");
  for (;;) {
    struct pollfd p;
    long to = mtl_lsp_timeout(s);
    ssize_t n;
    p.fd = STDIN_FILENO;
    p.events = POLLIN;
    p.revents = 0;
    rc = poll(&p, 1, to < 0 ? -1 : to > 60000 ? 60000 : (int)to);
    if (mtl_lsp_tick(s, now_ms())) {
      log_line(&h, "the client stopped reading; exiting");
      break;
    }
    if (rc < 0 && errno != EINTR) {
      log_line(&h, strerror(errno));
      status = EXIT_LSP_ABORTED;
      break;
    }
    if (rc > 0) {
      n = read(STDIN_FILENO, buf, sizeof buf);
      if (n == 0) {
        log_line(&h, "the client closed the connection; exiting");
        break;
      }
      if (n < 0) {
        if (errno == EINTR || errno == EAGAIN)
          continue;
        log_line(&h, strerror(errno));
        status = EXIT_LSP_ABORTED;
        break;
      }
      if (mtl_lsp_feed(s, buf, (size_t)n)) {
        log_line(&h, "the client stopped reading; exiting");
        break;
      }
    }
    if ((rc = mtl_lsp_exit_status(s)) >= 0) {
      status = rc;
      break;
    }
  }
done:
  mtl_lsp_free(s);
  drop_engines(&h);
  warmup_prefetch_end(&warm);
  free(h.datadir);
  free(h.user_wordlist);
  strvec_free(&h.rules);
  strvec_free(&h.selectors);
  return status;
}
