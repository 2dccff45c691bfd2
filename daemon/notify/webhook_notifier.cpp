// Each delivery is one easy handle added to the notifier's CurlMultiDriver.
// Redirects are not followed (see http_delivery_outcome.cpp). Messages name
// the notifier and the host only: webhook URLs (Slack, Discord) carry their
// token in the path, and neither the secret nor custom header values are
// ever written to a message or a log.
#include "daemon/notify/webhook_notifier.h"

#include <curl/curl.h>

#include <algorithm>
#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <cctype>
#include <utility>

#include "daemon/fetch/curl_handles.h"
#include "daemon/fetch/curl_multi_driver.h"
#include "daemon/notify/http_delivery_outcome.h"
#include "daemon/notify/webhook_message.h"
#include "daemon/notify/webhook_signature.h"

#ifndef FEEDWATCH_VERSION
#define FEEDWATCH_VERSION "0"
#endif

namespace feedwatch::notify {
namespace {

constexpr std::size_t kKeptResponseBytes = 2048;  // enough for an error excerpt

std::string lower(std::string_view text) {
  std::string lowered(text);
  std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lowered;
}

// Host (and port) of `url` for messages; empty when it does not parse.
std::string host_of(const std::string& url) {
  fetch::CurlUrl parsed(curl_url());
  if (!parsed || curl_url_set(parsed.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) return {};
  char* host = nullptr;
  if (curl_url_get(parsed.get(), CURLUPART_HOST, &host, 0) != CURLUE_OK) return {};
  std::string text = host;
  curl_free(host);
  char* port = nullptr;
  if (curl_url_get(parsed.get(), CURLUPART_PORT, &port, 0) == CURLUE_OK) {
    text += std::string(":") + port;
    curl_free(port);
  }
  return text;
}

bool is_http_url(const std::string& url) {
  std::string scheme = lower(url.substr(0, url.find("://")));
  return url.find("://") != std::string::npos && (scheme == "http" || scheme == "https");
}

HttpExchange::Failure failure_of(CURLcode code) {
  switch (code) {
    case CURLE_OK: return HttpExchange::Failure::none;
    case CURLE_OPERATION_TIMEDOUT: return HttpExchange::Failure::timed_out;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return HttpExchange::Failure::connection;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
      return HttpExchange::Failure::tls;
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
      return HttpExchange::Failure::invalid_url;
    default:
      return HttpExchange::Failure::other;
  }
}

// One POST in flight. The handle's callbacks and options point into it, so
// it stays put (owned by unique_ptr) until the handle is gone.
struct Transfer {
  fetch::CurlEasy handle{curl_easy_init()};
  fetch::CurlStringList headers;
  std::string body;
  std::string response;
  std::array<char, CURL_ERROR_SIZE> error{};
  Notifier::Completion on_done;

  static std::size_t keep_response(char* data, std::size_t size, std::size_t count, void* self) {
    auto* transfer = static_cast<Transfer*>(self);
    std::size_t bytes = size * count;
    std::size_t room = kKeptResponseBytes - std::min(kKeptResponseBytes, transfer->response.size());
    transfer->response.append(data, std::min(room, bytes));
    return bytes;  // the rest is read and dropped, so the answer still completes
  }

  std::string header(const char* name) const {
    curl_header* found = nullptr;
    if (curl_easy_header(handle.get(), name, 0, CURLH_HEADER, -1, &found) != CURLHE_OK) return {};
    return found->value;
  }
};

}  // namespace

class WebhookNotifier::Impl {
 public:
  Impl(boost::asio::io_context& loop, const std::string& name, config::WebhookSettings settings,
       std::chrono::milliseconds timeout)
      : loop_(loop),
        name_(name),
        settings_(std::move(settings)),
        timeout_(timeout),
        format_(webhook_format_named(settings_.format).value_or(WebhookFormat::json)),
        host_(host_of(settings_.url)),
        driver_(loop, [this](CURL* handle, CURLcode code) { finish(handle, code); }) {
    if (host_.empty()) host_ = "(unparsable url)";
  }

  ~Impl() {
    for (auto& [handle, transfer] : transfers_) driver_.remove(handle);
    transfers_.clear();
  }

  void deliver(const AlertDelivery& alert, Completion on_done) {
    if (!is_http_url(settings_.url)) {
      return complete(std::move(on_done),
                      DeliveryOutcome::permanent("notifier " + name_ +
                                                 ": the url is not an http:// or https:// URL;"
                                                 " fix the notifier's url, then requeue"));
    }
    std::string error;
    auto message = render_webhook_message(format_, alert.payload_json, &error);
    if (!message) {
      return complete(std::move(on_done),
                      DeliveryOutcome::permanent("notifier " + name_ + ": cannot build the " +
                                                 settings_.format + " message: " + error));
    }
    auto transfer = std::make_unique<Transfer>();
    if (!transfer->handle || !configure(*transfer, alert, std::move(*message))) {
      return complete(std::move(on_done),
                      DeliveryOutcome::transient("notifier " + name_ +
                                                 ": libcurl could not set up the request (out of memory?)"));
    }
    transfer->on_done = std::move(on_done);
    CURL* handle = transfer->handle.get();
    auto [slot, inserted] = transfers_.emplace(handle, std::move(transfer));
    if (!driver_.add(handle)) {
      Completion done = std::move(slot->second->on_done);
      transfers_.erase(slot);
      complete(std::move(done), DeliveryOutcome::transient("notifier " + name_ +
                                                           ": libcurl refused to start the request"));
    }
  }

