// Tests of StoragePause, the delivery service's wait for a state database
// that refuses writes: 1 s, then doubling up to the retry policy's max.
#include <catch2/catch.hpp>

#include "daemon/notify/storage_pause.h"

using feedwatch::notify::StoragePause;
using namespace std::chrono_literals;

TEST_CASE("Storage pauses wait 1 s, then twice as long each time, up to the retry maximum",
          "[notify][storage]") {
  StoragePause pause(4s);
  CHECK_FALSE(pause.paused());
  CHECK(pause.failed("disk full", 100) == 1s);
  CHECK(pause.failed("disk full", 101) == 2s);
  CHECK(pause.failed("disk full", 103) == 4s);
  CHECK(pause.failed("disk full", 107) == 4s);
  CHECK(pause.failed("disk full", 111) == 4s);
  REQUIRE(pause.paused());
  CHECK(pause.failure()->since == 100);
  CHECK(pause.failure()->failed_tries == 5);
}

TEST_CASE("A long storage outage doubles its waits without overflow up to an hour", "[notify][storage]") {
  StoragePause pause(1h);
  std::chrono::seconds wait{};
  for (int round = 0; round < 1000; ++round) wait = pause.failed("I/O error", round);
  CHECK(wait == 1h);
}

TEST_CASE("A storage pause ends with the first round that goes through, and the next starts at 1 s",
          "[notify][storage]") {
  StoragePause pause(1h);
  pause.failed("first", 10);
  pause.failed("second", 11);
  auto ended = pause.succeeded();
  REQUIRE(ended);
  CHECK(ended->message == "second");
  CHECK(ended->since == 10);
  CHECK(ended->failed_tries == 2);
  CHECK_FALSE(pause.paused());
  CHECK_FALSE(pause.succeeded());
  CHECK(pause.failed("again", 500) == 1s);
  CHECK(pause.failure()->since == 500);
}

TEST_CASE("A retry maximum under a second still waits a second between storage tries", "[notify][storage]") {
  StoragePause pause(200ms);
  CHECK(pause.failed("full", 1) == 1s);
  CHECK(pause.failed("full", 2) == 1s);
}
