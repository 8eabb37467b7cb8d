#!/usr/bin/env python3
"""Checks mtlint's machine-readable output against the protocol.

Usage: check_output.py MTLINT REPO_ROOT

Lints the samples/ articles (built-in rules) and a few crafted inputs (BOM,
CRLF, astral characters, invalid UTF-8, NUL, a missing file), then:
  * validates every --format jsonl line against docs/mtlint.schema.json and
    the --format json document against docs/mtlint-document.schema.json;
  * checks that each diagnostic's "match" is the input's bytes between its
    offsets, and that line, column and column_utf16 are right for them;
  * checks that the summary counts the records, and that the json document
    holds the same diagnostics and errors as the jsonl stream.
Exits 0 when all hold, 1 otherwise, 77 (skip) without python3-jsonschema.
"""
import codecs
import json
import os
import subprocess
import sys
import tempfile

try:
    import jsonschema
except ImportError:
    print("python3-jsonschema is not installed: skipped")
    sys.exit(77)


def one_byte_replace(err):
    # libmtlint replaces each invalid byte by U+FFFD and goes on at the next
    # byte; Python's "replace" would swallow a whole maximal subpart.
    return ("\ufffd", err.start + 1)


codecs.register_error("mtl_one_byte", one_byte_replace)


def decode(b):
    return b.decode("utf-8", "mtl_one_byte")


def utf16_units(b):
    return sum(2 if ord(c) > 0xFFFF else 1 for c in decode(b))


failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg)


def expected_position(data, offset):
    """(line, column, column_utf16) of a byte offset, per docs/PROTOCOL.md."""
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    if start == 0 and data.startswith(b"\xef\xbb\xbf") and offset >= 3:
        start = 3  # columns on the first line count from after a BOM
    return line, offset - start + 1, utf16_units(data[start:offset]) + 1


def check_diagnostic(d, files):
    path = d["path"]
    if path not in files:
        fail(f"diagnostic for unknown path {path!r}")
        return
    data = files[path]
    s, e = d["start"]["offset"], d["end"]["offset"]
    if not 0 <= s <= e <= len(data):
        fail(f"{path}: bad offsets {s}..{e} (size {len(data)})")
        return
    if d["match"] != decode(data[s:e]):
        fail(f"{path}:{s}: match {d['match']!r} != input bytes {data[s:e]!r}")
    for key, off in (("start", s), ("end", e)):
        want = expected_position(data, off)
        p = d[key]
        got = (p["line"], p["column"], p["column_utf16"])
        if got != want:
            fail(f"{path}: {d['rule']} {key} offset {off}: line/column/column_utf16 {got}, want {want}")
    if d["fix"] == "safe" and not d["suggestions"]:
        fail(f"{path}:{s}: {d['rule']} has a safe fix but no suggestion")


