// The email notifier against a real SMTP server (aiosmtpd on 127.0.0.1, see
// tests/support/smtp_receiver.py): MIME structure, headers, encodings, AUTH,
// STARTTLS and smtps with a self-signed CA, and how failures are classified.
#include <arpa/inet.h>
#include <catch2/catch.hpp>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "daemon/notify/email_notifier.h"
#include "tests/notify/notify_test_support.h"
#include "tests/support/smtp_receiver.h"

using namespace feedwatch::notify;
using namespace feedwatch::notify::testing;
using feedwatch::testing::make_self_signed_certificate;
using feedwatch::testing::SmtpReceiver;
using feedwatch::testing::SmtpReceiverOptions;
using feedwatch::testing::TestCertificate;
using Json = nlohmann::json;
using Kind = DeliveryOutcome::Kind;

namespace {

constexpr const char* kPassword = "s3cret-Pa55";

feedwatch::config::EmailSettings settings_for(const std::string& server) {
  feedwatch::config::EmailSettings settings;
  settings.server = server;
  settings.from = "feedwatch <alerts@example.com>";
  settings.to = {"analyst@example.com", "Second Reader <second@example.com>"};
  return settings;
}

std::string alert_json(const std::string& alert_id, const std::string& title,
                       const std::string& summary = "Officials widened the rules.") {
  Json alert = {{"version", 1},
                {"alert_id", alert_id},
                {"rule", "chip-export-controls"},
                {"severity", "high"},
                {"matched", {"export controls"}},
                {"feed", {{"url", "https://feeds.example/rss"}, {"title", "Example News"}}},
                {"entry",
                 {{"id", "e1"},
                  {"link", "https://news.example/a"},
                  {"title", title},
                  {"summary", summary}}},
                {"detected_at", "2026-11-22T07:30:12Z"}};
  return alert.dump();
}

// Sends `alerts` at once through a fresh notifier named "mail" on its own loop.
std::vector<DeliveryOutcome> send_all(const feedwatch::config::EmailSettings& settings,
                                      const std::vector<AlertDelivery>& alerts,
                                      std::chrono::milliseconds timeout = 5s) {
  boost::asio::io_context loop;
  EmailNotifier notifier(loop, "mail", settings, timeout);
  return deliver_all(loop, notifier, alerts, timeout + 5s);
}

DeliveryOutcome deliver_one(const feedwatch::config::EmailSettings& settings,
                            const std::string& title = "Export controls widened",
                            std::chrono::milliseconds timeout = 5s) {
  return send_all(settings, {{"fw-one", alert_json("fw-one", title), 1}}, timeout).front();
}

// A TCP socket bound to an ephemeral port on 127.0.0.1, closed when destroyed.
// Listening, it takes connections into its backlog but never accepts nor
// greets, so an SMTP client waits for a banner that never comes.
class LoopbackSocket {
 public:
  explicit LoopbackSocket(bool listening) : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    REQUIRE(fd_ >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    if (listening) REQUIRE(::listen(fd_, 8) == 0);
    socklen_t length = sizeof address;
    REQUIRE(::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    url_ = "smtp://127.0.0.1:" + std::to_string(ntohs(address.sin_port));
  }
  LoopbackSocket(const LoopbackSocket&) = delete;
  LoopbackSocket& operator=(const LoopbackSocket&) = delete;
  ~LoopbackSocket() { ::close(fd_); }

  const std::string& smtp_url() const { return url_; }

 private:
  int fd_;
  std::string url_;
};

// An smtp:// URL on 127.0.0.1 where nothing listens (the port was just released).
std::string closed_smtp_url() { return LoopbackSocket(/*listening=*/false).smtp_url(); }

// How a test server speaks TLS: STARTTLS offered, or smtps from the first byte.
enum class Tls { starttls, implicit };

SmtpReceiverOptions tls_options(const TestCertificate& certificate, Tls tls) {
  SmtpReceiverOptions options;
  options.starttls = tls == Tls::starttls;
  options.implicit_tls = tls == Tls::implicit;
  options.certificate = certificate.certificate;
  options.key = certificate.key;
  return options;
}

Json only_message(const SmtpReceiver& server) {
  std::vector<Json> messages = server.wait_for_messages(1, 5s);
  INFO(server.log());
  REQUIRE(messages.size() == 1);
  return messages.front();
}

}  // namespace

TEST_CASE("an alert arrives as multipart/alternative with a plain and an HTML part", "[email]") {
  TemporaryFolder folder;
  SmtpReceiver server(folder.path());
  DeliveryOutcome outcome = deliver_one(settings_for(server.url()));
  INFO(outcome.message);
  REQUIRE(outcome.kind == Kind::delivered);

  Json message = only_message(server);
  INFO(message.dump(1));
  CHECK(message["content_type"] == "multipart/alternative");
  CHECK(message["defects"].empty());
  REQUIRE(message["parts"].size() == 2);
  Json plain = message["parts"][0];
  Json html = message["parts"][1];
  CHECK(plain["content_type"] == "text/plain");
  CHECK(html["content_type"] == "text/html");
  for (const Json& part : {plain, html}) {
    CHECK(part["charset"] == "utf-8");
    CHECK(part["transfer_encoding"] == "quoted-printable");
  }
  std::string text = plain["text"];
  CHECK(text.find("Export controls widened\nhttps://news.example/a") != std::string::npos);
  CHECK(text.find("Officials widened the rules.") != std::string::npos);
  std::string markup = html["text"];
  CHECK(markup.find("<a href=\"https://news.example/a\">Export controls widened</a>") !=
        std::string::npos);

  Json headers = message["headers"];
  CHECK(headers["subject"] == "[feedwatch] chip-export-controls: Export controls widened");
  CHECK(headers["from"] == "feedwatch <alerts@example.com>");
  CHECK(headers["to"] == "analyst@example.com, Second Reader <second@example.com>");
  CHECK(headers["message-id"] == "<fw-one@feedwatch>");
  CHECK(headers["mime-version"] == "1.0");
  CHECK(std::string(headers["date"]).find("+0000") != std::string::npos);
  for (const char* name : {"subject", "from", "to", "message-id", "date", "content-type"}) {
    INFO(name);
    CHECK(message["header_counts"][name] == 1);
  }
  CHECK(message["envelope_from"] == "alerts@example.com");
  CHECK(message["envelope_to"] == Json({"analyst@example.com", "second@example.com"}));
  // Body lines keep the 78-character recommendation (quoted-printable
  // wraps at 76); libcurl's own Content-Type line with its boundary is 86,
  // well within the 998 that RFC 5322 requires.
  CHECK(message["max_body_line_length"] <= 78);
  CHECK(message["max_line_length"] <= 998);
  CHECK_FALSE(message["bare_lf"].get<bool>());
  CHECK_FALSE(message["authenticated"].get<bool>());
  CHECK_FALSE(message["tls"].get<bool>());
}

TEST_CASE("non-ASCII titles arrive as the same subject", "[email]") {
  std::string title = GENERATE(
      std::string("美国扩大对华芯片出口管制，涉及更多人工智能芯片与半导体制造设备及相关技术服务"),
      std::string("Exportkontrollen für Halbleiter verschärft – Ämter prüfen Lieferketten"),
      std::string("Ça déménage à Zürich: l'été où la crème brûlée coûta très cher 🍮"));
  TemporaryFolder folder;
  SmtpReceiver server(folder.path());
  DeliveryOutcome outcome = deliver_one(settings_for(server.url()), title);
  INFO(outcome.message);
  REQUIRE(outcome.kind == Kind::delivered);
  Json message = only_message(server);
  CHECK(message["headers"]["subject"] == "[feedwatch] chip-export-controls: " + title);
  for (const Json& line : message["raw_subject_lines"]) {
    INFO(line);
    CHECK(line.get<std::string>().size() <= 76);
  }
  CHECK(std::string(message["parts"][0]["text"]).find(title) != std::string::npos);
  std::string escaped_title;
  for (char c : title) escaped_title += c == '\'' ? std::string("&#39;") : std::string(1, c);
  CHECK(std::string(message["parts"][1]["text"]).find(escaped_title) != std::string::npos);
}

TEST_CASE("long titles and long lines stay within the line limits", "[email]") {
  TemporaryFolder folder;
  SmtpReceiver server(folder.path());
  std::string title;
  for (int i = 0; i < 40; ++i) title += "Very long headline part " + std::to_string(i) + " ";
  std::string summary(3000, 'y');  // one word, no place to break
  auto outcome = send_all(settings_for(server.url()),
                             {{"fw-long", alert_json("fw-long", title, summary), 1}})
                     .front();
  INFO(outcome.message);
  REQUIRE(outcome.kind == Kind::delivered);
  Json message = only_message(server);
  CHECK(message["max_body_line_length"] <= 78);
  CHECK(message["max_line_length"] <= 998);
  for (const Json& line : message["raw_subject_lines"]) CHECK(line.get<std::string>().size() <= 76);
  CHECK(message["headers"]["subject"] == "[feedwatch] chip-export-controls: " + title);
  CHECK(std::string(message["parts"][0]["text"]).find(summary) != std::string::npos);
  CHECK(std::string(message["parts"][1]["text"]).find(summary) != std::string::npos);
}

TEST_CASE("a grouped alert is one e-mail listing its entries", "[email]") {
  TemporaryFolder folder;
  SmtpReceiver server(folder.path());
  Json grouped = {{"alert_id", "fw-digest"},
                  {"rule", "chips"},
                  {"entries",
                   {{{"title", "One"}, {"link", "https://a.example/1"}},
                    {{"title", "Two & <two>"}, {"link", "https://a.example/2"}}}}};
  auto outcome = send_all(settings_for(server.url()), {{"fw-digest", grouped.dump(), 1}}).front();
  INFO(outcome.message);
  REQUIRE(outcome.kind == Kind::delivered);
  Json message = only_message(server);
  CHECK(message["headers"]["subject"] == "[feedwatch] chips: 2 matches");
  CHECK(std::string(message["parts"][1]["text"]).find("Two &amp; &lt;two&gt;") != std::string::npos);
}

TEST_CASE("non-ASCII display names in From and To are encoded", "[email]") {
  TemporaryFolder folder;
  SmtpReceiver server(folder.path());
  auto settings = settings_for(server.url());
  settings.from = "Überwachung Ärger <alerts@example.com>";
  settings.to = {"\"分析师 Zoë\" <analyst@example.com>"};
  DeliveryOutcome outcome = deliver_one(settings);
  INFO(outcome.message);
  REQUIRE(outcome.kind == Kind::delivered);
  Json message = only_message(server);
  CHECK(message["headers"]["from"] == "Überwachung Ärger <alerts@example.com>");
  CHECK(message["headers"]["to"] == "分析师 Zoë <analyst@example.com>");
  CHECK(message["envelope_to"] == Json({"analyst@example.com"}));
  CHECK(message["defects"].empty());
}

TEST_CASE("several alerts are sent at once", "[email]") {
  TemporaryFolder folder;
  SmtpReceiver server(folder.path());
  std::vector<AlertDelivery> alerts;
  for (int i = 0; i < 6; ++i) {
    std::string id = "fw-many-" + std::to_string(i);
    alerts.push_back({id, alert_json(id, "Story " + std::to_string(i)), 1});
  }
  for (const DeliveryOutcome& outcome : send_all(settings_for(server.url()), alerts)) {
    INFO(outcome.message);
    CHECK(outcome.kind == Kind::delivered);
  }
  std::vector<Json> messages = server.wait_for_messages(6, 5s);
  std::set<std::string> ids;
  for (const Json& message : messages) ids.insert(message["headers"]["message-id"]);
  CHECK(ids.size() == 6);
  CHECK(ids.count("<fw-many-3@feedwatch>") == 1);
}

TEST_CASE("AUTH with the right password delivers", "[email]") {
  TemporaryFolder folder;
  SmtpReceiverOptions options;
  options.user = "alerts@example.com";
  options.password = kPassword;
  SmtpReceiver server(folder.path(), options);
  auto settings = settings_for(server.url());
  settings.username = "alerts@example.com";
  settings.password = kPassword;
  DeliveryOutcome outcome = deliver_one(settings);
  INFO(outcome.message);
  REQUIRE(outcome.kind == Kind::delivered);
  Json message = only_message(server);
  CHECK(message["authenticated"].get<bool>());
  CHECK(message["auth_user"] == "alerts@example.com");
}

TEST_CASE("AUTH with a wrong password fails at once and never shows it", "[email]") {
  TemporaryFolder folder;
  SmtpReceiverOptions options;
  options.user = "alerts@example.com";
  options.password = kPassword;
  SmtpReceiver server(folder.path(), options);
  auto settings = settings_for(server.url());
  settings.username = "alerts@example.com";
  settings.password = "wrong-Passw0rd";
  DeliveryOutcome outcome = deliver_one(settings);
  INFO(outcome.message);
  CHECK(outcome.kind == Kind::permanent_failure);
  CHECK(outcome.message.find("notifier mail") != std::string::npos);
  CHECK(outcome.message.find("authentication failed") != std::string::npos);
  CHECK(outcome.message.find("535") != std::string::npos);
  CHECK(outcome.message.find("wrong-Passw0rd") == std::string::npos);
  CHECK(server.messages().empty());
}

TEST_CASE("a password inside the server URL never reaches a message", "[email]") {
  TemporaryFolder folder;
  SmtpReceiverOptions options;
  options.user = "u";
  options.password = kPassword;
  SmtpReceiver server(folder.path(), options);
  auto settings = settings_for("smtp://u:hunter2-url@127.0.0.1:" + std::to_string(server.port()));
  settings.password = "hunter2-url";  // also wrong
  DeliveryOutcome outcome = deliver_one(settings);
  INFO(outcome.message);
  CHECK(outcome.kind == Kind::permanent_failure);
  CHECK(outcome.message.find("hunter2") == std::string::npos);
  CHECK(outcome.message.find("127.0.0.1") != std::string::npos);
}

TEST_CASE("starttls required against a server without STARTTLS is a clear failure", "[email]") {
  TemporaryFolder folder;
  SmtpReceiver server(folder.path());
  auto settings = settings_for(server.url());
  settings.starttls = "required";
  DeliveryOutcome outcome = deliver_one(settings);
  INFO(outcome.message);
  CHECK(outcome.kind == Kind::permanent_failure);
  CHECK(outcome.message.find("STARTTLS") != std::string::npos);
  CHECK(outcome.message.find("starttls: required") != std::string::npos);
  CHECK(server.messages().empty());
}

TEST_CASE("STARTTLS with AUTH works against a self-signed server trusted by ca_file", "[email]") {
  TemporaryFolder folder;
  auto certificate = make_self_signed_certificate(folder.path());
  SmtpReceiverOptions options = tls_options(certificate, Tls::starttls);
  options.user = "alerts";
  options.password = kPassword;
  SmtpReceiver server(folder.path(), options);
  auto settings = settings_for(server.url());
  settings.starttls = "required";
  settings.ca_file = certificate.certificate;
  settings.username = "alerts";
  settings.password = kPassword;
  DeliveryOutcome outcome = deliver_one(settings);
  INFO(outcome.message);
  REQUIRE(outcome.kind == Kind::delivered);
  Json message = only_message(server);
  CHECK(message["tls"].get<bool>());
  CHECK(message["authenticated"].get<bool>());
}

TEST_CASE("starttls optional upgrades when the server offers it", "[email]") {
  TemporaryFolder folder;
  auto certificate = make_self_signed_certificate(folder.path());
  SmtpReceiverOptions options = tls_options(certificate, Tls::starttls);
  SmtpReceiver server(folder.path(), options);
  auto settings = settings_for(server.url());
  settings.ca_file = certificate.certificate;
  DeliveryOutcome outcome = deliver_one(settings);
  INFO(outcome.message);
  REQUIRE(outcome.kind == Kind::delivered);
  CHECK(only_message(server)["tls"].get<bool>());
}

TEST_CASE("a self-signed certificate without ca_file is not trusted", "[email]") {
  TemporaryFolder folder;
  auto certificate = make_self_signed_certificate(folder.path());
  SmtpReceiverOptions options = tls_options(certificate, Tls::starttls);
  SmtpReceiver server(folder.path(), options);
  auto settings = settings_for(server.url());
  settings.starttls = "required";
  DeliveryOutcome outcome = deliver_one(settings);
  INFO(outcome.message);
  CHECK(outcome.kind == Kind::transient_failure);
  CHECK(server.messages().empty());
}

TEST_CASE("smtps uses TLS from the first byte, trusted by ca_file", "[email]") {
  TemporaryFolder folder;
  auto certificate = make_self_signed_certificate(folder.path());
  SmtpReceiverOptions options = tls_options(certificate, Tls::implicit);
  SmtpReceiver server(folder.path(), options);
  REQUIRE(server.url().rfind("smtps://", 0) == 0);
  auto settings = settings_for(server.url());
  settings.ca_file = certificate.certificate;
  DeliveryOutcome outcome = deliver_one(settings);
  INFO(outcome.message);
  REQUIRE(outcome.kind == Kind::delivered);
  CHECK(only_message(server)["tls"].get<bool>());
}

TEST_CASE("a 451 reply is transient and the retry is delivered", "[email]") {
  TemporaryFolder folder;
  SmtpReceiverOptions options;
  options.fail_first = 1;
  SmtpReceiver server(folder.path(), options);
  DeliveryOutcome first = deliver_one(settings_for(server.url()));
  INFO(first.message);
  CHECK(first.kind == Kind::transient_failure);
  CHECK(first.message.find("451") != std::string::npos);
  DeliveryOutcome second = deliver_one(settings_for(server.url()));
  INFO(second.message);
  CHECK(second.kind == Kind::delivered);
  CHECK(server.wait_for_messages(1, 5s).size() == 1);
}

TEST_CASE("a 550 reply is permanent", "[email]") {
  TemporaryFolder folder;
  SmtpReceiverOptions options;
  options.reject = true;
  SmtpReceiver server(folder.path(), options);
  DeliveryOutcome outcome = deliver_one(settings_for(server.url()));
  INFO(outcome.message);
  CHECK(outcome.kind == Kind::permanent_failure);
  CHECK(outcome.message.find("550") != std::string::npos);
}

TEST_CASE("a server that is down is a transient failure", "[email]") {
  DeliveryOutcome outcome = deliver_one(settings_for(closed_smtp_url()));
  INFO(outcome.message);
  CHECK(outcome.kind == Kind::transient_failure);
  CHECK(outcome.message.find("notifier mail") != std::string::npos);
}

TEST_CASE("a server that never answers times out as a transient failure", "[email]") {
  // Listens, so the connection is made, but never accepts nor greets.
  LoopbackSocket silent(/*listening=*/true);
  auto started = std::chrono::steady_clock::now();
  DeliveryOutcome outcome = deliver_one(settings_for(silent.smtp_url()), "T", 300ms);
  auto took = std::chrono::steady_clock::now() - started;
  INFO(outcome.message);
  CHECK(outcome.kind == Kind::transient_failure);
  CHECK(outcome.message.find("timed out") != std::string::npos);
  CHECK(took < 3s);
}

TEST_CASE("settings without an address or with another scheme fail with the reason",
          "[email]") {
  auto settings = settings_for("http://127.0.0.1:1");
  CHECK(EmailNotifier::check("mail", settings)->find("smtp://") != std::string::npos);
  DeliveryOutcome outcome = deliver_one(settings);
  CHECK(outcome.kind == Kind::permanent_failure);
  CHECK(outcome.message.find("notifier mail") != std::string::npos);
  settings = settings_for("smtp://127.0.0.1:1");
  settings.from = "no address here";
  CHECK(EmailNotifier::check("mail", settings)->find("from") != std::string::npos);
  settings = settings_for("smtp://127.0.0.1:1");
  settings.to = {};
  CHECK(EmailNotifier::check("mail", settings).has_value());
  CHECK_FALSE(EmailNotifier::check("mail", settings_for("smtps://mail.example.com")).has_value());
}

TEST_CASE("a payload that is not JSON is a permanent failure", "[email]") {
  TemporaryFolder folder;
  SmtpReceiver server(folder.path());
  auto outcome = send_all(settings_for(server.url()), {{"fw-bad", "{not json", 1}}).front();
  CHECK(outcome.kind == Kind::permanent_failure);
  CHECK(outcome.message.find("fw-bad") != std::string::npos);
}

TEST_CASE("destroying the notifier abandons its sends without calling back", "[email]") {
  LoopbackSocket silent(/*listening=*/true);
  bool called = false;
  {
    boost::asio::io_context loop;
    EmailNotifier notifier(loop, "mail", settings_for(silent.smtp_url()), 30s);
    for (int i = 0; i < 3; ++i) {
      notifier.deliver({"fw-" + std::to_string(i), alert_json("fw", "T"), 1},
                       [&](DeliveryOutcome) { called = true; });
    }
    loop.run_for(100ms);
  }
  CHECK_FALSE(called);
}
