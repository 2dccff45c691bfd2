// Presents a parsed feed entry to the rule engine: the bridge between
// feed::Entry and rules::EntryText, which know nothing of each other.
#pragma once

#include <string_view>
#include <vector>

#include "feed/feed.h"
#include "rules/matcher.h"

namespace feedwatch::matching {

// Views into `entry` and `feed_names`; both must outlive the result.
// `feed_names` are the configured name and the feed's own title.
rules::EntryText entry_text_of(const feed::Entry& entry,
                               const std::vector<std::string_view>& feed_names);

}  // namespace feedwatch::matching
