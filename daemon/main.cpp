// feedwatch's entry point: declares the command line (SPEC §1) and hands each
// subcommand to its runner in daemon/cli/. Nothing else lives here.
#include <CLI/CLI.hpp>

#include <cstdlib>
#include <string>

#include "daemon/cli/import_opml_command.h"
#include "daemon/cli/parse_command.h"

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

  ParseCommandOptions parse_options;
  auto* parse = app.add_subcommand("parse", "print a feed in feedwatch's normalized form");
  parse->add_option("source", parse_options.source, "URL, file path, or - for stdin")->required();
  parse->add_flag("--json", parse_options.json, "print SPEC §4's normalized JSON");

  std::string opml_path;
  auto* import_opml = app.add_subcommand("import-opml", "print an OPML file's feeds as YAML");
  import_opml->add_option("file", opml_path, "the OPML file")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    int code = app.exit(error);
    return code == 0 ? 0 : kUsageError;
  }

  if (parse->parsed()) return run_parse_command(parse_options);
  if (import_opml->parsed()) return run_import_opml_command(opml_path);
  return kUsageError;
}
