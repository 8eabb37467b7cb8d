#!/usr/bin/env python3
"""Writes rules/swap-function.yaml: the function-word swaps that spinners
and machine translation make, as `swap` rules (docs/RULES.md).

  scripts/gen_swap_function.py > rules/swap-function.yaml

Each rule lists spun -> original pairs with their inflections; the
language model decides per sentence whether the original is much more
probable (min_gain).  The word lists are general English (verbs of change,
common passive participles, degree words), not phrases seen in any corpus.
Edit this script, not the YAML.
"""

CHANGE = {  # base: inflections
    "rise": "rise rises rose risen rising", "fall": "fall falls fell fallen falling",
    "soar": "soar soars soared soaring", "jump": "jump jumps jumped jumping",
    "climb": "climb climbs climbed climbing", "surge": "surge surges surged surging",
    "increase": "increase increases increased increasing",
    "decrease": "decrease decreases decreased decreasing",
    "drop": "drop drops dropped dropping", "decline": "decline declines declined declining",
    "plunge": "plunge plunges plunged plunging", "slump": "slump slumps slumped slumping",
    "tumble": "tumble tumbles tumbled tumbling", "gain": "gain gains gained gaining",
    "expand": "expand expands expanded expanding", "shrink": "shrink shrinks shrank shrunk shrinking",
    "slide": "slide slides slid sliding", "dip": "dip dips dipped dipping",
    "grow": "grow grows grew grown growing", "cut": "cut cuts cutting",
    "raise": "raise raises raised raising", "lower": "lower lowers lowered lowering",
    "reduce": "reduce reduces reduced reducing", "boost": "boost boosts boosted boosting",
    "widen": "widen widens widened widening", "narrow": "narrow narrows narrowed narrowing",
    "outnumber": "outnumber outnumbers outnumbered", "exceed": "exceed exceeds exceeded",
    "beat": "beat beats", "lead": "lead leads led leading", "win": "win wins won",
    "trail": "trail trails trailed trailing", "lose": "lose loses lost losing",
    "up": "up", "down": "down", "higher": "higher", "lower2": "",
}

PARTICIPLES = """approved signed passed announced confirmed reported killed arrested
criticised criticized welcomed hit affected owned backed funded supported opposed
rejected condemned published issued released launched organised organized sponsored
caused triggered driven dominated replaced elected appointed chosen nominated endorsed
praised attacked accused investigated ordered vetoed ratified adopted blocked struck
injured shot detained seized captured hosted chaired founded established created built
designed written directed produced edited compiled interviewed quoted cited followed
joined overseen managed run operated controlled acquired bought taken made given told
asked urged warned sued fined charged convicted sentenced banned imposed introduced
proposed drafted tabled voted announced recognised recognized described called named
considered seen viewed regarded hired fired dismissed ousted defeated
inspired influenced shaped marked overshadowed hampered delayed halted stopped""".split()
AUX = "is are was were be been being".split()

DEGREE = "maximum ultimate utmost".split()

DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
# verbs and adjectives that take "on" (spun or translated to "in") and "in"
# (spun to "on"), with their inflections
TAKES_ON = """depend depends depended depending rely relies relied relying
focus focuses focused focusing focussed insist insists insisted insisting
comment comments commented commenting agreed agree agrees agreeing""".split()
TAKES_IN = """interested participate participates participated participating
invest invests invested investing involved engaged succeed succeeds succeeded
believe believes believed resulted result results""".split()


def q(s):
    return '"' + s.replace('"', '\\"') + '"'


def pairs_block(pairs, indent="      "):
    out = []
    for spun, orig in pairs:
        out.append(f"{indent}{q(spun)}: {q(orig)}")
    return "\n".join(out)


