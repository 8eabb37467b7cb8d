/*
 * main.c - the mtlint command: engines per config, inputs, outputs, exit
 * codes (its arguments: args.c).  It sees only the public header mtlint.h.
 */
#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "exitcode.h"
#include "args.h"
#include "lsp.h"
#include "warmup.h"
#include "mtlint.h"

/* One engine per config file in use (NULL config: none). */
typedef struct engine_slot {
  char *config;
  mtl_engine *eng;
  int failed;
} engine_slot;

/* --format FMT:FILE: one more writer, to its own file. */
typedef struct extra_out {
  const char *path;
  FILE *f;
  mtl_writer *w;
} extra_out;

typedef struct run {
  args *a;
  mtl_writer *out;       /* findings (stdout) */
  extra_out *extra;      /* --format FMT:FILE, each with findings and errors */
  size_t nextra;
  mtl_writer **extra_w;  /* their writers, for batch.c */
  mtl_writer *errw;      /* errors: stderr in text format, else == out */
  engine_slot *slots;
  size_t nslots;
  int exit_rules, exit_input, exit_internal;
  int worst;             /* highest severity seen */
  size_t warnings;       /* warnings shown (--max-warnings) */
  int nslots_ok;         /* engines built without error */
  char *datadir;
  const char *first;     /* the first input (warm_start) */
} run;

/* PERF: at exit the engines are left to the operating system, as clang
 * leaves its syntax trees (-disable-free): freeing the Hunspell dictionaries
 * takes 8-9 ms, a sixth of a one-sentence run, and gives back nothing the
 * exit does not.  They stay reachable from kept_at_exit, so leak checkers
 * (valgrind: "still reachable") do not call them lost; builds with
 * AddressSanitizer free them, so the teardown stays tested. */
#ifndef FREE_ENGINES_AT_EXIT
#define FREE_ENGINES_AT_EXIT CLI_ASAN
#endif
#if !FREE_ENGINES_AT_EXIT
static engine_slot *volatile kept_at_exit; /* volatile: a store never read is dropped */
#endif

static int write_stdout(void *ctx, const char *data, size_t len) {
  (void)ctx;
  return fwrite(data, 1, len, stdout) != len;
}

static int write_stderr(void *ctx, const char *data, size_t len) {
  (void)ctx;
  return fwrite(data, 1, len, stderr) != len;
}

static void report_error(run *r, const mtl_error *e);

static void report(run *r, const char *file, size_t line, size_t col, int code,
                   const char *msg) {
  mtl_error e;
  memset(&e, 0, sizeof e);
  e.code = code;
  snprintf(e.file, sizeof e.file, "%s", file ? file : "");
  snprintf(e.message, sizeof e.message, "%s", msg);
  e.line = line;
  e.column = col;
  report_error(r, &e);
}

static void input_error(void *ctx, const char *path, const char *msg) {
  run *r = ctx;
  r->exit_input = 1;
  report(r, path, 0, 0, MTL_EIO, msg);
}

/* Errors go to the error writer (stderr for text) and to every
 * --format FMT:FILE output. */
static void report_error(run *r, const mtl_error *e) {
  size_t i;
  mtl_writer_error(r->errw, e);
  if (r->errw != r->out)
    fflush(stderr);
  for (i = 0; i < r->nextra; i++)
    mtl_writer_error(r->extra[i].w, e);
}

/* Loads config into o.  A config found by the upward search (cascade)
 * comes after those of the folders above it, up to one that says
 * `root: true`, as ESLint's cascade does: a sub-folder's config adds to the
 * root's settings instead of dropping them.  --config FILE loads only FILE. */
