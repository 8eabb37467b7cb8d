#!/bin/sh
# Output order and bytes are the same for any -j (articles are written in
# input order whatever thread linted them), for text and JSON Lines, and
# when workers hold articles linted in two halves.
. "$(dirname "$0")/../lib.sh"
set -e
command -v python3 >/dev/null 2>&1 || skip "python3 missing"
python3 "$SRC/bench/gen_feed.py" rss 200 gen.rss 7
python3 "$SRC/bench/gen_feed.py" jsonl 150 gen.jsonl 8
python3 "$SRC/bench/gen_feed.py" atom 100 gen.atom 9
for j in 1 2 5; do
  run --no-config -j$j -f jsonl gen.rss gen.jsonl gen.atom "$SRC/samples/feeds" --report r$j.json --partial p$j.json
  expect_rc 1 "findings in generated feeds"
  mv .out o$j.jsonl
  run --no-config -j $j gen.rss gen.jsonl
  mv .out t$j.txt
done
[ "$(grep -c '"type":"article"' o1.jsonl)" = 462 ] || fail "462 articles expected"
for j in 2 5; do
  cmp o1.jsonl o$j.jsonl || fail "-j1 and -j$j JSON Lines differ"
  cmp t1.txt t$j.txt || fail "-j1 and -j$j text differ"
  cmp r1.json r$j.json || fail "-j1 and -j$j reports differ"
  cmp p1.json p$j.json || fail "-j1 and -j$j partials differ"
done
# workers that lint without the spelling rules while the dictionaries load
# and finish the held articles later (batch.c: every article held, as if
# the load never ended until a worker has nothing else to do) write the
# same bytes
export MTLINT_TEST_DEFER=1
for j in 2 5; do
  run --no-config -j$j -f jsonl gen.rss gen.jsonl gen.atom "$SRC/samples/feeds" --report rd$j.json
  cmp o1.jsonl .out || fail "-j$j with held articles: JSON Lines differ"
  cmp r1.json rd$j.json || fail "-j$j with held articles: reports differ"
  run --no-config -j$j gen.rss gen.jsonl
  cmp t1.txt .out || fail "-j$j with held articles: text differs"
done
unset MTLINT_TEST_DEFER
# a folder of text files with many words met once (the spelling table
# filled and grown by every worker at once): typos, made-up names and
# hyphenated pairs of words from the big list when it is installed
if [ -r /usr/share/dict/american-english-huge ]; then
  mkdir texts
  python3 - /usr/share/dict/american-english-huge texts <<'PY'
import random, sys
words = [w.strip() for w in open(sys.argv[1], encoding="utf-8", errors="replace")
         if w.strip().isascii() and w.strip().isalpha() and w.strip().islower()]
r = random.Random(15)
for f in range(40):
    out = []
    for i in range(300):
        w = r.choice(words)
        k = r.randrange(6)
        if k == 1 and len(w) > 3:
            w = w[0] + w[2] + w[1] + w[3:]
        elif k == 2:
            w = w.capitalize() + "vorq"
        elif k == 3:
            w = w + "-" + r.choice(words)
        out.append(w + (". The" if i % 15 == 14 else ""))
    open(f"{sys.argv[2]}/t{f:02d}.txt", "w").write("The " + " ".join(out) + " end.\n")
PY
  for j in 1 2 5; do
    run --no-config -j$j texts
    expect_rc 1 "findings in the text folder"
    mv .out x$j.txt
  done
  [ "$(grep -c 'spelling' x1.txt)" -gt 1000 ] || fail "spelling findings in the text folder"
  cmp x1.txt x2.txt || fail "-j1 and -j2 differ on a text folder"
  cmp x1.txt x5.txt || fail "-j1 and -j5 differ on a text folder"
fi
# items come out in feed order
grep -o '"type":"article","path":"gen.rss","item":"gen-[0-9]*"' o1.jsonl | sed 's/.*gen-//; s/"//' > ids
sort -n ids | cmp - ids || fail "items out of order"
# the default -j (all cores) gives the same output
run --no-config --jobs=3 -f jsonl gen.rss gen.jsonl gen.atom "$SRC/samples/feeds"
cmp o1.jsonl .out || fail "--jobs=3 differs"
# without --report the workers format the output (forks of the writer,
# batch.c); with one the main thread does: the same bytes in every format
run --no-config -j2 gen.rss gen.jsonl --report rt.json
cmp t1.txt .out || fail "text with and without --report differ"
for f in rdjsonl json github; do
  run --no-config -j1 -f $f gen.rss gen.jsonl --report r.json
  mv .out m.$f
  run --no-config -j3 -f $f gen.rss gen.jsonl
  cmp m.$f .out || fail "-f $f: -j3 without a report differs from -j1 with one"
done
echo "ok"
