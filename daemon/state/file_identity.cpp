#include "daemon/state/file_identity.h"

#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <cerrno>

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

std::string describe(const FileIdentity& identity) {
  return "device " + std::to_string(major(identity.device)) + ":" + std::to_string(minor(identity.device)) +
         ", inode " + std::to_string(identity.inode);
}

}  // namespace feedwatch::state
