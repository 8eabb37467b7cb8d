#!/bin/sh
# Partial reports: merging the shards of a corpus gives the report of one
# run over it, in any order and grouping (associative, order-independent),
# in every report format.
. "$(dirname "$0")/../lib.sh"
set -e
command -v python3 >/dev/null 2>&1 || skip "python3 missing"
python3 "$SRC/bench/gen_feed.py" jsonl 240 all.jsonl 3
# three shards of the same corpus (split by lines)
sed -n '1,70p' all.jsonl > s1.jsonl
sed -n '71,160p' all.jsonl > s2.jsonl
sed -n '161,$p' all.jsonl > s3.jsonl
# the whole: one run (a bad line too, so the error count merges)
printf '{"id":"bad","text":5}\n' > bad.jsonl
run --no-config -j2 all.jsonl bad.jsonl --report whole.json --partial whole.part
expect_rc 4 "bad line"
run --no-config -j2 all.jsonl bad.jsonl --report whole.html
run --no-config -j2 all.jsonl bad.jsonl --report whole.csv
# shards, one partial each (shard names differ: report per source, not per path)
run --no-config -j1 s1.jsonl --partial p1.part
run --no-config -j2 s2.jsonl bad.jsonl --partial p2.part
run --no-config -j3 s3.jsonl --partial p3.part
for ext in json html csv; do
  "$MTLINT" merge p1.part p2.part p3.part --report m123.$ext || fail "merge"
  "$MTLINT" merge p3.part p1.part p2.part --report m312.$ext || fail "merge"
done
# the paths of the worst articles differ (shards are different files): compare
# the reports with the paths rewritten
norm() { sed 's/s[123]\.jsonl/all.jsonl/g' "$1"; }
for ext in json html csv; do
  norm whole.$ext > w.$ext
  norm m123.$ext | cmp - w.$ext || fail "merged shards differ from one run ($ext)"
  norm m312.$ext | cmp - w.$ext || fail "merge order changes the report ($ext)"
done
# associativity: (p1+p2)+p3 = p1+(p2+p3)
"$MTLINT" merge p1.part p2.part --partial p12.part
"$MTLINT" merge p2.part p3.part --partial p23.part
"$MTLINT" merge p12.part p3.part --report a.json
"$MTLINT" merge p1.part p23.part --report b.json
cmp a.json b.json || fail "merge is not associative"
cmp a.json m123.json || fail "grouping changes the report"
has '"input_errors":1' a.json
has '"articles":240' a.json
# partials made with other thresholds are refused
run --no-config --suspect-at 1 -j1 s1.jsonl --partial other.part
set +e
"$MTLINT" merge p1.part other.part --report x.json 2>.err
rc=$?
set -e
expect_rc 4 "mismatched thresholds"
has 'other thresholds' .err
# a broken partial is reported with its name
printf '{"mtlint_partial":1,"config":{}}' > broken.part
set +e
"$MTLINT" merge p1.part broken.part --report x.json 2>.err
rc=$?
set -e
expect_rc 4 "broken partial"
has 'broken.part' .err
set +e
"$MTLINT" merge p1.part 2>.err
rc=$?
set -e
expect_rc 2 "merge without --report"
echo "ok"
