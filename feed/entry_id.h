// The id of an entry that has neither guid/id nor link: a hash of what
// identifies it to a reader (title and date), stable across fetches so the
// daemon does not see the same entry as new on every poll. Thread-safe.
#pragma once

#include <string>

#include "feed/feed.h"

namespace feedwatch::feed {

// "sha256:" and 32 hex digits of SHA-256 over title and dates (and, when the
// entry has neither, its summary and content).
std::string stable_entry_id(const Entry& entry);

}  // namespace feedwatch::feed
