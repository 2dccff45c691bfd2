#include "rules/rule_file.h"

#include <array>
#include <map>
#include <unordered_map>
#include <yaml-cpp/yaml.h>

#include "common/closest_name.h"
#include "common/quantity.h"
#include "rules/query_parser.h"
#include "rules/yaml_alias_budget.h"

namespace feedwatch::rules {
namespace {

const std::vector<std::string_view> kRuleKeys{"name", "description", "query", "exclude", "feeds",
                                              "severity", "notify", "group", "digest"};
const std::vector<std::string_view> kTopLevelKeys{"rules"};
const std::vector<std::string_view> kSeverityNames{"info", "low", "medium", "high", "critical"};

int code_point_column(std::string_view line, std::size_t byte_column) {
  int column = 1;
  for (std::size_t i = 0; i < byte_column && i < line.size(); ++i) {
    if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++column;
  }
  return column + static_cast<int>(byte_column > line.size() ? byte_column - line.size() : 0);
}

std::size_t indentation(std::string_view line) {
  std::size_t spaces = 0;
  while (spaces < line.size() && (line[spaces] == ' ' || line[spaces] == '\t')) ++spaces;
  return spaces;
}

// The document's lines, to turn yaml-cpp marks (0-based, byte columns) into
// 1-based character positions, and positions inside a scalar into positions
// in the file.
class SourceText {
 public:
  SourceText(std::string_view text, std::string_view file) : file_(file) {
    std::size_t start = 0;
    while (start <= text.size()) {
      std::size_t end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      std::string_view line = text.substr(start, end - start);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      lines_.push_back(line);
      start = end + 1;
    }
  }

  SourceLocation at(int line, std::size_t byte_column) const {
    if (line < 0) return SourceLocation{file_, 1, 1};
    std::string_view text = static_cast<std::size_t>(line) < lines_.size() ? lines_[line] : std::string_view();
    return SourceLocation{file_, line + 1, code_point_column(text, byte_column)};
  }

  SourceLocation at(const YAML::Mark& mark) const {
    return at(mark.line, mark.column < 0 ? 0 : static_cast<std::size_t>(mark.column));
  }

  // Where byte `offset` of a scalar's value stands in the file. Exact for
  // single-line scalars and literal blocks; for folded or multi-line scalars
  // each source line is taken to contribute its text plus one separator.
  SourceLocation in_value(const YAML::Mark& mark, std::size_t offset) const {
    std::vector<Segment> segments = value_segments(mark);
    for (std::size_t i = 0; i < segments.size(); ++i) {
      if (offset <= segments[i].length || i + 1 == segments.size()) {
        // Past the last line is the block's final line break: the end of that line.
        std::size_t within = i + 1 == segments.size() && i > 0 ? std::min(offset, segments[i].length) : offset;
        return at(segments[i].line, segments[i].column + within);
      }
      offset -= segments[i].length + 1;
    }
    return at(mark);
  }

 private:
  struct Segment {
    int line;
    std::size_t column;
    std::size_t length;
  };

  std::string_view line(int index) const {
    return index >= 0 && static_cast<std::size_t>(index) < lines_.size() ? lines_[index] : std::string_view();
  }

  std::vector<Segment> value_segments(const YAML::Mark& mark) const {
    std::string_view first = line(mark.line);
    auto column = static_cast<std::size_t>(std::max(mark.column, 0));
    char style = column < first.size() ? first[column] : ' ';
    std::vector<Segment> segments;
    int next_line = mark.line + 1;
    if (style == '>' || style == '|') {
      std::size_t indent = block_indentation(next_line);
      for (int index = next_line; index < static_cast<int>(lines_.size()); ++index) {
        std::string_view text = line(index);
        if (indentation(text) < indent && indentation(text) < text.size()) break;
        std::size_t start = std::min(indent, text.size());
        segments.push_back({index, start, text.size() - start});
      }
      while (!segments.empty() && segments.back().length == 0) segments.pop_back();
      if (!segments.empty()) return segments;
    }
    std::size_t start = column + ((style == '"' || style == '\'') ? 1 : 0);
    segments.push_back({mark.line, start, first.size() > start ? first.size() - start : 0});
    for (int index = next_line; index < static_cast<int>(lines_.size()); ++index) {
      std::string_view text = line(index);
      segments.push_back({index, indentation(text), text.size() - indentation(text)});
    }
    return segments;
  }

