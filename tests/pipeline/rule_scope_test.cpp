// A rule's `feeds:` scope: tags, feed names (configured or the feed's own
// title) and URLs; an empty scope is every feed.
#include <catch2/catch.hpp>

#include "daemon/pipeline/rule_scope.h"

using namespace feedwatch::pipeline;
using Scope = std::vector<std::string>;

namespace {

FeedIdentity policy_feed() {
  return FeedIdentity{"https://www.example.com/rss.xml", "Example News", "Example Wire", {"policy", "china"}};
}

}  // namespace

TEST_CASE("An empty scope includes every feed", "[pipeline]") {
  CHECK(scope_includes(Scope{}, policy_feed()));
}

TEST_CASE("A tag scope includes feeds with that tag, in any case", "[pipeline]") {
  CHECK(scope_includes(Scope{"tag:policy"}, policy_feed()));
  CHECK(scope_includes(Scope{"tag:China"}, policy_feed()));
  CHECK_FALSE(scope_includes(Scope{"tag:markets"}, policy_feed()));
  CHECK_FALSE(scope_includes(Scope{"policy"}, policy_feed()));  // a tag needs its prefix
}

TEST_CASE("A name scope includes the configured name and the feed's own title", "[pipeline]") {
  CHECK(scope_includes(Scope{"Example News"}, policy_feed()));
  CHECK(scope_includes(Scope{"example news"}, policy_feed()));
  CHECK(scope_includes(Scope{"Example Wire"}, policy_feed()));
  CHECK_FALSE(scope_includes(Scope{"Other News"}, policy_feed()));
}

TEST_CASE("A URL scope includes the feed at that URL, however it is spelled", "[pipeline]") {
  CHECK(scope_includes(Scope{"https://www.example.com/rss.xml"}, policy_feed()));
  CHECK(scope_includes(Scope{"HTTPS://WWW.EXAMPLE.COM:443/rss.xml"}, policy_feed()));
  CHECK_FALSE(scope_includes(Scope{"https://www.example.com/other.xml"}, policy_feed()));
}

TEST_CASE("A scope includes a feed when any of its items does", "[pipeline]") {
  CHECK(scope_includes(Scope{"tag:markets", "Example News"}, policy_feed()));
}

TEST_CASE("The display title is the configured name, else the feed's own title", "[pipeline]") {
  FeedIdentity feed = policy_feed();
  CHECK(feed.display_title() == "Example News");
  feed.configured_name.reset();
  CHECK(feed.display_title() == "Example Wire");
  CHECK(feed.names() == std::vector<std::string_view>{"Example Wire"});
}
