#include "daemon/pipeline/entry_changes.h"

#include <cassert>

namespace feedwatch::pipeline {

std::string_view to_string(EntryChange change) {
  switch (change) {
    case EntryChange::kNew: return "new";
    case EntryChange::kUnchanged: return "unchanged";
    case EntryChange::kEdited: return "edited";
  }
  return "unknown";
}

EntryChange classify_entry(const state::EntryMark& mark, const std::optional<state::SeenMark>& seen) {
  if (!seen) return EntryChange::kNew;
  return seen->content_hash == mark.content_hash ? EntryChange::kUnchanged : EntryChange::kEdited;
}

std::vector<EntryChange> classify_entries(std::span<const state::EntryMark> marks,
                                          std::span<const std::optional<state::SeenMark>> seen) {
  assert(marks.size() == seen.size());
  std::vector<EntryChange> changes;
  changes.reserve(marks.size());
  for (std::size_t i = 0; i < marks.size(); ++i) changes.push_back(classify_entry(marks[i], seen[i]));
  return changes;
}

state::EntryMark mark_to_commit(state::EntryMark mark, const std::optional<state::SeenMark>& seen) {
  if (seen && !seen->story_key.empty()) mark.story_key = seen->story_key;
  return mark;
}

std::set<std::string> parse_matched_rules(std::string_view stored) {
  std::set<std::string> names;
  while (!stored.empty()) {
    std::size_t end = stored.find('\n');
    std::string_view name = stored.substr(0, end);
    if (!name.empty()) names.emplace(name);
    if (end == std::string_view::npos) break;
    stored.remove_prefix(end + 1);
  }
  return names;
}

std::string format_matched_rules(const std::set<std::string>& names) {
  std::string stored;
  for (const std::string& name : names) stored += (stored.empty() ? "" : "\n") + name;
  return stored;
}

}  // namespace feedwatch::pipeline
