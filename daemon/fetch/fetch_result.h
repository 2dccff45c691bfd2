// What one fetch produced: the response the scheduler stores and parses, or
// an error kind it can act on (back off, disable, report). A plain value; an
// HTTP error status is a result like any other, never an exception.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace feedwatch::fetch {

enum class FetchErrorKind {
  none,                // 2xx with a body, or 304 Not Modified
  timeout,             // the request's timeout ran out
  too_large,           // the body passed max_body (declared, on the wire or decompressed)
  connection,          // DNS, refused, reset, broken HTTP framing
  tls,                 // handshake or certificate verification failed
  http_status,         // the final response was not 2xx or 304; see `status`
  too_many_redirects,  // a sixth redirect
  invalid_url,         // malformed or unsupported URL, also as a redirect target
  file,                // a file:// URL could not be read
  cancelled,           // HttpFetcher::cancel_all() or shutdown
  other,               // anything libcurl reports that fits none of the above
};

std::string_view error_kind_name(FetchErrorKind kind);

struct FetchResult {
  std::string requested_url;
  std::string final_url;  // after redirects
  long status = 0;        // HTTP status of the final response; file:// reads report 200
  std::string body;       // empty for 304 and for errors
  std::string content_type;
  std::string content_location;
  // The validators to send next time: the response's, or on a 304 that omits
  // them, the request's (so the caller can store them unconditionally).
  std::string etag;
  std::string last_modified;
  std::optional<std::chrono::seconds> retry_after;  // from Retry-After, either form
  // Set when every redirect up to some hop was permanent (301/308): the URL
  // the subscription should move to. A permanent hop after a temporary one
  // does not count, since the original URL remains the one to poll.
  std::optional<std::string> permanent_redirect;
  int redirect_count = 0;
  std::chrono::milliseconds elapsed{0};     // from leaving the queue to completion
  std::chrono::milliseconds queue_wait{0};  // time spent waiting for a free slot
  FetchErrorKind error = FetchErrorKind::none;
  std::string error_message;  // names the URL: "https://x/feed: timed out after 30s"

  bool ok() const { return error == FetchErrorKind::none; }
  bool not_modified() const { return ok() && status == 304; }
};

}  // namespace feedwatch::fetch
