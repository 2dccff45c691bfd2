// Acceptance tests of SPEC §6 "Prompt": a feed never fetched before is
// fetched within a minute of start-up or of the reload that adds it,
// whatever its interval, while a feed fetched before keeps its schedule.
// The real binary, feeds on 127.0.0.1 and the `file` notifier.
#include <catch2/catch.hpp>

#include <csignal>
#include <thread>

#include "daemon/state/state_store.h"
#include "tests/e2e/e2e_support.h"

using namespace feedwatch::e2e;

namespace {

// SPEC §6's bound, measured up to the delivered alert: it also covers any
// time the daemon holds a new alert for copies from other feeds.
constexpr auto kPrompt = 60s;




bool delivered_entry(const Workspace& workspace, const std::string& id) {
  for (const auto& alert : workspace.delivered()) {
    if (alert["entry"]["id"] == id) return true;
  }
  return false;
}

// Seconds from `since` until the alert for entry `id` is delivered, or
// nullopt if it is not delivered within kPrompt.
std::optional<double> seconds_until_delivered(const Workspace& workspace, const std::string& id,
                                              Clock::time_point since) {
  if (!wait_until([&] { return delivered_entry(workspace, id); }, kPrompt)) return std::nullopt;
  return std::chrono::duration<double>(Clock::now() - since).count();
}

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

TEST_CASE("A new feed with an hourly interval alerts within a minute of start-up", "[e2e][first-fetch]") {
  HttpTestServer server;
  server.route("/hourly.xml", LiveFeed("Hourly Desk", {matching_item("p1")}).handler());
  Workspace workspace("first-fetch-start");
  workspace.write_config({.first_fetch = "all", .feeds = {{server.url("/hourly.xml"), "interval: 1h"}}});

  auto started = Clock::now();
  auto daemon = workspace.start_daemon();
  wait_for_start(*daemon);
  auto took = seconds_until_delivered(workspace, "p1", started);
  stop_daemon(*daemon);

  INFO("daemon stderr:\n" << daemon->standard_error());
  REQUIRE(took.has_value());
  CHECK(*took < 60.0);
  CHECK(server.request_count("/hourly.xml") == 1);  // and then not again for an hour
}

TEST_CASE("A feed with an hourly interval added by SIGHUP alerts within a minute of the reload",
          "[e2e][first-fetch]") {
  HttpTestServer server;
  server.route("/first.xml", LiveFeed("First Desk", {matching_item("q1")}).handler());
  server.route("/added.xml", LiveFeed("Added Desk", {matching_item("q-added")}).handler());
  Workspace workspace("first-fetch-reload");
  Settings settings{.first_fetch = "all", .feeds = {{server.url("/first.xml")}}};
  workspace.write_config(settings);

  auto daemon = workspace.start_daemon();
  wait_for_start(*daemon);
  REQUIRE(seconds_until_delivered(workspace, "q1", Clock::now()).has_value());

  settings.feeds.push_back({server.url("/added.xml"), "interval: 1h"});
  workspace.write_config(settings);
  auto signalled = Clock::now();
  daemon->send_signal(SIGHUP);
  auto took = seconds_until_delivered(workspace, "q-added", signalled);
  stop_daemon(*daemon);

  INFO("daemon stderr:\n" << daemon->standard_error());
  CHECK(contains(daemon->standard_error(), "configuration reloaded: 2 feeds"));
  REQUIRE(took.has_value());
  CHECK(*took < 60.0);
  CHECK(server.request_count("/added.xml") == 1);
}

TEST_CASE("On restart a feed fetched before keeps its next due time and one whose row was never fetched is "
          "fetched at once",
          "[e2e][first-fetch]") {
  HttpTestServer server;
  server.route("/known.xml", LiveFeed("Known Desk", {matching_item("r-known")}).handler());
  server.route("/recorded.xml", LiveFeed("Recorded Desk", {matching_item("r-recorded")}).handler());
  Workspace workspace("first-fetch-restart");
  Settings settings{.first_fetch = "all", .feeds = {{server.url("/known.xml"), "interval: 1h"}}};
  workspace.write_config(settings);
  workspace.once();  // the known feed is fetched and due again in an hour
  REQUIRE(server.request_count("/known.xml") == 1);
  {
    // A row for a feed whose first fetch never happened, due in an hour.
    auto store = feedwatch::state::StateStore::open(workspace.path() / "state.db");
    REQUIRE(store.ok());
    REQUIRE(store.value().feeds().ensure(server.url("/recorded.xml"), unix_now() + 3600).ok());
  }
  settings.feeds.push_back({server.url("/recorded.xml"), "interval: 1h"});
  workspace.write_config(settings);

  auto started = Clock::now();
  auto daemon = workspace.start_daemon();
  wait_for_start(*daemon);
  auto took = seconds_until_delivered(workspace, "r-recorded", started);
  // New feeds are due within seconds of start-up: by now the known feed
  // would have been fetched too, had it been taken for a new one.
  std::this_thread::sleep_until(started + 8s);
  std::size_t known_fetches = server.request_count("/known.xml");
  stop_daemon(*daemon);

  INFO("daemon stderr:\n" << daemon->standard_error());
  REQUIRE(took.has_value());
  CHECK(*took < 60.0);
  CHECK(known_fetches == 1);
  CHECK(server.request_count("/recorded.xml") == 1);
}
