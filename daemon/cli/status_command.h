// `feedwatch status [--json]`: feed health and outbox counts, read from the
// state database (SPEC §1). Safe to run while the daemon runs.
#pragma once

#include <string>

namespace feedwatch::cli {

int run_status_command(const std::string& config_path, bool json);

}  // namespace feedwatch::cli