static int load_config_chain_list(mtl_options *o, const char *config, int cascade,
                                  mtl_error *err, strvec *list) {
  strvec chain = {0};
  char *p = strdup(config);
  size_t i;
  int rc = 0;
  while (p && chain.n < 32) {
    mtl_options *tmp = NULL;
    int root;
    char *up, *slash;
    for (i = 0; i < chain.n && strcmp(chain.v[i], p); i++)
      ;
    if (i < chain.n || strvec_push(&chain, p))
      break;
    if (!cascade)
      break;
    if (mtl_options_new(&tmp)) {
      rc = -1;
      break;
    }
    rc = mtl_options_load_config(tmp, p, err);
    root = mtl_options_config_root(tmp);
    mtl_options_free(tmp);
    if (rc || root)
      break;
    if (!(up = malloc(strlen(p) + 4)))
      break;
    strcpy(up, p);
    slash = strrchr(up, '/');
    if (slash)
      strcpy(slash, "/..");
    else
      strcpy(up, "..");
    free(p);
    p = find_config(up);
    free(up);
  }
  free(p);
  for (i = chain.n; !rc && i-- > 0;) {
    rc = mtl_options_load_config(o, chain.v[i], err);
    if (list)
      strvec_push(list, chain.v[i]);
  }
  strvec_free(&chain);
  return rc;
}

static int load_config_chain(mtl_options *o, const char *config, int cascade, mtl_error *err) {
  return load_config_chain_list(o, config, cascade, err, NULL);
}

static mtl_engine *engine_for(run *r, const char *config, int test_mode);
static int list_rules(mtl_engine *eng);

/* --print-config FILE: the config files that apply to FILE, in the order
 * they are applied, and the rules as they stand for it. */
static int print_config(run *r, const char *path) {
  args *a = r->a;
  char *cfg = !a->use_config ? NULL : a->config ? strdup(a->config) : find_config(path);
  strvec list = {0};
  mtl_engine *eng;
  size_t i;
  printf("# mtlint configuration for %s\n", path);
  if (cfg) {
    mtl_options *o = NULL;
    mtl_error err;
    memset(&err, 0, sizeof err);
    if (!mtl_options_new(&o))
      load_config_chain_list(o, cfg, !a->config, &err, &list);
    mtl_options_free(o);
  }
  printf("config files (applied in this order):%s\n", list.n ? "" : " none");
  for (i = 0; i < list.n; i++)
    printf("  %s\n", list.v[i]);
  strvec_free(&list);
  eng = engine_for(r, cfg, 0);
  free(cfg);
  if (!eng)
    return r->exit_internal ? EXIT_INTERNAL : EXIT_RULES;
  printf("rules:\n");
  return list_rules(eng);
}

/* The engine for inputs governed by config (NULL: none); NULL on failure. */
static mtl_engine *engine_for(run *r, const char *config, int test_mode) {
  size_t i;
  mtl_options *o = NULL;
  mtl_error err;
  engine_slot *slot, *ns;
  args *a = r->a;
  for (i = 0; i < r->nslots; i++)
    if ((!config && !r->slots[i].config) ||
        (config && r->slots[i].config && !strcmp(config, r->slots[i].config)))
      return r->slots[i].failed ? NULL : r->slots[i].eng;
  ns = realloc(r->slots, (r->nslots + 1) * sizeof *ns);
  if (!ns) {
    r->exit_internal = 1;
    return NULL;
  }
  r->slots = ns;
  slot = &r->slots[r->nslots++];
  memset(slot, 0, sizeof *slot);
  slot->config = config ? strdup(config) : NULL;
  memset(&err, 0, sizeof err);
  if (mtl_options_new(&o) || mtl_options_set_datadir(o, r->datadir))
    goto oom;
  {
    const char *env = getenv("MTLINT_BASE_DICTIONARY");
    if (env && *env && mtl_options_set_base_dictionary(o, env))
      goto oom;
    env = a->lm ? a->lm : getenv("MTLINT_LANGUAGE_MODEL");
    if (env && *env && mtl_options_set_language_model(o, env))
      goto oom;
  }
  mtl_options_use_builtin_rules(o, a->builtin);
  if (config && load_config_chain(o, config, !a->config, &err)) {
    report_error(r, &err);
    r->exit_rules = 1;
    goto fail;
  }
  if (!a->builtin)
    mtl_options_use_builtin_rules(o, 0);
  for (i = 0; i < a->rules.n; i++)
    if (mtl_options_add_rules(o, a->rules.v[i]))
      goto oom;
  if (test_mode && mtl_options_set_enabled(o, "*", 1))
    goto oom;
  for (i = 0; i < a->selectors.n; i++)
    if (mtl_options_set_enabled(o, a->selectors.v[i] + 1, a->selectors.v[i][0] == '+'))
      goto oom;
  if (mtl_engine_new(&slot->eng, o, &err)) {
    if (err.code == MTL_ENOTFOUND && !err.file[0])
      snprintf(err.file, sizeof err.file, "%s", config ? config : "mtlint");
    report_error(r, &err);
    r->exit_rules = 1;
    goto fail;
  }
  mtl_options_free(o);
  r->nslots_ok++;
  return slot->eng;
oom:
  r->exit_internal = 1;
  report(r, "mtlint", 0, 0, MTL_ENOMEM, "out of memory");
fail:
  mtl_options_free(o);
  slot->failed = 1;
  return NULL;
}

