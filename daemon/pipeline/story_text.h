// The part of an entry's title and summary that tells its story: the title
// without a source suffix or "UPDATE 1:"-style labels, and without filler
// words. Shared by the SimHash (near_duplicate.h) and its verification
// (headline_words.h) so both read the same words. Pure; thread-safe.
#pragma once

#include <string_view>
#include <vector>

#include "rules/text_normalizer.h"

namespace feedwatch::pipeline {

// "Chipmakers rally on export deal - Reuters" → "Chipmakers rally on export
// deal": a trailing " - ", " | ", " — " or " – " part of at most four words.
std::string_view without_source_suffix(std::string_view title);

// The tokens of a normalized text, in order.
std::vector<std::string_view> words_of(const rules::NormalizedText& text);

// The index of the first word after leading labels ("UPDATE 2: …",
// "BREAKING - …"); 0 when the title is nothing but labels.
std::size_t first_story_word(const std::vector<std::string_view>& words);

// Words outlets add or drop freely ("the", "and"): they say nothing of the story.
bool is_filler_word(std::string_view word);

}  // namespace feedwatch::pipeline
