// Tests of the Outbox: delivery state transitions, requeuing, listing,
// counts and pruning of alerts.
#include <catch2/catch.hpp>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "daemon/state/state_store.h"
#include "tests/state/state_test_support.h"

using namespace feedwatch::state;

namespace {


// An outbox with alert fw-1 (to slack and mail) queued at time 100.
struct QueuedAlert {
  TemporaryFolder folder;
  StateStore store = open_store(folder.path() / "state.db");

  QueuedAlert() { REQUIRE(enqueue("fw-1", "story-1", 100).ok()); }
  Status enqueue(const std::string& id, const std::string& story, UnixSeconds now) {
    NewAlert alert{id, "rule-a", story, R"({"alert_id":")" + id + R"("})", {"slack", "mail"}};
    return store.outbox().enqueue(alert, now);
  }
  Outbox& outbox() { return store.outbox(); }
};

std::vector<std::string> due_notifiers(Outbox& outbox, UnixSeconds now) {
  std::vector<std::string> notifiers;
  for (const DueDelivery& delivery : outbox.due(now, 100).value()) {
    notifiers.push_back(delivery.alert_id + "/" + delivery.notifier);
  }
  return notifiers;
}

}  // namespace

TEST_CASE("A queued alert is due for each of its notifiers with its payload", "[state]") {
  QueuedAlert queued;
  std::vector<DueDelivery> due = queued.outbox().due(100, 10).value();
  REQUIRE(due.size() == 2);
  CHECK(due[0].notifier == "mail");
  CHECK(due[1].notifier == "slack");
  CHECK(due[0].payload_json == R"({"alert_id":"fw-1"})");
  CHECK(due[0].attempts == 0);
  CHECK(due[0].queued_at == 100);
  CHECK(queued.outbox().due(99, 10).value().empty());
}

TEST_CASE("A delivered delivery is no longer due and records when it was delivered", "[state]") {
  QueuedAlert queued;
  REQUIRE(queued.outbox().mark_delivered("fw-1", "slack", 105).ok());
  CHECK(due_notifiers(queued.outbox(), 200) == std::vector<std::string>{"fw-1/mail"});
  AlertRecord record = queued.outbox().list(10, false).value().at(0);
  CHECK(record.deliveries.at(1).notifier == "slack");
  CHECK(record.deliveries.at(1).state == DeliveryState::kDelivered);
  CHECK(record.deliveries.at(1).delivered_at == 105);
  CHECK(record.deliveries.at(1).attempts == 1);
}

TEST_CASE("A failed attempt counts and postpones the delivery", "[state]") {
  QueuedAlert queued;
  REQUIRE(queued.outbox().mark_attempt_failed("fw-1", "mail", "HTTP 503", 101, 131).ok());
  CHECK(due_notifiers(queued.outbox(), 130) == std::vector<std::string>{"fw-1/slack"});
  std::vector<DueDelivery> later = queued.outbox().due(131, 10).value();
  REQUIRE(later.size() == 2);
  CHECK(later[1].notifier == "mail");  // due later than slack
  CHECK(later[1].attempts == 1);
  CHECK(queued.outbox().next_attempt_at().value() == 100);
}

TEST_CASE("Giving up marks the delivery failed and lists its alert among the failed",
          "[state]") {
  QueuedAlert queued;
  REQUIRE(queued.enqueue("fw-2", "story-2", 110).ok());
  REQUIRE(queued.outbox().mark_failed("fw-1", "mail", "HTTP 404 Not Found", 120).ok());
  CHECK(due_notifiers(queued.outbox(), 500) ==
        std::vector<std::string>{"fw-1/slack", "fw-2/mail", "fw-2/slack"});

  std::vector<AlertRecord> failed = queued.outbox().list(10, true).value();
  REQUIRE(failed.size() == 1);
  CHECK(failed[0].alert_id == "fw-1");
  CHECK(failed[0].deliveries.at(0).state == DeliveryState::kFailed);
  CHECK(failed[0].deliveries.at(0).last_error == "HTTP 404 Not Found");
}

