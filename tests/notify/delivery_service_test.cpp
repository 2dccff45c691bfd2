// Tests of the delivery service on a real temporary outbox: delivery and
// marking, backoff in simulated time, Retry-After, giving up, permanent
// failures, unavailable notifiers, the `once` drain, the per-notifier cap,
// exactly-once marking under repeated failures, graceful stop, and the pause
// while the outbox sits on a real full tmpfs (skipped where mounting is not
// permitted).
#include <catch2/catch.hpp>

#include <map>
#include <optional>

#include "daemon/notify/delivery_service.h"
#include "notify_test_support.h"
#include "tests/support/small_file_system.h"

using namespace feedwatch::notify;
using namespace feedwatch::notify::testing;
using feedwatch::config::NotifierConfig;
using feedwatch::config::RetryPolicy;
using feedwatch::state::DeliveryState;
using feedwatch::state::DeliveryStatus;
using feedwatch::state::UnixSeconds;
using feedwatch::testing::SmallFileSystem;

namespace {

constexpr std::size_t kSmallDiskBytes = 4 * 1024 * 1024;

// An outbox in a temporary database (on a small tmpfs of its own when asked,
// so a test can fill it), a loop, and a clock at 1000.
struct DeliveryFixture {
  explicit DeliveryFixture(bool on_small_disk = false)
      : disk(on_small_disk ? SmallFileSystem::mount_or_skip(folder.path() / "disk", kSmallDiskBytes) : nullptr),
        store(open_store((disk ? disk->path() : folder.path()) / "state.db")) {}

  TemporaryFolder folder;
  std::unique_ptr<SmallFileSystem> disk;  // before the store: unmounted after it closes
  feedwatch::state::StateStore store;
  boost::asio::io_context loop;
  SimulatedClock clock;
  std::shared_ptr<ScriptedLog> log = std::make_shared<ScriptedLog>();

  void enqueue(const std::string& id, std::vector<std::string> notifiers) {
    feedwatch::state::NewAlert alert{id, "rule-a", "story-" + id, alert_payload(id),
                                     std::move(notifiers)};
    REQUIRE(store.outbox().enqueue(alert, clock.now()).ok());
  }

  DeliveryOptions options(RetryPolicy retry = {30s, 1h, 48h}) {
    DeliveryOptions options;
    options.retry = retry;
    options.clock = clock.function();
    options.unit_random = [] { return 0.5; };  // no jitter: exact times
    return options;
  }

  NotifierSet scripted(const std::string& name, ScriptedNotifier::Script script,
                       std::chrono::milliseconds delay = 0ms) {
    NotifierSet notifiers;
    notifiers.available[name] =
        std::make_unique<ScriptedNotifier>(loop, name, std::move(script), log, delay);
    return notifiers;
  }

  DeliveryStatus status(const std::string& id, const std::string& notifier) {
    for (const auto& alert : store.outbox().list(1000, false).value()) {
      if (alert.alert_id != id) continue;
      for (const DeliveryStatus& delivery : alert.deliveries) {
        if (delivery.notifier == notifier) return delivery;
      }
    }
    FAIL("no delivery of " << id << " to " << notifier);
    return {};
  }

  // drain_until_idle, run to its callback, which must report no error.
  void drain(DeliveryService& service) {
    std::optional<feedwatch::state::Status> result;
    service.drain_until_idle([&](feedwatch::state::Status status) { result = status; });
    REQUIRE(run_until(loop, [&] { return result.has_value(); }));
    INFO(result->message());
    CHECK(result->ok());
  }

  bool all_delivered(const std::vector<std::string>& ids, const std::string& notifier) {
    for (const std::string& id : ids) {
      if (status(id, notifier).state != DeliveryState::kDelivered) return false;
    }
    return true;
  }

  std::size_t calls_for(const std::string& id) const {
    std::size_t calls = 0;
    for (const AlertDelivery& call : log->calls) calls += call.alert_id == id ? 1 : 0;
    return calls;
  }
};

NotifierConfig file_config(const std::string& name, const std::filesystem::path& path) {
  NotifierConfig config;
  config.name = name;
  config.type = "file";
  config.settings = feedwatch::config::FileSettings{path};
  return config;
}

ScriptedNotifier::Script always(DeliveryOutcome outcome) {
  return [outcome](const AlertDelivery&) { return outcome; };
}

}  // namespace

