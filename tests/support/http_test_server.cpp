// Boost.Beast, callback style: one Session per accepted connection reads a
// request, asks the route for a response, waits out its delay, writes it and
// reads again while the client keeps the connection alive.
#include "tests/support/http_test_server.h"

#include <algorithm>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <mutex>
#include <thread>

namespace feedwatch::test {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using asio::ip::tcp;
using boost::system::error_code;

std::string lower_case(std::string_view text) {
  std::string lowered(text);
  std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lowered;
}

std::string_view view(boost::beast::string_view text) { return {text.data(), text.size()}; }

std::string host_without_port(std::string_view host) {
  if (host.starts_with("[")) return std::string(host.substr(0, host.find(']') + 1));
  return std::string(host.substr(0, host.find(':')));
}

HttpTestRequest record_of(const http::request<http::string_body>& request) {
  HttpTestRequest record;
  record.method = std::string(view(request.method_string()));
  record.target = std::string(view(request.target()));
  record.path = record.target.substr(0, record.target.find('?'));
  record.host = host_without_port(view(request[http::field::host]));
  for (const auto& field : request)
    record.headers[lower_case(view(field.name_string()))] = std::string(view(field.value()));
  record.body = request.body();
  return record;
}

}  // namespace

std::string HttpTestRequest::header(std::string_view name) const {
  auto found = headers.find(lower_case(name));
  return found == headers.end() ? std::string() : found->second;
}

class HttpTestServer::Impl {
 public:
  class Session;

  explicit Impl(const HttpTestServerOptions& options);
  ~Impl();

  unsigned short port() const { return port_; }
  void route(std::string path, HttpTestHandler handler);
  HttpTestResponse answer(const HttpTestRequest& request);
  void begin_request(const std::string& host);
  void end_request(const std::string& host);
  std::vector<HttpTestRequest> requests() const;
  std::size_t peak_concurrency(std::string_view host) const;

 private:
  void listen(const std::string& address);
  void accept(tcp::acceptor& acceptor);

  // The shared state comes first so it outlives io_: destroying io_ destroys
  // abandoned sessions, which still report to it.
  mutable std::mutex mutex_;
  std::map<std::string, HttpTestHandler> routes_;
  std::vector<HttpTestRequest> requests_;
  std::map<std::string, std::size_t> in_flight_by_host_;
  std::map<std::string, std::size_t> peak_by_host_;
  std::size_t in_flight_ = 0;
  std::size_t peak_ = 0;

  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> work_;
  std::vector<std::unique_ptr<tcp::acceptor>> acceptors_;
  unsigned short port_ = 0;
  std::thread thread_;
};

class HttpTestServer::Impl::Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Impl& server)
      : socket_(std::move(socket)), timer_(socket_.get_executor()), server_(server) {}
  ~Session() {
    if (counted_) server_.end_request(current_host_);
  }

  void read() {
    request_ = {};
    http::async_read(
        socket_, buffer_, request_,
        [self = shared_from_this()](error_code error, std::size_t) { self->on_read(error); });
  }

 private:
  void on_read(const error_code& error) {
    if (error) return;  // closed by the client, or garbage: drop the connection
    HttpTestRequest record = record_of(request_);
    current_host_ = record.host;
    counted_ = true;
    server_.begin_request(current_host_);
    HttpTestResponse response = server_.answer(record);
    build(response);
    timer_.expires_after(response.delay);
    timer_.async_wait([self = shared_from_this()](error_code) { self->write(); });
  }

  void build(const HttpTestResponse& response) {
    response_ = {};
    response_.version(request_.version());
    response_.result(static_cast<unsigned>(response.status));
    bool has_length = false;
    bool has_connection = false;
    for (const auto& [name, value] : response.headers) {
      response_.insert(name, value);
      has_length = has_length || lower_case(name) == "content-length";
      has_connection = has_connection || lower_case(name) == "connection";
    }
    response_.body() = response.body;
    // A test's own "Connection: close" wins over the client's keep-alive.
    if (!has_connection) response_.keep_alive(request_.keep_alive());
    if (response.chunked) {
      response_.chunked(true);
    } else if (!has_length) {
      response_.prepare_payload();
    }
  }

  void write() {
    http::async_write(
        socket_, response_,
        [self = shared_from_this()](error_code error, std::size_t) { self->on_written(error); });
  }

  void on_written(const error_code& error) {
    counted_ = false;
    server_.end_request(current_host_);
    current_host_.clear();
    if (error || !response_.keep_alive()) {
      error_code ignored;
      socket_.shutdown(tcp::socket::shutdown_send, ignored);
      return;
    }
    read();
  }

  tcp::socket socket_;
  asio::steady_timer timer_;
  Impl& server_;
  boost::beast::flat_buffer buffer_;
  http::request<http::string_body> request_;
  http::response<http::string_body> response_;
  std::string current_host_;
  bool counted_ = false;  // between begin_request and end_request
};

