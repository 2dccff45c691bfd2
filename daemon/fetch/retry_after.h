// Parses an HTTP Retry-After value (RFC 9110 §10.2.3): delta-seconds or an
// HTTP-date. Pure function; `now` is passed in so tests need no real clock.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace feedwatch::fetch {

// The wait the server asked for, or nullopt when `value` is neither form.
// A date in the past yields zero seconds.
std::optional<std::chrono::seconds> parse_retry_after(std::string_view value,
                                                      std::chrono::system_clock::time_point now);

}  // namespace feedwatch::fetch
