// The baseline match_bench compares against: each rule evaluated on its own,
// term by term, with std::string::find over the entry's normalized fields
// (normalized once per entry, which flatters the baseline). Not thread-safe.
#pragma once

#include <string>
#include <vector>

#include "rules/query.h"
#include "rules/text_normalizer.h"

namespace feedwatch::bench {

struct NaiveEntry {
  rules::NormalizedText title;
  rules::NormalizedText summary;
  rules::NormalizedText content;
};

class NaiveMatcher {
 public:
  explicit NaiveMatcher(std::vector<rules::Query> queries) : queries_(std::move(queries)) {}

  // The number of rules the entry fires.
  std::size_t count_matches(const NaiveEntry& entry) const;

 private:
  std::vector<rules::Query> queries_;
};

}  // namespace feedwatch::bench