TEST_CASE("Requeuing a failed alert makes only its failed deliveries due again", "[state]") {
  QueuedAlert queued;
  REQUIRE(queued.outbox().mark_delivered("fw-1", "slack", 101).ok());
  REQUIRE(queued.outbox().mark_failed("fw-1", "mail", "HTTP 400", 102).ok());
  CHECK(queued.outbox().requeue("fw-1", 300).value() == 1);
  std::vector<DueDelivery> due = queued.outbox().due(300, 10).value();
  REQUIRE(due.size() == 1);
  CHECK(due[0].notifier == "mail");
  CHECK(due[0].attempts == 0);
  CHECK(due[0].queued_at == 300);  // give_up_after counts afresh
  CHECK(queued.outbox().requeue("fw-1", 301).value() == 0);
  CHECK(queued.outbox().requeue("no-such-alert", 301).value() == 0);
}

TEST_CASE("Requeuing all failed deliveries spans every alert", "[state]") {
  QueuedAlert queued;
  REQUIRE(queued.enqueue("fw-2", "story-2", 100).ok());
  REQUIRE(queued.outbox().mark_failed("fw-1", "mail", "x", 101).ok());
  REQUIRE(queued.outbox().mark_failed("fw-2", "slack", "y", 101).ok());
  CHECK(queued.outbox().requeue_all_failed(400).value() == 2);
  CHECK(queued.outbox().list(10, true).value().empty());
}

TEST_CASE("Marking a delivery that is not pending is reported as not found", "[state]") {
  QueuedAlert queued;
  REQUIRE(queued.outbox().mark_delivered("fw-1", "slack", 101).ok());
  Status again = queued.outbox().mark_delivered("fw-1", "slack", 102);
  CHECK(again.code() == StatusCode::kNotFound);
  CHECK_THAT(again.message(), Catch::Contains("fw-1") && Catch::Contains("slack"));
  CHECK(queued.outbox().mark_failed("fw-1", "pager", "x", 103).code() == StatusCode::kNotFound);
}

TEST_CASE("Counts group deliveries by notifier and state", "[state]") {
  QueuedAlert queued;
  REQUIRE(queued.enqueue("fw-2", "story-2", 100).ok());
  REQUIRE(queued.outbox().mark_delivered("fw-1", "slack", 101).ok());
  REQUIRE(queued.outbox().mark_failed("fw-1", "mail", "x", 101).ok());
  std::vector<std::string> counted;
  for (const DeliveryCount& count : queued.outbox().counts().value()) {
    counted.push_back(count.notifier + " " + std::string(to_string(count.state)) + " " +
                      std::to_string(count.count));
  }
  CHECK(counted == std::vector<std::string>{"mail failed 1", "mail pending 1",
                                            "slack delivered 1", "slack pending 1"});
}

TEST_CASE("Listing alerts returns the newest first, limited, with their deliveries", "[state]") {
  QueuedAlert queued;
  REQUIRE(queued.enqueue("fw-2", "story-2", 200).ok());
  REQUIRE(queued.enqueue("fw-3", "story-3", 300).ok());
  std::vector<AlertRecord> recent = queued.outbox().list(2, false).value();
  REQUIRE(recent.size() == 2);
  CHECK(recent[0].alert_id == "fw-3");
  CHECK(recent[1].alert_id == "fw-2");
  CHECK(recent[0].rule == "rule-a");
  CHECK(recent[0].created_at == 300);
  CHECK(recent[0].deliveries.size() == 2);
}

TEST_CASE("An alert exists for its rule and story once queued", "[state]") {
  QueuedAlert queued;
  CHECK(queued.outbox().alert_exists("rule-a", "story-1").value());
  CHECK_FALSE(queued.outbox().alert_exists("rule-b", "story-1").value());
  CHECK_FALSE(queued.outbox().alert_exists("rule-a", "story-2").value());
}

TEST_CASE("Queuing an alert again adds only the notifiers it lacked", "[state]") {
  QueuedAlert queued;
  REQUIRE(queued.outbox().mark_delivered("fw-1", "slack", 101).ok());
  NewAlert again{"fw-1", "rule-a", "story-1", "{}", {"slack", "archive"}};
  REQUIRE(queued.outbox().enqueue(again, 200).ok());
  CHECK(due_notifiers(queued.outbox(), 200) ==
        std::vector<std::string>{"fw-1/mail", "fw-1/archive"});
}

