// Rule documents: every key of SPEC §3, and every kind of error with its
// exact FILE:LINE:COL.
#include <catch2/catch.hpp>

#include "rules/rule_file.h"

using namespace feedwatch::rules;

namespace {

const std::set<std::string> kNotifiers{"policy-slack", "analyst-mail", "console"};

std::vector<std::string> problems(const std::string& text, const std::string& file = "rules.yaml") {
  RuleFileOptions options{&kNotifiers};
  RuleFileResult result = parse_rule_file(text, file, options);
  std::vector<std::string> lines;
  for (const Diagnostic& diagnostic : result.diagnostics) lines.push_back(diagnostic.to_string());
  return lines;
}

using Lines = std::vector<std::string>;

}  // namespace

TEST_CASE("The SPEC example rule file loads with every key", "[rules]") {
  const std::string text = R"(rules:
  - name: chip-export-controls
    description: US export controls on AI chips, and China's response
    query: >
      ("export control*" OR "entity list" OR sanction* OR "chip ban" OR 出口管制)
      AND (chip* OR semiconductor* OR GPU* OR Nvidia OR H100 OR H20 OR 芯片 OR 半导体)
    exclude: title:(sponsored OR webinar)      # optional; entries matching it never fire
    feeds: [tag:policy, "Example News"]        # optional scope: tags, feed names or URLs
    severity: high                             # info | low | medium | high | critical
    notify: [policy-slack, analyst-mail]
    group: 10m                                 # optional: one alert per window, listing every match
  - name: deepseek-daily
    query: deepseek OR "r1 model"
    notify: [analyst-mail]
    digest: "daily 08:00 Europe/Berlin"        # optional: one digest per schedule
)";
  RuleFileResult result = parse_rule_file(text, "chip.yaml", RuleFileOptions{&kNotifiers});
  for (const auto& diagnostic : result.diagnostics) INFO(diagnostic.to_string());
  REQUIRE(result.ok());
  REQUIRE(result.rules.size() == 2);
  const Rule& chips = result.rules[0];
  CHECK(chips.name == "chip-export-controls");
  CHECK(chips.severity == Severity::kHigh);
  CHECK(chips.feeds == std::vector<std::string>{"tag:policy", "Example News"});
  CHECK(chips.notify == std::vector<std::string>{"policy-slack", "analyst-mail"});
  CHECK(chips.group == std::chrono::minutes(10));
  CHECK(chips.exclude.has_value());
  CHECK(chips.location.line == 2);
  CHECK(chips.location.column == 5);
  const Rule& digest = result.rules[1];
  CHECK(digest.severity == Severity::kMedium);
  REQUIRE(digest.digest.has_value());
  CHECK(digest.digest->hour == 8);
  CHECK(digest.digest->time_zone == "Europe/Berlin");
  auto compiled = compile_rule_set(rule_definitions(result.rules));
  CHECK(compiled.has_value());
}

TEST_CASE("Unknown keys are errors with a suggestion", "[rules]") {
  CHECK(problems("rules:\n  - name: a\n    qurey: nvidia\n") ==
        Lines{"rules.yaml:3:5: rule 'a': unknown key 'qurey' (did you mean 'query'?)",
              "rules.yaml:2:5: rule 'a': missing 'query'"});
  CHECK(problems("rule:\n  - name: a\n") == Lines{"rules.yaml:1:1: unknown key 'rule' (did you mean 'rules'?)"});
  CHECK(problems("rules:\n  - name: a\n    query: a\n    colour: red\n") ==
        Lines{"rules.yaml:4:5: rule 'a': unknown key 'colour'"});
}

