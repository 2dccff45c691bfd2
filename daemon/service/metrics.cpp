#include "daemon/service/metrics.h"

#include <cstdio>

namespace feedwatch::service {
namespace {

// Label values come from feed results, rule and notifier names: escape what
// the text format reserves.
std::string escape_label(const std::string& value) {
  std::string escaped;
  for (char c : value) {
    if (c == '\\' || c == '"') escaped += '\\';
    if (c == '\n') {
      escaped += "\\n";
      continue;
    }
    escaped += c;
  }
  return escaped;
}

std::string number(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.17g", value);
  return buffer;
}

void render_counter(std::string& out, const std::string& name, const std::string& help,
                    const std::string& label, const std::map<std::string, std::uint64_t>& counts) {
  out += "# HELP " + name + " " + help + "\n# TYPE " + name + " counter\n";
  for (const auto& [value, count] : counts) {
    out += name + "{" + label + "=\"" + escape_label(value) + "\"} " + std::to_string(count) + "\n";
  }
}

}  // namespace

std::string prometheus_label(const std::string& name, const std::string& value) {
  return name + "=\"" + escape_label(value) + "\"";
}

Metrics::Metrics()
    : latency_bucket_bounds_{0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30},
      latency_bucket_counts_(latency_bucket_bounds_.size(), 0) {}

void Metrics::count_fetch(const std::string& result, std::chrono::duration<double> latency) {
  std::lock_guard lock(mutex_);
  ++fetches_by_result_[result];
  for (std::size_t i = 0; i < latency_bucket_bounds_.size(); ++i) {
    if (latency.count() <= latency_bucket_bounds_[i]) ++latency_bucket_counts_[i];
  }
  latency_sum_seconds_ += latency.count();
  ++latency_count_;
}

void Metrics::count_entries_parsed(std::uint64_t entries) {
  std::lock_guard lock(mutex_);
  entries_parsed_ += entries;
}

void Metrics::count_rule_matches(const std::string& rule, std::uint64_t matches) {
  std::lock_guard lock(mutex_);
  matches_by_rule_[rule] += matches;
}

void Metrics::add_reader(std::string name, std::string help, std::string type,
                         std::function<std::vector<Sample>()> read) {
  std::lock_guard lock(mutex_);
  readers_.push_back({std::move(name), std::move(help), std::move(type), std::move(read)});
}

void Metrics::render_histogram(std::string& out) const {
  const std::string name = "feedwatch_fetch_duration_seconds";
  out += "# HELP " + name + " Time from request to complete response.\n# TYPE " + name +
         " histogram\n";
  for (std::size_t i = 0; i < latency_bucket_bounds_.size(); ++i) {
    out += name + "_bucket{le=\"" + number(latency_bucket_bounds_[i]) + "\"} " +
           std::to_string(latency_bucket_counts_[i]) + "\n";
  }
  out += name + "_bucket{le=\"+Inf\"} " + std::to_string(latency_count_) + "\n";
  out += name + "_sum " + number(latency_sum_seconds_) + "\n";
  out += name + "_count " + std::to_string(latency_count_) + "\n";
}

std::string Metrics::render_prometheus() const {
  std::lock_guard lock(mutex_);
  std::string out;
  render_counter(out, "feedwatch_fetches_total", "Feed fetches by result.", "result",
                 fetches_by_result_);
  render_histogram(out);
  out += "# HELP feedwatch_entries_parsed_total Entries read from fetched feeds.\n"
         "# TYPE feedwatch_entries_parsed_total counter\nfeedwatch_entries_parsed_total " +
         std::to_string(entries_parsed_) + "\n";
  render_counter(out, "feedwatch_rule_matches_total", "Entries matched, per rule.", "rule",
                 matches_by_rule_);
  for (const auto& reader : readers_) {
    out += "# HELP " + reader.name + " " + reader.help + "\n# TYPE " + reader.name + " " +
           reader.type + "\n";
    for (const auto& sample : reader.read()) {
      out += reader.name + (sample.labels.empty() ? "" : "{" + sample.labels + "}") + " " +
             number(sample.value) + "\n";
    }
  }
  return out;
}

}  // namespace feedwatch::service
