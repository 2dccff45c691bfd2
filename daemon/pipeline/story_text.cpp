#include "daemon/pipeline/story_text.h"

#include <array>

namespace feedwatch::pipeline {
namespace {

// A source suffix is at most this many words ("The Wall Street Journal").
constexpr std::size_t kMaxSuffixWords = 4;

// Labels agencies put before a headline that does not change the story.
constexpr std::array<std::string_view, 9> kHeadlineLabels{
    "update", "updated", "updates", "breaking", "exclusive", "live", "watch", "analysis", "corrected"};

constexpr std::array<std::string_view, 16> kFillerWords{"a", "an", "the", "and", "of", "to", "in", "on",
                                                         "for", "at", "by", "with", "its", "is", "as", "from"};

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

bool is_label(std::string_view word) {
  for (std::string_view known : kHeadlineLabels) {
    if (word == known) return true;
  }
  return false;
}

}  // namespace

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

std::size_t first_story_word(const std::vector<std::string_view>& words) {
  std::size_t first = 0;
  while (first < words.size()) {
    std::string_view word = words[first];
    bool counter = first > 0 && word.size() <= 2 && word.find_first_not_of("0123456789") == std::string_view::npos;
    if (!is_label(word) && !counter) break;
    ++first;
  }
  return first < words.size() ? first : 0;
}

bool is_filler_word(std::string_view word) {
  for (std::string_view filler : kFillerWords) {
    if (word == filler) return true;
  }
  return false;
}

}  // namespace feedwatch::pipeline
