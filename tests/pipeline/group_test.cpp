// Tests of `group` and `digest` rules through the pipeline: matches become
// group members (not alerts) committed with the seen marks, a grouped story
// never fires twice, and closing a group writes ONE alert whose payload
// carries "entries" (SPEC §5) with the listed entries bounded, all due
// groups closing in one transaction. Real SQLite state file; simulated time.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "daemon/pipeline/group.h"
#include "daemon/schedule/digest_instants.h"
#include "pipeline_test_support.h"

using namespace feedwatch;
using namespace feedwatch::pipeline;
using namespace feedwatch::pipeline::testing;
using Json = nlohmann::ordered_json;  // keeps key order, to check it
using Names = std::vector<std::string>;

namespace {

const std::string kRules = R"(rules:
  - name: chips-window
    query: chips OR nvidia
    severity: high
    notify: [archive]
    group: 10m
  - name: chips-daily
    query: chips
    notify: [archive, console]
    digest: "daily 08:00 Europe/Berlin"
  - name: chips-now
    query: chips
    notify: [console]
)";

Item story(const std::string& id, const std::string& title) {
  return Item{id, title, "https://news.example.org/" + id, "About " + title + ".", kNow - kHour};
}

// The same story under another id, as a second feed carries it.
Item copy_elsewhere(const std::string& id, const std::string& title) {
  Item copy = story(id, title);
  copy.guid = "elsewhere-1";
  return copy;
}

std::vector<Json> queued_payloads(state::StateStore& store) {
  auto alerts = store.outbox().list(1000, false);
  REQUIRE(alerts.ok());
  std::vector<Json> payloads;
  for (const auto& alert : alerts.value()) payloads.push_back(Json::parse(alert.payload_json));
  return payloads;
}

std::vector<Json> payloads_of_rule(state::StateStore& store, const std::string& rule) {
  std::vector<Json> selected;
  for (const Json& payload : queued_payloads(store)) {
    if (payload["rule"] == rule) selected.push_back(payload);
  }
  return selected;
}

std::vector<std::string> keys_of(const Json& object) {
  std::vector<std::string> keys;
  for (auto it = object.begin(); it != object.end(); ++it) keys.push_back(it.key());
  return keys;
}

std::int64_t close(Harness& harness, state::UnixSeconds now) {
  auto rules = parse_rules(kRules);
  auto closed = close_due_groups(harness.store(), rules, now);
  INFO(closed.status().message());
  REQUIRE(closed.ok());
  return closed.value();
}

}  // namespace

TEST_CASE("Matches of group and digest rules join groups, plain rules still alert at once", "[pipeline][group]") {
  Harness harness(kRules);
  ProcessedFeed processed = harness.commit(rss({story("a", "New chips"), story("b", "More chips")}));
  CHECK(alert_rules(processed) == Names{"chips-now", "chips-now"});
  CHECK(processed.statistics.alerts == 2);
  CHECK(processed.statistics.group_members == 4);  // two stories × two grouped rules
  REQUIRE(processed.commit.group_members.size() == 4);
  const auto& window = processed.commit.group_members[0];
  CHECK(window.kind == state::GroupKind::kWindow);
  CHECK(window.window_seconds == 600);
  CHECK(window.joined_at == kNow);
  CHECK(window.severity == "high");
  const auto& digest = processed.commit.group_members[1];
  CHECK(digest.kind == state::GroupKind::kDigest);
  CHECK(digest.digest_at == schedule::next_digest_instant(*rules::parse_digest("daily 08:00 Europe/Berlin"), kNow));
  CHECK(digest.next_digest_at == digest.digest_at + 86400);
  CHECK(harness.store().groups().is_member("chips-window", "https://news.example.org/a").value());
}

