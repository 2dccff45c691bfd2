// How draining works. A drain reads the due deliveries (one bounded query)
// and sorts each into: start now (its notifier has a free slot), running
// already, waiting for a slot (kept in memory, started as slots free, so a
// completion needs no new query), or parked (its notifier is unavailable:
// left pending, untouched). Drains are posted and coalesce. Every callback
// holds the Impl alive for its own duration through a weak_ptr, so a caller
// may destroy the service from inside any callback.
//
// How a storage failure is waited out. An outcome the outbox will not take
// (its write failed for any reason but "no such pending delivery") is held
// in `unrecorded_` and delivery pauses: drains and waiting deliveries start
// nothing, so the held delivery, still pending in the database, is not sent
// again, and nothing else goes out to be lost the same way. The storage
// timer writes the held outcomes again after StoragePause's wait (1 s,
// doubling up to retry.max); once they and a read go through, delivery
// resumes. A failing read of the outbox pauses delivery the same way.
#include "daemon/notify/delivery_service.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <deque>
#include <optional>
#include <random>
#include <set>
#include <utility>
#include <vector>

#include "common/quantity.h"

namespace feedwatch::notify {
namespace {

using state::DueDelivery;
using state::UnixSeconds;

// Due rows read per drain, beyond those parked last time. Rows of one busy
// notifier past this many hide other notifiers' rows until it catches up.
constexpr std::size_t kScanLimit = 1000;
// How soon to look again when something is due that cannot start (parked,
// running): the outbox only tells the earliest due time, which is then past.
constexpr std::chrono::seconds kBusyRecheck{5};
constexpr std::chrono::seconds kIdleRecheck{2};

// A delivery in flight; its payload has gone to the notifier.
struct Attempt {
  std::string alert_id;
  std::string notifier;
  int attempts_before = 0;
  UnixSeconds queued_at = 0;
};

// An attempt's outcome as the outbox records it.
struct OutcomeRecord {
  enum class Kind { delivered, attempt_failed, failed };
  Attempt attempt;
  Kind kind = Kind::delivered;
  std::string message;               // the notifier's message, or why it failed
  UnixSeconds at = 0;                // when the attempt ended
  UnixSeconds next_attempt_at = 0;   // attempt_failed: when to try again
};

// "alert A to notifier N: cannot record that it was delivered", for errors.
std::string what_was_not_recorded(const OutcomeRecord& record) {
  static constexpr const char* kWhat[] = {"that it was delivered", "that an attempt failed",
                                          "that it failed"};
  return "alert " + record.attempt.alert_id + " to notifier " + record.attempt.notifier +
         ": cannot record " + kWhat[static_cast<int>(record.kind)];
}

enum class Verdict { start, running, waiting_for_slot, parked };

UnitRandom default_unit_random() { return seeded_unit_random(std::random_device{}()); }

}  // namespace

class DeliveryService::Impl : public std::enable_shared_from_this<Impl> {
 public:
  Impl(boost::asio::io_context& loop, state::Outbox& outbox, NotifierSet notifiers,
       DeliveryOptions options);

  void start();
  void poke() { schedule_drain(); }
  void drain_until_idle(IdleCallback on_idle);
  void stop(std::chrono::milliseconds grace, std::function<void()> on_stopped);
  void shut_down();
  const std::map<std::string, NotifierCounters>& counters() const { return counters_; }
  const std::optional<StorageFailure>& storage_failure() const { return pause_.failure(); }

 private:
  using DeliveryKey = std::pair<std::string, std::string>;  // (alert id, notifier)

