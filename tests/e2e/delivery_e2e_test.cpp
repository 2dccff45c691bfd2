// SPEC §5 delivery acceptance tests with the real binary and a real webhook
// receiver: retries with backoff after failures and an outage, a 4xx that
// fails at once and is requeued with `feedwatch alerts --retry`, and the
// signature and Idempotency-Key on every request.
#include <catch2/catch.hpp>

#include <csignal>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "tests/e2e/e2e_support.h"
#include "tests/support/webhook_receiver.h"

using namespace feedwatch::e2e;
using feedwatch::test::WebhookReceiver;
using feedwatch::test::WebhookRequest;

namespace {

constexpr const char* kHook = "hook";
constexpr const char* kSecret = "e2e-hook-secret";

// A feed of `count` matching items served at /feed.xml, and a config whose
// rule also notifies the `hook` webhook (signed with kSecret via ${file:}).
Settings hook_settings(const Workspace& workspace, HttpTestServer& server, const WebhookReceiver& receiver,
                       int count, const std::string& retry) {
  std::vector<Item> items;
  for (int i = 0; i < count; ++i) items.push_back(matching_item("d" + std::to_string(i)));
  server.route("/feed.xml", LiveFeed("Delivery feed", items).handler());
  workspace.write_file("hook-secret", kSecret);
  Settings settings{.interval = "1s", .first_fetch = "all"};
  settings.feeds.push_back({server.url("/feed.xml")});
  settings.extra_notifiers_yaml = std::string("  ") + kHook + ": {type: webhook, url: \"" +
                                  receiver.url("/hook") + "\", timeout: 2s, secret: \"${file:" +
                                  (workspace.path() / "hook-secret").string() + "}\"}\n";
  settings.extra_notify = {kHook};
  settings.retry = retry;
  return settings;
}

// Requests per alert_id (from the body), in arrival order.
std::map<std::string, std::vector<WebhookRequest>> by_alert(const std::vector<WebhookRequest>& requests) {
  std::map<std::string, std::vector<WebhookRequest>> grouped;
  for (const auto& request : requests) {
    grouped[Json::parse(request.body)["alert_id"].get<std::string>()].push_back(request);
  }
  return grouped;
}

std::set<std::string> delivered_ids(const WebhookReceiver& receiver) {
  std::set<std::string> ids;
  for (const auto& request : receiver.requests()) {
    if (request.answered_status == 200) ids.insert(request.header("idempotency-key"));
  }
  return ids;
}

void check_every_request_signed(const WebhookReceiver& receiver) {
  for (const auto& request : receiver.requests()) {
    CHECK(request.method == "POST");
    CHECK(request.signature_valid == std::optional<bool>(true));
    CHECK(request.header("idempotency-key") == Json::parse(request.body)["alert_id"]);
    CHECK(request.header("user-agent").starts_with("feedwatch/"));
  }
}

double seconds_between(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

void stop(BackgroundProcess& daemon) {
  daemon.send_signal(SIGTERM);
  auto code = daemon.wait_for_exit(10s);
  INFO("daemon stderr:\n" << daemon.standard_error());
  CHECK(code == std::optional<int>(0));
}

}  // namespace

TEST_CASE("A webhook that fails its first requests gets every alert, retried with growing backoff",
          "[e2e][delivery]") {
  HttpTestServer server;
  WebhookReceiver receiver;
  receiver.set_secret(kSecret);
  receiver.fail_next(5, 503);
  Workspace workspace("delivery-retry");
  workspace.write_config(hook_settings(workspace, server, receiver, 2, "{initial: 1s, max: 4s, give_up_after: 1m}"));

  auto daemon = workspace.start_daemon();
  bool all = wait_until([&] { return delivered_ids(receiver).size() == 2; }, 25s);
  INFO("daemon stderr:\n" << daemon->standard_error());
  REQUIRE(all);
  stop(*daemon);

  check_every_request_signed(receiver);
  std::ostringstream timeline;
  std::size_t most_attempts = 0;
  for (const auto& [alert_id, requests] : by_alert(receiver.requests())) {
    most_attempts = std::max(most_attempts, requests.size());
    CHECK(requests.back().answered_status == 200);
    timeline << alert_id << ":";
    for (std::size_t i = 0; i < requests.size(); ++i) {
      timeline << " " << requests[i].answered_status << "@"
               << seconds_between(receiver.requests().front().received_at, requests[i].received_at) << "s";
    }
    timeline << "\n";
    // Backoff doubles from 1s (±20%, whole seconds): the second retry waits
    // at least one second, the third at least three.
    if (requests.size() >= 3) CHECK(seconds_between(requests[1].received_at, requests[2].received_at) >= 0.9);
    if (requests.size() >= 4) CHECK(seconds_between(requests[2].received_at, requests[3].received_at) >= 2.9);
  }
  INFO(timeline.str());
  CHECK(most_attempts >= 3);
  CHECK(receiver.request_count() == 7);  // 5 failures + 2 deliveries, nothing sent twice
  WARN("delivery timeline (503 x5, then 200):\n" << timeline.str());
}

TEST_CASE("A webhook that is down for a while gets every alert once it is back", "[e2e][delivery]") {
  HttpTestServer server;
  WebhookReceiver receiver;
  receiver.set_secret(kSecret);
  Workspace workspace("delivery-down");
  workspace.write_config(hook_settings(workspace, server, receiver, 3, "{initial: 1s, max: 2s, give_up_after: 1m}"));

  auto down_from = Clock::now();
  receiver.go_down_for(3s);
  auto daemon = workspace.start_daemon();
  bool all = wait_until([&] { return delivered_ids(receiver).size() == 3; }, 25s);
  INFO("daemon stderr:\n" << daemon->standard_error());
  REQUIRE(all);
  stop(*daemon);
  check_every_request_signed(receiver);
  for (const auto& request : receiver.requests()) {
    CHECK(seconds_between(down_from, request.received_at) >= 2.9);
  }
  CHECK(receiver.request_count() == 3);
  auto status = workspace.status();
  CHECK(status["outbox"][kHook]["delivered"] == 3);
}

TEST_CASE("A 400 fails at once, is listed by alerts --failed, and --retry delivers it while the "
          "daemon runs",
          "[e2e][delivery]") {
  HttpTestServer server;
  WebhookReceiver receiver;
  receiver.set_secret(kSecret);
  receiver.answer_always(400, "bad payload: no text field");
  Workspace workspace("delivery-400");
  workspace.write_config(hook_settings(workspace, server, receiver, 1, "{initial: 1s, max: 4s}"));

  auto daemon = workspace.start_daemon();
  // Poll the CLI only once the daemon has created the database: a second
  // process opening it during creation can make the daemon's WAL switch
  // fail as "database is locked".
  receiver.wait_for_requests(1, 10s);
  std::string alert_id;
  bool failed = wait_until(
      [&] {
        auto failed = workspace.feedwatch({"alerts", "--failed", "--json"});
        if (failed.standard_output.empty()) return false;
        alert_id = Json::parse(failed.standard_output.substr(0, failed.standard_output.find('\n')))["alert_id"];
        return true;
      },
      10s);
  INFO("daemon stderr:\n" << daemon->standard_error());
  REQUIRE(failed);
  CHECK(receiver.request_count() == 1);  // failed at once: no retry of a 4xx

  auto human = workspace.feedwatch({"alerts", "--failed"});
  CHECK(human.standard_output.find(alert_id) != std::string::npos);
  CHECK(human.standard_output.find("notifier hook") != std::string::npos);
  CHECK(human.standard_output.find("HTTP 400") != std::string::npos);
  CHECK(human.standard_output.find("bad payload") != std::string::npos);
  CHECK(human.standard_output.find(kSecret) == std::string::npos);
  Json listed = Json::parse(workspace.feedwatch({"alerts", "--failed", "--json"}).standard_output);
  bool hook_failed = false;
  for (const auto& delivery : listed["deliveries"]) {
    if (delivery["notifier"] == kHook) {
      hook_failed = delivery["state"] == "failed" && delivery["attempts"] == 1;
    }
  }
  CHECK(hook_failed);
  CHECK(daemon->standard_error().find(kSecret) == std::string::npos);

  receiver.answer_always(200);
  auto retried = workspace.feedwatch({"alerts", "--retry", alert_id});
  CHECK(retried.exit_code == 0);
  bool delivered = wait_until([&] { return delivered_ids(receiver).count(alert_id) == 1; }, 10s);
  CHECK(delivered);
  stop(*daemon);
  CHECK(receiver.request_count() == 2);
  check_every_request_signed(receiver);
  CHECK(workspace.feedwatch({"alerts", "--failed"}).standard_output.find(alert_id) == std::string::npos);
}

TEST_CASE("A failed webhook delivery requeued with --retry goes out on the next once",
          "[e2e][delivery]") {
  HttpTestServer server;
  WebhookReceiver receiver;
  receiver.set_secret(kSecret);
  receiver.answer_always(422, "unprocessable");
  Workspace workspace("delivery-once");
  workspace.write_config(hook_settings(workspace, server, receiver, 2, "{initial: 1s, max: 4s}"));

  workspace.once();
  CHECK(receiver.request_count() == 2);
  auto failed = workspace.feedwatch({"alerts", "--failed", "--json"});
  std::vector<std::string> ids;
  std::istringstream lines(failed.standard_output);
  for (std::string line; std::getline(lines, line);) ids.push_back(Json::parse(line)["alert_id"]);
  REQUIRE(ids.size() == 2);

  receiver.answer_always(200);
  workspace.once();
  CHECK(receiver.request_count() == 2);  // failed stays failed until requeued
  CHECK(workspace.feedwatch({"alerts", "--retry", ids[0]}).exit_code == 0);
  workspace.once();
  CHECK(delivered_ids(receiver) == std::set<std::string>{ids[0]});
  CHECK(workspace.feedwatch({"alerts", "--retry-failed"}).exit_code == 0);
  workspace.once();
  CHECK(delivered_ids(receiver) == std::set<std::string>(ids.begin(), ids.end()));
  check_every_request_signed(receiver);
}
