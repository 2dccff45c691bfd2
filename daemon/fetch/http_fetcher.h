// The daemon's concurrent fetcher: libcurl's multi interface driven by an
// io_context the caller owns (the same loop runs timers and the HTTP endpoint).
// Not thread-safe: construct, call and destroy it on the loop's thread; every
// on_done callback runs there too, posted, never inside fetch() itself.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>

#include "daemon/fetch/fetch_request.h"
#include "daemon/fetch/fetch_result.h"

namespace boost::asio {
class io_context;
}

namespace feedwatch::fetch {

struct HttpFetcherLimits {
  std::size_t concurrency = 32;  // parallel fetches in all
  // Parallel fetches per host name (any port), counted for the host the fetch
  // started with even if it redirects elsewhere; not applied to file://.
  std::size_t per_host = 2;
};

class HttpFetcher {
 public:
  using Completion = std::function<void(FetchResult)>;

  // REQUIRES: `loop` outlives this fetcher; limits are at least 1.
  HttpFetcher(boost::asio::io_context& loop, HttpFetcherLimits limits);
  // Drops running and queued fetches without calling their callbacks
  // (results already posted to the loop are still delivered).
  ~HttpFetcher();
  HttpFetcher(const HttpFetcher&) = delete;
  HttpFetcher& operator=(const HttpFetcher&) = delete;

  // Starts the fetch now or queues it behind others for the same host (FIFO
  // per host, round robin across hosts). `on_done` is called exactly once,
  // unless the fetcher is destroyed first.
  void fetch(FetchRequest request, Completion on_done);

  // Ends every running and queued fetch; each callback receives
  // FetchErrorKind::cancelled. The fetcher stays usable.
  void cancel_all();

  std::size_t running_count() const;
  std::size_t queued_count() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace feedwatch::fetch
