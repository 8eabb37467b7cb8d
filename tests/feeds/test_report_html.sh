#!/bin/sh
# The HTML report is one self-contained file with inline SVG charts; headless
# Chromium renders it to a screenshot that is not blank.  Skipped (77)
# without chromium (Debian package chromium, see scripts/setup.sh).
. "$(dirname "$0")/../lib.sh"
set -e
S=$SRC/samples/feeds
run --no-config -j2 "$S" --report report.html --report-format html
expect_rc 1 "findings"
[ -s report.html ] || fail "no report written"
for id in chart-rules chart-histogram chart-sources; do
  has "<svg id=\"$id\"" report.html
done
has '<table id="sources">' report.html
has '<table id="worst">' report.html
has '<table id="phrases">' report.html
has '@media print' report.html
hasnt '<script' report.html
hasnt 'src="http' report.html
hasnt 'href="http.*\.css' report.html
has 'Harbor Wire' report.html
has 'on the user' report.html
# what an editor-in-chief acts on: headlines link to the articles; full rule
# names in the charts; sources ranked by their share of garbled articles,
# the mean beside it; no spelling or punctuation-only rows in the phrase
# table; a list of the inputs that failed and why
has '<a href="https://harbor-wire\.example/' report.html
has '>mt-garble\.partner-as-wife</text>' report.html
hasnt '\.\.\.</text>' report.html
has 'Sources ranked by share of garbled articles' report.html
has '100\.0% (mean 35\.0)</text>' report.html
# the formula stated is the one scored (info findings count for nothing)
has 'garble score = (5&times;errors + 2&times;warnings) &times; 1000 / max(words, 200)' report.html
run --no-config "$S" --report report.json
has '"score":"(5\*error + 2\*warning) \* 1000 / max(words, 200)' report.json
python3 - report.html <<'PY' || fail "sources not ranked by garbled share"
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
rows = re.findall(r'<tr><td>([^<]*)</td>(?:<td class="n">[^<]*</td>){3}<td class="n">[^<]*</td>'
                  r'<td class="n">.*?</td><td class="n">([0-9.]+)%</td><td class="n">([0-9.]+)</td>',
                  html.split('<table id="sources">')[1].split('</table>')[0])
