// StoryDatabase: a real feedwatch state database holding the first N stories
// of a StoryCorpus as the daemon stores them — seen marks and story sightings
// with their encoded story text and 19 index keys, written by
// StateStore::write_fetch_result, one feed body (25 entries) per call — all
// first seen inside one dedupe window ending at kNow. Filling takes minutes
// at a million stories, so the file is kept under a data folder, named by N,
// the seed and a fingerprint of what the daemon would write (schema, story
// text encoding and keys of sample stories): a change to either builds a new
// one. Single-threaded.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

#include "bench/story/story_corpus.h"
#include "daemon/state/unix_time.h"
#include "feed/feed.h"

namespace feedwatch::bench {

inline constexpr state::UnixSeconds kNow = 1'800'000'000;
inline constexpr state::UnixSeconds kWindowSeconds = 72 * 3600;

// A story as the parser would hand it over (id = link).
feed::Entry entry_of(const Story& story);

// The feed that stored story `index` of `count` came from.
std::string stored_feed_url(std::size_t index, std::size_t count);

struct StoryDatabase {
  std::filesystem::path path;
  bool built = false;          // filled by this call, not found in the data folder
  double fill_seconds = 0;     // when built: generating, writing and indexing
  long fill_peak_rss_kib = 0;  // when built: of the process that filled it
};

// The database of the first `count` stories of `corpus` in `folder`, built
// there (in a child process, so its memory does not count against the
// caller's peak) unless a complete one with the same fingerprint exists.
// Throws std::runtime_error when the store cannot be written.
StoryDatabase story_database(const StoryCorpus& corpus, std::size_t count, const std::filesystem::path& folder);

}  // namespace feedwatch::bench
