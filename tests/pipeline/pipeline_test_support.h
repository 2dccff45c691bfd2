// Helpers for the pipeline tests: RSS bodies built from a few fields, rule
// sets from YAML text, and a FeedProcessor over a temporary SQLite state
// file. Test-only; not thread-safe.
#pragma once

#include <catch2/catch.hpp>
#include <stdlib.h>
#include <time.h>

#include <filesystem>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include "daemon/pipeline/feed_processor.h"
#include "tests/support/temporary_folder.h"
#include "rules/rule_compiler.h"
#include "rules/rule_file.h"

namespace feedwatch::pipeline::testing {

// 2026-11-22T07:30:12Z, SPEC §5's example detected_at.
constexpr state::UnixSeconds kNow = 1795332612;
constexpr state::UnixSeconds kHour = 3600;
constexpr const char* kFeedUrl = "https://news.example.org/rss.xml";

struct Item {
  std::string guid;
  std::string title;
  std::string link;
  std::string description;
  std::optional<state::UnixSeconds> published = std::nullopt;
  std::string author = "";
  std::vector<std::string> categories = {};
};

inline std::string rfc822(state::UnixSeconds seconds) {
  time_t time = static_cast<time_t>(seconds);
  struct tm parts {};
  gmtime_r(&time, &parts);
  char text[64];
  strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S +0000", &parts);
  return text;
}

inline std::string escape_xml(const std::string& text) {
  std::string escaped;
  for (char c : text) {
    if (c == '&') escaped += "&amp;";
    else if (c == '<') escaped += "&lt;";
    else if (c == '>') escaped += "&gt;";
    else escaped += c;
  }
  return escaped;
}

inline std::string rss_item(const Item& item) {
  std::string xml = "<item>";
  if (!item.guid.empty()) xml += "<guid isPermaLink=\"false\">" + escape_xml(item.guid) + "</guid>";
  xml += "<title>" + escape_xml(item.title) + "</title>";
  if (!item.link.empty()) xml += "<link>" + escape_xml(item.link) + "</link>";
  xml += "<description>" + escape_xml(item.description) + "</description>";
  if (item.published) xml += "<pubDate>" + rfc822(*item.published) + "</pubDate>";
  if (!item.author.empty()) xml += "<author>" + escape_xml(item.author) + "</author>";
  for (const std::string& category : item.categories) xml += "<category>" + escape_xml(category) + "</category>";
  return xml + "</item>\n";
}

inline std::string rss(const std::vector<Item>& items, const std::string& title = "Example News Wire") {
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>" +
                    escape_xml(title) + "</title><link>https://news.example.org/</link>\n";
  for (const Item& item : items) xml += rss_item(item);
  return xml + "</channel></rss>\n";
}

using feedwatch::testing::TemporaryFolder;

inline std::vector<rules::Rule> parse_rules(const std::string& yaml) {
  rules::RuleFileResult result = rules::parse_rule_file(yaml, "rules.yaml");
  for (const auto& diagnostic : result.diagnostics) INFO(diagnostic.to_string());
  REQUIRE(result.ok());
  return std::move(result.rules);
}

inline rules::CompiledRuleSet compile(const std::vector<rules::Rule>& rules) {
  auto compiled = rules::compile_rule_set(rules::rule_definitions(rules));
  if (!compiled) FAIL("compile error: " << compiled.error().message);
  return std::move(*compiled);
}

inline state::StateStore open_store(const std::filesystem::path& path) {
  auto store = state::StateStore::open(path);
  INFO(store.status().message());
  REQUIRE(store.ok());
  return std::move(store).value();
}

inline config::FirstFetchPolicy alert_on_all() { return {config::FirstFetchPolicy::Mode::all, {}}; }

inline config::FeedConfig feed_config(std::string url = kFeedUrl, std::optional<std::string> name = std::nullopt,
                                      std::vector<std::string> tags = {}) {
  config::FeedConfig feed;
  feed.url = std::move(url);
  feed.name = std::move(name);
  feed.tags = std::move(tags);
  return feed;
}

// A FeedProcessor over its own rules and state file: what one worker thread holds.
class Harness {
 public:
  explicit Harness(const std::string& rules_yaml, config::FirstFetchPolicy first_fetch = alert_on_all())
      : rules_(parse_rules(rules_yaml)),
        compiled_(compile(rules_)),
        scratch_(compiled_),
        store_(open_store(folder_.path() / "state.db")),
        processor_(rules_, compiled_, first_fetch, scratch_, store_) {}

  // Processes and commits `body` as fetched from `feed` at `now`; REQUIRES success.
  ProcessedFeed commit(const std::string& body, state::UnixSeconds now = kNow,
                       const config::FeedConfig& feed = feed_config()) {
    ProcessingOutcome outcome = run(body, now, feed);
    if (auto* failure = std::get_if<ProcessingFailure>(&outcome)) FAIL(failure->message);
    return std::get<ProcessedFeed>(std::move(outcome));
  }

  ProcessingOutcome run(const std::string& body, state::UnixSeconds now = kNow,
                        const config::FeedConfig& feed = feed_config()) {
    feed::Document document{body, "application/rss+xml", "", feed.url};
    return processor_.process_and_commit(feed, document, FetchFacts{{}, now, now + 900});
  }

  FeedProcessor& processor() { return processor_; }
  state::StateStore& store() { return store_; }

 private:
  TemporaryFolder folder_;
  std::vector<rules::Rule> rules_;
  rules::CompiledRuleSet compiled_;
  rules::MatchScratch scratch_;
  state::StateStore store_;
  FeedProcessor processor_;
};

inline std::vector<std::string> alert_rules(const ProcessedFeed& processed) {
  std::vector<std::string> names;
  for (const auto& alert : processed.commit.alerts) names.push_back(alert.rule);
  return names;
}

}  // namespace feedwatch::pipeline::testing
