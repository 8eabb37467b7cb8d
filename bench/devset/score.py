#!/usr/bin/env python3
"""Recall of mtlint on the dev set of real garble, by category.

  bench/devset/score.py [--mtlint build/mtlint] [--misses] [--rules]

bench/devset/marks.tsv lists, per page, the few words that are garbled
(spun, machine-translated, typographical; at most 8 words), their category
and the expected fix; it is all the repository keeps. The pages' text lives in the ignored
cache bench/.devset/ (written by bench/devset/cache.py inside a session that
has the `search` tool); without it this script says so and exits 0.

A mark counts as found when a finding of the default rules (any severity,
and separately warnings or errors only) overlaps the first occurrence of its
words on the page, and as found by the right rule when one of those findings
comes from a pack made for its category (RIGHT below: a spun mark found by
spelling.unknown-word is found, but not by the right rule). Findings that overlap no mark are counted too, per 1000
words: on a garbled page many are right, so this is not a false-alarm rate
(bench/fa_rate.py and bench/brown_fa.py measure that on edited news).
"""
import argparse
import collections
import csv
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import cache  # noqa: E402

MAX_WORDS = 8

# the packs whose findings describe each category's garble
RIGHT = {
    "spun": ("spun-vocab", "mined-swaps", "spun-names", "spun-forms",
             "garble-window", "terminology-news"),
    "mt-literal": ("mt-garble", "garble-window", "terminology-news",
                   "tells"),
    "mt-order": ("mt-garble", "garble-window", "tells"),
    "mt-function": ("mt-garble", "swap-function", "garble-window"),
    "typography": ("typography",),
    "residue": ("boilerplate", "tells"),
}


def right_rule(category, rule):
    return rule.split(".", 1)[0] in RIGHT.get(category, ())


def load_marks(path):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return rows


def main():
    top = os.path.dirname(os.path.dirname(HERE))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mtlint", default=os.path.join(top, "build", "mtlint"))
    ap.add_argument("--marks", default=os.path.join(HERE, "marks.tsv"))
    ap.add_argument("--misses", action="store_true",
                    help="list the marks no finding overlaps")
    ap.add_argument("--rules", action="store_true",
                    help="count the rules that found marks")
    a = ap.parse_args()
    marks = load_marks(a.marks)
    for m in marks:
        # marks quote a few words, never a page's sentences
        if len(m["words"].split()) > MAX_WORDS:
            print(f"devset: mark longer than {MAX_WORDS} words: "
                  f"{m['words']!r}", file=sys.stderr)
            return 2
    if not os.path.isdir(cache.CACHE):
        print("devset: skipped, no page cache (bench/.devset/); it is "
              "rebuilt from the marks' URLs inside a session with `search`")
        return 0
    urls = sorted({m["url"] for m in marks})
    paths = {u: cache.path_of(u) for u in urls}
    absent = [u for u in urls if not os.path.exists(paths[u])]
    present = [u for u in urls if u not in absent]
    if not present:
        print("devset: skipped, none of the %d pages is cached" % len(urls))
        return 0
    texts = {}
    for u in present:
        with open(paths[u], "rb") as f:
            texts[u] = f.read()
    out = subprocess.run([a.mtlint, "-f", "jsonl", "--fail-on", "never"]
                         + [paths[u] for u in present],
                         capture_output=True, text=True)
    found = collections.defaultdict(list)
    words = 0
    errors = []
    for line in out.stdout.splitlines():
        rec = json.loads(line)
        if rec.get("type") == "error":
            errors.append(f"{rec.get('path')}: {rec.get('message')}")
        if rec.get("type") == "summary":
            words += rec.get("words", 0)
        if rec.get("type") != "diagnostic":
            continue
        found[os.path.realpath(rec["path"])].append(
            (rec["start"]["offset"], rec["end"]["offset"], rec["severity"],
             rec["rule"]))
    if not words:
        sys.exit("devset: mtlint linted nothing: " + "; ".join(errors[:3]))
    by_cat = collections.defaultdict(lambda: [0, 0, 0, 0])
    lost = 0
    used = set()
    misses = []
    rules_hit = collections.Counter()
    for m in marks:
        u = m["url"]
        if u not in texts:
            continue
        needle = m["words"].encode("utf-8")
        start = texts[u].find(needle)
        if start < 0:
            lost += 1
            print(f"devset: mark not on its page: {m['words']!r} ({u})",
                  file=sys.stderr)
            continue
        end = start + len(needle)
        cat = m["category"]
        by_cat[cat][0] += 1
        hit_any = hit_warn = hit_right = False
        for i, (s, e, sev, rule) in enumerate(found[os.path.realpath(paths[u])]):
            if s < end and e > start:
                used.add((paths[u], i))
                hit_any = True
                rules_hit[rule] += 1
                if sev in ("warning", "error"):
                    hit_warn = True
                if right_rule(m["category"], rule):
                    hit_right = True
        by_cat[cat][1] += hit_any
        by_cat[cat][2] += hit_warn
        by_cat[cat][3] += hit_right
        if not hit_any:
            misses.append(m)
    total = [0, 0, 0, 0]
    print(f"dev set: {len(present)} pages cached of {len(urls)}, "
          f"{sum(v[0] for v in by_cat.values())} marks, {words} words"
          + (f"; {lost} marks not found on their page" if lost else ""))
    print(f"{'category':14s} {'marks':>5s} {'found':>6s} {'recall':>7s} "
          f"{'warn+':>6s} {'recall':>7s} {'right':>6s} {'recall':>7s}")

    def row(name, n, h, w, r):
        print(f"{name:14s} {n:5d} {h:6d} {100 * h / n:6.1f}% {w:6d} "
              f"{100 * w / n:6.1f}% {r:6d} {100 * r / n:6.1f}%")
    for cat in sorted(by_cat):
        row(cat, *by_cat[cat])
        total = [t + v for t, v in zip(total, by_cat[cat])]
    if total[0]:
        row("all", *total)
    other = sum(len(v) for v in found.values()) - len(used)
    if words:
        print(f"findings on no mark: {other} "
              f"({1000 * other / words:.1f} per 1000 words)")
    if a.rules:
        for rule, k in rules_hit.most_common():
            print(f"{k:5d}  {rule}")
    if a.misses:
        for m in misses:
            print(f"miss  {m['category']:12s} {m['words']!r} -> "
                  f"{m['fix']!r}  {m['url']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