static mtl_engine *engine_for_path(run *r, const char *path) {
  char *cfg = NULL;
  mtl_engine *e;
  if (r->a->config)
    return engine_for(r, r->a->config, 0);
  if (!r->a->use_config)
    return engine_for(r, NULL, 0);
  cfg = find_config(path);
  e = engine_for(r, cfg, 0);
  free(cfg);
  return e;
}

static mtl_engine *batch_engine(void *ctx, const char *lookup) {
  return engine_for_path(ctx, lookup);
}

/* Feeds, JSON Lines, HTML, -j, reports: batch.c. */
static void run_batch(run *r, const strvec *files, const unsigned char *walked) {
  batch_env env;
  memset(&env, 0, sizeof env);
  env.walked = walked;
  env.out = r->out;
  env.errw = r->errw;
  env.extra = r->extra_w;
  env.nextra = r->nextra;
  env.engine = batch_engine;
  env.ctx = r;
  env.stdin_name = r->a->stdin_name;
  env.quiet = r->a->quiet;
  env.worst = r->worst;
  env.min_severity = r->a->min_severity;
  batch_run(&env, &r->a->batch, files);
  r->worst = env.worst;
  r->warnings += env.warnings;
  r->exit_input |= env.exit_input;
  r->exit_internal |= env.exit_internal;
}

/* Where the config of input path is looked up ('-': --stdin-filename, or
 * the current folder). */
static const char *lookup_of(const run *r, const char *path) {
  if (strcmp(path, "-"))
    return path;
  return r->a->stdin_name ? r->a->stdin_name : ".";
}

static void build_first(void *ctx) {
  run *r = ctx;
  engine_for_path(r, lookup_of(r, r->first));
}

/* The first input's engine, and the dictionaries ahead (warmup.h). */
static void warm_start(run *r, const strvec *files) {
  if (!files->n)
    return;
  r->first = files->v[0];
  warmup_first_engine(files, r->a->builtin, build_first, r);
}

static int at_least(void *ctx, const mtl_finding *f) {
  return (int)f->severity >= *(const int *)ctx;
}

/* An input that ran out of memory is an error of that input (code
 * memory, exit status 4) at its start, and the run goes on with the next;
 * len is its size when known (else 0: from stat). */
static void memory_error(run *r, const char *shown, const char *path, size_t len) {
  char msg[200];
  struct stat st;
  if (!len && strcmp(path, "-") && !stat(path, &st) && st.st_size > 0)
    len = (size_t)st.st_size;
  r->exit_input = 1;
  if (len)
    snprintf(msg, sizeof msg,
             "out of memory: this %.1f MB text is linted whole, which takes 10-20 times "
             "its size; split it",
             (double)len / 1e6);
  else
    snprintf(msg, sizeof msg, "out of memory");
  report(r, shown, 1, 1, MTL_ENOMEM, msg);
}

