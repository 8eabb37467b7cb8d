#!/bin/sh
# Emacs with eglot (Debian: emacs-nox + elpa-eglot; Emacs 29 has it built in)
# loads editors/emacs/mtlint-eglot.el as editors/README.md says (copied to
# ~/.emacs.d/lisp/, required from init.el, the built mtlint on PATH) and
# drives `mtlint lsp` through M-x eglot in batch mode.  Skipped (77) when
# emacs or eglot is not installed.
# Usage: test_eglot.sh MTLINT WORKDIR
. "$(dirname "$0")/../lib.sh"
command -v emacs >/dev/null 2>&1 || skip "emacs not installed"
bin=$MTLINT src=$SRC work=$WORK
here=$HERE
mkdir -p "$work/bin" "$work/home/.emacs.d/lisp" "$work/project/news"
# Debian's site-start (not -Q) puts elpa-eglot on the load path, as for a user
HOME=$work/home emacs --batch --eval '(kill-emacs (if (locate-library "eglot") 0 1))' \
  </dev/null >/dev/null 2>&1 || skip "eglot (elpa-eglot) not installed"
ln -s "$bin" "$work/bin/mtlint"
cp "$src/editors/emacs/mtlint-eglot.el" "$work/home/.emacs.d/lisp/"
cat > "$work/home/.emacs.d/init.el" <<'INIT'
(add-to-list 'load-path (expand-file-name "lisp" user-emacs-directory))
(require 'mtlint-eglot)
INIT
# the project's config governs the server; spelling would flag the names
printf '%s\n' 'disable: [spelling]' > "$work/project/.mtlint.yaml"
printf '%s\n' 'Zoë Łukasiewicz 🚀 said the special army operation goes on.' \
  'Ünïcödé again: the firm faces reputational prices.' > "$work/project/news/article.md"
echo 'Plain notes.' > "$work/project/news/notes.txt"
# --batch skips init.el, so it is loaded by hand before the test
cd "$work" && PATH=$work/bin:$PATH MTL_WORK=$work HOME=$work/home LC_ALL=C.UTF-8 \
  timeout 90 emacs --batch -l "$work/home/.emacs.d/init.el" -l "$here/test_eglot.el" </dev/null
