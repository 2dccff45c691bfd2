// ConfigReloader: a load runs off the loop while the loop goes on, its
// result arrives on the loop, requests during a load become one more load,
// and a reloader gone mid-load drops the result.
#include <catch2/catch.hpp>

#include <boost/asio.hpp>

#include <atomic>
#include <chrono>
#include <thread>

#include "daemon/service/config_reloader.h"

using namespace feedwatch::service;
using namespace std::chrono_literals;
namespace asio = boost::asio;

namespace {

// A load that blocks until released, as a slow rule compile would.
struct GatedLoad {
  std::atomic<bool> released{false};
  std::atomic<int> started{0};
  std::atomic<int> returned{0};
  std::atomic<std::thread::id> thread;

  ConfigReloader::Load function() {
    return [this] {
      thread = std::this_thread::get_id();
      ++started;
      while (!released) std::this_thread::sleep_for(1ms);
      PreparedConfiguration prepared{nullptr, {"problem " + std::to_string(started.load())}};
      ++returned;  // the last use of this object: a test may end once it sees it
      return prepared;
    };
  }
};

// Runs the loop until `condition` holds or `timeout` passes.
bool run_until(asio::io_context& loop, const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition() && std::chrono::steady_clock::now() < deadline) {
    loop.run_for(5ms);
    loop.restart();
  }
  return condition();
}

}  // namespace

TEST_CASE("A load runs off the loop, which keeps running timers, and its result arrives on the loop", "[service]") {
  asio::io_context loop;
  GatedLoad load;
  std::vector<std::string> problems;
  std::thread::id done_thread;
  ConfigReloader reloader(loop, load.function(), [&](PreparedConfiguration prepared) {
    problems = prepared.problems;
    done_thread = std::this_thread::get_id();
  });
  reloader.request();
  CHECK(reloader.busy());
  // The loop is free while the load blocks: a timer fires, and releases it.
  asio::steady_timer timer(loop, 20ms);
  timer.async_wait([&](auto) { load.released = true; });
  REQUIRE(run_until(loop, [&] { return !problems.empty(); }, 5s));
  CHECK(problems == std::vector<std::string>{"problem 1"});
  CHECK(done_thread == std::this_thread::get_id());
  CHECK(load.thread.load() != std::this_thread::get_id());
  CHECK_FALSE(reloader.busy());
}

TEST_CASE("Requests during a load become one more load after it", "[service]") {
  asio::io_context loop;
  GatedLoad load;
  int done = 0;
  ConfigReloader reloader(loop, load.function(), [&](PreparedConfiguration) { ++done; });
  reloader.request();
  reloader.request();
  reloader.request();
  load.released = true;
  REQUIRE(run_until(loop, [&] { return done == 2; }, 5s));
  run_until(loop, [] { return false; }, 50ms);
  CHECK(done == 2);
  CHECK(load.started == 2);
  CHECK_FALSE(reloader.busy());
}

TEST_CASE("A reloader destroyed while a load runs drops its result", "[service]") {
  asio::io_context loop;
  GatedLoad load;
  bool done = false;
  {
    ConfigReloader reloader(loop, load.function(), [&](PreparedConfiguration) { done = true; });
    reloader.request();
    REQUIRE(run_until(loop, [&] { return load.started == 1; }, 5s));
  }
  load.released = true;
  REQUIRE(run_until(loop, [&] { return load.returned == 1; }, 5s));
  run_until(loop, [] { return false; }, 50ms);  // a result posted anyway would run here
  CHECK_FALSE(done);
}
