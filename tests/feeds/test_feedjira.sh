#!/bin/sh
# Real-world feeds: mtlint over every file in ../shared/feeds/feedjira (read
# at run time, never copied; skipped when absent).  Every item of every feed
# is linted: the articles equal an independent count (python: <item>/<entry>
# start tags outside comments, or the JSON Feed's items); nothing crashes;
# nothing but mtlint's own records is printed (no raw libxml2 text).
. "$(dirname "$0")/../lib.sh"
set -e
DIR=${MTL_FEEDJIRA:-$SRC/../shared/feeds/feedjira}
[ -d "$DIR" ] || skip "$DIR is missing"
command -v python3 >/dev/null || skip "no python3"
n=0
for f in "$DIR"/*.xml "$DIR"/*.json; do
  [ -f "$f" ] || continue
  n=$((n + 1))
  # no spelling (one feed is German: suggestions for every word are slow)
  run --no-config -f jsonl --no-builtin-rules --rules "$SRC/tests/unit/data/nospell.yaml" "$f"
  case $rc in 0|1|4) ;; *) fail "$f: exit status $rc" ;; esac
  [ ! -s .err ] || { cat .err >&2; fail "$f: printed on standard error"; }
  want=$(python3 - "$f" <<'PY'
import json, re, sys
path = sys.argv[1]
data = open(path, "rb").read()
if path.endswith(".json"):
    print(len(json.loads(data)["items"]))
    sys.exit()
data = re.sub(rb"<!--.*?-->", b"", data, flags=re.S)
data = re.sub(rb"<!\[CDATA\[.*?\]\]>", b"", data, flags=re.S)
if not re.search(rb"<(\w+:)?(rss|RDF|feed)[\s>]", data):
    print("page")  # a piece of HTML (an item's content saved alone)
else:
    print(len(re.findall(rb"<(?:\w+:)?(?:item|entry)[\s>]", data)))
PY
)
  got=$(grep -c '"type":"article"' .out || true)
  if [ "$want" = page ]; then
    [ "$got" = 1 ] || fail "$f: a page, $got articles"
  else
    [ "$got" = "$want" ] || { grep '"type":"error"' .out >&2; fail "$f: $got articles, $want items"; }
  fi
  # an error record is mtlint's own: one line of JSON with a location
  if grep '"type":"error"' .out | grep -v '"line":[1-9][0-9]*,"column":[0-9]*,"code":"\(syntax\|limit\|schema\)"' >&2; then
    fail "$f: an error without a line"
  fi
done
[ "$n" -ge 40 ] || fail "only $n files in $DIR"
echo "ok: $n files"
