#include "daemon/pipeline/alert_payload.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "daemon/pipeline/text_truncation.h"
#include "feed/feed_json.h"

namespace feedwatch::pipeline {
namespace {

using Json = nlohmann::ordered_json;

Json optional_text(const std::optional<std::string>& text) {
  return text ? Json(*text) : Json(nullptr);
}

Json optional_date(const std::optional<feed::UnixSeconds>& date) {
  return date ? Json(feed::format_rfc3339(*date)) : Json(nullptr);
}

Json entry_json(const feed::Entry& entry) {
  Json json = Json::object();
  json["id"] = entry.id;
  json["link"] = optional_text(entry.link);
  json["title"] = optional_text(entry.title);
  json["published"] = optional_date(entry.published);
  json["author"] = optional_text(entry.author);
  json["categories"] = entry.categories;
  json["summary"] = summary_excerpt(entry);
  return json;
}

Json feed_json(const AlertFacts& facts) {
  Json json = Json::object();
  json["url"] = facts.feed_url;
  json["title"] = optional_text(facts.feed_title);
  return json;
}

std::string to_text(const Json& json) { return json.dump(-1, ' ', false, Json::error_handler_t::replace); }

// A stored member text back as JSON; it was written by the functions here
// and checked by SQLite's json_valid, so a failure is a bug or a tampered
// database: it shows as null rather than losing the alert.
Json stored_json(const std::string& text) {
  return Json::parse(text, nullptr, /*allow_exceptions=*/false);
}

Json grouped_entry_json(const GroupedEntry& entry) {
  Json json = stored_json(entry.entry_json);
  if (!json.is_object()) json = Json::object();
  json["feed"] = stored_json(entry.feed_json);
  json["matched"] = stored_json(entry.matched_json);
  if (!json.contains("also_in") || !json["also_in"].is_array()) json["also_in"] = Json::array();
  return json;
}

Json window_json(const GroupedAlertFacts& facts) {
  Json json = Json::object();
  json["kind"] = facts.kind;
  json["start"] = feed::format_rfc3339(facts.window_start);
  json["end"] = feed::format_rfc3339(facts.window_end);
  return json;
}

}  // namespace

std::string summary_excerpt(const feed::Entry& entry) {
  const std::optional<std::string>& text = entry.summary && !entry.summary->empty() ? entry.summary : entry.content;
  return text ? truncate_text(*text, kSummaryCharacterLimit) : std::string();
}

std::string alert_payload_json(const AlertFacts& facts, const feed::Entry& entry) {
  Json json = Json::object();
  json["version"] = kAlertPayloadVersion;
  json["alert_id"] = facts.alert_id;
  json["rule"] = facts.rule;
  json["severity"] = std::string(rules::severity_name(facts.severity));
  json["matched"] = facts.matched;
  json["feed"] = feed_json(facts);
  json["entry"] = entry_json(entry);
  json["also_in"] = Json::array();
  json["detected_at"] = feed::format_rfc3339(facts.detected_at);
  return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// --- grouped and digest alerts ---------------------------------------------

std::string entry_object_json(const feed::Entry& entry) { return to_text(entry_json(entry)); }

std::string feed_object_json(const std::string& url, const std::optional<std::string>& title) {
  Json json = Json::object();
  json["url"] = url;
  json["title"] = optional_text(title);
  return to_text(json);
}

std::string matched_json(const std::vector<std::string>& matched) { return to_text(Json(matched)); }

std::string grouped_alert_payload_json(const GroupedAlertFacts& facts, const std::vector<GroupedEntry>& entries) {
  Json json = Json::object();
  json["version"] = kAlertPayloadVersion;
  json["alert_id"] = facts.alert_id;
  json["rule"] = facts.rule;
  json["severity"] = facts.severity;
  json["matched"] = facts.matched;
  json["feed"] = entries.empty() ? Json(nullptr) : stored_json(entries.front().feed_json);
  json["entries"] = Json::array();
  for (const GroupedEntry& entry : entries) json["entries"].push_back(grouped_entry_json(entry));
  json["entry_count"] = facts.entry_count;
  json["entries_omitted"] = std::max<std::int64_t>(0, facts.entry_count - static_cast<std::int64_t>(entries.size()));
  json["window"] = window_json(facts);
  // Every listed entry's other sightings, so tools that read only the
  // top-level also_in see them too.
  json["also_in"] = Json::array();
  for (const Json& entry : json["entries"]) {
    for (const Json& sighting : entry["also_in"]) json["also_in"].push_back(sighting);
  }
  json["detected_at"] = feed::format_rfc3339(facts.detected_at);
  return to_text(json);
}

}  // namespace feedwatch::pipeline
