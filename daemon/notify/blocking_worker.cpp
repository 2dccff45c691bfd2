// The job runs on a one-thread pool; its outcome and its timeout race on the
// loop's thread, where a flag lets only the first one through. The pool
// thread never touches the timer or the callback, it only moves them along.
#include "daemon/notify/blocking_worker.h"

#include <pthread.h>
#include <signal.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <utility>

namespace feedwatch::notify {
namespace {

// One job's completion, shared by the timer handler and the posted outcome;
// used on the loop's thread only.
struct PendingCompletion {
  PendingCompletion(boost::asio::io_context& loop, Notifier::Completion done,
                    std::weak_ptr<void> worker)
      : timer(loop), on_done(std::move(done)), worker_alive(std::move(worker)) {}

  boost::asio::steady_timer timer;
  Notifier::Completion on_done;
  std::weak_ptr<void> worker_alive;  // expired once the worker is destroyed
  bool finished = false;
};

void finish(PendingCompletion& pending, DeliveryOutcome outcome) {
  if (pending.finished || pending.worker_alive.expired()) return;
  pending.finished = true;
  pending.timer.cancel();
  // Moved out first: the callback may destroy what owns this completion.
  Notifier::Completion on_done = std::move(pending.on_done);
  on_done(std::move(outcome));
}

// A write to a pipe whose reader is gone raises SIGPIPE in the writing
// thread, which would end the daemon; blocked, the write fails with EPIPE,
// an error value like any other.
void block_broken_pipe_signal() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
}

}  // namespace

class BlockingWorker::Impl {
 public:
  explicit Impl(boost::asio::io_context& loop) : loop_(loop) {
    boost::asio::post(pool_, block_broken_pipe_signal);  // the first job of the one thread
  }

  void run(Job job, std::chrono::milliseconds timeout, DeliveryOutcome on_timeout,
           Notifier::Completion on_done);

 private:
  boost::asio::io_context& loop_;
  // Completions check it, so none is called after the worker is gone.
  std::shared_ptr<void> alive_ = std::make_shared<char>();
  // One thread: jobs run in order, so appended lines keep the order in
  // which deliveries started, and a slow disk costs one thread, not many.
  boost::asio::thread_pool pool_{1};
};

void BlockingWorker::Impl::run(Job job, std::chrono::milliseconds timeout,
                               DeliveryOutcome on_timeout, Notifier::Completion on_done) {
  auto pending = std::make_shared<PendingCompletion>(loop_, std::move(on_done), alive_);
  pending->timer.expires_after(timeout);
  pending->timer.async_wait(
      [pending, on_timeout = std::move(on_timeout)](const boost::system::error_code& error) {
        if (!error) finish(*pending, on_timeout);
      });
  boost::asio::post(
      pool_, [job = std::move(job), pending = std::move(pending), loop = &loop_]() mutable {
        DeliveryOutcome outcome = job();
        // The pending completion moves on to the loop, so its timer is never
        // destroyed on this thread.
        boost::asio::post(*loop, [pending = std::move(pending), outcome = std::move(outcome)] {
          finish(*pending, outcome);
        });
      });
}

BlockingWorker::BlockingWorker(boost::asio::io_context& loop)
    : impl_(std::make_unique<Impl>(loop)) {}

BlockingWorker::~BlockingWorker() = default;

void BlockingWorker::run(Job job, std::chrono::milliseconds timeout, DeliveryOutcome on_timeout,
                         Notifier::Completion on_done) {
  impl_->run(std::move(job), timeout, std::move(on_timeout), std::move(on_done));
}

}  // namespace feedwatch::notify
