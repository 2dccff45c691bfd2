#include "daemon/state/story_sightings.h"

#include <optional>
#include <string>
#include <vector>

#include "daemon/state/row_reader.h"

namespace feedwatch::state {
namespace {

void add_match(Statement& row, std::vector<SightingMatch>& matches) {
  matches.push_back({row.column_text(0), row.column_int64(1), row.column_int64(2) != 0, row.column_blob(3)});
}

std::string key_columns() {
  std::string columns;
  for (std::size_t i = 0; i < StorySightings::kIndexKeys; ++i) columns += ", key" + std::to_string(i);
  return columns;
}

// SQLite answers an OR of indexed equalities with one seek per term (its
// OR-by-union plan): the cost is 19 seeks and the rows found, never the
// table's size.
std::string key_probe_sql() {
  std::string sql =
      "SELECT s.story_key, s.story_since, 0, s.story_text FROM story_sightings AS s"
      " JOIN feeds AS f USING (feed_id) WHERE (";
  for (std::size_t i = 0; i < StorySightings::kIndexKeys; ++i) {
    sql += (i == 0 ? "" : " OR ") + std::string("s.key") + std::to_string(i) + " = ?" + std::to_string(i + 3);
  }
  return sql + ") AND s.story_since >= ?2 AND f.url <> ?1";
}

// Whether key `i` = `value` is held by more than kHotKey sightings: a
// sentence every wire story opens with gives one MinHash band the same value
// in a fixed share of all stories, so that bucket grows with the store while
// saying nothing of which story an entry is. One seek, at most kHotKey + 1
// index entries read.
std::string hot_key_sql(std::size_t i) {
  return "SELECT count(*) FROM (SELECT 1 FROM story_sightings WHERE key" + std::to_string(i) + " = ?1 LIMIT " +
         std::to_string(StorySightings::kHotKey + 1) + ")";
}

std::string insert_sql() {
  std::string sql = "INSERT INTO story_sightings (feed_id, entry_key, own_key, story_key, story_since, story_text" +
                    key_columns() + ") SELECT feed_id, ?2, ?3, ?4, ?5, ?6";
  for (std::size_t i = 0; i < StorySightings::kIndexKeys; ++i) sql += ", ?" + std::to_string(i + 7);
  return sql + " FROM feeds WHERE url = ?1 ON CONFLICT DO NOTHING";
}

// 0 is "no key": stored and bound as NULL, which equals nothing.
std::optional<std::int64_t> key_at(std::span<const std::int64_t> keys, std::size_t i) {
  if (i >= keys.size() || keys[i] == 0) return std::nullopt;
  return keys[i];
}

}  // namespace

Result<std::vector<SightingMatch>> StorySightings::with_own_key(std::string_view feed_url,
                                                                std::string_view own_key) {
  Result<CachedStatement> statement = connection_->prepare(
      "SELECT s.story_key, s.story_since, f.url = ?1, s.story_text FROM story_sightings AS s"
      " JOIN feeds AS f USING (feed_id) WHERE s.own_key = ?2");
  if (statement.ok()) statement.value()->bind_all(feed_url, own_key);
  return read_rows<SightingMatch>(statement, add_match);
}

Result<std::vector<SightingMatch>> StorySightings::sharing_a_key(std::string_view feed_url,
                                                                 std::span<const std::int64_t> keys,
                                                                 UnixSeconds since) {
  std::vector<std::optional<std::int64_t>> probes(kIndexKeys);
  for (std::size_t i = 0; i < kIndexKeys; ++i) {
    probes[i] = key_at(keys, i);
    if (!probes[i]) continue;
    Result<bool> hot = is_hot(i, *probes[i]);
    if (!hot.ok()) return hot.status();
    if (hot.value()) probes[i].reset();
  }
  static const std::string sql = key_probe_sql();
  Result<CachedStatement> statement = connection_->prepare(sql);
  if (statement.ok()) {
    Statement& query = *statement.value();
    query.bind(1, feed_url);
    query.bind(2, since);
    for (std::size_t i = 0; i < kIndexKeys; ++i) query.bind(static_cast<int>(i + 3), probes[i]);
  }
  return read_rows<SightingMatch>(statement, add_match);
}

Result<bool> StorySightings::is_hot(std::size_t key, std::int64_t value) {
  static const std::vector<std::string> sql = [] {
    std::vector<std::string> all;
    for (std::size_t i = 0; i < kIndexKeys; ++i) all.push_back(hot_key_sql(i));
    return all;
  }();
  Result<CachedStatement> statement = connection_->prepare(sql[key]);
  if (!statement.ok()) return statement.status();
  statement.value()->bind(1, value);
  Result<bool> row = statement.value()->next_row();
  if (!row.ok()) return row.status();
  return statement.value()->column_int64(0) > kHotKey;
}

Status StorySightings::merge_story(std::string_view from, std::string_view into, UnixSeconds since) {
  return connection_->run("UPDATE story_sightings SET story_key = ?2, story_since = ?3 WHERE story_key = ?1", from,
                          into, since);
}

Status StorySightings::record(std::string_view feed_url, std::span<const StorySighting> sightings) {
  static const std::string sql = insert_sql();
  for (const StorySighting& sighting : sightings) {
    Result<CachedStatement> statement = connection_->prepare(sql);
    if (!statement.ok()) return statement.status();
    Statement& insert = *statement.value();
    insert.bind_all(feed_url, sighting.entry_key, sighting.own_key, sighting.story_key, sighting.story_since,
                    Blob{sighting.text});
    for (std::size_t i = 0; i < kIndexKeys; ++i) insert.bind(static_cast<int>(i + 7), key_at(sighting.keys, i));
    Status inserted = insert.run();
    if (!inserted.ok()) return inserted;
  }
  return Status();
}

}  // namespace feedwatch::state
