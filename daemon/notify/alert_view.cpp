#include "daemon/notify/alert_view.h"

#include <nlohmann/json.hpp>

namespace feedwatch::notify {
namespace {

using Json = nlohmann::json;

std::string text_of(const Json& object, const char* key) {
  if (!object.is_object()) return {};
  auto found = object.find(key);
  if (found == object.end() || !found->is_string()) return {};
  return found->get<std::string>();
}

// A group's entry may name its feed as a string or as {url, title}.
std::string feed_name(const Json& feed) {
  if (feed.is_string()) return feed.get<std::string>();
  std::string title = text_of(feed, "title");
  return title.empty() ? text_of(feed, "url") : title;
}

AlertEntryView entry_view(const Json& entry) {
  AlertEntryView view;
  view.title = text_of(entry, "title");
  view.link = text_of(entry, "link");
  view.summary = text_of(entry, "summary");
  view.published = text_of(entry, "published");
  if (entry.is_object() && entry.contains("feed")) view.feed = feed_name(entry["feed"]);
  return view;
}

}  // namespace

std::optional<AlertView> read_alert_view(std::string_view payload_json, std::string* error) {
  Json payload = Json::parse(payload_json, nullptr, /*allow_exceptions=*/false);
  if (!payload.is_object()) {
    *error = "the stored alert is not a JSON object";
    return std::nullopt;
  }
  AlertView view;
  view.alert_id = text_of(payload, "alert_id");
  view.rule = text_of(payload, "rule");
  if (auto severity = text_of(payload, "severity"); !severity.empty()) view.severity = severity;
  if (auto matched = payload.find("matched"); matched != payload.end() && matched->is_array()) {
    for (const Json& term : *matched) {
      if (term.is_string()) view.matched.push_back(term.get<std::string>());
    }
  }
  if (auto feed = payload.find("feed"); feed != payload.end()) {
    view.feed_url = text_of(*feed, "url");
    view.feed_title = feed_name(*feed);
  }
  view.detected_at = text_of(payload, "detected_at");
  if (auto entries = payload.find("entries"); entries != payload.end() && entries->is_array()) {
    view.grouped = true;
    for (const Json& entry : *entries) view.entries.push_back(entry_view(entry));
  } else if (auto entry = payload.find("entry"); entry != payload.end() && entry->is_object()) {
    view.entries.push_back(entry_view(*entry));
  } else {
    *error = "the stored alert has neither \"entry\" nor \"entries\"";
    return std::nullopt;
  }
  return view;
}

std::string display_title(const AlertEntryView& entry) {
  if (!entry.title.empty()) return entry.title;
  if (!entry.link.empty()) return entry.link;
  return "(untitled entry)";
}

}  // namespace feedwatch::notify
