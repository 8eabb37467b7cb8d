#!/bin/sh
# Debian's Neovim (0.7) loads editors/neovim/mtlint.lua as editors/README.md
# says (copied to ~/.config/nvim/lua/, `require('mtlint')` in init.lua, the
# built mtlint on PATH) and opens a Markdown article below a .mtlint.yaml.
# Two runs: `utf-16`, the config as shipped (Neovim 0.7 offers only UTF-16),
# and `utf-8`, where the test wraps vim.lsp.start_client to offer UTF-8 as
# newer Neovims do.  Skipped (77) when nvim is not installed.
# Usage: test_neovim.sh MTLINT WORKDIR
. "$(dirname "$0")/../lib.sh"
command -v nvim >/dev/null 2>&1 || skip "nvim not installed"
bin=$MTLINT src=$SRC work=$WORK
here=$HERE
for enc in utf-16 utf-8; do
  w=$work/$enc
  rm -rf "$w" && mkdir -p "$w/bin" "$w/home/.config/nvim/lua" "$w/project/news"
  ln -s "$bin" "$w/bin/mtlint"
  cp "$src/editors/neovim/mtlint.lua" "$w/home/.config/nvim/lua/mtlint.lua"
  echo "require('mtlint')" > "$w/home/.config/nvim/init.lua"
  # the project's config governs the server; spelling would flag the names
  printf '%s\n' 'disable: [spelling]' > "$w/project/.mtlint.yaml"
  printf '%s\n' 'Zoë Łukasiewicz 🚀 said the special army operation goes on.' \
    'Ünïcödé again: the firm faces reputational prices.' > "$w/project/news/article.md"
  echo 'Plain notes.' > "$w/project/notes.txt"
  # a second root with spelling on: the fix comes through codeAction/resolve
  mkdir -p "$w/spell"
  printf '%s\n' 'root: true' > "$w/spell/.mtlint.yaml"
  printf '%s\n' 'Officials recieve the delegation.' > "$w/spell/typo.md"
  # started from $w, so the root must come from the .mtlint.yaml above the file
  (cd "$w" && PATH=$w/bin:$PATH MTL_WORK=$w MTL_ENC=$enc HOME=$w/home \
    XDG_CONFIG_HOME=$w/home/.config XDG_DATA_HOME=$w/home/.local/share \
    XDG_STATE_HOME=$w/home/.local/state XDG_CACHE_HOME=$w/home/.cache \
    VIMINIT= LC_ALL=C.UTF-8 \
    timeout 90 nvim --headless -n -i NONE --cmd "luafile $here/test_neovim.lua" \
      -c 'lua MtlTestRun()' project/news/article.md </dev/null)
  rc=$?
  [ $rc -eq 0 ] || fail "neovim ($enc) exited $rc"
done
done_testing
