#include "daemon/notify/file_descriptor.h"

#include <unistd.h>

#include <cerrno>
#include <utility>

namespace feedwatch::notify {

FileDescriptor& FileDescriptor::operator=(FileDescriptor&& other) noexcept {
  if (this != &other) {
    reset();
    descriptor_ = other.release();
  }
  return *this;
}

int FileDescriptor::release() { return std::exchange(descriptor_, -1); }

void FileDescriptor::reset() { close(); }

int FileDescriptor::close() {
  if (!valid()) return 0;
  // Linux closes the descriptor even when close() fails (EINTR included),
  // so it is never retried: that could close a descriptor another thread
  // just opened.
  int result = ::close(release());
  return result == 0 ? 0 : errno;
}

int write_fully(int descriptor, std::string_view bytes, std::size_t* written) {
  std::size_t done = 0;
  int error = 0;
  while (done < bytes.size()) {
    ssize_t count = ::write(descriptor, bytes.data() + done, bytes.size() - done);
    if (count >= 0) {
      done += static_cast<std::size_t>(count);
    } else if (errno != EINTR) {
      error = errno;
      break;
    }
  }
  if (written != nullptr) *written = done;
  return error;
}

int sync_fully(int descriptor) {
  while (::fsync(descriptor) != 0) {
    if (errno != EINTR) return errno;
  }
  return 0;
}

}  // namespace feedwatch::notify
