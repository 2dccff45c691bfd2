#include "daemon/notify/child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>

extern char** environ;

namespace feedwatch::notify {
namespace {

struct Pipe {
  FileDescriptor read_end;
  FileDescriptor write_end;
};

// Both ends close-on-exec: the child gets its end through dup2 in the file
// actions, and no other child (or curl, or anything else) inherits them.
int make_pipe(Pipe& pipe) {
  int ends[2];
  if (::pipe2(ends, O_CLOEXEC) != 0) return errno;
  pipe.read_end = FileDescriptor(ends[0]);
  pipe.write_end = FileDescriptor(ends[1]);
  return 0;
}

int make_non_blocking(int descriptor) {
  int flags = ::fcntl(descriptor, F_GETFL);
  if (flags < 0 || ::fcntl(descriptor, F_SETFL, flags | O_NONBLOCK) != 0) return errno;
  return 0;
}

class SpawnSetup {
 public:
  SpawnSetup() {
    posix_spawn_file_actions_init(&actions_);
    posix_spawnattr_init(&attributes_);
  }
  ~SpawnSetup() {
    posix_spawn_file_actions_destroy(&actions_);
    posix_spawnattr_destroy(&attributes_);
  }
  SpawnSetup(const SpawnSetup&) = delete;
  SpawnSetup& operator=(const SpawnSetup&) = delete;

  int prepare(int standard_input, int standard_error) {
    if (int error = posix_spawn_file_actions_adddup2(&actions_, standard_input, STDIN_FILENO))
      return error;
    if (int error = posix_spawn_file_actions_addopen(&actions_, STDOUT_FILENO, "/dev/null",
                                                     O_WRONLY, 0))
      return error;
    if (int error = posix_spawn_file_actions_adddup2(&actions_, standard_error, STDERR_FILENO))
      return error;
    // Descriptors opened without O_CLOEXEC elsewhere (sockets, the database)
    // must not leak into the program.
    if (int error = posix_spawn_file_actions_addclosefrom_np(&actions_, STDERR_FILENO + 1))
      return error;
    sigset_t none;
    sigemptyset(&none);
    sigset_t defaults;
    sigemptyset(&defaults);
    for (int signal_number : {SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD, SIGUSR1,
                              SIGUSR2}) {
      sigaddset(&defaults, signal_number);
    }
    // Its own process group, so a timeout can kill whatever it started too.
    if (int error = posix_spawnattr_setpgroup(&attributes_, 0)) return error;
    if (int error = posix_spawnattr_setsigmask(&attributes_, &none)) return error;
    if (int error = posix_spawnattr_setsigdefault(&attributes_, &defaults)) return error;
    return posix_spawnattr_setflags(
        &attributes_, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  }

  int spawn(const std::vector<std::string>& command, pid_t* pid) {
    std::vector<char*> arguments;
    for (const std::string& argument : command) arguments.push_back(const_cast<char*>(argument.c_str()));
    arguments.push_back(nullptr);
    return posix_spawnp(pid, arguments[0], &actions_, &attributes_, arguments.data(), environ);
  }

 private:
  posix_spawn_file_actions_t actions_;
  posix_spawnattr_t attributes_;
};

}  // namespace

ChildProcess start_child(const std::vector<std::string>& command) {
  ChildProcess child;
  Pipe input;
  Pipe errors;
  if ((child.error = make_pipe(input)) || (child.error = make_pipe(errors))) return child;
  SpawnSetup setup;
  if ((child.error = setup.prepare(input.read_end.get(), errors.write_end.get()))) return child;
  pid_t pid = -1;
  if ((child.error = setup.spawn(command, &pid))) return child;
  // glibc 2.36's <sys/pidfd.h> lacks extern "C", so call it directly.
  int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
  if (pidfd < 0) {
    child.error = errno;
    kill_and_reap(pid);
    return child;
  }
  ::fcntl(pidfd, F_SETFD, FD_CLOEXEC);
  child.pid = pid;
  child.exit_watch = FileDescriptor(pidfd);
  child.standard_input = std::move(input.write_end);
  child.standard_error = std::move(errors.read_end);
  if ((child.error = make_non_blocking(child.standard_input.get())) ||
      (child.error = make_non_blocking(child.standard_error.get()))) {
    kill_and_reap(pid);
    child.pid = -1;
  }
  return child;
}

ssize_t write_without_sigpipe(int descriptor, std::string_view bytes) {
  sigset_t pipe_signal;
  sigemptyset(&pipe_signal);
  sigaddset(&pipe_signal, SIGPIPE);
  sigset_t pending;
  sigpending(&pending);
  bool was_pending = sigismember(&pending, SIGPIPE) == 1;
  sigset_t previous;
  pthread_sigmask(SIG_BLOCK, &pipe_signal, &previous);
  ssize_t written = ::write(descriptor, bytes.data(), bytes.size());
  int saved = errno;
  if (written < 0 && saved == EPIPE && !was_pending) {
    // The SIGPIPE this write raised is pending on this thread: take it.
    timespec no_wait{0, 0};
    while (sigtimedwait(&pipe_signal, nullptr, &no_wait) < 0 && errno == EINTR) {
    }
  }
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  errno = saved;
  return written;
}

void kill_and_reap(pid_t pid) {
  if (pid <= 0) return;
  ::kill(-pid, SIGKILL);
  ::kill(pid, SIGKILL);  // in case it has left its group
  while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
  }
}

std::optional<int> reap_if_exited(pid_t pid) {
  int status = 0;
  pid_t reaped;
  do {
    reaped = ::waitpid(pid, &status, WNOHANG);
  } while (reaped < 0 && errno == EINTR);
  if (reaped != pid) return std::nullopt;
  return status;
}

}  // namespace feedwatch::notify
