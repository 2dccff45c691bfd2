// Parses the time settings of a rule: `group` durations ("10m") and `digest`
// schedules ("daily 08:00 Europe/Berlin", "weekly mon 08:00 UTC"). Pure
// functions returning values or an error message; thread-safe.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "rules/expected.h"

namespace feedwatch::rules {

// "500ms", "30s", "15m", "2h", "7d" (SPEC §2). Must be more than zero.
Expected<std::chrono::milliseconds, std::string> parse_duration(std::string_view text);

struct DigestSchedule {
  enum class Period { kDaily, kWeekly };
  Period period = Period::kDaily;
  int weekday = 0;  // 0 = Monday ... 6 = Sunday; weekly only
  int hour = 0;
  int minute = 0;
  std::string time_zone = "UTC";  // an IANA name; checked for shape only

  bool operator==(const DigestSchedule&) const = default;
};

Expected<DigestSchedule, std::string> parse_digest(std::string_view text);

}  // namespace feedwatch::rules
