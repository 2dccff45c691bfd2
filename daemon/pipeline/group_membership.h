// Turns a match of a `group` or `digest` rule (SPEC §3) into the group member
// the state store commits instead of an alert: which window or digest it
// waits for, and the entry, feed and terms its alert will list. Pure
// functions; thread-safe.
#pragma once

#include "daemon/pipeline/alert_builder.h"
#include "daemon/pipeline/feed_identity.h"
#include "daemon/state/alert_groups.h"
#include "daemon/state/unix_time.h"
#include "feed/feed.h"
#include "rules/rule_file.h"

namespace feedwatch::pipeline {

// Whether the rule's matches wait in a group rather than alerting at once.
bool is_grouped(const rules::Rule& rule);

// REQUIRES: is_grouped(rule). A `group` window shorter than a second counts
// as one second (the store keeps whole seconds); a digest waits for the
// first scheduled instant after `now`.
state::NewGroupMember build_group_member(const AlertCandidate& candidate, const rules::Rule& rule,
                                         const feed::Entry& entry, const FeedIdentity& feed,
                                         state::UnixSeconds now);

}  // namespace feedwatch::pipeline