def run(mtlint, args, cwd):
    p = subprocess.run([mtlint] + args, cwd=cwd, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=120)
    if p.returncode not in (0, 1, 4):
        fail(f"mtlint {' '.join(args)}: exit {p.returncode}: {p.stderr.decode(errors='replace')}")
    return p.stdout


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    mtlint, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    with open(os.path.join(root, "docs/mtlint.schema.json")) as f:
        line_schema = json.load(f)
    with open(os.path.join(root, "docs/mtlint-document.schema.json")) as f:
        doc_schema = json.load(f)
    line_validator = jsonschema.Draft202012Validator(line_schema)
    doc_validator = jsonschema.Draft202012Validator(doc_schema)

    work = tempfile.mkdtemp(prefix="mtl-schema-")
    crafted = {
        "bom-crlf.txt": b"\xef\xbb\xbfThe minister held a push meeting in Kiev.\r\n"
                        b"\r\nIt was the the end of talks, said putin.\r\n",
        "astral.md": "Emoji \U0001F600 and caf\u00e9 before (Written through Ana Lopes), "
                     "the the text.\n".encode(),
        "broken.txt": b"Bad \xff byte and \xe2\x82 a cut one, the the end\x00 of it.\n",
        "empty.txt": b"",
    }
    for name, data in crafted.items():
        with open(os.path.join(work, name), "wb") as f:
            f.write(data)
    files = {}
    inputs = []
    for name in sorted(os.listdir(os.path.join(root, "samples"))):
        path = os.path.join(root, "samples", name)
        if not os.path.isfile(path) or not name.endswith((".txt", ".md")):
            continue  # the articles, not samples/feeds/ and the like
        with open(path, "rb") as f:
            files[path] = f.read()
        inputs.append(path)
    for name in sorted(crafted):
        path = os.path.join(work, name)
        files[path] = crafted[name]
        inputs.append(path)
    missing = os.path.join(work, "missing.txt")
    base = ["--no-config", "--fail-on", "never"]

    out = run(mtlint, base + ["--format", "jsonl"] + inputs + [missing], work)
    records = []
    for n, line in enumerate(out.decode("utf-8").splitlines(), 1):
        try:
            rec = json.loads(line)
        except ValueError as e:
            fail(f"jsonl line {n} is not JSON: {e}: {line[:200]}")
            continue
        errs = sorted(line_validator.iter_errors(rec), key=str)
        for err in errs[:3]:
            fail(f"jsonl line {n} breaks the schema: {err.message} at {list(err.absolute_path)}")
        records.append(rec)
    diags = [r for r in records if r.get("type") == "diagnostic"]
    errors = [r for r in records if r.get("type") == "error"]
    summaries = [r for r in records if r.get("type") == "summary"]
    if len(summaries) != 1 or records[-1].get("type") != "summary":
        fail("jsonl: want exactly one summary, as the last line")
    if not diags:
        fail("jsonl: no diagnostics at all (the samples have garble)")
    if not any(e["path"] == missing and e["code"] == "io" for e in errors):
        fail("jsonl: no io error record for the missing file")
    for d in diags:
        check_diagnostic(d, files)
    for name in ("bom-crlf.txt", "astral.md", "broken.txt"):
        if not any(d["path"] == os.path.join(work, name) for d in diags):
            fail(f"no diagnostic for crafted input {name}")
    if not any(d["rule"] == "input.encoding" and d["path"].endswith("broken.txt") for d in diags):
        fail("broken.txt: no input.encoding diagnostic")
    if summaries:
        s = summaries[-1]
        if s["diagnostics"] != len(diags) or s["errors"] != len(errors):
            fail(f"summary counts {s['diagnostics']}/{s['errors']}, records {len(diags)}/{len(errors)}")
        if s["files"] != len(inputs):
            fail(f"summary files {s['files']}, want {len(inputs)}")
        for sev in ("error", "warning", "info"):
            n = sum(1 for d in diags if d["severity"] == sev)
            if s["by_severity"][sev] != n:
                fail(f"summary by_severity.{sev} {s['by_severity'][sev]}, records {n}")

    out = run(mtlint, base + ["--format", "json"] + inputs + [missing], work)
    try:
        doc = json.loads(out.decode("utf-8"))
    except ValueError as e:
        fail(f"json output is not one JSON document: {e}")
        doc = None
    if doc is not None:
        for err in sorted(doc_validator.iter_errors(doc), key=str)[:5]:
            fail(f"json document breaks the schema: {err.message} at {list(err.absolute_path)}")
        strip = lambda r: {k: v for k, v in r.items() if k != "type"}
        if [strip(d) for d in doc.get("diagnostics", [])] != [strip(d) for d in diags]:
            fail("json diagnostics differ from the jsonl ones")
        if [strip(e) for e in doc.get("errors", [])] != [strip(e) for e in errors]:
            fail("json errors differ from the jsonl ones")
        for d in doc.get("diagnostics", []):
            check_diagnostic(d, files)

    print(f"checked {len(diags)} diagnostics, {len(errors)} errors from {len(inputs)} inputs")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
