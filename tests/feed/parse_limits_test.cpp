// The parser's bounds (feed/parse_limits.h, docs/limits.md): entity
// expansion, entries per feed, categories per entry, the XML tree; each one
// both ways, what it turns away and what it still reads. The same bounds
// over the real binary, with memory and time: tests/cli/parse_limits_cli_test.cpp.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "feed_test_support.h"

using namespace feedwatch::feed;
using namespace feedwatch::feed::testing;

namespace {

// An RSS feed with one item whose description references the entity `e`
// (declared with `value`) `references` times.
std::string entity_feed(const std::string& value, std::size_t references) {
  std::string refs;
  refs.reserve(references * 3);
  for (std::size_t i = 0; i < references; ++i) refs += "&e;";
  return "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY e \"" + value +
         "\">]>\n<rss version=\"2.0\"><channel><title>Entities</title><item><guid>only</guid>"
         "<description>" + refs + "</description></item></channel></rss>";
}

ParseResult parse_with(const std::string& body, const ParseLimits& limits) {
  Document document;
  document.body = body;
  document.url = "https://feeds.example/feed";
  return parse_feed(document, limits);
}

Feed parse_ok_with(const std::string& body, const ParseLimits& limits) {
  ParseResult result = parse_with(body, limits);
  if (auto* failure = std::get_if<ParseFailure>(&result)) FAIL("unexpected failure: " << failure->message);
  return std::get<Feed>(std::move(result));
}

std::string rss_items(std::size_t count, const std::string& extra_per_item = "") {
  std::string items;
  for (std::size_t i = 0; i < count; ++i)
    items += "<item><guid>item-" + std::to_string(i) + "</guid>" + extra_per_item + "</item>";
  return "<rss version=\"2.0\"><channel><title>Many</title>" + items + "</channel></rss>";
}

std::string atom_entries(std::size_t count) {
  std::string entries;
  for (std::size_t i = 0; i < count; ++i) entries += "<entry><id>entry-" + std::to_string(i) + "</id></entry>";
  return "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Many</title>" + entries + "</feed>";
}

std::string json_items(std::size_t count, const std::string& extra_members = "") {
  std::string items;
  for (std::size_t i = 0; i < count; ++i)
    items += std::string(i ? "," : "") + "{\"id\":\"item-" + std::to_string(i) + "\"" + extra_members + "}";
  return "{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"Many\",\"items\":[" + items + "]}";
}

bool has_error_containing(const Feed& feed, const std::string& part) {
  for (const auto& error : feed.errors)
    if (error.find(part) != std::string::npos) return true;
  return false;
}

}  // namespace

// --- entity expansion --------------------------------------------------

