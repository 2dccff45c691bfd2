// Statement: the move-only owner of one prepared sqlite3_stmt, with typed
// binding and column access; values are only ever bound, never formatted into
// SQL. CachedStatement lends a connection's cached statement for one use.
// Not thread-safe: used only by the thread that owns its Connection.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "daemon/state/status.h"

struct sqlite3_stmt;

namespace feedwatch::state {

// Bytes bound as a BLOB rather than TEXT; empty bytes bind NULL.
struct Blob {
  std::string_view bytes;
};

class Statement {
 public:
  Statement() = default;
  explicit Statement(sqlite3_stmt* handle) : handle_(handle) {}

  // Bind to the 1-based parameter `index`. Text is copied, so temporaries are
  // fine. The SQL is fixed in our code, so a bad index is a bug (asserted).
  void bind(int index, std::int64_t value);
  void bind(int index, std::string_view value);
  void bind(int index, const std::string& value) { bind(index, std::string_view(value)); }
  void bind(int index, const char* value) { bind(index, std::string_view(value)); }
  void bind(int index, const std::optional<std::string>& value);
  void bind(int index, const std::optional<std::int64_t>& value);
  void bind(int index, const std::optional<double>& value);
  void bind(int index, const Blob& value);

  // Binds `values` to parameters 1, 2, 3, ...
  template <typename... Values>
  void bind_all(const Values&... values) {
    int index = 0;
    (bind(++index, values), ...);
  }

  // Steps once: true when a row is ready to read, false when done.
  Result<bool> next_row();
  // Steps to the end, for statements that return no rows.
  Status run();
  // Makes the statement ready for new bindings; ends any read it holds open.
  void reset();

  std::int64_t column_int64(int column) const;
  std::string column_text(int column) const;  // "" for NULL
  std::optional<std::string> column_optional_text(int column) const;
  std::optional<std::int64_t> column_optional_int64(int column) const;
  std::optional<double> column_optional_double(int column) const;
  std::string column_blob(int column) const;  // "" for NULL

 private:
  struct Finalizer {
    void operator()(sqlite3_stmt* handle) const;
  };
  Status step_error(int result_code) const;

  std::unique_ptr<sqlite3_stmt, Finalizer> handle_;
};

// A cached Statement on loan. Resetting it when the loan ends matters: an
// unreset read statement keeps a WAL read snapshot open, which stops
// checkpoints and lets the -wal file grow.
class CachedStatement {
 public:
  explicit CachedStatement(Statement& statement) : statement_(&statement) {}
  ~CachedStatement();
  CachedStatement(CachedStatement&& other) noexcept : statement_(other.statement_) {
    other.statement_ = nullptr;
  }
  CachedStatement(const CachedStatement&) = delete;
  CachedStatement& operator=(const CachedStatement&) = delete;
  CachedStatement& operator=(CachedStatement&&) = delete;

  Statement* operator->() { return statement_; }
  Statement& operator*() { return *statement_; }

 private:
  Statement* statement_;
};

}  // namespace feedwatch::state
