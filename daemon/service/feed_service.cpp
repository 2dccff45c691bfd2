#include "daemon/service/feed_service.h"

#include <boost/asio.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <deque>
#include <map>
#include <random>

#include "common/quantity.h"
#include "daemon/fetch/http_fetcher.h"
#include "daemon/notify/delivery_service.h"
#include "daemon/notify/notifier_factory.h"
#include "daemon/pipeline/feed_processor.h"
#include "daemon/schedule/fetch_schedule.h"
#include "daemon/service/group_closer.h"
#include "daemon/service/processing_pool.h"
#include "daemon/state/state_store.h"

namespace feedwatch::service {
namespace {

namespace asio = boost::asio;
using std::chrono::milliseconds;
using WallTime = std::chrono::time_point<std::chrono::system_clock, milliseconds>;

constexpr auto kPruneEvery = std::chrono::hours(1);
constexpr auto kStopGrace = std::chrono::seconds(7);
constexpr auto kOverdueAfter = std::chrono::minutes(15);
// How often the loop checks that the state file is still the one it opened
// (one stat(2)); it also checks after every commit.
constexpr auto kStateFileCheckEvery = std::chrono::seconds(2);
// Parsing and matching use little memory per feed; two workers keep both
// cores busy on this class of machine while the loop stays responsive.
constexpr std::size_t kWorkerThreads = 2;
// Bodies fetched but not yet processed are held in memory, and fetching is
// far faster than parsing and committing: so at most this many feeds beyond
// the fetch concurrency are in flight, which keeps memory flat however many
// feeds fall due at once (10,000 feeds measured 387 MB without it).
constexpr std::size_t kProcessingBacklog = 2 * kWorkerThreads;

WallTime wall_now() {
  return std::chrono::time_point_cast<milliseconds>(std::chrono::system_clock::now());
}

state::UnixSeconds to_unix(WallTime time) {
  return std::chrono::duration_cast<std::chrono::seconds>(time.time_since_epoch()).count();
}

WallTime from_unix(state::UnixSeconds seconds) {
  return WallTime(std::chrono::seconds(seconds));
}

// Everything the loop knows about one configured feed between fetches.
struct FeedRuntime {
  config::FeedConfig config;
  WallTime next_due;
  int consecutive_failures = 0;
  std::string etag;
  std::string last_modified;
  bool in_flight = false;
  bool disabled = false;
};

}  // namespace

class FeedService::Impl : public std::enable_shared_from_this<FeedService::Impl> {
 public:
  Impl(asio::io_context& loop, std::shared_ptr<const ActiveConfiguration> active,
       Metrics& metrics, state::StateStore store)
      : loop_(loop),
        active_(std::move(active)),
        metrics_(metrics),
        store_(std::move(store)),
        fetcher_(loop, {static_cast<std::size_t>(active_->config.fetch.concurrency),
                        static_cast<std::size_t>(active_->config.fetch.per_host)}),
        schedule_timer_(loop),
        prune_timer_(loop),
        state_file_timer_(loop),
        random_(std::random_device{}()),
        closer_(loop, store_, [this] { return current_rules(); }, [] { return to_unix(wall_now()); },
                [this] {
                  if (delivery_ && !once_done_) delivery_->poke();  // `once` drains right after
                }),
        pool_(std::make_unique<ProcessingPool>(active_->config.state_path, store_.files().database, kWorkerThreads)) {}

  void start(StateFileLost on_lost) {
    running_ = true;
    on_state_file_lost_ = std::move(on_lost);
    load_feeds(/*spread_first_fetches=*/true);
    auto* delivery = make_delivery();
    closer_.start();  // queues what fell due while the daemon was down, before the first drain
    delivery->start();
    schedule_next_wake();
    prune_soon();
    watch_state_file();
  }

  void run_once(bool all_feeds, std::function<void()> on_done) {
    running_ = true;
    once_done_ = std::move(on_done);
    load_feeds(/*spread_first_fetches=*/false);
    make_delivery();
    auto now = wall_now();
    for (auto& [url, feed] : feeds_) {
      if (!feed.disabled && (all_feeds || feed.next_due <= now)) enqueue_fetch(feed);
    }
    finish_once_if_idle();
  }