def main():
    change = []
    for forms in CHANGE.values():
        for f in forms.split():
            change.append((f + " through", f + " by"))
    passive = []
    seen = set()
    for p in PARTICIPLES:
        if p in seen:
            continue
        seen.add(p)
        for a in AUX:
            passive.append((f"{a} {p} through", f"{a} {p} by"))
    degree = [(d, "most") for d in DEGREE]
    inon = [(f"in {d}", f"on {d}") for d in DAYS]
    # (not "in the other hand": a trigram model cannot tell it from "on the
    # other hand", the difference lies four words apart)
    inon += [("on the meantime", "in the meantime"), ("on the same time", "at the same time"),
             ("in the same time", "at the same time")]
    inon += [(f"{w} in", f"{w} on") for w in TAKES_ON]
    inon += [(f"{w} on", f"{w} in") for w in TAKES_IN]
    print("""# swap-function: function words that spinners and machine translation swap
# (by/through, most/maximum, in/on; "like as" is mt-garble.like-as), each flagged only where
# the language model prefers the original in its sentence.
# GENERATED by scripts/gen_swap_function.py: edit that script, not this file.
# Every example below was written for this file.
pack: swap-function
description: >-
  Function words a spinner or an MT engine swapped for a near synonym, checked
  against the US-English trigram language model.
rules:
  - id: swap-function.change-through
    kind: swap
    severity: warning
    category: garble
    fix: unsafe
    message: "'{match}' reads as a spinner swap; the usual wording is '{suggestion}'"
    description: >-
      Spinners replace "by" with "through" after verbs of change ("exports soared
      through a third", "profits fell through almost half"). Flagged only where the
      language model finds "by" far more probable in the sentence, so "rose through
      the ranks" and "the deal fell through" stay unflagged. A trigram model sees
      two words on each side, and numbers are unknown to it, so "soared through a
      third" and "climbed through 2 percent" are left to
      mt-garble.change-through-amount, which looks for the amount. After a
      determiner ("kept the lead through the half", "a rise through the
      ranks") the word is a noun, not a verb of change, and is left alone.
    min_gain: 1.0
    not_after: [the, a, an, its, his, her, their, our, my, your, this, that]
    pairs:
%s
    examples:
      bad:
        - "Unemployment rose through two points."
        - "The home side lost through two goals."
        - "She won through a wide margin."
      good:
        - "Exports soared by a third in the first half of the year."
        - "She rose through the ranks of the party."
        - "The deal fell through at the last minute."
        - "Prices climbed through the summer."
        - "The visitors kept the lead through two thirds of the match."
""" % pairs_block(change))
    print("""  - id: swap-function.passive-through
    kind: swap
    severity: warning
    category: garble
    fix: unsafe
    message: "'{match}' reads as a spinner swap; the usual wording is '{suggestion}'"
    description: >-
      Spinners replace the "by" of a passive with "through": "the bill was
      approved through parliament", "he was elected through the assembly".
      Flagged only where the language model finds "by" far more probable.
    min_gain: 1.5
    pairs:
%s
    examples:
      bad:
        - "The plan was approved through the cabinet on Friday."
        - "He was elected through the national assembly in May."
        - "The strike was condemned through the union leaders."
      good:
        - "The plan was approved by the cabinet on Friday."
        - "The water is driven through the pipes by a pump."
        - "The bill was passed through both houses within a week."
""" % pairs_block(passive))
    print("""  - id: swap-function.degree-most
    kind: swap
    severity: warning
    category: garble
    fix: unsafe
    message: "'{match}' reads as a spinner swap; the usual wording is '{suggestion}'"
    description: >-
      Spinners replace the "most" of a superlative with "maximum", "ultimate" or
      "utmost": "the maximum serious crisis", "the ultimate vital message". The
      language model decides from the words around it, and only before a word
      the thesaurus knows as an adjective: "the maximum speed", "the maximum use
      of" and "the ultimate goal" (nouns) stay unflagged.
    min_gain: 2.0
    next_pos: [adj]
    pairs:
%s
    examples:
      bad:
        - "It is the maximum serious clash since the crisis of 1962."
        - "The ultimate vital point is the price of grain."
        - "She is one of the utmost popular singers in the country."
      good:
        - "It is the most serious clash since the crisis of 1962."
        - "The maximum speed is 90 km/h and the ultimate goal is peace."
        - "The utmost care was taken."
        - "Farmers want the maximum use out of every field they own."
        - "The riot was at less than maximum violence, the police said."
""" % pairs_block(degree))
    print("""  - id: swap-function.in-on
    kind: swap
    severity: warning
    category: garble
    fix: unsafe
    message: "'{match}' reads as a spinner swap; the usual wording is '{suggestion}'"
    description: >-
      Machine translation and spinners confuse "in", "on" and "at": "talks resume
      in Monday", "it depends in the weather", "interested on the deal", "in the
      other hand". Only these known confusions are checked, and each only where the
      language model finds the original far more probable in its sentence.
    min_gain: 2.0
    pairs:
%s
    examples:
      bad:
        - "The talks will resume in Monday."
        - "The outcome depends in the weather."
        - "Investors were interested on the new bonds."
        - "The region relies in imports of grain."
        - "He participated on the talks."
      good:
        - "The talks will resume on Monday."
        - "She grew up in Monday Creek."
        - "The outcome depends on the weather."
        - "On the other hand, the plan failed."
        - "He commented in a statement on Friday."
""" % pairs_block(inon))


if __name__ == "__main__":
    main()
