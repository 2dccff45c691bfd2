// Tests of the alert groups of `group` and `digest` rules in the state store:
// windows (who joins, who opens a new one), digests, closing into the outbox
// in one transaction (the caller's, as the pipeline opens it), restarts (a
// new StateStore on the same file), overdue groups, "nothing twice" for
// grouped stories, and pruning. Simulated time.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "daemon/state/state_store.h"
#include "daemon/state/transaction.h"
#include "tests/state/state_test_support.h"

using namespace feedwatch::state;

namespace {

constexpr const char* kFeed = "https://news.example.org/rss.xml";
constexpr const char* kRule = "chips";
constexpr UnixSeconds kStart = 1'800'000'000;
constexpr UnixSeconds kTenMinutes = 600;

NewGroupMember window_member(const std::string& story, UnixSeconds joined_at, const std::string& rule = kRule) {
  NewGroupMember member;
  member.rule = rule;
  member.story_key = story;
  member.kind = GroupKind::kWindow;
  member.window_seconds = kTenMinutes;
  member.entry_json = R"({"id":")" + story + R"("})";
  member.feed_json = R"({"url":"https://news.example.org/rss.xml","title":"News"})";
  member.matched_json = R"(["chips"])";
  member.severity = "high";
  member.notifiers = {"archive", "console"};
  member.joined_at = joined_at;
  return member;
}

NewGroupMember digest_member(const std::string& story, UnixSeconds joined_at, UnixSeconds digest_at) {
  NewGroupMember member = window_member(story, joined_at);
  member.kind = GroupKind::kDigest;
  member.digest_at = digest_at;
  member.next_digest_at = digest_at + 86400;
  return member;
}

// Commits members as one fetch would, with their entries' seen marks.
void commit_members(StateStore& store, std::vector<NewGroupMember> members, UnixSeconds now) {
  FetchCommit commit;
  commit.feed_url = kFeed;
  for (const auto& member : members) commit.entries.push_back({member.story_key, "hash", member.story_key, ""});
  commit.now = now;
  commit.next_due = now + 900;
  commit.group_members = std::move(members);
  Status status = store.commit_fetch_result(commit);
  INFO(status.message());
  REQUIRE(status.ok());
}

// An alert named after its group (or `alert_id` when given), listing nothing.
NewAlert alert_for(const DueGroup& group, const std::string& alert_id) {
  std::string key = "group:" + std::to_string(group.opened_at);
  std::string id = alert_id.empty() ? "fw-" + group.rule + "-" + std::to_string(group.opened_at) : alert_id;
  return NewAlert{id, group.rule, key, R"({"entries":[]})", group.notifiers};
}

// Closes what is due at `now` as the pipeline does: one write transaction
// that reads the due groups and writes each one's alert with its close.
// Returns the groups closed; on error, none is.
Result<std::vector<DueGroup>> close_due(StateStore& store, UnixSeconds now, int member_limit = 100,
                                        const std::string& alert_id = "") {
  Result<Transaction> transaction = Transaction::begin(store.connection());
  if (!transaction.ok()) return transaction.status();
  Result<std::vector<DueGroup>> due = store.groups().due(now, member_limit);
  if (!due.ok()) return due.status();
  for (const DueGroup& group : due.value()) {
    Status written = store.write_group_alert(group.group_id, alert_for(group, alert_id), now);
    if (!written.ok()) return written;  // the transaction rolls back
  }
  Status committed = transaction.value().commit();
  if (!committed.ok()) return committed;
  return due;
}

std::int64_t close(StateStore& store, UnixSeconds now, std::vector<DueGroup>* closed = nullptr) {
  auto result = close_due(store, now);
  INFO(result.status().message());
  REQUIRE(result.ok());
  if (closed) closed->insert(closed->end(), result.value().begin(), result.value().end());
  return static_cast<std::int64_t>(result.value().size());
}

std::vector<std::string> stories(const DueGroup& group) {
  std::vector<std::string> keys;
  for (const auto& member : group.members) keys.push_back(member.story_key);
  return keys;
}

std::int64_t count_rows(StateStore& store, const std::string& sql) {
  auto statement = store.connection().prepare(sql);
  REQUIRE(statement.ok());
  REQUIRE(statement.value()->next_row().value());
  return statement.value()->column_int64(0);
}

}  // namespace

