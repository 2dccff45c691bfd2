#include "bench/match/bench_corpus.h"

#include <vector>
#include <string_view>

namespace feedwatch::bench {
namespace {

// Most words of a news text are common words no rule watches for.
const std::vector<std::string_view> kFillerWords{
    "the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "with", "as", "was", "by", "at", "from",
    "said", "its", "it", "an", "be", "has", "have", "are", "were", "will", "this", "but", "not", "after",
    "year", "new", "more", "than", "about", "their", "also", "which", "would", "could", "over", "last",
    "government", "officials", "people", "week", "told", "reporters", "statement", "according", "report",
    "company", "market", "percent", "million", "billion", "first", "second", "two", "three", "some", "many",
    "while", "since", "before", "under", "between", "during", "against", "into", "other", "most", "such",
    "plan", "group", "month", "day", "time", "state", "country", "world", "public", "national", "local",
    "official", "policy", "analysts", "industry", "growth", "prices", "demand", "supply", "share", "sales",
    "deal", "talks", "meeting", "minister", "president", "leaders", "agency", "board", "court", "law",
    "news", "data", "rise", "fall", "expected", "earlier", "later", "still", "again", "further", "however",
    "city", "region", "system", "service", "program", "issue", "case", "point", "part"};

// What rules watch for: topics, countries and (generated) company names.
const std::vector<std::string_view> kTopicWords{
    "export", "exports", "controls", "sanction", "sanctions", "tariff", "tariffs", "embargo", "semiconductor",
    "semiconductors", "chip", "chips", "chipmaker", "gpu", "accelerator", "lithography", "foundry", "wafer",
    "entity", "list", "ban", "restriction", "restrictions", "license", "licence", "smuggling", "compliance",
    "investigation", "probe", "antitrust", "merger", "acquisition", "bankruptcy", "default", "layoffs",
    "strike", "recall", "breach", "ransomware", "outage", "vulnerability", "patch", "leak", "espionage",
    "drone", "missile", "satellite", "rocket", "reactor", "uranium", "lithium", "cobalt", "nickel", "copper",
    "rare", "earth", "magnet", "battery", "solar", "wind", "hydrogen", "pipeline", "tanker", "refinery",
    "crude", "gas", "coal", "wheat", "rice", "soybean", "fertilizer", "vaccine", "outbreak", "pandemic",
    "election", "referendum", "coup", "protest", "ceasefire", "treaty", "summit", "visa", "asylum",
    "inflation", "recession", "stimulus", "bond", "yield", "currency", "peg", "devaluation", "cryptocurrency",
    "stablecoin", "model", "inference"};

const std::vector<std::string_view> kCountries{
    "china", "taiwan", "japan", "korea", "india", "russia", "ukraine", "iran", "israel", "turkey", "egypt",
    "nigeria", "kenya", "brazil", "mexico", "canada", "germany", "france", "italy", "spain", "poland",
    "netherlands", "sweden", "norway", "finland", "britain", "ireland", "australia", "indonesia", "vietnam",
    "thailand", "malaysia", "singapore", "philippines", "pakistan", "bangladesh", "argentina", "chile",
    "peru", "colombia", "venezuela", "cuba", "syria", "iraq", "saudi", "qatar", "emirates", "belarus"};

const std::vector<std::string_view> kSyllables{"nor", "vex", "ta", "lu", "mi", "kor", "sen", "dra",
                                                      "pol", "zan", "ri", "qu", "bel", "tor", "ga", "fin",
                                                      "ox", "ly", "mar", "tek", "so", "vi", "ron", "ad"};

constexpr std::size_t kCompanyCount = 12000;

std::string company_name(std::size_t index) {
  std::string name;
  for (std::size_t part = 0; part < 3 || index > 0; ++part) {
    name += kSyllables[index % kSyllables.size()];
    index /= kSyllables.size();
  }
  return name + "x";
}

std::string topic_word(Random& random) {
  return std::string(random.chance(70) ? kTopicWords[random.below(kTopicWords.size())]
                                       : kCountries[random.below(kCountries.size())]);
}

// Rules are mostly about named things (companies, people, products), with
// topic words and countries as qualifiers.
std::string watched_word(Random& random) {
  return random.chance(35) ? topic_word(random) : company_name(random.below(kCompanyCount));
}

std::string capitalized(std::string word) {
  if (!word.empty() && word[0] >= 'a' && word[0] <= 'z') word[0] = static_cast<char>(word[0] - 'a' + 'A');
  return word;
}

// Sentences of mostly filler; one word in twenty is a topic word, country
// or company name that rules may watch for.
std::string make_text(Random& random, std::size_t words) {
  std::string text;
  bool sentence_start = true;
  for (std::size_t i = 0; i < words; ++i) {
    std::string word = random.chance(5) ? watched_word(random)
                                        : std::string(kFillerWords[random.below(kFillerWords.size())]);
    text += sentence_start ? capitalized(word) : word;
    sentence_start = random.chance(7);
    text += sentence_start ? ". " : (random.chance(5) ? ", " : " ");
  }
  return text;
}

std::string phrase(Random& random) { return "\"" + watched_word(random) + " " + watched_word(random) + "\""; }

std::string any_of(Random& random, std::size_t count) {
  std::string group = "(";
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) group += " OR ";
    group += random.chance(30) ? phrase(random) : watched_word(random) + (random.chance(25) ? "*" : "");
  }
  return group + ")";
}

std::string topics(Random& random, std::size_t count) {
  std::string group = "(";
  for (std::size_t i = 0; i < count; ++i) group += (i > 0 ? " OR " : "") + topic_word(random);
  return group + ")";
}

std::string make_query(Random& random) {
  switch (random.below(6)) {
    case 0: return any_of(random, 3) + " AND " + topics(random, 4);
    case 1: return phrase(random) + " AND " + watched_word(random) + " -" + watched_word(random);
    case 2: return "NEAR/5(" + watched_word(random) + ", " + watched_word(random) + "*) OR " + phrase(random);
    case 3: return "title:" + any_of(random, 2) + " AND " + topics(random, 3);
    case 4: return watched_word(random) + " " + watched_word(random) + " NOT title:" + watched_word(random);
    default: return any_of(random, 5) + " AND " + topic_word(random) + "*";
  }
}

}  // namespace

std::uint64_t Random::next() {
  state_ ^= state_ >> 12;
  state_ ^= state_ << 25;
  state_ ^= state_ >> 27;
  return state_ * 0x2545F4914F6CDD1DULL;
}

std::vector<BenchEntry> make_entries(std::size_t count, std::uint64_t seed) {
  Random random(seed);
  std::vector<BenchEntry> entries;
  entries.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    entries.push_back(BenchEntry{make_text(random, 8 + random.below(6)), make_text(random, 25 + random.below(20)),
                                 make_text(random, 150 + random.below(200))});
  }
  return entries;
}

std::vector<BenchRule> make_rules(std::size_t count, std::uint64_t seed) {
  Random random(seed);
  std::vector<BenchRule> rules;
  rules.reserve(count);
  for (std::size_t i = 0; i < count; ++i) rules.push_back(BenchRule{"rule-" + std::to_string(i), make_query(random)});
  return rules;
}

}  // namespace feedwatch::bench
