// Near-duplicate titles and summaries: the same story as two outlets word it
// must be within kNearDuplicateMaxDistance; two different stories on the
// same topic must not. Run with -s to see every pair's distance.
#include <catch2/catch.hpp>

#include <algorithm>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "daemon/pipeline/headline_words.h"
#include "daemon/pipeline/near_duplicate.h"

using namespace feedwatch::pipeline;

namespace {

struct Text {
  std::string title;
  std::string summary;
};

struct Pair {
  Text a;
  Text b;
};

const std::string kChipSummary =
    "The Commerce Department on Tuesday widened export controls on advanced AI chips, adding Nvidia's H20 and "
    "AMD's MI308 to the list of processors that need a licence before they can be shipped to China, officials said.";

// The same story: syndicated copies, light edits, labels, suffixes, cuts.
const std::vector<Pair> kSameStory = {
    {{"US widens export controls on AI chips to China", kChipSummary},
     {"US widens export controls on AI chips to China - Reuters", kChipSummary}},
    {{"US widens export controls on AI chips to China", kChipSummary},
     {"UPDATE 1: US widens export controls on AI chips to China", kChipSummary}},
    {{"US widens export controls on AI chips to China", kChipSummary},
     {"US widens export controls on AI chips to China", kChipSummary.substr(0, 120) + "…"}},
    {{"US widens export controls on AI chips to China", kChipSummary},
     {"U.S. widens export controls on AI chips to China", kChipSummary}},
    {{"Fed holds rates steady, signals two cuts later this year",
      "The Federal Reserve left its benchmark rate unchanged at 4.25% to 4.5% on Wednesday and policymakers "
      "still expect two quarter-point cuts before the end of the year, according to new projections."},
     {"Fed holds rates steady, signals two cuts later this year | Financial Times",
      "The Federal Reserve left its benchmark rate unchanged at 4.25% to 4.5% on Wednesday and policymakers "
      "still expect two quarter-point cuts before the end of the year."}},
    {{"Fed holds rates steady, signals two cuts later this year",
      "The Federal Reserve left its benchmark rate unchanged at 4.25% to 4.5% on Wednesday and policymakers "
      "still expect two quarter-point cuts before the end of the year, according to new projections."},
     {"Fed holds rates steady and signals two cuts later this year",
      "The Federal Reserve left its benchmark rate unchanged at 4.25% to 4.5% on Wednesday, and policymakers "
      "still expect two quarter-point cuts before the end of the year, according to new projections."}},
    {{"Boeing 737 MAX deliveries resume after FAA review",
      "Boeing said on Monday it had resumed deliveries of its 737 MAX jets after the Federal Aviation "
      "Administration completed a review of quality checks at its Renton factory."},
     {"BREAKING: Boeing 737 MAX deliveries resume after FAA review",
      "Boeing said on Monday it had resumed deliveries of its 737 MAX jets after the Federal Aviation "
      "Administration completed a review of quality checks at its Renton factory."}},
    {{"Boeing 737 MAX deliveries resume after FAA review",
      "Boeing said on Monday it had resumed deliveries of its 737 MAX jets after the Federal Aviation "
      "Administration completed a review of quality checks at its Renton factory."},
     {"Boeing 737 MAX deliveries resume after FAA review",
      "Boeing said Monday it had resumed deliveries of its 737 MAX jets after the Federal Aviation "
      "Administration completed a review of quality checks at its Renton factory in Washington state."}},
    {{"Heatwave pushes European power prices to record highs",
      "Day-ahead electricity prices in Germany and France hit record levels on Thursday as a heatwave drove up "
      "demand for air conditioning and low river levels forced nuclear plants to cut output."},
     {"Heatwave pushes European power prices to record highs — Bloomberg",
      "Day-ahead electricity prices in Germany and France hit record levels on Thursday as a heatwave drove up "
      "demand for air conditioning and low river levels forced nuclear plants to cut output."}},
    {{"Heatwave pushes European power prices to record highs",
      "Day-ahead electricity prices in Germany and France hit record levels on Thursday as a heatwave drove up "
      "demand for air conditioning and low river levels forced nuclear plants to cut output."},
     {"Heat wave pushes European power prices to record highs",
      "Day-ahead electricity prices in Germany and France hit record levels on Thursday as a heatwave drove up "
      "demand for air conditioning and low river levels forced nuclear plants to cut output."}},
    {{"Microsoft to buy cybersecurity firm Wiz for $23 billion",
      "Microsoft agreed to acquire the cloud security start-up Wiz for about $23 billion in cash, the largest "
      "deal in the company's history since LinkedIn, people familiar with the matter said."},
     {"Microsoft to buy cybersecurity firm Wiz for $23 bln",
      "Microsoft agreed to acquire the cloud security start-up Wiz for about $23 billion in cash, the largest "
      "deal in the company's history since LinkedIn, people familiar with the matter said."}},
    {{"Microsoft to buy cybersecurity firm Wiz for $23 billion",
      "Microsoft agreed to acquire the cloud security start-up Wiz for about $23 billion in cash, the largest "
      "deal in the company's history since LinkedIn, people familiar with the matter said."},
     {"EXCLUSIVE: Microsoft to buy cybersecurity firm Wiz for $23 billion",
      "Microsoft agreed to acquire the cloud security start-up Wiz for about $23 billion in cash, the largest "
      "deal in the company's history since LinkedIn."}},
    {{"Earthquake of magnitude 6.8 strikes off northern Japan",
      "A strong earthquake struck off the coast of Aomori prefecture late on Sunday, the Japan Meteorological "
      "Agency said, and a tsunami advisory was issued for the Pacific coast."},
     {"Earthquake of magnitude 6.8 strikes off northern Japan",
      "A strong earthquake struck off the coast of Aomori Prefecture late on Sunday, the Japan Meteorological "
      "Agency (JMA) said, and a tsunami advisory was issued for the Pacific coast."}},
    {{"Spotify raises premium prices in the US for the second time this year",
      "Spotify is raising the price of its individual premium plan in the United States to $12.99 a month "
      "from $11.99, the streaming company said in an email to subscribers on Monday."},
     {"Spotify raises Premium prices in US for second time this year",
      "Spotify is raising the price of its individual premium plan in the United States to $12.99 a month "
      "from $11.99, the streaming company said in an email to subscribers on Monday."}},
    {{"Spotify raises premium prices in the US for the second time this year",
      "Spotify is raising the price of its individual premium plan in the United States to $12.99 a month "
      "from $11.99, the streaming company said in an email to subscribers on Monday."},
     {"Spotify raises premium prices in the US for the second time this year",
      "Spotify is raising the price of its individual premium plan in the United States to $12.99 a month "
      "from $11.99, the streaming company said in an email to subscribers."}},
    {{"WHO declares mpox outbreak a global health emergency",
      "The World Health Organization declared the spread of mpox in Africa a public health emergency of "
      "international concern on Wednesday, its highest level of alert, after a new strain spread to "
      "neighbouring countries."},
     {"WHO declares mpox outbreak a global health emergency - AP News",
      "The World Health Organization declared the spread of mpox in Africa a public health emergency of "
      "international concern on Wednesday, its highest level of alert."}},
    {{"WHO declares mpox outbreak a global health emergency",
      "The World Health Organization declared the spread of mpox in Africa a public health emergency of "
      "international concern on Wednesday, its highest level of alert, after a new strain spread to "
      "neighbouring countries."},
     {"W.H.O. declares mpox outbreak a global health emergency",
      "The World Health Organization declared the spread of mpox in Africa a public health emergency of "
      "international concern on Wednesday, its highest level of alert, after a new strain spread to "
      "neighboring countries."}},
    {{"Tesla recalls 125,000 vehicles over seat belt warning fault",
      "Tesla is recalling more than 125,000 vehicles in the United States because of a fault in the seat belt "
      "warning system that may not alert drivers, the National Highway Traffic Safety Administration said."},
     {"Tesla recalls 125,000 vehicles over seat belt warning fault: NHTSA",
      "Tesla is recalling more than 125,000 vehicles in the United States because of a fault in the seat belt "
      "warning system that may not alert drivers, the National Highway Traffic Safety Administration said."}},
    {{"Tesla recalls 125,000 vehicles over seat belt warning fault",
      "Tesla is recalling more than 125,000 vehicles in the United States because of a fault in the seat belt "
      "warning system that may not alert drivers, the National Highway Traffic Safety Administration said."},
     {"Tesla recalls 125,000 vehicles over seat-belt warning fault",
      "Tesla is recalling more than 125,000 vehicles in the U.S. because of a fault in the seat belt "
      "warning system that may not alert drivers, the National Highway Traffic Safety Administration said."}},
    {{"Netherlands restricts ASML exports of older chipmaking tools",
      "The Dutch government said on Friday it would require licences for exports of some older ASML deep "
      "ultraviolet lithography machines, expanding curbs aimed at China's chip industry."},
     {"Netherlands restricts ASML exports of older chip-making tools",
      "The Dutch government said on Friday it would require licences for exports of some older ASML deep "
      "ultraviolet lithography machines, expanding curbs aimed at China's chip industry."}},
};

// The same story, but edited more than the fingerprint tolerates: a word of
// a short title replaced by a synonym, a title grown by a clause. Measured
// (distances 14-15) to show the limit; they are joined only by their links.
const std::vector<Pair> kBeyondReach = {
    {{"US widens export controls on AI chips to China", kChipSummary},
     {"US widens export curbs on AI chips to China", kChipSummary}},
    {{"Earthquake of magnitude 6.8 strikes off northern Japan",
      "A strong earthquake struck off the coast of Aomori prefecture late on Sunday, the Japan Meteorological "
      "Agency said, and a tsunami advisory was issued for the Pacific coast."},
     {"Earthquake of magnitude 6.8 strikes off northern Japan, tsunami advisory issued",
      "A strong earthquake struck off the coast of Aomori prefecture late on Sunday, the Japan Meteorological "
      "Agency said, and a tsunami advisory was issued for the Pacific coast."}},
};

// Different stories in similar words: same topic, other facts, numbers, firms.
const std::vector<Pair> kDifferentStories = {
    {{"US widens export controls on AI chips to China", kChipSummary},
     {"US eases export controls on AI chips to Gulf states",
      "The Commerce Department on Thursday eased licence requirements for shipments of advanced AI chips to "
      "the United Arab Emirates and Saudi Arabia, clearing the way for data centre deals, officials said."}},
    {{"US widens export controls on AI chips to China", kChipSummary},
     {"China retaliates against US chip export controls with gallium ban",
      "Beijing banned exports of gallium, germanium and antimony to the United States on Tuesday, escalating "
      "a trade dispute a day after Washington widened its curbs on advanced chips."}},
    {{"Fed holds rates steady, signals two cuts later this year",
      "The Federal Reserve left its benchmark rate unchanged at 4.25% to 4.5% on Wednesday and policymakers "
      "still expect two quarter-point cuts before the end of the year, according to new projections."},
     {"ECB cuts rates for the third time this year",
      "The European Central Bank lowered its deposit rate by a quarter point to 3.25% on Thursday and "
      "signalled that further cuts would depend on incoming data on wages and inflation."}},
    {{"Fed holds rates steady, signals two cuts later this year",
      "The Federal Reserve left its benchmark rate unchanged at 4.25% to 4.5% on Wednesday and policymakers "
      "still expect two quarter-point cuts before the end of the year, according to new projections."},
     {"Fed cuts rates by half a point, first cut in four years",
      "The Federal Reserve lowered its benchmark rate by 50 basis points to 4.75% to 5% on Wednesday, "
      "beginning an easing cycle as inflation cooled and the labour market softened."}},
    {{"Boeing 737 MAX deliveries resume after FAA review",
      "Boeing said on Monday it had resumed deliveries of its 737 MAX jets after the Federal Aviation "
      "Administration completed a review of quality checks at its Renton factory."},
     {"Airbus A320neo deliveries delayed by engine shortages",
      "Airbus said on Tuesday deliveries of its A320neo jets would slip into next year because Pratt & "
      "Whitney and CFM could not supply enough engines to its Hamburg and Toulouse lines."}},
    {{"Boeing 737 MAX deliveries resume after FAA review",
      "Boeing said on Monday it had resumed deliveries of its 737 MAX jets after the Federal Aviation "
      "Administration completed a review of quality checks at its Renton factory."},
     {"Boeing 787 deliveries halted after FAA finds fuselage gaps",
      "Boeing halted deliveries of its 787 Dreamliner on Friday after the Federal Aviation Administration "
      "found gaps in fuselage joins made at its North Charleston plant."}},
    {{"Heatwave pushes European power prices to record highs",
      "Day-ahead electricity prices in Germany and France hit record levels on Thursday as a heatwave drove up "
      "demand for air conditioning and low river levels forced nuclear plants to cut output."},
     {"Windy weekend sends European power prices below zero",
      "Day-ahead electricity prices in Germany and the Netherlands turned negative on Sunday as strong winds "
      "and low demand left grids with more wind and solar output than they could use."}},
    {{"Microsoft to buy cybersecurity firm Wiz for $23 billion",
      "Microsoft agreed to acquire the cloud security start-up Wiz for about $23 billion in cash, the largest "
      "deal in the company's history since LinkedIn, people familiar with the matter said."},
     {"Google to buy cybersecurity firm Wiz for $32 billion",
      "Alphabet's Google agreed to acquire the Israeli cloud security company Wiz for $32 billion in cash, "
      "its biggest acquisition ever, after talks collapsed last year over antitrust concerns."}},
    {{"Microsoft to buy cybersecurity firm Wiz for $23 billion",
      "Microsoft agreed to acquire the cloud security start-up Wiz for about $23 billion in cash, the largest "
      "deal in the company's history since LinkedIn, people familiar with the matter said."},
     {"Cisco to buy cybersecurity firm Splunk for $28 billion",
      "Cisco Systems agreed to buy the data analytics and security software maker Splunk for $157 a share in "
      "cash, betting on demand for tools that help companies fend off hackers."}},
    {{"Earthquake of magnitude 6.8 strikes off northern Japan",
      "A strong earthquake struck off the coast of Aomori prefecture late on Sunday, the Japan Meteorological "
      "Agency said, and a tsunami advisory was issued for the Pacific coast."},
     {"Earthquake of magnitude 7.1 strikes southern Japan",
      "A powerful earthquake struck off the island of Kyushu on Thursday afternoon, the Japan Meteorological "
      "Agency said, issuing its first advisory under a new megaquake warning system."}},
    {{"Earthquake of magnitude 6.8 strikes off northern Japan",
      "A strong earthquake struck off the coast of Aomori prefecture late on Sunday, the Japan Meteorological "
      "Agency said, and a tsunami advisory was issued for the Pacific coast."},
     {"Earthquake of magnitude 6.2 strikes central Taiwan",
      "A strong earthquake shook central Taiwan early on Tuesday, the Central Weather Administration said, "
      "briefly halting some production lines at chip plants in Taichung."}},
    {{"Spotify raises premium prices in the US for the second time this year",
      "Spotify is raising the price of its individual premium plan in the United States to $12.99 a month "
      "from $11.99, the streaming company said in an email to subscribers on Monday."},
     {"Netflix raises prices in the US and Canada",
      "Netflix is raising the price of its standard plan in the United States to $17.99 a month from $15.49, "
      "the streaming company said on Tuesday as it reported record subscriber growth."}},
    {{"Spotify raises premium prices in the US for the second time this year",
      "Spotify is raising the price of its individual premium plan in the United States to $12.99 a month "
      "from $11.99, the streaming company said in an email to subscribers on Monday."},
     {"Spotify cuts 1,500 jobs in third round of layoffs this year",
      "Spotify is cutting about 17% of its workforce, or 1,500 jobs, the streaming company said on Monday, "
      "as chief executive Daniel Ek seeks to reduce costs."}},
    {{"WHO declares mpox outbreak a global health emergency",
      "The World Health Organization declared the spread of mpox in Africa a public health emergency of "
      "international concern on Wednesday, its highest level of alert, after a new strain spread to "
      "neighbouring countries."},
     {"WHO ends mpox global health emergency",
      "The World Health Organization said on Thursday that mpox no longer represents a global health "
      "emergency, citing a steady fall in cases in most of the countries that reported outbreaks."}},
    {{"WHO declares mpox outbreak a global health emergency",
      "The World Health Organization declared the spread of mpox in Africa a public health emergency of "
      "international concern on Wednesday, its highest level of alert, after a new strain spread to "
      "neighbouring countries."},
     {"Africa CDC declares mpox a continental emergency",
      "The Africa Centres for Disease Control and Prevention declared mpox a public health emergency of "
      "continental security on Tuesday, the first time it has used that power."}},
    {{"Tesla recalls 125,000 vehicles over seat belt warning fault",
      "Tesla is recalling more than 125,000 vehicles in the United States because of a fault in the seat belt "
      "warning system that may not alert drivers, the National Highway Traffic Safety Administration said."},
     {"Ford recalls 240,000 vehicles over seat belt fault",
      "Ford is recalling more than 240,000 Explorer SUVs in the United States because rear seat belts may "
      "not hold in a crash, the National Highway Traffic Safety Administration said."}},
    {{"Tesla recalls 125,000 vehicles over seat belt warning fault",
      "Tesla is recalling more than 125,000 vehicles in the United States because of a fault in the seat belt "
      "warning system that may not alert drivers, the National Highway Traffic Safety Administration said."},
     {"Tesla recalls 2 million vehicles over Autopilot safeguards",
      "Tesla is recalling more than 2 million vehicles in the United States to install new safeguards in its "
      "Autopilot system, the National Highway Traffic Safety Administration said."}},
    {{"Netherlands restricts ASML exports of older chipmaking tools",
      "The Dutch government said on Friday it would require licences for exports of some older ASML deep "
      "ultraviolet lithography machines, expanding curbs aimed at China's chip industry."},
     {"Japan restricts Tokyo Electron exports of chipmaking tools",
      "The Japanese government said on Tuesday it would require licences for exports of 23 types of chip "
      "manufacturing equipment, including some Tokyo Electron etching machines."}},
    {{"Netherlands restricts ASML exports of older chipmaking tools",
      "The Dutch government said on Friday it would require licences for exports of some older ASML deep "
      "ultraviolet lithography machines, expanding curbs aimed at China's chip industry."},
     {"ASML shares fall after weaker orders for chipmaking tools",
      "ASML shares fell 8% on Wednesday after the Dutch company reported orders for its lithography machines "
      "well below forecasts, citing caution among chipmakers outside AI."}},
    {{"Oil prices rise 3% after OPEC+ extends output cuts",
      "Brent crude rose 3% to $84 a barrel on Monday after OPEC+ agreed to extend its production cuts of 2.2 "
      "million barrels per day until the end of the third quarter."},
     {"Oil prices fall 4% after OPEC+ agrees to raise output",
      "Brent crude fell 4% to $78 a barrel on Monday after OPEC+ agreed to start unwinding its production "
      "cuts from October, adding 180,000 barrels per day each month."}},
    {{"Apple fined 1.8 billion euros by EU over music streaming",
      "The European Commission fined Apple 1.8 billion euros on Monday for preventing music streaming apps "
      "such as Spotify from telling users about cheaper offers outside the App Store."},
     {"Google fined 2.4 billion euros by EU over shopping search",
      "The European Commission fined Google 2.4 billion euros on Tuesday for favouring its own comparison "
      "shopping service in search results over those of smaller rivals."}},
    {{"Oil prices rise 3% after OPEC+ extends output cuts",
      "Brent crude rose 3% to $84 a barrel on Monday after OPEC+ agreed to extend its production cuts of 2.2 "
      "million barrels per day until the end of the third quarter."},
     {"Oil prices rise 2% after Saudi Arabia extends output cuts",
      "Brent crude rose 2% to $88 a barrel on Tuesday after Saudi Arabia said it would extend its voluntary "
      "production cut of 1 million barrels per day until the end of the year."}},
};

// Different stories from one template: the same boilerplate around other
// names, places and numbers. Their fingerprints may well be near; the
// headline words must tell them apart.
const std::vector<Pair> kTemplateStories = {
    {{"Story f3-e7: kalomi nerospu raselwa export controls hit tuvinwa zedbro chips",
      "Officials in cimdul fenka said lomipu raos nertu selwa widens the rules on kavin brozed."},
     {"Story f3-e8: kalomi nerospu raselwa export controls hit tuvinwa zedbro chips",
      "Officials in cimdul fenka said lomipu raos nertu selwa widens the rules on kavin brozed."}},
    {{"Story A: Kalomi Nerospu Raselwa export controls hit Tuvinwa chips",
      "Officials in Cimdul said the new export controls hit chips made by Tuvinwa and its partners."},
     {"Story B: Dulfen Wakaner Puosra export controls hit Tuvinwa chips",
      "Officials in Cimdul said the new export controls hit chips made by Tuvinwa and its partners."}},
    {{"Story 12: export controls hit chips from three suppliers",
      "Officials said the new export controls hit chips from three suppliers, the ministry announced on Monday."},
     {"Story 13: export controls hit chips from three suppliers",
      "Officials said the new export controls hit chips from three suppliers, the ministry announced on Monday."}},
    {{"Magnitude 4.6 earthquake near Tokyo",
      "A magnitude 4.6 earthquake struck near Tokyo at a depth of 10 km, the US Geological Survey said. No damage "
      "was reported."},
     {"Magnitude 4.6 earthquake near Lima",
      "A magnitude 4.6 earthquake struck near Lima at a depth of 10 km, the US Geological Survey said. No damage "
      "was reported."}},
    {{"Magnitude 4.6 earthquake near Tokyo",
      "A magnitude 4.6 earthquake struck near Tokyo at a depth of 10 km, the US Geological Survey said. No damage "
      "was reported."},
     {"Magnitude 4.8 earthquake near Tokyo",
      "A magnitude 4.8 earthquake struck near Tokyo at a depth of 10 km, the US Geological Survey said. No damage "
      "was reported."}},
    {{"Apple shares rise 3%",
      "Shares of Apple rose 3% in early trading on Monday after the company reported quarterly results that beat "
      "analysts' expectations."},
     {"Tesla shares rise 3%",
      "Shares of Tesla rose 3% in early trading on Monday after the company reported quarterly results that beat "
      "analysts' expectations."}},
    {{"Boeing to buy Samsung for $37 billion",
      "Boeing agreed to acquire Samsung for about $37 billion in cash, the companies said on Friday, in a deal that "
      "still needs approval from regulators in several countries."},
     {"Samsung to buy Boeing for $37 billion",
      "Samsung agreed to acquire Boeing for about $37 billion in cash, the companies said on Friday, in a deal that "
      "still needs approval from regulators in several countries."}},
    {{"Flight AA1234 from Dallas to Chicago diverted after bird strike",
      "American Airlines flight AA1234 from Dallas to Chicago was diverted to Tulsa on Friday after a bird strike "
      "damaged an engine, the airline said."},
     {"Flight AA1235 from Dallas to Chicago diverted after bird strike",
      "American Airlines flight AA1235 from Dallas to Chicago was diverted to Tulsa on Friday after a bird strike "
      "damaged an engine, the airline said."}},
    {{"Police: man, 34, arrested after shooting in Leeds",
      "A 34-year-old man has been arrested after a shooting in Leeds on Saturday night, West Yorkshire Police said."},
     {"Police: man, 27, arrested after shooting in Leeds",
      "A 27-year-old man has been arrested after a shooting in Leeds on Saturday night, West Yorkshire Police said."}},
    {{"Germany's DAX closes 1.2% higher as chip stocks rally",
      "Germany's DAX index closed 1.2% higher on Wednesday, led by Infineon and Aixtron as chip stocks rallied "
      "across Europe."},
     {"France's CAC 40 closes 1.2% higher as chip stocks rally",
      "France's CAC 40 index closed 1.2% higher on Wednesday, led by STMicroelectronics and Soitec as chip stocks "
      "rallied across Europe."}},
};

int distance_of(const Pair& pair) {
  auto a = text_fingerprint(pair.a.title, pair.a.summary);
  auto b = text_fingerprint(pair.b.title, pair.b.summary);
  REQUIRE(a);
  REQUIRE(b);
  return hamming_distance(*a, *b);
}

HeadlineComparison headlines_of(const Pair& pair) {
  auto comparison = compare_headlines(headline_words(pair.a.title, pair.a.summary),
                                      headline_words(pair.b.title, pair.b.summary));
  REQUIRE(comparison);
  return *comparison;
}

// What story resolution does: a near fingerprint, verified by the words.
bool joined(const Pair& pair) { return is_near_duplicate_story(distance_of(pair), headlines_of(pair)); }

std::string describe(const Pair& pair) {
  HeadlineComparison words = headlines_of(pair);
  std::ostringstream out;
  out << "\"" << pair.a.title << "\" vs \"" << pair.b.title << "\": distance " << distance_of(pair)
      << ", similarity " << words.similarity << ", pair similarity " << words.pair_similarity << ", names only in one " << words.names_only_in_first << "/"
      << words.names_only_in_second;
  return out.str();
}

// Every pair's two measures, and the extremes, for the test's WARN line.
struct Extremes {
  int min_distance = 64, max_distance = 0;
  double min_similarity = 1, max_similarity = 0;
  double min_pair_similarity = 1, max_pair_similarity = 0;
  void add(const Pair& pair) {
    int distance = distance_of(pair);
    double similarity = headlines_of(pair).similarity;
    double pair_similarity = headlines_of(pair).pair_similarity;
    min_pair_similarity = std::min(min_pair_similarity, pair_similarity);
    max_pair_similarity = std::max(max_pair_similarity, pair_similarity);
    min_distance = std::min(min_distance, distance);
    max_distance = std::max(max_distance, distance);
    min_similarity = std::min(min_similarity, similarity);
    max_similarity = std::max(max_similarity, similarity);
  }
};

std::ostream& operator<<(std::ostream& out, const Extremes& extremes) {
  return out << "distance " << extremes.min_distance << "-" << extremes.max_distance << ", similarity "
             << extremes.min_similarity << "-" << extremes.max_similarity << ", pair similarity "
             << extremes.min_pair_similarity << "-" << extremes.max_pair_similarity;
}

}  // namespace

