#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "daemon/config/config_loader.h"
#include "daemon/config/rule_set_loader.h"

using namespace feedwatch::config;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

// A scratch folder per test, holding the config and anything it names.
struct ConfigFolder {
  fs::path path;
  explicit ConfigFolder(const std::string& name)
      : path(fs::temp_directory_path() / ("feedwatch-config-" + name)) {
    fs::remove_all(path);
    fs::create_directories(path / "rules.d");
  }
  ~ConfigFolder() { fs::remove_all(path); }
  void write(const std::string& relative, const std::string& text) const {
    std::ofstream(path / relative) << text;
  }
  ConfigLoadResult load(const std::string& text) const {
    write("feedwatch.yaml", text);
    return load_config(path / "feedwatch.yaml");
  }
};

std::string all_errors(const ConfigLoadResult& result) {
  std::string text;
  for (const auto& error : result.errors) text += error.to_string() + "\n";
  return text;
}

}  // namespace

TEST_CASE("the full example configuration loads with its values and defaults", "[config]") {
  ConfigFolder folder("full");
  folder.write("rules.d/a.yaml", "rules: []\n");
  folder.write("token", "s3cret\n");
  setenv("FEEDWATCH_TEST_SECRET", "hmac-key", 1);
  auto result = folder.load(R"(
state: state/feedwatch.db
listen: 127.0.0.1:9469
log_level: debug
fetch:
  interval: 10m
  timeout: 20s
  max_body: 5MiB
  concurrency: 8
  per_host: 1
  first_fetch: recent:24h
feeds:
  - url: https://www.example.com/rss.xml
    name: Example News
    interval: 5m
    tags: [policy, china]
  - url: file:local/feed.xml
rules: [rules.d/*.yaml]
dedupe: {across_feeds: false, window: 48h}
retention: 30d
notifiers:
  hook:
    type: webhook
    url: https://hooks.example.com/x
    format: slack
    secret: ${env:FEEDWATCH_TEST_SECRET}
    headers: {Authorization: "Bearer ${file:token}"}
  mail: {type: email, server: "smtp://mail.example.com:587", from: a@example.com, to: [b@example.com]}
  console: {type: stdout}
  archive: {type: file, path: alerts.jsonl}
  script: {type: exec, command: [/bin/cat], timeout: 5s}
delivery:
  retry: {initial: 10s, max: 30m, give_up_after: 24h}
)");
  INFO(all_errors(result));
  REQUIRE(result.ok());
  const auto& config = result.config;
  CHECK(config.state_path == folder.path / "state/feedwatch.db");
  CHECK(config.listen == std::string("127.0.0.1:9469"));
  CHECK(config.fetch.interval == 10min);
  CHECK(config.fetch.max_body_bytes == 5u << 20);
  CHECK(config.fetch.first_fetch.mode == FirstFetchPolicy::Mode::recent);
  CHECK(config.fetch.first_fetch.recent_window == 24h);
  REQUIRE(config.feeds.size() == 2);
  CHECK(config.feeds[0].interval == 5min);
  CHECK(config.feeds[0].timeout == 20s);  // inherited from fetch
  CHECK(config.feeds[1].interval == 10min);
  CHECK(config.feeds[1].url == "file://" + (folder.path / "local/feed.xml").string());
  CHECK(config.rule_files.size() == 1);
  CHECK_FALSE(config.dedupe_across_feeds);
  CHECK(config.retention == 30 * 24h);
  CHECK(config.notifiers.size() == 5);
  auto& hook = std::get<WebhookSettings>(config.notifiers.at("hook").settings);
  CHECK(hook.secret == std::string("hmac-key"));
  CHECK(hook.headers.at(0).second == "Bearer s3cret");
  CHECK(config.notifiers.at("hook").timeout == 10s);  // the default
  CHECK(std::get<FileSettings>(config.notifiers.at("archive").settings).path ==
        folder.path / "alerts.jsonl");
  CHECK(config.retry.give_up_after == 24h);
}

TEST_CASE("an unknown key is an error with its position and a suggestion", "[config]") {
  ConfigFolder folder("unknown");
  auto result = folder.load("fetch:\n  intervall: 5m\n");
  REQUIRE(result.errors.size() == 1);
  CHECK(result.errors[0].to_string() ==
        (folder.path / "feedwatch.yaml").string() +
            ":2:3: unknown key 'intervall' in fetch (did you mean 'interval'?)");
}

TEST_CASE("every error in a file is reported, not only the first", "[config]") {
  ConfigFolder folder("many");
  auto result = folder.load(R"(
log_level: loud
fetch: {interval: soon, concurrency: -1}
feeds:
  - url: ftp://example.com/feed
  - name: no url here
notifiers:
  x: {type: pager}
  y: {type: webhook}
)");
  INFO(all_errors(result));
  CHECK(result.errors.size() == 7);
  CHECK(all_errors(result).find("fetch.concurrency is '-1'") != std::string::npos);
  CHECK(all_errors(result).find(":2:12: log_level is 'loud'") != std::string::npos);
  CHECK(all_errors(result).find("fetch.interval is 'soon'") != std::string::npos);
  CHECK(all_errors(result).find("ftp://example.com/feed") != std::string::npos);
  CHECK(all_errors(result).find("needs url:") != std::string::npos);
  CHECK(all_errors(result).find("type is 'pager'") != std::string::npos);
  CHECK(all_errors(result).find("needs url") != std::string::npos);
}

TEST_CASE("a missing environment variable, file or credential is a config error", "[config]") {
  ConfigFolder folder("references");
  unsetenv("FEEDWATCH_TEST_MISSING");
  unsetenv("CREDENTIALS_DIRECTORY");
  auto result = folder.load(R"(
notifiers:
  a: {type: webhook, url: "${env:FEEDWATCH_TEST_MISSING}"}
  b: {type: webhook, url: "${file:/nonexistent/token}"}
  c: {type: webhook, url: "${credential:hook-url}"}
)");
  INFO(all_errors(result));
  REQUIRE(result.errors.size() == 3);
  CHECK(result.errors[0].message.find("FEEDWATCH_TEST_MISSING is not set") != std::string::npos);
  CHECK(result.errors[1].message.find("/nonexistent/token") != std::string::npos);
  CHECK(result.errors[2].message.find("CREDENTIALS_DIRECTORY") != std::string::npos);
}

TEST_CASE("credentials are read from $CREDENTIALS_DIRECTORY", "[config]") {
  ConfigFolder folder("credentials");
  folder.write("smtp-password", "hunter2\n");
  setenv("CREDENTIALS_DIRECTORY", folder.path.c_str(), 1);
  auto result = folder.load(
      "notifiers:\n  m: {type: email, server: smtps://x, from: a@x, to: [b@x], "
      "password: \"${credential:smtp-password}\"}\n");
  unsetenv("CREDENTIALS_DIRECTORY");
  INFO(all_errors(result));
  REQUIRE(result.ok());
  CHECK(std::get<EmailSettings>(result.config.notifiers.at("m").settings).password ==
        std::string("hunter2"));
}

TEST_CASE("OPML feed lists are expanded relative to the configuration", "[config]") {
  ConfigFolder folder("opml");
  folder.write("subs.opml",
               "<opml><body><outline text='A' xmlUrl='https://a.example/rss'/>"
               "<outline text='B' xmlUrl='https://b.example/rss'/></body></opml>");
  auto result = folder.load("feeds:\n  - opml: subs.opml\n    tags: [imported]\n");
  INFO(all_errors(result));
  REQUIRE(result.ok());
  REQUIRE(result.config.feeds.size() == 2);
  CHECK(result.config.feeds[1].name == std::string("B"));
  CHECK(result.config.feeds[1].tags == std::vector<std::string>{"imported"});
}

TEST_CASE("a rules glob that matches nothing and a missing OPML file are errors", "[config]") {
  ConfigFolder folder("missing");
  auto result = folder.load("rules: [nowhere/*.yaml]\nfeeds:\n  - opml: gone.opml\n");
  INFO(all_errors(result));
  CHECK(result.errors.size() == 2);
}

TEST_CASE("YAML syntax errors carry the line and column", "[config]") {
  ConfigFolder folder("syntax");
  auto result = folder.load("fetch:\n  interval: [5m\n");
  REQUIRE(result.errors.size() == 1);
  CHECK(result.errors[0].line >= 2);
  CHECK(result.errors[0].message.find("YAML syntax error") == 0);
}

TEST_CASE("a missing configuration file says how to point at one", "[config]") {
  auto result = load_config("/nonexistent/feedwatch.yaml");
  REQUIRE(result.errors.size() == 1);
  CHECK(result.errors[0].to_string().find("/nonexistent/feedwatch.yaml: cannot read") == 0);
}

TEST_CASE("the state path defaults to $STATE_DIRECTORY/state.db", "[config]") {
  ConfigFolder folder("state");
  setenv("STATE_DIRECTORY", "/var/lib/feedwatch", 1);
  auto result = folder.load("log_level: info\n");
  unsetenv("STATE_DIRECTORY");
  REQUIRE(result.ok());
  CHECK(result.config.state_path == "/var/lib/feedwatch/state.db");
}

TEST_CASE("the same feed listed twice is an error", "[config]") {
  ConfigFolder folder("twice");
  auto result = folder.load("feeds:\n  - url: https://a.example/\n  - url: https://a.example/\n");
  REQUIRE(result.errors.size() == 1);
  CHECK(result.errors[0].message.find("more than once") != std::string::npos);
}

TEST_CASE("an email notifier's ca_file is optional and relative to the configuration",
          "[config]") {
  ConfigFolder folder("ca-file");
  auto result = folder.load(
      "notifiers:\n"
      "  internal: {type: email, server: smtps://mail.corp, from: a@corp, to: [b@corp],"
      " ca_file: certs/corp-ca.pem}\n"
      "  absolute: {type: email, server: smtps://mail.corp, from: a@corp, to: [b@corp],"
      " ca_file: /etc/ssl/corp.pem}\n"
      "  system: {type: email, server: smtps://mail.corp, from: a@corp, to: [b@corp]}\n");
  INFO(all_errors(result));
  REQUIRE(result.ok());
  auto settings = [&](const char* name) {
    return std::get<EmailSettings>(result.config.notifiers.at(name).settings);
  };
  CHECK(settings("internal").ca_file == folder.path / "certs/corp-ca.pem");
  CHECK(settings("absolute").ca_file == fs::path("/etc/ssl/corp.pem"));
  CHECK_FALSE(settings("system").ca_file.has_value());
}

TEST_CASE("an email notifier's ca_file must be a string", "[config]") {
  ConfigFolder folder("ca-file-bad");
  auto result = folder.load(
      "notifiers:\n"
      "  m: {type: email, server: smtps://x, from: a@x, to: [b@x], ca_file: [a, b]}\n");
  REQUIRE_FALSE(result.ok());
  CHECK(all_errors(result).find("ca_file") != std::string::npos);
}

TEST_CASE("a webhook url must be http or https, named at its position", "[config]") {
  ConfigFolder folder("webhook-scheme");
  auto result = folder.load(
      "notifiers:\n"
      "  hook: {type: webhook, url: ftp://hooks.example.com/x}\n"
      "  upper: {type: webhook, url: HTTPS://hooks.example.com/y}\n");
  REQUIRE_FALSE(result.ok());
  std::string errors = all_errors(result);
  CHECK(errors.find(":2:") != std::string::npos);
  CHECK(errors.find("url must start with http:// or https://") != std::string::npos);
  CHECK(errors.find(":3:") == std::string::npos);  // the scheme's case does not matter
}

TEST_CASE("fetch.max_entries defaults to 10,000 and takes a whole number above 0", "[config]") {
  ConfigFolder folder("max-entries");
  auto defaults = folder.load("feeds: []\n");
  INFO(all_errors(defaults));
  REQUIRE(defaults.ok());
  CHECK(defaults.config.fetch.max_entries == 10'000);
  auto set = folder.load("fetch: {max_entries: 250}\nfeeds: []\n");
  REQUIRE(set.ok());
  CHECK(set.config.fetch.max_entries == 250);
  auto bad = folder.load("fetch:\n  max_entries: none\nfeeds: []\n");
  CHECK(all_errors(bad).find(":2:16: fetch.max_entries is 'none'; expected a whole number above 0") !=
        std::string::npos);
  CHECK(all_errors(folder.load("fetch: {max_entires: 5}\nfeeds: []\n")).find("did you mean 'max_entries'") !=
        std::string::npos);
}

// Issue 10: 20,000 feeds naming one 10,000-tag list through an alias made
// the loader copy 200 million tags and die with bad_alloc.
TEST_CASE("a configuration whose aliases stand for too many values is one error at the alias", "[config]") {
  ConfigFolder folder("alias-amplified");
  std::string text = "feeds:\n  - url: https://f.example/0\n    tags: &every [t0";
  for (int i = 1; i < 10'000; ++i) text += ",t" + std::to_string(i);
  text += "]\n";
  for (int i = 1; i < 20'000; ++i) text += "  - {url: 'https://f.example/" + std::to_string(i) + "', tags: *every}\n";
  auto result = folder.load(text);
  INFO(all_errors(result));
  REQUIRE(result.errors.size() == 1);
  CHECK(result.config.feeds.empty());
  // The 20th alias, on line 23, is the one past 200,000 values.
  std::string expected = (folder.path / "feedwatch.yaml").string() + ":23:41: aliases expand to more than 200000";
  CHECK(all_errors(result).rfind(expected, 0) == 0);
}

TEST_CASE("a tag list shared through an alias by thousands of feeds loads", "[config]") {
  ConfigFolder folder("alias-shared");
  std::string text = "feeds:\n  - url: https://f.example/0\n    tags: &common [policy, china, chips]\n";
  for (int i = 1; i < 5'000; ++i) text += "  - {url: 'https://f.example/" + std::to_string(i) + "', tags: *common}\n";
  auto result = folder.load(text);
  INFO(all_errors(result));
  REQUIRE(result.ok());
  REQUIRE(result.config.feeds.size() == 5'000);
  CHECK(result.config.feeds.back().tags == std::vector<std::string>{"policy", "china", "chips"});
}

// The same kind of amplification through what a configuration names: a
// short reference standing for a large file, used many times.
TEST_CASE("a ${file:} reference to something other than a regular file is an error, not a hang", "[config]") {
  ConfigFolder folder("reference-device");
  auto result = folder.load("notifiers:\n  hook: {type: webhook, url: 'https://h.example/${file:/dev/zero}'}\n");
  REQUIRE(result.errors.size() == 1);
  CHECK(all_errors(result).find(":2:") != std::string::npos);
  CHECK(all_errors(result).find("file /dev/zero is not a regular file") != std::string::npos);
}

TEST_CASE("a ${file:} reference to a file over 64 KiB is an error", "[config]") {
  ConfigFolder folder("reference-large");
  folder.write("token", std::string((64 << 10) + 1, 'x'));
  folder.write("small", std::string(64 << 10, 'y'));
  auto result = folder.load("notifiers:\n  a: {type: webhook, url: 'https://h.example/${file:token}'}\n"
                            "  b: {type: webhook, url: 'https://h.example/${file:small}'}\n");
  INFO(all_errors(result));
  REQUIRE(result.errors.size() == 1);
  CHECK(all_errors(result).find(":2:") != std::string::npos);
  CHECK(all_errors(result).find("token is larger than 64 KiB") != std::string::npos);
}

TEST_CASE("references that expand to more than 16 MiB together are an error", "[config]") {
  ConfigFolder folder("reference-budget");
  folder.write("tag", std::string(60 << 10, 't'));
  std::string tags = "'${file:tag}'";
  for (int i = 1; i < 300; ++i) tags += ", '${file:tag}'";  // 300 x 60 KiB: 17.6 MiB
  auto result = folder.load("feeds:\n  - url: https://f.example/rss\n    tags: [" + tags + "]\n");
  INFO(all_errors(result).substr(0, 1000));
  REQUIRE_FALSE(result.ok());
  CHECK(all_errors(result).find("feedwatch.yaml:3:") != std::string::npos);
  CHECK(all_errors(result).find("expand to more than 16 MiB together") != std::string::npos);
}

TEST_CASE("an OPML file listed twice is an error at the second entry, read once", "[config]") {
  ConfigFolder folder("opml-twice");
  folder.write("subs.opml", "<opml><body><outline text='A' xmlUrl='https://a.example/rss'/></body></opml>");
  auto result = folder.load("feeds:\n  - opml: subs.opml\n  - opml: ./subs.opml\n");
  INFO(all_errors(result));
  REQUIRE(result.errors.size() == 1);
  CHECK(all_errors(result).find(":3:11: OPML file") != std::string::npos);
  CHECK(all_errors(result).find("is already listed; list each file once") != std::string::npos);
}

TEST_CASE("a rules glob matching something other than a regular file names it", "[config]") {
  ConfigFolder folder("rules-device");
  auto result = folder.load("rules: [/dev/null]\n");
  REQUIRE(result.ok());
  auto rule_set = load_rule_set(result.config);
  REQUIRE(rule_set.problems.size() == 1);
  CHECK(rule_set.problems[0] == "/dev/null: this rule file is not a regular file");
}
