#!/bin/sh
# Standard input in batch mode (sniffed, forced, named), the progress line
# staying off when stderr is not a terminal, and option errors.
. "$(dirname "$0")/../lib.sh"
set -e
S=$SRC/samples/feeds
set +e
"$MTLINT" --no-config -f jsonl --input-format auto - < "$S/harbor-wire.rss" > .out 2> .err
rc=$?
set -e
expect_rc 1 "findings from stdin"
has '"type":"article","path":"<stdin>","item":"hw-1002"'
[ ! -s .err ] || { cat .err >&2; fail "stderr not empty (no progress line when not a terminal)"; }
set +e
"$MTLINT" --no-config -f jsonl --stdin-filename wire.rss -j2 - < "$S/harbor-wire.rss" > .out 2> .err
rc=$?
set -e
has '"path":"wire.rss","item":"hw-1004"'
set +e
"$MTLINT" --no-config -f jsonl --input-format atom - < "$S/city-desk.atom" > .out 2> .err
rc=$?
set -e
has '"item":"urn:example:city-desk:2002"'
# forcing the wrong reader is a reported input error, not a crash
set +e
"$MTLINT" --no-config -f jsonl --input-format rss - < "$S/dump.jsonl" > .out 2> .err
rc=$?
set -e
expect_rc 4 "JSON Lines read as RSS"
has '"type":"error","path":"<stdin>","line":1'
run --no-config --input-format yaml x.rss
expect_rc 2 "unknown input format"
has "input-format takes" .err
run --no-config -j 0 x.rss
expect_rc 2 "-j 0"
run --no-config --report-format pdf --report r.pdf x.rss
expect_rc 2 "unknown report format"
# --quiet keeps the text output short, verdicts stay
run --no-config -q "$S/dump.jsonl"
has "dump.jsonl#a-2: garbled"
hasnt "problems"
echo "ok"
