#!/bin/sh
# Same findings from the optimised path (literal prefilter, reordered
# assertions, verdict caches, -j2) as from the reference path
# (MTL_REFERENCE=1, one thread), on a generated corpus and on texts with
# characters that caseless matching folds to ASCII, and two-byte literals
# at the ends of a text (pair.txt); windows around literal hits.
# Usage: equiv.sh MTLINT SRCDIR
set -eu
mtlint=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 "$src/bench/gen_corpus.py" "$tmp/corpus.jsonl" --articles 600 --seed 11 2>/dev/null
cp "$src/tests/bench/data/fold.txt" "$src/tests/bench/data/pair.txt" "$tmp/"
for f in "$src"/samples/*.txt "$src"/samples/*.md; do cp "$f" "$tmp/"; done
run() {
  "$mtlint" --no-config --rules "$src/tests/bench/data/scoped.yaml" -f jsonl \
    --fail-on never "$@" "$tmp/corpus.jsonl" "$tmp"/*.txt "$tmp"/*.md
}
MTL_REFERENCE=1 run -j1 > "$tmp/ref.jsonl"
run -j2 > "$tmp/opt.jsonl"
n=$(grep -c '"type":"diagnostic"' "$tmp/ref.jsonl" || true)
[ "$n" -gt 1000 ] || { echo "equiv: only $n findings on the reference path" >&2; exit 1; }
for r in perf-test.sentence-through perf-test.line-fashion perf-test.paragraph-span \
         perf-test.hoisted perf-test.pair-line perf-test.window-on-the \
         perf-test.follow-digit perf-test.precede-digit; do
  grep -q "\"rule\":\"$r\"" "$tmp/ref.jsonl" || { echo "equiv: $r never fired" >&2; exit 1; }
done
if ! cmp -s "$tmp/ref.jsonl" "$tmp/opt.jsonl"; then
  echo "equiv: optimised findings differ from the reference path:" >&2
  diff "$tmp/ref.jsonl" "$tmp/opt.jsonl" | head -20 >&2
  exit 1
fi
echo "equiv: $n findings, identical"
