// Suggestions for misspelt names ("did you mean 'query'?") from the edit
// distance between what was written and what is known. Pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace feedwatch::rules {

// Edits (insert, delete, substitute, swap two neighbours) turning a into b.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The closest candidate within a small distance, or "" when none is close.
std::string closest_name(std::string_view written, const std::vector<std::string>& candidates);

// " (did you mean 'x'?)"-style suffix: "; did you mean 'query'?" or "".
std::string did_you_mean(std::string_view written, const std::vector<std::string>& candidates);

}  // namespace feedwatch::rules
