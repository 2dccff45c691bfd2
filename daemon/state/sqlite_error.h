// The words of an SQLite failure as feedwatch reports it: SQLite's message
// and, when the failure came from the operating system (a full disk, a
// read-only file system, an I/O error), the system's reason too, e.g.
// "disk I/O error (system: Read-only file system)". Internal to state/.
#pragma once

#include <string>

struct sqlite3;

namespace feedwatch::state {

// REQUIRES: `database` is the handle whose last call failed.
std::string sqlite_error_text(sqlite3* database);

}  // namespace feedwatch::state
