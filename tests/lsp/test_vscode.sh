#!/bin/sh
# editors/vscode checked with Node.js and stand-in vscode modules (VS Code
# itself cannot be installed here); see test_vscode.js.  Skipped (77) when
# node is not installed (Debian: nodejs).
# Usage: test_vscode.sh MTLINT WORKDIR
. "$(dirname "$0")/../lib.sh"
command -v node >/dev/null 2>&1 || skip "node not installed (Debian: nodejs)"
cd "$WORK/.." && exec timeout 90 node "$HERE/test_vscode.js" "$MTLINT" "$SRC" "$WORK" </dev/null
