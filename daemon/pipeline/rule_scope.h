// A rule's `feeds:` scope (SPEC §3): which feeds it may fire for. Items are
// `tag:NAME`, a feed name (configured or the feed's own title) or a feed URL;
// an empty scope is every feed. Pure functions; thread-safe.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "daemon/pipeline/feed_identity.h"
#include "rules/rule_file.h"

namespace feedwatch::pipeline {

// Tags and names compare without regard to ASCII case (people retype them);
// URLs compare in canonical form (canonical_url.h).
bool scope_includes(std::span<const std::string> scope, const FeedIdentity& feed);

// For each rule, in order, whether it may fire for `feed`: computed once per
// body rather than once per match.
std::vector<bool> rules_in_scope(std::span<const rules::Rule> rules, const FeedIdentity& feed);

}  // namespace feedwatch::pipeline
