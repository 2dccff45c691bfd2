#include "daemon/notify/email_notifier.h"

#include <chrono>
#include <stdexcept>
#include <utility>

#include "daemon/fetch/curl_handles.h"
#include "daemon/notify/email_message.h"
#include "daemon/notify/mail_headers.h"

namespace feedwatch::notify {
namespace {

struct CurlMimeDeleter {
  void operator()(curl_mime* mime) const { curl_mime_free(mime); }
};
using CurlMime = std::unique_ptr<curl_mime, CurlMimeDeleter>;

bool has_scheme(const std::string& url, std::string_view scheme) {
  return url.size() > scheme.size() && url.compare(0, scheme.size(), scheme) == 0;
}

// The server URL as messages show it: a password written into the URL
// (smtp://user:secret@host) must never reach a log.
std::string without_credentials(const std::string& server) {
  fetch::CurlUrl url(curl_url());
  if (!url || curl_url_set(url.get(), CURLUPART_URL, server.c_str(), 0) != CURLUE_OK) {
    return "(unparsable server URL)";
  }
  curl_url_set(url.get(), CURLUPART_USER, nullptr, 0);
  curl_url_set(url.get(), CURLUPART_PASSWORD, nullptr, 0);
  curl_url_set(url.get(), CURLUPART_OPTIONS, nullptr, 0);
  char* text = nullptr;
  if (curl_url_get(url.get(), CURLUPART_URL, &text, 0) != CURLUE_OK) return "(server URL)";
  std::string shown(text);
  curl_free(text);
  return shown;
}

bool add_text_part(curl_mime* mime, const std::string& text, const char* type) {
  curl_mimepart* part = curl_mime_addpart(mime);
  return part != nullptr && curl_mime_data(part, text.data(), text.size()) == CURLE_OK &&
         curl_mime_type(part, type) == CURLE_OK &&
         // Quoted-printable keeps every line within 76 characters and leaves
         // mostly-ASCII text readable in the raw message.
         curl_mime_encoder(part, "quoted-printable") == CURLE_OK;
}

}  // namespace

// One message on its way. The easy handle is declared last so it is freed
// first: it refers to the MIME tree and the lists until then.
struct EmailNotifier::Send {
  CurlMime mime;
  fetch::CurlStringList headers;
  fetch::CurlStringList recipients;
  fetch::CurlEasy easy;
  char error[CURL_ERROR_SIZE] = {};
  std::string alert_id;
  Completion on_done;
};

std::optional<std::string> EmailNotifier::check(const std::string& name,
                                                const config::EmailSettings& settings) {
  std::string prefix = "notifier " + name + ": ";
  if (!has_scheme(settings.server, "smtp://") && !has_scheme(settings.server, "smtps://")) {
    return prefix + "server " + without_credentials(settings.server) +
           " must start with smtp:// (STARTTLS) or smtps:// (TLS)";
  }
  if (!mailbox_address(settings.from)) {
    return prefix + "from \"" + single_line(settings.from) +
           "\" holds no address; write it as \"Name <user@example.com>\" or user@example.com";
  }
  if (settings.to.empty()) return prefix + "to lists no recipient";
  for (const std::string& mailbox : settings.to) {
    if (!mailbox_address(mailbox)) {
      return prefix + "to \"" + single_line(mailbox) + "\" holds no address";
    }
  }
  return std::nullopt;
}

EmailNotifier::EmailNotifier(boost::asio::io_context& loop, std::string name,
                             config::EmailSettings settings, std::chrono::milliseconds timeout)
    : name_(std::move(name)),
      settings_(std::move(settings)),
      settings_error_(check(name_, settings_)),
      server_for_messages_(without_credentials(settings_.server)),
      timeout_(timeout),
      driver_(loop, [this](CURL* handle, CURLcode result) { finish(handle, result); }) {
  fetch::ensure_curl_initialised();
}

EmailNotifier::~EmailNotifier() {
  for (auto& [handle, send] : sending_) {
    // Removing an SMTP transfer makes libcurl say QUIT and wait for the
    // reply, blocking the loop up to the timeout if the server is stuck: an
    // expired timeout makes that wait end at once.
    curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, 1L);
    driver_.remove(handle);
  }
}

