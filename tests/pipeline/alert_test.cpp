// Alerts as values: the JSON of SPEC §5 (key order, nulls, the summary cut
// at 1000 characters, cutting text on character and word boundaries), the
// stable alert id, and one candidate per (rule, story).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "common/text_truncation.h"
#include "daemon/pipeline/alert.h"

using namespace feedwatch;
using namespace feedwatch::pipeline;

namespace {

AlertFacts facts() {
  return AlertFacts{"fw-0123456789abcdef0123", "chip-export-controls", rules::Severity::kHigh,
                    {"export controls", "nvidia"}, "https://news.example.org/rss.xml", std::nullopt,
                    1795332612};
}

std::string repeat(std::string_view text, std::size_t times) {
  std::string result;
  for (std::size_t i = 0; i < times; ++i) result += text;
  return result;
}

}  // namespace

TEST_CASE("The payload keeps SPEC's key order", "[pipeline]") {
  feed::Entry entry;
  entry.id = "id-1";
  auto json = nlohmann::ordered_json::parse(alert_payload_json(facts(), entry));
  std::vector<std::string> keys;
  for (const auto& item : json.items()) keys.push_back(item.key());
  CHECK(keys == std::vector<std::string>{"version", "alert_id", "rule", "severity", "matched", "feed", "entry",
                                         "also_in", "detected_at"});
  std::vector<std::string> entry_keys;
  for (const auto& item : json["entry"].items()) entry_keys.push_back(item.key());
  CHECK(entry_keys ==
        std::vector<std::string>{"id", "link", "title", "published", "author", "categories", "summary"});
}

TEST_CASE("The payload has nulls for what the entry and feed do not carry", "[pipeline]") {
  feed::Entry entry;
  entry.id = "id-1";
  auto json = nlohmann::json::parse(alert_payload_json(facts(), entry));
  CHECK(json["feed"]["title"].is_null());
  CHECK(json["entry"]["link"].is_null());
  CHECK(json["entry"]["title"].is_null());
  CHECK(json["entry"]["published"].is_null());
  CHECK(json["entry"]["author"].is_null());
  CHECK(json["entry"]["categories"] == nlohmann::json::array());
  CHECK(json["entry"]["summary"] == "");
  CHECK(json["detected_at"] == "2026-11-22T07:30:12Z");
}

TEST_CASE("The payload falls back to the content when an entry has no summary", "[pipeline]") {
  feed::Entry entry;
  entry.id = "id-1";
  entry.content = "The full text.";
  CHECK(summary_excerpt(entry) == "The full text.");
}

TEST_CASE("A payload with bytes that are not UTF-8 still serializes", "[pipeline]") {
  feed::Entry entry;
  entry.id = "id-1";
  entry.title = std::string("bad \xFF byte");
  auto json = nlohmann::json::parse(alert_payload_json(facts(), entry));
  CHECK(json["entry"]["title"] == "bad \xEF\xBF\xBD byte");
}

TEST_CASE("A text within the limit is left as it is", "[pipeline]") {
  std::string text = repeat("é", 1000);
  CHECK(truncate_text(text, 1000) == text);
  CHECK(character_count("naïve 芯片") == 8);
}

TEST_CASE("A long text without spaces is cut on a multi-byte character boundary", "[pipeline]") {
  std::string text = repeat("芯片", 600);  // 1200 characters, 3 bytes each
  std::string cut = truncate_text(text, 1000);
  CHECK(character_count(cut) == 1000);
  CHECK(cut.ends_with("…"));
  CHECK(cut.substr(0, cut.size() - std::string_view("…").size()) == text.substr(0, 999 * 3));
  CHECK(nlohmann::json::parse(nlohmann::json(cut).dump()) == cut);  // still valid UTF-8
}

TEST_CASE("A long text with words is cut at a word boundary", "[pipeline]") {
  std::string text = repeat("Straße ", 200);  // 1400 characters
  std::string cut = truncate_text(text, 1000);
  CHECK(character_count(cut) <= 1000);
  CHECK(character_count(cut) > 800);
  CHECK(cut.ends_with("Straße…"));
}

TEST_CASE("The payload summary is at most 1000 characters", "[pipeline]") {
  feed::Entry entry;
  entry.id = "id-1";
  entry.summary = repeat("ü", 1500);
  auto json = nlohmann::json::parse(alert_payload_json(facts(), entry));
  std::string summary = json["entry"]["summary"];
  CHECK(character_count(summary) == 1000);
  CHECK(summary.ends_with("üü…"));
}

TEST_CASE("The alert id is stable for a rule and a story", "[pipeline]") {
  std::string id = alert_id_for("chip-export-controls", "https://example.com/a");
  CHECK(id == "fw-" + sha256_hex("chip-export-controls\nhttps://example.com/a").substr(0, 20));
  CHECK(id.size() == 23);
  CHECK(alert_id_for("chip-export-controls", "https://example.com/a") == id);
  CHECK(alert_id_for("chip-export-controls", "https://example.com/b") != id);
  CHECK(alert_id_for("deepseek", "https://example.com/a") != id);
}

TEST_CASE("Candidates repeating a rule and story are dropped", "[pipeline]") {
  std::vector<AlertCandidate> candidates{{0, 0, "s1", {}}, {1, 0, "s1", {}}, {1, 1, "s1", {}}, {2, 0, "s2", {}}};
  auto unique = without_repeated_stories(candidates);
  REQUIRE(unique.size() == 3);
  CHECK(unique[1].rule_index == 1);
  CHECK(unique[2].story_key == "s2");
}
