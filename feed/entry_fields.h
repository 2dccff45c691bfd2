// The fields of an entry (or a feed's head) while its elements are read:
// several elements can fill one field (RSS <author>, dc:creator,
// itunes:author), and the highest-ranked one present wins wherever it
// appears in the item; among equals the first wins. Nothing is ever copied
// from one field into another.
#pragma once

#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "feed/feed.h"

namespace feedwatch::feed {

// Field ranks: higher wins. The core element of the format is kPrimary.
inline constexpr int kPrimary = 3;
inline constexpr int kSecondary = 2;
inline constexpr int kFallback = 1;
inline constexpr int kLastResort = 0;

template <typename Value>
class Ranked {
 public:
  // Whether a value of this rank would be kept; lets callers skip work.
  bool wants(int rank) const { return rank > rank_; }
  void offer(int rank, Value value) {
    if (!wants(rank)) return;
    value_ = std::move(value);
    rank_ = rank;
  }
  // Empty strings count as absent for ids and links.
  const std::optional<Value>& value() const { return value_; }
  std::optional<Value>&& take() { return std::move(value_); }

 private:
  std::optional<Value> value_;
  int rank_ = -1;
};

struct EntryFields {
  Ranked<std::string> id, title, link, author, summary, content;
  Ranked<UnixSeconds> published, updated;
  std::vector<std::string> categories;
  int descriptions_seen = 0;  // RSS: the first description/summary is the summary
  std::size_t max_categories = std::numeric_limits<std::size_t>::max();
  std::size_t dropped_categories = 0;  // distinct or not: beyond max_categories

  // Keeps the first of each distinct category, up to max_categories.
  void add_category(std::string category);
  // The finished entry, with its id falling back to the link, then a hash.
  Entry finish();
};

struct FeedHeadFields {
  Ranked<std::string> title, link, language;
};

}  // namespace feedwatch::feed
