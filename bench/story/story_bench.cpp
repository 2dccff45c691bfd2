// story_bench: the cost of resolving one new entry's story (SPEC §6 "one
// alert per story") as the dedupe window fills: for state databases holding
// N = 10,000, 100,000 and 1,000,000 stories (story_database.h, the daemon's
// schema and write path), each timed entry goes through what the pipeline
// does inside its commit transaction — story_text_of and story_index_keys
// (pipeline/story_text.h), then resolve_story (pipeline/story.h): the
// own-key lookup, the indexed candidate lookup StorySightings::sharing_a_key
// and the comparison of every candidate. Half the entries are edited copies
// of stored stories from other feeds, half new stories. The baseline is the
// smallest size in the same run: flat cost means the ratio stays near 1.
// Usage: story_bench [--quick] [--sizes N,N,...] [--entries M] [--repetitions R]
//                    [--seed S] [--copies PERCENT] [--data-dir DIR] [--show K] [--by-key] [--misses K] [--plain]
//                    [--capped LIMIT] [--page-cache-mib MIB]
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <numeric>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench/story/capped_lookup.h"
#include "bench/story/story_corpus.h"
#include "bench/story/story_database.h"
#include "bench/story/story_report.h"
#include "bench/story/story_run.h"
#include "daemon/pipeline/classify.h"
#include "daemon/pipeline/story.h"
#include "daemon/pipeline/story_text.h"
#include "daemon/state/state_store.h"
#include "daemon/state/transaction.h"

namespace {

using namespace feedwatch;
using bench::Options;
using bench::Outcomes;
using bench::SizeRun;
using bench::Timing;
using bench::kSmallBucket;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

constexpr std::size_t kBodyEntries = 20;  // timed entries per transaction, as in one fetched body
constexpr std::uint64_t kNewStories = 1'000'000'000'000ULL;  // story indexes never stored

[[noreturn]] void usage() {
  std::fprintf(stderr,
               "usage: story_bench [--quick] [--sizes N,N,...] [--entries M] [--repetitions R] [--seed S]"
               " [--copies PERCENT] [--data-dir DIR] [--show K] [--by-key] [--misses K] [--plain] [--capped LIMIT]"
               " [--page-cache-mib MIB]\n");
  std::exit(2);
}

std::vector<std::size_t> parse_sizes(const std::string& list) {
  std::vector<std::size_t> sizes;
  for (std::size_t at = 0; at < list.size();) {
    std::size_t end = std::min(list.find(',', at), list.size());
    sizes.push_back(std::stoull(list.substr(at, end - at)));
    at = end + 1;
  }
  if (sizes.empty()) usage();
  return sizes;
}

Options parse_options(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    auto value = [&]() -> std::string { return i + 1 < argc ? argv[++i] : (usage(), ""); };
    if (flag == "--quick") options.sizes = {1'000, 5'000}, options.entries = 200, options.repetitions = 1;
    else if (flag == "--sizes") options.sizes = parse_sizes(value());
    else if (flag == "--entries") options.entries = std::stoull(value());
    else if (flag == "--repetitions") options.repetitions = std::stoull(value());
    else if (flag == "--seed") options.seed = std::stoull(value());
    else if (flag == "--copies") options.copies_percent = static_cast<unsigned>(std::stoul(value()));
    else if (flag == "--data-dir") options.data_dir = value();
    else if (flag == "--show") options.show = std::stoull(value());
    else if (flag == "--by-key") options.by_key = true;
    else if (flag == "--misses") options.misses = std::stoull(value());
    else if (flag == "--plain") options.plain = true;
    else if (flag == "--capped") options.capped = std::stoull(value());
    else if (flag == "--page-cache-mib") options.page_cache_mib = std::stoull(value());
    else usage();
  }
  if (options.entries == 0 || options.repetitions == 0 || options.copies_percent > 100) usage();
  return options;
}

// --- one timed entry -------------------------------------------------------

struct Incoming {
  feed::Entry entry;
  std::string feed_url;
  std::string copy_of;  // the stored story's key, for a copy; "" for a new story
  std::uint64_t stored = 0, variant = 0;  // for a copy: edited_copy(stored, variant)
};

double microseconds(Clock::duration duration) { return std::chrono::duration<double, std::micro>(duration).count(); }

// This thread's CPU time (user + system, so reads served by the kernel's
// page cache count): other work on a shared machine distorts it less than
// wall time, which also counts the time the thread was not running.
double thread_cpu_us() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e6 + static_cast<double>(now.tv_nsec) / 1e3;
}

