// StorySightings keeps each sighting's encoded text as exact bytes (a BLOB,
// NUL bytes included) with its index keys, and the key lookup hands the text
// back with candidates that share any one key at the same position — never
// from the entry's own feed, never before the window.
#include <catch2/catch.hpp>

#include <string>

#include "daemon/state/transaction.h"
#include "tests/state/state_test_support.h"

using namespace feedwatch::state;

namespace {

std::vector<std::int64_t> keys_with(std::size_t position, std::int64_t value) {
  std::vector<std::int64_t> keys(StorySightings::kIndexKeys, 0);
  keys[position] = value;
  return keys;
}

FetchCommit commit_with_sighting(const std::string& feed_url, const std::string& text,
                                 std::vector<std::int64_t> keys) {
  FetchCommit commit;
  commit.feed_url = feed_url;
  commit.now = 1'700'000'000;
  commit.next_due = commit.now + 900;
  commit.entries.push_back({"entry-1", "0123456789abcdef", "https://a.example/1"});
  commit.sightings.push_back(
      {"entry-1", "https://a.example/1", "https://a.example/1", commit.now, text, std::move(keys)});
  return commit;
}

}  // namespace

TEST_CASE("A sighting's text comes back byte for byte with a candidate sharing one key", "[state][sightings]") {
  TemporaryFolder folder;
  StateStore store = open_store(folder.path() / "state.db");
  std::string text("\x02\x01\x00\x00\xff\x7f\x00\x80\x10\x20", 10);
  std::vector<std::int64_t> keys = keys_with(5, 42);
  keys[0] = -7;
  REQUIRE(store.commit_fetch_result(commit_with_sighting("https://a.example/rss", text, keys)).ok());

  auto found = store.sightings().sharing_a_key("https://b.example/rss", keys_with(5, 42), 0);
  REQUIRE(found.ok());
  REQUIRE(found.value().size() == 1);
  CHECK(found.value()[0].text == text);
  CHECK(found.value()[0].story_key == "https://a.example/1");
  CHECK(store.sightings().sharing_a_key("https://b.example/rss", keys_with(0, -7), 0).value().size() == 1);

  // The same value at another position is another key; 0 is no key.
  CHECK(store.sightings().sharing_a_key("https://b.example/rss", keys_with(6, 42), 0).value().empty());
  CHECK(store.sightings().sharing_a_key("https://b.example/rss", keys_with(1, 0), 0).value().empty());
  // Not offered to its own feed, nor before the window.
  CHECK(store.sightings().sharing_a_key("https://a.example/rss", keys_with(5, 42), 0).value().empty());
  CHECK(store.sightings().sharing_a_key("https://b.example/rss", keys_with(5, 42), 1'800'000'000).value().empty());
}

TEST_CASE("A sighting without text has no keys and is found only by its own key", "[state][sightings]") {
  TemporaryFolder folder;
  StateStore store = open_store(folder.path() / "state.db");
  REQUIRE(store.commit_fetch_result(commit_with_sighting("https://a.example/rss", "", {})).ok());
  auto same_key = store.sightings().with_own_key("https://b.example/rss", "https://a.example/1");
  REQUIRE(same_key.ok());
  REQUIRE(same_key.value().size() == 1);
  CHECK(same_key.value()[0].text.empty());
  CHECK_FALSE(same_key.value()[0].same_feed);
  CHECK(store.sightings().with_own_key("https://a.example/rss", "https://a.example/1").value()[0].same_feed);
}

TEST_CASE("The key lookup is answered by index seeks, not a scan", "[state][sightings]") {
  TemporaryFolder folder;
  StateStore store = open_store(folder.path() / "state.db");
  auto plan = store.connection().prepare(
      "EXPLAIN QUERY PLAN SELECT story_key FROM story_sightings WHERE key0 = 1 OR key7 = 2 OR key18 = 3");
  REQUIRE(plan.ok());
  std::string details;
  while (plan.value()->next_row().value()) details += plan.value()->column_text(3) + "\n";
  INFO(details);
  CHECK(details.find("SCAN story_sightings") == std::string::npos);
  CHECK(details.find("story_sightings_key7") != std::string::npos);
}

TEST_CASE("Merged stories: the sightings and seen marks of one become the other's", "[state][sightings]") {
  TemporaryFolder folder;
  StateStore store = open_store(folder.path() / "state.db");
  // The sighting's story is its own link, https://a.example/1.
  REQUIRE(store.commit_fetch_result(commit_with_sighting("https://a.example/rss", "text", keys_with(3, 9))).ok());
  Result<Transaction> transaction = Transaction::begin(store.connection());
  REQUIRE(transaction.ok());
  REQUIRE(store.merge_stories("https://a.example/1", "story-first", 1'600'000'000, 0.9).ok());
  REQUIRE(transaction.value().commit().ok());
  auto found = store.sightings().sharing_a_key("https://b.example/rss", keys_with(3, 9), 0);
  REQUIRE(found.ok());
  REQUIRE(found.value().size() == 1);
  CHECK(found.value()[0].story_key == "story-first");
  CHECK(found.value()[0].story_since == 1'600'000'000);
  auto marks = store.seen().lookup("https://a.example/rss", std::vector<std::string>{"entry-1"});
  REQUIRE(marks.ok());
  REQUIRE(marks.value()[0]);
  CHECK(marks.value()[0]->story_key == "story-first");
}

TEST_CASE("A key held by more sightings than kHotKey finds nothing, the entry's other keys still do",
          "[state][sightings]") {
  TemporaryFolder folder;
  StateStore store = open_store(folder.path() / "state.db");
  auto stored = [&store](std::size_t count, std::int64_t band, const std::string& prefix) {
    FetchCommit commit = commit_with_sighting("https://a.example/rss", "text", keys_with(5, band));
    commit.entries.clear();
    commit.sightings.clear();
    for (std::size_t i = 0; i < count; ++i) {
      std::string key = prefix + std::to_string(i);
      commit.entries.push_back({key, "0123456789abcdef", "https://a.example/" + key});
      std::vector<std::int64_t> keys = keys_with(5, band);
      keys[1] = band * 1000 + static_cast<std::int64_t>(i);  // each its own opening
      commit.sightings.push_back({key, "https://a.example/" + key, "story-" + key, commit.now, "text", keys});
    }
    REQUIRE(store.commit_fetch_result(commit).ok());
  };
  stored(StorySightings::kHotKey, 7, "warm-");
  stored(StorySightings::kHotKey + 1, 8, "hot-");
  auto found = [&store](std::int64_t band, std::int64_t opening) {
    std::vector<std::int64_t> keys = keys_with(5, band);
    keys[1] = opening;
    return store.sightings().sharing_a_key("https://b.example/rss", keys, 0).value().size();
  };
  CHECK(found(7, 0) == static_cast<std::size_t>(StorySightings::kHotKey));
  CHECK(found(8, 0) == 0);
  CHECK(found(8, 8000) == 1);  // the hot band is left out, the opening key still probed
}
