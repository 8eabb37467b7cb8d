#!/bin/sh
# Under valgrind's memcheck: no invalid reads or writes, and nothing lost
# (definitely or possibly) when the CLI exits, for a text file, a JSON Lines
# feed at -j2 and --list-rules.  The CLI leaves its engines to the
# operating system at exit (main.c): they must stay reachable.  Skipped
# without valgrind and in sanitizer builds (ctest sets MTL_SANITIZED).
# Uninitialised-value checks are off: PCRE2's JIT code trips them.
. "$(dirname "$0")/../lib.sh"

command -v valgrind >/dev/null 2>&1 || skip "valgrind not installed"
[ "${MTL_SANITIZED:-0}" = 1 ] && skip "sanitizer build"

VG="valgrind -q --leak-check=full --errors-for-leak-kinds=definite,possible
    --undef-value-errors=no --error-exitcode=99"

printf 'The goverment said so (Written through Ana Lopes).\n' >one.txt
printf '{"id":"a","text":"The goverment met them on the user."}\n{"id":"b","text":"Skip to content"}\n' >feed.jsonl

vg() {
  # shellcheck disable=SC2086
  $VG "$MTLINT" "$@" >"$WORK/.out" 2>"$WORK/.err"
  rc=$?
}

vg --no-config one.txt
expect_rc 1 "valgrind: a text file with findings"
expect_out "spelling.unknown-word" "valgrind: the text file was linted"
vg --no-config -j2 -f jsonl feed.jsonl
expect_rc 1 "valgrind: a JSON Lines feed at -j2"
expect_out '"item":"a","rule":"mt-garble.on-the-user"' "valgrind: the feed was linted"
vg --no-config --list-rules
expect_rc 0 "valgrind: --list-rules"

done_testing
