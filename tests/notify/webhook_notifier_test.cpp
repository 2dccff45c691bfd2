// Tests of the webhook notifier against a real HTTP receiver on 127.0.0.1:
// every format's body shape, the headers and HMAC signature, custom headers,
// the status classification (also as a pure table), Retry-After, timeouts,
// refused connections, bad URLs, concurrency and secrets kept out of messages.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <optional>

#include "daemon/notify/http_delivery_outcome.h"
#include "daemon/notify/webhook_message.h"
#include "daemon/notify/webhook_notifier.h"
#include "daemon/notify/webhook_signature.h"
#include "notify_test_support.h"
#include "tests/support/webhook_receiver.h"

using namespace feedwatch::notify;
using namespace feedwatch::notify::testing;
using feedwatch::config::WebhookSettings;
using feedwatch::test::WebhookReceiver;
using Json = nlohmann::json;

namespace {

Json single_payload(const std::string& alert_id) {
  return {{"version", 1},
          {"alert_id", alert_id},
          {"rule", "chip-export-controls"},
          {"severity", "high"},
          {"matched", {"export controls", "nvidia"}},
          {"feed", {{"url", "https://news.example/rss"}, {"title", "Example News"}}},
          {"entry",
           {{"id", "e1"},
            {"link", "https://news.example/a/1"},
            {"title", "US widens <chip> export controls & more"},
            {"published", "2026-01-02T03:04:05Z"},
            {"author", nullptr},
            {"categories", Json::array()},
            {"summary", "The rules now cover H20 accelerators."}}},
          {"also_in", Json::array()},
          {"detected_at", "2026-01-02T03:05:00Z"}};
}

Json grouped_payload(const std::string& alert_id, int count) {
  Json payload = single_payload(alert_id);
  payload.erase("entry");
  Json entries = Json::array();
  for (int i = 0; i < count; ++i) {
    entries.push_back({{"id", "e" + std::to_string(i)},
                       {"link", "https://news.example/a/" + std::to_string(i)},
                       {"title", "Story number " + std::to_string(i)},
                       {"summary", std::string(900, 'x')},
                       {"feed", {{"url", "https://other.example/rss"}, {"title", "Other"}}}});
  }
  payload["entries"] = entries;
  return payload;
}

WebhookSettings settings_for(const std::string& url, const std::string& format = "json") {
  WebhookSettings settings;
  settings.url = url;
  settings.format = format;
  return settings;
}

// Delivers one alert and runs the loop until the outcome arrives (bounded).
DeliveryOutcome deliver_one(boost::asio::io_context& loop, WebhookNotifier& notifier,
                            const std::string& payload, const std::string& alert_id = "fw-1",
                            std::chrono::milliseconds limit = 5s) {
  return deliver_all(loop, notifier, {{alert_id, payload, 1}}, limit).front();
}

Json posted_json(const WebhookReceiver& receiver) {
  REQUIRE(receiver.request_count() == 1);
  return Json::parse(receiver.requests().front().body);
}

}  // namespace

TEST_CASE("Webhook json format posts the stored payload as is, signed, with the SPEC headers",
          "[notify][webhook]") {
  WebhookReceiver receiver;
  receiver.set_secret("s3cret");
  boost::asio::io_context loop;
  WebhookSettings settings = settings_for(receiver.url("/in/abc?x=1"));
  settings.secret = "s3cret";
  settings.headers = {{"Authorization", "Bearer tok-123"}, {"X-Team", "policy"}};
  WebhookNotifier notifier(loop, "policy-hook", settings, 2s);
  std::string payload = single_payload("fw-abc").dump();

  DeliveryOutcome outcome = deliver_one(loop, notifier, payload, "fw-abc");
  CHECK(outcome.kind == DeliveryOutcome::Kind::delivered);
  CHECK(outcome.message.find("notifier policy-hook") != std::string::npos);
  REQUIRE(receiver.request_count() == 1);
  auto request = receiver.requests().front();
  CHECK(request.method == "POST");
  CHECK(request.target == "/in/abc?x=1");
  CHECK(request.body == payload);
  CHECK(request.header("content-type").starts_with("application/json"));
  CHECK(request.header("user-agent") == "feedwatch/" + std::string(FEEDWATCH_TEST_VERSION));
  CHECK(request.header("idempotency-key") == "fw-abc");
  CHECK(request.header("authorization") == "Bearer tok-123");
  CHECK(request.header("x-team") == "policy");
  CHECK(request.header("x-feedwatch-signature-256") == webhook_signature("s3cret", payload));
  CHECK(request.signature_valid == std::optional<bool>(true));
  CHECK(request.header("expect").empty());
}

