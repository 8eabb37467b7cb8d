#!/bin/sh
# Golden runner: lints a case folder's input with its rules and compares the
# output with the expected files byte for byte.
#
# Usage: tests/golden/run.sh CASE_DIR MTLINT
#   CASE_DIR holds rules.yaml, one input.* file, expected.jsonl, and optionally
#   expected.txt (--format text --no-color), args (extra options, one line,
#   split on blanks) and exit-code (the expected exit status; default 0 or 1).
#   MTL_UPDATE_GOLDEN=1 rewrites expected.jsonl (and expected.txt if present,
#   or if MTL_UPDATE_GOLDEN=text) instead of comparing; review them in git.
set -u
unset COLUMNS # text excerpts are not fitted to a terminal here
case_dir=${1:?usage: run.sh CASE_DIR MTLINT}
mtlint=${2:?usage: run.sh CASE_DIR MTLINT}
case $mtlint in /*) ;; *) mtlint=$(pwd)/$mtlint ;; esac
name=$(basename "$case_dir")
cd "$case_dir" || { echo "$name: no such case folder"; exit 1; }
[ -f rules.yaml ] || { echo "$name: rules.yaml missing"; exit 1; }
set -- input.*
[ -f "$1" ] || { echo "$name: no input.* file"; exit 1; }
[ $# -eq 1 ] || { echo "$name: more than one input.* file"; exit 1; }
input=$1
extra=""
[ -f args ] && extra=$(cat args)
tmp=${TMPDIR:-/tmp}/mtl-golden-$name-$$
mkdir -p "$tmp" || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
status=0

# run FORMAT OUTFILE [more options]: runs mtlint, checks its exit status.
run() {
  fmt=$1 out=$2
  shift 2
  # shellcheck disable=SC2086
  "$mtlint" --no-builtin-rules --no-config --rules rules.yaml --format "$fmt" "$@" $extra \
    "$input" >"$out" 2>"$tmp/stderr"
  rc=$?
  if [ -f exit-code ]; then
    want=$(cat exit-code)
    if [ "$rc" != "$want" ]; then
      echo "$name ($fmt): exit status $rc, expected $want"; cat "$tmp/stderr"; status=1
    fi
  elif [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
    echo "$name ($fmt): exit status $rc"; cat "$tmp/stderr"; status=1
  fi
}

# compare EXPECTED ACTUAL
compare() {
  if [ "${MTL_UPDATE_GOLDEN:-}" != "" ]; then
    cp "$2" "$1" && echo "$name: wrote $1"
  elif [ ! -f "$1" ]; then
    echo "$name: $1 missing (run with MTL_UPDATE_GOLDEN=1 and review it)"; status=1
  elif ! cmp -s "$1" "$2"; then
    echo "$name: output differs from $1:"; diff -u "$1" "$2" | head -60; status=1
  fi
}

run jsonl "$tmp/actual.jsonl"
compare expected.jsonl "$tmp/actual.jsonl"
if [ -f expected.txt ] || [ "${MTL_UPDATE_GOLDEN:-}" = text ]; then
  run text "$tmp/actual.txt" --no-color
  compare expected.txt "$tmp/actual.txt"
fi
[ $status -eq 0 ] && echo "$name: ok"
exit $status
