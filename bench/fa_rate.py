#!/usr/bin/env python3
"""False alarms on clean, edited news: warnings and errors per 1000 words.

  bench/fa_rate.py [--mtlint build/mtlint] [--by-rule] [PATH...]

Lints PATH (default ../shared/clean-news/*.txt) with the default rules and
prints the warnings-or-errors per 1000 words, the info rate, and with
--by-rule the count per rule id (worst first). Edited copy should score
close to zero; docs/PERFORMANCE.md keeps the figures.
"""
import argparse
import collections
import glob
import json
import os
import subprocess
import sys


def report(mtlint, paths, by_rule=False):
    """Lint PATHS, print the rates (and per rule with BY_RULE); return the
    warnings-or-errors per 1000 words."""
    out = subprocess.run([mtlint, "-f", "jsonl", "--fail-on", "never"] + paths,
                         capture_output=True, text=True)
    words = 0
    sev = collections.Counter()
    rules = collections.Counter()
    for line in out.stdout.splitlines():
        rec = json.loads(line)
        if rec.get("type") == "summary":
            words += rec.get("words", 0)
        elif rec.get("type") == "diagnostic":
            sev[rec["severity"]] += 1
            if rec["severity"] in ("warning", "error"):
                rules[rec["rule"]] += 1
    if not words:
        sys.exit("fa_rate: mtlint counted no words")
    bad = sev["warning"] + sev["error"]
    print(f"{len(paths)} files, {words} words: {bad} warnings or errors "
          f"= {1000 * bad / words:.2f} per 1000 words; "
          f"info {1000 * sev['info'] / words:.2f} per 1000")
    if by_rule:
        for rule, n in rules.most_common():
            print(f"{n:6d}  {rule}")
    return 1000 * bad / words


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    top = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mtlint", default=os.path.join(top, "build", "mtlint"))
    ap.add_argument("--by-rule", action="store_true")
    ap.add_argument("paths", nargs="*")
    a = ap.parse_args()
    paths = a.paths or sorted(glob.glob(os.path.join(top, "..", "shared",
                                                     "clean-news", "*.txt")))
    if not paths:
        sys.exit("fa_rate: no input (../shared/clean-news is missing)")
    report(a.mtlint, paths, a.by_rule)


if __name__ == "__main__":
    main()
