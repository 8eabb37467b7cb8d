#!/usr/bin/env python3
"""Drives `mtlint lsp` with a scripted client: the normal session (open,
diagnostics at the right UTF-16 / UTF-8 column, quick fix, re-lint), the
encoding fixed by --position-encoding, every code-action command (word
lists, disabling rules, written to real files), configuration changes, and
the error paths of the framing and JSON-RPC layer.  Usage: test_protocol.py MTLINT SRCDIR WORKDIR
"""
import json
import os
import random
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lspclient import Client, LspError, frame  # noqa: E402

MTLINT, SRCDIR, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
GARBLE_RULES = os.path.join(SRCDIR, "rules", "mt-garble.yaml")
SPELL_RULES = os.path.join(SRCDIR, "rules", "spelling.yaml")
SMO = "mt-garble.special-military-operation"

# Multi-byte text (2-byte, 3-byte and a 4-byte emoji that is two UTF-16
# units) before a garbled phrase.
PREFIX = "Zoë Łukasiewicz \U0001F680 said the "
TEXT = PREFIX + "special army operation goes on.\nSecond line.\n"

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)
    return cond


def u16(s):
    return len(s.encode("utf-16-le")) // 2


def workspace(name, config="# mtlint test workspace\n"):
    ws = os.path.join(WORK, name)
    shutil.rmtree(ws, ignore_errors=True)
    os.makedirs(ws)
    with open(os.path.join(ws, ".mtlint.yaml"), "w") as f:
        f.write(config)
    return ws


def start(ws, *extra, rules=(GARBLE_RULES,)):
    argv = [MTLINT, "lsp", "--no-builtin-rules", "--debounce", "0",
            "--user-wordlist", os.path.join(ws, "user", "words.txt")]
    for r in rules:
        argv += ["--rules", r]
    argv += list(extra)
    return Client(argv, cwd=ws, stderr_path=os.path.join(ws, "server.log"))


def by_rule(diags, rule):
    return [d for d in diags if d["code"] == rule]


def apply_edit(text, rng, new, enc="utf-16"):
    """Applies an LSP edit the way an editor would."""
    lines = text.split("\n")

    def off(pos):
        line = lines[pos["line"]]
        base = sum(len(l.encode()) + 1 for l in lines[:pos["line"]])
        if enc == "utf-8":
            return base + pos["character"]
        units = 0
        for i, ch in enumerate(line):
            if units >= pos["character"]:
                return base + len(line[:i].encode())
            units += u16(ch)
        return base + len(line.encode())
    raw = text.encode()
    a, b = off(rng["start"]), off(rng["end"])
    return (raw[:a] + new.encode() + raw[b:]).decode()


def test_session_utf16():
    ws = workspace("utf16")
    uri = "file://" + ws + "/article.md"
    c = start(ws)
    try:
        res = c.initialize(ws)
        caps = res["capabilities"]
        check(caps.get("positionEncoding") == "utf-16", "utf-16 is the default encoding")
        check(caps["textDocumentSync"]["change"] == 2, "incremental sync offered")
        check("mtlint.addWord" in caps["executeCommandProvider"]["commands"],
              "addWord command advertised")
        c.open(uri, TEXT)
        diags = by_rule(c.diagnostics(uri, 1), SMO)
        if not check(len(diags) == 1, "one special-military-operation diagnostic"):
            return
        d = diags[0]
        check(d["range"]["start"] == {"line": 0, "character": u16(PREFIX)},
              "start column in UTF-16 units: %r" % d["range"]["start"])
        check(d["range"]["end"]["character"] == u16(PREFIX) + len("special army operation"),
              "end column in UTF-16 units")
        check(d["source"] == "mtlint" and d["severity"] == 2, "source and severity")
        check(d["codeDescription"]["href"].startswith("file://"), "codeDescription link")
        check(d["data"]["start"] == len(PREFIX.encode()) and
              d["data"]["end"] == len(PREFIX.encode()) + 22, "byte range in data")
        actions = c.call("textDocument/codeAction", {
            "textDocument": {"uri": uri}, "range": d["range"],
            "context": {"diagnostics": [d]}})
        fixes = [a for a in actions if a.get("edit")]
        check(fixes and fixes[0]["title"] == "Replace with \u201cspecial military operation\u201d",
              "quick fix title: %r" % [a["title"] for a in actions])
        check(fixes and fixes[0].get("isPreferred") is True, "safe fix is preferred")
        # Hover on the finding: its rule and explanation; away from it: null.
        check(caps.get("hoverProvider") is True, "hover advertised")
        hov = c.call("textDocument/hover", {
            "textDocument": {"uri": uri},
            "position": {"line": 0, "character": u16(PREFIX) + 3}})
        val = (hov or {}).get("contents", {}).get("value", "")
        check(hov and hov["contents"]["kind"] == "markdown" and
              val.startswith("**%s** (warning): " % SMO) and
              "euphemism" in val and hov["range"] == d["range"],
              "hover shows the rule and its explanation: %r" % hov)
        check(c.call("textDocument/hover", {
            "textDocument": {"uri": uri},
            "position": {"line": 1, "character": 2}}) is None, "no hover away from findings")
        check(any(a.get("command", {}).get("command") == "mtlint.disableRule" for a in actions),
              "disable-rule actions offered")
        inline = [a for a in actions if "comment at the top" in a["title"]]
        check(inline and inline[0]["title"].startswith("Disable %s in this file" % SMO),
              "inline-directive title: %r" % (inline and inline[0]["title"]))
        check(inline and inline[0]["edit"]["changes"][uri][0]["newText"] ==
              "<!-- mtlint-disable %s -->\n" % SMO, "inline-directive action for Markdown")
        # Apply the fix as an editor does: an incremental change.
        edit = fixes[0]["edit"]["changes"][uri][0]
        c.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [{"range": edit["range"], "text": edit["newText"]}]})
        diags = c.diagnostics(uri, 2)
        check(not by_rule(diags, SMO), "the fix removed the diagnostic")
        # Code actions outside any finding: none.
        actions = c.call("textDocument/codeAction", {
            "textDocument": {"uri": uri},
            "range": {"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 3}},
            "context": {"diagnostics": []}})
        check(actions == [], "no actions away from findings")
        # didClose clears the editor's list.
        c.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        check(c.diagnostics(uri) == [], "didClose publishes an empty list")
        check(c.shutdown() == 0, "exit after shutdown gives status 0")
    finally:
        c.close()


def test_session_utf8_and_incremental():
    ws = workspace("utf8")
    uri = "file://" + ws + "/a.md"
    c = start(ws)
    try:
        res = c.initialize(ws, encodings=["utf-8", "utf-16"])
        check(res["capabilities"]["positionEncoding"] == "utf-8", "utf-8 negotiated")
        c.open(uri, TEXT)
        d = by_rule(c.diagnostics(uri, 1), SMO)
        check(d and d[0]["range"]["start"]["character"] == len(PREFIX.encode()),
              "start column in UTF-8 bytes")
        # Two incremental changes in one notification: delete the emoji and
        # its space (4 bytes + 1), then insert a word at the start.
        e = len("Zoë Łukasiewicz ".encode())
        c.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [
                {"range": {"start": {"line": 0, "character": e},
                           "end": {"line": 0, "character": e + 5}}, "text": ""},
                {"range": {"start": {"line": 0, "character": 0},
                           "end": {"line": 0, "character": 0}}, "text": "Ms "}]})
        d = by_rule(c.diagnostics(uri, 2), SMO)
        check(d and d[0]["range"]["start"]["character"] == len(PREFIX.encode()) - 5 + 3,
              "incremental edits applied in order")
        # A position inside a multi-byte character lands before it.
        c.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": 3},
            "contentChanges": [{"range": {"start": {"line": 0, "character": 6},
                                          "end": {"line": 0, "character": 6}}, "text": "X"}]})
        d = by_rule(c.diagnostics(uri, 3), SMO)
        check(d and d[0]["data"]["start"] == len(PREFIX.encode()) - 5 + 3 + 1,
              "insert inside a code point moved to its start")
        # A full-text change.
        c.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": 4},
            "contentChanges": [{"text": "Clean text.\n"}]})
        check(c.diagnostics(uri, 4) == [], "full sync replaced the text")
        check(c.shutdown() == 0, "clean shutdown")
    finally:
        c.close()


