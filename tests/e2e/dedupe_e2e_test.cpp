// SPEC §6 "one alert per story" with the real binary: one story carried by
// five feeds under different links (other hosts, tracking parameters) and
// lightly edited titles gives one alert whose also_in names the other four;
// different stories in similar words give one alert each.
#include <catch2/catch.hpp>

#include <csignal>
#include <fstream>
#include <set>
#include <sstream>

#include "tests/e2e/e2e_support.h"

using namespace feedwatch::e2e;

namespace {

const std::string kSummary =
    "The Commerce Department on Tuesday widened export controls on advanced AI chips, adding Nvidia's H20 and "
    "AMD's MI308 to the list of processors that need a licence before they can be shipped to China, officials said.";
const std::string kTitle = "Commerce Department widens export controls on advanced AI chips to China, adds Nvidia H20";

Item story_item(const std::string& id, const std::string& title, const std::string& summary, const std::string& link) {
  Item item = matching_item(id);
  item.title = title;
  item.summary = summary;
  item.link = link;
  return item;
}

// The story as five outlets carry it: other hosts, tracking parameters, a
// source suffix, an "UPDATE 1:" label, one word changed, a cut summary.
std::vector<Item> five_copies() {
  return {
      story_item("wire-1", kTitle, kSummary, "https://www.reuters.example/tech/us-chips-2025-06-03/?utm_source=rss"),
      story_item("ap-77", kTitle + " - Reuters", kSummary,
                 "https://apnews.example/article/chips-export-controls?utm_medium=feed&utm_campaign=tech"),
      story_item("bbc-3", "UPDATE 1: " + kTitle, kSummary, "https://www.bbc.example/news/technology-123?fbclid=IwAR0xyz"),
      story_item("ft-9", "Commerce Department tightens export controls on advanced AI chips to China, adds Nvidia H20",
                 kSummary, "https://ft.example/content/abc-def?utm_source=twitter&fbclid=XYZ"),
      story_item("blog-5", kTitle, kSummary.substr(0, 150) + "…",
                 "https://chipblog.example/2025/06/03/export-controls/?utm_source=newsletter"),
  };
}

std::string feed_path(std::size_t feed) { return "/outlet-" + std::to_string(feed) + ".xml"; }

// The standard test rule, and a `file` notifier writing into `folder`,
// which the test creates when delivery may begin.
void write_config(const Workspace& workspace, const std::vector<std::string>& feed_urls, const std::string& folder,
                  const std::string& hold = "0s") {
  workspace.write_file("rules.yaml", std::string("rules:\n  - name: ") + kRule +
                                         "\n    query: 'chips OR \"export controls\"'\n    notify: [" + kArchive +
                                         "]\n");
  std::ostringstream config;
  config << "state: state.db\nlog_level: info\n"
         << "fetch: {interval: 1s, timeout: 5s, per_host: 16, first_fetch: all}\n"
         << "feeds:\n";
  for (const auto& url : feed_urls) config << "  - url: '" << url << "'\n";
  config << "rules: [rules.yaml]\n"
         << "notifiers:\n  " << kArchive << ": {type: file, path: " << folder << "/alerts.jsonl}\n"
         << "dedupe: {hold: " << hold << "}\n"
         << "delivery:\n  retry: {initial: 200ms, max: 1s}\n";
  workspace.write_file("feedwatch.yaml", config.str());
}

std::vector<Json> lines_of(const fs::path& path) {
  std::vector<Json> lines;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(Json::parse(line));
  }
  return lines;
}

}  // namespace

TEST_CASE("One story in five feeds under other links and edited titles is one alert listing the other four",
          "[e2e][dedupe]") {
  HttpTestServer server;
  std::vector<Item> copies = five_copies();
  std::vector<LiveFeed> feeds;
  std::vector<std::string> urls;
  RequestClock first_feed_requests;
  for (std::size_t feed = 0; feed < copies.size(); ++feed) {
    // The first outlet has the story from the start; the others are empty.
    feeds.emplace_back("Outlet " + std::to_string(feed), feed == 0 ? std::vector<Item>{copies[0]} : std::vector<Item>{});
    auto handler = feeds.back().handler();
    server.route(feed_path(feed), feed == 0 ? first_feed_requests.wrap(handler) : handler);
    urls.push_back(server.url(feed_path(feed)));
  }
  Workspace workspace("dedupe");
  write_config(workspace, urls, "not-yet");
  fs::path delivered_path = workspace.path() / "not-yet" / "alerts.jsonl";
  auto daemon = workspace.start_daemon();

  // The daemon has opened its state once it fetches; the CLI may read it then.
  REQUIRE(wait_until([&] { return !first_feed_requests.times().empty(); }, 10s));
  // The alert exists and cannot be delivered: the notifier's folder is missing.
  bool queued = wait_until([&] { return workspace.outbox().size() == 1; }, 10s);
  INFO("daemon stderr:\n" << daemon->standard_error());
  REQUIRE(queued);
  REQUIRE(workspace.outbox()[0]["deliveries"][0]["state"] == "pending");

  // The other outlets publish the story; each sighting joins the pending alert.
  for (std::size_t feed = 1; feed < copies.size(); ++feed) feeds[feed].add(copies[feed]);
  bool all_seen = wait_until(
      [&] {
        for (std::size_t feed = 1; feed < urls.size(); ++feed) {
          if (workspace.feed_status(urls[feed])["entries_seen"] != 1) return false;
        }
        return true;
      },
      10s);
  REQUIRE(all_seen);
  CHECK(workspace.outbox().size() == 1);
  CHECK(workspace.outbox()[0]["deliveries"][0]["state"] == "pending");

  fs::create_directories(workspace.path() / "not-yet");
  bool delivered = wait_until([&] { return !lines_of(delivered_path).empty(); }, 10s);
  daemon->send_signal(SIGTERM);
  CHECK(daemon->wait_for_exit(10s) == std::optional<int>(0));
  REQUIRE(delivered);

  std::vector<Json> lines = lines_of(delivered_path);
  REQUIRE(lines.size() == 1);
  const Json& alert = lines[0];
  CHECK(alert["entry"]["id"] == "wire-1");
  CHECK(alert["feed"]["url"] == urls[0]);
  std::set<std::string> also_in_feeds, also_in_links;
  for (const auto& sighting : alert["also_in"]) {
    also_in_feeds.insert(sighting["feed"].get<std::string>());
    also_in_links.insert(sighting["link"].get<std::string>());
  }
  INFO(alert.dump(2));
  CHECK(alert["also_in"].size() == 4);
  CHECK(also_in_feeds == std::set<std::string>(urls.begin() + 1, urls.end()));
  CHECK(also_in_links.size() == 4);
  CHECK(workspace.outbox().size() == 1);
}

