// The daemon's small HTTP endpoint (SPEC §7): serves /metrics and /healthz
// with Boost.Beast on the daemon's own io_context, so it needs no thread.
// Handlers run on the io_context's thread and must be quick.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <variant>

namespace boost::asio {
class io_context;
}

namespace feedwatch::service {

struct HttpResponse {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
};

// Exact paths ("/metrics") to the handler that answers GET requests to them.
using HttpRoutes = std::map<std::string, std::function<HttpResponse()>>;

class HttpEndpoint {
 public:
  // Listens on "HOST:PORT" (port 0 picks a free one). Returns an error
  // naming the address when it cannot listen.
  static std::variant<std::unique_ptr<HttpEndpoint>, std::string> start(
      boost::asio::io_context& io, const std::string& listen, HttpRoutes routes);

  ~HttpEndpoint();
  HttpEndpoint(const HttpEndpoint&) = delete;
  HttpEndpoint& operator=(const HttpEndpoint&) = delete;

  unsigned short port() const;

  struct State;

 private:
  explicit HttpEndpoint(std::shared_ptr<State> state);
  std::shared_ptr<State> state_;
};

}  // namespace feedwatch::service
