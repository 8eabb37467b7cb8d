#!/bin/sh
# --write-baseline records findings; --baseline hides them even after lines
# move; new findings still show; a bad baseline file is a usage error.
. "$(dirname "$0")/../lib.sh"
set -e
cp "$DATA/garbled-article.md" a.md
"$MTLINT" --no-config --write-baseline base.txt a.md > w.out 2> w.err || fail "--write-baseline failed"
head -1 base.txt | grep -q '^# mtlint baseline 1$' || fail "header"
[ "$(grep -vc '^#' base.txt)" -ge 6 ] || fail "baseline rows: $(cat base.txt)"
"$MTLINT" --no-config -q --baseline base.txt a.md > b.out || fail "baselined findings shown: $(cat b.out)"
# lines move: still hidden
{ printf 'A new first paragraph.\n\n'; cat a.md; } > moved
mv moved a.md
"$MTLINT" --no-config -q --baseline base.txt a.md > m.out || fail "moved lines: $(cat m.out)"
# a new finding shows, the old ones stay hidden
echo "Their second report had reputational fees attached." >> a.md
set +e
"$MTLINT" --no-config -q -f jsonl --baseline base.txt a.md > n.out; rc=$?
set -e
[ $rc -eq 1 ] || fail "new finding: exit $rc"
[ "$(grep -c '"type":"diagnostic"' n.out)" -eq 1 ] || fail "want only the new finding: $(cat n.out)"
grep -q 'reputational fees' n.out || fail "new finding missing"
# the same finding twice needs two baseline rows
printf 'Exports rose , and fell.\n' > d.md
"$MTLINT" --no-config --write-baseline one.txt d.md 2>/dev/null
printf 'Exports rose , and fell.\nExports rose , and fell.\n' > d.md
set +e
"$MTLINT" --no-config -q --baseline one.txt d.md > d.out; rc=$?
set -e
[ $rc -eq 1 ] && [ "$(grep -c 'space-before-comma' d.out)" -eq 1 ] || fail "duplicate counting: $(cat d.out)"
# paths are stored relative to the baseline file, normalised: ./a.md is
# a.md, and a run from another folder (or by absolute path) matches
printf '(Written through Mara Lind)\n' > p.md
"$MTLINT" --no-config --write-baseline pb.txt ./p.md 2>/dev/null
grep -q "	p\.md	" pb.txt || fail "baseline row path not normalised: $(cat pb.txt)"
"$MTLINT" --no-config -q --baseline pb.txt p.md > p1.out || fail "./p.md vs p.md: $(cat p1.out)"
mkdir -p sub
(cd sub && "$MTLINT" --no-config -q --baseline ../pb.txt ../p.md) > p2.out ||
  fail "run from a sub-folder: $(cat p2.out)"
"$MTLINT" --no-config -q --baseline "$WORK/pb.txt" "$WORK/p.md" > p3.out || fail "absolute paths: $(cat p3.out)"
(cd sub && "$MTLINT" --no-config --write-baseline ../pb2.txt ../p.md 2>/dev/null)
cmp -s pb.txt pb2.txt || fail "baseline written from a sub-folder differs: $(cat pb2.txt)"
mkdir -p ci
(cd sub && "$MTLINT" --no-config --write-baseline ../ci/pb3.txt ../p.md 2>/dev/null)
grep -q "	\.\./p\.md	" ci/pb3.txt || fail "baseline in another folder: $(cat ci/pb3.txt)"
# a baseline written by an older mtlint with ./ paths still matches
sed 's#	p\.md	#	./p.md	#' pb.txt > old.txt
"$MTLINT" --no-config -q --baseline old.txt p.md > p4.out || fail "old ./ rows: $(cat p4.out)"
echo "not a baseline" > bad.txt
set +e
"$MTLINT" --no-config --baseline bad.txt a.md > /dev/null 2> bad.err; rc=$?
set -e
[ $rc -eq 2 ] || fail "bad baseline: exit $rc"
grep -q 'not an mtlint baseline' bad.err || fail "bad baseline message"
echo ok
