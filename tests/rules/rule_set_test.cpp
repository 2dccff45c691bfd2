// The compiled rule set as a whole: candidate selection, sharing between
// threads, and rules that fire without any hit.
#include <thread>

#include "tests/rules/rules_test_support.h"

using namespace feedwatch::rules;
using namespace feedwatch::rules::testing;

namespace {

CompiledRuleSet many_rules_sharing_a_common_word(std::size_t count) {
  std::vector<RuleDefinition> definitions;
  for (std::size_t i = 0; i < count; ++i) {
    std::string query = "(company" + std::to_string(i) + " OR \"brand " + std::to_string(i) + "\") AND (market OR shares)";
    definitions.push_back({"rule-" + std::to_string(i), must_parse(query), std::nullopt});
  }
  return must_compile(std::move(definitions));
}

}  // namespace

TEST_CASE("Only rules whose rarest side hit are evaluated", "[rules]") {
  CompiledRuleSet rules = many_rules_sharing_a_common_word(200);
  MatchScratch scratch(rules);
  TestEntry entry{.content = "Company7 shares rose as the market opened"};
  auto matches = match_entry(rules, entry_text(entry), scratch);
  REQUIRE(matches.size() == 1);
  CHECK(matches[0].rule_name == "rule-7");
  CHECK(matches[0].matched_terms == std::vector<std::string>{"company7", "market", "shares"});
  CHECK(scratch.last_candidate_count() == 1);
  TestEntry common_only{.content = "market shares market shares"};
  CHECK(match_entry(rules, entry_text(common_only), scratch).empty());
  CHECK(scratch.last_candidate_count() == 0);
}

TEST_CASE("Identical terms in different rules share one pattern", "[rules]") {
  CompiledRuleSet rules = many_rules_sharing_a_common_word(50);
  // 50 companies + 50 brand phrases + market + shares.
  CHECK(rules.patterns.size() == 102);
}

TEST_CASE("A rule with a double negation still fires", "[rules]") {
  std::vector<RuleDefinition> definitions;
  definitions.push_back({"double", must_parse("NOT (NOT nvidia)"), std::nullopt});
  definitions.push_back({"other", must_parse("amd"), std::nullopt});
  CompiledRuleSet rules = must_compile(std::move(definitions));
  MatchScratch scratch(rules);
  CHECK(match_entry(rules, entry_text(content("nvidia")), scratch).size() == 1);
  CHECK(match_entry(rules, entry_text(content("intel")), scratch).empty());
}

TEST_CASE("One compiled rule set serves several threads, each with its own scratch", "[rules]") {
  CompiledRuleSet rules = many_rules_sharing_a_common_word(100);
  std::vector<TestEntry> entries;
  for (int i = 0; i < 100; ++i) {
    entries.push_back(TestEntry{.title = "Brand " + std::to_string(i) + " news", .content = "shares fell"});
  }
  auto count_matches = [&rules, &entries](std::size_t* total) {
    MatchScratch scratch(rules);
    for (int round = 0; round < 20; ++round) {
      for (const TestEntry& entry : entries) *total += match_entry(rules, entry_text(entry), scratch).size();
    }
  };
  std::size_t first = 0;
  std::size_t second = 0;
  std::thread one(count_matches, &first);
  std::thread two(count_matches, &second);
  one.join();
  two.join();
  CHECK(first == 2000);
  CHECK(second == 2000);
}

TEST_CASE("An empty rule set matches nothing", "[rules]") {
  CompiledRuleSet rules = must_compile({});
  MatchScratch scratch(rules);
  CHECK(match_entry(rules, entry_text(content("anything")), scratch).empty());
}

TEST_CASE("Query errors in folded blocks point at the right line", "[rules]") {
  // Exercised through rule_file: the ')' is on the second line of the block.
  RuleFileResult result = parse_rule_file("rules:\n  - name: a\n    query: >\n      nvidia OR\n      amd)\n", "f.yaml");
  REQUIRE(result.diagnostics.size() == 1);
  CHECK(result.diagnostics[0].to_string() == "f.yaml:5:10: rule 'a': invalid 'query': unexpected ')' with no '(' to close");
}
