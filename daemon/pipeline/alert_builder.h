// Turns rule matches into the outbox rows of SPEC §5: one alert per (rule,
// story), with an id that is stable for that pair so a replay, a restart or
// a second worker produces the same row. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/pipeline/feed_identity.h"
#include "daemon/state/outbox.h"
#include "daemon/state/unix_time.h"
#include "feed/feed.h"
#include "rules/rule_file.h"

namespace feedwatch::pipeline {

// A rule that fired for an entry, in its feed's scope, that may become an alert.
struct AlertCandidate {
  std::size_t entry_index = 0;  // into the body's entries
  std::size_t rule_index = 0;   // into the rule set (rules::RuleMatch::rule_index)
  std::string story_key;
  std::vector<std::string> matched;  // terms as written in the query
};

// "fw-" + the first 20 hex digits of SHA-256(rule name + "\n" + story key).
std::string alert_id_for(std::string_view rule_name, std::string_view story_key);

// The candidates whose (rule, story) no earlier candidate has: a body may
// carry the same story twice (two ids, one link), which is one alert.
std::vector<AlertCandidate> without_repeated_stories(std::vector<AlertCandidate> candidates);

// The alert row: payload per alert_payload.h, notifiers = the rule's notify
// list, detected at `now`. For rules without `group`/`digest`: those wait in
// a group (group_membership.h) and alert when it closes (group_alert.h).
state::NewAlert build_alert(const AlertCandidate& candidate, const rules::Rule& rule, const feed::Entry& entry,
                            const FeedIdentity& feed, state::UnixSeconds now);

}  // namespace feedwatch::pipeline
