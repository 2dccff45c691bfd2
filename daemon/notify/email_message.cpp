#include "daemon/notify/email_message.h"

#include <cctype>
#include <optional>
#include <stdexcept>

#include "daemon/notify/alert_view.h"
#include "daemon/notify/mail_headers.h"

namespace feedwatch::notify {
namespace {

std::string joined(const std::vector<std::string>& parts, std::string_view separator) {
  std::string text;
  for (const std::string& part : parts) {
    if (!text.empty()) text += separator;
    text += part;
  }
  return text;
}

std::string subject_of(const AlertView& alert) {
  std::string subject = "[feedwatch] " + alert.rule + ": ";
  if (alert.entries.size() == 1) return subject + display_title(alert.entries.front());
  return subject + std::to_string(alert.entries.size()) + " matches";
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

void append_plain_entry(std::string& out, const AlertEntryView& entry) {
  out += with_crlf(display_title(entry)) + "\r\n";
  append_line(out, "", entry.link);
  append_line(out, "Published: ", entry.published);
  append_line(out, "Author: ", entry.author);
  append_line(out, "Categories: ", joined(entry.categories, ", "));
  if (!entry.summary.empty()) out += "\r\n" + with_crlf(entry.summary) + "\r\n";
}

std::string plain_text_of(const AlertView& alert) {
  std::string out;
  append_line(out, "Rule: ", alert.rule);
  append_line(out, "Severity: ", alert.severity);
  append_line(out, "Matched: ", joined(alert.matched, ", "));
  append_line(out, "Feed: ", alert.feed_title);
  append_line(out, "Feed URL: ", alert.feed_url);
  for (const AlertEntryView& entry : alert.entries) {
    out += "\r\n";
    append_plain_entry(out, entry);
  }
  if (!alert.also_in.empty()) {
    out += "\r\nAlso in:\r\n";
    for (const AlertSighting& other : alert.also_in) {
      out += "- " + single_line(other.feed) + ": " + single_line(other.link) + "\r\n";
    }
  }
  out += "\r\nAlert " + single_line(alert.alert_id);
  if (!alert.detected_at.empty()) out += ", detected at " + single_line(alert.detected_at);
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

void append_html_entry(std::string& out, const AlertEntryView& entry) {
  out += "<h3>" + html_link(entry.link, display_title(entry)) + "</h3>\r\n";
  append_html_row(out, "Published", escaped(entry.published));
  append_html_row(out, "Author", escaped(entry.author));
  append_html_row(out, "Categories", escaped(joined(entry.categories, ", ")));
  if (!entry.summary.empty()) out += "<p>" + escaped(entry.summary) + "</p>\r\n";
}

std::string html_of(const AlertView& alert, const std::string& subject) {
  std::string out =
      "<!DOCTYPE html>\r\n<html><head><meta charset=\"utf-8\"><title>" + escaped(subject) +
      "</title></head>\r\n<body>\r\n";
  append_html_row(out, "Rule", escaped(alert.rule));
  append_html_row(out, "Severity", escaped(alert.severity));
  append_html_row(out, "Matched", escaped(joined(alert.matched, ", ")));
  const std::string& feed_text = alert.feed_title.empty() ? alert.feed_url : alert.feed_title;
  append_html_row(out, "Feed", html_link(alert.feed_url, feed_text));
  for (const AlertEntryView& entry : alert.entries) append_html_entry(out, entry);
  if (!alert.also_in.empty()) {
    out += "<p><b>Also in:</b></p>\r\n<ul>\r\n";
    for (const AlertSighting& other : alert.also_in) {
      out += "<li>" + html_link(other.link, other.feed.empty() ? other.link : other.feed) + "</li>\r\n";
    }
    out += "</ul>\r\n";
  }
  out += "<p style=\"color:#666\">Alert " + escaped(alert.alert_id);
  if (!alert.detected_at.empty()) out += ", detected at " + escaped(alert.detected_at);
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
  std::string ignored;
  std::optional<AlertView> alert = read_alert_view(payload_json, &ignored);
  if (!alert) throw std::invalid_argument("the alert payload is not a JSON object");
  EmailBodies bodies;
  bodies.subject = single_line(subject_of(*alert));
  bodies.plain_text = plain_text_of(*alert);
  bodies.html = html_of(*alert, bodies.subject);
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
