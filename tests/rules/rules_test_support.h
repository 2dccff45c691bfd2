// Helpers for the rule engine tests: compile one query (or rule set) and run
// it against an entry given as plain strings. Test-only; not thread-safe.
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "rules/matcher.h"
#include "rules/query_parser.h"
#include "rules/rule_compiler.h"
#include "rules/rule_file.h"

namespace feedwatch::rules::testing {

struct TestEntry {
  std::string title{};
  std::string summary{};
  std::string content{};
  std::string author{};
  std::string link{};
  std::vector<std::string> categories{};
  std::vector<std::string> feeds{};
};

struct Outcome {
  bool fired = false;
  std::vector<std::string> terms;
  std::vector<MatchedSpan> spans;
};

// One row of a table-driven test.
struct MatchCase {
  std::string query;
  TestEntry entry;
  bool fired;
  std::vector<std::string> terms;  // expected matched terms, in query order
};

inline EntryText entry_text(const TestEntry& entry) {
  EntryText text{entry.title, entry.summary, entry.content, entry.author, entry.link, {}, {}};
  for (const auto& category : entry.categories) text.categories.push_back(category);
  for (const auto& feed : entry.feeds) text.feed_names.push_back(feed);
  return text;
}

inline Query must_parse(const std::string& query) {
  auto parsed = parse_query(query);
  INFO("query: " << query);
  if (!parsed) FAIL("parse error: " << parsed.error().to_string());
  return std::move(*parsed);
}

inline CompiledRuleSet must_compile(std::vector<RuleDefinition> definitions) {
  auto compiled = compile_rule_set(definitions);
  if (!compiled) FAIL("compile error: " << compiled.error().message);
  return std::move(*compiled);
}

inline Outcome run_query(const std::string& query, const TestEntry& entry, const std::string& exclude = "") {
  RuleDefinition definition{"rule", must_parse(query), std::nullopt};
  if (!exclude.empty()) definition.exclude = must_parse(exclude);
  CompiledRuleSet rules = must_compile({std::move(definition)});
  MatchScratch scratch(rules);
  auto matches = match_entry(rules, entry_text(entry), scratch, MatchOptions{.spans = true});
  if (matches.empty()) return Outcome{};
  return Outcome{true, matches.front().matched_terms, matches.front().spans};
}

inline void check_cases(const std::vector<MatchCase>& cases) {
  for (const MatchCase& row : cases) {
    INFO("query: " << row.query << "\ntitle: " << row.entry.title << "\ncontent: " << row.entry.content);
    Outcome outcome = run_query(row.query, row.entry);
    CHECK(outcome.fired == row.fired);
    if (row.fired) CHECK(outcome.terms == row.terms);
  }
}

inline TestEntry content(std::string text) { return TestEntry{.content = std::move(text)}; }
inline TestEntry title(std::string text) { return TestEntry{.title = std::move(text)}; }

}  // namespace feedwatch::rules::testing
