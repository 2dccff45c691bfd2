#include <catch2/catch.hpp>

#include "feed/feed_json.h"
#include "feed_test_support.h"

using namespace feedwatch::feed;
using namespace feedwatch::feed::testing;

namespace {
std::string rss_item(const std::string& namespaces, const std::string& item) {
  return "<rss version=\"2.0\" " + namespaces + "><channel><title>t</title><item>" + item +
         "</item></channel></rss>";
}
Entry only_entry(const std::string& body) {
  Feed feed = parse_ok(body);
  REQUIRE(feed.entries.size() == 1);
  return feed.entries[0];
}
}  // namespace

TEST_CASE("Reads an RSS 2.0 feed with content:encoded, dc and a DOCTYPE entity") {
  Feed feed = parse_ok(sample_feed("rss20_basic.xml"), "https://bulletin.example/feed.xml");
  CHECK(feed.format == "rss2.0");
  CHECK(feed.title == "Harbour & Trade Bulletin");
  CHECK(feed.language == "en-gb");
  CHECK(feed.errors.empty());
  REQUIRE(feed.entries.size() == 4);
  const Entry& first = feed.entries[0];
  CHECK(first.id == "tag:watch.example,2025:tariffs-1");
  CHECK(first.title == "Port tariffs rise again \u2014 shippers react");
  CHECK(first.link == "https://bulletin.example/stories/tariffs");
  CHECK(first.summary == "Rates go up in March.");
  CHECK(first.content == "The harbour board voted on Tuesday. Fees rise by a tenth & more.");
  CHECK(first.author == "Ana Ruiz");
  CHECK(first.categories == std::vector<std::string>{"Shipping", "Tariffs"});
}

TEST_CASE("Uses a permalink guid as link and id, and atom:link as link") {
  Feed feed = parse_ok(sample_feed("rss20_basic.xml"));
  CHECK(feed.entries[1].link == "https://bulletin.example/guid-only");
  CHECK(feed.entries[1].id == "https://bulletin.example/guid-only");
  CHECK(feed.entries[2].link == "https://bulletin.example/from-atom-link");
  CHECK(feed.entries[2].id == "https://bulletin.example/from-atom-link");
}

TEST_CASE("Gives entries without guid or link a stable hash id") {
  Feed first = parse_ok(sample_feed("rss20_basic.xml"));
  Feed second = parse_ok(sample_feed("rss20_basic.xml"));
  CHECK(first.entries[3].id.starts_with("sha256:"));
  CHECK(first.entries[3].id == second.entries[3].id);
  CHECK(first.entries[3].id != parse_ok(rss_item("", "<title>Other</title>")).entries[0].id);
}

TEST_CASE("Keeps a non-permalink guid out of the link") {
  Entry entry = only_entry(rss_item("", "<guid isPermaLink=\"false\">http://guid.example/</guid>"));
  CHECK(entry.id == "http://guid.example/");
  CHECK_FALSE(entry.link.has_value());
  CHECK(only_entry(rss_item("", "<guid>http://g.example/</guid><link>http://l.example/</link>")).link ==
        "http://l.example/");
}

TEST_CASE("Follows feedparser's description and summary precedence") {
  Entry described_first = only_entry(rss_item("", "<description>D</description><summary>S</summary>"));
  CHECK(described_first.summary == "D");
  CHECK(described_first.content == "S");
  Entry summary_first = only_entry(rss_item("", "<summary>S</summary><description>D</description>"));
  CHECK(summary_first.summary == "S");
  CHECK(summary_first.content == "D");
}

TEST_CASE("Maps RSS dates without copying one into the other") {
  Entry entry = only_entry(rss_item("xmlns:dcterms=\"http://purl.org/dc/terms/\"",
                                    "<dcterms:issued>2003-12-31T10:14:55Z</dcterms:issued>"));
  CHECK(entry.published == 1072865695);
  CHECK_FALSE(entry.updated.has_value());
  Entry modified = only_entry(rss_item("xmlns:dcterms=\"http://purl.org/dc/terms/\"",
                                       "<dcterms:modified>2003-12-31T10:14:55Z</dcterms:modified>"));
  CHECK(modified.updated == 1072865695);
  CHECK_FALSE(modified.published.has_value());
}

TEST_CASE("Resolves namespace prefixes through their declarations") {
  std::string body =
      "<r:rss xmlns:r=\"http://backend.userland.com/rss2\" xmlns:x=\"http://other.example/ns\" "
      "xmlns:dublin=\"http://purl.org/dc/elements/1.1/\"><r:channel><r:item>"
      "<x:description>wrong</x:description><r:description>right</r:description>"
      "<dublin:creator>Someone</dublin:creator></r:item></r:channel></r:rss>";
  Entry entry = only_entry(body);
  CHECK(entry.summary == "right");
  CHECK(entry.author == "Someone");
}

