#include "daemon/pipeline/story_text.h"

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <limits>
#include <set>
#include <tuple>
#include <span>
#include <unordered_set>

#include "rules/text_normalizer.h"

namespace feedwatch::pipeline {
namespace {

constexpr std::uint8_t kFormatVersion = 3;
// A word a writer may capitalize for other reasons (the first word, words of
// a Title Case headline): a name only if the bodies say so.
constexpr std::uint32_t kMaybeNameBit = 0x40000000u;
// One character of an unspaced script (Han, kana, Thai): half a word.
constexpr std::uint32_t kUnspacedBit = 0x20000000u;
constexpr std::uint32_t kCodeBits = 0x1FFFFFFFu;

constexpr std::size_t kMaxTitleWords = 48;
// Enough of an opening to compare, short enough that two feeds' different
// cuts ("…" after 30 or after 80 words) still mostly overlap.
constexpr std::size_t kOpeningWords = 100;
constexpr std::size_t kSketchSize = 64;
constexpr std::size_t kShingleWords = 3;
// An opening with less than this much to say beyond its title is a teaser
// ("Read more", "点击阅读全文。"): it cannot tell two stories apart.
constexpr std::size_t kMinimumSubstance = 6;
constexpr std::size_t kOpeningKeyWords = 8;
constexpr std::size_t kBands = 16;
constexpr std::size_t kRowsPerBand = 2;
static_assert(3 + kBands == kStoryIndexKeys);

// Titles: Jaccard at least this, or a word or two edited.
constexpr double kAlikeTitles = 0.5;
// Bodies: the same text under edits, or one holding the other.
constexpr double kAgreeingJaccard = 0.45;
constexpr double kAgreeingContainment = 0.7;
constexpr std::size_t kMinimumContained = 5;

constexpr std::array<std::string_view, 26> kFillerWords{
    "a",  "an", "the", "and", "of", "to", "in", "on", "for", "at", "by", "with", "its",
    "is", "as", "from", "的", "了", "在", "是", "和", "与", "及", "将", "对", "为"};

constexpr std::array<std::string_view, 33> kDeskLabels{
    "update",   "updated", "updates",   "refile",  "corrected", "correction", "breaking", "exclusive", "insight",
    "analysis", "explainer", "factbox", "focus",   "wrapup",    "live",       "watch",    "video",     "opinion",
    "rpt",      "brief",   "快讯",      "更新",    "独家",      "突发",       "最新",     "重磅",      "视频",
    "直播",     "深度",    "分析",      "综述",    "评论",      "原创"};

// Teasers a feed repeats under every item, as the end of an opening.
constexpr std::array<std::string_view, 19> kBoilerplate{
    "read more",    "read full story", "continue reading", "click here", "more",     "latest our newsroom",
    "full story",   "read story",      "点击阅读全文",     "阅读全文",   "阅读原文", "查看原文",
    "点击查看详情", "点击链接查看",    "查看详情",         "原文链接",   "続きを読む", "詳しくはこちら",
    "อ่านต่อ"};

// FNV-1a then murmur3's finalizer. Hand-written: a few lines, and it must
// stay stable because the codes are stored.
std::uint32_t word_code(std::string_view word) {
  std::uint32_t hash = 2166136261u;
  for (unsigned char c : word) {
    hash ^= c;
    hash *= 16777619u;
  }
  hash ^= hash >> 16;
  hash *= 0x85ebca6bu;
  hash ^= hash >> 13;
  hash *= 0xc2b2ae35u;
  hash ^= hash >> 16;
  return hash & kCodeBits;
}

// splitmix64's finalizer: spreads a combination of codes over 64 bits.
std::uint64_t mix64(std::uint64_t value) {
  value ^= value >> 30;
  value *= 0xbf58476d1ce4e5b9ULL;
  value ^= value >> 27;
  value *= 0x94d049bb133111ebULL;
  value ^= value >> 31;
  return value;
}

bool is_one_of(std::string_view word, std::span<const std::string_view> list) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

bool is_filler(std::string_view word) { return is_one_of(word, kFillerWords); }

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// --- titles ------------------------------------------------------------

// Whether a headline's opening part is a desk or wire label ("REFILE",
// "UPDATE 2", "Exclusive", "快讯"): label words and counters only.
bool is_desk_label(std::string_view part) {
  rules::NormalizedText words = rules::normalize_text(part);
  if (words.token_count() == 0 || words.token_count() > 3) return false;
  for (std::size_t i = 0; i < words.token_count(); ++i) {
    std::string_view word = words.token(i);
    bool counter = i > 0 && word.find_first_not_of("0123456789") == std::string_view::npos;
    if (!counter && !is_one_of(word, kDeskLabels)) return false;
  }
  return true;
}

// The byte after the first label separator (":", "：", "-", "|", "丨", "—",
// "–", or a closing bracket), or npos.
std::size_t after_label(std::string_view title) {
  static constexpr std::array<std::string_view, 10> kSeparators{":", "：", "-", "|", "丨", "—", "–", "]", "】", ")"};
  std::size_t best = std::string_view::npos, length = 0;
  for (std::string_view separator : kSeparators) {
    std::size_t at = title.find(separator);
    if (at != std::string_view::npos && at < best) best = at, length = separator.size();
  }
  return best == std::string_view::npos ? best : best + length;
}

// "REFILE-UPDATE 2-China widens…" → "China widens…"; "【快讯】…" too.
std::string_view without_desk_labels(std::string_view title) {
  for (int round = 0; round < 3; ++round) {
    std::string_view rest = trimmed(title);
    if (!rest.empty() && (rest.front() == '[' || rest.front() == '(')) rest.remove_prefix(1);
    if (rest.starts_with("【")) rest.remove_prefix(std::string_view("【").size());
    std::size_t end = after_label(rest);
    if (end == std::string_view::npos || end >= rest.size()) break;
    std::string_view label = rest.substr(0, end);
    if (!is_desk_label(label)) break;
    title = rest.substr(end);
  }
  return trimmed(title);
}

std::size_t word_count(std::string_view text) { return rules::normalize_text(text).token_count(); }

// "Chipmakers rally on export deal - Reuters" → "Chipmakers rally on export
// deal": a trailing part of at most four words after " - ", " | ", " — ",
// " – " or "｜", unless it holds a number ("The week in review - June 1").
std::string_view without_source_suffix(std::string_view title) {
  for (std::string_view separator : {" - ", " | ", " — ", " – ", "｜", "丨 "}) {
    std::size_t at = title.rfind(separator);
    if (at == std::string_view::npos || at == 0) continue;
    std::string_view suffix = title.substr(at + separator.size());
    if (suffix.find_first_of("0123456789") != std::string_view::npos) continue;
    std::size_t words = word_count(suffix);
    if (words > 0 && words <= 4 && word_count(title.substr(0, at)) >= 3) return title.substr(0, at);
  }
  return title;
}

// --- words -------------------------------------------------------------

struct Word {
  std::string text;
  bool capitalized = false;  // the original's first letter is an upper-case letter
  bool unspaced = false;     // one character of Han, kana, Thai...
  bool digits = false;
  bool sentence_start = true;  // first of the text or after ".", "!", "?" (quotes aside)
};

bool starts_upper(std::string_view original, std::size_t offset) {
  utf8proc_int32_t code_point = -1;
  utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(original.data()) + offset,
                   static_cast<utf8proc_ssize_t>(original.size() - offset), &code_point);
  return code_point >= 0 && utf8proc_category(code_point) == UTF8PROC_CATEGORY_LU;
}

// Whether the word at `offset` opens a sentence: nothing but quotes and
// spaces between it and the text's start or a full stop.
bool starts_sentence(std::string_view original, std::size_t offset) {
  std::string_view before = original.substr(0, offset);
  while (!before.empty()) {
    unsigned char last = static_cast<unsigned char>(before.back());
    if (last == ' ' || last == '"' || last == '\'' || last == '(' || last == '\n' || last == '\t') {
      before.remove_suffix(1);
    } else if (before.ends_with("\u201c") || before.ends_with("\u2018")) {
      before.remove_suffix(3);
    } else {
      return last == '.' || last == '!' || last == '?' || before.ends_with("\u2026");
    }
  }
  return true;
}

// Chinese and Japanese numerals: numbers, as digits are ("周一" / "周三").
constexpr std::string_view kNumeralCharacters = "〇一二三四五六七八九十百千万亿两零";

// Runs of an unspaced script become one word per character: Chinese,
// Japanese and Thai are compared by character shingles, not by whole runs.
void add_characters(std::string_view run, std::vector<Word>& words) {
  std::size_t at = 0;
  while (at < run.size()) {
    utf8proc_int32_t code_point = -1;
    utf8proc_ssize_t length = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(run.data()) + at,
                                               static_cast<utf8proc_ssize_t>(run.size() - at), &code_point);
    std::size_t step = length > 0 ? static_cast<std::size_t>(length) : 1;
    std::string character(run.substr(at, step));
    bool numeral = kNumeralCharacters.find(character) != std::string_view::npos;
    words.push_back({std::move(character), false, true, numeral, false});
    at += step;
  }
}

