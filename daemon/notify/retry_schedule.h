// RetrySchedule: when to try a delivery again after a transient failure, and
// when to give up (SPEC §5, `delivery.retry`). Pure arithmetic over injected
// time and an injected random source, so tests can pin every value. Not
// thread-safe (the random source has state); one per delivery service.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>

#include "daemon/config/config.h"
#include "daemon/state/unix_time.h"

namespace feedwatch::notify {

// Uniform in [0, 1). 0.5 means "no jitter".
using UnitRandom = std::function<double()>;

// A deterministic source for a given seed (std::mt19937_64).
UnitRandom seeded_unit_random(std::uint64_t seed);

struct RetryDecision {
  bool give_up = false;
  state::UnixSeconds next_attempt_at = 0;  // when !give_up
};

class RetrySchedule {
 public:
  static constexpr double kJitter = 0.2;  // ±20%: spreads retries of one outage

  RetrySchedule(config::RetryPolicy policy, UnitRandom unit_random);

  // The wait after the `attempts_made`-th failed attempt (1 = the first):
  // retry.initial doubled per further attempt and capped at retry.max, then
  // jittered by ±kJitter (so up to 1.2 × max), at least one second.
  std::chrono::seconds backoff(int attempts_made);

  // After a transient failure at `now`: give up once give_up_after has passed
  // since `queued_at`; otherwise retry after the backoff, or after
  // `retry_after` when the sink asked for longer. The backoff (not a longer
  // Retry-After) is clipped to the give-up deadline, so the last attempt
  // falls on it and a hopeless alert fails on time, not up to max later.
  RetryDecision after_transient_failure(int attempts_made, state::UnixSeconds queued_at,
                                        state::UnixSeconds now,
                                        std::optional<std::chrono::seconds> retry_after);

 private:
  std::chrono::milliseconds capped_backoff(int attempts_made) const;

  config::RetryPolicy policy_;
  UnitRandom unit_random_;
};

}  // namespace feedwatch::notify
