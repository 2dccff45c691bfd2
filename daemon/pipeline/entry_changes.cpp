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

}  // namespace feedwatch::pipeline
