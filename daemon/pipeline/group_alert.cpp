#include "daemon/pipeline/group_alert.h"

#include <utility>

#include "daemon/pipeline/alert_builder.h"
#include "daemon/pipeline/alert_payload.h"

namespace feedwatch::pipeline {
namespace {

const rules::Rule* find_rule(const std::vector<rules::Rule>& rules, const std::string& name) {
  for (const rules::Rule& rule : rules) {
    if (rule.name == name) return &rule;
  }
  return nullptr;
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

state::Result<std::int64_t> close_due_groups(state::StateStore& store, const std::vector<rules::Rule>& rules,
                                             state::UnixSeconds now) {
  return store.close_due_groups(now, kGroupEntryLimit, [&rules, now](const state::DueGroup& group) {
    return build_group_alert(group, find_rule(rules, group.rule), now);
  });
}

}  // namespace feedwatch::pipeline
