#include "daemon/state/storage_probe.h"

#include <sys/statvfs.h>

#include <cerrno>
#include <cstring>

namespace feedwatch::state {
namespace {

std::string kibibytes(std::uint64_t bytes) { return std::to_string(bytes / 1024) + " KiB"; }

std::optional<std::string> problem_of(const StorageProbe& probe, const std::filesystem::path& path) {
  if (probe.read_only) {
    return "the file system holding " + path.string() + " is mounted read-only";
  }
  if (probe.available_bytes < kFullBelowBytes) {
    return "the file system holding " + path.string() + " is full (" +
           kibibytes(probe.available_bytes) + " free)";
  }
  return std::nullopt;
}

}  // namespace

StorageProbe probe_storage(const std::filesystem::path& path) {
  StorageProbe probe;
  std::filesystem::path folder = std::filesystem::absolute(path).parent_path();
  struct statvfs facts {};
  if (::statvfs(folder.c_str(), &facts) != 0) {
    probe.problem = "cannot look at the file system holding " + path.string() + ": " + folder.string() +
                    ": " + std::strerror(errno);
    return probe;
  }
  probe.known = true;
  probe.read_only = (facts.f_flag & ST_RDONLY) != 0;
  probe.available_bytes = static_cast<std::uint64_t>(facts.f_bavail) * facts.f_frsize;
  probe.problem = problem_of(probe, path);
  return probe;
}

}  // namespace feedwatch::state