  void reload(std::shared_ptr<const ActiveConfiguration> active) {
    if (active->config.state_path != active_->config.state_path) {
      spdlog::warn("state moved to {} in the new configuration; keeping {} until a restart",
                   active->config.state_path.string(), active_->config.state_path.string());
    }
    active_ = std::move(active);
    merge_feeds();
    restart_delivery();
    schedule_next_wake();
    spdlog::info("configuration reloaded: {} feeds, {} rules, {} notifiers", feeds_.size(),
                 active_->rules.rules.size(), active_->config.notifiers.size());
  }

  void stop(std::function<void()> on_stopped) {
    stopping_ = true;
    on_stopped_ = std::move(on_stopped);
    schedule_timer_.cancel();
    prune_timer_.cancel();
    state_file_timer_.cancel();
    closer_.stop();
    for (const auto& url : waiting_to_fetch_) {
      if (auto found = feeds_.find(url); found != feeds_.end()) found->second.in_flight = false;
    }
    waiting_to_fetch_.clear();
    fetcher_.cancel_all();
    auto grace = std::make_shared<asio::steady_timer>(loop_, kStopGrace);
    grace->async_wait([self = shared_from_this(), grace](auto) { self->finish_stop(); });
    finish_stop_if_idle();
  }

  ServiceSnapshot snapshot() {
    ServiceSnapshot snapshot;
    snapshot.running = running_ && !stopping_;
    snapshot.feeds = feeds_.size();
    for (const auto& [url, feed] : feeds_) snapshot.failing_feeds += feed.consecutive_failures > 0;
    snapshot.fetches_in_flight = in_flight_;
    snapshot.last_cycle_unix = last_cycle_unix_;
    if (auto counts = store_.outbox().counts(); counts.ok()) {
      for (const auto& count : counts.value()) {
        if (count.state == state::DeliveryState::kPending) snapshot.pending_deliveries += count.count;
      }
    }
    auto overdue_before = to_unix(wall_now() - kOverdueAfter);
    if (auto overdue = store_.outbox().due(overdue_before, 1000); overdue.ok()) {
      snapshot.overdue_deliveries = static_cast<std::int64_t>(overdue.value().size());
    }
    if (auto failure = storage_failure()) {
      snapshot.storage_problem = failure->message;
      snapshot.storage_failing_since_unix = failure->since;
    }
    return snapshot;
  }

  state::Status save_state_copy(const std::filesystem::path& to) { return store_.save_copy(to); }
  const state::StateFiles& state_files() const { return store_.files(); }

 private:
  // --- feeds and their schedule ------------------------------------------

  FeedRuntime runtime_for(const config::FeedConfig& feed, bool spread_first_fetches,
                          const std::map<std::string, state::FeedState>& known) {
    FeedRuntime runtime;
    runtime.config = feed;
    auto found = known.find(feed.url);
    if (found == known.end()) {
      runtime.next_due = first_due(feed, spread_first_fetches);
      return runtime;
    }
    const auto& stored = found->second;
    runtime.next_due = from_unix(stored.next_due);
    if (never_tried(stored)) {
      runtime.next_due = std::min(runtime.next_due, first_due(feed, spread_first_fetches));
    }
    runtime.consecutive_failures = stored.consecutive_failures;
    runtime.etag = stored.validators.etag.value_or("");
    runtime.last_modified = stored.validators.last_modified.value_or("");
    runtime.disabled = stored.disabled();
    return runtime;
  }

  // SPEC §6: a feed never fetched is due within seconds, whatever its
  // interval (schedule::first_fetch_delay); `once` fetches it right away.
  WallTime first_due(const config::FeedConfig& feed, bool spread_first_fetches) {
    auto delay = spread_first_fetches ? schedule::first_fetch_delay(feed.url, feed.interval)
                                      : milliseconds(0);
    return wall_now() + delay;
  }