TEST_CASE("Matches within a window join it, one after its end opens a new window", "[state][group]") {
  TemporaryFolder folder;
  StateStore store = open_store(folder.path() / "state.db");
  UnixSeconds t = kStart;
  commit_members(store, {window_member("a", t)}, t);
  commit_members(store, {window_member("b", t + 300)}, t + 300);
  commit_members(store, {window_member("c", t + kTenMinutes - 1)}, t + kTenMinutes - 1);
  commit_members(store, {window_member("d", t + kTenMinutes + 1)}, t + kTenMinutes + 1);

  CHECK(store.groups().next_close_at().value() == std::optional<UnixSeconds>(t + kTenMinutes));
  std::vector<DueGroup> closed;
  CHECK(close(store, t + kTenMinutes - 1, &closed) == 0);  // not yet
  CHECK(close(store, t + kTenMinutes, &closed) == 1);
  REQUIRE(closed.size() == 1);
  CHECK(closed[0].opened_at == t);
  CHECK(closed[0].closes_at == t + kTenMinutes);
  CHECK(stories(closed[0]) == std::vector<std::string>{"a", "b", "c"});
  CHECK(closed[0].member_count == 3);
  CHECK(closed[0].notifiers == std::vector<std::string>{"archive", "console"});
  CHECK(closed[0].severity == "high");
  CHECK(closed[0].matched == std::vector<std::string>{"chips"});

  // "d" opened its own window at t+10m+1s.
  CHECK(store.groups().next_close_at().value() == std::optional<UnixSeconds>(t + 2 * kTenMinutes + 1));
  closed.clear();
  CHECK(close(store, t + 2 * kTenMinutes + 1, &closed) == 1);
  REQUIRE(closed.size() == 1);
  CHECK(stories(closed[0]) == std::vector<std::string>{"d"});
  CHECK_FALSE(store.groups().next_close_at().value());
}

TEST_CASE("A match exactly at a window's end opens the next window", "[state][group]") {
  TemporaryFolder folder;
  StateStore store = open_store(folder.path() / "state.db");
  commit_members(store, {window_member("a", kStart)}, kStart);
  commit_members(store, {window_member("b", kStart + kTenMinutes)}, kStart + kTenMinutes);
  std::vector<DueGroup> closed;
  CHECK(close(store, kStart + kTenMinutes, &closed) == 1);
  CHECK(stories(closed.at(0)) == std::vector<std::string>{"a"});
}

TEST_CASE("Closing queues one alert per due group and closes it in the same transaction", "[state][group]") {
  TemporaryFolder folder;
  StateStore store = open_store(folder.path() / "state.db");
  commit_members(store, {window_member("a", kStart), window_member("b", kStart)}, kStart);
  CHECK(close(store, kStart + kTenMinutes) == 1);
  auto alerts = store.outbox().list(10, false);
  REQUIRE(alerts.ok());
  REQUIRE(alerts.value().size() == 1);
  CHECK(alerts.value()[0].rule == kRule);
  CHECK(alerts.value()[0].deliveries.size() == 2);  // archive and console
  CHECK(close(store, kStart + 2 * kTenMinutes) == 0);  // nothing closes twice
  CHECK(count_rows(store, "SELECT count(*) FROM alerts") == 1);
}

TEST_CASE("A failed enqueue while closing leaves the group open and queues nothing", "[state][group]") {
  TemporaryFolder folder;
  StateStore store = open_store(folder.path() / "state.db");
  commit_members(store, {window_member("a", kStart)}, kStart);
  commit_members(store, {window_member("x", kStart, "other-rule")}, kStart);
  // The second alert reuses the first one's id for another rule: a conflict.
  CHECK_FALSE(close_due(store, kStart + kTenMinutes, 100, "fw-same").ok());
  CHECK(count_rows(store, "SELECT count(*) FROM alerts") == 0);
  CHECK(count_rows(store, "SELECT count(*) FROM alert_groups WHERE alert_id IS NULL") == 2);
  CHECK(close(store, kStart + kTenMinutes) == 2);  // a retry closes both
}

TEST_CASE("Groups survive a restart and overdue ones close on the next start", "[state][group]") {
  TemporaryFolder folder;
  auto path = folder.path() / "state.db";
  UnixSeconds digest_at = kStart + 3600;
  {
    StateStore store = open_store(path);
    commit_members(store, {window_member("a", kStart), digest_member("b", kStart, digest_at)}, kStart);
  }
  StateStore restarted = open_store(path);  // a day later
  CHECK(restarted.groups().next_close_at().value() == std::optional<UnixSeconds>(kStart + kTenMinutes));
  std::vector<DueGroup> closed;
  CHECK(close(restarted, kStart + 86400, &closed) == 2);
  REQUIRE(closed.size() == 2);
  CHECK(closed[0].kind == GroupKind::kWindow);
  CHECK(closed[1].kind == GroupKind::kDigest);
  CHECK(closed[1].closes_at == digest_at);
  CHECK(stories(closed[1]) == std::vector<std::string>{"b"});
}