  std::size_t block_indentation(int from) const {
    for (int index = from; index < static_cast<int>(lines_.size()); ++index) {
      std::string_view text = line(index);
      if (indentation(text) < text.size()) return indentation(text);
    }
    return 0;
  }

  std::string file_;
  std::vector<std::string_view> lines_;
};

YAML::Mark best_mark(const YAML::Node& value, const YAML::Node& key) {
  // A missing value ("query:" and nothing) has no place of its own: point at the key.
  return value.Mark().is_null() || value.IsNull() ? key.Mark() : value.Mark();
}

// Reads the rules of one document into a RuleFileResult, one key at a time.
class RuleFileReader {
 public:
  RuleFileReader(const SourceText& source, const RuleFileOptions& options, RuleFileResult& result)
      : source_(source), options_(options), result_(result) {}

  void read_document(const YAML::Node& root) {
    if (!root || root.IsNull()) return;
    if (!root.IsMap()) return error(root.Mark(), "expected a map with a 'rules' list");
    std::set<std::string> seen;
    for (auto it = root.begin(); it != root.end(); ++it) {
      std::string key = it->first.IsScalar() ? it->first.Scalar() : "";
      if (!seen.insert(key).second) {
        error(it->first.Mark(), "duplicate key '" + key + "'");
      } else if (key == "rules") {
        read_rules(it->second, it->first);
      } else {
        error(it->first.Mark(), "unknown key '" + key + "'" + did_you_mean(key, kTopLevelKeys));
      }
    }
  }

 private:
  using Handler = void (RuleFileReader::*)(const YAML::Node& key, const YAML::Node& value, Rule& rule);

  void error(const YAML::Mark& mark, std::string message) { error(source_.at(mark), std::move(message)); }
  void error(SourceLocation location, std::string message) {
    result_.diagnostics.push_back(Diagnostic{std::move(location), std::move(message)});
  }

  // "rule 'x': " once the rule's name is known, so every message names it.
  std::string about(const Rule& rule) const { return rule.name.empty() ? "" : "rule '" + rule.name + "': "; }

  void read_rules(const YAML::Node& rules, const YAML::Node& key) {
    if (rules.IsNull()) return;
    if (!rules.IsSequence()) return error(best_mark(rules, key), "'rules' must be a list of rules");
    for (const YAML::Node& item : rules) read_rule(item);
  }

  void read_rule(const YAML::Node& item) {
    if (!item.IsMap()) return error(item.Mark(), "each rule must be a map with at least 'name' and 'query'");
    std::size_t errors_before = result_.diagnostics.size();
    Rule rule;
    rule.location = source_.at(item.Mark());
    if (item["name"] && item["name"].IsScalar()) rule.name = item["name"].Scalar();
    std::set<std::string> seen;
    for (auto it = item.begin(); it != item.end(); ++it) read_key(it->first, it->second, rule, seen);
    check_required(item, rule, seen);
    if (result_.diagnostics.size() == errors_before) result_.rules.push_back(std::move(rule));
  }

  void read_key(const YAML::Node& key, const YAML::Node& value, Rule& rule, std::set<std::string>& seen) {
    static const std::map<std::string, Handler> kHandlers{
        {"name", &RuleFileReader::read_name},         {"description", &RuleFileReader::read_description},
        {"query", &RuleFileReader::read_query},       {"exclude", &RuleFileReader::read_exclude},
        {"feeds", &RuleFileReader::read_feeds},       {"severity", &RuleFileReader::read_severity},
        {"notify", &RuleFileReader::read_notify},     {"group", &RuleFileReader::read_group},
        {"digest", &RuleFileReader::read_digest}};
    std::string name = key.IsScalar() ? key.Scalar() : "";
    if (!seen.insert(name).second) return error(key.Mark(), about(rule) + "duplicate key '" + name + "'");
    auto handler = kHandlers.find(name);
    if (handler == kHandlers.end()) {
      return error(key.Mark(), about(rule) + "unknown key '" + name + "'" + did_you_mean(name, kRuleKeys));
    }
    (this->*handler->second)(key, value, rule);
  }

