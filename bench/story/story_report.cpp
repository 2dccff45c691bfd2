#include "bench/story/story_report.h"

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <string>

#include "daemon/pipeline/story_text.h"

namespace feedwatch::bench {
namespace {

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

pipeline::StoryText text_of(const Story& story) {
  return pipeline::story_text_of(story.title, story.summary, story.content);
}

// Why some copies were not joined: the two texts and their comparison.
void print_misses(const StoryCorpus& corpus, const SizeRun& run, std::size_t limit) {
  for (std::size_t i = 0; i < std::min(limit, run.outcomes.missed.size()); ++i) {
    auto [stored, variant] = run.outcomes.missed[i];
    Story original = corpus.story(stored), copy = corpus.edited_copy(stored, variant);
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

}  // namespace

void report(const Options& options, const StoryCorpus& corpus, const std::vector<SizeRun>& runs) {
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

void show_stories(const StoryCorpus& corpus, std::size_t count) {
  for (std::uint64_t i = 0; i < count; ++i) {
    for (const Story& story : {corpus.story(i), corpus.edited_copy(i, i)}) {
      std::printf("%s\n  %s\n  %s\n  [%zu bytes of content]\n", story.title.c_str(), story.link.c_str(),
                  story.summary.c_str(), story.content.size());
    }
    std::printf("\n");
  }
}

}  // namespace feedwatch::bench
