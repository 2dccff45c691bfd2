// Tests of digest instants (SPEC §3 `digest`): daily and weekly schedules in
// UTC, a half-hour zone, and zones across both DST transitions, with
// instants exactly at the boundary. Pure arithmetic over Unix seconds.
#include <catch2/catch.hpp>
#include <time.h>

#include <string>

#include "daemon/schedule/digest_instants.h"
#include "rules/rule_schedule.h"

using feedwatch::rules::DigestSchedule;
using feedwatch::schedule::next_digest_instant;
using feedwatch::schedule::time_zone_problem;
using feedwatch::state::UnixSeconds;

namespace {

UnixSeconds utc(int year, int month, int day, int hour, int minute, int second = 0) {
  struct tm parts {};
  parts.tm_year = year - 1900;
  parts.tm_mon = month - 1;
  parts.tm_mday = day;
  parts.tm_hour = hour;
  parts.tm_min = minute;
  parts.tm_sec = second;
  return static_cast<UnixSeconds>(timegm(&parts));
}

DigestSchedule schedule(const std::string& text) {
  auto parsed = feedwatch::rules::parse_digest(text);
  REQUIRE(parsed);
  return *parsed;
}

}  // namespace

TEST_CASE("A daily UTC digest is due at its time, strictly after the instant given", "[digest]") {
  DigestSchedule daily = schedule("daily 08:00 UTC");
  CHECK(next_digest_instant(daily, utc(2026, 1, 10, 7, 59, 59)) == utc(2026, 1, 10, 8, 0));
  CHECK(next_digest_instant(daily, utc(2026, 1, 10, 8, 0)) == utc(2026, 1, 11, 8, 0));
  CHECK(next_digest_instant(daily, utc(2026, 1, 10, 8, 0, 1)) == utc(2026, 1, 11, 8, 0));
  CHECK(next_digest_instant(schedule("daily 00:00"), utc(2026, 12, 31, 23, 59, 59)) == utc(2027, 1, 1, 0, 0));
}

TEST_CASE("A weekly digest is due on its weekday only", "[digest]") {
  DigestSchedule monday = schedule("weekly mon 08:00 UTC");  // 2026-01-10 is a Saturday
  CHECK(next_digest_instant(monday, utc(2026, 1, 10, 12, 0)) == utc(2026, 1, 12, 8, 0));
  CHECK(next_digest_instant(monday, utc(2026, 1, 12, 7, 59, 59)) == utc(2026, 1, 12, 8, 0));
  CHECK(next_digest_instant(monday, utc(2026, 1, 12, 8, 0)) == utc(2026, 1, 19, 8, 0));
  CHECK(next_digest_instant(schedule("weekly sunday 23:30 UTC"), utc(2026, 1, 11, 23, 30)) ==
        utc(2026, 1, 18, 23, 30));
}

TEST_CASE("Asia/Kolkata's half-hour offset shifts the instant and, near midnight, the weekday", "[digest]") {
  DigestSchedule daily = schedule("daily 08:00 Asia/Kolkata");  // UTC+5:30, no DST
  CHECK(next_digest_instant(daily, utc(2026, 5, 1, 2, 29, 59)) == utc(2026, 5, 1, 2, 30));
  CHECK(next_digest_instant(daily, utc(2026, 5, 1, 2, 30)) == utc(2026, 5, 2, 2, 30));
  // Monday 00:15 in Kolkata is Sunday 18:45 UTC.
  DigestSchedule monday = schedule("weekly mon 00:15 Asia/Kolkata");
  CHECK(next_digest_instant(monday, utc(2026, 1, 11, 18, 44, 59)) == utc(2026, 1, 11, 18, 45));
  CHECK(next_digest_instant(monday, utc(2026, 1, 11, 18, 45)) == utc(2026, 1, 18, 18, 45));
}

TEST_CASE("Europe/Berlin keeps 08:00 local across both DST changes", "[digest]") {
  DigestSchedule daily = schedule("daily 08:00 Europe/Berlin");
  CHECK(next_digest_instant(daily, utc(2026, 1, 10, 0, 0)) == utc(2026, 1, 10, 7, 0));   // CET
  CHECK(next_digest_instant(daily, utc(2026, 7, 10, 0, 0)) == utc(2026, 7, 10, 6, 0));   // CEST
  // Clocks go forward on 2026-03-29 and back on 2026-10-25.
  CHECK(next_digest_instant(daily, utc(2026, 3, 28, 7, 0)) == utc(2026, 3, 29, 6, 0));
  CHECK(next_digest_instant(daily, utc(2026, 10, 24, 6, 0)) == utc(2026, 10, 25, 7, 0));
}

TEST_CASE("A time skipped by DST is due when the clocks jump, a repeated one the first time", "[digest]") {
  DigestSchedule berlin = schedule("daily 02:30 Europe/Berlin");
  // 2026-03-29 02:30 does not exist: 02:00 CET became 03:00 CEST at 01:00 UTC.
  CHECK(next_digest_instant(berlin, utc(2026, 3, 28, 2, 0)) == utc(2026, 3, 29, 1, 0));
  CHECK(next_digest_instant(berlin, utc(2026, 3, 29, 1, 0)) == utc(2026, 3, 30, 0, 30));
  // 2026-10-25 02:30 happens twice: 00:30 UTC (CEST), then 01:30 UTC (CET).
  CHECK(next_digest_instant(berlin, utc(2026, 10, 24, 12, 0)) == utc(2026, 10, 25, 0, 30));
  CHECK(next_digest_instant(berlin, utc(2026, 10, 25, 0, 30)) == utc(2026, 10, 26, 1, 30));

  DigestSchedule new_york = schedule("daily 02:30 America/New_York");
  // 2026-03-08 02:00 EST became 03:00 EDT at 07:00 UTC.
  CHECK(next_digest_instant(new_york, utc(2026, 3, 7, 12, 0)) == utc(2026, 3, 8, 7, 0));
  CHECK(next_digest_instant(new_york, utc(2026, 3, 8, 7, 0)) == utc(2026, 3, 9, 6, 30));
  DigestSchedule repeated = schedule("daily 01:30 America/New_York");
  // 2026-11-01 01:30 happens at 05:30 UTC (EDT) and 06:30 UTC (EST).
  CHECK(next_digest_instant(repeated, utc(2026, 10, 31, 12, 0)) == utc(2026, 11, 1, 5, 30));
  CHECK(next_digest_instant(repeated, utc(2026, 11, 1, 5, 30)) == utc(2026, 11, 2, 6, 30));
  DigestSchedule eight = schedule("daily 08:00 America/New_York");
  CHECK(next_digest_instant(eight, utc(2026, 3, 7, 13, 0)) == utc(2026, 3, 8, 12, 0));
  CHECK(next_digest_instant(eight, utc(2026, 10, 31, 12, 0)) == utc(2026, 11, 1, 13, 0));
}

TEST_CASE("Known zones pass the check and an unknown one is named with what to do", "[digest]") {
  CHECK_FALSE(time_zone_problem("UTC"));
  CHECK_FALSE(time_zone_problem("Europe/Berlin"));
  CHECK_FALSE(time_zone_problem("America/Argentina/Buenos_Aires"));
  auto problem = time_zone_problem("Mars/Olympus_Mons");
  REQUIRE(problem);
  CHECK_THAT(*problem, Catch::Contains("unknown time zone 'Mars/Olympus_Mons'") && Catch::Contains("IANA"));
  CHECK(time_zone_problem("Europe/Berln"));
}
