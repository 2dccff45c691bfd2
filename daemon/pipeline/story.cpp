#include "daemon/pipeline/story.h"

#include <vector>

namespace feedwatch::pipeline {
namespace {

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

ResolvedStory joined_by_key(const state::SightingMatch& match) {
  return {match.story_key, match.story_since, true, state::JoinedBy::kLink, std::nullopt, std::nullopt};
}

// A sighting under the same key whose text has nothing in common with this
// one is another story that happens to share a link (a feed linking every
// item to its front page).
bool other_story_under_key(const state::SightingMatch& match, const StoryText* text) {
  if (text == nullptr || match.text.empty()) return false;
  std::optional<StoryText> stored = decode_story_text(match.text);
  return stored && clearly_different(*text, *stored);
}

// The candidate that is the same story with the most alike body; ties go to
// the story seen first.
std::optional<ResolvedStory> best_text_match(const std::vector<state::SightingMatch>& candidates,
                                             const StoryText& text) {
  std::optional<ResolvedStory> best;
  for (const state::SightingMatch& candidate : candidates) {
    std::optional<StoryText> stored = decode_story_text(candidate.text);
    if (!stored) continue;
    TextComparison compared = compare_story_texts(text, *stored);
    if (!compared.same_story()) continue;
    bool better = !best || compared.body_similarity > *best->similarity ||
                  (compared.body_similarity == *best->similarity && candidate.story_since < best->story_since);
    if (better) {
      best = ResolvedStory{candidate.story_key, candidate.story_since, true, state::JoinedBy::kText,
                           compared.body_similarity, std::nullopt};
    }
  }
  return best;
}

// The entry joins the story seen first, which takes in the other.
ResolvedStory bridged(const ResolvedStory& by_link, const ResolvedStory& by_text) {
  bool link_first = by_link.story_since < by_text.story_since ||
                    (by_link.story_since == by_text.story_since && by_link.story_key < by_text.story_key);
  ResolvedStory story = link_first ? by_link : by_text;
  story.merges = StoryMerge{link_first ? by_text.story_key : by_link.story_key, *by_text.similarity};
  return story;
}

}  // namespace

std::string scoped_own_key(const StoryPolicy& policy, std::string_view feed_url, std::string_view own_key) {
  if (policy.across_feeds) return std::string(own_key);
  return std::string(feed_url) + " " + std::string(own_key);
}

state::Result<ResolvedStory> resolve_story(state::StorySightings& sightings, const StoryPolicy& policy,
                                           std::string_view feed_url, const std::string& own_key,
                                           const StoryText* text, std::span<const std::int64_t> keys,
                                           state::UnixSeconds now) {
  state::UnixSeconds window_start = now - policy.window_seconds;
  auto same_key = sightings.with_own_key(feed_url, own_key);
  if (!same_key.ok()) return same_key.status();
  std::vector<const state::SightingMatch*> in_feed, in_window;
  for (const state::SightingMatch& match : same_key.value()) {
    if (other_story_under_key(match, text)) continue;
    if (match.same_feed) in_feed.push_back(&match);
    else if (policy.across_feeds && match.story_since >= window_start) in_window.push_back(&match);
  }
  std::optional<ResolvedStory> by_link;
  if (!in_feed.empty()) by_link = joined_by_key(*earliest(in_feed));  // a changed GUID, a re-added item
  else if (!in_window.empty()) by_link = joined_by_key(*earliest(in_window));
  std::optional<ResolvedStory> by_text;
  if (policy.across_feeds && text != nullptr && !keys.empty()) {
    auto candidates = sightings.sharing_a_key(feed_url, keys, window_start);
    if (!candidates.ok()) return candidates.status();
    by_text = best_text_match(candidates.value(), *text);
  }
  if (by_link && by_text && by_text->story_key != by_link->story_key) return bridged(*by_link, *by_text);
  if (by_link) return *by_link;
  if (by_text) return *by_text;
  ResolvedStory story;  // a new story
  story.story_key = same_key.value().empty() ? own_key : own_key + " @" + std::to_string(now) + " " + std::string(feed_url);
  story.story_since = now;
  return story;
}

}  // namespace feedwatch::pipeline
