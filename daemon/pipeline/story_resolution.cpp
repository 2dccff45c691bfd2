#include "daemon/pipeline/story_resolution.h"

#include <vector>

#include "daemon/pipeline/headline_words.h"
#include "daemon/pipeline/near_duplicate.h"

namespace feedwatch::pipeline {
namespace {

static_assert(kNearDuplicateMaxDistance <= state::StorySightings::kGuaranteedDistance,
              "the band probes must find every fingerprint within the threshold");

// Of several matching sightings, the story seen first: every later sighting
// joined it, so all agree on it.
const state::SightingMatch* earliest(const std::vector<const state::SightingMatch*>& matches) {
  const state::SightingMatch* best = nullptr;
  for (const state::SightingMatch* match : matches) {
    if (best == nullptr || match->story_since < best->story_since ||
        (match->story_since == best->story_since && match->story_key < best->story_key)) {
      best = match;
    }
  }
  return best;
}

ResolvedStory story_of(const state::SightingMatch& match) { return {match.story_key, match.story_since}; }

// Fingerprints within the threshold collide by chance among many pairs, so
// each is verified by its headline words; a sighting without them never joins.
bool confirmed(const state::SightingMatch& candidate, int distance, const StoryText& text) {
  std::optional<HeadlineComparison> words = compare_headlines(candidate.headline_words, text.headline_words);
  return words && is_near_duplicate_story(distance, *words);
}

// The nearest confirmed fingerprint (every one within kNearDuplicateMaxDistance
// is among the candidates, most within kVerifiedMaxDistance); ties go to the
// earlier story.
std::optional<ResolvedStory> nearest(const std::vector<state::SightingMatch>& candidates, const StoryText& text) {
  const state::SightingMatch* best = nullptr;
  int best_distance = kVerifiedMaxDistance + 1;
  for (const state::SightingMatch& candidate : candidates) {
    if (!candidate.fingerprint) continue;
    int distance = hamming_distance(*candidate.fingerprint, *text.fingerprint);
    if (distance > best_distance || !confirmed(candidate, distance, text)) continue;
    if (distance < best_distance || (best && candidate.story_since < best->story_since)) {
      best = &candidate;
      best_distance = distance;
    }
  }
  return best ? std::optional(story_of(*best)) : std::nullopt;
}

}  // namespace

std::string scoped_own_key(const StoryPolicy& policy, std::string_view feed_url, std::string_view own_key) {
  if (policy.across_feeds) return std::string(own_key);
  return std::string(feed_url) + " " + std::string(own_key);
}

state::Result<ResolvedStory> resolve_story(state::StorySightings& sightings, const StoryPolicy& policy,
                                           std::string_view feed_url, const std::string& own_key,
                                           const StoryText& text, state::UnixSeconds now) {
  state::UnixSeconds window_start = now - policy.window_seconds;
  auto same_key = sightings.with_own_key(feed_url, own_key);
  if (!same_key.ok()) return same_key.status();
  std::vector<const state::SightingMatch*> in_feed, in_window;
  for (const state::SightingMatch& match : same_key.value()) {
    if (match.same_feed) in_feed.push_back(&match);
    else if (policy.across_feeds && match.story_since >= window_start) in_window.push_back(&match);
  }
  if (!in_feed.empty()) return story_of(*earliest(in_feed));  // a changed GUID, a re-added item
  if (!in_window.empty()) return story_of(*earliest(in_window));
  if (policy.across_feeds && text.fingerprint) {
    auto candidates = sightings.sharing_a_band(feed_url, *text.fingerprint, window_start);
    if (!candidates.ok()) return candidates.status();
    if (auto story = nearest(candidates.value(), text)) return *story;
  }
  if (same_key.value().empty()) return ResolvedStory{own_key, now};
  return ResolvedStory{own_key + " @" + std::to_string(now), now};
}

}  // namespace feedwatch::pipeline
