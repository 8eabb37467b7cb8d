#!/bin/sh
# Batch-mode throughput: generates a feed of N articles (default 10000) and
# prints articles/s and MB/s for -j1 and -jN (N: all cores, or $JOBS).
# Usage: bench/feed_bench.sh [MTLINT] [N] [FORMAT]   (FORMAT: rss, atom, jsonl)
# Not a test: speeds are measured and printed, never asserted.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
mtlint=${1:-$here/../build/mtlint}
n=${2:-10000}
fmt=${3:-rss}
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}
[ -x "$mtlint" ] || { echo "feed_bench: no mtlint at $mtlint (build first)" >&2; exit 2; }
[ "$n" -ge 10000 ] || echo "feed_bench: note: fewer than 10000 articles" >&2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 "$here/gen_feed.py" "$fmt" "$n" "$tmp/feed.$fmt"
bytes=$(wc -c < "$tmp/feed.$fmt")
echo "feed: $n articles, $fmt, $bytes bytes; $(nproc 2>/dev/null || echo '?') cores"
now() { date +%s.%N; }
for j in 1 "$jobs"; do
  start=$(now)
  "$mtlint" --no-config -q -j"$j" -f jsonl --fail-on never "$tmp/feed.$fmt" > "$tmp/out.jsonl"
  end=$(now)
  articles=$(grep -c '"type":"article"' "$tmp/out.jsonl")
  awk -v s="$start" -v e="$end" -v a="$articles" -v b="$bytes" -v j="$j" 'BEGIN {
    t = e - s; if (t <= 0) t = 0.001;
    printf "-j%-3d %8d articles in %6.2f s: %9.1f articles/s, %7.2f MB/s\n", j, a, t, a / t, b / t / 1e6 }'
  [ "$j" = "$jobs" ] && break
done
