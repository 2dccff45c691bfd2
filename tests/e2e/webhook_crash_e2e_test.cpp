// SPEC §6 "Nothing lost" for webhook delivery under kill -9: 600 alerts
// queued for a slow webhook, the daemon killed at random instants while it
// delivers, restarted, ten times; afterwards every alert_id has reached the
// receiver. Repeats are allowed only for deliveries in flight at a kill, and
// carry the same alert_id as Idempotency-Key; the test prints how many.
#include <catch2/catch.hpp>

#include <csignal>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "tests/e2e/e2e_support.h"
#include "tests/support/webhook_receiver.h"

using namespace feedwatch::e2e;
using feedwatch::test::WebhookReceiver;

namespace {

constexpr int kAlerts = 600;
constexpr int kKills = 10;
constexpr std::size_t kWebhookConcurrency = 16;  // WebhookNotifier::kConcurrency

}  // namespace

TEST_CASE("kill -9 while delivering to a webhook loses no alert, and repeats keep their alert_id",
          "[e2e][crash][webhook]") {
  HttpTestServer server;
  std::vector<Item> items;
  for (int i = 0; i < kAlerts; ++i) items.push_back(matching_item("k" + std::to_string(i)));
  server.route("/feed.xml", LiveFeed("Crash feed", items).handler());
  WebhookReceiver receiver;
  receiver.set_secret("crash-secret");
  receiver.set_delay(150ms);  // 600 × 150 ms over 16 connections: about 6 s of delivering
  Workspace workspace("webhook-crash");
  workspace.write_file("hook-secret", "crash-secret");
  Settings settings{.interval = "1s", .first_fetch = "all"};
  settings.feeds.push_back({server.url("/feed.xml")});
  settings.extra_notifiers_yaml = "  hook: {type: webhook, url: \"" + receiver.url() +
                                  "\", timeout: 5s, secret: crash-secret}\n";
  settings.extra_notify = {"hook"};
  settings.retry = "{initial: 1s, max: 1s}";
  workspace.write_config(settings);

  std::random_device seed_source;
  auto seed = seed_source();
  std::mt19937 random(seed);
  std::uniform_int_distribution<int> kill_after_ms(0, 700);
  INFO("random seed " << seed);

  std::vector<std::size_t> received_at_kill;
  for (int kill = 0; kill < kKills; ++kill) {
    std::size_t before = receiver.request_count();
    auto daemon = workspace.start_daemon();
    // Kill while delivering: once this run's first request has arrived.
    wait_until([&] { return receiver.request_count() > before; }, 10s);
    std::this_thread::sleep_for(std::chrono::milliseconds(kill_after_ms(random)));
    INFO("daemon stderr:\n" << daemon->standard_error());
    REQUIRE(daemon->running());
    CHECK(daemon->kill_now() == 128 + SIGKILL);
    received_at_kill.push_back(receiver.request_count());
  }

  auto daemon = workspace.start_daemon();
  auto distinct = [&] {
    std::set<std::string> ids;
    for (const auto& request : receiver.requests()) ids.insert(request.header("idempotency-key"));
    return ids.size();
  };
  bool all_received = wait_until([&] { return distinct() >= static_cast<std::size_t>(kAlerts); }, 30s);
  bool drained = wait_until(
      [&] {
        auto hook = workspace.status()["outbox"]["hook"];
        return hook.is_object() && hook["pending"] == 0;
      },
      10s);
  daemon->send_signal(SIGTERM);
  auto code = daemon->wait_for_exit(10s);
  INFO("daemon stderr:\n" << daemon->standard_error());
  CHECK(code == std::optional<int>(0));
  CHECK(all_received);
  CHECK(drained);

  auto outbox = workspace.outbox();
  std::set<std::string> outbox_ids;
  for (const auto& alert : outbox) outbox_ids.insert(alert["alert_id"].get<std::string>());
  CHECK(outbox_ids.size() == static_cast<std::size_t>(kAlerts));

  std::map<std::string, int> received_per_id;
  for (const auto& request : receiver.requests()) {
    std::string key = request.header("idempotency-key");
    CHECK(key == Json::parse(request.body)["alert_id"]);
    CHECK(request.signature_valid == std::optional<bool>(true));
    ++received_per_id[key];
  }
  std::size_t missing = 0;
  for (const auto& id : outbox_ids) missing += received_per_id.count(id) == 0;
  CHECK(missing == 0);
  std::size_t repeated_ids = 0;
  std::size_t extra_requests = 0;
  for (const auto& [id, count] : received_per_id) {
    CHECK(outbox_ids.count(id) == 1);
    repeated_ids += count > 1;
    extra_requests += static_cast<std::size_t>(count - 1);
  }
  // Only deliveries in flight at a kill may repeat: at most the notifier's
  // concurrency per kill.
  CHECK(extra_requests <= kKills * kWebhookConcurrency);
  std::string progress;
  for (auto count : received_at_kill) progress += std::to_string(count) + " ";
  WARN(kKills << " kills; requests received at each kill: " << progress << "; "
              << receiver.request_count() << " requests for " << received_per_id.size()
              << " alerts: " << repeated_ids << " alert_ids received more than once ("
              << extra_requests << " repeated requests)");
}