static void lint_one(run *r, const char *path) {
  const char *shown = path, *lookup = lookup_of(r, path);
  char *data = NULL;
  size_t len = 0, i;
  int e;
  mtl_engine *eng;
  mtl_result *res = NULL;
  mtl_error err;
  if (!strcmp(path, "-"))
    shown = r->a->stdin_name ? r->a->stdin_name : "<stdin>";
  eng = engine_for_path(r, lookup);
  if (!eng)
    return;
  if ((e = read_all(path, &data, &len))) {
    if (e == ENOMEM) {
      memory_error(r, shown, path, 0);
      return;
    }
    r->exit_input = 1;
    report(r, shown, 0, 0, MTL_EIO, strerror(e));
    return;
  }
  memset(&err, 0, sizeof err);
  if (mtl_lint(&res, eng, data, len, &err)) {
    free(data);
    if (err.code == MTL_ENOMEM) {
      memory_error(r, shown, path, len);
      return;
    }
    r->exit_internal = 1;
    report(r, shown, 0, 0, err.code, err.message);
    return;
  }
  mtl_writer_set_engine(r->out, eng);
  for (i = 0; i < r->nextra; i++)
    mtl_writer_set_engine(r->extra[i].w, eng);
  if ((e = formats_input(&r->a->fmt, eng, path, shown, &data, &len, &res, err.message,
                         sizeof err.message))) {
    *(e == MTL_EIO ? &r->exit_input : &r->exit_internal) = 1;
    report(r, shown, 0, 0, e, e == MTL_EIO ? err.message : "out of memory");
  }
  if (r->a->min_severity > MTL_SEV_INFO)
    mtl_result_filter(res, at_least, &r->a->min_severity);
  for (i = 0; i < mtl_result_count(res); i++) {
    int s = (int)mtl_result_finding(res, i)->severity;
    if (s > r->worst)
      r->worst = s;
    r->warnings += s == MTL_SEV_WARNING;
  }
  if (mtl_writer_file(r->out, shown, data, len, res))
    r->exit_internal = 1;
  for (i = 0; i < r->nextra; i++)
    if (mtl_writer_file(r->extra[i].w, shown, data, len, res))
      r->exit_input = 1; /* a write error, said at the end */
  mtl_result_free(res);
  free(data);
}

static int list_rules(mtl_engine *eng) {
  size_t i;
  printf("%-44s %-8s %-15s %-8s %s\n", "RULE", "SEVERITY", "KIND", "STATE", "CATEGORY");
  for (i = 0; i < mtl_engine_rule_count(eng); i++) {
    const mtl_rule_info *ri = mtl_engine_rule(eng, i);
    printf("%-44s %-8s %-15s %-8s %s\n", ri->id, mtl_severity_name(ri->severity), ri->kind,
           ri->enabled ? "on" : "off", ri->category);
  }
  return EXIT_CLEAN;
}

/* Rules of kind swap: the language-model scores behind each finding of
 * the rule in an example. */
static void explain_scores(mtl_engine *eng, const mtl_rule_info *ri, const char *text) {
  mtl_result *res = NULL;
  size_t i;
  if (strcmp(ri->kind, "swap") || mtl_lint(&res, eng, text, strlen(text), NULL))
    return;
  for (i = 0; i < mtl_result_count(res); i++) {
    const mtl_finding *f = mtl_result_finding(res, i);
    if (strcmp(f->rule, ri->id) || !f->has_lm)
      continue;
    printf("    '%.*s' -> '%s': log10 P %.2f with it, %.2f as written (gain %.2f)\n",
           (int)(f->end.offset - f->start.offset), text + f->start.offset,
           f->n_suggestions ? f->suggestions[0] : "", f->lm_original, f->lm_written,
           f->lm_original - f->lm_written);
  }
  mtl_result_free(res);
}

static int explain(mtl_engine *eng, const char *id) {
  const mtl_rule_info *ri = mtl_engine_find_rule(eng, id);
  size_t i;
  if (!ri) {
    /* as for an unknown id in --enable or a config: exit 3, a suggestion */
    const char *best = NULL;
    size_t bd = 99, n = strlen(id);
    for (i = 0; i < mtl_engine_rule_count(eng); i++) {
      const char *other = mtl_engine_rule(eng, i)->id;
      size_t d = mtl_edit_distance(id, n, other, strlen(other));
      if (d < bd) {
        bd = d;
        best = other;
      }
    }
    if (best && bd <= (n > 12 ? 4u : n > 5 ? 2u : 1u))
      fprintf(stderr, "mtlint: no rule named '%s'; did you mean '%s'? (see --list-rules)\n", id,
              best);
    else
      fprintf(stderr, "mtlint: no rule named '%s' (see --list-rules)\n", id);
    return EXIT_RULES;
  }
  printf("%s (%s, %s%s)\n\n", ri->id, mtl_severity_name(ri->severity), ri->kind,
         ri->enabled ? "" : ", disabled");
  printf("%s\n\n", ri->description);
  printf("Pack: %s   Category: %s   Fix: %s\n", ri->pack, ri->category, ri->fix);
  if (ri->file)
    printf("Defined in: %s:%zu\n", ri->file, ri->line);
  if (ri->link)
    printf("More: %s\n", ri->link);
  if (ri->n_bad) {
    printf("\nFlagged:\n");
    for (i = 0; i < ri->n_bad; i++) {
      printf("  - %s\n", ri->bad[i]);
      explain_scores(eng, ri, ri->bad[i]);
    }
  }
  if (ri->n_good) {
    printf("\nNot flagged:\n");
    for (i = 0; i < ri->n_good; i++)
      printf("  - %s\n", ri->good[i]);
  }
  return EXIT_CLEAN;
}