  // A row can exist before the feed's first fetch completed (ensure(), or a
  // crash between a redirect and the commit). Only one with no attempt on
  // record counts as never fetched: a failed first attempt keeps its backoff
  // and Retry-After across restarts, or a daemon restarted often would retry
  // a failing server at every start.
  static bool never_tried(const state::FeedState& stored) {
    return !stored.first_fetch_done && !stored.last_attempt && !stored.disabled();
  }

  std::map<std::string, state::FeedState> stored_feed_states() {
    std::map<std::string, state::FeedState> known;
    auto states = store_.feeds().load_all();
    if (!states.ok()) {
      spdlog::error("cannot read feed states: {}", states.status().message());
      return known;
    }
    for (auto& feed_state : states.value()) known.emplace(feed_state.url, std::move(feed_state));
    return known;
  }

  void load_feeds(bool spread_first_fetches) {
    auto known = stored_feed_states();
    for (const auto& feed : active_->config.feeds) {
      feeds_[feed.url] = runtime_for(feed, spread_first_fetches, known);
    }
  }

  // After a reload: keep what is known of feeds that stay, add new ones,
  // forget removed ones (a fetch still running for one is ignored).
  void merge_feeds() {
    auto known = stored_feed_states();
    std::map<std::string, FeedRuntime> merged;
    for (const auto& feed : active_->config.feeds) {
      auto existing = feeds_.find(feed.url);
      if (existing == feeds_.end()) {
        merged[feed.url] = runtime_for(feed, true, known);
        continue;
      }
      existing->second.config = feed;
      merged[feed.url] = std::move(existing->second);
    }
    feeds_ = std::move(merged);
  }

  void schedule_next_wake() {
    if (stopping_ || once_done_) return;
    std::optional<WallTime> earliest;
    for (const auto& [url, feed] : feeds_) {
      if (feed.disabled || feed.in_flight) continue;
      if (!earliest || feed.next_due < *earliest) earliest = feed.next_due;
    }
    if (!earliest) return;
    auto delay = std::max(milliseconds(0), *earliest - wall_now());
    schedule_timer_.expires_after(delay);
    schedule_timer_.async_wait([weak = weak_from_this()](boost::system::error_code error) {
      auto self = weak.lock();
      if (!error && self) self->fetch_due_feeds();
    });
  }

  void fetch_due_feeds() {
    auto now = wall_now();
    for (auto& [url, feed] : feeds_) {
      if (!feed.disabled && !feed.in_flight && feed.next_due <= now) enqueue_fetch(feed);
    }
    schedule_next_wake();
  }

  // --- one fetch --------------------------------------------------------

  // Due feeds wait here until the fetch-and-process pipeline has room.
  void enqueue_fetch(FeedRuntime& feed) {
    feed.in_flight = true;
    waiting_to_fetch_.push_back(feed.config.url);
    start_waiting_fetches();
  }

  void start_waiting_fetches() {
    std::size_t room = static_cast<std::size_t>(active_->config.fetch.concurrency) +
                       kProcessingBacklog;
    while (in_flight_ < room && !waiting_to_fetch_.empty() && !stopping_) {
      auto found = feeds_.find(waiting_to_fetch_.front());
      waiting_to_fetch_.pop_front();
      if (found != feeds_.end()) start_fetch(found->second);  // else removed by a reload
    }
  }

  void start_fetch(FeedRuntime& feed) {
    ++in_flight_;
    const auto& fetch_settings = active_->config.fetch;
    fetch::FetchRequest request{feed.config.url, feed.etag, feed.last_modified,
                                feed.config.timeout,
                                static_cast<std::size_t>(fetch_settings.max_body_bytes),
                                fetch_settings.user_agent};
    fetcher_.fetch(std::move(request), [weak = weak_from_this(), url = feed.config.url](
                                           fetch::FetchResult result) {
      if (auto self = weak.lock()) self->on_fetched(url, std::move(result));
    });
  }

  void on_fetched(const std::string& url, fetch::FetchResult result) {
    auto found = feeds_.find(url);
    if (found == feeds_.end() || result.error == fetch::FetchErrorKind::cancelled) {
      return done_with(url);
    }
    auto& feed = found->second;
    metrics_.count_fetch(result.not_modified() ? "not_modified"
                         : result.ok()         ? "ok"
                                               : std::string(fetch::error_kind_name(result.error)),
                         result.elapsed);
    if (result.permanent_redirect) note_permanent_redirect(feed, *result.permanent_redirect);
    if (result.not_modified()) return record_not_modified(feed);
    if (!result.ok()) return record_failure(feed, result);
    process_body(feed, std::move(result));
  }

