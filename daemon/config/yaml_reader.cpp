#include "daemon/config/yaml_reader.h"

#include <charconv>

#include "common/closest_name.h"

namespace feedwatch::config {

void YamlReader::error(const YAML::Node& at, std::string message) {
  YAML::Mark mark = at.Mark();  // 0-based; -1 for nodes yaml-cpp made up
  int line = mark.line >= 0 ? mark.line + 1 : 0;
  int column = mark.column >= 0 ? mark.column + 1 : 0;
  errors_.push_back({file_, line, column, std::move(message)});
}

bool YamlReader::expect_map(const YAML::Node& node, std::string_view what) {
  if (node.IsMap()) return true;
  error(node, std::string(what) + " must be a mapping of keys to values");
  return false;
}

void YamlReader::reject_unknown_keys(const YAML::Node& map,
                                     const std::vector<std::string_view>& known,
                                     std::string_view where) {
  for (const auto& pair : map) {
    std::string key = pair.first.Scalar();
    bool is_known = false;
    for (auto candidate : known) is_known = is_known || candidate == key;
    if (!is_known) {
      error(pair.first, "unknown key '" + key + "' in " + std::string(where) +
                            did_you_mean(key, known));
    }
  }
}

std::optional<std::string> YamlReader::scalar(const YAML::Node& node, std::string_view what) {
  if (node.IsScalar()) return node.Scalar();
  error(node, std::string(what) + " must be a single value, not a " +
                  (node.IsMap() ? "mapping" : node.IsSequence() ? "list" : "null"));
  return std::nullopt;
}

std::optional<std::string> YamlReader::read_string(const YAML::Node& node, std::string_view what) {
  auto text = scalar(node, what);
  if (!text) return std::nullopt;
  auto expanded = expand_references(*text, references_);
  if (auto* failure = std::get_if<ExpansionError>(&expanded)) {
    error(node, std::string(what) + ": " + failure->message);
    return std::nullopt;
  }
  return std::get<std::string>(std::move(expanded));
}

std::optional<std::string> YamlReader::read_choice(const YAML::Node& node, std::string_view what,
                                                   const std::vector<std::string_view>& choices) {
  auto text = scalar(node, what);
  if (!text) return std::nullopt;
  for (auto choice : choices) {
    if (choice == *text) return text;
  }
  std::string list;
  for (auto choice : choices) list += (list.empty() ? "" : " | ") + std::string(choice);
  error(node, std::string(what) + " is '" + *text + "'; expected one of " + list +
                  did_you_mean(*text, choices));
  return std::nullopt;
}

std::optional<std::vector<std::string>> YamlReader::read_string_list(const YAML::Node& node,
                                                                     std::string_view what) {
  if (!node.IsSequence()) {
    error(node, std::string(what) + " must be a list, e.g. [a, b]");
    return std::nullopt;
  }
  std::vector<std::string> items;
  bool all_good = true;
  for (const auto& item : node) {
    auto text = read_string(item, what);
    all_good = all_good && text.has_value();
    if (text) items.push_back(std::move(*text));
  }
  if (!all_good) return std::nullopt;
  return items;
}

std::optional<Milliseconds> YamlReader::read_duration(const YAML::Node& node,
                                                      std::string_view what) {
  auto text = scalar(node, what);
  if (!text) return std::nullopt;
  auto duration = parse_duration(*text);
  if (!duration) {
    error(node, std::string(what) + " is '" + *text +
                    "'; write a duration such as 500ms, 30s, 15m, 2h or 7d");
  }
  return duration;
}

std::optional<std::uint64_t> YamlReader::read_byte_size(const YAML::Node& node,
                                                        std::string_view what) {
  auto text = scalar(node, what);
  if (!text) return std::nullopt;
  auto size = parse_byte_size(*text);
  if (!size || *size == 0) {
    error(node, std::string(what) + " is '" + *text + "'; write a size such as 512KiB or 10MiB");
    return std::nullopt;
  }
  return size;
}

std::optional<int> YamlReader::read_positive_int(const YAML::Node& node, std::string_view what) {
  auto text = scalar(node, what);
  if (!text) return std::nullopt;
  int value = 0;
  auto [end, failure] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (failure != std::errc() || end != text->data() + text->size() || value <= 0) {
    error(node, std::string(what) + " is '" + *text + "'; expected a whole number above 0");
    return std::nullopt;
  }
  return value;
}

std::optional<bool> YamlReader::read_bool(const YAML::Node& node, std::string_view what) {
  auto text = scalar(node, what);
  if (!text) return std::nullopt;
  if (*text == "true") return true;
  if (*text == "false") return false;
  error(node, std::string(what) + " is '" + *text + "'; expected true or false");
  return std::nullopt;
}

}  // namespace feedwatch::config
