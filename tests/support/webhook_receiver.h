// A real webhook receiver for tests: a Boost.Beast HTTP/1.1 server on
// 127.0.0.1 (ephemeral port, own thread) that records every request with its
// arrival time, checks X-Feedwatch-Signature-256 when given the secret, and
// misbehaves on demand: fail the first N, always answer a status, be down
// (listener and connections closed) for a while, answer slowly. Thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace feedwatch::test {

struct WebhookRequest {
  std::string method;
  std::string target;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  std::chrono::steady_clock::time_point received_at;
  std::chrono::system_clock::time_point received_at_wall;
  // With a secret set: whether the signature header matches the body.
  std::optional<bool> signature_valid;
  int answered_status = 0;

  std::string header(std::string_view name) const;  // "" when absent
};

class WebhookReceiver {
 public:
  WebhookReceiver();
  ~WebhookReceiver();
  WebhookReceiver(const WebhookReceiver&) = delete;
  WebhookReceiver& operator=(const WebhookReceiver&) = delete;

  unsigned short port() const { return port_; }
  std::string url(std::string_view path = "/hook") const;

  // --- behaviour (applies to requests arriving from now on) ----------------
  void set_secret(std::string secret);
  // The next `count` requests get `status` (with Retry-After if given); then 200.
  void fail_next(int count, int status, std::string retry_after = "");
  // Every request gets `status` and `body` until set again (200 restores).
  void answer_always(int status, std::string body = "");
  // Waits this long before answering each request.
  void set_delay(std::chrono::milliseconds delay);
  // Closes the listener and every open connection now; listens again on the
  // same port after `downtime`.
  void go_down_for(std::chrono::milliseconds downtime);

  // --- what arrived ---------------------------------------------------------
  std::vector<WebhookRequest> requests() const;
  std::size_t request_count() const;
  // Waits until at least `count` requests have arrived or `timeout` passes.
  bool wait_for_requests(std::size_t count, std::chrono::milliseconds timeout) const;

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;
  unsigned short port_ = 0;
};

// "sha256=<hex>" as the receiver expects it (independent of the daemon's code).
std::string expected_signature(std::string_view secret, std::string_view body);

}  // namespace feedwatch::test
