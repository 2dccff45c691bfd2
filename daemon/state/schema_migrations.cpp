#include "daemon/state/schema_migrations.h"

#include <array>
#include <string>

#include "daemon/state/transaction.h"

namespace feedwatch::state {

namespace {

// Version 1: feeds, seen entries, alerts and their outbox. The meaning of
// every column is in docs/state-schema.md.
constexpr std::string_view kInitialSchema = R"sql(
CREATE TABLE feeds (
  feed_id              INTEGER PRIMARY KEY,
  url                  TEXT NOT NULL UNIQUE,
  title                TEXT,
  etag                 TEXT,
  last_modified        TEXT,
  last_attempt         INTEGER,
  last_success         INTEGER,
  last_entries_at      INTEGER,
  last_error           TEXT,
  consecutive_failures INTEGER NOT NULL DEFAULT 0 CHECK (consecutive_failures >= 0),
  next_due             INTEGER NOT NULL DEFAULT 0,
  disabled_reason      TEXT,
  disabled_at          INTEGER,
  permanent_redirect   TEXT,
  entries_seen         INTEGER NOT NULL DEFAULT 0 CHECK (entries_seen >= 0),
  first_fetch_done     INTEGER NOT NULL DEFAULT 0 CHECK (first_fetch_done IN (0, 1))
);
CREATE INDEX feeds_due ON feeds (next_due) WHERE disabled_reason IS NULL;

CREATE TABLE seen_entries (
  feed_id      INTEGER NOT NULL REFERENCES feeds (feed_id) ON DELETE CASCADE,
  entry_key    TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  story_key    TEXT NOT NULL,
  first_seen   INTEGER NOT NULL,
  last_seen    INTEGER NOT NULL CHECK (last_seen >= first_seen),
  PRIMARY KEY (feed_id, entry_key)
) WITHOUT ROWID;
CREATE INDEX seen_entries_by_last_seen ON seen_entries (last_seen);
CREATE INDEX seen_entries_by_story ON seen_entries (story_key);

CREATE TABLE alerts (
  alert_id   TEXT PRIMARY KEY,
  rule       TEXT NOT NULL,
  story_key  TEXT NOT NULL,
  payload    TEXT NOT NULL CHECK (json_valid(payload)),
  created_at INTEGER NOT NULL,
  UNIQUE (rule, story_key)
);
CREATE INDEX alerts_by_created_at ON alerts (created_at);

CREATE TABLE deliveries (
  alert_id        TEXT NOT NULL REFERENCES alerts (alert_id) ON DELETE CASCADE,
  notifier        TEXT NOT NULL,
  state           TEXT NOT NULL DEFAULT 'pending'
                  CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  queued_at       INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  last_attempt_at INTEGER,
  last_error      TEXT,
  delivered_at    INTEGER,
  CHECK ((state = 'delivered') = (delivered_at IS NOT NULL)),
  PRIMARY KEY (alert_id, notifier)
) WITHOUT ROWID;
CREATE INDEX deliveries_pending ON deliveries (next_attempt_at) WHERE state = 'pending';
CREATE INDEX deliveries_failed ON deliveries (alert_id) WHERE state = 'failed';
)sql";

// Version 2: one alert per story (SPEC §6). Each seen entry remembers the
// rules it matched, so an edit fires only rules it did not match before; and
// each entry's story resolution, with its text fingerprint in four indexed
// 16-bit bands, so a new entry finds its story across feeds without a scan,
// and its headline's story words, which must confirm a fingerprint match.
// A sighting is deleted with its seen mark, so retention bounds both.
constexpr std::string_view kStorySightingsSchema = R"sql(
ALTER TABLE seen_entries ADD COLUMN matched_rules TEXT NOT NULL DEFAULT '';

CREATE TABLE story_sightings (
  feed_id     INTEGER NOT NULL,
  entry_key   TEXT NOT NULL,
  own_key     TEXT NOT NULL,
  story_key   TEXT NOT NULL,
  story_since INTEGER NOT NULL,
  fingerprint INTEGER,
  band0       INTEGER,
  band1       INTEGER,
  band2       INTEGER,
  band3       INTEGER,
  headline_words BLOB,
  PRIMARY KEY (feed_id, entry_key),
  FOREIGN KEY (feed_id, entry_key) REFERENCES seen_entries (feed_id, entry_key) ON DELETE CASCADE
);
CREATE INDEX story_sightings_by_own_key ON story_sightings (own_key);
CREATE INDEX story_sightings_band0 ON story_sightings (band0) WHERE band0 IS NOT NULL;
CREATE INDEX story_sightings_band1 ON story_sightings (band1) WHERE band1 IS NOT NULL;
CREATE INDEX story_sightings_band2 ON story_sightings (band2) WHERE band2 IS NOT NULL;
CREATE INDEX story_sightings_band3 ON story_sightings (band3) WHERE band3 IS NOT NULL;
)sql";

