// StorySightings: for each seen entry, the story it was resolved to (SPEC §6
// "one alert per story") — its own key (canonical link, else id), the story's
// key and first sighting time, and its text fingerprint — indexed so a new
// entry finds its story without scanning. Borrows the store's Connection.
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

// One new entry's resolution, as committed with its seen mark.
struct StorySighting {
  std::string entry_key;
  std::string own_key;    // the entry's canonical link, else its id
  std::string story_key;  // the story it belongs to (its first sighting's key)
  UnixSeconds story_since = 0;  // when that story was first seen: dedupe.window counts from here
  std::optional<std::uint64_t> fingerprint;  // title+summary SimHash; none for short texts
  // The headline's story words that verify a fingerprint match (opaque
  // bytes of pipeline/headline_words.h); "" when there is no fingerprint.
  std::string headline_words;
};

// A stored sighting that a new entry may belong to.
struct SightingMatch {
  std::string story_key;
  UnixSeconds story_since = 0;
  bool same_feed = false;
  std::optional<std::uint64_t> fingerprint;
  std::string headline_words;
};

class StorySightings {
 public:
  // Fingerprints are split into this many bands of 16 bits, each indexed.
  // sharing_a_band finds every fingerprint within kGuaranteedDistance bits.
  static constexpr int kBands = 4;
  static constexpr int kGuaranteedDistance = 7;

  explicit StorySightings(Connection& connection) : connection_(&connection) {}

  // Every sighting whose own key is `own_key`, in any feed.
  Result<std::vector<SightingMatch>> with_own_key(std::string_view feed_url, std::string_view own_key);

  // Sightings in feeds other than `feed_url`, of stories first seen at or
  // after `since`, whose fingerprint equals `fingerprint` in some band but
  // for at most one bit: a superset of those within kGuaranteedDistance
  // bits; the caller measures the distance.
  Result<std::vector<SightingMatch>> sharing_a_band(std::string_view feed_url, std::uint64_t fingerprint,
                                                    UnixSeconds since);

  // Whether sharing_a_band finds `stored` for `probe`: some band equal but
  // for at most one bit. Always true within kGuaranteedDistance bits.
  static bool probe_finds(std::uint64_t stored, std::uint64_t probe);

  // Stores the sightings of a committed body (insert-or-ignore: an entry is
  // resolved once, when first seen). REQUIRES: inside the caller's
  // transaction; the entries' seen marks are recorded (a sighting is deleted
  // with its mark, so pruning bounds both).
  Status record(std::string_view feed_url, std::span<const StorySighting> sightings);

 private:
  Connection* connection_;
};

}  // namespace feedwatch::state