TEST_CASE("A feed whose declared entity expands quadratically is refused, saying why") {
  // 70 KB on the wire, 200 MB of text once expanded (issue 10).
  std::string body = entity_feed(std::string(10'000, 'a'), 20'000);
  REQUIRE(body.size() < 80'000);
  std::string message = failure_message(body);
  CHECK(message.starts_with("refused: "));
  CHECK(message.find("entity expansion") != std::string::npos);
  CHECK(message.find("1048576 bytes") != std::string::npos);  // the budget: this document's allowance
}

TEST_CASE("Declared entities within the expansion budget expand as before") {
  // 100 bytes x 5,000 = 500 KB of expansions: under the 1 MiB allowance.
  Feed feed = parse_ok(entity_feed(std::string(100, 'b'), 5'000));
  REQUIRE(feed.entries.size() == 1);
  CHECK(feed.entries[0].summary == std::string(500'000, 'b'));
  CHECK(feed.errors.empty());
}

TEST_CASE("Beyond the allowance, entities may expand to ten times the document") {
  // A 250 KB document may expand to 1.6 MB (over 1 MiB, within ten times
  // it); one of 320 KB may not expand to 4 MB.
  std::string padding(200'000, 'p');
  auto feed_expanding_to = [&](std::size_t references) {
    return entity_feed(std::string(100, 'c'), references) + "<!--" + padding + "-->";
  };
  CHECK(std::holds_alternative<Feed>(parse_text(feed_expanding_to(16'000))));
  CHECK(failure_message(feed_expanding_to(40'000)).find("entity expansion") != std::string::npos);
}

TEST_CASE("The absolute expansion cap holds whatever the ratio allows") {
  ParseLimits limits;
  limits.max_entity_amplification = 1'000;
  limits.entity_expansion_allowance = 1'024;
  limits.max_entity_expansion = 64 * 1'024;
  // A 3 KB document that the ratio alone would let expand to 3 MB.
  std::string body = entity_feed(std::string(100, 'd'), 1'000);
  ParseResult result = parse_with(body, limits);
  REQUIRE(std::holds_alternative<ParseFailure>(result));
  CHECK(std::get<ParseFailure>(result).message.find("65536 bytes") != std::string::npos);
  limits.max_entity_expansion = 128 * 1'024;
  CHECK(parse_ok_with(body, limits).entries[0].summary->size() == 100'000);
}

TEST_CASE("Entity references decoded twice (XML, then HTML) count against one budget") {
  // &amp;e; is &e; after the XML layer and the entity's value after the HTML one.
  std::string refs;
  for (int i = 0; i < 20'000; ++i) refs += "&amp;e;";
  std::string body = "<!DOCTYPE rss [<!ENTITY e \"" + std::string(100, 'f') +
                     "\">]><rss version=\"2.0\"><channel><title>t</title><item><guid>g</guid>"
                     "<description>" + refs + "</description></item></channel></rss>";
  CHECK(failure_message(body).find("entity expansion") != std::string::npos);
}

// --- entries per feed --------------------------------------------------

TEST_CASE("Reads the first max_entries RSS items in document order and counts the rest") {
  ParseLimits limits;
  limits.max_entries = 10;
  Feed feed = parse_ok_with(rss_items(25), limits);
  REQUIRE(feed.entries.size() == 10);
  CHECK(feed.entries.front().id == "item-0");
  CHECK(feed.entries.back().id == "item-9");
  REQUIRE(feed.errors.size() == 1);
  CHECK(feed.errors[0] == "the feed has 25 entries; only the first 10 were read (fetch.max_entries)");
}

TEST_CASE("The entry limit spans RSS 1.0 items inside and beside the channel") {
  ParseLimits limits;
  limits.max_entries = 3;
  std::string body =
      "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\">"
      "<channel><title>t</title><item rdf:about=\"in-1\"/><item rdf:about=\"in-2\"/></channel>"
      "<item rdf:about=\"out-1\"/><item rdf:about=\"out-2\"/></rdf:RDF>";
  Feed feed = parse_ok_with(body, limits);
  REQUIRE(feed.entries.size() == 3);
  CHECK(feed.entries[2].id == "out-1");
  CHECK(has_error_containing(feed, "the feed has 4 entries; only the first 3"));
}

TEST_CASE("Reads the first max_entries Atom entries and counts the rest") {
  ParseLimits limits;
  limits.max_entries = 5;
  Feed feed = parse_ok_with(atom_entries(7), limits);
  REQUIRE(feed.entries.size() == 5);
  CHECK(feed.entries.back().id == "entry-4");
  CHECK(has_error_containing(feed, "the feed has 7 entries; only the first 5"));
}

TEST_CASE("Reads the first max_entries JSON Feed items and counts the rest") {
  ParseLimits limits;
  limits.max_entries = 4;
  Feed feed = parse_ok_with(json_items(9), limits);
  REQUIRE(feed.entries.size() == 4);
  CHECK(feed.entries.back().id == "item-3");
  CHECK(has_error_containing(feed, "the feed has 9 entries; only the first 4"));
}

TEST_CASE("By default a feed keeps 10,000 entries, and exactly that many raise no error") {
  Feed at_limit = parse_ok(rss_items(10'000));
  CHECK(at_limit.entries.size() == 10'000);
  CHECK(at_limit.errors.empty());
  Feed over = parse_ok(json_items(10'001));
  CHECK(over.entries.size() == 10'000);
  CHECK(has_error_containing(over, "the feed has 10001 entries"));
}

TEST_CASE("JSON Feed items that are not objects are neither entries nor counted against the limit") {
  ParseLimits limits;
  limits.max_entries = 2;
  std::string body = "{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[1,\"x\",[],{\"id\":\"a\"},"
                     "null,{\"id\":\"b\"}]}";
  Feed feed = parse_ok_with(body, limits);
  REQUIRE(feed.entries.size() == 2);
  CHECK(feed.entries[1].id == "b");
  CHECK(feed.errors.empty());
}

TEST_CASE("JSON members the reader does not use are still checked for syntax") {
  CHECK(failure_message("{\"version\":\"https://jsonfeed.org/version/1.1\",\"extra\":[1,2,],\"items\":[]}")
            .find("nor valid JSON") != std::string::npos);
  CHECK(failure_message(json_items(3) + ",").find("nor valid JSON") != std::string::npos);
  CHECK(failure_message("[{\"version\":\"https://jsonfeed.org/version/1.1\"}]").find("JSON Feed") !=
        std::string::npos);
}

TEST_CASE("JSON Feed members keep their meaning when unknown ones are skipped") {
  std::string body = R"({"version":"https://jsonfeed.org/version/1","title":"T","_ext":{"items":[{"id":"no"}]},
    "items":[{"id":"1","_x":{"title":"no"},"title":"Yes","authors":["plain",{"name":"second"}],
              "author":{"name":"Old style","url":"https://a.example/"},"tags":["a",1,"b",{"c":1}]}]})";
  Feed feed = parse_ok(body);
  REQUIRE(feed.entries.size() == 1);
  CHECK(feed.title == "T");
  CHECK(feed.entries[0].title == "Yes");
  CHECK(feed.entries[0].author == "Old style");  // authors[0] is no object: the 1.0 author
  CHECK(feed.entries[0].categories == std::vector<std::string>{"a", "b"});
}

// --- categories per entry ----------------------------------------------

TEST_CASE("An entry keeps its first max_categories_per_entry categories, repeats once") {
  ParseLimits limits;
  limits.max_categories_per_entry = 3;
  std::string categories = "<category>a</category><category>a</category><category>b</category>"
                           "<category>c</category><category>d</category><category>e</category>";
  Feed feed = parse_ok_with(rss_items(2, categories), limits);
  REQUIRE(feed.entries.size() == 2);
  CHECK(feed.entries[0].categories == std::vector<std::string>{"a", "b", "c"});
  CHECK(has_error_containing(feed, "2 entries have more than 3 categories; 4 more were not read"));
}

TEST_CASE("A JSON Feed item keeps its first max_categories_per_entry tags") {
  ParseLimits limits;
  limits.max_categories_per_entry = 2;
  Feed feed = parse_ok_with(json_items(1, R"(,"tags":["x","y","z"])"), limits);
  CHECK(feed.entries[0].categories == std::vector<std::string>{"x", "y"});
  CHECK(has_error_containing(feed, "1 entry has more than 2 categories; 1 more were not read"));
}

TEST_CASE("A hundred thousand categories in one entry cost no quadratic time") {
  std::string categories;
  for (int i = 0; i < 100'000; ++i) categories += "<category>c" + std::to_string(i) + "</category>";
  auto started = std::chrono::steady_clock::now();
  Feed feed = parse_ok(rss_items(1, categories));
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(2));  // was minutes
  CHECK(feed.entries[0].categories.size() == 1'000);
  CHECK(has_error_containing(feed, "99000 more were not read"));
}

// --- the XML tree ------------------------------------------------------

TEST_CASE("A document of tiny elements is read up to its tree budget, like a damaged one") {
  ParseLimits limits;
  limits.xml_tree_allowance = 64 * 1'024;
  std::string dense;
  for (int i = 0; i < 50'000; ++i) dense += "<a/>x";
  std::string body = "<rss version=\"2.0\"><channel><title>t</title><item><guid>first</guid></item>"
                     "<item><guid>dense</guid>" + dense + "</item></channel></rss>";
  Feed feed = parse_ok_with(body, limits);
  REQUIRE(feed.entries.size() == 1);  // the dense item is cut short, so it is not reported
  CHECK(feed.entries[0].id == "first");
  REQUIRE(feed.errors.size() == 1);
  CHECK(feed.errors[0].find("markup too dense to read further") != std::string::npos);
  CHECK(feed.errors[0].find("1 entry parsed before it") != std::string::npos);
}

TEST_CASE("A feed's usual markup needs less than half of the tree budget") {
  // Items with a title, escaped HTML and a category take about 1.5 tree
  // bytes per document byte: a quarter of the limit of 10 is headroom.
  std::string paragraph = "&lt;p&gt;A paragraph of a story, with a &lt;a href=\"/x\"&gt;link&lt;/a&gt; "
                          "and some words about export controls, chips and the markets.&lt;/p&gt;";
  std::string body = rss_items(2'000, "<title>A headline of some words</title><description>" + paragraph +
                                          paragraph + "</description><category>news</category>");
  ParseLimits limits;
  limits.max_xml_tree_amplification = 4;
  limits.xml_tree_allowance = 0;
  Feed feed = parse_ok_with(body, limits);
  CHECK(feed.entries.size() == 2'000);
  CHECK(feed.errors.empty());
}
