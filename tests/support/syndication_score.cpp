// score_alerts(): maps every delivered alert back to the labelled items it
// names (its own entry and its also_in sightings) and counts what the
// daemon got wrong against the truth the corpus carries.
#include <algorithm>
#include <cstdio>
#include <map>
#include <numeric>
#include <optional>
#include <set>

#include "tests/support/syndication_corpus.h"

namespace feedwatch::testing::syndication {
namespace {

using Json = nlohmann::json;

constexpr std::size_t kExamplesPerFailure = 3;

// object[key], or null: a const json's operator[] must not meet a missing key.
const Json& member(const Json& object, const char* key) {
  static const Json kNull;
  return object.is_object() && object.contains(key) ? object[key] : kNull;
}

std::string text_at(const Json& object, const char* key) {
  if (!object.is_object() || !object.contains(key) || !object[key].is_string()) return "";
  return object[key].get<std::string>();
}

// Every item of the corpus by a number, and by what alerts name it with: its
// feed and id, its feed and link (as written, or canonical: within one feed
// no two items share a canonical link).
class ItemIndex {
 public:
  explicit ItemIndex(const Corpus& corpus) {
    for (std::size_t feed = 0; feed < corpus.feeds.size(); ++feed) {
      feed_numbers_[corpus.feeds[feed].url] = feed;
      FeedNames names;
      for (const CorpusItem& item : corpus.feeds[feed].items) {
        std::size_t number = items_.size();
        items_.push_back({feed, &item});
        names.by_guid[item.guid] = number;
        names.by_link[item.link] = number;
        names.by_canonical[contract_link(item.link)] = number;
      }
      names_.push_back(std::move(names));
    }
  }

  std::size_t size() const { return items_.size(); }
  const CorpusItem& item(std::size_t number) const { return *items_[number].item; }
  std::size_t feed_of(std::size_t number) const { return items_[number].feed; }

  std::optional<std::size_t> own_entry(const Json& alert) const {
    const FeedNames* names = feed_names(text_at(member(alert, "feed"), "url"));
    if (!names) return std::nullopt;
    if (auto found = lookup(names->by_guid, text_at(member(alert, "entry"), "id"))) return found;
    return by_link(*names, text_at(member(alert, "entry"), "link"));
  }

  std::optional<std::size_t> sighting(const Json& sighting) const {
    const FeedNames* names = feed_names(text_at(sighting, "feed"));
    if (!names) return std::nullopt;
    return by_link(*names, text_at(sighting, "link"));
  }

 private:
  struct FeedNames {
    std::map<std::string, std::size_t> by_guid;
    std::map<std::string, std::size_t> by_link;
    std::map<std::string, std::size_t> by_canonical;
  };
  struct Located {
    std::size_t feed;
    const CorpusItem* item;
  };

  static std::optional<std::size_t> lookup(const std::map<std::string, std::size_t>& names, const std::string& key) {
    auto found = names.find(key);
    if (key.empty() || found == names.end()) return std::nullopt;
    return found->second;
  }

  static std::optional<std::size_t> by_link(const FeedNames& names, const std::string& link) {
    if (auto found = lookup(names.by_link, link)) return found;
    return lookup(names.by_canonical, contract_link(link));
  }

  const FeedNames* feed_names(const std::string& url) const {
    auto found = feed_numbers_.find(url);
    return found == feed_numbers_.end() ? nullptr : &names_[found->second];
  }

  std::map<std::string, std::size_t> feed_numbers_;
  std::vector<FeedNames> names_;
  std::vector<Located> items_;
};

// Items joined into one story by the alerts.
class Clusters {
 public:
  explicit Clusters(std::size_t size) : parent_(size) { std::iota(parent_.begin(), parent_.end(), 0); }
  std::size_t root(std::size_t item) {
    while (parent_[item] != item) item = parent_[item] = parent_[parent_[item]];
    return item;
  }
  void join(std::size_t a, std::size_t b) { parent_[root(a)] = root(b); }

 private:
  std::vector<std::size_t> parent_;
};

std::size_t pairs(std::size_t count) { return count * (count > 0 ? count - 1 : 0) / 2; }

// The alerts of one run while they are scored.
class Scoring {
 public:
  explicit Scoring(const Corpus& corpus) : corpus_(corpus), index_(corpus), clusters_(index_.size()) {
    score_.stories = corpus.stories.size();
    score_.items = index_.size();
    for (std::size_t number = 0; number < index_.size(); ++number) {
      if (index_.item(number).story != kNoStory) copies_[index_.item(number).story].push_back(number);
    }
  }

  void add(const Json& alert) {
    ++score_.alerts;
    std::optional<std::size_t> own = alert.contains("entry") ? index_.own_entry(alert) : std::nullopt;
    if (!own) {
      ++score_.unmapped;
      example("unmapped alert: " + alert.dump().substr(0, 300));
      return;
    }
    int story = index_.item(*own).story;
    if (story == kNoStory) {
      ++score_.off_topic_alerts;
      example("off-topic alert: " + index_.item(*own).title);
      return;
    }
    alerts_of_story_[story].push_back(*own);
    by_alert_id_[text_at(alert, "alert_id")].push_back(*own);
    add_sightings(alert, *own, story);
  }

