#!/bin/sh
# CI formats agree with the exit status: a JUnit test case fails only for
# findings at or above --fail-on (the others go to <system-out>); SARIF
# carries informationUri and a helpUri for every rule, each rule anchored in
# docs/RULES.md; Checkstyle writes no line="0" for an unreadable input.
. "$(dirname "$0")/../lib.sh"
set -e
TOP=$SRC
printf 'The talks ended on nov. 3 with a deal.\n' > warn.md     # a warning
printf '(Written through Mara Lind)\n' > err.md                # an error
check() { # check FILE PYTHON-ASSERTIONS
  python3 -c "import sys, xml.etree.ElementTree as ET
ju = ET.parse('$1').getroot(); tc = ju.find('testsuite').findall('testcase')
case = {t.get('name'): t for t in tc}
$2" || fail "$1: $2"
}

# warnings only, --fail-on error: exit 0 and no failed test case
set +e
"$MTLINT" --no-config -f junit --fail-on error warn.md > w-error.xml; rc=$?
set -e
[ $rc -eq 0 ] || fail "warnings under --fail-on error: exit $rc"
check w-error.xml "assert ju.get('failures') == '0', ju.attrib
c = case['warn.md']; assert c.find('failure') is None
assert 'warning:' in c.find('system-out').text"

# the same with the default --fail-on warning: exit 1, a failure
set +e
"$MTLINT" --no-config -f junit warn.md > w-warning.xml; rc=$?
set -e
[ $rc -eq 1 ] || fail "warnings under --fail-on warning: exit $rc"
check w-warning.xml "assert ju.get('failures') == '1'
assert 'warning:' in case['warn.md'].find('failure').text"

# --fail-on never: nothing fails, everything is in system-out
"$MTLINT" --no-config -f junit --fail-on never warn.md err.md > never.xml
check never.xml "assert ju.get('failures') == '0'
assert 'error:' in case['err.md'].find('system-out').text"

# errors and warnings under --fail-on error: only the error fails
set +e
"$MTLINT" --no-config -f junit --fail-on error warn.md err.md > mixed.xml; rc=$?
set -e
[ $rc -eq 1 ] || fail "error under --fail-on error: exit $rc"
check mixed.xml "assert ju.get('failures') == '1'
f = case['err.md'].find('failure'); assert 'byline-through' in f.text and f.get('type') == 'error'
assert case['warn.md'].find('failure') is None"

# Checkstyle: an unreadable input has no line 0
"$MTLINT" --no-config -f checkstyle missing.md > cs.xml || true
python3 -c "import xml.etree.ElementTree as ET
e = ET.parse('cs.xml').getroot().find('file').find('error')
assert e.get('line') is None and e.get('column') is None, e.attrib
assert e.get('source') == 'mtlint.io'" || fail "checkstyle: line 0 for an unreadable input"
! grep -q 'line="0"' cs.xml || fail "checkstyle: line=\"0\""

# SARIF: informationUri; helpUri for every rule, each anchored in docs/RULES.md
"$MTLINT" --no-config -f sarif err.md > out.sarif || true
python3 - "$TOP/docs/RULES.md" <<'PY' || fail "sarif links"
import json, sys
doc = open(sys.argv[1], encoding="utf-8").read()
d = json.load(open("out.sarif"))["runs"][0]["tool"]["driver"]
assert d["informationUri"].endswith("README.md"), d.get("informationUri")
missing = []
for r in d["rules"]:
    uri = r.get("helpUri", "")
    assert uri, r["id"] + " has no helpUri"
    if "RULES.md#" in uri and f'<a id="{uri.split("#", 1)[1]}"></a>' not in doc:
        missing.append(r["id"])
assert not missing, ("no anchor in docs/RULES.md for %s: run scripts/rules_doc.py" % missing)
PY
