// The SPEC §3 example rule against real articles (../shared/seeds) and
// against off-topic entries it must leave alone.
#include <fstream>
#include <sstream>

#include "tests/rules/rules_test_support.h"
#include "tests/support/shared_corpus.h"

using namespace feedwatch::rules;
using namespace feedwatch::rules::testing;

namespace {

// Copied verbatim from SPEC.md §3 (chip-export-controls).
const char* const kChipExportControls =
    "(\"export control*\" OR \"entity list\" OR sanction* OR \"chip ban\" OR 出口管制)\n"
    "AND (chip* OR semiconductor* OR GPU* OR Nvidia OR H100 OR H20 OR 芯片 OR 半导体)\n";
const char* const kExclude = "title:(sponsored OR webinar)";

TestEntry article_from_file(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream buffer;
  buffer << file.rdbuf();
  std::string text = buffer.str();
  std::size_t newline = text.find('\n');
  return TestEntry{.title = text.substr(0, newline), .content = newline == std::string::npos ? "" : text.substr(newline + 1)};
}

const std::vector<TestEntry>& off_topic_entries() {
  static const std::vector<TestEntry> entries{
      {.title = "United edge Arsenal in late thriller", .content = "A stoppage-time header settled the derby; the manager praised his side's control of midfield."},
      {.title = "Storm warning for the coast", .content = "Forecasters expect gusts of 120 km/h and heavy rain through Thursday; ferries are cancelled."},
      {.title = "Stocks close higher on bank earnings", .content = "The index rose 1.2% as lenders beat forecasts; oil and gold were flat."},
      {.title = "EU extends oil sanctions on Russia", .content = "Ministers agreed to prolong the price cap on crude and to sanction twelve more tankers."},
      {.title = "New chip factory opens in Arizona", .content = "The semiconductor plant will employ 2,000 people and produce processors for cars from next year."},
      {.title = "Recipe: potato chips at home", .content = "Slice the potatoes thinly, fry them twice and salt generously."},
      {.title = "Wimbledon: top seed advances", .content = "The champion dropped only four games on Centre Court."},
      {.title = "Heatwave breaks June records", .content = "Temperatures reached 41 degrees in the south; water restrictions apply."},
      {.title = "Central bank holds rates", .content = "Policy makers kept the benchmark at 4.5% and signalled cuts later this year."},
      {.title = "Export figures beat forecasts", .content = "Shipments of cars and machinery rose 8% in May, the statistics office said."},
      {.title = "Sanctions on Iranian oil tankers", .content = "The Treasury named five vessels accused of carrying crude to refineries abroad."},
      {.title = "Chocolate chip cookie contest winner", .content = "A baker from Leeds took the prize with a recipe using brown butter."},
      {.title = "GPU prices fall for gamers", .content = "Graphics cards are cheaper ahead of the holiday season as supply improves."},
      {.title = "Marathon route announced", .content = "Runners will cross five bridges; roads close at 6am."},
      {.title = "Farmers protest fuel costs", .content = "Tractors blocked the ring road for three hours on Monday."},
      {.title = "Museum returns looted bronzes", .content = "The collection goes back to Nigeria after a decade of talks."},
      {.title = "Air traffic control strike grounds flights", .content = "Controllers walked out over pay; the export of goods by air was also delayed."},
      {.title = "Sponsored: export controls explained", .content = "Our webinar covers export controls on chips and Nvidia H100 compliance."},
      {.title = "Webinar: entity list compliance for chip makers", .content = "Join us to learn about the entity list and semiconductor sanctions."},
      {.title = "Bond yields climb", .content = "Ten-year Treasury yields rose to 4.6% on strong jobs data."},
      {.title = "Rail fares rise 5%", .content = "Commuters face higher season tickets from January."},
      {.title = "Cycling: sprint finish in Roubaix", .content = "The Belgian won by half a wheel after 260 kilometres of cobbles."},
      {.title = "Housing starts slow", .content = "Builders broke ground on fewer homes as mortgage costs stayed high."},
      {.title = "Emission controls for ships tighten", .content = "Ports will check fuel sulphur under the new export-free zones."},
  };
  return entries;
}

}  // namespace

TEST_CASE("The SPEC example rule fires on every seed article", "[rules]") {
  std::filesystem::path seeds = feedwatch::testing::require_shared("seeds");
  std::size_t articles = 0;
  for (const auto& file : std::filesystem::directory_iterator(seeds)) {
    if (file.path().extension() != ".txt") continue;
    ++articles;
    INFO("article: " << file.path().filename().string());
    Outcome outcome = run_query(kChipExportControls, article_from_file(file.path()), kExclude);
    CHECK(outcome.fired);
    CHECK(outcome.terms.size() >= 2);
  }
  CHECK(articles >= 5);
}

TEST_CASE("The SPEC example rule leaves off-topic entries alone", "[rules]") {
  REQUIRE(off_topic_entries().size() >= 20);
  for (const TestEntry& entry : off_topic_entries()) {
    INFO("title: " << entry.title);
    CHECK_FALSE(run_query(kChipExportControls, entry, kExclude).fired);
  }
}

TEST_CASE("The SPEC example rule fires on Chinese text", "[rules]") {
  Outcome outcome = run_query(kChipExportControls, content("美国宣布对华H20芯片实施新的出口管制措施"), kExclude);
  CHECK(outcome.fired);
  CHECK(outcome.terms == std::vector<std::string>{"出口管制", "H20", "芯片"});
}
