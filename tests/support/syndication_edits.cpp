// Picks, link variants and text edits of the syndication corpus; see
// syndication_edits.h.
#include "tests/support/syndication_edits.h"

#include <algorithm>
#include <cctype>
#include <utility>

namespace feedwatch::testing::syndication::edits {
namespace {

bool is_ascii_letter(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }

std::string ascii_lower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

std::string ascii_upper(std::string_view text) {
  std::string upper(text);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return upper;
}

// A UTF-8 byte that starts a code point.
bool starts_code_point(char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }

std::size_t code_points(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), starts_code_point));
}

// The byte offset of code point `index` (text.size() past the end).
std::size_t code_point_offset(std::string_view text, std::size_t index) {
  std::size_t seen = 0;
  for (std::size_t offset = 0; offset < text.size(); ++offset) {
    if (!starts_code_point(text[offset])) continue;
    if (seen++ == index) return offset;
  }
  return text.size();
}

struct Range {
  std::size_t begin;
  std::size_t end;
  bool overlaps(const Range& other) const { return begin < other.end && other.begin < end; }
};

std::vector<Range> occurrences(std::string_view text, std::string_view needle) {
  std::vector<Range> found;
  if (needle.empty()) return found;
  for (std::size_t at = text.find(needle); at != std::string_view::npos; at = text.find(needle, at + 1)) {
    found.push_back({at, at + needle.size()});
  }
  return found;
}

bool is_protected(const Range& range, const std::vector<Range>& protected_ranges) {
  return std::any_of(protected_ranges.begin(), protected_ranges.end(),
                     [&](const Range& other) { return range.overlaps(other); });
}

std::vector<Range> protected_ranges_of(std::string_view text, const std::vector<std::string>& protected_texts) {
  std::vector<Range> ranges;
  for (const auto& value : protected_texts) {
    auto found = occurrences(text, value);
    ranges.insert(ranges.end(), found.begin(), found.end());
  }
  return ranges;
}

// A whole word in a language with spaces; anywhere in Chinese runs.
bool stands_alone(std::string_view text, const Range& range, const words::Language& language) {
  if (!language.has_case) return true;
  bool left = range.begin == 0 || !is_ascii_letter(text[range.begin - 1]);
  bool right = range.end == text.size() || !is_ascii_letter(text[range.end]);
  return left && right;
}

// `replacement` in the case `original` was written in.
std::string in_case_of(std::string_view original, std::string_view replacement) {
  if (original.size() > 1 && ascii_upper(original) == original) return ascii_upper(replacement);
  if (!original.empty() && std::isupper(static_cast<unsigned char>(original[0]))) {
    return capitalized(std::string(replacement));
  }
  return std::string(replacement);
}

struct Candidate {
  Range range;
  std::string_view other;
};

std::string replaced(const std::string& text, const Range& range, std::string_view with) {
  return text.substr(0, range.begin) + std::string(with) + text.substr(range.end);
}

// The first occurrence of one of `from` outside protected ranges.
std::optional<std::pair<Range, std::string_view>> first_free(const std::string& text,
                                                             const std::vector<std::string_view>& from,
                                                             const std::vector<Range>& protected_ranges) {
  for (std::string_view needle : from) {
    for (const Range& range : occurrences(text, needle)) {
      if (!is_protected(range, protected_ranges)) return std::make_pair(range, needle);
    }
  }
  return std::nullopt;
}

std::string random_token(Picker& picker, std::size_t length) {
  static constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::string token;
  for (std::size_t i = 0; i < length; ++i) token += kAlphabet[picker.below(kAlphabet.size())];
  return token;
}

void add_tracking(Link& link, Picker& picker) {
  switch (picker.below(6)) {
    case 0:
      link.query.insert(link.query.end(), {"utm_source=rss", "utm_medium=feed"});
      break;
    case 1:
      link.query.push_back("utm_source=twitter");
      break;
    case 2:
      link.query.push_back("fbclid=IwAR" + random_token(picker, 22));
      break;
    case 3:
      link.query.push_back("gclid=" + random_token(picker, 18));
      break;
    case 4:
      link.query.insert(link.query.end(), {"utm_campaign=tech", "utm_content=newsletter"});
      break;
    default:
      link.query.insert(link.query.end(), {"mc_cid=" + random_token(picker, 10), "mc_eid=" + random_token(picker, 10)});
  }
}

