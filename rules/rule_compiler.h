// Compiles every rule's query into one shared Vectorscan database of token
// patterns (plus one of regular expressions) and a small postfix boolean
// program per rule. The result is immutable: compile once, then share it
// read-only between threads, each with its own MatchScratch (matcher.h).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
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

// What the matcher reads of a TokenPattern at each hit, kept apart from its
// strings so that 10,000 rules' worth stays in cache (12 bytes, not 80).
struct PatternShape {
  std::uint32_t length = 0;  // bytes, when fixed_length
  std::uint32_t word_count = 1;
  bool leading_space = false;
  bool trailing_space = false;
  bool fixed_length = true;
};

// NEAR and regex leaves, which do not fit in an Instruction. The `written`
// members (and a kTerm instruction's operand) index
// CompiledRuleSet::written_terms (each spelling stored once), so a match can
// collect its terms as numbers and make strings only for the report.
struct NearLeaf {
  std::uint32_t first_pattern = 0;
  std::uint32_t second_pattern = 0;
  FieldMask fields = 0;
  int distance = 1;
  std::uint32_t first_written = 0;
  std::uint32_t second_written = 0;
};

struct RegexLeaf {
  std::uint32_t regex = 0;
  FieldMask fields = 0;
  std::uint32_t written = 0;
};

enum class OpCode : std::uint8_t { kTerm, kNear, kRegex, kAnd, kOr, kNot };

// Postfix: leaves push a truth value; kAnd/kOr pop `operand` values; kNot
// pops one. An operator also records how many instructions its subtree spans
// (itself included), so evaluation can skip the siblings it no longer needs
// (program.h). A term or regex leaf carries its pattern and fields inline so
// evaluating it touches no other table (10,000 rules' leaves do not fit in
// cache); a term leaf is entirely inline, so reporting it needs none either.
struct Instruction {
  OpCode op = OpCode::kTerm;
  FieldMask fields = 0;       // kTerm, kRegex
  std::uint32_t operand = 0;  // kTerm: written_terms index; kNear, kRegex: leaf index; kAnd/kOr: arity
  std::uint32_t key = 0;      // kTerm: pattern; kRegex: regex; kAnd, kOr, kNot: subtree size
};

using Program = std::span<const Instruction>;

// A rule's program is code[begin, end) of CompiledRuleSet::code.
struct ProgramRange {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;

  bool empty() const { return begin == end; }
};

struct CompiledRule {
  std::string name;
  ProgramRange query;
  ProgramRange exclude;  // empty: no exclude
};

// The compiled form of a rule set. The matcher reads these tables directly;
// nothing here changes after compile_rule_set returns.
// A rule's programs without its name: the matcher's per-candidate lookup,
// kept compact because 10,000 rules' worth must stay in cache.
struct RulePrograms {
  ProgramRange query;
  ProgramRange exclude;
};

// One rule under one trigger key. The key's hit must be in `key_fields`, and
// the rule needs a second condition besides: one of `filter` hit in
// `filter_fields`. The matcher checks both from the entry itself, so most
// rules that a common word triggers but that cannot fire are dropped without
// touching their programs. Unused filter slots hold
// CompiledRuleSet::never_pattern(); an entry without a second condition has
// always_pattern() in its first slot. `query_end` lets the matcher start
// loading a candidate's program at once. 32 bytes: two entries a cache line.
inline constexpr std::size_t kFilterPatterns = 5;

struct TriggerEntry {
  std::uint32_t rule = 0;
  FieldMask key_fields = 0;
  FieldMask filter_fields = 0;
  std::uint32_t query_end = 0;  // the rule's RulePrograms::query.end
  std::array<std::uint32_t, kFilterPatterns> filter{};
};
static_assert(sizeof(TriggerEntry) == 32);

struct CompiledRuleSet {
  std::vector<CompiledRule> rules;
  std::vector<RulePrograms> programs;  // parallel to rules
  std::vector<Instruction> code;       // every rule's programs, back to back
  std::vector<TokenPattern> patterns;
  std::vector<PatternShape> pattern_shapes;  // parallel to patterns
  std::vector<std::string> regexes;
  std::vector<NearLeaf> near_leaves;
  std::vector<RegexLeaf> regex_leaves;
  std::vector<std::string> written_terms;  // the leaves' terms as written, each once
  // Token patterns: fixed strings in one literal database (fast to build),
  // the rare phrases with a wildcard inside in a second one.
  VectorscanDatabase token_database;     // null when no rule has a term
  VectorscanDatabase wildcard_database;  // null when no phrase has an inner '*'
  VectorscanDatabase regex_database;  // null when no rule has a regex
  // Rules whose query mentions a pattern (or regex): rules_by_pattern[
  // pattern_rule_begin[p] .. pattern_rule_begin[p + 1]). Only rules with a
  // hit (and whose filter passes) need evaluating...
  std::vector<std::uint32_t> pattern_rule_begin;
  std::vector<TriggerEntry> rules_by_pattern;
  std::vector<std::uint32_t> regex_rule_begin;
  std::vector<TriggerEntry> rules_by_regex;
  // ...plus these, which can fire with no hit at all (e.g. "NOT webinar").
  std::vector<std::uint32_t> rules_without_hits;

  std::size_t database_bytes() const;  // size of the compiled databases
  // Filter slots past the real patterns: one that never hits, one that
  // always does (in every field).
  std::uint32_t never_pattern() const { return static_cast<std::uint32_t>(patterns.size()); }
  std::uint32_t always_pattern() const { return static_cast<std::uint32_t>(patterns.size() + 1); }
  Program program(ProgramRange range) const {
    return Program(code.data() + range.begin, range.end - range.begin);
  }
};

// What Vectorscan refused. When it blamed one pattern, `rule` is the first
// rule that uses it and `expression` the pattern (a regex as written between
// the slashes), so callers can point at it; otherwise both are empty.
struct CompileError {
  std::string rule;
  std::string message;
  std::string expression;
};

Expected<CompiledRuleSet, CompileError> compile_rule_set(const std::vector<RuleDefinition>& definitions);

// The token pattern that matches a term (exposed for tests and the benchmark).
TokenPattern make_token_pattern(const Term& term);

}  // namespace feedwatch::rules