shares = [(float(s), float(m)) for n, s, m in rows if n != "(all sources)"]
assert len(shares) == 6, rows
assert shares == sorted(shares, reverse=True), shares
PY
phr=$(sed -n '/<table id="phrases">/,/<\/table>/p' report.html)
echo "$phr" | grep -q 'spelling\.' && fail "spelling rows in the phrase table"
echo "$phr" | grep -q '&ldquo;[[:punct:] ]*&rdquo;' && fail "punctuation-only phrase row"
has '<p id="failed">None' report.html
mkdir -p withbad
cp "$S"/* withbad/
printf '<rss><channel><item><title>Cut off' >withbad/cut.rss
run --no-config -j2 withbad --report bad.html
expect_rc 4 "a truncated feed"
has '<table id="failed">' bad.html
has '<code>withbad/cut\.rss:1:1</code></td><td>item 1: truncated' bad.html
# JSON and CSV reports, format from the extension
run --no-config -j2 "$S" --report report.json
has '"totals":{"sources":6' report.json
run --no-config -j2 "$S" --report report.csv
has '^source,articles,words,findings' report.csv
has '^Harbor Wire,4,' report.csv
has '^(total),12,' report.csv
# an article in another language is counted apart: its own count per
# source, no verdict, not in the share, the mean or the worst list
mkdir -p lang
cat >lang/mixed.jsonl <<'EOF'
{"id":"de-1","title":"Neuer Fahrplan","source":"Grenzland Kurier","published":"2024-11-04","text":"Die Stadt hat am Montag den neuen Fahrplan vorgestellt, und der B\u00fcrgermeister sagte, dass die Busse in der Nacht auch am Wochenende fahren werden. Die Kosten f\u00fcr das Land sind nach den Angaben des Amtes nicht hoch, aber die Opposition ist mit dem Plan nicht zufrieden und will ihn im Rat noch einmal pr\u00fcfen lassen."}
{"id":"en-1","title":"Bridge reopens","source":"Grenzland Kurier","published":"2024-11-05","text":"The bridge reopened on Tuesday after three weeks of repairs, the city said.\n\nThe maximum serious delay came at night, officials said on Monday."}
EOF
run --no-config -j1 -f jsonl lang/mixed.jsonl --report lang.json
has '"item":"de-1".*"verdict":"clean","other_language":true'
hasnt '"item":"en-1".*other_language'
has '"totals":{"sources":1,"input_errors":0,"articles":2,"other_language":1,' lang.json
has '"verdicts":{"clean":0,"suspect":1,"garbled":0},"score_mean":10\.000' lang.json
hasnt '"item":"de-1"' lang.json
run --no-config lang/mixed.jsonl --report lang.csv
has 'top_rule,other_language' lang.csv
has '^Grenzland Kurier,2,.*,1' lang.csv
run --no-config lang/mixed.jsonl --report lang.html
has '<b>1</b>in another language' lang.html
has '>Other language</th>' lang.html
run --no-config -j1 lang/mixed.jsonl
has 'mixed.jsonl#de-1: other language, not scored (1 findings, 55 words) Neuer Fahrplan'

# the window density enters the score: four swap warnings (8 points over
# max(126, 200) words: 40; the window's info finding shares their span and
# does not count again) + 35.8 for the densest window's 75.8 over its gate 40
W=$SRC/tests/golden/window-dense
run --no-config --no-builtin-rules --rules "$W/rules.yaml" -j1 -f jsonl --fail-on never "$W/input.txt" \
  --report win.json
expect_rc 0 "window score"
if grep -q mtlint.language-model .out; then
  echo "no language model: window score skipped"
else
  has '"findings":5,"score":75\.800,"verdict":"garbled","window_density":75\.8'
  has '"window_density_max":75\.8,"window_dense":1' win.json
  has '"score":75\.800,"window_density":75\.8,"words":126' win.json
fi

# a per-week trend per source from the articles' published dates: ISO
# weeks of the UTC day (a Sunday evening in New York is Monday's week),
# ISO years (2024-12-30 is 2025-W01, 2021-01-03 is 2020-W53), RFC 822 with
# a two-digit year; an unreadable date stays out
mkdir -p trend
cat >trend/dated.jsonl <<'EOF'
{"id":"a1","title":"Quay works","source":"North Wire","published":"2024-11-04","text":"Work on the quay began on Monday, the port authority said."}
{"id":"a2","title":"Tunnel talks","source":"North Wire","published":"Sun, 03 Nov 2024 23:30:00 -0500","text":"It is the maximum serious dispute in years, and the talks resume in Monday."}
{"id":"a3","title":"New year ferry","source":"North Wire","published":"2024-12-30T10:00:00Z","text":"The ferry will run on New Year's Day, the operator said."}
{"id":"b1","title":"Road closed","source":"South Post","published":"2021-01-03","text":"The coast road is closed until Friday after a landslide, police said."}
{"id":"b2","title":"Market day","source":"South Post","published":"yesterday","text":"The market returns to the square on Saturday."}
{"id":"b3","title":"Bridge paint","source":"South Post","published":"04 Nov 24 08:00 GMT","text":"Painters finished the bridge on Monday."}
EOF
run --no-config -j1 -f jsonl trend/dated.jsonl --report trend.json
has '"item":"a2".*"verdict":"garbled"'
has '{"name":"North Wire",.*"weeks":\[{"week":"2024-W45","articles":2,"garbled":1,"garbled_share":0\.500},{"week":"2025-W01","articles":1,"garbled":0,"garbled_share":0\.000}\]}' trend.json
has '{"name":"South Post",.*"weeks":\[{"week":"2020-W53","articles":1,"garbled":0,"garbled_share":0\.000},{"week":"2024-W45","articles":1,"garbled":0,"garbled_share":0\.000}\]}' trend.json
run --no-config trend/dated.jsonl --report trend.html
has '<table id="trend"><thead><tr><th>Source</th><th class="n">2020-W53</th><th class="n">2024-W45</th><th class="n">2025-W01</th></tr>' trend.html
has '<tr><td>North Wire</td><td></td><td class="n" style="background:#e5826f">50%<br><small>1 of 2</small></td>' trend.html
has '1 article without a date mtlint reads is left out' trend.html
# the sample report's trend: weeks 44 and 45 of 2024
has '<th class="n">2024-W44</th><th class="n">2024-W45</th></tr>' report.html
# partials carry the weeks: two shards merge to the report of one run
run --no-config -j1 trend/dated.jsonl --partial all.part
head -3 trend/dated.jsonl >trend/p1.jsonl
tail -3 trend/dated.jsonl >trend/p2.jsonl
run --no-config -j1 trend/p1.jsonl --partial p1.part
run --no-config -j1 trend/p2.jsonl --partial p2.part
"$MTLINT" merge p2.part p1.part --report merged.json || fail "merge"
"$MTLINT" merge all.part --report one.json || fail "merge of one"
python3 - merged.json one.json <<'PY' || fail "merged weeks differ from one run's"
import json, sys
a, b = (json.load(open(f, encoding="utf-8")) for f in sys.argv[1:3])
weeks = lambda r: [r["totals"]["weeks"]] + [s["weeks"] for s in r["sources"]]
assert weeks(a) == weeks(b) and len(a["totals"]["weeks"]) == 3, (weeks(a), weeks(b))
PY

CHROME=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$CHROME" ] || skip "chromium missing: screenshot"
command -v python3 >/dev/null 2>&1 || skip "python3 missing"
profile=$(mktemp -d)
timeout 90 "$CHROME" --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --disable-sync --no-first-run --user-data-dir="$profile" \
  --screenshot="$WORK/shot.png" --window-size=1200,2000 "file://$WORK/report.html" \
  >chrome.log 2>&1 || true
rm -rf "$profile"
[ -s shot.png ] || { cat chrome.log >&2; fail "no screenshot"; }
python3 - shot.png <<'PYEOF'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, w = 8, b"", 0
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
        assert depth == 8 and ctype in (2, 6), "unexpected PNG type"
        bpp = 3 if ctype == 2 else 4
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
raw = zlib.decompress(idat)
stride = w * bpp
# undo the PNG filters to count the colours of the picture
prev = bytearray(stride)
colours, dark, pos = set(), 0, 0
for y in range(min(h, 1100)):  # the charts are in the first 1100 rows
    f = raw[pos]; line = bytearray(raw[pos + 1:pos + 1 + stride]); pos += 1 + stride
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b = prev[i]; c = prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    prev = line
    if y % 4 == 0:
        for x in range(0, w, 4):
            px = tuple(line[x * bpp:x * bpp + 3])
            colours.add(px)
            dark += sum(px) < 200
assert len(colours) > 20, "screenshot looks blank: %d colours" % len(colours)
assert dark > 500, "hardly any ink on the screenshot"
# the blue of the rule chart and the red of the sources chart are drawn
assert (0x3b, 0x6f, 0xb6) in colours, "rule chart bars missing"
assert (0xb3, 0x26, 0x1e) in colours, "source chart bars missing"
print("screenshot: %d colours, %d dark samples" % (len(colours), dark))
PYEOF
echo "ok"