  AlertScore finish() {
    check_alert_ids();
    count_stories();
    count_pairs();
    return score_;
  }

 private:
  void example(std::string text) {
    std::string kind = text.substr(0, text.find(':'));
    if (examples_per_kind_[kind]++ < kExamplesPerFailure) score_.examples.push_back(std::move(text));
  }

  std::string label(std::size_t item) const {
    const CorpusItem& found = index_.item(item);
    return "[story " + std::to_string(found.story) + " in " + corpus_.feeds[index_.feed_of(item)].path + "] " +
           found.title;
  }

  void add_sightings(const Json& alert, std::size_t own, int story) {
    std::set<std::size_t> listed;
    bool wrong = false;
    for (const Json& sighting : alert.value("also_in", Json::array())) {
      std::optional<std::size_t> found = index_.sighting(sighting);
      if (!found) {
        ++score_.unmapped;
        example("unmapped sighting: " + sighting.dump());
        continue;
      }
      clusters_.join(own, *found);
      if (index_.item(*found).story != story) {
        if (!wrong) example("wrong join: " + label(own) + " listed " + label(*found));
        wrong = true;
      } else if (index_.feed_of(*found) != index_.feed_of(own)) {
        listed.insert(*found);
      }
    }
    if (wrong) ++score_.wrong_joins;
    score_.also_in_listed += listed.size();
    for (std::size_t copy : copies_[story]) {
      if (index_.feed_of(copy) != index_.feed_of(own)) ++score_.also_in_expected;
    }
  }

  // One alert id is one story to the daemon: its entries must be one story.
  void check_alert_ids() {
    for (const auto& [alert_id, owns] : by_alert_id_) {
      std::set<int> stories;
      for (std::size_t own : owns) {
        stories.insert(index_.item(own).story);
        clusters_.join(owns.front(), own);
      }
      if (stories.size() < 2) continue;
      ++score_.wrong_joins;
      example("wrong join: alert id " + alert_id + " spans " + std::to_string(stories.size()) + " stories");
    }
  }

  void count_stories() {
    for (const CorpusStory& story : corpus_.stories) {
      auto found = alerts_of_story_.find(story.id);
      if (found == alerts_of_story_.end()) {
        ++score_.stories_dropped;
        example("dropped: [story " + std::to_string(story.id) + "] " + story.title);
        continue;
      }
      if (found->second.size() < 2) continue;
      score_.duplicate_alerts += found->second.size() - 1;
      std::string from;
      for (std::size_t own : found->second) from += " " + corpus_.feeds[index_.feed_of(own)].path;
      example("duplicate: " + std::to_string(found->second.size()) + " alerts for [story " + std::to_string(story.id) +
              "] " + story.title + " from" + from);
    }
  }

  void count_pairs() {
    std::map<std::size_t, std::size_t> cluster_size;
    std::map<std::pair<std::size_t, int>, std::size_t> cluster_story_size;
    for (std::size_t number = 0; number < index_.size(); ++number) {
      std::size_t root = clusters_.root(number);
      ++cluster_size[root];
      if (index_.item(number).story != kNoStory) ++cluster_story_size[{root, index_.item(number).story}];
    }
    for (const auto& [root, size] : cluster_size) score_.joined_pairs += pairs(size);
    for (const auto& [key, size] : cluster_story_size) score_.correct_pairs += pairs(size);
    for (const auto& [story, copies] : copies_) score_.true_pairs += pairs(copies.size());
  }

  const Corpus& corpus_;
  ItemIndex index_;
  Clusters clusters_;
  AlertScore score_;
  std::map<int, std::vector<std::size_t>> copies_;           // story -> its items
  std::map<int, std::vector<std::size_t>> alerts_of_story_;  // story -> own entries of its alerts
  std::map<std::string, std::vector<std::size_t>> by_alert_id_;
  std::map<std::string, std::size_t> examples_per_kind_;
};

double ratio(std::size_t part, std::size_t whole) {
  return whole == 0 ? 1.0 : static_cast<double>(part) / static_cast<double>(whole);
}

}  // namespace

double AlertScore::also_in_completeness() const { return ratio(also_in_listed, also_in_expected); }
double AlertScore::join_precision() const { return ratio(correct_pairs, joined_pairs); }
double AlertScore::join_recall() const { return ratio(correct_pairs, true_pairs); }

AlertScore score_alerts(const Corpus& corpus, const std::vector<nlohmann::json>& alerts) {
  Scoring scoring(corpus);
  for (const auto& alert : alerts) scoring.add(alert);
  return scoring.finish();
}

std::string describe(const AlertScore& score) {
  char text[512];
  std::snprintf(text, sizeof text,
                "stories=%zu items=%zu alerts=%zu duplicates=%zu dropped=%zu wrong_joins=%zu also_in=%.1f%% "
                "(%zu/%zu) join_precision=%.3f join_recall=%.3f off_topic_alerts=%zu unmapped=%zu",
                score.stories, score.items, score.alerts, score.duplicate_alerts, score.stories_dropped,
                score.wrong_joins, 100.0 * score.also_in_completeness(), score.also_in_listed, score.also_in_expected,
                score.join_precision(), score.join_recall(), score.off_topic_alerts, score.unmapped);
  return text;
}

}  // namespace feedwatch::testing::syndication