  void check_required(const YAML::Node& item, const Rule& rule, const std::set<std::string>& seen) {
    if (!seen.count("name")) error(item.Mark(), "rule is missing 'name'");
    if (!seen.count("query")) error(item.Mark(), about(rule) + "missing 'query'");
    if (rule.group && rule.digest) {
      error(best_mark(item["digest"], item), about(rule) + "use either 'group' or 'digest', not both");
    }
  }

  // A scalar string value, or an error saying what `key` should be.
  std::optional<std::string> expect_string(const YAML::Node& key, const YAML::Node& value, const Rule& rule) {
    if (value.IsScalar()) return value.Scalar();
    error(best_mark(value, key), about(rule) + "'" + key.Scalar() + "' must be a string");
    return std::nullopt;
  }

  std::optional<std::vector<std::string>> expect_string_list(const YAML::Node& key, const YAML::Node& value,
                                                             const Rule& rule) {
    if (!value.IsSequence()) {
      error(best_mark(value, key), about(rule) + "'" + key.Scalar() + "' must be a list of strings, as in [a, b]");
      return std::nullopt;
    }
    std::vector<std::string> items;
    for (const YAML::Node& item : value) {
      if (!item.IsScalar() || item.Scalar().empty()) {
        error(item.Mark(), about(rule) + "each item of '" + key.Scalar() + "' must be a non-empty string");
        return std::nullopt;
      }
      items.push_back(item.Scalar());
    }
    return items;
  }

  void read_name(const YAML::Node& key, const YAML::Node& value, Rule& rule) {
    auto name = expect_string(key, value, rule);
    if (name && name->empty()) error(best_mark(value, key), "'name' must not be empty");
  }

  void read_description(const YAML::Node& key, const YAML::Node& value, Rule& rule) {
    if (auto text = expect_string(key, value, rule)) rule.description = *text;
  }

  std::optional<Query> parse_query_value(const YAML::Node& key, const YAML::Node& value, const Rule& rule) {
    auto text = expect_string(key, value, rule);
    if (!text) return std::nullopt;
    auto query = parse_query(*text);
    if (!query) {
      error(source_.in_value(value.Mark(), query.error().offset),
            about(rule) + "invalid '" + key.Scalar() + "': " + query.error().message);
      return std::nullopt;
    }
    return std::move(*query);
  }

  void record_regexes(const QueryNode& node, const YAML::Node& value, Rule& rule) const {
    if (node.kind == NodeKind::kRegex) rule.regexes.push_back({node.regex, source_.in_value(value.Mark(), node.offset)});
    for (const QueryNode& child : node.children) record_regexes(child, value, rule);
  }

  void read_query(const YAML::Node& key, const YAML::Node& value, Rule& rule) {
    if (auto query = parse_query_value(key, value, rule)) {
      record_regexes(query->root, value, rule);
      rule.query_text = query->text;
      rule.query = std::move(*query);
    }
  }

  void read_exclude(const YAML::Node& key, const YAML::Node& value, Rule& rule) {
    if (auto query = parse_query_value(key, value, rule)) {
      record_regexes(query->root, value, rule);
      rule.exclude = std::move(*query);
    }
  }

  void read_feeds(const YAML::Node& key, const YAML::Node& value, Rule& rule) {
    if (auto feeds = expect_string_list(key, value, rule)) rule.feeds = std::move(*feeds);
  }

  void read_severity(const YAML::Node& key, const YAML::Node& value, Rule& rule) {
    auto text = expect_string(key, value, rule);
    if (!text) return;
    for (std::size_t i = 0; i < kSeverityNames.size(); ++i) {
      if (*text == kSeverityNames[i]) {
        rule.severity = static_cast<Severity>(i);
        return;
      }
    }
    error(value.Mark(), about(rule) + "unknown severity '" + *text + "'; use info, low, medium, high or critical" +
                            did_you_mean(*text, kSeverityNames));
  }