  void note_permanent_redirect(FeedRuntime& feed, const std::string& new_url) {
    note_state_write(store_.feeds().record_permanent_redirect(feed.config.url, new_url));
    spdlog::warn("{}: moved permanently to {}; update the configuration", feed.config.url, new_url);
  }

  WallTime next_due_after_success(const FeedRuntime& feed) {
    return wall_now() + schedule::delay_after_success(feed.config.interval, jitter());
  }

  void record_not_modified(FeedRuntime& feed) {
    feed.consecutive_failures = 0;
    feed.next_due = next_due_after_success(feed);
    note_state_write(store_.feeds().record_not_modified(feed.config.url, to_unix(wall_now()),
                                                        to_unix(feed.next_due)));
    done_with(feed.config.url);
  }

  void record_failure(FeedRuntime& feed, const fetch::FetchResult& result) {
    auto now = wall_now();
    if (result.error == fetch::FetchErrorKind::http_status && result.status == 410) {
      feed.disabled = true;
      note_state_write(store_.feeds().disable(feed.config.url, "410 Gone", to_unix(now)));
      spdlog::warn("{}: 410 Gone; the feed is disabled (remove it from the configuration)",
                   feed.config.url);
      return done_with(feed.config.url);
    }
    std::optional<milliseconds> retry_after;
    if (result.retry_after) retry_after = *result.retry_after;
    record_failure_message(feed, result.error_message, retry_after);
  }

  void record_failure_message(FeedRuntime& feed, const std::string& message,
                              std::optional<milliseconds> retry_after) {
    auto now = wall_now();
    ++feed.consecutive_failures;
    auto delay = schedule::delay_after_failure(feed.config.interval, feed.consecutive_failures,
                                               retry_after, jitter());
    feed.next_due = now + delay;
    note_state_write(store_.feeds().record_fetch_failure(feed.config.url, message, to_unix(now),
                                                         to_unix(feed.next_due)));
    spdlog::warn("{}; failure {} in a row, next try in {}", message, feed.consecutive_failures,
                 format_duration(delay));
    done_with(feed.config.url);
  }

  // --- processing on the pool ---------------------------------------------

  // The feed takes the body's validators only once the body is committed
  // (on_processed): were the commit to fail, a conditional GET with them
  // would get a 304 and the body's new entries would never be read again.
  void process_body(FeedRuntime& feed, fetch::FetchResult result) {
    auto next_due = next_due_after_success(feed);
    pipeline::FetchFacts facts;
    if (!result.etag.empty()) facts.validators.etag = result.etag;
    if (!result.last_modified.empty()) facts.validators.last_modified = result.last_modified;
    facts.now = to_unix(wall_now());
    facts.next_due = to_unix(next_due);
    auto fetched = std::make_shared<fetch::FetchResult>(std::move(result));
    // `once` holds nothing: it commits its whole cycle before it delivers.
    bool hold = !once_done_;
    pool_->submit([weak = weak_from_this(), active = active_, feed_config = feed.config, fetched,
                   facts, hold, &loop = loop_](WorkerContext& context) {
      auto outcome = process_on_worker(*active, feed_config, *fetched, facts, hold, context);
      asio::post(loop, [weak, url = feed_config.url, next_due = from_unix(facts.next_due),
                        outcome = std::move(outcome)]() mutable {
        if (auto self = weak.lock()) self->on_processed(url, next_due, std::move(outcome));
      });
    });
  }

