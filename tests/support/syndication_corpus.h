// A labelled syndication corpus for acceptance tests and benchmarks of "one
// alert per story" (SPEC §6): made-up news stories about chips, export
// controls, sanctions and AI models, in English and Chinese, each carried by
// one to six of the corpus' feeds as the copies outlets really publish —
// under other links (another host, tracking parameters, AMP...), with edited
// headlines and summaries, changed guids, wire updates that add paragraphs,
// teasers that say nothing — next to near misses that are different stories
// (a number or a name changed, a look-alike headline over another body).
// Every item carries its true story, so a test can serve the feeds, run the
// daemon and score the alerts it delivered (score_alerts).
//
// Deterministic from a seed: every pick is `next() % n` over std::mt19937_64,
// whose output the standard fixes, so the corpus is the same on every
// standard library. Test-only; generate() is a pure function.
#pragma once

#include <chrono>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace feedwatch::testing::syndication {

// The watch rule every on-topic copy matches (each names one of its terms in
// its title) and no off-topic item does.
inline constexpr const char* kRuleQuery =
    "chip* OR semiconductor* OR \"export control*\" OR sanction* OR 芯片 OR 半导体 OR 出口管制 OR 制裁";

// What a story or a copy exhibits. A copy's kinds say how it differs from
// its story's first copy.
enum class Kind {
  // Stories.
  kChineseStory,
  kStoryWithContent,     // has a full text (content:encoded) of several paragraphs
  kSingleCopy,           // carried by one feed only
  kNearMissNumber,       // another story's title and body with one number changed
  kNearMissName,         // ... with one name changed
  kLookalikeHeadline,    // another story's headline, nearly, over an unrelated body
  kTeaserLookalikePair,  // a look-alike of another story, both with teaser copies
  // Links of later copies.
  kLinkSame,
  kLinkOtherHost,  // syndicated under the carrying outlet's own URL
  kLinkTracking,
  kLinkTrailingSlash,
  kLinkFragment,
  kLinkHttp,
  kLinkAmp,
  kLinkHostCase,
  kLinkDefaultPort,
  // Titles of later copies.
  kTitleSame,
  kTitleWordReplaced,
  kTitlePunctuation,
  kTitleDeskPrefix,
  kTitleSourceSuffix,
  kTitleTrailingPeriod,
  kTitleCase,
  kTitleQuotes,
  // Summaries of later copies.
  kSummarySame,
  kSummaryWordReplaced,
  kSummarySentenceAdded,
  kSummarySentenceDropped,
  kSummaryCutShort,
  kSummaryBoilerplate,  // a teaser: only its link tells its story
  // Guids of later copies.
  kGuidKept,
  kGuidChanged,
  // Bodies of later copies.
  kCarriesContent,
  kWireUpdate,  // its content is an earlier copy's plus new paragraphs
  // Items of no story.
  kOffTopic,
};

// One record per kind: its name in reports and what it means.
struct KindInfo {
  Kind kind;
  std::string_view name;
  std::string_view meaning;
};
const std::vector<KindInfo>& kind_table();
std::string_view kind_name(Kind kind);

inline constexpr int kNoStory = -1;  // CorpusItem::story of an off-topic item

struct CorpusItem {
  std::string guid;
  std::string title;
  std::string link;
  std::string summary;
  std::vector<std::string> content;  // paragraphs of content:encoded; empty: the item has none
  std::chrono::sys_seconds published;
  std::vector<std::string> categories;
  int story = kNoStory;  // the true story: an index into Corpus::stories
  int wave = 0;          // 0 .. waves-1: when a live feed reveals the item
  std::vector<Kind> kinds;
};

struct CorpusFeed {
  std::string url;   // CorpusOptions::feed_base_url + path
  std::string path;  // "/feeds/reuters.xml"
  std::string title;
  std::string site;               // the outlet's home page, the channel's <link>
  std::string language;           // "en", "zh" or "en,zh"
  std::vector<CorpusItem> items;  // newest first
};

struct CorpusStory {
  int id = 0;
  std::string language;  // "en" or "zh"
  std::string title;     // as its first copy has it
  int copies = 0;
  int partner = kNoStory;  // the story a near miss or look-alike resembles
  std::vector<Kind> kinds;
};

struct CorpusOptions {
  std::uint64_t seed = 20250601;
  int stories = 1000;
  int feeds = 40;
  int waves = 3;
  int chinese_percent = 17;
  std::string feed_base_url = "https://feeds.example";
  // Items are published within the two days before this.
  std::chrono::sys_seconds now = std::chrono::sys_days{std::chrono::year{2025} / 6 / 1} + std::chrono::hours{12};
};

struct Corpus {
  CorpusOptions options;
  std::vector<CorpusStory> stories;
  std::vector<CorpusFeed> feeds;
};

// REQUIRES: options.stories >= 20, options.feeds >= 8 (both languages need
// feeds to syndicate in), options.waves >= 1.
Corpus generate(const CorpusOptions& options);

std::size_t item_count(const Corpus& corpus);

// One record per kind: how many stories or items exhibit it.
struct KindCount {
  Kind kind;
  std::size_t count = 0;
};
std::vector<KindCount> count_kinds(const Corpus& corpus);

// The feed as an RSS 2.0 document (content in content:encoded CDATA),
// holding the items of waves 0..up_to_wave.
std::string rss(const CorpusFeed& feed, int up_to_wave = INT_MAX);

// A link as SPEC §6 says a story knows it, written independently of the
// daemon: host case, default port, fragment, tracking parameters, trailing
// slash, AMP variants and http vs https make no difference. Two items of
// one story share it unless one is on another host; items of different
// stories never do.
std::string contract_link(std::string_view link);

// --- scoring ------------------------------------------------------------

// What a run of the daemon did with the corpus, from its delivered alerts.
struct AlertScore {
  std::size_t stories = 0;           // on-topic stories in the corpus
  std::size_t items = 0;             // items in all feeds, off-topic ones included
  std::size_t alerts = 0;            // alert lines scored
  std::size_t duplicate_alerts = 0;  // alerts beyond the first per true story
  std::size_t stories_dropped = 0;   // stories none of whose items is an alert's own entry
  // Alerts whose also_in names an item of another story, plus alert ids
  // (the daemon's stories) whose own entries belong to two or more stories.
  std::size_t wrong_joins = 0;
  std::size_t off_topic_alerts = 0;
  std::size_t unmapped = 0;          // own entries or also_in sightings naming no item
  std::size_t also_in_listed = 0;    // other-feed copies of its story an alert lists
  std::size_t also_in_expected = 0;  // other-feed copies of its story there are
  // Pairs of items: one story by the alerts (own entry and also_in, or one
  // alert id), truly one story, and both.
  std::size_t joined_pairs = 0;
  std::size_t true_pairs = 0;
  std::size_t correct_pairs = 0;
  std::vector<std::string> examples;  // a few of each failure, for the test log

  double also_in_completeness() const;
  double join_precision() const;
  double join_recall() const;
};

// `alerts`: the parsed JSON lines of a `file` notifier (SPEC §5): feed.url,
// entry.id, entry.link, also_in [{feed, link}], alert_id. An own entry is
// found by its feed and id, else link; a sighting by its feed and link,
// exactly or by contract_link.
AlertScore score_alerts(const Corpus& corpus, const std::vector<nlohmann::json>& alerts);

// "stories=1000 items=3300 alerts=... duplicates=0 dropped=0 wrong_joins=0
// also_in=99.6% join_precision=1.000 join_recall=0.998 ..."
std::string describe(const AlertScore& score);

}  // namespace feedwatch::testing::syndication
