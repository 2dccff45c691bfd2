// `feedwatch test (--url URL | --file PATH | -) [--rule NAME] [--json]`: a dry
// run of the configured rules over one feed, printing each match with its
// terms highlighted (SPEC §1). Applies `exclude`, not `feeds:` scopes.
// Writes no state and sends nothing.
#pragma once

#include <string>

namespace feedwatch::cli {

struct TestCommandOptions {
  std::string config_path;
  std::string source;     // URL, path, or "-"
  std::string rule_name;  // empty: every rule
  bool json = false;
};

// Returns the process exit code: 0 when the feed was matched (with or
// without matches), 1 when the feed or the rules could not be loaded.
int run_test_command(const TestCommandOptions& options);

}  // namespace feedwatch::cli
