/*
 * exitcode.h - the exit statuses of the mtlint command and its
 * subcommands (lsp, merge); docs/mtlint.1 says when each is given.
 */
#ifndef MTL_CLI_EXITCODE_H
#define MTL_CLI_EXITCODE_H

enum {
  EXIT_CLEAN = 0,     /* nothing at or above --fail-on */
  EXIT_FINDINGS = 1,  /* findings at or above --fail-on, too many warnings */
  EXIT_USAGE = 2,     /* bad arguments, or nothing to lint */
  EXIT_RULES = 3,     /* a rule or config file does not load */
  EXIT_INPUT = 4,     /* an input not read, an output not written */
  EXIT_INTERNAL = 70, /* out of memory, or another internal error */
  /* mtlint lsp: "exit" before "shutdown" (the protocol's 1), or the
   * connection failed */
  EXIT_LSP_ABORTED = 1
};

#endif