HttpTestServer::Impl::Impl(const HttpTestServerOptions& options) : work_(io_.get_executor()) {
  for (const std::string& address : options.addresses) listen(address);
  thread_ = std::thread([this] { io_.run(); });
}

HttpTestServer::Impl::~Impl() {
  // Sessions still waiting (a delayed answer, a kept-alive connection) are
  // abandoned: stopping the loop destroys them with the io_context.
  io_.stop();
  thread_.join();
}

void HttpTestServer::Impl::listen(const std::string& address) {
  auto acceptor = std::make_unique<tcp::acceptor>(io_);
  tcp::endpoint endpoint(asio::ip::make_address(address), port_);
  acceptor->open(endpoint.protocol());
  acceptor->set_option(tcp::acceptor::reuse_address(true));
  acceptor->bind(endpoint);
  acceptor->listen();
  port_ = acceptor->local_endpoint().port();
  accept(*acceptor);
  acceptors_.push_back(std::move(acceptor));
}

void HttpTestServer::Impl::accept(tcp::acceptor& acceptor) {
  acceptor.async_accept([this, &acceptor](error_code error, tcp::socket socket) {
    if (error) return;
    std::make_shared<Session>(std::move(socket), *this)->read();
    accept(acceptor);
  });
}

void HttpTestServer::Impl::route(std::string path, HttpTestHandler handler) {
  std::lock_guard lock(mutex_);
  routes_[std::move(path)] = std::move(handler);
}

HttpTestResponse HttpTestServer::Impl::answer(const HttpTestRequest& request) {
  HttpTestHandler handler;
  {
    std::lock_guard lock(mutex_);
    requests_.push_back(request);
    auto found = routes_.find(request.path);
    if (found != routes_.end()) handler = found->second;
  }
  // Called unlocked, so a handler may query the server.
  if (!handler)
    return HttpTestResponse{404, {{"Content-Type", "text/plain"}}, "no route for " + request.path};
  return handler(request);
}

void HttpTestServer::Impl::begin_request(const std::string& host) {
  std::lock_guard lock(mutex_);
  peak_ = std::max(peak_, ++in_flight_);
  auto& for_host = in_flight_by_host_[host];
  peak_by_host_[host] = std::max(peak_by_host_[host], ++for_host);
}

void HttpTestServer::Impl::end_request(const std::string& host) {
  std::lock_guard lock(mutex_);
  --in_flight_;
  --in_flight_by_host_[host];
}

std::vector<HttpTestRequest> HttpTestServer::Impl::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

std::size_t HttpTestServer::Impl::peak_concurrency(std::string_view host) const {
  std::lock_guard lock(mutex_);
  if (host.empty()) return peak_;
  auto found = peak_by_host_.find(std::string(host));
  return found == peak_by_host_.end() ? 0 : found->second;
}

HttpTestServer::HttpTestServer(HttpTestServerOptions options)
    : impl_(std::make_shared<Impl>(options)),
      port_(impl_->port()),
      first_address_(options.addresses.front()) {}

HttpTestServer::~HttpTestServer() = default;

void HttpTestServer::route(std::string path, HttpTestHandler handler) {
  impl_->route(std::move(path), std::move(handler));
}

void HttpTestServer::serve(std::string path, HttpTestResponse response) {
  route(std::move(path), [response](const HttpTestRequest&) { return response; });
}

std::string HttpTestServer::url(std::string_view path, std::string_view host) const {
  std::string name(host.empty() ? std::string_view(first_address_) : host);
  return "http://" + name + ":" + std::to_string(port_) + std::string(path);
}

std::vector<HttpTestRequest> HttpTestServer::requests() const { return impl_->requests(); }

std::size_t HttpTestServer::request_count(std::string_view path) const {
  auto all = requests();
  return static_cast<std::size_t>(
      std::count_if(all.begin(), all.end(),
                    [&](const HttpTestRequest& request) { return request.path == path; }));
}

std::size_t HttpTestServer::peak_concurrency(std::string_view host) const {
  return impl_->peak_concurrency(host);
}

}  // namespace feedwatch::test
