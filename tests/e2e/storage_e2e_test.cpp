// Acceptance tests of the daemon when its state database cannot be written:
// the real binary with its state on a real small tmpfs that the test fills
// or remounts read-only, a webhook receiver counting every POST and the
// `file` notifier's lines. A storage failure must pause delivery (nothing
// re-sent faster than the retry policy, nothing lost once it clears), show in
// /healthz and `status`, and never stop the daemon; a read-only database is
// refused at start. The state file deleted or replaced under the daemon: an
// error naming it, exit 1 within seconds, and after the restart nothing
// lost. The tests that mount need CAP_SYS_ADMIN; skipped where it is missing.
#include <catch2/catch.hpp>

#include <algorithm>
#include <csignal>
#include <functional>
#include <map>
#include <set>
#include <thread>

#include "daemon/state/state_store.h"
#include "tests/e2e/e2e_support.h"
#include "tests/support/small_file_system.h"
#include "tests/support/webhook_receiver.h"

using namespace feedwatch::e2e;
using feedwatch::test::WebhookReceiver;
using feedwatch::testing::SmallFileSystem;

namespace {

constexpr const char* kHook = "hook";
constexpr std::size_t kStateFileSystemBytes = 4 * 1024 * 1024;

std::vector<Item> matching_items(const std::string& prefix, int count) {
  std::vector<Item> items;
  for (int i = 0; i < count; ++i) items.push_back(matching_item(prefix + std::to_string(i)));
  return items;
}

// A feed route that sends an ETag (a hash of the body) and answers 304 to a
// request that names the current one, as most real feeds do.
HttpTestHandler etag_handler(const LiveFeed& feed) {
  return [feed](const HttpTestRequest& request) {
    std::string body = feed.xml();
    std::string etag = "\"" + std::to_string(std::hash<std::string>{}(body)) + "\"";
    if (request.header("if-none-match") == etag) return HttpTestResponse{304, {{"ETag", etag}}, ""};
    HttpTestResponse response = feed_response(std::move(body));
    response.headers.push_back({"ETag", etag});
    return response;
  };
}

// State on `state/` (the small file system), alerts to the webhook and the
// archive file, /healthz on a free port.
Settings storage_settings(const WebhookReceiver& receiver, const std::string& feed_url) {
  Settings settings{.interval = "1s", .first_fetch = "all", .listen = free_port()};
  settings.feeds.push_back({feed_url});
  settings.extra_notifiers_yaml = std::string("  ") + kHook + ": {type: webhook, url: \"" +
                                  receiver.url("/hook") + "\", timeout: 2s}\n";
  settings.extra_notify = {kHook};
  settings.retry = "{initial: 1s, max: 4s, give_up_after: 10m}";
  settings.state = "state/state.db";
  return settings;
}

std::set<std::string> posted_alert_ids(const WebhookReceiver& receiver) {
  std::set<std::string> ids;
  for (const auto& request : receiver.requests()) ids.insert(request.header("idempotency-key"));
  return ids;
}

std::int64_t pending_for(const Json& status, const std::string& notifier) {
  if (!status["outbox"].contains(notifier)) return 0;
  return status["outbox"][notifier]["pending"].get<std::int64_t>();
}

HttpReply healthz(const Settings& settings) {
  return http_get("http://127.0.0.1:" + std::to_string(*settings.listen) + "/healthz");
}

std::size_t fetches_between(const RequestClock& clock, Clock::time_point from, Clock::time_point to) {
  std::size_t fetches = 0;
  for (auto time : clock.times()) fetches += time >= from && time < to ? 1 : 0;
  return fetches;
}

// SQLite's own check of a closed state database: "ok" when sound.
std::string integrity_of(const fs::path& database) {
  auto store = feedwatch::state::StateStore::open(database);
  if (!store.ok()) return store.status().message();
  auto check = store.value().connection().prepare("PRAGMA integrity_check");
  if (!check.ok() || !check.value()->next_row().ok()) return "cannot run PRAGMA integrity_check";
  return check.value()->column_text(0);
}

// How many alert lines the archive holds for each entry id.
std::map<std::string, int> lines_per_entry(const Workspace& workspace) {
  std::map<std::string, int> lines;
  for (const auto& id : entry_ids(workspace.delivered())) ++lines[id];
  return lines;
}

bool delivered_entry(const Workspace& workspace, const std::string& id) {
  return lines_per_entry(workspace).count(id) == 1;
}

// Every line of `text` that holds `part`.
std::string lines_with(const std::string& text, const std::string& part) {
  std::string found;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (contains(line, part)) found += line + "\n";
    start = end + 1;
  }
  return found;
}

}  // namespace

