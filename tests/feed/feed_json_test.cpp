#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "feed/feed_json.h"

using namespace feedwatch::feed;

TEST_CASE("Formats instants as RFC 3339 UTC with whole seconds") {
  CHECK(format_rfc3339(0) == "1970-01-01T00:00:00Z");
  CHECK(format_rfc3339(1740216600) == "2025-02-22T09:30:00Z");
  CHECK(format_rfc3339(-1) == "1969-12-31T23:59:59Z");
}

TEST_CASE("Formats years before 1000 and after 9999 sanely") {
  CHECK(format_rfc3339(-59042995199) == "0099-01-01T00:00:01Z");
  CHECK(format_rfc3339(-59042998799) == "0098-12-31T23:00:01Z");
  CHECK(format_rfc3339(253402300800) == "10000-01-01T00:00:00Z");
}

TEST_CASE("Renders the SPEC section 4 shape with absent fields as null") {
  Feed feed;
  feed.format = "rss2.0";
  feed.title = "Example";
  feed.errors.push_back("line 1, col 2: mismatched tag; 0 entries parsed before it");
  Entry entry;
  entry.id = "tag:x,1";
  entry.published = 1740216600;
  entry.categories = {"a", "b"};
  feed.entries.push_back(entry);
  nlohmann::json json = nlohmann::json::parse(to_json(feed));
  CHECK(json["format"] == "rss2.0");
  CHECK(json["link"].is_null());
  CHECK(json["language"].is_null());
  CHECK(json["errors"].size() == 1);
  const auto& first = json["entries"][0];
  CHECK(first["id"] == "tag:x,1");
  CHECK(first["published"] == "2025-02-22T09:30:00Z");
  CHECK(first["updated"].is_null());
  CHECK(first["title"].is_null());
  CHECK(first["categories"] == nlohmann::json::array({"a", "b"}));
  for (const char* key : {"link", "author", "summary", "content"}) CHECK(first.contains(key));
}

TEST_CASE("Never throws on invalid UTF-8 in a field") {
  Feed feed;
  feed.format = "rss2.0";
  feed.title = std::string("bad \xff byte");
  CHECK_NOTHROW(nlohmann::json::parse(to_json(feed)));
}
