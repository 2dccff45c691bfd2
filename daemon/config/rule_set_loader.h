// Reads the rule files a configuration names, checks them against its
// notifiers, and compiles them into one rule set: what `check`, `test` and
// the daemon all need before matching anything.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "daemon/config/config.h"
#include "rules/rule_compiler.h"
#include "rules/rule_file.h"

namespace feedwatch::config {

struct LoadedRuleSet {
  std::vector<rules::Rule> rules;               // the rules that passed every check
  std::optional<rules::CompiledRuleSet> compiled;  // of `rules`; empty if compiling failed
  std::vector<std::string> problems;            // "FILE:LINE:COL: message", in file order
};

struct RuleSetOptions {
  bool check_notifiers = true;  // `feedwatch test` sends nothing, so it may skip this
};

LoadedRuleSet load_rule_set(const Config& config, const RuleSetOptions& options = {});

}  // namespace feedwatch::config
