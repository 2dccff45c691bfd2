// What story_bench measures, shared by the runner (story_bench.cpp) and the
// report (story_report.cpp): the options, each timed entry's figures, the
// outcomes of a size's run. Plain values.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <utility>
#include <vector>

#include "bench/story/story_database.h"
#include "daemon/state/story_sightings.h"

namespace feedwatch::bench {

// The command line (story_bench.cpp, usage there).
struct Options {
  std::vector<std::size_t> sizes{10'000, 100'000, 1'000'000};
  std::size_t entries = 2'000;
  std::size_t repetitions = 3;
  std::uint64_t seed = 1;
  unsigned copies_percent = 50;
  std::filesystem::path data_dir = FEEDWATCH_BENCH_DATA;
  std::size_t show = 0;  // print this many stories with a copy each, and stop
  bool by_key = false;    // also count the candidates each index key finds on its own
  std::size_t misses = 0;  // print this many copies per size that were not joined, and why
  bool plain = false;      // only the pipeline's steps, no second lookup to count and time candidates (for perf)
  std::size_t capped = 0;  // time the proposed lookup instead, ignoring buckets above this size (capped_lookup.h)
  std::size_t page_cache_mib = 0;  // SQLite's page cache per store; 0: the daemon's default (StoreOptions)
};

// One timed entry.
struct Timing {
  double total_us = 0, text_us = 0, resolve_us = 0, compare_us = 0;  // thread CPU time
  double wall_us = 0;
  std::size_t candidates = 0;
  std::size_t titles_alike = 0;  // candidates whose title is alike and no name differs
  // With --by-key: what each key finds alone, and two ways to narrow the
  // candidates: those sharing two keys or more, those found by a key whose
  // bucket holds at most kSmallBucket sightings.
  std::array<std::size_t, state::StorySightings::kIndexKeys> by_key{};
  std::size_t sharing_two = 0, in_small_buckets = 0;
  int original_keys = -1;          // a copy: how many keys its original shares with it
  bool original_in_small = false;  // a copy: its original is found through a small bucket
};

// --by-key: a bucket of at most this many sightings counts as small.
constexpr std::size_t kSmallBucket = 64;

// How a size's entries were resolved, against what the corpus knows they are.
struct Outcomes {
  std::size_t copies = 0, copies_joined = 0, copies_joined_wrongly = 0;
  std::size_t new_stories = 0, new_joined = 0;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> missed;  // (stored, variant) of copies not joined
};

// One size: its database and every timed entry.
struct SizeRun {
  std::size_t count = 0;
  StoryDatabase database;
  std::uintmax_t database_bytes = 0;
  std::vector<Timing> timings;
  Outcomes outcomes;
};

}  // namespace feedwatch::bench
