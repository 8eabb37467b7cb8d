#!/bin/sh
# The language an input declares (RSS <language> and dc:language, xml:lang
# on an Atom feed, entry or content, <html lang>, a JSON Feed's language, a
# JSON Lines lang field) decides the other-language check before the guess
# from function words, and en-US / en-GB pick the spelling variety when the
# config says `language: auto`.  Fixtures written here, sentences our own.
. "$(dirname "$0")/../lib.sh"
set -e
# rule of the finding on article ITEM, or nothing
lang_of() { grep "\"item\":\"$1\",\"rule\":\"input.other-language\"" .out || true; }

# RSS: the channel says de-DE; a short German item (too few function words
# for the guess) is not checked; an item's own dc:language wins
cat > de.rss <<'X'
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Talbote</title>
<language>de-DE</language>
<item><guid>de-1</guid><description>Heute regnet es im Hafen stark.</description></item>
<item><guid>de-2</guid><dc:language>en</dc:language><description>The crew met on the user.</description></item>
</channel></rss>
X
run --no-config -f jsonl de.rss
expect_rc 1 "RSS de-DE"
[ ! -s .err ] || fail "RSS de-DE: standard error"
has '"item":"de-1","rule":"input.other-language","severity":"info","message":"the input declares the language de-DE (German), not English: not checked","match":"Heute"'
[ "$(grep -c '"item":"de-1","rule"' .out)" = 1 ] || fail "de-1: checked beyond the language finding"
has '"item":"de-2","rule":"mt-garble.on-the-user"'
[ -z "$(lang_of de-2)" ] || fail "de-2 declares English"

# declared English is not guessed: a German text in an English feed is
# checked (the feed says so); the same text undeclared is guessed German
GERMAN='Der Rat hat am Montag in der Stadt mit den Bürgern über die neue Brücke und den Hafen gesprochen, und die Leute sind mit dem Plan nicht zufrieden, weil er für sie zu teuer ist und sich nicht lohnt.'
cat > en-says.rss <<X
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Mislabelled</title><language>en</language>
<item><guid>m-1</guid><description>$GERMAN</description></item>
</channel></rss>
X
sed 's|<language>en</language>||' en-says.rss > none-says.rss
run --no-config -f jsonl en-says.rss
[ -z "$(lang_of m-1)" ] || fail "declared en: guessed another language"
has '"item":"m-1","rule":"spelling.unknown-word"'
run --no-config -f jsonl none-says.rss
has '"item":"m-1","rule":"input.other-language","severity":"info","message":"the text reads as German (de)'

# Atom: xml:lang on <feed> holds for its entries; an entry or its content
# may say otherwise
cat > fr.atom <<'X'
<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr"><title>Quai</title>
<entry><id>fr-1</id><title>Pluie</title><content type="text">Il pleut sur le port.</content></entry>
<entry xml:lang="en-GB"><id>fr-2</id><title>Rain</title><content type="text">The pilots met on the user.</content></entry>
<entry><id>fr-3</id><title>Rain</title><content type="html" xml:lang="en">The divers met on the user.</content></entry>
<entry><id>fr-4</id><title>Regen</title><content type="text" xml:lang="nl-BE">Het regent in de haven.</content></entry>
</feed>
X
run --no-config -f jsonl fr.atom
[ ! -s .err ] || fail "Atom: standard error"
has '"item":"fr-1","rule":"input.other-language","severity":"info","message":"the input declares the language fr (French)'
[ -z "$(lang_of fr-2)" ] || fail "fr-2 declares en-GB"
[ -z "$(lang_of fr-3)" ] || fail "fr-3's content declares en"
has '"item":"fr-2","rule":"mt-garble.on-the-user"'
has '"item":"fr-3","rule":"mt-garble.on-the-user"'
has '"item":"fr-4","rule":"input.other-language","severity":"info","message":"the input declares the language nl-BE (Dutch)'

