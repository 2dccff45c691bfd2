// Connection: the move-only owner of one sqlite3 handle and of the prepared
// statements cached for it (one per distinct SQL text, prepared on first use).
// One connection per thread: it is opened in SQLite's multi-thread mode, so a
// connection and its statements must never be used by two threads at once.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "daemon/state/sqlite_statement.h"
#include "daemon/state/status.h"

struct sqlite3;

namespace feedwatch::state {

class Connection {
 public:
  // Opens the database file, creating it if absent and `create`. Only opens:
  // journal mode, pragmas and schema are the caller's policy (see
  // StateStore::open). SQLite opens a file it may not write read-only.
  static Result<Connection> open(const std::filesystem::path& path, bool create = true);

  // Runs SQL without parameters, possibly several statements (schema, PRAGMA).
  Status execute(std::string_view sql);
  // The cached statement for `sql`, prepared the first time it is asked for.
  Result<CachedStatement> prepare(std::string_view sql);

  // Runs the cached statement for `sql` with `values` bound to ?1, ?2, ...,
  // for statements that return no rows.
  template <typename... Values>
  Status run(std::string_view sql, const Values&... values) {
    Result<CachedStatement> statement = prepare(sql);
    if (!statement.ok()) return statement.status();
    statement.value()->bind_all(values...);
    return statement.value()->run();
  }

  // Rows inserted, updated or deleted by the last statement that wrote.
  std::int64_t changes() const;
  bool in_transaction() const;
  // Whether SQLite opened the file read-only (it could not open it for writing).
  bool read_only() const;
  const std::filesystem::path& path() const { return path_; }
  // A Status built from the connection's last error, prefixed by the path.
  Status last_error(std::string_view context) const;

 private:
  struct Closer {
    void operator()(sqlite3* handle) const;
  };
  Connection(sqlite3* handle, std::filesystem::path path);

  // Declared before statements_, so destroyed after them: every statement is
  // finalized before the database closes.
  std::unique_ptr<sqlite3, Closer> handle_;
  std::unordered_map<std::string, Statement> statements_;
  std::filesystem::path path_;
};

}  // namespace feedwatch::state
