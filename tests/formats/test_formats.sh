#!/bin/sh
# Every CI format parses as what it claims to be and carries the findings.
. "$(dirname "$0")/../lib.sh"
set -e
cp "$DATA/garbled-article.md" a.md
printf 'caf\303\251 \342\200\234quoted\342\200\235 text: reputational prices & <tags>\n' > 'b c.md'
for f in sarif rdjsonl github checkstyle junit; do
  set +e
  "$MTLINT" --no-config -f $f a.md 'b c.md' missing.md > out.$f
  rc=$?
  set -e
  [ $rc -eq 4 ] || fail "$f: exit $rc, want 4 (missing input)"
done
python3 - <<'PY' || fail "format checks"
import json, xml.etree.ElementTree as ET
s = json.load(open("out.sarif"))
assert s["version"] == "2.1.0"
run = s["runs"][0]
assert run["columnKind"] == "utf16CodeUnits"
rules = run["tool"]["driver"]["rules"]
ids = [r["id"] for r in rules]
assert "mt-garble.byline-through" in ids
r = rules[ids.index("mt-garble.byline-through")]
assert r["help"]["text"] and r["fullDescription"]["text"]
res = run["results"]
first = res[0]
assert first["ruleId"] == "mt-garble.byline-through" and ids[first["ruleIndex"]] == first["ruleId"]
reg = first["locations"][0]["physicalLocation"]["region"]
assert reg["startLine"] == 1 and reg["startColumn"] == 2 and reg["endColumn"] == 17, reg
assert reg["byteOffset"] == 1 and reg["byteLength"] == 15, reg
assert reg["properties"]["byteOffset"] == 1
assert reg["snippet"]["text"] == "Written through"
assert first["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"] == "Written by"
assert len(first["partialFingerprints"]["mtlintFingerprint/v1"]) == 16
uris = {x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for x in res}
assert "b%20c.md" in uris, uris
inv = run["invocations"][0]
assert inv["executionSuccessful"] is False
assert "missing.md" in json.dumps(inv["toolExecutionNotifications"])
# rdjsonl
rd = [json.loads(l) for l in open("out.rdjsonl")]
d = [x for x in rd if x["location"]["path"] == "a.md"][0]
assert d["code"]["value"] == "mt-garble.byline-through" and d["severity"] == "ERROR"
assert d["location"]["range"]["start"] == {"line": 1, "column": 2}
assert d["suggestions"][0]["text"] == "Written by"
assert d["suggestions"][0]["range"]["end"] == {"line": 1, "column": 17}
assert any(x["location"]["path"] == "missing.md" and x["severity"] == "ERROR" for x in rd)
# utf-8 byte columns in rdjsonl vs utf-16 in sarif for the second file
b = [x for x in rd if x["location"]["path"] == "b c.md" and x["code"]["value"] == "mt-garble.reputational-prices"][0]
sb = [x for x in res if x["ruleId"] == "mt-garble.reputational-prices" and "b%20c" in json.dumps(x)][0]
assert b["location"]["range"]["start"]["column"] == 26, b
assert sb["locations"][0]["physicalLocation"]["region"]["startColumn"] == 21, sb
# checkstyle
cs = ET.parse("out.checkstyle").getroot()
assert cs.tag == "checkstyle"
names = [f.get("name") for f in cs.findall("file")]
assert "a.md" in names and "b c.md" in names and "missing.md" in names
e = [f for f in cs.findall("file") if f.get("name") == "a.md"][0].find("error")
assert e.get("source") == "mt-garble.byline-through" and e.get("line") == "1" and e.get("column") == "2"
assert e.get("message").startswith("'Written through'")
# junit
ju = ET.parse("out.junit").getroot()
assert ju.tag == "testsuites" and ju.get("tests") == "3" and ju.get("failures") == "2" and ju.get("errors") == "1", ju.attrib
tc = ju.find("testsuite").findall("testcase")
fl = [t for t in tc if t.get("name") == "a.md"][0].find("failure")
assert "a.md:1:2: error:" in fl.text and "[mt-garble.byline-through]" in fl.text
PY
# github: one command per finding, escaped properties
grep -q '^::error file=a.md,line=1,col=2,endLine=1,endColumn=17,title=mt-garble.byline-through::' out.github ||
  fail "github command line"
grep -q '^::error file=missing.md' out.github || fail "github input error"
! grep -q 'summary' out.github || fail "github summary without reaching the caps"
# over the caps: a summary notice
i=0; : > many.md
while [ $i -lt 12 ]; do echo "Exports rose , and then fell , again." >> many.md; i=$((i+1)); done
"$MTLINT" --no-config -f github many.md > many.github || true
[ "$(grep -c '^::warning' many.github)" -ge 12 ] || fail "github: all findings listed"
grep -q '^::notice title=mtlint summary::[0-9]* findings in 1 files' many.github || fail "github summary line"
# a property value with ':' and ',' is escaped
cp a.md 'x:y,z.md'
"$MTLINT" --no-config -f github 'x:y,z.md' | grep -q 'file=x%3Ay%2Cz.md,' || fail "github escaping"
echo "ok"
