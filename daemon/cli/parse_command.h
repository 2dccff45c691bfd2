// `feedwatch parse (URL | PATH | -) [--json]`: prints one parsed feed, either
// as SPEC §4's normalized JSON or as a short human summary. Writes no state.
#pragma once

#include <string>

namespace feedwatch::cli {

struct ParseCommandOptions {
  std::string source;  // URL, path, or "-" for stdin
  bool json = false;
};

// Returns the process exit code (0 parsed, 1 unreadable or not a feed).
int run_parse_command(const ParseCommandOptions& options);

}  // namespace feedwatch::cli
