// `feedwatch check`: validates the configuration and every rule file it
// names, printing each problem as FILE:LINE:COL: message (SPEC §1).
#pragma once

#include <string>

namespace feedwatch::cli {

// Returns the process exit code: 0 when all is valid, 1 when anything is not.
int run_check_command(const std::string& config_path);

}  // namespace feedwatch::cli
