// Story identity judged in-process over the labelled syndication corpus
// (tests/support/syndication_corpus.h): every item parsed as the daemon
// parses it, its text and index keys computed, and every pair the daemon
// could consider — same canonical link, or a shared index key across feeds —
// judged as resolve_story judges it. The items joined this way form groups;
// a story split over two groups would alert twice, a group holding two
// stories drops one. The end-to-end test (tests/e2e/syndication_e2e_test.cpp)
// measures the same through the real binary; this one says which pairs fail
// and why, in a second.
#include <catch2/catch.hpp>
#include <iostream>
#include <map>
#include <numeric>
#include <set>
#include <sstream>

#include "daemon/pipeline/canonical_url.h"
#include "daemon/pipeline/story_text.h"
#include "feed/feed_parser.h"
#include "tests/support/syndication_corpus.h"

namespace syndication = feedwatch::testing::syndication;
using feedwatch::pipeline::StoryText;

namespace {

struct ProbeItem {
  const syndication::CorpusItem* item = nullptr;
  std::size_t feed = 0;
  std::string link;  // canonical
  StoryText text;
  std::vector<std::int64_t> keys;
};

std::vector<ProbeItem> parse_corpus(const syndication::Corpus& corpus) {
  std::vector<ProbeItem> items;
  for (std::size_t f = 0; f < corpus.feeds.size(); ++f) {
    const syndication::CorpusFeed& feed = corpus.feeds[f];
    std::string body = syndication::rss(feed);
    auto parsed = feedwatch::feed::parse_feed({body, "application/rss+xml", "", feed.url});
    const auto& entries = std::get<feedwatch::feed::Feed>(parsed).entries;
    REQUIRE(entries.size() == feed.items.size());
    for (std::size_t i = 0; i < entries.size(); ++i) {
      const auto& entry = entries[i];
      if (feed.items[i].story == syndication::kNoStory) continue;
      ProbeItem probe{&feed.items[i], f, feedwatch::pipeline::canonical_url(entry.link.value_or(entry.id)),
                      feedwatch::pipeline::story_text_of(entry.title.value_or(""), entry.summary.value_or(""),
                                                         entry.content.value_or("")),
                      {}};
      probe.keys = feedwatch::pipeline::story_index_keys(probe.text);
      items.push_back(std::move(probe));
    }
  }
  return items;
}

bool share_a_key(const ProbeItem& a, const ProbeItem& b) {
  for (std::size_t k = 0; k < a.keys.size() && k < b.keys.size(); ++k) {
    if (a.keys[k] != 0 && a.keys[k] == b.keys[k]) return true;
  }
  return false;
}

// As resolve_story decides, without order or window.
bool joined(const ProbeItem& a, const ProbeItem& b) {
  if (a.link == b.link) return !feedwatch::pipeline::clearly_different(a.text, b.text);
  if (a.feed == b.feed || !share_a_key(a, b)) return false;
  return feedwatch::pipeline::compare_story_texts(a.text, b.text).same_story();
}

struct Groups {
  std::vector<std::size_t> parent;
  std::size_t find(std::size_t i) { return parent[i] == i ? i : parent[i] = find(parent[i]); }
};

std::string describe_pair(const ProbeItem& a, const ProbeItem& b) {
  auto comparison = feedwatch::pipeline::compare_story_texts(a.text, b.text);
  std::ostringstream out;
  out << "  [" << a.item->story << "] " << a.item->title << "\n  [" << b.item->story << "] " << b.item->title
      << "\n    title=" << comparison.title_similarity << " alike=" << comparison.titles_alike
      << " names_differ=" << comparison.names_differ << " body=" << comparison.body_similarity
      << " agree=" << comparison.bodies_agree << " keys=" << share_a_key(a, b) << " link=" << (a.link == b.link)
      << "\n    kinds:";
  for (auto kind : b.item->kinds) out << ' ' << syndication::kind_name(kind);
  out << "\n    summaries: " << a.item->summary << "\n             | "
      << b.item->summary << "\n";
  return out.str();
}

}  // namespace

