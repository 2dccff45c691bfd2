// Notifier: the interface every alert sink implements (stdout, file, and
// later webhook, email, exec). It delivers one alert per call, asynchronously,
// on the event loop's thread; it must never block that thread for long, so
// blocking I/O goes to a worker (see blocking_worker.h) or to the loop's sockets.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include "daemon/notify/delivery_outcome.h"

namespace feedwatch::notify {

// One alert to deliver: the SPEC §5 JSON text and its idempotency key.
struct AlertDelivery {
  std::string alert_id;      // Idempotency-Key / Message-ID for sinks that carry one
  std::string payload_json;  // one JSON object (may span lines; sinks that need one line fold it)
  int attempt = 1;           // 1 for the first attempt since queued or requeued
};

class Notifier {
 public:
  using Completion = std::function<void(DeliveryOutcome)>;

  virtual ~Notifier() = default;

  // The configured name (`notifiers:` key), used in every message.
  virtual const std::string& name() const = 0;

  // How many deliveries this notifier runs well at once; 0 leaves it to the
  // delivery service's default. Network sinks that multiplex ask for more.
  virtual std::size_t concurrency() const { return 0; }

  // Starts delivering `alert`. Calls `on_done` exactly once on the loop's
  // thread, unless the notifier is destroyed first; it may call it before
  // deliver() returns. Several deliveries may be in flight at once.
  virtual void deliver(const AlertDelivery& alert, Completion on_done) = 0;
};

}  // namespace feedwatch::notify
