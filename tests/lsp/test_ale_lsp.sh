#!/bin/sh
# Vim with ALE (Debian: vim, vim-ale) runs editors/vim's mtlint_lsp linter,
# which talks to `mtlint lsp`, on a Markdown article below a .mtlint.yaml,
# headless: diagnostics and their byte columns after multi-byte text, the
# quick fix through :ALECodeAction, the re-lint.  The linter folder is copied
# to ~/.vim/ale_linters as editors/README.md says, mtlint found on PATH.
# Skipped (77) when vim or ALE is not installed.
# Usage: test_ale_lsp.sh MTLINT SRCDIR WORKDIR
set -u
command -v vim >/dev/null 2>&1 || { echo "vim not installed: skipped"; exit 77; }
ale=${MTL_ALE:-/usr/share/vim-ale}
[ -f "$ale/plugin/ale.vim" ] || { echo "ALE (vim-ale) not installed at $ale: skipped"; exit 77; }
bin=$1 src=$2 work=$3
here=$(cd "$(dirname "$0")" && pwd)
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
rm -rf "$work" && mkdir -p "$work/bin" "$work/home/.vim" "$work/project/news"
ln -s "$bin" "$work/bin/mtlint"
cp -R "$src/editors/vim/ale_linters" "$work/home/.vim/"
# the project's config governs the server; spelling would flag the names
printf '%s\n' 'disable: [spelling]' > "$work/project/.mtlint.yaml"
printf '%s\n' 'Zoë Łukasiewicz 🚀 said the special army operation goes on.' \
  'Ünïcödé again: the firm faces reputational prices.' > "$work/project/news/article.md"
# started from $work, so the root must come from the .mtlint.yaml above the file
(cd "$work" && PATH=$work/bin:$PATH MTL_WORK=$work MTL_ALE=$ale HOME=$work/home VIMINIT= \
  LC_ALL=C.UTF-8 timeout 90 vim -N -u "$here/test_ale_lsp.vim" -i NONE -n -es </dev/null)
rc=$?
cat "$work/result.txt" 2>/dev/null || echo "FAIL: vim wrote no result (exit $rc)"
[ $rc -eq 0 ] && [ -f "$work/result.txt" ] && ! grep -q '^FAIL' "$work/result.txt" && exit 0
echo "FAIL: vim + ALE + mtlint lsp (exit $rc)"
exit 1
