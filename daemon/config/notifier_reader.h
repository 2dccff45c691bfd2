// Reads the `notifiers:` section of the configuration: one entry per named
// notifier, each checked against the keys its type accepts.
#pragma once

#include <filesystem>

#include "daemon/config/config.h"
#include "daemon/config/yaml_reader.h"

namespace feedwatch::config {

// Adds each valid notifier to config.notifiers; reports the rest through
// `reader`. Relative file paths are anchored at `folder`.
void read_notifiers(YamlReader& reader, const std::filesystem::path& folder,
                    const YAML::Node& node, Config& config);

}  // namespace feedwatch::config
