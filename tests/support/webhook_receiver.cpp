// Boost.Beast, callback style, one Session per connection; the behaviour is
// read under the mutex when a request arrives, so tests may change it from
// their own thread at any time.
#include "tests/support/webhook_receiver.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <condition_variable>
#include <cstdio>
#include <future>
#include <mutex>
#include <set>
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

struct Answer {
  int status = 200;
  std::string retry_after;
  std::string body;
  std::chrono::milliseconds delay{0};
};

}  // namespace

std::string expected_signature(std::string_view secret, std::string_view body) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(body.data()), body.size(), digest, &length);
  std::string hex = "sha256=";
  char byte[3];
  for (unsigned int i = 0; i < length; ++i) {
    std::snprintf(byte, sizeof byte, "%02x", digest[i]);
    hex += byte;
  }
  return hex;
}

std::string WebhookRequest::header(std::string_view name) const {
  auto found = headers.find(lower_case(name));
  return found == headers.end() ? std::string() : found->second;
}

class WebhookReceiver::Impl : public std::enable_shared_from_this<Impl> {
 public:
  class Session;

  Impl() : acceptor_(loop_), down_timer_(loop_) {}

  unsigned short listen(unsigned short port) {
    tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), port);
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen();
    return acceptor_.local_endpoint().port();
  }

  void start() {
    accept();
    thread_ = std::thread([self = shared_from_this()] { self->loop_.run(); });
  }

  void stop() {
    asio::post(loop_, [self = shared_from_this()] {
      self->down_timer_.cancel();
      self->close_everything();
    });
    // No loop_.stop(): with everything closed the loop runs out of work once
    // the aborted handlers have run, so none is left holding the Impl.
    work_.reset();
    if (thread_.joinable()) thread_.join();
  }

  void accept() {
    acceptor_.async_accept([self = shared_from_this()](error_code error, tcp::socket socket) {
      if (error) return;  // closed: down or stopping
      self->begin_session(std::move(socket));
      self->accept();
    });
  }

  void begin_session(tcp::socket socket);

  void go_down_for(std::chrono::milliseconds downtime) {
    std::promise<void> closed;
    auto done = closed.get_future();
    asio::post(loop_, [self = shared_from_this(), downtime, &closed] {
      self->close_everything();
      self->down_timer_.expires_after(downtime);
      self->down_timer_.async_wait([self](error_code error) {
        if (error) return;
        self->listen(self->port_);
        self->accept();
      });
      closed.set_value();
    });
    done.wait();  // down when this returns
  }

  Answer answer_for(WebhookRequest& record) {
    std::lock_guard lock(mutex_);
    Answer answer;
    answer.delay = delay_;
    if (failures_left_ > 0) {
      --failures_left_;
      answer.status = failure_status_;
      answer.retry_after = failure_retry_after_;
    } else {
      answer.status = always_status_;
      answer.body = always_body_;
    }
    if (secret_) {
      record.signature_valid =
          record.header("x-feedwatch-signature-256") == expected_signature(*secret_, record.body);
    }
    record.answered_status = answer.status;
    requests_.push_back(record);
    arrived_.notify_all();
    return answer;
  }

  void close_everything();

  asio::io_context loop_;
  asio::executor_work_guard<asio::io_context::executor_type> work_ = asio::make_work_guard(loop_);
  tcp::acceptor acceptor_;
  asio::steady_timer down_timer_;
  std::thread thread_;
  unsigned short port_ = 0;
  std::set<std::shared_ptr<Session>> sessions_;  // loop thread only

  mutable std::mutex mutex_;
  mutable std::condition_variable arrived_;
  std::vector<WebhookRequest> requests_;
  std::optional<std::string> secret_;
  int failures_left_ = 0;
  int failure_status_ = 500;
  std::string failure_retry_after_;
  int always_status_ = 200;
  std::string always_body_;
  std::chrono::milliseconds delay_{0};
};

class WebhookReceiver::Impl::Session : public std::enable_shared_from_this<Session> {
 public:
  Session(std::shared_ptr<Impl> owner, tcp::socket socket)
      : owner_(std::move(owner)), socket_(std::move(socket)), timer_(socket_.get_executor()) {}

