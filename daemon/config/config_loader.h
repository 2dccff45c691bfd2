// Loads and validates a configuration file (SPEC §2): the whole schema, with
// defaults, per-feed overrides, OPML feed lists, rule globs and ${...}
// references. Reports every problem, not just the first.
#pragma once

#include <filesystem>
#include <string_view>
#include <vector>

#include "daemon/config/config.h"
#include "daemon/config/config_error.h"
#include "daemon/config/config_files.h"

namespace feedwatch::config {

struct ConfigLoadResult {
  Config config;                    // meaningful only when errors is empty
  std::vector<ConfigError> errors;  // each FILE:LINE:COL
  bool ok() const { return errors.empty(); }
};

// Reads `file`, the OPML files and ${file:} references it names, and
// expands its rule globs, all through `files` (each read bounded).
ConfigLoadResult load_config(const std::filesystem::path& file, const ConfigFiles& files = system_files());

// The same from text already in memory; `file` names it in errors and
// anchors relative paths.
ConfigLoadResult load_config_text(std::string_view text, const std::filesystem::path& file,
                                  const ConfigFiles& files = system_files());

}  // namespace feedwatch::config
