// Tests of SeenEntries: telling new, unchanged and edited entries apart,
// counting them, and pruning only what has left its feed.
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
constexpr const char* kOtherFeed = "https://other.example.org/atom.xml";

FetchCommit commit_of(const std::string& url, std::vector<EntryMark> entries, UnixSeconds now) {
  return FetchCommit{url, std::nullopt, {}, std::move(entries), {}, now, now + 900};
}

}  // namespace

TEST_CASE("Looking up entries tells new, unchanged and edited entries apart", "[state]") {
  TemporaryFolder folder;
  StateStore store = open_store(folder.path() / "state.db");
  REQUIRE(store.commit_fetch_result(
      commit_of(kFeed, {{"a", "hash-a", "story-a"}, {"b", "hash-b", "story-b"}}, 100)).ok());

  std::vector<std::string> keys = {"a", "b", "c"};
  std::vector<std::optional<SeenMark>> marks = store.seen().lookup(kFeed, keys).value();
  REQUIRE(marks.size() == 3);
  CHECK(marks[0]->content_hash == "hash-a");  // the caller compares: unchanged if equal
  CHECK(marks[1]->story_key == "story-b");
  CHECK_FALSE(marks[2].has_value());  // new
}

TEST_CASE("An edited entry's new hash replaces the old one and keeps its first sighting",
          "[state]") {
  TemporaryFolder folder;
  StateStore store = open_store(folder.path() / "state.db");
  REQUIRE(store.commit_fetch_result(commit_of(kFeed, {{"a", "hash-1", "story-a"}}, 100)).ok());
  REQUIRE(store.commit_fetch_result(commit_of(kFeed, {{"a", "hash-2", "story-a"}}, 200)).ok());

  std::vector<std::string> keys = {"a"};
  CHECK(store.seen().lookup(kFeed, keys).value()[0]->content_hash == "hash-2");
  Result<CachedStatement> times = store.connection().prepare(
      "SELECT first_seen, last_seen FROM seen_entries WHERE entry_key = 'a'");
  REQUIRE(times.value()->next_row().value());
  CHECK(times.value()->column_int64(0) == 100);
  CHECK(times.value()->column_int64(1) == 200);
}

TEST_CASE("Entries seen in one feed are unseen in another", "[state]") {
  TemporaryFolder folder;
  StateStore store = open_store(folder.path() / "state.db");
  REQUIRE(store.commit_fetch_result(commit_of(kFeed, {{"a", "h", "s"}}, 100)).ok());
  std::vector<std::string> keys = {"a"};
  CHECK_FALSE(store.seen().lookup(kOtherFeed, keys).value()[0].has_value());
}

TEST_CASE("entries_seen counts each distinct entry once", "[state]") {
  TemporaryFolder folder;
  StateStore store = open_store(folder.path() / "state.db");
  REQUIRE(store.commit_fetch_result(commit_of(kFeed, {{"a", "h", "s"}, {"b", "h", "s"}}, 100)).ok());
  REQUIRE(store.commit_fetch_result(commit_of(kFeed, {{"b", "h2", "s"}, {"c", "h", "s"}}, 200)).ok());
  CHECK(store.feeds().load(kFeed).value()->entries_seen == 3);
}

TEST_CASE("Pruning forgets old entries that left their feed and keeps those still in it",
          "[state]") {
  TemporaryFolder folder;
  StateStore store = open_store(folder.path() / "state.db");
  // "old" and "kept" arrive at 100; at 200 only "kept" is still in the feed.
  REQUIRE(store.commit_fetch_result(commit_of(kFeed, {{"old", "h", "s1"}, {"kept", "h", "s2"}}, 100)).ok());
  REQUIRE(store.commit_fetch_result(commit_of(kFeed, {{"kept", "h", "s2"}}, 200)).ok());
  // A feed whose body has not changed for long: its entries stay.
  REQUIRE(store.commit_fetch_result(commit_of(kOtherFeed, {{"stale", "h", "s3"}}, 100)).ok());
  REQUIRE(store.feeds().record_not_modified(kOtherFeed, 5000, 6000).ok());

  CHECK(store.seen().prune(5000).value() == 1);
  std::vector<std::string> keys = {"old", "kept"};
  std::vector<std::optional<SeenMark>> marks = store.seen().lookup(kFeed, keys).value();
  CHECK_FALSE(marks[0].has_value());
  CHECK(marks[1].has_value());
  std::vector<std::string> stale = {"stale"};
  CHECK(store.seen().lookup(kOtherFeed, stale).value()[0].has_value());
  CHECK(store.feeds().load(kFeed).value()->entries_seen == 2);  // a lifetime count
}

TEST_CASE("Pruning keeps entries seen since the cut-off", "[state]") {
  TemporaryFolder folder;
  StateStore store = open_store(folder.path() / "state.db");
  REQUIRE(store.commit_fetch_result(commit_of(kFeed, {{"a", "h", "s"}}, 100)).ok());
  REQUIRE(store.commit_fetch_result(commit_of(kFeed, {}, 200)).ok());
  CHECK(store.seen().prune(100).value() == 0);
  CHECK(store.seen().prune(101).value() == 1);
}

TEST_CASE("A story seen in another feed is found within the window", "[state]") {
  TemporaryFolder folder;
  StateStore store = open_store(folder.path() / "state.db");
  REQUIRE(store.commit_fetch_result(commit_of(kFeed, {{"a", "h", "https://x/story"}}, 100)).ok());
  CHECK(store.seen().story_seen_elsewhere("https://x/story", kOtherFeed, 50).value());
  CHECK_FALSE(store.seen().story_seen_elsewhere("https://x/story", kOtherFeed, 101).value());
  CHECK_FALSE(store.seen().story_seen_elsewhere("https://x/story", kFeed, 50).value());
}

TEST_CASE("Looking up a batch of 500 entries returns one answer per key", "[state]") {
  TemporaryFolder folder;
  StateStore store = open_store(folder.path() / "state.db");
  std::vector<EntryMark> entries;
  std::vector<std::string> keys;
  for (int index = 0; index < 500; ++index) {
    keys.push_back("entry-" + std::to_string(index));
    if (index % 2 == 0) entries.push_back({keys.back(), "h", "s" + std::to_string(index)});
  }
  REQUIRE(store.commit_fetch_result(commit_of(kFeed, entries, 100)).ok());
  std::vector<std::optional<SeenMark>> marks = store.seen().lookup(kFeed, keys).value();
  REQUIRE(marks.size() == 500);
  for (int index = 0; index < 500; ++index) CHECK(marks[index].has_value() == (index % 2 == 0));
}
