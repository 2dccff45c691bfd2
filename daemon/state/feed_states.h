// FeedStates: what the daemon remembers about each feed between fetches
// (validators, errors, schedule, disabled/redirected), one row per feed URL.
// Every write is an upsert, so a feed needs no registration before its first
// fetch. Borrows the store's Connection; used on the store's thread only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/state/sqlite_connection.h"
#include "daemon/state/status.h"
#include "daemon/state/unix_time.h"

namespace feedwatch::state {

// The HTTP validators for the next conditional GET.
struct FetchValidators {
  std::optional<std::string> etag;
  std::optional<std::string> last_modified;
};

struct FeedState {
  std::string url;
  std::optional<std::string> title;  // the feed's own title, from its last body
  FetchValidators validators;
  std::optional<UnixSeconds> last_attempt;
  std::optional<UnixSeconds> last_success;     // a 200 or 304
  std::optional<UnixSeconds> last_entries_at;  // the last 200 whose entries were committed
  std::optional<std::string> last_error;       // cleared by a success
  int consecutive_failures = 0;
  UnixSeconds next_due = 0;
  std::optional<std::string> disabled_reason;  // set means disabled, e.g. "410 Gone"
  std::optional<UnixSeconds> disabled_at;
  std::optional<std::string> permanent_redirect;  // the URL a 301/308 pointed to
  std::int64_t entries_seen = 0;  // distinct entries ever recorded; pruning does not lower it
  bool first_fetch_done = false;  // false: the next 200 is the feed's first fetch

  bool disabled() const { return disabled_reason.has_value(); }
};

class FeedStates {
 public:
  explicit FeedStates(Connection& connection) : connection_(&connection) {}

  Result<std::vector<FeedState>> load_all();
  Result<std::optional<FeedState>> load(std::string_view url);
  // Enabled feeds with next_due <= now, soonest first. Feeds without a row
  // are unknown here: the scheduler treats a configured feed it has never
  // fetched as due (or calls ensure()).
  Result<std::vector<std::string>> due_feeds(UnixSeconds now);
  // Creates the row of a newly configured feed, due at `next_due`; keeps an existing row.
  Status ensure(std::string_view url, UnixSeconds next_due);

  // A 200 whose entries are committed in the same transaction; prefer
  // StateStore::commit_fetch_result, which does both. Clears the error and
  // the failure count, stores the new validators, marks the first fetch done.
  Status record_fetch_success(std::string_view url, const FetchValidators& validators,
                              const std::optional<std::string>& title, UnixSeconds now,
                              UnixSeconds next_due);
  // A 304: the feed is healthy and its entries are unchanged.
  Status record_not_modified(std::string_view url, UnixSeconds now, UnixSeconds next_due);
  // Any failure (network, HTTP, unparsable body): increments consecutive_failures.
  Status record_fetch_failure(std::string_view url, std::string_view error, UnixSeconds now,
                              UnixSeconds next_due);
  // Stops scheduling the feed (due_feeds skips it) until enable().
  Status disable(std::string_view url, std::string_view reason, UnixSeconds now);
  Status enable(std::string_view url, UnixSeconds next_due);
  // Remembers where a permanent redirect pointed, for `status` to report.
  Status record_permanent_redirect(std::string_view url, std::string_view new_url);
  // Forgets the feed and, by cascade, its seen entries. Alerts stay.
  Status remove(std::string_view url);

  // Adds `count` to entries_seen. REQUIRES: the row exists.
  Status add_entries_seen(std::string_view url, std::int64_t count);

 private:
  Connection* connection_;
};

}  // namespace feedwatch::state
