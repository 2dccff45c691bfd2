#!/usr/bin/python3
"""Writes the feeds the polling benchmark serves (bench/README.md, "poll").

    generate_feeds.py OUT COUNT [--changed-percent P]

OUT/feeds/fNNNNN.xml (RSS 2.0, ~80%) or fNNNNN.atom (Atom 1.0, ~20%), each
about 50 KB: 15-40 entries of made-up news in several topics (chips and
export controls, energy, markets, sports, technology, health, climate,
space) with HTML content (paragraphs, links, lists, emphasis, entities),
half in CDATA and half escaped. Feed i depends only on the seed and i, so a
larger set contains every smaller one.

OUT/changed/ holds a new version of P% of the feeds (default 1: every
100th, from feed 0): the same feed with two new entries on top and the
oldest two dropped, as a site publishes between two polls. The benchmark
puts these in place between its first and second cycle.

Every file gets a fixed modification time (2026-11-01 for the originals,
2026-11-02 for the changed versions), so the validators nginx derives from
it (ETag, Last-Modified) are the same on every run and the changed versions
are certainly different.
"""
import argparse
import os
import random
import sys
from xml.sax.saxutils import escape

SEED = 20261122
ORIGINAL_MTIME = 1793491200  # 2026-11-01T00:00:00Z
CHANGED_MTIME = ORIGINAL_MTIME + 86400
TARGET_BYTES = 50 * 1024

COMMON = (
    "the a of to and in on for with at by from as that this is was were will "
    "said says officials report new year week people government company market "
    "after before over under more less first last local national international "
    "plan plans deal talks move moves rise fall growth data figures analysts "
    "expected according statement spokesperson tuesday wednesday thursday friday "
    "monday city region country industry sector policy public private group "
    "leaders meeting agreement decision process program project support result"
).split()

TOPICS = {
    "chips": ("export controls semiconductor chips GPU Nvidia H100 H20 foundry wafer "
              "lithography fab sanctions entity list Commerce Department TSMC ASML "
              "memory packaging AI accelerators supply chain").split(),
    "energy": ("oil gas pipeline OPEC barrel refinery solar wind grid battery "
               "nuclear reactor utility power prices LNG turbine hydrogen").split(),
    "markets": ("stocks bonds yields inflation central bank interest rates Fed "
                "earnings shares index currency dollar euro IPO merger acquisition").split(),
    "sports": ("football match league season coach goal championship tournament "
               "striker transfer stadium final cup injury victory defeat").split(),
    "technology": ("software cloud startup app smartphone platform open source "
                   "cybersecurity breach ransomware encryption browser update "
                   "DeepSeek R1 model language model chatbot").split(),
    "health": ("hospital vaccine trial drug patients doctors outbreak virus "
               "clinic treatment study FDA approval pharmaceutical").split(),
    "climate": ("emissions carbon climate summit drought flood heatwave "
                "wildfire glacier temperature pledge renewable").split(),
    "space": ("rocket launch satellite orbit NASA ESA mission lunar Mars "
              "spacecraft astronauts telescope booster").split(),
}
TOPIC_NAMES = sorted(TOPICS)
PLACES = ("Washington Beijing Brussels Tokyo Berlin Paris London Seoul Taipei "
          "Delhi Brasilia Ottawa Canberra Nairobi Jakarta Mexico").split()
AUTHORS = ("Ana Ruiz", "Ben Okafor", "Chen Wei", "Dana Kim", "Eva Novak",
           "Farid Haddad", "Greta Lund", "Hiro Sato", "Ines Costa", "Jon Berg")
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
ENTITIES = ("&amp;", "&nbsp;", "&mdash;", "&#8217;", "&quot;", "&eacute;")


def words(rng, topic, count, topic_share=0.18):
    out = []
    vocabulary = TOPICS[topic]
    for _ in range(count):
        roll = rng.random()
        if roll < topic_share:
            out.append(rng.choice(vocabulary))
        elif roll < topic_share + 0.03:
            out.append(rng.choice(PLACES))
        else:
            out.append(rng.choice(COMMON))
    return out


def sentence(rng, topic, low=8, high=20):
    text = " ".join(words(rng, topic, rng.randint(low, high)))
    return text[0].upper() + text[1:] + "."


