#include "daemon/state/seen_entries.h"

#include "daemon/state/transaction.h"

namespace feedwatch::state {

Result<std::vector<std::optional<SeenMark>>> SeenEntries::lookup(
    std::string_view feed_url, std::span<const std::string> entry_keys) {
  // One snapshot for the batch: one lock round trip instead of one per key.
  std::optional<Result<Transaction>> snapshot;
  if (!connection_->in_transaction()) snapshot.emplace(Transaction::begin_read(*connection_));
  if (snapshot && !snapshot->ok()) return snapshot->status();
  return lookup_each(feed_url, entry_keys);
}

Result<std::vector<std::optional<SeenMark>>> SeenEntries::lookup_each(
    std::string_view feed_url, std::span<const std::string> entry_keys) {
  Result<CachedStatement> statement = connection_->prepare(
      "SELECT content_hash, story_key, matched_rules FROM seen_entries WHERE entry_key = ?2"
      " AND feed_id = (SELECT feed_id FROM feeds WHERE url = ?1)");
  if (!statement.ok()) return statement.status();
  Statement& query = *statement.value();
  std::vector<std::optional<SeenMark>> marks;
  marks.reserve(entry_keys.size());
  for (const std::string& entry_key : entry_keys) {
    query.bind_all(feed_url, entry_key);
    Result<bool> row = query.next_row();
    if (!row.ok()) return row.status();
    marks.push_back(row.value() ? std::optional(SeenMark{query.column_text(0), query.column_text(1), query.column_text(2)})
                                : std::nullopt);
    query.reset();
  }
  return marks;
}

Result<std::int64_t> SeenEntries::record(std::string_view feed_url,
                                         std::span<const EntryMark> entries, UnixSeconds now) {
  Result<std::int64_t> feed = feed_id(feed_url);
  if (!feed.ok()) return feed.status();
  std::int64_t inserted = 0;
  for (const EntryMark& entry : entries) {
    Result<bool> is_new = record_one(feed.value(), entry, now);
    if (!is_new.ok()) return is_new.status();
    inserted += is_new.value() ? 1 : 0;
  }
  return inserted;
}

Result<std::int64_t> SeenEntries::feed_id(std::string_view feed_url) {
  Result<CachedStatement> statement =
      connection_->prepare("SELECT feed_id FROM feeds WHERE url = ?1");
  if (!statement.ok()) return statement.status();
  statement.value()->bind(1, feed_url);
  Result<bool> row = statement.value()->next_row();
  if (!row.ok()) return row.status();
  if (!row.value()) {
    return Status(StatusCode::kNotFound, "no state for feed " + std::string(feed_url));
  }
  return statement.value()->column_int64(0);
}

// Insert-or-ignore, then update: unlike one upsert, this tells a new entry
// (counted in entries_seen) from a known one.
Result<bool> SeenEntries::record_one(std::int64_t feed, const EntryMark& entry,
                                     UnixSeconds now) {
  Status inserted = connection_->run(
      "INSERT INTO seen_entries (feed_id, entry_key, content_hash, story_key, first_seen,"
      " last_seen, matched_rules) VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6) ON CONFLICT DO NOTHING",
      feed, entry.entry_key, entry.content_hash, entry.story_key, now, entry.matched_rules);
  if (!inserted.ok()) return inserted;
  if (connection_->changes() == 1) return true;
  Status updated = connection_->run(
      "UPDATE seen_entries SET content_hash = ?3, story_key = ?4, last_seen = max(last_seen, ?5),"
      " matched_rules = ?6 WHERE feed_id = ?1 AND entry_key = ?2",
      feed, entry.entry_key, entry.content_hash, entry.story_key, now, entry.matched_rules);
  if (!updated.ok()) return updated;
  return false;
}

Result<std::int64_t> SeenEntries::prune(UnixSeconds older_than) {
  Status deleted = connection_->run(
      "DELETE FROM seen_entries WHERE last_seen < ?1 AND last_seen <"
      " (SELECT coalesce(last_entries_at, 0) FROM feeds WHERE feeds.feed_id = seen_entries.feed_id)",
      older_than);
  if (!deleted.ok()) return deleted;
  return connection_->changes();
}

Result<bool> SeenEntries::story_seen_elsewhere(std::string_view story_key,
                                               std::string_view feed_url, UnixSeconds since) {
  Result<CachedStatement> statement = connection_->prepare(
      "SELECT 1 FROM seen_entries JOIN feeds USING (feed_id)"
      " WHERE story_key = ?1 AND url <> ?2 AND last_seen >= ?3 LIMIT 1");
  if (!statement.ok()) return statement.status();
  statement.value()->bind_all(story_key, feed_url, since);
  return statement.value()->next_row();
}

Status SeenEntries::merge_story(std::string_view from, std::string_view into) {
  return connection_->run("UPDATE seen_entries SET story_key = ?2 WHERE story_key = ?1", from, into);
}

}  // namespace feedwatch::state
