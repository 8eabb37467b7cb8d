#!/bin/sh
# editors/vscode checked with Node.js and stand-in vscode modules (VS Code
# itself cannot be installed here); see test_vscode.js.  Skipped (77) when
# node is not installed (Debian: nodejs).
# Usage: test_vscode.sh MTLINT SRCDIR WORKDIR
set -u
command -v node >/dev/null 2>&1 || { echo "node not installed (Debian: nodejs): skipped"; exit 77; }
exec timeout 90 node "$(dirname "$0")/test_vscode.js" "$@" </dev/null
