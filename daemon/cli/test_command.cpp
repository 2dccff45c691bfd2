#include "daemon/cli/test_command.h"

#include <unistd.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "common/closest_name.h"
#include "daemon/config/config_loader.h"
#include "daemon/config/rule_set_loader.h"
#include "daemon/fetch/document_loader.h"
#include "daemon/matching/entry_text.h"
#include "feed/feed_parser.h"

namespace feedwatch::cli {
namespace {

constexpr std::size_t kSnippetLength = 240;

struct Highlighter {
  std::string_view open;
  std::string_view close;
};

// Bold on a terminal; visible markers when piped, so highlights survive.
Highlighter highlighter_for_stdout() {
  if (isatty(STDOUT_FILENO)) return {"\033[1;33m", "\033[0m"};
  return {"**", "**"};
}

std::optional<config::LoadedRuleSet> load_rules(const std::string& config_path) {
  auto loaded = config::load_config(config_path);
  for (const auto& error : loaded.errors) std::cerr << "warning: " << error.to_string() << "\n";
  if (loaded.config.file.empty()) return std::nullopt;
  auto rule_set = config::load_rule_set(loaded.config, {.check_notifiers = false});
  for (const auto& problem : rule_set.problems) std::cerr << "warning: " << problem << "\n";
  if (!rule_set.compiled) return std::nullopt;
  return rule_set;
}

std::optional<feed::Feed> load_feed(const std::string& source) {
  auto loaded = fetch::load_document(source, fetch::LoadOptions{});
  if (auto* failure = std::get_if<fetch::LoadFailure>(&loaded)) {
    std::cerr << "feedwatch test: " << failure->message << "\n";
    return std::nullopt;
  }
  auto parsed = feed::parse_feed(std::get<fetch::LoadedDocument>(loaded).view());
  if (auto* failure = std::get_if<feed::ParseFailure>(&parsed)) {
    std::cerr << "feedwatch test: " << source << ": " << failure->message << "\n";
    return std::nullopt;
  }
  auto& result = std::get<feed::Feed>(parsed);
  for (const auto& error : result.errors) std::cerr << "warning: " << source << ": " << error << "\n";
  return std::move(result);
}

// The part of a long text around its first highlight, so a match deep in an
// article still shows why it fired.
std::string snippet(std::string_view text, const std::vector<rules::MatchedSpan>& spans,
                    rules::Field field) {
  std::size_t start = 0;
  for (const auto& span : spans) {
    if (span.field == field) {
      start = span.begin > kSnippetLength / 3 ? span.begin - kSnippetLength / 3 : 0;
      break;
    }
  }
  while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
  std::size_t end = std::min(text.size(), start + kSnippetLength);
  while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
  std::vector<rules::MatchedSpan> shifted;
  for (auto span : spans) {
    if (span.field != field || span.begin < start || span.end > end) continue;
    span.begin -= start;
    span.end -= start;
    shifted.push_back(span);
  }
  std::string shown = rules::highlight(text.substr(start, end - start), shifted, field, 0,
                                       highlighter_for_stdout().open, highlighter_for_stdout().close);
  return (start > 0 ? "…" : "") + shown + (end < text.size() ? "…" : "");
}

void print_human(const feed::Entry& entry, const rules::RuleMatch& match) {
  auto marks = highlighter_for_stdout();
  std::string title = entry.title.value_or("(untitled)");
  std::cout << match.rule_name << ": "
            << rules::highlight(title, match.spans, rules::Field::kTitle, 0, marks.open, marks.close)
            << "\n  " << entry.link.value_or(entry.id) << "\n  matched: ";
  for (std::size_t i = 0; i < match.matched_terms.size(); ++i) {
    std::cout << (i ? ", " : "") << match.matched_terms[i];
  }
  if (match.matched_terms.empty()) std::cout << "(fired through NOT only)";
  std::cout << "\n";
  const std::pair<const std::optional<std::string>*, rules::Field> bodies[] = {
      {&entry.summary, rules::Field::kSummary}, {&entry.content, rules::Field::kContent}};
  for (const auto& [text, field] : bodies) {
    bool has_span = false;
    for (const auto& span : match.spans) has_span = has_span || span.field == field;
    if (*text && has_span) {
      std::cout << "  " << rules::field_name(field) << ": " << snippet(**text, match.spans, field) << "\n";
    }
  }
  std::cout << "\n";
}

void print_json(const feed::Entry& entry, const rules::RuleMatch& match) {
  // ordered_json keeps SPEC §1's key order, which people scanning the output expect.
  using Json = nlohmann::ordered_json;
  Json line = {{"rule", match.rule_name},
               {"entry_id", entry.id},
               {"title", entry.title ? Json(*entry.title) : Json()},
               {"link", entry.link ? Json(*entry.link) : Json()},
               {"matched", match.matched_terms}};
  std::cout << line.dump(-1, ' ', false, Json::error_handler_t::replace) << "\n";
}

bool rule_exists(const config::LoadedRuleSet& rule_set, const std::string& name) {
  std::vector<std::string_view> names;
  for (const auto& rule : rule_set.rules) {
    if (rule.name == name) return true;
    names.push_back(rule.name);
  }
  std::cerr << "feedwatch test: no rule named '" << name << "'" << did_you_mean(name, names)
            << "\n";
  return false;
}

}  // namespace

int run_test_command(const TestCommandOptions& options) {
  auto rule_set = load_rules(options.config_path);
  if (!rule_set) {
    std::cerr << "feedwatch test: the rules could not be loaded; run `feedwatch check`\n";
    return 1;
  }
  if (!options.rule_name.empty() && !rule_exists(*rule_set, options.rule_name)) return 1;
  auto parsed = load_feed(options.source);
  if (!parsed) return 1;
  std::vector<std::string_view> feed_names;
  if (parsed->title) feed_names.push_back(*parsed->title);
  rules::MatchScratch scratch(*rule_set->compiled);
  std::size_t match_count = 0;
  for (const auto& entry : parsed->entries) {
    auto text = matching::entry_text_of(entry, feed_names);
    for (const auto& match : rules::match_entry(*rule_set->compiled, text, scratch, {.spans = true})) {
      if (!options.rule_name.empty() && match.rule_name != options.rule_name) continue;
      ++match_count;
      options.json ? print_json(entry, match) : print_human(entry, match);
    }
  }
  if (!options.json) {
    std::cout << match_count << (match_count == 1 ? " match" : " matches") << " in "
              << parsed->entries.size() << " entries\n";
  }
  return 0;
}

}  // namespace feedwatch::cli
