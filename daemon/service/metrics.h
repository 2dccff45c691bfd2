// The daemon's counters for /metrics, rendered in Prometheus text format
// (SPEC §7). Thread-safe: workers count parses and matches while the event
// loop counts fetches and deliveries and renders scrapes.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace feedwatch::service {

// A gauge read at scrape time (outbox depth, feeds by state) from the source
// of truth rather than mirrored in counters that could drift.
struct GaugeSample {
  std::string labels;  // e.g. notifier="archive",state="pending"
  double value = 0;
};

class Metrics {
 public:
  Metrics();

  void count_fetch(const std::string& result, std::chrono::duration<double> latency);
  void count_entries_parsed(std::uint64_t entries);
  void count_rule_match(const std::string& rule);
  void count_delivery(const std::string& notifier, bool delivered);

  // `read` is called on every scrape, on the scraping thread.
  void add_gauge(std::string name, std::string help,
                 std::function<std::vector<GaugeSample>()> read);

  std::string render_prometheus() const;

 private:
  using LabelledCounts = std::map<std::string, std::uint64_t>;  // label value -> count
  struct Gauge {
    std::string name;
    std::string help;
    std::function<std::vector<GaugeSample>()> read;
  };

  void render_histogram(std::string& out) const;

  mutable std::mutex mutex_;
  LabelledCounts fetches_by_result_;
  std::vector<double> latency_bucket_bounds_;
  std::vector<std::uint64_t> latency_bucket_counts_;
  double latency_sum_seconds_ = 0;
  std::uint64_t latency_count_ = 0;
  std::uint64_t entries_parsed_ = 0;
  LabelledCounts matches_by_rule_;
  LabelledCounts delivered_by_notifier_;
  LabelledCounts failed_by_notifier_;
  std::vector<Gauge> gauges_;
};

}  // namespace feedwatch::service
