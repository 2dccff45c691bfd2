#include "daemon/state/alert_groups.h"

#include "daemon/state/row_reader.h"

namespace feedwatch::state {

namespace {

// Notifier names never contain a newline (they are YAML map keys checked by
// the config loader), so one text column holds the list.
std::string join_lines(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& name : names) text += (text.empty() ? "" : "\n") + name;
  return text;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> names;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    names.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return names;
}

GroupKind parse_kind(std::string_view text) { return text == "digest" ? GroupKind::kDigest : GroupKind::kWindow; }

// The single integer of a one-row query, nullopt when it returned no row.
Result<std::optional<std::int64_t>> first_integer(Result<CachedStatement>& statement) {
  if (!statement.ok()) return statement.status();
  Result<bool> row = statement.value()->next_row();
  if (!row.ok()) return row.status();
  if (!row.value()) return std::optional<std::int64_t>();
  return statement.value()->column_optional_int64(0);
}

}  // namespace

std::string_view to_string(GroupKind kind) { return kind == GroupKind::kDigest ? "digest" : "window"; }

Result<bool> AlertGroups::join(const NewGroupMember& member) {
  // Checked first: a group must never be opened for a member it cannot take.
  Result<bool> known = is_member(member.rule, member.story_key);
  if (!known.ok() || known.value()) return known.ok() ? Result<bool>(false) : known;
  Result<std::int64_t> group = group_for(member);
  if (!group.ok()) return group.status();
  Status inserted = connection_->run(
      "INSERT INTO group_members (rule, story_key, group_id, entry, feed, matched, joined_at)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
      member.rule, member.story_key, group.value(), member.entry_json, member.feed_json, member.matched_json,
      member.joined_at);
  if (!inserted.ok()) return Status(inserted.code(), "rule " + member.rule + ": " + inserted.message());
  // The newest severity and notifiers win: what the rule said last.
  Status updated = connection_->run("UPDATE alert_groups SET severity = ?2, notifiers = ?3 WHERE group_id = ?1",
                                    group.value(), member.severity, join_lines(member.notifiers));
  if (!updated.ok()) return updated;
  return true;
}

Result<std::int64_t> AlertGroups::group_for(const NewGroupMember& member) {
  if (member.kind == GroupKind::kWindow) {
    Result<std::optional<std::int64_t>> open = open_window(member);
    if (!open.ok()) return open.status();
    if (open.value()) return *open.value();
    return create_group(member, 0);
  }
  for (UnixSeconds closes_at : {member.digest_at, member.next_digest_at}) {
    Result<std::optional<std::int64_t>> open = open_digest(member, closes_at);
    if (!open.ok()) return open.status();
    if (open.value()) return *open.value();
  }
  return Status(StatusCode::kConflict, "rule " + member.rule + ": the digests at " +
                                           std::to_string(member.digest_at) + " and " +
                                           std::to_string(member.next_digest_at) +
                                           " have both closed already; the entry is matched again next cycle");
}

Result<std::optional<std::int64_t>> AlertGroups::open_window(const NewGroupMember& member) {
  Result<CachedStatement> statement = connection_->prepare(
      "SELECT group_id FROM alert_groups WHERE rule = ?1 AND kind = 'window' AND alert_id IS NULL"
      " AND closes_at > ?2 ORDER BY opened_at LIMIT 1");
  if (statement.ok()) statement.value()->bind_all(member.rule, member.joined_at);
  return first_integer(statement);
}

// nullopt when the digest at `closes_at` has already closed.
Result<std::optional<std::int64_t>> AlertGroups::open_digest(const NewGroupMember& member, UnixSeconds closes_at) {
  Result<CachedStatement> statement = connection_->prepare(
      "SELECT group_id, alert_id IS NULL FROM alert_groups WHERE rule = ?1 AND kind = 'digest' AND closes_at = ?2");
  if (!statement.ok()) return statement.status();
  statement.value()->bind_all(member.rule, closes_at);
  Result<bool> row = statement.value()->next_row();
  if (!row.ok()) return row.status();
  if (!row.value()) {
    statement.value()->reset();
    Result<std::int64_t> created = create_group(member, closes_at);
    if (!created.ok()) return created.status();
    return std::optional<std::int64_t>(created.value());
  }
  if (statement.value()->column_int64(1) == 0) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>(statement.value()->column_int64(0));
}

