#!/bin/sh
# Bad input: malformed XML, truncated feeds, a 100 MB item, HTML soup, JSON
# Lines with wrong types, XXE and billion laughs.  Each is reported with a
# location, the run goes on with the rest, and the exit code is 4.
. "$(dirname "$0")/../lib.sh"
set -e
S=$SRC/samples/feeds
PY=$(command -v python3 || true)

# malformed XML: the bad item is recovered by libxml2 and linted with one
# input.recovered warning naming the fault's line, the items before and
# after it are linted, and no input error is left (exit 1, not 4)
cat > broken.rss <<'XML'
<?xml version="1.0"?>
<rss version="2.0"><channel><title>Broken</title>
<item><guid>b-1</guid><title>Fine</title><description>The ministers met on the user twice.</description></item>
<item><guid>b-2</guid><title>Bad</title><description>An <unclosed tag here.</description></item>
<item><guid>b-3</guid><description>The envoys spoke on the user at last.</description></item>
</channel></rss>
XML
run --no-config -f jsonl broken.rss "$S/dump.jsonl"
expect_rc 1 "malformed XML"
has '"item":"b-1","rule":"mt-garble.on-the-user"'
has '"path":"broken.rss","item":"b-2","rule":"input.recovered","severity":"warning","message":"malformed XML in this item at line 4, column [0-9]*: [^"]*; linted as libxml2.s recovery mode read it"'
has '"type":"article","path":"broken.rss","item":"b-2","title":"Bad",.*"words":2,'
has '"path":"[^"]*dump.jsonl","item":"a-4"\|"path":"[^"]*dump.jsonl","item":"4"'
has '"item":"b-3","rule":"mt-garble.on-the-user"'
hasnt '"type":"error"'
# the warning follows --fail-on like any finding
run --no-config -f jsonl --fail-on error --disable mt-garble broken.rss
expect_rc 0 "recovered item, --fail-on error"

# truncated feed: the complete items are linted, the cut is reported
head -c 1500 "$S/harbor-wire.rss" > cut.rss
run --no-config -f jsonl cut.rss
expect_rc 4 "truncated feed"
has '"type":"article","path":"cut.rss","item":"hw-1001"'
has '{"type":"error","path":"cut.rss","line":[1-9]'

# text output: path:line:col: severity: message
run --no-config cut.rss
expect_rc 4 "truncated feed, text"
has '^cut.rss:[0-9]*:[0-9]*: error: ' .err

# JSON Lines with wrong types and bad lines: each reported with its line
cat > bad.jsonl <<'JL'
{"id":"j-1","text":"The ministers met on the user twice."}
{"id":"j-2","text":5}
{"id":["x"],"text":"An id of the wrong type."}
{"id":"j-4","title":7,"text":"A title of the wrong type."}
[1,2,3]
{"id":"j-6", "text": "unterminated
{"id":"j-7"}

{"id":"j-9","html":"<p>The leaders met on the user again.</p>"}
JL
run --no-config -f jsonl bad.jsonl
expect_rc 4 "bad JSON Lines"
has '"item":"j-1","rule":"mt-garble.on-the-user"'
has '"path":"bad.jsonl","line":2,"column":1,"code":"schema","message":"line 2: \\"text\\" must be a string"'
has '"line":3,.*"line 3: \\"id\\" must be a string or an integer"'
has '"line":4,.*"line 4: \\"title\\" must be a string"'
has '"line":5,.*"line 5: not a JSON object"'
has '"line":6,[^}]*"code":"syntax","message":"line 6: invalid JSON'
has '"line":7,.*"line 7: no \\"text\\" or \\"html\\""'
has '"item":"j-9","rule":"mt-garble.on-the-user"'
[ "$(grep -c '"type":"error"' .out)" = 6 ] || fail "6 bad lines expected"

# HTML soup is recovered, not an error
printf '<html><body><p>Unclosed <b>bold <div><p>The ministers met on the user once<table><td>cell<p>Another\n' > soup.html
run --no-config -f jsonl soup.html
expect_rc 1 "HTML soup lints"
has '"rule":"mt-garble.on-the-user"'

# XXE: an external entity is never loaded; billion laughs never expands
cat > xxe.rss <<'XML'
<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>X</title>
<item><guid>x-1</guid><description>Before &xxe; after.</description></item>
</channel></rss>
XML
run --no-config -f jsonl xxe.rss
hasnt 'root:'
cat > lol.rss <<'XML'
<?xml version="1.0"?>
<!DOCTYPE rss [
<!ENTITY a "lollollollollollollollollollol">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
<!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
<!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">
<!ENTITY i "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;">
]>
<rss version="2.0"><channel><title>L</title>
<item><guid>l-1</guid><description>&i;</description></item>
</channel></rss>
XML
start=$(date +%s)
run --no-config -f jsonl lol.rss
[ $(( $(date +%s) - start )) -lt 20 ] || fail "billion laughs took too long"
hasnt 'lollollollollollollollollollollollollollol'

# a 100 MB item: skipped with its line, the next line is linted
if [ -n "$PY" ]; then
  "$PY" - <<'PYEOF'
import os
# just over libxml2's 10 MB text-node limit under the sanitizers (slow)
words = (2100 if os.environ.get("MTL_SANITIZED") else 4096) * 1024
with open("big.jsonl", "w") as f:
    f.write('{"id":"g-1","text":"A short first article."}\n')
    f.write('{"id":"g-2","text":"' + "word " * (20 * 1024 * 1024) + '"}\n')
    f.write('{"id":"g-3","text":"The ministers met on the user after all."}\n')
with open("big.rss", "w") as f:
    f.write('<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Big</title>\n')
    f.write('<item><guid>r-1</guid><description>The ministers met on the user.</description></item>\n')
    # 20 MB of text: over libxml2's 10 MB text-node limit, under ours
    f.write('<item><guid>r-2</guid><description>' + "word " * words + '</description></item>\n')
    # 70 MB of markup: skipped by size, never parsed
    f.write('<item><guid>r-3</guid><description>' + "<b>x</b> " * (8 * 1024 * 1024) + '</description></item>\n')
    f.write('<item><guid>r-4</guid><description>The envoys met on the user.</description></item>\n')
    f.write('</channel></rss>\n')
PYEOF
  run --no-config -f jsonl big.jsonl big.rss "$S/dump.jsonl"
  expect_rc 4 "100 MB item"
  has '"path":"big.jsonl","line":2,.*"line 2: longer than the 64 MiB limit; skipped"'
  has '"item":"g-3","rule":"mt-garble.on-the-user"'
  has '"item":"r-1","rule":"mt-garble.on-the-user"'
  has '"type":"article","path":"big.rss","item":"r-2"'
  has '{"type":"error","path":"big.rss","line":5,"column":1,"code":"limit","message":"item 3: larger than the 32 MiB limit; skipped"}'
  has '"item":"r-4","rule":"mt-garble.on-the-user"'
  has '"path":"[^"]*dump.jsonl","item":"a-1"'
  rm -f big.jsonl big.rss
fi

# a missing input
run --no-config -j2 -f jsonl missing.rss "$S/dump.jsonl"
expect_rc 4 "missing input"
has '"path":"[^"]*dump.jsonl","item":"a-1"'
echo "ok"