TEST_CASE("Pruning alerts forgets old finished ones and keeps those still pending", "[state]") {
  QueuedAlert queued;
  REQUIRE(queued.enqueue("fw-2", "story-2", 100).ok());
  REQUIRE(queued.outbox().mark_delivered("fw-1", "slack", 101).ok());
  REQUIRE(queued.outbox().mark_failed("fw-1", "mail", "x", 101).ok());
  CHECK(queued.outbox().prune(1000).value() == 1);
  std::vector<AlertRecord> left = queued.outbox().list(10, false).value();
  REQUIRE(left.size() == 1);
  CHECK(left[0].alert_id == "fw-2");
  CHECK(queued.outbox().counts().value().size() == 2);  // fw-1's deliveries went with it
  CHECK_FALSE(queued.outbox().next_attempt_at().value() == std::nullopt);
}

TEST_CASE("An empty outbox has no next attempt", "[state]") {
  TemporaryFolder folder;
  StateStore store = open_store(folder.path() / "state.db");
  CHECK_FALSE(store.outbox().next_attempt_at().value().has_value());
  CHECK(store.outbox().counts().value().empty());
}

TEST_CASE("A copy joins a pending alert's also_in once per feed, and is kept with any alert", "[state][dedupe]") {
  feedwatch::testing::TemporaryFolder folder;
  auto opened = StateStore::open(folder.path() / "state.db");
  REQUIRE(opened.ok());
  StateStore& store = opened.value();
  NewAlert alert{"fw-a", "rule", "story", R"({"feed":{"url":"https://a.example/rss"},"also_in":[]})", {"hook", "mail"}};
  REQUIRE(store.outbox().enqueue(alert, 100).ok());
  auto copy = [](std::string feed, std::string entry, std::optional<std::string> link) {
    return AlertCopy{"fw-a", std::move(feed), std::move(entry), std::move(link), JoinedBy::kText, 0.8, 100};
  };
  CHECK(store.outbox().add_copy(copy("https://b.example/rss", "b1", "https://b.example/1")).value());
  CHECK_FALSE(store.outbox().add_copy(copy("https://b.example/rss", "b2", "https://b.example/2")).value());
  CHECK_FALSE(store.outbox().add_copy(copy("https://a.example/rss", "a9", "https://a.example/9")).value());
  CHECK(store.outbox().add_copy(copy("https://c.example/rss", "c1", std::nullopt)).value());
  auto listed = store.outbox().list(10, false);
  REQUIRE(listed.ok());
  CHECK(listed.value()[0].payload_json ==
        R"({"feed":{"url":"https://a.example/rss"},"also_in":[{"feed":"https://b.example/rss","link":"https://b.example/1"},{"feed":"https://c.example/rss","link":null}]})");
  REQUIRE(store.outbox().mark_delivered("fw-a", "hook", 101).ok());
  REQUIRE(store.outbox().mark_failed("fw-a", "mail", "no", 101).ok());
  // Delivered: the payload stays as sent, but the copy is still recorded.
  CHECK_FALSE(store.outbox().add_copy(copy("https://d.example/rss", "d1", "https://d.example/1")).value());
  CHECK_FALSE(store.outbox().add_copy({"fw-missing", "https://d.example/rss", "d1", std::nullopt}).value());
  auto copies = store.outbox().copies_of("fw-a");
  REQUIRE(copies.ok());
  REQUIRE(copies.value().size() == 4);  // b1, b2, c1, d1: never the alert's own feed
  CHECK(copies.value()[0].joined_by == JoinedBy::kText);
  CHECK(copies.value()[0].similarity == Approx(0.8));
  CHECK(store.outbox().list(10, false).value()[0].copies.size() == 4);
  CHECK(store.outbox().copies_of("fw-missing").value().empty());
}

TEST_CASE("A held alert's deliveries are not due before the hold ends", "[state][dedupe]") {
  feedwatch::testing::TemporaryFolder folder;
  StateStore store = open_store(folder.path() / "state.db");
  NewAlert alert{"fw-h", "rule", "story", R"({"also_in":[]})", {"hook"}};
  alert.deliver_at = 130;
  REQUIRE(store.outbox().enqueue(alert, 100).ok());
  CHECK(store.outbox().due(129, 10).value().empty());
  CHECK(store.outbox().next_attempt_at().value() == std::optional<UnixSeconds>(130));
  CHECK(store.outbox().due(130, 10).value().size() == 1);
}

namespace {

// An alert of `rule` for `story`, first seen in feed `feed` as entry `entry`.
NewAlert story_alert(const std::string& id, const std::string& rule, const std::string& story, const std::string& feed,
                     const std::string& entry) {
  std::string payload = R"({"feed":{"url":")" + feed + R"("},"entry":{"id":")" + entry + R"(","link":")" + feed +
                        "/" + entry + R"("},"also_in":[]})";
  return NewAlert{id, rule, story, payload, {"hook"}};
}

