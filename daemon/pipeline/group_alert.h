// Closes due groups: each `group` window or `digest` whose instant has come
// becomes ONE alert listing its members (SPEC §5 "entries"), queued in the
// same transaction that closes the group. Pure builder plus one store call;
// thread-safety as for the StateStore passed in.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "daemon/state/state_store.h"
#include "rules/rule_file.h"

namespace feedwatch::pipeline {

// At most this many members are listed in one alert; the rest are counted
// ("entries_omitted"), so a flood does not make a giant message.
inline constexpr int kGroupEntryLimit = 100;

// What the alert row calls the group instead of a story: the kind and the
// instant that names it (window start, digest instant). Unique per rule.
std::string group_story_key(const state::DueGroup& group);

// The alert for a due group. Severity and notifiers are `rule`'s as it
// stands now, or, when the rule is gone from the configuration (null), as
// stored with the group's last member. alert_id = alert_id_for(rule, the
// group story key): stable however often the close is retried.
state::NewAlert build_group_alert(const state::DueGroup& group, const rules::Rule* rule, state::UnixSeconds now);

// Closes every group due at `now` into the outbox, in one transaction.
// Returns how many alerts were queued.
state::Result<std::int64_t> close_due_groups(state::StateStore& store, const std::vector<rules::Rule>& rules,
                                             state::UnixSeconds now);

}  // namespace feedwatch::pipeline
