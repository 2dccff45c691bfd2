// Tests of the file notifier: one valid JSON line per alert, written and
// fsync'd before it counts as delivered; an unwritable path is a transient
// failure that names the path.
#include <catch2/catch.hpp>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "daemon/notify/file_descriptor.h"
#include "daemon/notify/file_notifier.h"
#include "notify_test_support.h"

using namespace feedwatch::notify;
using namespace feedwatch::notify::testing;

namespace {

mode_t current_umask() {
  mode_t mask = ::umask(0);
  ::umask(mask);
  return mask;
}

}  // namespace

TEST_CASE("The file notifier appends one valid JSON line per alert", "[notify]") {
  TemporaryFolder folder;
  boost::asio::io_context loop;
  std::filesystem::path path = folder.path() / "alerts.jsonl";
  FileNotifier notifier(loop, "archive", path, 10s);

  for (std::string id : {"fw-1", "fw-2", "fw-3"}) {
    DeliveryOutcome outcome = deliver_all(loop, notifier, {{id, alert_payload(id), 1}}).front();
    INFO(outcome.message);
    CHECK(outcome.kind == DeliveryOutcome::Kind::delivered);
    CHECK(outcome.message.find("archive") != std::string::npos);
  }
  std::vector<std::string> lines = read_lines(path);
  REQUIRE(lines.size() == 3);
  CHECK(nlohmann::json::parse(lines[0])["alert_id"] == "fw-1");
  CHECK(nlohmann::json::parse(lines[2])["alert_id"] == "fw-3");
  CHECK(nlohmann::json::parse(lines[1])["entry"]["title"] == "Export controls\nwidened");
}

TEST_CASE("The file notifier creates the file with mode 0640", "[notify]") {
  TemporaryFolder folder;
  boost::asio::io_context loop;
  std::filesystem::path path = folder.path() / "new.jsonl";
  FileNotifier notifier(loop, "archive", path, 10s);
  deliver_all(loop, notifier, {{"fw-1", alert_payload("fw-1"), 1}});
  struct stat info {};
  REQUIRE(::stat(path.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == (0640 & ~current_umask()));
}

TEST_CASE("A payload spread over several lines becomes one line of the same JSON", "[notify]") {
  TemporaryFolder folder;
  boost::asio::io_context loop;
  std::filesystem::path path = folder.path() / "alerts.jsonl";
  FileNotifier notifier(loop, "archive", path, 10s);
  std::string payload = alert_payload("fw-9", true);
  REQUIRE(payload.find('\n') != std::string::npos);

  deliver_all(loop, notifier, {{"fw-9", payload, 1}});
  std::vector<std::string> lines = read_lines(path);
  REQUIRE(lines.size() == 1);
  CHECK(nlohmann::json::parse(lines[0]) == nlohmann::json::parse(payload));
}

TEST_CASE("A file in a missing folder is a transient failure that names the path", "[notify]") {
  TemporaryFolder folder;
  boost::asio::io_context loop;
  std::filesystem::path path = folder.path() / "missing" / "alerts.jsonl";
  FileNotifier notifier(loop, "archive", path, 10s);

  DeliveryOutcome outcome = deliver_all(loop, notifier, {{"fw-1", alert_payload("fw-1"), 1}}).front();
  CHECK(outcome.kind == DeliveryOutcome::Kind::transient_failure);
  CHECK(outcome.message.find(path.string()) != std::string::npos);
  CHECK(outcome.message.find("archive") != std::string::npos);
}

TEST_CASE("A path that is a folder is a transient failure", "[notify]") {
  TemporaryFolder folder;
  DeliveryOutcome outcome = append_line_durably("archive", folder.path(), "{}\n");
  CHECK(outcome.kind == DeliveryOutcome::Kind::transient_failure);
  CHECK(outcome.message.find("cannot open") != std::string::npos);
}

TEST_CASE("A full disk is a transient failure, not a delivery", "[notify]") {
  DeliveryOutcome outcome = append_line_durably("archive", "/dev/full", "{}\n");
  CHECK(outcome.kind == DeliveryOutcome::Kind::transient_failure);
  CHECK(outcome.message.find("cannot append to /dev/full") != std::string::npos);
}

// A FIFO takes the write but cannot be fsync'd: the outcome proves the
// notifier checks fsync before it reports delivered.
TEST_CASE("A line that cannot be fsync'd is not counted as delivered", "[notify]") {
  TemporaryFolder folder;
  std::filesystem::path fifo = folder.path() / "pipe";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  FileDescriptor reader(::open(fifo.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  REQUIRE(reader.valid());

  DeliveryOutcome outcome = append_line_durably("archive", fifo, "{\"a\":1}\n");
  CHECK(outcome.kind == DeliveryOutcome::Kind::transient_failure);
  CHECK(outcome.message.find("cannot fsync " + fifo.string()) != std::string::npos);
}

TEST_CASE("Appending to an existing file keeps what it held", "[notify]") {
  TemporaryFolder folder;
  std::filesystem::path path = folder.path() / "alerts.jsonl";
  std::ofstream(path) << "{\"old\":true}\n";
  DeliveryOutcome outcome = append_line_durably("archive", path, "{\"new\":true}\n");
  CHECK(outcome.kind == DeliveryOutcome::Kind::delivered);
  CHECK(read_lines(path) == std::vector<std::string>{"{\"old\":true}", "{\"new\":true}"});
}