// Version 3: the open windows and digests of `group` and `digest` rules and
// their members (docs/state-schema.md). Needs no other step's tables.
constexpr std::string_view kAlertGroups = R"sql(
CREATE TABLE alert_groups (
  group_id   INTEGER PRIMARY KEY,
  rule       TEXT NOT NULL,
  kind       TEXT NOT NULL CHECK (kind IN ('window', 'digest')),
  opened_at  INTEGER NOT NULL,
  closes_at  INTEGER NOT NULL,
  severity   TEXT NOT NULL,
  notifiers  TEXT NOT NULL,
  alert_id   TEXT
);
CREATE UNIQUE INDEX alert_groups_windows ON alert_groups (rule, opened_at) WHERE kind = 'window';
CREATE UNIQUE INDEX alert_groups_digests ON alert_groups (rule, closes_at) WHERE kind = 'digest';
CREATE INDEX alert_groups_open ON alert_groups (closes_at) WHERE alert_id IS NULL;

CREATE TABLE group_members (
  rule      TEXT NOT NULL,
  story_key TEXT NOT NULL,
  group_id  INTEGER NOT NULL REFERENCES alert_groups (group_id) ON DELETE CASCADE,
  entry     TEXT NOT NULL CHECK (json_valid(entry)),
  feed      TEXT NOT NULL CHECK (json_valid(feed)),
  matched   TEXT NOT NULL CHECK (json_valid(matched)),
  joined_at INTEGER NOT NULL,
  PRIMARY KEY (rule, story_key)
) WITHOUT ROWID;
CREATE INDEX group_members_by_group ON group_members (group_id, joined_at);
)sql";

constexpr std::array kMigrations = {
    Migration{1, "feeds, seen entries, alerts and deliveries", kInitialSchema},
    Migration{2, "matched rules per seen entry; story sightings", kStorySightingsSchema},
    Migration{3, "alert groups and digests", kAlertGroups},
};

Status too_new(const Connection& connection, int found, int latest) {
  return Status(StatusCode::kIncompatibleSchema,
                connection.path().string() + ": the state database has schema version " +
                    std::to_string(found) + " but this feedwatch knows only up to version " +
                    std::to_string(latest) +
                    "; run a newer feedwatch, or restore a backup made by this version");
}

// PRAGMA takes no bound parameters; the number is our own constant, never input.
Status write_schema_version(Connection& connection, int version) {
  return connection.execute("PRAGMA user_version = " + std::to_string(version));
}

Status apply_step(Connection& connection, const Migration& migration, int latest) {
  Result<Transaction> transaction = Transaction::begin(connection);
  if (!transaction.ok()) return transaction.status();
  // Read under the write lock: another process may have migrated meanwhile.
  Result<int> version = read_schema_version(connection);
  if (!version.ok()) return version.status();
  if (version.value() > latest) return too_new(connection, version.value(), latest);
  if (version.value() >= migration.version) return Status();  // rolls back nothing
  Status applied = connection.execute(migration.sql);
  if (applied.ok()) applied = write_schema_version(connection, migration.version);
  if (!applied.ok()) return applied;
  return transaction.value().commit();
}

}  // namespace

std::span<const Migration> schema_migrations() { return kMigrations; }

int latest_schema_version(std::span<const Migration> migrations) {
  return migrations.empty() ? 0 : migrations.back().version;
}

Result<int> read_schema_version(Connection& connection) {
  Result<CachedStatement> statement = connection.prepare("PRAGMA user_version");
  if (!statement.ok()) return statement.status();
  Result<bool> row = statement.value()->next_row();
  if (!row.ok()) return row.status();
  return static_cast<int>(statement.value()->column_int64(0));
}

Status migrate(Connection& connection, std::span<const Migration> migrations) {
  int latest = latest_schema_version(migrations);
  Result<int> version = read_schema_version(connection);
  if (!version.ok()) return version.status();
  if (version.value() > latest) return too_new(connection, version.value(), latest);
  for (const Migration& migration : migrations) {
    if (migration.version <= version.value()) continue;
    Status applied = apply_step(connection, migration, latest);
    if (!applied.ok()) {
      return Status(applied.code(), applied.message() + " (migration " +
                                        std::to_string(migration.version) + ": " +
                                        std::string(migration.description) + ")");
    }
  }
  return Status();
}

}  // namespace feedwatch::state