def test_position_encoding_option():
    """--position-encoding fixes the encoding whatever the client offers
    (for ALE, which counts bytes and offers nothing); a bad value is a usage
    error."""
    # The ALE case: 14 more bytes than UTF-16 units before the phrase.
    prefix = "\U0001F680" * 5 + " \u00dcn\u00efc\u00f6d\u00e9 again: the firm faces "
    text = prefix + "reputational prices.\n"
    rule = "mt-garble.reputational-prices"
    nbytes = len(prefix.encode())
    ws = workspace("posenc")
    uri = "file://" + ws + "/a.md"
    for offered in (None, ["utf-16"]):
        c = start(ws, "--position-encoding", "utf-8")
        try:
            res = c.initialize(ws, encodings=offered)
            check(res["capabilities"].get("positionEncoding") == "utf-8",
                  "--position-encoding utf-8, client offers %r: result says utf-8" % offered)
            c.open(uri, text)
            d = by_rule(c.diagnostics(uri, 1), rule)
            if not check(len(d) == 1, "one reputational-prices diagnostic"):
                continue
            rng = d[0]["range"]
            check(rng["start"] == {"line": 0, "character": nbytes} and
                  rng["end"] == {"line": 0, "character": nbytes + len("reputational prices")},
                  "columns are bytes: %r" % rng)
            # the cursor on 'prices', as a byte column (ALE's :ALECodeAction)
            at = {"line": 0, "character": nbytes + len("reputational ") + 1}
            actions = c.call("textDocument/codeAction", {
                "textDocument": {"uri": uri}, "range": {"start": at, "end": at},
                "context": {"diagnostics": []}})
            fixes = [a for a in actions if a.get("edit")]
            check(fixes and fixes[0]["title"] == "Replace with \u201creputational costs\u201d",
                  "code action at a byte column on the second word: %r"
                  % [a["title"] for a in actions])
            if fixes:
                e = fixes[0]["edit"]["changes"][uri][0]
                check(apply_edit(text, e["range"], e["newText"], "utf-8") ==
                      prefix + "reputational costs.\n", "the fix's range is in bytes")
            # an edit in bytes: delete the first rocket (4 bytes)
            c.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": 2},
                "contentChanges": [{"range": {"start": {"line": 0, "character": 0},
                                              "end": {"line": 0, "character": 4}},
                                    "text": ""}]})
            d = by_rule(c.diagnostics(uri, 2), rule)
            check(d and d[0]["range"]["start"]["character"] == nbytes - 4 and
                  d[0]["data"]["start"] == nbytes - 4, "didChange ranges read as bytes")
            check(c.shutdown() == 0, "clean shutdown")
        finally:
            c.close()
        with open(os.path.join(ws, "server.log")) as f:
            check("position encoding utf-8 (fixed by the host)" in f.read(),
                  "the log says the encoding was fixed")
    # utf-16 over a client that offers utf-8 first; clangd's offsetEncoding
    # answered with the fixed encoding too
    c = start(ws, "--position-encoding=utf-16")
    try:
        res = c.call("initialize", {"processId": None, "rootUri": "file://" + ws,
                                    "capabilities": {"offsetEncoding": ["utf-8", "utf-16"]}})
        check(res["capabilities"].get("positionEncoding") == "utf-16" and
              res.get("offsetEncoding") == "utf-16",
              "--position-encoding utf-16 over clangd's offsetEncoding: %r"
              % {k: v for k, v in res.items() if k != "capabilities"})
        c.notify("initialized", {})
        c.open(uri, text)
        d = by_rule(c.diagnostics(uri, 1), rule)
        check(d and d[0]["range"]["start"]["character"] == u16(prefix), "columns are UTF-16")
    finally:
        c.close()
    c = start(ws, "--position-encoding", "utf-16")
    try:
        res = c.initialize(ws, encodings=["utf-8", "utf-16"])
        check(res["capabilities"].get("positionEncoding") == "utf-16",
              "--position-encoding utf-16 although the client offers utf-8")
    finally:
        c.close()
    # without the option: negotiated as before
    for offered, want in ((None, "utf-16"), (["utf-16"], "utf-16"), (["utf-8"], "utf-8")):
        c = start(ws)
        try:
            res = c.initialize(ws, encodings=offered)
            check(res["capabilities"].get("positionEncoding") == want,
                  "no option, client offers %r: %s" % (offered, want))
            c.open(uri, text)
            d = by_rule(c.diagnostics(uri, 1), rule)
            check(d and d[0]["range"]["start"]["character"] ==
                  (nbytes if want == "utf-8" else u16(prefix)),
                  "no option, client offers %r: columns in %s" % (offered, want))
        finally:
            c.close()
    # usage errors: exit 2 before any protocol
    for bad in (["--position-encoding", "utf-32"], ["--position-encoding=UTF-8"],
                ["--position-encoding", ""], ["--position-encoding"]):
        p = subprocess.run([MTLINT, "lsp"] + bad, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=10)
        check(p.returncode == 2 and p.stdout == b"" and
              b"--position-encoding takes utf-8 or utf-16" in p.stderr,
              "%r: usage error, exit 2 (got %d, %r)" % (bad, p.returncode, p.stderr))
    p = subprocess.run([MTLINT, "lsp", "--help"], stdout=subprocess.PIPE, timeout=10)
    check(b"--position-encoding" in p.stdout, "--help names --position-encoding")


