// FileNotifier (`type: file`): appends each alert as one JSON line to a file
// (JSON Lines) and counts it delivered only once the line is fsync'd. Owned
// by the delivery service; used on the loop's thread, writes on a worker.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>

#include "daemon/notify/blocking_worker.h"
#include "daemon/notify/notifier.h"

namespace feedwatch::notify {

class FileNotifier final : public Notifier {
 public:
  // REQUIRES: `loop` outlives the notifier; `path` is absolute (the config
  // loader resolves it against the config file's folder).
  FileNotifier(boost::asio::io_context& loop, std::string name, std::filesystem::path path,
               std::chrono::milliseconds timeout);

  const std::string& name() const override { return name_; }
  // Opens the file for each alert (O_APPEND|O_CREAT|O_CLOEXEC, mode 0640), so
  // logrotate and permission fixes take effect without a restart; writes the
  // line, fsyncs it (and the folder when the file was just created) and only
  // then reports delivered. Any failure is transient and names the path. The
  // fsync can take from microseconds to seconds on a busy disk, so it runs on
  // a worker thread, never on the loop that also runs fetches and /healthz.
  void deliver(const AlertDelivery& alert, Completion on_done) override;

 private:
  std::string name_;
  std::filesystem::path path_;
  std::chrono::milliseconds timeout_;
  BlockingWorker worker_;  // last: joined before the members above go
};

// The blocking part of FileNotifier::deliver, for the worker thread (and
// tests): appends `line` to `path` durably. Assumes feedwatch is the file's
// only writer: a line cut short by an error (e.g. a full disk) is truncated
// away so that a retry does not leave half a line in front of the whole one.
DeliveryOutcome append_line_durably(const std::string& notifier, const std::filesystem::path& path,
                                    const std::string& line);

}  // namespace feedwatch::notify
