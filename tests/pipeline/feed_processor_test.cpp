// The whole pipeline against a real temporary SQLite state file: a body in,
// a committed fetch out, and SPEC §6's "nothing twice" and "no flood" across
// repeats, re-orderings, dropped items, new GUIDs, edits and first fetches.
#include <catch2/catch.hpp>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "common/text_truncation.h"
#include "daemon/pipeline/alert.h"
#include "pipeline_test_support.h"

using namespace feedwatch;
using namespace feedwatch::pipeline;
using namespace feedwatch::pipeline::testing;
using Mode = config::FirstFetchPolicy::Mode;
using Names = std::vector<std::string>;
using namespace std::chrono_literals;

namespace {

const std::string kRules = R"(rules:
  - name: chip-export-controls
    query: ("export control*" OR sanction*) AND (chip* OR nvidia)
    severity: high
    notify: [policy-slack, analyst-mail]
  - name: deepseek
    query: deepseek
    notify: [console]
)";

Item chips_story() {
  return Item{"story-1", "US widens export controls on Nvidia chips",
              "https://news.example.org/2026/export-controls?utm_source=rss&utm_medium=feed",
              "The new rules cover the H20.", kNow - 2 * kHour, "Jane Doe", {"Policy", "Trade"}};
}

Item weather_story() {
  return Item{"story-2", "Rain expected on Sunday", "https://news.example.org/2026/weather", "Bring an umbrella.",
              kNow - kHour};
}

Item deepseek_story() {
  return Item{"story-3", "DeepSeek releases a new model", "https://news.example.org/2026/deepseek",
              "The R2 model is out.", kNow - 3 * kHour};
}

std::int64_t alert_count(Harness& harness) {
  auto statement = harness.store().connection().prepare("SELECT count(*) FROM alerts");
  REQUIRE(statement.ok());
  REQUIRE(statement.value()->next_row().value());
  return statement.value()->column_int64(0);
}

}  // namespace

TEST_CASE("A new entry produces exactly one alert with SPEC's payload", "[pipeline]") {
  Harness harness(kRules);
  ProcessedFeed processed = harness.commit(rss({chips_story(), weather_story()}));
  REQUIRE(processed.commit.alerts.size() == 1);
  const state::NewAlert& alert = processed.commit.alerts.front();
  const std::string story = "https://news.example.org/2026/export-controls";
  CHECK(alert.rule == "chip-export-controls");
  CHECK(alert.story_key == story);
  CHECK(alert.alert_id == alert_id_for("chip-export-controls", story));
  CHECK(alert.notifiers == Names{"policy-slack", "analyst-mail"});

  auto json = nlohmann::json::parse(alert.payload_json);
  CHECK(json.size() == 9);
  CHECK(json["version"] == 1);
  CHECK(json["alert_id"] == alert.alert_id);
  CHECK(json["rule"] == "chip-export-controls");
  CHECK(json["severity"] == "high");
  CHECK(json["matched"].is_array());
  CHECK(json["matched"].size() >= 2);
  CHECK(std::find(json["matched"].begin(), json["matched"].end(), "nvidia") != json["matched"].end());
  CHECK(json["feed"] == nlohmann::json{{"url", kFeedUrl}, {"title", "Example News Wire"}});
  const auto& entry = json["entry"];
  CHECK(entry.size() == 7);
  CHECK(entry["id"] == "story-1");
  CHECK(entry["link"] == chips_story().link);
  CHECK(entry["title"] == "US widens export controls on Nvidia chips");
  CHECK(entry["published"] == "2026-11-22T05:30:12Z");
  CHECK(entry["author"] == "Jane Doe");
  CHECK(entry["categories"] == nlohmann::json{"Policy", "Trade"});
  CHECK(entry["summary"] == "The new rules cover the H20.");
  CHECK(json["also_in"] == nlohmann::json::array());
  CHECK(json["detected_at"] == "2026-11-22T07:30:12Z");

  CHECK(harness.store().outbox().alert_exists("chip-export-controls", story).value());
  CHECK(alert_count(harness) == 1);
}

