#include "daemon/service/processing_pool.h"

namespace feedwatch::service {

// Never creates the file: one deleted under the daemon must not come back
// empty here while the loop still holds the old one (FeedService notices).
state::StateStore* WorkerContext::store(std::string* error) {
  if (store_) return &*store_;
  state::StoreOptions options;
  options.create_if_missing = false;
  options.require_writable = true;
  auto opened = state::StateStore::open(state_path_, options);
  if (!opened.ok()) {
    *error = opened.status().message();
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

ProcessingPool::ProcessingPool(std::filesystem::path state_path, std::size_t threads) {
  for (std::size_t i = 0; i < threads; ++i) {
    threads_.emplace_back([this, state_path] { work(state_path); });
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

void ProcessingPool::work(std::filesystem::path state_path) {
  WorkerContext context(std::move(state_path));
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
