#include "daemon/fetch/retry_after.h"

#include <catch2/catch.hpp>

using feedwatch::fetch::parse_retry_after;
using std::chrono::seconds;

namespace {

// 2025-02-22T09:30:00Z, the instant the HTTP dates below are measured from.
const auto kNow = std::chrono::system_clock::from_time_t(1740216600);

}  // namespace

TEST_CASE("Retry-After in delta-seconds is read as seconds", "[fetch]") {
  CHECK(parse_retry_after("120", kNow) == seconds(120));
  CHECK(parse_retry_after("  0 ", kNow) == seconds(0));
}

TEST_CASE("Retry-After as an IMF-fixdate is the wait until that instant", "[fetch]") {
  CHECK(parse_retry_after("Sat, 22 Feb 2025 09:32:00 GMT", kNow) == seconds(120));
}

TEST_CASE("Retry-After in the obsolete RFC 850 and asctime forms is read too", "[fetch]") {
  CHECK(parse_retry_after("Saturday, 22-Feb-25 09:31:00 GMT", kNow) == seconds(60));
  CHECK(parse_retry_after("Sat Feb 22 09:30:30 2025", kNow) == seconds(30));
}

TEST_CASE("Retry-After with a date in the past means no wait", "[fetch]") {
  CHECK(parse_retry_after("Fri, 21 Feb 2025 09:30:00 GMT", kNow) == seconds(0));
}

TEST_CASE("Retry-After that is neither form is ignored", "[fetch]") {
  CHECK_FALSE(parse_retry_after("", kNow));
  CHECK_FALSE(parse_retry_after("-5", kNow));
  CHECK_FALSE(parse_retry_after("soon", kNow));
  CHECK_FALSE(parse_retry_after("12s", kNow));
}
