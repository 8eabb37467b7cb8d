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
echo ok
