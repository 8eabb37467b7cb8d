#!/usr/bin/env python3
"""Store one page's text in the dev set's ignored cache.

  bench/devset/cache.py URL < TEXT

The dev set commits only marks (bench/devset/marks.tsv); the pages' text
stays in bench/.devset/ (ignored by git). Inside a session with the `search`
tool, a page is looked up by its URL or words and its text piped here; the
file is bench/.devset/KEY.txt with KEY the first 16 hex digits of the URL's
SHA-1, and bench/.devset/index.tsv maps keys to URLs.
"""
import hashlib
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CACHE = os.path.join(os.path.dirname(HERE), ".devset")


def key(url):
    return hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]


def path_of(url):
    return os.path.join(CACHE, key(url) + ".txt")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__.strip().split("\n")[2].strip())
    url = sys.argv[1]
    text = sys.stdin.read()
    os.makedirs(CACHE, exist_ok=True)
    with open(path_of(url), "w", encoding="utf-8") as f:
        f.write(text if text.endswith("\n") else text + "\n")
    idx = os.path.join(CACHE, "index.tsv")
    known = set()
    if os.path.exists(idx):
        with open(idx, encoding="utf-8") as f:
            known = {line.split("\t", 1)[0] for line in f}
    if key(url) not in known:
        with open(idx, "a", encoding="utf-8") as f:
            f.write(f"{key(url)}\t{url}\n")
    print(path_of(url))


if __name__ == "__main__":
    main()
