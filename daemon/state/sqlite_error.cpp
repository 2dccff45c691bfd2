#include "daemon/state/sqlite_error.h"

#include <sqlite3.h>

#include <cstring>

namespace feedwatch::state {
namespace {

// The result codes whose cause is the system's: only then is errno news.
bool from_the_system(int primary_code) {
  return primary_code == SQLITE_IOERR || primary_code == SQLITE_FULL || primary_code == SQLITE_CANTOPEN ||
         primary_code == SQLITE_READONLY;
}

}  // namespace

std::string sqlite_error_text(sqlite3* database) {
  std::string text = sqlite3_errmsg(database);
  int system_error = sqlite3_system_errno(database);
  if (from_the_system(sqlite3_errcode(database) & 0xff) && system_error != 0) {
    text += " (system: " + std::string(std::strerror(system_error)) + ")";
  }
  return text;
}

}  // namespace feedwatch::state
