// Acceptance tests of the email and exec notifiers (SPEC §2, §5): the real
// feedwatch binary delivers to a real SMTP server with AUTH (aiosmtpd on
// 127.0.0.1, see tests/support/smtp_receiver.py) and to a real script.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "tests/e2e/e2e_support.h"
#include "tests/support/smtp_receiver.h"

using namespace feedwatch::e2e;
using feedwatch::testing::SmtpReceiver;
using feedwatch::testing::SmtpReceiverOptions;

namespace {

std::string read_text(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

// Adds notifier `name` (its YAML flow mapping) to the workspace's config and
// to the test rule's notify list, beside the `archive` file notifier.
void add_notifier(const Workspace& workspace, const std::string& name, const std::string& yaml) {
  std::string config = read_text(workspace.config_path());
  auto at = config.find("notifiers:\n");
  REQUIRE(at != std::string::npos);
  config.insert(at + 11, "  " + name + ": " + yaml + "\n");
  workspace.write_file("feedwatch.yaml", config);
  std::string rules = read_text(workspace.path() / "rules.yaml");
  auto list = rules.find(std::string("notify: [") + kArchive);
  REQUIRE(list != std::string::npos);
  rules.insert(list + 9, name + ", ");
  workspace.write_file("rules.yaml", rules);
}

std::set<std::string> alert_ids_of(const std::vector<Json>& alerts) {
  std::set<std::string> ids;
  for (const Json& alert : alerts) ids.insert(alert["alert_id"].get<std::string>());
  return ids;
}

}  // namespace

TEST_CASE("Alerts arrive by e-mail over SMTP with AUTH as multipart/alternative", "[e2e]") {
  Workspace workspace("email");
  SmtpReceiverOptions options;
  options.user = "alerts@example.com";
  options.password = "e2e-Passw0rd";
  SmtpReceiver smtp(workspace.path() / "smtp", options);

  Item plain = matching_item("m1");
  Item chinese = matching_item("m2");
  chinese.title = "美国扩大芯片出口管制 export controls – Ämter prüfen";
  HttpTestServer server;
  server.serve("/feed.xml", feed_response(rss("Trade Desk", {plain, chinese})));
  workspace.write_config({.first_fetch = "all", .feeds = {{server.url("/feed.xml")}}});
  workspace.write_file("smtp-password", "e2e-Passw0rd\n");
  add_notifier(workspace, "analyst-mail",
               "{type: email, server: \"" + smtp.url() +
                   "\", username: alerts@example.com, password: \"${file:smtp-password}\","
                   " from: \"feedwatch <alerts@example.com>\", to: [analyst@example.com]}");

  workspace.once();
  std::vector<Json> alerts = workspace.delivered();
  REQUIRE(alerts.size() == 2);
  std::vector<Json> mails = smtp.wait_for_messages(2, 10s);
  INFO(smtp.log());
  REQUIRE(mails.size() == 2);

  std::set<std::string> message_ids;
  std::set<std::string> subjects;
  for (const Json& mail : mails) {
    INFO(mail.dump(1));
    CHECK(mail["authenticated"].get<bool>());
    CHECK(mail["content_type"] == "multipart/alternative");
    REQUIRE(mail["parts"].size() == 2);
    CHECK(mail["parts"][0]["content_type"] == "text/plain");
    CHECK(mail["parts"][1]["content_type"] == "text/html");
    CHECK(mail["headers"]["from"] == "feedwatch <alerts@example.com>");
    CHECK(mail["headers"]["to"] == "analyst@example.com");
    CHECK(mail["headers"].contains("date"));
    CHECK(mail["headers"]["mime-version"] == "1.0");
    CHECK(mail["envelope_to"] == Json({"analyst@example.com"}));
    CHECK(mail["max_body_line_length"] <= 78);
    message_ids.insert(mail["headers"]["message-id"].get<std::string>());
    subjects.insert(mail["headers"]["subject"].get<std::string>());
  }
  std::set<std::string> expected_ids;
  for (const std::string& id : alert_ids_of(alerts)) expected_ids.insert("<" + id + "@feedwatch>");
  CHECK(message_ids == expected_ids);
  CHECK(subjects == std::set<std::string>{std::string("[feedwatch] ") + kRule + ": " + plain.title,
                                          std::string("[feedwatch] ") + kRule + ": " + chinese.title});
  for (const Json& alert : workspace.outbox()) {
    INFO(alert.dump());
    CHECK(alert.dump().find("e2e-Passw0rd") == std::string::npos);
  }
}

TEST_CASE("Alerts reach an exec notifier's script as JSON on stdin", "[e2e]") {
  Workspace workspace("exec");
  // flock: runs go at once, and each must append its whole payload.
  workspace.write_file("on-alert.sh",
                       "#!/bin/sh\nexec 9>>\"$1.lock\"\nflock 9\ncat >> \"$1\"\necho >> \"$1\"\n");
  fs::permissions(workspace.path() / "on-alert.sh", fs::perms::owner_all);
  fs::path received = workspace.path() / "received.jsonl";

  HttpTestServer server;
  server.serve("/feed.xml", feed_response(rss("Trade Desk", {matching_item("x1"), other_item("x2"),
                                                              matching_item("x3"), matching_item("x4")})));
  workspace.write_config({.first_fetch = "all", .feeds = {{server.url("/feed.xml")}}});
  add_notifier(workspace, "hook-script",
               "{type: exec, command: [\"" + (workspace.path() / "on-alert.sh").string() + "\", \"" +
                   received.string() + "\"]}");

  workspace.once();
  std::vector<Json> alerts = workspace.delivered();
  REQUIRE(alerts.size() == 3);

  std::istringstream stream(read_text(received));
  std::vector<Json> payloads;
  Json payload;
  while (stream >> std::ws && stream.peek() != EOF) {
    stream >> payload;
    payloads.push_back(payload);
  }
  REQUIRE(payloads.size() == 3);
  CHECK(alert_ids_of(payloads) == alert_ids_of(alerts));
  for (const Json& one : payloads) {
    CHECK(one["rule"] == kRule);
    CHECK(one.contains("entry"));
  }
}
