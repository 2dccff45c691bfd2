#include "daemon/service/config_reloader.h"

#include <sys/resource.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <mutex>
#include <system_error>
#include <thread>

namespace feedwatch::service {

// What the loop and a load's thread share: whether the reloader is gone.
struct ConfigReloader::Shared {
  std::mutex mutex;
  bool abandoned = false;  // set on the loop; read by the thread before it posts
};

namespace {

// Compiling rules is background work: the loop and the processing pool
// (matching, committing) come first on a busy machine.
void lower_this_thread_priority() {
  constexpr int kNiceness = 10;
  setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), kNiceness);  // best effort
}

}  // namespace

ConfigReloader::ConfigReloader(boost::asio::io_context& loop, Load load, Done done)
    : loop_(loop), load_(std::move(load)), done_(std::move(done)), shared_(std::make_shared<Shared>()) {}

ConfigReloader::~ConfigReloader() {
  std::lock_guard lock(shared_->mutex);
  shared_->abandoned = true;
}

void ConfigReloader::request() {
  if (busy_) {
    again_ = true;
    return;
  }
  start();
}

void ConfigReloader::start() {
  busy_ = true;
  try {
    run_detached();
  } catch (const std::system_error& failure) {  // no thread to be had: say so, keep the old configuration
    finish(PreparedConfiguration{nullptr, {std::string("cannot start a thread to load the configuration: ") +
                                           failure.what()}});
  }
}

void ConfigReloader::run_detached() {
  // Detached: a stop must not wait for a compile. Everything the thread
  // uses it owns, or shares through `shared`.
  std::thread([this, shared = shared_, load = load_, &loop = loop_] {
    lower_this_thread_priority();
    PreparedConfiguration prepared = load();
    std::lock_guard lock(shared->mutex);
    if (shared->abandoned) return;
    boost::asio::post(loop, [this, shared, prepared = std::move(prepared)]() mutable {
      if (!shared->abandoned) finish(std::move(prepared));  // both run on the loop: no race
    });
  }).detach();
}

void ConfigReloader::finish(PreparedConfiguration prepared) {
  busy_ = false;
  done_(std::move(prepared));
  if (again_) {
    again_ = false;
    start();
  }
}

}  // namespace feedwatch::service
