// Wraps each seed article (../shared/seeds) in an RSS item as HTML paragraphs
// and checks that its text comes through whole.
#include <catch2/catch.hpp>

#include <filesystem>

#include "feed_test_support.h"
#include "tests/support/shared_corpus.h"

using namespace feedwatch::feed;
using namespace feedwatch::feed::testing;

namespace {

std::string escape_markup(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else out += c;
  }
  return out;
}

// Each line a paragraph; then the HTML escaped once more for the XML.
std::string as_rss(const std::string& article) {
  std::string html;
  std::size_t start = 0;
  while (start < article.size()) {
    std::size_t end = std::min(article.find('\n', start), article.size());
    html += "<p>" + escape_markup(std::string_view(article).substr(start, end - start)) + "</p>\n";
    start = end + 1;
  }
  return "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\" "
         "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel><title>Seeds</title>"
         "<item><title>Seed</title><content:encoded>" + escape_markup(html) +
         "</content:encoded></item></channel></rss>";
}

std::string collapsed(const std::string& text) {
  std::string out;
  bool space = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    bool is_space = text[i] == ' ' || text[i] == '\n' || text[i] == '\t' || text[i] == '\r';
    if (text[i] == '\xC2' && i + 1 < text.size() && text[i + 1] == '\xA0') { is_space = true; ++i; }
    if (is_space) { space = !out.empty(); continue; }
    if (space) out += ' ';
    space = false;
    out += text[i];
  }
  return out;
}

}  // namespace

TEST_CASE("Carries the full text of every seed article through content:encoded") {
  std::filesystem::path seeds = feedwatch::testing::require_shared("seeds");
  int articles = 0;
  for (const auto& file : std::filesystem::directory_iterator(seeds)) {
    std::string article = read_file(file.path().string());
    Feed feed = parse_ok(as_rss(article));
    REQUIRE(feed.entries.size() == 1);
    REQUIRE(feed.entries[0].content.has_value());
    INFO(file.path().filename().string());
    CHECK(*feed.entries[0].content == collapsed(article));
    ++articles;
  }
  CHECK(articles >= 5);
}

TEST_CASE("Keeps distinctive sentences of the seed articles") {
  std::filesystem::path seeds = feedwatch::testing::require_shared("seeds");
  std::string first = read_file((seeds / "000_45aa1214dfe93a95.txt").string());
  std::string scraped = read_file((seeds / "004_0df83c4d8d2d5346.txt").string());
  CHECK(parse_ok(as_rss(first)).entries[0].content->find(
            "Chinese artificial intelligence (AI) company DeepSeek has unveiled its latest large model") !=
        std::string::npos);
  CHECK(parse_ok(as_rss(scraped)).entries[0].content->find("Terms & Conditions") != std::string::npos);
}