// The folded words of `text` without filler words; single letters in a row
// run together, so "U.S." reads as "us".
std::vector<Word> words_of(std::string_view text, std::size_t limit) {
  rules::NormalizedText normalized = rules::normalize_text(text, {.original_offsets = true});
  std::vector<Word> words;
  bool after_letter = false;
  for (std::size_t i = 0; i < normalized.token_count() && words.size() < limit; ++i) {
    std::string_view token = normalized.token(i);
    if (normalized.token_kinds[i] == rules::TokenKind::kRun) {
      add_characters(token, words);
      after_letter = false;
      continue;
    }
    std::size_t offset = normalized.original_begin[normalized.token_starts[i]];
    bool capital = starts_upper(text, offset);
    bool letter = capital && token.size() == 1 && token[0] >= 'a' && token[0] <= 'z';
    if (letter && after_letter && !words.empty()) {
      words.back().text += token;
      continue;
    }
    after_letter = letter;
    if (is_filler(token)) continue;
    bool digits = token.find_first_of("0123456789") != std::string_view::npos;
    words.push_back({std::string(token), capital, false, digits, starts_sentence(text, offset)});
  }
  std::erase_if(words, [](const Word& word) { return is_filler(word.text); });
  if (words.size() > limit) words.resize(limit);
  return words;
}

