#!/usr/bin/python3
"""Writes a deterministic corpus of realistic feeds for the parse benchmark.

usage: generate_feeds.py OUTPUT_DIR MEGABYTES [--subset-megabytes N]

Mixed formats (RSS 2.0, Atom 1.0, RSS 1.0, JSON Feed) and charsets (mostly
UTF-8; some ISO-8859-1, windows-1252, GB18030, Shift_JIS), feeds of 20-100
entries and 20-500 KiB, with HTML content: paragraphs, links, entities,
CDATA. The text is made up here from word lists (policy, chips, markets,
sports, ...), so the benchmark ships no third-party text. A fixed seed makes
every run write the same bytes.

Besides the feeds it writes index.tsv (file, format, charset, bytes,
entries) and feedparser-subset.txt: about N MiB of the XML feeds in the same
mix, for the (much slower) python-feedparser baseline.
"""
import json
import os
import random
import sys

SEED = 20261122
MIB = 1 << 20

# ---------------------------------------------------------------------------
# Word lists. Sentences are built from a subject, a verb phrase, an object
# and a coda, per topic, so titles and summaries read like news.

TOPICS = {
    "policy": {
        "subjects": ["The Commerce Department", "Lawmakers in Washington", "The European Commission",
                     "Beijing", "The trade ministry", "A Senate committee", "Regulators in Brussels",
                     "The White House", "Officials in Tokyo", "The Dutch government"],
        "verbs": ["tightens", "weighs new", "defends", "delays", "unveils", "expands", "reviews",
                  "eases", "challenges", "announces"],
        "objects": ["export controls on advanced chips", "sanctions on equipment makers",
                    "the entity list", "rules for AI model exports", "licensing for GPU shipments",
                    "a ban on lithography tools", "limits on cloud access", "tariffs on solar panels",
                    "screening of outbound investment", "curbs on rare-earth exports"],
        "codas": ["amid rising tensions", "after months of talks", "despite industry pushback",
                  "as allies hesitate", "ahead of the summit", "in a closely watched vote",
                  "under pressure from Congress", "to close loopholes"],
    },
    "chips": {
        "subjects": ["Nvidia", "TSMC", "Samsung", "Intel", "ASML", "SMIC", "Huawei", "AMD",
                     "A Chinese start-up", "Micron"],
        "verbs": ["ships", "delays", "doubles output of", "cuts prices on", "unveils",
                  "wins orders for", "struggles to produce", "redesigns", "tests", "licenses"],
        "objects": ["H20 accelerators", "3-nanometre wafers", "high-bandwidth memory",
                    "a new AI training chip", "advanced packaging capacity", "EUV scanners",
                    "data-centre GPUs", "its H100 successor", "automotive controllers",
                    "a domestic alternative to CUDA"],
        "codas": ["for Chinese customers", "after export rules change", "as demand surges",
                  "to meet AI demand", "despite supply constraints", "at its Arizona plant",
                  "in a blow to rivals", "ahead of schedule"],
    },
    "markets": {
        "subjects": ["Stocks", "The yen", "Oil prices", "Treasury yields", "Chip shares",
                     "European markets", "The Hang Seng", "Gold", "Bitcoin", "The dollar"],
        "verbs": ["slide on", "rally after", "steady before", "tumble on", "climb on",
                  "swing after", "extend gains on", "retreat after", "jump on", "hold firm despite"],
        "objects": ["inflation data", "a surprise rate cut", "earnings from DeepSeek rivals",
                    "weak factory orders", "strong jobs figures", "trade-war fears",
                    "central bank comments", "record AI spending", "a bond sell-off", "tariff news"],
        "codas": ["in early trading", "as investors reassess", "for a third session",
                  "before the long weekend", "on thin volume", "across Asia",
                  "as analysts cut targets", "amid recession worries"],
    },
    "sports": {
        "subjects": ["The home side", "Real Madrid", "The Lakers", "Japan's national team",
                     "The defending champion", "A teenage sprinter", "Manchester City",
                     "The Yankees", "Brazil", "The Tour de France leader"],
        "verbs": ["beats", "draws with", "signs", "loses to", "stuns", "extends lead over",
                  "parts ways with", "edges past", "overwhelms", "appeals against"],
        "objects": ["its fiercest rival", "a record transfer target", "the league leaders",
                    "a veteran coach", "the world champions", "a relegation-threatened side",
                    "the ban", "last year's finalist", "a depleted squad", "the favourites"],
        "codas": ["in stoppage time", "in front of a sell-out crowd", "on penalties",
                  "after a late comeback", "to reach the final", "in a rain-soaked match",
                  "despite injuries", "for the first time since 1998"],
    },
    "technology": {
        "subjects": ["DeepSeek", "OpenAI", "A research lab", "Google", "Alibaba", "Meta",
                     "Anthropic researchers", "A European start-up", "Microsoft", "Baidu"],
        "verbs": ["releases", "open-sources", "trains", "benchmarks", "prices", "restricts",
                  "publishes", "scales up", "retires", "fine-tunes"],
        "objects": ["its R1 reasoning model", "a cheaper language model", "a coding assistant",
                    "a mixture-of-experts model", "an on-device model", "safety evaluations",
                    "its API", "a multilingual model", "an image generator", "a robotics model"],
        "codas": ["at a fraction of the cost", "on export-compliant hardware",
                  "to rival US labs", "as competition heats up", "under a permissive licence",
                  "after a security review", "for enterprise customers", "with little notice"],
    },
    "energy": {
        "subjects": ["OPEC+", "A grid operator", "Shell", "Germany", "Texas", "China's State Grid",
                     "A nuclear start-up", "Utilities", "The IEA", "BP"],
        "verbs": ["raises", "cuts", "warns about", "invests in", "approves", "pauses",
                  "expands", "forecasts", "secures", "rethinks"],
        "objects": ["output targets", "data-centre power demand", "a gas pipeline",
                    "offshore wind leases", "battery storage", "small modular reactors",
                    "coal phase-out plans", "transmission lines", "LNG contracts", "hydrogen hubs"],
        "codas": ["as prices swing", "before winter", "to power AI campuses",
                  "amid grid strain", "after a heatwave", "with state support",
                  "despite local opposition", "over the next decade"],
    },
}

