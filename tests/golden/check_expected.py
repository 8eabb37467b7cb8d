#!/usr/bin/env python3
"""Checks every golden case's expected.jsonl against its input, independently
of mtlint: each diagnostic's "match" must be the input bytes between its
offsets, its line/column/column_utf16 must be right for those offsets, the
summary must count the records, and the path must be the input's name.
A wrong expected file (hand-edited or regenerated from a buggy build) fails.

Usage: check_expected.py GOLDEN_DIR
"""
import codecs
import glob
import json
import os
import sys

codecs.register_error("mtl_one_byte", lambda e: ("\ufffd", e.start + 1))


def decode(b):
    return b.decode("utf-8", "mtl_one_byte")


def position(data, off):
    line = data.count(b"\n", 0, off) + 1
    start = data.rfind(b"\n", 0, off) + 1
    if start == 0 and data.startswith(b"\xef\xbb\xbf") and off >= 3:
        start = 3
    units = sum(2 if ord(c) > 0xFFFF else 1 for c in decode(data[start:off]))
    return {"offset": off, "line": line, "column": off - start + 1, "column_utf16": units + 1}


def check_case(case):
    problems = []
    exp = os.path.join(case, "expected.jsonl")
    inputs = glob.glob(os.path.join(case, "input.*"))
    if not os.path.exists(exp) or len(inputs) != 1:
        return [f"{case}: needs expected.jsonl and one input.* file"]
    with open(inputs[0], "rb") as f:
        data = f.read()
    name = os.path.basename(inputs[0])
    diags, summary, prev = 0, None, None
    sev = {"error": 0, "warning": 0, "info": 0}
    for n, line in enumerate(open(exp, encoding="utf-8"), 1):
        r = json.loads(line)
        where = f"{exp}:{n}"
        if r["type"] == "summary":
            summary = r
            continue
        if r["type"] != "diagnostic":
            continue
        diags += 1
        sev[r["severity"]] += 1
        if r["path"] != name:
            problems.append(f"{where}: path {r['path']!r}, want {name!r}")
        s, e = r["start"]["offset"], r["end"]["offset"]
        if not 0 <= s <= e <= len(data):
            problems.append(f"{where}: offsets {s}..{e} outside the input")
            continue
        if r["match"] != decode(data[s:e]):
            problems.append(f"{where}: match {r['match']!r} is not input[{s}:{e}] {data[s:e]!r}")
        for key, off in (("start", s), ("end", e)):
            if r[key] != position(data, off):
                problems.append(f"{where}: {key} {r[key]}, want {position(data, off)}")
        key = (s, e, r["rule"])
        if prev is not None and key < prev:
            problems.append(f"{where}: not sorted by start, end, rule")
        prev = key
    if summary is None:
        problems.append(f"{exp}: no summary")
    elif summary["diagnostics"] != diags or summary["by_severity"] != sev or summary["files"] != 1:
        problems.append(f"{exp}: summary does not count the records")
    return problems


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    cases = sorted(d for d in glob.glob(os.path.join(root, "*")) if os.path.isdir(d))
    problems = []
    for case in cases:
        problems += check_case(case)
    for p in problems:
        print("FAIL:", p)
    print(f"checked {len(cases)} golden cases")
    return 1 if problems or not cases else 0


if __name__ == "__main__":
    sys.exit(main())
