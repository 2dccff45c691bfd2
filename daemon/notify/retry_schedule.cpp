#include "daemon/notify/retry_schedule.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <random>
#include <utility>

namespace feedwatch::notify {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

seconds whole_seconds_rounding_up(milliseconds duration) {
  return std::chrono::ceil<seconds>(duration);
}

state::UnixSeconds to_unix(milliseconds duration) {
  return whole_seconds_rounding_up(duration).count();
}

}  // namespace

UnitRandom seeded_unit_random(std::uint64_t seed) {
  // Shared, so copies of the function draw from one sequence.
  auto engine = std::make_shared<std::mt19937_64>(seed);
  return [engine] { return std::uniform_real_distribution<double>(0.0, 1.0)(*engine); };
}

RetrySchedule::RetrySchedule(config::RetryPolicy policy, UnitRandom unit_random)
    : policy_(policy), unit_random_(std::move(unit_random)) {}

milliseconds RetrySchedule::capped_backoff(int attempts_made) const {
  milliseconds delay = std::max(policy_.initial, milliseconds(1));
  // Doubling stops at the cap, so it cannot overflow however many attempts.
  for (int attempt = 1; attempt < attempts_made && delay < policy_.max; ++attempt) delay *= 2;
  return std::min(delay, policy_.max);
}

seconds RetrySchedule::backoff(int attempts_made) {
  double factor = 1.0 + kJitter * (2.0 * unit_random_() - 1.0);
  auto jittered = milliseconds(std::llround(capped_backoff(attempts_made).count() * factor));
  return std::max(whole_seconds_rounding_up(jittered), seconds(1));
}

RetryDecision RetrySchedule::after_transient_failure(int attempts_made,
                                                     state::UnixSeconds queued_at,
                                                     state::UnixSeconds now,
                                                     std::optional<seconds> retry_after) {
  state::UnixSeconds deadline = queued_at + to_unix(policy_.give_up_after);
  if (now >= deadline) return {true, 0};
  state::UnixSeconds next = std::min(now + backoff(attempts_made).count(), deadline);
  if (retry_after) next = std::max(next, now + std::max(retry_after->count(), std::int64_t{1}));
  return {false, next};
}

}  // namespace feedwatch::notify