CHINESE = {
    "subjects": ["美国商务部", "中国海关", "华为", "中芯国际", "英伟达", "监管机构", "深度求索", "台积电"],
    "verbs": ["宣布", "收紧", "推迟", "发布", "扩大", "审查", "放宽", "暂停"],
    "objects": ["芯片出口管制", "半导体设备禁令", "人工智能模型", "高端图形处理器", "实体清单",
                "光刻机出口", "稀土出口限制", "先进封装产能"],
    "codas": ["引发市场关注", "业内人士表示", "分析人士认为", "消息人士称", "股价应声下跌",
              "外交部回应", "预计明年生效", "多家企业受影响"],
}

JAPANESE = {
    "subjects": ["経済産業省", "東京エレクトロン", "ソニー", "日銀", "トヨタ", "ラピダス", "政府", "東証"],
    "verbs": ["発表した", "強化した", "延期した", "検討している", "拡大した", "見直した",
              "承認した", "停止した"],
    "objects": ["半導体の輸出規制を", "先端チップの量産を", "AIモデルの開発を", "金融緩和策を",
                "製造装置の出荷を", "新工場の建設を", "電池の供給を", "株価の見通しを"],
    "codas": ["と関係者が明らかにした。", "と報じられた。", "市場は反応した。", "来年から実施される。",
              "影響が広がっている。", "専門家は懸念を示した。", "米国との協議が続く。",
              "円相場にも影響した。"],
}

# European text for the ISO-8859-1 and windows-1252 feeds: accented
# letters, and (in windows-1252 only) curly quotes and dashes.
EUROPEAN = {
    "subjects": ["Le gouvernement français", "Die Bundesregierung", "El Banco de España",
                 "La Commission européenne", "Der Exportkontrolleur", "Los reguladores",
                 "L'Élysée", "Die Börse"],
    "verbs": ["durcit", "prüft", "anuncia", "reporte", "verschärft", "revisa", "étend", "lockert"],
    "objects": ["les contrôles à l'exportation", "die Ausfuhrbeschränkungen für Chips",
                "la política monetaria", "les sanctions économiques", "die Halbleiterförderung",
                "el mercado de valores", "la stratégie énergétique", "die Straßenmaut"],
    "codas": ["après des mois de négociations", "trotz Kritik aus der Industrie",
              "según fuentes oficiales", "à la veille du sommet", "für das nächste Jahr",
              "en plena crisis", "selon l'Agence", "mit sofortiger Wirkung"],
}

