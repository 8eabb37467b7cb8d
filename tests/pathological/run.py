#!/usr/bin/env python3
"""Pathological inputs, as cmark has them: every input class is run at size n
and 10n (STEP: another multiple) and the user CPU time of the larger must be
at most FACTOR times the smaller's (linear: about 10x; quadratic: about
100x); the spelling
classes also have a CPU budget per word (PER_ITEM).  Else a ratio of two runs on
the same machine, not a timed limit: each size takes the minimum over a few
repetitions, and n is doubled (up to MAX_GROWTH times) until the run at n
costs MIN_WORK past the start-up, so that the ratio is not timer noise.

usage: run.py MTLINT SRCDIR [CLASS...]     (MTL_SANITIZED=1: smaller sizes)
"""
import os
import random
import subprocess
import sys
import tempfile

FACTOR = 20.0  # linear gives ~10, quadratic ~100
# Classes compared at n and STEP[name] * n instead of 10n, with FACTOR
# scaled to match (2 * step: linear ~step, quadratic ~step squared), and
# the most n they may grow to.  phrases: the YAML loader allows 1,000,000
# nodes (two a phrase), so 10n could not leave the caches' range (40,000
# -> 400,000 phrases read 14-22: 1.2 us a phrase in cache, 1.6 out of it);
# 4x between sizes both out of cache reads ~4.5.
STEP = {"phrases": 4}
MAX_N = {"phrases": 120000}
REPS = 3
MIN_WORK = 0.05  # seconds of CPU past the start-up that the run at n needs
MAX_GROWTH = 3   # doublings of n allowed to reach MIN_WORK
SCALE = 0.25 if os.environ.get("MTL_SANITIZED") else 1.0


def rules_file(tmp, phrases=0):
    """A small pack of our own; phrases > 0 adds a phrase rule that big."""
    p = os.path.join(tmp, "rules-%d.yaml" % phrases)
    with open(p, "w") as f:
        f.write("pack: patho\ndescription: pathological tests\nrules:\n"
                "  - id: patho.push\n    kind: phrase\n    severity: warning\n"
                "    message: \"'{match}' is wrong\"\n    description: test rule\n"
                "    examples: {bad: [a push meeting], good: [a press conference]}\n"
                "    phrases:\n      push meeting: press conference\n")
        if phrases:
            rnd = random.Random(phrases)
            keys = ["zq%dx%d" % (i, rnd.randrange(1000)) for i in range(phrases)]
            f.write("  - id: patho.many\n    kind: phrase\n    severity: warning\n"
                    "    message: \"'{match}'\"\n    description: many phrases\n"
                    "    examples: {bad: [%s], good: [a press conference]}\n"
                    "    phrases:\n" % keys[0])
            for k in keys:
                f.write("      %s: y\n" % k)
    return p


def gen_directives(n, tmp):
    """n disable/enable directives between n findings (was 95 s at 20,000)."""
    lines = []
    for i in range(n):
        lines.append("<!-- mtlint-disable patho.x%d -->" % i)
        lines.append("She gave a push meeting. <!-- mtlint-disable-next-line patho.y -->")
    return "\n".join(lines) + "\n", ["--rules", rules_file(tmp)], ".md"


def gen_next_line(n, tmp):
    """disable-next-line alone (50,000 took 12.7 s)."""
    return "<!-- mtlint-disable-next-line -->\nShe gave a push meeting.\n" * n, \
        ["--rules", rules_file(tmp)], ".md"


def gen_phrases(n, tmp):
    """n phrases in one rule: the YAML loader's duplicate-key check."""
    return "She gave a push meeting.\n", ["--rules", rules_file(tmp, n)], ".txt"


def gen_attributes(n, tmp):
    """one HTML element with n attributes, then text."""
    attrs = " ".join('data-a%d="v%d"' % (i, i) for i in range(n))
    return ("<html><body><p %s>She gave a push meeting.</p></body></html>\n" % attrs,
            ["--rules", rules_file(tmp)], ".html")


