#!/bin/sh
# An input that runs out of memory is an error of that input (code memory,
# at line 1 column 1, exit status 4) and the inputs after it are linted, on
# the plain path and in batch mode (-j2).  The memory runs out for real:
# a 31 MB text of two-letter words (about 380 MB to lint with these rules)
# under `ulimit -v 250000` (250 MB of address space; the small inputs need
# under 150 MB).  Skipped in sanitizer builds, which reserve terabytes of
# address space, and where the shell has no `ulimit -v`.
. "$(dirname "$0")/../lib.sh"
RULES="--no-builtin-rules --no-config --rules $DATA/rules.yaml"

[ -n "${MTL_SANITIZED:-}" ] && skip "sanitizer build"
(ulimit -v 250000) 2>/dev/null || skip "no ulimit -v"

printf 'She gave a push meeting.\n' >a.txt
printf 'Written through Anna Berg.\n' >c.txt
awk 'BEGIN {
  s = "we at an on in to go so ";
  while (length(b) < 65536) b = b s s s s "\n";
  for (i = 0; i < 480; i++) printf "%s", b;
}' >big.txt

limited() {
  (ulimit -v 250000 && exec "$MTLINT" "$@") >"$WORK/.out" 2>"$WORK/.err"
  rc=$?
}

# the plain path: text format, the error on standard error
limited $RULES a.txt big.txt c.txt
expect_rc 4 "out of memory is an input error"
expect_err '^big\.txt:1:1: error: out of memory: this 31\.5 MB text is linted whole, which takes 10-20 times its size; split it$' \
  "located memory error"
expect_out '^a\.txt:1:[0-9]+: error: .*\[cli\.push-meeting\]' "the input before it linted"
expect_out '^c\.txt:1:[0-9]+: .*\[cli\.byline\]' "the input after it linted"
expect_out '2 problems .* in 2 files' "summary counts the linted files"

# JSON Lines: an error record with code memory
limited $RULES -f jsonl a.txt big.txt c.txt
expect_rc 4 "jsonl: exit status"
expect_out '^\{"type":"error","path":"big\.txt","line":1,"column":1,"code":"memory","message":"out of memory: this 31\.5 MB text' \
  "jsonl: memory error record"
[ "$(count_out '"type":"diagnostic"')" -eq 2 ] || fail "jsonl: both small inputs linted"

# batch mode: the worker that runs out reports the same, the others go on
limited $RULES -j2 -f jsonl a.txt big.txt c.txt
expect_rc 4 "-j2: exit status"
expect_out '^\{"type":"error","path":"big\.txt","line":1,"column":1,"code":"memory","message":"out of memory: this 31\.5 MB text' \
  "-j2: memory error record"
expect_out '"path":"c\.txt".*"rule":"cli\.byline"' "-j2: the input after it linted"

done_testing