// In a Title Case headline every word is capitalized, so capitals say
// nothing of names there.
bool is_title_case(const std::vector<Word>& words) {
  std::size_t latin = 0, capitalized = 0;
  for (std::size_t i = 1; i < words.size(); ++i) {
    if (words[i].unspaced || words[i].digits) continue;
    ++latin;
    capitalized += words[i].capitalized;
  }
  return latin >= 3 && capitalized * 5 >= latin * 3;
}

std::vector<std::uint32_t> title_codes(std::string_view title) {
  std::vector<Word> words = words_of(without_source_suffix(without_desk_labels(title)), kMaxTitleWords);
  bool title_case = is_title_case(words);
  std::vector<std::uint32_t> codes;
  codes.reserve(words.size());
  for (std::size_t i = 0; i < words.size(); ++i) {
    const Word& word = words[i];
    bool name = word.digits || (word.capitalized && i > 0 && !title_case);
    codes.push_back(word_code(word.text) | (name ? kNameBit : 0) | (word.capitalized ? kMaybeNameBit : 0) |
                    (word.unspaced ? kUnspacedBit : 0));
  }
  return codes;
}

// A body's words, numbers and mid-sentence capitals marked as names.
std::vector<std::uint32_t> body_codes(const std::vector<Word>& words) {
  std::vector<std::uint32_t> codes;
  codes.reserve(words.size());
  for (const Word& word : words) {
    bool name = word.digits || (word.capitalized && !word.sentence_start);
    codes.push_back(word_code(word.text) | (name ? kNameBit : 0) | (word.unspaced ? kUnspacedBit : 0));
  }
  return codes;
}

// A trailing "Read more", "Continue reading »" is the feed's, not the story's.
// Split into words as openings are (one per character of an unspaced
// script), once: this runs for every entry that fires a rule.
const std::vector<std::vector<Word>>& boilerplate_phrases() {
  static const std::vector<std::vector<Word>> phrases = [] {
    std::vector<std::vector<Word>> split;
    for (std::string_view phrase : kBoilerplate) split.push_back(words_of(phrase, kOpeningWords));
    return split;
  }();
  return phrases;
}

