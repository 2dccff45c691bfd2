// Reads typed values out of a yaml-cpp tree while collecting every problem as
// a ConfigError with FILE:LINE:COL, so one pass reports all mistakes at once.
// Strings have ${env:}/${file:}/${credential:} references expanded, within
// one budget per reader (that is, per load).
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/quantity.h"
#include "daemon/config/config_error.h"
#include "daemon/config/reference_expander.h"

namespace feedwatch::config {

class YamlReader {
 public:
  YamlReader(std::string file, std::vector<ConfigError>& errors, const ConfigFiles& files = system_files())
      : file_(std::move(file)), references_{parent_folder(file_), &files}, errors_(errors) {}

  const std::string& file() const { return file_; }
  void error(const YAML::Node& at, std::string message);

  // Checks that `node` is a mapping; reports otherwise.
  bool expect_map(const YAML::Node& node, std::string_view what);
  // Reports each key not in `known`, with a "did you mean" when one is close.
  void reject_unknown_keys(const YAML::Node& map, const std::vector<std::string_view>& known,
                           std::string_view where);

  std::optional<std::string> read_string(const YAML::Node& node, std::string_view what);
  std::optional<std::string> read_choice(const YAML::Node& node, std::string_view what,
                                         const std::vector<std::string_view>& choices);
  std::optional<std::vector<std::string>> read_string_list(const YAML::Node& node,
                                                           std::string_view what);
  std::optional<Milliseconds> read_duration(const YAML::Node& node, std::string_view what);
  std::optional<std::uint64_t> read_byte_size(const YAML::Node& node, std::string_view what);
  std::optional<int> read_positive_int(const YAML::Node& node, std::string_view what);
  std::optional<bool> read_bool(const YAML::Node& node, std::string_view what);

 private:
  std::optional<std::string> scalar(const YAML::Node& node, std::string_view what);

  static std::string parent_folder(const std::string& file) {
    auto slash = file.rfind('/');
    return slash == std::string::npos ? std::string(".") : file.substr(0, slash);
  }

  std::string file_;
  ReferenceContext references_;  // anchors relative ${file:...} references; bounds what they expand to
  std::vector<ConfigError>& errors_;
};

}  // namespace feedwatch::config
