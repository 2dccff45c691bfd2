// Acceptance tests of `group` and `digest` rules (SPEC §3, §5): the real
// binary, a feed on 127.0.0.1 and the `file` notifier. A short window closes
// on time in the running daemon and at the end of `once`; a digest that fell
// due while the daemon was down is sent after it starts.
#include <catch2/catch.hpp>

#include <csignal>
#include <thread>

#include "daemon/state/sqlite_connection.h"
#include "tests/e2e/e2e_support.h"

using namespace feedwatch::e2e;

namespace {




std::vector<std::string> listed_ids(const Json& alert) {
  std::vector<std::string> ids;
  for (const auto& entry : alert["entries"]) ids.push_back(entry["id"].get<std::string>());
  return ids;
}

// What a stopped daemon's state would hold had the clock moved on: the open
// digest's instant moved into the past, through SQLite, as a test fixture.
void move_open_digests_to(const fs::path& state, std::int64_t instant) {
  auto connection = feedwatch::state::Connection::open(state);
  REQUIRE(connection.ok());
  auto moved = connection.value().execute("UPDATE alert_groups SET closes_at = " + std::to_string(instant) +
                                          " WHERE kind = 'digest' AND alert_id IS NULL");
  INFO(moved.message());
  REQUIRE(moved.ok());
  REQUIRE(connection.value().changes() == 1);
}

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

TEST_CASE("A group: 2s rule sends one alert listing every match once its window ends", "[e2e][group]") {
  HttpTestServer server;
  LiveFeed feed("Trade Desk", {matching_item("g1"), matching_item("g2"), other_item("g3")});
  server.route("/feed.xml", feed.handler());
  Workspace workspace("group-window");
  workspace.write_config({.interval = "500ms", .first_fetch = "all", .feeds = {{server.url("/feed.xml")}},
                          .rule_extra_yaml = "group: 2s"});

  auto daemon = workspace.start_daemon();
  wait_for_start(*daemon);
  REQUIRE(wait_until([&] { return workspace.delivered().size() == 1; }, 8s));
  Json first = workspace.delivered().at(0);
  CHECK(first["rule"] == kRule);
  CHECK(first.contains("entries"));
  CHECK_FALSE(first.contains("entry"));
  CHECK(listed_ids(first) == std::vector<std::string>{"g1", "g2"});
  CHECK(first["entry_count"] == 2);
  CHECK(first["window"]["kind"] == "group");
  CHECK(first["entries"][0]["feed"]["url"] == server.url("/feed.xml"));

  // A later match opens a new window; the old stories do not come back.
  feed.add(matching_item("g4"));
  REQUIRE(wait_until([&] { return workspace.delivered().size() == 2; }, 8s));
  CHECK(listed_ids(workspace.delivered().at(1)) == std::vector<std::string>{"g4"});
  CHECK(workspace.delivered().at(1)["alert_id"] != first["alert_id"]);
  std::this_thread::sleep_for(2500ms);  // a whole window more: nothing else is sent
  CHECK(workspace.delivered().size() == 2);
  stop_daemon(*daemon);
}

TEST_CASE("once closes the groups that are due at the end of its cycle, across runs", "[e2e][group]") {
  HttpTestServer server;
  server.serve("/feed.xml", feed_response(rss("Trade Desk", {matching_item("o1"), matching_item("o2")})));
  Workspace workspace("group-once");
  workspace.write_config({.interval = "1s", .first_fetch = "all", .feeds = {{server.url("/feed.xml")}},
                          .rule_extra_yaml = "group: 2s"});

  workspace.once();
  CHECK(workspace.delivered().empty());  // the window is still open
  Json open = workspace.status()["groups"];
  REQUIRE(open.size() == 1);
  CHECK(open[0]["rule"] == kRule);
  CHECK(open[0]["kind"] == "group");
  CHECK(open[0]["matches"] == 2);
  std::this_thread::sleep_for(2100ms);
  workspace.once();
  auto delivered = workspace.delivered();
  REQUIRE(delivered.size() == 1);
  CHECK(listed_ids(delivered[0]) == std::vector<std::string>{"o1", "o2"});
  std::this_thread::sleep_for(2100ms);
  workspace.once();
  CHECK(workspace.delivered().size() == 1);  // nothing twice
  CHECK(workspace.status()["groups"].empty());
  auto outbox = workspace.outbox();
  REQUIRE(outbox.size() == 1);
  CHECK(outbox[0]["title"] == matching_item("o1").title + " (+1 more)");
}

TEST_CASE("A digest that fell due while the daemon was down is sent after it starts", "[e2e][group]") {
  HttpTestServer server;
  server.serve("/feed.xml", feed_response(rss("Trade Desk", {matching_item("d1"), other_item("d2")})));
  Workspace workspace("digest-overdue");
  workspace.write_config({.interval = "1h", .first_fetch = "all", .feeds = {{server.url("/feed.xml")}},
                          .rule_extra_yaml = "digest: \"weekly mon 08:00 America/New_York\""});

  workspace.once();  // the match waits for next Monday's digest
  CHECK(workspace.delivered().empty());
  std::int64_t instant = unix_now() - 60;
  move_open_digests_to(workspace.path() / "state.db", instant);

  auto daemon = workspace.start_daemon();
  wait_for_start(*daemon);
  REQUIRE(wait_until([&] { return workspace.delivered().size() == 1; }, 5s));
  Json digest = workspace.delivered().at(0);
  CHECK(listed_ids(digest) == std::vector<std::string>{"d1"});
  CHECK(digest["window"]["kind"] == "digest");
  stop_daemon(*daemon);
}

TEST_CASE("A digest in an unknown time zone keeps the daemon from starting, naming the rule", "[e2e][group]") {
  Workspace workspace("digest-bad-zone");
  workspace.write_config({.rule_extra_yaml = "digest: \"daily 08:00 Europe/Atlantis\""});
  auto result = workspace.feedwatch({"once"});
  CHECK(result.exit_code == 1);
  CHECK(contains(result.standard_error, "rules.yaml:6:13: rule chips: 'digest': unknown time zone 'Europe/Atlantis'"));
}
