#include "daemon/state/story_sightings.h"

#include <bit>
#include <string>

namespace feedwatch::state {
namespace {

// SQLite integers are signed 64-bit: store the bits as they are.
std::int64_t as_stored(std::uint64_t fingerprint) { return static_cast<std::int64_t>(fingerprint); }

std::int64_t band_of(std::uint64_t fingerprint, int band) {
  return static_cast<std::int64_t>((fingerprint >> (16 * band)) & 0xFFFF);
}

SightingMatch read_match(Statement& row) {
  std::optional<std::int64_t> fingerprint = row.column_optional_int64(3);
  return {row.column_text(0), row.column_int64(1), row.column_int64(2) != 0,
          fingerprint ? std::optional(static_cast<std::uint64_t>(*fingerprint)) : std::nullopt,
          row.column_blob(4)};
}

Result<std::vector<SightingMatch>> read_matches(Statement& query) {
  std::vector<SightingMatch> matches;
  for (;;) {
    Result<bool> row = query.next_row();
    if (!row.ok()) return row.status();
    if (!row.value()) return matches;
    matches.push_back(read_match(query));
  }
}

}  // namespace

Result<std::vector<SightingMatch>> StorySightings::with_own_key(std::string_view feed_url,
                                                                std::string_view own_key) {
  Result<CachedStatement> statement = connection_->prepare(
      "SELECT s.story_key, s.story_since, f.url = ?1, s.fingerprint, s.headline_words FROM story_sightings AS s"
      " JOIN feeds AS f USING (feed_id) WHERE s.own_key = ?2");
  if (!statement.ok()) return statement.status();
  statement.value()->bind_all(feed_url, own_key);
  return read_matches(*statement.value());
}

// Each band value itself and its 16 one-bit neighbours: a fingerprint within
// 7 bits differs in at most one bit in some band (4 bands x 2 bits = 8 > 7).
constexpr int kProbesPerBand = 17;

std::string band_probe_sql() {
  std::string sql =
      "SELECT s.story_key, s.story_since, 0, s.fingerprint, s.headline_words FROM story_sightings AS s"
      " JOIN feeds AS f USING (feed_id) WHERE (";
  int parameter = 3;
  for (int band = 0; band < StorySightings::kBands; ++band) {
    sql += band == 0 ? "" : " OR ";
    sql += "s.band" + std::to_string(band) + " IN (";
    for (int probe = 0; probe < kProbesPerBand; ++probe) {
      sql += (probe == 0 ? "?" : ", ?") + std::to_string(parameter++);
    }
    sql += ")";
  }
  return sql + ") AND s.story_since >= ?2 AND f.url <> ?1";
}

// SQLite answers the OR of IN lists with one index seek per value (its
// OR-by-union plan): the cost is 68 seeks and the rows found, never the
// table's size.
Result<std::vector<SightingMatch>> StorySightings::sharing_a_band(std::string_view feed_url,
                                                                  std::uint64_t fingerprint, UnixSeconds since) {
  static const std::string sql = band_probe_sql();
  Result<CachedStatement> statement = connection_->prepare(sql);
  if (!statement.ok()) return statement.status();
  Statement& query = *statement.value();
  query.bind(1, feed_url);
  query.bind(2, since);
  int parameter = 3;
  for (int band = 0; band < kBands; ++band) {
    std::int64_t value = band_of(fingerprint, band);
    query.bind(parameter++, value);
    for (int bit = 0; bit < 16; ++bit) query.bind(parameter++, value ^ (std::int64_t{1} << bit));
  }
  return read_matches(query);
}

bool StorySightings::probe_finds(std::uint64_t stored, std::uint64_t probe) {
  for (int band = 0; band < kBands; ++band) {
    if (std::popcount(static_cast<std::uint64_t>(band_of(stored, band) ^ band_of(probe, band))) <= 1) return true;
  }
  return false;
}

Status StorySightings::record(std::string_view feed_url, std::span<const StorySighting> sightings) {
  for (const StorySighting& sighting : sightings) {
    std::optional<std::int64_t> fingerprint;
    std::optional<std::int64_t> bands[kBands];
    if (sighting.fingerprint) {
      fingerprint = as_stored(*sighting.fingerprint);
      for (int band = 0; band < kBands; ++band) bands[band] = band_of(*sighting.fingerprint, band);
    }
    Status inserted = connection_->run(
        "INSERT INTO story_sightings (feed_id, entry_key, own_key, story_key, story_since, fingerprint,"
        " band0, band1, band2, band3, headline_words) SELECT feed_id, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11"
        " FROM feeds WHERE url = ?1 ON CONFLICT DO NOTHING",
        feed_url, sighting.entry_key, sighting.own_key, sighting.story_key, sighting.story_since, fingerprint,
        bands[0], bands[1], bands[2], bands[3], Blob{sighting.fingerprint ? sighting.headline_words : ""});
    if (!inserted.ok()) return inserted;
  }
  return Status();
}

}  // namespace feedwatch::state
