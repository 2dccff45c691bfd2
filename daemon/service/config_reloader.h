// ConfigReloader: prepares a new configuration (read, validated, rules
// compiled) on a thread of its own, so the event loop goes on fetching,
// delivering and answering /healthz while a costly rule set compiles; the
// old configuration runs until the new one is ready, then `done` gets it on
// the loop. One load at a time: a request during a load starts one more when
// it ends. Loop-thread only; `load` runs on the reloader's thread and must
// not touch the loop's objects.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "daemon/service/feed_service.h"

namespace boost::asio {
class io_context;
}

namespace feedwatch::service {

// A prepared configuration, or why there is none.
struct PreparedConfiguration {
  std::shared_ptr<const ActiveConfiguration> active;  // null when invalid
  std::vector<std::string> problems;                  // "FILE:LINE:COL: message", to log
};

class ConfigReloader {
 public:
  using Load = std::function<PreparedConfiguration()>;
  using Done = std::function<void(PreparedConfiguration)>;

  // REQUIRES: `loop` outlives the reloader.
  ConfigReloader(boost::asio::io_context& loop, Load load, Done done);
  // A load still running is abandoned: its thread finishes alone and its
  // result is dropped (see busy()).
  ~ConfigReloader();
  ConfigReloader(const ConfigReloader&) = delete;
  ConfigReloader& operator=(const ConfigReloader&) = delete;

  // Starts a load, or queues one after the load under way.
  void request();
  // Whether a load is under way. A process that exits while one is must
  // not run static destructors under its thread (std::quick_exit).
  bool busy() const { return busy_; }

 private:
  struct Shared;

  void start();
  void run_detached();
  void finish(PreparedConfiguration prepared);

  boost::asio::io_context& loop_;
  Load load_;
  Done done_;
  std::shared_ptr<Shared> shared_;
  bool busy_ = false;
  bool again_ = false;
};

}  // namespace feedwatch::service