void add_amp(Link& link, Picker& picker) {
  switch (picker.below(3)) {
    case 0:
      while (link.path.size() > 1 && link.path.back() == '/') link.path.pop_back();
      link.path += "/amp";
      break;
    case 1:
      link.query.push_back("amp=1");
      break;
    default:
      link.query.push_back("outputType=amp");
  }
}

void change_host_case(Link& link, Picker& picker) {
  if (picker.percent(50)) {
    link.host = ascii_upper(link.host);
    return;
  }
  // "www.Reuters.example": each label after the first capitalized.
  bool after_dot = false;
  for (char& c : link.host) {
    if (after_dot) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    after_dot = c == '.';
  }
  if (link.host.find('.') == std::string::npos || ascii_lower(link.host) == link.host) {
    link.host = ascii_upper(link.host);
  }
}

}  // namespace

std::string Link::text() const {
  std::string text = scheme + "://" + host;
  if (explicit_port) text += scheme == "https" ? ":443" : ":80";
  text += path;
  for (std::size_t i = 0; i < query.size(); ++i) text += (i == 0 ? "?" : "&") + query[i];
  if (!fragment.empty()) text += "#" + fragment;
  return text;
}

const std::vector<Kind>& link_variants() {
  // In the order vary_link applies two of them: the AMP path before the
  // trailing slash, so that "/amp/" keeps both.
  static const std::vector<Kind> variants = {Kind::kLinkTracking,   Kind::kLinkAmp,  Kind::kLinkTrailingSlash,
                                             Kind::kLinkFragment,   Kind::kLinkHttp, Kind::kLinkHostCase,
                                             Kind::kLinkDefaultPort};
  return variants;
}

Kind vary_link(Link& link, Kind variant, Picker& picker) {
  static const std::vector<std::string> kFragments = {"comments", "main", "story-continues", "top", "section-2"};
  switch (variant) {
    case Kind::kLinkTracking:
      add_tracking(link, picker);
      break;
    case Kind::kLinkAmp:
      add_amp(link, picker);
      break;
    case Kind::kLinkTrailingSlash:
      if (link.path.empty() || link.path.back() != '/') link.path += '/';
      break;
    case Kind::kLinkFragment:
      link.fragment = picker.one_of(kFragments);
      break;
    case Kind::kLinkHttp:
      link.scheme = "http";
      break;
    case Kind::kLinkHostCase:
      change_host_case(link, picker);
      break;
    case Kind::kLinkDefaultPort:
      link.explicit_port = true;
      break;
    default:
      break;
  }
  return variant;
}

std::optional<std::string> replace_synonym(const std::string& text, const words::Language& language,
                                           const std::vector<std::string>& protected_texts, Picker& picker) {
  std::string lower = ascii_lower(text);
  std::vector<Range> protected_ranges = protected_ranges_of(text, protected_texts);
  std::vector<Candidate> candidates;
  for (const words::Synonym& synonym : language.synonyms) {
    for (const Range& range : occurrences(lower, synonym.word)) {
      if (stands_alone(lower, range, language) && !is_protected(range, protected_ranges)) {
        candidates.push_back({range, synonym.other});
      }
    }
  }
  if (candidates.empty()) return std::nullopt;
  const Candidate& chosen = candidates[picker.below(candidates.size())];
  std::string_view original(text.data() + chosen.range.begin, chosen.range.end - chosen.range.begin);
  return replaced(text, chosen.range, in_case_of(original, chosen.other));
}

