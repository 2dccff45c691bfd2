// Deterministic synthetic workloads for match_bench: news-like entries and
// realistic watch rules drawn from one vocabulary. Same seed, same output on
// every machine (own PRNG, no <random> distributions). Not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace feedwatch::bench {

struct BenchEntry {
  std::string title;
  std::string summary;
  std::string content;
};

struct BenchRule {
  std::string name;
  std::string query;
};

// xorshift64*: small, fast, and identical everywhere.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed | 1) {}
  std::uint64_t next();
  std::size_t below(std::size_t bound) { return static_cast<std::size_t>(next() % bound); }
  bool chance(unsigned percent) { return below(100) < percent; }

 private:
  std::uint64_t state_;
};

std::vector<BenchEntry> make_entries(std::size_t count, std::uint64_t seed);
std::vector<BenchRule> make_rules(std::size_t count, std::uint64_t seed);

}  // namespace feedwatch::bench
