// Tests of the notifier factory: every type is built from its configuration;
// a type this version does not know comes back unavailable with a reason
// naming the notifier, so its deliveries can wait.
#include <catch2/catch.hpp>

#include "daemon/notify/notifier_factory.h"
#include "notify_test_support.h"

using namespace feedwatch::notify;
using namespace feedwatch::notify::testing;
using feedwatch::config::NotifierConfig;

namespace {

NotifierConfig notifier_config(std::string name, std::string type) {
  NotifierConfig config;
  config.name = std::move(name);
  config.type = std::move(type);
  if (config.type == "file") config.settings = feedwatch::config::FileSettings{"/tmp/x.jsonl"};
  if (config.type == "webhook") {
    config.settings = feedwatch::config::WebhookSettings{.url = "https://hooks.example.com/x"};
  }
  if (config.type == "email") {
    feedwatch::config::EmailSettings email;
    email.server = "smtp://127.0.0.1:1";
    email.from = "feedwatch <a@example.com>";
    email.to = {"b@example.com"};
    config.settings = email;
  }
  if (config.type == "exec") config.settings = feedwatch::config::ExecSettings{{"/bin/cat"}};
  return config;
}

}  // namespace

TEST_CASE("The factory builds stdout and file notifiers under their configured names", "[notify]") {
  boost::asio::io_context loop;
  std::string error;
  auto console = make_notifier(loop, notifier_config("console", "stdout"), &error);
  auto archive = make_notifier(loop, notifier_config("archive", "file"), &error);
  REQUIRE(console);
  REQUIRE(archive);
  CHECK(console->name() == "console");
  CHECK(archive->name() == "archive");
  CHECK(error.empty());
}

TEST_CASE("The factory builds a webhook notifier", "[notify][webhook]") {
  boost::asio::io_context loop;
  std::string error;
  auto hook = make_notifier(loop, notifier_config("policy-slack", "webhook"), &error);
  REQUIRE(hook);
  CHECK(hook->name() == "policy-slack");
  CHECK(error.empty());
}

TEST_CASE("A notifier type this version does not know is unavailable with a reason", "[notify]") {
  boost::asio::io_context loop;
  std::string error;
  CHECK_FALSE(make_notifier(loop, notifier_config("on-call", "pager"), &error));
  CHECK(error.find("notifier on-call") != std::string::npos);
  CHECK(error.find("unknown type pager") != std::string::npos);
}

TEST_CASE("make_notifiers sorts a configuration into available and unavailable", "[notify]") {
  boost::asio::io_context loop;
  std::map<std::string, NotifierConfig> configs = {
      {"console", notifier_config("console", "stdout")},
      {"mail", notifier_config("mail", "email")},
      {"hook", notifier_config("hook", "exec")},
  };
  NotifierSet notifiers = make_notifiers(loop, configs);
  CHECK(notifiers.available.size() == 3);
  CHECK(notifiers.available.count("console") == 1);
  CHECK(notifiers.available.at("mail")->name() == "mail");
  CHECK(notifiers.available.at("hook")->name() == "hook");
  CHECK(notifiers.unavailable.empty());
}
