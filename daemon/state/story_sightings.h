// StorySightings: for each seen entry, the story it was resolved to (SPEC §6
// "one alert per story"): its own key (canonical link, else id), the story's
// key and first sighting time, and its text as story identity compares it,
// with that text's index keys, so a new entry finds the stories it may
// belong to by a few index seeks, never by a scan. The text is opaque here
// (pipeline/story_text.h writes and reads it). Borrows the store's Connection.
#pragma once

#include <cstdint>
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
  std::string text;                // encoded story text; "" when the entry has none to compare
  std::vector<std::int64_t> keys;  // kIndexKeys index keys (0: none), or empty
};

// A stored sighting that a new entry may belong to.
struct SightingMatch {
  std::string story_key;
  UnixSeconds story_since = 0;
  bool same_feed = false;
  std::string text;  // as recorded; "" when none
};

class StorySightings {
 public:
  // How many index keys a text has (pipeline::kStoryIndexKeys); each is a
  // column with its own index, and key i is only compared with key i.
  static constexpr std::size_t kIndexKeys = 19;
  // A key value held by more sightings than this is not probed (is_hot).
  static constexpr std::int64_t kHotKey = 64;

  explicit StorySightings(Connection& connection) : connection_(&connection) {}

  // Every sighting whose own key is `own_key`, in any feed.
  Result<std::vector<SightingMatch>> with_own_key(std::string_view feed_url, std::string_view own_key);

  // Sightings in feeds other than `feed_url`, of stories first seen at or
  // after `since`, that share at least one index key with `keys` (same
  // position, not 0), leaving out keys held by more than kHotKey sightings:
  // at most 19 x kHotKey rows, whatever the store's size.
  // REQUIRES: keys.size() == kIndexKeys.
  Result<std::vector<SightingMatch>> sharing_a_key(std::string_view feed_url, std::span<const std::int64_t> keys,
                                                   UnixSeconds since);

  // Stores the sightings of a committed body (insert-or-ignore: an entry is
  // resolved once, when first seen). REQUIRES: inside the caller's
  // transaction; the entries' seen marks are recorded (a sighting is deleted
  // with its mark, so pruning bounds both).
  Status record(std::string_view feed_url, std::span<const StorySighting> sightings);
  // Story `from` is story `into`, first seen at `since`: its sightings say so.
  Status merge_story(std::string_view from, std::string_view into, UnixSeconds since);

 private:
  Result<bool> is_hot(std::size_t key, std::int64_t value);

  Connection* connection_;
};

}  // namespace feedwatch::state
