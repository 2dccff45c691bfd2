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