  static pipeline::ProcessingOutcome process_on_worker(const ActiveConfiguration& active,
                                                       const config::FeedConfig& feed,
                                                       const fetch::FetchResult& fetched,
                                                       const pipeline::FetchFacts& facts, bool hold,
                                                       WorkerContext& context) {
    std::string error;
    state::StateStore* store = context.store(&error);
    // Nothing is committed to a state file deleted or replaced meanwhile: it
    // would be lost. The loop notices too and stops the daemon.
    if (state::Status same = store ? store->check_file() : state::Status(); !same.ok()) error = same.message();
    if (!store || !error.empty()) {
      return pipeline::ProcessingFailure{pipeline::ProcessingFailure::Kind::kStateError, feed.url,
                                         feed.url + ": " + error};
    }
    const auto& compiled = *active.rules.compiled;
    auto seconds = [](auto duration) { return std::chrono::duration_cast<std::chrono::seconds>(duration).count(); };
    pipeline::StoryPolicy stories{active.config.dedupe_across_feeds, seconds(active.config.dedupe_window),
                                  hold ? seconds(active.config.dedupe_hold) : 0};
    pipeline::FeedProcessor processor(active.rules.rules, compiled,
                                      active.config.fetch.first_fetch,
                                      context.scratch_for(compiled), *store, stories,
                                      pipeline::parse_limits_of(active.config.fetch));
    feed::Document document{fetched.body, fetched.content_type, fetched.content_location,
                            fetched.final_url};
    return processor.process_and_commit(feed, document, facts);
  }

  void on_processed(const std::string& url, WallTime next_due,
                    pipeline::ProcessingOutcome outcome) {
    auto found = feeds_.find(url);
    if (found == feeds_.end()) return done_with(url);
    auto& feed = found->second;
    if (auto* failure = std::get_if<pipeline::ProcessingFailure>(&outcome)) {
      if (failure->kind == pipeline::ProcessingFailure::Kind::kStateError) {
        return on_commit_failed(feed, failure->message);
      }
      return record_failure_message(feed, failure->message, std::nullopt);
    }
    auto& processed = std::get<pipeline::ProcessedFeed>(outcome);
    store_failure_.reset();
    check_state_file();
    feed.consecutive_failures = 0;
    feed.next_due = next_due;
    feed.etag = processed.commit.validators.etag.value_or("");
    feed.last_modified = processed.commit.validators.last_modified.value_or("");
    count_processed(url, processed);
    // `once` delivers after its whole cycle, so every copy joins its alert first.
    if (processed.statistics.alerts > 0 && delivery_ && !once_done_) delivery_->poke();
    if (processed.statistics.group_members > 0) closer_.reschedule();
    done_with(url);
  }

  // The database failed, not the feed: the feed keeps its failure count and
  // its old validators (so the next fetch gets the whole body again), and is
  // fetched again on its schedule, neither spinning nor backing off for a
  // day once the disk has room again.
  void on_commit_failed(FeedRuntime& feed, const std::string& message) {
    note_storage_failure(message);
    feed.next_due = next_due_after_success(feed);
    spdlog::error("{}; nothing of this fetch is recorded, the feed is fetched again in {}", message,
                  format_duration(std::chrono::duration_cast<milliseconds>(feed.next_due - wall_now())));
    check_state_file();
    done_with(feed.config.url);
  }

  void count_processed(const std::string& url, const pipeline::ProcessedFeed& processed) {
    const auto& statistics = processed.statistics;
    metrics_.count_entries_parsed(statistics.entries_parsed);
    for (const auto& [rule, matches] : statistics.matches_per_rule) {
      metrics_.count_rule_matches(rule, matches);
    }
    for (const auto& error : processed.parse_errors) spdlog::warn("{}: {}", url, error);
    spdlog::debug("{}: {} entries ({} new, {} edited), {} alerts{}", url,
                  statistics.entries_parsed, statistics.new_entries, statistics.edited_entries,
                  statistics.alerts, statistics.first_fetch ? " (first fetch)" : "");
  }

  // Called exactly once per start_fetch, whatever the outcome.
  void done_with(const std::string& url) {
    if (auto found = feeds_.find(url); found != feeds_.end()) found->second.in_flight = false;
    --in_flight_;
    last_cycle_unix_ = to_unix(wall_now());
    if (stopping_) return finish_stop_if_idle();
    start_waiting_fetches();
    if (once_done_) return finish_once_if_idle();
    schedule_next_wake();
  }

  // --- the state file and its storage -------------------------------------

