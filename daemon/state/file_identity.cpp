#include "daemon/state/file_identity.h"

#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <cerrno>
#include <system_error>
#include <utility>

namespace feedwatch::state {

std::optional<FileIdentity> identity_of(const std::filesystem::path& path) {
  struct stat facts {};
  if (::stat(path.c_str(), &facts) != 0) return std::nullopt;
  return FileIdentity{facts.st_dev, facts.st_ino};
}

// Only a path that names nothing counts as deleted: a stat(2) failing for
// another reason (EACCES on a folder, EINTR) says nothing about the file.
FileChange change_since(const FileIdentity& opened, const std::filesystem::path& path) {
  struct stat facts {};
  if (::stat(path.c_str(), &facts) != 0) {
    return errno == ENOENT || errno == ENOTDIR ? FileChange::kDeleted : FileChange::kNone;
  }
  return FileIdentity{facts.st_dev, facts.st_ino} == opened ? FileChange::kNone : FileChange::kReplaced;
}

std::optional<StateFiles> state_files_at(const std::filesystem::path& database) {
  std::optional<FileIdentity> file = identity_of(database);
  if (!file) return std::nullopt;
  return StateFiles{*file, identity_of(database.string() + "-wal"), identity_of(database.string() + "-shm")};
}

std::vector<std::filesystem::path> remove_stale_companions(const std::filesystem::path& database,
                                                           const StateFiles& opened) {
  std::vector<std::filesystem::path> removed;
  for (const auto& [suffix, identity] : {std::pair{"-wal", opened.wal}, std::pair{"-shm", opened.shm}}) {
    std::filesystem::path companion = database.string() + suffix;
    if (!identity || identity_of(companion) != identity) continue;  // gone, or another file's
    std::error_code error;
    if (std::filesystem::remove(companion, error)) removed.push_back(companion);
  }
  return removed;
}

std::string describe(const FileIdentity& identity) {
  return "device " + std::to_string(major(identity.device)) + ":" + std::to_string(minor(identity.device)) +
         ", inode " + std::to_string(identity.inode);
}

}  // namespace feedwatch::state
