// End-to-end tests of `feedwatch check` and `feedwatch test`: the real binary
// over configurations and rule files written to a scratch folder.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/support/process.h"

using feedwatch::testing::run_process;
namespace fs = std::filesystem;

namespace {

const std::string kBinary = FEEDWATCH_BINARY;

const std::string kFeed = R"(<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Trade Desk</title>
<item><title>US widens export controls on Nvidia chips</title><link>https://t.example/1</link>
<guid>t-1</guid><description>The Commerce Department added firms to the entity list.</description></item>
<item><title>Sponsored: export controls webinar for chip makers</title><link>https://t.example/2</link>
<guid>t-2</guid></item>
<item><title>Rain expected all week</title><link>https://t.example/3</link><guid>t-3</guid></item>
</channel></rss>)";

const std::string kGoodRules = R"(rules:
  - name: chips
    query: '"export controls" AND (chip* OR nvidia)'
    exclude: title:(sponsored OR webinar)
    notify: [console]
  - name: weather
    query: rain
    notify: [console]
)";

struct Scratch {
  fs::path path;
  explicit Scratch(const std::string& name)
      : path(fs::temp_directory_path() / ("feedwatch-cli-" + name)) {
    fs::remove_all(path);
    fs::create_directories(path / "rules.d");
    write("feed.xml", kFeed);
  }
  ~Scratch() { fs::remove_all(path); }
  void write(const std::string& relative, const std::string& text) const {
    std::ofstream(path / relative) << text;
  }
  std::string config(const std::string& rules) const {
    write("rules.d/rules.yaml", rules);
    write("feedwatch.yaml", "rules: [rules.d/*.yaml]\nnotifiers:\n  console: {type: stdout}\n");
    return (path / "feedwatch.yaml").string();
  }
};

std::vector<nlohmann::json> json_lines(const std::string& text) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
  return lines;
}

}  // namespace

TEST_CASE("check accepts a valid configuration and exits 0", "[cli][check]") {
  Scratch scratch("check-ok");
  auto result = run_process({kBinary, "check", "-c", scratch.config(kGoodRules)});
  CHECK(result.exit_code == 0);
  CHECK(result.standard_output.find("OK (0 feeds, 2 rules, 1 notifiers)") != std::string::npos);
}

TEST_CASE("check prints each rule problem as FILE:LINE:COL and exits 1", "[cli][check]") {
  Scratch scratch("check-bad");
  std::string config = scratch.config(R"(rules:
  - name: broken
    query: '(export AND'
    notify: [console]
  - name: typo
    qurey: chips
    notify: [pager]
)");
  auto result = run_process({kBinary, "check", "-c", config});
  CHECK(result.exit_code == 1);
  std::string rules_file = (scratch.path / "rules.d/rules.yaml").string();
  INFO(result.standard_output);
  CHECK(result.standard_output.find(rules_file + ":3:") != std::string::npos);
  CHECK(result.standard_output.find(rules_file + ":6:5: ") != std::string::npos);
  CHECK(result.standard_output.find("did you mean 'query'") != std::string::npos);
  CHECK(result.standard_output.find("pager") != std::string::npos);
}

TEST_CASE("check rejects a digest in an unknown time zone at its FILE:LINE:COL, known zones pass",
          "[cli][check]") {
  Scratch scratch("check-zone");
  std::string config = scratch.config(R"(rules:
  - name: daily
    query: chips
    notify: [console]
    digest: "daily 08:00 Europe/Berlin"
  - name: weekly
    query: chips
    notify: [console]
    digest: "weekly mon 08:00 Mars/Olympus_Mons"
  - name: windowed
    query: chips
    notify: [console]
    group: 10m
)");
  auto result = run_process({kBinary, "check", "-c", config});
  INFO(result.standard_output);
  CHECK(result.exit_code == 1);
  std::string rules_file = (scratch.path / "rules.d/rules.yaml").string();
  CHECK(result.standard_output.find(rules_file + ":9:13: rule weekly: 'digest': unknown time zone "
                                                 "'Mars/Olympus_Mons'") != std::string::npos);
  CHECK(result.standard_output.find("1 problem found") != std::string::npos);
}

