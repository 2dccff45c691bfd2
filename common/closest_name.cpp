#include "common/closest_name.h"

#include <algorithm>
#include <cctype>


namespace feedwatch {
namespace {

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

// Edit distance counting a swap of neighbours as one edit (the commonest
// typo: "qeury"), case-insensitive. Keys are short, so a full table is fine.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      bool swapped = i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
                     lower(a[i - 2]) == lower(b[j - 1]);
      if (swapped) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

}  // namespace

std::optional<std::string> closest_name(std::string_view written,
                                        const std::vector<std::string_view>& candidates) {
  // A third of the word, at least 1 and at most 3 edits: catches typos
  // without suggesting unrelated short names.
  std::size_t allowed = std::clamp<std::size_t>(written.size() / 3, 1, 3);
  std::optional<std::string> best;
  std::size_t best_distance = allowed + 1;
  for (auto candidate : candidates) {
    std::size_t distance = edit_distance(written, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = std::string(candidate);
    }
  }
  return best;
}

std::string did_you_mean(std::string_view written,
                         const std::vector<std::string_view>& candidates) {
  auto best = closest_name(written, candidates);
  return best ? " (did you mean '" + *best + "'?)" : "";
}

}  // namespace feedwatch