AUTHORS = ["Jane Doe", "Wei Zhang", "Akiko Tanaka", "Carlos Ruiz", "Fatima Khan", "Lars Nilsson",
           "Priya Raman", "Tom O'Neill", "Élodie Martin", "Jürgen Weiß"]

LINK_HOSTS = ["www.example.com", "news.example.org", "markets.example.net", "sport.example.com",
              "tech.example.io"]

# Charset of a feed -> (weight, language of its text, Python codec).
CHARSETS = {
    "utf-8": (70, None, "utf-8"),
    "iso-8859-1": (8, EUROPEAN, "latin-1"),
    "windows-1252": (8, EUROPEAN, "cp1252"),
    "gb18030": (7, CHINESE, "gb18030"),
    "shift_jis": (7, JAPANESE, "cp932"),
}
FORMATS = [("rss2.0", 50), ("atom1.0", 25), ("rss1.0", 10), ("json", 15)]

# ---------------------------------------------------------------------------
# Text


class TextMaker:
    """Makes titles, sentences and HTML paragraphs from the word lists.

    Sentences come from a pre-built pool (one random pick per sentence
    afterwards), which keeps generating 200 MB fast in CPython.
    """

    POOL_SIZE = 4000

    def __init__(self, rng, language, fancy_punctuation):
        self.rng = rng
        self.language = language
        self.fancy = fancy_punctuation
        self.pool = [self._sentence() for _ in range(self.POOL_SIZE)]

    def _words(self):
        if self.language is None:
            return self.rng.choice(list(TOPICS.values()))
        return self.language

    def _sentence(self):
        words = self._words()
        parts = [self.rng.choice(words[key]) for key in ("subjects", "verbs", "objects", "codas")]
        if self.language in (CHINESE, JAPANESE):
            return "".join(parts) + ("。" if self.language is CHINESE else "")
        sentence = " ".join(parts)
        if self.fancy and self.rng.random() < 0.3:
            sentence += ", \u201cnot a surprise\u201d \u2014 analysts\u2019 view"
        return sentence + "."

    def title(self):
        sentence = self.rng.choice(self.pool).rstrip(".。")
        return sentence if len(sentence) < 120 else sentence[:117] + "..."

    def summary(self):
        return " ".join(self.rng.choice(self.pool) for _ in range(self.rng.randint(2, 4)))

    def paragraph(self):
        rng = self.rng
        sentences = [rng.choice(self.pool) for _ in range(rng.randint(3, 7))]
        decorated = []
        for sentence in sentences:
            roll = rng.random()
            if roll < 0.15:
                host = rng.choice(LINK_HOSTS)
                sentence = f'<a href="https://{host}/story/{rng.randint(1000, 999999)}?ref=feed&amp;src=rss">{sentence}</a>'
            elif roll < 0.25:
                sentence = f"<strong>{sentence}</strong>"
            elif roll < 0.32:
                sentence = f"<em>{sentence}</em>&nbsp;&mdash; R&amp;D"
            elif roll < 0.38:
                sentence = sentence + " It&#8217;s &quot;early days&quot;, one said &#x2014; 5 &lt; 6."
            decorated.append(sentence)
        return "<p>" + " ".join(decorated) + "</p>"

    def html_body(self, budget):
        parts = []
        size = 0
        while size < budget:
            roll = self.rng.random()
            if roll < 0.08:
                items = "".join(f"<li>{self.title()}</li>" for _ in range(self.rng.randint(2, 5)))
                block = f"<ul>{items}</ul>"
            elif roll < 0.13:
                block = (f'<p><img src="https://{self.rng.choice(LINK_HOSTS)}/img/{self.rng.randint(1, 99999)}.jpg"'
                         f' alt="photo" width="640" height="360"/></p>')
            else:
                block = self.paragraph()
            parts.append(block)
            size += len(block)
        return "\n".join(parts)


# ---------------------------------------------------------------------------
# Feeds


def xml_escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def rfc822(rng):
    day = rng.randint(1, 28)
    month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][rng.randint(0, 11)]
    weekday = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][rng.randint(0, 6)]
    zone = rng.choice(["GMT", "+0000", "-0500", "+0800", "EST", "+0900", "+0100"])
    return f"{weekday}, {day:02d} {month} {rng.randint(2019, 2026)} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d} {zone}"


