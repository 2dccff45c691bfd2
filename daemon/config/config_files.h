// What loading a configuration reads besides its own text: the files it
// names (OPML lists, ${file:} and ${credential:} references, rule files)
// and the paths its rule globs match. Every read is bounded: a regular file
// only (not /dev/zero, a FIFO or a folder) and at most `max_bytes`, so a
// mistyped path cannot hang or exhaust a load. system_files() is the file
// system; the fuzz target and tests give files from memory. Implementations
// must be safe to call from any thread (reloads load on their own).
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <variant>
#include <vector>

namespace feedwatch::config {

// The caps on what one load reads (docs/limits.md).
inline constexpr std::size_t kMaxConfigFileBytes = 16 << 20;     // the configuration, an OPML list, a rule file
inline constexpr std::size_t kMaxReferencedFileBytes = 64 << 10;  // one ${file:} or ${credential:}

struct FileError {
  std::string message;  // "cannot be read", "is not a regular file", "is larger than 64 KiB"
};

class ConfigFiles {
 public:
  virtual ~ConfigFiles() = default;
  // The whole file, or why not; never more than `max_bytes` are read.
  virtual std::variant<std::string, FileError> read(const std::filesystem::path& path,
                                                    std::size_t max_bytes) const = 0;
  // The existing paths `pattern` (glob(3) syntax) matches, sorted.
  virtual std::vector<std::filesystem::path> glob(const std::filesystem::path& pattern) const = 0;
};

const ConfigFiles& system_files();

// "16 MiB", "64 KiB", "100 bytes": for messages about a cap.
std::string describe_size(std::size_t bytes);

}  // namespace feedwatch::config
