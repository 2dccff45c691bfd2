// Tests of feed date parsing (feed/date_parser.h): every accepted form, the
// 24 dates of the feedparser conformance corpus, and what must be rejected.
#include "feed/date_parser.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>

namespace feedwatch::feed {
namespace {

// RFC 3339 UTC, whole seconds; written here rather than taken from
// feed_json so that these tests depend on the date parser alone.
std::string to_rfc3339(UnixSeconds seconds) {
  using namespace std::chrono;
  const sys_days day = floor<days>(sys_seconds{std::chrono::seconds{seconds}});
  const year_month_day date{day};
  // floor<days> makes time_of_day non-negative, so every field is small.
  const int time_of_day = static_cast<int>(seconds - day.time_since_epoch().count() * 86400);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02dZ",
                static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                static_cast<unsigned>(date.day()), time_of_day / 3600, time_of_day / 60 % 60,
                time_of_day % 60);
  return buffer;
}

std::string parsed(std::string_view text) {
  const std::optional<UnixSeconds> seconds = parse_date(text);
  return seconds ? to_rfc3339(*seconds) : "nullopt";
}

struct DateCase {
  std::string_view input;
  std::string_view expected;
};

void check_all(std::initializer_list<DateCase> cases) {
  for (const DateCase& test_case : cases) {
    INFO("input \"" << test_case.input << "\"");
    CHECK(parsed(test_case.input) == test_case.expected);
  }
}

TEST_CASE("Parses the dates of the feedparser conformance corpus", "[date]") {
  check_all({
      {"2003-012-31T10:14:55+00:00", "2003-12-31T10:14:55Z"},
      {"Thu, 30 Apr 2015 08:57:00 MET", "2015-04-30T07:57:00Z"},
      {"Thu, 30 Apr 2015 08:57:00 MEST", "2015-04-30T06:57:00Z"},
      {"Thu, 01 Jan 0100 00:00:01 +0100", "0099-12-31T23:00:01Z"},
      {"Thu, 01 Jan 04 19:48:21 GMT", "2004-01-01T19:48:21Z"},
      {"Wed, 19 Aug 2009 18:28:00 Etc/GMT", "2009-08-19T18:28:00Z"},
      {"Wed, 19 Feb 2012 22:40:00 GMT-01:01", "2012-02-19T23:41:00Z"},
      {"Wed, 19 Feb 2012 22:40:00 -01:01", "2012-02-19T23:41:00Z"},
      {"Mon, 13 Feb, 2012 06:28:00 UTC", "2012-02-13T06:28:00Z"},
      {"Mon, 26 January 2004 16:31:00 AT", "2004-01-26T20:31:00Z"},
      {"Mon, 26 January 2004 16:31:00 ET", "2004-01-26T21:31:00Z"},
      {"Mon, 26 January 2004 16:31:00 CT", "2004-01-26T22:31:00Z"},
      {"Mon, 26 January 2004 16:31:00 PT", "2004-01-27T00:31:00Z"},
      {"Thu Aug 30 2012 17:26:16 +0200", "2012-08-30T15:26:16Z"},
      {"Fri,24 Nov 2023 18:28:36 -0000", "2023-11-24T18:28:36Z"},
      {"Sun Jan  4 16:29:06 2004", "2004-01-04T16:29:06Z"},
      {"2003-12-31T18:14:55+08:00", "2003-12-31T10:14:55Z"},
      {"2003-12-31", "2003-12-31T00:00:00Z"},
      {"2003-12", "2003-12-01T00:00:00Z"},
      {"2004-02-28T18:14:55-08:00", "2004-02-29T02:14:55Z"},
      {"2003-02-28T18:14:55-08:00", "2003-03-01T02:14:55Z"},
      {"2000-02-28T18:14:55-08:00", "2000-02-29T02:14:55Z"},
      {"2004-07-08 23:56:58 -00:20", "2004-07-09T00:16:58Z"},
      {"2004-07-08 23:56:58", "2004-07-08T23:56:58Z"},
  });
}

TEST_CASE("Parses RFC 822 dates and their common deviations", "[date]") {
  check_all({
      {"Sat, 22 Feb 2025 09:30:00 GMT", "2025-02-22T09:30:00Z"},
      {"Sat, 22 Feb 2025 09:30:00 +0000", "2025-02-22T09:30:00Z"},
      {"22 Feb 2025 09:30:00 +0100", "2025-02-22T08:30:00Z"},          // no weekday
      {"Sat, 22 Feb 2025 09:30 GMT", "2025-02-22T09:30:00Z"},          // no seconds
      {"Sat,  22  Feb  2025  09:30:00  GMT", "2025-02-22T09:30:00Z"},  // extra spaces
      {"Sat, 22 Feb 2025 09:30:00", "2025-02-22T09:30:00Z"},           // no zone: UTC
      {"Sat, 22 Feb 2025", "2025-02-22T00:00:00Z"},                    // no time
      {"26 January 2004", "2004-01-26T00:00:00Z"},                     // full month name
      {"Thursday, 24 November 2023 18:28:36 GMT", "2023-11-24T18:28:36Z"},
      {"Mon, 26 Sept 2005 10:00:00 GMT", "2005-09-26T10:00:00Z"},
      {"Mon, 26 Jan. 2004 16:31:00 GMT", "2004-01-26T16:31:00Z"},
      {"Mon, 26-Jan-2004 16:31:00 GMT", "2004-01-26T16:31:00Z"},
      {"Sat, 22 Feb 2025 09:30:00.250 GMT", "2025-02-22T09:30:00Z"},
      {"Tue, 10 Jun 2003 09:41:01 +0000 (UTC)", "2003-06-10T09:41:01Z"},
      {"Mon, 26 Jan 2004 4:31 PM EST", "2004-01-26T21:31:00Z"},
      {"Mon, 26 Jan 2004 12:05 AM GMT", "2004-01-26T00:05:00Z"},
      {"sat, 22 feb 2025 09:30:00 gmt", "2025-02-22T09:30:00Z"},
  });
}

TEST_CASE("Expands two-digit years and keeps years before 1000 as written", "[date]") {
  check_all({
      {"Thu, 01 Jan 04 19:48:21 GMT", "2004-01-01T19:48:21Z"},
      {"Fri, 31 Dec 49 12:00:00 GMT", "2049-12-31T12:00:00Z"},
      {"Thu, 01 Jan 70 00:00:00 GMT", "1970-01-01T00:00:00Z"},
      {"Fri, 31 Dec 99 23:59:59 GMT", "1999-12-31T23:59:59Z"},
      {"Sat, 01 Jan 0999 00:00:00 GMT", "0999-01-01T00:00:00Z"},
  });
}

TEST_CASE("Understands named, numeric and military zones", "[date]") {
  check_all({
      {"Mon, 26 Jan 2004 12:00:00 UT", "2004-01-26T12:00:00Z"},
      {"Mon, 26 Jan 2004 12:00:00 Z", "2004-01-26T12:00:00Z"},
      {"Mon, 26 Jan 2004 12:00:00 EST", "2004-01-26T17:00:00Z"},
      {"Mon, 26 Jan 2004 12:00:00 EDT", "2004-01-26T16:00:00Z"},
      {"Mon, 26 Jan 2004 12:00:00 CST", "2004-01-26T18:00:00Z"},
      {"Mon, 26 Jan 2004 12:00:00 CDT", "2004-01-26T17:00:00Z"},
      {"Mon, 26 Jan 2004 12:00:00 MST", "2004-01-26T19:00:00Z"},
      {"Mon, 26 Jan 2004 12:00:00 MDT", "2004-01-26T18:00:00Z"},
      {"Mon, 26 Jan 2004 12:00:00 PST", "2004-01-26T20:00:00Z"},
      {"Mon, 26 Jan 2004 12:00:00 PDT", "2004-01-26T19:00:00Z"},
      {"Mon, 26 Jan 2004 12:00:00 MT", "2004-01-26T19:00:00Z"},
      {"Mon, 26 Jan 2004 12:00:00 CET", "2004-01-26T11:00:00Z"},
      {"Mon, 26 Jan 2004 12:00:00 CEST", "2004-01-26T10:00:00Z"},
      {"Mon, 26 Jan 2004 12:00:00 BST", "2004-01-26T11:00:00Z"},
      {"Mon, 26 Jan 2004 12:00:00 JST", "2004-01-26T03:00:00Z"},
      {"Mon, 26 Jan 2004 12:00:00 IST", "2004-01-26T06:30:00Z"},
      {"Mon, 26 Jan 2004 12:00:00 A", "2004-01-26T11:00:00Z"},   // military Alpha: UTC+1
      {"Mon, 26 Jan 2004 12:00:00 N", "2004-01-26T13:00:00Z"},   // November: UTC-1
      {"Mon, 26 Jan 2004 12:00:00 +05:30", "2004-01-26T06:30:00Z"},
      {"Mon, 26 Jan 2004 12:00:00 +530", "2004-01-26T06:30:00Z"},
      {"Mon, 26 Jan 2004 12:00:00 -03", "2004-01-26T15:00:00Z"},
      {"Mon, 26 Jan 2004 12:00:00 GMT+0200", "2004-01-26T10:00:00Z"},
      {"Mon, 26 Jan 2004 12:00:00 UTC-05:00", "2004-01-26T17:00:00Z"},
      {"Mon, 26 Jan 2004 12:00:00 Etc/GMT+5", "2004-01-26T17:00:00Z"},  // POSIX signs
      {"Mon, 26 Jan 2004 12:00:00 XYZ", "2004-01-26T12:00:00Z"},        // unknown: UTC
  });
}

TEST_CASE("Parses asctime and JavaScript Date.toString forms", "[date]") {
  check_all({
      {"Sun Jan  4 16:29:06 2004", "2004-01-04T16:29:06Z"},
      {"Sun Jan 4 16:29:06 PST 2004", "2004-01-05T00:29:06Z"},
      {"Thu Aug 30 2012 17:26:16 +0200", "2012-08-30T15:26:16Z"},
      {"Thu Aug 30 2012 17:26:16 GMT+0200 (CEST)", "2012-08-30T15:26:16Z"},
  });
}

TEST_CASE("Parses RFC 3339 and ISO 8601 forms", "[date]") {
  check_all({
      {"2003-12-31T18:14:55Z", "2003-12-31T18:14:55Z"},
      {"2003-12-31t18:14:55z", "2003-12-31T18:14:55Z"},
      {"2003-12-31T18:14:55.123456Z", "2003-12-31T18:14:55Z"},
      {"2003-12-31T18:14:55,5+01:00", "2003-12-31T17:14:55Z"},
      {"2003-12-31T18:14:55-0800", "2004-01-01T02:14:55Z"},
      {"2003-12-31T18:14Z", "2003-12-31T18:14:00Z"},
      {"2003-12-31T18:14:55 UTC", "2003-12-31T18:14:55Z"},
      {"2003-12-31 18:14:55 EST", "2003-12-31T23:14:55Z"},
      {"  2003-12-31T18:14:55Z \n", "2003-12-31T18:14:55Z"},
      {"2003", "2003-01-01T00:00:00Z"},
      {"2003-365", "2003-12-31T00:00:00Z"},
      {"20031231", "2003-12-31T00:00:00Z"},
      {"20031231T181455Z", "2003-12-31T18:14:55Z"},
      {"2003/12/31 18:14:55", "2003-12-31T18:14:55Z"},
      {"2003-12-31T24:00:00Z", "2004-01-01T00:00:00Z"},
      {"1969-12-31T23:59:59Z", "1969-12-31T23:59:59Z"},
  });
}

TEST_CASE("Rejects impossible dates instead of making one up", "[date]") {
  for (std::string_view input : {
           "2003-13-01",
           "2003-02-29",
           "2004-02-30",
           "2003-00-10",
           "2003-12-32",
           "2003-366",
           "2003-12-31T25:00:00Z",
           "2003-12-31T23:60:00Z",
           "2003-12-31T24:00:01Z",
           "Mon, 30 Feb 2004 10:00:00 GMT",
           "Mon, 31 Apr 2004 10:00:00 GMT",
           "Mon, 26 Jan 2004 10:00:00 +2500",
           "Mon, 26 Jan 2004 10:00:00 +01:75",
           "0000-01-01",
       }) {
    INFO("input \"" << input << "\"");
    CHECK_FALSE(parse_date(input).has_value());
  }
}

TEST_CASE("Rejects text that is not a date", "[date]") {
  for (std::string_view input : {
           "",
           "   ",
           "garbage",
           "yesterday",
           "99",
           "Jan 2004",
           "Mon, 26 Jan",
           "Mon, 26 Jan 2004 16:31:00 GMT GMT",
           "2003-12-31Tnoon",
           "2003-12-31T18:14:55+08:00 and more",
           "26-Jan-",
           "1700000000",
           "Mon, 26 5555555555555555555555555555555",  // found by fuzzing: int overflow
       }) {
    INFO("input \"" << input << "\"");
    CHECK_FALSE(parse_date(input).has_value());
  }
}

}  // namespace
}  // namespace feedwatch::feed
