#!/bin/sh
# Awkward inputs: an empty file, NUL bytes and invalid UTF-8 (input.encoding
# once, other findings still made), a BOM with CRLF line endings.
. "$(dirname "$0")/../lib.sh"
RULES="--no-builtin-rules --no-config --rules $DATA/rules.yaml"

: >empty.txt
run $RULES -f jsonl empty.txt
expect_rc 0 "empty file"
expect_out '"type":"summary".*"files":1,"words":0,"diagnostics":0' "empty file summary"
run $RULES empty.txt
expect_rc 0 "empty file (text)"

printf 'A push meeting\000? No: a push meeting \377\376 and \342\202 a push meeting.\n' >bad.txt
run $RULES -f jsonl bad.txt
expect_rc 1 "NUL and invalid UTF-8"
[ "$(count_out '"rule":"input.encoding"')" -eq 2 ] ||
  fail "want one input.encoding finding for the NUL and one for the invalid bytes"
expect_out '"rule":"input.encoding".*"start":\{"offset":14,' "NUL byte located"
expect_out '"rule":"input.encoding".*"start":\{"offset":36,' "first invalid byte located"
[ "$(count_out '"rule":"cli.push-meeting"')" -eq 3 ] || fail "push meeting found 3 times around bad bytes"
# a NUL inside a match must not cut the message short
printf 'A push\000 meeting.\n' >nul-inside.txt
run $RULES -f jsonl nul-inside.txt
if grep -q '"rule":"cli.push-meeting"' .out; then
  expect_out '"rule":"cli.push-meeting".*"message":"[^"]*should be' "message with a NUL in {match} is whole"
fi
run $RULES bad.txt
expect_rc 1 "bad bytes (text)"
# the text excerpt shows no raw control or invalid bytes
if LC_ALL=C grep -q "$(printf '\377')" .out; then fail "raw 0xFF in text output"; fi

# BOM + CRLF: offsets count the BOM and CRs; columns count from after the BOM
printf '\357\273\277A push meeting.\r\n\r\n(Written through Ana Lopes)\r\n' >bom.txt
run $RULES -f jsonl bom.txt
expect_out '"rule":"cli.push-meeting".*"match":"push meeting".*"start":\{"offset":5,"line":1,"column":3,"column_utf16":3\},"end":\{"offset":17,"line":1,"column":15,"column_utf16":15\}' "BOM line 1 positions"
expect_out '"rule":"cli.byline".*"match":"Written through".*"start":\{"offset":23,"line":3,"column":2,"column_utf16":2\},"end":\{"offset":38,"line":3,"column":17,"column_utf16":17\}' "CRLF line 3 positions"
run $RULES --no-color bom.txt
expect_out '^bom\.txt:1:3: error: ' "text position after BOM"
expect_out '^bom\.txt:3:2: warning: ' "text position after CRLF"
if LC_ALL=C grep -q "$(printf '\r')" .out; then fail "CR in text output"; fi

# a phrase across a CRLF line break: the text format stays one record per
# "path:line:col:" line plus the two excerpt lines (no raw CR or LF from the
# match inside the message)
printf 'They held a push\r\nmeeting on Friday.\r\n' >split.txt
run $RULES --no-color -q split.txt
if grep -q '"rule":"cli.push-meeting"' .out || [ -n "$out" ]; then
  bad=$(grep -cv '^split\.txt:[0-9]*:[0-9]*: ' .out)
  [ "$bad" -eq 0 ] || fail "quiet text output has $bad line(s) that are not 'path:line:col: ...' records"
fi

# multi-byte characters before a match: byte columns vs UTF-16 columns
printf '\360\237\230\200 \303\251 push meeting\n' >astral.txt
run $RULES -f jsonl astral.txt
expect_out '"start":\{"offset":8,"line":1,"column":9,"column_utf16":6\}' "astral columns"

# A lone CR ends a line, as in the language server (LSP: "\n", "\r\n",
# "\r"); before, the command line counted only LF and the two disagreed.
printf 'First line.\rShe gave a push meeting.\r\nThird push meeting.\n' >cr.txt
run $RULES -f jsonl --fail-on never cr.txt
expect_out '"offset":23,"line":2,"column":12' "finding after a lone CR on line 2"
expect_out '"offset":44,"line":3,"column":7' "finding after CR LF on line 3"

done_testing