static int fires(mtl_engine *eng, const char *text, const char *id, int *oom) {
  mtl_result *res = NULL;
  size_t i;
  int hit = 0;
  if (mtl_lint(&res, eng, text, strlen(text), NULL)) {
    *oom = 1;
    return 0;
  }
  for (i = 0; i < mtl_result_count(res); i++)
    hit |= !strcmp(mtl_result_finding(res, i)->rule, id);
  mtl_result_free(res);
  return hit;
}

static int test_rules(mtl_engine *eng) {
  size_t i, j, passed = 0, failed = 0, rules = 0;
  int oom = 0;
  for (i = 0; i < mtl_engine_rule_count(eng); i++) {
    const mtl_rule_info *ri = mtl_engine_rule(eng, i);
    if (!ri->file)
      continue;
    rules++;
    for (j = 0; j < ri->n_bad; j++) {
      if (fires(eng, ri->bad[j], ri->id, &oom)) {
        passed++;
      } else {
        failed++;
        printf("%s:%zu: %s: bad example %zu does not fire: %s\n", ri->file, ri->line, ri->id,
               j + 1, ri->bad[j]);
      }
    }
    for (j = 0; j < ri->n_good; j++) {
      if (!fires(eng, ri->good[j], ri->id, &oom)) {
        passed++;
      } else {
        failed++;
        printf("%s:%zu: %s: good example %zu fires: %s\n", ri->file, ri->line, ri->id, j + 1,
               ri->good[j]);
      }
    }
  }
  if (oom) {
    fprintf(stderr, "mtlint: out of memory\n");
    return EXIT_INTERNAL;
  }
  printf("rule examples of %zu rules: %zu passed, %zu failed\n", rules, passed, failed);
  return failed ? EXIT_FINDINGS : EXIT_CLEAN;
}

static int expand_globs(strvec *paths) {
  strvec out = {0};
  size_t i, k;
  for (i = 0; i < paths->n; i++) {
    const char *p = paths->v[i];
    struct stat st;
    glob_t g;
    if (!strcmp(p, "-") || !strpbrk(p, "*?[") || !stat(p, &st)) {
      if (strvec_push(&out, p))
        goto oom;
      continue;
    }
    memset(&g, 0, sizeof g);
    if (glob(p, 0, NULL, &g) || !g.gl_pathc) {
      globfree(&g);
      if (strvec_push(&out, p))
        goto oom;
      continue;
    }
    for (k = 0; k < g.gl_pathc; k++)
      if (strvec_push(&out, g.gl_pathv[k])) {
        globfree(&g);
        goto oom;
      }
    globfree(&g);
  }
  strvec_free(paths);
  *paths = out;
  return 0;
oom:
  strvec_free(&out);
  return EXIT_INTERNAL;
}

/* The usage error of a run that found no input to lint. */
static int nothing_to_lint(const args *a, size_t n_ignores) {
  char globs[512] = "";
  size_t i, at = 0;
  for (i = 0; i < a->includes.n && at < sizeof globs; i++)
    at += (size_t)snprintf(globs + at, sizeof globs - at, "%s%s", i ? " " : "", a->includes.v[i]);
  fprintf(stderr,
          "mtlint: no input to lint: no file in %s%s matches %s%s (give --allow-empty to "
          "accept that)\n",
          a->paths.v[0], a->paths.n > 1 ? " and the other paths" : "", globs,
          n_ignores ? " outside the ignore globs" : "");
  return EXIT_USAGE;
}

