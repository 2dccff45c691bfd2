// Reads the rule files a configuration names, checks them against its
// notifiers, and compiles them into one rule set: what `check`, `test` and
// the daemon all need before matching anything.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "daemon/config/config.h"
#include "daemon/config/config_files.h"
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
  const ConfigFiles* files = &system_files();  // how the rule files are read
};

// Reads config.rule_files (each bounded, config_files.h), then as below.
LoadedRuleSet load_rule_set(const Config& config, const RuleSetOptions& options = {});

// Parses and compiles rule documents already in memory, checked against
// the configuration's notifiers.
LoadedRuleSet load_rule_documents(const Config& config, const std::vector<rules::RuleDocument>& documents,
                                  const RuleSetOptions& options = {});

}  // namespace feedwatch::config
