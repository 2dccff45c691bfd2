#include "feed/entry_admission.h"

#include <string>

namespace feedwatch::feed {

bool EntryAdmission::admit_entry() {
  if (admitted_entries_ < limits_.max_entries) {
    ++admitted_entries_;
    return true;
  }
  ++dropped_entries_;
  return false;
}

EntryFields EntryAdmission::entry_fields() const {
  EntryFields fields;
  fields.max_categories = limits_.max_categories_per_entry;
  return fields;
}

Entry EntryAdmission::finish(EntryFields& fields) {
  count_dropped_categories(fields.dropped_categories);
  return fields.finish();
}

void EntryAdmission::count_dropped_categories(std::size_t count) {
  if (count == 0) return;
  ++entries_with_dropped_categories_;
  dropped_categories_ += count;
}

void EntryAdmission::report(Feed& feed) const {
  if (dropped_entries_ > 0) {
    feed.errors.push_back("the feed has " + std::to_string(admitted_entries_ + dropped_entries_) +
                          " entries; only the first " + std::to_string(limits_.max_entries) +
                          " were read (fetch.max_entries)");
  }
  if (dropped_categories_ > 0) {
    feed.errors.push_back(std::to_string(entries_with_dropped_categories_) +
                          (entries_with_dropped_categories_ == 1 ? " entry has" : " entries have") +
                          " more than " + std::to_string(limits_.max_categories_per_entry) + " categories; " +
                          std::to_string(dropped_categories_) + " more were not read");
  }
}

}  // namespace feedwatch::feed
