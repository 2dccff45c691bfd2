// Safe values for e-mail header lines (RFC 5322, RFC 2047): text with line
// breaks removed, non-ASCII subjects as encoded-words, dates, bare addresses.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace feedwatch::notify {

// `text` on one line: every CR, LF and other control character becomes a
// space, so nothing from a feed or the config can start a header of its own.
std::string single_line(std::string_view text);

// The value of header `name` for the UTF-8 `text`, ready to follow "name: ".
// Printable ASCII that fits on one 78-character line stays as it is; anything
// else becomes RFC 2047 "B" encoded-words of at most 75 characters, one per
// folded line (at most 76 characters each), never splitting a UTF-8 sequence.
std::string encode_header_text(std::string_view name, std::string_view text);

// A mailbox for a From or To header: as it is when printable ASCII, else
// with its display name as encoded-words ("Überwachung <a@example.com>").
std::string encode_mailbox(std::string_view mailbox);

// An RFC 5322 date-time in UTC, e.g. "Sat, 21 Nov 2026 07:30:12 +0000";
// English names whatever the locale.
std::string rfc5322_date(std::chrono::system_clock::time_point time);

// The bare address of a mailbox: "feedwatch <alerts@example.com>" and
// "alerts@example.com" both give "alerts@example.com". nullopt unless it has
// the shape local@domain without spaces, brackets or line breaks.
std::optional<std::string> mailbox_address(std::string_view mailbox);

}  // namespace feedwatch::notify