TEST_CASE("Understands common prefixes left undeclared") {
  Entry entry = only_entry(rss_item("", "<dc:creator>Ana</dc:creator><content:encoded>&lt;p&gt;Body&lt;/p&gt;</content:encoded>"));
  CHECK(entry.author == "Ana");
  CHECK(entry.content == "Body");
}

TEST_CASE("Reads media:title, media:description and media:category as fallbacks") {
  std::string ns = "xmlns:m=\"http://search.yahoo.com/mrss/\"";
  Entry entry = only_entry(rss_item(ns, "<m:title>bar</m:title><title>foo</title><m:group>"
                                        "<m:description>From group</m:description><m:category>cat1</m:category>"
                                        "</m:group>"));
  CHECK(entry.title == "foo");
  CHECK(entry.summary == "From group");
  CHECK(entry.categories == std::vector<std::string>{"cat1"});
}

TEST_CASE("Reads itunes categories, nested ones included, and made-up tags") {
  std::string ns = "xmlns:itunes=\"http://www.itunes.com/DTDs/Podcast-1.0.dtd\"";
  Entry entry = only_entry(rss_item(ns, "<itunes:category text=\"Technology\"><itunes:category text=\"Gadgets\"/>"
                                        "</itunes:category><tags>one, two</tags>"));
  CHECK(entry.categories == std::vector<std::string>{"Technology", "Gadgets", "one", "two"});
}

TEST_CASE("Decodes HTML entities and CDATA in titles exactly once") {
  CHECK(only_entry(rss_item("", "<title>&amp;mdash;</title>")).title == "\u2014");  // RSS titles are HTML-ish
  CHECK(only_entry(rss_item("", "<title><![CDATA[Q&A <b>now</b>]]></title>")).title == "Q&A now");
  CHECK(only_entry(rss_item("", "<title>AT&T &nbsp;x</title>")).title == "AT&T x");
}

TEST_CASE("Reads an Atom 1.0 feed with xml:base, text constructs and categories") {
  Feed feed = parse_ok(sample_feed("atom10_basic.xml"));
  CHECK(feed.format == "atom1.0");
  CHECK(feed.title == "Chip Export Watch");
  CHECK(feed.link == "https://news.example/");
  CHECK(feed.language == "en");
  REQUIRE(feed.entries.size() == 2);
  const Entry& entry = feed.entries[0];
  CHECK(entry.title == "AT&amp;T notes");  // type="text": decoded once, stray tag dropped
  CHECK(entry.link == "https://news.example/2025/controls.html");
  CHECK(entry.author == "Lee Chen");
  CHECK(entry.categories == std::vector<std::string>{"semiconductors"});
  CHECK(entry.summary == "New rules apply from May.");
  CHECK(entry.content == "Exporters need a licence now.");
  CHECK(entry.published == 1736496000);
  CHECK(entry.updated == 1736583300);
  CHECK(feed.entries[1].content == "Example Atom");  // base64 of a binary media type
}

TEST_CASE("Prefers the alternate link whatever its position") {
  std::string body =
      "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><link rel=\"enclosure\" href=\"http://x/e\"/>"
      "<link rel=\"related\" href=\"http://x/r\"/><link href=\"http://x/a\"/></entry></feed>";
  CHECK(only_entry(body).link == "http://x/a");
}

TEST_CASE("Reads an Atom 0.3 feed with issued, modified and base64 mode") {
  Feed feed = parse_ok(sample_feed("atom03_basic.xml"));
  CHECK(feed.format == "atom0.3");
  CHECK(feed.title == "Old Atom");
  REQUIRE(feed.entries.size() == 1);
  CHECK(feed.entries[0].published == 1072958400);
  CHECK(feed.entries[0].updated == 1073044800);
  CHECK(feed.entries[0].summary == "Hello old world");
}

TEST_CASE("Reads Atom xhtml content without decoding its text twice") {
  std::string body =
      "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><content type=\"xhtml\"><div "
      "xmlns=\"http://www.w3.org/1999/xhtml\">History of the &lt;blink&gt; tag <b>now</b> <i>here</i></div>"
      "</content></entry></feed>";
  CHECK(only_entry(body).content == "History of the <blink> tag now here");
}

