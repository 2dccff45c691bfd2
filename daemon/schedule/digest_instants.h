// When a rule's digest (SPEC §3 `digest: "daily 08:00 Europe/Berlin"`) is
// next due, in its IANA time zone from the system's zoneinfo, DST included.
// Pure functions of the instant passed in (no clock); thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "daemon/state/unix_time.h"
#include "rules/rule_schedule.h"

namespace feedwatch::schedule {

// nullopt when the zone is known, else a message saying what is wrong and
// what to do (for `check` and config loading).
std::optional<std::string> time_zone_problem(std::string_view zone);

// The first scheduled instant strictly after `after`. The wall-clock time is
// read in the schedule's zone: a time that does not exist that day (skipped
// by a DST jump forward, e.g. 02:30) means the instant the clocks jump; a
// time that happens twice (DST ends) means the earlier one. An unknown zone
// counts as UTC (the configuration loader rejects one before it gets here).
state::UnixSeconds next_digest_instant(const rules::DigestSchedule& schedule, state::UnixSeconds after);

}  // namespace feedwatch::schedule