  void watch_state_file() {
    state_file_timer_.expires_after(kStateFileCheckEvery);
    state_file_timer_.async_wait([weak = weak_from_this()](boost::system::error_code error) {
      auto self = weak.lock();
      if (error || !self || !self->check_state_file()) return;
      self->watch_state_file();
    });
  }

  // In `run` only (who is told is set by start()). Returns false once the
  // file is lost; the owner is told once, and stops the service.
  bool check_state_file() {
    if (!on_state_file_lost_ || state_file_lost_) return !state_file_lost_;
    state::FileChange change = state::FileChange::kNone;
    state::Status same = store_.check_file(&change);
    if (same.ok()) return true;
    state_file_lost_ = true;
    note_storage_failure(same.message());
    on_state_file_lost_(same.message(), change);
    return false;
  }

  // A write on the loop (a 304, a failure, a redirect) also tells whether
  // the database takes writes.
  void note_state_write(const state::Status& status) {
    if (status.ok()) return store_failure_.reset();
    spdlog::error("{}", status.message());
    note_storage_failure(status.message());
  }

  void note_storage_failure(const std::string& message) {
    if (!store_failure_) store_failure_ = notify::StorageFailure{message, to_unix(wall_now()), 0};
    store_failure_->message = message;
    ++store_failure_->failed_tries;
  }

  // Delivery's pause first: it is the one that holds alerts back.
  std::optional<notify::StorageFailure> storage_failure() const {
    std::optional<notify::StorageFailure> paused = delivery_ ? delivery_->storage_failure() : std::nullopt;
    return paused ? paused : store_failure_;
  }

  // --- delivery, pruning, stopping ----------------------------------------

  // Lets the old service finish the deliveries it started before the new
  // notifiers take over, so a reload does not send an alert twice.
  void restart_delivery() {
    std::shared_ptr<notify::DeliveryService> old(std::move(delivery_));
    if (!old) return (void)make_delivery()->start();
    // Destroyed from a fresh handler, not from inside its own callback.
    old->stop(std::chrono::seconds(2), [weak = weak_from_this(), old, &loop = loop_]() mutable {
      asio::post(loop, [weak, old = std::move(old)]() mutable {
        old.reset();
        if (auto self = weak.lock(); self && !self->stopping_) self->make_delivery()->start();
      });
    });
  }

  notify::DeliveryService* make_delivery() {
    notify::DeliveryOptions options;
    options.retry = active_->config.retry;
    // Destroying the old service abandons its running deliveries: they stay
    // pending and the new service sends them (delivery is at least once).
    delivery_.reset();
    delivery_ = std::make_unique<notify::DeliveryService>(
        loop_, store_.outbox(), notify::make_notifiers(loop_, active_->config.notifiers),
        options);
    return delivery_.get();
  }

  void finish_once_if_idle() {
    if (in_flight_ > 0 || !waiting_to_fetch_.empty() || once_draining_) return;
    once_draining_ = true;
    closer_.close_due();  // `once` ends its cycle by closing what is due
    delivery_->drain_until_idle([weak = weak_from_this()](state::Status status) {
      auto self = weak.lock();
      if (!self) return;
      if (!status.ok()) spdlog::error("delivering alerts: {}", status.message());
      auto done = std::move(self->once_done_);
      if (done) done();
    });
  }

  void finish_stop_if_idle() {
    if (in_flight_ == 0) finish_stop();
  }

  void finish_stop() {
    if (!on_stopped_) return;
    auto on_stopped = std::move(on_stopped_);
    on_stopped_ = nullptr;
    if (!delivery_) return on_stopped();
    delivery_->stop(std::chrono::seconds(2), std::move(on_stopped));
  }

  void prune_soon() {
    prune_timer_.expires_after(std::chrono::minutes(1));
    prune_timer_.async_wait([weak = weak_from_this()](boost::system::error_code error) {
      auto self = weak.lock();
      if (error || !self) return;
      self->prune();
    });
  }