TEST_CASE("The commit carries every entry, the feed title and the fetch facts", "[pipeline]") {
  Harness harness(kRules);
  ProcessedFeed processed = harness.commit(rss({chips_story(), weather_story()}));
  const state::FetchCommit& commit = processed.commit;
  CHECK(commit.feed_url == kFeedUrl);
  CHECK(commit.title == "Example News Wire");
  CHECK(commit.now == kNow);
  CHECK(commit.next_due == kNow + 900);
  REQUIRE(commit.entries.size() == 2);
  CHECK(commit.entries[1].entry_key == "story-2");
  CHECK(commit.entries[1].story_key == "https://news.example.org/2026/weather");
  auto feed_state = harness.store().feeds().load(kFeedUrl).value();
  REQUIRE(feed_state);
  CHECK(feed_state->first_fetch_done);
  CHECK(feed_state->entries_seen == 2);
}

TEST_CASE("Statistics count new, edited and unchanged entries and matches per rule", "[pipeline]") {
  Harness harness(kRules);
  ProcessedFeed first = harness.commit(rss({chips_story(), weather_story()}));
  CHECK(first.statistics.entries_parsed == 2);
  CHECK(first.statistics.new_entries == 2);
  CHECK(first.statistics.entries_matched == 2);
  CHECK(first.statistics.matches_per_rule == std::map<std::string, std::size_t>{{"chip-export-controls", 1}});
  CHECK(first.statistics.alerts == 1);
  CHECK(first.statistics.first_fetch);

  Item edited = weather_story();
  edited.description = "Bring a coat.";
  ProcessedFeed second = harness.commit(rss({chips_story(), edited, deepseek_story()}), kNow + 900);
  CHECK(second.statistics.new_entries == 1);
  CHECK(second.statistics.edited_entries == 1);
  CHECK(second.statistics.unchanged_entries == 1);
  CHECK(second.statistics.entries_matched == 2);
  CHECK(second.statistics.alerts == 1);
  CHECK_FALSE(second.statistics.first_fetch);
}

TEST_CASE("The same body processed twice produces no second alert", "[pipeline]") {
  Harness harness(kRules);
  std::string body = rss({chips_story(), deepseek_story()});
  CHECK(harness.commit(body).commit.alerts.size() == 2);
  ProcessedFeed again = harness.commit(body, kNow + 900);
  CHECK(again.commit.alerts.empty());
  CHECK(again.statistics.unchanged_entries == 2);
  CHECK(again.statistics.entries_matched == 0);  // the hot path: nothing to match
  CHECK(alert_count(harness) == 2);
}

TEST_CASE("An entry dropped and re-added produces no second alert", "[pipeline]") {
  Harness harness(kRules);
  CHECK(harness.commit(rss({chips_story(), weather_story()})).commit.alerts.size() == 1);
  CHECK(harness.commit(rss({weather_story()}), kNow + 900).commit.alerts.empty());
  CHECK(harness.commit(rss({chips_story(), weather_story()}), kNow + 1800).commit.alerts.empty());
}

TEST_CASE("An entry re-added after its seen mark was pruned produces no second alert", "[pipeline]") {
  Harness harness(kRules);
  CHECK(harness.commit(rss({chips_story(), weather_story()})).commit.alerts.size() == 1);
  CHECK(harness.commit(rss({weather_story()}), kNow + 900).commit.alerts.empty());
  REQUIRE(harness.store().seen().prune(kNow + 901).value() == 1);
  ProcessedFeed back = harness.commit(rss({chips_story(), weather_story()}), kNow + 1800);
  CHECK(back.statistics.new_entries == 1);
  CHECK(back.commit.alerts.empty());
}

TEST_CASE("A re-ordered feed produces no alert", "[pipeline]") {
  Harness harness(kRules);
  CHECK(harness.commit(rss({chips_story(), weather_story(), deepseek_story()})).commit.alerts.size() == 2);
  ProcessedFeed reordered = harness.commit(rss({deepseek_story(), weather_story(), chips_story()}), kNow + 900);
  CHECK(reordered.commit.alerts.empty());
  CHECK(reordered.statistics.unchanged_entries == 3);
}

TEST_CASE("A GUID change with the same link and text produces no alert", "[pipeline]") {
  Harness harness(kRules);
  CHECK(harness.commit(rss({chips_story()})).commit.alerts.size() == 1);
  Item renamed = chips_story();
  renamed.guid = "https://news.example.org/?p=98765";
  renamed.link = "https://NEWS.example.org/2026/export-controls/#comments";
  ProcessedFeed processed = harness.commit(rss({renamed}), kNow + 900);
  CHECK(processed.statistics.new_entries == 1);
  CHECK(processed.commit.alerts.empty());
}

