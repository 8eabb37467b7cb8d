#!/bin/sh
# scripts/setup.sh: the README's commands work as root (no sudo on a fresh
# Debian) and as a user with sudo; the default set builds, --test adds the
# test tools.  dpkg-query, apt-get, id and sudo are stand-ins on PATH.
. "$(dirname "$0")/../lib.sh"
SETUP=$(cd "$DATA/../../../scripts" && pwd)/setup.sh

mkdir -p bin nosudo
cat >bin/dpkg-query <<'S'
#!/bin/sh
exit 1
S
cat >bin/apt-get <<'S'
#!/bin/sh
echo "apt-get uid=$(id -u) $*" >>"$LOG"
S
cat >bin/id <<'S'
#!/bin/sh
echo "${FAKE_UID:-1000}"
S
cat >bin/sudo <<'S'
#!/bin/sh
echo "sudo $*" >>"$LOG"
FAKE_UID=0 exec "$@"
S
chmod +x bin/*
for t in dpkg-query apt-get id; do cp "bin/$t" nosudo/; done
LOG=$WORK/log
export LOG

# /usr/bin may have a real sudo: hide it behind a PATH of our own
mkdir -p sys
for t in sh sed grep cat chmod dirname; do
  p=$(command -v $t) && ln -sf "$p" "sys/$t"
done
sh_only() {
  d=$1
  shift
  : >"$LOG"
  PATH="$WORK/$d:$WORK/sys" "$SETUP" "$@" >"$WORK/.out" 2>"$WORK/.err"
  rc=$?
}

# as root, no sudo anywhere
FAKE_UID=0 sh_only nosudo
expect_rc 0 "root without sudo"
grep -q '^apt-get uid=0 install .* cmake ' "$LOG" || fail "root: apt-get install not run: $(cat "$LOG")"
! grep -q sudo "$LOG" || fail "root: sudo used"
! grep -q 'chromium\|valgrind\|emacs' "$LOG" || fail "default set has test tools: $(cat "$LOG")"

# as a user: setup.sh runs itself again through sudo, options kept
FAKE_UID=1000 sh_only bin --test
expect_rc 0 "user with sudo"
grep -q "^sudo .*setup.sh --test" "$LOG" || fail "user: not re-run through sudo: $(cat "$LOG")"
grep -q '^apt-get uid=0 install .*chromium' "$LOG" || fail "--test lacks chromium: $(cat "$LOG")"
for p in valgrind nodejs emacs-nox neovim pre-commit python3-jsonschema libcmocka-dev; do
  grep -q "install .* $p\( \|$\)" "$LOG" || fail "--test lacks $p"
done

# as a user without sudo: a clear message, nothing installed
FAKE_UID=1000 sh_only nosudo
expect_rc 1 "user without sudo"
expect_err 'need root' "user without sudo: message"
! grep -q apt-get "$LOG" || fail "user without sudo: apt-get run"

# --dry-run installs nothing; unknown options are refused
FAKE_UID=0 sh_only nosudo --test --dry-run
expect_rc 0 "--dry-run"
expect_out 'would install.* chromium' "--dry-run lists the test set"
! grep -q apt-get "$LOG" || fail "--dry-run ran apt-get"
FAKE_UID=0 sh_only nosudo --tset
expect_rc 2 "unknown option"

# the README's two commands and CI call it as documented
README=$(cd "$DATA/../../.." && pwd)/README.md
CIRUN=$(cd "$DATA/../../.." && pwd)/.ci/run
grep -q '^\./scripts/setup\.sh && cmake ' "$README" || fail "README build command"
grep -q '^\./scripts/setup\.sh --test && \./scripts/test\.sh' "$README" || fail "README test command"
grep -q 'scripts/setup\.sh --test' "$CIRUN" || fail ".ci/run installs the --test set"
! grep -q '^sudo \./scripts' "$README" || fail "README still starts with sudo"

done_testing