def test_incremental_matches_full():
    """Typing is linted paragraph by paragraph; the result must be what a
    lint of the whole text gives, at once."""
    import random
    ws = workspace("incremental")
    uri, ref = "file://" + ws + "/typed.md", "file://" + ws + "/ref.md"
    paras = ["Zoë said the firm faces reputational prices.",
             "Ünïcödé 🚀 text, then the special army operation.",
             "Plain paragraph number three with nothing wrong.",
             "Exports soared through 12 percent, the minister said."]
    text = "\n\n".join(paras) + "\n"
    c = start(ws)
    rnd = random.Random(5)
    inserts = ["x", "é", "🚀", " special navy operation ", "\n\n", " the the ", ""]
    try:
        c.initialize(ws, encodings=["utf-8"])
        c.open(uri, text)
        c.diagnostics(uri, 1)
        for v in range(2, 40):
            raw = text.encode()
            a = rnd.randrange(len(raw))
            while a and (raw[a] & 0xC0) == 0x80:
                a -= 1
            b = a + rnd.choice([0, 0, 1, 3])
            while b < len(raw) and (raw[b] & 0xC0) == 0x80:
                b += 1
            b = min(b, len(raw))
            new = rnd.choice(inserts)

            def pos(o):
                before = raw[:o]
                line = before.count(b"\n")
                return {"line": line, "character": o - (before.rfind(b"\n") + 1)}
            c.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": v},
                "contentChanges": [{"range": {"start": pos(a), "end": pos(b)}, "text": new}]})
            text = (raw[:a] + new.encode() + raw[b:]).decode()
            got = c.diagnostics(uri, v)
            c.open(ref + str(v), text)
            want = c.diagnostics(ref + str(v), 1)
            c.notify("textDocument/didClose", {"textDocument": {"uri": ref + str(v)}})
            c.diagnostics(ref + str(v))

            def key(ds):
                return sorted((d["code"], d["data"]["start"], d["data"]["end"],
                               d["range"]["start"]["line"], d["range"]["start"]["character"],
                               d["message"]) for d in ds)
            # at once: exactly the whole-text result (the rules that are not
            # paragraph-local run on the whole text after each edit)
            if not check(key(got) == key(want), "edit %d: incremental %r == full %r"
                         % (v, key(got), key(want))):
                break
        c.shutdown()
    finally:
        c.close()


CROSS_RULES = """pack: t
description: test
rules:
  - id: t.cross
    kind: pattern
    severity: warning
    message: "the quotation after '{match}' opens in lower case"
    description: a paragraph ending in 'said:' followed by one in lower case
    pattern: 'said:\\s*\\n\\s*\\n\\s*[a-z]'
    examples: {bad: ["He said:\\n\\nthe talks"], good: ["He said:\\n\\nThe talks"]}
  - id: t.dangling
    kind: pattern
    severity: warning
    message: "'{match}' is not followed by a quotation paragraph"
    description: "a 'said:' not followed by a paragraph that opens with a capital or a quote"
    pattern: 'said:(?!\\s*\\n\\s*\\n\\s*[A-Z"\u201c])'
    examples: {bad: ["He said: nothing"], good: ["He said:\\n\\nThe talks"]}
  - id: t.line
    kind: pattern
    severity: info
    message: "'{match}' again"
    description: a line-bound document-scope pattern (paragraph-local)
    pattern: '\\bagain\\b'
    examples: {bad: ["again"], good: ["gain"]}
"""


def test_multi_paragraph_pattern():
    """A document-scope pattern that matches and looks across paragraphs is
    run on the whole text after each edit: the diagnostics published right
    after every incremental edit are those of a whole-text lint."""
    ws = workspace("crosspara")
    rules = os.path.join(ws, "cross.yaml")
    with open(rules, "w") as f:
        f.write(CROSS_RULES)
    uri, ref = "file://" + ws + "/typed.md", "file://" + ws + "/ref.md"
    text = ("Intro line one.\nThe minister said:\n\nthe talks resume again.\n\n"
            "Closing paragraph.\n")
    edits = [  # (find, replace) applied in order as incremental edits
        ("the talks", "The talks"),        # the cross-paragraph match goes
        ("The talks", "the talks"),        # ... and comes back at once
        ("Intro", "An intro"),              # an edit in the first paragraph only
        ("resume again", "resume"),         # the line-bound rule's finding goes
        ("Closing", "closing said:"),       # a dangling 'said:' at the end
        ("closing said:", "closing said:\n\nquote"),  # a new paragraph after it
        ("minister said:", "minister said"),  # the match loses its start
    ]
    c = start(ws, rules=(rules,))

    def key(ds):
        return sorted((d["code"], d["data"]["start"], d["data"]["end"], d["message"])
                      for d in ds)
    try:
        c.initialize(ws, encodings=["utf-8"])
        c.open(uri, text)
        got = c.diagnostics(uri, 1)
        check([d["code"] for d in got] == ["t.dangling", "t.cross", "t.line"],
              "whole-text lint: %r" % key(got))
        for v, (a, b) in enumerate(edits, start=2):
            raw = text.encode()
            at = raw.index(a.encode())

            def pos(o):
                before = raw[:o]
                return {"line": before.count(b"\n"),
                        "character": o - (before.rfind(b"\n") + 1)}
            c.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": v},
                "contentChanges": [{"range": {"start": pos(at), "end": pos(at + len(a.encode()))},
                                    "text": b}]})
            text = text.replace(a, b, 1)
            got = c.diagnostics(uri, v)
            c.open(ref + str(v), text)
            want = c.diagnostics(ref + str(v), 1)
            c.notify("textDocument/didClose", {"textDocument": {"uri": ref + str(v)}})
            c.diagnostics(ref + str(v))
            check(key(got) == key(want), "edit %d (%r -> %r): at once %r == whole text %r"
                  % (v, a, b, key(got), key(want)))
        c.shutdown()
    finally:
        c.close()


