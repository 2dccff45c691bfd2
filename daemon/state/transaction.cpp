#include "daemon/state/transaction.h"

namespace feedwatch::state {

namespace {

Status run_cached(Connection& connection, std::string_view sql) {
  Result<CachedStatement> statement = connection.prepare(sql);
  if (!statement.ok()) return statement.status();
  return statement.value()->run();
}

}  // namespace

Result<Transaction> Transaction::begin(Connection& connection) {
  Status begun = run_cached(connection, "BEGIN IMMEDIATE");
  if (!begun.ok()) return begun;
  return Transaction(connection);
}

Result<Transaction> Transaction::begin_read(Connection& connection) {
  Status begun = run_cached(connection, "BEGIN");
  if (!begun.ok()) return begun;
  return Transaction(connection);
}

Status Transaction::commit() {
  Status committed = run_cached(*connection_, "COMMIT");
  // On failure the transaction may still be open; the destructor rolls it back.
  if (committed.ok()) connection_ = nullptr;
  return committed;
}

Transaction::~Transaction() {
  // SQLite may already have rolled back by itself (after some I/O errors).
  if (connection_ == nullptr || !connection_->in_transaction()) return;
  [[maybe_unused]] Status ignored = run_cached(*connection_, "ROLLBACK");
}

}  // namespace feedwatch::state