TEST_CASE("Over the labelled corpus every story is one group and no group holds two stories",
          "[story][corpus]") {
  syndication::CorpusOptions options;
  if (const char* seed = std::getenv("STORY_CORPUS_SEED")) options.seed = std::stoull(seed);
  syndication::Corpus corpus = syndication::generate(options);
  std::vector<ProbeItem> items = parse_corpus(corpus);
  Groups groups{std::vector<std::size_t>(items.size())};
  std::iota(groups.parent.begin(), groups.parent.end(), 0);
  std::size_t wrong_pairs = 0, true_pairs = 0, found_pairs = 0;
  std::vector<std::string> wrong, missed;
  for (std::size_t i = 0; i < items.size(); ++i) {
    for (std::size_t j = i + 1; j < items.size(); ++j) {
      bool same = items[i].item->story == items[j].item->story;
      bool cross_feed = items[i].feed != items[j].feed;
      if (!same && items[i].link != items[j].link && !share_a_key(items[i], items[j])) continue;
      bool join = joined(items[i], items[j]);
      if (same && cross_feed) ++true_pairs, found_pairs += join;
      if (join) groups.parent[groups.find(i)] = groups.find(j);
      if (join && !same) ++wrong_pairs, wrong.push_back(describe_pair(items[i], items[j]));
      if (!join && same && cross_feed) missed.push_back(describe_pair(items[i], items[j]));
    }
  }
  std::map<int, std::set<std::size_t>> groups_of_story;
  std::map<std::size_t, std::set<int>> stories_of_group;
  for (std::size_t i = 0; i < items.size(); ++i) {
    groups_of_story[items[i].item->story].insert(groups.find(i));
    stories_of_group[groups.find(i)].insert(items[i].item->story);
  }
  std::size_t split = 0, merged = 0;
  for (const auto& [story, in] : groups_of_story) split += in.size() - 1;
  for (const auto& [group, of] : stories_of_group) merged += of.size() - 1;
  std::cout << "story corpus in-process: items=" << items.size() << " pairs=" << true_pairs
            << " pair_recall=" << double(found_pairs) / double(true_pairs) << " wrong_pairs=" << wrong_pairs
            << " split_stories=" << split << " merged_stories=" << merged << "\n";
  for (std::size_t i = 0; i < wrong.size() && i < 8; ++i) std::cout << "wrong join:\n" << wrong[i];
  if (const char* show = std::getenv("STORY_CORPUS_SHOW")) {
    std::set<int> wanted;
    for (std::istringstream in(show); in.good();) {
      int id;
      if (in >> id) wanted.insert(id);
      in.ignore(1);
    }
    for (std::size_t i = 0; i < items.size(); ++i) {
      for (std::size_t j = i + 1; j < items.size(); ++j) {
        if (items[i].item->story == items[j].item->story && wanted.contains(items[i].item->story)) {
          std::cout << "pair joined=" << joined(items[i], items[j]) << " feeds " << items[i].feed << "," << items[j].feed
                    << "\n" << describe_pair(items[i], items[j]);
        }
      }
    }
  }
  int shown = 0;
  for (const auto& [story, in] : groups_of_story) {
    if (in.size() < 2 || ++shown > 10) continue;
    std::cout << "split story " << story << ":\n";
    for (std::size_t group : in) {
      for (std::size_t i = 0; i < items.size(); ++i) {
        if (items[i].item->story != story || groups.find(i) != group) continue;
        std::cout << "  group " << group << " feed " << items[i].feed << " " << items[i].item->title << " | "
                  << items[i].link << " | summary=" << items[i].text.summary.size()
                  << " lead=" << items[i].text.content_lead.size() << " |";
        for (auto kind : items[i].item->kinds) std::cout << ' ' << syndication::kind_name(kind);
        std::cout << "\n      " << items[i].item->summary.substr(0, 100) << "\n";
      }
    }
    for (std::size_t i = 0; i < items.size(); ++i) {
      for (std::size_t j = i + 1; j < items.size(); ++j) {
        if (items[i].item->story == story && items[j].item->story == story && groups.find(i) != groups.find(j) &&
            items[i].text.has_body() && items[j].text.has_body() && items[i].feed != items[j].feed) {
          std::cout << describe_pair(items[i], items[j]);
        }
      }
    }
  }
  CHECK(wrong_pairs == 0);
  CHECK(split == 0);
}
