/*
 * options.c - the option parser shared by the mtlint command and its
 * subcommands.  See options.h.
 */
#include "options.h"

#include <stdio.h>
#include <string.h>

#include "mtlint.h"

void cli_parser_init(cli_parser *p, const cli_option *table, int argc, char **argv,
                     unsigned flags) {
  memset(p, 0, sizeof *p);
  p->table = table;
  p->argc = argc;
  p->argv = argv;
  p->flags = flags;
}

/* The value of option o written as argv[p->i] (p->arg); NULL if that is
 * not o.  Reads the next argument for a separate value. */
static const char *match(cli_parser *p, const cli_option *o) {
  const char *a = p->arg;
  size_t n = strlen(o->name);
  if (!strcmp(a, o->name) || (o->short_name && !strcmp(a, o->short_name))) {
    p->name = a;
    if (!(o->flags & OPT_ARG))
      return "";
    return p->i + 1 < p->argc ? p->argv[++p->i] : "";
  }
  if ((o->flags & OPT_ARG) && !strncmp(a, o->name, n) && a[n] == '=') {
    p->name = o->name;
    return a + n + 1;
  }
  if ((o->flags & OPT_GLUED) && o->short_name && !strncmp(a, o->short_name, 2) &&
      a[2] != '-') {
    p->name = o->short_name;
    return a + 2;
  }
  return NULL;
}

int cli_next(cli_parser *p) {
  const cli_option *o;
  if (++p->i >= p->argc)
    return CLI_END;
  p->arg = p->argv[p->i];
  p->name = p->value = NULL;
  p->opt = NULL;
  if (p->operands_only || p->arg[0] != '-' || !strcmp(p->arg, "-"))
    return CLI_OPERAND;
  if ((p->flags & CLI_DASHDASH) && !strcmp(p->arg, "--")) {
    p->operands_only = 1;
    return cli_next(p);
  }
  for (o = p->table; o->name; o++)
    if ((p->value = match(p, o)) != NULL) {
      p->opt = o;
      return o->id;
    }
  return CLI_UNKNOWN;
}

const char *cli_nearest_option(const cli_option *table, const char *arg) {
  char name[64];
  const char *best = NULL;
  size_t bd = 99, n = strcspn(arg, "=");
  if (n >= sizeof name)
    return NULL;
  memcpy(name, arg, n);
  name[n] = '\0';
  for (; table->name; table++) {
    size_t d = mtl_edit_distance(name, n, table->name, strlen(table->name));
    if (d < bd) {
      bd = d;
      best = table->name;
    }
  }
  return bd <= (n > 8 ? 3u : 2u) ? best : NULL;
}

int cli_push_selector(strvec *selectors, int id, const char *v) {
  char buf[512];
  snprintf(buf, sizeof buf, "%c%s", id == OPT_ENABLE ? '+' : '-', v);
  return strvec_push(selectors, buf);
}