def test_large_text():
    """Over 512 KiB the rules that are not paragraph-local are not run on the
    whole text after each edit: a paragraph-local finding appears at once, the
    rest of the whole-text result after the pause."""
    ws = workspace("large")
    uri, ref = "file://" + ws + "/big.md", "file://" + ws + "/ref.md"
    paras = ["Report %05d is about the harvest and the weather in the region.\n\n" % i
             for i in range(9000)]
    text = "".join(paras) + "The end.\n"
    c = start(ws)
    try:
        c.initialize(ws, encodings=["utf-8"])
        c.open(uri, text)
        first = c.diagnostics(uri, 1, timeout=30)
        check(first == [], "large text: clean: %r" % [d["code"] for d in first][:5])
        line = 2 * 4000
        new = "He had a personal meeting with the emir as the special army operation went on. "
        c.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [{"range": {"start": {"line": line, "character": 0},
                                          "end": {"line": line, "character": 0}},
                                "text": new}]})
        got = c.diagnostics(uri, 2, timeout=30)
        check([d["code"] for d in got] == [PM], "large text: the paragraph-local finding at "
              "once, alone: %r" % [d["code"] for d in got][:5])
        text = "".join(paras[:4000]) + new + "".join(paras[4000:]) + "The end.\n"
        got = c.diagnostics(uri, 2, timeout=30)  # the whole-document lint after the pause
        c.open(ref, text)
        want = c.diagnostics(ref, 1, timeout=30)
        check(sorted(d["code"] for d in got) == sorted(d["code"] for d in want) == sorted([PM, SMO]),
              "large text: after the pause %r == %r" % ([d["code"] for d in got][:5],
                                                      [d["code"] for d in want][:5]))
        c.shutdown()
    finally:
        c.close()


def test_debounce():
    ws = workspace("debounce")
    uri = "file://" + ws + "/a.md"
    c = Client([MTLINT, "lsp", "--no-builtin-rules", "--rules", GARBLE_RULES,
                "--debounce", "300"], cwd=ws, stderr_path=os.path.join(ws, "server.log"))
    try:
        c.initialize(ws)
        c.open(uri, "Fine.\n")
        c.diagnostics(uri, 1)
        t0 = time.monotonic()
        for v in range(2, 7):  # a burst of keystrokes: one lint at the end
            c.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": v},
                "contentChanges": [{"text": "Fine. special army operation " + "x" * v + "\n"}]})
        d = c.diagnostics(uri, timeout=5)
        took = time.monotonic() - t0
        check(took >= 0.25, "debounced lint waited (%.3fs)" % took)
        check(len(by_rule(d, SMO)) == 1, "debounced lint found the garble")
        try:
            extra = c.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics", 0.6)
            check(False, "only one publish after a burst, got another: %r" % extra)
        except LspError:
            pass
        c.shutdown()
    finally:
        c.close()


def command(c, name, arg):
    """Runs a server command. The server publishes the command's effect before
    it answers (a client that handles one message per read, like Emacs 28's
    jsonrpc, would otherwise see it only with the next message); publishes
    read before the command are dropped."""
    c.inbox = [m for m in c.inbox if m.get("method") != "textDocument/publishDiagnostics"]
    n = len(c.inbox)
    res = c.call("workspace/executeCommand", {"command": name, "arguments": [arg]})
    if name == "mtlint.disableRule" and arg.get("scope") == "file":
        check(any(m.get("method") == "textDocument/publishDiagnostics"
                  for m in c.inbox[n:]), "%s: published before the answer" % name)
    return res


def test_commands():
    ws = workspace("commands", "# newsroom config\nwordlists:\n  - words/newsroom.txt\n")
    os.makedirs(os.path.join(ws, "words"))
    with open(os.path.join(ws, "words", "newsroom.txt"), "w") as f:
        f.write("# names we know\nKupiansk\n")
    uri = "file://" + ws + "/story.md"
    other = "file://" + ws + "/other.md"
    text = "Mayor Zorblatt said the special army operation wugglefrax on.\n"
    c = start(ws, rules=(GARBLE_RULES, SPELL_RULES))
    try:
        c.initialize(ws)
        c.open(uri, text)
        c.open(other, text)
        diags = c.diagnostics(uri, 1)
        c.diagnostics(other, 1)
        sp = by_rule(diags, "spelling.unknown-word")
        words = sorted(text.encode()[d["data"]["start"]:d["data"]["end"]].decode() for d in sp)
        check(words == ["Zorblatt", "wugglefrax"], "spelling findings: %r" % words)
        zd = [d for d in sp if d["range"]["start"]["character"] == 6]
        actions = c.call("textDocument/codeAction", {
            "textDocument": {"uri": uri}, "range": zd[0]["range"],
            "context": {"diagnostics": zd}}) if zd else []
        titles = [a["title"] for a in actions]
        check("Add \u201cZorblatt\u201d to the project word list" in titles,
              "add-word action offered: %r" % titles)
        add = [a for a in actions if a["title"].startswith("Add") and "project" in a["title"]]
        if add:
            cmd = add[0]["command"]
            check(command(c, cmd["command"], cmd["arguments"][0]) is None, "addWord succeeds")
            with open(os.path.join(ws, "words", "newsroom.txt")) as f:
                check(f.read() == "# names we know\nKupiansk\nZorblatt\n",
                      "word appended to the config's word list")
            d = c.diagnostics(uri)
            check(not [x for x in by_rule(d, "spelling.unknown-word")
                       if x["range"]["start"]["character"] == 6], "Zorblatt accepted after reload")
        # user word list: created with its folder
        command(c, "mtlint.addWord", {"uri": uri, "word": "wugglefrax", "scope": "user"})
        with open(os.path.join(ws, "user", "words.txt")) as f:
            check(f.read() == "wugglefrax\n", "user word list written")
        d = c.diagnostics(uri)
        check(not by_rule(d, "spelling.unknown-word"), "user word accepted after reload")
        # hide in this file for the session (the server's own list)
        command(c, "mtlint.disableRule", {"uri": uri, "rule": SMO, "scope": "file"})
        check(not by_rule(c.diagnostics(uri), SMO), "rule disabled for the file")
        c.notify("textDocument/didChange", {"textDocument": {"uri": other, "version": 2},
                                            "contentChanges": [{"text": text + "More.\n"}]})
        check(by_rule(c.diagnostics(other, 2), SMO), "other file still has the rule")
        # disable for the workspace: written to .mtlint.yaml
        command(c, "mtlint.disableRule", {"uri": other, "rule": SMO, "scope": "workspace"})
        with open(os.path.join(ws, ".mtlint.yaml")) as f:
            cfg = f.read()
        check(cfg == "# newsroom config\nwordlists:\n  - words/newsroom.txt\n"
              "disable: [\"%s\"]\n" % SMO, "config edited: %r" % cfg)
        check(not by_rule(c.diagnostics(other), SMO), "rule disabled for the workspace")
        leftovers = [n for n in os.listdir(ws) if ".tmp-" in n]
        check(not leftovers, "no temporary files left: %r" % leftovers)
        # a failing command gives an error, not a crash
        m = c.response(c.request("workspace/executeCommand", {
            "command": "mtlint.addWord", "arguments": [
                {"uri": uri, "word": "two words", "scope": "project"}]}))
        check(m.get("error", {}).get("code") == -32803, "bad word: RequestFailed")
        m = c.response(c.request("workspace/executeCommand", {"command": "nope"}))
        check(m.get("error", {}).get("code") == -32602, "unknown command: InvalidParams")
        c.shutdown()
    finally:
        c.close()


