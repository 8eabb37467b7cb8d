#!/bin/sh
# What real feeds do (fixtures in tests/feeds/realworld, written for this
# test): white space before <?xml, HTML entities XML does not declare, a bad
# spot between or inside items, UTF-32 and UTF-16, JSON Feed; generated: an
# item over libxml2's 10 MB text limit, HTML nested past the limits.  Every
# good item is linted, each fault is one error record with its line, and
# nothing is printed on standard error.
. "$(dirname "$0")/../lib.sh"
set -e
D=$SRC/tests/feeds/realworld
PY=$(command -v python3 || true)
noerr() { [ ! -s .err ] || { cat .err >&2; fail "standard error: $1"; }; }
articles() { [ "$(grep -c '"type":"article"' .out)" = "$1" ] || { cat .out >&2; fail "$2: not $1 articles"; }; }

# a newline before <?xml: read, positions in the file's lines
run --no-config -f jsonl "$D/leading-newline.rss"
expect_rc 1 "leading newline"
noerr "leading newline"
has '"item":"lead-1","rule":"mt-garble.on-the-user".*"source":{"line":5,"column":1}'
has '"type":"article","path":"[^"]*","item":"lead-1","feed":"Harbour Notes"'

# &nbsp; &hellip; &eacute; (undeclared in XML): every item read, text decoded
run --no-config -f jsonl "$D/nbsp.rss"
expect_rc 1 "HTML entities"
noerr "HTML entities"
articles 3 "HTML entities"
has '"item":"nb-1","title":"Rates.rise","feed":"Valley.Post"'
has '"item":"nb-3","rule":"mt-garble.on-the-user"'
has '"item":"nb-3","rule":"mt-garble.on-the-user".*"start":{"offset":21,'

# a bad tag between items and a bad byte inside one: the good items before
# and after are linted; the bad tag (outside the items) is an error with
# its line, the item with the bad byte is recovered by libxml2 and linted
# with an input.recovered warning naming the byte's line and column
run --no-config -f jsonl "$D/bad-byte.rss"
expect_rc 4 "bad byte"
noerr "bad byte"
articles 4 "bad byte"
has '"item":"bb-1","rule":"mt-garble.on-the-user"'
has '"item":"bb-2","rule":"mt-garble.on-the-user"'
has '"item":"bb-4","rule":"mt-garble.on-the-user"'
has '"item":"bb-3","rule":"input.recovered","severity":"warning","message":"malformed XML in this item at line 6, column 46: Input is not proper UTF-8'
has '"type":"article","path":"[^"]*","item":"bb-3",.*"words":5,'
has '{"type":"error","path":"[^"]*bad-byte.rss","line":4,"column":2,"code":"syntax"'
[ "$(grep -c '"type":"error"' .out)" = 1 ] || fail "bad byte: 1 error expected"

# malformed items (a tag closed out of order in content:encoded, a bare
# '&'): recovered and linted, a warning each with the file's line and
# column (libxml2's "line N" made the file's too); exit 1, not 4
run --no-config -f jsonl "$D/recover.rss"
expect_rc 1 "recovered items"
noerr "recovered items"
articles 4 "recovered items"
hasnt '"type":"error"'
has '"item":"rc-2","rule":"input.recovered","severity":"warning","message":"malformed XML in this item at line 6, column 58: Opening and ending tag mismatch: b line 6 and p; linted as libxml2.s recovery mode read it"'
has '"item":"rc-2","rule":"mt-garble.on-the-user"'
has '"item":"rc-3","rule":"input.recovered","severity":"warning","message":"malformed XML in this item at line 7, column 37: '
has '"item":"rc-3","rule":"mt-garble.on-the-user"'
has '"item":"rc-4","rule":"mt-garble.on-the-user"'
[ "$(grep -c '"rule":"input.recovered"' .out)" = 2 ] || fail "recovered items: 2 warnings expected"
run --no-config "$D/recover.rss"
has '^[^ ]*recover.rss#rc-2:1:1: warning: malformed XML in this item at line 6, column 58: '