TEST_CASE("A grouped story does not join again on a refetch, from another feed, or after closing",
          "[pipeline][group]") {
  Harness harness(kRules);
  harness.commit(rss({story("a", "New chips")}));
  Item copy = copy_elsewhere("a", "New chips");  // same canonical link
  ProcessedFeed other = harness.commit(rss({copy}), kNow + 60, feed_config("https://other.example/feed"));
  CHECK(other.statistics.group_members == 0);
  CHECK(close(harness, kNow + 86400 * 2) == 2);  // the window and the digest
  Item edited = story("a", "New chips, now with nvidia");
  ProcessedFeed after = harness.commit(rss({edited}), kNow + 86400 * 3);
  CHECK(after.statistics.group_members == 0);
  CHECK(after.commit.alerts.empty());
}

TEST_CASE("Closing a window queues one alert with entries, in SPEC order, for the rule's notifiers",
          "[pipeline][group]") {
  Harness harness(kRules);
  harness.commit(rss({story("a", "New chips")}));
  Item nvidia = story("b", "Nvidia results");
  harness.commit(rss({story("a", "New chips"), nvidia}), kNow + 300);
  CHECK(close(harness, kNow + 599) == 0);
  CHECK(close(harness, kNow + 600) == 1);

  auto window_alerts = payloads_of_rule(harness.store(), "chips-window");
  REQUIRE(window_alerts.size() == 1);
  const Json& payload = window_alerts[0];
  CHECK(keys_of(payload) == Names{"version", "alert_id", "rule", "severity", "matched", "feed", "entries",
                                  "entry_count", "entries_omitted", "window", "also_in", "detected_at"});
  CHECK(payload["alert_id"] == alert_id_for("chips-window", "group:" + std::to_string(kNow)));
  CHECK(payload["severity"] == "high");
  CHECK(payload["matched"] == Json::array({"chips", "nvidia"}));
  CHECK(payload["feed"]["url"] == kFeedUrl);
  CHECK(payload["entry_count"] == 2);
  CHECK(payload["entries_omitted"] == 0);
  CHECK(payload["window"] == Json{{"kind", "group"}, {"start", "2026-11-22T07:30:12Z"}, {"end", "2026-11-22T07:40:12Z"}});
  CHECK(payload["detected_at"] == "2026-11-22T07:40:12Z");
  REQUIRE(payload["entries"].size() == 2);
  const Json& first = payload["entries"][0];
  CHECK(keys_of(first) == Names{"id", "link", "title", "published", "author", "categories", "summary", "feed",
                                "matched", "also_in"});
  CHECK(first["also_in"] == Json::array());
  CHECK(payload["also_in"] == Json::array());
  CHECK(first["id"] == "a");
  CHECK(first["title"] == "New chips");
  CHECK(first["feed"] == Json{{"url", kFeedUrl}, {"title", "Example News Wire"}});
  CHECK(first["matched"] == Json::array({"chips"}));
  CHECK(payload["entries"][1]["matched"] == Json::array({"nvidia"}));

  auto alerts = harness.store().outbox().list(100, false).value();
  for (const auto& alert : alerts) {
    if (alert.rule != "chips-window") continue;
    REQUIRE(alert.deliveries.size() == 1);
    CHECK(alert.deliveries[0].notifier == "archive");
  }
}

TEST_CASE("The same story seen in other feeds while its group is open is listed in also_in",
          "[pipeline][group][dedupe]") {
  Harness harness(kRules);
  harness.commit(rss({story("a", "New chips")}));
  Item copy = copy_elsewhere("a", "New chips");
  copy.link = "https://news.example.org/a?utm_source=rss";
  harness.commit(rss({copy}), kNow + 60, feed_config("https://other.example/feed"));
  harness.commit(rss({copy}), kNow + 120, feed_config("https://other.example/feed"));  // listed once
  CHECK(close(harness, kNow + 600) == 1);
  Item late = copy;
  late.guid = "third-1";
  harness.commit(rss({late}), kNow + 700, feed_config("https://third.example/feed"));  // closed: not added

  auto window_alerts = payloads_of_rule(harness.store(), "chips-window");
  REQUIRE(window_alerts.size() == 1);
  const Json expected = Json::array(
      {Json{{"feed", "https://other.example/feed"}, {"link", "https://news.example.org/a?utm_source=rss"}}});
  CHECK(window_alerts[0]["entries"][0]["also_in"] == expected);
  CHECK(window_alerts[0]["also_in"] == expected);
}

