#include "daemon/schedule/digest_instants.h"

#include <date/tz.h>

#include <chrono>
#include <stdexcept>

namespace feedwatch::schedule {
namespace {

using std::chrono::seconds;
using LocalSeconds = date::local_time<seconds>;
using SystemSeconds = date::sys_time<seconds>;

// The tz database is read from /usr/share/zoneinfo on first use; locate_zone
// reports an unknown name only by exception, turned into a value here.
const date::time_zone* find_zone(std::string_view name) {
  try {
    return date::locate_zone(name);
  } catch (const std::runtime_error&) {
    return nullptr;
  }
}

const date::time_zone* zone_or_utc(std::string_view name) {
  const date::time_zone* zone = find_zone(name);
  return zone != nullptr ? zone : find_zone("Etc/UTC");
}

// The instant a local wall-clock time stands for in `zone` (see the header
// for gaps and overlaps).
SystemSeconds instant_of(const date::time_zone& zone, LocalSeconds local) {
  date::local_info info = zone.get_info(local);
  if (info.result == date::local_info::nonexistent) return info.second.begin;
  return SystemSeconds{local.time_since_epoch() - info.first.offset};
}

bool scheduled_on(const rules::DigestSchedule& schedule, date::local_days day) {
  if (schedule.period == rules::DigestSchedule::Period::kDaily) return true;
  // date::weekday counts Sunday as 0; the schedule counts Monday as 0.
  return date::weekday(day).c_encoding() == static_cast<unsigned>((schedule.weekday + 1) % 7);
}

}  // namespace

std::optional<std::string> time_zone_problem(std::string_view zone) {
  if (find_zone(zone) != nullptr) return std::nullopt;
  return "unknown time zone '" + std::string(zone) +
         "' (not in the system's zoneinfo, /usr/share/zoneinfo); use an IANA name such as "
         "Europe/Berlin, America/New_York or UTC, and install tzdata";
}

// Walks the local days from the one before `after` (its offset may differ
// from the one the answer has) until a scheduled day's instant lies after it:
// at most 9 days for a weekly schedule.
state::UnixSeconds next_digest_instant(const rules::DigestSchedule& schedule, state::UnixSeconds after) {
  const date::time_zone* zone = zone_or_utc(schedule.time_zone);
  SystemSeconds after_instant{seconds(after)};
  LocalSeconds local_after = zone->to_local(after_instant);
  date::local_days day = date::floor<date::days>(local_after) - date::days(1);
  auto time_of_day = std::chrono::hours(schedule.hour) + std::chrono::minutes(schedule.minute);
  for (int step = 0; step < 10; ++step, day += date::days(1)) {
    if (!scheduled_on(schedule, day)) continue;
    SystemSeconds instant = instant_of(*zone, LocalSeconds{day} + time_of_day);
    if (instant > after_instant) return instant.time_since_epoch().count();
  }
  // Unreachable: a weekly day recurs within 7 of the 10 days walked.
  return after + 7 * 24 * 3600;
}

}  // namespace feedwatch::schedule
