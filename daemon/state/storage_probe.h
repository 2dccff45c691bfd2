// Why the file system under the state database may refuse writes: mounted
// read-only, or (nearly) full. A quick look through statvfs(3), used to
// explain a failing open and by `feedwatch status`, which must say what is
// wrong even when the daemon cannot write a word about it. Stateless.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace feedwatch::state {

// Below this many bytes available to unprivileged writers, the file system
// counts as full: a commit appends pages of 4 KiB to the -wal file, and
// feedwatch runs as an unprivileged (dynamic) user.
inline constexpr std::uint64_t kFullBelowBytes = 1024 * 1024;

struct StorageProbe {
  bool known = false;      // statvfs answered (the folder exists)
  bool read_only = false;  // mounted read-only
  std::uint64_t available_bytes = 0;
  // What stops writes, naming `path`; nullopt when nothing seems to.
  std::optional<std::string> problem;
};

// Looks at the file system holding `path` (the file's folder, so the file
// need not exist).
StorageProbe probe_storage(const std::filesystem::path& path);

}  // namespace feedwatch::state
