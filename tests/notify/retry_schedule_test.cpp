// Tests of the retry schedule: exponential backoff from retry.initial,
// capped at retry.max, jittered by at most 20%, Retry-After honoured, and
// giving up once give_up_after has passed since the alert was queued.
#include <catch2/catch.hpp>

#include <set>

#include "daemon/notify/retry_schedule.h"

using namespace feedwatch::notify;
using namespace std::chrono_literals;

namespace {

feedwatch::config::RetryPolicy policy() { return {30s, 1h, 48h}; }

UnitRandom no_jitter() {
  return [] { return 0.5; };
}

}  // namespace

TEST_CASE("Backoff starts at retry.initial and doubles per attempt up to retry.max", "[notify]") {
  RetrySchedule schedule(policy(), no_jitter());
  CHECK(schedule.backoff(1) == 30s);
  CHECK(schedule.backoff(2) == 60s);
  CHECK(schedule.backoff(3) == 120s);
  CHECK(schedule.backoff(7) == 1920s);
  CHECK(schedule.backoff(8) == 3600s);
  CHECK(schedule.backoff(1000) == 3600s);
}

TEST_CASE("Jitter keeps every backoff within 20% of its unjittered value", "[notify]") {
  RetrySchedule schedule(policy(), seeded_unit_random(42));
  std::set<long> seen;
  for (int sample = 0; sample < 1000; ++sample) {
    long seconds = static_cast<long>(schedule.backoff(3).count());
    REQUIRE(seconds >= 96);
    REQUIRE(seconds <= 144);
    seen.insert(seconds);
  }
  CHECK(seen.size() > 30);  // spread, not one value
}

TEST_CASE("The extremes of the random source give exactly plus or minus 20%", "[notify]") {
  CHECK(RetrySchedule(policy(), [] { return 0.0; }).backoff(1) == 24s);
  CHECK(RetrySchedule(policy(), [] { return 0.999999999; }).backoff(1) == 36s);
}

TEST_CASE("The same seed gives the same backoff sequence", "[notify]") {
  RetrySchedule first(policy(), seeded_unit_random(7));
  RetrySchedule second(policy(), seeded_unit_random(7));
  for (int attempt = 1; attempt < 10; ++attempt)
    CHECK(first.backoff(attempt) == second.backoff(attempt));
}

TEST_CASE("Retry-After is honoured when it is longer than the backoff", "[notify]") {
  RetrySchedule schedule(policy(), no_jitter());
  RetryDecision longer = schedule.after_transient_failure(1, 1000, 1000, 600s);
  CHECK_FALSE(longer.give_up);
  CHECK(longer.next_attempt_at == 1600);
  RetryDecision shorter = schedule.after_transient_failure(1, 1000, 1000, 5s);
  CHECK(shorter.next_attempt_at == 1030);
}

TEST_CASE("The schedule gives up once give_up_after has passed since queuing", "[notify]") {
  RetrySchedule schedule({30s, 1h, 2h}, no_jitter());
  CHECK_FALSE(schedule.after_transient_failure(5, 1000, 1000 + 7199, std::nullopt).give_up);
  CHECK(schedule.after_transient_failure(5, 1000, 1000 + 7200, std::nullopt).give_up);
}

TEST_CASE("The last retry falls on the give-up deadline rather than after it", "[notify]") {
  RetrySchedule schedule({30s, 1h, 2h}, no_jitter());
  // Queued at 1000, deadline 8200; a 1h backoff from 7000 would end at 10600.
  RetryDecision decision = schedule.after_transient_failure(10, 1000, 7000, std::nullopt);
  CHECK(decision.next_attempt_at == 8200);
}

TEST_CASE("A sub-second initial backoff waits at least one second", "[notify]") {
  RetrySchedule schedule({200ms, 1h, 48h}, no_jitter());
  CHECK(schedule.backoff(1) == 1s);
}