 private:
  bool configure(Transfer& transfer, const AlertDelivery& alert, WebhookMessage message) {
    transfer.body = std::move(message.body);
    CURL* handle = transfer.handle.get();
    curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, transfer.error.data());
    curl_easy_setopt(handle, CURLOPT_URL, settings_.url.c_str());
    curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(handle, CURLOPT_POST, 1L);
    curl_easy_setopt(handle, CURLOPT_POSTFIELDS, transfer.body.data());
    curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(transfer.body.size()));
    curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_.count()));
    curl_easy_setopt(handle, CURLOPT_USERAGENT, user_agent_.c_str());
    curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, &Transfer::keep_response);
    curl_easy_setopt(handle, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(handle, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(handle, CURLOPT_SSL_VERIFYHOST, 2L);

    std::vector<std::pair<std::string, std::string>> headers = {
        {"Content-Type", message.content_type},
        {"Idempotency-Key", alert.alert_id},
        // A body this small needs no 100-continue round trip.
        {"Expect", ""},
    };
    for (auto& header : message.headers) headers.push_back(std::move(header));
    // A configured header replaces a default of the same name (e.g. a
    // different Content-Type); the signature below is always ours.
    for (const auto& [name, value] : settings_.headers) {
      std::erase_if(headers, [&](const auto& header) { return lower(header.first) == lower(name); });
      headers.emplace_back(name, value);
    }
    std::erase_if(headers, [](const auto& header) {
      return lower(header.first) == lower(kSignatureHeader);
    });
    if (settings_.secret) headers.emplace_back(kSignatureHeader, webhook_signature(*settings_.secret, transfer.body));
    for (const auto& [name, value] : headers) {
      // "Name;" is libcurl's way to send a header with an empty value; "Name:" removes it.
      std::string line = !value.empty() ? name + ": " + value : name == "Expect" ? name + ":" : name + ";";
      std::replace(line.begin(), line.end(), '\r', ' ');
      std::replace(line.begin(), line.end(), '\n', ' ');
      if (!fetch::append_header(transfer.headers, line.c_str())) return false;
    }
    curl_easy_setopt(handle, CURLOPT_HTTPHEADER, transfer.headers.get());
    return true;
  }

  void finish(CURL* handle, CURLcode code) {
    auto found = transfers_.find(handle);
    if (found == transfers_.end()) return;
    std::unique_ptr<Transfer> transfer = std::move(found->second);
    transfers_.erase(found);
    driver_.remove(handle);
    complete(std::move(transfer->on_done), classify(*transfer, code));
  }

  DeliveryOutcome classify(const Transfer& transfer, CURLcode code) const {
    HttpExchange exchange;
    exchange.timeout = timeout_;
    exchange.failure = failure_of(code);
    if (exchange.failure != HttpExchange::Failure::none) {
      exchange.failure_detail = transfer.error[0] != '\0' ? transfer.error.data() : curl_easy_strerror(code);
    } else {
      curl_easy_getinfo(transfer.handle.get(), CURLINFO_RESPONSE_CODE, &exchange.status);
      exchange.retry_after = transfer.header("Retry-After");
      exchange.location = transfer.header("Location");
      exchange.body_excerpt = body_excerpt(transfer.response);
    }
    return classify_http_exchange(name_, host_, exchange, std::chrono::system_clock::now());
  }

  // Always posted: the caller may destroy the notifier from the completion,
  // which must not happen inside the driver's own callback.
  void complete(Completion on_done, DeliveryOutcome outcome) {
    boost::asio::post(loop_, [on_done = std::move(on_done), outcome = std::move(outcome)]() mutable {
      on_done(std::move(outcome));
    });
  }

  boost::asio::io_context& loop_;
  const std::string& name_;
  config::WebhookSettings settings_;
  std::chrono::milliseconds timeout_;
  WebhookFormat format_;
  std::string host_;
  std::string user_agent_ = webhook_user_agent();
  std::map<CURL*, std::unique_ptr<Transfer>> transfers_;
  fetch::CurlMultiDriver driver_;  // last: destroyed first, after ~Impl removed every handle
};

WebhookNotifier::WebhookNotifier(boost::asio::io_context& loop, std::string name,
                                 config::WebhookSettings settings,
                                 std::chrono::milliseconds timeout)
    : name_(std::move(name)) {
  fetch::ensure_curl_initialised();
  impl_ = std::make_unique<Impl>(loop, name_, std::move(settings), timeout);
}

WebhookNotifier::~WebhookNotifier() = default;

void WebhookNotifier::deliver(const AlertDelivery& alert, Completion on_done) {
  impl_->deliver(alert, std::move(on_done));
}

std::string webhook_user_agent() { return std::string("feedwatch/") + FEEDWATCH_VERSION; }

}  // namespace feedwatch::notify