def test_spelling_fix_on_request():
    """Typing does no Hunspell suggestion work (data.fix is "deferred" in
    publishDiagnostics); the codeAction for the word computes the fix."""
    ws = workspace("spellfix")
    uri = "file://" + ws + "/s.md"
    text = "Officials would receive the delegation.\n\nSecond paragraph.\n"
    c = start(ws, rules=(SPELL_RULES,))
    try:
        c.initialize(ws, encodings=["utf-8"])
        c.open(uri, text)
        check(c.diagnostics(uri, 1) == [], "clean text")
        # type the misspelling: "receive" -> "recieve"
        at = text.index("receive")
        c.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [{"range": {"start": {"line": 0, "character": at + 3},
                                          "end": {"line": 0, "character": at + 5}},
                                "text": "ie"}]})
        text = text.replace("receive", "recieve")
        sp = by_rule(c.diagnostics(uri, 2), "spelling.unknown-word")
        if not check(len(sp) == 1, "one spelling diagnostic: %r" % sp):
            return
        check(sp[0]["data"]["fix"] == "deferred",
              "publishDiagnostics did no suggestion work: %r" % sp[0]["data"])
        check(sp[0]["message"] == "unknown word 'recieve'", "message: %r" % sp[0]["message"])
        actions = c.call("textDocument/codeAction", {
            "textDocument": {"uri": uri}, "range": sp[0]["range"],
            "context": {"diagnostics": sp}})
        fixes = [a for a in actions if a.get("edit") and a["title"].startswith("Replace")]
        check(fixes and fixes[0]["title"] == "Replace with \u201creceive\u201d",
              "spelling fix offered through codeAction: %r" % [a["title"] for a in actions])
        if fixes:
            e = fixes[0]["edit"]["changes"][uri][0]
            c.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": 3},
                "contentChanges": [{"range": e["range"], "text": e["newText"]}]})
            check(c.diagnostics(uri, 3) == [], "the spelling fix removed the diagnostic")
        c.shutdown()
    finally:
        c.close()
    # a rule whose message shows {suggestion} reads the same as on the command line
    rules = os.path.join(ws, "sugg-rules.yaml")
    with open(rules, "w") as f:
        f.write("pack: t\ndescription: test\nrules:\n  - id: t.spell\n    kind: spelling\n"
                "    severity: warning\n    message: \"'{match}': did you mean '{suggestion}'?\"\n"
                "    description: test\n"
                "    examples: {bad: [\"recieve\"], good: [\"receive\"]}\n")
    c = start(ws, rules=(rules,))
    try:
        c.initialize(ws, encodings=["utf-8"])
        c.open(uri, text)
        d = by_rule(c.diagnostics(uri, 1), "t.spell")
        check(d and d[0]["message"] == "'recieve': did you mean 'receive'?" and
              d[0]["data"]["fix"] == "unsafe", "{suggestion} message in the server: %r" % d)
        c.shutdown()
    finally:
        c.close()


def test_code_action_budget():
    """A code action computes suggestions for at most 10 deferred findings
    (the first in its range), linting only those words with suggestions:
    300 unknown words in a paragraph took 8-13 s per request. Each request
    resolves the next ones."""
    ws = workspace("budget")
    uri = "file://" + ws + "/b.md"
    words = ("recieve beleive goverment definately occured seperate untill wich thier "
             "tommorow accomodate begining arguement enviroment existance freind garantee "
             "happend independant knowlege libary neccessary ocasion persue questionaire "
             "recomend succesful truely wierd adress").split()
    text = "Officials " + " ".join(words) + " today.\n"
    c = start(ws, rules=(SPELL_RULES,))
    try:
        c.initialize(ws, encodings=["utf-8"])
        c.open(uri, text)
        sp = by_rule(c.diagnostics(uri, 1), "spelling.unknown-word")
        deferred = {d["range"]["start"]["character"] for d in sp
                    if d["data"]["fix"] == "deferred"}
        check(len(deferred) >= 21, "deferred spelling findings: %d" % len(deferred))
        whole = {"start": {"line": 0, "character": 0}, "end": {"line": 1, "character": 0}}
        seen = []
        for want in (10, 20, 30):
            actions = c.call("textDocument/codeAction", {
                "textDocument": {"uri": uri}, "range": whole, "context": {"diagnostics": sp}})
            fixed = {a["diagnostics"][0]["range"]["start"]["character"] for a in actions
                     if a["diagnostics"][0]["data"]["fix"] != "deferred"}
            seen.append(len(fixed & deferred))
        check(seen == [10, 20, min(30, len(deferred))],
              "words resolved after each request: %r" % seen)
        c.shutdown()
    finally:
        c.close()


RESOLVING = {"codeAction": {"dataSupport": True, "resolveSupport": {"properties": ["edit"]}}}


