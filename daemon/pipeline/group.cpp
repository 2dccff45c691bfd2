#include "daemon/pipeline/group.h"

#include <algorithm>
#include <cassert>
#include <chrono>
#include <utility>

#include "daemon/schedule/digest_instants.h"
#include "daemon/state/transaction.h"

namespace feedwatch::pipeline {

// --- joining ---------------------------------------------------------------

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

bool is_grouped(const rules::Rule& rule) { return rule.group.has_value() || rule.digest.has_value(); }

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

// --- closing ---------------------------------------------------------------

namespace {

const rules::Rule* find_rule(const std::vector<rules::Rule>& rules, const std::string& name) {
  auto found = std::ranges::find(rules, name, &rules::Rule::name);
  return found != rules.end() ? &*found : nullptr;
}

std::string_view kind_name(state::GroupKind kind) { return kind == state::GroupKind::kDigest ? "digest" : "group"; }

std::vector<GroupedEntry> listed_entries(const state::DueGroup& group) {
  std::vector<GroupedEntry> entries;
  entries.reserve(group.members.size());
  for (const state::GroupMember& member : group.members) {
    entries.push_back({member.entry_json, member.feed_json, member.matched_json});
  }
  return entries;
}

}  // namespace

std::string group_story_key(const state::DueGroup& group) {
  state::UnixSeconds instant = group.kind == state::GroupKind::kDigest ? group.closes_at : group.opened_at;
  return std::string(kind_name(group.kind)) + ":" + std::to_string(instant);
}

state::NewAlert build_group_alert(const state::DueGroup& group, const rules::Rule* rule, state::UnixSeconds now) {
  std::string story_key = group_story_key(group);
  GroupedAlertFacts facts;
  facts.alert_id = alert_id_for(group.rule, story_key);
  facts.rule = group.rule;
  facts.severity = rule != nullptr ? std::string(rules::severity_name(rule->severity)) : group.severity;
  facts.matched = group.matched;
  facts.kind = kind_name(group.kind);
  facts.window_start = group.opened_at;
  facts.window_end = group.closes_at;
  facts.entry_count = group.member_count;
  facts.detected_at = now;
  std::string payload = grouped_alert_payload_json(facts, listed_entries(group));
  return state::NewAlert{std::move(facts.alert_id), group.rule, std::move(story_key), std::move(payload),
                         rule != nullptr ? rule->notify : group.notifiers};
}

// The due groups are read inside the write transaction, so a commit adding
// a member at the same time either lands before the close (and is listed)
// or after it (and opens the next window).
state::Result<std::int64_t> close_due_groups(state::StateStore& store, const std::vector<rules::Rule>& rules,
                                             state::UnixSeconds now) {
  auto transaction = state::Transaction::begin(store.connection());
  if (!transaction.ok()) return transaction.status();
  auto due = store.groups().due(now, kGroupEntryLimit);
  if (!due.ok()) return due.status();
  for (const state::DueGroup& group : due.value()) {
    state::NewAlert alert = build_group_alert(group, find_rule(rules, group.rule), now);
    state::Status written = store.write_group_alert(group.group_id, alert, now);
    if (!written.ok()) return written;  // the transaction rolls back
  }
  state::Status committed = transaction.value().commit();
  if (!committed.ok()) return committed;
  return static_cast<std::int64_t>(due.value().size());
}

}  // namespace feedwatch::pipeline
