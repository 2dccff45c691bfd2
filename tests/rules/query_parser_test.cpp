// Parse errors carry the column and what was expected; limits stop hostile input.
#include "tests/rules/rules_test_support.h"

using namespace feedwatch::rules;

namespace {

struct ErrorCase {
  std::string query;
  int column;
  std::string message_part;
};

void check_errors(const std::vector<ErrorCase>& cases) {
  for (const ErrorCase& row : cases) {
    INFO("query: " << row.query);
    auto parsed = parse_query(row.query);
    REQUIRE_FALSE(parsed.has_value());
    CHECK(parsed.error().column == row.column);
    CHECK_THAT(parsed.error().message, Catch::Contains(row.message_part));
  }
}

}  // namespace

TEST_CASE("Parse errors name the column and what was expected", "[rules]") {
  check_errors({
      {"(nvidia OR amd", 15, "expected ')' to close '(' at column 1"},
      {"chips AND (nvidia OR amd", 25, "expected ')' to close '(' at column 11"},
      {"nvidia)", 7, "unexpected ')'"},
      {"\"export controls", 17, "expected '\"' to close the phrase opened at column 1"},
      {"nvidia AND", 11, "expected a term"},
      {"OR nvidia", 1, "expected a term, phrase or '(', found 'OR'"},
      {"nvidia OR OR amd", 11, "found 'OR'"},
      {"nvidia AND OR amd", 12, "found 'OR'"},
      {"NOT", 4, "found end of query"},
      {"()", 2, "expected a query inside '()'"},
      {"", 1, "found end of query"},
      {"   ", 4, "found end of query"},
      {"/h(20/", 1, "invalid regular expression"},
      {"/abc", 5, "expected '/' to close the regular expression opened at column 1"},
      {"NEAR/5 a", 8, "expected '(' after NEAR/5"},
      {"NEAR/x(a, b)", 1, "expected NEAR/n"},
      {"NEAR/0(a, b)", 1, "expected NEAR/n with n from 1 to 1000"},
      {"NEAR(a, b)", 1, "expected NEAR/n"},
      {"NEAR/5(a b)", 10, "expected ',' between the two operands of NEAR"},
      {"NEAR/5(a, b", 12, "expected ')' to close '(' at column 7"},
      {"NEAR/5((a), b)", 8, "expected a term, prefix or phrase as an operand of NEAR"},
      {"NEAR/5(a, b, c)", 12, "expected ')' to close '(' at column 7"},
      {"a, b", 2, "found ','"},
      {"!!!", 1, "'!!!' has no letters or digits"},
      {"\"...\"", 1, "the phrase has no letters or digits"},
      {"ex*port", 1, "'*' may only stand at the end of a word"},
      {"*", 1, "'*' must follow a word"},
      {"title:", 7, "found end of query"},
      {"title:)", 7, "found ')'"},
      {"日本 (", 5, "found end of query"},
      {"日本 )", 4, "unexpected ')'"},
  });
}

TEST_CASE("Queries longer than the limit are refused", "[rules]") {
  std::string query;
  while (query.size() <= kMaxQueryBytes) query += "nvidia OR ";
  auto parsed = parse_query(query);
  REQUIRE_FALSE(parsed.has_value());
  CHECK_THAT(parsed.error().message, Catch::Contains("longer than 4096 bytes"));
  CHECK(parse_query(std::string(kMaxQueryBytes - 1, 'a')).has_value());
}

TEST_CASE("Nesting deeper than the limit is refused without exhausting the stack", "[rules]") {
  std::string deep_parens = std::string(2000, '(') + "a" + std::string(2000, ')');
  auto parens = parse_query(deep_parens);
  REQUIRE_FALSE(parens.has_value());
  CHECK_THAT(parens.error().message, Catch::Contains("deeper than 64 levels"));
  std::string nots;
  for (int i = 0; i < 1000; ++i) nots += "NOT ";
  auto negations = parse_query(nots + "a");
  REQUIRE_FALSE(negations.has_value());
  CHECK_THAT(negations.error().message, Catch::Contains("deeper than 64"));
  auto dashes = parse_query(std::string(1000, '-') + "a");
  REQUIRE_FALSE(dashes.has_value());
  std::string fine = std::string(30, '(') + "a" + std::string(30, ')');
  CHECK(parse_query(fine).has_value());
}

TEST_CASE("The parser builds the tree with NOT over AND over OR", "[rules]") {
  Query query = feedwatch::rules::testing::must_parse("a OR b c -d");
  const QueryNode& root = query.root;
  REQUIRE(root.kind == NodeKind::kOr);
  REQUIRE(root.children.size() == 2);
  CHECK(root.children[0].kind == NodeKind::kTerm);
  const QueryNode& conjunction = root.children[1];
  REQUIRE(conjunction.kind == NodeKind::kAnd);
  REQUIRE(conjunction.children.size() == 3);
  CHECK(conjunction.children[2].kind == NodeKind::kNot);
}

TEST_CASE("Terms keep their words, prefixes and spelling as written", "[rules]") {
  Query query = feedwatch::rules::testing::must_parse("title:\"Export* Control*\"");
  const Term& term = query.root.term;
  REQUIRE(term.words.size() == 2);
  CHECK(term.words[0].text == "export");
  CHECK(term.words[0].prefix);
  CHECK(term.words[1].prefix);
  CHECK(term.written == "Export* Control*");
  CHECK(query.root.fields == field_bit(Field::kTitle));
  Query mixed = feedwatch::rules::testing::must_parse("H20芯片");
  REQUIRE(mixed.root.term.words.size() == 2);
  CHECK(mixed.root.term.words[1].kind == TokenKind::kRun);
}

TEST_CASE("An unknown name before a colon is part of the word", "[rules]") {
  Query query = feedwatch::rules::testing::must_parse("note:this");
  REQUIRE(query.root.kind == NodeKind::kTerm);
  CHECK(query.root.term.words.size() == 2);
  CHECK(query.root.fields == kEntryTextFields);
}

TEST_CASE("The SPEC example query parses", "[rules]") {
  auto parsed = parse_query(
      "(\"export control*\" OR \"entity list\" OR sanction* OR \"chip ban\" OR 出口管制)\n"
      "AND (chip* OR semiconductor* OR GPU* OR Nvidia OR H100 OR H20 OR 芯片 OR 半导体)\n");
  CHECK(parsed.has_value());
}
