#include "daemon/pipeline/near_duplicate.h"

#include <array>
#include <bit>
#include <string>
#include <vector>

#include "rules/text_normalizer.h"

namespace feedwatch::pipeline {
namespace {

// Enough of a summary to identify the story, short enough that two feeds'
// different cuts ("…" after 30 or after 80 words) mostly agree.
constexpr std::size_t kSummaryWords = 20;
constexpr int kTitleWeight = 3;
constexpr std::size_t kShingleBytes = 5;
constexpr int kSummaryWeight = 1;
// A source suffix is at most this many words ("The Wall Street Journal").
constexpr std::size_t kMaxSuffixWords = 4;

// Labels agencies put before a headline that does not change the story.
constexpr std::array<std::string_view, 9> kHeadlineLabels{
    "update", "updated", "updates", "breaking", "exclusive", "live", "watch", "analysis", "corrected"};

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

std::size_t word_count(std::string_view text) {
  std::size_t words = 0;
  bool in_word = false;
  for (char c : text) {
    bool space = c == ' ';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

// "Chipmakers rally on export deal - Reuters" → "Chipmakers rally on export deal".
std::string_view without_source_suffix(std::string_view title) {
  for (std::string_view separator : {" - ", " | ", " — ", " – "}) {
    std::size_t at = title.rfind(separator);
    if (at == std::string_view::npos || at == 0) continue;
    std::string_view suffix = title.substr(at + separator.size());
    if (!suffix.empty() && word_count(suffix) <= kMaxSuffixWords && word_count(title.substr(0, at)) >= 3) {
      return title.substr(0, at);
    }
  }
  return title;
}

std::vector<std::string_view> words_of(const rules::NormalizedText& text) {
  std::vector<std::string_view> words;
  words.reserve(text.token_count());
  for (std::size_t i = 0; i < text.token_count(); ++i) words.push_back(text.token(i));
  return words;
}

// Drops leading labels: "UPDATE 2: …", "BREAKING - …".
std::size_t first_story_word(const std::vector<std::string_view>& words) {
  std::size_t first = 0;
  while (first < words.size()) {
    std::string_view word = words[first];
    bool label = false;
    for (std::string_view known : kHeadlineLabels) label = label || word == known;
    bool counter = first > 0 && word.size() <= 2 && word.find_first_not_of("0123456789") == std::string_view::npos;
    if (!label && !counter) break;
    ++first;
  }
  return first < words.size() ? first : 0;
}

// Words outlets add or drop freely ("the", "and"): they say nothing of the story.
constexpr std::array<std::string_view, 16> kFillerWords{"a", "an", "the", "and", "of", "to", "in", "on",
                                                         "for", "at", "by", "with", "its", "is", "as", "from"};

bool is_filler(std::string_view word) {
  for (std::string_view filler : kFillerWords) {
    if (word == filler) return true;
  }
  return false;
}

// The words run together: "heat wave" and "heatwave", "U.S." and "US",
// "chip-making" and "chipmaking" then read alike.
std::string joined(const std::vector<std::string_view>& words, std::size_t begin, std::size_t end) {
  std::string text;
  for (std::size_t i = begin; i < end; ++i) {
    if (!is_filler(words[i])) text += words[i];
  }
  return text;
}

// Every run of kShingleBytes bytes votes on every bit: a changed word moves
// only the few shingles that overlap it.
void add_features(const std::string& text, int weight, std::array<int, 64>& votes) {
  if (text.empty()) return;
  std::size_t last = text.size() > kShingleBytes ? text.size() - kShingleBytes : 0;
  for (std::size_t at = 0; at <= last; ++at) {
    std::uint64_t hash = feature_hash(std::string_view(text).substr(at, kShingleBytes), {});
    for (int bit = 0; bit < 64; ++bit) votes[bit] += (hash >> bit) & 1 ? weight : -weight;
  }
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