TEST_CASE("Query syntax errors point into the file", "[rules]") {
  CHECK(problems("rules:\n  - name: a\n    query: (nvidia OR amd\n") ==
        Lines{"rules.yaml:3:26: rule 'a': invalid 'query': expected ')' to close '(' at column 1, found end of query"});
  CHECK(problems("rules:\n  - name: a\n    query: \"nvidia AND\"\n") ==
        Lines{"rules.yaml:3:23: rule 'a': invalid 'query': expected a term, phrase or '(', found end of query"});
  CHECK(problems("rules:\n  - name: a\n    query: >\n      nvidia OR\n      (amd AND\n") ==
        Lines{"rules.yaml:5:15: rule 'a': invalid 'query': expected a term, phrase or '(', found end of query"});
  CHECK(problems("rules:\n  - name: a\n    query: |\n      nvidia\n      OR OR\n") ==
        Lines{"rules.yaml:5:10: rule 'a': invalid 'query': expected a term, phrase or '(', found 'OR'"});
  CHECK(problems("rules:\n  - name: a\n    query: 芯片 )\n") ==
        Lines{"rules.yaml:3:15: rule 'a': invalid 'query': unexpected ')' with no '(' to close"});
  CHECK(problems("rules:\n  - name: a\n    query: a\n    exclude: title:(x\n") ==
        Lines{"rules.yaml:4:22: rule 'a': invalid 'exclude': expected ')' to close '(' at column 7, found end of query"});
}

TEST_CASE("Missing and mistyped values are errors", "[rules]") {
  CHECK(problems("rules:\n  - query: a\n") == Lines{"rules.yaml:2:5: rule is missing 'name'"});
  CHECK(problems("rules:\n  - name: a\n    query:\n") ==
        Lines{"rules.yaml:3:5: rule 'a': 'query' must be a string"});
  CHECK(problems("rules:\n  - name: a\n    query: [a, b]\n") ==
        Lines{"rules.yaml:3:12: rule 'a': 'query' must be a string"});
  CHECK(problems("rules:\n  - name: \"\"\n    query: a\n") == Lines{"rules.yaml:2:11: 'name' must not be empty"});
  CHECK(problems("rules:\n  - name: a\n    query: a\n    feeds: policy\n") ==
        Lines{"rules.yaml:4:12: rule 'a': 'feeds' must be a list of strings, as in [a, b]"});
  CHECK(problems("rules:\n  - name: a\n    query: a\n    feeds: [x, [y]]\n") ==
        Lines{"rules.yaml:4:16: rule 'a': each item of 'feeds' must be a non-empty string"});
  CHECK(problems("rules: nope\n") == Lines{"rules.yaml:1:8: 'rules' must be a list of rules"});
  CHECK(problems("rules:\n  - just a string\n") ==
        Lines{"rules.yaml:2:5: each rule must be a map with at least 'name' and 'query'"});
  CHECK(problems("- a\n") == Lines{"rules.yaml:1:1: expected a map with a 'rules' list"});
  CHECK(problems("rules:\n  - name: a\n    query: a\n    query: b\n") ==
        Lines{"rules.yaml:4:5: rule 'a': duplicate key 'query'"});
}

TEST_CASE("Severity, notifiers, group and digest are validated", "[rules]") {
  CHECK(problems("rules:\n  - name: a\n    query: a\n    severity: hihg\n") ==
        Lines{"rules.yaml:4:15: rule 'a': unknown severity 'hihg'; use info, low, medium, high or critical (did "
              "you mean 'high'?)"});
  CHECK(problems("rules:\n  - name: a\n    query: a\n    notify: [console, policy-slak]\n") ==
        Lines{"rules.yaml:4:23: rule 'a': unknown notifier 'policy-slak' (did you mean 'policy-slack'?); define it "
              "under 'notifiers:' in the config"});
  CHECK(problems("rules:\n  - name: a\n    query: a\n    group: 10x\n") ==
        Lines{"rules.yaml:4:12: rule 'a': 'group': invalid duration '10x'; use a number above zero and a "
              "unit, as in 500ms, 30s, 15m, 2h, 7d"});
  CHECK(problems("rules:\n  - name: a\n    query: a\n    group: 0s\n") ==
        Lines{"rules.yaml:4:12: rule 'a': 'group': invalid duration '0s'; use a number above zero and a unit, "
              "as in 500ms, 30s, 15m, 2h, 7d"});
  CHECK(problems("rules:\n  - name: a\n    query: a\n    digest: hourly\n") ==
        Lines{"rules.yaml:4:13: rule 'a': invalid digest 'hourly': expected \"daily HH:MM [Zone]\" or \"weekly DAY "
              "HH:MM [Zone]\", as in \"daily 08:00 Europe/Berlin\""});
  CHECK(problems("rules:\n  - name: a\n    query: a\n    digest: daily 25:00\n").size() == 1);
  CHECK(problems("rules:\n  - name: a\n    query: a\n    digest: weekly someday 08:00\n").size() == 1);
  CHECK(problems("rules:\n  - name: a\n    query: a\n    digest: daily 08:00 Not a zone\n").size() == 1);
  CHECK(problems("rules:\n  - name: a\n    query: a\n    digest: daily 08:00 Europe/$x\n") ==
        Lines{"rules.yaml:4:13: rule 'a': invalid time zone 'Europe/$x' in digest; use an IANA name such as "
              "Europe/Berlin or UTC"});
  CHECK(problems("rules:\n  - name: a\n    query: a\n    group: 5m\n    digest: weekly mon 08:00 UTC\n") ==
        Lines{"rules.yaml:5:13: rule 'a': use either 'group' or 'digest', not both"});
  CHECK(problems("rules:\n  - name: a\n    query: a\n    digest: weekly Friday 17:30 America/New_York\n").empty());
}

