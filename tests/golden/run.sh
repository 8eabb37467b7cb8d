#!/bin/sh
# Golden runner: lints a case folder's input with its rules and compares the
# output with the expected files byte for byte.
#
# Usage: tests/golden/run.sh MTLINT WORKDIR CASE_DIR
#   CASE_DIR holds rules.yaml, one input.* file, expected.jsonl, and optionally
#   expected.txt (--format text --no-color), args (extra options, one line,
#   split on blanks) and exit-code (the expected exit status; default 0 or 1).
#   MTL_UPDATE_GOLDEN=1 rewrites expected.jsonl (and expected.txt if present,
#   or if MTL_UPDATE_GOLDEN=text) instead of comparing; review them in git.
. "$(dirname "$0")/../lib.sh"
case_dir=${1:?usage: run.sh MTLINT WORKDIR CASE_DIR}
name=$(basename "$case_dir")
cd "$case_dir" || { echo "$name: no such case folder"; exit 1; }
[ -f rules.yaml ] || { echo "$name: rules.yaml missing"; exit 1; }
set -- input.*
[ -f "$1" ] || { echo "$name: no input.* file"; exit 1; }
[ $# -eq 1 ] || { echo "$name: more than one input.* file"; exit 1; }
input=$1
extra=""
[ -f args ] && extra=$(cat args)

# lint FORMAT OUTFILE [more options]: runs mtlint, checks its exit status.
lint() {
  fmt=$1 got=$2
  shift 2
  # shellcheck disable=SC2086
  "$MTLINT" --no-builtin-rules --no-config --rules rules.yaml --format "$fmt" "$@" $extra \
    "$input" >"$got" 2>"$WORK/stderr"
  rc=$?
  if [ -f exit-code ]; then
    want=$(cat exit-code)
    if [ "$rc" != "$want" ]; then
      fail "$name ($fmt): exit status $rc, expected $want"; cat "$WORK/stderr"
    fi
  elif [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
    fail "$name ($fmt): exit status $rc"; cat "$WORK/stderr"
  fi
}

lint jsonl "$WORK/actual.jsonl"
same "$WORK/actual.jsonl" expected.jsonl "$name"
if [ -f expected.txt ] || [ "${MTL_UPDATE_GOLDEN:-}" = text ]; then
  lint text "$WORK/actual.txt" --no-color
  same "$WORK/actual.txt" expected.txt "$name"
fi
done_testing
