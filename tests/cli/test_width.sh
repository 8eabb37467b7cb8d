#!/bin/sh
# Text excerpts fitted to the terminal: COLUMNS, or the terminal's width
# (TIOCGWINSZ) on a terminal; long lines are cut around the finding with an
# ellipsis, wide characters count two columns and are never split, combining
# marks stay with their letter, the caret points at the finding.  Without a
# terminal or COLUMNS the output is as before (the goldens).
. "$(dirname "$0")/../lib.sh"
RULES="--no-builtin-rules --no-config --rules $DATA/rules.yaml"
command -v python3 >/dev/null || skip "no python3"

python3 - <<'PY'
lines = [
    "Plain words before it, " * 6 + "she gave a push meeting on the day. " + "And words after it. " * 6,
    "\u65e5\u672c\u8a9e\u306e\u6587\u7ae0" * 12 + "She gave a push meeting. " + "\u6f22\u5b57\u304b\u306a" * 14,
    "e\u0301" * 70 + " a push meeting " + "\U0001F600" * 40,
    "\tTab\tthen\tmore " * 8 + "a push meeting" + "\tand" * 20,
    "A short line with a push meeting.",
    "(Written through Ana Lopes) " + "x" * 300,
]
open("w.md", "w", encoding="utf-8").write("\n".join(lines) + "\n")
PY

check() { # check COLUMNS FILE: every excerpt fits; the caret is at the match
  python3 - "$1" "$2" <<'PY'
import re, sys, unicodedata
cols, path = int(sys.argv[1]), sys.argv[2]
raw = open(path, "rb").read()
text = raw.decode("utf-8")            # strict: no character was split
def width(s, tabs=True):
    w = 0
    for ch in s:
        if ch == "\t":
            w += 8
        elif unicodedata.combining(ch):
            pass
        elif unicodedata.east_asian_width(ch) in "WF":
            w += 2
        else:
            w += 1
    return w
out = text.split("\n")
n = 0
for i, l in enumerate(out):
    m = re.match(r"^w\.md:\d+:\d+: \w+: '([^']*)'", l)
    if not m:
        continue
    n += 1
    ex, car = out[i + 1], out[i + 2]
    assert width(ex) <= cols, (cols, width(ex), ex)
    assert not unicodedata.combining(ex[3:4] or "x"), ("starts with a mark", ex)
    # the caret line: same tabs, spaces as wide as the excerpt's characters
    pos = car.index("^")
    col = width(car[:pos])
    k, w = 0, 0
    while w < col:
        w += width(ex[k]); k += 1
    assert ex[k:].startswith(m.group(1)[:len(ex) - k - 1].rstrip("\u2026")), (ex[k:], m.group(1), col)
assert n == 6, n
PY
}
R="$RULES --fail-on never"
for c in 80 60 40 25; do
  COLUMNS=$c "$MTLINT" $R w.md >fit$c.txt 2>&1
  check $c fit$c.txt || fail "COLUMNS=$c"
done
grep -q '^  …ain words before it, she gave a push meeting on the day. And words after it.…$' fit80.txt ||
  { fail "the cut around the finding"; grep -A1 '^w.md:1:' fit80.txt; }
grep -q '^  A short line with a push meeting.$' fit60.txt || fail "a short line stays whole"
grep -q '^  (Written through Ana Lopes) x*…$' fit60.txt || fail "a finding at the start of a line"
# a width under 20 counts as 20; COLUMNS that is no number is ignored
COLUMNS=5 "$MTLINT" $R w.md >fit5.txt 2>&1
check 20 fit5.txt || fail "COLUMNS=5 as 20"

# not a terminal, no COLUMNS: unchanged (80 bytes each side of the finding)
(unset COLUMNS; "$MTLINT" $R w.md) >plain.txt 2>&1
COLUMNS=abc "$MTLINT" $R w.md >abc.txt 2>&1
cmp -s plain.txt abc.txt || fail "COLUMNS=abc is not a width"
grep -q '^  …Plain words before it, Plain words before it, Plain words before it, she' plain.txt || fail "without COLUMNS: the fixed window"
# -o FILE and the other formats are not fitted
COLUMNS=40 "$MTLINT" $R -o o.txt w.md
cmp -s o.txt plain.txt || fail "-o FILE is fitted"

# a terminal (TIOCGWINSZ): script(1) gives mtlint a pty of 50 columns
if command -v script >/dev/null && script -qec true /dev/null >/dev/null 2>&1; then
  (unset COLUMNS; script -qec "stty cols 50 rows 40; '$MTLINT' $R --color never w.md" /dev/null) \
    | tr -d '\r' >tty.txt
  check 50 tty.txt || fail "a terminal of 50 columns"
  grep -q '^  …' tty.txt || fail "a terminal of 50 columns: nothing cut"
fi
done_testing
