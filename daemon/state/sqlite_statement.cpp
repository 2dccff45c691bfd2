#include "daemon/state/sqlite_statement.h"

#include <sqlite3.h>

#include "daemon/state/sqlite_error.h"

namespace feedwatch::state {

void Statement::Finalizer::operator()(sqlite3_stmt* handle) const { sqlite3_finalize(handle); }

void Statement::bind(int index, std::int64_t value) {
  [[maybe_unused]] int result = sqlite3_bind_int64(handle_.get(), index, value);
  assert(result == SQLITE_OK);
}

void Statement::bind(int index, std::string_view value) {
  [[maybe_unused]] int result = sqlite3_bind_text64(handle_.get(), index, value.data(),
                                                    value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  assert(result == SQLITE_OK);
}

void Statement::bind(int index, const std::optional<std::string>& value) {
  if (value) return bind(index, std::string_view(*value));
  sqlite3_bind_null(handle_.get(), index);
}

void Statement::bind(int index, const Blob& value) {
  if (value.bytes.empty()) {
    sqlite3_bind_null(handle_.get(), index);
    return;
  }
  [[maybe_unused]] int result =
      sqlite3_bind_blob64(handle_.get(), index, value.bytes.data(), value.bytes.size(), SQLITE_TRANSIENT);
  assert(result == SQLITE_OK);
}

void Statement::bind(int index, const std::optional<std::int64_t>& value) {
  if (value) return bind(index, *value);
  sqlite3_bind_null(handle_.get(), index);
}

void Statement::bind(int index, const std::optional<double>& value) {
  if (value) {
    [[maybe_unused]] int result = sqlite3_bind_double(handle_.get(), index, *value);
    assert(result == SQLITE_OK);
    return;
  }
  sqlite3_bind_null(handle_.get(), index);
}

Result<bool> Statement::next_row() {
  int result = sqlite3_step(handle_.get());
  if (result == SQLITE_ROW) return true;
  if (result == SQLITE_DONE) return false;
  return step_error(result);
}

Status Statement::run() {
  for (;;) {
    Result<bool> row = next_row();
    if (!row.ok()) return row.status();
    if (!row.value()) return Status();
  }
}

void Statement::reset() {
  // sqlite3_reset repeats the last step's error, which was already reported.
  sqlite3_reset(handle_.get());
  sqlite3_clear_bindings(handle_.get());
}

Status Statement::step_error(int result_code) const {
  sqlite3* database = sqlite3_db_handle(handle_.get());
  StatusCode code = (result_code & 0xff) == SQLITE_CONSTRAINT ? StatusCode::kConflict
                                                              : StatusCode::kDatabaseError;
  std::string message = std::string(sqlite3_db_filename(database, "main")) + ": " +
                        sqlite_error_text(database) + " (in: " + sqlite3_sql(handle_.get()) + ")";
  return Status(code, std::move(message));
}

std::int64_t Statement::column_int64(int column) const {
  return sqlite3_column_int64(handle_.get(), column);
}

std::string Statement::column_text(int column) const {
  const unsigned char* text = sqlite3_column_text(handle_.get(), column);
  if (text == nullptr) return {};
  int size = sqlite3_column_bytes(handle_.get(), column);
  return std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(size));
}

std::optional<std::string> Statement::column_optional_text(int column) const {
  if (sqlite3_column_type(handle_.get(), column) == SQLITE_NULL) return std::nullopt;
  return column_text(column);
}

std::optional<std::int64_t> Statement::column_optional_int64(int column) const {
  if (sqlite3_column_type(handle_.get(), column) == SQLITE_NULL) return std::nullopt;
  return column_int64(column);
}

std::optional<double> Statement::column_optional_double(int column) const {
  if (sqlite3_column_type(handle_.get(), column) == SQLITE_NULL) return std::nullopt;
  return sqlite3_column_double(handle_.get(), column);
}

std::string Statement::column_blob(int column) const {
  const void* bytes = sqlite3_column_blob(handle_.get(), column);
  if (bytes == nullptr) return {};
  int size = sqlite3_column_bytes(handle_.get(), column);
  return std::string(static_cast<const char*>(bytes), static_cast<std::size_t>(size));
}

CachedStatement::~CachedStatement() {
  if (statement_ != nullptr) statement_->reset();
}

}  // namespace feedwatch::state
