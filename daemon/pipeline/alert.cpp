#include "daemon/pipeline/alert.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>
#include <utility>

#include "common/text_truncation.h"
#include "feed/feed_json.h"

namespace feedwatch::pipeline {

// --- which alerts: (rule, story) -------------------------------------------

namespace {

constexpr std::string_view kAlertIdPrefix = "fw-";
// 80 bits: collisions stay negligible for any number of alerts one host keeps.
constexpr std::size_t kAlertIdHexDigits = 20;

}  // namespace

std::string alert_id_for(std::string_view rule_name, std::string_view story_key) {
  std::string keyed = std::string(rule_name) + "\n" + std::string(story_key);
  return std::string(kAlertIdPrefix) + sha256_hex(keyed).substr(0, kAlertIdHexDigits);
}

std::vector<AlertCandidate> without_repeated_stories(std::vector<AlertCandidate> candidates) {
  std::set<std::pair<std::size_t, std::string>> fired;
  std::vector<AlertCandidate> unique;
  for (AlertCandidate& candidate : candidates) {
    if (fired.emplace(candidate.rule_index, candidate.story_key).second) unique.push_back(std::move(candidate));
  }
  return unique;
}

state::NewAlert build_alert(const AlertCandidate& candidate, const rules::Rule& rule, const feed::Entry& entry,
                            const FeedIdentity& feed, state::UnixSeconds now) {
  AlertFacts facts{alert_id_for(rule.name, candidate.story_key), rule.name, rule.severity, candidate.matched,
                   feed.url, feed.display_title(), now};
  std::string payload = alert_payload_json(facts, entry);
  return state::NewAlert{std::move(facts.alert_id), rule.name, candidate.story_key, std::move(payload),
                         rule.notify};
}

// --- the JSON of one entry's alert -----------------------------------------

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

Json feed_json(const std::string& url, const std::optional<std::string>& title) {
  Json json = Json::object();
  json["url"] = url;
  json["title"] = optional_text(title);
  return json;
}

std::string to_text(const Json& json) { return json.dump(-1, ' ', false, Json::error_handler_t::replace); }

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
  json["feed"] = feed_json(facts.feed_url, facts.feed_title);
  json["entry"] = entry_json(entry);
  json["also_in"] = Json::array();
  json["detected_at"] = feed::format_rfc3339(facts.detected_at);
  return to_text(json);
}

// --- the JSON of grouped and digest alerts ---------------------------------

namespace {

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

// Every listed entry's other sightings, so tools that read only the
// top-level also_in see them too.
Json all_also_in(const Json& entries) {
  Json also_in = Json::array();
  for (const Json& entry : entries) {
    for (const Json& sighting : entry["also_in"]) also_in.push_back(sighting);
  }
  return also_in;
}

}  // namespace

std::string entry_object_json(const feed::Entry& entry) { return to_text(entry_json(entry)); }

std::string feed_object_json(const std::string& url, const std::optional<std::string>& title) {
  return to_text(feed_json(url, title));
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
  json["also_in"] = all_also_in(json["entries"]);
  json["detected_at"] = feed::format_rfc3339(facts.detected_at);
  return to_text(json);
}

}  // namespace feedwatch::pipeline
