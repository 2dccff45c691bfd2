#include "daemon/state/feed_states.h"

namespace feedwatch::state {

namespace {

constexpr std::string_view kSelectFeed =
    "SELECT url, title, etag, last_modified, last_attempt, last_success, last_entries_at,"
    " last_error, consecutive_failures, next_due, disabled_reason, disabled_at,"
    " permanent_redirect, entries_seen, first_fetch_done FROM feeds";

FeedState read_feed(Statement& row) {
  FeedState feed;
  feed.url = row.column_text(0);
  feed.title = row.column_optional_text(1);
  feed.validators = {row.column_optional_text(2), row.column_optional_text(3)};
  feed.last_attempt = row.column_optional_int64(4);
  feed.last_success = row.column_optional_int64(5);
  feed.last_entries_at = row.column_optional_int64(6);
  feed.last_error = row.column_optional_text(7);
  feed.consecutive_failures = static_cast<int>(row.column_int64(8));
  feed.next_due = row.column_int64(9);
  feed.disabled_reason = row.column_optional_text(10);
  feed.disabled_at = row.column_optional_int64(11);
  feed.permanent_redirect = row.column_optional_text(12);
  feed.entries_seen = row.column_int64(13);
  feed.first_fetch_done = row.column_int64(14) != 0;
  return feed;
}

Result<std::vector<FeedState>> read_feeds(Result<CachedStatement>& statement) {
  if (!statement.ok()) return statement.status();
  std::vector<FeedState> feeds;
  for (;;) {
    Result<bool> row = statement.value()->next_row();
    if (!row.ok()) return row.status();
    if (!row.value()) return feeds;
    feeds.push_back(read_feed(*statement.value()));
  }
}

}  // namespace

Result<std::vector<FeedState>> FeedStates::load_all() {
  Result<CachedStatement> statement = connection_->prepare(std::string(kSelectFeed) + " ORDER BY url");
  return read_feeds(statement);
}

Result<std::optional<FeedState>> FeedStates::load(std::string_view url) {
  Result<CachedStatement> statement =
      connection_->prepare(std::string(kSelectFeed) + " WHERE url = ?1");
  if (statement.ok()) statement.value()->bind(1, url);
  Result<std::vector<FeedState>> feeds = read_feeds(statement);
  if (!feeds.ok()) return feeds.status();
  if (feeds.value().empty()) return std::optional<FeedState>();
  return std::optional<FeedState>(std::move(feeds.value().front()));
}

Result<std::vector<std::string>> FeedStates::due_feeds(UnixSeconds now) {
  Result<CachedStatement> statement = connection_->prepare(
      "SELECT url FROM feeds WHERE disabled_reason IS NULL AND next_due <= ?1"
      " ORDER BY next_due, url");
  if (!statement.ok()) return statement.status();
  statement.value()->bind(1, now);
  std::vector<std::string> urls;
  for (;;) {
    Result<bool> row = statement.value()->next_row();
    if (!row.ok()) return row.status();
    if (!row.value()) return urls;
    urls.push_back(statement.value()->column_text(0));
  }
}

Status FeedStates::ensure(std::string_view url, UnixSeconds next_due) {
  return connection_->run(
      "INSERT INTO feeds (url, next_due) VALUES (?1, ?2) ON CONFLICT (url) DO NOTHING", url,
      next_due);
}

Status FeedStates::record_fetch_success(std::string_view url, const FetchValidators& validators,
                                        const std::optional<std::string>& title, UnixSeconds now,
                                        UnixSeconds next_due) {
  // A 200 without an ETag clears the old one: the server stopped sending it.
  return connection_->run(
      "INSERT INTO feeds (url, title, etag, last_modified, last_attempt, last_success,"
      " last_entries_at, next_due, first_fetch_done) VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?5, ?6, 1)"
      " ON CONFLICT (url) DO UPDATE SET title = coalesce(excluded.title, title),"
      " etag = excluded.etag, last_modified = excluded.last_modified,"
      " last_attempt = ?5, last_success = ?5, last_entries_at = ?5, last_error = NULL,"
      " consecutive_failures = 0, next_due = ?6, first_fetch_done = 1",
      url, title, validators.etag, validators.last_modified, now, next_due);
}

Status FeedStates::record_not_modified(std::string_view url, UnixSeconds now,
                                       UnixSeconds next_due) {
  return connection_->run(
      "INSERT INTO feeds (url, last_attempt, last_success, next_due) VALUES (?1, ?2, ?2, ?3)"
      " ON CONFLICT (url) DO UPDATE SET last_attempt = ?2, last_success = ?2,"
      " last_error = NULL, consecutive_failures = 0, next_due = ?3",
      url, now, next_due);
}

Status FeedStates::record_fetch_failure(std::string_view url, std::string_view error,
                                        UnixSeconds now, UnixSeconds next_due) {
  return connection_->run(
      "INSERT INTO feeds (url, last_attempt, last_error, consecutive_failures, next_due)"
      " VALUES (?1, ?2, ?3, 1, ?4)"
      " ON CONFLICT (url) DO UPDATE SET last_attempt = ?2, last_error = ?3,"
      " consecutive_failures = consecutive_failures + 1, next_due = ?4",
      url, now, error, next_due);
}

Status FeedStates::disable(std::string_view url, std::string_view reason, UnixSeconds now) {
  return connection_->run(
      "INSERT INTO feeds (url, disabled_reason, disabled_at) VALUES (?1, ?2, ?3)"
      " ON CONFLICT (url) DO UPDATE SET disabled_reason = ?2, disabled_at = ?3",
      url, reason, now);
}

Status FeedStates::enable(std::string_view url, UnixSeconds next_due) {
  return connection_->run(
      "INSERT INTO feeds (url, next_due) VALUES (?1, ?2) ON CONFLICT (url) DO UPDATE SET"
      " disabled_reason = NULL, disabled_at = NULL, consecutive_failures = 0, next_due = ?2",
      url, next_due);
}

Status FeedStates::record_permanent_redirect(std::string_view url, std::string_view new_url) {
  return connection_->run(
      "INSERT INTO feeds (url, permanent_redirect) VALUES (?1, ?2)"
      " ON CONFLICT (url) DO UPDATE SET permanent_redirect = ?2",
      url, new_url);
}

Status FeedStates::remove(std::string_view url) {
  return connection_->run("DELETE FROM feeds WHERE url = ?1", url);
}

Status FeedStates::add_entries_seen(std::string_view url, std::int64_t count) {
  return connection_->run("UPDATE feeds SET entries_seen = entries_seen + ?2 WHERE url = ?1",
                          url, count);
}

}  // namespace feedwatch::state