TEST_CASE("Queued alerts reach the file notifier and are marked delivered", "[notify]") {
  DeliveryFixture fixture;
  std::filesystem::path path = fixture.folder.path() / "alerts.jsonl";
  fixture.enqueue("fw-1", {"archive"});
  fixture.enqueue("fw-2", {"archive"});
  DeliveryService service(fixture.loop, fixture.store.outbox(),
                          make_notifiers(fixture.loop, {{"archive", file_config("archive", path)}}),
                          fixture.options());

  fixture.drain(service);
  CHECK(read_lines(path).size() == 2);
  CHECK(fixture.status("fw-1", "archive").state == DeliveryState::kDelivered);
  CHECK(fixture.status("fw-2", "archive").delivered_at == 1000);
  NotifierCounters counters = service.counters().at("archive");
  CHECK(counters.attempts == 2);
  CHECK(counters.delivered == 2);
  CHECK(counters.failed == 0);
  CHECK(counters.in_flight == 0);
}

TEST_CASE("An unwritable file is retried after the backoff and delivered once writable",
          "[notify]") {
  DeliveryFixture fixture;
  std::filesystem::path folder = fixture.folder.path() / "later";
  fixture.enqueue("fw-1", {"archive"});
  DeliveryService service(
      fixture.loop, fixture.store.outbox(),
      make_notifiers(fixture.loop, {{"archive", file_config("archive", folder / "a.jsonl")}}),
      fixture.options());

  fixture.drain(service);
  DeliveryStatus waiting = fixture.status("fw-1", "archive");
  CHECK(waiting.state == DeliveryState::kPending);
  CHECK(waiting.attempts == 1);
  CHECK(waiting.next_attempt_at == 1030);
  CHECK(waiting.last_error.value_or("").find(folder.string()) != std::string::npos);

  std::filesystem::create_directory(folder);
  fixture.clock.set(1029);
  fixture.drain(service);
  CHECK(fixture.status("fw-1", "archive").attempts == 1);  // not due yet

  fixture.clock.set(1030);
  fixture.drain(service);
  CHECK(fixture.status("fw-1", "archive").state == DeliveryState::kDelivered);
  CHECK(read_lines(folder / "a.jsonl").size() == 1);
}

TEST_CASE("Next attempt times follow the backoff: initial, doubling, capped", "[notify]") {
  DeliveryFixture fixture;
  fixture.enqueue("fw-1", {"hook"});
  DeliveryService service(fixture.loop, fixture.store.outbox(),
                          fixture.scripted("hook", always(DeliveryOutcome::transient("down"))),
                          fixture.options({30s, 100s, 48h}));

  // 30, 60, then 120 capped to 100, and 100 again.
  for (UnixSeconds expected : {1030, 1090, 1190, 1290}) {
    fixture.drain(service);
    CHECK(fixture.status("fw-1", "hook").next_attempt_at == expected);
    fixture.clock.set(expected);
  }
  CHECK(fixture.status("fw-1", "hook").attempts == 4);
  CHECK(service.counters().at("hook").transient_failures == 4);
}

TEST_CASE("Jittered next attempt times stay within 20% of the backoff", "[notify]") {
  DeliveryFixture fixture;
  fixture.enqueue("fw-1", {"hook"});
  DeliveryOptions options = fixture.options({30s, 1h, 48h});
  options.unit_random = seeded_unit_random(2024);
  DeliveryService service(fixture.loop, fixture.store.outbox(),
                          fixture.scripted("hook", always(DeliveryOutcome::transient("down"))),
                          options);

  for (UnixSeconds base : {30, 60, 120, 240, 480}) {
    fixture.drain(service);
    UnixSeconds wait = fixture.status("fw-1", "hook").next_attempt_at - fixture.clock.now();
    CHECK(wait >= base * 8 / 10);
    CHECK(wait <= base * 12 / 10);
    fixture.clock.advance(wait);
  }
}

TEST_CASE("A Retry-After longer than the backoff sets the next attempt", "[notify]") {
  DeliveryFixture fixture;
  fixture.enqueue("fw-1", {"hook"});
  DeliveryService service(fixture.loop, fixture.store.outbox(),
                          fixture.scripted("hook", always(DeliveryOutcome::transient(
                                                       "429", std::chrono::seconds(300)))),
                          fixture.options());

  fixture.drain(service);
  CHECK(fixture.status("fw-1", "hook").next_attempt_at == 1300);
}

