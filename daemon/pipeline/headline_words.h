// The exact check behind a near-duplicate join (SPEC §6 "one alert per
// story"): a SimHash within a few bits happens by chance among millions of
// pairs, so two entries are one story only if their headlines also share
// their words and name no different people, places or numbers. Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "daemon/pipeline/near_duplicate.h"

namespace feedwatch::pipeline {

// Headlines at least this similar (the Jaccard index of their story words,
// counting "heat wave"/"heatwave" as one word) may be one story. Tuned by
// tests/pipeline/near_duplicate_test.cpp: the same story 0.75 and more,
// different stories in similar words at most 0.625 (stories from one
// template reach 1: the names and the word order tell those apart).
inline constexpr double kMinHeadlineSimilarity = 0.7;

// A headline's story words in compact form, to store with a sighting: the
// title after the source suffix, leading labels and filler words are
// dropped ("U.S." read as "US"), topped up with the first summary words when
// the title has fewer than five; each word as a 32-bit hash that also says
// whether it is a name (capitalized, uncased script, or holding a digit).
// "" when there are no words.
std::string headline_words(std::string_view title, std::string_view summary);

// Headlines whose word pairs ("export controls", "controls ai") are less
// alike than this tell something else with the same words. Tuned by the
// same tests: the same story 0.44 and more; "Boeing to buy Samsung" /
// "Samsung to buy Boeing" 0.14.
inline constexpr double kMinHeadlinePairSimilarity = 0.3;

struct HeadlineComparison {
  double similarity = 0;  // Jaccard index of the two word sets, in [0, 1]
  double pair_similarity = 0;  // Jaccard index of the pairs of adjacent words
  // Names (see headline_words) found in one headline only: a name in only
  // one is an addition (": NHTSA"); names on both sides are a substitution
  // ("Apple shares rise" / "Tesla shares rise"): another story.
  int names_only_in_first = 0;
  int names_only_in_second = 0;

  bool same_story() const {
    return similarity >= kMinHeadlineSimilarity && pair_similarity >= kMinHeadlinePairSimilarity &&
           (names_only_in_first == 0 || names_only_in_second == 0);
  }
};

// nullopt when either is empty or not an encoding from headline_words.
std::optional<HeadlineComparison> compare_headlines(std::string_view first, std::string_view second);

// The join rule of story resolution for a candidate the band lookup found:
// fingerprints `distance` bits apart (hamming_distance) and headlines
// compared as `words`.
inline bool is_near_duplicate_story(int distance, const HeadlineComparison& words) {
  return distance <= kVerifiedMaxDistance && words.same_story();
}

}  // namespace feedwatch::pipeline
