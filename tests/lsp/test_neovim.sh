#!/bin/sh
# Debian's Neovim (0.7) drives `mtlint lsp`, once with UTF-16 and once with
# UTF-8 positions.  Skipped (77) when nvim is not installed.
# Usage: test_neovim.sh MTLINT SRCDIR WORKDIR
set -u
command -v nvim >/dev/null 2>&1 || { echo "nvim not installed: skipped"; exit 77; }
bin=$1 src=$2 work=$3
here=$(cd "$(dirname "$0")" && pwd)
fail=0
for enc in utf-16 utf-8; do
  w=$work/$enc
  rm -rf "$w" && mkdir -p "$w/xdg"
  printf '%s\n' 'Zoë Łukasiewicz 🚀 said the special army operation goes on.' \
    'Ünïcödé again: the firm faces reputational prices.' > "$w/article.md"
  MTL_BIN=$bin MTL_SRC=$src MTL_WORK=$w MTL_ENC=$enc HOME=$w XDG_CONFIG_HOME=$w/xdg \
    XDG_DATA_HOME=$w/xdg XDG_STATE_HOME=$w/xdg XDG_CACHE_HOME=$w/xdg \
    timeout 90 nvim --headless --clean -n -c "luafile $here/test_neovim.lua" </dev/null
  rc=$?
  [ $rc -eq 0 ] || { echo "FAIL: neovim ($enc) exited $rc"; fail=1; }
done
exit $fail
