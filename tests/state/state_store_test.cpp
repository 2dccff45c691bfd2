// Tests of StateStore: opening (WAL, errors naming the path) and the
// all-or-nothing commit of a fetch result (SPEC §6 "nothing lost").
#include <catch2/catch.hpp>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>
#include <thread>

#include "daemon/state/state_store.h"
#include "tests/state/state_test_support.h"

using namespace feedwatch::state;

namespace {



std::string pragma_text(StateStore& store, const std::string& pragma) {
  Result<CachedStatement> statement = store.connection().prepare("PRAGMA " + pragma);
  REQUIRE(statement.ok());
  REQUIRE(statement.value()->next_row().value());
  return statement.value()->column_text(0);
}

std::int64_t count(StateStore& store, const std::string& table) {
  Result<CachedStatement> statement = store.connection().prepare("SELECT count(*) FROM " + table);
  REQUIRE(statement.ok());
  REQUIRE(statement.value()->next_row().value());
  return statement.value()->column_int64(0);
}

constexpr const char* kFeed = "https://news.example.org/rss.xml";

NewAlert make_alert(const std::string& id, const std::string& story) {
  return {id, "chip-export-controls", story, R"({"version":1})", {"policy-slack", "analyst-mail"}};
}

FetchCommit make_commit() {
  FetchCommit commit;
  commit.feed_url = kFeed;
  commit.title = "Example News";
  commit.validators = {"\"etag-1\"", "Sat, 22 Feb 2025 09:30:00 GMT"};
  commit.entries = {{"entry-1", "hash-1", "https://news.example.org/a/1"},
                    {"entry-2", "hash-2", "https://news.example.org/a/2"}};
  commit.alerts = {make_alert("fw-1", "https://news.example.org/a/1")};
  commit.now = 1000;
  commit.next_due = 1900;
  return commit;
}

}  // namespace

TEST_CASE("Opening creates the database in WAL mode with foreign keys on", "[state]") {
  TemporaryFolder folder;
  StateStore store = open_store(folder.path() / "state.db");
  CHECK(pragma_text(store, "journal_mode") == "wal");
  CHECK(pragma_text(store, "synchronous") == "1");  // NORMAL
  CHECK(pragma_text(store, "foreign_keys") == "1");
  CHECK(pragma_text(store, "busy_timeout") == "5000");
  CHECK(std::filesystem::exists(folder.path() / "state.db"));
}

TEST_CASE("Opening waits for another process's lock on a new file instead of failing", "[state]") {
  TemporaryFolder folder;
  std::filesystem::path path = folder.path() / "state.db";
  Result<Connection> other = Connection::open(path);  // as `feedwatch alerts` would, a moment earlier
  REQUIRE(other.ok());
  REQUIRE(other.value().execute("BEGIN EXCLUSIVE").ok());
  bool released = false;  // Catch2's assertions are for the test's own thread
  std::thread release([&other, &released] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    released = other.value().execute("COMMIT").ok();
  });
  Result<StateStore> store = StateStore::open(path);
  release.join();
  CHECK(released);
  INFO(store.status().message());
  CHECK(store.ok());
}

TEST_CASE("Opening in a missing folder fails naming the folder and creates nothing", "[state]") {
  TemporaryFolder folder;
  std::filesystem::path missing = folder.path() / "no-such-folder";
  Result<StateStore> store = StateStore::open(missing / "state.db");
  REQUIRE_FALSE(store.ok());
  CHECK(store.status().code() == StatusCode::kNotFound);
  CHECK_THAT(store.status().message(), Catch::Contains(missing.string()));
  CHECK_FALSE(std::filesystem::exists(missing));
}

TEST_CASE("Opening a file that is not a database fails naming the file", "[state]") {
  TemporaryFolder folder;
  std::filesystem::path path = folder.path() / "notes.txt";
  std::ofstream(path) << "this is not an SQLite database, just some text long enough\n";
  Result<StateStore> store = StateStore::open(path);
  REQUIRE_FALSE(store.ok());
  CHECK_THAT(store.status().message(), Catch::Contains(path.string()) &&
                                           Catch::Contains("not a database"));
}

