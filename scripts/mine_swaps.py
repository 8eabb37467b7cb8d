#!/usr/bin/env python3
"""Tabulate what spinners replaced by what, from aligned article pairs.

  scripts/mine_swaps.py [--check]

Reads rules/sources/spinner-pairs.in.tsv (spun URL, URL of the original or
of the closest copy of it, a note), takes both pages' text from the dev
set's ignored cache (bench/.devset/, see bench/devset/cache.py), aligns
them word by word (difflib on lower-cased tokens) and counts every short
replacement (one to four words on each side, letters only, anchored by
two equal words on each side) as a substitution `spun -> original`; a
replacement of as many words as it replaces counts word by word. Writes

  rules/sources/spinner-swaps.tsv   spun, original, count, pairs, URLs
  rules/sources/spinner-pairs.tsv   spun URL, original URL, substitutions

Only these facts are committed, never the pages' text. A pair whose pages
are not cached is kept from the previous table (the cache is rebuilt only
inside a session with the `search` tool). --check exits 1 when the tables
would change.
"""
import collections
import csv
import difflib
import os
import re
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(TOP, "bench", "devset"))
import cache  # noqa: E402

SRC = os.path.join(TOP, "rules", "sources")
TOKEN = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*|\d[\d,.]*\d|\d|\S")
WORD = re.compile(r"[a-z]+(?:['’][a-z]+)*$")
MAX_SIDE = 4
ANCHOR = 2


def tokens(text):
    text = text.replace("US$", "$")  # "US$20,000" and "$20,000" agree
    return [t.lower().replace("’", "'") for t in TOKEN.findall(text)]


def substitutions(spun, orig):
    """(spun phrase, original phrase) for each short anchored replacement."""
    a, b = tokens(spun), tokens(orig)
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    ops = sm.get_opcodes()
    out = []
    for k, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag != "replace":
            continue
        if not (1 <= i2 - i1 <= MAX_SIDE and 1 <= j2 - j1 <= MAX_SIDE):
            continue
        # anchored: an equal run on each side
        if k == 0 or k == len(ops) - 1:
            continue
        if ops[k - 1][0] != "equal" or ops[k + 1][0] != "equal":
            continue
        # at least two equal words on each side: a shorter anchor is
        # usually a chance match between unrelated sentences
        if (ops[k - 1][2] - ops[k - 1][1] < ANCHOR or
                ops[k + 1][2] - ops[k + 1][1] < ANCHOR):
            continue
        sa, sb = a[i1:i2], b[j1:j2]
        if not all(WORD.match(t) for t in sa + sb):
            continue
        if sorted(sa) == sorted(sb):
            continue  # the same words reordered
        if len(sa) == len(sb) > 1:
            # a word-by-word spinner replaces neighbours one by one:
            # "extra detrimental" for "more negative" is two swaps
            out.extend((x, y) for x, y in zip(sa, sb) if x != y)
            continue
        out.append((" ".join(sa), " ".join(sb)))
    return out


def read_tsv(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def text_of(url):
    p = cache.path_of(url)
    if not os.path.exists(p):
        return None
    with open(p, encoding="utf-8") as f:
        return f.read()


def main():
    check = "--check" in sys.argv[1:]
    pairs = read_tsv(os.path.join(SRC, "spinner-pairs.in.tsv"))
    old_swaps = read_tsv(os.path.join(SRC, "spinner-swaps.tsv"))
    old_pairs = {(r["spun_url"], r["original_url"]): r
                 for r in read_tsv(os.path.join(SRC, "spinner-pairs.tsv"))}
    counts = collections.Counter()
    where = collections.defaultdict(list)
    rows = []
    uncached = 0
    for p in pairs:
        su, ou = p["spun_url"], p["original_url"]
        s, o = text_of(su), text_of(ou)
        if s is None or o is None:
            uncached += 1
            old = old_pairs.get((su, ou))
            rows.append((su, ou, old["substitutions"] if old else "0",
                         p.get("note", "")))
            # keep this pair's share of the old table
            for r in old_swaps:
                if su in r["urls"].split(" "):
                    counts[(r["spun"], r["original"])] += 1
                    where[(r["spun"], r["original"])].append(su)
            continue
        subs = substitutions(s, o)
        rows.append((su, ou, str(len(subs)), p.get("note", "")))
        for sp in subs:
            counts[sp] += 1
            where[sp].append(su)
    swap_lines = ["spun\toriginal\tcount\tpairs\turls"]
    for (sp, orig), n in sorted(counts.items(),
                                key=lambda kv: (-kv[1], kv[0])):
        urls = sorted(set(where[(sp, orig)]))
        swap_lines.append(f"{sp}\t{orig}\t{n}\t{len(urls)}\t{' '.join(urls)}")
    pair_lines = ["spun_url\toriginal_url\tsubstitutions\tnote"]
    pair_lines += ["\t".join(r) for r in rows]
    outs = {os.path.join(SRC, "spinner-swaps.tsv"): swap_lines,
            os.path.join(SRC, "spinner-pairs.tsv"): pair_lines}
    changed = False
    for path, lines in outs.items():
        text = "\n".join(lines) + "\n"
        cur = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
        if cur != text:
            changed = True
            if not check:
                with open(path, "w", encoding="utf-8") as f:
                    f.write(text)
    print(f"mine_swaps: {len(pairs)} article pairs ({uncached} not cached), "
          f"{len(counts)} distinct substitutions, {sum(counts.values())} in all",
          file=sys.stderr)
    return 1 if (check and changed) else 0


if __name__ == "__main__":
    sys.exit(main())
