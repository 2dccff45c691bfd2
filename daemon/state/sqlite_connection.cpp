#include "daemon/state/sqlite_connection.h"

#include <sqlite3.h>

#include "daemon/state/sqlite_error.h"

namespace feedwatch::state {

void Connection::Closer::operator()(sqlite3* handle) const { sqlite3_close_v2(handle); }

Connection::Connection(sqlite3* handle, std::filesystem::path path)
    : handle_(handle), path_(std::move(path)) {}

Result<Connection> Connection::open(const std::filesystem::path& path, bool create) {
  sqlite3* handle = nullptr;
  // NOMUTEX: multi-thread mode; our contract is one connection per thread.
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
  int result = sqlite3_open_v2(path.c_str(), &handle, flags, nullptr);
  Connection connection(handle, path);  // owns the handle even when opening failed
  if (result != SQLITE_OK) return connection.last_error("cannot open the state database");
  sqlite3_extended_result_codes(handle, 1);
  return connection;
}

Status Connection::execute(std::string_view sql) {
  std::string text(sql);  // sqlite3_exec needs a terminated string
  if (sqlite3_exec(handle_.get(), text.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
    return last_error("cannot run `" + text.substr(0, 60) + "`");
  }
  return Status();
}

Result<CachedStatement> Connection::prepare(std::string_view sql) {
  std::string key(sql);
  auto found = statements_.find(key);
  if (found != statements_.end()) return CachedStatement(found->second);
  sqlite3_stmt* handle = nullptr;
  // PREPARE_PERSISTENT: these statements live as long as the connection.
  if (sqlite3_prepare_v3(handle_.get(), key.data(), static_cast<int>(key.size()),
                         SQLITE_PREPARE_PERSISTENT, &handle, nullptr) != SQLITE_OK) {
    return last_error("cannot prepare `" + key + "`");
  }
  auto inserted = statements_.emplace(std::move(key), Statement(handle));
  return CachedStatement(inserted.first->second);
}

std::int64_t Connection::changes() const { return sqlite3_changes64(handle_.get()); }

bool Connection::in_transaction() const { return sqlite3_get_autocommit(handle_.get()) == 0; }

bool Connection::read_only() const { return sqlite3_db_readonly(handle_.get(), "main") == 1; }

Status Connection::last_error(std::string_view context) const {
  std::string message = handle_ ? sqlite_error_text(handle_.get()) : "out of memory";
  int code = handle_ ? sqlite3_errcode(handle_.get()) & 0xff : SQLITE_NOMEM;
  StatusCode status_code =
      code == SQLITE_CONSTRAINT ? StatusCode::kConflict : StatusCode::kDatabaseError;
  return Status(status_code, path_.string() + ": " + std::string(context) + ": " + message);
}

}  // namespace feedwatch::state
