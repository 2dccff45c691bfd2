#include "daemon/notify/storage_pause.h"

#include <algorithm>
#include <utility>

namespace feedwatch::notify {

StoragePause::StoragePause(std::chrono::milliseconds longest_wait)
    : longest_wait_(std::max(std::chrono::floor<std::chrono::seconds>(longest_wait), kFirstWait)) {}

std::chrono::seconds StoragePause::failed(std::string message, state::UnixSeconds now) {
  if (!failure_) failure_ = StorageFailure{{}, now, 0};
  failure_->message = std::move(message);
  ++failure_->failed_tries;
  return wait_after(failure_->failed_tries);
}

std::optional<StorageFailure> StoragePause::succeeded() { return std::exchange(failure_, std::nullopt); }

// Doubling stops at the cap, so it cannot overflow however long the pause.
std::chrono::seconds StoragePause::wait_after(int failed_tries) const {
  std::chrono::seconds wait = kFirstWait;
  for (int tries = 1; tries < failed_tries && wait < longest_wait_; ++tries) wait *= 2;
  return std::min(wait, longest_wait_);
}

}  // namespace feedwatch::notify
