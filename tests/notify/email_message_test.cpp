// Composing alert e-mails without a server: subject, RFC 2047 encoded-words,
// dates, addresses, plain-text and HTML bodies for single and grouped alerts.
#include <catch2/catch.hpp>
#include <openssl/evp.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "daemon/notify/email_message.h"
#include "daemon/notify/mail_headers.h"

using namespace feedwatch::notify;
using Json = nlohmann::json;

namespace {

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (true) {
    std::size_t end = text.find("\r\n", start);
    lines.push_back(text.substr(start, end - start));
    if (end == std::string::npos) return lines;
    start = end + 2;
  }
}

std::string base64_decoded(const std::string& text) {
  std::string out(text.size(), '\0');
  int length = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                               reinterpret_cast<const unsigned char*>(text.data()),
                               static_cast<int>(text.size()));
  REQUIRE(length >= 0);
  std::size_t padding = 0;
  if (!text.empty() && text.back() == '=') ++padding;
  if (text.size() > 1 && text[text.size() - 2] == '=') ++padding;
  out.resize(static_cast<std::size_t>(length) - padding);
  return out;
}

bool is_whole_utf8(const std::string& bytes) {
  std::size_t i = 0;
  while (i < bytes.size()) {
    auto lead = static_cast<unsigned char>(bytes[i]);
    std::size_t length = lead < 0x80 ? 1 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 0;
    if (length == 0 || i + length > bytes.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(bytes[i + k]) & 0xc0) != 0x80) return false;
    }
    i += length;
  }
  return true;
}

// Decodes the value encode_header_text made, checking every limit on the way.
std::string decode_checked(const std::string& name, const std::string& value) {
  std::vector<std::string> lines = split_lines(name + ": " + value);
  std::string decoded;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    INFO(line);
    CHECK(line.size() <= 76);
    std::string word = i == 0 ? line.substr(name.size() + 2) : line.substr(1);
    if (i > 0) CHECK(line[0] == ' ');
    CHECK(word.size() <= 75);
    REQUIRE(word.rfind("=?UTF-8?B?", 0) == 0);
    REQUIRE(word.substr(word.size() - 2) == "?=");
    std::string chunk = base64_decoded(word.substr(10, word.size() - 12));
    CHECK(is_whole_utf8(chunk));
    decoded += chunk;
  }
  return decoded;
}

std::string single_alert(const std::string& title, const std::string& summary = "A summary") {
  Json alert = {{"version", 1},
                {"alert_id", "fw-3f9a01"},
                {"rule", "chip-export-controls"},
                {"severity", "high"},
                {"matched", {"export controls", "nvidia"}},
                {"feed", {{"url", "https://feeds.example/rss"}, {"title", "Example News"}}},
                {"entry",
                 {{"id", "e1"},
                  {"link", "https://news.example/a?x=1&y=2"},
                  {"title", title},
                  {"published", "2026-11-22T07:00:00Z"},
                  {"author", "Jane <jane@example.com>"},
                  {"categories", {"policy", "chips"}},
                  {"summary", summary}}},
                {"also_in", {{{"feed", "Other Feed"}, {"link", "https://other.example/b"}}}},
                {"detected_at", "2026-11-22T07:30:12Z"}};
  return alert.dump();
}

}  // namespace

TEST_CASE("the subject names the rule and the entry title", "[email-message]") {
  EmailBodies bodies = render_alert_email(single_alert("Export controls widened"));
  CHECK(bodies.subject == "[feedwatch] chip-export-controls: Export controls widened");
}

TEST_CASE("grouped and digest alerts carry entries and a count in the subject",
          "[email-message]") {
  Json alert = {{"alert_id", "fw-group"},
                {"rule", "chips"},
                {"entries",
                 {{{"title", "First <story>"}, {"link", "https://a.example/1"}},
                  {{"title", "Second story"}, {"link", "https://a.example/2"}},
                  {{"title", "Third story"}, {"link", "javascript:alert(1)"}}}}};
  EmailBodies bodies = render_alert_email(alert.dump());
  CHECK(bodies.subject == "[feedwatch] chips: 3 matches");
  CHECK(bodies.plain_text.find("First <story>\r\nhttps://a.example/1") != std::string::npos);
  CHECK(bodies.plain_text.find("Second story") != std::string::npos);
  CHECK(bodies.html.find("<a href=\"https://a.example/1\">First &lt;story&gt;</a>") !=
        std::string::npos);
  CHECK(bodies.html.find("<a href=\"https://a.example/2\">Second story</a>") != std::string::npos);
  // Only web links are clickable: a feed's javascript: URL stays text.
  CHECK(bodies.html.find("javascript:") == std::string::npos);
  CHECK(bodies.html.find("Third story") != std::string::npos);

  Json one = {{"rule", "chips"}, {"entries", {{{"title", "Only one"}}}}};
  CHECK(render_alert_email(one.dump()).subject == "[feedwatch] chips: Only one");
}

TEST_CASE("an entry without a title is named by its link", "[email-message]") {
  Json alert = {{"rule", "r"}, {"entry", {{"link", "https://x.example/1"}}}};
  CHECK(render_alert_email(alert.dump()).subject == "[feedwatch] r: https://x.example/1");
}

