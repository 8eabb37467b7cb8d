#!/bin/sh
# check_layout.sh [ROOT]: the README's "Project layout" and the file maps of
# docs/INTERNALS.md (the library's, the command's) match the tree: every
# source file is named there (a name or a glob such as read_*.c), every
# name there matches a file, and the layout lists every top-level folder
# and nothing gone.
# Prints what differs; exit status 1 if anything does (ctest docs_layout).
set -u
cd "${1:-.}" || exit 2
fail=0
say() { echo "check_layout: $*"; fail=1; }

layout=$(awk '/^## Project layout/ {on = 1} on && /^```text/ {in_ = 1; next}
              in_ && /^```/ {exit} in_' README.md)
# The table rows of a section of docs/INTERNALS.md.
table() { awk -v h="## $1" '$0 == h {on = 1; next} on && /^## / {exit} on && /^\|/' docs/INTERNALS.md; }
map=$(table "Modules and their headers")
climap=$(table "The command")
[ -n "$layout" ] || say "README.md: no Project layout block"
[ -n "$map" ] || say "docs/INTERNALS.md: no header map"
[ -n "$climap" ] || say "docs/INTERNALS.md: no map of the command"

# The file names and globs of a text: words ending in .c or .h.
names() { printf '%s\n' "$1" | tr ' `,;()|' '\n\n\n\n\n\n\n' | grep -E '^[A-Za-z0-9_*]+\.[ch]$' | sort -u; }
# covered LIST FILE: whether a name or glob of LIST matches FILE.
covered() {
  for pat in $1; do
    case $2 in $pat) return 0 ;; esac
  done
  return 1
}

set -f
lnames=$(names "$layout")
mnames=$(names "$map")
cnames=$(names "$climap")
set +f
for f in src/lib/*.c; do
  b=${f##*/}
  set -f; covered "$lnames" "$b" || say "README.md layout does not name $f"; set +f
done
for f in src/lib/*.c src/lib/*.h; do
  b=${f##*/}
  set -f; covered "$mnames" "$b" || say "docs/INTERNALS.md header map does not name $f"; set +f
done
for f in src/cli/*.c src/cli/*.h; do
  b=${f##*/}
  set -f; covered "$cnames" "$b" || say "docs/INTERNALS.md map of the command does not name $f"; set +f
done
for pat in $(set -f; echo $cnames); do
  set -- src/cli/$pat
  [ -e "$1" ] || say "docs/INTERNALS.md map of the command names $pat: no such file in src/cli"
done
for pat in $(set -f; echo $lnames); do
  set -- src/lib/$pat src/cli/$pat include/$pat
  [ -e "$1" ] || [ -e "$2" ] || [ -e "$3" ] || say "README.md layout names $pat: no such file"
done
for pat in $(set -f; echo $mnames); do
  set -- src/lib/$pat include/$pat
  [ -e "$1" ] || [ -e "$2" ] || say "docs/INTERNALS.md header map names $pat: no such file"
done

# Top-level folders (tracked ones when git knows them) against the layout's
# paths: the words that start a line and hold a slash.
paths=$(printf '%s\n' "$layout" | awk '$1 ~ /\// {print $1}')
for p in $paths; do
  [ -e "$p" ] || say "README.md layout names $p: no such path"
done
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  dirs=$(git ls-files | sed -n 's|^\([^./][^/]*\)/.*|\1|p' | sort -u)
else
  dirs=$(ls -d */ | sed 's|/$||' | grep -v '^build')
fi
for d in $dirs; do
  printf '%s\n' "$paths" | grep -q "^$d/" || say "README.md layout does not list $d/"
done
exit $fail
