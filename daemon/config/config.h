// The validated configuration of SPEC §2: plain values with every default
// applied and every relative path resolved. Produced by config_loader.h.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "common/quantity.h"

namespace feedwatch::config {

using namespace std::chrono_literals;

struct FirstFetchPolicy {
  enum class Mode { mark_seen, recent, all };
  Mode mode = Mode::mark_seen;
  Milliseconds recent_window{0};  // for Mode::recent
};

struct FetchSettings {
  Milliseconds interval = 15min;
  Milliseconds timeout = 30s;
  std::uint64_t max_body_bytes = 10ULL << 20;
  // Entries read per feed body; the rest are reported among its parse
  // errors. The feed parser's default (feed::ParseLimits), checked where the
  // two meet (daemon/pipeline/feed_processor.cpp).
  std::size_t max_entries = 10'000;
  int concurrency = 32;
  int per_host = 2;
  std::string user_agent;
  FirstFetchPolicy first_fetch;
};

struct FeedConfig {
  std::string url;
  std::optional<std::string> name;
  Milliseconds interval{0};  // the fetch default unless the feed overrides it
  Milliseconds timeout{0};
  std::vector<std::string> tags;
};

struct StdoutSettings {};
struct WebhookSettings {
  std::string url;
  std::string format = "json";  // json | slack | discord | ntfy | teams
  std::optional<std::string> secret;
  std::vector<std::pair<std::string, std::string>> headers;
};
struct EmailSettings {
  std::string server;
  std::string starttls = "optional";  // optional | required
  std::optional<std::string> username;
  std::optional<std::string> password;
  std::string from;
  std::vector<std::string> to;
  // A CA bundle (PEM) to trust instead of the system store, for mail servers
  // with their own CA; absolute (resolved against the config file's folder).
  std::optional<std::filesystem::path> ca_file;
};
struct FileSettings {
  std::filesystem::path path;
};
struct ExecSettings {
  std::vector<std::string> command;
};

struct NotifierConfig {
  std::string name;
  std::string type;  // stdout | webhook | email | file | exec
  Milliseconds timeout = 10s;
  std::variant<StdoutSettings, WebhookSettings, EmailSettings, FileSettings, ExecSettings> settings;
};

struct RetryPolicy {
  Milliseconds initial = 30s;
  Milliseconds max = 1h;
  Milliseconds give_up_after = 48h;
};

struct Config {
  std::filesystem::path file;  // the configuration file itself
  std::filesystem::path state_path;
  std::optional<std::string> listen;  // "127.0.0.1:9469"
  std::string log_level = "info";
  FetchSettings fetch;
  std::vector<FeedConfig> feeds;
  std::vector<std::filesystem::path> rule_files;  // globs expanded, sorted
  bool dedupe_across_feeds = true;
  Milliseconds dedupe_window = 72h;
  // How long a new alert waits in `run` for copies from other feeds to join
  // its also_in (Alertmanager's group_wait); 0 sends at once. `once` needs
  // none: it commits its whole cycle before it delivers.
  Milliseconds dedupe_hold = 30s;
  Milliseconds retention = 90 * 24h;
  std::map<std::string, NotifierConfig> notifiers;
  RetryPolicy retry;
};

}  // namespace feedwatch::config
