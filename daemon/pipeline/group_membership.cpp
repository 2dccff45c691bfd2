#include "daemon/pipeline/group_membership.h"

#include <cassert>
#include <chrono>

#include "daemon/pipeline/alert_payload.h"
#include "daemon/schedule/digest_instants.h"

namespace feedwatch::pipeline {

bool is_grouped(const rules::Rule& rule) { return rule.group.has_value() || rule.digest.has_value(); }

namespace {

state::UnixSeconds whole_seconds_at_least_one(std::chrono::milliseconds duration) {
  auto seconds = std::chrono::ceil<std::chrono::seconds>(duration).count();
  return std::max<state::UnixSeconds>(seconds, 1);
}

void set_window(const rules::Rule& rule, state::UnixSeconds now, state::NewGroupMember& member) {
  if (rule.group) {
    member.kind = state::GroupKind::kWindow;
    member.window_seconds = whole_seconds_at_least_one(*rule.group);
    return;
  }
  member.kind = state::GroupKind::kDigest;
  member.digest_at = schedule::next_digest_instant(*rule.digest, now);
  member.next_digest_at = schedule::next_digest_instant(*rule.digest, member.digest_at);
}

}  // namespace

state::NewGroupMember build_group_member(const AlertCandidate& candidate, const rules::Rule& rule,
                                         const feed::Entry& entry, const FeedIdentity& feed,
                                         state::UnixSeconds now) {
  assert(is_grouped(rule));
  state::NewGroupMember member;
  member.rule = rule.name;
  member.story_key = candidate.story_key;
  set_window(rule, now, member);
  member.entry_json = entry_object_json(entry);
  member.feed_json = feed_object_json(feed.url, feed.display_title());
  member.matched_json = matched_json(candidate.matched);
  member.severity = std::string(rules::severity_name(rule.severity));
  member.notifiers = rule.notify;
  member.joined_at = now;
  return member;
}

}  // namespace feedwatch::pipeline