def rfc3339(rng):
    zone = rng.choice(["Z", "+00:00", "-05:00", "+08:00", "+09:00"])
    return (f"{rng.randint(2019, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T"
            f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}{zone}")


class Entry:
    def __init__(self, rng, text, feed_host, budget):
        self.id_number = rng.randint(1, 10**9)
        self.link = f"https://{feed_host}/articles/{self.id_number}"
        self.title = text.title()
        self.summary = text.summary()
        self.content = text.html_body(budget)
        self.author = rng.choice(AUTHORS)
        self.categories = rng.sample(["Policy", "Chips", "Markets", "Sports", "Technology", "Energy", "China", "AI"], 2)
        self.rfc822 = rfc822(rng)
        self.rfc3339 = rfc3339(rng)
        self.use_cdata = rng.random() < 0.5


def html_payload(entry):
    # Half the feeds carry HTML in CDATA, half escaped: both are common.
    if entry.use_cdata:
        return "<![CDATA[" + entry.content + "]]>"
    return xml_escape(entry.content)


def rss2(feed_title, host, charset, entries):
    items = []
    for entry in entries:
        categories = "".join(f"<category>{c}</category>" for c in entry.categories)
        items.append(
            f"<item><title>{xml_escape(entry.title)}</title><link>{entry.link}</link>"
            f'<guid isPermaLink="false">urn:example:{entry.id_number}</guid>'
            f"<pubDate>{entry.rfc822}</pubDate><dc:creator>{xml_escape(entry.author)}</dc:creator>"
            f"{categories}<description>{xml_escape(entry.summary)}</description>"
            f"<content:encoded>{html_payload(entry)}</content:encoded>"
            f'<media:content url="https://{host}/img/{entry.id_number}.jpg" medium="image"/></item>')
    return (f'<?xml version="1.0" encoding="{charset}"?>\n'
            '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom" '
            'xmlns:media="http://search.yahoo.com/mrss/">\n<channel>'
            f"<title>{xml_escape(feed_title)}</title><link>https://{host}/</link>"
            f'<atom:link href="https://{host}/rss.xml" rel="self" type="application/rss+xml"/>'
            f"<description>News from {host}</description><language>en</language>\n"
            + "\n".join(items) + "\n</channel></rss>\n")


def atom(feed_title, host, charset, entries):
    items = []
    for entry in entries:
        categories = "".join(f'<category term="{c}"/>' for c in entry.categories)
        items.append(
            f"<entry><title>{xml_escape(entry.title)}</title>"
            f'<link rel="alternate" type="text/html" href="/articles/{entry.id_number}"/>'
            f"<id>tag:{host},2025:{entry.id_number}</id><published>{entry.rfc3339}</published>"
            f"<updated>{entry.rfc3339}</updated><author><name>{xml_escape(entry.author)}</name></author>"
            f'{categories}<summary type="text">{xml_escape(entry.summary)}</summary>'
            f'<content type="html">{html_payload(entry)}</content></entry>')
    return (f'<?xml version="1.0" encoding="{charset}"?>\n'
            f'<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://{host}/" xml:lang="en">\n'
            f'<title>{xml_escape(feed_title)}</title><link href="https://{host}/"/>'
            f"<id>https://{host}/</id><updated>2025-02-22T09:30:00Z</updated>\n"
            + "\n".join(items) + "\n</feed>\n")


def rss1(feed_title, host, charset, entries):
    sequence = "".join(f'<rdf:li rdf:resource="{e.link}"/>' for e in entries)
    items = []
    for entry in entries:
        items.append(
            f'<item rdf:about="{entry.link}"><title>{xml_escape(entry.title)}</title>'
            f"<link>{entry.link}</link><dc:date>{entry.rfc3339}</dc:date>"
            f"<dc:creator>{xml_escape(entry.author)}</dc:creator>"
            f"<dc:subject>{entry.categories[0]}</dc:subject>"
            f"<description>{xml_escape(entry.summary)}</description>"
            f"<content:encoded>{html_payload(entry)}</content:encoded></item>")
    return (f'<?xml version="1.0" encoding="{charset}"?>\n'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/">\n'
            f'<channel rdf:about="https://{host}/"><title>{xml_escape(feed_title)}</title>'
            f"<link>https://{host}/</link><description>News</description>"
            f"<items><rdf:Seq>{sequence}</rdf:Seq></items></channel>\n"
            + "\n".join(items) + "\n</rdf:RDF>\n")