TEST_CASE("A committed fetch result marks entries seen, queues alerts and updates the feed",
          "[state]") {
  TemporaryFolder folder;
  StateStore store = open_store(folder.path() / "state.db");
  REQUIRE(store.commit_fetch_result(make_commit()).ok());

  FeedState feed = store.feeds().load(kFeed).value().value();
  CHECK(feed.title == "Example News");
  CHECK(feed.validators.etag == "\"etag-1\"");
  CHECK(feed.last_success == 1000);
  CHECK(feed.next_due == 1900);
  CHECK(feed.entries_seen == 2);
  CHECK(feed.first_fetch_done);
  CHECK(count(store, "seen_entries") == 2);
  CHECK(store.outbox().alert_exists("chip-export-controls", "https://news.example.org/a/1").value());
  CHECK(store.outbox().due(1000, 10).value().size() == 2);
}

TEST_CASE("A fetch result whose alert id belongs to another story is written not at all",
          "[state]") {
  TemporaryFolder folder;
  StateStore store = open_store(folder.path() / "state.db");
  REQUIRE(store.commit_fetch_result(make_commit()).ok());

  FetchCommit conflicting = make_commit();
  conflicting.feed_url = "https://other.example.org/atom.xml";
  conflicting.entries = {{"other-1", "hash-9", "https://other.example.org/x"}};
  conflicting.alerts = {make_alert("fw-2", "https://other.example.org/x"),
                        make_alert("fw-1", "https://other.example.org/y")};  // fw-1 is taken
  Status status = store.commit_fetch_result(conflicting);
  CHECK(status.code() == StatusCode::kConflict);
  CHECK_THAT(status.message(), Catch::Contains("fw-1"));

  // Neither the feed row, nor the seen mark, nor the first alert was kept.
  CHECK_FALSE(store.feeds().load(conflicting.feed_url).value().has_value());
  CHECK(count(store, "seen_entries") == 2);
  CHECK(count(store, "alerts") == 1);
  CHECK(count(store, "deliveries") == 2);
}

TEST_CASE("A fetch result with an invalid alert payload is written not at all", "[state]") {
  TemporaryFolder folder;
  StateStore store = open_store(folder.path() / "state.db");
  FetchCommit commit = make_commit();
  commit.alerts.push_back(make_alert("fw-broken", "https://news.example.org/a/2"));
  commit.alerts.back().payload_json = "{not json";
  CHECK_FALSE(store.commit_fetch_result(commit).ok());
  CHECK(count(store, "feeds") == 0);
  CHECK(count(store, "seen_entries") == 0);
  CHECK(count(store, "alerts") == 0);
  CHECK(count(store, "deliveries") == 0);
  CHECK_FALSE(store.connection().in_transaction());
}

TEST_CASE("Committing the same fetch result twice queues each alert once", "[state]") {
  TemporaryFolder folder;
  StateStore store = open_store(folder.path() / "state.db");
  REQUIRE(store.commit_fetch_result(make_commit()).ok());
  REQUIRE(store.outbox().mark_delivered("fw-1", "policy-slack", 1001).ok());
  FetchCommit again = make_commit();
  again.now = 2000;
  REQUIRE(store.commit_fetch_result(again).ok());

  CHECK(count(store, "alerts") == 1);
  CHECK(count(store, "deliveries") == 2);
  CHECK(store.outbox().due(2000, 10).value().size() == 1);  // the delivered one stays delivered
  CHECK(store.feeds().load(kFeed).value()->entries_seen == 2);
}

TEST_CASE("A second alert for the same rule and story under another id is a conflict",
          "[state]") {
  TemporaryFolder folder;
  StateStore store = open_store(folder.path() / "state.db");
  REQUIRE(store.commit_fetch_result(make_commit()).ok());
  FetchCommit duplicate = make_commit();
  duplicate.alerts = {make_alert("fw-other-id", "https://news.example.org/a/1")};
  CHECK(store.commit_fetch_result(duplicate).code() == StatusCode::kConflict);
  CHECK(count(store, "alerts") == 1);
}

TEST_CASE("A moved store keeps working", "[state]") {
  TemporaryFolder folder;
  StateStore first = open_store(folder.path() / "state.db");
  StateStore moved = std::move(first);
  REQUIRE(moved.commit_fetch_result(make_commit()).ok());
  CHECK(moved.feeds().load_all().value().size() == 1);
}