// A window opens at joined_at, or just after the rule's latest window when a
// late match would repeat its start: the start names the alert, so it must
// differ from every earlier window's.
Result<std::int64_t> AlertGroups::create_group(const NewGroupMember& member, UnixSeconds closes_at) {
  UnixSeconds opened_at = member.joined_at;
  if (member.kind == GroupKind::kWindow) {
    Result<CachedStatement> latest =
        connection_->prepare("SELECT max(opened_at) FROM alert_groups WHERE rule = ?1 AND kind = 'window'");
    if (latest.ok()) latest.value()->bind(1, member.rule);
    Result<std::optional<std::int64_t>> latest_start = first_integer(latest);
    if (!latest_start.ok()) return latest_start.status();
    if (latest_start.value() && *latest_start.value() >= opened_at) opened_at = *latest_start.value() + 1;
    closes_at = opened_at + std::max<UnixSeconds>(member.window_seconds, 1);
  }
  Result<CachedStatement> statement = connection_->prepare(
      "INSERT INTO alert_groups (rule, kind, opened_at, closes_at, severity, notifiers)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING group_id");
  if (statement.ok()) {
    statement.value()->bind_all(member.rule, to_string(member.kind), opened_at, closes_at, member.severity,
                                join_lines(member.notifiers));
  }
  Result<std::optional<std::int64_t>> created = first_integer(statement);
  if (!created.ok()) return Status(created.status().code(), "rule " + member.rule + ": " + created.status().message());
  return created.value().value_or(0);
}

Result<bool> AlertGroups::add_also_in(std::string_view rule, std::string_view story_key,
                                      std::string_view feed_url, const std::optional<std::string>& link) {
  Status updated = connection_->run(
      "UPDATE group_members SET entry = json_set(entry, '$.also_in',"
      "   json_insert(coalesce(json_extract(entry, '$.also_in'), json_array()), '$[#]',"
      "               json_object('feed', ?3, 'link', ?4)))"
      " WHERE rule = ?1 AND story_key = ?2"
      " AND coalesce(json_extract(feed, '$.url'), '') <> ?3"
      " AND EXISTS (SELECT 1 FROM alert_groups AS g"
      "   WHERE g.group_id = group_members.group_id AND g.alert_id IS NULL)"
      " AND NOT EXISTS (SELECT 1 FROM json_each(entry, '$.also_in') AS listed"
      "   WHERE json_extract(listed.value, '$.feed') = ?3)",
      rule, story_key, feed_url, link);
  if (!updated.ok()) return updated;
  return connection_->changes() == 1;
}

Result<bool> AlertGroups::is_member(std::string_view rule, std::string_view story_key) {
  Result<CachedStatement> statement =
      connection_->prepare("SELECT 1 FROM group_members WHERE rule = ?1 AND story_key = ?2");
  if (!statement.ok()) return statement.status();
  statement.value()->bind_all(rule, story_key);
  return statement.value()->next_row();
}

Result<std::vector<OpenGroup>> AlertGroups::open_groups() {
  Result<CachedStatement> statement = connection_->prepare(
      "SELECT g.rule, g.kind, g.opened_at, g.closes_at,"
      " (SELECT count(*) FROM group_members AS m WHERE m.group_id = g.group_id)"
      " FROM alert_groups AS g WHERE g.alert_id IS NULL ORDER BY g.closes_at, g.rule");
  return map_rows<OpenGroup>(statement, [](Statement& row) {
    return OpenGroup{row.column_text(0), parse_kind(row.column_text(1)), row.column_int64(2), row.column_int64(3),
                     row.column_int64(4)};
  });
}

