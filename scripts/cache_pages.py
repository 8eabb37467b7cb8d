#!/usr/bin/env python3
"""Store several pages' text in the ignored page cache at once.

  scripts/cache_pages.py < PAGES

PAGES holds one or more pages, each opened by a line `### URL` and
followed by the page's text (as the `search` tool's page corpus returns
it). Each page goes to bench/.devset/KEY.txt through bench/devset/cache.py,
the cache that scripts/mine_swaps.py and the dev set read. Nothing written
here is committed: the pages are looked up again, by the URLs and the
queries in rules/sources/spinner-pairs.in.tsv, on a machine that lacks them.
"""
import os
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(TOP, "bench", "devset"))
import cache  # noqa: E402


def store(url, lines):
    text = "\n".join(lines).strip() + "\n"
    os.makedirs(cache.CACHE, exist_ok=True)
    with open(cache.path_of(url), "w", encoding="utf-8") as f:
        f.write(text)
    idx = os.path.join(cache.CACHE, "index.tsv")
    known = set()
    if os.path.exists(idx):
        with open(idx, encoding="utf-8") as f:
            known = {line.split("\t", 1)[0] for line in f}
    if cache.key(url) not in known:
        with open(idx, "a", encoding="utf-8") as f:
            f.write(f"{cache.key(url)}\t{url}\n")


def main():
    url, lines, n = None, [], 0
    for line in sys.stdin.read().split("\n"):
        if line.startswith("### "):
            if url:
                store(url, lines)
                n += 1
            url, lines = line[4:].strip(), []
        elif url:
            lines.append(line)
    if url:
        store(url, lines)
        n += 1
    print(f"cache_pages: {n} pages", file=sys.stderr)


if __name__ == "__main__":
    main()
