// The YAML alias budget: ordinary reuse through aliases passes; a document
// whose aliases stand for more values or text than the budget, or for a
// node containing itself, is refused at the alias that crosses the line.
#include <catch2/catch.hpp>

#include <yaml-cpp/yaml.h>

#include <chrono>
#include <string>

#include "rules/rule_file.h"
#include "rules/yaml_alias_budget.h"

using namespace feedwatch::rules;

namespace {

// `feeds` entries that all name the tag list anchored in the first one.
std::string feeds_sharing_tags(int feeds, int tags) {
  std::string text = "feeds:\n  - url: https://f.example/0\n    tags: &shared [";
  for (int i = 0; i < tags; ++i) text += (i ? ",t" : "t") + std::to_string(i);
  text += "]\n";
  for (int i = 1; i < feeds; ++i) text += "  - {url: 'https://f.example/" + std::to_string(i) + "', tags: *shared}\n";
  return text;
}

// The classic "billion laughs": each level is ten aliases of the one before.
std::string nested_laughs(int levels) {
  std::string text = "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (int level = 1; level <= levels; ++level) {
    std::string previous = "*l" + std::to_string(level - 1);
    text += "l" + std::to_string(level) + ": &l" + std::to_string(level) + " [";
    for (int i = 0; i < 10; ++i) text += (i ? ", " : "") + previous;
    text += "]\n";
  }
  return text;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

TEST_CASE("Aliases that reuse a short list across thousands of feeds are within the budget", "[rules][yaml]") {
  CHECK_FALSE(find_alias_amplification(feeds_sharing_tags(20'000, 4)).has_value());
  CHECK_FALSE(find_alias_amplification("a: &x {k: v}\nb: *x\nc: [*x, *x]\n").has_value());
}

TEST_CASE("A document whose aliases stand for too many values is refused at the alias that crosses the budget",
          "[rules][yaml]") {
  auto start = std::chrono::steady_clock::now();
  auto problem = find_alias_amplification(feeds_sharing_tags(20'000, 10'000));
  CHECK(seconds_since(start) < 5);
  REQUIRE(problem.has_value());
  // 10,001 values per alias: the 20th alias (feed 20, line 23) goes past 200,000.
  CHECK(problem->mark.line == 22);
  CHECK(problem->message.find("*shared stands for 10001 values") != std::string::npos);
  CHECK(problem->message.find("200000") != std::string::npos);
}

TEST_CASE("Nested aliases (billion laughs) are refused without being expanded", "[rules][yaml]") {
  auto start = std::chrono::steady_clock::now();
  auto problem = find_alias_amplification(nested_laughs(9));  // 10^10 values written out
  CHECK(seconds_since(start) < 1);
  REQUIRE(problem.has_value());
  CHECK(problem->message.find("aliases expand to more than") != std::string::npos);
}

TEST_CASE("Aliases that stand for too much text are refused even when they are few values", "[rules][yaml]") {
  std::string text = "big: &big '" + std::string(1 << 20, 'x') + "'\ncopies: [";
  for (int i = 0; i < 20; ++i) text += (i ? ", " : "") + std::string("*big");
  text += "]\n";
  auto problem = find_alias_amplification(text);
  REQUIRE(problem.has_value());
  CHECK(problem->mark.line == 1);
  CHECK(problem->message.find("16 MiB") != std::string::npos);
  CHECK_FALSE(find_alias_amplification(text, AliasBudget{kMaxAliasExpandedValues, 32 << 20}).has_value());
}

TEST_CASE("An alias naming the node that contains it is refused", "[rules][yaml]") {
  auto problem = find_alias_amplification("loop: &self [a, *self]\n");
  REQUIRE(problem.has_value());
  CHECK(problem->mark.line == 0);
  CHECK(problem->mark.column == 16);
  CHECK(problem->message.find("*self names a node that contains it") != std::string::npos);
}

TEST_CASE("A syntax error is thrown as YAML::Load would throw it", "[rules][yaml]") {
  CHECK_THROWS_AS(find_alias_amplification("a: [unclosed\nb: {\n"), YAML::ParserException);
  CHECK_THROWS_AS(find_alias_amplification("a: *undefined\n"), YAML::ParserException);
}

TEST_CASE("A rule file whose aliases stand for too much is refused with FILE:LINE:COL", "[rules][yaml]") {
  std::string text = "rules:\n  - name: r0\n    query: chips\n    feeds: &scope [";
  for (int i = 0; i < 10'000; ++i) text += (i ? ", f" : "f") + std::to_string(i);
  text += "]\n";
  for (int i = 1; i < 100; ++i) text += "  - {name: r" + std::to_string(i) + ", query: chips, feeds: *scope}\n";
  RuleFileResult result = parse_rule_file(text, "amplified.yaml");
  REQUIRE(result.diagnostics.size() == 1);
  CHECK(result.rules.empty());
  // The 20th alias, on line 24, after "  - {name: r20, query: chips, feeds: ".
  CHECK(result.diagnostics[0].to_string().rfind("amplified.yaml:24:38: aliases expand to more than", 0) == 0);
}
