// The compile-cost estimate of query regexes, and the budget the query
// parser holds them to, so that no rule can stall Vectorscan's compiler.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "rules/query_parser.h"
#include "rules/regex_cost.h"
#include "rules/rule_compiler.h"

using namespace feedwatch::rules;

namespace {

std::string repeated(const std::string& part, int times) {
  std::string text;
  for (int i = 0; i < times; ++i) text += part;
  return text;
}

}  // namespace

TEST_CASE("Repetitions count as if written out, alternatives add up", "[rules][regex]") {
  CHECK(regex_compile_cost("abc") == 3);
  CHECK(regex_compile_cost("a{5}") == 5);
  CHECK(regex_compile_cost("a{2,4}") == 4);
  CHECK(regex_compile_cost("a{3,}") == 3);
  CHECK(regex_compile_cost("x*y+z?") == 3);
  CHECK(regex_compile_cost("(ab|cd){3}") == 12);
  CHECK(regex_compile_cost("(?:a{10}){10}") == 100);
  CHECK(regex_compile_cost("(?<word>ab){2}") == 4);
  CHECK(regex_compile_cost("h(20|100)\\b") == 7);
}

TEST_CASE("A position that can match non-ASCII or a Unicode property costs more", "[rules][regex]") {
  CHECK(regex_compile_cost(".") == kWidePositionCost);
  CHECK(regex_compile_cost(".{10}") == 10 * kWidePositionCost);
  CHECK(regex_compile_cost("[^ ]") == kWidePositionCost);
  CHECK(regex_compile_cost("\\S") == kWidePositionCost);
  CHECK(regex_compile_cost("é") == kWidePositionCost);
  CHECK(regex_compile_cost("\\x{e9}") == kWidePositionCost);
  CHECK(regex_compile_cost("\\x41") == 1);
  CHECK(regex_compile_cost("[a-z0-9_]") == 1);
  CHECK(regex_compile_cost("\\p{L}") == kPropertyPositionCost);
  CHECK(regex_compile_cost("\\pL+") == kPropertyPositionCost);
  CHECK(regex_compile_cost("[\\p{Han}\\d]{2}") == 2 * kPropertyPositionCost);
}

TEST_CASE("Option settings, comments, quoting and literal braces are read as Vectorscan reads them",
          "[rules][regex]") {
  CHECK(regex_compile_cost("(?i)ab") == 2);
  CHECK(regex_compile_cost("a(?#note)b") == 2);
  CHECK(regex_compile_cost("\\Qa.b\\E{3}") == 5);  // the quantifier repeats the last quoted character
  CHECK(regex_compile_cost("a{x}") == 4);          // not a quantifier: four literals
  CHECK(regex_compile_cost("[]a]") == 1);
  CHECK(regex_compile_cost("[[:alpha:]]{3}") == 3);
}

TEST_CASE("The issue's costly pattern is measured as huge, and nesting saturates instead of overflowing",
          "[rules][regex]") {
  CHECK(regex_compile_cost(repeated("a{1000}", 30) + "(b|c){5000}") == 40'000);
  CHECK(regex_compile_cost("((((a{1000000}){1000000}){1000000}){1000000})") == kRegexCostCap);
  CHECK(regex_compile_cost("a{99999999999999999999999}") == kRegexCostCap);
}

TEST_CASE("Unfinished patterns are estimated without reading past their end", "[rules][regex]") {
  for (const char* text : {"(", "(?", "(?<", "[", "[^", "[[:", "\\", "\\x{", "\\p", "a{", "a{1,", "\\Q", "((a)"}) {
    CAPTURE(text);
    CHECK(regex_compile_cost(text) <= kPropertyPositionCost);
  }
}

TEST_CASE("A query whose regex costs more than the budget is refused at that regex, fast", "[rules][regex]") {
  auto start = std::chrono::steady_clock::now();
  auto query = parse_query("chips AND /" + repeated("a{1000}", 30) + "(b|c){5000}/");
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(1));
  REQUIRE_FALSE(query.has_value());
  CHECK(query.error().column == 11);
  CHECK(query.error().message.find("too costly to compile: it costs 40000") != std::string::npos);
}

TEST_CASE("The budget is for all of a query's regexes together", "[rules][regex]") {
  CHECK(parse_query("/x{1000}/").has_value());
  auto query = parse_query("/x{600}/ OR /y{600}/");
  REQUIRE_FALSE(query.has_value());
  CHECK(query.error().column == 13);
  CHECK(query.error().message.find("it costs 600, 1200 with the query's other ones") != std::string::npos);
}

TEST_CASE("A regex Vectorscan refuses when the rules are compiled is blamed on its rule", "[rules][regex]") {
  auto good = parse_query("chips");
  auto bad = parse_query("/placeholder/");
  REQUIRE(good.has_value());
  REQUIRE(bad.has_value());
  bad->root.regex = "a\\bb";  // never matches: refused by Vectorscan, which the parser would have caught
  auto compiled = compile_rule_set({{"fine", *good, std::nullopt}, {"never", *good, *bad}});
  REQUIRE_FALSE(compiled.has_value());
  CHECK(compiled.error().rule == "never");
  CHECK(compiled.error().expression == "a\\bb");
  CHECK(compiled.error().message.find("/a\\bb/") != std::string::npos);
}
