#!/bin/sh
# Readers: RSS, Atom, JSON Lines and HTML inputs become articles with ids,
# metadata and positions; detection by extension and content; --input-format.
. "$(dirname "$0")/../lib.sh"
set -e
S=$SRC/samples/feeds

run --no-config -f jsonl "$S/harbor-wire.rss"
expect_rc 1 "findings in the RSS sample"
[ "$(grep -c '"type":"article"' .out)" = 4 ] || fail "RSS: 4 articles expected"
for id in hw-1001 hw-1002 hw-1003 hw-1004; do has "\"type\":\"article\",\"path\":\"$S/harbor-wire.rss\",\"item\":\"$id\""; done
# findings carry the item, positions in the article text and the source line
has '"item":"hw-1002","rule":"mt-garble.on-the-user".*"start":{"offset":[0-9]*,"line":3,"column":38,.*"source":{"line":20,"column":1}}'
# the title is entity-decoded, the channel title is the source
has '"item":"hw-1003","title":"Dockworkers & shipping lines sign pay deal".*"feed":"Harbor Wire"'
has '"item":"hw-1003".*"published":"2024-11-06T07:00:00Z"'
# script and share widget were not linted
hasnt 'trackView'
hasnt 'boilerplate.share-buttons'
has '"item":"hw-1001".*"verdict":"clean"'
has '"item":"hw-1002".*"verdict":"garbled"'

run --no-config -f jsonl "$S/city-desk.atom"
[ "$(grep -c '"type":"article"' .out)" = 3 ] || fail "Atom: 3 entries expected"
has '"item":"urn:example:city-desk:2001","title":"Council approves new cycle lanes","url":"https://city-desk.example/cycle-lanes","feed":"City Desk","published":"2024-11-08T09:30:00Z"'
# xhtml content: paragraphs kept apart (the third finding is on line 3 of the text)
has '"item":"urn:example:city-desk:2002","rule":"mt-garble.locally-at-home".*"start":{"offset":[0-9]*,"line":3,'
# an entry's <source> names its source
has '"item":"urn:example:city-desk:2003".*"feed":"Municipal Press Office"'

run --no-config -f jsonl "$S/dump.jsonl"
[ "$(grep -c '"type":"article"' .out)" = 4 ] || fail "JSONL: 4 articles expected"
has '"item":"4","title":"Airport expansion questioned"'
has '"item":"a-2","rule":"mt-garble.on-the-user".*"source":{"line":2,"column":1}}'
has '"item":"a-3","title":"Bus fares frozen","feed":"Metro Daily".*"verdict":"clean"'

run --no-config -f jsonl "$S/station-page.html"
[ "$(grep -c '"type":"article"' .out)" = 1 ] || fail "HTML: one article"
has '"type":"article","path":"[^"]*station-page.html","title":"Station reopens after repairs","url":"https://valley-courier.example/station-reopens","feed":"Valley Courier","published":"2024-11-09T08:00:00Z"'
# the h1 is line 1, the first paragraph line 3, the share widget and the comment are gone:
# the garbled paragraph is the third block (line 5)
has '"rule":"mt-garble.on-the-user".*"start":{"offset":[0-9]*,"line":5,'

# detection by content: no extension
cp "$S/harbor-wire.rss" feedfile
cp "$S/dump.jsonl" dumpfile
run --no-config -f jsonl --input-format auto feedfile dumpfile
[ "$(grep -c '"type":"article"' .out)" = 8 ] || fail "sniffed inputs: 8 articles expected"
has '"path":"dumpfile","item":"a-1"'

# --input-format forces: the JSONL file as one text article
run --no-config -f jsonl --input-format text "$S/dump.jsonl"
[ "$(grep -c '"type":"article"' .out)" = 1 ] || fail "forced text: one article"
hasnt '"item"'

# folders in batch mode take feeds too; text output names path#item
run --no-config -j2 --fail-on never "$S"
expect_rc 0 "--fail-on never"
has "harbor-wire.rss#hw-1002:3:38: error:"
has "city-desk.atom#urn:example:city-desk:2003: clean"
has "dump.jsonl#a-2: garbled"
has "station-page.html: garbled"

# a folder walk meets XML files that are no feeds (a sitemap, a JUnit
# report, an empty .xml): each is skipped with a note on standard error,
# not an input error; named on the command line, it stays an error (exit 4)
mkdir -p site
cp "$S/harbor-wire.rss" site/wire.xml
printf '<?xml version="1.0"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://example.org/</loc></url></urlset>\n' > site/sitemap.xml
printf '<?xml version="1.0"?>\n<testsuites><testsuite name="t" tests="1"><testcase name="c"/></testsuite></testsuites>\n' > site/junit.xml
: > site/empty.xml
run --no-config -f jsonl --fail-on never site
expect_rc 0 "walk with non-feed XML"
hasnt '"type":"error"'
has '"path":"site/wire.xml","item":"hw-1002"'
has '^mtlint: note: site/sitemap.xml: not an RSS or Atom feed (root element <urlset>); skipped' .err
has '^mtlint: note: site/junit.xml: not an RSS or Atom feed (root element <testsuites>); skipped' .err
has '^mtlint: note: site/empty.xml: empty input: not an RSS or Atom feed; skipped' .err
[ "$(wc -l < .err)" = 3 ] || { cat .err >&2; fail "walk: 3 notes expected"; }
run --no-config -f jsonl --fail-on never site/sitemap.xml site/wire.xml
expect_rc 4 "named sitemap"
has '{"type":"error","path":"site/sitemap.xml","line":1,"column":1,"code":"syntax","message":"not an RSS or Atom feed (root element <urlset>)"}'
hasnt 'note:' .err

# plain text files keep the plain path and output
printf 'The ministers met on the user twice.\n' > plain.txt
run --no-config -f jsonl plain.txt
hasnt '"type":"article"'
has '"path":"plain.txt","rule":"mt-garble.on-the-user"'
echo "ok"