  // Keeps the database (and so memory) from growing with every entry ever
  // seen: SPEC §2 `retention`.
  void prune() {
    auto cutoff = to_unix(wall_now()) -
                  std::chrono::duration_cast<std::chrono::seconds>(active_->config.retention).count();
    auto seen = store_.seen().prune(cutoff);
    auto alerts = store_.outbox().prune(cutoff);
    auto groups = store_.groups().prune(cutoff);
    if (!groups.ok()) spdlog::error("pruning closed alert groups: {}", groups.status().message());
    if (!seen.ok()) spdlog::error("pruning seen entries: {}", seen.status().message());
    if (!alerts.ok()) spdlog::error("pruning alerts: {}", alerts.status().message());
    if (seen.ok() && alerts.ok() && (seen.value() > 0 || alerts.value() > 0)) {
      spdlog::info("pruned {} seen entries and {} alerts older than {}", seen.value(),
                   alerts.value(), format_duration(active_->config.retention));
    }
    prune_timer_.expires_after(kPruneEvery);
    prune_timer_.async_wait([weak = weak_from_this()](boost::system::error_code error) {
      auto self = weak.lock();
      if (!error && self) self->prune();
    });
  }

  // The rules as configured now, sharing ownership of their configuration.
  std::shared_ptr<const std::vector<rules::Rule>> current_rules() const {
    return std::shared_ptr<const std::vector<rules::Rule>>(active_, &active_->rules.rules);
  }

  schedule::JitterSample jitter() { return std::uniform_real_distribution<double>(0, 1)(random_); }

  asio::io_context& loop_;
  std::shared_ptr<const ActiveConfiguration> active_;
  Metrics& metrics_;
  state::StateStore store_;
  std::map<std::string, FeedRuntime> feeds_;
  fetch::HttpFetcher fetcher_;
  asio::steady_timer schedule_timer_;
  asio::steady_timer prune_timer_;
  asio::steady_timer state_file_timer_;
  std::mt19937_64 random_;
  std::unique_ptr<notify::DeliveryService> delivery_;
  GroupCloser closer_;
  std::deque<std::string> waiting_to_fetch_;  // due, by URL, in the order they fell due
  std::size_t in_flight_ = 0;  // fetches started and not yet done_with
  std::int64_t last_cycle_unix_ = 0;
  bool running_ = false;
  bool stopping_ = false;
  bool once_draining_ = false;
  StateFileLost on_state_file_lost_;  // set by start(): `run` watches the state file
  bool state_file_lost_ = false;
  // The last commit or loop write that failed, until one goes through.
  std::optional<notify::StorageFailure> store_failure_;
  std::function<void()> once_done_;
  std::function<void()> on_stopped_;
  // Declared last so it is destroyed first: its workers finish their jobs
  // while everything they might post back to still exists.
  std::unique_ptr<ProcessingPool> pool_;
};

std::variant<std::unique_ptr<FeedService>, std::string> FeedService::create(
    boost::asio::io_context& loop, std::shared_ptr<const ActiveConfiguration> active,
    Metrics& metrics) {
  state::StoreOptions options;
  options.require_writable = true;  // it must record every delivery it makes
  auto store = state::StateStore::open(active->config.state_path, options);
  if (!store.ok()) return store.status().message();
  auto impl = std::make_shared<Impl>(loop, std::move(active), metrics, std::move(store).value());
  return std::unique_ptr<FeedService>(new FeedService(std::move(impl)));
}

FeedService::FeedService(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}
FeedService::~FeedService() = default;
void FeedService::start(StateFileLost on_lost) { impl_->start(std::move(on_lost)); }
void FeedService::run_once(bool all_feeds, std::function<void()> on_done) {
  impl_->run_once(all_feeds, std::move(on_done));
}
void FeedService::reload(std::shared_ptr<const ActiveConfiguration> active) {
  impl_->reload(std::move(active));
}
void FeedService::stop(std::function<void()> on_stopped) { impl_->stop(std::move(on_stopped)); }
ServiceSnapshot FeedService::snapshot() const { return impl_->snapshot(); }
state::Status FeedService::save_state_copy(const std::filesystem::path& to) {
  return impl_->save_state_copy(to);
}
const state::StateFiles& FeedService::state_files() const { return impl_->state_files(); }

}  // namespace feedwatch::service
