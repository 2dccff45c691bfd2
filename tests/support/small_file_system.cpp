#include "tests/support/small_file_system.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>
#include <vector>

#include "tests/support/test_skip.h"

namespace feedwatch::testing {
namespace {

std::string mount_options(std::size_t bytes) { return "size=" + std::to_string(bytes) + ",mode=0755"; }

// Writes `chunk` to `descriptor` until a write fails; returns bytes written
// and leaves errno from the failing write.
std::size_t write_until_failure(int descriptor) {
  std::vector<char> chunk(64 * 1024, 'x');
  std::size_t total = 0;
  for (;;) {
    ssize_t written = ::write(descriptor, chunk.data(), chunk.size());
    if (written <= 0) return total;
    total += static_cast<std::size_t>(written);
  }
}

}  // namespace

std::unique_ptr<SmallFileSystem> SmallFileSystem::mount_or_skip(const std::filesystem::path& where,
                                                                std::size_t bytes) {
  std::filesystem::create_directories(where);
  std::string options = mount_options(bytes);
  if (::mount("tmpfs", where.c_str(), "tmpfs", 0, options.c_str()) != 0) {
    skip_test("cannot mount a tmpfs at " + where.string() + " (" + std::strerror(errno) +
              "): this test needs CAP_SYS_ADMIN");
  }
  return std::unique_ptr<SmallFileSystem>(new SmallFileSystem(where));
}

SmallFileSystem::~SmallFileSystem() {
  if (read_only_) remount_writable();
  free_space();
  if (::umount2(path_.c_str(), 0) != 0) ::umount2(path_.c_str(), MNT_DETACH);
}

std::size_t SmallFileSystem::fill() {
  int descriptor = ::open(filler().c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (descriptor < 0) throw std::system_error(errno, std::generic_category(), "open " + filler().string());
  std::size_t written = write_until_failure(descriptor);
  int error = errno;
  ::close(descriptor);
  if (error != ENOSPC) throw std::system_error(error, std::generic_category(), "filling " + path_.string());
  return written;
}

void SmallFileSystem::free_space() {
  std::error_code ignored;
  std::filesystem::remove(filler(), ignored);
}

bool SmallFileSystem::remount_read_only(std::string* error) {
  if (::mount("tmpfs", path_.c_str(), "tmpfs", MS_REMOUNT | MS_RDONLY, nullptr) != 0) {
    *error = "remounting " + path_.string() + " read-only: " + std::strerror(errno);
    return false;
  }
  read_only_ = true;
  return true;
}

void SmallFileSystem::remount_writable() {
  if (::mount("tmpfs", path_.c_str(), "tmpfs", MS_REMOUNT, nullptr) != 0) {
    throw std::system_error(errno, std::generic_category(), "remounting " + path_.string() + " writable");
  }
  read_only_ = false;
}

}  // namespace feedwatch::testing
