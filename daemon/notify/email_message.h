// The e-mail for one alert (SPEC §5): subject, header lines, and the plain
// text and HTML bodies rendered from the alert's JSON payload. Pure values;
// the email notifier hands them to libcurl's MIME builder and SMTP.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace feedwatch::notify {

struct EmailBodies {
  std::string subject;     // UTF-8, one line, not yet encoded for the header
  std::string plain_text;  // UTF-8, CRLF line ends
  std::string html;        // UTF-8, CRLF line ends; feed text escaped, http(s) links clickable
};

// Renders `payload_json` (an alert per SPEC §5, with "entry" or, for grouped
// and digest alerts, "entries"). Subject: "[feedwatch] <rule>: <entry title>",
// or "[feedwatch] <rule>: N matches" for several entries. Throws
// std::invalid_argument if the payload is not a JSON object.
EmailBodies render_alert_email(std::string_view payload_json);

struct EmailHeaderFields {
  std::string from;             // the configured mailbox, e.g. "feedwatch <a@example.com>"
  std::vector<std::string> to;  // the configured mailboxes
  std::string alert_id;
  std::chrono::system_clock::time_point date;
};

// The top-level header lines (without the MIME ones libcurl adds): From, To,
// Subject (RFC 2047 when needed), Date, Message-ID <alert_id@feedwatch>, and
// Content-Type multipart/alternative. No line break from any input survives
// except the folding of the Subject.
std::vector<std::string> email_header_lines(const EmailHeaderFields& fields,
                                            std::string_view subject);

}  // namespace feedwatch::notify