  void read_notify(const YAML::Node& key, const YAML::Node& value, Rule& rule) {
    auto names = expect_string_list(key, value, rule);
    if (!names) return;
    rule.notify = *names;
    if (options_.notifiers == nullptr) return;
    std::vector<std::string_view> known(options_.notifiers->begin(), options_.notifiers->end());
    std::size_t index = 0;
    for (const YAML::Node& item : value) {
      const std::string& name = (*names)[index++];
      if (options_.notifiers->count(name)) continue;
      error(item.Mark(), about(rule) + "unknown notifier '" + name + "'" + did_you_mean(name, known) +
                             "; define it under 'notifiers:' in the config");
    }
  }

  void read_group(const YAML::Node& key, const YAML::Node& value, Rule& rule) {
    auto text = expect_string(key, value, rule);
    if (!text) return;
    auto duration = parse_duration(*text);
    if (!duration) {
      return error(value.Mark(), about(rule) + "'group': invalid duration '" + *text +
                                     "'; use a number above zero and a unit, as in 500ms, 30s, 15m, 2h, 7d");
    }
    rule.group = *duration;
  }

  void read_digest(const YAML::Node& key, const YAML::Node& value, Rule& rule) {
    auto text = expect_string(key, value, rule);
    if (!text) return;
    auto digest = parse_digest(*text);
    if (!digest) return error(value.Mark(), about(rule) + digest.error());
    rule.digest = *digest;
    rule.digest_location = source_.at(value.Mark());
  }

  const SourceText& source_;
  const RuleFileOptions& options_;
  RuleFileResult& result_;
};

void parse_into(std::string_view text, std::string_view file, const RuleFileOptions& options,
                RuleFileResult& result) {
  SourceText source(text, file);
  YAML::Node root;
  try {
    if (auto problem = find_alias_amplification(text)) {
      result.diagnostics.push_back(Diagnostic{source.at(problem->mark), problem->message});
      return;
    }
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& failure) {
    // yaml-cpp reports syntax errors only by exception; turn it into a value here.
    result.diagnostics.push_back(Diagnostic{source.at(failure.mark), "invalid YAML: " + failure.msg});
    return;
  }
  RuleFileReader(source, options, result).read_document(root);
}

}  // namespace

std::string_view severity_name(Severity severity) { return kSeverityNames[static_cast<std::size_t>(severity)]; }

std::string Diagnostic::to_string() const {
  return location.file + ":" + std::to_string(location.line) + ":" + std::to_string(location.column) + ": " + message;
}

RuleFileResult parse_rule_file(std::string_view text, std::string_view file, const RuleFileOptions& options) {
  return parse_rule_files({RuleDocument{std::string(file), std::string(text)}}, options);
}

RuleFileResult parse_rule_files(const std::vector<RuleDocument>& documents, const RuleFileOptions& options) {
  RuleFileResult result;
  for (const RuleDocument& document : documents) parse_into(document.text, document.file, options, result);
  std::vector<Diagnostic> duplicates = find_duplicate_rule_names(result.rules);
  result.diagnostics.insert(result.diagnostics.end(), duplicates.begin(), duplicates.end());
  return result;
}

std::vector<Diagnostic> find_duplicate_rule_names(const std::vector<Rule>& rules) {
  std::unordered_map<std::string, const Rule*> first_by_name;
  std::vector<Diagnostic> duplicates;
  for (const Rule& rule : rules) {
    auto [first, inserted] = first_by_name.try_emplace(rule.name, &rule);
    if (inserted) continue;
    const SourceLocation& where = first->second->location;
    duplicates.push_back(Diagnostic{rule.location, "duplicate rule name '" + rule.name + "' (first defined at " +
                                                       where.file + ":" + std::to_string(where.line) + ":" +
                                                       std::to_string(where.column) + ")"});
  }
  return duplicates;
}

std::vector<RuleDefinition> rule_definitions(const std::vector<Rule>& rules) {
  std::vector<RuleDefinition> definitions;
  definitions.reserve(rules.size());
  for (const Rule& rule : rules) definitions.push_back(RuleDefinition{rule.name, rule.query, rule.exclude});
  return definitions;
}

}  // namespace feedwatch::rules
