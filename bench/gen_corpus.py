#!/usr/bin/env python3
"""Writes a benchmark corpus of news articles as JSON Lines (one article per
line: id, title, source, text), the input format of `mtlint -j N`.

Usage: gen_corpus.py OUT (--mb N | --articles N) [--seeds DIR] [--seed S]

Sentences come from the project's own samples (samples/*.txt, samples/*.md,
the texts of samples/feeds/*) and from bench/gen_feed.py's sentence lists;
--seeds DIR adds the sentences of DIR/*.txt (e.g. ../shared/seeds; they are
read at bench time only and never written into the repository).  Articles
are varied: shuffled sentences, 2-8 paragraphs of 1-6 sentences, numbers and
place names swapped, and a share of clean articles, so that no two articles
are alike and the verdict caches see a realistic spread of words.  The same
arguments give the same corpus.
"""
import argparse
import glob
import json
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import gen_feed  # noqa: E402  (CLEAN and GARBLED sentence lists)

PLACES = ["Kherson", "Odesa", "Izmail", "Constanta", "Varna", "Ruse", "Vidin", "Galati",
          "Braila", "Tulcea", "Lviv", "Dnipro", "Sumy", "Poltava", "Vinnytsia", "Chernihiv",
          "Gdansk", "Szczecin", "Riga", "Tallinn", "Klaipeda", "Turku", "Bergen", "Aarhus"]
NAMES = ["Anna Koval", "Petro Bondar", "Maria Ionescu", "Georgi Petrov", "Elena Popa",
         "Tomas Novak", "Ivan Melnyk", "Sofia Lungu", "Andrei Rusu", "Olha Savchenko"]
SENT_RE = re.compile(r"(?<=[.!?”\"])\s+(?=[A-Z“\"(])")


def sentences_of(text):
    out = []
    for para in re.split(r"\n\s*\n|\n", text):
        para = para.strip()
        if len(para) < 20:
            continue
        for s in SENT_RE.split(para):
            s = s.strip()
            if 15 <= len(s) <= 600:
                out.append(s)
    return out


def feed_texts(path):
    data = open(path, encoding="utf-8", errors="replace").read()
    if path.endswith(".jsonl"):
        texts = []
        for line in data.splitlines():
            try:
                texts.append(json.loads(line).get("text", ""))
            except ValueError:
                pass
        return texts
    # RSS / Atom / HTML: keep the text between tags, roughly
    data = re.sub(r"<!\[CDATA\[|\]\]>", " ", data)
    return [re.sub(r"<[^>]*>", "\n", data)]


def pools(seeds):
    garbled, clean = list(gen_feed.GARBLED), list(gen_feed.CLEAN)
    for path in sorted(glob.glob(os.path.join(ROOT, "samples", "*.txt")) +
                       glob.glob(os.path.join(ROOT, "samples", "*.md"))):
        sents = sentences_of(open(path, encoding="utf-8").read())
        (clean if "clean" in os.path.basename(path) else garbled).extend(sents)
    for path in sorted(glob.glob(os.path.join(ROOT, "samples", "feeds", "*"))):
        for t in feed_texts(path):
            garbled.extend(sentences_of(t))
    if seeds:
        for path in sorted(glob.glob(os.path.join(seeds, "*.txt"))):
            garbled.extend(sentences_of(open(path, encoding="utf-8", errors="replace").read()))
    return garbled, clean


def vary(rng, s):
    s = re.sub(r"\b\d+\b", lambda m: str(rng.randint(2, 3000)) if rng.random() < 0.5
               else m.group(0), s)
    if rng.random() < 0.2:
        s = s.replace(rng.choice(PLACES[:8]), rng.choice(PLACES))
    return s


def article(rng, i, garbled, clean):
    bad = rng.random() < 0.6
    paras = []
    for _ in range(rng.randint(2, 8)):
        sents = []
        for _ in range(rng.randint(1, 6)):
            pool = garbled if bad and rng.random() < 0.5 else clean
            sents.append(vary(rng, rng.choice(pool)))
        paras.append(" ".join(sents))
    if rng.random() < 0.3:
        paras.append("(Reporting by %s; editing by %s)" % (rng.choice(NAMES), rng.choice(NAMES)))
    title = "%s: %s" % (rng.choice(PLACES), rng.choice(clean)[:60].rstrip(" ,."))
    return {"id": "b-%07d" % i, "title": title, "source": gen_feed.SOURCES[i % 8],
            "text": "\n\n".join(paras) + "\n"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--mb", type=float)
    ap.add_argument("--articles", type=int)
    ap.add_argument("--seeds")
    ap.add_argument("--seed", type=int, default=5)
    a = ap.parse_args()
    if not a.mb and not a.articles:
        ap.error("give --mb or --articles")
    rng = random.Random(a.seed)
    garbled, clean = pools(a.seeds)
    limit = int(a.mb * 1e6) if a.mb else None
    size = n = 0
    with open(a.out, "w", encoding="utf-8") as f:
        while (limit is None or size < limit) and (a.articles is None or n < a.articles):
            line = json.dumps(article(rng, n, garbled, clean), ensure_ascii=False) + "\n"
            f.write(line)
            size += len(line.encode("utf-8"))
            n += 1
    print("%s: %d articles, %d bytes (%d garbled and %d clean sentences to draw from)"
          % (a.out, n, size, len(garbled), len(clean)), file=sys.stderr)


if __name__ == "__main__":
    main()
