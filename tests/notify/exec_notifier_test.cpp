// The exec notifier running real programs (shell scripts written to a temp
// folder): the payload on stdin, exit codes, stderr excerpts, timeouts that
// kill the process group, programs that cannot start, and many runs at once.
#include <catch2/catch.hpp>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "daemon/notify/exec_notifier.h"
#include "tests/notify/notify_test_support.h"

using namespace feedwatch::notify;
using namespace feedwatch::notify::testing;
using Kind = DeliveryOutcome::Kind;
namespace fs = std::filesystem;

namespace {

fs::path write_script(const fs::path& folder, const std::string& name, const std::string& body) {
  fs::path path = folder / name;
  std::ofstream(path) << "#!/bin/sh\n" << body << "\n";
  fs::permissions(path, fs::perms::owner_all);
  return path;
}

std::string read_all(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

// Runs `command` for all `alerts` at once through a notifier named "hook".
std::vector<DeliveryOutcome> run_all(const std::vector<std::string>& command,
                                     const std::vector<AlertDelivery>& alerts,
                                     std::chrono::milliseconds timeout = 5s) {
  boost::asio::io_context loop;
  ExecNotifier notifier(loop, "hook", command, timeout);
  return deliver_all(loop, notifier, alerts, timeout + 5s);
}

DeliveryOutcome run_one(const std::vector<std::string>& command,
                        const std::string& payload = alert_payload("fw-1"),
                        std::chrono::milliseconds timeout = 5s) {
  return run_all(command, {{"fw-1", payload, 1}}, timeout).front();
}

// True when this process has no child left, exited or not (no zombies).
bool no_children_left() {
  int status = 0;
  return ::waitpid(-1, &status, WNOHANG) < 0 && errno == ECHILD;
}

// A process that is gone or a zombie waiting for init (not ours to reap).
bool is_dead(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string pid_field, name, state;
  if (!(stat >> pid_field >> name >> state)) return true;
  return state == "Z" || state == "X";
}

}  // namespace

TEST_CASE("the payload arrives intact on stdin", "[exec]") {
  TemporaryFolder folder;
  fs::path script = write_script(folder.path(), "save.sh", "cat > \"$1\"");
  // Larger than a pipe's buffer, so the loop must write it in several turns.
  std::string payload = alert_payload("fw-big", true);
  payload.insert(payload.size() - 1, ",\"padding\": \"" + std::string(300000, 'p') + "\", \"ü\": \"漢\"");
  DeliveryOutcome outcome = run_one({script.string(), (folder.path() / "got.json").string()}, payload);
  INFO(outcome.message);
  CHECK(outcome.kind == Kind::delivered);
  CHECK(read_all(folder.path() / "got.json") == payload);
  CHECK(no_children_left());
}

TEST_CASE("a program in PATH is found without a slash", "[exec]") {
  DeliveryOutcome outcome = run_one({"true"});
  INFO(outcome.message);
  CHECK(outcome.kind == Kind::delivered);
}

TEST_CASE("a non-zero exit is transient and quotes stderr", "[exec]") {
  TemporaryFolder folder;
  fs::path script = write_script(folder.path(), "fail.sh",
                                 "cat > /dev/null\necho 'boom: the hook\nis broken' >&2\nexit 3");
  DeliveryOutcome outcome = run_one({script.string()});
  INFO(outcome.message);
  CHECK(outcome.kind == Kind::transient_failure);
  CHECK(outcome.message.find("notifier hook") != std::string::npos);
  CHECK(outcome.message.find("exited with code 3") != std::string::npos);
  CHECK(outcome.message.find("boom: the hook is broken") != std::string::npos);
  CHECK(no_children_left());
}

TEST_CASE("exit 1 without output is transient", "[exec]") {
  DeliveryOutcome outcome = run_one({"false"});
  CHECK(outcome.kind == Kind::transient_failure);
  CHECK(outcome.message.find("exited with code 1") != std::string::npos);
}

TEST_CASE("a flood on stderr is read but only its start is kept", "[exec]") {
  TemporaryFolder folder;
  fs::path script = write_script(folder.path(), "noisy.sh",
                                 "head -c 2000000 /dev/zero | tr '\\0' 'e' >&2\nexit 1");
  DeliveryOutcome outcome = run_one({script.string()});
  INFO(outcome.message.substr(0, 200));
  CHECK(outcome.kind == Kind::transient_failure);
  CHECK(outcome.message.size() < 600);
  CHECK(outcome.message.find("eeee") != std::string::npos);
  CHECK(outcome.message.find("[...]") != std::string::npos);
}

TEST_CASE("a program killed by a signal is transient", "[exec]") {
  TemporaryFolder folder;
  fs::path script = write_script(folder.path(), "die.sh", "kill -TERM $$");
  DeliveryOutcome outcome = run_one({script.string()});
  INFO(outcome.message);
  CHECK(outcome.kind == Kind::transient_failure);
  CHECK(outcome.message.find("signal 15") != std::string::npos);
}

TEST_CASE("the timeout kills the program and its process group", "[exec]") {
  TemporaryFolder folder;
  fs::path pid_file = folder.path() / "child.pid";
  fs::path script = write_script(folder.path(), "hang.sh",
                                 "sleep 30 &\necho $! > \"$1\"\nsleep 30");
  auto started = std::chrono::steady_clock::now();
  DeliveryOutcome outcome = run_one({script.string(), pid_file.string()}, "{}", 300ms);
  auto took = std::chrono::steady_clock::now() - started;
  INFO(outcome.message);
  CHECK(outcome.kind == Kind::transient_failure);
  CHECK(outcome.message.find("did not finish within 300 ms") != std::string::npos);
  CHECK(took < 3s);
  CHECK(no_children_left());
  std::string background = read_all(pid_file);
  REQUIRE_FALSE(background.empty());
  pid_t grandchild = std::stoi(background);
  auto deadline = std::chrono::steady_clock::now() + 2s;
  while (!is_dead(grandchild) && std::chrono::steady_clock::now() < deadline) {
    ::usleep(20000);
  }
  CHECK(is_dead(grandchild));
}

TEST_CASE("a missing program is a clear transient failure", "[exec]") {
  TemporaryFolder folder;
  DeliveryOutcome outcome = run_one({(folder.path() / "no-such-hook").string(), "--quiet"});
  INFO(outcome.message);
  CHECK(outcome.kind == Kind::transient_failure);
  CHECK(outcome.message.find("notifier hook") != std::string::npos);
  CHECK(outcome.message.find("no-such-hook") != std::string::npos);
  CHECK(outcome.message.find("cannot start it: No such file or directory") != std::string::npos);
  CHECK(no_children_left());
}

TEST_CASE("a program that is not executable is a clear transient failure", "[exec]") {
  TemporaryFolder folder;
  fs::path script = write_script(folder.path(), "plain.sh", "exit 0");
  fs::permissions(script, fs::perms::owner_read | fs::perms::owner_write);
  DeliveryOutcome outcome = run_one({script.string()});
  INFO(outcome.message);
  CHECK(outcome.kind == Kind::transient_failure);
  CHECK(outcome.message.find("Permission denied") != std::string::npos);
}

TEST_CASE("a program that never reads stdin and exits 0 is delivered", "[exec]") {
  // Several megabytes the program never reads: the write fails with EPIPE,
  // which must neither raise SIGPIPE in the daemon nor count as a failure.
  std::string payload = "{\"alert_id\": \"fw-1\", \"pad\": \"" + std::string(4 << 20, 'x') + "\"}";
  DeliveryOutcome outcome = run_one({"true"}, payload);
  INFO(outcome.message);
  CHECK(outcome.kind == Kind::delivered);
  DeliveryOutcome failing = run_one({"false"}, payload);
  CHECK(failing.kind == Kind::transient_failure);
}

TEST_CASE("many runs go at once and each gets its own payload", "[exec]") {
  TemporaryFolder folder;
  fs::path script = write_script(folder.path(), "slow.sh", "sleep 0.3\ncat > \"$1/$$.json\"");
  std::vector<AlertDelivery> alerts;
  for (int i = 0; i < 24; ++i) {
    std::string id = "fw-" + std::to_string(i);
    alerts.push_back({id, alert_payload(id), 1});
  }
  auto started = std::chrono::steady_clock::now();
  auto outcomes = run_all({script.string(), folder.path().string()}, alerts);
  auto took = std::chrono::steady_clock::now() - started;
  for (const DeliveryOutcome& outcome : outcomes) {
    INFO(outcome.message);
    CHECK(outcome.kind == Kind::delivered);
  }
  CHECK(took < 4s);  // one after the other would take 24 * 0.3 s
  std::set<std::string> payloads;
  for (const auto& item : fs::directory_iterator(folder.path())) {
    if (item.path().extension() == ".json") payloads.insert(read_all(item.path()));
  }
  CHECK(payloads.size() == 24);
  CHECK(payloads.count(alert_payload("fw-17")) == 1);
  CHECK(no_children_left());
}

TEST_CASE("the program inherits no descriptor but stdin, stdout and stderr", "[exec]") {
  TemporaryFolder folder;
  int leaky = ::open("/dev/null", O_RDONLY);  // deliberately without O_CLOEXEC
  REQUIRE(leaky > 2);
  fs::path listing = folder.path() / "fds.txt";
  // fstat probes rather than a listing of /proc/self/fd, which would show
  // the listing's own descriptor (and a shell's saved ones).
  DeliveryOutcome outcome = run_one(
      {"/usr/bin/python3", "-c",
       "import os, sys\n"
       "def is_open(fd):\n"
       "    try:\n        os.fstat(fd)\n        return True\n"
       "    except OSError:\n        return False\n"
       "found = ' '.join(str(fd) for fd in range(1024) if is_open(fd))\n"
       "open(sys.argv[1], 'w').write(found)\n",
       listing.string()});
  ::close(leaky);
  INFO(outcome.message);
  REQUIRE(outcome.kind == Kind::delivered);
  std::string fds = read_all(listing);
  INFO(fds);
  CHECK(fds == "0 1 2");
}

TEST_CASE("destroying the notifier kills and reaps its running programs", "[exec]") {
  bool called = false;
  {
    boost::asio::io_context loop;
    ExecNotifier notifier(loop, "hook", {"sleep", "30"}, 30s);
    notifier.deliver({"fw-1", "{}", 1}, [&](DeliveryOutcome) { called = true; });
    loop.run_for(100ms);
  }
  CHECK_FALSE(called);
  CHECK(no_children_left());
}
