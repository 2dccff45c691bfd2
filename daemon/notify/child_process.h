// Starting a program for the exec notifier: posix_spawn (argv, no shell) in
// a new process group, with pipes for stdin and stderr, and a pidfd that
// becomes readable when it exits. Plain POSIX; the caller watches the fds.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/notify/file_descriptor.h"

namespace feedwatch::notify {

struct ChildProcess {
  pid_t pid = -1;               // also its process group id
  FileDescriptor exit_watch;    // pidfd: readable once the child has exited
  FileDescriptor standard_input;  // write end, non-blocking
  FileDescriptor standard_error;  // read end, non-blocking
  int error = 0;                // errno when it could not be started (pid is then -1)
};

// Starts `command` (command[0] looked up in PATH unless it holds a '/') with
// stdout on /dev/null, default signal dispositions and an empty signal mask,
// and no descriptor of ours but the two pipe ends (every other fd is closed
// in the child). REQUIRES: `command` is not empty.
ChildProcess start_child(const std::vector<std::string>& command);

// write() that turns a vanished reader into EPIPE without raising SIGPIPE
// in the process: SIGPIPE is blocked in this thread for the call and a
// pending one consumed. Returns bytes written, or -1 with errno set.
ssize_t write_without_sigpipe(int descriptor, std::string_view bytes);

// Kills the child's whole process group (SIGKILL) and reaps the child.
void kill_and_reap(pid_t pid);

// Reaps an exited child without waiting: its wait status (for WIFEXITED
// and friends), or nullopt if it has not exited yet.
std::optional<int> reap_if_exited(pid_t pid);

}  // namespace feedwatch::notify
