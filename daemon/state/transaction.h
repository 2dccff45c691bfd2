// Transaction: an RAII transaction on a Connection. It rolls back when
// it goes out of scope without a successful commit(), so an early return on
// any error leaves the database as it was. Used on the connection's thread.
#pragma once

#include "daemon/state/sqlite_connection.h"
#include "daemon/state/status.h"

namespace feedwatch::state {

class Transaction {
 public:
  // BEGIN IMMEDIATE takes the write lock now rather than at the first write,
  // so a second process waits (busy_timeout) instead of failing half way.
  static Result<Transaction> begin(Connection& connection);
  // A read snapshot (plain BEGIN): many reads share one lock acquisition and
  // see one consistent state. Ending it without commit() just releases it.
  static Result<Transaction> begin_read(Connection& connection);

  ~Transaction();
  Transaction(Transaction&& other) noexcept : connection_(other.connection_) {
    other.connection_ = nullptr;
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  Transaction& operator=(Transaction&&) = delete;

  Status commit();

 private:
  explicit Transaction(Connection& connection) : connection_(&connection) {}

  Connection* connection_;  // null once committed or moved from
};

}  // namespace feedwatch::state
