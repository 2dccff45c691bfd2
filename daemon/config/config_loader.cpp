#include "daemon/config/config_loader.h"

#include <algorithm>
#include <cstdlib>
#include <set>

#include "daemon/config/notifier_reader.h"
#include "daemon/config/opml_reader.h"
#include "daemon/config/yaml_reader.h"
#include "rules/yaml_alias_budget.h"

namespace feedwatch::config {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string_view> kTopLevelKeys{
    "state",     "listen",    "log_level", "fetch", "feeds",
    "rules",     "dedupe",    "retention", "notifiers", "delivery"};
const std::vector<std::string_view> kFetchKeys{"interval",    "timeout",  "max_body",   "max_entries",
                                               "concurrency", "per_host", "user_agent", "first_fetch"};
const std::vector<std::string_view> kFeedKeys{"url", "name", "interval", "timeout", "tags"};
const std::vector<std::string_view> kOpmlFeedKeys{"opml", "tags", "interval", "timeout"};

// Everything one load needs: the file's folder anchors relative paths.
struct Loading {
  YamlReader& reader;
  fs::path folder;
  Config& config;
  const ConfigFiles& files;
  std::set<fs::path> opml_files;  // read so far: each file once
};

fs::path resolve_path(const fs::path& folder, const std::string& path) {
  fs::path candidate(path);
  return candidate.is_absolute() ? candidate : (folder / candidate).lexically_normal();
}

// --- top-level scalars --------------------------------------------------

fs::path default_state_path() {
  if (const char* directory = std::getenv("STATE_DIRECTORY")) {
    // systemd may list several directories separated by ':'; the first is ours.
    std::string first(directory);
    return fs::path(first.substr(0, first.find(':'))) / "state.db";
  }
  return fs::path("feedwatch.db");
}

void read_scalars(Loading& loading, const YAML::Node& root) {
  auto& reader = loading.reader;
  loading.config.state_path = default_state_path();
  if (auto node = root["state"]) {
    if (auto text = reader.read_string(node, "state")) {
      loading.config.state_path = resolve_path(loading.folder, *text);
    }
  }
  if (auto node = root["listen"]) {
    auto text = reader.read_string(node, "listen");
    if (text && text->rfind(':') == std::string::npos) {
      reader.error(node, "listen is '" + *text + "'; write HOST:PORT, e.g. 127.0.0.1:9469");
    } else if (text) {
      loading.config.listen = text;
    }
  }
  if (auto node = root["log_level"]) {
    if (auto level = reader.read_choice(node, "log_level",
                                        {"trace", "debug", "info", "warn", "error"})) {
      loading.config.log_level = *level;
    }
  }
  if (auto node = root["retention"]) {
    if (auto duration = reader.read_duration(node, "retention")) loading.config.retention = *duration;
  }
}

// --- fetch -------------------------------------------------------------

std::optional<FirstFetchPolicy> read_first_fetch(YamlReader& reader, const YAML::Node& node) {
  auto text = reader.read_string(node, "fetch.first_fetch");
  if (!text) return std::nullopt;
  if (*text == "mark-seen") return FirstFetchPolicy{FirstFetchPolicy::Mode::mark_seen, {}};
  if (*text == "all") return FirstFetchPolicy{FirstFetchPolicy::Mode::all, {}};
  if (text->starts_with("recent:")) {
    if (auto window = parse_duration(std::string_view(*text).substr(7))) {
      return FirstFetchPolicy{FirstFetchPolicy::Mode::recent, *window};
    }
  }
  reader.error(node, "fetch.first_fetch is '" + *text +
                         "'; expected mark-seen, all, or recent:<duration> such as recent:24h");
  return std::nullopt;
}

void read_fetch(Loading& loading, const YAML::Node& node) {
  auto& reader = loading.reader;
  if (!reader.expect_map(node, "fetch")) return;
  reader.reject_unknown_keys(node, kFetchKeys, "fetch");
  auto& fetch = loading.config.fetch;
  if (node["interval"]) fetch.interval = reader.read_duration(node["interval"], "fetch.interval").value_or(fetch.interval);
  if (node["timeout"]) fetch.timeout = reader.read_duration(node["timeout"], "fetch.timeout").value_or(fetch.timeout);
  if (node["max_body"]) fetch.max_body_bytes = reader.read_byte_size(node["max_body"], "fetch.max_body").value_or(fetch.max_body_bytes);
  if (node["max_entries"]) {
    if (auto count = reader.read_positive_int(node["max_entries"], "fetch.max_entries")) fetch.max_entries = *count;
  }
  if (node["concurrency"]) fetch.concurrency = reader.read_positive_int(node["concurrency"], "fetch.concurrency").value_or(fetch.concurrency);
  if (node["per_host"]) fetch.per_host = reader.read_positive_int(node["per_host"], "fetch.per_host").value_or(fetch.per_host);
  if (node["user_agent"]) fetch.user_agent = reader.read_string(node["user_agent"], "fetch.user_agent").value_or(fetch.user_agent);
  if (node["first_fetch"]) fetch.first_fetch = read_first_fetch(reader, node["first_fetch"]).value_or(fetch.first_fetch);
}

// --- feeds -------------------------------------------------------------

// Accepts http(s) URLs and file URLs; "file:relative/path" is anchored at the
// configuration's folder so a demo setup works wherever it is checked out.
std::optional<std::string> normalize_feed_url(Loading& loading, const YAML::Node& node,
                                              const std::string& url) {
  if (url.starts_with("http://") || url.starts_with("https://") || url.starts_with("file:///")) {
    return url;
  }
  if (url.starts_with("file:") && !url.starts_with("file://")) {
    return "file://" + resolve_path(loading.folder, url.substr(5)).string();
  }
  loading.reader.error(node, "feed url '" + url +
                                 "' must start with http://, https:// or file:// "
                                 "(file:relative/path is relative to this file)");
  return std::nullopt;
}

void read_feed_overrides(Loading& loading, const YAML::Node& node, FeedConfig& feed) {
  auto& reader = loading.reader;
  feed.interval = loading.config.fetch.interval;
  feed.timeout = loading.config.fetch.timeout;
  if (node["interval"]) feed.interval = reader.read_duration(node["interval"], "feed interval").value_or(feed.interval);
  if (node["timeout"]) feed.timeout = reader.read_duration(node["timeout"], "feed timeout").value_or(feed.timeout);
  if (node["tags"]) feed.tags = reader.read_string_list(node["tags"], "feed tags").value_or(feed.tags);
}

void read_opml_entry(Loading& loading, const YAML::Node& node) {
  auto& reader = loading.reader;
  reader.reject_unknown_keys(node, kOpmlFeedKeys, "an opml feed entry");
  auto path_text = reader.read_string(node["opml"], "opml");
  if (!path_text) return;
  fs::path path = resolve_path(loading.folder, *path_text);
  // Each file once: naming it again (an alias makes that cheap) would copy every feed again.
  if (!loading.opml_files.insert(path).second) {
    reader.error(node["opml"], "OPML file " + path.string() + " is already listed; list each file once");
    return;
  }
  auto text = loading.files.read(path, kMaxConfigFileBytes);
  if (auto* failure = std::get_if<FileError>(&text)) {
    reader.error(node["opml"], "OPML file " + path.string() + " " + failure->message);
    return;
  }
  auto feeds = read_opml(std::get<std::string>(text));
  if (auto* failure = std::get_if<OpmlError>(&feeds)) {
    reader.error(node["opml"], "OPML file " + path.string() + ": " + failure->message);
    return;
  }
  for (auto& listed : std::get<std::vector<OpmlFeed>>(feeds)) {
    FeedConfig feed;
    feed.url = listed.url;
    if (!listed.title.empty()) feed.name = listed.title;
    read_feed_overrides(loading, node, feed);
    loading.config.feeds.push_back(std::move(feed));
  }
}

void read_feed_entry(Loading& loading, const YAML::Node& node) {
  auto& reader = loading.reader;
  if (!reader.expect_map(node, "a feed entry")) return;
  if (node["opml"]) return read_opml_entry(loading, node);
  reader.reject_unknown_keys(node, kFeedKeys, "a feed entry");
  if (!node["url"]) {
    reader.error(node, "a feed entry needs url: (or opml: for a list of feeds)");
    return;
  }
  auto url_text = reader.read_string(node["url"], "feed url");
  auto url = url_text ? normalize_feed_url(loading, node["url"], *url_text) : std::nullopt;
  FeedConfig feed;
  if (node["name"]) feed.name = reader.read_string(node["name"], "feed name");
  read_feed_overrides(loading, node, feed);
  if (!url) return;
  feed.url = *url;
  loading.config.feeds.push_back(std::move(feed));
}

void read_feeds(Loading& loading, const YAML::Node& node) {
  if (!node.IsSequence()) {
    loading.reader.error(node, "feeds must be a list of entries such as '- url: https://...'");
    return;
  }
  for (const auto& entry : node) read_feed_entry(loading, entry);
  std::set<std::string> seen;
  for (const auto& feed : loading.config.feeds) {
    if (!seen.insert(feed.url).second) {
      loading.reader.error(node, "feed " + feed.url + " is listed more than once");
    }
  }
}

// --- rules -------------------------------------------------------------

void read_rule_globs(Loading& loading, const YAML::Node& node) {
  auto& reader = loading.reader;
  std::vector<std::string> patterns;
  if (node.IsScalar()) {
    patterns.push_back(node.Scalar());
  } else if (auto list = reader.read_string_list(node, "rules")) {
    patterns = *list;
  }
  for (const auto& pattern : patterns) {
    auto matches = loading.files.glob(resolve_path(loading.folder, pattern));
    if (matches.empty()) {
      reader.error(node, "rules pattern '" + pattern + "' matches no file (relative to " +
                             loading.folder.string() + ")");
    }
    for (auto& path : matches) loading.config.rule_files.push_back(std::move(path));
  }
  auto& files = loading.config.rule_files;
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
}

// --- dedupe, delivery --------------------------------------------------

void read_dedupe(Loading& loading, const YAML::Node& node) {
  auto& reader = loading.reader;
  if (!reader.expect_map(node, "dedupe")) return;
  reader.reject_unknown_keys(node, {"across_feeds", "window", "hold"}, "dedupe");
  auto& config = loading.config;
  if (node["across_feeds"]) config.dedupe_across_feeds = reader.read_bool(node["across_feeds"], "dedupe.across_feeds").value_or(true);
  if (node["window"]) config.dedupe_window = reader.read_duration(node["window"], "dedupe.window").value_or(config.dedupe_window);
  // A hold of zero is meaningful (send at once), unlike a zero interval.
  const YAML::Node hold = node["hold"];
  bool zero = hold && hold.IsScalar() && (hold.Scalar() == "0" || hold.Scalar() == "0s" || hold.Scalar() == "0ms");
  if (zero) config.dedupe_hold = Milliseconds(0);
  else if (hold) config.dedupe_hold = reader.read_duration(hold, "dedupe.hold").value_or(config.dedupe_hold);
}

void read_delivery(Loading& loading, const YAML::Node& node) {
  auto& reader = loading.reader;
  if (!reader.expect_map(node, "delivery")) return;
  reader.reject_unknown_keys(node, {"retry"}, "delivery");
  auto retry = node["retry"];
  if (!retry || !reader.expect_map(retry, "delivery.retry")) return;
  reader.reject_unknown_keys(retry, {"initial", "max", "give_up_after"}, "delivery.retry");
  auto& policy = loading.config.retry;
  if (retry["initial"]) policy.initial = reader.read_duration(retry["initial"], "delivery.retry.initial").value_or(policy.initial);
  if (retry["max"]) policy.max = reader.read_duration(retry["max"], "delivery.retry.max").value_or(policy.max);
  if (retry["give_up_after"]) policy.give_up_after = reader.read_duration(retry["give_up_after"], "delivery.retry.give_up_after").value_or(policy.give_up_after);
}

ConfigLoadResult load_from_root(const YAML::Node& root, const fs::path& file, const ConfigFiles& files) {
  ConfigLoadResult result;
  result.config.file = file;
  std::vector<ConfigError> errors;
  YamlReader reader(file.string(), errors, files);
  Loading loading{reader, file.parent_path(), result.config, files, {}};
  if (root.IsNull()) {
    errors.push_back({file.string(), 0, 0, "the configuration is empty"});
  } else if (reader.expect_map(root, "the configuration")) {
    reader.reject_unknown_keys(root, kTopLevelKeys, "the configuration");
    read_scalars(loading, root);
    if (root["fetch"]) read_fetch(loading, root["fetch"]);  // before feeds: they inherit it
    if (root["feeds"]) read_feeds(loading, root["feeds"]);
    if (root["rules"]) read_rule_globs(loading, root["rules"]);
    if (root["dedupe"]) read_dedupe(loading, root["dedupe"]);
    if (root["delivery"]) read_delivery(loading, root["delivery"]);
    if (root["notifiers"]) read_notifiers(reader, loading.folder, root["notifiers"], result.config);
  }
  result.errors = std::move(errors);
  return result;
}

}  // namespace

