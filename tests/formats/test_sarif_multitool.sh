#!/bin/sh
# The SARIF output passes Microsoft's SARIF Multitool validation
# (@microsoft/sarif-multitool from npm, installed here; skipped without npm).
. "$(dirname "$0")/../lib.sh"
set -e
command -v npm >/dev/null 2>&1 || skip "npm missing"
TOOLS=$WORK/../sarif-tools
if [ ! -x "$TOOLS/node_modules/.bin/sarif-multitool" ]; then
  mkdir -p "$TOOLS"
  (cd "$TOOLS" && timeout 240 npm install --no-audit --no-fund --silent @microsoft/sarif-multitool >npm.log 2>&1) ||
    { tail -5 "$TOOLS/npm.log"; skip "npm install failed"; }
fi
SM=$TOOLS/node_modules/.bin/sarif-multitool
"$SM" --version >/dev/null 2>&1 || skip "sarif-multitool does not run here"
cp "$DATA/garbled-article.md" a.md
printf 'Exports to china rose , then fell.\n' > 'b c.md'
"$MTLINT" --no-config -f sarif a.md 'b c.md' missing.md > out.sarif || true
rm -f validation.sarif
"$SM" validate out.sarif --output validation.sarif > validate.log 2>&1 || true
cat validate.log
python3 - <<'PY' || fail "multitool reported errors"
import json
v = json.load(open("validation.sarif"))
bad = [r for run in v["runs"] for r in run.get("results", []) if r.get("level", "warning") == "error"]
for r in bad:
    print(r["ruleId"], r["message"].get("text") or r["message"].get("arguments"))
assert not bad
PY
echo ok
