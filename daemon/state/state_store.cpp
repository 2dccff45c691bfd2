#include "daemon/state/state_store.h"

#include <system_error>

#include "daemon/state/schema_migrations.h"
#include "daemon/state/storage_probe.h"
#include "daemon/state/transaction.h"

namespace feedwatch::state {

namespace {

// SQLite would report "unable to open database file"; say which folder is missing.
Status require_folder(const std::filesystem::path& path) {
  std::filesystem::path folder = std::filesystem::absolute(path).parent_path();
  std::error_code error;
  if (std::filesystem::is_directory(folder, error)) return Status();
  return Status(StatusCode::kNotFound,
                "cannot open the state database " + path.string() + ": the folder " +
                    folder.string() +
                    " does not exist; create it (systemd's StateDirectory= does) or point"
                    " `state:` in the configuration elsewhere");
}

Status enable_write_ahead_log(Connection& connection) {
  Result<CachedStatement> statement = connection.prepare("PRAGMA journal_mode = WAL");
  if (!statement.ok()) return statement.status();
  Result<bool> row = statement.value()->next_row();
  if (!row.ok()) return row.status();
  std::string mode = statement.value()->column_text(0);
  if (mode == "wal") return Status();
  return Status(StatusCode::kDatabaseError,
                connection.path().string() + ": cannot use write-ahead logging (journal mode " +
                    mode + "); put the state database on a local file system");
}

// WAL with synchronous=NORMAL: a commit is durable once it is in the WAL
// file, which the OS keeps across an application crash (kill -9, SPEC §6);
// only a power loss or OS crash can lose the last commits, never corrupt the
// database. FULL would fsync on every commit for that last case.
// The busy timeout comes first: switching to WAL and migrating need a lock
// that another process opening the same file (the `alerts` command while the
// daemon starts) may hold for a moment.
Status configure(Connection& connection, const StoreOptions& options) {
  Status status = connection.execute("PRAGMA busy_timeout = " +
                                     std::to_string(options.busy_timeout_milliseconds));
  if (status.ok()) status = enable_write_ahead_log(connection);
  if (status.ok()) status = connection.execute("PRAGMA synchronous = NORMAL");
  if (status.ok()) status = connection.execute("PRAGMA foreign_keys = ON");
  if (status.ok()) {  // negative: a size in KiB rather than in pages
    status = connection.execute("PRAGMA cache_size = -" +
                                std::to_string(options.page_cache_kibibytes));
  }
  return status;
}

// SQLite says "unable to open database file" or "attempt to write a
// readonly database"; add what the file system says, if it says anything.
Status explained(const Status& status, const std::filesystem::path& path) {
  StorageProbe probe = probe_storage(path);
  if (status.ok() || !probe.problem) return status;
  return Status(status.code(), status.message() + " (" + *probe.problem + ")");
}

Status require_writable(const Connection& connection, const std::filesystem::path& path) {
  if (!connection.read_only()) return Status();
  StorageProbe probe = probe_storage(path);
  std::string why = probe.problem ? *probe.problem : "the file is not writable by this user";
  return Status(StatusCode::kDatabaseError,
                "cannot write the state database " + path.string() + ": " + why +
                    "; feedwatch records every fetch and delivery there, so it does not start on a"
                    " database it cannot write: make the file and its folder writable by the service");
}

Result<Connection> open_connection(const std::filesystem::path& path, const StoreOptions& options) {
  Result<Connection> opened = Connection::open(path, options.create_if_missing);
  if (!opened.ok()) return explained(opened.status(), path);
  if (options.require_writable) {
    Status writable = require_writable(opened.value(), path);
    if (!writable.ok()) return writable;
  }
  return opened;
}

}  // namespace

StateStore::StateStore(std::unique_ptr<Connection> connection, StateFiles files)
    : connection_(std::move(connection)),
      feeds_(*connection_),
      seen_(*connection_),
      outbox_(*connection_),
      sightings_(*connection_),
      groups_(*connection_),
      files_(files) {}

// The identities are taken once the schema is in place, so the files surely
// exist (the -wal and -shm since the switch to WAL) and are the ones the
// connection holds.
Result<StateStore> StateStore::open(const std::filesystem::path& path, StoreOptions options) {
  Status folder = require_folder(path);
  if (!folder.ok()) return folder;
  Result<Connection> opened = open_connection(path, options);
  if (!opened.ok()) return opened.status();
  auto connection = std::make_unique<Connection>(std::move(opened).value());
  Status status = configure(*connection, options);
  if (status.ok()) status = migrate(*connection);
  if (!status.ok()) return explained(status, path);
  std::optional<StateFiles> files = state_files_at(path);
  if (!files) {
    return Status(StatusCode::kFileChanged,
                  "the state database " + path.string() + " vanished while it was being opened");
  }
  return StateStore(std::move(connection), *files);
}

Status StateStore::check_file(FileChange* change) const {
  const std::string path = connection_->path().string();
  FileChange found = change_since(files_.database, connection_->path());
  if (change) *change = found;
  switch (found) {
    case FileChange::kNone:
      return Status();
    case FileChange::kDeleted:
      return Status(StatusCode::kFileChanged,
                    "the state database " + path + " was deleted while feedwatch had it open");
    case FileChange::kReplaced:
      break;
  }
  return Status(StatusCode::kFileChanged, "the state database " + path +
                                              " was replaced by another file while feedwatch had it open"
                                              " (it opened " + describe(files_.database) + ")");
}

Status StateStore::save_copy(const std::filesystem::path& to) {
  return connection_->run("VACUUM INTO ?1", to.string());
}

Status StateStore::commit_fetch_result(const FetchCommit& commit) {
  Result<Transaction> transaction = Transaction::begin(*connection_);
  if (!transaction.ok()) return transaction.status();
  Status written = write_fetch_result(commit);
  if (!written.ok()) return written;  // the transaction rolls back
  return transaction.value().commit();
}

Status StateStore::merge_stories(std::string_view from, std::string_view into, UnixSeconds since,
                                 double similarity) {
  Status status = sightings_.merge_story(from, into, since);
  if (status.ok()) status = seen_.merge_story(from, into);
  if (status.ok()) status = outbox_.merge_story(from, into, similarity);
  return status;
}

// The feed row first: seen entries refer to it, and sightings to them.
Status StateStore::write_fetch_result(const FetchCommit& commit) {
  Status status = feeds_.record_fetch_success(commit.feed_url, commit.validators, commit.title,
                                              commit.now, commit.next_due);
  if (!status.ok()) return status;
  Result<std::int64_t> new_entries = seen_.record(commit.feed_url, commit.entries, commit.now);
  if (!new_entries.ok()) return new_entries.status();
  status = feeds_.add_entries_seen(commit.feed_url, new_entries.value());
  for (const NewAlert& alert : commit.alerts) {
    if (!status.ok()) break;
    status = outbox_.enqueue(alert, commit.now);
  }
  if (status.ok()) status = sightings_.record(commit.feed_url, commit.sightings);
  for (const AlertCopy& copy : commit.copies) {
    if (!status.ok()) break;
    status = outbox_.add_copy(copy).status();
  }
  for (const NewGroupMember& member : commit.group_members) {
    if (!status.ok()) break;
    status = groups_.join(member).status();
  }
  for (const GroupAlsoIn& sighting : commit.group_also_in) {
    if (!status.ok()) break;
    status = groups_.add_also_in(sighting.rule, sighting.story_key, sighting.feed, sighting.link).status();
  }
  return status;
}

Status StateStore::write_group_alert(std::int64_t group_id, const NewAlert& alert, UnixSeconds now) {
  Status status = outbox_.enqueue(alert, now);
  if (!status.ok()) return status;
  return groups_.mark_closed(group_id, alert.alert_id);
}

}  // namespace feedwatch::state
