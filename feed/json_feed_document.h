// Reads JSON text into the part of its value that the JSON Feed reader
// uses, through nlohmann::json's SAX interface: the feed members it reads,
// the first max_entries items (objects), and of each item the members it
// reads with at most max_categories_per_entry tags. Everything else is
// parsed (so the syntax is still checked) but never stored, so memory
// follows what is read, not how many values the document holds. Entries and
// tags turned away are counted by the EntryAdmission. Thread-safe for calls
// with distinct admissions.
#pragma once

#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "feed/entry_admission.h"

namespace feedwatch::feed {

// The kept value, or nullopt when `text` is not valid JSON.
std::optional<nlohmann::json> read_json_feed_document(std::string_view text, EntryAdmission& admission);

}  // namespace feedwatch::feed
