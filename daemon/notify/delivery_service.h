// DeliveryService: drains the outbox into the notifiers on an io_context the
// caller owns: on start, when poked after new alerts are committed, and when
// a backoff ends. It records every outcome in the outbox (delivered, retry
// at, failed) and counts them. When the outbox cannot record an outcome (a
// full disk, an I/O error), delivery pauses (StoragePause): the outcome is
// kept in memory and written later, so that delivery is not sent again, and
// nothing new is sent until the writes go through. Not thread-safe: create,
// call and destroy it on the loop's thread, where every callback also runs.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "daemon/config/config.h"
#include "daemon/notify/notifier_factory.h"
#include "daemon/notify/retry_schedule.h"
#include "daemon/notify/storage_pause.h"
#include "daemon/notify/wall_clock.h"
#include "daemon/state/outbox.h"
#include "daemon/state/status.h"

namespace boost::asio {
class io_context;
}

namespace feedwatch::notify {

struct DeliveryOptions {
  config::RetryPolicy retry;
  // Deliveries running at once per notifier; a slow notifier holds only
  // its own slots, never the others'.
  std::size_t in_flight_per_notifier = 4;
  WallClock clock = system_unix_seconds;
  UnitRandom unit_random;  // empty: seeded from std::random_device
};

// Plain numbers for /metrics, per notifier; they count since the service
// was created (the outbox's own counts() gives the totals in the database).
struct NotifierCounters {
  std::uint64_t attempts = 0;            // deliveries started
  std::uint64_t delivered = 0;           // marked delivered
  std::uint64_t transient_failures = 0;  // attempts that failed and will be retried
  std::uint64_t failed = 0;              // marked failed: permanent, or give_up_after passed
  std::size_t in_flight = 0;             // running now
};

class DeliveryService {
 public:
  // Called once draining is idle: ok, or the database error that stopped it.
  using IdleCallback = std::function<void(state::Status)>;

  // REQUIRES: `loop` and `outbox` outlive the service; `outbox` belongs to a
  // StateStore used on the loop's thread only (its own connection). Logs a
  // warning for each unavailable notifier: its deliveries stay pending.
  DeliveryService(boost::asio::io_context& loop, state::Outbox& outbox, NotifierSet notifiers,
                  DeliveryOptions options);
  // Running deliveries are abandoned (they stay pending and are retried by
  // the next process: delivery is at least once); no callback runs after.
  ~DeliveryService();
  DeliveryService(const DeliveryService&) = delete;
  DeliveryService& operator=(const DeliveryService&) = delete;

  // For `feedwatch run`: drains now, then keeps a timer for the next
  // delivery whose backoff ends.
  void start();
  // New alerts were committed: drain soon (several pokes coalesce into one).
  void poke();
  // For `feedwatch once` (start() not needed): delivers everything due now,
  // waits for those deliveries, and calls `on_idle` when nothing due is left
  // to start and none is running. Deliveries that fail wait out their
  // backoff, still queued; ones that come due after this call are left for
  // later, so the call ends. Without start() no timer keeps the loop busy,
  // so loop.run() returns once on_idle has run.
  void drain_until_idle(IdleCallback on_idle);
  // Graceful stop: starts nothing new; calls `on_stopped` once the running
  // deliveries have finished, or after `grace` (those left stay pending).
  // Pending drain_until_idle callbacks are called with ok. Outcomes still
  // unrecorded get one last try; those left are sent again by the next
  // process (at least once), which is logged.
  void stop(std::chrono::milliseconds grace, std::function<void()> on_stopped);

  std::map<std::string, NotifierCounters> counters() const;
  // While delivery is paused because the state database refuses writes:
  // the last error (naming the file) and since when; nullopt otherwise.
  std::optional<StorageFailure> storage_failure() const;

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;  // shared: callbacks hold a weak_ptr to it
};

}  // namespace feedwatch::notify
