#!/bin/sh
# Vim with ALE (Debian: vim, vim-ale) runs editors/vim's mtlint_lsp linter,
# which talks to `mtlint lsp`, on a Markdown article below a .mtlint.yaml,
# headless: diagnostics and their byte columns after multi-byte text, the
# quick fixes through :ALECodeAction (one with the cursor after 14 bytes more
# than UTF-16 units), the re-lints (test_ale_lsp.vim).  The
# linter folder is copied to ~/.vim/ale_linters as editors/README.md says
# (~/.config/nvim/ale_linters for a second run in Neovim, if installed),
# mtlint found on PATH.  Skipped (77) when vim or ALE is not installed.
# Usage: test_ale_lsp.sh MTLINT WORKDIR
. "$(dirname "$0")/../lib.sh"
command -v vim >/dev/null 2>&1 || skip "vim not installed"
ale=${MTL_ALE:-/usr/share/vim-ale}
[ -f "$ale/plugin/ale.vim" ] || skip "ALE (vim-ale) not installed at $ale"
bin=$MTLINT src=$SRC work=$WORK
here=$HERE
# Vim, then Neovim (ALE supports both) when it is installed
for editor in vim nvim; do
  command -v $editor >/dev/null 2>&1 || { echo "$editor not installed: that run skipped"; continue; }
  w=$work/$editor
  case $editor in vim) dot=.vim ;; *) dot=.config/nvim ;; esac
  rm -rf "$w" && mkdir -p "$w/bin" "$w/home/$dot" "$w/project/news"
  ln -s "$bin" "$w/bin/mtlint"
  cp -R "$src/editors/vim/ale_linters" "$w/home/$dot/"
  # the project's config governs the server; spelling would flag the names
  printf '%s\n' 'disable: [spelling]' > "$w/project/.mtlint.yaml"
  printf '%s\n' 'Zoë Łukasiewicz 🚀 said the special army operation goes on.' \
    '🚀🚀🚀🚀🚀 Ünïcödé again: the firm faces reputational prices.' \
    'Ólafur wants to consolidate his control over the force.' > "$w/project/news/article.md"
  # started from $w, so the root must come from the .mtlint.yaml above the file
  (cd "$w" && PATH=$w/bin:$PATH MTL_WORK=$w MTL_ALE=$ale HOME=$w/home VIMINIT= \
    XDG_CONFIG_HOME=$w/home/.config XDG_DATA_HOME=$w/home/.local/share \
    XDG_STATE_HOME=$w/home/.local/state XDG_CACHE_HOME=$w/home/.cache \
    LC_ALL=C.UTF-8 timeout 90 $editor -N -u "$here/test_ale_lsp.vim" -i NONE -n -es </dev/null)
  rc=$?
  echo "== $editor"
  tr -d '\000' < "$w/result.txt" 2>/dev/null || echo "FAIL: $editor wrote no result (exit $rc)"
  [ $rc -eq 0 ] && [ -f "$w/result.txt" ] && ! grep -aq '^FAIL' "$w/result.txt" && continue
  fail "$editor + ALE + mtlint lsp (exit $rc)"
done
done_testing
