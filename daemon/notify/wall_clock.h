// The wall clock the delivery service reads: whole Unix seconds, the unit the
// outbox stores. Injected as a function so tests run backoff and give-up in
// simulated time. Plain function values; thread-safety is the callee's.
#pragma once

#include <functional>

#include "daemon/state/unix_time.h"

namespace feedwatch::notify {

using WallClock = std::function<state::UnixSeconds()>;

// The system clock (CLOCK_REALTIME), for the daemon.
state::UnixSeconds system_unix_seconds();

}  // namespace feedwatch::notify