  void schedule_drain();
  void drain();
  std::size_t sort_due(std::vector<DueDelivery>& due);
  Verdict judge(const DueDelivery& delivery) const;
  bool has_free_slot(const std::string& notifier) const;
  bool start_waiting(const std::string& notifier);
  void start_delivery(DueDelivery delivery);
  void on_outcome(const Attempt& attempt, DeliveryOutcome outcome);
  OutcomeRecord outcome_record(const Attempt& attempt, const DeliveryOutcome& outcome, UnixSeconds now);
  OutcomeRecord transient_record(const Attempt& attempt, const DeliveryOutcome& outcome, UnixSeconds now);
  void record(OutcomeRecord record);
  state::Status write(const OutcomeRecord& record);
  void after_recorded(const OutcomeRecord& record);
  void log_gone(const OutcomeRecord& record, const state::Status& status);
  void hold(OutcomeRecord record);
  state::Status write_unrecorded();
  void pause_after(const std::string& message);
  void arm_storage_timer(std::chrono::seconds wait);
  void retry_storage();
  void resume();
  void record_before_stopping();
  void warn_parked(const std::string& notifier);
  void arm_timer(UnixSeconds now);
  void drain_after(std::chrono::seconds wait);
  void on_database_error(const state::Status& status);
  void check_idle(bool started_any);
  void finish_idle_if_paused();
  void finish_idle_waiters(const state::Status& status);
  void check_stopped();
  void finish_stop();

  boost::asio::io_context& loop_;
  state::Outbox& outbox_;
  std::map<std::string, std::unique_ptr<Notifier>> notifiers_;
  std::map<std::string, std::string> unavailable_;  // name -> why
  DeliveryOptions options_;
  RetrySchedule schedule_;
  boost::asio::steady_timer retry_timer_;
  boost::asio::steady_timer stop_timer_;
  boost::asio::steady_timer storage_timer_;
  StoragePause pause_;
  std::map<DeliveryKey, OutcomeRecord> unrecorded_;  // outcomes the outbox has not taken yet

