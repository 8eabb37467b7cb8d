#!/bin/sh
# What --fix guarantees beyond atomicity: an edit made before the swap is
# never lost, hard links are not split, read-only files and other users'
# files are left alone, owner and extended attributes are kept.
. "$(dirname "$0")/../lib.sh"
set -e
cp "$DATA/garbled-article.md" orig.md
fixed_text() { grep -q 'Written by Mara Lind' "$1"; }
# run_fix FILE [ENV...]: --fix, sets $rc and $msg (stdout and stderr)
run_fix() {
  f=$1
  shift
  set +e
  env "$@" "$MTLINT" --no-config --fix -q "$f" > fix.out 2>&1
  rc=$?
  set -e
  msg=$(cat fix.out)
}

# An edit made between mtlint's last look and the replacement: in place
# (the same file) and as editors save (a new file renamed over it).
for how in inplace rename; do
  cp orig.md swap-$how.md
  ( n=0; while [ $n -lt 200 ] && ! ls -a | grep -q "^\.swap-$how\.md\.mtlint-"; do sleep 0.05; n=$((n+1)); done
    sleep 0.4
    if [ $how = inplace ]; then echo "Edited elsewhere." > swap-$how.md
    else echo "Edited elsewhere." > new-$how.md && mv new-$how.md swap-$how.md; fi ) &
  run_fix swap-$how.md MTLINT_TEST_FIX_SWAP_PAUSE_MS=1500
  wait
  [ $rc -eq 4 ] || fail "edit before the swap ($how): exit $rc, want 4: $msg"
  echo "$msg" | grep -q 'changed while it was being fixed' || fail "edit before the swap ($how): $msg"
  [ "$(cat swap-$how.md)" = "Edited elsewhere." ] || fail "edit before the swap ($how) lost"
  ls -a | grep -q 'mtlint-' && fail "temp file left behind ($how)"
done

# hard links: a rename would split them, so the file is left alone
cp orig.md hard.md
ln hard.md hard2.md
ino=$(stat -c %i hard.md)
run_fix hard.md
[ $rc -eq 4 ] || fail "hard link: exit $rc, want 4"
echo "$msg" | grep -q 'has 2 hard links' || fail "hard link message: $msg"
cmp -s hard.md orig.md || fail "hard-linked file changed"
[ "$(stat -c %i hard.md)" = "$ino" ] && [ "$(stat -c %h hard.md)" = 2 ] || fail "hard link split"

# read-only files are skipped with a message (also when run as root)
cp orig.md ro.md
chmod 444 ro.md
run_fix ro.md
[ $rc -eq 4 ] || fail "read-only: exit $rc, want 4"
echo "$msg" | grep -q 'read-only file; not written' || fail "read-only message: $msg"
cmp -s ro.md orig.md || fail "read-only file rewritten"

# extended attributes are kept (where the file system has user attributes)
cp orig.md xa.md
if python3 -c 'import os, sys; os.setxattr(sys.argv[1], "user.mtlint", b"keep")' xa.md 2>/dev/null; then
  run_fix xa.md
  fixed_text xa.md || fail "xattr file not fixed: $msg"
  [ "$(python3 -c 'import os, sys; print(os.getxattr(sys.argv[1], "user.mtlint").decode())' xa.md)" = keep ] ||
    fail "extended attribute dropped"
else
  echo "skipped: no user extended attributes here"
fi

# owner: root keeps another user's owner; another user never takes over
# a file it may write but does not own
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
  cp orig.md own.md
  chown 65534:65534 own.md
  run_fix own.md
  fixed_text own.md || fail "root: not fixed: $msg"
  [ "$(stat -c %u:%g own.md)" = 65534:65534 ] || fail "root: owner not kept: $(stat -c %u:%g own.md)"
  mkdir -m 777 shared
  cp orig.md shared/theirs.md
  chmod 666 shared/theirs.md
  set +e
  setpriv --reuid=65534 --regid=65534 --clear-groups "$MTLINT" --no-config --fix -q \
    shared/theirs.md > fix.out 2>&1
  rc=$?
  set -e
  [ $rc -eq 4 ] || fail "other user's file: exit $rc, want 4: $(cat fix.out)"
  grep -q 'owned by another user' fix.out || fail "other user's file: $(cat fix.out)"
  [ "$(stat -c %u shared/theirs.md)" = 0 ] || fail "other user's file changed owner"
  cmp -s shared/theirs.md orig.md || fail "other user's file rewritten"
else
  echo "skipped: owner checks need root and setpriv"
fi
echo ok