TEST_CASE("A digest closes at its instant in its zone, and not before", "[pipeline][group]") {
  Harness harness(kRules);
  harness.commit(rss({story("a", "New chips")}));
  // kNow is 2026-11-22T07:30:12Z; 08:00 in Berlin (CET) is 07:00Z the next day.
  state::UnixSeconds instant = 1795417200;  // 2026-11-23T07:00:00Z
  CHECK(close(harness, instant - 1) == 1);  // only the 10-minute window
  CHECK(payloads_of_rule(harness.store(), "chips-daily").empty());
  CHECK(close(harness, instant) == 1);
  auto digests = payloads_of_rule(harness.store(), "chips-daily");
  REQUIRE(digests.size() == 1);
  CHECK(digests[0]["window"]["kind"] == "digest");
  CHECK(digests[0]["window"]["end"] == "2026-11-23T07:00:00Z");
  CHECK(digests[0]["alert_id"] == alert_id_for("chips-daily", "digest:" + std::to_string(instant)));
}

TEST_CASE("A failed write while closing leaves every due group open and queues nothing", "[pipeline][group]") {
  Harness harness(kRules);
  harness.commit(rss({story("a", "New chips")}));
  state::UnixSeconds instant = 1795417200;  // the digest's, as above; the window closed before it
  // Another alert holds the digest's (rule, story) under another id, so its
  // write fails after the window's alert was written.
  state::NewAlert squatter{"fw-squatter", "chips-daily", "digest:" + std::to_string(instant),
                           R"({"rule":"chips-daily"})", {"archive"}};
  REQUIRE(harness.store().outbox().enqueue(squatter, kNow).ok());
  auto closed = close_due_groups(harness.store(), parse_rules(kRules), instant);
  CHECK_FALSE(closed.ok());
  CHECK(harness.store().groups().open_groups().value().size() == 2);
  CHECK(payloads_of_rule(harness.store(), "chips-window").empty());
}

TEST_CASE("A flood lists the first entries and counts the rest", "[pipeline][group]") {
  Harness harness(kRules);
  std::vector<Item> items;
  for (int i = 0; i < kGroupEntryLimit + 20; ++i) items.push_back(story("s" + std::to_string(i), "Chips " + std::to_string(i)));
  harness.commit(rss(items));
  close(harness, kNow + 600);
  auto window_alerts = payloads_of_rule(harness.store(), "chips-window");
  REQUIRE(window_alerts.size() == 1);
  CHECK(window_alerts[0]["entries"].size() == static_cast<std::size_t>(kGroupEntryLimit));
  CHECK(window_alerts[0]["entry_count"] == kGroupEntryLimit + 20);
  CHECK(window_alerts[0]["entries_omitted"] == 20);
}

TEST_CASE("A group whose rule was removed closes with the notifiers and severity it was stored with",
          "[pipeline][group]") {
  Harness harness(kRules);
  harness.commit(rss({story("a", "New chips")}));
  auto closed = close_due_groups(harness.store(), {}, kNow + 86400 * 2);
  REQUIRE(closed.ok());
  CHECK(closed.value() == 2);
  auto alerts = harness.store().outbox().list(100, false).value();
  for (const auto& alert : alerts) {
    if (alert.rule != "chips-daily") continue;
    REQUIRE(alert.deliveries.size() == 2);
    CHECK(Json::parse(alert.payload_json)["severity"] == "medium");
  }
}

TEST_CASE("The grouped payload stays valid JSON when a stored member text is damaged", "[pipeline][group]") {
  GroupedAlertFacts facts{"fw-1", "r", "low", {"x"}, "group", 0, 60, 1, 60};
  std::string payload = grouped_alert_payload_json(facts, {{"not json", R"({"url":"u","title":null})", "[]"}});
  Json parsed = Json::parse(payload);
  CHECK(parsed["entries"].size() == 1);
  CHECK(parsed["entries"][0]["feed"]["url"] == "u");
}