def test_code_action_resolve():
    """A client that resolves code actions (resolveSupport with "edit") gets
    the deferred spelling findings' quick fixes in two steps: codeAction
    answers at once with one action per word and no suggestion work (1,500
    unknown words and a whole-document range took 48 s, every other request
    waiting); codeAction/resolve computes the chosen word's suggestions and
    fills in the edit. The server answers other requests in between."""
    ws = workspace("resolve")
    uri = "file://" + ws + "/r.md"
    rnd = random.Random(16)
    noise = ["".join(rnd.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rnd.randint(6, 12)))
             for _ in range(1500)]
    text = "Officials recieve " + " ".join(noise) + " xqzvkjwqp today.\n\nSecond paragraph.\n"
    c = start(ws, rules=(SPELL_RULES,))
    try:
        caps = c.initialize(ws, encodings=["utf-8"], text_document=RESOLVING)["capabilities"]
        check(caps["codeActionProvider"].get("resolveProvider") is True,
              "resolveProvider advertised: %r" % caps["codeActionProvider"])
        c.open(uri, text)
        sp = by_rule(c.diagnostics(uri, 1, timeout=60), "spelling.unknown-word")
        deferred = [d for d in sp if d["data"]["fix"] == "deferred"]
        check(len(deferred) >= 1400, "deferred spelling findings: %d" % len(deferred))
        whole = {"start": {"line": 0, "character": 0}, "end": {"line": 3, "character": 0}}
        t0 = time.monotonic()
        ca = c.request("textDocument/codeAction", {
            "textDocument": {"uri": uri}, "range": whole, "context": {"diagnostics": sp}})
        hv = c.request("textDocument/hover", {
            "textDocument": {"uri": uri}, "position": {"line": 2, "character": 1}})
        actions = c.response(ca, timeout=30)["result"]
        took = time.monotonic() - t0
        check("result" in c.response(hv, timeout=30), "hover answered after the code action")
        print("   whole-document codeAction over %d unknown words: %.3f s, %d actions"
              % (len(deferred), took, len(actions)))
        check(took < 5, "the code action answered in %.1f s" % took)
        later = [a for a in actions if "data" in a]
        later_all = actions
        check(later and all("edit" not in a and "command" not in a for a in later),
              "resolvable actions carry data, no edit: %r" % later[:1])
        check(not any(a["title"].startswith("Replace with") for a in actions),
              "no suggestion computed by codeAction: %r"
              % [a["title"] for a in actions if a["title"].startswith("Replace with")][:3])
        first = [a for a in later if "\u201crecieve\u201d" in a["title"]]
        if not check(first and first[0]["title"] ==
                     "Replace \u201crecieve\u201d with the first spelling suggestion",
                     "resolvable action for the first word: %r" % [a["title"] for a in later[:2]]):
            return
        # another request between the answer and the resolve
        check(c.call("textDocument/hover", {
            "textDocument": {"uri": uri}, "position": {"line": 0, "character": 11}}) is not None,
            "hover on the word answered before the resolve")
        t0 = time.monotonic()
        res = c.call("codeAction/resolve", first[0], timeout=30)
        print("   codeAction/resolve of one word: %.3f s" % (time.monotonic() - t0))
        e = res.get("edit", {}).get("changes", {}).get(uri, [{}])[0]
        check(e.get("newText") == "receive" and res["title"] == first[0]["title"] and
              res["data"] == first[0]["data"], "resolve filled in the edit: %r" % res)
        # the word's suggestions are kept: a codeAction on it lists them; the
        # other words are still deferred
        word = {"start": {"line": 0, "character": 10}, "end": {"line": 0, "character": 17}}
        actions = c.call("textDocument/codeAction", {
            "textDocument": {"uri": uri}, "range": word, "context": {"diagnostics": sp}})
        check(any(a["title"] == "Replace with \u201creceive\u201d" and a.get("edit")
                  for a in actions), "the resolved word's fixes listed: %r"
              % [a["title"] for a in actions])
        actions = c.call("textDocument/codeAction", {
            "textDocument": {"uri": uri}, "range": whole, "context": {"diagnostics": sp}})
        check(sum(1 for a in actions if "data" in a) == len(later) - 1 or
              len(actions) >= 200, "the other words stay deferred")
        # a word without a suggestion: the action back without an edit, and a message
        last = [a for a in c.call("textDocument/codeAction", {
            "textDocument": {"uri": uri},
            "range": {"start": {"line": 0, "character": len(text.split("\n")[0]) - 8},
                      "end": {"line": 0, "character": len(text.split("\n")[0]) - 7}},
            "context": {"diagnostics": sp}}) if "data" in a]
        if check(len(last) == 1 and "xqzvkjwqp" in last[0]["title"],
                 "resolvable action for the nonsense word: %r" % last):
            res = c.call("codeAction/resolve", last[0], timeout=30)
            check("edit" not in res and res["title"] == last[0]["title"],
                  "no suggestion, no edit: %r" % res)
            msg = c.wait(lambda m: m.get("method") == "window/showMessage")
            check(msg["params"]["message"] ==
                  "mtlint has no spelling suggestion for \u201cxqzvkjwqp\u201d",
                  "no-suggestion message: %r" % msg)
        # an action from an older version of the text: ContentModified
        stale = dict(first[0], data=dict(first[0]["data"], version=0))
        m = c.response(c.request("codeAction/resolve", stale))
        check(m.get("error", {}).get("code") == -32801, "stale action: %r" % m)
        cmd = [a for a in later_all if "command" in a]
        check(cmd and c.call("codeAction/resolve", cmd[0]) == cmd[0],
              "an action with a command comes back as it is (Neovim resolves them all)")
        m = c.response(c.request("codeAction/resolve", {"kind": "quickfix"}))
        check(m.get("error", {}).get("code") == -32602, "not an action: %r" % m)
        # the edit applied as an editor does
        c.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [{"range": e["range"], "text": e["newText"]}]})
        check(not any(d["message"] == "unknown word 'recieve'"
                      for d in c.diagnostics(uri, 2, timeout=30)), "the fix applied")
        c.shutdown()
    finally:
        c.close()


PM = "mt-garble.personal-meeting"


