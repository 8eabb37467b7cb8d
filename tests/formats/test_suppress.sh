#!/bin/sh
# Inline suppression comments (HTML/Markdown and plain-text forms).
. "$3/lib.sh"
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
ml -f jsonl s.md > out.jsonl || true
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
ml $R -f jsonl lists.md > lists.jsonl || true
python3 - <<'PY' || fail "rule lists"
import json
d = [json.loads(l) for l in open("lists.jsonl") if '"diagnostic"' in l]
got = sorted((x["start"]["line"], x["rule"]) for x in d)
want = [(4, "cli.push-meeting"), (8, "cli.push-meeting"),
        (9, "cli.byline"), (9, "cli.push-meeting")]
assert got == want, got
PY

# 100,000 directives per input are honoured, in linear time (this was
# directives x findings, and past 50,000 directives they were dropped
# silently); the ones past the limit are said, once, where they start.
awk 'BEGIN { for (i = 0; i < 100000; i++) print "(Written through Ana Lopes) <!-- mtlint-disable-line -->"
  print "She gave a push meeting. <!-- mtlint-disable-line -->" }' > many.md
ml $R -f jsonl many.md > many.jsonl || true
python3 - <<'PY' || fail "many directives"
import json
d = [json.loads(l) for l in open("many.jsonl") if '"diagnostic"' in l]
got = [(x["start"]["line"], x["start"]["column"], x["rule"]) for x in d]
assert got == [(100001, 12, "cli.push-meeting"), (100001, 26, "mtlint.rule-limit")], got[:5]
assert "1 inline suppression directives past the limit of 100,000" in d[1]["message"], d[1]
PY

echo ok
