#include <catch2/catch.hpp>

#include "daemon/config/opml_reader.h"

using namespace feedwatch::config;

TEST_CASE("OPML outlines with xmlUrl are read at every depth", "[config][opml]") {
  auto result = read_opml(R"(<?xml version="1.0"?>
<opml version="2.0"><head><title>subs</title></head><body>
  <outline text="Policy">
    <outline text="Trade Desk" title="Trade Desk" type="rss" xmlUrl="https://trade.example/rss"/>
    <outline text="Nested"><outline text="Deep" xmlUrl="https://deep.example/atom"/></outline>
  </outline>
  <outline text="No feed here"/>
</body></opml>)");
  auto* feeds = std::get_if<std::vector<OpmlFeed>>(&result);
  REQUIRE(feeds);
  REQUIRE(feeds->size() == 2);
  CHECK((*feeds)[0].url == "https://trade.example/rss");
  CHECK((*feeds)[0].title == "Trade Desk");
  CHECK((*feeds)[1].title == "Deep");
}

TEST_CASE("a broken OPML file is an error with its position", "[config][opml]") {
  auto result = read_opml("<opml><body>\n<outline xmlUrl='x'></body></opml>");
  auto* error = std::get_if<OpmlError>(&result);
  REQUIRE(error);
  CHECK(error->message.find("line 2") != std::string::npos);
}

TEST_CASE("a document that is not OPML is rejected", "[config][opml]") {
  CHECK(std::holds_alternative<OpmlError>(read_opml("<rss><channel/></rss>")));
}

TEST_CASE("OPML feeds are printed as a YAML feeds list", "[config][opml]") {
  std::string yaml = opml_feeds_as_yaml({{"https://a.example/rss", "A: news"}, {"https://b.example/", ""}});
  CHECK(yaml.find("feeds:") == 0);
  CHECK(yaml.find("url: https://a.example/rss") != std::string::npos);
  CHECK(yaml.find("name: \"A: news\"") != std::string::npos);
}
