#!/usr/bin/python3
"""Times Debian's python3-feedparser on a list of feed files: the baseline
(c) of the parse benchmark (bench/README.md, "parse").

usage: feedparser_baseline.py FEEDS_DIR LIST_FILE

Files are read into memory first, so only parsing is timed. Prints one
human line and one RESULT line for scripts/bench-parse.sh.
"""
import os
import sys
import time

import feedparser

MIB = 1 << 20


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    feeds_dir, list_file = sys.argv[1], sys.argv[2]
    with open(list_file) as listing:
        names = [line.strip() for line in listing if line.strip()]
    documents = []
    for name in names:
        with open(os.path.join(feeds_dir, name), "rb") as feed_file:
            documents.append(feed_file.read())
    megabytes = sum(len(document) for document in documents) / MIB
    entries = 0
    start = time.perf_counter()
    for document in documents:
        # Same input as parse_bench gets: bytes plus an XML content type.
        parsed = feedparser.parse(document, response_headers={"content-type": "application/xml"})
        entries += len(parsed.entries)
    seconds = time.perf_counter() - start
    print(f"{'(c) python3-feedparser ' + feedparser.__version__:<44} {megabytes / seconds:8.2f} MB/s "
          f"{entries / seconds:11.0f} entries/s  ({seconds:.2f} s, {len(documents)} files, {megabytes:.1f} MB)")
    print(f"RESULT megabytes={megabytes:.3f} entries={entries} mb_per_s={megabytes / seconds:.4f} "
          f"entries_per_s={entries / seconds:.2f}")


if __name__ == "__main__":
    main()