TEST_CASE("The same story in two feeds fires each rule once", "[pipeline]") {
  Harness harness(kRules);
  CHECK(harness.commit(rss({chips_story()})).commit.alerts.size() == 1);
  Item syndicated = chips_story();
  syndicated.guid = "wire-77";
  auto other_feed = feed_config("https://wire.example.net/feed");
  CHECK(harness.commit(rss({syndicated}, "Wire"), kNow + 60, other_feed).commit.alerts.empty());
}

TEST_CASE("An edit that newly matches a rule fires that rule once", "[pipeline]") {
  Harness harness(kRules);
  CHECK(alert_rules(harness.commit(rss({chips_story()}))) == Names{"chip-export-controls"});
  Item edited = chips_story();
  edited.description = "The new rules cover the H20; DeepSeek says it has enough.";
  ProcessedFeed processed = harness.commit(rss({edited}), kNow + 900);
  CHECK(processed.statistics.edited_entries == 1);
  CHECK(alert_rules(processed) == Names{"deepseek"});
  edited.description += " Updated.";
  CHECK(harness.commit(rss({edited}), kNow + 1800).commit.alerts.empty());
}

TEST_CASE("An edit that does not change matching fires nothing", "[pipeline]") {
  Harness harness(kRules);
  CHECK(harness.commit(rss({chips_story(), weather_story()})).commit.alerts.size() == 1);
  Item edited = chips_story();
  edited.title = "US widens export controls on Nvidia chips again";
  Item weather = weather_story();
  weather.title = "Rain expected on Monday";
  ProcessedFeed processed = harness.commit(rss({edited, weather}), kNow + 900);
  CHECK(processed.statistics.edited_entries == 2);
  CHECK(processed.commit.alerts.empty());
}

TEST_CASE("An edit that also changes the link stays the same story", "[pipeline]") {
  Harness harness(kRules);
  CHECK(harness.commit(rss({chips_story()})).commit.alerts.size() == 1);
  Item edited = chips_story();
  edited.title = "US widens export controls on Nvidia chips further";
  edited.link = "https://news.example.org/2026/export-controls-widened-further";
  ProcessedFeed processed = harness.commit(rss({edited}), kNow + 900);
  CHECK(processed.commit.alerts.empty());
  CHECK(processed.commit.entries.front().story_key == "https://news.example.org/2026/export-controls");
}

TEST_CASE("Whitespace-only edits are unchanged entries", "[pipeline]") {
  Harness harness(kRules);
  harness.commit(rss({weather_story()}));
  Item reflowed = weather_story();
  reflowed.description = "  Bring an\n   umbrella. ";
  ProcessedFeed processed = harness.commit(rss({reflowed}), kNow + 900);
  CHECK(processed.statistics.unchanged_entries == 1);
}

TEST_CASE("First fetch mark-seen records every entry without alerting", "[pipeline]") {
  Harness harness(kRules, {Mode::mark_seen, {}});
  ProcessedFeed first = harness.commit(rss({chips_story(), weather_story()}));
  CHECK(first.commit.alerts.empty());
  CHECK(first.commit.entries.size() == 2);
  // Matched (to remember which rules they match), but held back.
  CHECK(first.statistics.entries_matched == 2);
  CHECK(alert_count(harness) == 0);

  SECTION("a later new entry alerts") {
    ProcessedFeed second = harness.commit(rss({deepseek_story(), chips_story(), weather_story()}), kNow + 900);
    CHECK(alert_rules(second) == Names{"deepseek"});
  }
  SECTION("a later edit that makes a seen entry match alerts") {
    Item edited = weather_story();
    edited.description = "Bring an umbrella. DeepSeek predicted it.";
    ProcessedFeed second = harness.commit(rss({chips_story(), edited}), kNow + 900);
    CHECK(alert_rules(second) == Names{"deepseek"});
  }
  SECTION("an edit does not fire a rule the entry already matched when marked seen") {
    Item edited = chips_story();
    edited.description = "The new rules cover the H20 and the H100.";
    ProcessedFeed second = harness.commit(rss({edited, weather_story()}), kNow + 900);
    CHECK(second.statistics.edited_entries == 1);
    CHECK(second.commit.alerts.empty());
    Item mentions_deepseek = edited;
    mentions_deepseek.description += " DeepSeek uses them.";
    ProcessedFeed third = harness.commit(rss({mentions_deepseek, weather_story()}), kNow + 1800);
    CHECK(alert_rules(third) == Names{"deepseek"});
  }
}

