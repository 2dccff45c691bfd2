#include "daemon/notify/http_delivery_outcome.h"

#include "common/quantity.h"
#include "daemon/fetch/retry_after.h"

namespace feedwatch::notify {
namespace {

bool is_transient_status(long status) { return status == 408 || status == 429 || status >= 500; }

std::string status_text(const HttpExchange& exchange) {
  std::string text = "HTTP " + std::to_string(exchange.status);
  if (!exchange.body_excerpt.empty()) text += " \"" + exchange.body_excerpt + "\"";
  return text;
}

std::string failure_text(const HttpExchange& exchange) {
  switch (exchange.failure) {
    case HttpExchange::Failure::timed_out:
      return "no complete answer within the timeout of " + format_duration(exchange.timeout);
    case HttpExchange::Failure::connection:
      return "connection failed: " + exchange.failure_detail;
    case HttpExchange::Failure::tls:
      return "TLS failed: " + exchange.failure_detail;
    case HttpExchange::Failure::invalid_url:
      return "the url is not usable: " + exchange.failure_detail;
    case HttpExchange::Failure::other:
    case HttpExchange::Failure::none:
      break;
  }
  return exchange.failure_detail;
}

}  // namespace

DeliveryOutcome classify_http_exchange(const std::string& notifier, const std::string& host,
                                       const HttpExchange& exchange,
                                       std::chrono::system_clock::time_point now) {
  std::string prefix = "notifier " + notifier + ": POST to " + host + ": ";
  if (exchange.failure == HttpExchange::Failure::invalid_url) {
    return DeliveryOutcome::permanent(prefix + failure_text(exchange) +
                                      "; fix the notifier's url (http:// or https://)");
  }
  if (exchange.failure != HttpExchange::Failure::none) {
    return DeliveryOutcome::transient(prefix + failure_text(exchange));
  }
  long status = exchange.status;
  if (status >= 200 && status < 300) return DeliveryOutcome::success(prefix + status_text(exchange));
  if (is_transient_status(status)) {
    std::optional<std::chrono::seconds> wait;
    if (!exchange.retry_after.empty()) wait = fetch::parse_retry_after(exchange.retry_after, now);
    std::string message = prefix + status_text(exchange);
    if (wait) message += " (Retry-After " + std::to_string(wait->count()) + "s)";
    return DeliveryOutcome::transient(message, wait);
  }
  if (status >= 300 && status < 400) {
    // A redirected POST is not followed: clients turn it into a GET or
    // re-send the body to a host nobody configured. The URL must be fixed.
    std::string where = exchange.location.empty() ? "" : " to " + exchange.location;
    return DeliveryOutcome::permanent(prefix + status_text(exchange) + " redirect" + where +
                                      "; redirects are not followed for webhooks: set the "
                                      "notifier's url to the final address");
  }
  if (status >= 400 && status < 500) {
    return DeliveryOutcome::permanent(prefix + status_text(exchange) +
                                      "; the receiver rejected the alert, retrying will not help: "
                                      "check the notifier's url, headers and format, then requeue");
  }
  // 1xx as a final answer, or a status outside HTTP's range: a broken
  // receiver, which may recover.
  return DeliveryOutcome::transient(prefix + "unexpected " + status_text(exchange));
}

std::string body_excerpt(std::string_view body, std::size_t limit) {
  std::string excerpt;
  for (char c : body) {
    unsigned char byte = static_cast<unsigned char>(c);
    excerpt += byte < 0x20 || byte == 0x7F ? ' ' : c;
  }
  auto first = excerpt.find_first_not_of(' ');
  if (first == std::string::npos) return {};
  excerpt.erase(0, first);
  while (!excerpt.empty() && excerpt.back() == ' ') excerpt.pop_back();
  if (excerpt.size() <= limit) return excerpt;
  std::size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(excerpt[cut]) & 0xC0) == 0x80) --cut;
  return excerpt.substr(0, cut) + "…";
}

}  // namespace feedwatch::notify
