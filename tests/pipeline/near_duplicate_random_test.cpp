// Near-duplicate joins at scale: thousands of different stories poured from
// a few shared templates (the same boilerplate around other names, places
// and numbers) must never join, however near their fingerprints fall, while
// lightly edited copies of each (a source suffix, an "UPDATE 1:" label, a cut
// summary, a changed summary word, headline case) must join: all whose
// fingerprints are within kNearDuplicateMaxDistance, nearly all others.
// The seed is printed with a failure.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "daemon/pipeline/headline_words.h"
#include "daemon/pipeline/near_duplicate.h"
#include "daemon/state/story_sightings.h"

using namespace feedwatch::pipeline;

namespace {

constexpr std::size_t kStories = 5000;

struct Story {
  std::string title;
  std::string summary;
};

struct Measured {
  std::uint64_t fingerprint = 0;
  std::string words;
};

// What story resolution does: the band lookup must find the other, then
// the distance and the words decide.
// No Catch assertion inside: it runs for over 100,000 pairs.
bool joins(const Measured& stored, const Measured& next) {
  int distance = hamming_distance(stored.fingerprint, next.fingerprint);
  if (distance > kVerifiedMaxDistance) return false;
  if (!feedwatch::state::StorySightings::probe_finds(stored.fingerprint, next.fingerprint)) return false;
  auto words = compare_headlines(stored.words, next.words);
  return words && is_near_duplicate_story(distance, *words);
}

Measured measure(const Story& story) {
  auto fingerprint = text_fingerprint(story.title, story.summary);
  REQUIRE(fingerprint);
  return {*fingerprint, headline_words(story.title, story.summary)};
}

class StoryMaker {
 public:
  explicit StoryMaker(std::uint32_t seed) : random_(seed) {}

  Story make() {
    std::string c = pick(kCompanies), c2 = pick(kCompanies);
    while (c2 == c) c2 = pick(kCompanies);
    std::string p = pick(kPlaces), day = pick(kDays);
    std::string n = std::to_string(number(2, 60)), person = pick(kPeople);
    std::string magnitude = std::to_string(number(3, 7)) + "." + std::to_string(number(0, 9));
    switch (number(0, 6)) {
      case 0:
        return {c + " shares rise " + n + "% after quarterly results",
                "Shares of " + c + " rose " + n + "% in early trading on " + day +
                    " after the company reported quarterly results that beat analysts' expectations, lifting the "
                    "wider market."};
      case 1:
        return {"Magnitude " + magnitude + " earthquake near " + p,
                "A magnitude " + magnitude + " earthquake struck near " + p + " at a depth of " + n +
                    " km, the US Geological Survey said. There were no immediate reports of damage or injuries in "
                    "the area."};
      case 2:
        return {c + " to buy " + c2 + " for $" + n + " billion",
                c + " agreed to acquire " + c2 + " for about $" + n + " billion in cash, the companies said on " +
                    day + ", in a deal that still needs approval from regulators in several countries."};
      case 3:
        return {p + " police arrest man, " + n + ", after shooting",
                "A " + n + "-year-old man has been arrested after a shooting in " + p + " on " + day +
                    " night, police said in a statement, adding that the victim was taken to hospital."};
      case 4:
        return {person + " wins " + p + " election with " + n + "% of the vote",
                person + " won the election in " + p + " with " + n + "% of the vote on " + day +
                    ", according to preliminary results published by the electoral commission late in the evening."};
      case 5:
        return {c + " recalls " + n + ",000 vehicles in " + p,
                c + " is recalling more than " + n + ",000 vehicles in " + p +
                    " because of a fault that may stop warning lights from coming on, the national safety regulator "
                    "said on " + day + "."};
      default: {
        std::string id = "f" + std::to_string(number(0, 99)) + "-e" + std::to_string(number(0, 99));
        return {"Story " + id + ": " + made_up(3) + " export controls hit " + made_up(2) + " chips",
                "Officials in " + made_up(2) + " said " + made_up(4) + " widens the rules on " + made_up(2) + "."};
      }
    }
  }

  // A light edit of the kind feeds make of one story.
  Story edit(const Story& story, int kind) {
    Story copy = story;
    switch (kind % 5) {
      case 0: copy.title += pick(kSources); break;
      case 1: copy.title = pick(kLabels) + copy.title; break;
      case 2: copy.summary = copy.summary.substr(0, copy.summary.size() * 4 / 5) + "…"; break;
      case 3: {  // one word of the summary changed
        std::size_t at = copy.summary.find(" the ");
        REQUIRE(at != std::string::npos);
        copy.summary.replace(at, 5, " this ");
        break;
      }
      default:
        copy.title = headline_case(copy.title);
        copy.title += pick(kSources);
        break;
    }
    return copy;
  }

