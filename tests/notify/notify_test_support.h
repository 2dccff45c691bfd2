// Helpers for the notify tests: a temporary folder, a real state store, a
// simulated wall clock, a bounded way to run the io_context and to deliver
// through a notifier, and a scripted notifier whose outcomes and concurrency
// the test controls. Test-only.
#pragma once

#include <catch2/catch.hpp>
#include <stdlib.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <system_error>
#include <vector>

#include "daemon/notify/notifier.h"
#include "daemon/notify/wall_clock.h"
#include "daemon/state/state_store.h"

namespace feedwatch::notify::testing {

using namespace std::chrono_literals;

// A fresh folder under the system's temporary folder, removed at scope exit.
class TemporaryFolder {
 public:
  TemporaryFolder() {
    std::string pattern = (std::filesystem::temp_directory_path() / "fw-notify-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TemporaryFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline state::StateStore open_store(const std::filesystem::path& path) {
  state::Result<state::StateStore> store = state::StateStore::open(path);
  INFO(store.status().message());
  REQUIRE(store.ok());
  return std::move(store).value();
}

// Wall-clock time that moves only when the test says so.
class SimulatedClock {
 public:
  state::UnixSeconds now() const { return *now_; }
  void set(state::UnixSeconds now) { *now_ = now; }
  void advance(state::UnixSeconds seconds) { *now_ += seconds; }
  WallClock function() const {
    return [now = now_] { return *now; };
  }

 private:
  std::shared_ptr<state::UnixSeconds> now_ = std::make_shared<state::UnixSeconds>(1000);
};

// Runs `loop` until `done()` or until `limit` of real time has passed.
inline bool run_until(boost::asio::io_context& loop, const std::function<bool()>& done,
                      std::chrono::milliseconds limit = 5s) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done() && std::chrono::steady_clock::now() < deadline) {
    loop.restart();
    loop.run_for(5ms);
  }
  return done();
}

// Hands all `alerts` to `notifier` at once, then runs `loop` until each has
// an outcome (REQUIREd within `limit`). Outcomes are in the order of `alerts`.
inline std::vector<DeliveryOutcome> deliver_all(boost::asio::io_context& loop, Notifier& notifier,
                                                const std::vector<AlertDelivery>& alerts,
                                                std::chrono::milliseconds limit = 5s) {
  std::vector<std::optional<DeliveryOutcome>> outcomes(alerts.size());
  for (std::size_t i = 0; i < alerts.size(); ++i) {
    notifier.deliver(alerts[i], [&outcomes, i](DeliveryOutcome outcome) { outcomes[i] = std::move(outcome); });
  }
  auto all_done = [&] {
    for (const auto& outcome : outcomes) {
      if (!outcome) return false;
    }
    return true;
  };
  REQUIRE(run_until(loop, all_done, limit));
  std::vector<DeliveryOutcome> done;
  for (auto& outcome : outcomes) done.push_back(std::move(*outcome));
  return done;
}

inline std::vector<std::string> read_lines(const std::filesystem::path& path) {
  std::ifstream file(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(file, line);) lines.push_back(line);
  return lines;
}

// A SPEC §5-shaped payload, optionally pretty-printed over several lines.
inline std::string alert_payload(const std::string& alert_id, bool multi_line = false) {
  std::string separator = multi_line ? "\n  " : "";
  return "{" + separator + R"("version": 1,)" + separator + R"("alert_id": ")" + alert_id +
         R"(",)" + separator + R"("rule": "chip-export-controls",)" + separator +
         R"("entry": {"title": "Export controls\nwidened", "link": "https://example.com/a"})" +
         (multi_line ? "\n" : "") + "}";
}

// What a ScriptedNotifier saw; shared with the test, which keeps a handle
// after the service has taken the notifier.
struct ScriptedLog {
  std::vector<AlertDelivery> calls;
  std::set<std::string> running;
  std::size_t most_running = 0;
  bool started_twice = false;  // an alert started while already running
};

// A notifier whose outcome per call comes from `script`, completing after
// `delay` on the loop (never inside deliver()).
class ScriptedNotifier final : public Notifier {
 public:
  using Script = std::function<DeliveryOutcome(const AlertDelivery&)>;

  ScriptedNotifier(boost::asio::io_context& loop, std::string name, Script script,
                   std::shared_ptr<ScriptedLog> log, std::chrono::milliseconds delay = 0ms)
      : loop_(loop),
        name_(std::move(name)),
        script_(std::move(script)),
        log_(std::move(log)),
        delay_(delay) {}

  const std::string& name() const override { return name_; }

  void deliver(const AlertDelivery& alert, Completion on_done) override {
    log_->calls.push_back(alert);
    if (!log_->running.insert(alert.alert_id).second) log_->started_twice = true;
    log_->most_running = std::max(log_->most_running, log_->running.size());
    auto timer = std::make_shared<boost::asio::steady_timer>(loop_, delay_);
    timer->async_wait([timer, log = log_, id = alert.alert_id, outcome = script_(alert),
                       on_done = std::move(on_done)](const boost::system::error_code&) {
      log->running.erase(id);
      on_done(outcome);
    });
  }

 private:
  boost::asio::io_context& loop_;
  std::string name_;
  Script script_;
  std::shared_ptr<ScriptedLog> log_;
  std::chrono::milliseconds delay_;
};

}  // namespace feedwatch::notify::testing
