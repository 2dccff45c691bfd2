// StoragePause: the delivery service's account of a state database that
// refuses writes (a full disk, an I/O error, a read-only remount). While it
// lasts nothing new is sent, and the writes owed are tried again after 1 s,
// then after twice as long each time, up to the retry policy's `max`, until
// one goes through. Pure bookkeeping over the caller's clock; not
// thread-safe (the delivery service uses it on its loop).
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "daemon/state/unix_time.h"

namespace feedwatch::notify {

struct StorageFailure {
  std::string message;           // the last error; names the state file and SQLite's reason
  state::UnixSeconds since = 0;  // when the first write of this pause failed
  int failed_tries = 0;          // rounds of writes that failed in a row
};

class StoragePause {
 public:
  static constexpr std::chrono::seconds kFirstWait{1};

  // `longest_wait`: the retry policy's max (at least kFirstWait is used).
  explicit StoragePause(std::chrono::milliseconds longest_wait);

  // A round of writes failed at `now` with `message`: the pause begins or
  // goes on. Returns the wait before the next round: kFirstWait after the
  // first failure, doubling after each further one, capped.
  std::chrono::seconds failed(std::string message, state::UnixSeconds now);
  // A round went through: the pause ends. Returns what it was, if any.
  std::optional<StorageFailure> succeeded();

  bool paused() const { return failure_.has_value(); }
  const std::optional<StorageFailure>& failure() const { return failure_; }

 private:
  std::chrono::seconds wait_after(int failed_tries) const;

  std::chrono::seconds longest_wait_;
  std::optional<StorageFailure> failure_;
};

}  // namespace feedwatch::notify
