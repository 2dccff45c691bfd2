// ExecNotifier (`type: exec`): runs the configured program (argv, no shell)
// once per alert with the alert's JSON on stdin, several at once, watched by
// the event loop so that no run ever blocks it. Loop thread only.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "daemon/notify/notifier.h"

namespace boost::asio {
class io_context;
}

namespace feedwatch::notify {

class ExecNotifier final : public Notifier {
 public:
  // REQUIRES: `loop` outlives the notifier; `command` is not empty. A
  // command[0] without a '/' is looked up in PATH.
  ExecNotifier(boost::asio::io_context& loop, std::string name, std::vector<std::string> command,
               std::chrono::milliseconds timeout);
  // Kills the process groups still running and reaps them (no zombies),
  // without calling their completions.
  ~ExecNotifier() override;
  ExecNotifier(const ExecNotifier&) = delete;
  ExecNotifier& operator=(const ExecNotifier&) = delete;

  const std::string& name() const override { return name_; }
  // Starts the program in a process group of its own, with the payload on
  // stdin (then EOF), stdout to /dev/null, and stderr captured (the first
  // 400 bytes; the rest is read and dropped). Exit 0 is delivered. Transient
  // (retried): any other exit code or a signal, with the stderr excerpt; the
  // timeout, which kills the whole process group; and a program that cannot
  // be started (missing, not executable), so that its alerts arrive once
  // the admin installs it. A program that exits without reading stdin is fine.
  void deliver(const AlertDelivery& alert, Completion on_done) override;

  class Run;  // one child process; internal

 private:
  boost::asio::io_context& loop_;
  std::string name_;
  std::vector<std::string> command_;
  std::chrono::milliseconds timeout_;
  std::map<const Run*, std::shared_ptr<Run>> running_;
};

}  // namespace feedwatch::notify