def gen_feed_attributes(n, tmp):
    """an RSS item whose elements carry n attributes."""
    attrs = " ".join('a%d="v"' % i for i in range(n))
    return ('<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
            '<item %s><title %s>One</title><description>She gave a push meeting.'
            '</description></item></channel></rss>\n' % (attrs, attrs),
            ["--rules", rules_file(tmp)], ".rss")


def gen_feed_item_size(n, tmp):
    """one RSS item of n words (5 bytes each: 10n crosses libxml2's 10 MB
    text-node limit), then a short item."""
    return ('<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
            '<item><description>' + "word " * n + '</description></item>'
            '<item><description>She gave a push meeting.</description></item>'
            '</channel></rss>\n', ["--rules", rules_file(tmp)], ".rss")


def gen_feed_root_attributes(n, tmp):
    """a feed whose root element has n attributes, and n / 10 items (each
    item is parsed wrapped in the root's start tag)."""
    attrs = " ".join('a%d="v"' % i for i in range(n))
    return ('<?xml version="1.0"?><rss version="2.0" %s><channel><title>T</title>' % attrs
            + '<item><description>She gave a push meeting.</description></item>' * (n // 10)
            + '</channel></rss>\n', ["--rules", rules_file(tmp)], ".rss")


def gen_html_depth(n, tmp):
    """n nested elements (past the limits: an error, found in linear time)."""
    return ("<html><body>" + "<div>" * n + "<p>She gave a push meeting.</p>"
            + "</div>" * n + "</body></html>\n", ["--rules", rules_file(tmp)], ".html")


def random_words(n, lo, hi, seed):
    """n random lower-case letter strings of lo to hi letters, 12 to a line."""
    rnd = random.Random(seed)
    words = ["".join(rnd.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rnd.randint(lo, hi)))
             for _ in range(n)]
    return "\n".join(" ".join(words[i:i + 12]) for i in range(0, n, 12)) + "\n"


def spelling_args(tmp):
    return ["--rules", os.path.join(SRC, "rules", "spelling.yaml")]


def gen_random_words(n, tmp):
    """n random words of 3 to 14 letters: each is unknown, and looking for
    suggestions near it had no budget (5,000 12-letter words: 232 s)."""
    return random_words(n, 3, 14, n), spelling_args(tmp), ".txt"


def gen_random_long_words(n, tmp):
    """n random 40-letter words (300 of them took 31 s)."""
    return random_words(n, 40, 40, n), spelling_args(tmp), ".txt"


def gen_findings_one_line(n, tmp):
    """n findings on one line (positions, sorting, writers)."""
    return "She gave a push meeting, " * n + "\n", ["--rules", rules_file(tmp)], ".txt"


# name: (generator, n).  The spelling classes are checked to find unknown
# words (EXPECT), so that a change elsewhere (language detection, say) cannot
# make them time nothing; their start-up (the dictionary load) is measured on
# a one-word file with the same rules.
CLASSES = {
    "directives": (gen_directives, 4000),
    "disable-next-line": (gen_next_line, 5000),
    "phrases": (gen_phrases, 40000),
    "attributes": (gen_attributes, 20000),
    "feed-attributes": (gen_feed_attributes, 5000),
    "feed-item-size": (gen_feed_item_size, 300000),
    "feed-root-attributes": (gen_feed_root_attributes, 5000),
    "html-depth": (gen_html_depth, 2000),
    "findings-one-line": (gen_findings_one_line, 10000),
    "random-words": (gen_random_words, 1000),
    "random-long-words": (gen_random_long_words, 50),
}
EXPECT = {
    "random-words": '"rule":"spelling.unknown-word"',
    "random-long-words": '"rule":"spelling.unknown-word"',
}
# The spelling classes were linear but without a budget: 46 ms (12
# letters) to 100 ms (40 letters) of suggestion search per unknown word, so
# the ratio alone would not see it.  Their CPU time per word, past the
# start-up, must also stay under this many seconds (now 0.2 to 2 ms a
# word, before the budget 27 and 117 ms; 4x under the sanitizers), checked
# at n first.
PER_ITEM = {
    "random-words": 0.010,
    "random-long-words": 0.010,
}
PER_ITEM_SCALE = 4.0 if os.environ.get("MTL_SANITIZED") else 1.0
SRC = "."


