// The alert JSON of SPEC §5 — the `json` webhook body, a line of the `file`
// sink, the `exec` sink's stdin — built once when the alert is queued and
// stored in the outbox, so notifiers parse it back instead of re-deriving it.
// Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "feed/feed.h"
#include "rules/rule_file.h"
#include "daemon/state/unix_time.h"

namespace feedwatch::pipeline {

inline constexpr int kAlertPayloadVersion = 1;
inline constexpr std::size_t kSummaryCharacterLimit = 1000;

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
// Absent link, title, published and author are null; the summary is the
// entry's summary, else its content, cut to kSummaryCharacterLimit
// characters (text_truncation.h); dates are RFC 3339 UTC. Bytes that are not
// UTF-8 become U+FFFD rather than failing.
std::string alert_payload_json(const AlertFacts& facts, const feed::Entry& entry);

// --- grouped and digest alerts (SPEC §3 `group`, `digest`) ---------------

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

// The "summary" the payload carries for `entry` (exposed for tests and
// notifiers that build their own message shapes).
std::string summary_excerpt(const feed::Entry& entry);

}  // namespace feedwatch::pipeline