def test_disable_comment_persists():
    """"Disable RULE in this file" as an edit: once the editor applies it, the
    re-lint (and the region lints of later edits) publish nothing of the
    rule, and the mtlint command line finds none in the saved file."""
    ws = workspace("inline")
    for name, line in (("story.md", "<!-- mtlint-disable %s -->\n" % PM),
                       ("story.txt", "# mtlint-disable %s\n" % PM)):
        path = os.path.join(ws, name)
        uri = "file://" + path
        text = ("Intro paragraph.\n\nThe president will have a personal meeting with the emir "
                "as the special army operation goes on.\n\n" +
                "A paragraph with nothing wrong in it at all.\n\n" * 8 +
                "Later the envoy had a personal meeting with the king.\n")
        with open(path, "w") as f:
            f.write(text)
        c = start(ws)
        try:
            c.initialize(ws, encodings=["utf-8"])
            c.open(uri, text)
            diags = c.diagnostics(uri, 1)
            pm = by_rule(diags, PM)
            if not check(len(pm) == 2 and by_rule(diags, SMO), "%s: findings %r" %
                         (name, [d["code"] for d in diags])):
                continue
            actions = c.call("textDocument/codeAction", {
                "textDocument": {"uri": uri}, "range": pm[0]["range"],
                "context": {"diagnostics": pm[:1]}})
            titles = [a["title"] for a in actions]
            inline = [a for a in actions if a.get("edit") and
                      a["title"].startswith("Disable %s in this file" % PM)]
            check(any(a.get("command") and "until the server restarts" in a["title"]
                      for a in actions), "%s: the session-only command says so: %r"
                  % (name, titles))
            if not check(inline, "%s: inline-comment action offered: %r" % (name, titles)):
                continue
            e = inline[0]["edit"]["changes"][uri][0]
            check(e["newText"] == line, "%s: directive %r" % (name, e["newText"]))
            c.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": 2},
                "contentChanges": [{"range": e["range"], "text": e["newText"]}]})
            text = apply_edit(text, e["range"], e["newText"], "utf-8")
            d = c.diagnostics(uri, 2)
            check(not by_rule(d, PM), "%s: re-lint publishes no %s: %r" % (name, PM, d))
            check(by_rule(d, SMO), "%s: the other rules still report" % name)
            # typing in the last paragraph afterwards (a region lint) keeps it hidden
            last = text.count("\n") - 1
            c.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": 3},
                "contentChanges": [{"range": {"start": {"line": last, "character": 0},
                                              "end": {"line": last, "character": 0}},
                                    "text": "Meanwhile, "}]})
            text = apply_edit(text, {"start": {"line": last, "character": 0},
                                     "end": {"line": last, "character": 0}},
                              "Meanwhile, ", "utf-8")
            d = c.diagnostics(uri, 3)
            check(not by_rule(d, PM), "%s: still hidden after another edit: %r" % (name, d))
            # the editor saves the file
            with open(path, "w") as f:
                f.write(text)
            c.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
            c.shutdown()
        finally:
            c.close()
        # a fresh command-line run on the saved file: suppress.c reads the comment
        import subprocess
        out = subprocess.run([MTLINT, "--no-builtin-rules", "--rules", GARBLE_RULES,
                              "-f", "jsonl", "--fail-on", "never", path], cwd=ws,
                             capture_output=True, text=True, timeout=60)
        rules = [json.loads(l).get("rule") for l in out.stdout.splitlines() if l.strip()]
        check(out.returncode == 0 and PM not in rules and SMO in rules,
              "%s: mtlint on the saved file: rc %d, rules %r, %s" %
              (name, out.returncode, rules, out.stderr.strip()))


def test_language_setting():
    """The language setting (initializationOptions, didChangeConfiguration)
    picks the variety of English: en-US flags each British word; auto takes
    an article in one variety as it is."""
    ws = workspace("language")
    uri = "file://" + ws + "/a.md"
    text = "The colour of the flag and the centre of the town.\n"
    c = start(ws, rules=(SPELL_RULES,))
    try:
        c.initialize(ws, options={"language": "en-US"})
        c.open(uri, text)
        v = by_rule(c.diagnostics(uri, 1), "spelling.mixed-variety")
        check(len(v) == 2 and all(d["severity"] == 2 for d in v),
              "en-US: each British word is a warning: %r" % v)
        c.notify("workspace/didChangeConfiguration", {"settings": {"mtlint": {"language": "auto"}}})
        check(not by_rule(c.diagnostics(uri), "spelling.mixed-variety"),
              "auto: one variety, no finding")
        c.shutdown()
    finally:
        c.close()


def test_configuration_and_reload():
    ws = workspace("reload")
    uri = "file://" + ws + "/a.md"
    c = start(ws)
    try:
        c.initialize(ws)
        c.open(uri, TEXT)
        check(by_rule(c.diagnostics(uri, 1), SMO), "garble found")
        c.notify("workspace/didChangeConfiguration",
                 {"settings": {"mtlint": {"disable": ["mt-garble"]}}})
        check(not by_rule(c.diagnostics(uri), SMO), "settings hide a pack")
        c.notify("workspace/didChangeConfiguration", {"settings": {"mtlint": {"disable": []}}})
        check(by_rule(c.diagnostics(uri), SMO), "settings cleared")
        # the config changes on disk; saving it in the editor reloads
        with open(os.path.join(ws, ".mtlint.yaml"), "w") as f:
            f.write("disable: [%s]\n" % SMO)
        c.notify("textDocument/didSave", {"textDocument": {"uri": "file://" + ws + "/.mtlint.yaml"}})
        check(not by_rule(c.diagnostics(uri), SMO), "config reloaded on save")
        # a broken config is reported as a diagnostic, then fixed by a watched-file event
        with open(os.path.join(ws, ".mtlint.yaml"), "w") as f:
            f.write("disable: [oops\n")
        c.notify("workspace/didChangeWatchedFiles", {"changes": [
            {"uri": "file://" + ws + "/.mtlint.yaml", "type": 2}]})
        d = c.diagnostics(uri)
        check(len(d) == 1 and d[0]["code"] == "mtlint.config" and ".mtlint.yaml" in d[0]["message"],
              "config error shown: %r" % d)
        with open(os.path.join(ws, ".mtlint.yaml"), "w") as f:
            f.write("# fixed\n")
        c.notify("workspace/didChangeWatchedFiles", {"changes": [
            {"uri": "file://" + ws + "/.mtlint.yaml", "type": 2}]})
        check(by_rule(c.diagnostics(uri), SMO), "fixed config reloaded")
        c.shutdown()
    finally:
        c.close()


def err_code(m):
    return m.get("error", {}).get("code")


