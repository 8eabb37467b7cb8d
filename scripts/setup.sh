#!/bin/sh
# Installs the Debian 12 packages mtlint needs (idempotent: only what is
# missing).  Usage: scripts/setup.sh [--test] [--dry-run]
#   (default)  what building and running mtlint needs
#   --test     also the test tools (browsers, editors, valgrind, Node.js...)
#   --dry-run  print the missing packages and install nothing
# Run it as root or as a user with sudo: when not root it runs itself again
# through sudo (a root shell on a fresh Debian has no sudo, and needs none).
set -eu
test_set=0
dry=0
for arg in "$@"; do
  case $arg in
    --test) test_set=1 ;;
    --dry-run) dry=1 ;;
    -h | --help)
      sed -n '2,8s/^# \{0,1\}//p' "$0"
      exit 0
      ;;
    *)
      echo "setup: unknown option '$arg' (--test, --dry-run)" >&2
      exit 2
      ;;
  esac
done
# Building and running: compiler, CMake, the libraries, the dictionaries and
# data the rules read at run time.
pkgs="build-essential cmake pkg-config libhunspell-dev hunspell-en-us hunspell-en-gb
wamerican-huge wbritish-huge libpcre2-dev
libyaml-dev libutf8proc-dev libjansson-dev libxml2-dev mythes-en-us
libsphinxbase-dev pocketsphinx-en-us"
# The tests: schema validation, headless Chromium for the HTML report, the
# editors driven by tests/lsp, valgrind, the pre-commit hook, GNU parallel,
# cmocka for the unit tests.
test_pkgs="libcmocka-dev python3 python3-jsonschema chromium parallel nodejs hunspell valgrind
git patch pre-commit
neovim emacs-nox elpa-eglot vim-ale"
[ "$test_set" -eq 1 ] && pkgs="$pkgs $test_pkgs"
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -z "$missing" ]; then
  echo "setup: all packages present"
  exit 0
fi
if [ "$dry" -eq 1 ]; then
  echo "setup: would install$missing"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    echo "setup: installing as root through sudo:$missing" >&2
    exec sudo "$0" "$@"
  fi
  echo "setup: need root to install:$missing (run this script as root)" >&2
  exit 1
fi
echo "setup: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing
