#include "daemon/notify/mail_headers.h"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <ctime>
#include <vector>

namespace feedwatch::notify {
namespace {

constexpr std::size_t kLineLimit = 76;         // RFC 2047 §2: lines with encoded-words
constexpr std::size_t kPlainLineLimit = 78;    // RFC 5322 §2.1.1 recommended limit
constexpr std::string_view kWordStart = "=?UTF-8?B?";
constexpr std::string_view kWordEnd = "?=";

bool is_plain_ascii(std::string_view text) {
  for (unsigned char c : text) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  // "=?" could be read as the start of an encoded-word by a decoder.
  return text.find("=?") == std::string_view::npos;
}

std::string base64(std::string_view bytes) {
  std::string encoded(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()),
                               reinterpret_cast<const unsigned char*>(bytes.data()),
                               static_cast<int>(bytes.size()));
  encoded.resize(static_cast<std::size_t>(length));
  return encoded;
}

// The length of the UTF-8 sequence that starts with `lead` (1 for a stray
// continuation byte or invalid lead, so malformed input still makes progress).
std::size_t sequence_length(unsigned char lead) {
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  if (lead >= 0xe0) return lead <= 0xef ? 3 : 1;
  if (lead >= 0xc2) return 2;
  return 1;
}

// The longest prefix of `text` of at most `limit` bytes that ends on a
// character boundary (at least one character, so a tiny limit still moves).
std::size_t whole_characters(std::string_view text, std::size_t limit) {
  std::size_t end = 0;
  while (end < text.size()) {
    std::size_t next = std::min(text.size(), end + sequence_length(text[end]));
    if (next > limit && end > 0) break;
    end = next;
  }
  return end;
}

// How many raw bytes fit in one encoded-word when `room` characters remain.
std::size_t raw_bytes_for(std::size_t room) {
  std::size_t payload = room - kWordStart.size() - kWordEnd.size();
  return payload / 4 * 3;
}

}  // namespace

std::string single_line(std::string_view text) {
  std::string line(text);
  for (char& c : line) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  return line;
}

std::string encode_header_text(std::string_view name, std::string_view raw_text) {
  std::string text = single_line(raw_text);
  std::size_t first_line_used = name.size() + 2;  // "Name: "
  if (is_plain_ascii(text) && first_line_used + text.size() <= kPlainLineLimit) return text;

  std::string encoded;
  std::string_view rest = text;
  std::size_t used = first_line_used;
  while (!rest.empty()) {
    if (!encoded.empty()) {
      encoded += "\r\n ";  // folding: the space between encoded-words is ignored
      used = 1;
    }
    std::size_t room = std::min<std::size_t>(75, kLineLimit - used);
    std::size_t take = whole_characters(rest, raw_bytes_for(room));
    encoded.append(kWordStart).append(base64(rest.substr(0, take))).append(kWordEnd);
    rest.remove_prefix(take);
  }
  return encoded;
}

std::string encode_mailbox(std::string_view raw_mailbox) {
  std::string mailbox = single_line(raw_mailbox);
  auto open = mailbox.rfind('<');
  if (is_plain_ascii(mailbox) || open == std::string::npos) return mailbox;
  std::string_view name = std::string_view(mailbox).substr(0, open);
  while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
  while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
  if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
    name = name.substr(1, name.size() - 2);
  }
  std::string encoded;
  while (!name.empty()) {
    std::size_t take = whole_characters(name, raw_bytes_for(75));
    if (!encoded.empty()) encoded += ' ';  // adjacent encoded-words join up again
    encoded.append(kWordStart).append(base64(name.substr(0, take))).append(kWordEnd);
    name.remove_prefix(take);
  }
  return encoded + (encoded.empty() ? "" : " ") + mailbox.substr(open);
}

std::string rfc5322_date(std::chrono::system_clock::time_point time) {
  static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed",
                                                       "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%s, %02d %s %04d %02d:%02d:%02d +0000",
                kDays[static_cast<std::size_t>(utc.tm_wday)], utc.tm_mday,
                kMonths[static_cast<std::size_t>(utc.tm_mon)], utc.tm_year + 1900, utc.tm_hour,
                utc.tm_min, utc.tm_sec);
  return buffer;
}

std::optional<std::string> mailbox_address(std::string_view mailbox) {
  for (unsigned char c : mailbox) {
    if (c < 0x20 || c == 0x7f) return std::nullopt;  // a line break could smuggle SMTP commands
  }
  std::string_view address = mailbox;
  if (auto open = mailbox.rfind('<'); open != std::string_view::npos) {
    auto close = mailbox.find('>', open);
    if (close == std::string_view::npos) return std::nullopt;
    address = mailbox.substr(open + 1, close - open - 1);
  }
  while (!address.empty() && address.front() == ' ') address.remove_prefix(1);
  while (!address.empty() && address.back() == ' ') address.remove_suffix(1);
  auto at = address.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == address.size()) return std::nullopt;
  for (unsigned char c : address) {
    if (c <= 0x20 || c == 0x7f || c == '<' || c == '>' || c == ',') return std::nullopt;
  }
  return std::string(address);
}

}  // namespace feedwatch::notify
