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

// Version 4: story identity from the text (docs/state-schema.md). The SimHash
// bands and headline words give way to each sighting's encoded text (title
// words, openings, content sketch) and its 19 index keys, each indexed, so a
// copy is found by a few seeks; sightings recorded before keep their story
// but have no text to be found by. And every later sighting of an alert's
// story, delivered or not, is kept with the alert with why it was joined.
constexpr std::string_view kStoryTexts = R"sql(
DROP INDEX story_sightings_band0;
DROP INDEX story_sightings_band1;
DROP INDEX story_sightings_band2;
DROP INDEX story_sightings_band3;
ALTER TABLE story_sightings DROP COLUMN fingerprint;
ALTER TABLE story_sightings DROP COLUMN band0;
ALTER TABLE story_sightings DROP COLUMN band1;
ALTER TABLE story_sightings DROP COLUMN band2;
ALTER TABLE story_sightings DROP COLUMN band3;
ALTER TABLE story_sightings DROP COLUMN headline_words;
ALTER TABLE story_sightings ADD COLUMN story_text BLOB;
ALTER TABLE story_sightings ADD COLUMN key0 INTEGER;
ALTER TABLE story_sightings ADD COLUMN key1 INTEGER;
ALTER TABLE story_sightings ADD COLUMN key2 INTEGER;
ALTER TABLE story_sightings ADD COLUMN key3 INTEGER;
ALTER TABLE story_sightings ADD COLUMN key4 INTEGER;
ALTER TABLE story_sightings ADD COLUMN key5 INTEGER;
ALTER TABLE story_sightings ADD COLUMN key6 INTEGER;
ALTER TABLE story_sightings ADD COLUMN key7 INTEGER;
ALTER TABLE story_sightings ADD COLUMN key8 INTEGER;
ALTER TABLE story_sightings ADD COLUMN key9 INTEGER;
ALTER TABLE story_sightings ADD COLUMN key10 INTEGER;
ALTER TABLE story_sightings ADD COLUMN key11 INTEGER;
ALTER TABLE story_sightings ADD COLUMN key12 INTEGER;
ALTER TABLE story_sightings ADD COLUMN key13 INTEGER;
ALTER TABLE story_sightings ADD COLUMN key14 INTEGER;
ALTER TABLE story_sightings ADD COLUMN key15 INTEGER;
ALTER TABLE story_sightings ADD COLUMN key16 INTEGER;
ALTER TABLE story_sightings ADD COLUMN key17 INTEGER;
ALTER TABLE story_sightings ADD COLUMN key18 INTEGER;
CREATE INDEX story_sightings_key0 ON story_sightings (key0) WHERE key0 IS NOT NULL;
CREATE INDEX story_sightings_key1 ON story_sightings (key1) WHERE key1 IS NOT NULL;
CREATE INDEX story_sightings_key2 ON story_sightings (key2) WHERE key2 IS NOT NULL;
CREATE INDEX story_sightings_key3 ON story_sightings (key3) WHERE key3 IS NOT NULL;
CREATE INDEX story_sightings_key4 ON story_sightings (key4) WHERE key4 IS NOT NULL;
CREATE INDEX story_sightings_key5 ON story_sightings (key5) WHERE key5 IS NOT NULL;
CREATE INDEX story_sightings_key6 ON story_sightings (key6) WHERE key6 IS NOT NULL;
CREATE INDEX story_sightings_key7 ON story_sightings (key7) WHERE key7 IS NOT NULL;
CREATE INDEX story_sightings_key8 ON story_sightings (key8) WHERE key8 IS NOT NULL;
CREATE INDEX story_sightings_key9 ON story_sightings (key9) WHERE key9 IS NOT NULL;
CREATE INDEX story_sightings_key10 ON story_sightings (key10) WHERE key10 IS NOT NULL;
CREATE INDEX story_sightings_key11 ON story_sightings (key11) WHERE key11 IS NOT NULL;
CREATE INDEX story_sightings_key12 ON story_sightings (key12) WHERE key12 IS NOT NULL;
CREATE INDEX story_sightings_key13 ON story_sightings (key13) WHERE key13 IS NOT NULL;
CREATE INDEX story_sightings_key14 ON story_sightings (key14) WHERE key14 IS NOT NULL;
CREATE INDEX story_sightings_key15 ON story_sightings (key15) WHERE key15 IS NOT NULL;
CREATE INDEX story_sightings_key16 ON story_sightings (key16) WHERE key16 IS NOT NULL;
CREATE INDEX story_sightings_key17 ON story_sightings (key17) WHERE key17 IS NOT NULL;
CREATE INDEX story_sightings_key18 ON story_sightings (key18) WHERE key18 IS NOT NULL;

CREATE TABLE alert_copies (
  alert_id   TEXT NOT NULL REFERENCES alerts (alert_id) ON DELETE CASCADE,
  feed       TEXT NOT NULL,
  entry_key  TEXT NOT NULL,
  link       TEXT,
  joined_by  TEXT NOT NULL CHECK (joined_by IN ('link', 'text')),
  similarity REAL,
  seen_at    INTEGER NOT NULL,
  PRIMARY KEY (alert_id, feed, entry_key)
) WITHOUT ROWID;
)sql";

// Version 5: stories merge (a later entry shows two stories to be one: its
// link is one's, its text the other's), so sightings and alerts are found
// by story too.
constexpr std::string_view kStoryMerges = R"sql(
CREATE INDEX story_sightings_by_story ON story_sightings (story_key);
CREATE INDEX alerts_by_story ON alerts (story_key);
)sql";

constexpr std::array kMigrations = {
    Migration{1, "feeds, seen entries, alerts and deliveries", kInitialSchema},
    Migration{2, "matched rules per seen entry; story sightings", kStorySightingsSchema},
    Migration{3, "alert groups and digests", kAlertGroups},
    Migration{4, "story texts and their index keys; alert copies", kStoryTexts},
    Migration{5, "story sightings by story, for merging stories", kStoryMerges},
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
