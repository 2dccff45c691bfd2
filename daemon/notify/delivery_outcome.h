// DeliveryOutcome: what one attempt to deliver an alert to one notifier came
// to. A plain value handed from a notifier to the delivery service, which
// turns it into an outbox transition (delivered, retry later, failed).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <utility>

namespace feedwatch::notify {

struct DeliveryOutcome {
  enum class Kind {
    delivered,          // the sink has the alert (written and synced, or 2xx)
    transient_failure,  // may work later: retried with backoff until give_up_after
    permanent_failure,  // will not work by retrying (e.g. a 4xx): failed at once
  };

  Kind kind = Kind::delivered;
  // Names the notifier and, on failure, what went wrong and what to do.
  std::string message;
  // The wait the sink asked for (HTTP Retry-After); honoured when it is
  // longer than the computed backoff.
  std::optional<std::chrono::seconds> retry_after;

  static DeliveryOutcome success(std::string message) {
    return {Kind::delivered, std::move(message), std::nullopt};
  }
  static DeliveryOutcome transient(std::string message,
                                   std::optional<std::chrono::seconds> retry_after = {}) {
    return {Kind::transient_failure, std::move(message), retry_after};
  }
  static DeliveryOutcome permanent(std::string message) {
    return {Kind::permanent_failure, std::move(message), std::nullopt};
  }
};

}  // namespace feedwatch::notify
