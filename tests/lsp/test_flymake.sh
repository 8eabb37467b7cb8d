#!/bin/sh
# Emacs (Debian: emacs-nox) runs editors/emacs/flymake-mtlint.el, the flymake
# backend over `mtlint --stdin`, in batch mode under the C locale (so the
# backend must pick UTF-8 itself).  Skipped (77) when emacs is not installed.
# Usage: test_flymake.sh MTLINT WORKDIR
. "$(dirname "$0")/../lib.sh"
command -v emacs >/dev/null 2>&1 || skip "emacs not installed"
bin=$MTLINT src=$SRC work=$WORK
here=$HERE
mkdir -p "$work/bin" "$work/home"
ln -s "$bin" "$work/bin/mtlint"
printf '%s\n' 'Zoë Łukasiewicz 🚀 said the special army operation goes on.' \
  'Ünïcödé again: the firm faces reputational prices.' > "$work/article.md"
# Emacs's event loop (timers, sentinels) is timing we do not own: a failed
# session is printed with its exit status and run once more, so only two
# failures in a row fail the test.
try=1
while :; do
  PATH=$work/bin:$PATH MTL_SRC=$src MTL_WORK=$work HOME=$work/home LC_ALL=C LANG= \
    timeout 60 emacs --batch -Q \
    -l "$here/test_flymake.el" </dev/null 2>&1
  rc=$?
  [ $rc -eq 0 ] && exit 0
  echo "emacs session $try exited $rc"
  [ $try -ge 2 ] && exit 1
  try=$((try + 1))
done