void drop_trailing_boilerplate(std::vector<Word>& words) {
  for (const std::vector<Word>& phrase : boilerplate_phrases()) {
    std::size_t n = phrase.size();
    if (n == 0 || words.size() < n) continue;
    bool same = true;
    for (std::size_t i = 0; i < n && same; ++i) same = words[words.size() - n + i].text == phrase[i].text;
    if (same) words.resize(words.size() - n);
  }
}

// How many words (or characters of an unspaced script) an opening has beyond
// its title.
std::size_t substance(const std::vector<Word>& words, const std::vector<std::uint32_t>& title) {
  std::unordered_set<std::uint32_t> title_words;
  for (std::uint32_t code : title) title_words.insert(code & kCodeBits);
  return static_cast<std::size_t>(std::count_if(words.begin(), words.end(), [&title_words](const Word& word) {
    return !title_words.contains(word_code(word.text));
  }));
}

// --- shingles ------------------------------------------------------------

std::vector<std::uint64_t> shingles_of(std::span<const std::uint32_t> codes) {
  std::vector<std::uint64_t> shingles;
  if (codes.empty()) return shingles;
  std::size_t width = std::min(kShingleWords, codes.size());
  shingles.reserve(codes.size() - width + 1);
  for (std::size_t at = 0; at + width <= codes.size(); ++at) {
    std::uint64_t hash = 0x9e3779b97f4a7c15ULL;
    for (std::size_t i = 0; i < width; ++i) hash = mix64(hash ^ (codes[at + i] & kCodeBits));
    shingles.push_back(hash);
  }
  std::sort(shingles.begin(), shingles.end());
  shingles.erase(std::unique(shingles.begin(), shingles.end()), shingles.end());
  return shingles;
}

struct Overlap {
  double jaccard = 0;
  double containment = 0;  // of the smaller in the larger; 0 when the smaller is too small to say
};

Overlap overlap_of_sets(std::span<const std::uint64_t> a, std::span<const std::uint64_t> b) {
  if (a.empty() || b.empty()) return {};
  std::size_t shared = 0;
  for (std::size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] == b[j]) ++shared, ++i, ++j;
    else if (a[i] < b[j]) ++i;
    else ++j;
  }
  std::size_t smaller = std::min(a.size(), b.size());
  Overlap overlap;
  overlap.jaccard = static_cast<double>(shared) / static_cast<double>(a.size() + b.size() - shared);
  if (smaller >= kMinimumContained) overlap.containment = static_cast<double>(shared) / static_cast<double>(smaller);
  return overlap;
}

Overlap overlap_of_codes(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b) {
  return overlap_of_sets(shingles_of(a), shingles_of(b));
}

// Bottom-k sketches: the k smallest values of each set stand for it. The k
// smallest of their union estimate the Jaccard index; the smaller set's
// values below the larger's largest kept value estimate containment.
Overlap overlap_of_sketches(const StoryText& a, const StoryText& b) {
  std::span<const std::uint32_t> x = a.content_sketch, y = b.content_sketch;
  if (x.empty() || y.empty()) return {};
  bool x_whole = a.content_shingles <= x.size(), y_whole = b.content_shingles <= y.size();
  std::vector<std::uint32_t> merged;
  std::set_union(x.begin(), x.end(), y.begin(), y.end(), std::back_inserter(merged));
  if (!(x_whole && y_whole) && merged.size() > kSketchSize) merged.resize(kSketchSize);
  std::size_t both = 0;
  for (std::uint32_t value : merged) {
    both += std::binary_search(x.begin(), x.end(), value) && std::binary_search(y.begin(), y.end(), value);
  }
  Overlap overlap;
  overlap.jaccard = static_cast<double>(both) / static_cast<double>(merged.size());
  bool x_smaller = a.content_shingles <= b.content_shingles;
  std::span<const std::uint32_t> small = x_smaller ? x : y, large = x_smaller ? y : x;
  bool large_whole = x_smaller ? y_whole : x_whole;
  std::uint32_t limit = large_whole ? std::numeric_limits<std::uint32_t>::max() : large.back();
  std::size_t below = 0, found = 0;
  for (std::uint32_t value : small) {
    if (value > limit) break;
    ++below;
    found += std::binary_search(large.begin(), large.end(), value);
  }
  if (below >= kMinimumContained) overlap.containment = static_cast<double>(found) / static_cast<double>(below);
  return overlap;
}

