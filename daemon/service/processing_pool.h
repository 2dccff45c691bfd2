// A few worker threads for the CPU-heavy part of a fetch (parse, match,
// commit), so the event loop never waits on it (SPEC §8). Each worker owns
// its own StateStore connection and MatchScratch; jobs get them through a
// WorkerContext. submit() is thread-safe; the destructor finishes queued jobs.
#pragma once

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "daemon/state/state_store.h"
#include "rules/matcher.h"

namespace feedwatch::service {

class WorkerContext {
 public:
  WorkerContext(std::filesystem::path state_path, state::FileIdentity expected)
      : state_path_(std::move(state_path)), expected_(expected) {}

  // This worker's connection, opened on first use (the pool opens it at
  // start; never creating the file); nullptr with `*error` set when the
  // database cannot be opened, or when the path names no file or another
  // file than `expected` (the daemon's own).
  state::StateStore* store(std::string* error);
  // Scratch for `rules`, rebuilt when a reload brought a new rule set.
  rules::MatchScratch& scratch_for(const rules::CompiledRuleSet& rules);

 private:
  std::filesystem::path state_path_;
  state::FileIdentity expected_;
  std::optional<state::StateStore> store_;
  std::unique_ptr<rules::MatchScratch> scratch_;
  const rules::CompiledRuleSet* scratch_rules_ = nullptr;
};

class ProcessingPool {
 public:
  using Job = std::function<void(WorkerContext&)>;

  // `expected`: the state file the daemon opened; a worker opening its own
  // connection later refuses any other file at that path.
  ProcessingPool(std::filesystem::path state_path, state::FileIdentity expected, std::size_t threads);
  ~ProcessingPool();  // runs the queued jobs, then joins
  ProcessingPool(const ProcessingPool&) = delete;
  ProcessingPool& operator=(const ProcessingPool&) = delete;

  void submit(Job job);

 private:
  void work(std::filesystem::path state_path, state::FileIdentity expected);

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> jobs_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace feedwatch::service
