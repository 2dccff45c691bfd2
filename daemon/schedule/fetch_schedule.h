// The politeness policy of SPEC §6 as pure arithmetic: when a feed is next
// due after a success, a failure, a Retry-After or a first sighting. No
// clock and no randomness of its own: both are passed in, so schedules are
// tested in simulated time. Thread-safe (stateless).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

namespace feedwatch::schedule {

using Milliseconds = std::chrono::milliseconds;

// Failing feeds back off up to this, whatever their interval.
inline constexpr Milliseconds kMaxBackoff = std::chrono::hours(24);

// A number in [0, 1) from the caller's random source: jitter spreads
// neighbouring feeds apart so they do not hit a host in lock-step.
using JitterSample = double;

// First fetches are spread over at most this, whatever the interval. SPEC §6
// wants a feed never fetched fetched within a minute of start-up or of the
// reload that adds it, and its alert may then still wait for a slow server
// (the fetch timeout) and for copies from other feeds: so seconds, not more.
inline constexpr Milliseconds kFirstFetchSpread = std::chrono::seconds(5);

// Delay before a feed never fetched is first due: a stable point within
// min(interval, kFirstFetchSpread) derived from its URL. Why not zero: new
// feeds all due at once would queue for fetching in URL order, one host's
// feeds back to back; by hash they queue with hosts mixed. Later polls
// follow the interval with jitter.
Milliseconds first_fetch_delay(std::string_view feed_url, Milliseconds interval);

// After a 200 or 304: the interval, shifted by up to ±5% jitter.
Milliseconds delay_after_success(Milliseconds interval, JitterSample jitter);

// After the n-th consecutive failure (n >= 1): interval × 2^(n-1), capped at
// kMaxBackoff, with ±10% jitter; never sooner than a Retry-After the server
// asked for (capped at kMaxBackoff too).
Milliseconds delay_after_failure(Milliseconds interval, int consecutive_failures,
                                 std::optional<Milliseconds> retry_after, JitterSample jitter);

}  // namespace feedwatch::schedule