TEST_CASE("A delivery still failing after give_up_after is marked failed and counted", "[notify]") {
  DeliveryFixture fixture;
  fixture.enqueue("fw-1", {"hook"});
  DeliveryService service(
      fixture.loop, fixture.store.outbox(),
      fixture.scripted("hook", always(DeliveryOutcome::transient("notifier hook: 503"))),
      fixture.options({30s, 1h, 100s}));

  // Queued at 1000, deadline 1100: attempts at 1000, 1030, 1090 and 1100.
  for (UnixSeconds at : {1030, 1090, 1100}) {
    fixture.drain(service);
    CHECK(fixture.status("fw-1", "hook").next_attempt_at == at);
    fixture.clock.set(at);
  }
  fixture.drain(service);
  DeliveryStatus failed = fixture.status("fw-1", "hook");
  CHECK(failed.state == DeliveryState::kFailed);
  CHECK(failed.attempts == 4);
  CHECK(failed.last_error.value_or("").find("giving up") != std::string::npos);
  CHECK(service.counters().at("hook").failed == 1);
  CHECK(service.counters().at("hook").transient_failures == 3);
}

TEST_CASE("A permanent failure marks the delivery failed at once", "[notify]") {
  DeliveryFixture fixture;
  fixture.enqueue("fw-1", {"hook"});
  DeliveryService service(
      fixture.loop, fixture.store.outbox(),
      fixture.scripted("hook", always(DeliveryOutcome::permanent("notifier hook: 404 Not Found"))),
      fixture.options());

  fixture.drain(service);
  DeliveryStatus failed = fixture.status("fw-1", "hook");
  CHECK(failed.state == DeliveryState::kFailed);
  CHECK(failed.attempts == 1);
  CHECK(failed.last_error == "notifier hook: 404 Not Found");
  CHECK(service.counters().at("hook").failed == 1);
}

TEST_CASE("Deliveries to a notifier no longer configured stay pending and others go on",
          "[notify]") {
  DeliveryFixture fixture;
  std::filesystem::path path = fixture.folder.path() / "alerts.jsonl";
  fixture.enqueue("fw-1", {"archive", "removed"});
  fixture.enqueue("fw-2", {"removed"});
  fixture.enqueue("fw-3", {"archive", "renamed"});
  std::map<std::string, NotifierConfig> configs = {{"archive", file_config("archive", path)}};
  DeliveryService service(fixture.loop, fixture.store.outbox(),
                          make_notifiers(fixture.loop, configs), fixture.options());

  fixture.drain(service);
  fixture.drain(service);  // and again: still idle, nothing retried
  CHECK(read_lines(path).size() == 2);
  CHECK(fixture.status("fw-3", "archive").state == DeliveryState::kDelivered);
  for (auto [id, notifier] : {std::pair{"fw-1", "removed"}, std::pair{"fw-2", "removed"},
                              std::pair{"fw-3", "renamed"}}) {
    DeliveryStatus waiting = fixture.status(id, notifier);
    CHECK(waiting.state == DeliveryState::kPending);
    CHECK(waiting.attempts == 0);
  }
}

TEST_CASE("A once drain delivers what is due and leaves backoff-waiting deliveries queued",
          "[notify]") {
  DeliveryFixture fixture;
  fixture.enqueue("fw-1", {"hook"});  // fails now; its retry must wait for the next run
  fixture.enqueue("fw-2", {"hook"});  // already waiting out a backoff
  fixture.enqueue("fw-3", {"hook"});  // delivered, slowly
  REQUIRE(fixture.store.outbox().mark_attempt_failed("fw-2", "hook", "earlier", 1000, 1500).ok());
  auto script = [](const AlertDelivery& alert) {
    return alert.alert_id == "fw-1" ? DeliveryOutcome::transient("down")
                                    : DeliveryOutcome::success("ok");
  };
  DeliveryService service(fixture.loop, fixture.store.outbox(),
                          fixture.scripted("hook", script, 300ms), fixture.options());

  // While fw-3 is still running, time passes beyond fw-1's and fw-2's retries.
  boost::asio::steady_timer later(fixture.loop, 150ms);
  later.async_wait([&](const boost::system::error_code&) { fixture.clock.set(5000); });
  fixture.drain(service);

  CHECK(fixture.status("fw-3", "hook").state == DeliveryState::kDelivered);
  CHECK(fixture.status("fw-1", "hook").state == DeliveryState::kPending);
  CHECK(fixture.status("fw-1", "hook").attempts == 1);
  CHECK(fixture.status("fw-2", "hook").attempts == 1);
  CHECK(fixture.calls_for("fw-1") == 1);
  CHECK(fixture.calls_for("fw-2") == 0);

  // No timer without start(): the loop runs out of work by itself.
  fixture.loop.restart();
  auto begun = std::chrono::steady_clock::now();
  fixture.loop.run_for(3s);
  CHECK(std::chrono::steady_clock::now() - begun < 1s);
}

