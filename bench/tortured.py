#!/usr/bin/env python3
"""Out-of-domain garble: paraphrase-tool phrases against their originals.

  bench/tortured.py [--mtlint build/mtlint] [--data TSV] [--rules] [--list N]

Reads ../shared/data/tortured-phrases.tsv (7,220 `tortured<TAB>original`
pairs from the Problematic Paper Screener; read at run time, never copied
into the project), puts each distinct tortured phrase and each distinct
original into the same sentence template, one paragraph each, lints both texts with the
default rules and reports how many tortured phrases a finding overlaps
(recall) and how many originals (false alarms), for any severity and for
warnings or errors only. --rules counts the rules behind each; --list N
prints N flagged originals.
"""
import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile

TEMPLATE = ("In the second part of the study, the authors apply {} to the "
            "samples they collected.")


def lint(mtlint, phrases):
    """For each phrase, the (severity, rule) of findings overlapping it."""
    text = []
    spans = []
    off = 0
    pre = TEMPLATE.index("{}")
    for p in phrases:
        line = TEMPLATE.format(p)
        start = off + len(line[:pre].encode("utf-8"))
        spans.append((start, start + len(p.encode("utf-8"))))
        chunk = line + "\n\n"
        text.append(chunk)
        off += len(chunk.encode("utf-8"))
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8",
                                     delete=False) as f:
        f.write("".join(text))
        path = f.name
    try:
        out = subprocess.run([mtlint, "-f", "jsonl", "--fail-on", "never",
                              path], capture_output=True, text=True)
    finally:
        os.unlink(path)
    hits = [[] for _ in phrases]
    starts = [s for s, _ in spans]
    import bisect
    for line in out.stdout.splitlines():
        rec = json.loads(line)
        if rec.get("type") != "diagnostic":
            continue
        s, e = rec["start"]["offset"], rec["end"]["offset"]
        i = bisect.bisect_right(starts, e - 1) - 1
        while i >= 0 and spans[i][1] > s:
            if spans[i][0] < e:
                hits[i].append((rec["severity"], rec["rule"]))
            i -= 1
            if i >= 0 and spans[i][1] <= s:
                break
    return hits


def distinct(phrases):
    """The phrases without repeats, ignoring case and spacing."""
    seen = {}
    for p in phrases:
        seen.setdefault(" ".join(p.lower().split()), p)
    return list(seen.values())


def summary(name, hits, show_rules):
    n = len(hits)
    anyh = sum(1 for h in hits if h)
    warn = sum(1 for h in hits if any(s in ("warning", "error") for s, _ in h))
    print(f"{name:9s} {n:6d} phrases: {anyh:5d} flagged ({100 * anyh / n:.1f}%), "
          f"{warn:5d} by a warning or error ({100 * warn / n:.1f}%)")
    if show_rules:
        c = collections.Counter(r for h in hits for r in {r for _, r in h})
        for rule, k in c.most_common(15):
            print(f"{'':9s} {k:6d}  {rule}")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    top = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mtlint", default=os.path.join(top, "build", "mtlint"))
    ap.add_argument("--data", default=os.path.join(
        top, "..", "shared", "data", "tortured-phrases.tsv"))
    ap.add_argument("--rules", action="store_true")
    ap.add_argument("--list", type=int, default=0)
    a = ap.parse_args()
    if not os.path.exists(a.data):
        print(f"tortured: skipped, {a.data} is missing")
        return 0
    tortured, original = [], []
    with open(a.data, encoding="utf-8") as f:
        next(f)
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) >= 2 and p[0] and p[1]:
                tortured.append(p[0])
                original.append(p[1])
    # one sentence per distinct phrase: the same paragraph twice would be
    # flagged as a repetition, not as garble
    tortured = distinct(tortured)
    original = distinct(original)
    ht = lint(a.mtlint, tortured)
    ho = lint(a.mtlint, original)
    print(f'template: "{TEMPLATE}"')
    summary("tortured", ht, a.rules)
    summary("original", ho, a.rules)
    shown = 0
    for p, h in zip(original, ho):
        if h and shown < a.list:
            print(f"  original flagged: {p!r} {sorted({r for _, r in h})}")
            shown += 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