TEST_CASE("feed text is HTML-escaped and links are clickable", "[email-message]") {
  EmailBodies bodies = render_alert_email(
      single_alert("<script>alert('x')</script> & \"more\"", "Line one\n<b>bold?</b>"));
  CHECK(bodies.html.find("<script>") == std::string::npos);
  CHECK(bodies.html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;more&quot;") !=
        std::string::npos);
  CHECK(bodies.html.find("Line one<br>\r\n&lt;b&gt;bold?&lt;/b&gt;") != std::string::npos);
  CHECK(bodies.html.find("<a href=\"https://news.example/a?x=1&amp;y=2\">") != std::string::npos);
  CHECK(bodies.html.find("<a href=\"https://other.example/b\">Other Feed</a>") != std::string::npos);
  CHECK(bodies.html.find("Jane &lt;jane@example.com&gt;") != std::string::npos);
  // The plain part keeps the text as it is.
  CHECK(bodies.plain_text.find("<script>alert('x')</script>") != std::string::npos);
  CHECK(bodies.plain_text.find("Matched: export controls, nvidia") != std::string::npos);
  CHECK(bodies.plain_text.find("Alert fw-3f9a01, detected at 2026-11-22T07:30:12Z") !=
        std::string::npos);
}

TEST_CASE("bodies use CRLF line ends only", "[email-message]") {
  EmailBodies bodies = render_alert_email(single_alert("T", "a\nb\r\nc"));
  for (const std::string* body : {&bodies.plain_text, &bodies.html}) {
    for (std::size_t i = 0; i < body->size(); ++i) {
      if ((*body)[i] == '\n') CHECK((i > 0 && (*body)[i - 1] == '\r'));
    }
  }
}

TEST_CASE("a payload that is not a JSON object is refused", "[email-message]") {
  CHECK_THROWS_AS(render_alert_email("not json"), std::invalid_argument);
  CHECK_THROWS_AS(render_alert_email("[1, 2]"), std::invalid_argument);
}

TEST_CASE("a short ASCII subject stays readable", "[email-message]") {
  CHECK(encode_header_text("Subject", "[feedwatch] r: Hello") == "[feedwatch] r: Hello");
}

TEST_CASE("non-ASCII subjects become encoded-words that round-trip", "[email-message]") {
  std::string subject = GENERATE(
      std::string("[feedwatch] chips: Exportkontrollen für Halbleiter verschärft"),
      std::string("[feedwatch] chips: 美国扩大对华芯片出口管制范围，涉及更多人工智能芯片与制造设备"),
      std::string("[feedwatch] r: café crème brûlée à la façon de l'été 🍮🍮🍮🍮🍮🍮🍮🍮🍮🍮🍮"),
      std::string(300, 'x'),                     // long ASCII: folded as encoded-words too
      std::string("=?UTF-8?B?Zm9v?= is literal"));  // must not be read as an encoded-word
  INFO(subject);
  std::string value = encode_header_text("Subject", subject);
  CHECK(value != subject);
  CHECK(decode_checked("Subject", value) == subject);
}

TEST_CASE("encoded-words never split a UTF-8 sequence at any length", "[email-message]") {
  for (std::size_t count = 1; count < 80; ++count) {
    std::string subject;
    for (std::size_t i = 0; i < count; ++i) subject += i % 3 == 0 ? "é" : i % 3 == 1 ? "漢" : "𝄞";
    INFO(count);
    CHECK(decode_checked("Subject", encode_header_text("Subject", subject)) == subject);
  }
}

TEST_CASE("header values lose their line breaks", "[email-message]") {
  CHECK(single_line("a\r\nBcc: victim@example.com") == "a  Bcc: victim@example.com");
  std::string encoded = encode_header_text("Subject", "Title\r\nBcc: x@y");
  CHECK(encoded == "Title  Bcc: x@y");
  EmailHeaderFields fields{"feedwatch <a@example.com>\r\nBcc: evil@example.com",
                           {"b@example.com\nX-Evil: 1", "c@example.com"},
                           "fw-1",
                           std::chrono::system_clock::time_point{}};
  for (const std::string& line : email_header_lines(fields, "Subject\nwith break")) {
    INFO(line);
    CHECK(line.find('\n') == std::string::npos);
    CHECK(line.find('\r') == std::string::npos);
  }
}

TEST_CASE("the header lines carry From, To, Date, Message-ID and the MIME type",
          "[email-message]") {
  using namespace std::chrono;
  EmailHeaderFields fields{"feedwatch <alerts@example.com>",
                           {"analyst@example.com", "Boss <boss@example.com>"},
                           "fw-3f9a01",
                           system_clock::time_point(seconds(1795332612))};
  std::vector<std::string> lines = email_header_lines(fields, "[feedwatch] r: T");
  CHECK(lines == std::vector<std::string>{
                     "From: feedwatch <alerts@example.com>",
                     "To: analyst@example.com, Boss <boss@example.com>",
                     "Subject: [feedwatch] r: T",
                     "Date: Sun, 22 Nov 2026 07:30:12 +0000",
                     "Message-ID: <fw-3f9a01@feedwatch>",
                     "Content-Type: multipart/alternative",
                 });
}

TEST_CASE("dates are RFC 5322 in UTC", "[email-message]") {
  using namespace std::chrono;
  CHECK(rfc5322_date(system_clock::time_point{}) == "Thu, 01 Jan 1970 00:00:00 +0000");
  CHECK(rfc5322_date(system_clock::time_point(seconds(951782400))) ==
        "Tue, 29 Feb 2000 00:00:00 +0000");
}

TEST_CASE("mailbox addresses are extracted and checked", "[email-message]") {
  CHECK(mailbox_address("feedwatch <alerts@example.com>") == std::string("alerts@example.com"));
  CHECK(mailbox_address("alerts@example.com") == std::string("alerts@example.com"));
  CHECK(mailbox_address("  a@b  ") == std::string("a@b"));
  CHECK_FALSE(mailbox_address("no address"));
  CHECK_FALSE(mailbox_address("Name <broken@example.com"));
  CHECK_FALSE(mailbox_address("@example.com"));
  CHECK_FALSE(mailbox_address("a b@example.com"));
  CHECK_FALSE(mailbox_address("a@b\r\nRCPT TO:<x@y>"));
}