TEST_CASE("A full state file system pauses delivery: no alert is sent twice, and every alert goes "
          "out once space is back",
          "[e2e][storage]") {
  HttpTestServer server;
  WebhookReceiver receiver;
  Workspace workspace("storage-full");
  auto state_files = SmallFileSystem::mount_or_skip(workspace.path() / "state", kStateFileSystemBytes);
  LiveFeed feed("Storage feed", matching_items("full", 40));
  server.route("/feed.xml", feed.handler());
  Settings settings = storage_settings(receiver, server.url("/feed.xml"));
  settings.hold = "4s";  // the alerts are committed, then wait: the test fills the disk meanwhile
  workspace.write_config(settings);

  auto daemon = workspace.start_daemon();
  wait_for_start(*daemon);
  bool queued = wait_until([&] { return pending_for(workspace.status(), kHook) == 40; }, 15s);
  INFO("daemon stderr:\n" << daemon->standard_error());
  REQUIRE(queued);
  state_files->fill();
  auto full_since = Clock::now();

  std::this_thread::sleep_for(8s);
  std::size_t posts_while_full = receiver.request_count();
  std::size_t lines_while_full = workspace.delivered().size();
  auto health_while_full = healthz(settings);
  Json status_while_full = workspace.status();
  std::string log_while_full = daemon->standard_error();
  WARN("while the state file system was full for "
       << std::chrono::duration<double>(Clock::now() - full_since).count() << " s: " << posts_while_full
       << " webhook POSTs and " << lines_while_full << " file lines for 40 alerts");
  CHECK(daemon->running());
  // At most the deliveries already running when the first write failed: one
  // batch per notifier (16 for a webhook, 4 for the others), none again.
  CHECK(posts_while_full <= 16);
  CHECK(lines_while_full <= 4);
  CHECK(posted_alert_ids(receiver).size() == posts_while_full);
  CHECK(health_while_full.status == 503);
  CHECK(contains(health_while_full.body, "storage"));
  CHECK(contains(health_while_full.body, "state.db"));
  INFO("status while full:\n" << status_while_full.dump(2));
  CHECK(contains(status_while_full["state"]["problem"].dump(), "full"));
  std::string errors = lines_with(log_while_full, "error:");
  INFO("errors logged:\n" << errors);
  CHECK(contains(errors, (workspace.path() / "state" / "state.db").string()));
  CHECK(contains(errors, "database or disk is full"));
  CHECK(contains(errors, "delivery paused"));
  // Backoff doubling from 1 s to the policy's 4 s: a handful of retries, not a storm.
  std::size_t paused_lines = std::count(errors.begin(), errors.end(), '\n');
  CHECK(paused_lines <= 40);

  state_files->free_space();
  bool all = wait_until([&] { return workspace.delivered().size() >= 40 && receiver.request_count() >= 40; }, 20s);
  INFO("daemon stderr:\n" << daemon->standard_error());
  CHECK(all);
  std::this_thread::sleep_for(1s);  // anything sent twice would arrive now
  CHECK(receiver.request_count() == 40);
  CHECK(posted_alert_ids(receiver).size() == 40);
  CHECK(workspace.delivered().size() == 40);
  bool healthy = wait_until([&] { return healthz(settings).status == 200; }, 10s);
  CHECK(healthy);
  CHECK(pending_for(workspace.status(), kHook) == 0);
  stop_daemon(*daemon);
}

