#include "daemon/notify/email_message.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <stdexcept>

#include "daemon/notify/mail_headers.h"

namespace feedwatch::notify {
namespace {

using Json = nlohmann::json;

// A string member of `object`, or "" when it is absent or not a string:
// alerts from older or newer versions may lack fields or add others.
std::string text_of(const Json& object, const char* key) {
  if (!object.is_object()) return {};
  auto found = object.find(key);
  if (found == object.end() || !found->is_string()) return {};
  return found->get<std::string>();
}

std::vector<std::string> texts_of(const Json& object, const char* key) {
  std::vector<std::string> texts;
  if (!object.is_object()) return texts;
  auto found = object.find(key);
  if (found == object.end() || !found->is_array()) return texts;
  for (const Json& item : *found) {
    if (item.is_string()) texts.push_back(item.get<std::string>());
  }
  return texts;
}

std::string joined(const std::vector<std::string>& parts, std::string_view separator) {
  std::string text;
  for (const std::string& part : parts) {
    if (!text.empty()) text += separator;
    text += part;
  }
  return text;
}

std::vector<Json> entries_of(const Json& alert) {
  if (auto entries = alert.find("entries"); entries != alert.end() && entries->is_array()) {
    return std::vector<Json>(entries->begin(), entries->end());
  }
  if (auto entry = alert.find("entry"); entry != alert.end() && entry->is_object()) {
    return {*entry};
  }
  return {};
}

std::string title_or_placeholder(const Json& entry) {
  std::string title = text_of(entry, "title");
  if (!title.empty()) return title;
  std::string link = text_of(entry, "link");
  return link.empty() ? "(untitled entry)" : link;
}

std::string subject_of(const Json& alert, const std::vector<Json>& entries) {
  std::string subject = "[feedwatch] " + text_of(alert, "rule") + ": ";
  if (entries.size() == 1) return subject + title_or_placeholder(entries.front());
  return subject + std::to_string(entries.size()) + " matches";
}

// Feed text as one paragraph per line, with CRLF line ends as MIME wants.
std::string with_crlf(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') continue;
    if (text[i] == '\n') out += "\r\n";
    else out += text[i];
  }
  return out;
}

// --- plain text ---------------------------------------------------------

void append_line(std::string& out, std::string_view label, const std::string& value) {
  if (value.empty()) return;
  out.append(label).append(with_crlf(value)).append("\r\n");
}

void append_plain_entry(std::string& out, const Json& entry) {
  out += with_crlf(title_or_placeholder(entry)) + "\r\n";
  append_line(out, "", text_of(entry, "link"));
  append_line(out, "Published: ", text_of(entry, "published"));
  append_line(out, "Author: ", text_of(entry, "author"));
  append_line(out, "Categories: ", joined(texts_of(entry, "categories"), ", "));
  if (std::string summary = text_of(entry, "summary"); !summary.empty()) {
    out += "\r\n" + with_crlf(summary) + "\r\n";
  }
}

std::string plain_text_of(const Json& alert, const std::vector<Json>& entries) {
  std::string out;
  append_line(out, "Rule: ", text_of(alert, "rule"));
  append_line(out, "Severity: ", text_of(alert, "severity"));
  append_line(out, "Matched: ", joined(texts_of(alert, "matched"), ", "));
  const Json& feed = alert.contains("feed") ? alert["feed"] : Json();
  append_line(out, "Feed: ", text_of(feed, "title"));
  append_line(out, "Feed URL: ", text_of(feed, "url"));
  for (const Json& entry : entries) {
    out += "\r\n";
    append_plain_entry(out, entry);
  }
  if (auto also = alert.find("also_in"); also != alert.end() && also->is_array() && !also->empty()) {
    out += "\r\nAlso in:\r\n";
    for (const Json& other : *also) {
      out += "- " + single_line(text_of(other, "feed")) + ": " + single_line(text_of(other, "link")) +
             "\r\n";
    }
  }
  out += "\r\nAlert " + single_line(text_of(alert, "alert_id"));
  if (std::string detected = text_of(alert, "detected_at"); !detected.empty()) {
    out += ", detected at " + single_line(detected);
  }
  return out + "\r\n";
}

// --- HTML ---------------------------------------------------------------

std::string escaped(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      case '\r': break;
      case '\n': out += "<br>\r\n"; break;
      default: out += c;
    }
  }
  return out;
}

