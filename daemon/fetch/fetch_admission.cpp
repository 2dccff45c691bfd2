#include "daemon/fetch/fetch_admission.h"

#include <cassert>
#include <iterator>

namespace feedwatch::fetch {

FetchAdmission::FetchAdmission(std::size_t concurrency, std::size_t per_host)
    : concurrency_(concurrency), per_host_(per_host) {
  assert(concurrency >= 1 && per_host >= 1);
}

void FetchAdmission::enqueue(Id id, const std::string& host) {
  HostState& state = hosts_[host];
  if (state.waiting.empty()) turn_order_.push_back(host);
  state.waiting.push_back(id);
  ++queued_;
}

bool FetchAdmission::host_has_room(const std::string& host, const HostState& state) const {
  return host.empty() || state.running < per_host_;
}

std::optional<FetchAdmission::Id> FetchAdmission::admit() {
  if (running_ >= concurrency_) return std::nullopt;
  // One pass over the hosts waiting their turn; those at their limit keep
  // their place in line.
  for (std::size_t tries = turn_order_.size(); tries > 0; --tries) {
    std::string host = std::move(turn_order_.front());
    turn_order_.pop_front();
    if (auto id = take_from_host(host)) return id;
    turn_order_.push_back(std::move(host));
  }
  return std::nullopt;
}

// REQUIRES: `host` was at the front of turn_order_ and has been popped from it.
std::optional<FetchAdmission::Id> FetchAdmission::take_from_host(const std::string& host) {
  HostState& state = hosts_[host];
  if (!host_has_room(host, state)) return std::nullopt;
  Id id = state.waiting.front();
  state.waiting.pop_front();
  --queued_;
  ++state.running;
  ++running_;
  if (!state.waiting.empty()) turn_order_.push_back(host);
  return id;
}

void FetchAdmission::finish(const std::string& host) {
  auto found = hosts_.find(host);
  assert(found != hosts_.end() && found->second.running > 0 && running_ > 0);
  --found->second.running;
  --running_;
  // Forget idle hosts so the map does not grow with every host ever fetched.
  if (found->second.running == 0 && found->second.waiting.empty()) hosts_.erase(found);
}

void FetchAdmission::clear_queue() {
  for (auto it = hosts_.begin(); it != hosts_.end();) {
    it->second.waiting.clear();
    it = it->second.running == 0 ? hosts_.erase(it) : std::next(it);
  }
  turn_order_.clear();
  queued_ = 0;
}

}  // namespace feedwatch::fetch
