// Parse benchmark: loads every feed file of a folder into memory, then times
// (a) the raw parse of the same bytes (pugixml load_buffer for XML,
// nlohmann::json::parse for JSON Feed) and (b) feedwatch::feed::parse_feed,
// the full parse with charset decoding and normalization. Prints MB/s,
// entries/s, peak RSS and the ratio (b)/(a). See bench/README.md, "parse".
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "feed/feed_parser.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr double kMegabyte = 1024.0 * 1024.0;

struct FeedFile {
  std::string name;
  std::string bytes;
  bool is_json = false;
};

struct Options {
  fs::path feeds_dir;
  fs::path only_files;  // optional: a list of file names to restrict to
  int repeat = 1;
  bool breakdown = false;  // also time each kind of feed on its own
};

struct Measurement {
  double seconds = 0;
  std::size_t entries = 0;
  std::size_t failures = 0;
};

[[noreturn]] void usage_error() {
  std::fprintf(stderr, "usage: parse_bench FEEDS_DIR [--files LIST] [--repeat N] [--by-kind]\n");
  std::exit(2);
}

Options parse_options(int argc, char** argv) {
  if (argc < 2) usage_error();
  Options options;
  options.feeds_dir = argv[1];
  for (int index = 2; index < argc; index += 2) {
    const std::string flag = argv[index];
    if (flag == "--by-kind") {
      options.breakdown = true;
      --index;  // a flag without a value
    } else if (index + 1 >= argc) {
      usage_error();
    } else if (flag == "--files") {
      options.only_files = argv[index + 1];
    } else if (flag == "--repeat") {
      options.repeat = std::max(1, std::atoi(argv[index + 1]));
    } else {
      usage_error();
    }
  }
  return options;
}

std::string read_file(const fs::path& path) {
  std::ifstream input(path, std::ios::binary);
  std::string bytes(fs::file_size(path), '\0');
  input.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  bytes.resize(static_cast<std::size_t>(input.gcount()));
  return bytes;
}

std::set<std::string> read_name_list(const fs::path& path) {
  std::set<std::string> names;
  std::ifstream input(path);
  for (std::string line; std::getline(input, line);) {
    if (!line.empty()) names.insert(line);
  }
  return names;
}

// Sorted by name, so every run sees the files in the same order.
std::vector<FeedFile> load_feeds(const Options& options) {
  const std::set<std::string> only =
      options.only_files.empty() ? std::set<std::string>{} : read_name_list(options.only_files);
  std::vector<fs::path> paths;
  for (const fs::directory_entry& entry : fs::recursive_directory_iterator(options.feeds_dir)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && (only.empty() || only.count(name) > 0)) paths.push_back(entry.path());
  }
  std::sort(paths.begin(), paths.end());
  std::vector<FeedFile> files;
  for (const fs::path& path : paths) {
    files.push_back({path.filename().string(), read_file(path), path.extension() == ".json"});
  }
  return files;
}

double peak_rss_megabytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux reports KiB
}

// The fastest of `repeat` runs of `pass`, which returns a Measurement
// without its time.
template <typename Pass>
Measurement fastest_of(int repeat, Pass pass) {
  Measurement best;
  for (int round = 0; round < repeat; ++round) {
    const Clock::time_point start = Clock::now();
    Measurement measured = pass();
    measured.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    if (round == 0 || measured.seconds < best.seconds) best = measured;
  }
  return best;
}

// (a): what any program pays to read the bytes as a tree, nothing more.
Measurement raw_parse_pass(const std::vector<FeedFile>& files) {
  Measurement measured;
  for (const FeedFile& file : files) {
    if (file.is_json) {
      const nlohmann::json document = nlohmann::json::parse(file.bytes, nullptr, false);
      measured.failures += document.is_discarded() ? 1 : 0;
    } else {
      pugi::xml_document document;
      const pugi::xml_parse_result result = document.load_buffer(file.bytes.data(), file.bytes.size());
      measured.failures += result ? 0 : 1;
    }
  }
  return measured;
}

// (b): charset decoding, XML/JSON parse, format reading, HTML to text,
// date parsing, link resolution: everything up to a normalized Feed.
Measurement full_parse_pass(const std::vector<FeedFile>& files) {
  Measurement measured;
  for (const FeedFile& file : files) {
    feedwatch::feed::Document document;
    document.body = file.bytes;
    document.content_type = file.is_json ? "application/feed+json" : "application/xml";
    document.url = "https://bench.example/" + file.name;
    const feedwatch::feed::ParseResult result = feedwatch::feed::parse_feed(document);
    if (const auto* feed = std::get_if<feedwatch::feed::Feed>(&result)) {
      measured.entries += feed->entries.size();
    } else {
      ++measured.failures;
      std::fprintf(stderr, "parse_bench: %s: %s\n", file.name.c_str(),
                   std::get<feedwatch::feed::ParseFailure>(result).message.c_str());
    }
  }
  return measured;
}

