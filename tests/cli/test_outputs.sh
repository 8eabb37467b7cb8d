#!/bin/sh
# Several outputs in one run: --format FMT:FILE (repeatable) next to the
# plain --format (standard output or -o FILE), in plain and batch mode.
. "$(dirname "$0")/../lib.sh"
RULES="--no-builtin-rules --no-config --rules $DATA/rules.yaml"

printf '(Written through Ana Lopes) The Solar Mail had a long day.\n' >a.md
printf 'A push meeting here.\n' >b.md
cat >f.rss <<'RSS'
<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
<item><guid>1</guid><description>She gave a push meeting.</description></item>
<item><guid>2</guid><description>(Written through Ana Lopes) on Monday.</description></item>
</channel></rss>
RSS

# each FMT:FILE gets what a run with that --format alone writes
for f in jsonl json sarif checkstyle junit github rdjsonl; do
  "$MTLINT" $RULES --format $f a.md b.md missing.md >alone.$f 2>/dev/null
done
run $RULES --format text --format jsonl:o.jsonl --format sarif:o.sarif \
  --format=junit:o.junit -f json:o.json --format checkstyle:o.checkstyle \
  --format github:o.github --format rdjsonl:o.rdjsonl a.md b.md missing.md
expect_rc 4 "several outputs, one unreadable input"
expect_out '^a.md:1:2: warning: ' "text still on standard output"
expect_out '^[0-9]+ problems' "text summary on standard output"
expect_err 'missing.md' "the unreadable input on standard error"
for f in jsonl json sarif checkstyle junit github rdjsonl; do
  cmp -s alone.$f o.$f || fail "--format $f:FILE differs from --format $f alone"
done
grep -q 'missing.md' o.jsonl || fail "the error record is in the jsonl file too"

# the plain format is not text: standard output has it, the files theirs
run $RULES --format jsonl --format sarif:o2.sarif a.md b.md missing.md
cmp -s .out alone.jsonl || fail "plain jsonl with a sarif file"
cmp -s o2.sarif alone.sarif || fail "sarif file next to plain jsonl"

# with -o FILE: the plain one goes there
run $RULES -o plain.jsonl --format jsonl --format checkstyle:o3.xml a.md b.md
[ -z "$out" ] || fail "-o with FMT:FILE: standard output not empty"
grep -q '"cli.byline"' plain.jsonl || fail "-o FILE has the plain format"
grep -q '<checkstyle' o3.xml || fail "checkstyle file next to -o"

# a text file: no colour, even with --color always; the summary
run $RULES --color always -f jsonl --format text:o.txt a.md
grep -q '^a.md:1:2: warning: ' o.txt || fail "text to a file"
! grep -q "$(printf '\033')" o.txt || fail "colour in a text file"
grep -q '^1 problem\|^2 problems' o.txt || fail "text file summary"

# batch mode (feeds, -j N): the same bytes as alone, for any N
for j in 1 3; do
  "$MTLINT" $RULES -j $j --format jsonl f.rss a.md >batch-alone.jsonl 2>/dev/null
  "$MTLINT" $RULES -j $j --format junit f.rss a.md >batch-alone.junit 2>/dev/null
  run $RULES -j $j --format text --format jsonl:bo.jsonl --format junit:bo.junit f.rss a.md
  expect_rc 1 "batch mode with FMT:FILE (-j $j)"
  expect_out '^f.rss#' "batch text on standard output (-j $j)"
  cmp -s bo.jsonl batch-alone.jsonl || fail "batch jsonl file (-j $j)"
  cmp -s bo.junit batch-alone.junit || fail "batch junit file (-j $j)"
done

# errors: an unknown format, no file, the same file twice, an unwritable file
run $RULES --format sarif:x.sarif --format yaml:x.yaml a.md
expect_rc 2 "unknown format in FMT:FILE"
expect_err "unknown format 'yaml' in 'yaml:x.yaml'" "unknown format message"
[ ! -e x.sarif ] || fail "nothing is written after a usage error"
run $RULES --format sarif: a.md
expect_rc 2 "FMT: without a file"
run $RULES --format sarif:same --format junit:same a.md
expect_rc 2 "two outputs to one file"
expect_err "two outputs to the same file 'same'" "same file message"
run $RULES -o same2 --format sarif:same2 a.md
expect_rc 2 "FMT:FILE and -o to one file"
run $RULES --format jsonl --format sarif:no/such/dir/x.sarif a.md
expect_rc 4 "unwritable FMT:FILE"
expect_err "cannot write the sarif output no/such/dir/x.sarif" "unwritable file message"
[ -z "$out" ] || fail "nothing linted when an output cannot be written"
if [ -w /dev/full ]; then
  run $RULES --format jsonl:/dev/full a.md
  expect_rc 4 "a full disk"
  expect_err "cannot write the output /dev/full" "full disk message"
fi
done_testing