std::uint64_t mixed(std::uint64_t value) {
  value = (value ^ (value >> 30)) * 0xbf58476d1ce4e5b9ULL;
  value = (value ^ (value >> 27)) * 0x94d049bb133111ebULL;
  return value ^ (value >> 31);
}

// Entry `j` of pass `pass`: a copy of a stored story (any of the `count`), or
// a story no database holds. Copies come from feeds that stored nothing.
Incoming incoming(const bench::StoryCorpus& corpus, std::size_t count, std::size_t pass, std::size_t j,
                  const Options& options) {
  std::uint64_t variant = pass * options.entries + j;
  Incoming in{{}, "https://incoming" + std::to_string((j / kBodyEntries) % 50) + ".example/rss", ""};
  if (mixed(variant ^ options.seed) % 100 < options.copies_percent) {
    std::uint64_t stored = mixed(variant + 0x5eed) % count;
    in.entry = bench::entry_of(corpus.edited_copy(stored, variant));
    in.copy_of = pipeline::story_key_of(bench::entry_of(corpus.story(stored)));
    in.stored = stored, in.variant = variant;
  } else {
    in.entry = bench::entry_of(corpus.story(kNewStories + variant));
  }
  return in;
}

// What resolve_story compared, again, untimed in the total: how many
// candidates the index offered and what comparing them costs.
void time_comparison(state::StateStore& store, const Incoming& in, const pipeline::StoryText& text,
                     const std::vector<std::int64_t>& keys, Timing& timing) {
  if (keys.empty()) return;
  auto candidates = store.sightings().sharing_a_key(in.feed_url, keys, bench::kNow - bench::kWindowSeconds);
  if (!candidates.ok()) throw std::runtime_error(candidates.status().message());
  timing.candidates = candidates.value().size();
  double start = thread_cpu_us();
  for (const state::SightingMatch& candidate : candidates.value()) {
    auto stored = pipeline::decode_story_text(candidate.text);
    if (!stored) continue;
    pipeline::TextComparison compared = pipeline::compare_story_texts(text, *stored);
    timing.titles_alike += compared.titles_alike && !compared.names_differ;
  }
  timing.compare_us = thread_cpu_us() - start;
}

// Diagnostics: what each key position finds alone (title, opening, lead, bands).
void count_by_key(state::StateStore& store, const Incoming& in, const std::vector<std::int64_t>& keys,
                  Timing& timing) {
  if (keys.empty()) return;
  std::map<std::string, int> shared;
  std::set<std::string> small;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    std::vector<std::int64_t> one(keys.size(), 0);
    one[i] = keys[i];
    auto found = store.sightings().sharing_a_key(in.feed_url, one, bench::kNow - bench::kWindowSeconds);
    if (!found.ok()) continue;
    timing.by_key[i] = found.value().size();
    for (const state::SightingMatch& match : found.value()) {
      ++shared[match.story_key];
      if (found.value().size() <= kSmallBucket) small.insert(match.story_key);
    }
  }
  timing.sharing_two = static_cast<std::size_t>(
      std::count_if(shared.begin(), shared.end(), [](const auto& entry) { return entry.second >= 2; }));
  timing.in_small_buckets = small.size();
  if (!in.copy_of.empty()) {
    timing.original_keys = shared.contains(in.copy_of) ? shared[in.copy_of] : 0;
    timing.original_in_small = small.contains(in.copy_of);
  }
}

void count_outcome(const Incoming& in, const pipeline::ResolvedStory& story, Outcomes& outcomes) {
  if (in.copy_of.empty()) {
    ++outcomes.new_stories;
    outcomes.new_joined += story.joined;
    return;
  }
  ++outcomes.copies;
  if (!story.joined) outcomes.missed.emplace_back(in.stored, in.variant);
  if (story.joined) (story.story_key == in.copy_of ? outcomes.copies_joined : outcomes.copies_joined_wrongly)++;
}

// The pipeline's steps for one new entry that fired a rule (feed_processor.cpp).
// With --capped: the proposed lookup in place of resolve_story, timed the same
// way (a run of its own, so neither lookup warms the caches for the other).
Timing resolve_capped(state::StateStore& store, const Incoming& in, const std::string& own_key,
                      const pipeline::StoryText& text, const std::vector<std::int64_t>& keys, std::size_t limit,
                      double start, double texted, Outcomes& outcomes) {
  auto wall_start = Clock::now();
  bench::CappedResolution resolution = bench::capped_resolution(store, in.feed_url, own_key, text, keys,
                                                                bench::kNow - bench::kWindowSeconds, limit);
  double resolved = thread_cpu_us();
  Timing timing;
  timing.wall_us = microseconds(Clock::now() - wall_start) + (texted - start);
  timing.text_us = texted - start;
  timing.resolve_us = resolved - texted;
  timing.total_us = resolved - start;
  timing.candidates = resolution.candidates;
  pipeline::ResolvedStory story;
  story.joined = resolution.story_key.has_value();
  story.story_key = resolution.story_key.value_or("");
  count_outcome(in, story, outcomes);
  return timing;
}

