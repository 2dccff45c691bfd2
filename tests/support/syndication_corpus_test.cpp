// The syndication corpus generator keeps its promises: the same seed gives
// the same corpus; every kind of copy and near miss occurs many times; an
// alert's {feed, link} names one item; a story is in a feed at most once;
// every copy matches the rule and no off-topic item does; teasers can be
// told by their links; and the scoring counts what it says on known input.
#include "tests/support/syndication_corpus.h"

#include <catch2/catch.hpp>
#include <iostream>
#include <map>
#include <pugixml.hpp>
#include <set>

using namespace feedwatch::testing::syndication;
using Json = nlohmann::json;

namespace {

constexpr std::size_t kAtLeast = 10;  // occurrences of every kind at the default seed

const Corpus& default_corpus() {
  static const Corpus corpus = generate(CorpusOptions{});
  return corpus;
}

bool has_kind(const std::vector<Kind>& kinds, Kind kind) {
  return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

// Words as the rule language reads them, roughly: ASCII letters and digits,
// lower-cased; everything else separates them.
std::vector<std::string> latin_words(const std::string& text) {
  std::vector<std::string> words(1);
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x80 && std::isalnum(byte)) {
      words.back() += static_cast<char>(std::tolower(byte));
    } else if (!words.back().empty()) {
      words.emplace_back();
    }
  }
  return words;
}

// What kRuleQuery matches, written out again.
bool rule_matches(const std::string& text) {
  std::vector<std::string> words = latin_words(text);
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& word = words[i];
    if (word.starts_with("chip") || word.starts_with("semiconductor") || word.starts_with("sanction")) return true;
    if (word == "export" && i + 1 < words.size() && words[i + 1].starts_with("control")) return true;
  }
  for (const char* term : {"芯片", "半导体", "出口管制", "制裁"}) {
    if (text.find(term) != std::string::npos) return true;
  }
  return false;
}

std::string joined(const std::vector<std::string>& parts) {
  std::string text;
  for (const auto& part : parts) text += part + "\n";
  return text;
}

// Alerts as a perfect daemon would send them: one per story, from its
// first copy, listing every copy in another feed.
std::vector<Json> perfect_alerts(const Corpus& corpus) {
  std::map<int, std::vector<std::pair<const CorpusFeed*, const CorpusItem*>>> copies;
  for (const auto& feed : corpus.feeds) {
    for (const auto& item : feed.items) {
      if (item.story != kNoStory) copies[item.story].push_back({&feed, &item});
    }
  }
  std::vector<Json> alerts;
  for (const auto& [story, items] : copies) {
    const auto& [feed, item] = items.front();
    Json alert = {{"alert_id", "fw-" + std::to_string(story)},
                  {"feed", {{"url", feed->url}}},
                  {"entry", {{"id", item->guid}, {"link", item->link}}},
                  {"also_in", Json::array()}};
    for (std::size_t other = 1; other < items.size(); ++other) {
      alert["also_in"].push_back({{"feed", items[other].first->url}, {"link", items[other].second->link}});
    }
    alerts.push_back(alert);
  }
  return alerts;
}

}  // namespace

TEST_CASE("The same seed gives the same corpus and another seed another", "[corpus]") {
  CorpusOptions options;
  options.stories = 300;
  Corpus first = generate(options);
  Corpus again = generate(options);
  options.seed += 1;
  Corpus other = generate(options);
  REQUIRE(first.feeds.size() == again.feeds.size());
  for (std::size_t feed = 0; feed < first.feeds.size(); ++feed) {
    CHECK(rss(first.feeds[feed]) == rss(again.feeds[feed]));
  }
  for (std::size_t story = 0; story < first.stories.size(); ++story) {
    CHECK(first.stories[story].title == again.stories[story].title);
  }
  CHECK(rss(first.feeds[0]) != rss(other.feeds[0]));
}

TEST_CASE("Every kind of copy, story and near miss occurs many times at the default seed", "[corpus]") {
  const Corpus& corpus = default_corpus();
  CHECK(corpus.stories.size() == 1000);
  CHECK(corpus.feeds.size() == 40);
  std::cout << "corpus: stories=" << corpus.stories.size() << " feeds=" << corpus.feeds.size()
            << " items=" << item_count(corpus) << "\n";
  for (const KindCount& count : count_kinds(corpus)) {
    std::cout << "  " << kind_name(count.kind) << " " << count.count << "\n";
    INFO(kind_name(count.kind));
    CHECK(count.count >= kAtLeast);
  }
  std::map<int, int> copies;
  for (const auto& story : corpus.stories) ++copies[story.copies];
  for (const auto& [number, stories] : copies)
    std::cout << "  stories with " << number << " copies " << stories << "\n";
  CHECK(copies.begin()->first == 1);
  CHECK(copies.rbegin()->first == 6);
}

