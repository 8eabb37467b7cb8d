#!/bin/sh
# Same findings from the optimised path (literal prefilter, reordered
# assertions, verdict caches, -j2) as from the reference path
# (MTL_REFERENCE=1, one thread), on a generated corpus and on texts with
# characters that caseless matching folds to ASCII, and two-byte literals
# at the ends of a text (pair.txt); windows around literal hits.
# Usage: equiv.sh MTLINT WORKDIR
. "$(dirname "$0")/../lib.sh"
set -e
tmp=$WORK
python3 "$SRC/bench/gen_corpus.py" "$tmp/corpus.jsonl" --articles 600 --seed 11 2>/dev/null
cp "$DATA/fold.txt" "$DATA/pair.txt" "$tmp/"
for f in "$SRC"/samples/*.txt "$SRC"/samples/*.md; do cp "$f" "$tmp/"; done
lint() {
  "$MTLINT" --no-config --rules "$DATA/scoped.yaml" -f jsonl \
    --fail-on never "$@" "$tmp/corpus.jsonl" "$tmp"/*.txt "$tmp"/*.md
}
MTL_REFERENCE=1 lint -j1 > "$tmp/ref.jsonl"
lint -j2 > "$tmp/opt.jsonl"
n=$(grep -c '"type":"diagnostic"' "$tmp/ref.jsonl" || true)
[ "$n" -gt 1000 ] || { fail "equiv: only $n findings on the reference path"; done_testing; }
for r in perf-test.sentence-through perf-test.line-fashion perf-test.paragraph-span \
         perf-test.hoisted perf-test.pair-line perf-test.window-on-the \
         perf-test.follow-digit perf-test.precede-digit; do
  grep -q "\"rule\":\"$r\"" "$tmp/ref.jsonl" || { fail "equiv: $r never fired"; done_testing; }
done
if ! cmp -s "$tmp/ref.jsonl" "$tmp/opt.jsonl"; then
  fail "equiv: optimised findings differ from the reference path:"
  diff "$tmp/ref.jsonl" "$tmp/opt.jsonl" | head -20
  done_testing
fi
echo "equiv: $n findings, identical"
done_testing