def json_feed(feed_title, host, entries):
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed_title,
        "home_page_url": f"https://{host}/",
        "feed_url": f"https://{host}/feed.json",
        "items": [{
            "id": str(entry.id_number),
            "url": entry.link,
            "title": entry.title,
            "summary": entry.summary,
            "content_html": entry.content,
            "date_published": entry.rfc3339,
            "authors": [{"name": entry.author}],
            "tags": entry.categories,
        } for entry in entries],
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def weighted_choice(rng, choices):
    total = sum(weight for _, weight in choices)
    roll = rng.uniform(0, total)
    for value, weight in choices:
        roll -= weight
        if roll <= 0:
            return value
    return choices[-1][0]


def make_feed(rng, text_makers, number):
    format_name = weighted_choice(rng, FORMATS)
    charset = "utf-8" if format_name == "json" else weighted_choice(
        rng, [(name, spec[0]) for name, spec in CHARSETS.items()])
    text = text_makers[charset]
    host = rng.choice(LINK_HOSTS)
    # Log-uniform size between 20 and 500 KiB; 20-100 entries share it.
    target_bytes = int(20 * 1024 * (25 ** rng.random()))
    entry_count = rng.randint(20, 100)
    budget = max(200, target_bytes // entry_count - 900)
    if charset in ("gb18030", "shift_jis"):
        budget //= 2  # two bytes per character once encoded
    entries = [Entry(rng, text, host, budget) for _ in range(entry_count)]
    title = f"{text.title()[:40]} feed {number}"
    if format_name == "json":
        body = json_feed(title, host, entries)
    else:
        writer = {"rss2.0": rss2, "atom1.0": atom, "rss1.0": rss1}[format_name]
        body = writer(title, host, charset, entries)
    codec = CHARSETS[charset][2]
    # Characters the charset lacks become character references, as a
    # real CMS would write them.
    return format_name, charset, entry_count, body.encode(codec, errors="xmlcharrefreplace")


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    output_dir = sys.argv[1]
    total_bytes = int(float(sys.argv[2]) * MIB)
    subset_bytes = 10 * MIB
    if "--subset-megabytes" in sys.argv:
        subset_bytes = int(float(sys.argv[sys.argv.index("--subset-megabytes") + 1]) * MIB)
    rng = random.Random(SEED)
    text_makers = {name: TextMaker(random.Random(SEED + index), spec[1], name == "windows-1252")
                   for index, (name, spec) in enumerate(CHARSETS.items())}
    feeds_dir = os.path.join(output_dir, "feeds")
    os.makedirs(feeds_dir, exist_ok=True)
    index_rows = []
    written = 0
    number = 0
    while written < total_bytes:
        format_name, charset, entry_count, data = make_feed(rng, text_makers, number)
        extension = "json" if format_name == "json" else "xml"
        name = f"{number:05d}-{format_name}-{charset}.{extension}"
        with open(os.path.join(feeds_dir, name), "wb") as output:
            output.write(data)
        index_rows.append((name, format_name, charset, len(data), entry_count))
        written += len(data)
        number += 1
    with open(os.path.join(output_dir, "index.tsv"), "w") as index:
        index.write("file\tformat\tcharset\tbytes\tentries\n")
        for row in index_rows:
            index.write("\t".join(str(value) for value in row) + "\n")
    write_subset(output_dir, index_rows, subset_bytes)
    print(f"generate_feeds: {number} feeds, {written / MIB:.1f} MiB in {feeds_dir}")


def write_subset(output_dir, index_rows, subset_bytes):
    """Every k-th XML feed, so the subset keeps the mix of formats and
    charsets (python-feedparser has no JSON Feed support)."""
    xml_rows = [row for row in index_rows if row[1] != "json"]
    xml_bytes = sum(row[3] for row in xml_rows)
    stride = max(1, xml_bytes // max(subset_bytes, 1))
    subset = []
    size = 0
    for row in xml_rows[::stride]:
        if size >= subset_bytes:
            break
        subset.append(row[0])
        size += row[3]
    with open(os.path.join(output_dir, "feedparser-subset.txt"), "w") as listing:
        listing.write("\n".join(subset) + "\n")


if __name__ == "__main__":
    main()