TEST_CASE("A feed and a link name one item and a story is in a feed at most once", "[corpus]") {
  const Corpus& corpus = default_corpus();
  std::set<std::pair<std::string, std::string>> links, guids;
  for (const auto& feed : corpus.feeds) {
    std::set<int> stories;
    std::set<std::string> canonical;
    for (const auto& item : feed.items) {
      INFO(feed.path << " " << item.link);
      CHECK(links.insert({feed.url, item.link}).second);
      CHECK(guids.insert({feed.url, item.guid}).second);
      CHECK(canonical.insert(contract_link(item.link)).second);
      if (item.story != kNoStory) CHECK(stories.insert(item.story).second);
    }
  }
}

TEST_CASE("Different stories never share a canonical link or a guid and teasers share one with their story",
          "[corpus]") {
  const Corpus& corpus = default_corpus();
  std::map<std::string, std::set<int>> stories_of_link, stories_of_guid;
  std::map<std::string, std::size_t> full_copies_of_link;  // copies that are not teasers
  for (const auto& feed : corpus.feeds) {
    for (const auto& item : feed.items) {
      stories_of_link[contract_link(item.link)].insert(item.story);
      stories_of_guid[item.guid].insert(item.story);
      if (!has_kind(item.kinds, Kind::kSummaryBoilerplate)) ++full_copies_of_link[contract_link(item.link)];
    }
  }
  for (const auto& [link, stories] : stories_of_link) {
    INFO(link);
    CHECK(stories.size() == 1);
  }
  for (const auto& [guid, stories] : stories_of_guid) {
    INFO(guid);
    CHECK(stories.size() == 1);
  }
  for (const auto& feed : corpus.feeds) {
    for (const auto& item : feed.items) {
      if (!has_kind(item.kinds, Kind::kSummaryBoilerplate)) continue;
      INFO(feed.path << " " << item.title << " " << item.link);
      CHECK(full_copies_of_link[contract_link(item.link)] >= 1);
      CHECK(item.content.empty());
    }
  }
}

TEST_CASE("Every copy matches the rule by its title and no off-topic item matches it", "[corpus]") {
  const Corpus& corpus = default_corpus();
  for (const auto& feed : corpus.feeds) {
    for (const auto& item : feed.items) {
      INFO(feed.path << " " << item.title);
      CHECK(item.title.find('{') == std::string::npos);
      CHECK(item.summary.find('{') == std::string::npos);
      if (item.story == kNoStory) {
        CHECK_FALSE(rule_matches(item.title + "\n" + item.summary + "\n" + joined(item.content)));
        for (const auto& category : item.categories) CHECK_FALSE(rule_matches(category));
      } else {
        CHECK(rule_matches(item.title));
      }
    }
  }
}

TEST_CASE("Stories read like news and wire updates contain what they update", "[corpus]") {
  const Corpus& corpus = default_corpus();
  std::map<int, const CorpusItem*> first_copy;
  for (const auto& feed : corpus.feeds) {
    for (const auto& item : feed.items) {
      bool first =
          item.story != kNoStory && !has_kind(item.kinds, Kind::kGuidKept) && !has_kind(item.kinds, Kind::kGuidChanged);
      if (first) first_copy[item.story] = &item;
    }
  }
  REQUIRE(first_copy.size() == corpus.stories.size());
  for (const auto& [story, item] : first_copy) {
    INFO(item->title << "\n" << item->summary);
    bool chinese = corpus.stories[static_cast<std::size_t>(story)].language == "zh";
    // 25 to 80 words; Chinese at two characters a word.
    std::size_t length = chinese ? item->summary.size() / 3 / 2 : latin_words(item->summary).size();
    CHECK(length >= 20);
    CHECK(length <= 90);
    CHECK(item->summary.find(chinese ? "。" : ". ") != std::string::npos);
  }
  for (const auto& feed : corpus.feeds) {
    for (const auto& item : feed.items) {
      if (!has_kind(item.kinds, Kind::kWireUpdate)) continue;
      const CorpusItem& original = *first_copy.at(item.story);
      INFO(item.title);
      REQUIRE_FALSE(original.content.empty());
      CHECK(item.content.size() > original.content.size());
      std::string text = joined(item.content);
      for (const auto& paragraph : original.content) CHECK(text.find(paragraph) != std::string::npos);
    }
  }
}

