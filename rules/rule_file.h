// Reads watch-rule documents (SPEC §3 YAML) from text the caller supplies:
// no file access here. Collects every problem as FILE:LINE:COL: message
// (1-based; columns in characters) instead of stopping at the first.
// Pure functions over values; thread-safe.
#pragma once

#include <chrono>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "rules/query.h"
#include "rules/rule_compiler.h"
#include "rules/rule_schedule.h"

namespace feedwatch::rules {

enum class Severity { kInfo, kLow, kMedium, kHigh, kCritical };

std::string_view severity_name(Severity severity);

struct SourceLocation {
  std::string file;
  int line = 1;
  int column = 1;
};

struct Diagnostic {
  SourceLocation location;
  std::string message;

  std::string to_string() const;  // "FILE:LINE:COL: message"
};

// A regular expression of a rule and where it is written, so that a
// compile error that Vectorscan blames on it can point there.
struct WrittenRegex {
  std::string regex;  // as the query holds it (QueryNode::regex)
  SourceLocation location;
};

struct Rule {
  std::string name;
  std::string description;
  std::string query_text;
  Query query;
  std::optional<Query> exclude;
  std::vector<std::string> feeds;  // tag:NAME, feed names or URLs; empty: every feed
  Severity severity = Severity::kMedium;
  std::vector<std::string> notify;
  std::optional<std::chrono::milliseconds> group;
  std::optional<DigestSchedule> digest;
  SourceLocation digest_location;  // of the `digest` value: the daemon checks its zone
  SourceLocation location;  // where the rule's entry starts
  std::vector<WrittenRegex> regexes;  // of query and exclude, in order
};

struct RuleFileOptions {
  // The configured notifier names; null skips the check (e.g. `feedwatch test`).
  const std::set<std::string>* notifiers = nullptr;
};

struct RuleDocument {
  std::string file;  // the name to print in diagnostics
  std::string text;
};

// Rules that passed every check, and the problems of those that did not.
struct RuleFileResult {
  std::vector<Rule> rules;
  std::vector<Diagnostic> diagnostics;

  bool ok() const { return diagnostics.empty(); }
};

// One document; duplicate names within it are reported.
RuleFileResult parse_rule_file(std::string_view text, std::string_view file, const RuleFileOptions& options = {});

// Several documents (a config's rule globs); duplicate names across all of
// them are reported, each pointing at the first definition.
RuleFileResult parse_rule_files(const std::vector<RuleDocument>& documents, const RuleFileOptions& options = {});

// Reports every rule whose name an earlier rule already has.
std::vector<Diagnostic> find_duplicate_rule_names(const std::vector<Rule>& rules);

// What compile_rule_set needs of each rule.
std::vector<RuleDefinition> rule_definitions(const std::vector<Rule>& rules);

}  // namespace feedwatch::rules
