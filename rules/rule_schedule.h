// Parses a rule's `digest` schedule ("daily 08:00 Europe/Berlin", "weekly mon
// 08:00 UTC"). `group` durations are common/quantity.h's parse_duration. Pure
// functions returning values or an error message; thread-safe.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "rules/expected.h"

namespace feedwatch::rules {

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
