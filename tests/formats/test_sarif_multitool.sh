#!/bin/sh
# The SARIF output passes Microsoft's SARIF Multitool validation
# (@microsoft/sarif-multitool from npm, installed here; skipped without npm).
. "$3/lib.sh"
command -v npm >/dev/null 2>&1 || { echo "npm missing: skipped"; exit 77; }
TOOLS=$WORK/../sarif-tools
if [ ! -x "$TOOLS/node_modules/.bin/sarif-multitool" ]; then
  mkdir -p "$TOOLS"
  (cd "$TOOLS" && timeout 240 npm install --no-audit --no-fund --silent @microsoft/sarif-multitool >npm.log 2>&1) ||
    { echo "npm install failed: skipped"; tail -5 "$TOOLS/npm.log"; exit 77; }
fi
SM=$TOOLS/node_modules/.bin/sarif-multitool
"$SM" --version >/dev/null 2>&1 || { echo "sarif-multitool does not run here: skipped"; exit 77; }
write_article a.md
printf 'Exports to china rose , then fell.\n' > 'b c.md'
ml -f sarif a.md 'b c.md' missing.md > out.sarif || true
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