TEST_CASE("Every alert is delivered exactly once although each fails three times first",
          "[notify]") {
  DeliveryFixture fixture;
  std::vector<std::string> ids;
  for (int index = 0; index < 20; ++index) ids.push_back("fw-" + std::to_string(index));
  for (const std::string& id : ids) fixture.enqueue(id, {"flaky"});
  auto attempts = std::make_shared<std::map<std::string, int>>();
  auto successes = std::make_shared<std::map<std::string, int>>();
  auto script = [attempts, successes](const AlertDelivery& alert) {
    if (++(*attempts)[alert.alert_id] <= 3) return DeliveryOutcome::transient("flaky: down");
    ++(*successes)[alert.alert_id];
    return DeliveryOutcome::success("flaky: ok");
  };
  DeliveryService service(fixture.loop, fixture.store.outbox(),
                          fixture.scripted("flaky", script, 2ms), fixture.options());

  for (int round = 0; round < 6; ++round) {
    fixture.drain(service);
    fixture.clock.advance(4000);  // past any backoff
  }
  for (const std::string& id : ids) {
    DeliveryStatus delivered = fixture.status(id, "flaky");
    CHECK(delivered.state == DeliveryState::kDelivered);
    CHECK(delivered.attempts == 4);
    CHECK((*successes)[id] == 1);
  }
  CHECK_FALSE(fixture.log->started_twice);
  CHECK(fixture.log->most_running == 4);  // the per-notifier cap, reached and kept
  NotifierCounters counters = service.counters().at("flaky");
  CHECK(counters.attempts == 80);
  CHECK(counters.delivered == 20);
  CHECK(counters.transient_failures == 60);
}

TEST_CASE("A started service delivers poked alerts and retries when the backoff ends", "[notify]") {
  DeliveryFixture fixture;
  auto failed_once = std::make_shared<bool>(false);
  auto script = [failed_once](const AlertDelivery&) {
    if (std::exchange(*failed_once, true)) return DeliveryOutcome::success("ok");
    return DeliveryOutcome::transient("down");
  };
  DeliveryOptions options = fixture.options({1s, 1s, 48h});
  options.clock = system_unix_seconds;  // the timer waits in real time
  DeliveryService service(fixture.loop, fixture.store.outbox(), fixture.scripted("hook", script),
                          options);
  service.start();
  fixture.clock.set(system_unix_seconds());
  fixture.enqueue("fw-1", {"hook"});
  service.poke();

  REQUIRE(run_until(
      fixture.loop, [&] { return service.counters().at("hook").delivered == 1; }, 10s));
  CHECK(fixture.status("fw-1", "hook").attempts == 2);
}

TEST_CASE("Stopping lets running deliveries finish and starts no new ones", "[notify]") {
  DeliveryFixture fixture;
  for (std::string id : {"fw-1", "fw-2"}) fixture.enqueue(id, {"hook"});
  DeliveryService service(fixture.loop, fixture.store.outbox(),
                          fixture.scripted("hook", always(DeliveryOutcome::success("ok")), 200ms),
                          fixture.options());
  service.start();
  REQUIRE(run_until(fixture.loop, [&] { return fixture.log->calls.size() == 2; }));

  bool stopped = false;
  service.stop(5s, [&] { stopped = true; });
  fixture.enqueue("fw-3", {"hook"});
  service.poke();
  REQUIRE(run_until(fixture.loop, [&] { return stopped; }));
  CHECK(fixture.status("fw-1", "hook").state == DeliveryState::kDelivered);
  CHECK(fixture.status("fw-2", "hook").state == DeliveryState::kDelivered);
  CHECK(fixture.status("fw-3", "hook").state == DeliveryState::kPending);
  CHECK(fixture.log->calls.size() == 2);
}

TEST_CASE("Stopping gives up waiting after the grace period, the delivery stays pending",
          "[notify]") {
  DeliveryFixture fixture;
  fixture.enqueue("fw-1", {"hook"});
  auto service = std::make_unique<DeliveryService>(
      fixture.loop, fixture.store.outbox(),
      fixture.scripted("hook", always(DeliveryOutcome::success("ok")), 2s), fixture.options());
  service->start();
  REQUIRE(run_until(fixture.loop, [&] { return fixture.log->calls.size() == 1; }));

  bool stopped = false;
  service->stop(50ms, [&] { stopped = true; });
  REQUIRE(run_until(
      fixture.loop, [&] { return stopped; }, 1s));
  service.reset();  // the late outcome must not touch the destroyed service
  fixture.loop.restart();
  fixture.loop.run_for(2500ms);
  CHECK(fixture.status("fw-1", "hook").state == DeliveryState::kPending);
}

