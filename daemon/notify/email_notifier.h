// EmailNotifier (`type: email`): sends each alert as a multipart/alternative
// e-mail over SMTP (smtp:// with STARTTLS, or smtps://) with libcurl driven
// by the event loop, several deliveries at once. Loop thread only.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "daemon/config/config.h"
#include "daemon/fetch/curl_multi_driver.h"
#include "daemon/notify/notifier.h"

namespace feedwatch::notify {

class EmailNotifier final : public Notifier {
 public:
  // Why `settings` cannot work (a server that is not smtp:// or smtps://, a
  // from or to without an address), or nullopt. The message names `name`.
  static std::optional<std::string> check(const std::string& name,
                                          const config::EmailSettings& settings);

  // REQUIRES: `loop` outlives the notifier. Settings that fail check()
  // (the config loader rejects most of those already) make every delivery a
  // permanent failure with check()'s message.
  EmailNotifier(boost::asio::io_context& loop, std::string name, config::EmailSettings settings,
                std::chrono::milliseconds timeout);
  // Abandons the sends in flight without calling their completions.
  ~EmailNotifier() override;

  const std::string& name() const override { return name_; }
  // Outcomes: delivered once the server accepted the message (250 after
  // DATA). Transient: 4xx replies, timeouts, connection and TLS errors.
  // Permanent: 5xx replies (550 recipient rejected, 535 authentication
  // failed: retrying a wrong password could lock the account), STARTTLS
  // required but refused, and a payload that is not JSON.
  void deliver(const AlertDelivery& alert, Completion on_done) override;

 private:
  struct Send;

  void finish(CURL* handle, CURLcode result);

  std::string name_;
  config::EmailSettings settings_;
  std::optional<std::string> settings_error_;
  std::string server_for_messages_;  // the server URL without any user or password
  std::chrono::milliseconds timeout_;
  fetch::CurlMultiDriver driver_;
  std::map<CURL*, std::unique_ptr<Send>> sending_;  // after driver_: freed before it
};

}  // namespace feedwatch::notify
