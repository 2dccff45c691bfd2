// Holds a feed to the counts of ParseLimits while a format reader fills it:
// admits entries up to max_entries and categories up to
// max_categories_per_entry, counts what it turned away, and says so in
// Feed::errors when reading is done. One per parse; not thread-safe.
#pragma once

#include <cstddef>

#include "feed/entry_fields.h"
#include "feed/feed.h"
#include "feed/parse_limits.h"

namespace feedwatch::feed {

class EntryAdmission {
 public:
  explicit EntryAdmission(const ParseLimits& limits) : limits_(limits) {}

  // Whether one more entry may be read; one that may not is counted.
  bool admit_entry();
  // The fields of an admitted entry, held to the category limit.
  EntryFields entry_fields() const;
  // The finished entry; counts the categories it had beyond the limit.
  Entry finish(EntryFields& fields);
  std::size_t max_categories() const { return limits_.max_categories_per_entry; }
  // An entry had `count` categories beyond max_categories().
  void count_dropped_categories(std::size_t count);
  // Appends to `feed.errors` what was turned away, if anything.
  void report(Feed& feed) const;

 private:
  ParseLimits limits_;
  std::size_t admitted_entries_ = 0;
  std::size_t dropped_entries_ = 0;
  std::size_t entries_with_dropped_categories_ = 0;
  std::size_t dropped_categories_ = 0;
};

}  // namespace feedwatch::feed
