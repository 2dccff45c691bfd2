// FileIdentity: which file a path named when the state database was opened
// (st_dev, st_ino), so that a file deleted or replaced under a running
// daemon is noticed: SQLite keeps writing to the open, unlinked file, and
// whatever it writes there is gone at the next start. One stat(2) per check,
// cheap enough to run before every commit. Plain values; thread-safe.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace feedwatch::state {

struct FileIdentity {
  dev_t device = 0;
  ino_t inode = 0;

  bool operator==(const FileIdentity&) const = default;
};

enum class FileChange {
  kNone,      // the path still names the file that was opened
  kDeleted,   // nothing is at the path any more
  kReplaced,  // another file is at the path (moved there, or created anew)
};

// The identity of the file at `path` now; nullopt when there is none.
std::optional<FileIdentity> identity_of(const std::filesystem::path& path);

// What became of the file `opened` identified at `path`. A stat(2) that
// fails other than with ENOENT/ENOTDIR tells nothing: kNone.
FileChange change_since(const FileIdentity& opened, const std::filesystem::path& path);

// "device 8:1, inode 1234", for messages.
std::string describe(const FileIdentity& identity);

// The database file and the -wal and -shm files SQLite keeps beside it in
// WAL mode, as they were when a connection opened them.
struct StateFiles {
  FileIdentity database;
  std::optional<FileIdentity> wal;
  std::optional<FileIdentity> shm;
};

// `database` and its companions as they are now. REQUIRES: the database exists.
std::optional<StateFiles> state_files_at(const std::filesystem::path& database);

// SQLite will not checkpoint a database file that was deleted or replaced,
// so its last connection leaves the -wal and -shm at the path; a database
// put there later would read that -wal as its own, and be corrupted. This
// removes those of them that are still the files `opened` names. REQUIRES:
// every connection to the old file is closed. Returns what it removed.
std::vector<std::filesystem::path> remove_stale_companions(const std::filesystem::path& database,
                                                           const StateFiles& opened);

}  // namespace feedwatch::state