TEST_CASE("A daemon started on a read-only state database sends nothing and exits 1 naming the file",
          "[e2e][storage]") {
  HttpTestServer server;
  WebhookReceiver receiver;
  receiver.answer_always(503);  // the first run queues two alerts and cannot deliver them
  Workspace workspace("storage-read-only");
  auto state_files = SmallFileSystem::mount_or_skip(workspace.path() / "state", kStateFileSystemBytes);
  server.route("/feed.xml", LiveFeed("Read-only feed", matching_items("ro", 2)).handler());
  Settings settings = storage_settings(receiver, server.url("/feed.xml"));
  workspace.write_config(settings);
  {
    auto first = workspace.start_daemon();
    bool attempted = receiver.wait_for_requests(2, 15s);
    INFO("daemon stderr:\n" << first->standard_error());
    REQUIRE(attempted);
    // Killed, so its -wal and -shm files stay beside the database as after a crash.
    first->kill_now();
  }
  std::string error;
  bool read_only = state_files->remount_read_only(&error);
  INFO(error);
  REQUIRE(read_only);
  Json status = workspace.status();
  INFO("status on the read-only file system:\n" << status.dump(2));
  CHECK(pending_for(status, kHook) == 2);
  CHECK(contains(status["state"]["problem"].dump(), "read-only"));

  receiver.answer_always(200);
  std::size_t posts_before = receiver.request_count();
  auto daemon = workspace.start_daemon();
  auto code = daemon->wait_for_exit(10s);
  std::this_thread::sleep_for(1s);
  std::size_t posts = receiver.request_count() - posts_before;
  INFO("daemon stderr:\n" << daemon->standard_error());
  WARN("a daemon started on a read-only state database sent " << posts << " webhook POSTs for 2 alerts");
  CHECK(code == std::optional<int>(1));
  CHECK(posts == 0);
  std::string errors = lines_with(daemon->standard_error(), "error:");
  CHECK(contains(errors, workspace.state_path().string()));
  CHECK(contains(errors, "read-only"));
}

TEST_CASE("A feed fetched while the state file system is full is fetched on its schedule, and the entries "
          "it carried then alert once there is room",
          "[e2e][storage]") {
  HttpTestServer server;
  WebhookReceiver receiver;
  Workspace workspace("storage-fetch");
  auto state_files = SmallFileSystem::mount_or_skip(workspace.path() / "state", kStateFileSystemBytes);
  LiveFeed feed("Fetched while full", {matching_item("before")});
  RequestClock fetches;
  server.route("/feed.xml", fetches.wrap(etag_handler(feed)));  // a 304 once nothing changed
  Settings settings = storage_settings(receiver, server.url("/feed.xml"));
  workspace.write_config(settings);

  auto daemon = workspace.start_daemon();
  bool first = wait_until([&] { return delivered_entry(workspace, "before"); }, 15s);
  INFO("daemon stderr:\n" << daemon->standard_error());
  REQUIRE(first);
  state_files->fill();
  feed.add(matching_item("while-full"));
  auto full_from = Clock::now();
  std::this_thread::sleep_for(6s);
  auto full_until = Clock::now();
  std::size_t fetched = fetches_between(fetches, full_from, full_until);
  WARN(fetched << " fetches of a feed with a 1 s interval in 6 s of a full state file system");
  CHECK(daemon->running());
  CHECK(fetched >= 3);  // still on its schedule, not backing off as if the feed failed
  CHECK(fetched <= 8);  // and not spinning
  CHECK(receiver.request_count() == 1);
  CHECK(contains(lines_with(daemon->standard_error(), "error:"), "nothing of this fetch is recorded"));

  state_files->free_space();
  // Had the failed commit kept the body's ETag, the next fetch would get a
  // 304 and this entry would never be read again.
  bool later = wait_until([&] { return delivered_entry(workspace, "while-full"); }, 15s);
  INFO("daemon stderr:\n" << daemon->standard_error());
  CHECK(later);
  std::this_thread::sleep_for(1500ms);
  CHECK(lines_per_entry(workspace) == std::map<std::string, int>{{"before", 1}, {"while-full", 1}});
  CHECK(receiver.request_count() == 2);
  CHECK(workspace.feed_status(server.url("/feed.xml"))["consecutive_failures"] == 0);
  stop_daemon(*daemon);
}

