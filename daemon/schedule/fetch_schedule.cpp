#include "daemon/schedule/fetch_schedule.h"

#include <algorithm>

namespace feedwatch::schedule {
namespace {

// FNV-1a: a tiny, stable hash; it only needs to spread URLs evenly.
std::uint64_t stable_hash(std::string_view text) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return hash;
}

Milliseconds with_jitter(Milliseconds delay, double fraction, JitterSample jitter) {
  double factor = 1.0 + fraction * (2.0 * jitter - 1.0);
  return Milliseconds(static_cast<std::int64_t>(static_cast<double>(delay.count()) * factor));
}

}  // namespace

Milliseconds first_fetch_delay(std::string_view feed_url, Milliseconds interval) {
  Milliseconds spread = std::min(interval, kFirstFetchSpread);
  if (spread.count() <= 0) return Milliseconds(0);
  return Milliseconds(static_cast<std::int64_t>(stable_hash(feed_url) %
                                                static_cast<std::uint64_t>(spread.count())));
}

Milliseconds delay_after_success(Milliseconds interval, JitterSample jitter) {
  return with_jitter(interval, 0.05, jitter);
}

Milliseconds delay_after_failure(Milliseconds interval, int consecutive_failures,
                                 std::optional<Milliseconds> retry_after, JitterSample jitter) {
  Milliseconds backoff = interval;
  for (int i = 1; i < consecutive_failures && backoff < kMaxBackoff; ++i) backoff *= 2;
  backoff = with_jitter(std::min(backoff, kMaxBackoff), 0.10, jitter);
  backoff = std::min(backoff, kMaxBackoff);
  if (retry_after) backoff = std::max(backoff, std::min(*retry_after, kMaxBackoff));
  return backoff;
}

}  // namespace feedwatch::schedule