TEST_CASE("Reads an RSS 1.0 (RDF) feed with rdf:about ids") {
  Feed feed = parse_ok(sample_feed("rss10_rdf.xml"));
  CHECK(feed.format == "rss1.0");
  CHECK(feed.title == "RDF Desk");
  REQUIRE(feed.entries.size() == 1);
  CHECK(feed.entries[0].id == "https://rdf.example/items/1");
  CHECK(feed.entries[0].link == "https://rdf.example/1");
  CHECK(feed.entries[0].summary == "Plain description");
}

TEST_CASE("Reads a CDF channel") {
  Feed feed = parse_ok(sample_feed("cdf_channel.xml"));
  CHECK(feed.title == "Channel Definition");
  CHECK(feed.link == "https://cdf.example/");
  REQUIRE(feed.entries.size() == 1);
  CHECK(feed.entries[0].link == "https://cdf.example/item");
  CHECK(feed.entries[0].summary == "An abstract");
}

TEST_CASE("Names RSS versions") {
  CHECK(parse_ok("<rss version=\"0.91\"><channel/></rss>").format == "rss0.91");
  CHECK(parse_ok("<rss version=\"0.92\"><channel/></rss>").format == "rss0.92");
  CHECK(parse_ok("<rss><channel/></rss>").format == "rss2.0");
}

TEST_CASE("Reads a JSON Feed 1.1 with relative links and HTML content") {
  Feed feed = parse_ok(sample_feed("json11_basic.json"), "https://log.example/feed.json");
  CHECK(feed.format == "json1.1");
  CHECK(feed.title == "Sanctions Log");
  CHECK(feed.language == "en");
  REQUIRE(feed.entries.size() == 2);
  CHECK(feed.entries[0].link == "https://log.example/entries/42");
  CHECK(feed.entries[0].content == "A new listing.");
  CHECK(feed.entries[0].author == "Desk");
  CHECK(feed.entries[0].published == 1740830400);
  CHECK(feed.entries[0].categories == std::vector<std::string>{"sanctions", "listings"});
  CHECK(feed.entries[1].id == "7");
  CHECK(parse_ok("{\"version\":\"https://jsonfeed.org/version/1\",\"items\":[]}").format == "json1.0");
}

TEST_CASE("Resolves links against Content-Location before the document URL") {
  Document document;
  std::string body = rss_item("", "<link>item.html</link>");
  document.body = body;
  document.url = "https://origin.example/feeds/rss";
  document.content_location = "/moved/here/";
  Feed feed = std::get<Feed>(parse_feed(document));
  CHECK(feed.entries[0].link == "https://origin.example/moved/here/item.html");
}

TEST_CASE("Keeps the entries before a mismatched tag and says where it broke") {
  Feed feed = parse_ok(sample_feed("mismatched_tag.xml"));
  REQUIRE(feed.entries.size() == 1);
  CHECK(feed.entries[0].id == "tag:bad,1");
  REQUIRE(feed.errors.size() == 1);
  CHECK(feed.errors[0] == "line 4, col 22: mismatched tag; 1 entry parsed before it");
}

TEST_CASE("Keeps the complete entries of a truncated document") {
  Feed feed = parse_ok(sample_feed("truncated.xml"));
  REQUIRE(feed.entries.size() == 2);
  CHECK(feed.entries[1].title == "Two");
  REQUIRE(feed.errors.size() == 1);
  CHECK(feed.errors[0].find("2 entries parsed before it") != std::string::npos);
}

TEST_CASE("Reports no errors for a well-formed feed with HTML entities and bare ampersands") {
  Feed feed = parse_ok(rss_item("", "<title>Tom &amp; Jerry &mdash; AT&T</title>"));
  CHECK(feed.errors.empty());
}

TEST_CASE("Fails cleanly on documents that are not feeds") {
  CHECK(failure_message(sample_feed("html_page.html")).find("HTML page") != std::string::npos);
  CHECK(failure_message("").find("empty") != std::string::npos);
  CHECK(failure_message("   \n ").find("empty") != std::string::npos);
  CHECK(failure_message("{\"name\": \"not a feed\"}").find("JSON Feed") != std::string::npos);
  CHECK(failure_message("{broken json").find("not a feed") != std::string::npos);
  CHECK(failure_message("\x01\x02garbage\xff").find("not a feed") != std::string::npos);
  CHECK(failure_message("<svg xmlns=\"http://www.w3.org/2000/svg\"/>").find("<svg>") != std::string::npos);
}

TEST_CASE("Survives hostile nesting without exhausting the stack") {
  std::string deep;
  for (int i = 0; i < 200000; ++i) deep += "<div>";
  std::string body = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><content type=\"xhtml\">" + deep + "x";
  ParseResult result = parse_text(body);
  REQUIRE(std::holds_alternative<Feed>(result));
  CHECK_FALSE(std::get<Feed>(result).errors.empty());
}
