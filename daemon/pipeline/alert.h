// An alert of SPEC §5: one per (rule, story), with an id that is stable for
// that pair so a replay, a restart or a second worker produces the same row,
// and its JSON — the `json` webhook body, a line of the `file` sink, the
// `exec` sink's stdin — built once when the alert is queued and stored in the
// outbox, so notifiers parse it back instead of re-deriving it. Grouped and
// digest alerts (group.h) list many entries in the same shape. Pure
// functions; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/pipeline/classify.h"
#include "daemon/state/outbox.h"
#include "daemon/state/unix_time.h"
#include "feed/feed.h"
#include "rules/rule_file.h"

namespace feedwatch::pipeline {

inline constexpr int kAlertPayloadVersion = 1;
inline constexpr std::size_t kSummaryCharacterLimit = 1000;

// --- which alerts: (rule, story) -------------------------------------------

// A rule that fired for an entry, in its feed's scope, that may become an alert.
struct AlertCandidate {
  std::size_t entry_index = 0;  // into the caller's entries (the processor's records)
  std::size_t rule_index = 0;   // into the rule set (rules::RuleMatch::rule_index)
  std::string story_key;
  std::vector<std::string> matched;  // terms as written in the query
};

// "fw-" + the first 20 hex digits of SHA-256(rule name + "\n" + story key).
std::string alert_id_for(std::string_view rule_name, std::string_view story_key);

// The candidates whose (rule, story) no earlier candidate has: a body may
// carry the same story twice (two ids, one link), which is one alert.
std::vector<AlertCandidate> without_repeated_stories(std::vector<AlertCandidate> candidates);

// The alert row: payload per alert_payload_json, notifiers = the rule's
// notify list, detected at `now`. For rules without `group`/`digest`: those
// wait in a group (build_group_member) and alert when it closes (group.h).
state::NewAlert build_alert(const AlertCandidate& candidate, const rules::Rule& rule, const feed::Entry& entry,
                            const FeedIdentity& feed, state::UnixSeconds now);

// --- the JSON of one entry's alert -----------------------------------------

// What the payload says besides the entry itself.
struct AlertFacts {
  std::string alert_id;
  std::string rule;
  rules::Severity severity = rules::Severity::kMedium;
  std::vector<std::string> matched;  // terms as written in the query
  std::string feed_url;
  std::optional<std::string> feed_title;  // null in the JSON when absent
  state::UnixSeconds detected_at = 0;
};

// One JSON object on one line, keys in SPEC §5's order:
// version, alert_id, rule, severity, matched, feed {url, title},
// entry {id, link, title, published, author, categories, summary},
// also_in (empty: Outbox::add_also_in fills it later), detected_at.
// Absent link, title, published and author are null; the summary is
// summary_excerpt; dates are RFC 3339 UTC. Bytes that are not UTF-8 become
// U+FFFD rather than failing.
std::string alert_payload_json(const AlertFacts& facts, const feed::Entry& entry);

// The entry's summary, else its content, cut to kSummaryCharacterLimit
// characters (common/text_truncation.h).
std::string summary_excerpt(const feed::Entry& entry);

// --- the JSON of grouped and digest alerts (SPEC §3 `group`, `digest`) -----

// The pieces a group member stores when it joins, so the alert can be
// written when the group closes, long after the feed body is gone.
std::string entry_object_json(const feed::Entry& entry);  // the "entry" object above
std::string feed_object_json(const std::string& url, const std::optional<std::string>& title);
std::string matched_json(const std::vector<std::string>& matched);

// One listed member: its stored entry, feed and matched JSON texts.
struct GroupedEntry {
  std::string entry_json;
  std::string feed_json;
  std::string matched_json;
};

struct GroupedAlertFacts {
  std::string alert_id;
  std::string rule;
  std::string severity;              // a severity name
  std::vector<std::string> matched;  // every member's terms, in order of first use
  std::string kind;                  // "group" or "digest": the rule key that made it
  state::UnixSeconds window_start = 0;  // the first member's match
  state::UnixSeconds window_end = 0;    // when the window or digest closed
  std::int64_t entry_count = 0;      // all members, listed or not
  state::UnixSeconds detected_at = 0;
};

// Keys in SPEC §5's order, "entries" in place of "entry": version,
// alert_id, rule, severity, matched, feed (the first entry's feed; each
// entry names its own), entries (each the "entry" object plus its "feed",
// "matched" and "also_in": the other feeds that carried its story while the
// group was open), entry_count, entries_omitted (entry_count minus those
// listed), window {kind, start, end}, also_in (every listed entry's),
// detected_at.
std::string grouped_alert_payload_json(const GroupedAlertFacts& facts, const std::vector<GroupedEntry>& entries);

}  // namespace feedwatch::pipeline
