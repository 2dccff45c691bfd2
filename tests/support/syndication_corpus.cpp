// generate(): plans the stories (regular ones and the pairs of near misses
// and look-alikes), writes each from the word banks, then lets one to six
// feeds carry it, each copy edited the way outlets edit what they carry.
#include "tests/support/syndication_corpus.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <utility>

#include "tests/support/syndication_edits.h"

namespace feedwatch::testing::syndication {
namespace {

using edits::Link;
using edits::Picker;
using words::Language;
using Fillers = std::map<std::string, std::string, std::less<>>;

// --- templates ----------------------------------------------------------

const words::Slot& find_slot(const Language& language, std::string_view name) {
  for (const auto& slot : language.slots) {
    if (slot.name == name) return slot;
  }
  throw std::logic_error("syndication corpus: no slot {" + std::string(name) + "}");
}

// "company2" draws from "company"'s values.
std::string_view source_slot(std::string_view name) {
  return name.ends_with('2') ? name.substr(0, name.size() - 1) : name;
}

void draw(const Language& language, const std::string& name, Fillers& fillers, Picker& picker) {
  std::string_view source = source_slot(name);
  std::string sibling = name == source ? name + "2" : std::string(source);
  const auto& values = find_slot(language, source).values;
  std::string value(picker.one_of(values));
  // A second company is another company (values hold at least two).
  while (fillers.count(sibling) && fillers.at(sibling) == value) value = picker.one_of(values);
  fillers[name] = value;
}

// The {slot} names a template uses, in order.
std::vector<std::string> slots_in(std::string_view text) {
  std::vector<std::string> names;
  for (std::size_t open = text.find('{'); open != std::string_view::npos; open = text.find('{', open + 1)) {
    std::size_t close = text.find('}', open);
    if (close == std::string_view::npos) break;
    names.emplace_back(text.substr(open + 1, close - open - 1));
  }
  return names;
}

// `text` with every {slot} filled; slots not filled yet are drawn, so one
// story names one company throughout.
std::string render(std::string_view text, const Language& language, Fillers& fillers, Picker& picker) {
  std::string out;
  for (std::size_t at = 0; at < text.size(); ++at) {
    std::size_t close = text[at] == '{' ? text.find('}', at) : std::string_view::npos;
    if (close == std::string_view::npos) {
      out += text[at];
      continue;
    }
    std::string name(text.substr(at + 1, close - at - 1));
    if (!fillers.count(name)) draw(language, name, fillers, picker);
    out += fillers.at(name);
    at = close;
  }
  return edits::capitalized(std::move(out));
}

std::string joined(const std::vector<std::string>& parts, std::string_view separator) {
  std::string text;
  for (std::size_t i = 0; i < parts.size(); ++i) text += (i ? std::string(separator) : "") + parts[i];
  return text;
}

template <typename T>
void shuffle(std::vector<T>& values, Picker& picker) {
  for (std::size_t i = values.size(); i > 1; --i) std::swap(values[i - 1], values[picker.below(i)]);
}

// --- stories ------------------------------------------------------------

// What a story is written from: templates and the values filling them.
struct Draft {
  const Language* language = nullptr;
  std::size_t topic = 0;
  std::size_t headline = 0;
  std::vector<std::string_view> body;   // sentence templates after the lead
  std::vector<std::string_view> spare;  // the others: new paragraphs of wire updates
  Fillers fillers;
  std::optional<std::string> title;  // a look-alike's, instead of its headline's
  bool with_content = false;
};

struct StoryText {
  std::string title;
  std::vector<std::string> sentences;   // the lead first
  std::size_t summary_sentences = 1;    // how many open the summary
  std::vector<std::string> paragraphs;  // the content; empty without
};

const words::Topic& topic_of(const Draft& draft) { return draft.language->topics[draft.topic]; }
const words::Headline& headline_of(const Draft& draft) { return topic_of(draft).headlines[draft.headline]; }

Draft draft_story(const Language& language, bool with_content, Picker& picker,
                  std::optional<std::size_t> avoid_topic = std::nullopt) {
  Draft draft;
  draft.language = &language;
  draft.with_content = with_content;
  do {
    draft.topic = picker.below(language.topics.size());
  } while (avoid_topic && draft.topic == *avoid_topic);
  draft.headline = picker.below(topic_of(draft).headlines.size());
  std::vector<std::string_view> pool = topic_of(draft).sentences;
  pool.insert(pool.end(), language.general_sentences.begin(), language.general_sentences.end());
  shuffle(pool, picker);
  // A full text needs paragraphs; a summary-only story needs sentences
  // beyond its summary, which a copy may add.
  auto count = static_cast<std::size_t>(with_content ? picker.between(7, 10) : picker.between(4, 6));
  draft.body.assign(pool.begin(), pool.begin() + static_cast<std::ptrdiff_t>(count));
  draft.spare.assign(pool.begin() + static_cast<std::ptrdiff_t>(count), pool.end());
  return draft;
}

// The lead and one more sentence (so a copy can drop one), more up to 25
// words, sometimes one more while under 80; always one left over for a
// copy that adds a sentence.
std::size_t summary_length(const std::vector<std::string>& sentences, const Language& language, Picker& picker) {
  auto weight = [&](std::size_t count) {
    std::vector<std::string> first(sentences.begin(), sentences.begin() + static_cast<std::ptrdiff_t>(count));
    return edits::text_weight(joined(first, language.sentence_separator), language);
  };
  std::size_t count = std::min<std::size_t>(2, sentences.size() - 1);
  while (count + 1 < sentences.size() && weight(count) < 25) ++count;
  if (count + 2 < sentences.size() && weight(count + 1) <= 80 && picker.percent(55)) ++count;
  return count;
}

// The lead alone, then two sentences a paragraph.
std::vector<std::string> paragraphs_of(const std::vector<std::string>& sentences, const Language& language) {
  std::vector<std::string> paragraphs = {sentences[0]};
  for (std::size_t at = 1; at < sentences.size(); at += 2) {
    std::vector<std::string> pair(sentences.begin() + static_cast<std::ptrdiff_t>(at),
                                  sentences.begin() + static_cast<std::ptrdiff_t>(std::min(at + 2, sentences.size())));
    paragraphs.push_back(joined(pair, language.sentence_separator));
  }
  return paragraphs;
}

StoryText write_story(Draft& draft, Picker& picker) {
  const Language& language = *draft.language;
  StoryText text;
  text.title = draft.title ? *draft.title : render(headline_of(draft).title, language, draft.fillers, picker);
  text.sentences.push_back(render(headline_of(draft).lead, language, draft.fillers, picker));
  for (std::string_view sentence : draft.body)
    text.sentences.push_back(render(sentence, language, draft.fillers, picker));
  text.summary_sentences = summary_length(text.sentences, language, picker);
  if (draft.with_content) text.paragraphs = paragraphs_of(text.sentences, language);
  return text;
}

bool is_number(std::string_view value) { return !value.empty() && value[0] >= '0' && value[0] <= '9'; }

// The same story with one number or one name of its headline changed, in
// the headline and the body alike; nullopt if the headline has none.
std::optional<Draft> near_miss_of(const Draft& draft, bool number, Picker& picker) {
  std::vector<std::string> candidates;
  for (const auto& name : slots_in(headline_of(draft).title)) {
    const words::Slot& slot = find_slot(*draft.language, source_slot(name));
    if (slot.names_something && is_number(draft.fillers.at(name)) == number) candidates.push_back(name);
  }
  if (candidates.empty()) return std::nullopt;
  const std::string& name = picker.one_of(candidates);
  std::set<std::string> taken;
  for (const auto& [slot, value] : draft.fillers) taken.insert(value);
  const auto& values = find_slot(*draft.language, source_slot(name)).values;
  std::vector<std::string_view> free;
  std::copy_if(values.begin(), values.end(), std::back_inserter(free),
               [&](std::string_view value) { return !taken.count(std::string(value)); });
  if (free.empty()) return std::nullopt;
  Draft other = draft;
  other.fillers[name] = std::string(picker.one_of(free));
  return other;
}

// A headline nearly another story's ("Insight: … as talks stall") over a
// body of another topic: a different story that looks alike.
Draft lookalike_of(const Draft& draft, const std::string& title, Picker& picker) {
  Draft other = draft_story(*draft.language, draft.with_content, picker, draft.topic);
  std::string form(picker.one_of(draft.language->lookalike_forms));
  form.replace(form.find("{title}"), 7, title);
  other.title = edits::capitalized(form);
  return other;
}

// --- feeds --------------------------------------------------------------

// A feed while the corpus is written, with what its outlet's copies need.
struct FeedBuild {
  CorpusFeed feed;
  std::string credit;
  std::string host;
  std::string slug;
  bool english = true;
  bool chinese = false;
};

std::string slug_of_host(std::string host) {
  if (host.starts_with("www.")) host.erase(0, 4);
  if (host.ends_with(".example")) host.resize(host.size() - 8);
  std::replace(host.begin(), host.end(), '.', '-');
  return host;
}

std::vector<FeedBuild> make_feeds(const CorpusOptions& options) {
  std::vector<FeedBuild> feeds;
  const auto& outlets = words::outlets();
  for (int index = 0; index < options.feeds; ++index) {
    FeedBuild build;
    if (static_cast<std::size_t>(index) < outlets.size()) {
      const words::Outlet& outlet = outlets[static_cast<std::size_t>(index)];
      build = {{}, std::string(outlet.credit), std::string(outlet.host), "", outlet.english, outlet.chinese};
      build.feed.title = outlet.title;
    } else {
      // More feeds than outlets: regional outlets, every fourth in Chinese.
      std::string number = std::to_string(index + 1);
      bool chinese = index % 4 == 2;
      build = {{}, "Outlet " + number, "outlet" + number + ".example", "", !chinese, chinese};
      build.feed.title = chinese ? "地方新闻 " + number : "Regional Outlet " + number;
    }
    build.slug = slug_of_host(build.host);
    build.feed.path = "/feeds/" + build.slug + ".xml";
    build.feed.url = options.feed_base_url + build.feed.path;
    build.feed.site = "https://" + build.host + "/";
    build.feed.language = build.english && build.chinese ? "en,zh" : build.chinese ? "zh" : "en";
    feeds.push_back(std::move(build));
  }
  return feeds;
}

bool carries(const FeedBuild& feed, const Language& language) {
  return language.has_case ? feed.english : feed.chinese;
}

// --- copies -------------------------------------------------------------

enum class Role { kFirst, kRegular, kTeaser, kUpdate };

// A story while its copies are made.
struct StoryBuild {
  CorpusStory story;
  Draft draft;
  StoryText text;
  int teasers = 0;                           // later copies that must be teasers (look-alike teaser pairs)
  std::vector<std::string> protected_texts;  // names and numbers: no edit touches them
  std::chrono::sys_seconds published;
  std::string credit;  // of the outlet that published it first
};

// A copy while it is made: the canonical link its own varies.
struct Copy {
  CorpusItem item;
  Link clean;
  Role role = Role::kRegular;
};

std::string date_path(std::chrono::sys_seconds time, bool compact) {
  std::chrono::year_month_day day{std::chrono::floor<std::chrono::days>(time)};
  char text[48];
  std::snprintf(text, sizeof text, compact ? "%04d%02u%02u" : "%04d/%02u/%02u", static_cast<int>(day.year()),
                static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()));
  return text;
}

// "commerce-adds-3-chinese-firms-to"; Chinese headlines give none.
std::string slug_of_title(const std::string& title) {
  std::string slug;
  int words = 0;
  bool in_word = false;
  for (char c : title) {
    auto byte = static_cast<unsigned char>(c);
    bool letter = byte < 0x80 && std::isalnum(byte);
    if (letter && !in_word && words++ == 6) break;
    if (letter) slug += (!in_word && !slug.empty() ? "-" : "") + std::string(1, static_cast<char>(std::tolower(byte)));
    in_word = letter;
  }
  return slug;
}

// A link on `host` that only this story's copy `copy` has.
Link story_link(const StoryBuild& build, const std::string& host, int copy, Picker& picker) {
  const Language& language = *build.draft.language;
  std::string number = std::to_string(4100000 + build.story.id) + (copy ? "-" + std::to_string(copy) : "");
  std::string slug = slug_of_title(build.text.title);
  Link link;
  link.host = host;
  link.path = "/" + std::string(picker.one_of(language.sections)) + "/" +
              date_path(build.published, !language.has_case) + "/" +
              (language.has_case && !slug.empty() ? slug + "-" : "") + number;
  return link;
}

std::string summary_of(const StoryBuild& build, std::vector<std::size_t> sentences) {
  std::vector<std::string> parts;
  for (std::size_t index : sentences) parts.push_back(build.text.sentences[index]);
  return joined(parts, build.draft.language->sentence_separator);
}

std::vector<std::size_t> first_sentences(std::size_t count) {
  std::vector<std::size_t> indices(count);
  for (std::size_t i = 0; i < count; ++i) indices[i] = i;
  return indices;
}

std::string base_summary(const StoryBuild& build) {
  return summary_of(build, first_sentences(build.text.summary_sentences));
}

// A summary as another outlet runs it: the same, a word changed, a sentence
// more or fewer, or cut short.
std::string edited_summary(const StoryBuild& build, Picker& picker, std::vector<Kind>& kinds) {
  const Language& language = *build.draft.language;
  std::size_t count = build.text.summary_sentences;
  std::size_t roll = picker.below(100);
  // A copy that swaps a word for a synonym in both its headline and its
  // summary reads, to a judge without a thesaurus, exactly as another story
  // on the same template ("... exports of germanium" / "... of antimony" in
  // both): feedwatch keeps such pairs apart (a second alert rather than a
  // dropped story; README "How feedwatch decides..."), so no copy is made so.
  bool title_swapped = std::find(kinds.begin(), kinds.end(), Kind::kTitleWordReplaced) != kinds.end();
  if (roll >= 40 && roll < 55 && !title_swapped) {
    if (auto changed = edits::replace_synonym(base_summary(build), language, build.protected_texts, picker)) {
      kinds.push_back(Kind::kSummaryWordReplaced);
      return *changed;
    }
  } else if (roll >= 55 && roll < 70 && count + 1 <= build.text.sentences.size()) {
    kinds.push_back(Kind::kSummarySentenceAdded);
    return summary_of(build, first_sentences(count + 1));
  } else if (roll >= 70 && roll < 85 && count >= 2) {
    std::vector<std::size_t> kept = first_sentences(count);
    kept.erase(kept.begin() + 1 + static_cast<std::ptrdiff_t>(picker.below(count - 1)));
    kinds.push_back(Kind::kSummarySentenceDropped);
    return summary_of(build, kept);
  } else if (roll >= 85) {
    kinds.push_back(Kind::kSummaryCutShort);
    return edits::cut_short(base_summary(build), picker.between(55, 75), language);
  }
  kinds.push_back(Kind::kSummarySame);
  return base_summary(build);
}

// One headline edit of `kind`, or nullopt where it does not apply.
std::optional<std::string> title_edit(const StoryBuild& build, const std::string& title, Kind kind,
                                      const std::string& credit, Picker& picker) {
  const Language& language = *build.draft.language;
  switch (kind) {
    case Kind::kTitleWordReplaced:
      return edits::replace_synonym(title, language, build.protected_texts, picker);
    case Kind::kTitlePunctuation:
      return edits::change_punctuation(title, language, build.protected_texts);
    case Kind::kTitleQuotes:
      return edits::change_quotes(title);
    case Kind::kTitleCase:
      return edits::change_case(title, language);
    case Kind::kTitleTrailingPeriod:
      return edits::add_trailing_period(title, language);
    case Kind::kTitleDeskPrefix:
      return std::string(picker.one_of(language.desk_prefixes)) + title;
    case Kind::kTitleSourceSuffix:
      return title + std::string(picker.one_of(language.credit_separators)) + credit;
    default:
      return std::nullopt;
  }
}

// A headline as another outlet runs it: none, one or two of the edits that
// apply to it, made in the order an editor would (words, then marks, then
// labels around it).
std::string edited_title(const StoryBuild& build, const std::string& credit, Picker& picker, std::vector<Kind>& kinds) {
  static const std::vector<Kind> kEdits = {Kind::kTitleWordReplaced, Kind::kTitlePunctuation,    Kind::kTitleQuotes,
                                           Kind::kTitleCase,         Kind::kTitleTrailingPeriod, Kind::kTitleDeskPrefix,
                                           Kind::kTitleSourceSuffix};
  std::size_t roll = picker.below(100);
  std::size_t count = roll < 22 ? 0 : roll < 72 ? 1 : 2;
  std::vector<std::size_t> order(kEdits.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  shuffle(order, picker);
  std::vector<std::size_t> chosen;
  for (std::size_t index : order) {
    if (chosen.size() == count) break;
    if (title_edit(build, build.text.title, kEdits[index], credit, picker)) chosen.push_back(index);
  }
  std::sort(chosen.begin(), chosen.end());
  std::string title = build.text.title;
  bool ends_with_period = false;
  for (std::size_t index : chosen) {
    Kind kind = kEdits[index];
    // "Title. - Reuters" is no headline: a period or a credit, not both.
    if (kind == Kind::kTitleSourceSuffix && ends_with_period) continue;
    if (auto changed = title_edit(build, title, kind, credit, picker)) {
      title = *changed;
      kinds.push_back(kind);
      ends_with_period = ends_with_period || kind == Kind::kTitleTrailingPeriod;
    }
  }
  if (title == build.text.title) kinds.push_back(Kind::kTitleSame);
  return title;
}

// The link of a later copy: the outlet's own URL (a text join), or the
// first copy's (or another copy's) link as it is or in a variant.
std::pair<Link, Link> later_link(const StoryBuild& build, const std::vector<Copy>& earlier, const FeedBuild& feed,
                                 Role role, Picker& picker, std::vector<Kind>& kinds) {
  int copy_number = static_cast<int>(earlier.size());
  if (role != Role::kTeaser && picker.percent(35)) {
    Link own = story_link(build, feed.host, copy_number, picker);
    kinds.push_back(Kind::kLinkOtherHost);
    return {own, own};
  }
  std::vector<const Copy*> bases;
  for (const Copy& copy : earlier) {
    if (copy.role != Role::kTeaser) bases.push_back(&copy);
  }
  Link clean = picker.percent(70) ? earlier.front().clean : picker.one_of(bases)->clean;
  if (picker.percent(role == Role::kTeaser ? 25 : 23)) {
    kinds.push_back(Kind::kLinkSame);
    return {clean, clean};
  }
  const auto& variants = edits::link_variants();
  std::vector<std::size_t> chosen = {picker.below(variants.size())};
  if (picker.percent(22)) {
    std::size_t second = picker.below(variants.size());
    if (second != chosen[0]) chosen.push_back(second);
  }
  std::sort(chosen.begin(), chosen.end());
  Link varied = clean;
  for (std::size_t index : chosen) kinds.push_back(edits::vary_link(varied, variants[index], picker));
  return {clean, varied};
}

// New paragraphs of a wire update, from sentences the story has not used.
std::vector<std::string> update_paragraphs(StoryBuild& build, Picker& picker) {
  const Language& language = *build.draft.language;
  std::vector<std::string> paragraphs;
  std::size_t wanted = static_cast<std::size_t>(picker.between(1, 3));
  for (std::size_t at = 0; paragraphs.size() < wanted && at + 1 < build.draft.spare.size(); at += 2) {
    std::vector<std::string> pair = {render(build.draft.spare[at], language, build.draft.fillers, picker)};
    if (picker.percent(60)) pair.push_back(render(build.draft.spare[at + 1], language, build.draft.fillers, picker));
    paragraphs.push_back(joined(pair, language.sentence_separator));
  }
  return paragraphs;
}

// An earlier copy's content with new paragraphs after the lead or at the end.
std::vector<std::string> updated_content(StoryBuild& build, Picker& picker) {
  std::vector<std::string> content = build.text.paragraphs;
  std::vector<std::string> added = update_paragraphs(build, picker);
  auto at = picker.percent(40) ? content.begin() + 1 : content.end();
  content.insert(at, added.begin(), added.end());
  return content;
}

std::vector<std::string> some_categories(const StoryBuild& build, Picker& picker) {
  const auto& all = topic_of(build.draft).categories;
  if (picker.percent(50)) return {all.begin(), all.end()};
  return {std::string(picker.one_of(all))};
}

CorpusItem first_item(const StoryBuild& build, const FeedBuild& feed, const Link& link, Picker& picker) {
  CorpusItem item;
  item.guid = picker.percent(50) ? link.text() : feed.slug + "-" + std::to_string(4100000 + build.story.id);
  item.title = build.text.title;
  item.link = link.text();
  item.summary = base_summary(build);
  item.content = build.text.paragraphs;
  item.published = build.published;
  item.categories.assign(topic_of(build.draft).categories.begin(), topic_of(build.draft).categories.end());
  item.story = build.story.id;
  if (!item.content.empty()) item.kinds.push_back(Kind::kCarriesContent);
  return item;
}

// The headline of a wire update: mostly its "UPDATE 2-" label.
std::string update_title(const StoryBuild& build, const std::string& credit, Picker& picker, std::vector<Kind>& kinds) {
  if (!picker.percent(70)) return edited_title(build, credit, picker, kinds);
  kinds.push_back(Kind::kTitleDeskPrefix);
  return std::string(picker.one_of(build.draft.language->update_prefixes)) + build.text.title;
}

void write_body(CorpusItem& item, StoryBuild& build, Role role, Picker& picker) {
  const Language& language = *build.draft.language;
  if (role == Role::kTeaser) {
    item.summary = std::string(picker.one_of(language.boilerplate));
    item.kinds.push_back(Kind::kSummaryBoilerplate);
    return;
  }
  if (role == Role::kUpdate) {
    bool added = picker.percent(30);
    item.summary = added ? summary_of(build, first_sentences(build.text.summary_sentences + 1)) : base_summary(build);
    item.kinds.push_back(added ? Kind::kSummarySentenceAdded : Kind::kSummarySame);
    item.content = updated_content(build, picker);
    item.kinds.insert(item.kinds.end(), {Kind::kWireUpdate, Kind::kCarriesContent});
    return;
  }
  item.summary = edited_summary(build, picker, item.kinds);
  if (!build.text.paragraphs.empty() && picker.percent(60)) {
    item.content = build.text.paragraphs;
    item.kinds.push_back(Kind::kCarriesContent);
  }
}

Copy later_copy(StoryBuild& build, const std::vector<Copy>& earlier, const FeedBuild& feed, Role role, int wave,
                Picker& picker) {
  Copy copy;
  copy.role = role;
  CorpusItem& item = copy.item;
  item.story = build.story.id;
  item.wave = wave;
  auto [clean, link] = later_link(build, earlier, feed, role, picker, item.kinds);
  copy.clean = clean;
  item.link = link.text();
  // A source credit names the outlet the story came from.
  item.title = role == Role::kUpdate ? update_title(build, build.credit, picker, item.kinds)
                                     : edited_title(build, build.credit, picker, item.kinds);
  write_body(item, build, role, picker);
  bool kept = picker.percent(35);
  item.guid = kept ? earlier.front().item.guid
                   : feed.slug + "-" + std::to_string(4100000 + build.story.id) + "-" + std::to_string(earlier.size());
  item.kinds.push_back(kept ? Kind::kGuidKept : Kind::kGuidChanged);
  int delay = role == Role::kUpdate ? picker.between(60, 360) : picker.between(2, 180);
  item.published = build.published + std::chrono::minutes{delay};
  item.categories = some_categories(build, picker);
  return copy;
}

int copy_count(Picker& picker) {
  std::size_t roll = picker.below(100);
  return roll < 15 ? 1 : roll < 40 ? 2 : roll < 62 ? 3 : roll < 78 ? 4 : roll < 90 ? 5 : 6;
}

// Distinct feeds of the story's language, the first the story's own.
std::vector<std::size_t> carrying_feeds(const std::vector<FeedBuild>& feeds, const Language& language, int wanted,
                                        Picker& picker) {
  std::vector<std::size_t> eligible;
  for (std::size_t index = 0; index < feeds.size(); ++index) {
    if (carries(feeds[index], language)) eligible.push_back(index);
  }
  shuffle(eligible, picker);
  eligible.resize(std::min(eligible.size(), static_cast<std::size_t>(wanted)));
  return eligible;
}

// Where, as what and when one copy of a story appears.
struct CopyPlan {
  std::size_t feed = 0;
  Role role = Role::kRegular;
  int wave = 0;
};

// The first copy, then later ones: a few teasers, perhaps one wire update.
void assign_roles(std::vector<CopyPlan>& plans, const StoryBuild& build, Picker& picker) {
  std::size_t copies = plans.size();
  plans[0].role = Role::kFirst;
  for (std::size_t index = 1; index < copies; ++index) {
    if (picker.percent(7)) plans[index].role = Role::kTeaser;
  }
  for (int teaser = 0; teaser < build.teasers && copies > 1; ++teaser) {
    plans[1 + picker.below(copies - 1)].role = Role::kTeaser;
  }
  if (!build.text.paragraphs.empty() && copies > 1 && picker.percent(35)) {
    CopyPlan& chosen = plans[1 + picker.below(copies - 1)];
    if (chosen.role == Role::kRegular) chosen.role = Role::kUpdate;
  }
}

// Later copies never appear before the first; an update after it where
// there is a later wave.
void assign_waves(std::vector<CopyPlan>& plans, int waves, Picker& picker) {
  bool has_update =
      std::any_of(plans.begin(), plans.end(), [](const CopyPlan& plan) { return plan.role == Role::kUpdate; });
  int first = picker.between(0, std::max(0, waves - 1 - (has_update ? 1 : 0)));
  plans[0].wave = first;
  for (std::size_t index = 1; index < plans.size(); ++index) {
    int earliest = plans[index].role == Role::kUpdate ? std::min(first + 1, waves - 1) : first;
    plans[index].wave = picker.between(earliest, waves - 1);
  }
}

std::vector<CopyPlan> plan_copies(const StoryBuild& build, const std::vector<FeedBuild>& feeds, int waves,
                                  int minimum_copies, Picker& picker) {
  std::vector<CopyPlan> plans;
  for (std::size_t feed :
       carrying_feeds(feeds, *build.draft.language, std::max(minimum_copies, copy_count(picker)), picker)) {
    plans.push_back({feed});
  }
  assign_roles(plans, build, picker);
  assign_waves(plans, waves, picker);
  return plans;
}

void add_copies(StoryBuild& build, std::vector<FeedBuild>& feeds, int waves, int minimum_copies, Picker& picker) {
  std::vector<CopyPlan> plans = plan_copies(build, feeds, waves, minimum_copies, picker);
  const FeedBuild& home = feeds[plans[0].feed];
  build.credit = home.credit;
  std::vector<Copy> copies;
  Copy first;
  first.role = Role::kFirst;
  first.clean = story_link(build, home.host, 0, picker);
  first.item = first_item(build, home, first.clean, picker);
  first.item.wave = plans[0].wave;
  copies.push_back(std::move(first));
  for (std::size_t index = 1; index < plans.size(); ++index) {
    const CopyPlan& plan = plans[index];
    copies.push_back(later_copy(build, copies, feeds[plan.feed], plan.role, plan.wave, picker));
  }
  for (std::size_t index = 0; index < plans.size(); ++index) {
    feeds[plans[index].feed].feed.items.push_back(std::move(copies[index].item));
  }
  build.story.copies = static_cast<int>(plans.size());
  if (plans.size() == 1) build.story.kinds.push_back(Kind::kSingleCopy);
}

// --- planning -------------------------------------------------------------

enum class Plan { kRegular, kNearMissNumber, kNearMissName, kLookalike, kTeaserLookalike };

// Every pair kind a fixed share of the stories, so each occurs many times
// at any size; the order shuffled.
std::vector<Plan> plan_stories(const CorpusOptions& options, Picker& picker) {
  int near_miss = std::max(2, options.stories / 25);
  int lookalike = std::max(2, options.stories / 30);
  int teaser = std::max(2, options.stories / 50);
  std::vector<Plan> plans;
  for (int i = 0; i < near_miss; ++i) plans.push_back(i % 2 ? Plan::kNearMissName : Plan::kNearMissNumber);
  plans.insert(plans.end(), static_cast<std::size_t>(lookalike), Plan::kLookalike);
  plans.insert(plans.end(), static_cast<std::size_t>(teaser), Plan::kTeaserLookalike);
  int regular = options.stories - 2 * static_cast<int>(plans.size());
  plans.insert(plans.end(), static_cast<std::size_t>(std::max(0, regular)), Plan::kRegular);
  shuffle(plans, picker);
  return plans;
}

// Writes stories while keeping their headlines apart: two stories never
// share a headline (a near miss differs in a name or number, a look-alike
// in its label and clause).
class StoryWriter {
 public:
  StoryWriter(const CorpusOptions& options, Picker& picker) : options_(options), picker_(picker) {}

  std::vector<StoryBuild> write(Plan plan, int next_id) {
    const Language& language = picker_.percent(options_.chinese_percent) ? words::chinese() : words::english();
    bool with_content = picker_.percent(40);
    switch (plan) {
      case Plan::kRegular:
        return {build(next_id, fresh(language, with_content))};
      case Plan::kNearMissNumber:
        return near_miss_pair(next_id, language, with_content, true);
      case Plan::kNearMissName:
        return near_miss_pair(next_id, language, with_content, false);
      case Plan::kLookalike:
        return lookalike_pair(next_id, language, with_content, Kind::kLookalikeHeadline, 0);
      case Plan::kTeaserLookalike:
        // Teasers carry no text; both need another copy to share a link with.
        return lookalike_pair(next_id, language, false, Kind::kTeaserLookalikePair, 1);
    }
    return {};
  }

 private:
  // A draft whose headline no story has yet.
  std::pair<Draft, StoryText> fresh(const Language& language, bool with_content) {
    for (;;) {
      Draft draft = draft_story(language, with_content, picker_);
      StoryText text = write_story(draft, picker_);
      if (claim(text.title)) return {std::move(draft), std::move(text)};
    }
  }

  bool claim(const std::string& title) { return titles_.insert(edits::folded(title)).second; }

  StoryBuild build(int id, std::pair<Draft, StoryText> written) {
    StoryBuild story;
    story.story.id = id;
    story.draft = std::move(written.first);
    story.text = std::move(written.second);
    story.story.language = std::string(story.draft.language->code);
    story.story.title = story.text.title;
    if (!story.draft.language->has_case) story.story.kinds.push_back(Kind::kChineseStory);
    if (story.draft.with_content) story.story.kinds.push_back(Kind::kStoryWithContent);
    for (const auto& [slot, value] : story.draft.fillers) story.protected_texts.push_back(value);
    auto minutes_ago = std::chrono::minutes{picker_.between(420, 2820)};
    story.published = std::chrono::floor<std::chrono::seconds>(options_.now - minutes_ago);
    return story;
  }

  static void pair_up(StoryBuild& first, StoryBuild& second, Kind kind) {
    first.story.partner = second.story.id;
    second.story.partner = first.story.id;
    first.story.kinds.push_back(kind);
    second.story.kinds.push_back(kind);
  }

  std::vector<StoryBuild> near_miss_pair(int id, const Language& language, bool with_content, bool number) {
    for (;;) {
      auto [draft, text] = fresh(language, with_content);
      std::optional<Draft> other = near_miss_of(draft, number, picker_);
      if (!other) continue;
      StoryText other_text = write_story(*other, picker_);
      if (!claim(other_text.title)) continue;
      std::vector<StoryBuild> pair = {build(id, {std::move(draft), std::move(text)}),
                                      build(id + 1, {std::move(*other), std::move(other_text)})};
      pair_up(pair[0], pair[1], number ? Kind::kNearMissNumber : Kind::kNearMissName);
      return pair;
    }
  }

  std::vector<StoryBuild> lookalike_pair(int id, const Language& language, bool with_content, Kind kind, int teasers) {
    auto written = fresh(language, with_content);
    Draft other;
    StoryText other_text;
    do {
      other = lookalike_of(written.first, written.second.title, picker_);
      other_text = write_story(other, picker_);
    } while (!claim(other_text.title));
    std::vector<StoryBuild> pair = {build(id, std::move(written)),
                                    build(id + 1, {std::move(other), std::move(other_text)})};
    // The look-alike's headline holds the other story's names: no edit may change them.
    pair[1].protected_texts.insert(pair[1].protected_texts.end(), pair[0].protected_texts.begin(),
                                   pair[0].protected_texts.end());
    pair_up(pair[0], pair[1], kind);
    for (auto& story : pair) story.teasers = teasers;
    return pair;
  }

  const CorpusOptions& options_;
  Picker& picker_;
  std::set<std::string> titles_;
};

// --- off-topic items --------------------------------------------------------

void add_off_topic(FeedBuild& feed, const CorpusOptions& options, Picker& picker) {
  int count = picker.between(2, 5);
  for (int number = 0; number < count; ++number) {
    const Language& language =
        feed.english && (!feed.chinese || picker.percent(50)) ? words::english() : words::chinese();
    const words::Headline& headline = picker.one_of(language.off_topic);
    Fillers fillers;
    CorpusItem item;
    item.title = render(headline.title, language, fillers, picker);
    item.summary = render(headline.lead, language, fillers, picker);
    auto published =
        std::chrono::floor<std::chrono::seconds>(options.now - std::chrono::minutes{picker.between(60, 2880)});
    item.link = "https://" + feed.host + "/local/" + date_path(published, false) + "/item-" + std::to_string(number);
    item.guid = feed.slug + "-local-" + std::to_string(number);
    item.published = published;
    item.categories = {std::string(picker.one_of(language.off_topic_categories))};
    item.wave = picker.between(0, options.waves - 1);
    item.kinds = {Kind::kOffTopic};
    feed.feed.items.push_back(std::move(item));
  }
}

void sort_newest_first(CorpusFeed& feed) {
  std::sort(feed.items.begin(), feed.items.end(), [](const CorpusItem& a, const CorpusItem& b) {
    return a.published != b.published ? a.published > b.published : a.guid < b.guid;
  });
}

}  // namespace

Corpus generate(const CorpusOptions& options) {
  if (options.stories < 20 || options.feeds < 8 || options.waves < 1) {
    throw std::invalid_argument("syndication corpus: needs >= 20 stories, >= 8 feeds, >= 1 wave");
  }
  Picker picker(options.seed);
  std::vector<FeedBuild> feeds = make_feeds(options);
  StoryWriter writer(options, picker);
  Corpus corpus;
  corpus.options = options;
  for (Plan plan : plan_stories(options, picker)) {
    for (StoryBuild& build : writer.write(plan, static_cast<int>(corpus.stories.size()))) {
      int minimum = build.teasers > 0 ? 2 : 1;
      add_copies(build, feeds, options.waves, minimum, picker);
      corpus.stories.push_back(std::move(build.story));
    }
  }
  for (FeedBuild& feed : feeds) {
    add_off_topic(feed, options, picker);
    sort_newest_first(feed.feed);
    corpus.feeds.push_back(std::move(feed.feed));
  }
  return corpus;
}

std::size_t item_count(const Corpus& corpus) {
  std::size_t count = 0;
  for (const auto& feed : corpus.feeds) count += feed.items.size();
  return count;
}

std::vector<KindCount> count_kinds(const Corpus& corpus) {
  std::vector<KindCount> counts;
  for (const KindInfo& info : kind_table()) counts.push_back({info.kind, 0});
  auto count = [&](Kind kind) {
    for (auto& entry : counts) {
      if (entry.kind == kind) ++entry.count;
    }
  };
  for (const auto& story : corpus.stories) std::for_each(story.kinds.begin(), story.kinds.end(), count);
  for (const auto& feed : corpus.feeds) {
    for (const auto& item : feed.items) std::for_each(item.kinds.begin(), item.kinds.end(), count);
  }
  return counts;
}

}  // namespace feedwatch::testing::syndication
