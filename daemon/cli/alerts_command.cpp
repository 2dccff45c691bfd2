#include "daemon/cli/alerts_command.h"

#include <cmath>
#include <iostream>
#include <sstream>
#include <nlohmann/json.hpp>

#include "daemon/cli/state_access.h"
#include "feed/feed_json.h"

namespace feedwatch::cli {
namespace {

using Json = nlohmann::ordered_json;

// Two decimals: a similarity is a judgement, not a measurement.
double rounded(double value) { return std::round(value * 100) / 100; }

std::string entry_title(const Json& entry) {
  return entry.is_object() && entry.contains("title") && entry["title"].is_string()
             ? entry["title"].get<std::string>()
             : "";
}

// A grouped or digest alert (SPEC §5 "entries") shows its first entry's
// title and how many more it lists.
std::string grouped_title(const Json& payload) {
  const Json& entries = payload["entries"];
  if (!entries.is_array() || entries.empty()) return "";
  std::int64_t count = payload.contains("entry_count") && payload["entry_count"].is_number_integer()
                           ? payload["entry_count"].get<std::int64_t>()
                           : static_cast<std::int64_t>(entries.size());
  std::string title = entry_title(entries.front());
  return count > 1 ? title + " (+" + std::to_string(count - 1) + " more)" : title;
}

std::string title_of(const state::AlertRecord& alert) {
  auto payload = Json::parse(alert.payload_json, nullptr, false);
  if (payload.is_discarded() || !payload.is_object()) return "";
  if (payload.contains("entries")) return grouped_title(payload);
  return payload.contains("entry") ? entry_title(payload["entry"]) : "";
}

Json alert_json(const state::AlertRecord& alert) {
  Json deliveries = Json::array();
  for (const auto& delivery : alert.deliveries) {
    deliveries.push_back({{"notifier", delivery.notifier},
                          {"state", std::string(state::to_string(delivery.state))},
                          {"attempts", delivery.attempts},
                          {"last_error", delivery.last_error ? Json(*delivery.last_error) : Json()}});
  }
  Json copies = Json::array();
  for (const auto& copy : alert.copies) {
    copies.push_back({{"feed", copy.feed},
                      {"entry_id", copy.entry_key},
                      {"link", copy.link ? Json(*copy.link) : Json()},
                      {"joined_by", std::string(state::to_string(copy.joined_by))},
                      {"similarity", copy.similarity ? Json(rounded(*copy.similarity)) : Json()},
                      {"seen_at", feed::format_rfc3339(copy.seen_at)}});
  }
  return {{"alert_id", alert.alert_id},
          {"rule", alert.rule},
          {"title", title_of(alert)},
          {"created_at", feed::format_rfc3339(alert.created_at)},
          {"deliveries", deliveries},
          {"copies", copies}};
}

// Why a copy was judged the alert's story, in a user's words.
std::string why_joined(const state::AlertCopy& copy) {
  if (copy.joined_by == state::JoinedBy::kLink) return "same link";
  std::ostringstream text;
  text << "same title and text, " << std::lround(100 * copy.similarity.value_or(0)) << "% alike";
  return text.str();
}

void print_human(const state::AlertRecord& alert) {
  std::cout << feed::format_rfc3339(alert.created_at) << "  " << alert.alert_id << "  "
            << alert.rule << ": " << title_of(alert) << "\n";
  for (const auto& delivery : alert.deliveries) {
    std::cout << "    " << delivery.notifier << ": " << state::to_string(delivery.state);
    if (delivery.attempts > 0) std::cout << " after " << delivery.attempts << " attempt(s)";
    if (delivery.last_error) std::cout << " — " << *delivery.last_error;
    std::cout << "\n";
  }
  for (const auto& copy : alert.copies) {
    std::cout << "    also in " << copy.feed << ": " << copy.link.value_or(copy.entry_key) << " ("
              << why_joined(copy) << ")\n";
  }
}

int requeue(state::StateStore& store, const AlertsCommandOptions& options) {
  auto requeued = options.retry_failed ? store.outbox().requeue_all_failed(unix_now())
                                       : store.outbox().requeue(options.retry_id, unix_now());
  if (!requeued.ok()) {
    std::cerr << "feedwatch alerts: " << requeued.status().message() << "\n";
    return 1;
  }
  if (!options.retry_failed && requeued.value() == 0) {
    std::cerr << "feedwatch alerts: alert " << options.retry_id
              << " has no failed delivery to retry (see feedwatch alerts --failed)\n";
    return 1;
  }
  std::cout << "requeued " << requeued.value() << " deliver"
            << (requeued.value() == 1 ? "y" : "ies") << "; a running daemon sends them shortly\n";
  return 0;
}

}  // namespace

int run_alerts_command(const AlertsCommandOptions& options) {
  auto opened = open_state_for(options.config_path, "alerts");
  if (!opened) return 1;
  if (options.retry_failed || !options.retry_id.empty()) return requeue(opened->store, options);
  auto alerts = opened->store.outbox().list(options.limit, options.only_failed);
  if (!alerts.ok()) {
    std::cerr << "feedwatch alerts: " << alerts.status().message() << "\n";
    return 1;
  }
  for (const auto& alert : alerts.value()) {
    if (options.json) {
      std::cout << alert_json(alert).dump(-1, ' ', false, Json::error_handler_t::replace) << "\n";
    } else {
      print_human(alert);
    }
  }
  if (!options.json && alerts.value().empty()) {
    std::cout << (options.only_failed ? "no failed alerts\n" : "no alerts yet\n");
  }
  return 0;
}

}  // namespace feedwatch::cli
