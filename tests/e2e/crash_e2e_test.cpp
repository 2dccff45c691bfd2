// SPEC §6 "Nothing lost" and "Nothing twice" under kill -9: the daemon is
// killed repeatedly in the middle of its first cycles over many feeds, then
// left to finish; every matching entry must end up in the outbox exactly
// once and be delivered at least once.
#include <catch2/catch.hpp>

#include <csignal>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "tests/e2e/e2e_support.h"

using namespace feedwatch::e2e;

namespace {

constexpr int kFeeds = 50;
constexpr int kMatchingPerFeed = 20;
constexpr int kKills = 4;

std::string feed_path(int feed) { return "/feed-" + std::to_string(feed) + ".xml"; }

std::vector<Item> items_of(int feed) {
  std::vector<Item> items;
  for (int entry = 0; entry < kMatchingPerFeed; ++entry) {
    items.push_back(matching_item("f" + std::to_string(feed) + "-e" + std::to_string(entry)));
  }
  items.push_back(other_item("f" + std::to_string(feed) + "-weather"));
  return items;
}

}  // namespace

TEST_CASE("kill -9 mid-cycle and restarts leave every matching entry in the outbox exactly once",
          "[e2e][crash]") {
  HttpTestServer server;
  std::set<std::string> expected_titles;
  std::set<std::string> expected_entry_ids;
  Settings settings{.interval = "1s", .first_fetch = "all"};
  for (int feed = 0; feed < kFeeds; ++feed) {
    auto items = items_of(feed);
    for (const auto& item : items) {
      if (item.id.find("weather") != std::string::npos) continue;
      expected_titles.insert(item.title);
      expected_entry_ids.insert(item.id);
    }
    // Every third feed answers slowly, so that kills find fetches and
    // processing in flight rather than an idle daemon.
    auto delay = feed % 3 == 0 ? std::chrono::milliseconds(100 + 50 * (feed % 7)) : 0ms;
    server.route(feed_path(feed), LiveFeed("Feed " + std::to_string(feed), items).handler(delay));
    settings.feeds.push_back({server.url(feed_path(feed))});
  }
  REQUIRE(expected_titles.size() == kFeeds * kMatchingPerFeed);
  Workspace workspace("crash");
  workspace.write_config(settings);

  std::random_device seed_source;
  auto seed = seed_source();
  std::mt19937 random(seed);
  std::uniform_int_distribution<int> kill_after_ms(100, 600);
  INFO("random seed " << seed);

  std::vector<int> kill_delays;
  std::size_t delivered_before_last_start = 0;
  for (int kill = 0; kill < kKills; ++kill) {
    auto daemon = workspace.start_daemon();
    int delay = kill_after_ms(random);
    kill_delays.push_back(delay);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay));
    INFO("daemon stderr:\n" << daemon->standard_error());
    REQUIRE(daemon->running());
    CHECK(daemon->kill_now() == 128 + SIGKILL);
  }
  delivered_before_last_start = workspace.delivered().size();

  auto daemon = workspace.start_daemon();
  auto distinct_delivered = [&] {
    std::set<std::string> ids;
    for (const auto& alert : workspace.delivered()) ids.insert(alert["alert_id"].get<std::string>());
    return ids.size();
  };
  bool all_delivered = wait_until([&] { return distinct_delivered() >= expected_titles.size(); }, 30s);
  // Let the outbox record the last deliveries before stopping.
  bool outbox_drained = wait_until(
      [&] {
        auto status = workspace.status();
        auto archive = status["outbox"][kArchive];
        return archive.is_object() && archive["pending"] == 0;
      },
      5s);
  daemon->send_signal(SIGTERM);
  auto code = daemon->wait_for_exit(10s);
  INFO("daemon stderr:\n" << daemon->standard_error());
  CHECK(code == std::optional<int>(0));
  CHECK(all_delivered);
  CHECK(outbox_drained);

  // The outbox: one alert per (rule, entry), no duplicate ids.
  auto outbox = workspace.outbox();
  std::set<std::string> outbox_ids;
  std::multiset<std::string> outbox_titles;
  for (const auto& alert : outbox) {
    CHECK(alert["rule"] == kRule);
    outbox_ids.insert(alert["alert_id"].get<std::string>());
    outbox_titles.insert(alert["title"].get<std::string>());
  }
  CHECK(outbox.size() == expected_titles.size());
  CHECK(outbox_ids.size() == outbox.size());
  CHECK(std::set<std::string>(outbox_titles.begin(), outbox_titles.end()) == expected_titles);

  // The file: every alert at least once; a repeat only ever of the same
  // alert_id (at-least-once delivery cut by a kill), never a second alert
  // for one entry.
  std::map<std::string, int> lines_per_alert;
  std::map<std::string, std::set<std::string>> alert_ids_per_entry;
  auto delivered = workspace.delivered();
  for (const auto& alert : delivered) {
    std::string alert_id = alert["alert_id"].get<std::string>();
    ++lines_per_alert[alert_id];
    alert_ids_per_entry[alert["entry"]["id"].get<std::string>()].insert(alert_id);
    CHECK(outbox_ids.count(alert_id) == 1);
  }
  std::size_t missing = 0;
  for (const auto& id : outbox_ids) missing += lines_per_alert.count(id) == 0;
  CHECK(missing == 0);
  std::size_t entries_with_two_ids = 0;
  for (const auto& [entry, ids] : alert_ids_per_entry) entries_with_two_ids += ids.size() > 1;
  CHECK(entries_with_two_ids == 0);
  std::set<std::string> delivered_entries;
  for (const auto& [entry, ids] : alert_ids_per_entry) delivered_entries.insert(entry);
  CHECK(delivered_entries == expected_entry_ids);
  std::size_t repeated_lines = delivered.size() - lines_per_alert.size();
  std::string delays;
  for (int delay : kill_delays) delays += std::to_string(delay) + "ms ";
  WARN("kill -9 after " << delays << "; " << delivered_before_last_start
                        << " alerts delivered before the last start; " << delivered.size()
                        << " lines in the file for " << lines_per_alert.size() << " alerts ("
                        << repeated_lines << " repeated deliveries of the same alert_id)");
}
