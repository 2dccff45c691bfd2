// GroupCloser: closes `group` windows and `digest`s (SPEC §3) on time, on the
// daemon's loop: at start it queues every group that fell due while the
// daemon was down, then keeps a timer for the next closing instant. Loop-
// thread only; it uses the loop's own StateStore.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "daemon/state/state_store.h"
#include "rules/rule_file.h"

namespace feedwatch::service {

class GroupCloser {
 public:
  // The rules as configured now (a reload swaps them): their notify lists
  // and severities go into the alerts.
  using RulesSource = std::function<std::shared_ptr<const std::vector<rules::Rule>>()>;
  // Wall-clock Unix seconds; injected so tests run in simulated time.
  using Clock = std::function<state::UnixSeconds()>;

  // `on_queued` runs after alerts were queued (e.g. to poke delivery).
  // REQUIRES: `loop` and `store` outlive the closer.
  GroupCloser(boost::asio::io_context& loop, state::StateStore& store, RulesSource rules, Clock clock,
              std::function<void()> on_queued);
  GroupCloser(const GroupCloser&) = delete;
  GroupCloser& operator=(const GroupCloser&) = delete;

  // Closes what is overdue, then closes each group at its instant until stop().
  void start();
  // Closes every group due now; returns how many alerts were queued (a
  // database error is logged and closes none: they are retried later).
  std::int64_t close_due();
  // A group may have opened (a commit added members): re-arm the timer.
  void reschedule();
  void stop();

 private:
  void arm_timer();
  void on_timer();

  boost::asio::io_context& loop_;
  state::StateStore& store_;
  RulesSource rules_;
  Clock clock_;
  std::function<void()> on_queued_;
  boost::asio::steady_timer timer_;
  bool running_ = false;
  // Timer handlers hold a weak_ptr to it, so none runs once the closer is gone.
  std::shared_ptr<int> lifetime_ = std::make_shared<int>(0);
};

}  // namespace feedwatch::service
