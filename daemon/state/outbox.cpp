#include "daemon/state/outbox.h"

#include <algorithm>
#include <array>

#include "daemon/state/row_reader.h"

namespace feedwatch::state {

namespace {

constexpr std::array<std::string_view, 3> kStateNames = {"pending", "delivered", "failed"};
constexpr std::array<std::string_view, 2> kJoinNames = {"link", "text"};

DeliveryState parse_state(std::string_view text) {
  for (std::size_t index = 0; index < kStateNames.size(); ++index) {
    if (kStateNames[index] == text) return static_cast<DeliveryState>(index);
  }
  assert(false && "the CHECK constraint admits only the three states");
  return DeliveryState::kPending;
}

DueDelivery read_due(Statement& row) {
  return {row.column_text(0), row.column_text(1), row.column_text(2),
          static_cast<int>(row.column_int64(3)), row.column_int64(4)};
}

DeliveryStatus read_delivery(Statement& row, int first) {
  return {row.column_text(first), parse_state(row.column_text(first + 1)),
          static_cast<int>(row.column_int64(first + 2)), row.column_int64(first + 3),
          row.column_optional_text(first + 4), row.column_optional_int64(first + 5)};
}

// Appends a row of the alerts-with-deliveries join to `alerts`, which it
// returns grouped: rows of one alert are adjacent.
void add_alert_row(Statement& row, std::vector<AlertRecord>& alerts) {
  std::string alert_id = row.column_text(0);
  if (alerts.empty() || alerts.back().alert_id != alert_id) {
    alerts.push_back({std::move(alert_id), row.column_text(1), row.column_text(2),
                      row.column_text(3), row.column_int64(4), {}});
  }
  if (row.column_optional_text(5)) alerts.back().deliveries.push_back(read_delivery(row, 5));
}

}  // namespace

std::string_view to_string(DeliveryState state) {
  return kStateNames[static_cast<std::size_t>(state)];
}

std::string_view to_string(JoinedBy joined_by) { return kJoinNames[static_cast<std::size_t>(joined_by)]; }

Status Outbox::enqueue(const NewAlert& alert, UnixSeconds now) {
  Status stored = insert_alert(alert, now);
  for (const std::string& notifier : alert.notifiers) {
    if (!stored.ok()) break;
    stored = connection_->run(
        "INSERT INTO deliveries (alert_id, notifier, queued_at, next_attempt_at)"
        " VALUES (?1, ?2, ?3, max(?3, ?4)) ON CONFLICT DO NOTHING",
        alert.alert_id, notifier, now, alert.deliver_at);
  }
  return stored;
}

// Only a conflict on alert_id is ignored here; one on (rule, story_key) under
// another id is a caller's bug and fails as a constraint error.
Status Outbox::insert_alert(const NewAlert& alert, UnixSeconds now) {
  Status inserted = connection_->run(
      "INSERT INTO alerts (alert_id, rule, story_key, payload, created_at)"
      " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (alert_id) DO NOTHING",
      alert.alert_id, alert.rule, alert.story_key, alert.payload_json, now);
  if (!inserted.ok()) {
    return Status(inserted.code(), "alert " + alert.alert_id + ": " + inserted.message());
  }
  if (connection_->changes() == 1) return Status();
  return check_same_alert(alert);
}

Status Outbox::check_same_alert(const NewAlert& alert) {
  Result<CachedStatement> statement =
      connection_->prepare("SELECT rule, story_key FROM alerts WHERE alert_id = ?1");
  if (!statement.ok()) return statement.status();
  statement.value()->bind(1, alert.alert_id);
  Result<bool> row = statement.value()->next_row();
  if (!row.ok()) return row.status();
  std::string rule = statement.value()->column_text(0);
  std::string story_key = statement.value()->column_text(1);
  if (rule == alert.rule && story_key == alert.story_key) return Status();
  return Status(StatusCode::kConflict,
                "alert id " + alert.alert_id + " is already stored for rule " + rule +
                    " and story " + story_key + ", not for rule " + alert.rule +
                    " and story " + alert.story_key);
}

Result<std::vector<DueDelivery>> Outbox::due(UnixSeconds now, int limit) {
  Result<CachedStatement> statement = connection_->prepare(
      "SELECT d.alert_id, d.notifier, a.payload, d.attempts, d.queued_at"
      " FROM deliveries AS d JOIN alerts AS a USING (alert_id)"
      " WHERE d.state = 'pending' AND d.next_attempt_at <= ?1"
      " ORDER BY d.next_attempt_at, a.created_at, d.alert_id, d.notifier LIMIT ?2");
  if (statement.ok()) statement.value()->bind_all(now, static_cast<std::int64_t>(limit));
  return read_rows<DueDelivery>(statement, [](Statement& row, std::vector<DueDelivery>& due) {
    due.push_back(read_due(row));
  });
}

Result<std::optional<UnixSeconds>> Outbox::next_attempt_at() {
  Result<CachedStatement> statement = connection_->prepare(
      "SELECT min(next_attempt_at) FROM deliveries WHERE state = 'pending'");
  if (!statement.ok()) return statement.status();
  Result<bool> row = statement.value()->next_row();
  if (!row.ok()) return row.status();
  return statement.value()->column_optional_int64(0);
}

Status Outbox::mark_delivered(std::string_view alert_id, std::string_view notifier,
                              UnixSeconds now) {
  Status updated = connection_->run(
      "UPDATE deliveries SET state = 'delivered', attempts = attempts + 1,"
      " last_attempt_at = ?3, delivered_at = ?3, last_error = NULL"
      " WHERE alert_id = ?1 AND notifier = ?2 AND state = 'pending'",
      alert_id, notifier, now);
  return require_one_changed(updated, alert_id, notifier);
}

Status Outbox::mark_attempt_failed(std::string_view alert_id, std::string_view notifier,
                                   std::string_view error, UnixSeconds now,
                                   UnixSeconds next_attempt_at) {
  Status updated = connection_->run(
      "UPDATE deliveries SET attempts = attempts + 1, last_attempt_at = ?4, last_error = ?3,"
      " next_attempt_at = ?5 WHERE alert_id = ?1 AND notifier = ?2 AND state = 'pending'",
      alert_id, notifier, error, now, next_attempt_at);
  return require_one_changed(updated, alert_id, notifier);
}

Status Outbox::mark_failed(std::string_view alert_id, std::string_view notifier,
                           std::string_view error, UnixSeconds now) {
  Status updated = connection_->run(
      "UPDATE deliveries SET state = 'failed', attempts = attempts + 1, last_attempt_at = ?4,"
      " last_error = ?3 WHERE alert_id = ?1 AND notifier = ?2 AND state = 'pending'",
      alert_id, notifier, error, now);
  return require_one_changed(updated, alert_id, notifier);
}

Status Outbox::require_one_changed(const Status& updated, std::string_view alert_id,
                                   std::string_view notifier) {
  if (!updated.ok() || connection_->changes() == 1) return updated;
  return Status(StatusCode::kNotFound, "no pending delivery of alert " + std::string(alert_id) +
                                           " to notifier " + std::string(notifier));
}

Result<std::int64_t> Outbox::requeue(std::string_view alert_id, UnixSeconds now) {
  Status updated = connection_->run(
      "UPDATE deliveries SET state = 'pending', attempts = 0, queued_at = ?2,"
      " next_attempt_at = ?2 WHERE alert_id = ?1 AND state = 'failed'",
      alert_id, now);
  if (!updated.ok()) return updated;
  return connection_->changes();
}

Result<std::int64_t> Outbox::requeue_all_failed(UnixSeconds now) {
  Status updated = connection_->run(
      "UPDATE deliveries SET state = 'pending', attempts = 0, queued_at = ?1,"
      " next_attempt_at = ?1 WHERE state = 'failed'",
      now);
  if (!updated.ok()) return updated;
  return connection_->changes();
}

Result<std::vector<AlertRecord>> Outbox::list(int limit, bool only_failed) {
  Result<CachedStatement> statement = connection_->prepare(
      "SELECT a.alert_id, a.rule, a.story_key, a.payload, a.created_at, d.notifier, d.state,"
      " d.attempts, d.next_attempt_at, d.last_error, d.delivered_at FROM"
      " (SELECT * FROM alerts WHERE ?2 = 0 OR EXISTS (SELECT 1 FROM deliveries AS f"
      "   WHERE f.alert_id = alerts.alert_id AND f.state = 'failed')"
      "  ORDER BY created_at DESC, alert_id DESC LIMIT ?1) AS a"
      " LEFT JOIN deliveries AS d USING (alert_id)"
      " ORDER BY a.created_at DESC, a.alert_id DESC, d.notifier");
  if (statement.ok()) {
    statement.value()->bind_all(static_cast<std::int64_t>(limit),
                                static_cast<std::int64_t>(only_failed ? 1 : 0));
  }
  Result<std::vector<AlertRecord>> alerts = read_rows<AlertRecord>(statement, add_alert_row);
  if (!alerts.ok()) return alerts;
  for (AlertRecord& alert : alerts.value()) {
    Result<std::vector<AlertCopy>> copies = copies_of(alert.alert_id);
    if (!copies.ok()) return copies.status();
    alert.copies = std::move(copies).value();
  }
  return alerts;
}

Result<std::vector<AlertCopy>> Outbox::copies_of(std::string_view alert_id) {
  Result<CachedStatement> statement = connection_->prepare(
      "SELECT feed, entry_key, link, joined_by, similarity, seen_at FROM alert_copies"
      " WHERE alert_id = ?1 ORDER BY seen_at, feed, entry_key");
  if (statement.ok()) statement.value()->bind(1, alert_id);
  return map_rows<AlertCopy>(statement, [alert_id](Statement& row) {
    return AlertCopy{std::string(alert_id), row.column_text(0), row.column_text(1), row.column_optional_text(2),
                     row.column_text(3) == "text" ? JoinedBy::kText : JoinedBy::kLink,
                     row.column_optional_double(4), row.column_int64(5)};
  });
}

Result<std::vector<DeliveryCount>> Outbox::counts() {
  Result<CachedStatement> statement = connection_->prepare(
      "SELECT notifier, state, count(*) FROM deliveries GROUP BY notifier, state"
      " ORDER BY notifier, state");
  return read_rows<DeliveryCount>(statement, [](Statement& row, std::vector<DeliveryCount>& counts) {
    counts.push_back(
        {row.column_text(0), parse_state(row.column_text(1)), row.column_int64(2)});
  });
}

Result<bool> Outbox::alert_exists(std::string_view rule, std::string_view story_key) {
  Result<CachedStatement> statement =
      connection_->prepare("SELECT 1 FROM alerts WHERE rule = ?1 AND story_key = ?2");
  if (!statement.ok()) return statement.status();
  statement.value()->bind_all(rule, story_key);
  return statement.value()->next_row();
}

Result<std::optional<std::string>> Outbox::alert_for(std::string_view rule, std::string_view story_key) {
  Result<CachedStatement> statement =
      connection_->prepare("SELECT alert_id FROM alerts WHERE rule = ?1 AND story_key = ?2");
  if (!statement.ok()) return statement.status();
  statement.value()->bind_all(rule, story_key);
  Result<bool> found = statement.value()->next_row();
  if (!found.ok()) return found.status();
  if (!found.value()) return std::optional<std::string>();
  return std::optional<std::string>(statement.value()->column_text(0));
}

Result<std::vector<Outbox::StoryAlert>> Outbox::alerts_of_story(std::string_view story_key) {
  Result<CachedStatement> statement = connection_->prepare(
      "SELECT alert_id, rule, EXISTS (SELECT 1 FROM deliveries AS d WHERE d.alert_id = alerts.alert_id"
      " AND d.state = 'delivered') FROM alerts WHERE story_key = ?1 ORDER BY alert_id");
  if (statement.ok()) statement.value()->bind(1, story_key);
  return map_rows<StoryAlert>(statement, [](Statement& row) {
    return StoryAlert{row.column_text(0), row.column_text(1), row.column_int64(2) != 0};
  });
}

// `other`'s own entry, then its copies, become copies of `keep`; then
// `other` goes, with its deliveries and copies.
Status Outbox::fold_alert(const StoryAlert& other, const StoryAlert& keep, double similarity) {
  Result<CachedStatement> statement = connection_->prepare(
      "SELECT json_extract(payload, '$.feed.url'), json_extract(payload, '$.entry.id'),"
      " json_extract(payload, '$.entry.link'), created_at FROM alerts WHERE alert_id = ?1");
  if (statement.ok()) statement.value()->bind(1, other.alert_id);
  auto own = map_rows<AlertCopy>(statement, [&](Statement& row) {
    return AlertCopy{keep.alert_id,       row.column_text(0), row.column_text(1), row.column_optional_text(2),
                     JoinedBy::kText,     similarity,         row.column_int64(3)};
  });
  if (!own.ok()) return own.status();
  auto copies = copies_of(other.alert_id);
  if (!copies.ok()) return copies.status();
  std::vector<AlertCopy> moved = std::move(own).value();
  for (AlertCopy& copy : copies.value()) moved.push_back(std::move(copy));
  for (AlertCopy& copy : moved) {
    copy.alert_id = keep.alert_id;
    Result<bool> added = add_copy(copy);
    if (!added.ok()) return added.status();
  }
  return connection_->run("DELETE FROM alerts WHERE alert_id = ?1", other.alert_id);
}

Status Outbox::merge_story(std::string_view from, std::string_view into, double similarity) {
  auto moving = alerts_of_story(from);
  if (!moving.ok()) return moving.status();
  for (const StoryAlert& alert : moving.value()) {
    auto existing = alerts_of_story(into);
    if (!existing.ok()) return existing.status();
    auto same_rule = std::find_if(existing.value().begin(), existing.value().end(),
                                  [&alert](const StoryAlert& other) { return other.rule == alert.rule; });
    StoryAlert keep = alert;
    if (same_rule != existing.value().end()) {
      if (alert.delivered && same_rule->delivered) continue;
      keep = alert.delivered ? alert : *same_rule;
      Status folded = fold_alert(alert.delivered ? *same_rule : alert, keep, similarity);
      if (!folded.ok()) return folded;
    }
    Status moved = connection_->run("UPDATE alerts SET story_key = ?2 WHERE alert_id = ?1", keep.alert_id, into);
    if (!moved.ok()) return moved;
  }
  return Status();
}

Result<bool> Outbox::add_copy(const AlertCopy& copy) {
  Status recorded = connection_->run(
      "INSERT INTO alert_copies (alert_id, feed, entry_key, link, joined_by, similarity, seen_at)"
      " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7 FROM alerts WHERE alert_id = ?1"
      " AND coalesce(json_extract(payload, '$.feed.url'), '') <> ?2 ON CONFLICT DO NOTHING",
      copy.alert_id, copy.feed, copy.entry_key, copy.link, to_string(copy.joined_by),
      copy.similarity, copy.seen_at);
  if (!recorded.ok()) return recorded;
  Status updated = connection_->run(
      "UPDATE alerts SET payload = json_insert(payload, '$.also_in[#]', json_object('feed', ?2, 'link', ?3))"
      " WHERE alert_id = ?1 AND json_type(payload, '$.also_in') = 'array'"
      " AND coalesce(json_extract(payload, '$.feed.url'), '') <> ?2"
      " AND EXISTS (SELECT 1 FROM deliveries AS d WHERE d.alert_id = ?1 AND d.state = 'pending')"
      " AND NOT EXISTS (SELECT 1 FROM json_each(payload, '$.also_in') AS listed"
      "   WHERE json_extract(listed.value, '$.feed') = ?2)",
      copy.alert_id, copy.feed, copy.link);
  if (!updated.ok()) return updated;
  return connection_->changes() == 1;
}

Result<std::int64_t> Outbox::prune(UnixSeconds older_than) {
  Status deleted = connection_->run(
      "DELETE FROM alerts WHERE created_at < ?1 AND NOT EXISTS (SELECT 1 FROM deliveries AS d"
      " WHERE d.alert_id = alerts.alert_id AND d.state = 'pending')",
      older_than);
  if (!deleted.ok()) return deleted;
  return connection_->changes();
}

}  // namespace feedwatch::state
