// The word banks of the syndication corpus (syndication_corpus.h): headline
// and sentence templates of made-up news about chips, export controls,
// sanctions and AI models in English and Chinese, the values that fill their
// {slots}, and the ways outlets edit a story they carry (desk prefixes,
// source credits, synonyms, teasers). Data only; the generator decides what
// to draw. Every headline names a term of the corpus rule, so every copy of
// every story is matched whatever its summary says; the off-topic templates
// name none.
#pragma once

#include <string_view>
#include <vector>

namespace feedwatch::testing::syndication::words {

// A headline and the sentence that opens its story; both may use {slots}.
struct Headline {
  std::string_view title;
  std::string_view lead;
};

// One subject: its headlines, the sentences its bodies are drawn from, and
// the categories its items carry.
struct Topic {
  std::string_view name;
  std::vector<Headline> headlines;
  std::vector<std::string_view> sentences;
  std::vector<std::string_view> categories;
};

// The values a {slot} takes. A slot named like another plus "2" ({company2})
// draws from that one's values, never the value the first one took.
struct Slot {
  std::string_view name;
  std::vector<std::string_view> values;
  bool names_something = false;  // a name or a number: changing it makes another story
};

// Two words an editor swaps freely ("pressure" / "strain").
struct Synonym {
  std::string_view word;
  std::string_view other;
};

// Everything the generator needs to write stories in one language.
struct Language {
  std::string_view code;                // "en", "zh"
  std::string_view sentence_separator;  // between sentences of a paragraph
  bool has_case = true;                 // whether a headline can change case
  std::vector<Topic> topics;
  std::vector<std::string_view> general_sentences;  // fit any topic
  std::vector<Slot> slots;
  std::vector<Synonym> synonyms;
  std::vector<std::string_view> desk_prefixes;      // "REFILE-", "快讯："
  std::vector<std::string_view> update_prefixes;    // what a wire update's headline starts with
  std::vector<std::string_view> credit_separators;  // before a source credit: " - ", " | "
  std::vector<std::string_view> boilerplate;        // teaser summaries that say nothing
  std::vector<std::string_view> lookalike_forms;    // "Insight: {title} as talks stall"
  std::vector<Headline> off_topic;                  // title and summary no rule term matches
  std::vector<std::string_view> off_topic_categories;
  std::vector<std::string_view> sections;  // link path sections: "technology"
  std::string_view trailing_period;
};

const Language& english();
const Language& chinese();

// A news outlet: one feed of the corpus, and the host its links are on.
struct Outlet {
  std::string_view title;   // the feed's title
  std::string_view credit;  // how a syndicating outlet credits it: "Reuters"
  std::string_view host;
  bool english = true;
  bool chinese = false;
};

// In the order feeds are taken: English, Chinese and bilingual mixed, so
// that any prefix of the list carries both languages.
const std::vector<Outlet>& outlets();

}  // namespace feedwatch::testing::syndication::words
