#!/bin/sh
# Safe fixes leave correct text alone: no rule marked fix: safe fires on the
# clean, edited news in ../shared/clean-news, and --fix on copies of those
# articles changes none of them, while the same run does fix an article
# written with garble (so that the check can fail). Without
# ../shared/clean-news only data/clean-wire.txt (a wire story written for
# this test: credit lines in brackets before a sentence, datelines, had
# had, may march in May, U.S.-led) is checked; the shared articles are only
# read, never copied into the repository.
. "$(dirname "$0")/../lib.sh"
set -e
news=$(cd "$HERE/../../.." && pwd)/shared/clean-news
mkdir news orig
cp "$HERE/data/clean-wire.txt" news/
if ls "$news"/*.txt >/dev/null 2>&1; then
  cp "$news"/*.txt news/
else
  echo "fix_clean_news: $news is missing: data/clean-wire.txt only"
fi
cp news/*.txt orig/
cp "$DATA/garbled-article.md" garbled.md
cp garbled.md garbled.orig
# the safe rules, for the log
safe=$(awk '/^  - id: /{id=$3} /^    fix: safe/{print id}' "$HERE"/../../rules/*.yaml)
[ -n "$safe" ] || fail "no fix: safe rule found in rules/*.yaml"
echo "safe rules: $(echo "$safe" | wc -l)"
set +e
"$MTLINT" --no-config --format jsonl --fail-on never news/*.txt > found.jsonl; rc=$?
set -e
[ $rc -eq 0 ] || fail "lint exit $rc"
grep -q '"type":"summary"' found.jsonl || fail "no summary from the lint"
if grep '"fix":"safe"' found.jsonl > safe.jsonl; then
  sed 's/.*"path":"\([^"]*\)","rule":"\([^"]*\)".*"match":"\([^"]*\)".*"line":\([0-9]*\).*/  \1:\4: \2: \3/' \
    safe.jsonl >&2
  fail "$(wc -l < safe.jsonl) safe fixes offered on clean news"
fi
"$MTLINT" --no-config --fix news/*.txt garbled.md > fix.out 2>&1 || true
for f in orig/*.txt; do
  b=${f#orig/}
  cmp -s "$f" "news/$b" || { diff "$f" "news/$b" | head -20 >&2; fail "--fix changed clean $b"; }
done
cmp -s garbled.md garbled.orig && fail "--fix did not fix the garbled control article"
grep -q 'Written by Mara Lind' garbled.md || fail "control byline not fixed"
echo "fix_clean_news: $(ls orig | wc -l) clean articles unchanged"