namespace {

// Sets up `send.easy` for one message; false if libcurl refused something
// (out of memory: nothing the caller could fix).
bool configure(CURL* easy, const config::EmailSettings& settings,
               std::chrono::milliseconds timeout, const EmailBodies& bodies,
               const std::string& alert_id, fetch::CurlStringList& headers,
               fetch::CurlStringList& recipients, CurlMime& mime, char* error) {
  EmailHeaderFields fields{settings.from, settings.to, alert_id,
                           std::chrono::system_clock::now()};
  for (const std::string& line : email_header_lines(fields, bodies.subject)) {
    if (!fetch::append_header(headers, line.c_str())) return false;
  }
  for (const std::string& mailbox : settings.to) {
    if (!fetch::append_header(recipients, ("<" + *mailbox_address(mailbox) + ">").c_str()))
      return false;
  }
  mime.reset(curl_mime_init(easy));
  if (!mime || !add_text_part(mime.get(), bodies.plain_text, "text/plain; charset=utf-8") ||
      !add_text_part(mime.get(), bodies.html, "text/html; charset=utf-8")) {
    return false;
  }
  std::string from = "<" + *mailbox_address(settings.from) + ">";
  long ssl = settings.starttls == "required" ? CURLUSESSL_ALL : CURLUSESSL_TRY;
  bool ok = curl_easy_setopt(easy, CURLOPT_URL, settings.server.c_str()) == CURLE_OK &&
            curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "smtp,smtps") == CURLE_OK &&
            curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, error) == CURLE_OK &&
            curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L) == CURLE_OK &&
            curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count())) ==
                CURLE_OK &&
            curl_easy_setopt(easy, CURLOPT_USE_SSL, ssl) == CURLE_OK &&
            curl_easy_setopt(easy, CURLOPT_MAIL_FROM, from.c_str()) == CURLE_OK &&
            curl_easy_setopt(easy, CURLOPT_MAIL_RCPT, recipients.get()) == CURLE_OK &&
            curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers.get()) == CURLE_OK &&
            curl_easy_setopt(easy, CURLOPT_MIMEPOST, mime.get()) == CURLE_OK;
  if (ok && settings.username) {
    ok = curl_easy_setopt(easy, CURLOPT_USERNAME, settings.username->c_str()) == CURLE_OK;
  }
  if (ok && settings.password) {
    ok = curl_easy_setopt(easy, CURLOPT_PASSWORD, settings.password->c_str()) == CURLE_OK;
  }
  if (ok && settings.ca_file) {
    ok = curl_easy_setopt(easy, CURLOPT_CAINFO, settings.ca_file->c_str()) == CURLE_OK;
  }
  return ok;
}

}  // namespace

void EmailNotifier::deliver(const AlertDelivery& alert, Completion on_done) {
  if (settings_error_) {
    on_done(DeliveryOutcome::permanent(*settings_error_));
    return;
  }
  std::string prefix = "notifier " + name_ + ": ";
  EmailBodies bodies;
  try {
    bodies = render_alert_email(alert.payload_json);
  } catch (const std::exception& error) {
    on_done(DeliveryOutcome::permanent(prefix + "cannot compose the e-mail for alert " +
                                       alert.alert_id + ": " + error.what()));
    return;
  }
  auto send = std::make_unique<Send>();
  send->easy.reset(curl_easy_init());
  send->alert_id = alert.alert_id;
  if (!send->easy || !configure(send->easy.get(), settings_, timeout_, bodies, alert.alert_id,
                                send->headers, send->recipients, send->mime, send->error)) {
    on_done(DeliveryOutcome::transient(prefix + "libcurl could not set up the e-mail"));
    return;
  }
  CURL* handle = send->easy.get();
  send->on_done = std::move(on_done);
  auto [entry, inserted] = sending_.emplace(handle, std::move(send));
  if (!driver_.add(handle)) {
    Completion refused = std::move(entry->second->on_done);
    sending_.erase(entry);
    refused(DeliveryOutcome::transient(prefix + "libcurl refused to start the SMTP transfer"));
  }
}

namespace {

DeliveryOutcome outcome_of(const std::string& prefix, CURLcode result, long reply,
                           const char* error_text) {
  std::string detail = error_text[0] != '\0' ? error_text : curl_easy_strerror(result);
  std::string reply_text = reply > 0 ? " (server replied " + std::to_string(reply) + ")" : "";
  // 4xx is SMTP's "try again later", whatever the command it answered.
  if (reply >= 400 && reply < 500) {
    return DeliveryOutcome::transient(prefix + "the server asked to try later" + reply_text +
                                      ": " + detail);
  }
  if (result == CURLE_USE_SSL_FAILED) {
    return DeliveryOutcome::permanent(
        prefix + "the server does not offer STARTTLS, which starttls: required demands: " +
        detail + reply_text + "; use smtps:// or a server with STARTTLS");
  }
  if (result == CURLE_LOGIN_DENIED) {
    return DeliveryOutcome::permanent(prefix + "authentication failed" + reply_text + ": " +
                                      detail + "; check username and password, then requeue");
  }
  if (reply >= 500 && reply < 600) {
    return DeliveryOutcome::permanent(prefix + "the server rejected the message" + reply_text +
                                      ": " + detail);
  }
  if (result == CURLE_OPERATION_TIMEDOUT) {
    return DeliveryOutcome::transient(prefix + "timed out: " + detail);
  }
  return DeliveryOutcome::transient(prefix + "sending failed" + reply_text + ": " + detail);
}

}  // namespace

void EmailNotifier::finish(CURL* handle, CURLcode result) {
  auto found = sending_.find(handle);
  if (found == sending_.end()) return;
  driver_.remove(handle);
  std::unique_ptr<Send> send = std::move(found->second);
  sending_.erase(found);
  std::string prefix = "notifier " + name_ + ": " + server_for_messages_ + ": ";
  if (result == CURLE_OK) {
    send->on_done(DeliveryOutcome::success(prefix + "sent alert " + send->alert_id));
    return;
  }
  long reply = 0;
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &reply);
  send->on_done(outcome_of(prefix, result, reply, send->error));
}

}  // namespace feedwatch::notify
