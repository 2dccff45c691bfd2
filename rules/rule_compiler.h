// Compiles every rule's query into one shared Vectorscan database of token
// patterns (plus one of regular expressions) and a small postfix boolean
// program per rule. The result is immutable: compile once, then share it
// read-only between threads, each with its own MatchScratch (matcher.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "rules/expected.h"
#include "rules/query.h"
#include "rules/vectorscan_handle.h"

namespace feedwatch::rules {

// What the compiler needs of one rule; rule_file.h produces these.
struct RuleDefinition {
  std::string name;
  Query query;
  std::optional<Query> exclude;  // entries matching it never fire the rule
};

// One literal (or wildcard) pattern over NormalizedText::tokens, shared by
// every leaf that spells the same words.
struct TokenPattern {
  std::string literal;         // the exact bytes, when fixed_length
  std::string expression;      // as a Vectorscan regex, when not fixed_length
  std::uint32_t word_count = 1;
  bool leading_space = false;  // starts at a word boundary
  bool trailing_space = false; // ends at a word boundary
  bool fixed_length = true;    // no wildcard inside: the start is end - length
  std::uint32_t length = 0;    // bytes, when fixed_length
};

// A term leaf: true when its pattern hit a text of one of its fields.
struct TermLeaf {
  std::uint32_t pattern = 0;
  FieldMask fields = 0;
  std::string written;
};

struct NearLeaf {
  std::uint32_t first_pattern = 0;
  std::uint32_t second_pattern = 0;
  FieldMask fields = 0;
  int distance = 1;
  std::string first_written;
  std::string second_written;
};

struct RegexLeaf {
  std::uint32_t regex = 0;
  FieldMask fields = 0;
  std::string written;
};

enum class OpCode : std::uint8_t { kTerm, kNear, kRegex, kAnd, kOr, kNot };

// Postfix: leaves push a truth value; kAnd/kOr pop `operand` values; kNot pops one.
struct Instruction {
  OpCode op = OpCode::kTerm;
  std::uint32_t operand = 0;  // leaf index, or arity of kAnd/kOr
};

using Program = std::vector<Instruction>;

struct CompiledRule {
  std::string name;
  Program query;
  Program exclude;  // empty: no exclude
};

// The compiled form of a rule set. The matcher reads these tables directly;
// nothing here changes after compile_rule_set returns.
struct CompiledRuleSet {
  std::vector<CompiledRule> rules;
  std::vector<TokenPattern> patterns;
  std::vector<std::string> regexes;
  std::vector<TermLeaf> term_leaves;
  std::vector<NearLeaf> near_leaves;
  std::vector<RegexLeaf> regex_leaves;
  // Token patterns: fixed strings in one literal database (fast to build),
  // the rare phrases with a wildcard inside in a second one.
  VectorscanDatabase token_database;     // null when no rule has a term
  VectorscanDatabase wildcard_database;  // null when no phrase has an inner '*'
  VectorscanDatabase regex_database;  // null when no rule has a regex
  // Rules whose query mentions a pattern (or regex): rules_by_pattern[
  // pattern_rule_begin[p] .. pattern_rule_begin[p + 1]). Only rules with a
  // hit need evaluating...
  std::vector<std::uint32_t> pattern_rule_begin;
  std::vector<std::uint32_t> rules_by_pattern;
  std::vector<std::uint32_t> regex_rule_begin;
  std::vector<std::uint32_t> rules_by_regex;
  // ...plus these, which can fire with no hit at all (e.g. "NOT webinar").
  std::vector<std::uint32_t> rules_without_hits;

  std::size_t database_bytes() const;  // size of the compiled databases
};

struct CompileError {
  std::string rule;  // the rule it concerns, if one
  std::string message;
};

Expected<CompiledRuleSet, CompileError> compile_rule_set(const std::vector<RuleDefinition>& definitions);

// The token pattern that matches a term (exposed for tests and the benchmark).
TokenPattern make_token_pattern(const Term& term);

}  // namespace feedwatch::rules