void add_sketch(const std::vector<std::uint32_t>& content, StoryText& text) {
  std::vector<std::uint64_t> shingles = shingles_of(content);
  text.content_shingles = static_cast<std::uint32_t>(shingles.size());
  std::vector<std::uint32_t> values;
  values.reserve(shingles.size());
  for (std::uint64_t shingle : shingles) values.push_back(static_cast<std::uint32_t>(mix64(shingle) >> 32));
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  if (values.size() > kSketchSize) values.resize(kSketchSize);
  text.content_sketch = std::move(values);
}

// The opening compared when contents are not: the summary, else the content's start.
std::span<const std::uint32_t> opening_of(const StoryText& text) {
  return text.summary.empty() ? std::span<const std::uint32_t>(text.content_lead) : text.summary;
}

// --- encoding ----------------------------------------------------------

void put32(std::string& out, std::uint32_t value) {
  for (int shift = 0; shift < 32; shift += 8) out += static_cast<char>((value >> shift) & 0xFF);
}

void put_codes(std::string& out, const std::vector<std::uint32_t>& codes) {
  put32(out, static_cast<std::uint32_t>(codes.size()));
  for (std::uint32_t code : codes) put32(out, code);
}

struct Reader {
  std::string_view bytes;
  bool failed = false;

  std::uint32_t get32() {
    if (bytes.size() < 4) {
      failed = true;
      return 0;
    }
    const auto* b = reinterpret_cast<const unsigned char*>(bytes.data());
    bytes.remove_prefix(4);
    return std::uint32_t{b[0]} | std::uint32_t{b[1]} << 8 | std::uint32_t{b[2]} << 16 | std::uint32_t{b[3]} << 24;
  }

  std::vector<std::uint32_t> codes() {
    std::uint32_t count = get32();
    if (failed || count > bytes.size() / 4) {
      failed = true;
      return {};
    }
    std::vector<std::uint32_t> codes(count);
    for (std::uint32_t& code : codes) code = get32();
    return codes;
  }
};

// --- aligning words ---------------------------------------------------------

// One place where two aligned word sequences differ: the words each has
// there (one side empty for words added or dropped).
struct Gap {
  std::span<const std::uint32_t> a, b;
  bool at_end = false;  // runs to the end of both
};

bool same_word(std::uint32_t x, std::uint32_t y) { return (x & kCodeBits) == (y & kCodeBits); }

// The gaps between two sequences around their longest common subsequence.
// Hand-written: a few lines over at most kOpeningWords words a side, where a
// diff library would bring lines and files.
std::vector<Gap> gaps(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b) {
  std::size_t n = a.size(), m = b.size();
  std::vector<std::uint16_t> table((n + 1) * (m + 1), 0);
  auto common = [&table, m](std::size_t i, std::size_t j) -> std::uint16_t& { return table[i * (m + 1) + j]; };
  for (std::size_t i = n; i-- > 0;) {
    for (std::size_t j = m; j-- > 0;) {
      common(i, j) = same_word(a[i], b[j]) ? static_cast<std::uint16_t>(common(i + 1, j + 1) + 1)
                                           : std::max(common(i + 1, j), common(i, j + 1));
    }
  }
  std::vector<Gap> found;
  std::size_t i = 0, j = 0, from_i = 0, from_j = 0;
  while (i < n && j < m) {
    if (same_word(a[i], b[j])) {
      if (i > from_i || j > from_j) found.push_back({a.subspan(from_i, i - from_i), b.subspan(from_j, j - from_j)});
      from_i = ++i, from_j = ++j;
    } else if (common(i + 1, j) >= common(i, j + 1)) {
      ++i;
    } else {
      ++j;
    }
  }
  if (from_i < n || from_j < m) found.push_back({a.subspan(from_i), b.subspan(from_j), true});
  return found;
}