TEST_CASE("Near misses differ in their headline and their link", "[corpus]") {
  const Corpus& corpus = default_corpus();
  std::size_t pairs = 0;
  for (const auto& story : corpus.stories) {
    if (story.partner == kNoStory) continue;
    const CorpusStory& partner = corpus.stories[static_cast<std::size_t>(story.partner)];
    CHECK(partner.partner == story.id);
    CHECK(partner.title != story.title);
    ++pairs;
  }
  CHECK(pairs >= 100);
}

TEST_CASE("The feeds are well-formed RSS 2.0 holding the items of the waves asked for", "[corpus]") {
  const Corpus& corpus = default_corpus();
  for (const auto& feed : corpus.feeds) {
    for (int wave = 0; wave < corpus.options.waves; ++wave) {
      pugi::xml_document document;
      std::string text = rss(feed, wave);
      INFO(feed.path << " wave " << wave);
      REQUIRE(document.load_string(text.c_str()));
      std::size_t expected = std::count_if(feed.items.begin(), feed.items.end(),
                                           [&](const CorpusItem& item) { return item.wave <= wave; });
      auto items = document.select_nodes("/rss/channel/item");
      CHECK(items.size() == expected);
    }
    pugi::xml_document document;
    std::string text = rss(feed);
    REQUIRE(document.load_string(text.c_str()));
    auto item = document.select_node("/rss/channel/item").node();
    CHECK(item.child_value("title") == feed.items.front().title);
    CHECK(item.child_value("link") == feed.items.front().link);
  }
}

TEST_CASE("The contract link ignores what SPEC 6 says a link may vary in", "[corpus]") {
  const std::string canonical = contract_link("https://www.news.example/tech/2025/06/01/story-1");
  for (const char* variant :
       {"http://www.news.example/tech/2025/06/01/story-1", "https://WWW.News.Example/tech/2025/06/01/story-1",
        "https://www.news.example:443/tech/2025/06/01/story-1/", "https://www.news.example/tech/2025/06/01/story-1#top",
        "https://www.news.example/tech/2025/06/01/story-1?utm_source=rss&utm_medium=feed",
        "https://www.news.example/tech/2025/06/01/story-1?fbclid=IwAR0x",
        "https://www.news.example/tech/2025/06/01/story-1/amp",
        "https://www.news.example/tech/2025/06/01/story-1?amp=1",
        "https://www.news.example/tech/2025/06/01/story-1?outputType=amp",
        "http://www.news.example:80/tech/2025/06/01/story-1/amp/"}) {
    INFO(variant);
    CHECK(contract_link(variant) == canonical);
  }
  CHECK(contract_link("https://other.example/tech/2025/06/01/story-1") != canonical);
  CHECK(contract_link("https://www.news.example/tech/2025/06/01/story-2") != canonical);
  CHECK(contract_link("https://www.news.example/tech?id=1") != contract_link("https://www.news.example/tech?id=2"));
}

TEST_CASE("Scoring a perfect run finds nothing wrong and counts what a faulty one gets wrong", "[corpus]") {
  CorpusOptions options;
  options.stories = 200;
  Corpus corpus = generate(options);
  std::vector<Json> alerts = perfect_alerts(corpus);
  AlertScore perfect = score_alerts(corpus, alerts);
  INFO(describe(perfect));
  CHECK(perfect.alerts == 200);
  CHECK(perfect.duplicate_alerts == 0);
  CHECK(perfect.stories_dropped == 0);
  CHECK(perfect.wrong_joins == 0);
  CHECK(perfect.unmapped == 0);
  CHECK(perfect.also_in_completeness() == 1.0);
  CHECK(perfect.join_precision() == 1.0);
  CHECK(perfect.join_recall() == 1.0);

  // A story alerted twice, a story joined into another's alert (and so
  // never alerted), a sighting of nothing.
  std::vector<Json> faulty = alerts;
  faulty.push_back(alerts[0]);
  faulty[0]["alert_id"] = "fw-again";
  faulty[1]["also_in"].push_back({{"feed", faulty[2]["feed"]["url"]}, {"link", faulty[2]["entry"]["link"]}});
  faulty.erase(faulty.begin() + 2);
  faulty[3]["also_in"].push_back({{"feed", "http://nowhere.example/feed"}, {"link", "http://nowhere.example/x"}});
  AlertScore score = score_alerts(corpus, faulty);
  INFO(describe(score));
  for (const auto& example : score.examples) UNSCOPED_INFO(example);
  CHECK(score.duplicate_alerts == 1);
  CHECK(score.stories_dropped == 1);
  CHECK(score.wrong_joins == 1);
  CHECK(score.unmapped == 1);
  CHECK(score.join_precision() < 1.0);
}
