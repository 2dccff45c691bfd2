// Classifying a fetched body's entries before the rule engine sees them
// (SPEC §6): how an entry is known to the state store (its mark), whether it
// is new, edited or unchanged against the mark last recorded, who its feed
// is and which rules may fire for that feed (a rule's `feeds:` scope), and
// whether the first-fetch policy lets a new entry alert. Pure functions over
// values; thread-safe.
#pragma once

#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/config/config.h"
#include "daemon/state/seen_entries.h"
#include "daemon/state/unix_time.h"
#include "feed/feed.h"
#include "rules/rule_file.h"

namespace feedwatch::pipeline {

// --- what an entry is: its mark --------------------------------------------

// SHA-256 as 64 lower-case hex digits: content hashes here, alert ids
// (alert.h). Wraps OpenSSL's one-shot digest so callers never see its types.
std::string sha256_hex(std::string_view data);

// SHA-256 hex of title, summary and content, each with runs of white space
// (ASCII, no-break and the Unicode spaces) collapsed to one space and
// trimmed, so re-wrapping or re-indenting a text is not an edit. An absent
// field hashes like an empty one.
std::string content_hash_of(const feed::Entry& entry);

// The canonical link (canonical_url.h), else the entry id.
std::string story_key_of(const feed::Entry& entry);

// entry_key = the entry id (SPEC §4), plus the two above.
state::EntryMark entry_mark_of(const feed::Entry& entry);

// `text` with white space collapsed and trimmed as content_hash_of does it
// (exposed for tests).
std::string collapse_whitespace(std::string_view text);

// --- whether it changed ----------------------------------------------------

enum class EntryChange {
  kNew,        // never recorded in this feed (or pruned since)
  kUnchanged,  // same content hash: nothing to match
  kEdited,     // title, summary or content changed: match again
};

EntryChange classify_entry(const state::EntryMark& mark, const std::optional<state::SeenMark>& seen);

// The mark to commit for an entry: a known entry keeps the story key it was
// first recorded with, so an edit that also changes the link (a new slug for
// a new headline) stays the same story and cannot fire its rules again.
state::EntryMark mark_to_commit(state::EntryMark mark, const std::optional<state::SeenMark>& seen);

// The rules an entry has matched, as stored with its seen mark (SPEC §6: an
// edit fires only rules the entry did not match before): sorted distinct
// names, one per line. Rule names cannot hold a line break.
std::set<std::string> parse_matched_rules(std::string_view stored);
std::string format_matched_rules(const std::set<std::string>& names);

// --- who its feed is, and which rules may fire for it ----------------------

// The feed as rules and alerts name it: its configured URL, name and tags
// plus the title it gives itself. Built once per processed body.
struct FeedIdentity {
  std::string url;                             // as configured: the state store's key
  std::optional<std::string> configured_name;  // `name:` in the configuration
  std::optional<std::string> own_title;        // the feed's <title> in this body
  std::vector<std::string> tags;

  // SPEC §2: the configured name, else the feed's own title.
  std::optional<std::string> display_title() const;
  // What a rule's `feed:` field and `feeds:` names see: the configured name
  // and the feed's own title, whichever are present. Views into this value.
  std::vector<std::string_view> names() const;
};

FeedIdentity identity_of(const config::FeedConfig& feed, const std::optional<std::string>& own_title);

// A rule's `feeds:` scope (SPEC §3): items are `tag:NAME`, a feed name
// (configured or the feed's own title) or a feed URL; an empty scope is every
// feed. Tags and names compare without regard to ASCII case (people retype
// them); URLs compare in canonical form (canonical_url.h).
bool scope_includes(std::span<const std::string> scope, const FeedIdentity& feed);

// For each rule, in order, whether it may fire for `feed`: computed once per
// body rather than once per match.
std::vector<bool> rules_in_scope(std::span<const rules::Rule> rules, const FeedIdentity& feed);

// --- whether it may alert: the first-fetch policy --------------------------

struct FirstFetch {
  bool is_first = false;  // the feed has never completed a fetch
  config::FirstFetchPolicy policy;
};

// Whether a new entry on a feed's first fetch may alert (`fetch.first_fetch`,
// SPEC §2, §6 "no flood"): never for mark-seen; for recent:<window>, when
// published (else updated) at or after now - window (a date in the future
// counts as recent), undated entries counting as old; always for all.
bool alerts_on_first_fetch(const config::FirstFetchPolicy& policy, const feed::Entry& entry,
                           state::UnixSeconds now);

// Unchanged entries never; edited ones always (SPEC §6: entries marked seen
// on a first fetch included); new ones unless the first-fetch policy holds
// them back.
bool should_match(EntryChange change, const feed::Entry& entry, const FirstFetch& first_fetch,
                  state::UnixSeconds now);

}  // namespace feedwatch::pipeline
