#include "daemon/pipeline/alert_builder.h"

#include <set>
#include <utility>

#include "daemon/pipeline/alert_payload.h"
#include "daemon/pipeline/digest.h"

namespace feedwatch::pipeline {
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

}  // namespace feedwatch::pipeline