TEST_CASE("Near duplicates: the same story reworded lightly is joined", "[pipeline][near-duplicate]") {
  REQUIRE(kSameStory.size() >= 20);
  Extremes extremes;
  for (const Pair& pair : kSameStory) {
    INFO(describe(pair));
    extremes.add(pair);
    CHECK(distance_of(pair) <= kNearDuplicateMaxDistance);
    CHECK(headlines_of(pair).same_story());
    CHECK(joined(pair));
  }
  WARN("same story: " << extremes);
}

TEST_CASE("Near duplicates: different stories in similar words are not joined", "[pipeline][near-duplicate]") {
  REQUIRE(kDifferentStories.size() >= 20);
  Extremes extremes;
  for (const Pair& pair : kDifferentStories) {
    INFO(describe(pair));
    extremes.add(pair);
    CHECK(distance_of(pair) > kNearDuplicateMaxDistance);
    CHECK_FALSE(headlines_of(pair).same_story());
    CHECK_FALSE(joined(pair));
  }
  WARN("different stories: " << extremes);
}

// The fingerprints of template stories may be near; the words decide alone.
TEST_CASE("Near duplicates: stories from one template with other names or numbers are not joined",
          "[pipeline][near-duplicate]") {
  Extremes extremes;
  for (const Pair& pair : kTemplateStories) {
    INFO(describe(pair));
    extremes.add(pair);
    CHECK_FALSE(headlines_of(pair).same_story());
    CHECK_FALSE(joined(pair));
  }
  WARN("template stories: " << extremes);
}

