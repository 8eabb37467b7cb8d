#!/bin/sh
# check.sh MTLINT SEEDS_DIR
# Lints the seed articles with the built-in packs and checks
#   expected.txt: FILE<TAB>RULE<TAB>MATCH lines that must each appear as a
#                 JSONL diagnostic (MATCH "*" accepts any match of RULE);
#   clean.txt:    files that must give no warning or error.
# Exits 1 naming every missing assertion, 2 on bad arguments.
set -u
if [ $# -ne 2 ] || [ ! -x "$1" ] || [ ! -d "$2" ]; then
  echo "usage: check.sh MTLINT SEEDS_DIR" >&2
  exit 2
fi
mtlint=$1
seeds=$2
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
tab=$(printf '\t')
fail=0

lint() { # FILE -> $tmp/FILE.jsonl (once)
  if [ ! -f "$tmp/$1.jsonl" ]; then
    if [ ! -f "$seeds/$1" ]; then
      echo "check.sh: seed '$1' not found in $seeds" >&2
      return 1
    fi
    "$mtlint" --no-config --format jsonl --fail-on never "$seeds/$1" >"$tmp/$1.jsonl"
    rc=$?
    if [ $rc -ne 0 ]; then
      echo "check.sh: mtlint exited $rc on $1" >&2
      return 1
    fi
  fi
  return 0
}

n=0
while IFS="$tab" read -r file rule match; do
  case $file in ''|'#'*) continue ;; esac
  n=$((n + 1))
  if ! lint "$file"; then fail=1; continue; fi
  if [ "$match" = "*" ]; then
    grep -F "\"rule\":\"$rule\"," "$tmp/$file.jsonl" >/dev/null
  else
    grep -F "\"rule\":\"$rule\"," "$tmp/$file.jsonl" |
      grep -F "\"match\":\"$match\",\"suggestions\"" >/dev/null
  fi
  if [ $? -ne 0 ]; then
    echo "MISSING: $file: $rule did not report '$match'" >&2
    fail=1
  fi
done <"$here/expected.txt"

while IFS= read -r file; do
  case $file in ''|'#'*) continue ;; esac
  if ! lint "$file"; then fail=1; continue; fi
  if grep -E '"severity":"(warning|error)"' "$tmp/$file.jsonl" >"$tmp/noisy"; then
    echo "NOT CLEAN: $file has warnings or errors:" >&2
    sed 's/^/  /' "$tmp/noisy" >&2
    fail=1
  fi
done <"$here/clean.txt"

if [ $fail -eq 0 ]; then
  echo "seeds: $n assertions and clean files hold"
fi
exit $fail
