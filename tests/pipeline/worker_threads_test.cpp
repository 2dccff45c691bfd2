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
// With `own_links`, each worker's copy of the shared story has its own link
// (another site), so only its near-identical text makes it one story.
std::vector<std::string> run_worker(int worker, const std::filesystem::path& state_file,
                                    const std::vector<rules::Rule>& rules, const rules::CompiledRuleSet& compiled,
                                    bool own_links = false) {
  std::vector<std::string> failures;
  auto store = state::StateStore::open(state_file);
  if (!store.ok()) return {store.status().message()};
  rules::MatchScratch scratch(compiled);
  FeedProcessor processor(rules, compiled, alert_on_all(), scratch, store.value());
  config::FeedConfig feed = feed_config("https://feed" + std::to_string(worker) + ".example/rss");
  for (int fetch = 0; fetch < kFetchesPerWorker; ++fetch) {
    Item shared{"shared-" + std::to_string(worker), "DeepSeek on export controls",
                "https://news.example.org/shared-story", "Same story everywhere."};
    if (own_links) {
      shared.link = "https://site" + std::to_string(worker) + ".example/deepseek-controls";
      shared.title = "DeepSeek says new US export controls will slow its next model";
      shared.description = "The Chinese AI start-up said on Tuesday that the latest US curbs on Nvidia chips "
                           "would delay the training of its next large language model by several months.";
    }
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

TEST_CASE("Workers committing one story under different links at once give one alert", "[pipeline][dedupe]") {
  TemporaryFolder folder;
  std::filesystem::path state_file = folder.path() / "state.db";
  auto rules = parse_rules("rules:\n  - name: deepseek\n    query: deepseek\n    notify: [console]\n");
  rules::CompiledRuleSet compiled = compile(rules);
  open_store(state_file);

  std::vector<std::vector<std::string>> failures(kWorkers);
  std::vector<std::thread> workers;
  for (int worker = 0; worker < kWorkers; ++worker) {
    workers.emplace_back([&, worker] { failures[worker] = run_worker(worker, state_file, rules, compiled, true); });
  }
  for (std::thread& thread : workers) thread.join();
  for (const auto& messages : failures) CHECK(messages == std::vector<std::string>{});

  state::StateStore store = open_store(state_file);
  auto listed = store.outbox().list(1000, false);
  REQUIRE(listed.ok());
  CHECK(listed.value().size() == 1 + kWorkers * kFetchesPerWorker);  // the shared story once
}
