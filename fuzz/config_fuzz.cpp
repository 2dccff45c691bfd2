// libFuzzer target for the configuration loader: every input is a
// configuration document, optionally followed by a line "---" and a rule
// file, both read from memory (the rule file is /fuzz/rules.yaml, the only
// file there is). The configuration is loaded and checked as `feedwatch
// check` does, its rules parsed, checked against its notifiers and
// compiled. Nothing may crash, hang, leak or take gigabytes; errors are fine.
#include <fnmatch.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "daemon/config/config_files.h"
#include "daemon/config/config_loader.h"
#include "daemon/config/rule_set_loader.h"

namespace {

using namespace feedwatch::config;
namespace fs = std::filesystem;

const fs::path kConfigPath = "/fuzz/feedwatch.yaml";
const fs::path kRulesPath = "/fuzz/rules.yaml";

// A file system holding one rule file: no input reaches the real one.
class MemoryFiles final : public ConfigFiles {
 public:
  explicit MemoryFiles(std::string_view rules) : rules_(rules) {}

  std::variant<std::string, FileError> read(const fs::path& path, std::size_t max_bytes) const override {
    if (path != kRulesPath) return FileError{"cannot be read"};
    if (rules_.size() > max_bytes) return FileError{"is larger than " + describe_size(max_bytes)};
    return std::string(rules_);
  }

  std::vector<fs::path> glob(const fs::path& pattern) const override {
    if (fnmatch(pattern.c_str(), kRulesPath.c_str(), FNM_PATHNAME | FNM_PERIOD) != 0) return {};
    return {kRulesPath};
  }

 private:
  std::string_view rules_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::size_t split = input.find("\n---\n");
  std::string_view config_text = input.substr(0, split);
  std::string_view rules_text = split == std::string_view::npos ? std::string_view() : input.substr(split + 5);
  MemoryFiles files(rules_text);

  ConfigLoadResult loaded = load_config_text(config_text, kConfigPath, files);
  for (const ConfigError& error : loaded.errors) (void)error.to_string();
  if (loaded.config.file.empty()) return 0;  // as `check`: nothing readable to go on with
  LoadedRuleSet rules = load_rule_set(loaded.config, RuleSetOptions{.files = &files});
  (void)rules.compiled;
  return 0;
}
