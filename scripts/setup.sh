#!/bin/sh
# Installs what mtlint needs to build and test on Debian 12 (idempotent).
# Run as root or through sudo.
set -eu
pkgs="build-essential cmake pkg-config libhunspell-dev hunspell-en-us libpcre2-dev
libyaml-dev libutf8proc-dev libcmocka-dev libjansson-dev libxml2-dev python3 python3-jsonschema
chromium parallel nodejs hunspell valgrind
git patch pre-commit
neovim emacs-nox elpa-eglot vim-ale"
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -z "$missing" ]; then
  echo "setup: all packages present"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "setup: need root to install:$missing (run: sudo $0)" >&2
  exit 1
fi
echo "setup: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing
