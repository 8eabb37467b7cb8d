#!/bin/sh
# --write-baseline records findings; --baseline hides them even after lines
# move; new findings still show; a bad baseline file is a usage error.
. "$3/lib.sh"
write_article a.md
ml --write-baseline base.txt a.md > w.out 2> w.err || fail "--write-baseline failed"
head -1 base.txt | grep -q '^# mtlint baseline 1$' || fail "header"
[ "$(grep -vc '^#' base.txt)" -ge 6 ] || fail "baseline rows: $(cat base.txt)"
ml -q --baseline base.txt a.md > b.out || fail "baselined findings shown: $(cat b.out)"
# lines move: still hidden
{ printf 'A new first paragraph.\n\n'; cat a.md; } > moved
mv moved a.md
ml -q --baseline base.txt a.md > m.out || fail "moved lines: $(cat m.out)"
# a new finding shows, the old ones stay hidden
echo "Their second report had reputational fees attached." >> a.md
set +e
ml -q -f jsonl --baseline base.txt a.md > n.out; rc=$?
set -e
[ $rc -eq 1 ] || fail "new finding: exit $rc"
[ "$(grep -c '"type":"diagnostic"' n.out)" -eq 1 ] || fail "want only the new finding: $(cat n.out)"
grep -q 'reputational fees' n.out || fail "new finding missing"
# the same finding twice needs two baseline rows
printf 'Exports rose , and fell.\n' > d.md
ml --write-baseline one.txt d.md 2>/dev/null
printf 'Exports rose , and fell.\nExports rose , and fell.\n' > d.md
set +e
ml -q --baseline one.txt d.md > d.out; rc=$?
set -e
[ $rc -eq 1 ] && [ "$(grep -c 'space-before-comma' d.out)" -eq 1 ] || fail "duplicate counting: $(cat d.out)"
echo "not a baseline" > bad.txt
set +e
ml --baseline bad.txt a.md > /dev/null 2> bad.err; rc=$?
set -e
[ $rc -eq 2 ] || fail "bad baseline: exit $rc"
grep -q 'not an mtlint baseline' bad.err || fail "bad baseline message"
echo ok
