// Tests of the stdout notifier: each alert is one JSON line on file
// descriptor 1 (captured by pointing it at a temporary file), and a stdout
// that cannot be written is a transient failure.
#include <catch2/catch.hpp>
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "daemon/notify/file_descriptor.h"
#include "daemon/notify/stdout_notifier.h"
#include "notify_test_support.h"

using namespace feedwatch::notify;
using namespace feedwatch::notify::testing;

namespace {

// Points file descriptor 1 at `path` until destroyed, then restores it.
class RedirectedStdout {
 public:
  explicit RedirectedStdout(const std::filesystem::path& path, int flags = O_WRONLY | O_CREAT) {
    std::fflush(stdout);  // what Catch2 buffered belongs to the real stdout
    saved_ = FileDescriptor(::dup(STDOUT_FILENO));
    FileDescriptor target(::open(path.c_str(), flags | O_CLOEXEC, 0600));
    REQUIRE(target.valid());
    REQUIRE(::dup2(target.get(), STDOUT_FILENO) == STDOUT_FILENO);
  }
  ~RedirectedStdout() {
    std::fflush(stdout);
    ::dup2(saved_.get(), STDOUT_FILENO);
  }

 private:
  FileDescriptor saved_;
};

// Prints one alert per id, each payload spread over several lines.
std::vector<DeliveryOutcome> print_all(boost::asio::io_context& loop, Notifier& notifier,
                                       const std::vector<std::string>& ids) {
  std::vector<AlertDelivery> alerts;
  for (const std::string& id : ids) alerts.push_back({id, alert_payload(id, true), 1});
  return deliver_all(loop, notifier, alerts);
}

}  // namespace

TEST_CASE("The stdout notifier writes each alert as one JSON line to standard output", "[notify]") {
  TemporaryFolder folder;
  boost::asio::io_context loop;
  StdoutNotifier notifier(loop, "console", 10s);
  std::filesystem::path captured = folder.path() / "stdout.txt";
  std::vector<DeliveryOutcome> outcomes;
  {
    RedirectedStdout redirect(captured);
    outcomes = print_all(loop, notifier, {"fw-1", "fw-2"});
  }
  for (const DeliveryOutcome& outcome : outcomes) {
    CHECK(outcome.kind == DeliveryOutcome::Kind::delivered);
  }
  std::vector<std::string> lines = read_lines(captured);
  REQUIRE(lines.size() == 2);
  CHECK(nlohmann::json::parse(lines[0])["alert_id"] == "fw-1");
  CHECK(nlohmann::json::parse(lines[1])["alert_id"] == "fw-2");
}

TEST_CASE("A stdout that cannot be written is a transient failure naming the notifier",
          "[notify]") {
  boost::asio::io_context loop;
  StdoutNotifier notifier(loop, "console", 10s);
  std::vector<DeliveryOutcome> outcomes;
  {
    RedirectedStdout redirect("/dev/full", O_WRONLY);
    outcomes = print_all(loop, notifier, {"fw-1"});
  }
  REQUIRE(outcomes.size() == 1);
  CHECK(outcomes[0].kind == DeliveryOutcome::Kind::transient_failure);
  CHECK(outcomes[0].message.find("notifier console") != std::string::npos);
  CHECK(outcomes[0].message.find("stdout") != std::string::npos);
}

TEST_CASE("A stdout pipe whose reader has gone is a transient failure, not a dead process",
          "[notify]") {
  boost::asio::io_context loop;
  StdoutNotifier notifier(loop, "console", 10s);
  int ends[2];
  REQUIRE(::pipe2(ends, O_CLOEXEC) == 0);
  FileDescriptor read_end(ends[0]);
  FileDescriptor write_end(ends[1]);
  read_end.reset();  // no reader: a write raises SIGPIPE unless blocked
  std::fflush(stdout);
  FileDescriptor saved(::dup(STDOUT_FILENO));
  REQUIRE(::dup2(write_end.get(), STDOUT_FILENO) == STDOUT_FILENO);
  std::vector<DeliveryOutcome> outcomes = print_all(loop, notifier, {"fw-1"});
  ::dup2(saved.get(), STDOUT_FILENO);
  REQUIRE(outcomes.size() == 1);
  CHECK(outcomes[0].kind == DeliveryOutcome::Kind::transient_failure);
  CHECK(outcomes[0].message.find("Broken pipe") != std::string::npos);
}
