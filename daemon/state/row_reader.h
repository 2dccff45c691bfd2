// Reading every row of a prepared statement into a vector, for the store's
// queries: one loop, so each query states only how a row becomes a value.
#pragma once

#include <vector>

#include "daemon/state/sqlite_statement.h"
#include "daemon/state/status.h"

namespace feedwatch::state {

// Runs `statement` to its end; `append(row, values)` adds what a row holds
// (it may fold several rows into one value, as alerts with their deliveries).
template <typename Value, typename Append>
Result<std::vector<Value>> read_rows(Result<CachedStatement>& statement, Append append) {
  if (!statement.ok()) return statement.status();
  std::vector<Value> values;
  for (;;) {
    Result<bool> row = statement.value()->next_row();
    if (!row.ok()) return row.status();
    if (!row.value()) return values;
    append(*statement.value(), values);
  }
}

// The same where each row is one value: `read(row)` returns it.
template <typename Value, typename Read>
Result<std::vector<Value>> map_rows(Result<CachedStatement>& statement, Read read) {
  return read_rows<Value>(statement, [&read](Statement& row, std::vector<Value>& values) {
    values.push_back(read(row));
  });
}

}  // namespace feedwatch::state