// The codes of the words outside the common subsequence, each side, sorted.
std::pair<std::vector<std::uint32_t>, std::vector<std::uint32_t>> unaligned(std::span<const std::uint32_t> a,
                                                                            std::span<const std::uint32_t> b) {
  std::pair<std::vector<std::uint32_t>, std::vector<std::uint32_t>> words;
  for (const Gap& gap : gaps(a, b)) {
    for (std::uint32_t code : gap.a) words.first.push_back(code & kCodeBits);
    for (std::uint32_t code : gap.b) words.second.push_back(code & kCodeBits);
  }
  std::sort(words.first.begin(), words.first.end());
  std::sort(words.second.begin(), words.second.end());
  return words;
}

// The places where both sides have words of their own. Where both run on to
// their ends, one was cut short: only the words at the cut are compared.
std::vector<Gap> replacements(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b) {
  std::vector<Gap> found;
  for (Gap gap : gaps(a, b)) {
    if (gap.a.empty() || gap.b.empty()) continue;
    if (gap.at_end) {
      std::size_t cut = std::min(gap.a.size(), gap.b.size()) + 1;
      gap.a = gap.a.first(std::min(gap.a.size(), cut));
      gap.b = gap.b.first(std::min(gap.b.size(), cut));
    }
    found.push_back(gap);
  }
  return found;
}

// --- comparing titles ----------------------------------------------------

struct TitleWord {
  std::uint32_t code;
  std::uint32_t flags;
  bool operator<(const TitleWord& other) const { return code < other.code; }
};

std::vector<TitleWord> title_set(const std::vector<std::uint32_t>& codes) {
  std::vector<TitleWord> words;
  for (std::uint32_t code : codes) words.push_back({code & kCodeBits, code & ~kCodeBits});
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end(),
                          [](const TitleWord& x, const TitleWord& y) { return x.code == y.code; }),
              words.end());
  return words;
}

std::vector<TitleWord> only_in(const std::vector<TitleWord>& first, const std::vector<TitleWord>& second) {
  std::vector<TitleWord> only;
  std::set_difference(first.begin(), first.end(), second.begin(), second.end(), std::back_inserter(only));
  return only;
}

bool any_name(const std::vector<TitleWord>& words) {
  return std::any_of(words.begin(), words.end(), [](const TitleWord& word) { return word.flags & kNameBit; });
}

std::optional<std::size_t> position_of(std::span<const std::uint32_t> codes, std::uint32_t code) {
  for (std::size_t i = 0; i < codes.size(); ++i) {
    if ((codes[i] & kCodeBits) == code) return i;
  }
  return std::nullopt;
}

// A title word only one side has, which that side's opening carries too and
// the other's does not by the same point: the bodies tell of another name
// ("Apple shares rise" / "Tesla shares rise" over two template bodies).
bool carried_by_body(const std::vector<TitleWord>& only, const StoryText& own, const StoryText& other) {
  std::span<const std::uint32_t> own_opening = opening_of(own), other_opening = opening_of(other);
  for (const TitleWord& word : only) {
    if (!(word.flags & (kNameBit | kMaybeNameBit))) continue;
    std::optional<std::size_t> at = position_of(own_opening, word.code);
    if (at && *at < other_opening.size() && !position_of(other_opening, word.code)) return true;
  }
  return false;
}

// How two titles differ: the words only one has, each side (as sets), and
// the words outside their alignment (a word moved or repeated counts too).
struct TitleEdit {
  std::vector<TitleWord> only_a, only_b;
  std::vector<std::uint32_t> unaligned_a, unaligned_b;
};

TitleEdit compare_titles(const StoryText& a, const StoryText& b, TextComparison& result) {
  std::vector<TitleWord> x = title_set(a.title), y = title_set(b.title);
  if (x.empty() || y.empty()) return {};
  TitleEdit edit{only_in(x, y), only_in(y, x), {}, {}};
  std::tie(edit.unaligned_a, edit.unaligned_b) = unaligned(a.title, b.title);
  std::size_t shared = x.size() - edit.only_a.size();
  result.title_similarity = static_cast<double>(shared) / static_cast<double>(x.size() + edit.only_b.size());
  bool one_holds_other = shared >= 3 && (edit.only_a.empty() || edit.only_b.empty());
  bool few_edits = shared >= 2 && edit.only_a.size() <= 2 && edit.only_b.size() <= 2;
  result.titles_alike = result.title_similarity >= kAlikeTitles || one_holds_other || few_edits;
  result.names_differ = (any_name(edit.only_a) && any_name(edit.only_b)) || carried_by_body(edit.only_a, a, b) ||
                        carried_by_body(edit.only_b, b, a);
  return edit;
}

