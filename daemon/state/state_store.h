// StateStore: the daemon's persistent state in one SQLite file (WAL mode):
// feed states, seen entries, alerts and their outbox, story sightings and
// alert groups. It owns its Connection; feeds(), seen(), outbox(),
// sightings() and groups() borrow it. Callers that decide what to write by
// asking it questions open the transaction themselves (Transaction::begin).
// It remembers which file it opened, so a caller can notice the file being
// deleted or replaced under it (check_file). Not thread-safe: one store per
// thread (the scheduler's); another thread or process opens its own store.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "daemon/state/alert_groups.h"
#include "daemon/state/feed_states.h"
#include "daemon/state/file_identity.h"
#include "daemon/state/outbox.h"
#include "daemon/state/seen_entries.h"
#include "daemon/state/sqlite_connection.h"
#include "daemon/state/story_sightings.h"
#include "daemon/state/status.h"
#include "daemon/state/unix_time.h"

namespace feedwatch::state {

struct StoreOptions {
  // How long a write waits for another connection's write lock (e.g. the
  // `alerts --retry` command while the daemon runs) before failing as busy.
  int busy_timeout_milliseconds = 5000;
  // SQLite's page cache for this connection, a fixed cap. The default (2 MiB)
  // holds too little of the seen-entries index for thousands of feeds.
  int page_cache_kibibytes = 16 * 1024;
  // Create the file when it is absent. The daemon's extra connections (its
  // workers, /metrics) say no: a file deleted under the daemon must not come
  // back empty behind its back (see check_file).
  bool create_if_missing = true;
  // Fail to open, explaining why, when SQLite can only open the file
  // read-only: the daemon must record every delivery it makes, so it must
  // not start on a database it cannot write. `status` and `alerts` only read.
  bool require_writable = false;
};

// Everything one successful fetch (a 200 with a parsed body) changes.
struct FetchCommit {
  std::string feed_url;
  std::optional<std::string> title;  // nullopt keeps the stored title
  FetchValidators validators;        // as received; absent ones are cleared
  std::vector<EntryMark> entries;    // every entry in the body, new or not
  std::vector<NewAlert> alerts;      // what those entries fired
  UnixSeconds now = 0;
  UnixSeconds next_due = 0;
  std::vector<StorySighting> sightings;  // how the body's new entries were resolved to stories
  std::vector<AlertCopy> copies;         // later sightings of stories that already have an alert
  std::vector<NewGroupMember> group_members;  // what they fired of group and digest rules
  std::vector<GroupAlsoIn> group_also_in;     // later sightings of stories waiting in open groups
};

class StateStore {
 public:
  // Opens the database at `path`, creating the file (not its folder) if
  // absent, and brings its schema up to date. Fails, naming the path, when
  // the folder is missing, the file is not a database, WAL cannot be enabled,
  // or the schema is newer than this feedwatch.
  static Result<StateStore> open(const std::filesystem::path& path, StoreOptions options = {});

  // Whether the path still names the file this store opened: a kFileChanged
  // error naming the path when the file was deleted or replaced meanwhile
  // (SQLite goes on writing to the open file, which nobody will read again).
  // One stat(2).
  // `change`, when given, receives what became of the file.
  Status check_file(FileChange* change = nullptr) const;
  // The files this store opened: the database, its -wal and -shm.
  const StateFiles& files() const { return files_; }
  // Writes a copy of the database as this connection sees it to `to` (which
  // must not exist): VACUUM INTO. Works on a file already deleted, which is
  // how a daemon saves the state of a deleted file it still holds open.
  Status save_copy(const std::filesystem::path& to);

  // SPEC §6 "nothing lost": marks every entry seen, stores the alerts with
  // a pending delivery per notifier, records the sightings, copies and group
  // members, and records the fetch on the feed row. REQUIRES: inside the
  // caller's write transaction (Transaction::begin), which decides what to
  // write by asking this store inside the same transaction, so that two
  // connections committing one story cannot both alert; after a crash at
  // any instant either all of it is stored or none.
  Status write_fetch_result(const FetchCommit& commit);
  // The same in a transaction of its own, for a commit decided beforehand.
  Status commit_fetch_result(const FetchCommit& commit);

  // Queues the alert a due group became (Outbox::enqueue) and marks the
  // group closed with it. REQUIRES: inside the caller's write transaction,
  // in which the caller also read the group (groups().due()), so that a
  // crash leaves the group either open or queued, never both.
  Status write_group_alert(std::int64_t group_id, const NewAlert& alert, UnixSeconds now);

  // Stories `from` and `into` are one (a new entry's link is one's and its
  // text the other's): sightings, seen marks and alerts of `from` become
  // `into`'s, first seen at `since`; a pending alert of `from` is folded
  // into `into`'s (Outbox::merge_story). REQUIRES: inside the caller's write
  // transaction.
  Status merge_stories(std::string_view from, std::string_view into, UnixSeconds since, double similarity);

  FeedStates& feeds() { return feeds_; }
  SeenEntries& seen() { return seen_; }
  Outbox& outbox() { return outbox_; }
  StorySightings& sightings() { return sightings_; }
  AlertGroups& groups() { return groups_; }
  Connection& connection() { return *connection_; }

 private:
  StateStore(std::unique_ptr<Connection> connection, StateFiles files);

  // On the heap so feeds_, seen_ and outbox_ keep a stable address to it
  // when the store is moved.
  std::unique_ptr<Connection> connection_;
  FeedStates feeds_;
  SeenEntries seen_;
  Outbox outbox_;
  StorySightings sightings_;
  AlertGroups groups_;
  StateFiles files_;  // as opened
};

}  // namespace feedwatch::state
