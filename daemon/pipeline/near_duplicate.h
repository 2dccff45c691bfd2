// Near-duplicate detection of an entry's title and summary (SPEC §6: across
// feeds a story is also known "by near-identical title and summary"): a
// 64-bit SimHash over the folded words and word pairs, compared by Hamming
// distance. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace feedwatch::pipeline {

// Two fingerprints at most this many bits apart are the same story. Tuned by
// tests/pipeline/near_duplicate_test.cpp (same story: 0-7, different
// stories: 16 and more); StorySightings::sharing_a_band finds every stored
// fingerprint within this distance, so raising it needs more probes there.
inline constexpr int kNearDuplicateMaxDistance = 7;

// A fingerprint further away, up to this, still joins when the band lookup
// happens to find it (it finds most: some band then differs in at most one
// bit) and the headline words confirm it (headline_words.h): a cut summary
// or a changed word can move a short text's SimHash 8-12 bits, and the words
// check, not the distance, is what keeps different stories apart.
inline constexpr int kVerifiedMaxDistance = 12;

// Texts with fewer words than this (title and summary together, after the
// source suffix and "UPDATE:"-style prefixes are dropped) get no fingerprint:
// a few words say too little to tell two stories apart ("Markets close").
inline constexpr std::size_t kMinimumFingerprintWords = 8;

// The SimHash of `title` and the start of `summary`: words are folded like
// rule matching does (rules/text_normalizer.h); a trailing " - Source" or
// " | Source" of up to four words and a leading "UPDATE:", "BREAKING:",
// "EXCLUSIVE:"… are dropped from the title; only the first summary words
// count, so feeds that cut the summary at different lengths still agree;
// title features weigh more than summary ones. nullopt when too short.
std::optional<std::uint64_t> text_fingerprint(std::string_view title, std::string_view summary);

int hamming_distance(std::uint64_t a, std::uint64_t b);

bool is_near_duplicate(std::uint64_t a, std::uint64_t b);

}  // namespace feedwatch::pipeline
