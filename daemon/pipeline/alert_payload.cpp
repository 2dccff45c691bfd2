#include "daemon/pipeline/alert_payload.h"

#include <nlohmann/json.hpp>

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

}  // namespace feedwatch::pipeline