/* Colour by default on a terminal, unless NO_COLOR is set (non-empty) or TERM=dumb. */
static int want_color(int fd) {
  const char *nc = getenv("NO_COLOR"), *term = getenv("TERM"), *fc = getenv("FORCE_COLOR");
  /* FORCE_COLOR (as Node tools read it): set and not 0/false, colour even
   * off a terminal (CI logs); FORCE_COLOR=0 turns it off */
  if (fc && (!strcmp(fc, "0") || !strcmp(fc, "false")))
    return 0;
  if (fc)
    return 1;
  return isatty(fd) && !(nc && *nc) && !(term && !strcmp(term, "dumb"));
}

/* Columns of the terminal the text excerpts are fitted to: COLUMNS when
 * set (a positive number), else the terminal's (TIOCGWINSZ) when standard
 * output is one; 0: not fitted (a pipe or a file, the goldens). */
static size_t term_width(void) {
  const char *c = getenv("COLUMNS");
  struct winsize ws;
  if (c && *c) {
    char *end;
    long n = strtol(c, &end, 10);
    if (!*end && n > 0)
      return n > 100000 ? 100000 : (size_t)n;
  }
  if (isatty(STDOUT_FILENO) && !ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) && ws.ws_col > 0)
    return ws.ws_col;
  return 0;
}

static int write_file(void *ctx, const char *data, size_t len) {
  return fwrite(data, 1, len, ctx) != len;
}

/* Opens the --format FMT:FILE outputs (before anything is linted, so that
 * an unwritable file stops the run at once: exit 4).  flags: the plain
 * output's, without colour. */
static int open_outputs(run *r, unsigned flags) {
  const strvec *o = &r->a->outputs;
  size_t i;
  if (!o->n)
    return 0;
  r->extra = calloc(o->n, sizeof *r->extra);
  r->extra_w = calloc(o->n, sizeof *r->extra_w);
  if (!r->extra || !r->extra_w)
    return EXIT_INTERNAL;
  for (i = 0; i < o->n; i++) {
    char *colon = strchr(o->v[i], ':');
    extra_out *x = &r->extra[r->nextra];
    *colon = '\0'; /* o->v[i] is the format now */
    x->path = colon + 1;
    if (!(x->f = fopen(x->path, "w"))) {
      fprintf(stderr, "mtlint: cannot write the %s output %s: %s\n", o->v[i], x->path,
              strerror(errno));
      return EXIT_INPUT;
    }
    if (mtl_writer_new(&x->w, o->v[i], write_file, x->f, flags)) {
      fclose(x->f);
      x->f = NULL;
      return EXIT_INTERNAL;
    }
    mtl_writer_set_fail_on(x->w, r->a->fail_on);
    r->extra_w[r->nextra++] = x->w;
  }
  return 0;
}

/* Closes the --format FMT:FILE outputs; -1 if one could not be written. */
static int close_outputs(run *r) {
  size_t i;
  int bad = 0;
  for (i = 0; i < r->nextra; i++) {
    extra_out *x = &r->extra[i];
    if (x->f && (ferror(x->f) | fclose(x->f))) {
      fprintf(stderr, "mtlint: cannot write the output %s: %s\n", x->path, strerror(errno));
      bad = -1;
    }
    x->f = NULL;
    mtl_writer_free(x->w);
    x->w = NULL;
  }
  free(r->extra);
  free(r->extra_w);
  r->extra = NULL;
  r->extra_w = NULL;
  r->nextra = 0;
  return bad;
}

/* The writer of standard output and the one of errors (stderr for
 * text, else the same); *flags: the output's.  0, or an exit status. */
static int open_writers(run *r, unsigned *flags) {
  const args *a = r->a;
  if (a->color == 1 || (a->color < 0 && want_color(STDOUT_FILENO)))
    *flags |= MTL_WRITE_COLOR;
  if (a->quiet || a->fmt.diff)
    *flags |= MTL_WRITE_QUIET;
  *flags |= a->column_unit;
  if (mtl_writer_new(&r->out, a->format, write_stdout, NULL, *flags)) {
    fprintf(stderr, "mtlint: cannot create the %s writer\n", a->format);
    return EXIT_INTERNAL;
  }
  mtl_writer_set_fail_on(r->out, a->fail_on);
  if (!strcmp(a->format, "text") && !a->output)
    mtl_writer_set_width(r->out, term_width());
  if (!strcmp(a->format, "text")) {
    unsigned eflags =
        (a->color == 1 || (a->color < 0 && want_color(STDERR_FILENO))) ? MTL_WRITE_COLOR : 0;
    if (mtl_writer_new(&r->errw, "text", write_stderr, NULL, eflags | MTL_WRITE_QUIET))
      return EXIT_INTERNAL;
  } else {
    r->errw = r->out;
  }
  return 0;
}

