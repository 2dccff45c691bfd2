#include "daemon/notify/exec_notifier.h"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cerrno>
#include <cstring>
#include <utility>

#include "daemon/notify/child_process.h"

namespace feedwatch::notify {

namespace asio = boost::asio;
using boost::system::error_code;

namespace {

constexpr std::size_t kStderrExcerpt = 400;       // bytes quoted in a failure message
constexpr std::size_t kFinalDrainLimit = 64 << 10;  // read after exit, then stop

std::string describe_status(int status) {
  if (WIFEXITED(status)) return "exited with code " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    const char* name = ::sigabbrev_np(WTERMSIG(status));
    return "was killed by signal " + std::to_string(WTERMSIG(status)) +
           (name ? std::string(" (SIG") + name + ")" : "");
  }
  return "ended with wait status " + std::to_string(status);
}

// The captured stderr as one readable line for a log message.
std::string excerpt_of(const std::string& captured, bool truncated) {
  std::string line;
  for (char c : captured) line += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  while (!line.empty() && line.back() == ' ') line.pop_back();
  if (line.empty()) return "";
  return "; stderr: " + line + (truncated ? " [...]" : "");
}

}  // namespace

// One run of the program: feeds stdin, collects stderr, waits for the exit
// (pidfd) and for the timeout. Kept alive by the handlers it has pending;
// once it has finished (or been abandoned) they do nothing.
class ExecNotifier::Run : public std::enable_shared_from_this<Run> {
 public:
  Run(asio::io_context& loop, ChildProcess child, std::string payload, std::string prefix,
      Completion on_done, std::function<void(const Run*)> forget)
      : pid_(child.pid),
        exit_watch_(loop, child.exit_watch.release()),
        input_(loop, child.standard_input.release()),
        errors_(loop, child.standard_error.release()),
        timer_(loop),
        payload_(std::move(payload)),
        prefix_(std::move(prefix)),
        on_done_(std::move(on_done)),
        forget_(std::move(forget)) {}

  void start(std::chrono::milliseconds timeout) {
    auto self = shared_from_this();
    timer_.expires_after(timeout);
    timer_.async_wait([self, timeout](const error_code& error) {
      if (!error) self->on_timeout(timeout);
    });
    exit_watch_.async_wait(asio::posix::stream_descriptor::wait_read,
                           [self](const error_code& error) {
                             if (!error) self->on_exit();
                           });
    read_errors();
    write_input();
  }

  // The notifier is going away: kill, reap, and never call back.
  void abandon() {
    if (finished_) return;
    finished_ = true;
    kill_and_reap(pid_);
    close_all();
  }

 private:
  void write_input() {
    while (written_ < payload_.size()) {
      ssize_t count = write_without_sigpipe(input_.native_handle(),
                                            std::string_view(payload_).substr(written_));
      if (count > 0) {
        written_ += static_cast<std::size_t>(count);
        continue;
      }
      if (count < 0 && errno == EINTR) continue;
      if (count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        input_.async_wait(asio::posix::stream_descriptor::wait_write,
                          [self = shared_from_this()](const error_code& error) {
                            if (!error && !self->finished_) self->write_input();
                          });
        return;
      }
      break;  // EPIPE: the program does not want its stdin, which is its right
    }
    error_code ignored;
    input_.close(ignored);  // EOF for the program
  }

  void read_errors() {
    errors_.async_read_some(asio::buffer(chunk_),
                            [self = shared_from_this()](const error_code& error, std::size_t n) {
                              if (self->finished_) return;
                              self->keep_errors(self->chunk_.data(), n);
                              if (!error) self->read_errors();
                            });
  }

  void keep_errors(const char* bytes, std::size_t count) {
    std::size_t room = kStderrExcerpt - std::min(kStderrExcerpt, errors_seen_.size());
    errors_seen_.append(bytes, std::min(room, count));
    if (count > room) errors_truncated_ = true;
  }

