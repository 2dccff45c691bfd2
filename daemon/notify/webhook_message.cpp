// Limits honoured, from each service's documentation: Slack section text
// 3000 characters, 50 blocks; Discord content 2000, embed title 256,
// description 4096, 10 embeds and 6000 characters in all; ntfy message 4096
// bytes (more becomes an attachment); Teams cards about 28 KB. Lists of
// grouped entries are cut well inside these, with "and N more".
#include "daemon/notify/webhook_message.h"

#include <openssl/evp.h>

#include <nlohmann/json.hpp>

#include "daemon/notify/alert_view.h"
#include "common/text_truncation.h"

namespace feedwatch::notify {
namespace {

using Json = nlohmann::json;

constexpr const char* kJsonType = "application/json; charset=utf-8";
constexpr std::size_t kListedEntries = 10;  // per chat message; the rest are counted
constexpr std::size_t kTitleCharacters = 200;

std::string headline(const AlertView& alert) {
  std::string text = "[" + alert.severity + "] " + alert.rule + ": ";
  if (alert.grouped) {
    return text + std::to_string(alert.entries.size()) +
           (alert.entries.size() == 1 ? " entry" : " entries");
  }
  return text + display_title(alert.entries.front());
}

std::string joined(const std::vector<std::string>& terms) {
  std::string text;
  for (const auto& term : terms) text += (text.empty() ? "" : ", ") + term;
  return text;
}

std::string more_line(std::size_t total) {
  if (total <= kListedEntries) return {};
  return "and " + std::to_string(total - kListedEntries) + " more";
}

// `url` with each character of `reserved` as %XX: a link syntax would read
// those bare characters as the end of the link.
std::string percent_encoded(std::string_view url, std::string_view reserved) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string encoded;
  for (char c : url) {
    if (reserved.find(c) == std::string_view::npos) {
      encoded += c;
    } else {
      auto byte = static_cast<unsigned char>(c);
      encoded += {'%', kHex[byte >> 4], kHex[byte & 0xF]};
    }
  }
  return encoded;
}

std::string context_line(const AlertView& alert) {
  std::string text = "rule " + alert.rule + " · severity " + alert.severity;
  if (!alert.feed_name.empty()) text += " · " + alert.feed_name;
  if (!alert.matched.empty()) text += " · matched: " + joined(alert.matched);
  return text;
}

// --- slack ------------------------------------------------------------------

// Slack reads &, < and > as markup (<!channel> would ping everyone).
std::string slack_escape(std::string_view text) {
  std::string escaped;
  for (char c : text) {
    if (c == '&') escaped += "&amp;";
    else if (c == '<') escaped += "&lt;";
    else if (c == '>') escaped += "&gt;";
    else escaped += c;
  }
  return escaped;
}

std::string slack_link(const AlertEntryView& entry) {
  std::string title = slack_escape(truncate_text(display_title(entry), kTitleCharacters));
  // A '|' or '>' in the URL would end the link early; they are rare in URLs.
  if (entry.link.empty()) return title;
  return "<" + percent_encoded(entry.link, "|<>") + "|" + title + ">";
}

Json slack_section(const std::string& mrkdwn) {
  return {{"type", "section"}, {"text", {{"type", "mrkdwn"}, {"text", truncate_text(mrkdwn, 3000)}}}};
}

std::string render_slack(const AlertView& alert) {
  Json blocks = Json::array();
  std::string head = "*" + slack_escape(headline(alert)) + "*";
  std::string text;
  if (alert.grouped) {
    std::string list;
    for (std::size_t i = 0; i < alert.entries.size() && i < kListedEntries; ++i) {
      list += "• " + slack_link(alert.entries[i]);
      if (!alert.entries[i].feed.empty()) list += " — " + slack_escape(alert.entries[i].feed);
      list += "\n";
    }
    if (auto more = more_line(alert.entries.size()); !more.empty()) list += more;
    blocks.push_back(slack_section(head));
    blocks.push_back(slack_section(list));
    text = head + "\n" + list;
  } else {
    const AlertEntryView& entry = alert.entries.front();
    std::string body = slack_link(entry);
    if (!entry.summary.empty()) body += "\n" + slack_escape(truncate_text(entry.summary, 600));
    blocks.push_back(slack_section(head + "\n" + body));
    text = "[" + alert.severity + "] " + slack_escape(alert.rule) + ": " + slack_link(entry);
  }
  blocks.push_back({{"type", "context"},
                    {"elements", Json::array({{{"type", "mrkdwn"},
                                               {"text", truncate_text(slack_escape(context_line(alert)), 2000)}}})}});
  // `text` is the notification and fallback; blocks are what the channel shows.
  Json message = {{"text", truncate_text(text, 3000)}, {"blocks", blocks}};
  return message.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// --- discord ----------------------------------------------------------------

int severity_colour(const std::string& severity) {
  if (severity == "critical") return 0xB00020;
  if (severity == "high") return 0xE8590C;
  if (severity == "medium") return 0xF2C94C;
  if (severity == "low") return 0x4A90D9;
  return 0x9B9B9B;
}

Json discord_embed(const AlertEntryView& entry, const std::string& severity,
                   std::size_t description_limit) {
  Json embed = {{"title", truncate_text(display_title(entry), 256)},
                {"color", severity_colour(severity)}};
  if (!entry.link.empty()) embed["url"] = entry.link;
  std::string description = entry.summary;
  if (!entry.feed.empty()) description = entry.feed + (description.empty() ? "" : "\n" + description);
  if (!description.empty()) embed["description"] = truncate_text(description, description_limit);
  return embed;
}

std::string render_discord(const AlertView& alert) {
  Json embeds = Json::array();
  std::string content = truncate_text(headline(alert), 300);
  if (alert.grouped) {
    // Ten embeds is Discord's cap; short descriptions keep the total under 6000.
    for (std::size_t i = 0; i < alert.entries.size() && i < kListedEntries; ++i) {
      embeds.push_back(discord_embed(alert.entries[i], alert.severity, 200));
    }
    if (auto more = more_line(alert.entries.size()); !more.empty()) content += " (" + more + ")";
  } else {
    Json embed = discord_embed(alert.entries.front(), alert.severity, 2000);
    embed["footer"] = {{"text", truncate_text(context_line(alert), 500)}};
    embeds.push_back(std::move(embed));
  }
  Json message = {{"content", content},
                  {"embeds", embeds},
                  // Feed text must never ping @everyone or a role.
                  {"allowed_mentions", {{"parse", Json::array()}}}};
  return message.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// --- ntfy -------------------------------------------------------------------

std::string ntfy_priority(const std::string& severity) {
  if (severity == "critical") return "5";
  if (severity == "high") return "4";
  if (severity == "low") return "2";
  if (severity == "info") return "1";
  return "3";
}

// Header values: no CR/LF (they would start a new header), and non-ASCII
// text as an RFC 2047 encoded word, which ntfy decodes.
std::string header_value(std::string_view text) {
  std::string flat;
  bool ascii = true;
  for (char c : text) {
    flat += c == '\r' || c == '\n' || c == '\t' ? ' ' : c;
    if (static_cast<unsigned char>(c) >= 0x80) ascii = false;
  }
  if (ascii) return flat;
  std::string encoded(4 * ((flat.size() + 2) / 3) + 1, '\0');
  int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()),
                               reinterpret_cast<const unsigned char*>(flat.data()),
                               static_cast<int>(flat.size()));
  encoded.resize(static_cast<std::size_t>(length));
  return "=?UTF-8?B?" + encoded + "?=";
}

// At most `limit` bytes, cut on a character boundary.
std::string bounded_bytes(const std::string& text, std::size_t limit) {
  if (text.size() <= limit) return text;
  std::size_t cut = limit - 3;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "…";
}

WebhookMessage render_ntfy(const AlertView& alert) {
  WebhookMessage message;
  message.content_type = "text/plain; charset=utf-8";
  std::string body;
  if (alert.grouped) {
    for (std::size_t i = 0; i < alert.entries.size() && i < 20; ++i) {
      const AlertEntryView& entry = alert.entries[i];
      body += "• " + truncate_text(display_title(entry), kTitleCharacters);
      if (!entry.link.empty()) body += "\n  " + entry.link;
      body += "\n";
    }
    if (alert.entries.size() > 20) body += "and " + std::to_string(alert.entries.size() - 20) + " more\n";
  } else {
    const AlertEntryView& entry = alert.entries.front();
    body = entry.summary.empty() ? display_title(entry) : truncate_text(entry.summary, 1000);
  }
  body += "\n" + context_line(alert);
  message.body = bounded_bytes(body, 4000);
  message.headers.emplace_back("Title", header_value(truncate_text(headline(alert), 250)));
  message.headers.emplace_back("Priority", ntfy_priority(alert.severity));
  std::string tags = "feedwatch," + alert.severity;
  if (alert.severity == "critical") tags = "rotating_light," + tags;
  if (alert.severity == "high") tags = "warning," + tags;
  message.headers.emplace_back("Tags", header_value(tags));
  std::string click = alert.grouped ? "" : alert.entries.front().link;
  if (!click.empty()) message.headers.emplace_back("Click", header_value(click));
  return message;
}

// --- teams ------------------------------------------------------------------

// Adaptive Card markdown: a link's text must not close the brackets, nor
// its URL the parentheses.
std::string teams_link(const AlertEntryView& entry) {
  std::string title;
  for (char c : truncate_text(display_title(entry), kTitleCharacters)) {
    title += c == '[' ? '(' : c == ']' ? ')' : c;
  }
  if (entry.link.empty()) return title;
  return "[" + title + "](" + percent_encoded(entry.link, "() ") + ")";
}

Json text_block(const std::string& text, Json extra = Json::object()) {
  Json block = {{"type", "TextBlock"}, {"text", text}, {"wrap", true}};
  block.update(extra);
  return block;
}

std::string render_teams(const AlertView& alert) {
  Json body = Json::array();
  body.push_back(text_block(truncate_text(headline(alert), 300),
                            {{"size", "Medium"}, {"weight", "Bolder"}}));
  body.push_back(text_block(truncate_text(context_line(alert), 1000),
                            {{"isSubtle", true}, {"spacing", "None"}}));
  Json actions = Json::array();
  if (alert.grouped) {
    for (std::size_t i = 0; i < alert.entries.size() && i < 20; ++i) {
      std::string line = "- " + teams_link(alert.entries[i]);
      if (!alert.entries[i].feed.empty()) line += " — " + alert.entries[i].feed;
      body.push_back(text_block(line, {{"spacing", "Small"}}));
    }
    if (alert.entries.size() > 20) {
      body.push_back(text_block("and " + std::to_string(alert.entries.size() - 20) + " more"));
    }
  } else {
    const AlertEntryView& entry = alert.entries.front();
    body.push_back(text_block(teams_link(entry)));
    if (!entry.summary.empty()) body.push_back(text_block(truncate_text(entry.summary, 1000)));
    if (!entry.link.empty()) {
      actions.push_back({{"type", "Action.OpenUrl"}, {"title", "Open"}, {"url", entry.link}});
    }
  }
  Json card = {{"$schema", "http://adaptivecards.io/schemas/adaptive-card.json"},
               {"type", "AdaptiveCard"},
               {"version", "1.4"},
               {"body", body}};
  if (!actions.empty()) card["actions"] = actions;
  Json message = {{"type", "message"},
                  {"attachments", Json::array({{{"contentType", "application/vnd.microsoft.card.adaptive"},
                                                {"contentUrl", nullptr},
                                                {"content", card}}})}};
  return message.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace

std::optional<WebhookFormat> webhook_format_named(std::string_view name) {
  if (name == "json") return WebhookFormat::json;
  if (name == "slack") return WebhookFormat::slack;
  if (name == "discord") return WebhookFormat::discord;
  if (name == "ntfy") return WebhookFormat::ntfy;
  if (name == "teams") return WebhookFormat::teams;
  return std::nullopt;
}

std::optional<WebhookMessage> render_webhook_message(WebhookFormat format,
                                                     const std::string& payload_json,
                                                     std::string* error) {
  if (format == WebhookFormat::json) return WebhookMessage{kJsonType, payload_json, {}};
  auto alert = read_alert_view(payload_json, error);
  if (!alert) return std::nullopt;
  if (alert->entries.empty()) {
    *error = alert->grouped ? "the stored alert lists no entries"
                            : "the stored alert has neither \"entry\" nor \"entries\"";
    return std::nullopt;
  }
  // Chat formats colour and prioritise by severity; SPEC §5's default is medium.
  if (alert->severity.empty()) alert->severity = "medium";
  switch (format) {
    case WebhookFormat::slack: return WebhookMessage{kJsonType, render_slack(*alert), {}};
    case WebhookFormat::discord: return WebhookMessage{kJsonType, render_discord(*alert), {}};
    case WebhookFormat::teams: return WebhookMessage{kJsonType, render_teams(*alert), {}};
    case WebhookFormat::ntfy: return render_ntfy(*alert);
    case WebhookFormat::json: break;
  }
  return WebhookMessage{kJsonType, payload_json, {}};
}

}  // namespace feedwatch::notify
