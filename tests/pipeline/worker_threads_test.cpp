// Worker threads: each brings its own MatchScratch and StateStore connection
// to the same state file and shares the compiled rules read-only. The same
// story reaching two workers at once still ends as one alert.
#include <catch2/catch.hpp>

#include <thread>

#include "pipeline_test_support.h"

using namespace feedwatch;
using namespace feedwatch::pipeline;
using namespace feedwatch::pipeline::testing;

namespace {

constexpr int kWorkers = 4;
constexpr int kFetchesPerWorker = 10;

// One worker's life: open its own store, process its own feed repeatedly.
std::vector<std::string> run_worker(int worker, const std::filesystem::path& state_file,
                                    const std::vector<rules::Rule>& rules, const rules::CompiledRuleSet& compiled) {
  std::vector<std::string> failures;
  auto store = state::StateStore::open(state_file);
  if (!store.ok()) return {store.status().message()};
  rules::MatchScratch scratch(compiled);
  FeedProcessor processor(rules, compiled, alert_on_all(), scratch, store.value());
  config::FeedConfig feed = feed_config("https://feed" + std::to_string(worker) + ".example/rss");
  for (int fetch = 0; fetch < kFetchesPerWorker; ++fetch) {
    Item shared{"shared-" + std::to_string(worker), "DeepSeek on export controls",
                "https://news.example.org/shared-story", "Same story everywhere."};
    Item own{"own-" + std::to_string(fetch), "DeepSeek item " + std::to_string(fetch),
             "https://feed" + std::to_string(worker) + ".example/" + std::to_string(fetch), "Text."};
    std::string body = rss({shared, own});
    feed::Document document{body, "application/rss+xml", "", feed.url};
    ProcessingOutcome outcome = processor.process_and_commit(feed, document, FetchFacts{{}, kNow + fetch, kNow});
    if (auto* failure = std::get_if<ProcessingFailure>(&outcome)) failures.push_back(failure->message);
  }
  return failures;
}

}  // namespace

TEST_CASE("Workers on their own connections share one state file and one story fires once", "[pipeline]") {
  TemporaryFolder folder;
  std::filesystem::path state_file = folder.path() / "state.db";
  auto rules = parse_rules("rules:\n  - name: deepseek\n    query: deepseek\n    notify: [console]\n");
  rules::CompiledRuleSet compiled = compile(rules);
  open_store(state_file);  // create the schema once, as the daemon does at start-up

  std::vector<std::vector<std::string>> failures(kWorkers);
  std::vector<std::thread> workers;
  for (int worker = 0; worker < kWorkers; ++worker) {
    workers.emplace_back([&, worker] { failures[worker] = run_worker(worker, state_file, rules, compiled); });
  }
  for (std::thread& thread : workers) thread.join();
  for (const auto& messages : failures) CHECK(messages == std::vector<std::string>{});

  state::StateStore store = open_store(state_file);
  CHECK(store.outbox().alert_exists("deepseek", "https://news.example.org/shared-story").value());
  auto listed = store.outbox().list(1000, false);
  REQUIRE(listed.ok());
  CHECK(listed.value().size() == 1 + kWorkers * kFetchesPerWorker);  // the shared story once
}
