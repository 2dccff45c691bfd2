// Which story a newly seen entry belongs to (SPEC §6): the story of an
// earlier entry with the same canonical link (else id) — in its own feed at
// any age, in another feed within dedupe.window — else, across feeds, of a
// near-duplicate title and summary within the window; else a new story.
// Reads the store only; call it inside the commit's write transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "daemon/state/story_sightings.h"
#include "daemon/state/unix_time.h"

namespace feedwatch::pipeline {

// dedupe.across_feeds and dedupe.window (SPEC §2).
struct StoryPolicy {
  bool across_feeds = true;
  state::UnixSeconds window_seconds = 72 * 3600;
};

struct ResolvedStory {
  std::string story_key;
  state::UnixSeconds story_since = 0;  // when the story was first seen
};

// The entry's own key as stored: its canonical link, else id; with
// across_feeds off, prefixed by the feed URL so that every feed has its own
// stories (and alert ids).
std::string scoped_own_key(const StoryPolicy& policy, std::string_view feed_url, std::string_view own_key);

// The entry's text as story resolution compares it: its SimHash and its
// headline words (headline_words.h), both from the same title and summary.
struct StoryText {
  std::optional<std::uint64_t> fingerprint;
  std::string headline_words;
};

// REQUIRES: `own_key` from scoped_own_key. A near-duplicate candidate joins
// only when its headline words confirm it (is_near_duplicate_story): a
// missed story is worse than a second alert. `text` has no fingerprint when
// the entry needs no near-duplicate search. A new story is keyed by the own
// key, or, when that key already names a story that fell out of the window,
// by the own key and `now`, so the old story's alerts do not hold it back.
state::Result<ResolvedStory> resolve_story(state::StorySightings& sightings, const StoryPolicy& policy,
                                           std::string_view feed_url, const std::string& own_key,
                                           const StoryText& text, state::UnixSeconds now);

}  // namespace feedwatch::pipeline