def test_error_paths():
    ws = workspace("errors")
    c = start(ws)
    try:
        # before initialize
        m = c.response(c.request("textDocument/codeAction", {}))
        check(err_code(m) == -32002, "request before initialize: ServerNotInitialized")
        c.initialize(ws)
        # invalid JSON
        c.send_raw(b"Content-Length: 9\r\n\r\n{\"id\": 1,")
        m = c.read()
        check(err_code(m) == -32700 and m["id"] is None, "invalid JSON: ParseError")
        # bad Content-Length, then a good message on its heels
        bad = json.dumps({"jsonrpc": "2.0", "id": 50, "method": "nope"}).encode()
        c.send_raw(b"Content-Length: abc\r\n\r\n" + bad + frame(
            {"jsonrpc": "2.0", "id": 51, "method": "nope/either"}))
        m = c.read()
        check(err_code(m) == -32700 and "Content-Length" in m["error"]["message"],
              "bad Content-Length reported: %r" % m)
        m = c.response(51)
        check(err_code(m) == -32601, "stream resynchronised after a bad header")
        # no Content-Length at all
        c.send_raw(b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n")
        check(err_code(c.read()) == -32700, "missing Content-Length reported")
        # unsupported charset: the body is skipped by its length
        c.send_raw(b"Content-Length: 2\r\nContent-Type: application/json; charset=latin1\r\n\r\n{}")
        check(err_code(c.read()) == -32700, "unsupported charset reported")
        # unknown method and notification
        m = c.response(c.request("mtlint/nothing", {}))
        check(err_code(m) == -32601, "unknown method: MethodNotFound")
        c.notify("mtlint/unknownNotification", {})
        # not an object; bad id; bad params; a notification method with an id
        c.send_raw(frame([1, 2, 3]))
        check(err_code(c.read()) == -32600, "a batch/array is an InvalidRequest")
        c.send_raw(frame({"jsonrpc": "2.0", "id": {"x": 1}, "method": "shutdown"}))
        check(err_code(c.read()) == -32600, "object id is an InvalidRequest")
        c.send_raw(frame({"jsonrpc": "2.0", "id": 77, "method": "textDocument/codeAction",
                          "params": 5}))
        check(err_code(c.response(77)) == -32602, "scalar params: InvalidParams")
        c.send_raw(frame({"jsonrpc": "2.0", "id": 78, "method": "textDocument/didOpen",
                          "params": {}}))
        check(err_code(c.response(78)) == -32600, "notification sent as a request")
        m = c.response(c.request("textDocument/codeAction", {"textDocument": {"uri": "x"}}))
        check(err_code(m) == -32602, "codeAction without a range: InvalidParams")
        # binary garbage and an over-long header line
        c.send_raw(bytes(range(256)) * 4 + b"\r\n")
        c.send_raw(b"X-Junk: " + b"a" * 20000 + b"\r\n\r\n")
        m = c.response(c.request("mtlint/after-garbage"), timeout=10)
        check(err_code(m) == -32601, "still answering after garbage")
        c.inbox = []  # the errors the garbage earned
        # cancellation of a request queued with its cancel
        uri = "file://" + ws + "/c.md"
        c.open(uri, TEXT)
        c.diagnostics(uri, 1)
        rid = c.next_id + 1
        c.send_raw(frame({"jsonrpc": "2.0", "id": rid, "method": "textDocument/codeAction",
                          "params": {"textDocument": {"uri": uri},
                                     "range": {"start": {"line": 0, "character": 0},
                                               "end": {"line": 0, "character": 99}}}}) +
                   frame({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": rid}}))
        c.next_id = rid
        check(err_code(c.response(rid)) == -32800, "cancelled request: RequestCancelled")
        # a huge message is refused at once and skipped without buffering
        size = 65 * 1024 * 1024 + 7
        c.send_raw(b"Content-Length: %d\r\n\r\n" % size)
        m = c.read(timeout=10)
        check(err_code(m) == -32600 and "too large" in m["error"]["message"],
              "huge message refused: %r" % m)
        chunk = b" " * (1 << 20)
        left = size
        while left:
            n = min(left, len(chunk))
            c.send_raw(chunk[:n])
            left -= n
        m = c.response(c.request("mtlint/after-huge"), timeout=20)
        check(err_code(m) == -32601, "answering after a huge message")
        # shutdown, then requests are refused and exit gives 0
        check(c.call("shutdown") is None, "shutdown answers null")
        m = c.response(c.request("textDocument/codeAction", {}))
        check(err_code(m) == -32600, "request after shutdown: InvalidRequest")
        c.notify("exit")
        check(c.proc.wait(10) == 0, "exit after shutdown: 0")
    finally:
        c.close()


def test_exit_paths():
    ws = workspace("exits")
    # exit without shutdown: status 1
    c = start(ws)
    try:
        c.initialize(ws)
        c.notify("exit")
        check(c.proc.wait(10) == 1, "exit without shutdown: 1")
    finally:
        c.close()
    # the client just closes stdin (mid-message): a clean end
    c = start(ws)
    try:
        c.initialize(ws)
        c.open("file://" + ws + "/x.md", TEXT)
        c.send_raw(b"Content-Length: 500\r\n\r\n{\"jsonrpc\"")
        c.proc.stdin.close()
        check(c.proc.wait(10) == 0, "EOF: clean exit")
    finally:
        c.close()
    # the client stops reading: the server notices the broken pipe and ends
    c = start(ws)
    try:
        c.initialize(ws)
        c.proc.stdout.close()
        c.open("file://" + ws + "/y.md", TEXT)
        c.request("shutdown")
        try:
            rc = c.proc.wait(10)
        except Exception:
            rc = None
        check(rc is not None, "server ends when its output is gone")
    except (BrokenPipeError, OSError):
        pass
    finally:
        c.close()


def main():
    os.makedirs(WORK, exist_ok=True)
    for t in (test_session_utf16, test_session_utf8_and_incremental,
              test_position_encoding_option,
              test_incremental_matches_full, test_multi_paragraph_pattern, test_large_text,
              test_debounce,
              test_commands, test_spelling_fix_on_request, test_code_action_budget,
              test_code_action_resolve,
              test_disable_comment_persists,
              test_configuration_and_reload, test_language_setting, test_error_paths,
              test_exit_paths):
        print("--", t.__name__)
        try:
            t()
        except (LspError, OSError, ValueError, KeyError, IndexError, TypeError) as e:
            failures.append("%s: %r" % (t.__name__, e))
            print("FAIL:", t.__name__, repr(e))
    if failures:
        print("%d check(s) failed" % len(failures))
        return 1
    print("all protocol checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
