// How one HTTP POST of an alert ended, turned into a DeliveryOutcome (SPEC
// §5): 2xx delivered; 408, 429, 5xx, timeouts and connection errors
// transient (with Retry-After); 3xx and other 4xx permanent. Pure, so the
// whole table is testable without a network.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "daemon/notify/delivery_outcome.h"

namespace feedwatch::notify {

// What the transfer came to, in plain values (no libcurl types).
struct HttpExchange {
  enum class Failure {
    none,              // an HTTP response arrived: see status
    timed_out,         // the notifier's timeout passed
    connection,        // cannot resolve, connect, send or receive
    tls,               // handshake or certificate
    invalid_url,       // malformed or not http(s): fixing the config is the only cure
    other,             // anything else libcurl reports
  };
  Failure failure = Failure::none;
  std::string failure_detail;  // libcurl's words, for the message
  long status = 0;
  std::string retry_after;     // the header's raw value, "" when absent
  std::string location;        // for 3xx
  std::string body_excerpt;    // the first bytes of the response body
  std::chrono::milliseconds timeout{0};
};

// `notifier` is the configured name; `host` says where (never the whole
// URL: webhook URLs often carry their token in the path).
DeliveryOutcome classify_http_exchange(const std::string& notifier, const std::string& host,
                                       const HttpExchange& exchange,
                                       std::chrono::system_clock::time_point now);

// A short one-line excerpt of a response body for messages: control
// characters become spaces, at most `limit` bytes, cut on a UTF-8 boundary.
std::string body_excerpt(std::string_view body, std::size_t limit = 200);

}  // namespace feedwatch::notify
