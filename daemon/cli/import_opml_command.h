// `feedwatch import-opml FILE`: prints the feeds of an OPML export as a YAML
// `feeds:` list, ready to paste into the configuration.
#pragma once

#include <string>

namespace feedwatch::cli {

// Returns the process exit code (0 printed, 1 unreadable or not OPML).
int run_import_opml_command(const std::string& opml_path);

}  // namespace feedwatch::cli