Result<std::optional<UnixSeconds>> AlertGroups::next_close_at() {
  Result<CachedStatement> statement =
      connection_->prepare("SELECT min(closes_at) FROM alert_groups WHERE alert_id IS NULL");
  return first_integer(statement);
}

Result<std::vector<DueGroup>> AlertGroups::due(UnixSeconds now, int member_limit) {
  Result<CachedStatement> statement = connection_->prepare(
      "SELECT group_id, rule, kind, opened_at, closes_at, severity, notifiers FROM alert_groups"
      " WHERE alert_id IS NULL AND closes_at <= ?1 ORDER BY closes_at, group_id");
  if (statement.ok()) statement.value()->bind(1, now);
  Result<std::vector<DueGroup>> groups = map_rows<DueGroup>(statement, [](Statement& row) {
    DueGroup group;
    group.group_id = row.column_int64(0);
    group.rule = row.column_text(1);
    group.kind = parse_kind(row.column_text(2));
    group.opened_at = row.column_int64(3);
    group.closes_at = row.column_int64(4);
    group.severity = row.column_text(5);
    group.notifiers = split_lines(row.column_text(6));
    return group;
  });
  if (!groups.ok()) return groups;
  for (DueGroup& group : groups.value()) {
    Status read = read_members(group, member_limit);
    if (!read.ok()) return read;
  }
  return groups;
}

Status AlertGroups::read_members(DueGroup& group, int member_limit) {
  Result<CachedStatement> members = connection_->prepare(
      "SELECT story_key, entry, feed, matched, joined_at FROM group_members WHERE group_id = ?1"
      " ORDER BY joined_at, story_key LIMIT ?2");
  if (members.ok()) members.value()->bind_all(group.group_id, static_cast<std::int64_t>(member_limit));
  auto listed = map_rows<GroupMember>(members, [](Statement& row) {
    return GroupMember{row.column_text(0), row.column_text(1), row.column_text(2), row.column_text(3),
                       row.column_int64(4)};
  });
  if (!listed.ok()) return listed.status();
  group.members = std::move(listed).value();
  Result<CachedStatement> count = connection_->prepare("SELECT count(*) FROM group_members WHERE group_id = ?1");
  if (count.ok()) count.value()->bind(1, group.group_id);
  Result<std::optional<std::int64_t>> counted = first_integer(count);
  if (!counted.ok()) return counted.status();
  group.member_count = counted.value().value_or(0);
  // Over every member, not only the listed ones: the alert says why it fired.
  Result<CachedStatement> terms = connection_->prepare(
      "SELECT term.value FROM group_members AS m, json_each(m.matched) AS term WHERE m.group_id = ?1"
      " GROUP BY term.value ORDER BY min(m.joined_at), min(m.story_key), min(term.key), term.value");
  if (terms.ok()) terms.value()->bind(1, group.group_id);
  auto matched = map_rows<std::string>(terms, [](Statement& row) { return row.column_text(0); });
  if (!matched.ok()) return matched.status();
  group.matched = std::move(matched).value();
  return Status();
}

Status AlertGroups::mark_closed(std::int64_t group_id, std::string_view alert_id) {
  Status updated = connection_->run(
      "UPDATE alert_groups SET alert_id = ?2 WHERE group_id = ?1 AND alert_id IS NULL", group_id, alert_id);
  if (!updated.ok() || connection_->changes() == 1) return updated;
  return Status(StatusCode::kNotFound, "no open group " + std::to_string(group_id));
}

Result<std::int64_t> AlertGroups::prune(UnixSeconds older_than) {
  Status deleted =
      connection_->run("DELETE FROM alert_groups WHERE alert_id IS NOT NULL AND closes_at < ?1", older_than);
  if (!deleted.ok()) return deleted;
  return connection_->changes();
}

}  // namespace feedwatch::state
