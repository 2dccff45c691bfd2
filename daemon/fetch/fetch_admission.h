// Decides which queued fetch may start next under two limits: `concurrency`
// running in all and `per_host` running per host. FIFO within a host, round
// robin across hosts, so one host with a thousand feeds cannot starve the
// rest. Pure bookkeeping over ids, no I/O; not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <unordered_map>

namespace feedwatch::fetch {

class FetchAdmission {
 public:
  using Id = std::uint64_t;

  // REQUIRES: both limits at least 1.
  FetchAdmission(std::size_t concurrency, std::size_t per_host);

  // Queues `id` for `host`. An empty host (file://) has no per-host limit.
  void enqueue(Id id, const std::string& host);

  // The next id allowed to start, now counted as running; nullopt when the
  // queue is empty or every waiting host is at its limit.
  std::optional<Id> admit();

  // A running fetch for `host` ended; its slot is free again.
  void finish(const std::string& host);

  // Forgets every queued id (running ones stay counted until finish()).
  void clear_queue();

  std::size_t running() const { return running_; }
  std::size_t queued() const { return queued_; }

 private:
  struct HostState {
    std::deque<Id> waiting;
    std::size_t running = 0;
  };

  bool host_has_room(const std::string& host, const HostState& state) const;
  std::optional<Id> take_from_host(const std::string& host);

  std::size_t concurrency_;
  std::size_t per_host_;
  std::size_t running_ = 0;
  std::size_t queued_ = 0;
  std::unordered_map<std::string, HostState> hosts_;
  std::deque<std::string> turn_order_;  // hosts with waiting ids, next turn first
};

}  // namespace feedwatch::fetch