/* Ignore globs come from the config that governs the current folder. */
static void config_ignores(const args *a, strvec *ignores) {
  size_t i;
  if (a->use_config && !a->no_ignore) {
    char *cfg = a->config ? strdup(a->config) : find_config(".");
    if (cfg) {
      mtl_options *o = NULL;
      mtl_error err;
      memset(&err, 0, sizeof err);
      if (!mtl_options_new(&o) && !load_config_chain(o, cfg, !a->config, &err)) {
        for (i = 0; i < mtl_options_ignore_count(o); i++) {
          const char *g = mtl_options_ignore(o, i);
          if (!strncmp(g, "./", 2))
            g += 2;
          strvec_push(ignores, g);
        }
      }
      mtl_options_free(o);
      free(cfg);
    }
  }
}

/* Files named on the command line are ignored too (pre-commit names each
 * staged file), with a note, as ESLint does; --no-ignore lints them.
 * Returns how many were dropped from paths. */
static size_t drop_ignored_paths(strvec *paths, const strvec *ignores) {
  size_t i, n = 0;
  for (i = 0; i < paths->n;) {
    struct stat st;
    if (ignores->n && strcmp(paths->v[i], "-") && !stat(paths->v[i], &st) &&
        S_ISREG(st.st_mode) && cli_ignored(paths->v[i], ignores)) {
      fprintf(stderr, "mtlint: note: %s is ignored by the config's ignore globs or "
                      "--exclude (--no-ignore lints it)\n", paths->v[i]);
      free(paths->v[i]);
      memmove(paths->v + i, paths->v + i + 1, (paths->n - i - 1) * sizeof *paths->v);
      paths->n--;
      n++;
    } else {
      i++;
    }
  }
  return n;
}

/* The exit status of a run that linted its inputs. */
static int exit_status(const run *r) {
  const args *a = r->a;
  if (r->exit_internal)
    return EXIT_INTERNAL;
  if (r->exit_rules)
    return EXIT_RULES;
  if (r->exit_input)
    return EXIT_INPUT;
  if (r->worst >= a->fail_on || (a->fmt.diff && a->fmt.changed))
    return EXIT_FINDINGS;
  if (a->max_warnings >= 0 && r->warnings > (size_t)a->max_warnings) {
    fprintf(stderr, "mtlint: %zu warnings, more than --max-warnings %ld\n", r->warnings,
            a->max_warnings);
    return EXIT_FINDINGS;
  }
  return EXIT_CLEAN;
}