TEST_CASE("The state file deleted under a running daemon: an error naming it, exit 1 within seconds, and "
          "after the restart the entries added meanwhile alert, once",
          "[e2e][storage][state-file]") {
  HttpTestServer server;
  Workspace workspace("state-deleted");
  LiveFeed feed("Deleted state", {matching_item("old")});
  server.route("/feed.xml", feed.handler());
  Settings settings{.interval = "1s", .first_fetch = "mark-seen"};
  settings.feeds.push_back({server.url("/feed.xml")});
  workspace.write_config(settings);
  fs::path state = workspace.state_path();

  auto daemon = workspace.start_daemon();
  wait_for_start(*daemon);
  bool seen = wait_until([&] { return workspace.feed_status(server.url("/feed.xml"))["entries_seen"] == 1; }, 15s);
  REQUIRE(seen);  // the first fetch marked "old" seen
  feed.add(matching_item("before"));
  bool first = wait_until([&] { return delivered_entry(workspace, "before"); }, 15s);
  INFO("daemon stderr:\n" << daemon->standard_error());
  REQUIRE(first);

  SECTION("the database file alone (rm state.db)") { fs::remove(state); }
  SECTION("the database with its -wal and -shm (rm state.db*)") {
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(state.string() + suffix);
  }
  auto deleted_at = Clock::now();
  feed.add(matching_item("meanwhile"));
  auto code = daemon->wait_for_exit(10s);
  double seconds = std::chrono::duration<double>(Clock::now() - deleted_at).count();
  std::string log = daemon->standard_error();
  INFO("daemon stderr:\n" << log);
  WARN("the daemon exited " << seconds << " s after its state file was deleted");
  REQUIRE(code == std::optional<int>(1));
  CHECK(seconds < 5);
  std::string errors = lines_with(log, "error:");
  CHECK(contains(errors, "the state database " + state.string() + " was deleted"));
  CHECK(fs::exists(state));  // what it held, written back
  CHECK_FALSE(fs::exists(state.string() + "-wal"));  // the old file's: it would corrupt the copy

  feed.add(matching_item("after-exit"));
  auto restarted = workspace.start_daemon();
  bool caught_up = wait_until(
      [&] { return delivered_entry(workspace, "meanwhile") && delivered_entry(workspace, "after-exit"); }, 15s);
  INFO("restarted daemon stderr:\n" << restarted->standard_error());
  CHECK(caught_up);
  std::this_thread::sleep_for(1500ms);
  CHECK(lines_per_entry(workspace) ==
        std::map<std::string, int>{{"after-exit", 1}, {"before", 1}, {"meanwhile", 1}});
  stop_daemon(*restarted);
  CHECK(integrity_of(state) == "ok");
}

TEST_CASE("A state file replaced under a running daemon: an error naming it, exit 1, and the new file is "
          "left as it is",
          "[e2e][storage][state-file]") {
  HttpTestServer server;
  Workspace workspace("state-replaced");
  server.route("/feed.xml", LiveFeed("Replaced state", {matching_item("first")}).handler());
  Settings settings{.interval = "1s", .first_fetch = "all"};
  settings.feeds.push_back({server.url("/feed.xml")});
  workspace.write_config(settings);
  fs::path state = workspace.state_path();

  auto daemon = workspace.start_daemon();
  bool first = wait_until([&] { return delivered_entry(workspace, "first"); }, 15s);
  INFO("daemon stderr:\n" << daemon->standard_error());
  REQUIRE(first);
  fs::path replacement = workspace.path() / "replacement.db";
  REQUIRE(feedwatch::state::StateStore::open(replacement).ok());  // an empty state database, closed again
  fs::rename(replacement, state);

  auto code = daemon->wait_for_exit(10s);
  INFO("daemon stderr:\n" << daemon->standard_error());
  REQUIRE(code == std::optional<int>(1));
  CHECK(contains(lines_with(daemon->standard_error(), "error:"), "the state database " + state.string() +
                                                                   " was replaced by another file"));
  CHECK(workspace.outbox().empty());  // the new file, untouched: the old -wal did not reach it
  CHECK(integrity_of(state) == "ok");
}