// "00042-rss2.0-gb18030.xml" -> "rss2.0-gb18030": the kind of feed, as
// generate_feeds.py names its files (other names form one group).
std::string kind_of(const std::string& name) {
  const std::size_t first = name.find('-');
  const std::size_t dot = name.rfind('.');
  if (first == std::string::npos || dot == std::string::npos || dot < first) return "other";
  return name.substr(first + 1, dot - first - 1);
}

// Times (a) and (b) per kind of feed, to show where the full parse is slow.
void print_breakdown(const std::vector<FeedFile>& files, int repeat) {
  std::map<std::string, std::vector<FeedFile>> groups;
  for (const FeedFile& file : files) groups[kind_of(file.name)].push_back(file);
  std::printf("%-24s %8s %10s %10s %7s\n", "by kind", "MB", "(a) MB/s", "(b) MB/s", "(b)/(a)");
  for (const auto& [kind, group] : groups) {
    double megabytes = 0;
    for (const FeedFile& file : group) megabytes += static_cast<double>(file.bytes.size()) / kMegabyte;
    const Measurement raw = fastest_of(repeat, [&] { return raw_parse_pass(group); });
    const Measurement full = fastest_of(repeat, [&] { return full_parse_pass(group); });
    std::printf("%-24s %8.1f %10.1f %10.1f %7.2f\n", kind.c_str(), megabytes, megabytes / raw.seconds,
                megabytes / full.seconds, raw.seconds / full.seconds);
  }
}

void print_measurement(const char* label, const Measurement& measured, double megabytes,
                       std::size_t entries) {
  std::printf("%-44s %8.1f MB/s %11.0f entries/s  (%.2f s%s)\n", label, megabytes / measured.seconds,
              static_cast<double>(entries) / measured.seconds, measured.seconds,
              measured.failures > 0 ? ", with failures" : "");
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = parse_options(argc, argv);
  const std::vector<FeedFile> files = load_feeds(options);
  if (files.empty()) {
    std::fprintf(stderr, "parse_bench: no feed files in %s\n", options.feeds_dir.c_str());
    return 1;
  }
  double megabytes = 0;
  for (const FeedFile& file : files) megabytes += static_cast<double>(file.bytes.size()) / kMegabyte;
  const double loaded_rss = peak_rss_megabytes();
  std::printf("parse_bench: %zu files, %.1f MB (1 MB = 2^20 bytes), fastest of %d run(s)\n",
              files.size(), megabytes, options.repeat);

  const Measurement raw = fastest_of(options.repeat, [&] { return raw_parse_pass(files); });
  const double raw_rss = peak_rss_megabytes();
  const Measurement full = fastest_of(options.repeat, [&] { return full_parse_pass(files); });
  const double full_rss = peak_rss_megabytes();

  print_measurement("(a) raw: pugixml load_buffer / nlohmann::json", raw, megabytes, full.entries);
  print_measurement("(b) full: feedwatch::feed::parse_feed", full, megabytes, full.entries);
  const double ratio = raw.seconds / full.seconds;
  std::printf("entries: %zu; parse failures: raw %zu, full %zu\n", full.entries, raw.failures,
              full.failures);
  std::printf("peak RSS: %.0f MB after loading the files, %.0f MB after (a), %.0f MB after (b)\n",
              loaded_rss, raw_rss, full_rss);
  std::printf("ratio (b)/(a): %.2f\n", ratio);
  if (options.breakdown) print_breakdown(files, options.repeat);
  // One line for scripts (scripts/bench-parse.sh reads it).
  std::printf("RESULT megabytes=%.3f entries=%zu raw_mb_per_s=%.3f full_mb_per_s=%.3f "
              "full_entries_per_s=%.1f ratio_full_to_raw=%.4f peak_rss_mb=%.1f failures=%zu\n",
              megabytes, full.entries, megabytes / raw.seconds, megabytes / full.seconds,
              static_cast<double>(full.entries) / full.seconds, ratio, full_rss, full.failures);
  return full.failures == 0 ? 0 : 1;
}
