// The state database's schema as an ordered list of migrations, and the code
// that brings a database up to date. PRAGMA user_version holds the version of
// the last migration applied. Stateless; runs on the caller's connection.
#pragma once

#include <span>
#include <string_view>

#include "daemon/state/sqlite_connection.h"
#include "daemon/state/status.h"

namespace feedwatch::state {

struct Migration {
  int version;  // 1, 2, 3, ...: each step's position in the list
  std::string_view description;
  std::string_view sql;  // DDL only; runs inside the step's transaction
};

// Every migration feedwatch knows, oldest first. Append; never edit a step
// that has shipped (docs/state-schema.md, "Adding a migration").
std::span<const Migration> schema_migrations();

// The version a database has after every migration ran.
int latest_schema_version(std::span<const Migration> migrations = schema_migrations());

Result<int> read_schema_version(Connection& connection);

// Applies, in order, each migration newer than the database, one transaction
// per step, so a crash leaves the database at some whole step. Fails with
// kIncompatibleSchema, naming both versions, when the database is newer than
// the list. Safe against two processes migrating the same file at once.
Status migrate(Connection& connection,
               std::span<const Migration> migrations = schema_migrations());

}  // namespace feedwatch::state
