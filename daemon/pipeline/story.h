// Which story a newly seen entry belongs to (SPEC §6 "nothing twice" and "no
// story is ever dropped as a duplicate of a different one"): the story of an
// earlier entry with the same canonical link (else id) — in its own feed at
// any age, in another feed within dedupe.window — unless the two texts have
// nothing in common; else, across feeds within the window, the story of an
// entry with a near-identical title AND an agreeing body (story_text.h),
// found through the sightings' index keys; else a new story. When the link
// and the text name several stories, they are one (StoryMerge). Asks the store
// plain questions: call it inside the commit's write transaction, so that
// two workers resolving copies of one story agree.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "daemon/pipeline/story_text.h"
#include "daemon/state/outbox.h"
#include "daemon/state/story_sightings.h"
#include "daemon/state/unix_time.h"

namespace feedwatch::pipeline {

static_assert(kStoryIndexKeys == state::StorySightings::kIndexKeys);

// dedupe.across_feeds, dedupe.window and dedupe.hold (SPEC §2).
struct StoryPolicy {
  bool across_feeds = true;
  state::UnixSeconds window_seconds = 72 * 3600;
  state::UnixSeconds hold_seconds = 0;  // how long a new alert waits for copies; none without across_feeds
};

// Another story the entry shows to be this one: its link is one story's and
// its text another's (a teaser and a syndicated copy, bridged by a third
// feed's copy), or its text is two stories' (a cut summary and one missing a
// sentence, bridged by the whole). The caller merges `from` into
// ResolvedStory::story_key.
struct StoryMerge {
  std::string from;
  double similarity = 0;  // of the entry's text and that story's
};

struct ResolvedStory {
  std::string story_key;
  state::UnixSeconds story_since = 0;  // when the story was first seen
  bool joined = false;                 // an earlier entry's story, not a new one
  state::JoinedBy joined_by = state::JoinedBy::kLink;
  std::optional<double> similarity;    // for a text join: how alike the bodies are
  std::vector<StoryMerge> merges;
};

// The entry's own key as stored: its canonical link, else id; with
// across_feeds off, prefixed by the feed URL so that every feed has its own
// stories (and alert ids).
std::string scoped_own_key(const StoryPolicy& policy, std::string_view feed_url, std::string_view own_key);

// REQUIRES: `own_key` from scoped_own_key. `text` is null for an entry that
// needs no text search (it fired no rule: no alert of another feed's copy
// can be waiting for it); `keys` are story_index_keys(*text), else empty. A new story is keyed by the own key, or, when
// that key already names another story (out of the window, or another text
// under the same link), by the own key, `now` and the feed.
state::Result<ResolvedStory> resolve_story(state::StorySightings& sightings, const StoryPolicy& policy,
                                           std::string_view feed_url, const std::string& own_key,
                                           const StoryText* text, std::span<const std::int64_t> keys,
                                           state::UnixSeconds now);

}  // namespace feedwatch::pipeline
