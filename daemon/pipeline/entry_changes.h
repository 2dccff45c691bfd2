// Tells new, unchanged and edited entries apart by comparing each entry's
// mark with the one the state store last recorded (SPEC §6). Pure functions
// over values; thread-safe.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <span>
#include <string_view>
#include <vector>

#include "daemon/state/seen_entries.h"

namespace feedwatch::pipeline {

enum class EntryChange {
  kNew,        // never recorded in this feed (or pruned since)
  kUnchanged,  // same content hash: nothing to match
  kEdited,     // title, summary or content changed: match again
};

std::string_view to_string(EntryChange change);

EntryChange classify_entry(const state::EntryMark& mark, const std::optional<state::SeenMark>& seen);

// One change per mark, in order. REQUIRES: seen.size() == marks.size().
std::vector<EntryChange> classify_entries(std::span<const state::EntryMark> marks,
                                          std::span<const std::optional<state::SeenMark>> seen);

// The mark to commit for an entry: a known entry keeps the story key it was
// first recorded with, so an edit that also changes the link (a new slug for
// a new headline) stays the same story and cannot fire its rules again.
state::EntryMark mark_to_commit(state::EntryMark mark, const std::optional<state::SeenMark>& seen);

// The rules an entry has matched, as stored with its seen mark (SPEC §6: an
// edit fires only rules the entry did not match before): sorted distinct
// names, one per line. Rule names cannot hold a line break.
std::set<std::string> parse_matched_rules(std::string_view stored);
std::string format_matched_rules(const std::set<std::string>& names);

}  // namespace feedwatch::pipeline