TEST_CASE("Three different stories in similar words are three alerts", "[e2e][dedupe]") {
  HttpTestServer server;
  // The same wording around another country and other chips: SimHash
  // distances 8 and 11, headline word similarity 0.85 and 0.71, but names
  // that differ on both sides.
  std::vector<Item> stories = {
      story_item("russia-1",
                 "Commerce Department widens export controls on advanced AI chips to Russia, adds Nvidia H20",
                 "The Commerce Department on Tuesday widened export controls on advanced AI chips, adding Nvidia's "
                 "H20 and AMD's MI308 to the list of processors that need a licence before they can be shipped to "
                 "Russia, officials said.",
                 "https://www.reuters.example/tech/russia-chips/"),
      story_item("china-1", kTitle, kSummary, "https://apnews.example/article/china-chips"),
      story_item("amd-1", "Commerce Department widens export controls on advanced AI chips to China, adds AMD MI308",
                 "The Commerce Department on Friday widened export controls on advanced AI chips, adding AMD's MI308 "
                 "and Intel's Gaudi 3 to the list of processors that need a licence before they can be shipped to "
                 "China, officials said.",
                 "https://www.bbc.example/news/amd-chips"),
  };
  std::vector<std::string> urls;
  for (std::size_t feed = 0; feed < stories.size(); ++feed) {
    server.route(feed_path(feed), LiveFeed("Outlet " + std::to_string(feed), {stories[feed]}).handler());
    urls.push_back(server.url(feed_path(feed)));
  }
  Workspace workspace("dedupe-different");
  write_config(workspace, urls, ".");
  workspace.once();

  std::vector<Json> outbox = workspace.outbox();
  std::set<std::string> titles;
  for (const auto& alert : outbox) titles.insert(alert["title"].get<std::string>());
  CHECK(outbox.size() == 3);
  CHECK(titles.size() == 3);
  std::vector<Json> lines = lines_of(workspace.path() / "alerts.jsonl");
  CHECK(lines.size() == 3);
  for (const auto& line : lines) CHECK(line["also_in"].empty());
}

TEST_CASE("dedupe.hold lets copies fetched meanwhile join also_in, and a later copy is kept with the sent alert",
          "[e2e][dedupe]") {
  HttpTestServer server;
  std::vector<Item> copies = five_copies();
  std::vector<LiveFeed> feeds;
  std::vector<std::string> urls;
  for (std::size_t feed = 0; feed < copies.size(); ++feed) {
    // Three outlets carry the story from the start, the last two only later.
    feeds.emplace_back("Outlet " + std::to_string(feed), feed < 3 ? std::vector<Item>{copies[feed]} : std::vector<Item>{});
    server.route(feed_path(feed), feeds.back().handler());
    urls.push_back(server.url(feed_path(feed)));
  }
  Workspace workspace("dedupe-hold");
  write_config(workspace, urls, ".", "3s");
  auto started = Clock::now();
  auto daemon = workspace.start_daemon();
  bool delivered = wait_until([&] { return !lines_of(workspace.alerts_path()).empty(); }, 20s);
  auto waited = Clock::now() - started;
  INFO("daemon stderr:\n" << daemon->standard_error());
  REQUIRE(delivered);
  CHECK(waited >= 2s);  // held, not sent on the first commit
  std::vector<Json> lines = lines_of(workspace.alerts_path());
  REQUIRE(lines.size() == 1);
  CHECK(lines[0]["also_in"].size() == 2);

  // Seen after the alert went out: not delivered again, but kept with it.
  feeds[3].add(copies[3]);
  feeds[4].add(copies[4]);
  bool kept = wait_until([&] { return workspace.outbox().size() == 1 && workspace.outbox()[0]["copies"].size() == 4; },
                         15s);
  daemon->send_signal(SIGTERM);
  CHECK(daemon->wait_for_exit(10s) == std::optional<int>(0));
  REQUIRE(kept);
  CHECK(lines_of(workspace.alerts_path()).size() == 1);
  std::set<std::string> feeds_listed;
  std::vector<Json> outbox = workspace.outbox();  // kept: a range over a temporary's member dangles
  for (const auto& copy : outbox[0]["copies"]) {
    feeds_listed.insert(copy["feed"].get<std::string>());
    CHECK((copy["joined_by"] == "link" || copy["joined_by"] == "text"));
    if (copy["joined_by"] == "text") CHECK(copy["similarity"].get<double>() >= 0.45);
  }
  std::set<std::string> others(urls.begin(), urls.end());
  others.erase(lines[0]["feed"]["url"].get<std::string>());
  CHECK(feeds_listed == others);
  ProcessResult human = workspace.feedwatch({"alerts"});
  CHECK(human.standard_output.find("also in " + urls[4]) != std::string::npos);
}
