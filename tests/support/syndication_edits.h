// Internal to the syndication corpus (syndication_corpus.h): deterministic
// picks, the links of copies and their variants, and the edits outlets make
// to the headline and summary of a story they carry. Pure functions of
// their arguments and the Picker's state.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "tests/support/syndication_corpus.h"
#include "tests/support/syndication_words.h"

namespace feedwatch::testing::syndication::edits {

// `next() % n` over std::mt19937_64: the engine's output is fixed by the
// standard, std::*_distribution's is not, and the corpus must be the same
// everywhere.
class Picker {
 public:
  explicit Picker(std::uint64_t seed) : engine_(seed) {}
  // REQUIRES: n > 0.
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(engine_() % n); }
  int between(int low, int high) { return low + static_cast<int>(below(static_cast<std::size_t>(high - low + 1))); }
  bool percent(int chance) { return below(100) < static_cast<std::size_t>(chance); }
  template <typename T>
  const T& one_of(const std::vector<T>& values) {
    return values[below(values.size())];
  }

 private:
  std::mt19937_64 engine_;
};

// A link in parts, so that variants change one part.
struct Link {
  std::string scheme = "https";
  std::string host;
  bool explicit_port = false;      // ":443" / ":80", the scheme's default
  std::string path;                // starts with '/'
  std::vector<std::string> query;  // "name=value", in order
  std::string fragment;

  std::string text() const;
};

// The link variants a syndicating outlet or a feed tool produces, all
// canonically equal to `link` (SPEC §6). Each returns the kind it exhibits.
Kind vary_link(Link& link, Kind variant, Picker& picker);
// The variant kinds vary_link knows.
const std::vector<Kind>& link_variants();

// --- headlines and summaries -----------------------------------------------

// Replaces one word that has a synonym, outside `protected_texts` (names and
// numbers: changing those makes another story). nullopt if none can change.
std::optional<std::string> replace_synonym(const std::string& text, const words::Language& language,
                                           const std::vector<std::string>& protected_texts, Picker& picker);

// ": " <-> " - ", ", " -> " - " (Chinese: "：" <-> " - ", " " -> "，"),
// outside `protected_texts`.
std::optional<std::string> change_punctuation(const std::string& title, const words::Language& language,
                                              const std::vector<std::string>& protected_texts);
// Curly <-> straight quotes and apostrophes (Chinese: “” <-> 「」).
std::optional<std::string> change_quotes(const std::string& title);
// Every word capitalized ("Title Case"); nullopt where case means nothing.
std::optional<std::string> change_case(const std::string& title, const words::Language& language);
std::optional<std::string> add_trailing_period(const std::string& title, const words::Language& language);

// `text` cut at a word (for Chinese, a character) near `percent` of its
// length, ending in "…", as feeds cut long summaries.
std::string cut_short(const std::string& text, int percent, const words::Language& language);

// How long a text reads: words, or for Chinese two characters a word.
std::size_t text_weight(std::string_view text, const words::Language& language);

// The first letter upper-cased when it is an ASCII letter.
std::string capitalized(std::string text);

// Lower-cased letters and digits only: two titles are the same title when
// these agree.
std::string folded(std::string_view text);

}  // namespace feedwatch::testing::syndication::edits
