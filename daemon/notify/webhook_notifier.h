// WebhookNotifier (`type: webhook`): POSTs each alert over HTTP(S) with
// libcurl's multi-socket interface on the event loop, so many deliveries run
// at once and none blocks the loop. The body is the configured format's
// message (webhook_message.h), signed when a secret is configured.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <string>

#include "daemon/config/config.h"
#include "daemon/notify/notifier.h"

namespace boost::asio {
class io_context;
}

namespace feedwatch::notify {

class WebhookNotifier final : public Notifier {
 public:
  // Deliveries this notifier asks the delivery service to run at once.
  static constexpr std::size_t kConcurrency = 16;

  // REQUIRES: `loop` outlives the notifier. `timeout` bounds each whole
  // request (connect, send, answer).
  WebhookNotifier(boost::asio::io_context& loop, std::string name,
                  config::WebhookSettings settings, std::chrono::milliseconds timeout);
  // Transfers still running are abandoned; their completions never run.
  ~WebhookNotifier() override;
  WebhookNotifier(const WebhookNotifier&) = delete;
  WebhookNotifier& operator=(const WebhookNotifier&) = delete;

  const std::string& name() const override { return name_; }
  std::size_t concurrency() const override { return kConcurrency; }
  // Completes (posted to the loop) with delivered, transient or permanent
  // as classify_http_exchange() says.
  void deliver(const AlertDelivery& alert, Completion on_done) override;

 private:
  class Impl;
  std::string name_;
  std::unique_ptr<Impl> impl_;
};

// "feedwatch/<version>", the User-Agent of every webhook request.
std::string webhook_user_agent();

}  // namespace feedwatch::notify
