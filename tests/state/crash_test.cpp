// SPEC §6 "nothing lost" under kill -9: a child process commits fetch results
// in a loop and is SIGKILLed at a random moment; the parent reopens the
// database and checks that every batch is there whole or not at all.
#include <catch2/catch.hpp>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <random>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "daemon/state/state_store.h"
#include "tests/state/state_test_support.h"

using namespace feedwatch::state;

namespace {


constexpr int kEntriesPerBatch = 20;
constexpr int kBatchLimit = 200'000;  // never reached: the child is killed first

// Batch `batch` of round `round`: 20 new entries, each firing one alert
// queued for two notifiers.
FetchCommit make_batch(int round, int batch) {
  std::string prefix = "r" + std::to_string(round) + "-b" + std::to_string(batch);
  FetchCommit commit;
  commit.feed_url = "https://feed-" + std::to_string(batch % 7) + ".example/rss";
  commit.now = 1000 + batch;
  commit.next_due = commit.now + 900;
  for (int index = 0; index < kEntriesPerBatch; ++index) {
    std::string key = prefix + "-e" + std::to_string(index);
    commit.entries.push_back({key, "hash", "story:" + key});
    commit.alerts.push_back({"fw-" + key, "rule", "story:" + key, "{}", {"slack", "mail"}});
  }
  return commit;
}

// Runs in the forked child: no Catch2 here, only _exit.
[[noreturn]] void commit_until_killed(const std::filesystem::path& path, int round) {
  Result<StateStore> store = StateStore::open(path);
  if (!store.ok()) _exit(2);
  for (int batch = 0; batch < kBatchLimit; ++batch) {
    if (!store.value().commit_fetch_result(make_batch(round, batch)).ok()) _exit(3);
  }
  _exit(0);
}

std::int64_t query_number(StateStore& store, const std::string& sql) {
  Result<CachedStatement> statement = store.connection().prepare(sql);
  REQUIRE(statement.ok());
  REQUIRE(statement.value()->next_row().value());
  return statement.value()->column_int64(0);
}

std::string query_text(StateStore& store, const std::string& sql) {
  Result<CachedStatement> statement = store.connection().prepare(sql);
  REQUIRE(statement.ok());
  REQUIRE(statement.value()->next_row().value());
  return statement.value()->column_text(0);
}

void kill_child_at_random(const std::filesystem::path& path, int round) {
  std::mt19937 random(std::random_device{}());
  std::uniform_int_distribution<int> delay_milliseconds(200, 700);
  pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) commit_until_killed(path, round);
  std::this_thread::sleep_for(std::chrono::milliseconds(delay_milliseconds(random)));
  REQUIRE(kill(child, SIGKILL) == 0);
  int wait_status = 0;
  REQUIRE(waitpid(child, &wait_status, 0) == child);
  INFO("child exit status " << wait_status);
  REQUIRE(WIFSIGNALED(wait_status));
}

// Whole batches only: every seen entry has its alert and both deliveries,
// every alert its seen entry, and each batch is all there or absent.
void check_whole_batches(StateStore& store) {
  CHECK(query_text(store, "PRAGMA integrity_check") == "ok");
  CHECK(query_number(store, "SELECT count(*) FROM seen_entries AS s WHERE NOT EXISTS"
                            " (SELECT 1 FROM alerts AS a WHERE a.rule = 'rule' AND a.story_key = s.story_key)") == 0);
  CHECK(query_number(store, "SELECT count(*) FROM alerts AS a WHERE NOT EXISTS"
                            " (SELECT 1 FROM seen_entries AS s WHERE s.story_key = a.story_key)") == 0);
  CHECK(query_number(store, "SELECT count(*) FROM alerts AS a WHERE"
                            " (SELECT count(*) FROM deliveries AS d WHERE d.alert_id = a.alert_id) <> 2") == 0);
  CHECK(query_number(store, "SELECT count(*) FROM (SELECT substr(entry_key, 1, instr(entry_key, '-e'))"
                            " AS batch FROM seen_entries GROUP BY batch HAVING count(*) <> 20)") == 0);
  CHECK(query_number(store, "SELECT sum(entries_seen) FROM feeds") ==
        query_number(store, "SELECT count(*) FROM seen_entries"));
}

}  // namespace

TEST_CASE("A store killed at a random moment keeps whole fetch results only", "[state]") {
  TemporaryFolder folder;
  std::filesystem::path path = folder.path() / "state.db";
  std::int64_t batches_before = 0;
  for (int round = 0; round < 3; ++round) {
    kill_child_at_random(path, round);
    StateStore store = open_store(path);
    check_whole_batches(store);
    std::int64_t batches = query_number(store, "SELECT count(*) FROM seen_entries") / kEntriesPerBatch;
    CHECK(batches > batches_before);  // the child made progress before it died
    batches_before = batches;
  }
}
