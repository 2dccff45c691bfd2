// The body a webhook notifier posts, in the configured `format`: `json` is
// the stored SPEC §5 payload byte for byte; `slack`, `discord`, `ntfy` and
// `teams` are those services' own message shapes, each kept within the
// service's documented size limits. Grouped/digest alerts list their entries.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace feedwatch::notify {

enum class WebhookFormat { json, slack, discord, ntfy, teams };

// nullopt for a name the config loader would have rejected.
std::optional<WebhookFormat> webhook_format_named(std::string_view name);

struct WebhookMessage {
  std::string content_type;  // "application/json; charset=utf-8" or text/plain for ntfy
  std::string body;
  // Format-specific request headers (ntfy's Title, Priority, Click, Tags);
  // values are already safe to send (no CR/LF, ASCII or RFC 2047).
  std::vector<std::pair<std::string, std::string>> headers;
};

// The message for one stored payload; nullopt with `*error` when the payload
// cannot be read (only formats other than json read it).
std::optional<WebhookMessage> render_webhook_message(WebhookFormat format,
                                                     const std::string& payload_json,
                                                     std::string* error);

}  // namespace feedwatch::notify
