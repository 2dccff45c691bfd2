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

// The string items of an array member; other items are skipped.
std::vector<std::string> texts_of(const Json& object, const char* key) {
  std::vector<std::string> texts;
  if (!object.is_object()) return texts;
  auto found = object.find(key);
  if (found == object.end() || !found->is_array()) return texts;
  for (const Json& item : *found) {
    if (item.is_string()) texts.push_back(item.get<std::string>());
  }
  return texts;
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
  view.author = text_of(entry, "author");
  view.categories = texts_of(entry, "categories");
  if (entry.is_object() && entry.contains("feed")) view.feed = feed_name(entry["feed"]);
  return view;
}

std::vector<AlertEntryView> entries_of(const Json& payload, bool* grouped) {
  std::vector<AlertEntryView> views;
  *grouped = false;
  if (auto entries = payload.find("entries"); entries != payload.end() && entries->is_array()) {
    *grouped = true;
    for (const Json& entry : *entries) views.push_back(entry_view(entry));
  } else if (auto entry = payload.find("entry"); entry != payload.end() && entry->is_object()) {
    views.push_back(entry_view(*entry));
  }
  return views;
}

std::vector<AlertSighting> sightings_of(const Json& payload) {
  std::vector<AlertSighting> sightings;
  auto also = payload.find("also_in");
  if (also == payload.end() || !also->is_array()) return sightings;
  for (const Json& other : *also) sightings.push_back({text_of(other, "feed"), text_of(other, "link")});
  return sightings;
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
  view.severity = text_of(payload, "severity");
  view.matched = texts_of(payload, "matched");
  if (auto feed = payload.find("feed"); feed != payload.end()) {
    view.feed_name = feed_name(*feed);
    view.feed_title = text_of(*feed, "title");
    view.feed_url = text_of(*feed, "url");
  }
  view.entries = entries_of(payload, &view.grouped);
  view.also_in = sightings_of(payload);
  view.detected_at = text_of(payload, "detected_at");
  return view;
}

std::string display_title(const AlertEntryView& entry) {
  if (!entry.title.empty()) return entry.title;
  if (!entry.link.empty()) return entry.link;
  return "(untitled entry)";
}

}  // namespace feedwatch::notify
