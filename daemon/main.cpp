// feedwatch's entry point: declares the command line (SPEC §1) and hands each
// subcommand to its runner in daemon/cli/. Nothing else lives here.
#include <CLI/CLI.hpp>

#include <cstdlib>
#include <iostream>
#include <string>

#include "daemon/cli/alerts_command.h"
#include "daemon/cli/check_command.h"
#include "daemon/cli/import_opml_command.h"
#include "daemon/cli/parse_command.h"
#include "daemon/cli/run_command.h"
#include "daemon/cli/status_command.h"
#include "daemon/cli/test_command.h"

namespace {

constexpr int kUsageError = 2;

std::string default_config_path() {
  if (const char* from_environment = std::getenv("FEEDWATCH_CONFIG")) return from_environment;
  return "/etc/feedwatch/feedwatch.yaml";
}

}  // namespace

int main(int argc, char** argv) {
  using namespace feedwatch::cli;
  CLI::App app{"feedwatch: follows news feeds and alerts on the stories your rules describe"};
  app.set_version_flag("--version", std::string("feedwatch ") + FEEDWATCH_VERSION);
  app.require_subcommand(1);
  // -c may stand before or after the subcommand: subcommands fall through to it.
  app.fallthrough();
  std::string config_path = default_config_path();
  app.add_option("-c,--config", config_path, "configuration file")->capture_default_str();

  RunCommandOptions run_options;
  auto* run = app.add_subcommand("run", "the daemon: poll, match, deliver until SIGTERM; SIGHUP reloads");
  auto* once = app.add_subcommand("once", "one cycle: fetch due feeds, match, deliver, exit");
  once->add_flag("--all", run_options.all_feeds, "fetch every feed, not only those due");

  ParseCommandOptions parse_options;
  auto* parse = app.add_subcommand("parse", "print a feed in feedwatch's normalized form");
  parse->add_option("source", parse_options.source, "URL, file path, or - for stdin")->required();
  parse->add_flag("--json", parse_options.json, "print SPEC §4's normalized JSON");

  auto* check = app.add_subcommand("check", "validate the configuration and every rule file");

  TestCommandOptions test_options;
  auto* test = app.add_subcommand("test", "dry-run the rules over one feed; sends nothing");
  auto* test_url = test->add_option("--url", test_options.source, "fetch the feed from this URL");
  auto* test_file = test->add_option("--file", test_options.source, "read the feed from this file");
  auto* test_stdin = test->add_option("stdin", test_options.source, "- to read the feed from stdin")
                         ->check(CLI::IsMember({"-"}));
  test_url->excludes(test_file)->excludes(test_stdin);
  test_file->excludes(test_stdin);
  test->add_option("--rule", test_options.rule_name, "run only this rule");
  test->add_flag("--json", test_options.json, "one JSON object per match and line");

  bool status_json = false;
  auto* status = app.add_subcommand("status", "feed health and outbox counts from the state database");
  status->add_flag("--json", status_json, "print JSON");

  AlertsCommandOptions alerts_options;
  auto* alerts = app.add_subcommand("alerts", "list recent alerts; requeue failed ones");
  alerts->add_flag("--failed", alerts_options.only_failed, "only alerts that failed");
  auto* retry_one = alerts->add_option("--retry", alerts_options.retry_id, "requeue this alert id");
  auto* retry_all = alerts->add_flag("--retry-failed", alerts_options.retry_failed,
                                     "requeue every failed alert");
  retry_one->excludes(retry_all);
  alerts->add_option("--limit", alerts_options.limit, "how many to list")->capture_default_str();
  alerts->add_flag("--json", alerts_options.json, "one JSON object per alert and line");

  std::string opml_path;
  auto* import_opml = app.add_subcommand("import-opml", "print an OPML file's feeds as YAML");
  import_opml->add_option("file", opml_path, "the OPML file")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    int code = app.exit(error);
    return code == 0 ? 0 : kUsageError;
  }

  if (run->parsed() || once->parsed()) {
    run_options.config_path = config_path;
    run_options.once = once->parsed();
    return run_daemon_command(run_options);
  }
  if (parse->parsed()) return run_parse_command(parse_options);
  if (import_opml->parsed()) return run_import_opml_command(opml_path);
  if (check->parsed()) return run_check_command(config_path);
  if (status->parsed()) return run_status_command(config_path, status_json);
  if (alerts->parsed()) {
    alerts_options.config_path = config_path;
    return run_alerts_command(alerts_options);
  }
  if (test->parsed()) {
    if (test_options.source.empty()) {
      std::cerr << "feedwatch test: give --url URL, --file PATH, or - for stdin\n";
      return kUsageError;
    }
    test_options.config_path = config_path;
    return run_test_command(test_options);
  }
  return kUsageError;
}