// --- replacements in the bodies --------------------------------------------

constexpr std::size_t kShortReplacement = 4;  // words: a longer one is a rewrite, not a swap

bool holds_name(std::span<const std::uint32_t> words) {
  return std::any_of(words.begin(), words.end(), [](std::uint32_t code) { return code & kNameBit; });
}

bool holds_any(std::span<const std::uint32_t> words, const std::vector<std::uint32_t>& sorted_codes) {
  return std::any_of(words.begin(), words.end(), [&sorted_codes](std::uint32_t code) {
    return std::binary_search(sorted_codes.begin(), sorted_codes.end(), code & kCodeBits);
  });
}

// In half words: an unspaced character is about half a word.
std::size_t half_words(std::span<const std::uint32_t> words) {
  std::size_t halves = 0;
  for (std::uint32_t code : words) halves += code & kUnspacedBit ? 1 : 2;
  return halves;
}

// Whether the bodies differ, in this place, by the very words the titles
// differ by: each side's replaced words hold a word of its own title that
// the other title lacks ("... exports of germanium" / "... of antimony" in
// headline and summary alike). That is another story on the same template;
// it may also be one outlet's synonym carried through headline and lede, but
// a second alert is the lesser harm than a dropped story.
bool title_edit_in_body(const Gap& replaced, const TitleEdit& edit) {
  return holds_any(replaced.a, edit.unaligned_a) && holds_any(replaced.b, edit.unaligned_b);
}

// The openings to align: summaries when both have one, else content openings,
// else whatever each has.
std::pair<std::span<const std::uint32_t>, std::span<const std::uint32_t>> aligned_openings(const StoryText& a,
                                                                                         const StoryText& b) {
  if (!a.summary.empty() && !b.summary.empty()) return {a.summary, b.summary};
  if (!a.content_lead.empty() && !b.content_lead.empty()) return {a.content_lead, b.content_lead};
  return {opening_of(a), opening_of(b)};
}

// Whether agreeing bodies still tell two stories apart: in the same place one
// names a number or a name the other replaces ("on Friday" / "on Tuesday",
// "16 people" / "42 people"), or the title's replaced phrase is replaced in
// the body too ("chipmaking tools" / "deposition equipment" in both).
bool bodies_tell_apart(const StoryText& a, const StoryText& b, const TitleEdit& edit) {
  auto [x, y] = aligned_openings(a, b);
  for (const Gap& replaced : replacements(x, y)) {
    if (std::max(half_words(replaced.a), half_words(replaced.b)) > 2 * kShortReplacement) continue;
    if ((holds_name(replaced.a) && holds_name(replaced.b)) || title_edit_in_body(replaced, edit)) return true;
  }
  return false;
}

// Contents when both carry one; else the openings, each summary also against
// the other's content start (a teaser cut from the article).
Overlap compare_bodies(const StoryText& a, const StoryText& b) {
  if (!a.content_sketch.empty() && !b.content_sketch.empty()) return overlap_of_sketches(a, b);
  Overlap best = overlap_of_codes(opening_of(a), opening_of(b));
  for (auto [x, y] : {std::pair{&a.content_lead, &b.summary}, std::pair{&a.summary, &b.content_lead}}) {
    if (x->empty() || y->empty()) continue;
    Overlap other = overlap_of_codes(*x, *y);
    best.jaccard = std::max(best.jaccard, other.jaccard);
    best.containment = std::max(best.containment, other.containment);
  }
  return best;
}

std::int64_t as_key(std::uint64_t hash) {
  std::int64_t key = static_cast<std::int64_t>(hash);
  return key == 0 ? 1 : key;
}

std::int64_t sequence_key(std::span<const std::uint32_t> codes, std::uint64_t salt) {
  if (codes.size() < kOpeningKeyWords) return 0;
  std::uint64_t hash = salt;
  for (std::size_t i = 0; i < kOpeningKeyWords; ++i) hash = mix64(hash ^ (codes[i] & kCodeBits));
  return as_key(hash);
}

}  // namespace