  std::set<DeliveryKey> in_flight_;                         // never started twice at once
  std::map<std::string, std::deque<DueDelivery>> waiting_;  // due; notifier at its cap
  std::map<std::string, NotifierCounters> counters_;
  std::set<std::string> warned_parked_;
  std::size_t parked_last_drain_ = 0;
  bool drain_scheduled_ = false;
  bool timer_wanted_ = false;  // start() was called: keep a timer for the next due time
  bool stopping_ = false;      // start nothing new
  bool shut_down_ = false;     // the service is gone: record nothing, call nothing
  std::vector<IdleCallback> idle_waiters_;
  std::optional<UnixSeconds> idle_cutoff_;
  std::function<void()> on_stopped_;
};

DeliveryService::Impl::Impl(boost::asio::io_context& loop, state::Outbox& outbox,
                            NotifierSet notifiers, DeliveryOptions options)
    : loop_(loop),
      outbox_(outbox),
      notifiers_(std::move(notifiers.available)),
      unavailable_(std::move(notifiers.unavailable)),
      options_(std::move(options)),
      schedule_(options_.retry,
                options_.unit_random ? options_.unit_random : default_unit_random()),
      retry_timer_(loop),
      stop_timer_(loop),
      storage_timer_(loop),
      pause_(options_.retry.max) {
  for (const auto& [name, reason] : unavailable_) spdlog::warn("{}", reason);
  for (const auto& [name, notifier] : notifiers_) counters_[name];
}

void DeliveryService::Impl::start() {
  timer_wanted_ = true;
  schedule_drain();
}

void DeliveryService::Impl::drain_until_idle(IdleCallback on_idle) {
  if (!idle_cutoff_) idle_cutoff_ = options_.clock();
  idle_waiters_.push_back(std::move(on_idle));
  schedule_drain();
}

void DeliveryService::Impl::schedule_drain() {
  if (drain_scheduled_ || stopping_) return;
  drain_scheduled_ = true;
  boost::asio::post(loop_, [weak = weak_from_this()] {
    if (auto self = weak.lock()) self->drain();
  });
}

void DeliveryService::Impl::drain() {
  drain_scheduled_ = false;
  if (stopping_) return;
  if (pause_.paused()) return finish_idle_if_paused();  // the storage timer resumes
  UnixSeconds now = options_.clock();
  // A `once` drain looks no later than its start, so retries cannot keep it going.
  UnixSeconds horizon = idle_cutoff_ ? std::min(now, *idle_cutoff_) : now;
  std::size_t limit = kScanLimit + parked_last_drain_;
  auto due = outbox_.due(horizon, static_cast<int>(limit));
  if (!due.ok()) return on_database_error(due.status());
  std::size_t parked_before = parked_last_drain_;
  std::size_t started = sort_due(due.value());
  // More parked rows than last time may hide startable ones behind them.
  bool rescan = due.value().size() == limit && parked_last_drain_ > parked_before;
  if (rescan) schedule_drain();
  if (timer_wanted_) arm_timer(now);
  if (!rescan) check_idle(started > 0);  // last: an idle callback may destroy the service
}

// Starts what it can; keeps the rest waiting for a slot, or parked. Returns
// how many it started.
std::size_t DeliveryService::Impl::sort_due(std::vector<DueDelivery>& due) {
  waiting_.clear();  // every waiting row is due, so this scan finds it again
  std::size_t started = 0;
  std::size_t parked = 0;
  for (DueDelivery& delivery : due) {
    switch (judge(delivery)) {
      case Verdict::start:
        start_delivery(std::move(delivery));
        ++started;
        break;
      case Verdict::waiting_for_slot:
        waiting_[delivery.notifier].push_back(std::move(delivery));
        break;
      case Verdict::parked:
        warn_parked(delivery.notifier);
        ++parked;
        break;
      case Verdict::running:
        break;
    }
  }
  parked_last_drain_ = parked;
  return started;
}

Verdict DeliveryService::Impl::judge(const DueDelivery& delivery) const {
  DeliveryKey key{delivery.alert_id, delivery.notifier};
  // Sent, its outcome not yet recorded: not to be sent again meanwhile.
  if (in_flight_.count(key) != 0 || unrecorded_.count(key) != 0) return Verdict::running;
  if (notifiers_.count(delivery.notifier) == 0) return Verdict::parked;
  return has_free_slot(delivery.notifier) ? Verdict::start : Verdict::waiting_for_slot;
}

bool DeliveryService::Impl::has_free_slot(const std::string& notifier) const {
  std::size_t cap = options_.in_flight_per_notifier;
  if (auto sink = notifiers_.find(notifier); sink != notifiers_.end() && sink->second->concurrency() > 0) {
    cap = sink->second->concurrency();
  }
  auto found = counters_.find(notifier);
  return found == counters_.end() || found->second.in_flight < cap;
}

// Starts the next delivery waiting for `notifier`, if any and a slot is free.
bool DeliveryService::Impl::start_waiting(const std::string& notifier) {
  auto found = waiting_.find(notifier);
  if (found == waiting_.end() || stopping_ || pause_.paused()) return false;
  while (!found->second.empty() && has_free_slot(notifier)) {
    DueDelivery next = std::move(found->second.front());
    found->second.pop_front();
    if (judge(next) != Verdict::start) continue;
    start_delivery(std::move(next));
    return true;
  }
  return false;
}

void DeliveryService::Impl::start_delivery(DueDelivery delivery) {
  Attempt attempt{delivery.alert_id, delivery.notifier, delivery.attempts, delivery.queued_at};
  in_flight_.insert({attempt.alert_id, attempt.notifier});
  NotifierCounters& counters = counters_[attempt.notifier];
  ++counters.attempts;
  ++counters.in_flight;
  AlertDelivery alert{std::move(delivery.alert_id), std::move(delivery.payload_json),
                      delivery.attempts + 1};
  spdlog::debug("alert {} to notifier {}: attempt {}", attempt.alert_id, attempt.notifier,
                alert.attempt);
  Notifier& notifier = *notifiers_.at(attempt.notifier);
  notifier.deliver(alert, [weak = weak_from_this(), attempt](DeliveryOutcome outcome) {
    if (auto self = weak.lock()) self->on_outcome(attempt, std::move(outcome));
  });
}

void DeliveryService::Impl::on_outcome(const Attempt& attempt, DeliveryOutcome outcome) {
  if (shut_down_) return;
  in_flight_.erase({attempt.alert_id, attempt.notifier});
  --counters_[attempt.notifier].in_flight;
  record(outcome_record(attempt, outcome, options_.clock()));
  if (!start_waiting(attempt.notifier)) schedule_drain();
  check_stopped();
}

OutcomeRecord DeliveryService::Impl::outcome_record(const Attempt& attempt, const DeliveryOutcome& outcome,
                                                    UnixSeconds now) {
  switch (outcome.kind) {
    case DeliveryOutcome::Kind::delivered:
      return {attempt, OutcomeRecord::Kind::delivered, outcome.message, now, 0};
    case DeliveryOutcome::Kind::permanent_failure:
      return {attempt, OutcomeRecord::Kind::failed, outcome.message, now, 0};
    case DeliveryOutcome::Kind::transient_failure:
      break;
  }
  return transient_record(attempt, outcome, now);
}

OutcomeRecord DeliveryService::Impl::transient_record(const Attempt& attempt, const DeliveryOutcome& outcome,
                                                      UnixSeconds now) {
  int attempts_made = attempt.attempts_before + 1;
  RetryDecision decision =
      schedule_.after_transient_failure(attempts_made, attempt.queued_at, now, outcome.retry_after);
  if (!decision.give_up) {
    return {attempt, OutcomeRecord::Kind::attempt_failed, outcome.message, now, decision.next_attempt_at};
  }
  return {attempt, OutcomeRecord::Kind::failed,
          outcome.message + " (giving up: not delivered within give_up_after " +
              format_duration(options_.retry.give_up_after) + ")",
          now, 0};
}

// While paused, an outcome joins the held ones untried: the storage timer
// writes them all, and a write per outcome would only fail again.
void DeliveryService::Impl::record(OutcomeRecord record) {
  if (pause_.paused()) return hold(std::move(record));
  state::Status written = write(record);
  if (written.ok()) return after_recorded(record);
  if (written.code() == state::StatusCode::kNotFound) return log_gone(record, written);
  std::string message = what_was_not_recorded(record) + ": " + written.message();
  hold(std::move(record));
  pause_after(message);
}

state::Status DeliveryService::Impl::write(const OutcomeRecord& record) {
  const Attempt& attempt = record.attempt;
  switch (record.kind) {
    case OutcomeRecord::Kind::delivered:
      return outbox_.mark_delivered(attempt.alert_id, attempt.notifier, record.at);
    case OutcomeRecord::Kind::attempt_failed:
      return outbox_.mark_attempt_failed(attempt.alert_id, attempt.notifier, record.message, record.at,
                                         record.next_attempt_at);
    case OutcomeRecord::Kind::failed:
      break;
  }
  return outbox_.mark_failed(attempt.alert_id, attempt.notifier, record.message, record.at);
}

void DeliveryService::Impl::after_recorded(const OutcomeRecord& record) {
  const Attempt& attempt = record.attempt;
  NotifierCounters& counters = counters_[attempt.notifier];
  switch (record.kind) {
    case OutcomeRecord::Kind::delivered:
      ++counters.delivered;
      spdlog::info("alert {} to notifier {}: delivered ({})", attempt.alert_id, attempt.notifier, record.message);
      return;
    case OutcomeRecord::Kind::attempt_failed:
      ++counters.transient_failures;
      spdlog::warn("alert {} to notifier {}: attempt {} failed: {}; next attempt in {}s", attempt.alert_id,
                   attempt.notifier, attempt.attempts_before + 1, record.message,
                   record.next_attempt_at - record.at);
      return;
    case OutcomeRecord::Kind::failed:
      break;
  }
  ++counters.failed;
  spdlog::error(
      "alert {} to notifier {} failed: {}; after fixing the cause, requeue it with "
      "`feedwatch alerts --retry {}`",
      attempt.alert_id, attempt.notifier, record.message, attempt.alert_id);
}

// The delivery is no longer pending (requeued by `alerts --retry`, folded
// into another alert): nothing to record, nothing to send again.
void DeliveryService::Impl::log_gone(const OutcomeRecord& record, const state::Status& status) {
  spdlog::error("alert {} to notifier {}: cannot record the outcome in the outbox: {}",
                record.attempt.alert_id, record.attempt.notifier, status.message());
}

void DeliveryService::Impl::hold(OutcomeRecord record) {
  DeliveryKey key{record.attempt.alert_id, record.attempt.notifier};
  unrecorded_.insert_or_assign(std::move(key), std::move(record));
}

// Writes the held outcomes in turn; stops at the first that fails.
state::Status DeliveryService::Impl::write_unrecorded() {
  while (!unrecorded_.empty()) {
    auto first = unrecorded_.begin();
    state::Status written = write(first->second);
    bool gone = written.code() == state::StatusCode::kNotFound;
    if (!written.ok() && !gone) {
      return state::Status(written.code(), what_was_not_recorded(first->second) + ": " + written.message());
    }
    if (gone) log_gone(first->second, written);
    if (!gone) after_recorded(first->second);
    unrecorded_.erase(first);
  }
  return state::Status();
}

// A write (or read) failed: the pause begins, or goes on with a longer wait.
// One error line per round of writes, so the log is bounded as the sends are.
void DeliveryService::Impl::pause_after(const std::string& message) {
  std::chrono::seconds wait = pause_.failed(message, options_.clock());
  spdlog::error(
      "{}; delivery paused: nothing more is sent until the state database takes writes again ({} "
      "outcome{} to record, next try in {}s)",
      message, unrecorded_.size(), unrecorded_.size() == 1 ? "" : "s", wait.count());
  arm_storage_timer(wait);
  schedule_drain();  // a `once` waiting for idle hears of it there
}

void DeliveryService::Impl::arm_storage_timer(std::chrono::seconds wait) {
  storage_timer_.expires_after(wait);
  storage_timer_.async_wait([weak = weak_from_this()](const boost::system::error_code& error) {
    if (error) return;
    if (auto self = weak.lock()) self->retry_storage();
  });
}

// The held outcomes, then a read: both must go through before delivery resumes.
void DeliveryService::Impl::retry_storage() {
  if (stopping_) return;
  state::Status written = write_unrecorded();
  if (written.ok()) written = outbox_.next_attempt_at().status();
  if (!written.ok()) return pause_after(written.message());
  resume();
}

void DeliveryService::Impl::resume() {
  std::optional<StorageFailure> ended = pause_.succeeded();
  if (ended) {
    spdlog::info("the state database takes writes again: delivery resumes after a pause of {}s ({} failed tries)",
                 options_.clock() - ended->since, ended->failed_tries);
  }
  schedule_drain();
}

// One last try for the held outcomes; what stays unrecorded is sent again by
// the next process, and the log says so.
void DeliveryService::Impl::record_before_stopping() {
  if (unrecorded_.empty()) return;
  state::Status written = write_unrecorded();
  if (written.ok()) return;
  spdlog::error(
      "stopping with {} delivery outcomes unrecorded ({}); those alerts are sent again after the next "
      "start (delivery is at least once)",
      unrecorded_.size(), written.message());
  unrecorded_.clear();
}

void DeliveryService::Impl::warn_parked(const std::string& notifier) {
  if (!warned_parked_.insert(notifier).second) return;
  auto reason = unavailable_.find(notifier);
  if (reason != unavailable_.end()) {
    spdlog::warn("{} (deliveries waiting)", reason->second);
    return;
  }
  spdlog::warn(
      "notifier {} is not in the configuration; its deliveries stay pending until it "
      "is configured again",
      notifier);
}

void DeliveryService::Impl::arm_timer(UnixSeconds now) {
  auto next = outbox_.next_attempt_at();
  if (!next.ok()) return pause_after("outbox: cannot read when the next delivery is due: " + next.status().message());
  if (!next.value()) {
    // Nothing pending: a poke() wakes us for new alerts, and this recheck
    // finds deliveries another process requeued (`feedwatch alerts --retry`).
    return drain_after(kIdleRecheck);
  }
  UnixSeconds at = *next.value();
  drain_after(at > now ? std::chrono::seconds(at - now) : kBusyRecheck);
}

void DeliveryService::Impl::drain_after(std::chrono::seconds wait) {
  retry_timer_.expires_after(wait);
  retry_timer_.async_wait([weak = weak_from_this()](const boost::system::error_code& error) {
    if (error) return;
    if (auto self = weak.lock()) self->schedule_drain();
  });
}

void DeliveryService::Impl::on_database_error(const state::Status& status) {
  pause_after("outbox: cannot read due deliveries: " + status.message());
  finish_idle_waiters(status);
}

void DeliveryService::Impl::check_idle(bool started_any) {
  if (idle_waiters_.empty() || started_any || !in_flight_.empty()) return;
  for (const auto& [notifier, waiting] : waiting_) {
    if (!waiting.empty()) return;
  }
  finish_idle_waiters(state::Status());
}

// A `once` waiting for idle gets the storage error once nothing runs: the
// held outcomes are then sent again by a later run (at least once).
void DeliveryService::Impl::finish_idle_if_paused() {
  if (idle_waiters_.empty() || !in_flight_.empty() || !pause_.failure()) return;
  finish_idle_waiters(state::Status(state::StatusCode::kDatabaseError, pause_.failure()->message));
}

void DeliveryService::Impl::finish_idle_waiters(const state::Status& status) {
  idle_cutoff_.reset();
  std::vector<IdleCallback> waiters = std::move(idle_waiters_);
  idle_waiters_.clear();
  for (IdleCallback& on_idle : waiters) on_idle(status);
}

void DeliveryService::Impl::stop(std::chrono::milliseconds grace,
                                 std::function<void()> on_stopped) {
  stopping_ = true;
  timer_wanted_ = false;
  retry_timer_.cancel();
  storage_timer_.cancel();
  waiting_.clear();
  on_stopped_ = std::move(on_stopped);
  stop_timer_.expires_after(grace);
  stop_timer_.async_wait([weak = weak_from_this()](const boost::system::error_code& error) {
    if (auto self = weak.lock(); self && !error) self->finish_stop();
  });
  // Posted, so nothing is called inside stop() itself.
  boost::asio::post(loop_, [waiters = std::move(idle_waiters_)] {
    for (const IdleCallback& on_idle : waiters) on_idle(state::Status());
  });
  idle_waiters_.clear();
  check_stopped();
}

void DeliveryService::Impl::check_stopped() {
  if (stopping_ && in_flight_.empty()) finish_stop();
}

void DeliveryService::Impl::finish_stop() {
  stop_timer_.cancel();
  if (!on_stopped_) return;
  record_before_stopping();
  if (!in_flight_.empty()) {
    spdlog::warn(
        "stopped with {} deliveries still running; they stay pending and are sent again "
        "on the next start",
        in_flight_.size());
  }
  boost::asio::post(loop_, std::move(on_stopped_));
  on_stopped_ = nullptr;
}

void DeliveryService::Impl::shut_down() {
  record_before_stopping();
  stopping_ = true;
  shut_down_ = true;
  retry_timer_.cancel();
  stop_timer_.cancel();
  storage_timer_.cancel();
  idle_waiters_.clear();
  waiting_.clear();
  on_stopped_ = nullptr;
}

DeliveryService::DeliveryService(boost::asio::io_context& loop, state::Outbox& outbox,
                                 NotifierSet notifiers, DeliveryOptions options)
    : impl_(std::make_shared<Impl>(loop, outbox, std::move(notifiers), std::move(options))) {}

DeliveryService::~DeliveryService() { impl_->shut_down(); }

void DeliveryService::start() { impl_->start(); }
void DeliveryService::poke() { impl_->poke(); }
void DeliveryService::drain_until_idle(IdleCallback on_idle) {
  impl_->drain_until_idle(std::move(on_idle));
}
void DeliveryService::stop(std::chrono::milliseconds grace, std::function<void()> on_stopped) {
  impl_->stop(grace, std::move(on_stopped));
}
std::map<std::string, NotifierCounters> DeliveryService::counters() const {
  return impl_->counters();
}
std::optional<StorageFailure> DeliveryService::storage_failure() const { return impl_->storage_failure(); }

}  // namespace feedwatch::notify
