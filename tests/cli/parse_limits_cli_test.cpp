// Issue 10 through the real binary: `feedwatch parse` over the feeds that
// used to exhaust memory or be refused, with its peak memory (wait4) and
// run time asserted. The bounds themselves: tests/feed/parse_limits_test.cpp.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "tests/support/process.h"

using feedwatch::testing::run_process;
using namespace std::chrono_literals;

namespace {

const std::string kBinary = FEEDWATCH_BINARY;

// Sanitizers multiply memory (shadow, redzones) and time.
#ifdef FEEDWATCH_SANITIZED
constexpr std::size_t kSanitizerFactor = 4;
#else
constexpr std::size_t kSanitizerFactor = 1;
#endif
constexpr std::size_t kMiB = 1 << 20;

std::filesystem::path write_temp_file(const std::string& name, const std::string& text) {
  auto path = std::filesystem::temp_directory_path() / ("feedwatch-cli-limits-" + name);
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

// One entity of `value_length` characters referenced `references` times.
std::string entity_bomb(std::size_t value_length, std::size_t references) {
  std::string body = "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY e \"" + std::string(value_length, 'a') +
                     "\">]>\n<rss version=\"2.0\"><channel><title>Bomb</title><item><title>x</title><description>";
  body.reserve(body.size() + references * 3 + 64);
  for (std::size_t i = 0; i < references; ++i) body += "&e;";
  return body + "</description></item></channel></rss>\n";
}

std::string million_empty_rss_items() {
  std::string body = "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Many</title>";
  body.reserve(7'100'000);
  for (int i = 0; i < 1'000'000; ++i) body += "<item/>";
  return body + "</channel></rss>\n";
}

std::string million_empty_json_items() {
  std::string body = R"({"version":"https://jsonfeed.org/version/1.1","title":"Many","items":[{})";
  body.reserve(3'100'000);
  for (int i = 1; i < 1'000'000; ++i) body += ",{}";
  return body + "]}";
}

}  // namespace

TEST_CASE("parse refuses a 10 MB quadratic entity feed in bounded memory and time, naming it", "[cli][limits]") {
  // Expanded, this would be 33 GB of text (issue 10: std::bad_alloc).
  auto path = write_temp_file("entity-bomb.xml", entity_bomb(10'000, 3'300'000));
  auto result = run_process({kBinary, "parse", path.string(), "--json"});
  INFO(result.standard_error);
  CHECK(result.exit_code == 1);
  CHECK(result.standard_error.find(path.string() + ": refused: ") != std::string::npos);
  CHECK(result.standard_error.find("entity expansion") != std::string::npos);
  CHECK(result.peak_memory_bytes < 150 * kMiB * kSanitizerFactor);
  CHECK(result.elapsed < 5s * kSanitizerFactor);
  std::filesystem::remove(path);
}

TEST_CASE("parse refuses the 70 KB entity feed that expands to 200 MB", "[cli][limits]") {
  auto path = write_temp_file("entity-70k.xml", entity_bomb(10'000, 20'000));
  auto result = run_process({kBinary, "parse", path.string()});
  CHECK(result.exit_code == 1);
  CHECK(result.standard_error.find("entity expansion") != std::string::npos);
  CHECK(result.peak_memory_bytes < 50 * kMiB * kSanitizerFactor);  // was 800 MB
  std::filesystem::remove(path);
}

TEST_CASE("parse of a million empty items reads 10,000 entries in well under 200 MB", "[cli][limits]") {
  const std::pair<const char*, std::string> feeds[] = {{"items.xml", million_empty_rss_items()},
                                                       {"items.json", million_empty_json_items()}};
  for (const auto& [name, body] : feeds) {
    auto path = write_temp_file(name, body);
    auto result = run_process({kBinary, "parse", path.string(), "--json"});
    INFO(name << ": " << result.standard_error);
    REQUIRE(result.exit_code == 0);
    auto json = nlohmann::json::parse(result.standard_output);
    CHECK(json["entries"].size() == 10'000);
    REQUIRE(json["errors"].size() == 1);
    CHECK(json["errors"][0] == "the feed has 1000000 entries; only the first 10000 were read (fetch.max_entries)");
    CHECK(result.peak_memory_bytes < 160 * kMiB * kSanitizerFactor);  // was 1.6 GB
    CHECK(result.elapsed < 5s * kSanitizerFactor);                  // was 11 s
    std::filesystem::remove(path);
  }
}

TEST_CASE("parse reads a JSON Feed with a lone surrogate, as U+FFFD, like the same text in XML", "[cli][limits]") {
  auto path = write_temp_file("surrogate.json", R"({"version":"https://jsonfeed.org/version/1.1","title":"S",
    "items":[{"id":"1","title":"chips \ud800 ban","content_text":"pair \ud83d\ude00 kept"}]})");
  auto result = run_process({kBinary, "parse", path.string(), "--json"});
  INFO(result.standard_error);
  REQUIRE(result.exit_code == 0);
  auto json = nlohmann::json::parse(result.standard_output);
  REQUIRE(json["entries"].size() == 1);
  CHECK(json["entries"][0]["title"] == "chips \uFFFD ban");
  CHECK(json["entries"][0]["content"] == "pair \U0001F600 kept");
  std::filesystem::remove(path);
}
