#include "daemon/pipeline/headline_words.h"

#include <utf8proc.h>

#include <algorithm>
#include <cstdint>
#include <unordered_set>
#include <vector>

#include "daemon/pipeline/story_text.h"
#include "rules/text_normalizer.h"

namespace feedwatch::pipeline {
namespace {

// Encoding: one version byte, one count byte n, then n word codes and the
// n-1 codes of each word joined with the next, as 32-bit little endian.
constexpr std::uint8_t kFormatVersion = 1;
constexpr std::size_t kMaxWords = 32;
// Titles shorter than this say too little on their own ("Apple shares rise
// 3%"): the first summary words top them up to kToppedUpWords.
constexpr std::size_t kMinTitleWords = 5;
constexpr std::size_t kToppedUpWords = 8;
constexpr std::uint32_t kNameBit = 0x80000000u;

// FNV-1a with a 32-bit finalizer (murmur3's fmix32). Hand-written: a few
// lines, and it must stay stable because the codes are stored.
std::uint32_t word_hash(std::string_view first, std::string_view second = {}) {
  std::uint32_t hash = 2166136261u;
  for (std::string_view part : {first, second}) {
    for (unsigned char c : part) {
      hash ^= c;
      hash *= 16777619u;
    }
  }
  hash ^= hash >> 16;
  hash *= 0x85ebca6bu;
  hash ^= hash >> 13;
  hash *= 0xc2b2ae35u;
  hash ^= hash >> 16;
  return hash & ~kNameBit;
}

struct Word {
  std::string text;
  bool name = false;
};

// A name is what a writer capitalizes or numbers: the first letter of the
// original is not a lowercase letter (so uncased scripts count too), or the
// word holds a digit. Headline-case titles make every word a name, which only
// makes the check stricter.
bool is_name(std::string_view original_text, std::size_t original_offset, std::string_view folded) {
  if (folded.find_first_of("0123456789") != std::string_view::npos) return true;
  utf8proc_int32_t code_point = -1;
  utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(original_text.data()) + original_offset,
                   static_cast<utf8proc_ssize_t>(original_text.size() - original_offset), &code_point);
  return code_point < 0 || utf8proc_category(code_point) != UTF8PROC_CATEGORY_LL;
}

bool is_letter(std::string_view word) { return word.size() == 1 && word[0] >= 'a' && word[0] <= 'z'; }

// The folded words of `text` (after its labels when `skip_labels`), with runs
// of single capital letters joined ("U.S." → "us", "W.H.O." → "who") and
// filler words dropped.
std::vector<Word> story_words(std::string_view text, bool skip_labels) {
  rules::NormalizedText normalized = rules::normalize_text(text, {.original_offsets = true});
  std::vector<std::string_view> tokens = words_of(normalized);
  std::vector<Word> words;
  bool joins_letters = false;  // the last word is a run of capital letters
  for (std::size_t i = skip_labels ? first_story_word(tokens) : 0; i < tokens.size(); ++i) {
    std::size_t offset = normalized.original_begin[normalized.token_starts[i]];
    bool name = is_name(text, offset, tokens[i]);
    if (name && is_letter(tokens[i]) && joins_letters) {
      words.back().text += tokens[i];
      continue;
    }
    joins_letters = name && is_letter(tokens[i]);
    words.push_back({std::string(tokens[i]), name});
  }
  std::erase_if(words, [](const Word& word) { return is_filler_word(word.text); });
  return words;
}

void append_code(std::string& out, std::uint32_t code) {
  for (int shift = 0; shift < 32; shift += 8) out += static_cast<char>((code >> shift) & 0xFF);
}

std::uint32_t read_code(std::string_view bytes, std::size_t at) {
  std::uint32_t code = 0;
  for (int i = 0; i < 4; ++i) code |= std::uint32_t{static_cast<unsigned char>(bytes[at + i])} << (8 * i);
  return code;
}

struct Decoded {
  std::vector<std::uint32_t> words;  // with kNameBit
  std::vector<std::uint32_t> joins;  // joins[i]: words i and i+1 run together
};

std::optional<Decoded> decode(std::string_view bytes) {
  if (bytes.size() < 2 || static_cast<std::uint8_t>(bytes[0]) != kFormatVersion) return std::nullopt;
  std::size_t count = static_cast<std::uint8_t>(bytes[1]);
  if (count == 0 || bytes.size() != 2 + 4 * (2 * count - 1)) return std::nullopt;
  Decoded decoded;
  for (std::size_t i = 0; i < count; ++i) decoded.words.push_back(read_code(bytes, 2 + 4 * i));
  for (std::size_t i = 0; i + 1 < count; ++i) decoded.joins.push_back(read_code(bytes, 2 + 4 * (count + i)));
  return decoded;
}

struct Side {
  std::size_t matched = 0;
  std::size_t unmatched = 0;
  int unmatched_names = 0;
};

// Each distinct word of `own` is matched when `other` has it, or has it
// split in two ("heat wave" for "heatwave"), or has it joined with a
// neighbour ("heatwave" for "heat" and for "wave").
Side match_words(const Decoded& own, const Decoded& other) {
  std::unordered_set<std::uint32_t> other_words, other_joins(other.joins.begin(), other.joins.end());
  for (std::uint32_t word : other.words) other_words.insert(word & ~kNameBit);
  std::unordered_set<std::uint32_t> counted;
  Side side;
  for (std::size_t i = 0; i < own.words.size(); ++i) {
    std::uint32_t word = own.words[i] & ~kNameBit;
    if (!counted.insert(word).second) continue;
    bool matched = other_words.contains(word) || other_joins.contains(word) ||
                   (i > 0 && other_words.contains(own.joins[i - 1])) ||
                   (i + 1 < own.words.size() && other_words.contains(own.joins[i]));
    if (matched) {
      ++side.matched;
    } else {
      ++side.unmatched;
      side.unmatched_names += (own.words[i] & kNameBit) != 0;
    }
  }
  return side;
}

}  // namespace

std::string headline_words(std::string_view title, std::string_view summary) {
  std::vector<Word> words = story_words(without_source_suffix(title), true);
  if (words.size() < kMinTitleWords) {
    for (Word& word : story_words(summary, false)) {
      if (words.size() >= kToppedUpWords) break;
      words.push_back(std::move(word));
    }
  }
  if (words.size() > kMaxWords) words.resize(kMaxWords);
  if (words.empty()) return {};
  std::string out;
  out += static_cast<char>(kFormatVersion);
  out += static_cast<char>(words.size());
  for (const Word& word : words) append_code(out, word_hash(word.text) | (word.name ? kNameBit : 0));
  for (std::size_t i = 0; i + 1 < words.size(); ++i) append_code(out, word_hash(words[i].text, words[i + 1].text));
  return out;
}

std::optional<HeadlineComparison> compare_headlines(std::string_view first, std::string_view second) {
  std::optional<Decoded> a = decode(first);
  std::optional<Decoded> b = decode(second);
  if (!a || !b) return std::nullopt;
  Side in_first = match_words(*a, *b);
  Side in_second = match_words(*b, *a);
  // For plain sets both sides match the intersection; the mean keeps the
  // index symmetric when a split word matches two words on one side only.
  double shared = (in_first.matched + in_second.matched) / 2.0;
  double all = shared + in_first.unmatched + in_second.unmatched;
  return HeadlineComparison{all > 0 ? shared / all : 0, in_first.unmatched_names, in_second.unmatched_names};
}

}  // namespace feedwatch::pipeline
