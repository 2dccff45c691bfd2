// A hidden micro-measure of the hot path (run it by name, it is not part of
// the suite): 10,000 fetch results of 50 entries each, one transaction per
// feed, then a seen lookup of every batch. The result is recorded in
// docs/state-schema.md.
//   state_tests "[.benchmark]" --durations yes
#include <catch2/catch.hpp>
#include <stdlib.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "daemon/state/state_store.h"
#include "tests/state/state_test_support.h"

using namespace feedwatch::state;

namespace {


constexpr int kFeeds = 10'000;
constexpr int kEntriesPerFeed = 50;

FetchCommit make_feed_result(int feed) {
  FetchCommit commit;
  commit.feed_url = "https://feed-" + std::to_string(feed) + ".example.org/rss.xml";
  commit.title = "Feed " + std::to_string(feed);
  commit.validators.etag = "\"" + std::to_string(feed) + "\"";
  commit.now = 1'700'000'000;
  commit.next_due = commit.now + 900;
  for (int index = 0; index < kEntriesPerFeed; ++index) {
    std::string link = "https://feed-" + std::to_string(feed) + ".example.org/article/" +
                       std::to_string(index);
    commit.entries.push_back({link, "0123456789abcdef", link});
  }
  // One feed in ten fires an alert, as a busy rule set might.
  if (feed % 10 == 0) {
    commit.alerts.push_back({"fw-" + std::to_string(feed), "rule", commit.entries[0].story_key,
                             R"({"version":1})", {"slack"}});
  }
  return commit;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

TEST_CASE("Committing 10000 fetch results of 50 entries takes seconds", "[.benchmark]") {
  TemporaryFolder folder;
  StateStore store = open_store(folder.path() / "state.db");
  std::vector<FetchCommit> results;
  for (int feed = 0; feed < kFeeds; ++feed) results.push_back(make_feed_result(feed));

  auto start = std::chrono::steady_clock::now();
  for (const FetchCommit& result : results) REQUIRE(store.commit_fetch_result(result).ok());
  double first_commits = seconds_since(start);

  start = std::chrono::steady_clock::now();
  for (const FetchCommit& result : results) REQUIRE(store.commit_fetch_result(result).ok());
  double repeat_commits = seconds_since(start);

  start = std::chrono::steady_clock::now();
  std::vector<std::string> keys;
  for (const FetchCommit& result : results) {
    keys.clear();
    for (const EntryMark& entry : result.entries) keys.push_back(entry.entry_key);
    REQUIRE(store.seen().lookup(result.feed_url, keys).ok());
  }
  double lookups = seconds_since(start);

  std::printf("10000 commits x 50 new entries: %.2f s (%.0f commits/s)\n", first_commits,
              kFeeds / first_commits);
  std::printf("10000 commits x 50 known entries: %.2f s (%.0f commits/s)\n", repeat_commits,
              kFeeds / repeat_commits);
  std::printf("10000 seen lookups of 50 keys: %.2f s\n", lookups);
  std::printf("database size: %.1f MiB\n",
              std::filesystem::file_size(folder.path() / "state.db") / 1048576.0);
}
