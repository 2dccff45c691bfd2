#include "bench/story/capped_lookup.h"

#include <set>
#include <stdexcept>
#include <vector>

namespace feedwatch::bench {
namespace {

// The sightings under key `position` = `value`, or none when there are more
// than `limit` (an index-only read of at most limit + 1 entries).
std::vector<std::int64_t> bucket(state::Connection& connection, std::size_t position, std::int64_t value,
                                 std::size_t limit) {
  std::string sql = "SELECT rowid FROM story_sightings WHERE key" + std::to_string(position) + " = ?1 LIMIT ?2";
  auto statement = connection.prepare(sql);
  if (!statement.ok()) throw std::runtime_error(statement.status().message());
  statement.value()->bind_all(value, static_cast<std::int64_t>(limit + 1));
  std::vector<std::int64_t> rows;
  while (statement.value()->next_row().value()) rows.push_back(statement.value()->column_int64(0));
  if (rows.size() > limit) rows.clear();
  return rows;
}

struct Candidate {
  std::string story_key;
  state::UnixSeconds story_since = 0;
  std::string text;
};

// The row, when it is from another feed and inside the window.
std::optional<Candidate> candidate_at(state::Connection& connection, std::int64_t row, std::string_view feed_url,
                                      state::UnixSeconds since) {
  auto statement = connection.prepare(
      "SELECT s.story_key, s.story_since, s.story_text FROM story_sightings AS s JOIN feeds AS f USING (feed_id)"
      " WHERE s.rowid = ?1 AND s.story_since >= ?2 AND f.url <> ?3");
  if (!statement.ok()) throw std::runtime_error(statement.status().message());
  statement.value()->bind_all(row, since, feed_url);
  if (!statement.value()->next_row().value()) return std::nullopt;
  return Candidate{statement.value()->column_text(0), statement.value()->column_int64(1),
                   statement.value()->column_blob(2)};
}

}  // namespace

CappedResolution capped_resolution(state::StateStore& store, std::string_view feed_url, std::string_view own_key,
                                   const pipeline::StoryText& text, std::span<const std::int64_t> keys,
                                   state::UnixSeconds since, std::size_t bucket_limit) {
  CappedResolution resolution;
  auto same_key = store.sightings().with_own_key(feed_url, own_key);  // as resolve_story asks first
  if (!same_key.ok()) throw std::runtime_error(same_key.status().message());
  std::set<std::int64_t> rows;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (keys[i] == 0) continue;
    for (std::int64_t row : bucket(store.connection(), i, keys[i], bucket_limit)) rows.insert(row);
  }
  double best = -1;
  for (std::int64_t row : rows) {
    std::optional<Candidate> candidate = candidate_at(store.connection(), row, feed_url, since);
    if (!candidate) continue;
    ++resolution.candidates;
    std::optional<pipeline::StoryText> stored = pipeline::decode_story_text(candidate->text);
    if (!stored) continue;
    pipeline::TextComparison compared = pipeline::compare_story_texts(text, *stored);
    if (compared.same_story() && compared.body_similarity > best) {
      best = compared.body_similarity;
      resolution.story_key = candidate->story_key;
    }
  }
  return resolution;
}

}  // namespace feedwatch::bench