TEST_CASE("First fetch recent:24h alerts only on entries dated within the window", "[pipeline]") {
  Harness harness(kRules, {Mode::recent, 24h});
  Item inside = chips_story();  // published two hours ago
  Item outside = deepseek_story();
  outside.published = kNow - 30 * kHour;
  Item undated = chips_story();
  undated.guid = "story-9";
  undated.link = "https://news.example.org/2026/sanctions-chips";
  undated.published.reset();
  ProcessedFeed processed = harness.commit(rss({inside, outside, undated}));
  REQUIRE(processed.commit.alerts.size() == 1);
  CHECK(processed.commit.alerts.front().story_key == "https://news.example.org/2026/export-controls");
  CHECK(processed.commit.entries.size() == 3);
}

TEST_CASE("First fetch all alerts on every matching entry", "[pipeline]") {
  Harness harness(kRules, {Mode::all, {}});
  Item old = deepseek_story();
  old.published = kNow - 1000 * kHour;
  Item undated = chips_story();
  undated.published.reset();
  CHECK(harness.commit(rss({old, undated, weather_story()})).commit.alerts.size() == 2);
}

TEST_CASE("Feed scopes by tag, name and URL limit where a rule fires", "[pipeline]") {
  Harness harness(R"(rules:
  - name: by-tag
    query: deepseek
    feeds: [tag:policy]
    notify: [console]
  - name: by-name
    query: deepseek
    feeds: ["Example News"]
    notify: [console]
  - name: by-url
    query: deepseek
    feeds: [https://wire.example.net/feed]
    notify: [console]
  - name: everywhere
    query: deepseek
    notify: [console]
)");
  std::string body = rss({deepseek_story()});
  CHECK(alert_rules(harness.commit(body, kNow, feed_config("https://a.example/rss", std::nullopt, {"policy"}))) ==
        Names{"by-tag", "everywhere"});
  // Other stories (other links and texts): the same text would be one story.
  Item second = deepseek_story();
  second.link = "https://news.example.org/2026/deepseek-2";
  second.title = "DeepSeek prices its API below its rivals";
  CHECK(alert_rules(harness.commit(rss({second}), kNow, feed_config("https://b.example/rss", "Example News"))) ==
        Names{"by-name", "everywhere"});
  Item third = deepseek_story();
  third.link = "https://news.example.org/2026/deepseek-3";
  third.title = "DeepSeek opens an office in Singapore";
  CHECK(alert_rules(harness.commit(rss({third}), kNow, feed_config("https://wire.example.net/feed"))) ==
        Names{"by-url", "everywhere"});
}

TEST_CASE("A feed's own title counts as its name in a scope", "[pipeline]") {
  Harness harness(R"(rules:
  - name: by-title
    query: deepseek
    feeds: ["Example News Wire"]
    notify: [console]
)");
  CHECK(alert_rules(harness.commit(rss({deepseek_story()}))) == Names{"by-title"});
}

TEST_CASE("Matches a rule's exclude holds back fire nothing", "[pipeline]") {
  Harness harness(R"(rules:
  - name: deepseek
    query: deepseek
    exclude: title:(sponsored OR webinar)
    notify: [console]
)");
  Item webinar = deepseek_story();
  webinar.title = "Webinar: what DeepSeek means for you";
  Item news = deepseek_story();
  news.guid = "story-4";
  news.link = "https://news.example.org/2026/deepseek-news";
  ProcessedFeed processed = harness.commit(rss({webinar, news}));
  REQUIRE(processed.commit.alerts.size() == 1);
  CHECK(processed.commit.alerts.front().story_key == "https://news.example.org/2026/deepseek-news");
}

TEST_CASE("A body that is not a feed is a failure naming the feed URL", "[pipeline]") {
  Harness harness(kRules);
  ProcessingOutcome outcome = harness.run("<!DOCTYPE html><html><head><title>Hi</title></head><body>x</body></html>");
  auto* failure = std::get_if<ProcessingFailure>(&outcome);
  REQUIRE(failure != nullptr);
  CHECK(failure->kind == ProcessingFailure::Kind::kNotAFeed);
  CHECK(failure->feed_url == kFeedUrl);
  CHECK(failure->message.starts_with(std::string(kFeedUrl) + ": "));
  CHECK_FALSE(harness.store().feeds().load(kFeedUrl).value().has_value());  // nothing committed
}

TEST_CASE("Processing without committing writes nothing", "[pipeline]") {
  Harness harness(kRules);
  std::string body = rss({chips_story()});
  feed::Document document{body, "application/rss+xml", "", kFeedUrl};
  ProcessingOutcome outcome = harness.processor().process(feed_config(), document, FetchFacts{{}, kNow, kNow});
  REQUIRE(std::holds_alternative<ProcessedFeed>(outcome));
  CHECK(std::get<ProcessedFeed>(outcome).commit.alerts.size() == 1);
  CHECK(alert_count(harness) == 0);
  CHECK(harness.commit(body).commit.alerts.size() == 1);  // still the first fetch: nothing was recorded
}

TEST_CASE("A body listing an item twice records and alerts it once", "[pipeline]") {
  Harness harness(kRules);
  Item twin = chips_story();
  twin.description = "A second copy with other text.";
  ProcessedFeed processed = harness.commit(rss({chips_story(), twin}));
  CHECK(processed.statistics.entries_parsed == 2);
  CHECK(processed.commit.entries.size() == 1);
  CHECK(processed.commit.alerts.size() == 1);
  CHECK(harness.commit(rss({chips_story(), twin}), kNow + 900).statistics.unchanged_entries == 1);
}

TEST_CASE("Two entries of one story in a body fire a rule once", "[pipeline]") {
  Harness harness(kRules);
  Item copy = chips_story();
  copy.guid = "story-1-copy";
  CHECK(harness.commit(rss({chips_story(), copy})).commit.alerts.size() == 1);
}

TEST_CASE("The payload summary is cut to 1000 characters on a character boundary", "[pipeline]") {
  Harness harness(kRules);
  Item long_story = deepseek_story();
  std::string summary;
  for (int i = 0; i < 1200; ++i) summary += "é";
  long_story.description = summary;
  ProcessedFeed processed = harness.commit(rss({long_story}));
  REQUIRE(processed.commit.alerts.size() == 1);
  auto json = nlohmann::json::parse(processed.commit.alerts.front().payload_json);
  std::string cut = json["entry"]["summary"];
  CHECK(character_count(cut) == 1000);
  CHECK(cut == summary.substr(0, 999 * 2) + "…");
}

TEST_CASE("Group and digest rules queue no alert at once: their matches join groups", "[pipeline]") {
  Harness harness(R"(rules:
  - name: grouped
    query: deepseek
    group: 10m
    notify: [console]
  - name: daily
    query: deepseek
    digest: "daily 08:00 Europe/Berlin"
    notify: [console]
)");
  ProcessedFeed processed = harness.commit(rss({deepseek_story()}));
  CHECK(processed.commit.alerts.empty());
  REQUIRE(processed.commit.group_members.size() == 2);
  CHECK(processed.commit.group_members[0].rule == "grouped");
  CHECK(processed.commit.group_members[1].rule == "daily");
}

namespace {

// The same story as an agency feed and a newspaper word it.
Item syndicated(std::string guid, std::string link, std::string title) {
  return Item{std::move(guid), std::move(title), std::move(link),
              "The Commerce Department widened export controls on advanced AI chips on Tuesday, adding Nvidia's "
              "H20 to the list of processors that need a licence before they can be shipped to China.",
              kNow - kHour};
}

std::string payload_of(Harness& harness, const std::string& alert_id) {
  auto statement = harness.store().connection().prepare("SELECT payload FROM alerts WHERE alert_id = ?1");
  REQUIRE(statement.ok());
  statement.value()->bind(1, alert_id);
  REQUIRE(statement.value()->next_row().value());
  return statement.value()->column_text(0);
}

}  // namespace

TEST_CASE("Within a feed, a changed GUID, a re-added item or a re-ordering fires nothing again", "[pipeline][dedupe]") {
  Harness harness(kRules);
  REQUIRE(harness.commit(rss({chips_story(), deepseek_story()})).commit.alerts.size() == 2);
  Item new_guid = chips_story();
  new_guid.guid = "story-1-v2";
  CHECK(harness.commit(rss({deepseek_story(), new_guid}), kNow + 900).commit.alerts.empty());
  CHECK(harness.commit(rss({weather_story()}), kNow + 1800).commit.alerts.empty());
  CHECK(harness.commit(rss({deepseek_story(), weather_story(), chips_story()}), kNow + 2700).commit.alerts.empty());
  CHECK(alert_count(harness) == 2);
}

TEST_CASE("The same story in other feeds, under other links, is one alert with also_in", "[pipeline][dedupe]") {
  Harness harness(kRules);
  ProcessedFeed first = harness.commit(
      rss({syndicated("a-1", "https://wire.example.com/us-widens-chip-controls?utm_source=rss",
                      "US widens export controls on AI chips to China")}),
      kNow, feed_config("https://wire.example.com/rss"));
  REQUIRE(first.commit.alerts.size() == 1);
  std::string alert_id = first.commit.alerts.front().alert_id;
  ProcessedFeed second = harness.commit(
      rss({syndicated("b-9", "https://paper.example.net/world/chips-2026", "UPDATE 1: US widens export controls on AI chips to China - Reuters")}),
      kNow + 60, feed_config("https://paper.example.net/feed"));
  CHECK(second.commit.alerts.empty());
  CHECK(second.commit.entries.front().story_key == first.commit.entries.front().story_key);
  auto payload = nlohmann::json::parse(payload_of(harness, alert_id));
  REQUIRE(payload["also_in"].size() == 1);
  CHECK(payload["also_in"][0]["feed"] == "https://paper.example.net/feed");
  CHECK(payload["also_in"][0]["link"] == "https://paper.example.net/world/chips-2026");
  // The same sighting again (unchanged) adds nothing.
  harness.commit(rss({syndicated("b-9", "https://paper.example.net/world/chips-2026",
                                 "UPDATE 1: US widens export controls on AI chips to China - Reuters")}),
                 kNow + 960, feed_config("https://paper.example.net/feed"));
  CHECK(nlohmann::json::parse(payload_of(harness, alert_id))["also_in"].size() == 1);
  CHECK(alert_count(harness) == 1);
}

TEST_CASE("A copy whose link is one alert's story and whose text another's folds the later alert in",
          "[pipeline][dedupe]") {
  Harness harness(kRules);
  // A teaser: only its link can tell its story.
  Item teaser{"t-1", "US widens export controls on AI chips to China", "https://wire.example.com/chips-2026",
              "Read more", kNow - kHour};
  ProcessedFeed first = harness.commit(rss({teaser}), kNow, feed_config("https://wire.example.com/rss"));
  REQUIRE(first.commit.alerts.size() == 1);
  // The story under another outlet's link: nothing ties it to the teaser yet.
  ProcessedFeed second = harness.commit(
      rss({syndicated("p-1", "https://paper.example.net/chips", "US widens export controls on AI chips to China")}),
      kNow + 60, feed_config("https://paper.example.net/feed"));
  REQUIRE(second.commit.alerts.size() == 1);
  REQUIRE(alert_count(harness) == 2);
  // The wire's own full copy: the teaser's link, the paper's text.
  ProcessedFeed third = harness.commit(
      rss({syndicated("w-1", "https://wire.example.com/chips-2026", "US widens export controls on AI chips to China")}),
      kNow + 120, feed_config("https://wire.example.com/full"));
  CHECK(third.commit.alerts.empty());
  CHECK(alert_count(harness) == 1);
  std::string kept = first.commit.alerts.front().alert_id;
  auto payload = nlohmann::json::parse(payload_of(harness, kept));
  std::set<std::string> also_in;
  for (const auto& copy : payload["also_in"]) also_in.insert(copy["feed"].get<std::string>());
  CHECK(also_in == std::set<std::string>{"https://paper.example.net/feed", "https://wire.example.com/full"});
  auto copies = harness.store().outbox().copies_of(kept).value();
  REQUIRE(copies.size() == 2);
  CHECK(copies[0].joined_by == state::JoinedBy::kText);  // the paper's alert, folded in
  CHECK(copies[1].joined_by == state::JoinedBy::kLink);  // the bridging copy
  // The paper's entry now belongs to the teaser's story: an edit fires nothing twice.
  auto marks = harness.store().seen().lookup("https://paper.example.net/feed", std::vector<std::string>{"p-1"});
  CHECK(marks.value()[0]->story_key == first.commit.entries.front().story_key);
}

TEST_CASE("Once its deliveries are done, an alert's payload is not rewritten", "[pipeline][dedupe]") {
  Harness harness(R"(rules:
  - name: chips
    query: chips
    notify: [console]
)");
  ProcessedFeed first = harness.commit(rss({syndicated("a-1", "https://wire.example.com/a", "US widens export controls on AI chips to China")}),
                                       kNow, feed_config("https://wire.example.com/rss"));
  std::string alert_id = first.commit.alerts.front().alert_id;
  REQUIRE(harness.store().outbox().mark_delivered(alert_id, "console", kNow + 1).ok());
  harness.commit(rss({syndicated("b-1", "https://other.example.org/b", "US widens export controls on AI chips to China")}),
                 kNow + 60, feed_config("https://other.example.org/rss"));
  CHECK(nlohmann::json::parse(payload_of(harness, alert_id))["also_in"].empty());
  CHECK(alert_count(harness) == 1);
}

TEST_CASE("Different stories in similar words are two alerts", "[pipeline][dedupe]") {
  Harness harness(kRules);
  harness.commit(rss({syndicated("a-1", "https://wire.example.com/a", "US widens export controls on AI chips to China")}),
                 kNow, feed_config("https://wire.example.com/rss"));
  Item other{"b-1", "US eases export controls on AI chips to Gulf states", "https://other.example.org/b",
             "The Commerce Department on Thursday eased licence requirements for shipments of Nvidia AI chips to "
             "the United Arab Emirates and Saudi Arabia, clearing the way for data centre deals.",
             kNow - kHour};
  CHECK(harness.commit(rss({other}), kNow + 60, feed_config("https://other.example.org/rss")).commit.alerts.size() == 1);
  CHECK(alert_count(harness) == 2);
}

TEST_CASE("Stories older than dedupe.window are not joined across feeds", "[pipeline][dedupe]") {
  Harness harness(kRules);
  harness.commit(rss({syndicated("a-1", "https://wire.example.com/a", "US widens export controls on AI chips to China")}),
                 kNow, feed_config("https://wire.example.com/rss"));
  // Same link and text in another feed, four days later (window 72h).
  ProcessedFeed late = harness.commit(
      rss({syndicated("b-1", "https://wire.example.com/a", "US widens export controls on AI chips to China")}),
      kNow + 96 * kHour, feed_config("https://other.example.org/rss"));
  CHECK(late.commit.alerts.size() == 1);
  CHECK(alert_count(harness) == 2);
}

TEST_CASE("With across_feeds off, every feed has its own stories", "[pipeline][dedupe]") {
  TemporaryFolder folder;
  auto rules = parse_rules(kRules);
  auto compiled = compile(rules);
  rules::MatchScratch scratch(compiled);
  auto store = open_store(folder.path() / "state.db");
  FeedProcessor processor(rules, compiled, alert_on_all(), scratch, store, StoryPolicy{false, 72 * kHour});
  auto run = [&](const config::FeedConfig& feed, const std::string& body, state::UnixSeconds now) {
    feed::Document document{body, "application/rss+xml", "", feed.url};
    auto outcome = processor.process_and_commit(feed, document, FetchFacts{{}, now, now + 900});
    REQUIRE(std::holds_alternative<ProcessedFeed>(outcome));
    return std::get<ProcessedFeed>(std::move(outcome)).commit.alerts.size();
  };
  std::string body = rss({chips_story()});
  CHECK(run(feed_config("https://a.example/rss"), body, kNow) == 1);
  CHECK(run(feed_config("https://b.example/rss"), body, kNow + 60) == 1);
  CHECK(run(feed_config("https://b.example/rss"), body, kNow + 960) == 0);
}
