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
//                    [--capped LIMIT]
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
#include "daemon/pipeline/classify.h"
#include "daemon/pipeline/story.h"
#include "daemon/pipeline/story_text.h"
#include "daemon/state/state_store.h"
#include "daemon/state/transaction.h"

namespace {

using namespace feedwatch;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

constexpr std::size_t kBodyEntries = 20;  // timed entries per transaction, as in one fetched body
constexpr std::uint64_t kNewStories = 1'000'000'000'000ULL;  // story indexes never stored

struct Options {
  std::vector<std::size_t> sizes{10'000, 100'000, 1'000'000};
  std::size_t entries = 2'000;
  std::size_t repetitions = 3;
  std::uint64_t seed = 1;
  unsigned copies_percent = 50;
  fs::path data_dir = FEEDWATCH_BENCH_DATA;
  std::size_t show = 0;  // print this many stories with a copy each, and stop
  bool by_key = false;    // also count the candidates each index key finds on its own
  std::size_t misses = 0;  // print this many copies per size that were not joined, and why
  bool plain = false;      // only the pipeline's steps, no second lookup to count and time candidates (for perf)
  std::size_t capped = 0;  // time the proposed lookup instead, ignoring buckets above this size (capped_lookup.h)
};

[[noreturn]] void usage() {
  std::fprintf(stderr,
               "usage: story_bench [--quick] [--sizes N,N,...] [--entries M] [--repetitions R] [--seed S]"
               " [--copies PERCENT] [--data-dir DIR] [--show K] [--by-key] [--misses K] [--plain] [--capped LIMIT]\n");
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

constexpr std::size_t kSmallBucket = 64;

struct Outcomes {
  std::size_t copies = 0, copies_joined = 0, copies_joined_wrongly = 0;
  std::size_t new_stories = 0, new_joined = 0;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> missed;  // (stored, variant) of copies not joined
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

struct SizeRun {
  std::size_t count = 0;
  bench::StoryDatabase database;
  std::uintmax_t database_bytes = 0;
  std::vector<Timing> timings;
  Outcomes outcomes;
};

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

state::StateStore open_store(const fs::path& path) {
  auto store = state::StateStore::open(path);  // the daemon's settings (StoreOptions defaults)
  if (!store.ok()) throw std::runtime_error(store.status().message());
  return std::move(store).value();
}

// To look at the data: stories and one edited copy of each.
void show_stories(const bench::StoryCorpus& corpus, std::size_t count) {
  for (std::uint64_t i = 0; i < count; ++i) {
    for (const bench::Story& story : {corpus.story(i), corpus.edited_copy(i, i)}) {
      std::printf("%s\n  %s\n  %s\n  [%zu bytes of content]\n", story.title.c_str(), story.link.c_str(),
                  story.summary.c_str(), story.content.size());
    }
    std::printf("\n");
  }
}

// --- report --------------------------------------------------------------

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  auto rank = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(rank, values.size() - 1)];
}

template <typename Field>
std::vector<double> column(const SizeRun& run, Field field) {
  std::vector<double> values;
  for (const Timing& timing : run.timings) values.push_back(static_cast<double>(timing.*field));
  return values;
}

double mean(const std::vector<double>& values) {
  return values.empty() ? 0 : std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

struct Summary {
  double p50 = 0, p99 = 0, wall_p50 = 0, wall_p99 = 0, text_p50 = 0, resolve_p50 = 0, resolve_p99 = 0, compare_mean = 0;
  double candidates_mean = 0, candidates_p99 = 0, candidates_max = 0, entries_per_second = 0;
};

Summary summary_of(const SizeRun& run) {
  std::vector<double> total = column(run, &Timing::total_us), resolve = column(run, &Timing::resolve_us);
  std::vector<double> candidates = column(run, &Timing::candidates);
  Summary summary;
  summary.p50 = percentile(total, 0.50);
  summary.p99 = percentile(total, 0.99);
  std::vector<double> wall = column(run, &Timing::wall_us);
  summary.wall_p50 = percentile(wall, 0.50);
  summary.wall_p99 = percentile(wall, 0.99);
  summary.text_p50 = percentile(column(run, &Timing::text_us), 0.50);
  summary.resolve_p50 = percentile(resolve, 0.50);
  summary.resolve_p99 = percentile(resolve, 0.99);
  summary.compare_mean = mean(column(run, &Timing::compare_us));
  summary.candidates_mean = mean(candidates);
  summary.candidates_p99 = percentile(candidates, 0.99);
  summary.candidates_max = candidates.empty() ? 0 : *std::max_element(candidates.begin(), candidates.end());
  summary.entries_per_second = 1e6 / mean(total);
  return summary;
}

void print_header(const Options& options) {
  std::printf("story_bench: %zu new entries x %zu passes per size (%u%% edited copies of stored stories, "
              "the rest new), seed %llu; us per entry, thread CPU time (wall time in wall_p50, wall_p99)\n",
              options.entries, options.repetitions, options.copies_percent,
              static_cast<unsigned long long>(options.seed));
  if (options.capped > 0) {
    std::printf("lookup: the PROPOSED one (capped_lookup.h), keys whose bucket holds more than %zu sightings ignored;"
                " resolve* = that lookup and the comparison, cmp_mean not measured\n",
                options.capped);
  }
  std::printf("%9s %8s %7s %8s %8s %8s %8s %8s %9s %9s %8s %7s %7s %7s %9s %12s %9s\n", "stories", "db_MiB",
              "fill_s", "p50", "p99", "wall_p50", "wall_p99", "text_p50", "resolve50", "resolve99", "cmp_mean", "cand/e", "cand99", "candmax",
              "entries/s", "copies_join", "new_join");
}

void print_row(const SizeRun& run, const Summary& s) {
  const Outcomes& o = run.outcomes;
  std::string copies = std::to_string(o.copies_joined) + "/" + std::to_string(o.copies) +
                       (o.copies_joined_wrongly ? " (" + std::to_string(o.copies_joined_wrongly) + " wrong)" : "");
  std::string news = std::to_string(o.new_joined) + "/" + std::to_string(o.new_stories);
  std::printf("%9zu %8.1f %7.1f %8.1f %8.1f %8.1f %8.1f %8.1f %9.1f %9.1f %8.1f %7.2f %7.0f %7.0f %9.0f %12s %9s\n",
              run.count, static_cast<double>(run.database_bytes) / 1048576.0, run.database.fill_seconds, s.p50,
              s.p99, s.wall_p50, s.wall_p99, s.text_p50, s.resolve_p50, s.resolve_p99, s.compare_mean, s.candidates_mean, s.candidates_p99,
              s.candidates_max, s.entries_per_second, copies.c_str(), news.c_str());
}

void print_ratios(const std::vector<SizeRun>& runs, const std::vector<Summary>& summaries) {
  if (runs.size() < 2) return;
  const Summary &small = summaries.front(), &large = summaries.back();
  std::printf("baseline %zu stories: p50 %.1f us, p99 %.1f us (wall %.1f / %.1f), %.0f entries/s\n",
              runs.front().count, small.p50, small.p99, small.wall_p50, small.wall_p99, small.entries_per_second);
  std::printf("ratio %zu vs %zu stories: p50 %.2fx, p99 %.2fx (wall %.2fx, %.2fx), resolve p50 %.2fx, "
              "resolve p99 %.2fx, entries/s %.2fx\n",
              runs.back().count, runs.front().count, large.p50 / small.p50, large.p99 / small.p99,
              large.wall_p50 / small.wall_p50, large.wall_p99 / small.wall_p99, large.resolve_p50 / small.resolve_p50,
              large.resolve_p99 / small.resolve_p99, large.entries_per_second / small.entries_per_second);
}

void print_narrowed(const SizeRun& run) {
  double all = 0, two = 0, small = 0, alike = 0;
  std::size_t copies = 0, found = 0, found_two = 0, found_small = 0;
  for (const Timing& timing : run.timings) {
    all += static_cast<double>(timing.candidates);
    alike += static_cast<double>(timing.titles_alike);
    two += static_cast<double>(timing.sharing_two);
    small += static_cast<double>(timing.in_small_buckets);
    if (timing.original_keys < 0) continue;
    ++copies;
    found += timing.original_keys >= 1;
    found_two += timing.original_keys >= 2;
    found_small += timing.original_in_small;
  }
  double n = static_cast<double>(run.timings.size());
  std::printf("%9zu candidates/entry: any key %.2f (titles alike %.2f), two keys or more %.2f, keys with <= %zu"
              " sightings %.2f; copies whose original is found: %zu, %zu, %zu of %zu\n",
              run.count, all / n, alike / n, two / n, kSmallBucket, small / n, found, found_two, found_small, copies);
}

void print_by_key(const std::vector<SizeRun>& runs) {
  std::printf("candidates per entry found by each key alone (0 title, 1 opening, 2 lead, 3-18 bands):\n");
  for (const SizeRun& run : runs) {
    std::printf("%9zu", run.count);
    for (std::size_t i = 0; i < state::StorySightings::kIndexKeys; ++i) {
      double sum = 0;
      for (const Timing& timing : run.timings) sum += static_cast<double>(timing.by_key[i]);
      std::printf(" %5.2f", sum / static_cast<double>(run.timings.size()));
    }
    std::printf("\n");
  }
  for (const SizeRun& run : runs) print_narrowed(run);
}

pipeline::StoryText text_of(const bench::Story& story) {
  return pipeline::story_text_of(story.title, story.summary, story.content);
}

// Why some copies were not joined: the two texts and their comparison.
void print_misses(const bench::StoryCorpus& corpus, const SizeRun& run, std::size_t limit) {
  for (std::size_t i = 0; i < std::min(limit, run.outcomes.missed.size()); ++i) {
    auto [stored, variant] = run.outcomes.missed[i];
    bench::Story original = corpus.story(stored), copy = corpus.edited_copy(stored, variant);
    pipeline::TextComparison c = pipeline::compare_story_texts(text_of(copy), text_of(original));
    std::printf("missed copy (%zu stories): title %.2f alike %d names_differ %d, body %.2f agree %d\n"
                "  stored: %s | %.120s | %zu bytes of content\n  copy:   %s | %.120s | %zu bytes of content\n",
                run.count, c.title_similarity, c.titles_alike, c.names_differ, c.body_similarity, c.bodies_agree,
                original.title.c_str(), original.summary.c_str(), original.content.size(), copy.title.c_str(),
                copy.summary.c_str(), copy.content.size());
  }
}

long peak_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

std::uintmax_t database_bytes(const fs::path& path) {
  std::uintmax_t bytes = fs::file_size(path);
  fs::path wal = path.string() + "-wal";
  return bytes + (fs::exists(wal) ? fs::file_size(wal) : 0);
}

void report(const Options& options, const bench::StoryCorpus& corpus, const std::vector<SizeRun>& runs) {
  print_header(options);
  std::vector<Summary> summaries;
  long fill_rss = 0;
  for (const SizeRun& run : runs) {
    summaries.push_back(summary_of(run));
    print_row(run, summaries.back());
    fill_rss = std::max(fill_rss, run.database.fill_peak_rss_kib);
  }
  print_ratios(runs, summaries);
  if (options.by_key) print_by_key(runs);
  for (const SizeRun& run : runs) print_misses(corpus, run, options.misses);
  std::printf("peak RSS of the timed runs (every size's store open): %.1f MiB", peak_rss_kib() / 1024.0);
  if (fill_rss > 0) std::printf("; of the largest fill (child process): %.1f MiB", fill_rss / 1024.0);
  std::printf("\n");
}

}  // namespace

int main(int argc, char** argv) {
  Options options = parse_options(argc, argv);
  bench::StoryCorpus corpus(options.seed);
  if (options.show > 0) return show_stories(corpus, options.show), 0;
  try {
    std::vector<SizeRun> runs;
    for (std::size_t count : options.sizes) {
      runs.push_back({count, bench::story_database(corpus, count, options.data_dir), 0, {}, {}});
      runs.back().database_bytes = database_bytes(runs.back().database.path);
    }
    std::vector<state::StateStore> stores;
    for (const SizeRun& run : runs) stores.push_back(open_store(run.database.path));
    for (std::size_t pass = 0; pass < options.repetitions; ++pass) {  // the sizes take turns
      for (std::size_t i = 0; i < runs.size(); ++i) run_pass(stores[i], corpus, pass, options, runs[i]);
    }
    report(options, corpus, runs);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "story_bench: %s\n", error.what());
    return 1;
  }
  return 0;
}
