#include "daemon/pipeline/story.h"

#include <algorithm>
#include <vector>

namespace feedwatch::pipeline {
namespace {

bool seen_first(const ResolvedStory& x, const ResolvedStory& y) {
  return x.story_since != y.story_since ? x.story_since < y.story_since : x.story_key < y.story_key;
}

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
  return {match.story_key, match.story_since, true, state::JoinedBy::kLink, std::nullopt, {}};
}

// A sighting under the same key whose text has nothing in common with this
// one is another story that happens to share a link (a feed linking every
// item to its front page).
bool other_story_under_key(const state::SightingMatch& match, const StoryText* text) {
  if (text == nullptr || match.text.empty()) return false;
  std::optional<StoryText> stored = decode_story_text(match.text);
  return stored && clearly_different(*text, *stored);
}

// Each story among the candidates that the text is the same story as, with
// its most alike body, most alike first (ties: the story seen first).
std::vector<ResolvedStory> text_matches(const std::vector<state::SightingMatch>& candidates, const StoryText& text) {
  std::vector<ResolvedStory> stories;
  for (const state::SightingMatch& candidate : candidates) {
    std::optional<StoryText> stored = decode_story_text(candidate.text);
    if (!stored) continue;
    TextComparison compared = compare_story_texts(text, *stored);
    if (!compared.same_story()) continue;
    auto known = std::find_if(stories.begin(), stories.end(),
                              [&candidate](const ResolvedStory& story) { return story.story_key == candidate.story_key; });
    if (known == stories.end()) {
      stories.push_back(ResolvedStory{candidate.story_key, candidate.story_since, true, state::JoinedBy::kText,
                                      compared.body_similarity, {}});
    } else {
      known->similarity = std::max(*known->similarity, compared.body_similarity);
    }
  }
  std::sort(stories.begin(), stories.end(), [](const ResolvedStory& x, const ResolvedStory& y) {
    return *x.similarity != *y.similarity ? *x.similarity > *y.similarity : seen_first(x, y);
  });
  return stories;
}

// The entry belongs to every story its link or its text names: they are one,
// kept under the story seen first, which takes in the others. It is joined
// by its link if it has one match, else by its most alike text.
ResolvedStory joined_stories(const std::optional<ResolvedStory>& by_link, const std::vector<ResolvedStory>& by_text) {
  std::vector<const ResolvedStory*> all;
  if (by_link) all.push_back(&*by_link);
  for (const ResolvedStory& story : by_text) all.push_back(&story);
  const ResolvedStory* first = *std::min_element(all.begin(), all.end(), [](const auto* x, const auto* y) {
    return seen_first(*x, *y);
  });
  ResolvedStory joined = by_link ? *by_link : by_text.front();
  joined.story_key = first->story_key;
  joined.story_since = first->story_since;
  double bridge = by_text.empty() ? 0 : *by_text.front().similarity;
  for (const ResolvedStory* story : all) {
    bool listed = std::any_of(joined.merges.begin(), joined.merges.end(),
                              [story](const StoryMerge& merge) { return merge.from == story->story_key; });
    if (story->story_key != first->story_key && !listed) {
      joined.merges.push_back(StoryMerge{story->story_key, story->similarity.value_or(bridge)});
    }
  }
  return joined;
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
  std::vector<ResolvedStory> by_text;
  if (policy.across_feeds && text != nullptr && !keys.empty()) {
    auto candidates = sightings.sharing_a_key(feed_url, keys, window_start);
    if (!candidates.ok()) return candidates.status();
    by_text = text_matches(candidates.value(), *text);
  }
  if (by_link || !by_text.empty()) return joined_stories(by_link, by_text);
  ResolvedStory story;  // a new story
  story.story_key = same_key.value().empty() ? own_key : own_key + " @" + std::to_string(now) + " " + std::string(feed_url);
  story.story_since = now;
  return story;
}

}  // namespace feedwatch::pipeline
