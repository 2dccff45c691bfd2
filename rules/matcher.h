// Matches one entry against a CompiledRuleSet: each field's text is
// normalized and scanned once with the shared database, then only the rules
// with a hit (plus those that fire without one) are evaluated. The rule set
// is read-only and shared; each thread brings its own MatchScratch.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rules/query.h"
#include "rules/rule_compiler.h"

namespace feedwatch::rules {

// The texts of an entry, as the rule engine sees them. The views must stay
// valid during match_entry. Each category and each feed name is its own text.
struct EntryText {
  std::string_view title;
  std::string_view summary;
  std::string_view content;
  std::string_view author;
  std::string_view link;
  std::vector<std::string_view> categories;
  std::vector<std::string_view> feed_names;  // the configured name and the feed's own title
};

// Where a matched term stands in the entry: byte range [begin, end) of the
// original (not normalized) text of one field.
struct MatchedSpan {
  Field field = Field::kTitle;
  std::size_t field_index = 0;  // which category or feed name; 0 otherwise
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string term;  // as written in the query
};

struct RuleMatch {
  std::size_t rule_index = 0;
  std::string rule_name;
  std::vector<std::string> matched_terms;  // as written; empty when fired only through NOT
  std::vector<MatchedSpan> spans;          // filled only with MatchOptions::spans
};

struct MatchOptions {
  bool spans = false;  // costs a little: keeps a map from normalized to original bytes
};

// Per-thread working memory for match_entry: Vectorscan scratch, hit lists,
// reusable buffers and the last entry's reports. Bound to the rule set it was
// made for; not thread-safe.
class MatchScratch {
 public:
  explicit MatchScratch(const CompiledRuleSet& rules);
  ~MatchScratch();
  MatchScratch(MatchScratch&&) noexcept;
  MatchScratch& operator=(MatchScratch&&) noexcept;

  // Statistics of the last match_entry call (for benchmarks and metrics).
  std::size_t last_hit_count() const;
  std::size_t last_candidate_count() const;

  // Internal to match_entry (defined in matcher.cpp).
  struct State;
  State& state() { return *state_; }

 private:
  std::unique_ptr<State> state_;
};

// The rules the entry fires, in rule order. Applies each rule's exclude.
// The reports live in `scratch`, which reuses their memory from entry to
// entry: they are valid until the next match_entry call with it. Copy (or
// move out of) what you keep; `auto matches = match_entry(...)` copies.
// REQUIRES: scratch was made for `rules`.
std::vector<RuleMatch>& match_entry(const CompiledRuleSet& rules, const EntryText& entry, MatchScratch& scratch,
                                    MatchOptions options = {});

// The text with each span wrapped in open/close markers (overlapping spans
// merged), for `feedwatch test`. Spans of other fields are ignored.
std::string highlight(std::string_view text, const std::vector<MatchedSpan>& spans, Field field,
                      std::size_t field_index = 0, std::string_view open = "[", std::string_view close = "]");

}  // namespace feedwatch::rules
