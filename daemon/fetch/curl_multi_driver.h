// Runs a libcurl multi handle on an Asio io_context with the multi-socket API:
// curl says which sockets to watch and when its timer fires; Asio waits on
// exactly those, so there is no polling and no thread per transfer. Owns the
// CURLM; the caller owns the easy handles. Not thread-safe: loop thread only.
#pragma once

#include <curl/curl.h>

#include <functional>
#include <memory>

namespace boost::asio {
class io_context;
}

namespace feedwatch::fetch {

class CurlMultiDriver {
 public:
  // Called once per finished transfer, outside any libcurl callback, so it may
  // add and remove handles.
  using Completion = std::function<void(CURL* handle, CURLcode result)>;

  // REQUIRES: `loop` outlives the driver.
  CurlMultiDriver(boost::asio::io_context& loop, Completion on_complete);
  // REQUIRES: every added handle has been removed.
  ~CurlMultiDriver();
  CurlMultiDriver(const CurlMultiDriver&) = delete;
  CurlMultiDriver& operator=(const CurlMultiDriver&) = delete;

  // Starts the transfer `handle` is set up for; false if libcurl refused it.
  bool add(CURL* handle);
  // Stops a transfer, finished or not. Never calls the completion.
  void remove(CURL* handle);

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;  // shared so pending Asio handlers can see it is gone
};

}  // namespace feedwatch::fetch
