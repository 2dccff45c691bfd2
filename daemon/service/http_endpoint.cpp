#include "daemon/service/http_endpoint.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <chrono>

namespace feedwatch::service {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct HttpEndpoint::State : std::enable_shared_from_this<HttpEndpoint::State> {
  State(asio::io_context& io, HttpRoutes routes) : acceptor(io), routes(std::move(routes)) {}
  tcp::acceptor acceptor;
  HttpRoutes routes;
  bool stopped = false;
};

namespace {

constexpr auto kRequestTimeout = std::chrono::seconds(10);

// One connection: read requests and answer them until the peer closes,
// keep-alive ends, or it goes quiet for kRequestTimeout.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, std::shared_ptr<HttpEndpoint::State> endpoint)
      : stream_(std::move(socket)), endpoint_(std::move(endpoint)) {}

  void read_request() {
    request_ = {};
    stream_.expires_after(kRequestTimeout);
    http::async_read(stream_, buffer_, request_,
                     [self = shared_from_this()](beast::error_code error, std::size_t) {
                       if (!error) self->answer();
                     });
  }

 private:
  HttpResponse route() const {
    if (request_.method() != http::verb::get && request_.method() != http::verb::head) {
      return {405, "text/plain; charset=utf-8", "only GET is served here\n"};
    }
    std::string path(request_.target());
    path = path.substr(0, path.find('?'));
    auto found = endpoint_->routes.find(path);
    if (found == endpoint_->routes.end()) return {404, "text/plain; charset=utf-8", "not found\n"};
    return found->second();
  }

  void answer() {
    HttpResponse answer = route();
    response_ = {};
    response_.version(request_.version());
    response_.result(static_cast<unsigned>(answer.status));
    response_.set(http::field::content_type, answer.content_type);
    response_.set(http::field::server, "feedwatch");
    response_.keep_alive(request_.keep_alive());
    response_.body() = request_.method() == http::verb::head ? "" : std::move(answer.body);
    response_.prepare_payload();
    http::async_write(stream_, response_,
                      [self = shared_from_this()](beast::error_code error, std::size_t) {
                        if (error || !self->response_.keep_alive()) {
                          beast::error_code ignored;
                          self->stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
                          return;
                        }
                        self->read_request();
                      });
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> request_;
  http::response<http::string_body> response_;
  std::shared_ptr<HttpEndpoint::State> endpoint_;
};

void accept_next(const std::shared_ptr<HttpEndpoint::State>& state) {
  state->acceptor.async_accept([state](beast::error_code error, tcp::socket socket) {
    if (state->stopped) return;
    if (!error) std::make_shared<Session>(std::move(socket), state)->read_request();
    accept_next(state);
  });
}

std::variant<tcp::endpoint, std::string> resolve_listen(const std::string& listen) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) return "listen address '" + listen + "' needs HOST:PORT";
  std::string host = listen.substr(0, colon);
  if (host.size() > 1 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  beast::error_code error;
  auto address = asio::ip::make_address(host, error);
  if (error) return "listen address '" + listen + "': '" + host + "' is not an IP address";
  unsigned long port = 0;
  try {
    port = std::stoul(listen.substr(colon + 1));
  } catch (...) {
    port = 65536;
  }
  if (port > 65535) return "listen address '" + listen + "': bad port";
  return tcp::endpoint(address, static_cast<unsigned short>(port));
}

}  // namespace

std::variant<std::unique_ptr<HttpEndpoint>, std::string> HttpEndpoint::start(
    asio::io_context& io, const std::string& listen, HttpRoutes routes) {
  auto endpoint = resolve_listen(listen);
  if (auto* failure = std::get_if<std::string>(&endpoint)) return *failure;
  auto state = std::make_shared<State>(io, std::move(routes));
  beast::error_code error;
  auto& where = std::get<tcp::endpoint>(endpoint);
  state->acceptor.open(where.protocol(), error);
  if (!error) state->acceptor.set_option(asio::socket_base::reuse_address(true), error);
  if (!error) state->acceptor.bind(where, error);
  if (!error) state->acceptor.listen(asio::socket_base::max_listen_connections, error);
  if (error) return "cannot listen on " + listen + ": " + error.message();
  accept_next(state);
  return std::unique_ptr<HttpEndpoint>(new HttpEndpoint(std::move(state)));
}

HttpEndpoint::HttpEndpoint(std::shared_ptr<State> state) : state_(std::move(state)) {}

HttpEndpoint::~HttpEndpoint() {
  state_->stopped = true;
  beast::error_code ignored;
  state_->acceptor.close(ignored);
}

unsigned short HttpEndpoint::port() const { return state_->acceptor.local_endpoint().port(); }

}  // namespace feedwatch::service
