// Issue 10 ("Hardening") end to end: feeds that used to abort `once` and
// `run` with std::bad_alloc on every restart (quadratic entity expansion),
// cost hundreds of megabytes (a million empty items) or were refused (a lone
// surrogate in JSON) go through the real binary beside a healthy feed, with
// the binary's peak memory and time asserted. The bounds: docs/limits.md.
#include <catch2/catch.hpp>

#include <algorithm>

#include "tests/e2e/e2e_support.h"

using namespace feedwatch::e2e;

namespace {

#ifdef FEEDWATCH_SANITIZED
constexpr std::size_t kSanitizerFactor = 4;  // shadow memory, redzones, slower code
#else
constexpr std::size_t kSanitizerFactor = 1;
#endif
constexpr std::size_t kMiB = 1 << 20;

std::string text_of(const Json& value) { return value.is_string() ? value.get<std::string>() : value.dump(); }

// 10 MB on the wire (under max_body), 33 GB of text once expanded; its item
// matches the test rule, so an alert from it would show it was read.
std::string entity_bomb() {
  std::string body = "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY e \"" + std::string(10'000, 'a') +
                     "\">]>\n<rss version=\"2.0\"><channel><title>Bomb</title><item><guid>bomb-1</guid>"
                     "<title>Export controls on chips</title><description>";
  body.reserve(10'000'000);
  while (body.size() < 9'900'000) body += "&e;";
  return body + "</description></item></channel></rss>\n";
}

// A matching item, then 999,999 empty ones: 7 MB.
std::string million_items() {
  std::string body = rss("Many", {matching_item("many-first")});
  std::string empty_items;
  empty_items.reserve(7'000'000);
  for (int i = 1; i < 1'000'000; ++i) empty_items += "<item/>";
  body.insert(body.find("</channel>"), empty_items);
  return body;
}

HttpTestResponse json_feed_with_lone_surrogate() {
  HttpTestResponse response;
  response.headers = {{"Content-Type", "application/feed+json"}};
  response.body = R"({"version":"https://jsonfeed.org/version/1.1","title":"Surrogates",
    "items":[{"id":"surrogate-1","url":"https://news.example/surrogate-1",
              "title":"Export controls hit \ud800 chips","content_text":"Officials said so."}]})";
  return response;
}

std::vector<std::string> sorted(std::vector<std::string> values) {
  std::sort(values.begin(), values.end());
  return values;
}

}  // namespace

TEST_CASE("A quadratic entity feed is refused as its own error while once and run go on with the others",
          "[e2e][limits]") {
  HttpTestServer server;
  server.serve("/bomb.xml", feed_response(entity_bomb()));
  server.serve("/many.xml", feed_response(million_items()));
  server.serve("/surrogate.json", json_feed_with_lone_surrogate());
  LiveFeed healthy("Trade Desk", {matching_item("healthy-1")});
  server.route("/feed.xml", healthy.handler());
  Workspace workspace("limits");
  workspace.write_config({.first_fetch = "all",
                          .feeds = {{server.url("/bomb.xml")},
                                    {server.url("/many.xml")},
                                    {server.url("/surrogate.json")},
                                    {server.url("/feed.xml")}}});

  auto cycle = workspace.once();  // exit 0 required: it used to abort with std::bad_alloc
  WARN("once: peak " << cycle.peak_memory_bytes / kMiB << " MiB, " << cycle.elapsed.count() << " ms");
  CHECK(cycle.peak_memory_bytes < 300 * kMiB * kSanitizerFactor);
  CHECK(cycle.elapsed < 30s * kSanitizerFactor);
  auto bomb = workspace.feed_status(server.url("/bomb.xml"));
  INFO(bomb.dump(2));
  CHECK(bomb["state"] == "failing");
  CHECK(contains(text_of(bomb["last_error"]), server.url("/bomb.xml") + ": refused: "));
  CHECK(contains(text_of(bomb["last_error"]), "entity expansion"));
  for (const char* path : {"/many.xml", "/surrogate.json", "/feed.xml"}) {
    INFO(path);
    CHECK(workspace.feed_status(server.url(path))["state"] == "ok");
  }
  CHECK(contains(cycle.standard_error, "the feed has 1000000 entries; only the first 10000 were read"));
  auto delivered = workspace.delivered();
  CHECK(sorted(entry_ids(delivered)) == std::vector<std::string>{"healthy-1", "many-first", "surrogate-1"});
  for (const auto& alert : delivered) {
    if (alert["entry"]["id"] == "surrogate-1") CHECK(alert["entry"]["title"] == "Export controls hit \uFFFD chips");
  }

  // The feed stays new to the daemon, so every restart reads it again.
  auto again = workspace.once(/*all=*/true);
  CHECK(again.peak_memory_bytes < 300 * kMiB * kSanitizerFactor);
  CHECK(contains(text_of(workspace.feed_status(server.url("/bomb.xml"))["last_error"]), "entity expansion"));

  // The daemon reads both big feeds again (a feed is fetched again only
  // once its last body was processed) and alerts on the healthy one.
  healthy.add(matching_item("healthy-2"));
  const int bomb_failures = workspace.feed_status(server.url("/bomb.xml"))["consecutive_failures"].get<int>();
  const std::size_t many_fetches = server.request_count("/many.xml");
  auto daemon = workspace.start_daemon();
  wait_for_start(*daemon);
  auto read_again = [&] {
    auto ids = entry_ids(workspace.delivered());
    return std::find(ids.begin(), ids.end(), "healthy-2") != ids.end() &&
           server.request_count("/many.xml") >= many_fetches + 2 &&
           workspace.feed_status(server.url("/bomb.xml"))["consecutive_failures"].get<int>() > bomb_failures;
  };
  bool all_read = wait_until(read_again, 30s * kSanitizerFactor);
  INFO("daemon stderr:\n" << daemon->standard_error());
  CHECK(all_read);
  REQUIRE(daemon->running());
  std::size_t daemon_peak = peak_memory_bytes(daemon->pid());
  WARN("run: peak " << daemon_peak / kMiB << " MiB");
  CHECK(daemon_peak < 300 * kMiB * kSanitizerFactor);
  stop_daemon(*daemon);
  CHECK(entry_ids(workspace.delivered()).size() == 4);
}

TEST_CASE("fetch.max_entries bounds the entries read per body and logs the rest as that feed's problem",
          "[e2e][limits]") {
  HttpTestServer server;
  std::vector<Item> items;
  for (int i = 0; i < 30; ++i) items.push_back(matching_item("e" + std::to_string(i)));
  server.serve("/long.xml", feed_response(rss("Long", items)));
  server.serve("/feed.xml", feed_response(rss("Trade Desk", {matching_item("short-1")})));
  Workspace workspace("max-entries");
  workspace.write_config({.first_fetch = "all",
                          .max_entries = 20,
                          .feeds = {{server.url("/long.xml")}, {server.url("/feed.xml")}}});

  auto cycle = workspace.once();
  CHECK(contains(cycle.standard_error,
                 server.url("/long.xml") + ": the feed has 30 entries; only the first 20 were read"));
  std::vector<std::string> expected{"short-1"};
  for (int i = 0; i < 20; ++i) expected.push_back("e" + std::to_string(i));
  CHECK(sorted(entry_ids(workspace.delivered())) == sorted(expected));
  CHECK(workspace.feed_status(server.url("/long.xml"))["state"] == "ok");
}
