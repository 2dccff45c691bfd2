#include "daemon/pipeline/near_duplicate.h"

#include <array>
#include <bit>
#include <string>
#include <vector>

#include "daemon/pipeline/story_text.h"
#include "rules/text_normalizer.h"

namespace feedwatch::pipeline {
namespace {

// Enough of a summary to identify the story, short enough that two feeds'
// different cuts ("…" after 30 or after 80 words) mostly agree.
constexpr std::size_t kSummaryWords = 20;
constexpr int kTitleWeight = 3;
constexpr std::size_t kShingleBytes = 5;
constexpr int kSummaryWeight = 1;

// FNV-1a then a 64-bit finalizer (splitmix64): FNV alone spreads short
// words poorly over the high bits. Hand-written because it is a few lines
// and must stay stable: stored fingerprints depend on it.
std::uint64_t feature_hash(std::string_view first, std::string_view second) {
  std::uint64_t hash = 14695981039346656037ULL;
  auto add = [&hash](std::string_view text) {
    for (unsigned char c : text) {
      hash ^= c;
      hash *= 1099511628211ULL;
    }
  };
  add(first);
  if (!second.empty()) {
    add(" ");
    add(second);
  }
  hash ^= hash >> 30;
  hash *= 0xbf58476d1ce4e5b9ULL;
  hash ^= hash >> 27;
  hash *= 0x94d049bb133111ebULL;
  hash ^= hash >> 31;
  return hash;
}

// The words run together: "heat wave" and "heatwave", "U.S." and "US",
// "chip-making" and "chipmaking" then read alike.
std::string joined(const std::vector<std::string_view>& words, std::size_t begin, std::size_t end) {
  std::string text;
  for (std::size_t i = begin; i < end; ++i) {
    if (!is_filler_word(words[i])) text += words[i];
  }
  return text;
}

// Every run of kShingleBytes bytes votes on every bit: a changed word moves
// only the few shingles that overlap it.
void add_features(const std::string& text, int weight, std::array<int, 64>& votes) {
  if (text.empty()) return;
  std::size_t last = text.size() > kShingleBytes ? text.size() - kShingleBytes : 0;
  // Counting set bits, then voting once, gives the same sums as voting per
  // shingle; a branch-free count the compiler can vectorize.
  std::array<int, 64> ones{};
  for (std::size_t at = 0; at <= last; ++at) {
    std::uint64_t hash = feature_hash(std::string_view(text).substr(at, kShingleBytes), {});
    for (int bit = 0; bit < 64; ++bit) ones[bit] += static_cast<int>((hash >> bit) & 1);
  }
  int shingles = static_cast<int>(last + 1);
  for (int bit = 0; bit < 64; ++bit) votes[bit] += weight * (2 * ones[bit] - shingles);
}

}  // namespace

std::optional<std::uint64_t> text_fingerprint(std::string_view title, std::string_view summary) {
  rules::NormalizedText title_text = rules::normalize_text(without_source_suffix(title));
  rules::NormalizedText summary_text = rules::normalize_text(summary);
  std::vector<std::string_view> title_words = words_of(title_text);
  std::vector<std::string_view> summary_words = words_of(summary_text);
  std::size_t title_begin = first_story_word(title_words);
  std::size_t summary_end = std::min(summary_words.size(), kSummaryWords);
  if (title_words.size() - title_begin + summary_end < kMinimumFingerprintWords) return std::nullopt;
  std::array<int, 64> votes{};
  add_features(joined(title_words, title_begin, title_words.size()), kTitleWeight, votes);
  add_features(joined(summary_words, 0, summary_end), kSummaryWeight, votes);
  std::uint64_t fingerprint = 0;
  for (int bit = 0; bit < 64; ++bit) {
    if (votes[bit] > 0) fingerprint |= std::uint64_t{1} << bit;
  }
  return fingerprint;
}

int hamming_distance(std::uint64_t a, std::uint64_t b) { return std::popcount(a ^ b); }

bool is_near_duplicate(std::uint64_t a, std::uint64_t b) {
  return hamming_distance(a, b) <= kNearDuplicateMaxDistance;
}

}  // namespace feedwatch::pipeline
