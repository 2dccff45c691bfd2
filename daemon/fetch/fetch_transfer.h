// One fetch in progress: its easy handle, the response of the current hop,
// and the redirects followed so far (by hand, so each hop's status is seen).
// Owned by the HttpFetcher; the handle's callbacks point into this object, so
// it must not move while the handle is in a multi. Loop thread only.
#pragma once

#include <curl/curl.h>

#include <array>
#include <chrono>
#include <optional>
#include <string>

#include "daemon/fetch/curl_handles.h"
#include "daemon/fetch/fetch_request.h"
#include "daemon/fetch/fetch_result.h"

namespace feedwatch::fetch {

class FetchTransfer {
 public:
  static constexpr int kMaxRedirects = 5;

  // Throws std::bad_alloc when libcurl cannot allocate a handle.
  FetchTransfer(FetchRequest request, std::chrono::milliseconds queue_wait);
  FetchTransfer(const FetchTransfer&) = delete;
  FetchTransfer& operator=(const FetchTransfer&) = delete;

  CURL* handle() const { return handle_.get(); }

  // Sets the handle up for the first request; a result if it cannot even start.
  std::optional<FetchResult> start();

  // The handle's transfer ended with `code` (and has been removed from the
  // multi). Either the final result, or nullopt when the handle is now set up
  // for the next redirect hop and must be added again.
  std::optional<FetchResult> finish_hop(CURLcode code);

  FetchResult cancelled() const;
  FetchResult refused() const;  // the multi handle would not take the easy handle

 private:
  enum class Overflow { none, decompressed, on_the_wire };

  static std::size_t on_body(char* data, std::size_t size, std::size_t count, void* self);
  static int on_progress(void* self, curl_off_t, curl_off_t downloaded, curl_off_t, curl_off_t);

  void configure();
  std::optional<FetchResult> begin_hop(const std::string& url);
  std::optional<FetchResult> follow(long status, const std::string& location);
  FetchResult response(long status);
  void read_headers(FetchResult& result) const;
  FetchResult failure(CURLcode code);
  FetchResult base_result() const;
  FetchResult error(FetchErrorKind kind, const std::string& what) const;
  std::string header(const char* name) const;
  std::chrono::milliseconds elapsed() const;

  FetchRequest request_;
  std::chrono::milliseconds queue_wait_;
  std::chrono::steady_clock::time_point started_at_;
  CurlEasy handle_;
  CurlStringList request_headers_;
  std::array<char, CURL_ERROR_SIZE> error_buffer_{};
  std::string body_;
  Overflow overflow_ = Overflow::none;
  int redirect_count_ = 0;
  bool only_permanent_redirects_ = true;
  std::optional<std::string> permanent_redirect_;
};

}  // namespace feedwatch::fetch
