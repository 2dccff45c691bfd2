#include "daemon/cli/check_command.h"

#include <iostream>

#include "daemon/config/config_loader.h"
#include "daemon/config/rule_set_loader.h"

namespace feedwatch::cli {
namespace {

// A scope entry that names no configured feed is legal (the feed may be added
// later) but usually a typo, so it is worth a warning.
void warn_about_unmatched_scopes(const config::Config& config,
                                 const std::vector<rules::Rule>& rules) {
  for (const auto& rule : rules) {
    for (const auto& scope : rule.feeds) {
      bool matched = false;
      for (const auto& feed : config.feeds) {
        for (const auto& tag : feed.tags) matched = matched || scope == "tag:" + tag;
        matched = matched || scope == feed.url || (feed.name && scope == *feed.name);
      }
      if (!matched) {
        std::cout << rules::Diagnostic{rule.location, "warning: rule " + rule.name +
                                                          ": feeds entry '" + scope +
                                                          "' names no configured feed or tag"}
                         .to_string()
                  << "\n";
      }
    }
  }
}

}  // namespace

int run_check_command(const std::string& config_path) {
  auto loaded = config::load_config(config_path);
  for (const auto& error : loaded.errors) std::cout << error.to_string() << "\n";
  if (loaded.config.file.empty()) return 1;  // nothing readable to go on with
  auto rule_set = config::load_rule_set(loaded.config);
  for (const auto& problem : rule_set.problems) std::cout << problem << "\n";
  warn_about_unmatched_scopes(loaded.config, rule_set.rules);
  std::size_t problems = loaded.errors.size() + rule_set.problems.size();
  if (problems > 0) {
    std::cout << problems << (problems == 1 ? " problem" : " problems") << " found\n";
    return 1;
  }
  std::cout << loaded.config.file.string() << ": OK (" << loaded.config.feeds.size()
            << " feeds, " << rule_set.rules.size() << " rules, " << loaded.config.notifiers.size()
            << " notifiers)\n";
  return 0;
}

}  // namespace feedwatch::cli
