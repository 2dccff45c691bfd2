// Glue between the admission queue (who may start), the transfers (what one
// fetch does) and the multi driver (the event loop). Callbacks are posted to
// the loop so a caller's on_done can safely call fetch() or cancel_all().
#include "daemon/fetch/http_fetcher.h"

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <cctype>
#include <unordered_map>
#include <utility>

#include "daemon/fetch/curl_handles.h"
#include "daemon/fetch/curl_multi_driver.h"
#include "daemon/fetch/fetch_admission.h"
#include "daemon/fetch/fetch_transfer.h"

namespace feedwatch::fetch {
namespace {

using Clock = std::chrono::steady_clock;

// The per-host key: the lower-cased host name, or "" for file:// and for
// URLs curl cannot parse (those fail at once, so they need no limit).
std::string host_of(const std::string& url) {
  CurlUrl parsed(curl_url());
  if (!parsed || curl_url_set(parsed.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) return {};
  char* host = nullptr;
  if (curl_url_get(parsed.get(), CURLUPART_HOST, &host, 0) != CURLUE_OK) return {};
  std::string key(host);
  curl_free(host);
  std::transform(key.begin(), key.end(), key.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return key;
}

// The result for a fetch that never reached libcurl.
FetchResult unstarted_result(const std::string& url, FetchErrorKind kind, const std::string& what) {
  FetchResult result;
  result.requested_url = url;
  result.final_url = url;
  result.error = kind;
  result.error_message = url + ": " + what;
  return result;
}

}  // namespace

class HttpFetcher::Impl {
 public:
  Impl(boost::asio::io_context& loop, HttpFetcherLimits limits);
  ~Impl();

  void fetch(FetchRequest request, Completion on_done);
  void cancel_all();
  std::size_t running_count() const { return running_.size(); }
  std::size_t queued_count() const { return queued_.size(); }

 private:
  struct QueuedFetch {
    FetchRequest request;
    Completion on_done;
    std::string host;
    Clock::time_point queued_at;
  };
  struct RunningFetch {
    std::unique_ptr<FetchTransfer> transfer;
    Completion on_done;
    std::string host;
  };

  void start_admitted();
  void start(QueuedFetch queued);
  void on_hop_done(CURL* handle, CURLcode code);
  void finish(CURL* handle, FetchResult result);
  void deliver(Completion on_done, FetchResult result);

  boost::asio::io_context& loop_;
  FetchAdmission admission_;
  FetchAdmission::Id next_id_ = 1;
  std::unordered_map<FetchAdmission::Id, QueuedFetch> queued_;
  std::unordered_map<CURL*, RunningFetch> running_;
  bool admitting_ = false;
  // Declared last, so destroyed first: ~Impl has removed every handle by
  // then, and the easy handles in running_ are cleaned up after the multi.
  CurlMultiDriver driver_;
};

HttpFetcher::Impl::Impl(boost::asio::io_context& loop, HttpFetcherLimits limits)
    : loop_(loop),
      admission_(limits.concurrency, limits.per_host),
      driver_(loop, [this](CURL* handle, CURLcode code) { on_hop_done(handle, code); }) {}

HttpFetcher::Impl::~Impl() {
  // Handles leave the multi before either is destroyed, as libcurl requires.
  for (auto& [handle, running] : running_) driver_.remove(handle);
}

void HttpFetcher::Impl::fetch(FetchRequest request, Completion on_done) {
  FetchAdmission::Id id = next_id_++;
  std::string host = host_of(request.url);
  admission_.enqueue(id, host);
  queued_.emplace(
      id, QueuedFetch{std::move(request), std::move(on_done), std::move(host), Clock::now()});
  start_admitted();
}

void HttpFetcher::Impl::start_admitted() {
  // A fetch that fails at once calls back in here through finish(); the
  // outer loop already picks up the slot it freed.
  if (admitting_) return;
  admitting_ = true;
  while (auto id = admission_.admit()) {
    auto found = queued_.find(*id);
    QueuedFetch queued = std::move(found->second);
    queued_.erase(found);
    start(std::move(queued));
  }
  admitting_ = false;
}

void HttpFetcher::Impl::start(QueuedFetch queued) {
  auto waited =
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - queued.queued_at);
  std::unique_ptr<FetchTransfer> transfer;
  try {
    transfer = std::make_unique<FetchTransfer>(queued.request, waited);
  } catch (const std::bad_alloc&) {
    // Thrown here it would escape the loop mid-admission; as a value it
    // reaches the scheduler like any other failed fetch.
    admission_.finish(queued.host);
    deliver(std::move(queued.on_done),
            unstarted_result(queued.request.url, FetchErrorKind::other, "out of memory"));
    return;
  }
  CURL* handle = transfer->handle();
  running_.emplace(
      handle, RunningFetch{std::move(transfer), std::move(queued.on_done), std::move(queued.host)});
  std::optional<FetchResult> early = running_.at(handle).transfer->start();
  if (!early && !driver_.add(handle)) early = running_.at(handle).transfer->refused();
  if (early) finish(handle, std::move(*early));
}

void HttpFetcher::Impl::on_hop_done(CURL* handle, CURLcode code) {
  auto found = running_.find(handle);
  if (found == running_.end()) return;
  driver_.remove(handle);
  std::optional<FetchResult> result = found->second.transfer->finish_hop(code);
  if (!result && !driver_.add(handle)) result = found->second.transfer->refused();
  if (result) finish(handle, std::move(*result));
}

// REQUIRES: `handle` is no longer in the multi.
void HttpFetcher::Impl::finish(CURL* handle, FetchResult result) {
  auto found = running_.find(handle);
  RunningFetch running = std::move(found->second);
  running_.erase(found);
  admission_.finish(running.host);
  deliver(std::move(running.on_done), std::move(result));
  start_admitted();
}

void HttpFetcher::Impl::deliver(Completion on_done, FetchResult result) {
  boost::asio::post(loop_, [on_done = std::move(on_done), result = std::move(result)]() mutable {
    on_done(std::move(result));
  });
}

void HttpFetcher::Impl::cancel_all() {
  for (auto& [id, queued] : queued_) {
    deliver(std::move(queued.on_done),
            unstarted_result(queued.request.url, FetchErrorKind::cancelled, "fetch cancelled"));
  }
  queued_.clear();
  admission_.clear_queue();
  for (auto& [handle, running] : running_) {
    driver_.remove(handle);
    admission_.finish(running.host);
    deliver(std::move(running.on_done), running.transfer->cancelled());
  }
  running_.clear();
}

HttpFetcher::HttpFetcher(boost::asio::io_context& loop, HttpFetcherLimits limits)
    : impl_(std::make_unique<Impl>(loop, limits)) {}

HttpFetcher::~HttpFetcher() = default;

void HttpFetcher::fetch(FetchRequest request, Completion on_done) {
  impl_->fetch(std::move(request), std::move(on_done));
}

void HttpFetcher::cancel_all() { impl_->cancel_all(); }

std::size_t HttpFetcher::running_count() const { return impl_->running_count(); }

std::size_t HttpFetcher::queued_count() const { return impl_->queued_count(); }

}  // namespace feedwatch::fetch
