#include "daemon/notify/file_notifier.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "daemon/notify/file_descriptor.h"
#include "daemon/notify/json_line.h"

namespace feedwatch::notify {
namespace {

constexpr int kAppendFlags = O_WRONLY | O_APPEND | O_CLOEXEC;
constexpr mode_t kFileMode = 0640;  // alerts may quote private feeds: not world-readable

struct OpenedFile {
  FileDescriptor file;
  bool created = false;
  int error = 0;
};

OpenedFile open_existing(const std::filesystem::path& path) {
  int descriptor = ::open(path.c_str(), kAppendFlags);
  return {FileDescriptor(descriptor), false, descriptor < 0 ? errno : 0};
}

// Opens `path` for appending, creating it if absent. Creating is a second
// step (O_CREAT|O_EXCL) so we know when the folder needs an fsync too.
OpenedFile open_for_append(const std::filesystem::path& path) {
  OpenedFile opened = open_existing(path);
  if (opened.error != ENOENT) return opened;
  int descriptor = ::open(path.c_str(), kAppendFlags | O_CREAT | O_EXCL, kFileMode);
  if (descriptor < 0 && errno == EEXIST) return open_existing(path);  // created meanwhile
  return {FileDescriptor(descriptor), descriptor >= 0, descriptor < 0 ? errno : 0};
}

// Appends `line`; if an error cuts it short, cuts the file back to where it
// was, so the retry's whole line does not follow half a line.
int append(int descriptor, const std::string& line) {
  off_t start = ::lseek(descriptor, 0, SEEK_END);
  std::size_t written = 0;
  int error = write_fully(descriptor, line, &written);
  if (error != 0 && written > 0 && start >= 0) {
    [[maybe_unused]] int ignored = ::ftruncate(descriptor, start);  // best effort
  }
  return error;
}

// A new file's name lives in its folder: without this fsync a power loss
// could lose the whole file, though its data was synced.
int sync_folder_of(const std::filesystem::path& path) {
  std::filesystem::path folder = path.has_parent_path() ? path.parent_path() : ".";
  FileDescriptor directory(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!directory.valid()) return errno;
  return sync_fully(directory.get());
}

DeliveryOutcome failure(const std::string& notifier, const std::filesystem::path& path,
                        const char* action, int error) {
  // Transient: a missing folder, a permission or a full disk is for the
  // admin to fix, and the alert should arrive once they have.
  return DeliveryOutcome::transient("notifier " + notifier + ": cannot " + action + " " +
                                    path.string() + ": " + std::strerror(error) +
                                    "; check that the folder exists, has space, and that "
                                    "feedwatch's user may write there");
}

}  // namespace

DeliveryOutcome append_line_durably(const std::string& notifier, const std::filesystem::path& path,
                                    const std::string& line) {
  OpenedFile opened = open_for_append(path);
  if (!opened.file.valid()) return failure(notifier, path, "open", opened.error);
  if (int error = append(opened.file.get(), line))
    return failure(notifier, path, "append to", error);
  if (int error = sync_fully(opened.file.get())) return failure(notifier, path, "fsync", error);
  if (opened.created) {
    if (int error = sync_folder_of(path)) {
      return failure(notifier, path, "fsync the folder of", error);
    }
  }
  if (int error = opened.file.close()) return failure(notifier, path, "close", error);
  return DeliveryOutcome::success("notifier " + notifier + ": appended to " + path.string());
}

FileNotifier::FileNotifier(boost::asio::io_context& loop, std::string name,
                           std::filesystem::path path, std::chrono::milliseconds timeout)
    : name_(std::move(name)), path_(std::move(path)), timeout_(timeout), worker_(loop) {}

void FileNotifier::deliver(const AlertDelivery& alert, Completion on_done) {
  DeliveryOutcome timed_out = DeliveryOutcome::transient(
      "notifier " + name_ + ": writing " + path_.string() +
      " did not finish within the timeout; is the disk or file system stuck?");
  worker_.run(
      [name = name_, path = path_, line = to_json_line(alert.payload_json)] {
        return append_line_durably(name, path, line);
      },
      timeout_, std::move(timed_out), std::move(on_done));
}

}  // namespace feedwatch::notify