std::vector<std::string> alert_ids(Outbox& outbox) {
  std::vector<std::string> ids;
  for (const AlertRecord& alert : outbox.list(10, false).value()) ids.push_back(alert.alert_id + "@" + alert.story_key);
  std::sort(ids.begin(), ids.end());
  return ids;
}

// A store holding fw-a (story-a, seen first) and fw-b (story-b), both of
// `rule`, to one notifier.
struct TwoStories {
  feedwatch::testing::TemporaryFolder folder;
  StateStore store = open_store(folder.path() / "state.db");
  Outbox& outbox = store.outbox();

  TwoStories() {
    REQUIRE(outbox.enqueue(story_alert("fw-a", "rule", "story-a", "https://a.example", "a1"), 100).ok());
    REQUIRE(outbox.enqueue(story_alert("fw-b", "rule", "story-b", "https://b.example", "b1"), 110).ok());
  }
};

}  // namespace

TEST_CASE("Merging stories folds a pending alert into the other story's, with its entry and copies",
          "[state][dedupe]") {
  TwoStories stories;
  Outbox& outbox = stories.outbox;
  REQUIRE(outbox.add_copy({"fw-b", "https://c.example", "c1", "https://c.example/c1", JoinedBy::kLink, {}, 115}).value());
  REQUIRE(outbox.merge_story("story-b", "story-a", 0.9).ok());
  CHECK(alert_ids(outbox) == std::vector<std::string>{"fw-a@story-a"});
  auto copies = outbox.copies_of("fw-a").value();
  REQUIRE(copies.size() == 2);
  CHECK(copies[0].feed == "https://b.example");
  CHECK(copies[0].entry_key == "b1");
  CHECK(copies[0].link == std::optional<std::string>("https://b.example/b1"));
  CHECK(copies[0].joined_by == JoinedBy::kText);
  CHECK(copies[0].similarity == Approx(0.9));
  CHECK(copies[1].feed == "https://c.example");
  CHECK(copies[1].joined_by == JoinedBy::kLink);
  auto due = outbox.due(200, 10).value();
  REQUIRE(due.size() == 1);  // fw-b is gone with its delivery
  CHECK(due[0].alert_id == "fw-a");
  CHECK(Catch::contains(due[0].payload_json, "https://b.example/b1"));
  CHECK(Catch::contains(due[0].payload_json, "https://c.example/c1"));
}

TEST_CASE("Merging stories keeps the alert already delivered and moves an alert of another rule",
          "[state][dedupe]") {
  TwoStories stories;
  Outbox& outbox = stories.outbox;
  REQUIRE(outbox.enqueue(story_alert("fw-x", "other", "story-b", "https://b.example", "b1"), 110).ok());
  REQUIRE(outbox.mark_delivered("fw-b", "hook", 111).ok());
  REQUIRE(outbox.merge_story("story-b", "story-a", 0.8).ok());
  // fw-b went out: fw-a folds into it; fw-x moves to story-a as it is.
  CHECK(alert_ids(outbox) == std::vector<std::string>{"fw-b@story-a", "fw-x@story-a"});
  auto copies = outbox.copies_of("fw-b").value();
  REQUIRE(copies.size() == 1);
  CHECK(copies[0].entry_key == "a1");
  CHECK(outbox.alert_for("rule", "story-a").value() == std::optional<std::string>("fw-b"));
  CHECK(outbox.alert_for("other", "story-a").value() == std::optional<std::string>("fw-x"));
  CHECK_FALSE(outbox.alert_for("rule", "story-b").value());
}

TEST_CASE("Merging stories whose alerts were both delivered leaves both", "[state][dedupe]") {
  TwoStories stories;
  Outbox& outbox = stories.outbox;
  REQUIRE(outbox.mark_delivered("fw-a", "hook", 101).ok());
  REQUIRE(outbox.mark_delivered("fw-b", "hook", 111).ok());
  REQUIRE(outbox.merge_story("story-b", "story-a", 0.8).ok());
  CHECK(alert_ids(outbox) == std::vector<std::string>{"fw-a@story-a", "fw-b@story-b"});
}