ConfigLoadResult load_config_text(std::string_view text, const fs::path& file, const ConfigFiles& files) {
  try {
    // Before anything reads the tree: the readers copy an aliased node once per alias.
    if (auto problem = rules::find_alias_amplification(text)) {
      ConfigLoadResult result;
      result.errors.push_back({file.string(), problem->mark.line + 1, problem->mark.column + 1, problem->message});
      return result;
    }
    return load_from_root(YAML::Load(std::string(text)), file, files);
  } catch (const YAML::Exception& failure) {
    ConfigLoadResult result;
    result.errors.push_back({file.string(), failure.mark.line + 1, failure.mark.column + 1,
                             "YAML syntax error: " + failure.msg});
    return result;
  }
}

ConfigLoadResult load_config(const fs::path& file, const ConfigFiles& files) {
  auto text = files.read(file, kMaxConfigFileBytes);
  if (auto* failure = std::get_if<FileError>(&text)) {
    ConfigLoadResult result;
    std::string what = failure->message == "cannot be read" ? "cannot read the configuration file"
                                                             : "the configuration file " + failure->message;
    result.errors.push_back({file.string(), 0, 0, what + "; pass -c FILE or set $FEEDWATCH_CONFIG"});
    return result;
  }
  return load_config_text(std::get<std::string>(text), fs::absolute(file).lexically_normal(), files);
}

}  // namespace feedwatch::config
