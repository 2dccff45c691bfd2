#include "tests/support/background_process.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace feedwatch::testing {
namespace {

std::string read_whole(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Between fork and exec only async-signal-safe calls: open, dup2, execvp.
[[noreturn]] void exec_child(const std::vector<char*>& argv, const char* output_path,
                             const char* error_path) {
  int null_input = ::open("/dev/null", O_RDONLY);
  int output = ::open(output_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  int error = ::open(error_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (null_input < 0 || output < 0 || error < 0) _exit(126);
  dup2(null_input, 0);
  dup2(output, 1);
  dup2(error, 2);
  // The test runner may block or ignore signals; the daemon must start with
  // the defaults so that SIGTERM and SIGHUP behave as under systemd.
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  for (int signal_number : {SIGPIPE, SIGTERM, SIGINT, SIGHUP}) std::signal(signal_number, SIG_DFL);
  execvp(argv[0], argv.data());
  _exit(127);
}

}  // namespace

BackgroundProcess::BackgroundProcess(const std::vector<std::string>& arguments,
                                     std::filesystem::path standard_output_path,
                                     std::filesystem::path standard_error_path)
    : standard_output_path_(std::move(standard_output_path)),
      standard_error_path_(std::move(standard_error_path)) {
  // Everything the child needs is prepared before fork.
  std::vector<char*> argv;
  for (const auto& argument : arguments) argv.push_back(const_cast<char*>(argument.c_str()));
  argv.push_back(nullptr);
  std::string output_path = standard_output_path_.string();
  std::string error_path = standard_error_path_.string();
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) exec_child(argv, output_path.c_str(), error_path.c_str());
}

BackgroundProcess::~BackgroundProcess() {
  if (running()) kill_now();
}

void BackgroundProcess::reap(int status) {
  exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

bool BackgroundProcess::running() {
  if (exit_code_) return false;
  int status = 0;
  pid_t reaped = waitpid(pid_, &status, WNOHANG);
  if (reaped == pid_) {
    reap(status);
    return false;
  }
  return reaped == 0;
}

void BackgroundProcess::send_signal(int signal_number) {
  if (running()) ::kill(pid_, signal_number);
}

std::optional<int> BackgroundProcess::wait_for_exit(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (running()) {
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return exit_code_;
}

int BackgroundProcess::kill_now() {
  if (!running()) return *exit_code_;
  ::kill(pid_, SIGKILL);
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  reap(status);
  return *exit_code_;
}

std::string BackgroundProcess::standard_output() const { return read_whole(standard_output_path_); }

std::string BackgroundProcess::standard_error() const { return read_whole(standard_error_path_); }

}  // namespace feedwatch::testing