std::vector<std::string> alert_ids(int count) {
  std::vector<std::string> ids;
  for (int i = 0; i < count; ++i) ids.push_back("fw-" + std::to_string(i));
  return ids;
}

TEST_CASE("An outcome the outbox cannot record on a full disk pauses delivery, and once there is room it is "
          "recorded, not sent again",
          "[notify][storage]") {
  DeliveryFixture fixture(/*on_small_disk=*/true);
  std::vector<std::string> ids = alert_ids(10);
  for (const std::string& id : ids) fixture.enqueue(id, {"hook"});
  DeliveryService service(fixture.loop, fixture.store.outbox(),
                          fixture.scripted("hook", always(DeliveryOutcome::success("ok")), 20ms),
                          fixture.options({30s, 8s, 48h}));
  fixture.disk->fill();
  service.start();
  run_until(fixture.loop, [] { return false; }, 2500ms);

  // The first batch (4 at once per notifier) went out; nothing after it, nothing twice.
  CHECK(fixture.log->calls.size() == 4);
  CHECK_FALSE(fixture.log->started_twice);
  auto failure = service.storage_failure();
  REQUIRE(failure);
  INFO(failure->message);
  CHECK(failure->message.find((fixture.disk->path() / "state.db").string()) != std::string::npos);
  CHECK(failure->message.find("database or disk is full") != std::string::npos);
  CHECK(failure->failed_tries >= 2);  // tried again after 1 s, waits 2 s now
  CHECK(fixture.status(ids[0], "hook").state == DeliveryState::kPending);

  fixture.disk->free_space();
  REQUIRE(run_until(fixture.loop, [&] { return fixture.all_delivered(ids, "hook"); }, 10s));
  CHECK(fixture.log->calls.size() == 10);
  for (const std::string& id : ids) CHECK(fixture.calls_for(id) == 1);
  CHECK_FALSE(service.storage_failure());
  CHECK(service.counters().at("hook").delivered == 10);
}

TEST_CASE("A once drain on a full disk ends with the storage error, and the outcomes are written when the "
          "service ends if there is room by then",
          "[notify][storage]") {
  DeliveryFixture fixture(/*on_small_disk=*/true);
  std::vector<std::string> ids = alert_ids(3);
  for (const std::string& id : ids) fixture.enqueue(id, {"hook"});
  auto service = std::make_unique<DeliveryService>(
      fixture.loop, fixture.store.outbox(), fixture.scripted("hook", always(DeliveryOutcome::success("ok"))),
      fixture.options());
  fixture.disk->fill();

  std::optional<feedwatch::state::Status> result;
  service->drain_until_idle([&](feedwatch::state::Status status) { result = status; });
  REQUIRE(run_until(fixture.loop, [&] { return result.has_value(); }));
  CHECK_FALSE(result->ok());
  CHECK(result->message().find("database or disk is full") != std::string::npos);
  CHECK(fixture.log->calls.size() == 3);

  fixture.disk->free_space();
  service.reset();
  CHECK(fixture.all_delivered(ids, "hook"));
  CHECK(fixture.log->calls.size() == 3);
}

TEST_CASE("A transient failure that cannot be recorded is not tried again before its backoff",
          "[notify][storage]") {
  DeliveryFixture fixture(/*on_small_disk=*/true);
  fixture.enqueue("fw-1", {"hook"});
  DeliveryService service(fixture.loop, fixture.store.outbox(),
                          fixture.scripted("hook", always(DeliveryOutcome::transient("HTTP 503"))),
                          fixture.options({30s, 1h, 48h}));
  fixture.disk->fill();
  service.start();
  REQUIRE(run_until(fixture.loop, [&] { return service.storage_failure().has_value(); }));
  fixture.disk->free_space();
  REQUIRE(run_until(fixture.loop, [&] { return !service.storage_failure(); }, 5s));
  run_until(fixture.loop, [] { return false; }, 500ms);

  CHECK(fixture.log->calls.size() == 1);
  DeliveryStatus waiting = fixture.status("fw-1", "hook");
  CHECK(waiting.attempts == 1);
  CHECK(waiting.next_attempt_at == 1030);  // initial 30 s, as if the write had gone through at once
  CHECK(waiting.last_error == std::optional<std::string>("HTTP 503"));
}
