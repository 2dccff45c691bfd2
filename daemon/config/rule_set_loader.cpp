#include "daemon/config/rule_set_loader.h"

#include <set>

#include "daemon/schedule/digest_instants.h"

namespace feedwatch::config {
namespace {

std::vector<rules::RuleDocument> read_rule_documents(const Config& config, const ConfigFiles& files,
                                                     std::vector<std::string>& problems) {
  std::vector<rules::RuleDocument> documents;
  for (const auto& path : config.rule_files) {
    auto text = files.read(path, kMaxConfigFileBytes);
    if (auto* failure = std::get_if<FileError>(&text)) {
      problems.push_back(path.string() + ": this rule file " + failure->message);
      continue;
    }
    documents.push_back({path.string(), std::get<std::string>(std::move(text))});
  }
  return documents;
}

// Where a compile error points: at the regular expression Vectorscan
// blamed, else at the rule.
rules::SourceLocation location_of(const rules::CompileError& error, const rules::Rule& rule) {
  for (const auto& written : rule.regexes) {
    if (written.regex == error.expression) return written.location;
  }
  return rule.location;
}

// A compile error names its rule; point at where that rule is written. One
// that blames no rule concerns the rule files together.
std::string locate_compile_error(const rules::CompileError& error, const std::vector<rules::Rule>& loaded,
                                 const Config& config) {
  for (const auto& rule : loaded) {
    if (rule.name != error.rule) continue;
    return rules::Diagnostic{location_of(error, rule), "rule " + rule.name + ": " + error.message}.to_string();
  }
  std::string files;
  for (const auto& path : config.rule_files) files += (files.empty() ? "" : ", ") + path.string();
  return files + ": the rules together cannot be compiled: " + error.message;
}

// rules/ checks a digest's zone for shape only (it does no I/O); whether
// the zone exists is a question for the system's zoneinfo. A rule with an
// unknown zone is dropped like any rule with an error.
void check_digest_zones(std::vector<rules::Rule>& loaded, std::vector<std::string>& problems) {
  std::erase_if(loaded, [&problems](const rules::Rule& rule) {
    if (!rule.digest) return false;
    auto problem = schedule::time_zone_problem(rule.digest->time_zone);
    if (!problem) return false;
    std::string message = "rule " + rule.name + ": 'digest': " + *problem;
    problems.push_back(rules::Diagnostic{rule.digest_location, std::move(message)}.to_string());
    return true;
  });
}

}  // namespace

LoadedRuleSet load_rule_set(const Config& config, const RuleSetOptions& options) {
  std::vector<std::string> problems;
  auto documents = read_rule_documents(config, *options.files, problems);
  LoadedRuleSet result = load_rule_documents(config, documents, options);
  problems.insert(problems.end(), result.problems.begin(), result.problems.end());
  result.problems = std::move(problems);
  return result;
}

LoadedRuleSet load_rule_documents(const Config& config, const std::vector<rules::RuleDocument>& documents,
                                  const RuleSetOptions& options) {
  LoadedRuleSet result;
  std::set<std::string> notifier_names;
  for (const auto& [name, notifier] : config.notifiers) notifier_names.insert(name);
  rules::RuleFileOptions file_options;
  if (options.check_notifiers) file_options.notifiers = &notifier_names;
  auto parsed = rules::parse_rule_files(documents, file_options);
  for (const auto& diagnostic : parsed.diagnostics) result.problems.push_back(diagnostic.to_string());
  result.rules = std::move(parsed.rules);
  check_digest_zones(result.rules, result.problems);
  auto compiled = rules::compile_rule_set(rules::rule_definitions(result.rules));
  if (compiled) {
    result.compiled = std::move(compiled).value();
  } else {
    result.problems.push_back(locate_compile_error(compiled.error(), result.rules, config));
  }
  return result;
}

}  // namespace feedwatch::config
