#!/bin/sh
# Licence and release notes: LICENSE exists and says what the VS Code
# package says; the CHANGELOG names the project's version; docs/CI.md does
# not tell pre-commit users to pin a tag the repository does not have.
. "$(dirname "$0")/../lib.sh"
TOP=$SRC

[ -f "$TOP/LICENSE" ] || fail "no LICENSE"
grep -q '^MIT License' "$TOP/LICENSE" 2>/dev/null || fail "LICENSE is not the MIT licence"
grep -q 'Copyright (c) [0-9]* the mtlint authors' "$TOP/LICENSE" 2>/dev/null || fail "LICENSE copyright line"
grep -q '"license": "MIT"' "$TOP/editors/vscode/package.json" || fail "VS Code package licence differs"
version=$(sed -n 's/^project(mtlint VERSION \([0-9.]*\).*/\1/p' "$TOP/CMakeLists.txt")
[ -n "$version" ] || fail "no version in CMakeLists.txt"
grep -q "^## \[$version\]" "$TOP/CHANGELOG.md" 2>/dev/null || fail "CHANGELOG.md lacks $version"
grep -q '"version": "'"$version"'"' "$TOP/editors/vscode/package.json" || fail "VS Code version is not $version"
# pre-commit: a 'rev: vX' line only once the tag exists; the commit pin is explained
if grep -q '^ *rev: v' "$TOP/docs/CI.md"; then
  tag=$(sed -n 's/^ *rev: \(v[0-9.]*\).*/\1/p' "$TOP/docs/CI.md" | head -1)
  git -C "$TOP" rev-parse -q --verify "refs/tags/$tag" >/dev/null 2>&1 ||
    fail "docs/CI.md pins rev: $tag, which is not a tag"
fi
grep -q 'rev: <sha>' "$TOP/docs/CI.md" || fail "docs/CI.md does not say how to pin a commit"
grep -q 'LICENSE' "$TOP/README.md" || fail "README does not name the licence"
# the VS Code package carries the same licence text (vsce wants it beside the manifest)
cmp -s "$TOP/LICENSE" "$TOP/editors/vscode/LICENSE" || fail "editors/vscode/LICENSE differs from LICENSE"

done_testing
