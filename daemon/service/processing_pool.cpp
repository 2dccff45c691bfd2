#include "daemon/service/processing_pool.h"

namespace feedwatch::service {

// Never creates the file, nor opens one that replaced the daemon's: SQLite
// would take the old file's -wal, still at the path, for the new file's,
// and this connection's close would checkpoint it into the new file. (The
// stat leaves a moment's race; the workers open at start, before it can
// matter.) FeedService notices the replacement and stops the daemon.
state::StateStore* WorkerContext::store(std::string* error) {
  if (store_) return &*store_;
  if (state::identity_of(state_path_) != expected_) {
    *error = "the state database " + state_path_.string() + " is gone or another file than the one feedwatch " +
             "opened (" + state::describe(expected_) + ")";
    return nullptr;
  }
  state::StoreOptions options;
  options.create_if_missing = false;
  options.require_writable = true;
  auto opened = state::StateStore::open(state_path_, options);
  if (!opened.ok()) {
    *error = opened.status().message();
    return nullptr;
  }
  if (opened.value().files().database != expected_) {
    *error = "the state database " + state_path_.string() + " is another file than the one feedwatch opened (" +
             state::describe(expected_) + "): it was replaced";
    return nullptr;
  }
  store_.emplace(std::move(opened).value());
  return &*store_;
}

rules::MatchScratch& WorkerContext::scratch_for(const rules::CompiledRuleSet& rules) {
  if (!scratch_ || scratch_rules_ != &rules) {
    scratch_ = std::make_unique<rules::MatchScratch>(rules);
    scratch_rules_ = &rules;
  }
  return *scratch_;
}

ProcessingPool::ProcessingPool(std::filesystem::path state_path, state::FileIdentity expected,
                               std::size_t threads) {
  for (std::size_t i = 0; i < threads; ++i) {
    threads_.emplace_back([this, state_path, expected] { work(state_path, expected); });
  }
}

ProcessingPool::~ProcessingPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& thread : threads_) thread.join();
}

void ProcessingPool::submit(Job job) {
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back(std::move(job));
  }
  wake_.notify_one();
}

void ProcessingPool::work(std::filesystem::path state_path, state::FileIdentity expected) {
  WorkerContext context(std::move(state_path), expected);
  std::string ignored;  // opened now, while the file is surely the daemon's; else at the first job
  context.store(&ignored);
  while (true) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty()) return;  // stopping, and nothing left to do
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    job(context);
  }
}

}  // namespace feedwatch::service