TEST_CASE("check reports configuration and rule problems together", "[cli][check]") {
  Scratch scratch("check-both");
  scratch.write("rules.d/rules.yaml", "rules:\n  - name: a\n    query: x\n    notify: [nobody]\n");
  scratch.write("feedwatch.yaml", "rules: [rules.d/*.yaml]\nfetch: {interval: often}\n");
  auto result = run_process({kBinary, "check", "-c", (scratch.path / "feedwatch.yaml").string()});
  CHECK(result.exit_code == 1);
  CHECK(result.standard_output.find("feedwatch.yaml:2:19: fetch.interval") != std::string::npos);
  CHECK(result.standard_output.find("nobody") != std::string::npos);
  CHECK(result.standard_output.find("2 problems found") != std::string::npos);
}

TEST_CASE("check of a missing configuration exits 1 and says how to point at one", "[cli][check]") {
  auto result = run_process({kBinary, "check", "-c", "/nonexistent/feedwatch.yaml"});
  CHECK(result.exit_code == 1);
  CHECK(result.standard_output.find("/nonexistent/feedwatch.yaml") != std::string::npos);
}

TEST_CASE("test --json prints one object per match, applying exclude", "[cli][test]") {
  Scratch scratch("test-json");
  auto result = run_process({kBinary, "test", "--file", (scratch.path / "feed.xml").string(),
                             "--json", "-c", scratch.config(kGoodRules)});
  REQUIRE(result.exit_code == 0);
  auto lines = json_lines(result.standard_output);
  REQUIRE(lines.size() == 2);  // the sponsored entry is excluded
  CHECK(lines[0]["rule"] == "chips");
  CHECK(lines[0]["entry_id"] == "t-1");
  CHECK(lines[0]["link"] == "https://t.example/1");
  CHECK(lines[0]["matched"] == nlohmann::json::array({"export controls", "chip*", "nvidia"}));
  CHECK(lines[1]["rule"] == "weather");
  CHECK(result.standard_output.find("{\"rule\":") == 0);  // SPEC §1's key order
}

TEST_CASE("test --rule runs one rule and reads the feed from stdin", "[cli][test]") {
  Scratch scratch("test-rule");
  auto result = run_process({kBinary, "test", "-", "--rule", "weather", "--json", "-c",
                             scratch.config(kGoodRules)},
                            kFeed);
  REQUIRE(result.exit_code == 0);
  auto lines = json_lines(result.standard_output);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0]["entry_id"] == "t-3");
}

TEST_CASE("test highlights the matched terms in human output", "[cli][test]") {
  Scratch scratch("test-human");
  auto result = run_process({kBinary, "test", "--file", (scratch.path / "feed.xml").string(),
                             "-c", scratch.config(kGoodRules)});
  REQUIRE(result.exit_code == 0);
  INFO(result.standard_output);
  CHECK(result.standard_output.find("**export controls**") != std::string::npos);
  CHECK(result.standard_output.find("**entity list**") == std::string::npos);  // not in the query
  CHECK(result.standard_output.find("2 matches in 3 entries") != std::string::npos);
}

TEST_CASE("test with an unknown rule name exits 1 with a suggestion", "[cli][test]") {
  Scratch scratch("test-unknown-rule");
  auto result = run_process({kBinary, "test", "--file", (scratch.path / "feed.xml").string(),
                             "--rule", "chipz", "-c", scratch.config(kGoodRules)});
  CHECK(result.exit_code == 1);
  CHECK(result.standard_error.find("did you mean 'chips'") != std::string::npos);
}

TEST_CASE("test of a feed that is not a feed exits 1 naming it", "[cli][test]") {
  Scratch scratch("test-not-feed");
  scratch.write("page.html", "<html><body>hello</body></html>");
  auto page = (scratch.path / "page.html").string();
  auto result = run_process({kBinary, "test", "--file", page, "-c", scratch.config(kGoodRules)});
  CHECK(result.exit_code == 1);
  CHECK(result.standard_error.find(page) != std::string::npos);
}

TEST_CASE("test without a feed source is a usage error", "[cli][test]") {
  CHECK(run_process({kBinary, "test"}).exit_code == 2);
  CHECK(run_process({kBinary, "test", "--url", "http://a/", "--file", "b"}).exit_code == 2);
}
