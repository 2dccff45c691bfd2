#include <catch2/catch.hpp>

#include "common/closest_name.h"
#include "common/quantity.h"

using namespace feedwatch;
using namespace std::chrono_literals;

TEST_CASE("durations are read in every unit the configuration allows", "[config]") {
  CHECK(parse_duration("500ms") == Milliseconds(500));
  CHECK(parse_duration("30s") == Milliseconds(30s));
  CHECK(parse_duration("15m") == Milliseconds(15min));
  CHECK(parse_duration("2h") == Milliseconds(2h));
  CHECK(parse_duration("7d") == Milliseconds(7 * 24h));
}

TEST_CASE("malformed durations are rejected rather than guessed", "[config]") {
  for (const char* text : {"", "15", "m", "15 m", "15min", "-5s", "0s", "1.5h", "99999999999999999999d"}) {
    INFO(text);
    CHECK_FALSE(parse_duration(text).has_value());
  }
}

TEST_CASE("sizes are read in binary units", "[config]") {
  CHECK(parse_byte_size("512KiB") == 512u * 1024);
  CHECK(parse_byte_size("10MiB") == 10u * 1024 * 1024);
  CHECK(parse_byte_size("1GiB") == 1ull << 30);
  CHECK(parse_byte_size("100B") == 100u);
  CHECK_FALSE(parse_byte_size("10 MiB").has_value());
  CHECK_FALSE(parse_byte_size("ten").has_value());
}

TEST_CASE("durations are formatted in their largest exact unit", "[config]") {
  CHECK(format_duration(Milliseconds(15min)) == "15m");
  CHECK(format_duration(Milliseconds(24h)) == "1d");
  CHECK(format_duration(Milliseconds(1500)) == "1500ms");
}

TEST_CASE("a close misspelling gets a suggestion and a distant word does not", "[config]") {
  CHECK(closest_name("qeury", {"query", "name", "notify"}) == std::string("query"));
  CHECK(closest_name("Interval", {"interval", "timeout"}) == std::string("interval"));
  CHECK_FALSE(closest_name("banana", {"query", "name"}).has_value());
  CHECK(did_you_mean("notfy", {"notify"}) == " (did you mean 'notify'?)");
}
