// Runs a command (the real feedwatch daemon, in end-to-end tests) in the
// background with its stdout and stderr going to files, so a test can watch
// the output grow, send signals, and wait for the exit with a deadline.
// Test-only; POSIX. Not thread-safe: one test thread drives it.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace feedwatch::testing {

class BackgroundProcess {
 public:
  // Starts `arguments` (argv[0] looked up in PATH unless it holds a '/') with
  // stdin from /dev/null and stdout/stderr truncated into the two files.
  // Throws std::runtime_error if it cannot fork.
  BackgroundProcess(const std::vector<std::string>& arguments,
                    std::filesystem::path standard_output_path,
                    std::filesystem::path standard_error_path);
  // A process still running is killed with SIGKILL and reaped: a failing
  // test must not leave daemons behind.
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  pid_t pid() const { return pid_; }

  // True until the process has exited (reaps it when it has).
  bool running();
  // Sends `signal_number`; does nothing once the process has exited.
  void send_signal(int signal_number);
  // Waits up to `timeout` for the exit; its code (128+N when killed by
  // signal N), or nullopt if it is still running.
  std::optional<int> wait_for_exit(std::chrono::milliseconds timeout);
  // SIGKILL, then reaps; returns the exit code (137 unless it had exited).
  int kill_now();

  // What the process has written so far (the whole file each time).
  std::string standard_output() const;
  std::string standard_error() const;

 private:
  void reap(int status);

  pid_t pid_ = -1;
  std::optional<int> exit_code_;
  std::filesystem::path standard_output_path_;
  std::filesystem::path standard_error_path_;
};

}  // namespace feedwatch::testing