# en-US / en-GB pick the variety with language auto: one variety's words
# in the other's article are each a finding; undeclared, no finding
cat > us.rss <<'X'
<?xml version="1.0"?>
<rss version="2.0"><channel><title>Desk</title><language>en-us</language>
<item><guid>us-1</guid><description>The colour of the new harbour sign pleased the council.</description></item>
</channel></rss>
X
run --no-config -f jsonl us.rss
has '"item":"us-1","rule":"spelling.mixed-variety","severity":"warning","message":"British spelling in en-US text: .colour.'
has '"item":"us-1","rule":"spelling.mixed-variety","severity":"warning","message":"British spelling in en-US text: .harbour.'
sed 's/en-us/en-GB/; s/colour/color/; s/harbour/harbor/' us.rss > gb.rss
run --no-config -f jsonl gb.rss
has '"item":"us-1","rule":"spelling.mixed-variety","severity":"warning","message":"American spelling in en-GB text: .color.'
sed 's|<language>en-us</language>||' us.rss > plain.rss
run --no-config -f jsonl plain.rss
hasnt '"rule":"spelling.mixed-variety"'
# the config's own variety wins over the feed's
printf 'language: en-GB\n' > gb.yaml
set +e; "$MTLINT" --config gb.yaml -f jsonl us.rss > .out 2> .err; set -e
hasnt '"rule":"spelling.mixed-variety"'
"$MTLINT" --config gb.yaml -f jsonl gb.rss > .out 2> .err || true
has '"rule":"spelling.mixed-variety","severity":"warning","message":"American spelling in en-GB text: .color.'

# JSON Feed 1.1: the item's language, else the feed's
cat > es.json <<'X'
{"version": "https://jsonfeed.org/version/1.1", "title": "Muelle", "language": "es",
 "items": [
  {"id": "es-1", "content_text": "Llueve en el puerto."},
  {"id": "es-2", "language": "en-US", "content_text": "The crews met on the user."}
 ]}
X
run --no-config -f jsonl es.json
has '"item":"es-1","rule":"input.other-language","severity":"info","message":"the input declares the language es (Spanish)'
[ -z "$(lang_of es-2)" ] || fail "es-2 declares en-US"

# JSON Lines: lang, on the fast path and through jansson; a non-string lang
# is a bad line like any other wrong type
cat > dump.jsonl <<'X'
{"id": "j-1", "lang": "pt-BR", "text": "Chove no porto."}
{"id": "j-2", "lang": "en", "text": "The guards met on the user."}
{"id": "j-3", "lang": "ja", "text": "Rain fell."}
{"id": "j-4", "lang": 7, "text": "Rain fell."}
X
for ref in 0 1; do
  set +e; MTL_REFERENCE=$ref "$MTLINT" --no-config -f jsonl dump.jsonl > .out 2> .err; rc=$?; set -e
  expect_rc 4 "JSON Lines lang (reference $ref)"
  has '"item":"j-1","rule":"input.other-language","severity":"info","message":"the input declares the language pt-BR (Portuguese)'
  [ -z "$(lang_of j-2)" ] || fail "j-2 declares en"
  has '"item":"j-3","rule":"input.other-language","severity":"info","message":"the input declares the language ja (Japanese)'
  has '"type":"error","path":"dump.jsonl","line":4,"column":1,"code":"schema","message":"line 4: \\"lang\\" must be a string"'
done

# HTML: <html lang>
printf '<!doctype html><html lang="it"><head><title>Porto</title></head><body><p>Piove nel porto.</p></body></html>\n' > it.html
run --no-config -f jsonl it.html
has '"rule":"input.other-language","severity":"info","message":"the input declares the language it (Italian)'
printf '<!doctype html><html lang="en"><head><title>Port</title></head><body><p>%s</p></body></html>\n' "$GERMAN" > en.html
run --no-config -f jsonl en.html
hasnt '"rule":"input.other-language"'
echo ok