# UTF-32 (byte-order mark) and UTF-16 (none): read as UTF-8, libxml2 silent
for f in utf32.rss utf16be.rss; do
  run --no-config -f jsonl "$D/$f"
  expect_rc 1 "$f"
  noerr "$f"
  has '"match":"on the user"'
  has '"type":"article","path":"[^"]*","item":"u32-1","feed":"Quay Daily"'
done

# JSON Feed 1.1: content_html, content_text, summary; an item without a body
run --no-config -f jsonl "$D/jsonfeed.json"
expect_rc 4 "JSON Feed"
noerr "JSON Feed"
articles 3 "JSON Feed"
has '"type":"article","path":"[^"]*jsonfeed.json","item":"jf-1","title":"Bridge & road","url":"https://ledger.example/1","feed":"Riverside Ledger","published":"2026-11-30T09:00:00Z",.*"source":{"line":7,"column":1}'
has '"item":"jf-2","rule":"mt-garble.on-the-user","severity":"error","message":"[^"]*","match":"on the user"'
has '{"type":"error","path":"[^"]*jsonfeed.json","line":12,"column":1,"code":"schema","message":"item 3: no content_html'
has '"type":"article","path":"[^"]*","item":"jf-4"'
run --no-config -f jsonl --input-format jsonfeed - < "$D/jsonfeed.json"
articles 3 "JSON Feed on standard input"
printf '{"version":"https://jsonfeed.org/version/1","items":[' > bad.json
run --no-config -f jsonl bad.json
expect_rc 4 "truncated JSON Feed"
has '"path":"bad.json","line":1,"column":[0-9]*,"code":"syntax","message":"invalid JSON'

[ -n "$PY" ] || { echo "ok (python3 missing: generated cases skipped)"; exit 0; }
# a 12 MB item (over libxml2's 10 MB text-node limit, under ours) is linted
# and so is the item after it
"$PY" - <<'PYEOF'
with open("huge.rss", "w") as f:
    f.write('<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Big</title>\n')
    f.write('<item><guid>h-1</guid><description>' + "word " * (12 * 1000 * 1000 // 5) + '</description></item>\n')
    f.write('<item><guid>h-2</guid><description>The envoys met on the user.</description></item>\n')
    f.write('</channel></rss>\n')
depth = 300
with open("deep.html", "w") as f:
    f.write("<html><body>" + "<div>" * depth + "<p>The judges met on the user.</p>" + "</div>" * depth + "</body></html>\n")
with open("deep.rss", "w") as f:
    f.write('<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Deep</title>\n')
    f.write('<item><guid>d-1</guid><description>' + "&lt;div&gt;" * 250 + 'Lost words.</description></item>\n')
    f.write('<item><guid>d-2</guid><description>The envoys met on the user.</description></item>\n')
    f.write('</channel></rss>\n')
with open("bad-utf8.html", "wb") as f:
    f.write(b'<html><head><meta charset="utf-8"><title>T\xff</title></head><body><p>The caf\xe9 staff met on the user.</p></body></html>\n')
PYEOF
run --no-config -f jsonl huge.rss
expect_rc 1 "12 MB item"
noerr "12 MB item"
has '"type":"article","path":"huge.rss","item":"h-1","feed":"Big","words":[1-9][0-9]\{5,\}'
has '"item":"h-2","rule":"mt-garble.on-the-user"'

# HTML nested deeper than 200: a limit error, never "clean, 0 words"
run --no-config -f jsonl deep.html
expect_rc 4 "deep HTML page"
noerr "deep HTML page"
has '{"type":"error","path":"deep.html",.*"code":"limit","message":"[^"]*nested deeper than 200'
hasnt '"type":"article"'
run --no-config -f jsonl deep.rss
expect_rc 4 "deep HTML item"
has '{"type":"error","path":"deep.rss","line":3,"column":1,"code":"limit","message":"item 1: HTML nested deeper than 200'
has '"item":"d-2","rule":"mt-garble.on-the-user"'

# bytes that are not UTF-8 in an HTML page become U+FFFD in the article
run --no-config -f jsonl bad-utf8.html
noerr "bad UTF-8 page"
has '"rule":"mt-garble.on-the-user"'
echo "ok"