def html_paragraph(rng, topic):
    parts = []
    for _ in range(rng.randint(2, 4)):
        text = sentence(rng, topic)
        roll = rng.random()
        if roll < 0.2:
            cut = text.split(" ")
            k = rng.randrange(len(cut))
            cut[k] = '<a href="https://example.org/%s/%d">%s</a>' % (topic, rng.randrange(10**6), cut[k])
            text = " ".join(cut)
        elif roll < 0.35:
            cut = text.split(" ")
            k = rng.randrange(len(cut))
            cut[k] = "<em>%s</em>" % cut[k]
            text = " ".join(cut)
        elif roll < 0.5:
            text = text[:-1] + " " + rng.choice(ENTITIES) + " " + rng.choice(COMMON) + "."
        parts.append(text)
    return "<p>" + " ".join(parts) + "</p>"


def html_content(rng, topic, approx_bytes):
    blocks = []
    size = 0
    while size < approx_bytes:
        roll = rng.random()
        if roll < 0.1:
            items = "".join("<li>%s</li>" % sentence(rng, topic, 4, 9) for _ in range(rng.randint(2, 5)))
            block = "<ul>" + items + "</ul>"
        elif roll < 0.15:
            block = '<p><img src="https://img.example.org/%d.jpg" alt="%s"/></p>' % (
                rng.randrange(10**7), " ".join(words(rng, topic, 3)))
        else:
            block = html_paragraph(rng, topic)
        blocks.append(block)
        size += len(block)
    return "\n".join(blocks)


def rfc822(rng_day, hour, minute):
    # Dates in October and November 2026; rng_day 0 is 2026-11-21.
    day_of_year = 325 - rng_day  # 2026-11-21 is day 325
    month_starts = (0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334)
    month = max(m for m in range(12) if month_starts[m] < day_of_year)
    day = day_of_year - month_starts[month]
    weekday = DAYS[(day_of_year + 2) % 7]  # 2026-01-01 is a Thursday
    return "%s, %02d %s 2026 %02d:%02d:00 +0000" % (weekday, day, MONTHS[month], hour, minute)


def iso8601(rng_day, hour, minute):
    day_of_year = 325 - rng_day
    month_starts = (0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334)
    month = max(m for m in range(12) if month_starts[m] < day_of_year)
    day = day_of_year - month_starts[month]
    return "2026-%02d-%02dT%02d:%02d:00Z" % (month + 1, day, hour, minute)


def make_entry(index, serial):
    """Entry `serial` of feed `index`; 0 is the newest of the original feed,
    higher is older, and the changed version adds -1 and -2 on top."""
    rng = random.Random(SEED * 1_000_003 + index * 10_007 + serial)
    topic = TOPIC_NAMES[(index + serial * 3 + rng.randrange(3)) % len(TOPIC_NAMES)]
    title = " ".join(words(rng, topic, rng.randint(7, 13), topic_share=0.3))
    return {
        "serial": serial,
        "topic": topic,
        "title": title[0].upper() + title[1:],
        "summary": " ".join(sentence(rng, topic) for _ in range(2)),
        "content": html_content(rng, topic, rng.randint(900, 2200)),
        "author": AUTHORS[rng.randrange(len(AUTHORS))],
        "day": max(0, serial) // 2,
        "hour": rng.randrange(24),
        "minute": rng.randrange(60),
        "cdata": rng.random() < 0.5,
        "link": "https://news%d.example.com/%s/%d-%d.html" % (index % 97, topic, index, serial + 2),
    }


def html_field(text, cdata):
    if cdata:
        return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"
    return escape(text)


def rss_head(index, newest):
    return "\n".join([
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">',
        "<channel>",
        "<title>Example Wire %d</title>" % index,
        "<link>https://news%d.example.com/</link>" % (index % 97),
        "<description>Made-up news for feedwatch's polling benchmark, feed %d</description>" % index,
        "<language>en</language>",
        "<lastBuildDate>%s</lastBuildDate>" % rfc822(newest["day"], newest["hour"], newest["minute"]),
        "<ttl>15</ttl>", ""])


def rss_item(e):
    return "\n".join([
        "<item>",
        "<title>%s</title>" % escape(e["title"]),
        "<link>%s</link>" % e["link"],
        '<guid isPermaLink="true">%s</guid>' % e["link"],
        "<pubDate>%s</pubDate>" % rfc822(e["day"], e["hour"], e["minute"]),
        "<dc:creator>%s</dc:creator>" % e["author"],
        "<category>%s</category>" % e["topic"],
        "<description>%s</description>" % html_field("<p>" + e["summary"] + "</p>", e["cdata"]),
        "<content:encoded>%s</content:encoded>" % html_field(e["content"], e["cdata"]),
        "</item>", ""])


