// An entry's text as story identity reads it (SPEC §6: across feeds a story
// is known "by near-identical title and text ... different bodies are
// different stories, however alike their headlines"): the title's story
// words, the opening of its summary and of its content, and a sketch of the
// whole content; the keys that find likely copies through an index; and the
// comparison that decides whether two entries are one story. Hand-written
// because this judgement is the product: no library knows a desk prefix, a
// boilerplate teaser or a wire update. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace feedwatch::pipeline {

// Each word is kept as a 31-bit code; this bit marks a name or a number in a
// title (a word a writer capitalizes mid-sentence, or one holding a digit).
inline constexpr std::uint32_t kNameBit = 0x80000000u;

// What is kept of an entry's text, in the form stored with its sighting.
struct StoryText {
  std::vector<std::uint32_t> title;    // story words: no desk prefix, source suffix or filler words
  std::vector<std::uint32_t> summary;  // the summary's first words; empty when it is boilerplate
  std::vector<std::uint32_t> content_lead;    // the content's first words; empty without content
  std::vector<std::uint32_t> content_sketch;  // the smallest shingle hashes of the content, sorted
  std::uint32_t content_shingles = 0;         // how many distinct shingles the content has

  // Without a body there is nothing to tell look-alike headlines apart:
  // such an entry is only ever one story with another by its link.
  bool has_body() const { return !summary.empty() || !content_lead.empty(); }
};

// `title`, `summary` and `content` as plain text (feed::Entry's fields).
StoryText story_text_of(std::string_view title, std::string_view summary, std::string_view content);

// The stored bytes of a text, and back; nullopt for bytes this version did
// not write.
std::string encode_story_text(const StoryText& text);
std::optional<StoryText> decode_story_text(std::string_view bytes);

// The probes of the index that finds likely copies of a text without a scan:
// the title's words as a set, the opening words of summary and content, and
// 16 MinHash bands (2 rows each) over the opening's word shingles. A copy
// under light edits shares at least one key with near certainty; the
// comparison below then decides. Key i is only ever compared with key i;
// 0 means "no key". Empty when the text has no body.
inline constexpr std::size_t kStoryIndexKeys = 19;
std::vector<std::int64_t> story_index_keys(const StoryText& text);

struct TextComparison {
  double title_similarity = 0;  // Jaccard index of the title words
  double body_similarity = 0;   // of contents when both have one, else of the openings: max(Jaccard, containment);
                                // 0 (not compared) unless the titles are alike with no name replaced
  bool titles_alike = false;    // a word or two edited, or one title holding the other
  bool names_differ = false;    // a name or number replaced ("3 firms" / "5 firms", "Apple" / "Tesla")
  bool bodies_agree = false;
  bool same_story() const { return titles_alike && !names_differ && bodies_agree; }
};

TextComparison compare_story_texts(const StoryText& a, const StoryText& b);

// Two entries under one canonical link whose titles and bodies have nothing
// in common: a feed that links every item to one page. Such a link does not
// make them one story (SPEC §6: no story is ever dropped as a duplicate of a
// different one).
bool clearly_different(const StoryText& a, const StoryText& b);

}  // namespace feedwatch::pipeline