TEST_CASE("Webhook without a secret sends no signature, a custom header replaces a default",
          "[notify][webhook]") {
  WebhookReceiver receiver;
  boost::asio::io_context loop;
  WebhookSettings settings = settings_for(receiver.url());
  settings.headers = {{"content-type", "application/vnd.example+json"},
                      {"X-Feedwatch-Signature-256", "forged"}};
  WebhookNotifier notifier(loop, "hook", settings, 2s);
  deliver_one(loop, notifier, single_payload("fw-1").dump());
  auto request = receiver.requests().at(0);
  CHECK(request.header("content-type") == "application/vnd.example+json");
  CHECK(request.header("x-feedwatch-signature-256").empty());
}

TEST_CASE("The signature is the hex HMAC-SHA256 of the body (RFC 4231 case 2)",
          "[notify][webhook]") {
  CHECK(webhook_signature("Jefe", "what do ya want for nothing?") ==
        "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST_CASE("Slack format: text with an mrkdwn link, escaped, and blocks, signed as sent",
          "[notify][webhook]") {
  WebhookReceiver receiver;
  receiver.set_secret("k");
  boost::asio::io_context loop;
  WebhookSettings settings = settings_for(receiver.url(), "slack");
  settings.secret = "k";
  WebhookNotifier notifier(loop, "slack", settings, 2s);
  CHECK(deliver_one(loop, notifier, single_payload("fw-1").dump()).kind ==
        DeliveryOutcome::Kind::delivered);
  Json body = posted_json(receiver);
  std::string text = body["text"];
  CHECK(text.find("<https://news.example/a/1|US widens &lt;chip&gt; export controls &amp; more>") !=
        std::string::npos);
  REQUIRE(body["blocks"].is_array());
  CHECK(body["blocks"][0]["type"] == "section");
  CHECK(body["blocks"][0]["text"]["type"] == "mrkdwn");
  CHECK(receiver.requests().front().signature_valid == std::optional<bool>(true));
}

TEST_CASE("Slack, Discord, Teams and ntfy list a grouped alert's entries within their limits",
          "[notify][webhook]") {
  std::string payload = grouped_payload("fw-g", 25).dump();
  std::string error;
  SECTION("slack") {
    auto message = render_webhook_message(WebhookFormat::slack, payload, &error);
    REQUIRE(message);
    Json body = Json::parse(message->body);
    std::string list = body["blocks"][1]["text"]["text"];
    CHECK(list.find("<https://news.example/a/0|Story number 0>") != std::string::npos);
    CHECK(list.find("Story number 9>") != std::string::npos);
    CHECK(list.find("Story number 10>") == std::string::npos);
    CHECK(list.find("and 15 more") != std::string::npos);
    CHECK(list.size() <= 3000);
    CHECK(body["blocks"].size() <= 50);
  }
  SECTION("discord") {
    auto message = render_webhook_message(WebhookFormat::discord, payload, &error);
    REQUIRE(message);
    Json body = Json::parse(message->body);
    REQUIRE(body["embeds"].size() == 10);
    CHECK(body["embeds"][0]["title"] == "Story number 0");
    CHECK(body["embeds"][0]["url"] == "https://news.example/a/0");
    std::size_t characters = 0;
    for (const auto& embed : body["embeds"]) {
      characters += embed["title"].get<std::string>().size();
      if (embed.contains("description")) characters += embed["description"].get<std::string>().size();
    }
    CHECK(characters < 6000);
    CHECK(body["content"].get<std::string>().find("and 15 more") != std::string::npos);
    CHECK(body["allowed_mentions"]["parse"].empty());
  }
  SECTION("teams") {
    auto message = render_webhook_message(WebhookFormat::teams, payload, &error);
    REQUIRE(message);
    Json body = Json::parse(message->body);
    CHECK(body["type"] == "message");
    auto card = body["attachments"][0];
    CHECK(card["contentType"] == "application/vnd.microsoft.card.adaptive");
    CHECK(card["content"]["type"] == "AdaptiveCard");
    std::string all = card["content"]["body"].dump();
    CHECK(all.find("[Story number 19](https://news.example/a/19)") != std::string::npos);
    CHECK(all.find("Story number 20]") == std::string::npos);
    CHECK(all.find("and 5 more") != std::string::npos);
    CHECK(message->body.size() < 28 * 1024);
  }
  SECTION("ntfy") {
    auto message = render_webhook_message(WebhookFormat::ntfy, payload, &error);
    REQUIRE(message);
    CHECK(message->content_type.starts_with("text/plain"));
    CHECK(message->body.find("Story number 0\n  https://news.example/a/0") != std::string::npos);
    CHECK(message->body.size() <= 4096);
  }
}

TEST_CASE("Discord format: content and an embed with title, url and description",
          "[notify][webhook]") {
  std::string error;
  auto message = render_webhook_message(WebhookFormat::discord, single_payload("fw-1").dump(), &error);
  REQUIRE(message);
  Json body = Json::parse(message->body);
  CHECK(body["content"].get<std::string>().find("chip-export-controls") != std::string::npos);
  REQUIRE(body["embeds"].size() == 1);
  CHECK(body["embeds"][0]["title"] == "US widens <chip> export controls & more");
  CHECK(body["embeds"][0]["url"] == "https://news.example/a/1");
  CHECK(body["embeds"][0]["description"] == "The rules now cover H20 accelerators.");
}

TEST_CASE("Teams format: an Adaptive Card with the title link, summary and an Open action",
          "[notify][webhook]") {
  std::string error;
  auto message = render_webhook_message(WebhookFormat::teams, single_payload("fw-1").dump(), &error);
  REQUIRE(message);
  Json card = Json::parse(message->body)["attachments"][0]["content"];
  CHECK(card["version"] == "1.4");
  CHECK(card["actions"][0]["type"] == "Action.OpenUrl");
  CHECK(card["actions"][0]["url"] == "https://news.example/a/1");
  CHECK(card["body"].dump().find("The rules now cover H20") != std::string::npos);
}

TEST_CASE("ntfy format: plain text to the topic with Title, Priority, Click and Tags",
          "[notify][webhook]") {
  WebhookReceiver receiver;
  boost::asio::io_context loop;
  WebhookNotifier notifier(loop, "phone", settings_for(receiver.url("/feedwatch-alerts"), "ntfy"), 2s);
  Json payload = single_payload("fw-1");
  payload["entry"]["title"] = "Exportkontrollen für Chips\r\nX-Evil: 1";
  payload["severity"] = "critical";
  CHECK(deliver_one(loop, notifier, payload.dump()).kind == DeliveryOutcome::Kind::delivered);
  auto request = receiver.requests().at(0);
  CHECK(request.target == "/feedwatch-alerts");
  CHECK(request.header("content-type").starts_with("text/plain"));
  CHECK(request.body.find("The rules now cover H20 accelerators.") == 0);
  CHECK(request.header("priority") == "5");
  CHECK(request.header("click") == "https://news.example/a/1");
  CHECK(request.header("tags").find("critical") != std::string::npos);
  CHECK(request.header("title").starts_with("=?UTF-8?B?"));  // RFC 2047: non-ASCII
  CHECK(request.header("x-evil").empty());
}

TEST_CASE("A payload that is not an alert fails a chat format permanently, naming the notifier",
          "[notify][webhook]") {
  WebhookReceiver receiver;
  boost::asio::io_context loop;
  WebhookNotifier notifier(loop, "team-chat", settings_for(receiver.url(), "slack"), 2s);
  DeliveryOutcome outcome = deliver_one(loop, notifier, "not json");
  CHECK(outcome.kind == DeliveryOutcome::Kind::permanent_failure);
  CHECK(outcome.message.find("notifier team-chat") != std::string::npos);
  CHECK(receiver.request_count() == 0);
}

TEST_CASE("Status classification: 2xx delivered, 408, 429, 5xx transient, 3xx and other 4xx "
          "permanent",
          "[notify][webhook]") {
  struct Row {
    long status;
    DeliveryOutcome::Kind kind;
  };
  const Row table[] = {
      {200, DeliveryOutcome::Kind::delivered},         {201, DeliveryOutcome::Kind::delivered},
      {202, DeliveryOutcome::Kind::delivered},         {204, DeliveryOutcome::Kind::delivered},
      {301, DeliveryOutcome::Kind::permanent_failure}, {302, DeliveryOutcome::Kind::permanent_failure},
      {307, DeliveryOutcome::Kind::permanent_failure}, {308, DeliveryOutcome::Kind::permanent_failure},
      {400, DeliveryOutcome::Kind::permanent_failure}, {401, DeliveryOutcome::Kind::permanent_failure},
      {403, DeliveryOutcome::Kind::permanent_failure}, {404, DeliveryOutcome::Kind::permanent_failure},
      {410, DeliveryOutcome::Kind::permanent_failure}, {413, DeliveryOutcome::Kind::permanent_failure},
      {422, DeliveryOutcome::Kind::permanent_failure}, {408, DeliveryOutcome::Kind::transient_failure},
      {429, DeliveryOutcome::Kind::transient_failure}, {500, DeliveryOutcome::Kind::transient_failure},
      {502, DeliveryOutcome::Kind::transient_failure}, {503, DeliveryOutcome::Kind::transient_failure},
      {504, DeliveryOutcome::Kind::transient_failure}, {599, DeliveryOutcome::Kind::transient_failure},
      {100, DeliveryOutcome::Kind::transient_failure},
  };
  for (const Row& row : table) {
    HttpExchange exchange;
    exchange.status = row.status;
    exchange.body_excerpt = "why";
    DeliveryOutcome outcome =
        classify_http_exchange("hook", "example.com", exchange, std::chrono::system_clock::now());
    INFO("status " << row.status << ": " << outcome.message);
    CHECK(outcome.kind == row.kind);
    CHECK(outcome.message.find("notifier hook") != std::string::npos);
    CHECK(outcome.message.find("HTTP " + std::to_string(row.status)) != std::string::npos);
  }
  for (auto failure : {HttpExchange::Failure::timed_out, HttpExchange::Failure::connection,
                       HttpExchange::Failure::tls, HttpExchange::Failure::other}) {
    HttpExchange exchange;
    exchange.failure = failure;
    CHECK(classify_http_exchange("hook", "h", exchange, std::chrono::system_clock::now()).kind ==
          DeliveryOutcome::Kind::transient_failure);
  }
  HttpExchange bad_url;
  bad_url.failure = HttpExchange::Failure::invalid_url;
  CHECK(classify_http_exchange("hook", "h", bad_url, std::chrono::system_clock::now()).kind ==
        DeliveryOutcome::Kind::permanent_failure);
}

TEST_CASE("Retry-After in seconds or as an HTTP-date is passed on with a transient failure",
          "[notify][webhook]") {
  WebhookReceiver receiver;
  boost::asio::io_context loop;
  WebhookNotifier notifier(loop, "hook", settings_for(receiver.url()), 2s);
  receiver.fail_next(1, 429, "7");
  DeliveryOutcome seconds = deliver_one(loop, notifier, single_payload("fw-1").dump());
  CHECK(seconds.kind == DeliveryOutcome::Kind::transient_failure);
  CHECK(seconds.retry_after == std::optional<std::chrono::seconds>(7s));
  CHECK(seconds.message.find("HTTP 429") != std::string::npos);

  HttpExchange dated;
  dated.status = 503;
  dated.retry_after = "Wed, 21 Oct 2026 07:28:00 GMT";
  auto now = std::chrono::sys_days{std::chrono::year{2026} / 10 / 21} + 7h + 27min;
  DeliveryOutcome outcome = classify_http_exchange("hook", "h", dated, now);
  CHECK(outcome.retry_after == std::optional<std::chrono::seconds>(60s));
}

TEST_CASE("A 4xx fails permanently with the status and an excerpt of the answer",
          "[notify][webhook]") {
  WebhookReceiver receiver;
  receiver.answer_always(400, "invalid_payload: missing text\n" + std::string(1000, 'z'));
  boost::asio::io_context loop;
  WebhookNotifier notifier(loop, "team-chat", settings_for(receiver.url()), 2s);
  DeliveryOutcome outcome = deliver_one(loop, notifier, single_payload("fw-1").dump());
  CHECK(outcome.kind == DeliveryOutcome::Kind::permanent_failure);
  CHECK(outcome.message.find("notifier team-chat") != std::string::npos);
  CHECK(outcome.message.find("HTTP 400") != std::string::npos);
  CHECK(outcome.message.find("invalid_payload: missing text") != std::string::npos);
  CHECK(outcome.message.size() < 600);
}

TEST_CASE("A receiver slower than the timeout is a transient failure within the timeout",
          "[notify][webhook]") {
  WebhookReceiver receiver;
  receiver.set_delay(3s);
  boost::asio::io_context loop;
  WebhookNotifier notifier(loop, "slow", settings_for(receiver.url()), 300ms);
  auto started = std::chrono::steady_clock::now();
  DeliveryOutcome outcome = deliver_one(loop, notifier, single_payload("fw-1").dump());
  auto took = std::chrono::steady_clock::now() - started;
  CHECK(outcome.kind == DeliveryOutcome::Kind::transient_failure);
  CHECK(outcome.message.find("timeout of 300ms") != std::string::npos);
  CHECK(took < 2s);
}

TEST_CASE("A refused connection is transient, a bad URL is permanent", "[notify][webhook]") {
  boost::asio::io_context loop;
  std::string closed_url;
  {
    WebhookReceiver gone;
    closed_url = gone.url();
  }
  WebhookNotifier refused(loop, "down", settings_for(closed_url), 2s);
  DeliveryOutcome outcome = deliver_one(loop, refused, single_payload("fw-1").dump());
  CHECK(outcome.kind == DeliveryOutcome::Kind::transient_failure);
  CHECK(outcome.message.find("notifier down") != std::string::npos);
  CHECK(outcome.message.find("connection failed") != std::string::npos);

  for (std::string url : {"ftp://example.com/hook", "file:///etc/passwd", "not a url",
                          "http://exa mple.com/x"}) {
    WebhookNotifier bad(loop, "bad", settings_for(url), 2s);
    DeliveryOutcome result = deliver_one(loop, bad, single_payload("fw-1").dump());
    INFO(url << ": " << result.message);
    CHECK(result.kind == DeliveryOutcome::Kind::permanent_failure);
    CHECK(result.message.find("notifier bad") != std::string::npos);
  }
}

TEST_CASE("A redirect is not followed and fails permanently, saying where it pointed",
          "[notify][webhook]") {
  HttpExchange exchange;
  exchange.status = 308;
  exchange.location = "https://new.example/hook";
  DeliveryOutcome outcome =
      classify_http_exchange("hook", "old.example", exchange, std::chrono::system_clock::now());
  CHECK(outcome.kind == DeliveryOutcome::Kind::permanent_failure);
  CHECK(outcome.message.find("https://new.example/hook") != std::string::npos);
}

TEST_CASE("Secrets and header values never appear in outcome messages", "[notify][webhook]") {
  WebhookReceiver receiver;
  receiver.answer_always(401, "unauthorized");
  boost::asio::io_context loop;
  WebhookSettings settings = settings_for(receiver.url("/services/T000/B000/TOKENPATH"));
  settings.secret = "hmac-secret-value";
  settings.headers = {{"Authorization", "Bearer header-secret"}};
  WebhookNotifier notifier(loop, "hook", settings, 2s);
  DeliveryOutcome outcome = deliver_one(loop, notifier, single_payload("fw-1").dump());
  CHECK(outcome.kind == DeliveryOutcome::Kind::permanent_failure);
  CHECK(outcome.message.find("hmac-secret-value") == std::string::npos);
  CHECK(outcome.message.find("header-secret") == std::string::npos);
  CHECK(outcome.message.find("TOKENPATH") == std::string::npos);
}

TEST_CASE("Many deliveries run at once without blocking the loop", "[notify][webhook]") {
  WebhookReceiver receiver;
  receiver.set_delay(300ms);
  boost::asio::io_context loop;
  WebhookNotifier notifier(loop, "hook", settings_for(receiver.url()), 5s);
  int done = 0;
  int delivered = 0;
  auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < 16; ++i) {
    notifier.deliver({"fw-" + std::to_string(i), single_payload("fw-" + std::to_string(i)).dump(), 1},
                     [&](DeliveryOutcome outcome) {
                       ++done;
                       delivered += outcome.kind == DeliveryOutcome::Kind::delivered;
                     });
  }
  // A timer on the same loop keeps firing while the posts wait.
  int ticks = 0;
  boost::asio::steady_timer tick(loop);
  std::function<void()> arm = [&] {
    tick.expires_after(20ms);
    tick.async_wait([&](const boost::system::error_code& error) {
      if (error) return;
      ++ticks;
      arm();
    });
  };
  arm();
  REQUIRE(run_until(loop, [&] { return done == 16; }, 5s));
  tick.cancel();
  auto took = std::chrono::steady_clock::now() - started;
  CHECK(delivered == 16);
  CHECK(took < 1500ms);  // sixteen 300 ms answers in parallel, not 4.8 s in a row
  CHECK(ticks >= 5);
  std::set<std::string> keys;
  for (const auto& request : receiver.requests()) keys.insert(request.header("idempotency-key"));
  CHECK(keys.size() == 16);
}

TEST_CASE("Destroying the notifier with deliveries in flight calls no completion",
          "[notify][webhook]") {
  WebhookReceiver receiver;
  receiver.set_delay(500ms);
  boost::asio::io_context loop;
  bool called = false;
  {
    WebhookNotifier notifier(loop, "hook", settings_for(receiver.url()), 5s);
    notifier.deliver({"fw-1", single_payload("fw-1").dump(), 1}, [&](DeliveryOutcome) { called = true; });
    run_until(loop, [&] { return receiver.request_count() == 1; }, 2s);
  }
  loop.restart();
  loop.run_for(700ms);
  CHECK_FALSE(called);
}
