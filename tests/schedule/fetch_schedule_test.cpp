#include <catch2/catch.hpp>

#include "daemon/schedule/fetch_schedule.h"

using namespace feedwatch::schedule;
using namespace std::chrono_literals;

TEST_CASE("a successful feed is due again after its interval, within 5% jitter", "[schedule]") {
  CHECK(delay_after_success(10min, 0.5) == 10min);
  CHECK(delay_after_success(10min, 0.0) == 9min + 30s);
  CHECK(delay_after_success(10min, 0.999999) <= 10min + 30s);
  CHECK(delay_after_success(10min, 0.999999) > 10min + 29s);
}

TEST_CASE("a failing feed backs off exponentially from its interval", "[schedule]") {
  CHECK(delay_after_failure(15min, 1, std::nullopt, 0.5) == 15min);
  CHECK(delay_after_failure(15min, 2, std::nullopt, 0.5) == 30min);
  CHECK(delay_after_failure(15min, 3, std::nullopt, 0.5) == 60min);
  CHECK(delay_after_failure(15min, 5, std::nullopt, 0.5) == 4h);
}

TEST_CASE("backoff is capped at 24 hours even with jitter and many failures", "[schedule]") {
  CHECK(delay_after_failure(15min, 12, std::nullopt, 0.5) == 24h);
  CHECK(delay_after_failure(15min, 1000, std::nullopt, 0.999) == 24h);
  CHECK(delay_after_failure(15min, 1000, std::nullopt, 0.0) == 24h * 0.9);
}

TEST_CASE("Retry-After is honoured when it asks for more than the backoff", "[schedule]") {
  CHECK(delay_after_failure(1min, 1, 10min, 0.5) == 10min);
  CHECK(delay_after_failure(1h, 1, 10min, 0.5) == 1h);  // backoff already longer
  CHECK(delay_after_failure(1min, 1, 100h, 0.5) == 24h);  // an absurd Retry-After is capped
}

TEST_CASE("first fetches are spread over a few seconds, stably per URL, whatever the interval",
          "[schedule]") {
  auto a = first_fetch_delay("https://a.example/rss", 1h);
  CHECK(a == first_fetch_delay("https://a.example/rss", 1h));
  CHECK(a == first_fetch_delay("https://a.example/rss", 24h));  // the interval does not move it
  int distinct = 0;
  Milliseconds previous{-1};
  for (int i = 0; i < 50; ++i) {
    auto delay = first_fetch_delay("https://feed" + std::to_string(i) + ".example/", 1h);
    CHECK(delay >= 0ms);
    CHECK(delay < kFirstFetchSpread);
    distinct += delay != previous;
    previous = delay;
  }
  CHECK(distinct > 40);
}

TEST_CASE("a feed polled more often than the spread has its first fetch within its interval",
          "[schedule]") {
  for (int i = 0; i < 50; ++i) {
    auto delay = first_fetch_delay("https://feed" + std::to_string(i) + ".example/", 800ms);
    CHECK(delay >= 0ms);
    CHECK(delay < 800ms);
  }
  CHECK(first_fetch_delay("https://a.example/rss", 0ms) == 0ms);
}
