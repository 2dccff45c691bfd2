// match_bench: throughput of the compiled rule engine at 10 to 10,000 rules
// beside a naive baseline, plus compile time and memory. Usage:
//   match_bench [--quick] [--no-baseline] [--rules N] [--entries N] [--repetitions N]
// Throughput is the median of several timed passes per size, the sizes
// taking turns, so that a burst of load from neighbours lands on all of them.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <unistd.h>
#include <vector>

#include "bench/match/bench_corpus.h"
#include "bench/match/naive_matcher.h"
#include "rules/matcher.h"
#include "rules/query_parser.h"
#include "rules/rule_compiler.h"

namespace {

using Clock = std::chrono::steady_clock;
using namespace feedwatch;

struct Options {
  bool quick = false;
  bool baseline = true;
  std::size_t only_rules = 0;  // 0: every size
  std::size_t entries = 5000;
  std::size_t repetitions = 5;
};

struct Row {
  std::size_t rules = 0;
  std::size_t patterns = 0;
  double compile_seconds = 0;
  double database_kib = 0;
  double rss_delta_mib = 0;
  double entries_per_second = 0;  // median over the repetitions
  std::vector<double> pass_entries_per_second;
  double megabytes_per_second = 0;
  double matches_per_entry = 0;
  double hits_per_entry = 0;        // pattern occurrences found
  double candidates_per_entry = 0;  // rules evaluated
  double naive_entries_per_second = 0;
};

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Throughput is timed in this thread's CPU time: on a shared machine
// wall-clock time mostly measures the neighbours.
double cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

// Resident set size from /proc (the benchmark may read files; the library may not).
double resident_mib() {
  std::ifstream statm("/proc/self/statm");
  double pages_total = 0;
  double pages_resident = 0;
  statm >> pages_total >> pages_resident;
  return pages_resident * static_cast<double>(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

std::vector<rules::Query> parse_all(const std::vector<bench::BenchRule>& generated) {
  std::vector<rules::Query> queries;
  for (const bench::BenchRule& rule : generated) {
    auto query = rules::parse_query(rule.query);
    if (!query) {
      std::fprintf(stderr, "generated query does not parse: %s: %s\n", rule.query.c_str(),
                   query.error().to_string().c_str());
      std::exit(1);
    }
    queries.push_back(std::move(*query));
  }
  return queries;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  std::size_t middle = values.size() / 2;
  return values.size() % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

rules::EntryText entry_text(const bench::BenchEntry& entry) {
  return rules::EntryText{entry.title, entry.summary, entry.content, {}, {}, {}, {}};
}

// One rule count's compiled set, kept between its timed passes.
struct Engine {
  rules::CompiledRuleSet compiled;
  std::optional<rules::MatchScratch> scratch;
};

std::unique_ptr<Engine> compile_engine(const std::vector<bench::BenchEntry>& entries,
                                       const std::vector<rules::Query>& queries, Row& row) {
  std::vector<rules::RuleDefinition> definitions;
  for (std::size_t i = 0; i < queries.size(); ++i) {
    definitions.push_back({"rule-" + std::to_string(i), queries[i], std::nullopt});
  }
  double rss_before = resident_mib();
  auto compile_start = Clock::now();
  auto compiled = rules::compile_rule_set(definitions);
  row.compile_seconds = seconds_since(compile_start);
  if (!compiled) {
    std::fprintf(stderr, "compile failed: %s\n", compiled.error().message.c_str());
    std::exit(1);
  }
  auto engine = std::make_unique<Engine>(Engine{std::move(*compiled), std::nullopt});
  engine->scratch.emplace(engine->compiled);
  row.patterns = engine->compiled.patterns.size();
  row.database_kib = static_cast<double>(engine->compiled.database_bytes()) / 1024.0;
  std::size_t matches = 0;
  std::size_t hits = 0;
  std::size_t candidates = 0;
  for (const bench::BenchEntry& entry : entries) {
    matches += rules::match_entry(engine->compiled, entry_text(entry), *engine->scratch).size();
    hits += engine->scratch->last_hit_count();
    candidates += engine->scratch->last_candidate_count();
  }
  auto count = static_cast<double>(entries.size());
  row.rss_delta_mib = resident_mib() - rss_before;
  row.hits_per_entry = static_cast<double>(hits) / count;
  row.candidates_per_entry = static_cast<double>(candidates) / count;
  row.matches_per_entry = static_cast<double>(matches) / count;
  return engine;
}

// One timed pass over every entry, after a 200-entry warm-up (the previous
// size's pass has since filled the caches with its own tables).
void time_pass(const std::vector<bench::BenchEntry>& entries, Engine& engine, Row& row) {
  std::size_t matches = 0;
  for (std::size_t i = 0; i < std::min<std::size_t>(entries.size(), 200); ++i) {
    matches += rules::match_entry(engine.compiled, entry_text(entries[i]), *engine.scratch).size();
  }
  double start = cpu_seconds();
  for (const bench::BenchEntry& entry : entries) {
    matches += rules::match_entry(engine.compiled, entry_text(entry), *engine.scratch).size();
  }
  double elapsed = cpu_seconds() - start;
  row.pass_entries_per_second.push_back(static_cast<double>(entries.size()) / elapsed);
  if (matches == 0 && entries.empty()) std::puts("");  // keeps the passes from being optimized away
}

// The baseline runs on a subset sized to take about the same work at every
// rule count; its figure is per entry, so it extrapolates directly.
void measure_naive(const std::vector<bench::BenchEntry>& entries, std::vector<rules::Query> queries, Row& row,
                   bool quick) {
  std::size_t budget = quick ? 200'000 : 2'000'000;
  std::size_t count = std::min(entries.size(), std::max<std::size_t>(20, budget / queries.size()));
  bench::NaiveMatcher naive(std::move(queries));
  std::size_t matches = 0;
  double start = cpu_seconds();
  for (std::size_t i = 0; i < count; ++i) {
    bench::NaiveEntry entry{rules::normalize_text(entries[i].title), rules::normalize_text(entries[i].summary),
                            rules::normalize_text(entries[i].content)};
    matches += naive.count_matches(entry);
  }
  row.naive_entries_per_second = static_cast<double>(count) / (cpu_seconds() - start);
  (void)matches;
}

Options parse_options(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--quick") == 0) {
      options.quick = true;
      options.entries = 500;
      options.repetitions = 3;
    } else if (std::strcmp(argv[i], "--no-baseline") == 0) {
      options.baseline = false;
    } else if (std::strcmp(argv[i], "--rules") == 0 && i + 1 < argc) {
      options.only_rules = std::stoul(argv[++i]);
    } else if (std::strcmp(argv[i], "--entries") == 0 && i + 1 < argc) {
      options.entries = std::stoul(argv[++i]);
    } else if (std::strcmp(argv[i], "--repetitions") == 0 && i + 1 < argc) {
      options.repetitions = std::max<std::size_t>(1, std::stoul(argv[++i]));
    } else {
      std::fprintf(stderr,
                   "usage: match_bench [--quick] [--no-baseline] [--rules N] [--entries N] [--repetitions N]\n");
      std::exit(2);
    }
  }
  return options;
}

void print_row(const Row& row) {
  std::printf("%6zu %8zu %9.3f %9.0f %8.1f %10.0f %7.1f %8.1f %8.1f %8.2f %10.0f %8.0fx\n", row.rules,
              row.patterns, row.compile_seconds, row.database_kib, row.rss_delta_mib, row.entries_per_second,
              row.megabytes_per_second, row.hits_per_entry, row.candidates_per_entry, row.matches_per_entry,
              row.naive_entries_per_second,
              row.entries_per_second / row.naive_entries_per_second);
}

// The 10,000 vs 10 ratio of each repetition (both timed in the same round),
// so that load shared by the two passes cancels out.
std::vector<double> pass_ratios(const Row& large, const Row& small) {
  std::vector<double> ratios;
  for (std::size_t i = 0; i < large.pass_entries_per_second.size(); ++i) {
    ratios.push_back(large.pass_entries_per_second[i] / small.pass_entries_per_second[i]);
  }
  return ratios;
}

void print_summary(const std::vector<Row>& rows, bool baseline) {
  std::vector<double> ratios = pass_ratios(rows[3], rows[0]);
  auto [low, high] = std::minmax_element(ratios.begin(), ratios.end());
  std::printf("throughput 10000 vs 10 rules: %.2fx median of %zu passes, range %.2f-%.2f (target >= 0.5)\n",
              median(ratios), ratios.size(), *low, *high);
  std::printf("cost per entry: %.1f us at 10 rules, %.1f us at 10000 rules\n", 1e6 / rows[0].entries_per_second,
              1e6 / rows[3].entries_per_second);
  if (baseline) {
    std::printf("speedup over naive at 1000 rules: %.0fx (target >= 100)\n",
                rows[2].entries_per_second / rows[2].naive_entries_per_second);
  }
  std::printf("compile 10000 rules: %.2f s (target <= 3)\n", rows[3].compile_seconds);
}

}  // namespace

int main(int argc, char** argv) {
  Options options = parse_options(argc, argv);
  std::vector<bench::BenchEntry> entries = bench::make_entries(options.entries, 20250222);
  std::size_t bytes = 0;
  for (const auto& entry : entries) bytes += entry.title.size() + entry.summary.size() + entry.content.size();
  std::printf("match_bench: %zu entries, %.1f MB of title+summary+content, median of %zu passes%s\n",
              entries.size(), bytes / 1e6, options.repetitions, options.quick ? " (quick)" : "");
  std::vector<Row> rows;
  std::vector<std::unique_ptr<Engine>> engines;
  std::vector<std::vector<rules::Query>> queries;
  for (std::size_t count : {10, 100, 1000, 10000}) {
    if (options.only_rules != 0 && count != options.only_rules) continue;
    rows.emplace_back().rules = count;
    queries.push_back(parse_all(bench::make_rules(count, 7 + count)));
    engines.push_back(compile_engine(entries, queries.back(), rows.back()));
  }
  for (std::size_t pass = 0; pass < options.repetitions; ++pass) {
    for (std::size_t i = 0; i < rows.size(); ++i) time_pass(entries, *engines[i], rows[i]);
  }
  std::printf("%6s %8s %9s %9s %8s %10s %7s %8s %8s %8s %10s %9s\n", "rules", "patterns", "compile_s", "db_KiB",
              "rss_MiB", "entries/s", "MB/s", "hits/e", "evals/e", "fired/e", "naive_e/s", "speedup");
  for (std::size_t i = 0; i < rows.size(); ++i) {
    Row& row = rows[i];
    row.entries_per_second = median(row.pass_entries_per_second);
    row.megabytes_per_second = row.entries_per_second * static_cast<double>(bytes) / entries.size() / 1e6;
    if (options.baseline) measure_naive(entries, std::move(queries[i]), row, options.quick);
    print_row(row);
  }
  if (rows.size() == 4) print_summary(rows, options.baseline);
  return 0;
}
