#!/usr/bin/env python3
"""Writes a synthetic news feed for mtlint tests and benchmarks.

Usage: gen_feed.py FORMAT N OUT [SEED]
FORMAT is rss, atom or jsonl; N the number of articles.  Articles mix clean
sentences with machine-translation garble, across several sources, and are
the same for the same seed.  All sentences are written for this generator.
"""
import json
import random
import sys
from xml.sax.saxutils import escape

CLEAN = [
    "The council approved the new budget after a long debate on Tuesday.",
    "Ferry services will run every hour during the winter months.",
    "Officials said the bridge repairs would be finished before spring.",
    "The museum will open a new wing dedicated to local history next year.",
    "Farmers in the valley expect a good harvest after a wet summer.",
    "The school board voted to extend the library opening hours.",
    "Traffic on the coastal road was slow because of the roadworks.",
    "The hospital hired twenty nurses to cope with the winter rush.",
    "Fishing crews returned to port early as the storm approached.",
    "The orchestra announced a series of free concerts in the park.",
]
GARBLED = [
    "The two ministers have met on the user four times since the spring.",
    "It is the maximum serious dispute between the neighbours in years.",
    "The firm faces serious reputational prices over the delayed ferry.",
    "Markets slid after the fence of new sanctions on the port operator.",
    "He is set to become the region's top hard leader since 1991.",
    "She wants to show how confident she is locally before the vote.",
    "Once one of the leading wives of the alliance, the city is now a junior wife.",
]
SOURCES = ["Harbor Wire", "City Desk", "Valley Courier", "Rail Times", "Metro Daily",
           "Coast Herald", "River Post", "Hill Gazette"]


def article(rng, i):
    garbled = rng.random() < 0.3
    paras = []
    for _ in range(rng.randint(3, 6)):
        sents = [rng.choice(CLEAN) for _ in range(rng.randint(2, 5))]
        if garbled and rng.random() < 0.6:
            sents.insert(rng.randint(0, len(sents)), rng.choice(GARBLED))
        paras.append(" ".join(sents))
    return {
        "id": "gen-%06d" % i,
        "title": "Generated article %d" % i,
        "url": "https://news.example/gen/%d" % i,
        "source": SOURCES[i % len(SOURCES)] if i % 7 else rng.choice(SOURCES),
        "published": "2024-11-%02dT%02d:00:00Z" % (1 + i % 28, i % 24),
        "paras": paras,
    }


def main():
    fmt, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 1)
    with open(out, "w", encoding="utf-8") as f:
        if fmt == "rss":
            f.write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
                    "<title>Generated</title>\n")
        elif fmt == "atom":
            f.write('<?xml version="1.0" encoding="utf-8"?>\n'
                    '<feed xmlns="http://www.w3.org/2005/Atom"><title>Generated</title>\n')
        for i in range(n):
            a = article(rng, i)
            html = "".join("<p>%s</p>" % escape(p) for p in a["paras"])
            if fmt == "jsonl":
                rec = {k: a[k] for k in ("id", "title", "url", "source", "published")}
                if i % 2:
                    rec["text"] = "\n\n".join(a["paras"])
                else:
                    rec["html"] = html
                f.write(json.dumps(rec) + "\n")
            elif fmt == "rss":
                f.write("<item><guid>%s</guid><title>%s</title><link>%s</link><pubDate>%s"
                        "</pubDate><source url=\"https://src.example/\">%s</source>"
                        "<description><![CDATA[%s]]></description></item>\n"
                        % (a["id"], escape(a["title"]), a["url"], a["published"],
                           escape(a["source"]), html))
            else:
                f.write("<entry><id>%s</id><title>%s</title><link href=\"%s\"/><published>%s"
                        "</published><source><title>%s</title></source><content type=\"html\">"
                        "%s</content></entry>\n"
                        % (a["id"], escape(a["title"]), a["url"], a["published"],
                           escape(a["source"]), escape(html)))
        if fmt == "rss":
            f.write("</channel></rss>\n")
        elif fmt == "atom":
            f.write("</feed>\n")


if __name__ == "__main__":
    main()