 private:
  static constexpr std::array kCompanies{"Apple", "Tesla", "Nvidia", "Intel", "Siemens", "Airbus", "Boeing",
                                         "Toyota", "Samsung", "Sony", "Nestle", "Unilever", "Ford", "Volvo",
                                         "Nokia", "Ericsson", "Oracle", "Adobe", "Shell", "Bayer"};
  static constexpr std::array kPlaces{"Tokyo", "Lima", "Leeds", "Oslo", "Quito", "Manila", "Lagos", "Perth",
                                      "Bergen", "Porto", "Kyoto", "Cusco", "Turin", "Dakar", "Hanoi", "Lyon"};
  static constexpr std::array kPeople{"Maria Lopez", "John Smith", "Amara Okafor", "Kenji Sato", "Ana Costa",
                                      "Lars Berg", "Priya Nair", "Omar Haddad", "Eva Novak", "Tom Walsh"};
  static constexpr std::array kDays{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"};
  static constexpr std::array kSources{" - Reuters", " | AP News", " — Bloomberg", " - BBC News"};
  static constexpr std::array kLabels{"UPDATE 1: ", "UPDATE 2-", "BREAKING: ", "EXCLUSIVE: "};
  static constexpr std::array kSyllables{"ka", "lo", "mi", "ner", "os", "pu", "ra", "sel",
                                         "tu", "vin", "wa", "zed", "bro", "cim", "dul", "fen"};

  template <typename Array>
  std::string pick(const Array& values) {
    return values[static_cast<std::size_t>(number(0, static_cast<int>(values.size()) - 1))];
  }
  int number(int low, int high) { return std::uniform_int_distribution<int>(low, high)(random_); }
  std::string made_up(int words) {
    std::string text;
    for (int i = 0; i < words; ++i) {
      text += i ? " " : "";
      for (int s = 0; s < 3; ++s) text += pick(kSyllables);
    }
    return text;
  }
  static std::string headline_case(std::string title) {
    for (std::size_t i = 0; i < title.size(); ++i) {
      if (i == 0 || title[i - 1] == ' ') title[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(title[i])));
    }
    return title;
  }

  std::mt19937 random_;
};

}  // namespace

TEST_CASE("Near duplicates: 5,000 template stories never join, their light edits always do",
          "[pipeline][near-duplicate][random]") {
  std::uint32_t seed = std::random_device{}();
  INFO("seed " << seed);
  StoryMaker maker(seed);
  std::vector<Story> stories;
  std::set<std::string> distinct;
  for (int attempt = 0; stories.size() < kStories && attempt < 20 * static_cast<int>(kStories); ++attempt) {
    Story story = maker.make();
    // A repeated title with the same summary is the same story, not a new one.
    if (distinct.insert(story.title + "\n" + story.summary).second) stories.push_back(std::move(story));
  }
  REQUIRE(stories.size() == kStories);
  std::vector<Measured> measured;
  measured.reserve(stories.size());
  for (const Story& story : stories) measured.push_back(measure(story));

  std::size_t near_pairs = 0, joined = 0;
  std::string joined_examples;
  std::size_t found_pairs = 0;
  for (std::size_t i = 0; i < measured.size(); ++i) {
    for (std::size_t j = i + 1; j < measured.size(); ++j) {
      int distance = hamming_distance(measured[i].fingerprint, measured[j].fingerprint);
      if (distance > kVerifiedMaxDistance) continue;
      ++near_pairs;
      found_pairs += feedwatch::state::StorySightings::probe_finds(measured[i].fingerprint, measured[j].fingerprint);
      if (joins(measured[i], measured[j])) {
        ++joined;
        if (joined_examples.size() < 2000) {
          joined_examples += stories[i].title + " | " + stories[i].summary + "\n  " + stories[j].title + " | " +
                             stories[j].summary + "\n";
        }
      }
    }
  }
  INFO("joined:\n" << joined_examples);
  CHECK(joined == 0);

  std::size_t missed = 0, missed_within_reach = 0;
  std::string missed_examples;
  int max_copy_distance = 0;
  double min_copy_similarity = 1;
  for (std::size_t i = 0; i < stories.size(); ++i) {
    Story copy = maker.edit(stories[i], static_cast<int>(i));
    Measured edited = measure(copy);
    int distance = hamming_distance(measured[i].fingerprint, edited.fingerprint);
    auto words = compare_headlines(measured[i].words, edited.words);
    REQUIRE(words);
    max_copy_distance = std::max(max_copy_distance, distance);
    min_copy_similarity = std::min(min_copy_similarity, words->similarity);
    if (!joins(measured[i], edited)) {
      ++missed;
      missed_within_reach += distance <= kNearDuplicateMaxDistance;
      if (missed_examples.size() < 2000) {
        missed_examples += stories[i].title + " | " + stories[i].summary + "\n  " + copy.title + " | " +
                           copy.summary + "\n  distance " + std::to_string(distance) + "\n";
      }
    }
  }
  INFO("not joined:\n" << missed_examples);
  // Within kNearDuplicateMaxDistance a join is guaranteed; beyond it the
  // band lookup finds most but not all (a few in a thousand are missed: a
  // second alert, never a lost story).
  CHECK(missed_within_reach == 0);
  CHECK(missed <= kStories / 200);
  WARN(kStories << " stories: " << near_pairs << " pairs within " << kVerifiedMaxDistance
                << " bits (" << found_pairs << " of them found by the band lookup), " << joined << " joined; edited copies: max distance "
                << max_copy_distance << ", min similarity " << min_copy_similarity << ", " << missed << " not joined");
}
