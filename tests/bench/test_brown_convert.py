#!/usr/bin/env python3
"""bench/brown_fa.py's detokeniser on tagged lines written for this test
(the Brown corpus's conventions, none of its text): headlines, lost tabs,
lone closing-quote lines, doubled marks, parentheses inside quotations, an abbreviation ending a quotation."""
import os
import sys
import tempfile

sys.path.insert(0, os.path.join(sys.argv[1], "bench"))
import brown_fa  # noqa: E402

TAGGED = (
    "\n\n"
    "Council/nn-hl backs/vbz-hl new/jj-hl bridge/nn\n"
    "\n\n"
    "\t``/`` We/ppss need/vb it/ppo ,/, ''/'' the/at mayor/nn said/vbd ./.\n"
    "``/`` Traffic/nn is/bez bad/jj ?/. ?/.\n"
    "''/'' \n"
    "\n\n\n"
    "The/at vote/nn was/bedz close/jj ;/. ;/.\n"
    "it/pps passed/vbd 5/cd to/in 4/cd ./.\n"
    "\n\n"
    "\t``/`` Costs/nns rose/vbd ./.\n"
    "(/( Figures/nns follow/vb ''/'' ./.\n"
    ")/) \n"
    "\n\n"
    "\t``/`` It/pps weighs/vbz 40/cd lbs./nns ''/'' ./.\n"
    "\n\n"
    "\tA/at friend/nn ,/, Jim/np (/( (/( Red/np )/) Smith/np ,/, came/vbd from/in "
    "the/at\n"
    "\n"
    "U./np S./np embassy/nn ./.\n"
)

WANT = (
    "Council backs new bridge\n\n"
    "\"We need it,\" the mayor said. \"Traffic is bad?\"\n\n"
    "The vote was close; it passed 5 to 4.\n\n"
    "\"Costs rose. (Figures follow.)\"\n\n"
    "\"It weighs 40 lbs.\"\n\n"
    "A friend, Jim (Red) Smith, came from the U.S. embassy.\n"
)


def main():
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "xx01")
        with open(p, "w", encoding="utf-8") as f:
            f.write(TAGGED)
        got = brown_fa.convert(p)
    if got != WANT:
        print("converted:\n" + got + "\nwanted:\n" + WANT)
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