StoryText story_text_of(std::string_view title, std::string_view summary, std::string_view content) {
  StoryText text;
  text.title = title_codes(title);
  std::vector<Word> summary_words = words_of(summary, kOpeningWords + 8);
  drop_trailing_boilerplate(summary_words);
  if (summary_words.size() > kOpeningWords) summary_words.resize(kOpeningWords);
  if (substance(summary_words, text.title) >= kMinimumSubstance) text.summary = body_codes(summary_words);
  std::vector<Word> content_words = words_of(content, std::numeric_limits<std::size_t>::max());
  drop_trailing_boilerplate(content_words);
  if (substance(content_words, text.title) >= kMinimumSubstance) {
    std::vector<std::uint32_t> codes = body_codes(content_words);
    add_sketch(codes, text);
    codes.resize(std::min(codes.size(), kOpeningWords));
    text.content_lead = std::move(codes);
  }
  return text;
}

std::string encode_story_text(const StoryText& text) {
  std::string out(1, static_cast<char>(kFormatVersion));
  put_codes(out, text.title);
  put_codes(out, text.summary);
  put_codes(out, text.content_lead);
  put_codes(out, text.content_sketch);
  put32(out, text.content_shingles);
  return out;
}

std::optional<StoryText> decode_story_text(std::string_view bytes) {
  if (bytes.empty() || static_cast<std::uint8_t>(bytes[0]) != kFormatVersion) return std::nullopt;
  Reader reader{bytes.substr(1)};
  StoryText text;
  text.title = reader.codes();
  text.summary = reader.codes();
  text.content_lead = reader.codes();
  text.content_sketch = reader.codes();
  text.content_shingles = reader.get32();
  if (reader.failed || !reader.bytes.empty()) return std::nullopt;
  return text;
}

std::vector<std::int64_t> story_index_keys(const StoryText& text) {
  if (!text.has_body()) return {};
  std::vector<std::int64_t> keys(kStoryIndexKeys, 0);
  std::vector<TitleWord> title = title_set(text.title);
  if (title.size() >= 2) {
    std::uint64_t hash = 0x7469746c65ULL;  // "title"
    for (const TitleWord& word : title) hash = mix64(hash ^ word.code);
    keys[0] = as_key(hash);
  }
  std::span<const std::uint32_t> opening = opening_of(text);
  keys[1] = sequence_key(opening, 0x6f70656eULL);  // "open"
  keys[2] = sequence_key(text.content_lead, 0x6c656164ULL);  // "lead"
  std::vector<std::uint64_t> shingles = shingles_of(opening);
  if (shingles.empty()) return keys;
  for (std::size_t band = 0; band < kBands; ++band) {
    std::uint64_t hash = band;
    for (std::size_t row = 0; row < kRowsPerBand; ++row) {
      std::uint64_t seed = mix64(0x62616e64ULL + band * kRowsPerBand + row);  // "band"
      std::uint64_t smallest = std::numeric_limits<std::uint64_t>::max();
      for (std::uint64_t shingle : shingles) smallest = std::min(smallest, mix64(shingle ^ seed));
      hash = mix64(hash ^ smallest);
    }
    keys[3 + band] = as_key(hash);
  }
  return keys;
}

TextComparison compare_story_texts(const StoryText& a, const StoryText& b) {
  TextComparison result;
  TitleEdit edit = compare_titles(a, b, result);
  // Most candidates an index key finds have other titles: such a pair is not
  // one story whatever its bodies, so they are not read (body_similarity 0).
  if (!result.titles_alike || result.names_differ) return result;
  Overlap bodies = compare_bodies(a, b);
  result.body_similarity = std::max(bodies.jaccard, bodies.containment);
  result.bodies_agree = bodies.jaccard >= kAgreeingJaccard || bodies.containment >= kAgreeingContainment;
  if (result.bodies_agree) result.names_differ = bodies_tell_apart(a, b, edit);
  return result;
}

bool clearly_different(const StoryText& a, const StoryText& b) {
  if (!a.has_body() || !b.has_body() || a.title.empty() || b.title.empty()) return false;
  TextComparison titles;
  compare_titles(a, b, titles);
  if (titles.title_similarity >= 0.2) return false;
  Overlap bodies = compare_bodies(a, b);
  return std::max(bodies.jaccard, bodies.containment) < 0.1;
}

}  // namespace feedwatch::pipeline
