// FileDescriptor: move-only owner of a POSIX file descriptor, closed on
// destruction, plus the few blocking writes the file and stdout notifiers
// need. Not thread-safe; one owner at a time.
#pragma once

#include <cstddef>
#include <string_view>

namespace feedwatch::notify {

class FileDescriptor {
 public:
  FileDescriptor() = default;
  explicit FileDescriptor(int descriptor) : descriptor_(descriptor) {}
  ~FileDescriptor() { reset(); }
  FileDescriptor(FileDescriptor&& other) noexcept : descriptor_(other.release()) {}
  FileDescriptor& operator=(FileDescriptor&& other) noexcept;
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;

  bool valid() const { return descriptor_ >= 0; }
  int get() const { return descriptor_; }
  int release();
  void reset();
  // Closes now and reports the error close() gave (0 on success), for
  // callers that must know the data reached the file.
  int close();

 private:
  int descriptor_ = -1;
};

// Writes every byte of `bytes` to `descriptor`, retrying short writes and
// EINTR. Returns 0, or the errno that stopped it; `written` (if given)
// receives how many bytes went out before that.
int write_fully(int descriptor, std::string_view bytes, std::size_t* written = nullptr);

// fsync, retried on EINTR. Returns 0 or the errno.
int sync_fully(int descriptor);

}  // namespace feedwatch::notify