// Only web links become clickable: a feed may carry javascript: or data:
// URLs, and a mail reader should never be handed those as links.
bool is_web_link(std::string_view url) {
  auto starts = [&](std::string_view prefix) {
    if (url.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(url[i])) != prefix[i]) return false;
    }
    return true;
  };
  return starts("http://") || starts("https://");
}

std::string html_link(const std::string& url, const std::string& text) {
  if (!is_web_link(url)) return escaped(text);
  return "<a href=\"" + escaped(single_line(url)) + "\">" + escaped(text) + "</a>";
}

void append_html_row(std::string& out, std::string_view label, const std::string& value_html) {
  if (value_html.empty()) return;
  out.append("<p style=\"margin:0\"><b>").append(label).append(":</b> ").append(value_html)
      .append("</p>\r\n");
}

void append_html_entry(std::string& out, const Json& entry) {
  out += "<h3>" + html_link(text_of(entry, "link"), title_or_placeholder(entry)) + "</h3>\r\n";
  append_html_row(out, "Published", escaped(text_of(entry, "published")));
  append_html_row(out, "Author", escaped(text_of(entry, "author")));
  append_html_row(out, "Categories", escaped(joined(texts_of(entry, "categories"), ", ")));
  if (std::string summary = text_of(entry, "summary"); !summary.empty()) {
    out += "<p>" + escaped(summary) + "</p>\r\n";
  }
}

std::string html_of(const Json& alert, const std::vector<Json>& entries, const std::string& subject) {
  std::string out =
      "<!DOCTYPE html>\r\n<html><head><meta charset=\"utf-8\"><title>" + escaped(subject) +
      "</title></head>\r\n<body>\r\n";
  append_html_row(out, "Rule", escaped(text_of(alert, "rule")));
  append_html_row(out, "Severity", escaped(text_of(alert, "severity")));
  append_html_row(out, "Matched", escaped(joined(texts_of(alert, "matched"), ", ")));
  const Json& feed = alert.contains("feed") ? alert["feed"] : Json();
  std::string feed_title = text_of(feed, "title");
  std::string feed_url = text_of(feed, "url");
  append_html_row(out, "Feed", html_link(feed_url, feed_title.empty() ? feed_url : feed_title));
  for (const Json& entry : entries) append_html_entry(out, entry);
  if (auto also = alert.find("also_in"); also != alert.end() && also->is_array() && !also->empty()) {
    out += "<p><b>Also in:</b></p>\r\n<ul>\r\n";
    for (const Json& other : *also) {
      std::string name = text_of(other, "feed");
      std::string link = text_of(other, "link");
      out += "<li>" + html_link(link, name.empty() ? link : name) + "</li>\r\n";
    }
    out += "</ul>\r\n";
  }
  out += "<p style=\"color:#666\">Alert " + escaped(text_of(alert, "alert_id"));
  if (std::string detected = text_of(alert, "detected_at"); !detected.empty()) {
    out += ", detected at " + escaped(detected);
  }
  return out + "</p>\r\n</body></html>\r\n";
}

// Message-IDs allow only "atext" and dots; anything else in an alert id
// (there should be nothing) becomes '-'.
std::string message_id_local_part(std::string_view alert_id) {
  std::string local;
  for (char c : alert_id) {
    bool allowed = std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ||
                   c == '.' || c == '+' || c == '=';
    local += allowed ? c : '-';
  }
  return local.empty() ? "alert" : local;
}

}  // namespace

EmailBodies render_alert_email(std::string_view payload_json) {
  Json alert = Json::parse(payload_json, nullptr, /*allow_exceptions=*/false);
  if (!alert.is_object()) throw std::invalid_argument("the alert payload is not a JSON object");
  std::vector<Json> entries = entries_of(alert);
  EmailBodies bodies;
  bodies.subject = single_line(subject_of(alert, entries));
  bodies.plain_text = plain_text_of(alert, entries);
  bodies.html = html_of(alert, entries, bodies.subject);
  return bodies;
}

std::vector<std::string> email_header_lines(const EmailHeaderFields& fields,
                                            std::string_view subject) {
  std::vector<std::string> to;
  for (const std::string& mailbox : fields.to) to.push_back(encode_mailbox(mailbox));
  return {
      "From: " + encode_mailbox(fields.from),
      "To: " + joined(to, ", "),
      "Subject: " + encode_header_text("Subject", subject),
      "Date: " + rfc5322_date(fields.date),
      "Message-ID: <" + message_id_local_part(fields.alert_id) + "@feedwatch>",
      // libcurl's MIME builder takes this as the top-level type and adds the boundary.
      "Content-Type: multipart/alternative",
  };
}

}  // namespace feedwatch::notify
