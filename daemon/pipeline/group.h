// `group` and `digest` rules (SPEC §3): a match of such a rule becomes a
// group member the state store commits instead of an alert (which window or
// digest it waits for, and the entry, feed and terms its alert will list);
// each group whose instant has come becomes ONE alert listing its members
// (SPEC §5 "entries"), queued in the same transaction that closes the group.
// Pure builders plus close_due_groups, which owns that transaction;
// thread-safety as for the StateStore passed in.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "daemon/pipeline/alert.h"
#include "daemon/pipeline/classify.h"
#include "daemon/state/state_store.h"
#include "daemon/state/unix_time.h"
#include "feed/feed.h"
#include "rules/rule_file.h"

namespace feedwatch::pipeline {

// At most this many members are listed in one alert; the rest are counted
// ("entries_omitted"), so a flood does not make a giant message.
inline constexpr int kGroupEntryLimit = 100;

// --- joining ---------------------------------------------------------------

// Whether the rule's matches wait in a group rather than alerting at once.
bool is_grouped(const rules::Rule& rule);

// REQUIRES: is_grouped(rule). A `group` window shorter than a second counts
// as one second (the store keeps whole seconds); a digest waits for the
// first scheduled instant after `now`.
state::NewGroupMember build_group_member(const AlertCandidate& candidate, const rules::Rule& rule,
                                         const feed::Entry& entry, const FeedIdentity& feed,
                                         state::UnixSeconds now);

// --- closing ---------------------------------------------------------------

// What the alert row calls the group instead of a story: the kind and the
// instant that names it (window start, digest instant). Unique per rule.
std::string group_story_key(const state::DueGroup& group);

// The alert for a due group. Severity and notifiers are `rule`'s as it
// stands now, or, when the rule is gone from the configuration (null), as
// stored with the group's last member. alert_id = alert_id_for(rule, the
// group story key): stable however often the close is retried.
state::NewAlert build_group_alert(const state::DueGroup& group, const rules::Rule* rule, state::UnixSeconds now);

// Closes every group due at `now` into the outbox: opens the write
// transaction, asks the store for the due groups (members up to
// kGroupEntryLimit), builds their alerts, writes each with its group's
// close, and commits. A crash or an error leaves every due group either open
// or queued, never both; on error none is closed. Returns how many alerts
// were queued.
state::Result<std::int64_t> close_due_groups(state::StateStore& store, const std::vector<rules::Rule>& rules,
                                             state::UnixSeconds now);

}  // namespace feedwatch::pipeline