Timing resolve_one(state::StateStore& store, const Incoming& in, const Options& options, Outcomes& outcomes) {
  const pipeline::StoryPolicy policy{true, bench::kWindowSeconds, 0};
  std::string own_key = pipeline::scoped_own_key(policy, in.feed_url, pipeline::story_key_of(in.entry));
  Timing timing;
  auto wall_start = Clock::now();
  double start = thread_cpu_us();
  pipeline::StoryText text = pipeline::story_text_of(*in.entry.title, in.entry.summary.value_or(""),
                                                     in.entry.content.value_or(""));
  std::vector<std::int64_t> keys = pipeline::story_index_keys(text);
  double texted = thread_cpu_us();
  if (options.capped > 0) return resolve_capped(store, in, own_key, text, keys, options.capped, start, texted, outcomes);
  auto story = pipeline::resolve_story(store.sightings(), policy, in.feed_url, own_key, &text, keys, bench::kNow);
  double resolved = thread_cpu_us();
  timing.wall_us = microseconds(Clock::now() - wall_start);
  if (!story.ok()) throw std::runtime_error(story.status().message());
  timing.text_us = texted - start;
  timing.resolve_us = resolved - texted;
  timing.total_us = resolved - start;
  count_outcome(in, story.value(), outcomes);
  if (!options.plain) time_comparison(store, in, text, keys, timing);
  if (options.by_key) count_by_key(store, in, keys, timing);
  return timing;
}

// --- one size ------------------------------------------------------------

// One pass of the timed entries, in transactions of one body each, rolled
// back (BEGIN IMMEDIATE as the pipeline takes it; nothing is written).
void run_pass(state::StateStore& store, const bench::StoryCorpus& corpus, std::size_t pass, const Options& options,
              SizeRun& run) {
  for (std::size_t first = 0; first < options.entries; first += kBodyEntries) {
    std::vector<Incoming> body;
    for (std::size_t j = first; j < std::min(first + kBodyEntries, options.entries); ++j) {
      body.push_back(incoming(corpus, run.count, pass, j, options));
    }
    auto transaction = state::Transaction::begin(store.connection());
    if (!transaction.ok()) throw std::runtime_error(transaction.status().message());
    for (const Incoming& in : body) run.timings.push_back(resolve_one(store, in, options, run.outcomes));
  }
}

// The daemon's settings (StoreOptions defaults) unless --page-cache-mib says otherwise.
state::StateStore open_store(const fs::path& path, const Options& options) {
  state::StoreOptions settings;
  if (options.page_cache_mib > 0) settings.page_cache_kibibytes = static_cast<int>(options.page_cache_mib * 1024);
  auto store = state::StateStore::open(path, settings);
  if (!store.ok()) throw std::runtime_error(store.status().message());
  return std::move(store).value();
}

std::uintmax_t database_bytes(const fs::path& path) {
  std::uintmax_t bytes = fs::file_size(path);
  fs::path wal = path.string() + "-wal";
  return bytes + (fs::exists(wal) ? fs::file_size(wal) : 0);
}

}  // namespace

int main(int argc, char** argv) {
  Options options = parse_options(argc, argv);
  bench::StoryCorpus corpus(options.seed);
  if (options.show > 0) return bench::show_stories(corpus, options.show), 0;
  try {
    std::vector<SizeRun> runs;
    for (std::size_t count : options.sizes) {
      runs.push_back({count, bench::story_database(corpus, count, options.data_dir), 0, {}, {}});
      runs.back().database_bytes = database_bytes(runs.back().database.path);
    }
    std::vector<state::StateStore> stores;
    for (const SizeRun& run : runs) stores.push_back(open_store(run.database.path, options));
    for (std::size_t pass = 0; pass < options.repetitions; ++pass) {  // the sizes take turns
      for (std::size_t i = 0; i < runs.size(); ++i) run_pass(stores[i], corpus, pass, options, runs[i]);
    }
    bench::report(options, corpus, runs);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "story_bench: %s\n", error.what());
    return 1;
  }
  return 0;
}