TEST_CASE("Every error of a file is reported, not just the first", "[rules]") {
  auto lines = problems("rules:\n  - name: a\n    query: (\n  - name: b\n    query: ok\n    severity: loud\n"
                        "  - name: c\n    query: fine\n");
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].rfind("rules.yaml:3:13:", 0) == 0);
  CHECK(lines[1].rfind("rules.yaml:6:15:", 0) == 0);
  RuleFileResult result = parse_rule_file("rules:\n  - name: a\n    query: (\n  - name: c\n    query: fine\n", "f");
  CHECK(result.rules.size() == 1);
}

TEST_CASE("Invalid YAML is an error with its position", "[rules]") {
  auto lines = problems("rules:\n  - name: [a\n");
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].rfind("rules.yaml:", 0) == 0);
  CHECK_THAT(lines[0], Catch::Contains("invalid YAML"));
}

TEST_CASE("Duplicate rule names are errors, within a file and across files", "[rules]") {
  CHECK(problems("rules:\n  - name: a\n    query: x\n  - name: a\n    query: y\n") ==
        Lines{"rules.yaml:4:5: duplicate rule name 'a' (first defined at rules.yaml:2:5)"});
  RuleFileResult result = parse_rule_files({{"one.yaml", "rules:\n  - name: shared\n    query: x\n"},
                                            {"two.yaml", "rules:\n  - query: y\n    name: shared\n"}});
  REQUIRE(result.diagnostics.size() == 1);
  CHECK(result.diagnostics[0].to_string() ==
        "two.yaml:2:5: duplicate rule name 'shared' (first defined at one.yaml:2:5)");
}

TEST_CASE("Notifier names are not checked when no set is given", "[rules]") {
  RuleFileResult result = parse_rule_file("rules:\n  - name: a\n    query: x\n    notify: [anything]\n", "f");
  CHECK(result.ok());
}

TEST_CASE("An empty document has no rules and no errors", "[rules]") {
  CHECK(problems("").empty());
  CHECK(problems("# nothing yet\n").empty());
  CHECK(problems("rules:\n").empty());
}

TEST_CASE("Group windows and digests parse to values", "[rules]") {
  auto group_of = [](const std::string& window) {
    RuleFileResult result = parse_rule_file("rules:\n  - name: a\n    query: x\n    group: " + window + "\n", "f");
    return result.ok() && result.rules.size() == 1 ? result.rules[0].group : std::nullopt;
  };
  CHECK(group_of("500ms") == std::chrono::milliseconds(500));
  CHECK(group_of("30s") == std::chrono::seconds(30));
  CHECK(group_of("2h") == std::chrono::hours(2));
  CHECK(group_of("7d") == std::chrono::hours(24 * 7));
  CHECK_FALSE(group_of("m").has_value());
  CHECK_FALSE(group_of("-5m").has_value());
  CHECK_FALSE(group_of("'5 m'").has_value());
  auto weekly = parse_digest("weekly mon 08:00 Europe/Berlin");
  REQUIRE(weekly.has_value());
  CHECK(weekly->period == DigestSchedule::Period::kWeekly);
  CHECK(weekly->weekday == 0);
  CHECK(parse_digest("daily 8:05")->minute == 5);
  CHECK(parse_digest("daily 08:00")->time_zone == "UTC");
}
