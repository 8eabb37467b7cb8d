#!/bin/sh
# Emacs with eglot (Debian: emacs-nox, elpa-eglot) drives `mtlint lsp` in
# batch mode.  Skipped (77) when either is not installed.
# Usage: test_eglot.sh MTLINT SRCDIR WORKDIR
set -u
command -v emacs >/dev/null 2>&1 || { echo "emacs not installed: skipped"; exit 77; }
[ -d /usr/share/emacs/site-lisp/elpa ] && ls /usr/share/emacs/site-lisp/elpa | grep -q '^eglot-' ||
  { echo "eglot (elpa-eglot) not installed: skipped"; exit 77; }
bin=$1 src=$2 work=$3
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work" && mkdir -p "$work"
printf '%s\n' 'Zoë Łukasiewicz 🚀 said the special army operation goes on.' 'Second line.' \
  > "$work/article.md"
MTL_BIN=$bin MTL_SRC=$src MTL_WORK=$work HOME=$work \
  timeout 90 emacs --batch -Q -l "$here/test_eglot.el" </dev/null
