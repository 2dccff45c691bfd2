// SmallFileSystem: a real tmpfs of a few MiB mounted for one test, so a test
// can make the state database's file system full, or read-only, for real
// (root ignores file permission bits, so chmod cannot). Mounting needs
// CAP_SYS_ADMIN: mount_or_skip() ends the test as skipped where it is not
// permitted. Unmounted when destroyed. Test-only; not thread-safe.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>

namespace feedwatch::testing {

class SmallFileSystem {
 public:
  // Mounts a tmpfs of `bytes` at `where` (created if absent), or skips the
  // test (skip_test) when the kernel refuses to mount.
  static std::unique_ptr<SmallFileSystem> mount_or_skip(const std::filesystem::path& where,
                                                        std::size_t bytes);
  // Removes the filler file, makes it writable again and unmounts (lazily,
  // should a process still hold a file open on it).
  ~SmallFileSystem();
  SmallFileSystem(const SmallFileSystem&) = delete;
  SmallFileSystem& operator=(const SmallFileSystem&) = delete;

  const std::filesystem::path& path() const { return path_; }

  // Writes a filler file until the file system has no room left (ENOSPC).
  // Returns the bytes written.
  std::size_t fill();
  // Deletes the filler file: the space is free again.
  void free_space();
  // Remounts read-only. The kernel refuses (EBUSY) while any file on it is
  // open for writing; returns false with `*error` set then.
  bool remount_read_only(std::string* error);
  void remount_writable();

 private:
  explicit SmallFileSystem(std::filesystem::path path) : path_(std::move(path)) {}
  std::filesystem::path filler() const { return path_ / "filler"; }

  std::filesystem::path path_;
  bool read_only_ = false;
};

}  // namespace feedwatch::testing
