// Helpers for the daemon's acceptance tests: feeds served by the loopback
// HTTP test server, a scratch folder holding the configuration, the state
// database and the `file` notifier's output, and bounded waits. Everything
// drives the real binary; nothing here knows the daemon's insides.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/background_process.h"
#include "tests/support/http_test_server.h"
#include "tests/support/process.h"

namespace feedwatch::e2e {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using test::HttpTestHandler;
using test::HttpTestRequest;
using test::HttpTestResponse;
using test::HttpTestServer;
using testing::BackgroundProcess;
using testing::ProcessResult;

// --- feeds --------------------------------------------------------------

struct Item {
  std::string id;
  std::string title;
  std::string summary;
  std::optional<std::chrono::system_clock::time_point> published;
  std::string link;  // default: https://news.example/<id>, so every item is its own story
  std::string author;
  std::vector<std::string> categories;
};

// An item the test rule ("chips OR \"export controls\"") matches, published
// an hour ago.
Item matching_item(const std::string& id);
// An item it does not match.
Item other_item(const std::string& id);

// An RSS 2.0 document.
std::string rss(const std::string& title, const std::vector<Item>& items);

// A feed whose items the test changes while the daemon polls it.
class LiveFeed {
 public:
  LiveFeed(std::string title, std::vector<Item> items);
  void add(Item item);
  std::string xml() const;
  // A route answering 200 with the current document; copies share the feed.
  HttpTestHandler handler(std::chrono::milliseconds delay = 0ms) const;

 private:
  struct State {
    mutable std::mutex mutex;
    std::string title;
    std::vector<Item> items;
  };
  std::shared_ptr<State> state_;
};

HttpTestResponse feed_response(std::string body);

// --- the configuration and the binary -----------------------------------

struct FeedSetting {
  std::string url;
  std::string extra_yaml;  // more keys of this feed entry, e.g. "timeout: 500ms"
};

struct Settings {
  std::string interval = "1s";
  std::string timeout = "5s";
  std::string first_fetch = "all";
  std::string max_body = "10MiB";
  std::optional<int> max_entries;  // fetch.max_entries; absent: the default
  int per_host = 16;  // every test feed is on 127.0.0.1
  std::optional<unsigned short> listen;
  bool console = false;  // also send alerts to a stdout notifier
  std::vector<FeedSetting> feeds;
  // More notifiers: YAML lines under `notifiers:` (indented two spaces),
  // and the names the test rule also notifies.
  std::string extra_notifiers_yaml;
  std::vector<std::string> extra_notify;
  std::string retry = "{initial: 200ms, max: 1s}";  // delivery.retry
  std::string hold = "0s";  // dedupe.hold: these tests watch delivery, not copies
  std::string rule_extra_yaml;  // more keys of the test rule, e.g. "group: 2s"
  std::string state = "state.db";  // `state:`, relative to the workspace
};

// The name of the test rule, and the notifier names.
inline constexpr const char* kRule = "chips";
inline constexpr const char* kArchive = "archive";

// A scratch folder per test: feedwatch.yaml, rules.yaml, state.db,
// alerts.jsonl (the `archive` file notifier), daemon.out/daemon.err.
class Workspace {
 public:
  explicit Workspace(const std::string& name);
  ~Workspace();
  Workspace(const Workspace&) = delete;
  Workspace& operator=(const Workspace&) = delete;

  const fs::path& path() const { return path_; }
  fs::path config_path() const { return path_ / "feedwatch.yaml"; }
  fs::path alerts_path() const { return path_ / "alerts.jsonl"; }
  // Where `state:` of the last write_config() points.
  fs::path state_path() const { return path_ / state_; }

  void write_config(const Settings& settings) const;
  void write_file(const std::string& relative, const std::string& text) const;

  // `feedwatch ARGS... -c CONFIG`, blocking.
  ProcessResult feedwatch(std::vector<std::string> arguments) const;
  // `feedwatch once [--all]`; REQUIREs exit 0 and returns the result.
  ProcessResult once(bool all = false) const;
  // `feedwatch run` in the background.
  std::unique_ptr<BackgroundProcess> start_daemon() const;

  // `status --json` parsed; REQUIREs exit 0.
  Json status() const;
  // The status object of one feed by URL; REQUIREs that it is listed.
  Json feed_status(const std::string& url) const;
  // The `file` notifier's lines, parsed (an absent file is no lines).
  std::vector<Json> delivered() const;
  // Every alert in the outbox: `alerts --json` with no practical limit.
  std::vector<Json> outbox() const;

 private:
  fs::path path_;
  mutable std::string state_ = "state.db";
};

// --- waiting and small tools --------------------------------------------

// Polls `condition` every 50 ms until it holds or `timeout` passes; returns
// its last value.
bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds timeout);

// A gzip member of `data` (zlib, best compression).
std::string gzip(const std::string& data);

// A TCP port on 127.0.0.1 free at the time of asking.
unsigned short free_port();

struct HttpReply {
  long status = 0;  // 0: no answer
  std::string body;
};
// A plain GET with libcurl, bounded by `timeout`.
HttpReply http_get(const std::string& url, std::chrono::milliseconds timeout = 2s);

// Whether `text` holds `part` (logs, command output).
bool contains(const std::string& text, const std::string& part);

// The peak resident set of a running process (VmHWM: since its exec).
std::size_t peak_memory_bytes(pid_t pid);

// A daemon is up once it has logged that it runs; REQUIREs it within 5 s.
void wait_for_start(BackgroundProcess& daemon);

// Stops a daemon as systemd would (SIGTERM) and CHECKs that it exits 0 within 10 s.
void stop_daemon(BackgroundProcess& daemon);

// The entry ids of some parsed alert lines.
std::vector<std::string> entry_ids(const std::vector<Json>& alerts);

// Arrival times of requests to one route, recorded by the route itself so
// that the gaps between fetches can be measured.
class RequestClock {
 public:
  HttpTestHandler wrap(HttpTestHandler handler);
  std::vector<Clock::time_point> times() const;

 private:
  struct State {
    mutable std::mutex mutex;
    std::vector<Clock::time_point> times;
  };
  std::shared_ptr<State> state_ = std::make_shared<State>();
};

}  // namespace feedwatch::e2e
