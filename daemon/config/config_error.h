// A problem found in a configuration or rule file, located as FILE:LINE:COL
// (1-based) so that editors can jump to it.
#pragma once

#include <string>

namespace feedwatch::config {

struct ConfigError {
  std::string file;
  int line = 0;    // 0 when the problem concerns the whole file
  int column = 0;
  std::string message;

  std::string to_string() const {
    if (line == 0) return file + ": " + message;
    return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message;
  }
};

}  // namespace feedwatch::config
