# lib.sh - sourced by every shell test (POSIX sh):
#   . "$(dirname "$0")/../lib.sh"
# ctest runs each test as: sh tests/AREA/test_x.sh MTLINT WORKDIR [ARGS...]
# (or tests/test_x.sh, sourcing "$(dirname "$0")/lib.sh")
#
# Sets  $MTLINT  the binary (absolute path)
#       $WORK    WORKDIR, fresh and empty; the test runs in it (temp files)
#       $HERE    the test's own folder, $DATA its data/ folder
#       $SRC     the source tree's root, $TESTS its tests/ folder
# and shifts MTLINT and WORKDIR off, so "$@" holds the extra arguments.
#
# Failures are recorded, not fatal: `fail` prints FAIL and the test goes
# on; at exit it fails if any check failed (also a check in a subshell).
# Scripts that want every command checked add `set -e` after sourcing.
#
#   fail MSG                 record a failure
#   skip MSG                 print "MSG: skipped" and exit 77 (ctest: skipped)
#   run ARGS...              run mtlint: stdout in $WORK/.out, stderr in
#                            $WORK/.err, also in $out and $err; status in $rc
#   expect_rc WANT WHAT      the last run's status is WANT
#   expect_out ERE WHAT      a line of the last run's stdout matches
#   expect_no_out ERE WHAT   no line of it matches
#   expect_err ERE WHAT      a line of the last run's stderr matches
#   count_out ERE            prints how many stdout lines match
#   has BRE [FILE]           a line of FILE (default: the last run's stdout)
#   hasnt BRE [FILE]         matches, or none does
#   same GOT WANT WHAT       the two files are equal byte for byte (a diff
#                            when not); with MTL_UPDATE_GOLDEN set, GOT is
#                            copied over WANT instead (review the diff)
#   done_testing             print ok or FAILED and exit
set -u
unset COLUMNS # text excerpts as without a terminal (test_width.sh sets it)
MTLINT=${1:?usage: test_x.sh MTLINT WORKDIR [ARGS...]}
WORK=${2:?usage: test_x.sh MTLINT WORKDIR [ARGS...]}
shift 2
case $MTLINT in /*) ;; *) MTLINT=$(pwd)/$MTLINT ;; esac
case $WORK in /*) ;; *) WORK=$(pwd)/$WORK ;; esac
HERE=$(cd "$(dirname "$0")" && pwd)
DATA=$HERE/data
if [ -f "$HERE/lib.sh" ]; then TESTS=$HERE; else TESTS=$(cd "$HERE/.." && pwd); fi
SRC=$(cd "$TESTS/.." && pwd)
# A failure is also a file beside $WORK, so that one in a subshell counts.
FAILED=0
rm -rf "$WORK" "$WORK.failed" && mkdir -p "$WORK" || exit 1
cd "$WORK" || exit 1
trap '_mtl_st=$?; if [ -e "$WORK.failed" ]; then echo "$(basename "$0"): FAILED"; exit 1; fi; exit $_mtl_st' EXIT

fail() {
  echo "FAIL: $*"
  FAILED=1
  : >"$WORK.failed"
}

skip() {
  echo "$*: skipped"
  exit 77
}

run() {
  case $- in *e*) set +e; "$MTLINT" "$@" >"$WORK/.out" 2>"$WORK/.err"; rc=$?; set -e ;;
    *) "$MTLINT" "$@" >"$WORK/.out" 2>"$WORK/.err"; rc=$? ;; esac
  out=$(cat "$WORK/.out")
  err=$(cat "$WORK/.err")
}

expect_rc() {
  if [ "$rc" -ne "$1" ]; then
    fail "$2: exit status $rc, want $1"
    echo "  stdout: $(head -c 600 "$WORK/.out")"
    echo "  stderr: $(head -c 600 "$WORK/.err")"
  fi
}

expect_out() {
  grep -Eq -- "$1" "$WORK/.out" || { fail "$2: stdout lacks /$1/"; head -c 800 "$WORK/.out"; echo; }
}
expect_no_out() {
  ! grep -Eq -- "$1" "$WORK/.out" || fail "$2: stdout has /$1/"
}
expect_err() {
  grep -Eq -- "$1" "$WORK/.err" || { fail "$2: stderr lacks /$1/"; head -c 800 "$WORK/.err"; echo; }
}
count_out() {
  grep -Ec -- "$1" "$WORK/.out"
}

has() {
  grep -q -- "$1" "${2:-$WORK/.out}" ||
    { echo "--- ${2:-.out}:"; head -40 "${2:-$WORK/.out}"; fail "no '$1' in ${2:-.out}"; }
}
hasnt() {
  ! grep -q -- "$1" "${2:-$WORK/.out}" || fail "unexpected '$1' in ${2:-.out}"
}

same() {
  if [ -n "${MTL_UPDATE_GOLDEN:-}" ]; then
    cmp -s "$1" "$2" || { cp "$1" "$2" && echo "$3: wrote $2"; }
  elif [ ! -f "$2" ]; then
    fail "$3: $2 missing (run with MTL_UPDATE_GOLDEN=1 and review it)"
  elif ! cmp -s "$1" "$2"; then
    fail "$3: output differs from $2:"
    diff -u "$2" "$1" | head -60
  fi
}

done_testing() {
  [ ! -e "$WORK.failed" ] || exit 1 # the trap says FAILED
  echo "$(basename "$0"): ok"
  exit 0
}
