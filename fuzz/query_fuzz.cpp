// libFuzzer target for the rule engine: every input is parsed as a query
// (compiled and matched against the input itself as text) and as a rules
// YAML document. Nothing may crash, hang or leak; errors are fine.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>

#include "rules/matcher.h"
#include "rules/query_parser.h"
#include "rules/rule_compiler.h"
#include "rules/rule_file.h"

namespace {

using namespace feedwatch::rules;

void match_against_itself(const CompiledRuleSet& rules, const std::string& text) {
  MatchScratch scratch(rules);
  std::string_view view = text;
  EntryText entry{text, view.substr(text.size() / 2), text, "author", text, {text, "category"}, {"feed", text}};
  auto matches = match_entry(rules, entry, scratch, MatchOptions{.spans = true});
  for (const RuleMatch& match : matches) (void)highlight(text, match.spans, Field::kTitle);
}

void fuzz_query(const std::string& text) {
  auto query = parse_query(text);
  if (!query) return;
  std::vector<RuleDefinition> definitions{{"fuzz", *query, std::nullopt}, {"negated", *query, *query}};
  auto rules = compile_rule_set(definitions);
  if (rules) match_against_itself(*rules, text);
}

void fuzz_rule_file(const std::string& text) {
  static const std::set<std::string> kNotifiers{"console", "policy-slack"};
  RuleFileResult result = parse_rule_file(text, "fuzz.yaml", RuleFileOptions{&kNotifiers});
  for (const Diagnostic& diagnostic : result.diagnostics) (void)diagnostic.to_string();
  auto rules = compile_rule_set(rule_definitions(result.rules));
  if (rules) match_against_itself(*rules, text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  fuzz_query(text);
  fuzz_rule_file(text);
  return 0;
}
