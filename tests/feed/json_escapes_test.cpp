#include <catch2/catch.hpp>

#include "feed/json_escapes.h"
#include "feed_test_support.h"

using namespace feedwatch::feed;
using namespace feedwatch::feed::testing;

namespace {
std::string repaired(std::string json) {
  replace_lone_surrogate_escapes(json);
  return json;
}
}  // namespace

TEST_CASE("A lone high or low surrogate escape becomes the replacement character") {
  CHECK(repaired(R"("a\ud800b")") == R"("a\ufffdb")");
  CHECK(repaired(R"("a\uDC00b")") == R"("a\ufffdb")");
  CHECK(repaired(R"("\ud800")") == R"("\ufffd")");
  CHECK(repaired(R"("\ud800\ud800\udc00")") == R"("\ufffd\ud800\udc00")");  // the second high one pairs
  CHECK(repaired(R"("\udc00\ud800")") == R"("\ufffd\ufffd")");              // the wrong order pairs nothing
  CHECK(repaired(R"("\ud800\u0041")") == R"("\ufffd\u0041")");
}

TEST_CASE("Valid surrogate pairs, other escapes and escaped backslashes stay as written") {
  std::string text = R"({"a":"\ud83d\ude00","b":"\\ud800","c":"\"\n\u00e9\\","d":"\u12"})";
  std::string copy = text;
  CHECK(replace_lone_surrogate_escapes(copy) == 0);
  CHECK(copy == text);
  CHECK(repaired(R"("\\\ud800")") == R"("\\\ufffd")");  // an escaped backslash, then a lone surrogate
  CHECK(repaired("\"\\") == "\"\\");                     // a backslash at the very end
}

TEST_CASE("A lone surrogate in a JSON Feed string is read as U+FFFD, as in XML, and the feed is kept") {
  Feed json = parse_ok(R"({"version":"https://jsonfeed.org/version/1.1","title":"Bad \ud800 title",
      "items":[{"id":"1","title":"Chips \udfff ban","content_text":"A pair \ud83d\ude00 stays"}]})");
  Feed xml = parse_ok("<rss version=\"2.0\"><channel><title>Bad &#xD800; title</title>"
                      "<item><guid>1</guid><title>Chips &#xDFFF; ban</title></item></channel></rss>");
  CHECK(json.title == "Bad \uFFFD title");
  CHECK(json.title == xml.title);
  REQUIRE(json.entries.size() == 1);
  CHECK(json.entries[0].title == "Chips \uFFFD ban");
  CHECK(json.entries[0].title == xml.entries[0].title);
  CHECK(json.entries[0].content == "A pair \U0001F600 stays");
  CHECK(json.errors.empty());
}