  // After the exit, whatever is already in the pipe; a grandchild that keeps
  // stderr open must not keep the delivery waiting.
  void drain_errors() {
    std::size_t drained = 0;
    while (drained < kFinalDrainLimit) {
      ssize_t count = ::read(errors_.native_handle(), drain_chunk_.data(), drain_chunk_.size());
      if (count < 0 && errno == EINTR) continue;
      if (count <= 0) break;
      keep_errors(drain_chunk_.data(), static_cast<std::size_t>(count));
      drained += static_cast<std::size_t>(count);
    }
  }

  void on_timeout(std::chrono::milliseconds timeout) {
    if (finished_) return;
    timed_out_ = true;
    ::kill(-pid_, SIGKILL);  // the exit watch then reports and reaps
    ::kill(pid_, SIGKILL);
    timeout_ms_ = timeout.count();
  }

  void on_exit() {
    if (finished_) return;
    std::optional<int> status = reap_if_exited(pid_);
    if (!status) {  // not reaped yet (should not happen once the pidfd is readable)
      exit_watch_.async_wait(asio::posix::stream_descriptor::wait_read,
                             [self = shared_from_this()](const error_code& error) {
                               if (!error) self->on_exit();
                             });
      return;
    }
    // Reads of stderr that completed in the same loop turn are queued
    // already; finishing behind them keeps their bytes in the excerpt.
    asio::post(exit_watch_.get_executor(),
               [self = shared_from_this(), status = *status] { self->finish(status); });
  }

  void finish(int status) {
    if (finished_) return;
    drain_errors();
    finished_ = true;
    close_all();
    DeliveryOutcome outcome = outcome_of(status);
    Completion on_done = std::move(on_done_);
    forget_(this);
    on_done(std::move(outcome));
  }

  DeliveryOutcome outcome_of(int status) const {
    std::string errors = excerpt_of(errors_seen_, errors_truncated_);
    if (timed_out_) {
      return DeliveryOutcome::transient(prefix_ + "did not finish within " +
                                        std::to_string(timeout_ms_) +
                                        " ms; killed it and its process group" + errors);
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
      return DeliveryOutcome::success(prefix_ + "exited with code 0");
    }
    return DeliveryOutcome::transient(prefix_ + describe_status(status) + errors);
  }

  void close_all() {
    error_code ignored;
    timer_.cancel();
    exit_watch_.close(ignored);
    input_.close(ignored);
    errors_.close(ignored);
  }

  pid_t pid_;
  asio::posix::stream_descriptor exit_watch_;
  asio::posix::stream_descriptor input_;
  asio::posix::stream_descriptor errors_;
  asio::steady_timer timer_;
  std::string payload_;
  std::size_t written_ = 0;
  std::array<char, 4096> chunk_{};        // the pending asynchronous read's
  std::array<char, 4096> drain_chunk_{};  // the final synchronous drain's
  std::string errors_seen_;
  bool errors_truncated_ = false;
  bool timed_out_ = false;
  long long timeout_ms_ = 0;
  bool finished_ = false;
  std::string prefix_;
  Completion on_done_;
  std::function<void(const Run*)> forget_;
};

ExecNotifier::ExecNotifier(asio::io_context& loop, std::string name,
                           std::vector<std::string> command, std::chrono::milliseconds timeout)
    : loop_(loop), name_(std::move(name)), command_(std::move(command)), timeout_(timeout) {}

ExecNotifier::~ExecNotifier() {
  for (auto& [key, run] : running_) run->abandon();
}

void ExecNotifier::deliver(const AlertDelivery& alert, Completion on_done) {
  std::string prefix = "notifier " + name_ + ": " + command_.front() + ": ";
  ChildProcess child = start_child(command_);
  if (child.pid < 0) {
    // Transient like the file notifier's missing folder: once the admin
    // installs the program or fixes its mode, the queued alerts arrive.
    on_done(DeliveryOutcome::transient(prefix + "cannot start it: " +
                                       std::strerror(child.error) +
                                       "; check the notifier's command: path and permissions"));
    return;
  }
  auto run = std::make_shared<Run>(loop_, std::move(child), alert.payload_json, prefix,
                                   std::move(on_done),
                                   [this](const Run* done) { running_.erase(done); });
  running_.emplace(run.get(), run);
  run->start(timeout_);
}

}  // namespace feedwatch::notify
