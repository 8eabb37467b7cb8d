#!/bin/sh
# --fix rewrites safe fixes in place (mode kept, symlink kept), --diff prints
# a patch that applies, a file changed during the fix is refused, stdin is
# never fixed in place.
. "$(dirname "$0")/../lib.sh"
set -e
cp "$DATA/garbled-article.md" a.md
cp a.md orig.md
chmod 640 a.md
set +e
"$MTLINT" --no-config --diff a.md > fix.diff; rc=$?
set -e
[ $rc -eq 1 ] || fail "--diff exit $rc, want 1"
cmp -s a.md orig.md || fail "--diff changed the file"
grep -q '^-(Written through Mara Lind; Editing through Tom Quill)$' fix.diff || fail "diff old line"
grep -q '^+(Written by Mara Lind; Editing by Tom Quill)$' fix.diff || fail "diff new line"
cp orig.md patched.md
patch -s patched.md < fix.diff || fail "patch does not apply"
"$MTLINT" --no-config --fix -q a.md > out.txt || true
cmp -s a.md patched.md || fail "--fix result differs from the --diff patch"
grep -q 'Written by Mara Lind; Editing by Tom Quill' a.md || fail "byline not fixed"
grep -q 'reputational costs' a.md || fail "phrase not fixed"
grep -q 'rose, and' a.md || fail "space before comma not fixed"
[ "$(stat -c %a a.md)" = 640 ] || fail "mode not kept: $(stat -c %a a.md)"
ls -a | grep -q 'mtlint-' && fail "temp file left behind"
# a second run has nothing left to fix
"$MTLINT" --no-config --diff a.md > again.diff || fail "second --diff still finds fixes: $(cat again.diff)"
[ ! -s again.diff ] || fail "second diff not empty"
# symlinks: the target is fixed, the link stays a link
cp orig.md target.md
ln -s target.md link.md
"$MTLINT" --no-config --fix -q link.md >/dev/null || true
[ -L link.md ] || fail "symlink replaced by a file"
cmp -s target.md patched.md || fail "symlink target not fixed"
# changed while being fixed: refused, the other writer's content survives
cp orig.md race.md
# the other writer strikes once mtlint has made its temp file (so it has read the file)
( n=0; while [ $n -lt 200 ] && ! ls -a | grep -q '^\.race\.md\.mtlint-'; do sleep 0.05; n=$((n+1)); done
  echo "Edited elsewhere." > race.md ) &
set +e
MTLINT_TEST_FIX_PAUSE_MS=1500 "$MTLINT" --no-config --fix race.md > race.out 2> race.err; rc=$?
set -e
wait
[ $rc -eq 4 ] || fail "changed file: exit $rc, want 4"
grep -q 'changed' race.out race.err || fail "changed file: no message"
[ "$(cat race.md)" = "Edited elsewhere." ] || fail "changed file was overwritten"
ls -a | grep -q 'mtlint-' && fail "temp file left behind after refusal"
# standard input
set +e
"$MTLINT" --no-config --fix - < orig.md > stdin.out 2>&1; rc=$?
set -e
[ $rc -eq 4 ] || fail "stdin --fix: exit $rc, want 4"
grep -q 'standard input cannot be fixed' stdin.out || fail "stdin message"
# overlapping fixes: resolved deterministically (same output every run)
printf 'Exports rose , , and fell ,, again.\n' > o1.md
cp o1.md o2.md
"$MTLINT" --no-config --fix -q o1.md >/dev/null || true
"$MTLINT" --no-config --fix -q o2.md >/dev/null || true
cmp -s o1.md o2.md || fail "overlapping fixes not deterministic"
echo ok
