#include "daemon/service/group_closer.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "daemon/pipeline/group.h"

namespace feedwatch::service {
namespace {

// The timer is a steady clock and the instants are wall-clock: a long wait
// is cut into pieces so a wall-clock step (NTP, a resumed VM) is noticed.
constexpr std::chrono::seconds kLongestWait{60};
// After a database error (e.g. busy past its timeout), try again soon.
constexpr std::chrono::seconds kRetryAfterError{10};

}  // namespace

GroupCloser::GroupCloser(boost::asio::io_context& loop, state::StateStore& store, RulesSource rules, Clock clock,
                         std::function<void()> on_queued)
    : loop_(loop),
      store_(store),
      rules_(std::move(rules)),
      clock_(std::move(clock)),
      on_queued_(std::move(on_queued)),
      timer_(loop) {}

void GroupCloser::start() {
  running_ = true;
  close_due();
  arm_timer();
}

std::int64_t GroupCloser::close_due() {
  auto rules = rules_();
  auto closed = pipeline::close_due_groups(store_, rules ? *rules : std::vector<rules::Rule>{}, clock_());
  if (!closed.ok()) {
    spdlog::error("closing due alert groups and digests: {}; retrying in {} s", closed.status().message(),
                  kRetryAfterError.count());
    return 0;
  }
  if (closed.value() > 0) {
    spdlog::info("queued {} grouped or digest alert{}", closed.value(), closed.value() == 1 ? "" : "s");
    if (on_queued_) on_queued_();
  }
  return closed.value();
}

void GroupCloser::reschedule() {
  if (running_) arm_timer();
}

void GroupCloser::stop() {
  running_ = false;
  timer_.cancel();
}

// Whole seconds: the wait ends at or just after the instant, never before.
void GroupCloser::arm_timer() {
  auto next = store_.groups().next_close_at();
  std::chrono::seconds wait = kLongestWait;
  if (!next.ok()) {
    spdlog::error("reading when the next alert group closes: {}", next.status().message());
    wait = kRetryAfterError;
  } else if (next.value()) {
    wait = std::clamp(std::chrono::seconds(*next.value() - clock_()), std::chrono::seconds(0), kLongestWait);
  }
  timer_.expires_after(wait);
  timer_.async_wait([this, alive = std::weak_ptr<int>(lifetime_)](boost::system::error_code error) {
    if (error || alive.expired()) return;
    on_timer();
  });
}

void GroupCloser::on_timer() {
  if (!running_) return;
  close_due();
  arm_timer();
}

}  // namespace feedwatch::service
