#include "tests/support/process.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <csignal>
#include <cstring>
#include <stdexcept>

namespace feedwatch::testing {
namespace {

struct Pipe {
  int read_end = -1;
  int write_end = -1;
  Pipe() {
    int ends[2];
    if (pipe2(ends, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    read_end = ends[0];
    write_end = ends[1];
  }
};

void close_if_open(int& fd) {
  if (fd >= 0) close(fd);
  fd = -1;
}

[[noreturn]] void exec_child(const std::vector<std::string>& arguments, Pipe& in, Pipe& out,
                             Pipe& err) {
  dup2(in.read_end, 0);
  dup2(out.write_end, 1);
  dup2(err.write_end, 2);
  std::vector<char*> argv;
  for (const auto& argument : arguments) argv.push_back(const_cast<char*>(argument.c_str()));
  argv.push_back(nullptr);
  execvp(argv[0], argv.data());
  _exit(127);
}

// Feeds stdin and drains stdout/stderr together so neither pipe can fill up
// and deadlock the child.
void pump(int& input_fd, const std::string& input, int& out_fd, int& err_fd,
          ProcessResult& result) {
  std::size_t written = 0;
  if (input.empty()) close_if_open(input_fd);
  char buffer[65536];
  while (out_fd >= 0 || err_fd >= 0) {
    std::array<pollfd, 3> fds{{{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}, {input_fd, POLLOUT, 0}}};
    if (poll(fds.data(), fds.size(), -1) < 0) continue;
    if (input_fd >= 0 && (fds[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
      ssize_t n = write(input_fd, input.data() + written, input.size() - written);
      if (n > 0) written += static_cast<std::size_t>(n);
      if (n <= 0 || written == input.size()) close_if_open(input_fd);
    }
    for (int i = 0; i < 2; ++i) {
      int& fd = i == 0 ? out_fd : err_fd;
      if (fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = read(fd, buffer, sizeof buffer);
      if (n <= 0) {
        close_if_open(fd);
        continue;
      }
      (i == 0 ? result.standard_output : result.standard_error).append(buffer, n);
    }
  }
  close_if_open(input_fd);
}

}  // namespace

ProcessResult run_process(const std::vector<std::string>& arguments,
                          const std::string& standard_input) {
  std::signal(SIGPIPE, SIG_IGN);  // a child that stops reading must not kill the test
  Pipe in, out, err;
  pid_t child = fork();
  if (child < 0) throw std::runtime_error("fork failed");
  if (child == 0) exec_child(arguments, in, out, err);
  close(in.read_end);
  close(out.write_end);
  close(err.write_end);
  ProcessResult result;
  pump(in.write_end, standard_input, out.read_end, err.read_end, result);
  int status = 0;
  rusage usage{};
  wait4(child, &status, 0, &usage);
  result.peak_rss_kib = usage.ru_maxrss;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

}  // namespace feedwatch::testing