std::optional<std::string> change_punctuation(const std::string& title, const words::Language& language,
                                              const std::vector<std::string>& protected_texts) {
  std::vector<Range> protected_ranges = protected_ranges_of(title, protected_texts);
  // Each rule: what it finds, what it writes; the first that applies wins.
  struct Rule {
    std::string_view from;
    std::string_view to;
  };
  static const std::vector<Rule> kEnglish = {{": ", " - "}, {" - ", ": "}, {", ", " - "}};
  static const std::vector<Rule> kChinese = {{"：", " - "}, {" - ", "："}, {"，", " "}, {" ", "，"}};
  for (const Rule& rule : language.has_case ? kEnglish : kChinese) {
    if (auto found = first_free(title, {rule.from}, protected_ranges)) return replaced(title, found->first, rule.to);
  }
  return std::nullopt;
}

std::optional<std::string> change_quotes(const std::string& title) {
  struct Swap {
    std::string_view from;
    std::string_view to;
  };
  // Each row is one way of writing quotes turned into another; the first
  // row whose marks the title holds is applied to all of them.
  static const std::vector<std::vector<Swap>> kWays = {
      {{"\u201c", "\""}, {"\u201d", "\""}},
      {{"\u300c", "\u201c"}, {"\u300d", "\u201d"}},
      {{"'", "\u2019"}},
      {{"\u2019", "'"}},
  };
  for (const auto& way : kWays) {
    std::string changed = title;
    for (const Swap& swap : way) {
      for (std::size_t at = changed.find(swap.from); at != std::string::npos;
           at = changed.find(swap.from, at + swap.to.size())) {
        changed.replace(at, swap.from.size(), swap.to);
      }
    }
    if (changed != title) return changed;
  }
  // Straight double quotes become curly ones, opening and closing in turn.
  if (title.find('"') == std::string::npos) return std::nullopt;
  std::string changed;
  bool opening = true;
  for (char c : title) {
    if (c != '"') {
      changed += c;
      continue;
    }
    changed += opening ? "\u201c" : "\u201d";
    opening = !opening;
  }
  return changed;
}

std::optional<std::string> change_case(const std::string& title, const words::Language& language) {
  if (!language.has_case) return std::nullopt;
  std::string changed = title;
  bool word_start = true;
  for (char& c : changed) {
    if (word_start && std::islower(static_cast<unsigned char>(c))) {
      c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    word_start = c == ' ';
  }
  if (changed == title) return std::nullopt;
  return changed;
}

std::optional<std::string> add_trailing_period(const std::string& title, const words::Language& language) {
  for (std::string_view end : {".", "?", "!", "\u3002", "\u201d", "\""}) {
    if (title.ends_with(end)) return std::nullopt;
  }
  return title + std::string(language.trailing_period);
}

std::string cut_short(const std::string& text, int percent, const words::Language& language) {
  std::string cut;
  if (language.has_case) {
    std::size_t words = text_weight(text, language);
    std::size_t keep = std::max<std::size_t>(3, words * static_cast<std::size_t>(percent) / 100);
    std::size_t at = 0;
    for (std::size_t word = 0; word < keep && at != std::string::npos; ++word) at = text.find(' ', at + 1);
    cut = text.substr(0, at);
    while (!cut.empty() && std::string_view(",;:.").find(cut.back()) != std::string_view::npos) cut.pop_back();
  } else {
    std::size_t keep = std::max<std::size_t>(6, code_points(text) * static_cast<std::size_t>(percent) / 100);
    cut = text.substr(0, code_point_offset(text, keep));
    for (std::string_view end : {"\uff0c", "\u3002", "\u3001"}) {
      if (cut.ends_with(end)) cut.resize(cut.size() - end.size());
    }
  }
  return cut + "\u2026";
}

std::size_t text_weight(std::string_view text, const words::Language& language) {
  if (!language.has_case) return code_points(text) / 2;
  std::size_t words = 0;
  bool in_word = false;
  for (char c : text) {
    bool space = c == ' ';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

std::string capitalized(std::string text) {
  if (!text.empty() && std::islower(static_cast<unsigned char>(text[0]))) {
    text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  }
  return text;
}

std::string folded(std::string_view text) {
  std::string key;
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x80 || std::isalnum(byte)) key += static_cast<char>(std::tolower(byte));
  }
  return key;
}

}  // namespace feedwatch::testing::syndication::edits
