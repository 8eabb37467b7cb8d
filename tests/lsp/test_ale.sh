#!/bin/sh
# Vim with ALE (Debian: vim, vim-ale) runs editors/vim's mtlint linter on an
# unsaved buffer, headless.  Skipped (77) when vim or ALE is not installed;
# scripts/setup.sh installs both, so CI runs it.
# Usage: test_ale.sh MTLINT WORKDIR
. "$(dirname "$0")/../lib.sh"
command -v vim >/dev/null 2>&1 || skip "vim not installed"
ale=${MTL_ALE:-/usr/share/vim-ale}
[ -f "$ale/plugin/ale.vim" ] || skip "ALE (vim-ale) not installed at $ale"
bin=$MTLINT src=$SRC work=$WORK
here=$HERE
mkdir -p "$work/bin" "$work/home"
ln -s "$bin" "$work/bin/mtlint"
printf '%s\n' 'Zoë Łukasiewicz 🚀 said the special army operation goes on.' \
  'Ünïcödé again: the firm faces reputational prices.' > "$work/article.md"
PATH=$work/bin:$PATH MTL_SRC=$src MTL_WORK=$work MTL_ALE=$ale HOME=$work/home VIMINIT= \
  LC_ALL=C.UTF-8 timeout 60 vim -N -u "$here/test_ale.vim" -i NONE -n -es </dev/null
rc=$?
cat "$work/result.txt" 2>/dev/null || echo "FAIL: vim wrote no result (exit $rc)"
[ $rc -eq 0 ] && [ -f "$work/result.txt" ] && ! grep -q '^FAIL' "$work/result.txt" && exit 0
echo "FAIL: vim + ALE (exit $rc)"
exit 1
