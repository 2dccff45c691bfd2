#include "daemon/pipeline/match_selection.h"

#include <chrono>

namespace feedwatch::pipeline {
namespace {

bool is_recent(const feed::Entry& entry, std::chrono::milliseconds window, state::UnixSeconds now) {
  std::optional<feed::UnixSeconds> date = entry.published ? entry.published : entry.updated;
  if (!date) return false;
  auto window_seconds = std::chrono::duration_cast<std::chrono::seconds>(window).count();
  return *date >= now - window_seconds;
}

}  // namespace

bool alerts_on_first_fetch(const config::FirstFetchPolicy& policy, const feed::Entry& entry,
                           state::UnixSeconds now) {
  using Mode = config::FirstFetchPolicy::Mode;
  switch (policy.mode) {
    case Mode::mark_seen: return false;
    case Mode::recent: return is_recent(entry, policy.recent_window, now);
    case Mode::all: return true;
  }
  return false;
}

bool should_match(EntryChange change, const feed::Entry& entry, const FirstFetch& first_fetch,
                  state::UnixSeconds now) {
  switch (change) {
    case EntryChange::kUnchanged: return false;
    case EntryChange::kEdited: return true;
    case EntryChange::kNew: return !first_fetch.is_first || alerts_on_first_fetch(first_fetch.policy, entry, now);
  }
  return false;
}

}  // namespace feedwatch::pipeline
