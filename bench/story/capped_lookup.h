// The candidate lookup of the fix proposed in bench/RESULTS.md ("story
// resolution"), prototyped so that story_bench can measure it beside the
// daemon's: each index key is probed on its own with a limit, a key whose
// bucket holds more than `bucket_limit` sightings is ignored (a value that
// many stories share tells none of them apart), and only the rest are read
// and compared as pipeline::resolve_story compares them. Main adopted the
// rule (StorySightings::kHotKey) with a counting probe per key before its
// OR query; this version reads each key once, the follow-up RESULTS.md
// measures. Not the daemon's code; uses the store's Connection on the
// caller's thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "daemon/pipeline/story_text.h"
#include "daemon/state/state_store.h"

namespace feedwatch::bench {

struct CappedResolution {
  std::size_t candidates = 0;            // rows read and compared
  std::optional<std::string> story_key;  // the story joined, if any
};

// REQUIRES: keys.size() == state::StorySightings::kIndexKeys, or empty.
CappedResolution capped_resolution(state::StateStore& store, std::string_view feed_url, std::string_view own_key,
                                   const pipeline::StoryText& text, std::span<const std::int64_t> keys,
                                   state::UnixSeconds since, std::size_t bucket_limit);

}  // namespace feedwatch::bench