RSS_TAIL = "</channel>\n</rss>\n"


def atom_head(index, newest):
    return "\n".join([
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">',
        "<title>Example Journal %d</title>" % index,
        '<link rel="alternate" href="https://news%d.example.com/"/>' % (index % 97),
        "<id>urn:feedwatch-bench:feed:%d</id>" % index,
        "<updated>%s</updated>" % iso8601(newest["day"], newest["hour"], newest["minute"]), ""])


def atom_entry(e):
    stamp = iso8601(e["day"], e["hour"], e["minute"])
    return "\n".join([
        "<entry>",
        '<title type="text">%s</title>' % escape(e["title"]),
        '<link rel="alternate" href="%s"/>' % e["link"],
        "<id>%s</id>" % e["link"],
        "<published>%s</published><updated>%s</updated>" % (stamp, stamp),
        "<author><name>%s</name></author>" % e["author"],
        '<category term="%s"/>' % e["topic"],
        '<summary type="html">%s</summary>' % escape("<p>" + e["summary"] + "</p>"),
        '<content type="html">%s</content>' % html_field(e["content"], e["cdata"]),
        "</entry>", ""])


ATOM_TAIL = "</feed>\n"


def is_atom(index):
    return random.Random(SEED + index).random() < 0.2


def file_name(index):
    return "f%05d.%s" % (index, "atom" if is_atom(index) else "xml")


class FeedWriter:
    """Renders each entry of one feed once; feeds are head + items + tail."""

    def __init__(self, index):
        self.index = index
        self.atom = is_atom(index)
        self.items = {}
        self.entries = {}

    def item(self, serial):
        if serial not in self.items:
            entry = make_entry(self.index, serial)
            self.entries[serial] = entry
            self.items[serial] = (atom_entry if self.atom else rss_item)(entry)
        return self.items[serial]

    def text(self, serials):
        newest = self.entries[serials[0]] if serials[0] in self.entries else make_entry(self.index, serials[0])
        head = (atom_head if self.atom else rss_head)(self.index, newest)
        tail = ATOM_TAIL if self.atom else RSS_TAIL
        return head + "".join(self.item(s) for s in serials) + tail

    def original(self):
        """Entries 0, 1, 2... until the feed is about TARGET_BYTES (at least 10)."""
        target = TARGET_BYTES * random.Random(SEED * 7 + self.index).uniform(0.85, 1.15)
        size, count = 700, 0
        while (size < target or count < 10) and count < 80:
            size += len(self.item(count))
            count += 1
        self.count = count
        return self.text(list(range(count)))

    def changed(self):
        """Two new entries on top, the two oldest gone."""
        return self.text([-2, -1] + list(range(self.count - 2)))


def write(path, text, mtime):
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.utime(path, (mtime, mtime))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out")
    parser.add_argument("count", type=int)
    parser.add_argument("--changed-percent", type=float, default=1.0)
    args = parser.parse_args()
    feeds_dir = os.path.join(args.out, "feeds")
    changed_dir = os.path.join(args.out, "changed")
    os.makedirs(feeds_dir, exist_ok=True)
    os.makedirs(changed_dir, exist_ok=True)
    every = max(1, round(100 / args.changed_percent)) if args.changed_percent > 0 else 0
    total_bytes = 0
    with open(os.path.join(args.out, "index.tsv"), "w") as index_file:
        for index in range(args.count):
            writer = FeedWriter(index)
            text = writer.original()
            count = writer.count
            write(os.path.join(feeds_dir, file_name(index)), text, ORIGINAL_MTIME)
            total_bytes += len(text.encode("utf-8"))
            index_file.write("%s\t%d\n" % (file_name(index), count))
            if every and index % every == 0:
                # Two new entries on top, the two oldest gone.
                write(os.path.join(changed_dir, file_name(index)), writer.changed(), CHANGED_MTIME)
            if index % 1000 == 999:
                print("generated %d feeds" % (index + 1), file=sys.stderr)
    print("%d feeds, %.1f MB, %d changed for the second cycle" % (
        args.count, total_bytes / 1e6, len(os.listdir(changed_dir))))


if __name__ == "__main__":
    main()