int main(int argc, char **argv) {
  args a;
  run r;
  strvec files = {0}, ignores = {0};
  unsigned char *walked = NULL; /* per file: found by a folder walk */
  unsigned flags = 0;
  int rc;
  size_t i, n_named_ignored = 0;
  /* PERF: rules and dictionaries load into huge pages where page faults
   * are dear (heap.c); 32 MiB of address space, ~1 MB of memory. */
  cli_heap_reserve(32u << 20);
  if (argc > 1 && !strcmp(argv[1], "lsp")) /* the language server (lsp_main.c) */
    return lsp_main(argc - 1, argv + 1);
  if (argc > 1 && !strcmp(argv[1], "merge")) /* merge partial reports (batch.c) */
    return batch_merge_main(argc - 1, argv + 1);
  rc = parse_args(&a, argc, argv);
  if (rc) {
    args_free(&a); /* a usage error may come after paths or rules were kept */
    return rc < 0 ? EXIT_CLEAN : rc;
  }
  if (a.output && !freopen(a.output, "w", stdout)) {
    fprintf(stderr, "mtlint: %s: %s\n", a.output, strerror(errno));
    return EXIT_INPUT;
  }
  /* PERF: findings to a file or a pipe go out 64 KiB at a time (stdio's
   * default is the 4 KiB block size: a write(2) per ~3 KB of JSON Lines, a
   * tenth of a second of system calls on 100 MB of articles); a terminal
   * keeps its line buffering.  Nothing has been written to stdout yet. */
  if (!isatty(STDOUT_FILENO)) {
    static char outbuf[64u << 10]; /* glibc ignores the size without a buffer */
    setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
  }
  memset(&r, 0, sizeof r);
  r.a = &a;
  r.datadir = cli_datadir(a.datadir);
  if ((rc = open_writers(&r, &flags)))
    return rc;
  if ((rc = open_outputs(&r, flags & ~MTL_WRITE_COLOR)))
    goto done;
  if (a.print_config) {
    rc = print_config(&r, a.print_config);
    goto done;
  }
  if (a.list_rules || a.explain || a.test_rules) {
    const char *where = a.paths.n ? a.paths.v[0] : ".";
    mtl_engine *eng = a.test_rules ? engine_for(&r, a.config, 1) : engine_for_path(&r, where);
    if (!eng) {
      rc = r.exit_internal ? EXIT_INTERNAL : EXIT_RULES;
    } else {
      rc = a.list_rules ? list_rules(eng) : a.explain ? explain(eng, a.explain) : test_rules(eng);
    }
    goto done;
  }
  if (!a.paths.n) {
    if (isatty(STDIN_FILENO)) {
      rc = cli_usage_error("%s", "no input given (a file, a folder, or '-' for standard input)");
      goto done;
    }
    if (strvec_push(&a.paths, "-")) {
      rc = EXIT_INTERNAL;
      goto done;
    }
  }
  config_ignores(&a, &ignores);
  for (i = 0; i < a.excludes.n; i++)
    if (strvec_push(&ignores, a.excludes.v[i])) {
      rc = EXIT_INTERNAL;
      goto done;
    }
  /* Glob arguments (a shell that did not expand them, or quoted on purpose,
   * as in CI files): a path that does not exist and holds * ? or [ is
   * expanded here; one that matches nothing stays, to be reported. */
  if ((rc = expand_globs(&a.paths)))
    goto done;
  n_named_ignored = drop_ignored_paths(&a.paths, &ignores);
  if (collect_inputs(&files, &a.paths, &a.includes, &ignores, input_error, &r, &walked)) {
    rc = EXIT_INTERNAL;
    goto done;
  }
  /* Linting nothing is not a pass (an empty folder, a wrong --include, a
   * folder of other files): say so and exit 2, as ESLint does. */
  if (!files.n && !r.exit_input && !a.allow_empty && !n_named_ignored) {
    rc = nothing_to_lint(&a, ignores.n);
    goto done;
  }
  if ((rc = formats_start(&a.fmt)))
    goto done;
  if (batch_wanted(&a.batch, &files, a.stdin_name)) {
    run_batch(&r, &files, walked); /* its workers lint while its main thread loads the dictionaries */
  } else {
    warm_start(&r, &files);
    for (i = 0; i < files.n; i++)
      lint_one(&r, files.v[i]);
  }
  if (formats_finish(&a.fmt))
    r.exit_input = 1;
  /* a text summary after a rule error would only say "0 problems" */
  if (!(r.exit_rules && r.errw != r.out && !r.nslots_ok) && mtl_writer_finish(r.out))
    r.exit_internal = 1;
  for (i = 0; i < r.nextra; i++)
    if (mtl_writer_finish(r.extra[i].w))
      r.exit_input = 1;
  if (close_outputs(&r))
    r.exit_input = 1;
  rc = exit_status(&r);
done:
  fflush(stdout);
#if FREE_ENGINES_AT_EXIT
  warmup_free_unused();
  for (i = 0; i < r.nslots; i++) {
    mtl_engine_free(r.slots[i].eng);
    free(r.slots[i].config);
  }
  free(r.slots);
#else
  kept_at_exit = r.slots;
#endif
  if (r.errw != r.out)
    mtl_writer_free(r.errw);
  mtl_writer_free(r.out);
  close_outputs(&r);
  free(r.datadir);
  strvec_free(&files);
  free(walked);
  strvec_free(&ignores);
  args_free(&a);
  return rc;
}