TEST_CASE("A grouped story is a member once, and stays known after its group closed", "[state][group]") {
  TemporaryFolder folder;
  StateStore store = open_store(folder.path() / "state.db");
  commit_members(store, {window_member("a", kStart)}, kStart);
  commit_members(store, {window_member("a", kStart + 60)}, kStart + 60);  // from another feed, say
  CHECK(count_rows(store, "SELECT count(*) FROM group_members") == 1);
  CHECK(close(store, kStart + kTenMinutes) == 1);
  CHECK(store.groups().is_member(kRule, "a").value());
  CHECK_FALSE(store.groups().is_member("other-rule", "a").value());
  // A late duplicate neither joins nor opens an (empty) group.
  commit_members(store, {window_member("a", kStart + 2 * kTenMinutes)}, kStart + 2 * kTenMinutes);
  CHECK_FALSE(store.groups().next_close_at().value());
}

TEST_CASE("Digest members wait for their instant, one for a closed digest joins the next", "[state][group]") {
  TemporaryFolder folder;
  StateStore store = open_store(folder.path() / "state.db");
  UnixSeconds first = kStart + 3600;
  commit_members(store, {digest_member("a", kStart, first), digest_member("b", kStart + 10, first)}, kStart + 10);
  std::vector<DueGroup> closed;
  CHECK(close(store, first, &closed) == 1);
  CHECK(stories(closed.at(0)) == std::vector<std::string>{"a", "b"});
  // Processed just before the instant, committed just after the close.
  commit_members(store, {digest_member("c", first - 1, first)}, first + 1);
  CHECK(store.groups().next_close_at().value() == std::optional<UnixSeconds>(first + 86400));
  closed.clear();
  CHECK(close(store, first + 86400, &closed) == 1);
  CHECK(stories(closed.at(0)) == std::vector<std::string>{"c"});
}

TEST_CASE("Closing lists at most the limit of members but counts and unions all of them", "[state][group]") {
  TemporaryFolder folder;
  StateStore store = open_store(folder.path() / "state.db");
  std::vector<NewGroupMember> members;
  for (int i = 0; i < 7; ++i) {
    auto member = window_member("story-" + std::to_string(i), kStart + i);
    member.matched_json = i == 6 ? R"(["nvidia","chips"])" : R"(["chips"])";
    members.push_back(member);
  }
  commit_members(store, members, kStart);
  auto result = close_due(store, kStart + kTenMinutes, 3);
  REQUIRE(result.ok());
  const std::vector<DueGroup>& seen = result.value();
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].members.size() == 3);
  CHECK(seen[0].member_count == 7);
  CHECK(seen[0].matched == std::vector<std::string>{"chips", "nvidia"});
}

TEST_CASE("A window a late match would reopen at the same start opens just after instead", "[state][group]") {
  TemporaryFolder folder;
  StateStore store = open_store(folder.path() / "state.db");
  commit_members(store, {window_member("a", kStart)}, kStart);
  CHECK(close(store, kStart + kTenMinutes) == 1);
  commit_members(store, {window_member("b", kStart)}, kStart + kTenMinutes + 5);  // processed late
  std::vector<DueGroup> closed;
  CHECK(close(store, kStart + 2 * kTenMinutes + 1, &closed) == 1);
  CHECK(closed.at(0).opened_at == kStart + 1);
  CHECK(count_rows(store, "SELECT count(*) FROM alerts") == 2);
}

TEST_CASE("Pruning forgets closed groups older than the cutoff, never open ones", "[state][group]") {
  TemporaryFolder folder;
  StateStore store = open_store(folder.path() / "state.db");
  commit_members(store, {window_member("a", kStart)}, kStart);
  CHECK(close(store, kStart + kTenMinutes) == 1);
  commit_members(store, {window_member("b", kStart + kTenMinutes)}, kStart + kTenMinutes);
  CHECK(store.groups().prune(kStart + 100 * kTenMinutes).value() == 1);
  CHECK(count_rows(store, "SELECT count(*) FROM group_members") == 1);
  CHECK(store.groups().is_member(kRule, "b").value());
  CHECK_FALSE(store.groups().is_member(kRule, "a").value());
}
