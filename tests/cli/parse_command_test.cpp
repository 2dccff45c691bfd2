// End-to-end tests of `feedwatch parse` and of the command line itself,
// running the real binary.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include "tests/support/process.h"

using feedwatch::testing::run_process;

namespace {

const std::string kBinary = FEEDWATCH_BINARY;

const std::string kSmallFeed = R"(<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Trade Desk</title><link>https://trade.example/</link>
<item><title>New chip rules</title><link>/a/1</link><guid>a-1</guid>
<pubDate>Sat, 22 Feb 2025 09:30:00 GMT</pubDate>
<description>&lt;p&gt;Export controls widen.&lt;/p&gt;</description></item>
</channel></rss>)";

std::filesystem::path write_temp_file(const std::string& name, const std::string& text) {
  auto path = std::filesystem::temp_directory_path() / ("feedwatch-cli-" + name);
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

}  // namespace

TEST_CASE("parse --json reads a feed from a file and prints normalized JSON", "[cli]") {
  auto path = write_temp_file("small.xml", kSmallFeed);
  auto result = run_process({kBinary, "parse", path.string(), "--json"});
  REQUIRE(result.exit_code == 0);
  auto json = nlohmann::json::parse(result.standard_output);
  CHECK(json["format"] == "rss2.0");
  CHECK(json["title"] == "Trade Desk");
  REQUIRE(json["entries"].size() == 1);
  CHECK(json["entries"][0]["id"] == "a-1");
  CHECK(json["entries"][0]["title"] == "New chip rules");
}

TEST_CASE("parse reads a feed from standard input given as -", "[cli]") {
  auto result = run_process({kBinary, "parse", "-", "--json"}, kSmallFeed);
  REQUIRE(result.exit_code == 0);
  CHECK(nlohmann::json::parse(result.standard_output)["entries"].size() == 1);
}

TEST_CASE("parse of a missing file exits 1 and names the file", "[cli]") {
  auto result = run_process({kBinary, "parse", "/nonexistent/feed.xml", "--json"});
  CHECK(result.exit_code == 1);
  CHECK(result.standard_error.find("/nonexistent/feed.xml") != std::string::npos);
}

TEST_CASE("parse of an HTML page exits 1 and says it is not a feed", "[cli]") {
  auto path = write_temp_file("page.html", "<!DOCTYPE html><html><body><p>Hi</p></body></html>");
  auto result = run_process({kBinary, "parse", path.string(), "--json"});
  CHECK(result.exit_code == 1);
  CHECK(result.standard_error.find(path.string()) != std::string::npos);
  CHECK(result.standard_output.empty());
}

TEST_CASE("an unknown subcommand or missing argument is a usage error with exit code 2", "[cli]") {
  CHECK(run_process({kBinary, "frobnicate"}).exit_code == 2);
  CHECK(run_process({kBinary, "parse"}).exit_code == 2);
  CHECK(run_process({kBinary}).exit_code == 2);
}

TEST_CASE("the --version flag prints the version and exits 0", "[cli]") {
  auto result = run_process({kBinary, "--version"});
  CHECK(result.exit_code == 0);
  CHECK(result.standard_output.rfind("feedwatch ", 0) == 0);
}

TEST_CASE("the -c option may stand before or after the subcommand", "[cli]") {
  auto path = write_temp_file("c.xml", kSmallFeed);
  CHECK(run_process({kBinary, "-c", "/tmp/x.yaml", "parse", path.string()}).exit_code == 0);
  CHECK(run_process({kBinary, "parse", path.string(), "-c", "/tmp/x.yaml"}).exit_code == 0);
}

TEST_CASE("import-opml prints the feeds of an OPML file as YAML", "[cli]") {
  auto path = write_temp_file("subs.opml",
                              "<opml version='2.0'><body><outline text='Trade Desk' "
                              "xmlUrl='https://trade.example/rss'/></body></opml>");
  auto result = run_process({kBinary, "import-opml", path.string()});
  CHECK(result.exit_code == 0);
  CHECK(result.standard_output.find("url: https://trade.example/rss") != std::string::npos);
  CHECK(result.standard_output.find("name: Trade Desk") != std::string::npos);
}

TEST_CASE("import-opml of a file that is not OPML exits 1 naming it", "[cli]") {
  auto path = write_temp_file("not.opml", "<rss/>");
  auto result = run_process({kBinary, "import-opml", path.string()});
  CHECK(result.exit_code == 1);
  CHECK(result.standard_error.find(path.string()) != std::string::npos);
}