def cpu_of(cmd, expect=None):
    out = tempfile.TemporaryFile() if expect else subprocess.DEVNULL
    proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE)
    err = proc.stderr.read().decode("utf-8", "replace")
    _, status, ru = os.wait4(proc.pid, 0)
    proc.returncode = code = os.waitstatus_to_exitcode(status)
    proc.stderr.close()
    if code not in (0, 1, 4):
        sys.stderr.write(err[:2000])
        raise RuntimeError("%s: exit status %d" % (" ".join(cmd[:6]), code))
    if expect:
        out.seek(0)
        found = expect.encode() in out.read()
        out.close()
        if not found:
            raise RuntimeError("%s: no %s in the output" % (" ".join(cmd[:6]), expect))
    return ru.ru_utime + ru.ru_stime


def measure(mtlint, name, n, tmp, text=None, expect=None):
    gen = CLASSES[name][0]
    gtext, args, ext = gen(n, tmp)
    path = os.path.join(tmp, "%s-%d%s" % (name, n, ext))
    with open(path, "w") as f:
        f.write(gtext if text is None else text)
    cmd = [mtlint, "--no-config", "--no-builtin-rules", "-f", "jsonl",
           "--fail-on", "never"] + args + [path]
    return min(cpu_of(cmd, expect) for _ in range(REPS))


def main():
    global SRC
    mtlint, SRC = sys.argv[1], sys.argv[2]
    names = sys.argv[3:] or list(CLASSES)
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        # start-up alone, taken off both sizes so that it does not flatter
        empty = os.path.join(tmp, "empty.txt")
        open(empty, "w").close()
        base = min(cpu_of([mtlint, "--no-config", "--no-builtin-rules", "--rules",
                           rules_file(tmp), empty]) for _ in range(REPS))
        for name in names:
            n = max(1, int(CLASSES[name][1] * SCALE))
            expect = EXPECT.get(name)
            start = base
            if expect:  # its own start-up: the rules on one known word
                start = measure(mtlint, name, 0, tmp, "Minister\n")
            small = measure(mtlint, name, n, tmp, expect=expect)
            # Too little work past the start-up makes the ratio noise (CI
            # failed once at 0.010 s: 0.046 s against a 0.036 s start-up,
            # ratio 20.6 on a linear class).  Grow n until the work is
            # measurable; a quadratic class still shows ~100 at 10n.
            grown = 0
            step = STEP.get(name, 10)
            while (small - start < MIN_WORK and grown < MAX_GROWTH and
                   2 * n <= MAX_N.get(name, sys.maxsize)):
                n *= 2
                grown += 1
                small = measure(mtlint, name, n, tmp, expect=expect)
            if name in PER_ITEM:
                each = max(small - start, 0.0) / n
                limit = PER_ITEM[name] * PER_ITEM_SCALE
                print("%-18s n=%-7d %7.3f ms a word  %s" % (
                    name, n, each * 1e3,
                    "ok" if each <= limit else "FAIL (over %g ms)" % (limit * 1e3)))
                if each > limit:
                    failed = 1
                    continue
            big = measure(mtlint, name, step * n, tmp, expect=expect)
            ratio = max(big - start, 0.0) / max(small - start, 0.01)
            limit = FACTOR * step / 10
            ok = ratio <= limit
            print("%-18s n=%-7d %7.3f s  %2dn: %7.3f s  ratio %5.1f  %s"
                  % (name, n, small, step, big, ratio,
                     "ok" if ok else "FAIL (over %g)" % limit))
            failed |= not ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
