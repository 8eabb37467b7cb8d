#!/bin/sh
# Inline suppression comments (HTML/Markdown and plain-text forms).
. "$(dirname "$0")/../lib.sh"
set -e
cat > s.md <<'ART'
<!-- mtlint-disable-next-line mt-garble.byline-through -- a quoted credit -->
(Written through Mara Lind; Editing through Tom Quill)

<!-- mtlint-disable typography -->
Exports to turkey rose , and then fell.
<!-- mtlint-enable -->
Imports rose , and then fell.
# mtlint-disable-next-line
The firm faces serious reputational prices over the deal.
More reputational prices. <!-- mtlint-disable-line mt-garble -->
// mtlint-disable mt-garble.reputational-prices
Even more reputational prices.
ART
"$MTLINT" --no-config -f jsonl s.md > out.jsonl || true
python3 - <<'PY' || fail "suppression"
import json
d = [json.loads(l) for l in open("out.jsonl") if '"diagnostic"' in l]
got = sorted((x["start"]["line"], x["rule"]) for x in d)
want = [(5, "mt-garble.lowercase-ambiguous-country"), (7, "typography.space-before-comma")]
assert got == want, got
PY
# Rule lists: a pack disabled, one of its rules enabled again; "all"; lists.
R="--no-builtin-rules --rules $HERE/../cli/data/rules.yaml"
cat > lists.md <<'ART'
<!-- mtlint-disable cli -->
(Written through Ana Lopes) gave a push meeting.
<!-- mtlint-enable cli.push-meeting -->
(Written through Ana Lopes) gave a push meeting.
<!-- mtlint-disable all -->
(Written through Ana Lopes) gave a push meeting.
<!-- mtlint-enable cli -->
(Written through Ana Lopes) gave a push meeting. <!-- mtlint-disable-line cli.x, cli.byline -->
(Written through Ana Lopes) gave a push meeting. <!-- mtlint-disable-line cli.push -->
ART
"$MTLINT" --no-config $R -f jsonl lists.md > lists.jsonl || true
python3 - <<'PY' || fail "rule lists"
import json
d = [json.loads(l) for l in open("lists.jsonl") if '"diagnostic"' in l]
got = sorted((x["start"]["line"], x["rule"]) for x in d)
want = [(4, "cli.push-meeting"), (8, "cli.push-meeting"),
        (8, "suppression.unknown-rule"),  # cli.x is no rule
        (9, "cli.byline"), (9, "cli.push-meeting"),
        (9, "suppression.unknown-rule")]  # nor is cli.push (a prefix, not a pack)
assert got == want, got
PY

# Names that are no rule or pack are findings (suppression.unknown-rule,
# with the nearest id or pack as suggestion); disables that hid nothing
# are findings on request (--report-unused-disable, the config's
# report_unused_disable, or --enable suppression.unused), in every format.
cat > names.md <<'ART'
<!-- mtlint-disable-next-line cli.bylin -->
(Written through Ana Lopes) on Monday.
<!-- mtlint-disable-next-line cli.push-meeting -- it was fixed -->
She gave a press conference.
# mtlint-disable cli.byline
(Written through Ana Lopes) on Tuesday.
# mtlint-enable cli.byline
ART
"$MTLINT" --no-config $R -f jsonl names.md > names.jsonl && fail "an unknown name is a warning: exit 1"
python3 - <<'PY' || fail "unknown rule ids in directives"
import json
d = [json.loads(l) for l in open("names.jsonl") if '"diagnostic"' in l]
got = [(x["start"]["line"], x["start"]["column"], x["rule"], x["severity"], x["suggestions"])
       for x in d]
want = [(1, 31, "suppression.unknown-rule", "warning", ["cli.byline"]),
        (2, 2, "cli.byline", "warning", ["Written by"])]
assert got == want, got
assert d[0]["message"] == ("no rule or pack named 'cli.bylin' (in mtlint-disable-next-line); "
                           "did you mean 'cli.byline'?"), d[0]["message"]
assert d[0]["match"] == "cli.bylin"
PY
for how in "--report-unused-disable" "--enable suppression.unused" "--config unused.yaml"; do
  printf 'report_unused_disable: true\n' > unused.yaml
  "$MTLINT" $R $how -f jsonl names.md > unused.jsonl || true
  python3 - "$how" <<'PY' || fail "unused directives ($how)"
import json, sys
d = [json.loads(l) for l in open("unused.jsonl") if '"diagnostic"' in l]
got = [(x["start"]["line"], x["start"]["column"], x["rule"]) for x in d
       if x["rule"] == "suppression.unused"]
assert got == [(3, 31, "suppression.unused")] and d[2]["rule"] == "suppression.unused", (sys.argv[1], got)
assert d[2]["message"] == "mtlint-disable-next-line for 'cli.push-meeting' hid no finding"
PY
done
# A disable-next-line on the last line (nothing after it, blank lines
# aside) hides nothing, but is still checked: its unknown names and, on
# request, that it hid nothing.
printf 'She gave a press conference.\n<!-- mtlint-disable-next-line cli.bylin -->\n\n' > last.md
printf 'She gave a press conference.\n# mtlint-disable-next-line cli.byline\n' > last2.md
"$MTLINT" $R --report-unused-disable -f jsonl last.md > last.jsonl || true
python3 - <<'PY' || fail "disable-next-line on the last line is checked"
import json
d = [json.loads(l) for l in open("last.jsonl") if '"diagnostic"' in l]
got = [(x["start"]["line"], x["rule"]) for x in d]
assert got == [(2, "suppression.unknown-rule")], got
PY
"$MTLINT" $R --report-unused-disable -f jsonl last2.md > last2.jsonl || true
python3 - <<'PY' || fail "disable-next-line on the last line hid nothing"
import json
d = [json.loads(l) for l in open("last2.jsonl") if '"diagnostic"' in l]
got = [(x["start"]["line"], x["rule"], x["message"]) for x in d]
assert got == [(2, "suppression.unused",
                "mtlint-disable-next-line for 'cli.byline' hid no finding")], got
PY
"$MTLINT" --no-config $R --report-unused-disable --disable suppression -f jsonl names.md > off.jsonl || true
! grep -q '"suppression\.' off.jsonl || fail "--disable suppression turns both off"
"$MTLINT" --no-config $R --report-unused-disable -f sarif names.md > names.sarif || true
python3 - <<'PY' || fail "suppression findings in SARIF"
import json
run = json.load(open("names.sarif"))["runs"][0]
ids = sorted(r["ruleId"] for r in run["results"])
assert ids == ["cli.byline", "suppression.unknown-rule", "suppression.unused"], ids
PY

# 100,000 directives per input are honoured, in linear time (this was
# directives x findings, and past 50,000 directives they were dropped
# silently); the ones past the limit are said, once, where they start.
awk 'BEGIN { for (i = 0; i < 100000; i++) print "(Written through Ana Lopes) <!-- mtlint-disable-line -->"
  print "She gave a push meeting. <!-- mtlint-disable-line -->" }' > many.md
"$MTLINT" --no-config $R -f jsonl many.md > many.jsonl || true
python3 - <<'PY' || fail "many directives"
import json
d = [json.loads(l) for l in open("many.jsonl") if '"diagnostic"' in l]
got = [(x["start"]["line"], x["start"]["column"], x["rule"]) for x in d]
assert got == [(100001, 12, "cli.push-meeting"), (100001, 26, "mtlint.rule-limit")], got[:5]
assert "1 inline suppression directives past the limit of 100,000" in d[1]["message"], d[1]
PY

echo ok
