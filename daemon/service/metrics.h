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

// A value read at scrape time (outbox depth, feeds by state, alerts
// delivered) from the state database, the source of truth, rather than
// mirrored in counters that could drift or reset on restart.
struct Sample {
  std::string labels;  // e.g. notifier="archive",state="pending"
  double value = 0;
};

// `name="value"` with the value escaped as the text format requires.
std::string prometheus_label(const std::string& name, const std::string& value);

class Metrics {
 public:
  Metrics();

  void count_fetch(const std::string& result, std::chrono::duration<double> latency);
  void count_entries_parsed(std::uint64_t entries);
  void count_rule_matches(const std::string& rule, std::uint64_t matches);
  // `read` is called on every scrape, on the scraping thread. `type` is
  // "gauge" or "counter".
  void add_reader(std::string name, std::string help, std::string type,
                  std::function<std::vector<Sample>()> read);

  std::string render_prometheus() const;

 private:
  using LabelledCounts = std::map<std::string, std::uint64_t>;  // label value -> count
  struct Reader {
    std::string name;
    std::string help;
    std::string type;
    std::function<std::vector<Sample>()> read;
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
  std::vector<Reader> readers_;
};

}  // namespace feedwatch::service
