// BlockingWorker: runs a notifier's blocking jobs (write, fsync) one at a
// time on its own thread, so the event loop never waits on a disk or a full
// pipe, and posts each outcome back to the loop. Owned by one notifier;
// run() and every callback belong to the loop's thread.
#pragma once

#include <chrono>
#include <functional>
#include <memory>

#include "daemon/notify/delivery_outcome.h"
#include "daemon/notify/notifier.h"

namespace boost::asio {
class io_context;
}

namespace feedwatch::notify {

class BlockingWorker {
 public:
  using Job = std::function<DeliveryOutcome()>;

  // REQUIRES: `loop` outlives the worker.
  explicit BlockingWorker(boost::asio::io_context& loop);
  // Waits for the job that is running (it cannot be interrupted) and drops
  // the queued ones without calling their callbacks.
  ~BlockingWorker();
  BlockingWorker(const BlockingWorker&) = delete;
  BlockingWorker& operator=(const BlockingWorker&) = delete;

  // Queues `job` behind the others and calls `on_done` on the loop's thread
  // with its outcome, or with `on_timeout` if the job has not finished
  // `timeout` after this call (its late outcome is then dropped: at least
  // once delivery may repeat it). `on_done` is never called inside run().
  void run(Job job, std::chrono::milliseconds timeout, DeliveryOutcome on_timeout,
           Notifier::Completion on_done);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace feedwatch::notify