TEST_CASE("Near duplicates: heavier edits stay between the two groups", "[pipeline][near-duplicate]") {
  std::string distances;
  for (const Pair& pair : kBeyondReach) {
    int distance = distance_of(pair);
    distances += std::to_string(distance) + " ";
    CHECK(distance > kNearDuplicateMaxDistance);
  }
  WARN("beyond-reach distances: " << distances);
}

TEST_CASE("Near duplicates: short texts get no fingerprint", "[pipeline][near-duplicate]") {
  CHECK_FALSE(text_fingerprint("Markets close", ""));
  CHECK_FALSE(text_fingerprint("UPDATE: Markets close higher", "Stocks rose."));
  CHECK_FALSE(text_fingerprint("", ""));
  CHECK(text_fingerprint("Markets close higher as tech stocks rally", "Stocks rose on Friday."));
}

TEST_CASE("Near duplicates: identical text gives the identical fingerprint", "[pipeline][near-duplicate]") {
  auto a = text_fingerprint("US widens export controls on AI chips to China", kChipSummary);
  auto b = text_fingerprint("US  WIDENS export controls on AI chips to China!", "  " + kChipSummary);
  REQUIRE(a);
  REQUIRE(b);
  CHECK(*a == *b);
  CHECK(hamming_distance(0, ~std::uint64_t{0}) == 64);
}
