// "Did you mean ...?" for misspelt keys and names: picks the candidate
// closest to what the user wrote, if it is close enough to be a typo.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace feedwatch {

// The candidate within a small edit distance of `written` (scaled to its
// length), or nullopt when none is plausibly what was meant.
std::optional<std::string> closest_name(std::string_view written,
                                        const std::vector<std::string_view>& candidates);

// " (did you mean 'query'?)" or "" — ready to append to an error message.
std::string did_you_mean(std::string_view written,
                         const std::vector<std::string_view>& candidates);

}  // namespace feedwatch
