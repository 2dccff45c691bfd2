// A real SMTP server for tests: runs tests/support/smtp_receiver.py
// (aiosmtpd) in the background on 127.0.0.1 and reads back the JSON summary
// it writes per message. Test-only; one test thread drives it.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/background_process.h"

namespace feedwatch::testing {

struct SmtpReceiverOptions {
  std::optional<std::string> user;  // require AUTH (LOGIN/PLAIN) with user/password
  std::string password;
  bool starttls = false;            // offer STARTTLS (needs a certificate)
  bool implicit_tls = false;        // smtps: TLS from the first byte (needs a certificate)
  std::optional<std::filesystem::path> certificate;
  std::optional<std::filesystem::path> key;
  int fail_first = 0;               // answer 451 to the first N messages
  bool reject = false;              // answer 550 to every message
};

// A self-signed certificate for 127.0.0.1 and localhost, made with the
// openssl CLI; the certificate is also its own CA bundle for ca_file.
struct TestCertificate {
  std::filesystem::path certificate;
  std::filesystem::path key;
};
TestCertificate make_self_signed_certificate(const std::filesystem::path& folder);

class SmtpReceiver {
 public:
  // Starts the server with its files under `folder` and waits (up to 10 s)
  // until it listens; throws std::runtime_error if it does not.
  SmtpReceiver(const std::filesystem::path& folder, const SmtpReceiverOptions& options = {});
  ~SmtpReceiver();  // stops the server (SIGTERM, then SIGKILL)
  SmtpReceiver(const SmtpReceiver&) = delete;
  SmtpReceiver& operator=(const SmtpReceiver&) = delete;

  unsigned short port() const { return port_; }
  // "smtp://127.0.0.1:PORT" (or smtps:// for implicit TLS).
  std::string url() const;

  // The summaries received so far, in arrival order.
  std::vector<nlohmann::json> messages() const;
  // Waits up to `timeout` for at least `count` messages; returns them all.
  std::vector<nlohmann::json> wait_for_messages(std::size_t count,
                                                std::chrono::milliseconds timeout) const;
  // The raw .eml of message `index` (0-based).
  std::string raw_message(std::size_t index) const;
  // What the server wrote to stderr (tracebacks when a test goes wrong).
  std::string log() const;

 private:
  std::filesystem::path messages_folder_;
  bool implicit_tls_ = false;
  unsigned short port_ = 0;
  std::unique_ptr<BackgroundProcess> process_;
};

}  // namespace feedwatch::testing
