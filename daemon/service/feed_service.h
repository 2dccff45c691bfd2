// FeedService: the running daemon. On one io_context it schedules every
// feed, fetches it (HttpFetcher), hands bodies to the processing pool (parse,
// match, commit in one transaction), records 304s and failures with backoff,
// and keeps the DeliveryService draining the outbox. It watches the state
// database: a storage failure (a commit or a delivery record that cannot be
// written) shows in snapshot(), and a state file deleted or replaced under
// it is reported to the caller, who stops it. Loop-thread only.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <variant>

#include "daemon/config/config.h"
#include "daemon/config/rule_set_loader.h"
#include "daemon/service/metrics.h"
#include "daemon/state/file_identity.h"
#include "daemon/state/status.h"

namespace boost::asio {
class io_context;
}

namespace feedwatch::service {

// What a reload swaps as one piece: a validated configuration and its
// compiled rules. Shared read-only with the workers.
struct ActiveConfiguration {
  config::Config config;
  config::LoadedRuleSet rules;  // REQUIRES: rules.compiled is set
};

// A summary for systemd's STATUS line and /healthz.
struct ServiceSnapshot {
  std::size_t feeds = 0;
  std::size_t failing_feeds = 0;
  std::size_t fetches_in_flight = 0;
  std::int64_t pending_deliveries = 0;
  std::int64_t overdue_deliveries = 0;  // due for over 15 minutes: the outbox is not draining
  std::int64_t last_cycle_unix = 0;     // when a fetch last completed
  bool running = false;
  // Why the state database does not take writes now (naming the file and
  // SQLite's error), and since when; empty while it does.
  std::string storage_problem;
  std::int64_t storage_failing_since_unix = 0;
};

// The state file was deleted or replaced under the running daemon: the
// error message naming it, and which of the two.
using StateFileLost = std::function<void(const std::string& message, state::FileChange change)>;

class FeedService {
 public:
  // Opens the loop's own state connection; an error names the database.
  static std::variant<std::unique_ptr<FeedService>, std::string> create(
      boost::asio::io_context& loop, std::shared_ptr<const ActiveConfiguration> active,
      Metrics& metrics);
  ~FeedService();

  // `feedwatch run`: fetch each feed when due, deliver alerts, prune old
  // state, until stop(). Checks every few seconds, and after each commit,
  // that the state file is still the one opened; calls `on_lost` once if not.
  void start(StateFileLost on_lost);
  // `feedwatch once`: fetch every due feed (every feed with `all_feeds`),
  // process them, deliver what is due, then call `on_done` on the loop.
  void run_once(bool all_feeds, std::function<void()> on_done);
  // Swaps in a new configuration (already validated): feeds added, removed
  // or changed, new rules, new notifiers. Work in flight finishes as it began.
  void reload(std::shared_ptr<const ActiveConfiguration> active);
  // Stops scheduling, cancels fetches, waits (bounded) for the work in
  // flight, then calls `on_stopped` on the loop.
  void stop(std::function<void()> on_stopped);

  ServiceSnapshot snapshot() const;

  // Writes the database as the loop's connection sees it to `to` (VACUUM
  // INTO): after the file was deleted, the state it held survives there.
  // Call it once stopped, so no commit or delivery record comes after.
  state::Status save_state_copy(const std::filesystem::path& to);
  // The state files as the loop's connection opened them (database, -wal, -shm).
  const state::StateFiles& state_files() const;

  class Impl;

 private:
  explicit FeedService(std::shared_ptr<Impl> impl);
  std::shared_ptr<Impl> impl_;
};

}  // namespace feedwatch::service
