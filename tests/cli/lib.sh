# lib.sh - shared by the tests/cli/test_*.sh scripts (sourced, POSIX sh).
# Each script is run as: sh test_x.sh MTLINT WORKDIR
# It sets $MTLINT, $WORK (a fresh, empty folder), $DATA (tests/cli/data),
# and gives helpers that record failures; finish with `done_testing`.
set -u
unset COLUMNS # text excerpts as without a terminal (test_width.sh sets it)
MTLINT=${1:?usage: test_x.sh MTLINT WORKDIR}
WORK=${2:?usage: test_x.sh MTLINT WORKDIR}
case $MTLINT in /*) ;; *) MTLINT=$(pwd)/$MTLINT ;; esac
DATA=$(cd "$(dirname "$0")/data" && pwd)
rm -rf "$WORK" && mkdir -p "$WORK" || exit 1
cd "$WORK" || exit 1
FAILED=0
# The rules these tests use, not the built-in packs.
RULES="--no-builtin-rules --no-config --rules $DATA/rules.yaml"

fail() {
  echo "FAIL: $*"
  FAILED=1
}

# run ARGS...: runs mtlint; sets $rc, $out (stdout) and $err (stderr).
run() {
  "$MTLINT" "$@" >"$WORK/.out" 2>"$WORK/.err"
  rc=$?
  out=$(cat "$WORK/.out")
  err=$(cat "$WORK/.err")
}

# expect_rc WANT WHAT
expect_rc() {
  if [ "$rc" -ne "$1" ]; then
    fail "$2: exit status $rc, want $1"
    echo "  stdout: $(head -c 600 "$WORK/.out")"
    echo "  stderr: $(head -c 600 "$WORK/.err")"
  fi
}

# expect_out PATTERN WHAT: stdout has a line matching the grep -E pattern.
expect_out() {
  grep -Eq -- "$1" "$WORK/.out" || { fail "$2: stdout lacks /$1/"; head -c 800 "$WORK/.out"; echo; }
}
expect_no_out() {
  ! grep -Eq -- "$1" "$WORK/.out" || fail "$2: stdout has /$1/"
}
expect_err() {
  grep -Eq -- "$1" "$WORK/.err" || { fail "$2: stderr lacks /$1/"; head -c 800 "$WORK/.err"; echo; }
}
# count_out PATTERN: number of stdout lines matching.
count_out() {
  grep -Ec -- "$1" "$WORK/.out"
}

done_testing() {
  if [ "$FAILED" -ne 0 ]; then
    echo "$(basename "$0"): FAILED"
    exit 1
  fi
  echo "$(basename "$0"): ok"
  exit 0
}
