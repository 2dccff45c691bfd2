// Tests of FeedStates: validators, failure counters, disabling, redirects
// and the due-feeds query.
#include <catch2/catch.hpp>
#include <stdlib.h>

#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "daemon/state/state_store.h"
#include "tests/state/state_test_support.h"

using namespace feedwatch::state;

namespace {



constexpr const char* kFeed = "https://news.example.org/rss.xml";

FeedState load(StateStore& store, const std::string& url = kFeed) {
  Result<std::optional<FeedState>> feed = store.feeds().load(url);
  REQUIRE(feed.ok());
  REQUIRE(feed.value().has_value());
  return *feed.value();
}

}  // namespace

TEST_CASE("A feed's first successful fetch stores validators and marks the first fetch done",
          "[state]") {
  TemporaryFolder folder;
  StateStore store = open_store(folder.path() / "state.db");
  CHECK_FALSE(store.feeds().load(kFeed).value().has_value());
  REQUIRE(store.feeds().record_fetch_success(kFeed, {"\"v1\"", "Mon, 01 Jan 2024 00:00:00 GMT"},
                                             "Example", 100, 1000).ok());
  FeedState feed = load(store);
  CHECK(feed.validators.etag == "\"v1\"");
  CHECK(feed.validators.last_modified == "Mon, 01 Jan 2024 00:00:00 GMT");
  CHECK(feed.title == "Example");
  CHECK(feed.last_attempt == 100);
  CHECK(feed.last_success == 100);
  CHECK(feed.next_due == 1000);
  CHECK(feed.first_fetch_done);
}

TEST_CASE("A success without validators clears the old ones but keeps the title", "[state]") {
  TemporaryFolder folder;
  StateStore store = open_store(folder.path() / "state.db");
  REQUIRE(store.feeds().record_fetch_success(kFeed, {"\"v1\"", "x"}, "Example", 100, 200).ok());
  REQUIRE(store.feeds().record_fetch_success(kFeed, {}, std::nullopt, 200, 300).ok());
  FeedState feed = load(store);
  CHECK_FALSE(feed.validators.etag.has_value());
  CHECK_FALSE(feed.validators.last_modified.has_value());
  CHECK(feed.title == "Example");
}

TEST_CASE("Each failure increments consecutive failures and a success resets them", "[state]") {
  TemporaryFolder folder;
  StateStore store = open_store(folder.path() / "state.db");
  REQUIRE(store.feeds().record_fetch_failure(kFeed, "timeout after 30s", 100, 160).ok());
  REQUIRE(store.feeds().record_fetch_failure(kFeed, "HTTP 503", 160, 280).ok());
  FeedState failing = load(store);
  CHECK(failing.consecutive_failures == 2);
  CHECK(failing.last_error == "HTTP 503");
  CHECK(failing.last_attempt == 160);
  CHECK_FALSE(failing.last_success.has_value());
  CHECK_FALSE(failing.first_fetch_done);

  REQUIRE(store.feeds().record_fetch_success(kFeed, {}, "Example", 280, 1180).ok());
  FeedState recovered = load(store);
  CHECK(recovered.consecutive_failures == 0);
  CHECK_FALSE(recovered.last_error.has_value());
}

TEST_CASE("A not-modified response keeps the validators and clears the error", "[state]") {
  TemporaryFolder folder;
  StateStore store = open_store(folder.path() / "state.db");
  REQUIRE(store.feeds().record_fetch_success(kFeed, {"\"v1\"", std::nullopt}, "E", 100, 200).ok());
  REQUIRE(store.feeds().record_fetch_failure(kFeed, "connection refused", 200, 260).ok());
  REQUIRE(store.feeds().record_not_modified(kFeed, 260, 1160).ok());
  FeedState feed = load(store);
  CHECK(feed.validators.etag == "\"v1\"");
  CHECK(feed.last_success == 260);
  CHECK(feed.last_entries_at == 100);  // a 304 carries no entries
  CHECK(feed.consecutive_failures == 0);
  CHECK_FALSE(feed.last_error.has_value());
  CHECK(feed.next_due == 1160);
}

TEST_CASE("A disabled feed is never due until enabled", "[state]") {
  TemporaryFolder folder;
  StateStore store = open_store(folder.path() / "state.db");
  REQUIRE(store.feeds().ensure(kFeed, 0).ok());
  REQUIRE(store.feeds().disable(kFeed, "410 Gone", 50).ok());
  FeedState feed = load(store);
  CHECK(feed.disabled());
  CHECK(feed.disabled_reason == "410 Gone");
  CHECK(feed.disabled_at == 50);
  CHECK(store.feeds().due_feeds(1'000'000).value().empty());

  REQUIRE(store.feeds().enable(kFeed, 60).ok());
  CHECK_FALSE(load(store).disabled());
  CHECK(store.feeds().due_feeds(60).value() == std::vector<std::string>{kFeed});
}

TEST_CASE("A permanent redirect is remembered for status", "[state]") {
  TemporaryFolder folder;
  StateStore store = open_store(folder.path() / "state.db");
  REQUIRE(store.feeds().record_permanent_redirect(kFeed, "https://new.example.org/rss").ok());
  CHECK(load(store).permanent_redirect == "https://new.example.org/rss");
}

TEST_CASE("Due feeds are the enabled ones whose time has come, soonest first", "[state]") {
  TemporaryFolder folder;
  StateStore store = open_store(folder.path() / "state.db");
  REQUIRE(store.feeds().ensure("https://c.example/feed", 30).ok());
  REQUIRE(store.feeds().ensure("https://a.example/feed", 20).ok());
  REQUIRE(store.feeds().ensure("https://b.example/feed", 10).ok());
  REQUIRE(store.feeds().ensure("https://b.example/feed", 99).ok());  // keeps the existing row
  REQUIRE(store.feeds().ensure("https://later.example/feed", 50).ok());
  CHECK(store.feeds().due_feeds(30).value() ==
        std::vector<std::string>{"https://b.example/feed", "https://a.example/feed",
                                 "https://c.example/feed"});
  CHECK(store.feeds().load_all().value().size() == 4);
}

TEST_CASE("Removing a feed forgets its seen entries", "[state]") {
  TemporaryFolder folder;
  StateStore store = open_store(folder.path() / "state.db");
  FetchCommit commit{kFeed, "E", {}, {{"e1", "h1", "s1"}}, {}, 100, 200};
  REQUIRE(store.commit_fetch_result(commit).ok());
  REQUIRE(store.feeds().remove(kFeed).ok());
  CHECK(store.feeds().load_all().value().empty());
  std::vector<std::string> keys = {"e1"};
  CHECK_FALSE(store.seen().lookup(kFeed, keys).value()[0].has_value());
}
