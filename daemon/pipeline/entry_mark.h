// How an entry is known to the state store (SPEC §6): its key within the
// feed, a hash of its text that changes only on a real edit, and its story
// key across feeds. Pure functions over feed::Entry; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "daemon/state/seen_entries.h"
#include "feed/feed.h"

namespace feedwatch::pipeline {

// SHA-256 hex of title, summary and content, each with runs of white space
// (ASCII, no-break and the Unicode spaces) collapsed to one space and
// trimmed, so re-wrapping or re-indenting a text is not an edit. An absent
// field hashes like an empty one.
std::string content_hash_of(const feed::Entry& entry);

// The canonical link (canonical_url.h), else the entry id.
std::string story_key_of(const feed::Entry& entry);

// entry_key = the entry id (SPEC §4), plus the two above.
state::EntryMark entry_mark_of(const feed::Entry& entry);

// `text` with white space collapsed and trimmed as content_hash_of does it
// (exposed for tests).
std::string collapse_whitespace(std::string_view text);

}  // namespace feedwatch::pipeline
