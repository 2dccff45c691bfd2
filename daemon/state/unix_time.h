// Time as the state store sees it: whole seconds since the Unix epoch, always
// passed in by the caller and never read from a clock inside the store, so
// schedules and backoff can be tested in simulated time.
#pragma once

#include <cstdint>

namespace feedwatch::state {

using UnixSeconds = std::int64_t;

}  // namespace feedwatch::state
