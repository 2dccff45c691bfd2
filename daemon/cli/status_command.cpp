#include "daemon/cli/status_command.h"

#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "daemon/cli/state_access.h"
#include "daemon/state/storage_probe.h"
#include "feed/feed_json.h"

namespace feedwatch::cli {
namespace {

using Json = nlohmann::ordered_json;

Json time_or_null(const std::optional<state::UnixSeconds>& seconds) {
  return seconds ? Json(feed::format_rfc3339(*seconds)) : Json();
}

template <typename T>
Json value_or_null(const std::optional<T>& value) {
  return value ? Json(*value) : Json();
}

// One entry per configured feed, in configuration order; a feed never
// fetched yet has no row in the database.
Json feeds_json(const config::Config& config, const std::vector<state::FeedState>& states) {
  std::map<std::string, const state::FeedState*> by_url;
  for (const auto& feed_state : states) by_url[feed_state.url] = &feed_state;
  Json feeds = Json::array();
  for (const auto& feed : config.feeds) {
    const state::FeedState* known = by_url.count(feed.url) ? by_url[feed.url] : nullptr;
    state::FeedState empty;
    const auto& s = known ? *known : empty;
    feeds.push_back({{"url", feed.url},
                     {"name", value_or_null(feed.name)},
                     {"title", value_or_null(s.title)},
                     {"state", !known ? "new" : s.disabled() ? "disabled"
                                      : s.consecutive_failures > 0 ? "failing" : "ok"},
                     {"last_success", time_or_null(s.last_success)},
                     {"last_error", value_or_null(s.last_error)},
                     {"consecutive_failures", s.consecutive_failures},
                     {"next_due", known ? time_or_null(s.next_due) : Json()},
                     {"entries_seen", s.entries_seen},
                     {"disabled", value_or_null(s.disabled_reason)},
                     {"permanent_redirect", value_or_null(s.permanent_redirect)}});
  }
  return feeds;
}

Json outbox_json(const std::vector<state::DeliveryCount>& counts) {
  Json by_notifier = Json::object();
  for (const auto& count : counts) {
    auto& entry = by_notifier[count.notifier];
    if (entry.is_null()) entry = {{"pending", 0}, {"delivered", 0}, {"failed", 0}};
    entry[std::string(state::to_string(count.state))] = count.count;
  }
  return by_notifier;
}

// Open `group` windows and `digest`s: what is waiting, and until when.
Json groups_json(const std::vector<state::OpenGroup>& groups) {
  Json list = Json::array();
  for (const state::OpenGroup& group : groups) {
    list.push_back({{"rule", group.rule},
                    {"kind", group.kind == state::GroupKind::kDigest ? "digest" : "group"},
                    {"opened_at", feed::format_rfc3339(group.opened_at)},
                    {"closes_at", feed::format_rfc3339(group.closes_at)},
                    {"matches", group.member_count}});
  }
  return list;
}

// The state file and the file system under it: `status` says what stops
// writes even while the daemon, unable to write, cannot record a word of it
// in the database (its log and /healthz say it too).
Json state_json(const std::filesystem::path& path) {
  state::StorageProbe probe = state::probe_storage(path);
  return {{"path", path.string()},
          {"read_only", probe.read_only},
          {"available_bytes", probe.available_bytes},
          {"problem", value_or_null(probe.problem)}};
}

std::string text_or_dash(const Json& value) {
  return value.is_null() ? "-" : value.is_string() ? value.get<std::string>() : value.dump();
}

void print_state(const Json& state) {
  std::cout << "STATE\n  " << state["path"].get<std::string>() << ": ";
  if (state["problem"].is_null()) {
    std::cout << "writable, " << state["available_bytes"].get<std::uint64_t>() / (1024 * 1024) << " MiB free\n";
    return;
  }
  std::cout << "FAILING: " << state["problem"].get<std::string>()
            << "; feedwatch cannot record fetches or deliveries there: delivery waits until it can"
               " (the daemon's log and /healthz say more)\n";
}

void print_human(const Json& status) {
  print_state(status["state"]);
  std::cout << "FEEDS\n";
  for (const auto& feed : status["feeds"]) {
    std::string label = !feed["name"].is_null()    ? feed["name"].get<std::string>()
                        : !feed["title"].is_null() ? feed["title"].get<std::string>()
                                                   : feed["url"].get<std::string>();
    std::cout << "  " << label << "  [" << feed["state"].get<std::string>() << "]\n"
              << "    url: " << feed["url"].get<std::string>() << "\n"
              << "    last success: " << text_or_dash(feed["last_success"])
              << "   next due: " << text_or_dash(feed["next_due"])
              << "   entries seen: " << feed["entries_seen"].dump() << "\n";
    if (feed["consecutive_failures"].get<int>() > 0) {
      std::cout << "    failures: " << feed["consecutive_failures"].dump()
                << "   last error: " << text_or_dash(feed["last_error"]) << "\n";
    }
    if (!feed["disabled"].is_null()) std::cout << "    disabled: " << text_or_dash(feed["disabled"]) << "\n";
    if (!feed["permanent_redirect"].is_null()) {
      std::cout << "    moved permanently to: " << text_or_dash(feed["permanent_redirect"])
                << " (update the configuration)\n";
    }
  }
  std::cout << "OUTBOX\n";
  if (status["outbox"].empty()) std::cout << "  (no alerts yet)\n";
  for (const auto& [notifier, counts] : status["outbox"].items()) {
    std::cout << "  " << notifier << ": " << counts["pending"].dump() << " pending, "
              << counts["delivered"].dump() << " delivered, " << counts["failed"].dump()
              << " failed\n";
  }
  if (status["groups"].empty()) return;
  std::cout << "OPEN GROUPS AND DIGESTS\n";
  for (const auto& group : status["groups"]) {
    std::cout << "  " << group["rule"].get<std::string>() << " (" << group["kind"].get<std::string>()
              << "): " << group["matches"].dump() << " matches, sent at "
              << group["closes_at"].get<std::string>() << "\n";
  }
}

}  // namespace

int run_status_command(const std::string& config_path, bool json) {
  auto opened = open_state_for(config_path, "status");
  if (!opened) return 1;
  auto states = opened->store.feeds().load_all();
  auto counts = opened->store.outbox().counts();
  auto groups = opened->store.groups().open_groups();
  for (const state::Status& read : {states.status(), counts.status(), groups.status()}) {
    if (read.ok()) continue;
    std::cerr << "feedwatch status: " << read.message() << "\n";
    return 1;
  }
  Json status = {{"state", state_json(opened->config.state_path)},
                 {"feeds", feeds_json(opened->config, states.value())},
                 {"outbox", outbox_json(counts.value())},
                 {"groups", groups_json(groups.value())}};
  if (json) {
    std::cout << status.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
  } else {
    print_human(status);
  }
  return 0;
}

}  // namespace feedwatch::cli
