// SeenEntries: the "seen" marks of SPEC §6 — for each (feed, entry key) the
// content hash and story key last recorded — so the caller can tell new,
// unchanged and edited entries apart. Borrows the store's Connection; used on
// the store's thread only.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/state/sqlite_connection.h"
#include "daemon/state/status.h"
#include "daemon/state/unix_time.h"

namespace feedwatch::state {

// One entry of a fetched body, as committed. The hashing and the choice of
// keys are the caller's: the store only compares what it is given.
struct EntryMark {
  std::string entry_key;     // the entry's id within its feed (SPEC §4 "id")
  std::string content_hash;  // of title, summary and content: changes on an edit
  std::string story_key;     // canonical link, else entry id: for dedupe across feeds
  std::string matched_rules;  // the caller's list of rules the entry has matched (opaque here)
};

// What was recorded for an entry that has been seen.
struct SeenMark {
  std::string content_hash;
  std::string story_key;
  std::string matched_rules;
};

class SeenEntries {
 public:
  explicit SeenEntries(Connection& connection) : connection_(&connection) {}

  // For each of `entry_keys`, in the same order, the mark last recorded for
  // it in `feed_url`, or nullopt for an entry never seen (or since pruned).
  // Reuses one prepared statement for the batch.
  Result<std::vector<std::optional<SeenMark>>> lookup(std::string_view feed_url,
                                                      std::span<const std::string> entry_keys);

  // Records every entry of a fetched body: inserts new marks, and refreshes
  // the hash, story key and last_seen of known ones. Returns how many were
  // new. REQUIRES: inside the caller's transaction; the feed row exists.
  Result<std::int64_t> record(std::string_view feed_url, std::span<const EntryMark> entries,
                              UnixSeconds now);

  // Forgets entries not seen since before `older_than` that have also dropped
  // out of their feed (their last_seen is older than the feed's last
  // committed body). An entry still in its feed is never forgotten, so it
  // cannot come back as new. Returns how many were forgotten.
  Result<std::int64_t> prune(UnixSeconds older_than);

  // Whether any feed other than `feed_url` has an entry of this story seen at
  // or after `since` (for dedupe across feeds).
  Result<bool> story_seen_elsewhere(std::string_view story_key, std::string_view feed_url,
                                    UnixSeconds since);

  // Story `from` is story `into`: the entries' marks say so.
  Status merge_story(std::string_view from, std::string_view into);

 private:
  Result<std::vector<std::optional<SeenMark>>> lookup_each(std::string_view feed_url,
                                                           std::span<const std::string> entry_keys);
  Result<std::int64_t> feed_id(std::string_view feed_url);
  Result<bool> record_one(std::int64_t feed, const EntryMark& entry, UnixSeconds now);

  Connection* connection_;
};

}  // namespace feedwatch::state
