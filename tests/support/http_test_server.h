// A real HTTP/1.1 server on loopback for tests: routes are lambdas the test
// registers; every request received is recorded. It runs on its own thread
// and io_context and stops when destroyed. All public members are thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace feedwatch::test {

struct HttpTestRequest {
  std::string method;
  std::string target;                          // path and query, as sent
  std::string path;                            // target without the query
  std::string host;                            // Host header without the port
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;

  // The header's value, or "" when absent. `name` in any case.
  std::string header(std::string_view name) const;
};

struct HttpTestResponse {
  int status = 200;
  // Sent as given. "Connection: close" closes the connection after this
  // response; a Content-Length here is sent even if it does not match.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds delay{0};  // wait this long before answering
  bool chunked = false;                // Transfer-Encoding: chunked instead of Content-Length
};

using HttpTestHandler = std::function<HttpTestResponse(const HttpTestRequest&)>;

struct HttpTestServerOptions {
  // Every address listens on the same (ephemeral) port. Extra loopback
  // addresses such as 127.0.0.2 give tests several distinct hosts.
  std::vector<std::string> addresses = {"127.0.0.1"};
};

class HttpTestServer {
 public:
  explicit HttpTestServer(HttpTestServerOptions options = {});
  ~HttpTestServer();
  HttpTestServer(const HttpTestServer&) = delete;
  HttpTestServer& operator=(const HttpTestServer&) = delete;

  // Answers requests whose path equals `path` (the query is ignored). A later
  // route for the same path replaces the earlier one. Unrouted paths get 404.
  void route(std::string path, HttpTestHandler handler);
  // Shorthand: always the same response.
  void serve(std::string path, HttpTestResponse response);

  unsigned short port() const { return port_; }
  // "http://HOST:PORT" + path, HOST defaulting to the first address.
  std::string url(std::string_view path, std::string_view host = {}) const;

  std::vector<HttpTestRequest> requests() const;
  std::size_t request_count(std::string_view path) const;
  // The most requests ever being answered at once (delays included), in all
  // or for one Host.
  std::size_t peak_concurrency(std::string_view host = {}) const;

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;
  unsigned short port_ = 0;
  std::string first_address_;
};

}  // namespace feedwatch::test
