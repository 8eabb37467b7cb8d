# Shared by the feeds test scripts: sourced after setting $0's arguments.
set -eu
MTLINT=$1
WORK=$2
SRC=$3
rm -rf "$WORK"
mkdir -p "$WORK"
cd "$WORK"
fail() { echo "FAIL: $*" >&2; exit 1; }
# run CMD...: runs mtlint without config, keeps stdout in out, stderr in err, code in rc
run() {
  set +e
  "$MTLINT" --no-config "$@" >out 2>err
  rc=$?
  set -e
}
expect_rc() { [ "$rc" = "$1" ] || { cat err >&2; fail "exit code $rc, expected $1 ($2)"; }; }
has() { grep -q -- "$1" "${2:-out}" || { echo "--- ${2:-out}:" >&2; head -40 "${2:-out}" >&2; fail "no '$1' in ${2:-out}"; }; }
hasnt() { ! grep -q -- "$1" "${2:-out}" || fail "unexpected '$1' in ${2:-out}"; }
