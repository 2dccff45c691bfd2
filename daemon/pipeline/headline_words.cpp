#include "daemon/pipeline/headline_words.h"

#include <utf8proc.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "daemon/pipeline/story_text.h"
#include "rules/text_normalizer.h"

namespace feedwatch::pipeline {
namespace {

constexpr std::uint8_t kFormatVersion = 1;
constexpr std::size_t kMaxWords = 32;
// Titles shorter than this say too little on their own ("Apple shares rise
// 3%"): the first summary words top them up to kToppedUpWords.
constexpr std::size_t kMinTitleWords = 5;
constexpr std::size_t kToppedUpWords = 8;
constexpr std::uint32_t kNameBit = 0x80000000u;
// The summary's opening, as near_duplicate.cpp reads it: its names count too
// ("earthquake near Tokyo" twice, at another depth, is another story).
constexpr std::size_t kSummaryWords = 20;
// Stored beyond kSummaryWords, so that "U.S." for "United States" early on
// does not push a word out of the compared range.
constexpr std::size_t kSummarySlack = 4;
constexpr std::size_t kMaxAcronymWords = 6;
constexpr std::size_t kMaxAcronyms = 64;

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

bool is_number(std::string_view word) {
  return !word.empty() && word.find_first_not_of("0123456789") == std::string_view::npos;
}

// Token `i` continues the number before it across one "." or ",": "7.8" and
// "125,000" are one word, so the 8 of "7.8" does not stand in for "8 km".
bool continues_number(const rules::NormalizedText& normalized, std::string_view text, std::size_t i) {
  std::string_view before = normalized.token(i - 1), token = normalized.token(i);
  if (!is_number(before) || !is_number(token)) return false;
  std::size_t before_end = normalized.original_end[normalized.token_starts[i - 1] + before.size() - 1];
  std::size_t begin = normalized.original_begin[normalized.token_starts[i]];
  return begin == before_end + 1 && (text[before_end] == '.' || text[before_end] == ',');
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
    if (i > 0 && !words.empty() && continues_number(normalized, text, i)) {
      words.back().text += "." + std::string(tokens[i]);
      continue;
    }
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
  const auto* byte = reinterpret_cast<const unsigned char*>(bytes.data()) + at;
  return std::uint32_t{byte[0]} | std::uint32_t{byte[1]} << 8 | std::uint32_t{byte[2]} << 16 |
         std::uint32_t{byte[3]} << 24;
}

// Codes read in place from the stored bytes: comparing allocates nothing.
struct Codes {
  std::string_view bytes;
  std::size_t size() const { return bytes.size() / 4; }
  std::uint32_t operator[](std::size_t i) const { return read_code(bytes, 4 * i); }
};

// Words in order, and each word joined with the next: "heat wave" then
// matches "heatwave".
struct Part {
  Codes words;  // with kNameBit
  Codes joins;  // joins[i]: words i and i+1 run together
};

void append_part(std::string& out, const std::vector<Word>& words) {
  for (const Word& word : words) append_code(out, word_hash(word.text) | (word.name ? kNameBit : 0));
  for (std::size_t i = 0; i + 1 < words.size(); ++i) append_code(out, word_hash(words[i].text, words[i + 1].text));
}

// "United States" → "us", "World Health Organization" → "who": the initials
// of every run of two to six names, so an acronym on one side is no new name.
std::vector<std::uint32_t> acronyms_of(const std::vector<Word>& words) {
  std::vector<std::uint32_t> acronyms;
  for (std::size_t begin = 0; begin < words.size(); ++begin) {
    std::string initials;
    for (std::size_t end = begin; end < words.size() && end < begin + kMaxAcronymWords; ++end) {
      if (!words[end].name || words[end].text.empty()) break;
      initials += words[end].text[0];
      if (initials.size() >= 2 && acronyms.size() < kMaxAcronyms) acronyms.push_back(word_hash(initials));
    }
  }
  return acronyms;
}

struct Decoded {
  Part headline;
  Part summary;
  Codes acronyms;
};

// Encoding: a version byte; the counts of headline words, summary words and
// acronyms (a byte each); then as 32-bit little endian the headline's words
// and joins, the summary's words and joins, and the acronyms.
std::size_t codes_of(std::size_t words) { return words == 0 ? 0 : 2 * words - 1; }

Codes read_codes(std::string_view bytes, std::size_t& at, std::size_t count) {
  Codes codes{bytes.substr(at, 4 * count)};
  at += 4 * count;
  return codes;
}

Part read_part(std::string_view bytes, std::size_t& at, std::size_t count) {
  Codes words = read_codes(bytes, at, count);
  return {words, read_codes(bytes, at, count == 0 ? 0 : count - 1)};
}

std::optional<Decoded> decode(std::string_view bytes) {
  if (bytes.size() < 4 || static_cast<std::uint8_t>(bytes[0]) != kFormatVersion) return std::nullopt;
  std::size_t headline = static_cast<std::uint8_t>(bytes[1]);
  std::size_t summary = static_cast<std::uint8_t>(bytes[2]);
  std::size_t acronyms = static_cast<std::uint8_t>(bytes[3]);
  if (headline == 0 || bytes.size() != 4 + 4 * (codes_of(headline) + codes_of(summary) + acronyms)) {
    return std::nullopt;
  }
  Decoded decoded;
  std::size_t at = 4;
  decoded.headline = read_part(bytes, at, headline);
  decoded.summary = read_part(bytes, at, summary);
  decoded.acronyms = read_codes(bytes, at, acronyms);
  return decoded;
}

struct Side {
  std::size_t matched = 0;
  std::size_t unmatched = 0;
  int unmatched_names = 0;
};

bool contains(const Codes& codes, std::uint32_t code, bool masked = false) {
  for (std::size_t i = 0; i < codes.size(); ++i) {
    if ((masked ? codes[i] & ~kNameBit : codes[i]) == code) return true;
  }
  return false;
}

// Each distinct word among the first `compared` of `own` is matched when
// `other` has it, or has it split in two ("heat wave" for "heatwave"), or has
// it joined with a neighbour ("heatwave" for "heat" and for "wave"); a name
// also when it is one of the other side's acronyms. The lists are a few
// dozen codes: a linear search beats building sets.
Side match_words(const Part& own, std::size_t compared, const Part& other,
                 const Codes& other_acronyms) {
  Side side;
  for (std::size_t i = 0; i < compared; ++i) {
    std::uint32_t word = own.words[i] & ~kNameBit;
    bool repeated = false;
    for (std::size_t j = 0; j < i; ++j) repeated = repeated || (own.words[j] & ~kNameBit) == word;
    if (repeated) continue;
    bool name = (own.words[i] & kNameBit) != 0;
    bool matched = contains(other.words, word, true) || contains(other.joins, word) ||
                   (i > 0 && contains(other.words, own.joins[i - 1], true)) ||
                   (i + 1 < own.words.size() && contains(other.words, own.joins[i], true)) ||
                   (name && contains(other_acronyms, word));
    if (matched) {
      ++side.matched;
    } else {
      ++side.unmatched;
      side.unmatched_names += name;
    }
  }
  return side;
}

// Feeds cut summaries at different lengths, the shorter often mid-word:
// only the words both have, less the shorter one's last, are compared, and
// at most kSummaryWords of them (each against all the other side has).
std::size_t summary_words_compared(const Part& a, const Part& b) {
  std::size_t shorter = std::min(a.words.size(), b.words.size());
  if (a.words.size() != b.words.size() && shorter > 0) --shorter;
  return std::min(shorter, kSummaryWords);
}

// The Jaccard index of the two headlines' word pairs: the same words in
// another order ("Boeing to buy Samsung" / "Samsung to buy Boeing") share
// few pairs.
double pair_similarity(const Codes& first, const Codes& second) {
  if (first.size() == 0 || second.size() == 0) return 1;
  std::size_t shared = 0, distinct_first = 0;
  for (std::size_t i = 0; i < first.size(); ++i) {
    bool repeated = false;
    for (std::size_t j = 0; j < i; ++j) repeated = repeated || first[j] == first[i];
    if (repeated) continue;
    ++distinct_first;
    shared += contains(second, first[i]);
  }
  std::size_t distinct_second = 0;
  for (std::size_t i = 0; i < second.size(); ++i) {
    bool repeated = false;
    for (std::size_t j = 0; j < i; ++j) repeated = repeated || second[j] == second[i];
    distinct_second += !repeated;
  }
  return static_cast<double>(shared) / static_cast<double>(distinct_first + distinct_second - shared);
}

}  // namespace

std::string headline_words(std::string_view title, std::string_view summary) {
  std::vector<Word> words = story_words(without_source_suffix(title), true);
  std::vector<Word> summary_words = story_words(summary, false);
  if (summary_words.size() > kSummaryWords + kSummarySlack) summary_words.resize(kSummaryWords + kSummarySlack);
  if (words.size() < kMinTitleWords) {
    for (std::size_t i = 0; i < summary_words.size() && words.size() < kToppedUpWords; ++i) {
      words.push_back(summary_words[i]);
    }
  }
  if (words.size() > kMaxWords) words.resize(kMaxWords);
  if (words.empty()) return {};
  std::vector<std::uint32_t> acronyms = acronyms_of(words);
  for (std::uint32_t acronym : acronyms_of(summary_words)) {
    if (acronyms.size() < kMaxAcronyms) acronyms.push_back(acronym);
  }
  std::string out;
  out += static_cast<char>(kFormatVersion);
  out += static_cast<char>(words.size());
  out += static_cast<char>(summary_words.size());
  out += static_cast<char>(acronyms.size());
  append_part(out, words);
  append_part(out, summary_words);
  for (std::uint32_t acronym : acronyms) append_code(out, acronym);
  return out;
}

std::optional<HeadlineComparison> compare_headlines(std::string_view first, std::string_view second) {
  std::optional<Decoded> a = decode(first);
  std::optional<Decoded> b = decode(second);
  if (!a || !b) return std::nullopt;
  Side in_first = match_words(a->headline, a->headline.words.size(), b->headline, b->acronyms);
  Side in_second = match_words(b->headline, b->headline.words.size(), a->headline, a->acronyms);
  // For plain sets both sides match the intersection; the mean keeps the
  // index symmetric when a split word matches two words on one side only.
  double shared = (in_first.matched + in_second.matched) / 2.0;
  double all = shared + in_first.unmatched + in_second.unmatched;
  std::size_t summary = summary_words_compared(a->summary, b->summary);
  Side summary_first = match_words(a->summary, summary, b->summary, b->acronyms);
  Side summary_second = match_words(b->summary, summary, a->summary, a->acronyms);
  return HeadlineComparison{all > 0 ? shared / all : 0, pair_similarity(a->headline.joins, b->headline.joins),
                            in_first.unmatched_names + summary_first.unmatched_names,
                            in_second.unmatched_names + summary_second.unmatched_names};
}

}  // namespace feedwatch::pipeline
