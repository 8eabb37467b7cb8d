#!/bin/sh
# JSONL in, JSONL out: mtlint as a mapper under GNU parallel --pipe (the
# --sshlogin path of docs/SCALING.md, run locally).  The mapped records and
# the merged partial reports equal one run over the whole file.  Skipped (77)
# without GNU parallel (Debian package parallel).
. "$(dirname "$0")/../lib.sh"
set -e
command -v parallel >/dev/null 2>&1 || skip "GNU parallel missing"
command -v python3 >/dev/null 2>&1 || skip "python3 missing"
parallel --version 2>/dev/null | grep -q 'GNU parallel' || skip "not GNU parallel"
export HOME="$WORK"   # parallel keeps state in ~/.parallel
python3 "$SRC/bench/gen_feed.py" jsonl 300 corpus.jsonl 5
# one run over the whole file, from standard input like the mappers
"$MTLINT" --no-config -j2 -f jsonl --input-format jsonl --report whole.json - < corpus.jsonl > whole.jsonl || true
# mappers: 40 lines per job, outputs kept in input order
parallel --will-cite --pipe -N 40 --keep-order -j 3 \
  "$MTLINT" --no-config -j1 -f jsonl --input-format jsonl --partial "$WORK/part-{#}.json" - \
  < corpus.jsonl > mapped.jsonl || true
ls part-*.json >/dev/null 2>&1 || fail "no partial reports written"
[ "$(ls part-*.json | wc -l)" = 8 ] || fail "8 jobs expected"
# records equal but for the source line (relative to each job's chunk) and the summaries
strip() { grep -v '"type":"summary"' "$1" | sed 's/,"source":{"line":[0-9]*,"column":[0-9]*}//'; }
strip whole.jsonl > a
strip mapped.jsonl > b
[ "$(grep -c '"type":"article"' a)" = 300 ] || fail "300 articles expected"
cmp a b || fail "mapped output differs from one run"
"$MTLINT" merge part-*.json --report merged.json || fail "merge"
cmp whole.json merged.json || fail "merged report differs from one run"
echo "ok"
