// StdoutNotifier (`type: stdout`): writes each alert as one JSON line to
// standard output, which `feedwatch run` keeps for alerts only (logs go to
// stderr). Owned by the delivery service; used on the loop's thread.
#pragma once

#include <chrono>
#include <string>

#include "daemon/notify/blocking_worker.h"
#include "daemon/notify/notifier.h"

namespace feedwatch::notify {

class StdoutNotifier final : public Notifier {
 public:
  // REQUIRES: `loop` outlives the notifier. A reader that went away is a
  // transient failure (EPIPE): the worker thread blocks SIGPIPE.
  StdoutNotifier(boost::asio::io_context& loop, std::string name,
                 std::chrono::milliseconds timeout);

  const std::string& name() const override { return name_; }
  // Delivered once the whole line is written to file descriptor 1: write(2)
  // keeps no user-space buffer, so every alert is flushed as it goes. The
  // write runs on a worker because a slow reader of a pipe blocks it.
  void deliver(const AlertDelivery& alert, Completion on_done) override;

 private:
  std::string name_;
  std::chrono::milliseconds timeout_;
  BlockingWorker worker_;  // last: joined before the members above go
};

}  // namespace feedwatch::notify
