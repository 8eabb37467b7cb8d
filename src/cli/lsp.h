/*
 * lsp.h - `mtlint lsp`: the language server's stdio loop (lsp_main.c).
 */
#ifndef MTL_CLI_LSP_H
#define MTL_CLI_LSP_H

/** Runs the server on stdin/stdout; argv[0] is "lsp".  Returns the exit status. */
int lsp_main(int argc, char **argv);

#endif