  void read() {
    request_ = {};
    http::async_read(socket_, buffer_, request_, [self = shared_from_this()](error_code error, std::size_t) {
      if (error) return self->close();
      self->on_request();
    });
  }

  void close() {
    error_code ignored;
    timer_.cancel();
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
    owner_->sessions_.erase(shared_from_this());
  }

 private:
  void on_request() {
    WebhookRequest record;
    record.received_at = std::chrono::steady_clock::now();
    record.received_at_wall = std::chrono::system_clock::now();
    record.method = std::string(view(request_.method_string()));
    record.target = std::string(view(request_.target()));
    for (const auto& field : request_) {
      record.headers[lower_case(view(field.name_string()))] = std::string(view(field.value()));
    }
    record.body = request_.body();
    Answer answer = owner_->answer_for(record);
    keep_alive_ = request_.keep_alive();
    if (answer.delay.count() == 0) return respond(answer);
    timer_.expires_after(answer.delay);
    timer_.async_wait([self = shared_from_this(), answer](error_code error) {
      if (!error) self->respond(answer);
    });
  }

  void respond(const Answer& answer) {
    response_ = {};
    response_.version(11);
    response_.result(static_cast<unsigned>(answer.status));
    response_.set(http::field::content_type, "text/plain");
    if (!answer.retry_after.empty()) response_.set(http::field::retry_after, answer.retry_after);
    response_.body() = answer.body.empty() ? std::string(answer.status < 300 ? "ok" : "no") : answer.body;
    response_.keep_alive(keep_alive_);
    response_.prepare_payload();
    http::async_write(socket_, response_, [self = shared_from_this()](error_code error, std::size_t) {
      if (error || !self->keep_alive_) return self->close();
      self->read();
    });
  }

  std::shared_ptr<Impl> owner_;
  tcp::socket socket_;
  asio::steady_timer timer_;
  boost::beast::flat_buffer buffer_;
  http::request<http::string_body> request_;
  http::response<http::string_body> response_;
  bool keep_alive_ = true;
};

void WebhookReceiver::Impl::begin_session(tcp::socket socket) {
  auto session = std::make_shared<Session>(shared_from_this(), std::move(socket));
  sessions_.insert(session);
  session->read();
}

void WebhookReceiver::Impl::close_everything() {
  error_code ignored;
  acceptor_.close(ignored);
  auto sessions = sessions_;
  for (const auto& session : sessions) session->close();
  sessions_.clear();
}

WebhookReceiver::WebhookReceiver() : impl_(std::make_shared<Impl>()) {
  port_ = impl_->listen(0);
  impl_->port_ = port_;
  impl_->start();
}

WebhookReceiver::~WebhookReceiver() { impl_->stop(); }

std::string WebhookReceiver::url(std::string_view path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + std::string(path);
}

void WebhookReceiver::set_secret(std::string secret) {
  std::lock_guard lock(impl_->mutex_);
  impl_->secret_ = std::move(secret);
}

void WebhookReceiver::fail_next(int count, int status, std::string retry_after) {
  std::lock_guard lock(impl_->mutex_);
  impl_->failures_left_ = count;
  impl_->failure_status_ = status;
  impl_->failure_retry_after_ = std::move(retry_after);
}

void WebhookReceiver::answer_always(int status, std::string body) {
  std::lock_guard lock(impl_->mutex_);
  impl_->always_status_ = status;
  impl_->always_body_ = std::move(body);
}

void WebhookReceiver::set_delay(std::chrono::milliseconds delay) {
  std::lock_guard lock(impl_->mutex_);
  impl_->delay_ = delay;
}

void WebhookReceiver::go_down_for(std::chrono::milliseconds downtime) { impl_->go_down_for(downtime); }

std::vector<WebhookRequest> WebhookReceiver::requests() const {
  std::lock_guard lock(impl_->mutex_);
  return impl_->requests_;
}

std::size_t WebhookReceiver::request_count() const {
  std::lock_guard lock(impl_->mutex_);
  return impl_->requests_.size();
}

bool WebhookReceiver::wait_for_requests(std::size_t count, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(impl_->mutex_);
  return impl_->arrived_.wait_for(lock, timeout, [&] { return impl_->requests_.size() >= count; });
}

}  // namespace feedwatch::test
